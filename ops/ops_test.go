package ops_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shipmode/crash"
	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/reports"
	"shipmode/store"
	"shipmode/store/storetest"
)

func open(t *testing.T) *ops.Service {
	t.Helper()
	svc, err := ops.Open(context.Background(), storetest.Target(t), "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

func exampleRateBook(t *testing.T, svc *ops.Service) ops.RateBookResult {
	t.Helper()
	res, err := svc.ImportRateBook(context.Background(), filepath.Join("..", "cli", "testdata", "examples", "ratebook.xlsx"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

const header = "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days\n"

// TestRejectedRowsBeforeCommit: when the rejected rows cannot be written, the
// import stores nothing (hardening: "785 orders changed and 1,000 rejected rows
// reported nowhere").
func TestRejectedRowsBeforeCommit(t *testing.T) {
	svc := open(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "orders.csv")
	writeFile(t, path, header+"ORD-1,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,\nORD-2,ebay,2026-05-12,FR,31000,PLANTER-SET,x,59.00,EUR,\n")
	// a folder where the rejected rows would go: they cannot be written there
	if err := os.Mkdir(path+".rejected.csv", 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := svc.ImportOrders(context.Background(), path, ingest.OrderOptions{}, nil)
	if err == nil {
		t.Fatal("import succeeded without its rejected-rows file")
	}
	if n, err := svc.DB().CountOrders(context.Background(), store.OrderFilter{}); err != nil || n != 0 {
		t.Fatalf("got %d orders stored (%v), want 0", n, err)
	}
	// with the way clear, the same import stores ORD-1 and writes the file
	if err := os.Remove(path + ".rejected.csv"); err != nil {
		t.Fatal(err)
	}
	res, err := svc.ImportOrders(context.Background(), path, ingest.OrderOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stored.Inserted != 1 || len(res.Read.Rejected) != 1 || res.RejectedFile != path+".rejected.csv" {
		t.Errorf("got %+v, want 1 inserted and 1 rejected row in %s.rejected.csv", res.Stored, path)
	}
	if _, err := os.Stat(res.RejectedFile); err != nil {
		t.Error(err)
	}

	// The file mended — ORD-2's quantity read, ORD-1 marked cancelled: the rows
	// the file says not to ship are left out, not rejected, ORD-1 is cancelled, and
	// the earlier rejected-rows file, which no longer says anything true, is gone.
	writeFile(t, path, strings.TrimSuffix(header, "\n")+",status\n"+
		"ORD-1,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,,cancelled\nORD-2,ebay,2026-05-12,FR,31000,PLANTER-SET,2,59.00,EUR,,open\n")
	res, err = svc.ImportOrders(context.Background(), path, ingest.OrderOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rd := &res.Read; len(rd.Rejected) != 0 || len(rd.LeftOut) != 1 || rd.RowsImported != 1 || res.Stored.Inserted != 1 || res.Stored.Cancelled != 1 || res.RejectedFile != "" {
		t.Errorf("got %d rejected, %d left out, %d imported, %+v, rejected file %q; want 0, 1, 1, ORD-2 new, ORD-1 cancelled, none",
			len(rd.Rejected), len(rd.LeftOut), rd.RowsImported, res.Stored, res.RejectedFile)
	}
	if _, err := os.Stat(path + ".rejected.csv"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the earlier rejected-rows file is still there (%v)", err)
	}
}

// TestEditRateBook: an edit is checked like an imported workbook and stored as a
// new version; a bad cell stores nothing and names the cell; an edit made on an
// older version is refused.
func TestEditRateBook(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	first := exampleRateBook(t, svc)
	view, err := svc.RateBookView(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if view.Version.ID != first.Version.ID || len(view.Sheets) != len(logistics.RateBookSheets()) {
		t.Fatalf("got version %d and %d sheets", view.Version.ID, len(view.Sheets))
	}
	edit := ops.RateBookEdit{Base: first.Version.ID, Cells: []reports.CellEdit{{Key: logistics.KeyOriginHandlingDays, Value: "3"}}}
	res, err := svc.EditRateBook(ctx, edit, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.RateBook.Settings.OriginHandlingDays != 3 || res.Version.ID == first.Version.ID {
		t.Errorf("got handling %d in version %d, want 3 in a new version", res.RateBook.Settings.OriginHandlingDays, res.Version.ID)
	}
	if _, err := svc.EditRateBook(ctx, edit, nil); !errors.Is(err, ops.ErrStaleRateBook) {
		t.Errorf("an edit on version %d after %d: got %v, want ErrStaleRateBook", first.Version.ID, res.Version.ID, err)
	}
	bad := ops.RateBookEdit{Base: res.Version.ID, Cells: []reports.CellEdit{{Key: logistics.KeyBaseCurrency, Value: "XYZ"}}}
	var rbe *ingest.RateBookError
	if _, err := svc.EditRateBook(ctx, bad, nil); !errors.As(err, &rbe) {
		t.Errorf("a bad currency: got %v, want a rate-book error naming the cell", err)
	}
	if vs, _ := svc.DB().RateBookVersions(ctx); len(vs) != 2 {
		t.Errorf("got %d versions, want 2", len(vs))
	}
}

// TestPlanCancelledStoresNothing: a plan whose context is cancelled stores no
// decision.
func TestPlanCancelledStoresNothing(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 2000, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	before, err := svc.DB().CountOrders(ctx, store.OrderFilter{Planned: true})
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := svc.Plan(cctx, ops.PlanRequest{}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	after, err := svc.DB().CountOrders(ctx, store.OrderFilter{Planned: true})
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("got %d planned orders after a cancelled plan, want %d", after, before)
	}
}

// TestNoRateBook: the operations that need a rate book say so.
func TestNoRateBook(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	if _, err := svc.Plan(ctx, ops.PlanRequest{}, nil); !errors.Is(err, ops.ErrNoRateBook) {
		t.Errorf("plan: got %v, want ErrNoRateBook", err)
	}
	if _, err := svc.Quote(ctx, logistics.Order{}, nil); !errors.Is(err, ops.ErrNoRateBook) {
		t.Errorf("quote: got %v, want ErrNoRateBook", err)
	}
	if _, err := svc.RateBookView(ctx); !errors.Is(err, ops.ErrNoRateBook) {
		t.Errorf("rate book: got %v, want ErrNoRateBook", err)
	}
}

// TestSplitOrderImportedWhole: an order whose rows are apart in the file (A, B,
// A) is imported with all its lines, also over an order already stored
// (hardening: a re-import removed lines from 430 existing orders).
func TestSplitOrderImportedWhole(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.csv")
	writeFile(t, whole, header+"A,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,\nA,ebay,2026-05-12,FR,31000,TEAPOT-CI,2,52.00,EUR,\n")
	if _, err := svc.ImportOrders(ctx, whole, ingest.OrderOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	split := filepath.Join(dir, "split.csv")
	writeFile(t, split, header+"A,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,\nB,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,\nA,ebay,2026-05-12,FR,31000,TEAPOT-CI,2,52.00,EUR,\n")
	res, err := svc.ImportOrders(ctx, split, ingest.OrderOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Read.SplitOrders != 1 || res.Stored.Inserted != 1 || res.Stored.Unchanged != 1 {
		t.Errorf("got %d split, %+v; want 1 split order, B new and A unchanged", res.Read.SplitOrders, res.Stored)
	}
	a, err := svc.DB().FindOrder(ctx, "ebay", "A")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Lines) != 2 {
		t.Errorf("got A with %d lines, want 2", len(a.Lines))
	}
}

// TestLateSplitOrderImportedWhole: past the orders the reader looks up as they
// start, an order whose rows are apart is found once the file is read; the first
// import of the file (the bulk path) rolls back what it streamed and imports the
// order whole, every other order once.
func TestLateSplitOrderImportedWhole(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	var b strings.Builder
	b.WriteString(header)
	const n = 70000
	for i := range n {
		fmt.Fprintf(&b, "R%d,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,\n", i)
		if i == n-10 {
			b.WriteString("R3,ebay,2026-05-12,FR,31000,TEAPOT-CI,2,52.00,EUR,\n")
		}
	}
	path := filepath.Join(t.TempDir(), "late.csv")
	writeFile(t, path, b.String())
	res, err := svc.ImportOrders(ctx, path, ingest.OrderOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Read.SplitOrders != 1 || res.Stored.Inserted != n || res.Stored.Updated+res.Stored.Unchanged != 0 {
		t.Errorf("got %d split, %+v; want 1 split order and %d new", res.Read.SplitOrders, res.Stored, n)
	}
	o, err := svc.DB().FindOrder(ctx, "ebay", "R3")
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Lines) != 2 {
		t.Errorf("got R3 with %d lines, want 2", len(o.Lines))
	}
}

// TestReaderPanicReachesTheCaller: a fault on the goroutine that reads the file (here
// the progress callback, which it calls) is raised again on the goroutine that
// called ImportOrders, with the reader's stack, and nothing is stored.
func TestReaderPanicReachesTheCaller(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "orders.csv")
	writeFile(t, path, header+"A,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,\n")
	func() {
		defer func() {
			p, ok := recover().(*crash.Panic)
			if !ok || p.Value != "progress fault" || !strings.Contains(string(p.Stack), "countingReader") {
				t.Errorf("got %#v, want the reader's *crash.Panic", p)
			}
		}()
		svc.ImportOrders(ctx, path, ingest.OrderOptions{}, func(done, total int64) { panic("progress fault") })
		t.Error("ImportOrders returned")
	}()
	if _, err := svc.DB().FindOrder(ctx, "ebay", "A"); err == nil {
		t.Error("the order was stored")
	}
}

// TestDemoOpensPlanned: the demo opens in the state a Plan keeps — planning its
// open orders again changes no decision (issue: the first Plan on the untouched demo
// moved 5,515 → 5,644 warehouse orders), and its shipped orders keep theirs.
func TestDemoOpensPlanned(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 20000, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	in, err := svc.DB().PlanInput(ctx, logistics.NoDate, logistics.NoDate)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Orders) < 100 || len(in.Shipped) < 100 {
		t.Fatalf("the demo has %d open and %d shipped orders, want both", len(in.Orders), len(in.Shipped))
	}
	res, err := svc.Plan(ctx, ops.PlanRequest{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	after, err := svc.DB().PlanInput(ctx, logistics.NoDate, logistics.NoDate)
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	for i := range in.Current {
		if in.Current[i] != after.Current[i] {
			moved++
		}
	}
	for i := range in.Shipped {
		if in.Shipped[i].Assignment != after.Shipped[i].Assignment {
			moved++
		}
	}
	if moved != 0 || res.Orders != len(in.Orders) {
		t.Errorf("a Plan of the demo's %d open orders moved %d decisions, want none", res.Orders, moved)
	}
}

// TestOverrideRefusedWhenInfeasible: an override that would leave the order
// unassignable (a warehouse without its stock) is refused with the reason and
// stores nothing; a feasible one is kept; removing one needs no reason.
func TestOverrideRefusedWhenInfeasible(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 3000, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	// an open direct-mail order whose warehouse option lacks stock
	rows, err := svc.DB().ListOrders(ctx, store.OrderFilter{Country: "US", Mode: logistics.ModeDirect, Status: logistics.Open}, 0, 1)
	if err != nil || len(rows) == 0 {
		t.Fatalf("no open direct-mail order to the US in the demo: %v", err)
	}
	ref := rows[0].Ref
	_, err = svc.Override(ctx, ops.OverrideRequest{Ref: ref, Mode: logistics.ModeLocal, Reason: "asked"}, nil)
	var oe *ops.OverrideError
	var ie *ops.InputError
	if !errors.As(err, &oe) || !errors.As(err, &ie) || !strings.Contains(err.Error(), "no option of the overridden mode") {
		t.Fatalf("local: got %v, want an *OverrideError (an input error) saying no local option", err)
	}
	if o, _ := svc.DB().FindOrder(ctx, "", ref); o.Override.Mode != 0 {
		t.Errorf("a refused override was stored: %+v", o.Override)
	}
	if _, err := svc.Override(ctx, ops.OverrideRequest{Ref: ref, Mode: logistics.ModeDirect, Reason: "asked"}, nil); err != nil {
		t.Fatalf("direct: %v", err)
	}
	if _, err := svc.Override(ctx, ops.OverrideRequest{Ref: ref}, nil); err != nil {
		t.Fatalf("removal without a reason: %v", err)
	}
}

// TestOverrideMakesThePlanOutOfDate: an override takes effect at the next plan, so
// until then the plan is out of date (the dashboard's banner); the plan applies it
// and is current again.
func TestOverrideMakesThePlanOutOfDate(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 3000, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	if st, err := svc.PlanState(ctx); err != nil || !st.Planned || st.OrdersChanged || st.RateBookChanged {
		t.Fatalf("the demo: got %+v, %v; want planned and current", st, err)
	}
	rows, err := svc.DB().ListOrders(ctx, store.OrderFilter{Country: "US", Mode: logistics.ModeDirect, Status: logistics.Open}, 0, 1)
	if err != nil || len(rows) == 0 {
		t.Fatalf("no open direct-mail order to the US in the demo: %v", err)
	}
	o, err := svc.DB().FindOrder(ctx, "", rows[0].Ref)
	if err != nil {
		t.Fatal(err)
	}
	d, err := svc.DB().Decision(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	// another direct option than the plan's choice
	chosen, _ := d.ChosenOption()
	var other string
	for _, op := range d.Options {
		if op.Mode == logistics.ModeDirect && op.Feasible && op.ID != chosen.ID {
			other = op.ID
			break
		}
	}
	if other == "" {
		t.Fatalf("order %s has no second feasible direct option: %+v", o.Ref, d.Options)
	}
	if _, err := svc.Override(ctx, ops.OverrideRequest{Ref: o.Ref, Mode: logistics.ModeDirect, Option: other, Reason: "customer asked"}, nil); err != nil {
		t.Fatal(err)
	}
	if st, err := svc.PlanState(ctx); err != nil || !st.OrdersChanged {
		t.Fatalf("after an override: got %+v, %v; want OrdersChanged", st, err)
	}
	if _, err := svc.Plan(ctx, ops.PlanRequest{}, nil); err != nil {
		t.Fatal(err)
	}
	if st, err := svc.PlanState(ctx); err != nil || st.OrdersChanged {
		t.Fatalf("after the plan: got %+v, %v; want current", st, err)
	}
	d, err = svc.DB().Decision(ctx, o.ID)
	if got, _ := d.ChosenOption(); err != nil || got.ID != other {
		t.Errorf("after the plan: chosen %q, %v; want the override's %q", got.ID, err, other)
	}
}

// TestOpenRefusesURLsAndMissingFolders: an address is never taken for a file path
// (a server's made a folder "postgres:"), nor is a path whose folder does not
// exist created; the default database's folder is.
func TestOpenRefusesURLsAndMissingFolders(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Chdir(dir)
	for _, path := range []string{"file:///tmp/x.db", "file://u:secret@h/x.db"} {
		_, err := ops.Open(ctx, path, "test")
		var ie *ops.InputError
		if !errors.As(err, &ie) || !errors.Is(err, ops.ErrDatabaseURL) || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: got %v, want ErrDatabaseURL without the password", path, err)
		}
	}
	// A server's URL is a server's: one that nobody listens on is unreachable, and
	// said so without its password.
	for _, url := range []string{"postgres://u:secret@127.0.0.1:1/shop?sslmode=disable&connect_timeout=2", "postgresql://u:secret@127.0.0.1:1/db?connect_timeout=2"} {
		_, err := ops.Open(ctx, url, "test")
		var se *ops.ServerError
		if !errors.As(err, &se) || !errors.Is(err, store.ErrUnreachable) || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: got %v, want ErrUnreachable without the password", url, err)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left %v in the working folder", left)
	}
	missing := filepath.Join(dir, "none", "shop.db")
	if _, err := ops.Open(ctx, missing, "test"); !errors.Is(err, ops.ErrNoFolder) {
		t.Errorf("missing folder: got %v, want ErrNoFolder", err)
	}
	if _, err := os.Stat(filepath.Dir(missing)); err == nil {
		t.Error("Open created the missing folder")
	}
	svc, err := ops.OpenDefault(ctx, missing, "test")
	if err != nil {
		t.Fatalf("OpenDefault: %v", err)
	}
	svc.Close()
}

// TestRejectedKeepsSemicolons: the rejected rows of a ";"-separated file (European
// Excel) are written with ";" too, decimal commas as they were.
func TestRejectedKeepsSemicolons(t *testing.T) {
	svc := open(t)
	exampleRateBook(t, svc)
	path := filepath.Join(t.TempDir(), "orders.csv")
	writeFile(t, path, strings.ReplaceAll(header, ",", ";")+
		"A;ebay;12.05.2026;FR;31000;PLANTER-SET;1;59,00;EUR;\nB;ebay;12.05.2026;FR;31000;PLANTER-SET;lots;59,00;EUR;\n")
	res, err := svc.ImportOrders(context.Background(), path, ingest.OrderOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(res.RejectedFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "B;ebay;12.05.2026;FR;31000;PLANTER-SET;lots;59,00;EUR;;3;") {
		t.Errorf("rejected file:\n%s\nwant the header and B's row separated by ';'", b)
	}
}
