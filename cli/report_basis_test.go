package cli_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"shipmode/logistics"
	"shipmode/store"
)

// `shipmode report` warns on stderr, before it writes, when the orders were priced
// by a superseded rate book or orders of the period are not planned, and exits 0:
// rate book version 1, a plan, version 2 without planning again, one order
// cancelled and one imported after the plan. After a new plan it says nothing.
func TestReportWarnsOfItsBasis(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	mustRun(t, "--db", db, "import", "ratebook", filepath.Join("testdata", "examples", "ratebook.xlsx"))
	const header = "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days\n"
	line := ",ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,\n"
	first := filepath.Join(dir, "first.csv")
	write(t, first, header+"A"+line+"B"+line+"C"+line)
	mustRun(t, "--db", db, "import", "orders", first)
	mustRun(t, "--db", db, "plan")

	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	rb, _, err := s.RateBook(ctx)
	if err == nil {
		rb.Settings.OriginHandlingDays++
		_, err = s.SaveRateBook(ctx, rb, "v2.xlsx")
	}
	var b store.Order
	if err == nil {
		b, err = s.FindOrder(ctx, "ebay", "B")
	}
	if err == nil {
		err = s.SetStatus(ctx, b.ID, logistics.Cancelled)
	}
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	late := filepath.Join(dir, "late.csv")
	write(t, late, header+"D"+line)
	mustRun(t, "--db", db, "import", "orders", late)

	book := filepath.Join(dir, "may.xlsx")
	r := shipmode(t, "--db", db, "report", book, "--from", "2026-05-01", "--to", "2026-05-31")
	if r.code != 0 {
		t.Fatalf("report: exit %d\n%s", r.code, r.stderr)
	}
	want := "shipmode: warning: 2 orders priced by a superseded rate book (version 1; current version 2); 1 order of the period is not planned and left out: run 'shipmode plan' to re-price and include the open ones (shipped orders keep their planned cost)\n"
	if r.stderr != want {
		t.Errorf("stderr:\ngot  %q\nwant %q", r.stderr, want)
	}
	if !strings.Contains(r.stdout, "2 orders") {
		t.Errorf("stdout: got %q, want it to say 2 orders were written", r.stdout)
	}

	mustRun(t, "--db", db, "plan")
	r = shipmode(t, "--db", db, "report", book, "--from", "2026-05-01", "--to", "2026-05-31")
	if r.code != 0 || r.stderr != "" || !strings.Contains(r.stdout, "3 orders") {
		t.Errorf("after a new plan: exit %d, stderr %q, stdout %q; want 3 orders and no warning", r.code, r.stderr, r.stdout)
	}
}
