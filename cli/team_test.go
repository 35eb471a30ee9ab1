//go:build unix

package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"shipmode/logistics"
	"shipmode/store"
	"shipmode/store/storetest"

	"github.com/xuri/excelize/v2"
)

// Team mode (SPEC §10): several desktops — here, real processes — on one
// PostgreSQL database. These tests need the server scripts/test.sh starts
// (SHIPMODE_TEST_PG); CI always has it.

// teamDB is a new, empty database on the test server.
func teamDB(t *testing.T) string {
	t.Helper()
	if storetest.Server() == "" {
		t.Skipf("%s is not set: scripts/test.sh starts a PostgreSQL server for these tests", storetest.Env)
	}
	return storetest.NewSchema(t)
}

// ordersCSV writes n generic order lines with references prefix-0 … prefix-(n-1).
func ordersCSV(t *testing.T, path, prefix string, n int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days\n")
	for i := range n {
		fmt.Fprintf(&b, "%s-%d,shopify,2026-03-%02d,FR,75001,LAMP-%d,1,19.90,EUR,10\n", prefix, i, 1+i%28, i%7)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func countRows(t *testing.T, url, table string) int {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTeamTwoImportsAtOnce: two desktops importing at the same time both land.
func TestTeamTwoImportsAtOnce(t *testing.T) {
	url := teamDB(t)
	dir := t.TempDir()
	mustRun(t, "--db", url, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	ordersCSV(t, a, "A", 20000)
	ordersCSV(t, b, "B", 20000)
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for _, f := range []string{a, b} {
		cmd := exec.Command(binary, "--db", url, "import", "orders", f, "--format", "generic")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, &out)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("import %d: %v\n%s", i, err, outs[i])
		}
	}
	if n := countRows(t, url, "orders"); n != 40000 {
		t.Errorf("orders after two imports at once: %d, want 40000", n)
	}
	log := mustRun(t, "--db", url, "log")
	if strings.Count(log, "import orders") != 2 {
		t.Errorf("audit log has not both imports:\n%s", log)
	}
}

// TestTeamPlanLock: while one desktop plans, another's plan exits naming it, and
// a plan --wait waits for it and then plans.
func TestTeamPlanLock(t *testing.T) {
	url := teamDB(t)
	mustRun(t, "--db", url, "demo", "--orders", "500", "--invoices", filepath.Join(t.TempDir(), "demo-invoices.csv"))
	ctx := context.Background()
	desk1, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer desk1.Close()
	release, err := desk1.LockPlan(ctx, "ana@desk-1", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := shipmode(t, "--db", url, "plan")
	if r.code != 1 || !strings.Contains(r.stderr, "being planned by ana@desk-1 since") {
		t.Errorf("plan while another plans: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	wait := exec.Command(binary, "--db", url, "plan", "--wait")
	var out, errb syncBuffer
	wait.Stdout, wait.Stderr = &out, &errb
	if err := wait.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(errb.String(), "waiting for it to finish") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(errb.String(), "being planned by ana@desk-1") {
		t.Errorf("plan --wait did not say whom it waits for: %q", errb.String())
	}
	release()
	if err := wait.Wait(); err != nil || !strings.Contains(out.String(), "planned") {
		t.Errorf("plan --wait after the lock was released: %v\n%s%s", err, out.String(), errb.String())
	}
	// The lock is free again: a plan runs at once.
	mustRun(t, "--db", url, "plan")
}

// TestTeamStaleOverride: an override chosen on one desktop after another desktop
// changed the same order is refused with a clear message, and changes nothing.
func TestTeamStaleOverride(t *testing.T) {
	url := teamDB(t)
	mustRun(t, "--db", url, "demo", "--orders", "300", "--invoices", filepath.Join(t.TempDir(), "demo-invoices.csv"))
	ctx := context.Background()
	desk1, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer desk1.Close()
	ids, err := desk1.OrderIDs(ctx, store.OrderFilter{Status: logistics.Open})
	if err != nil || len(ids) == 0 {
		t.Fatalf("open orders: %v %v", len(ids), err)
	}
	seen, err := desk1.Order(ctx, ids[0]) // desk 1 opens the order
	if err != nil {
		t.Fatal(err)
	}
	// desk 2 (another process) overrides it meanwhile
	mustRun(t, "--db", url, "override", seen.Ref, "direct", "--reason", "customer called desk 2")
	_, err = desk1.SetOverride(ctx, seen.Marketplace, seen.Ref, logistics.ModeWarehouse, "", "desk 1's idea", seen.Version)
	var se *store.StaleError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "changed by someone else") {
		t.Fatalf("desk 1's override: got %v, want a StaleError", err)
	}
	now, _ := desk1.Order(ctx, ids[0])
	if now.Override.Mode != logistics.ModeDirect || now.Override.Reason != "customer called desk 2" {
		t.Errorf("desk 2's override was overwritten: %+v", now.Override)
	}
}

// TestTeamSameResults: the same demo planned on a SQLite file and on PostgreSQL
// gives byte-identical decisions, scenarios and quotes.
func TestTeamSameResults(t *testing.T) {
	url := teamDB(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "shop.db")
	invoices := filepath.Join(dir, "demo-invoices.csv")
	for _, db := range []string{file, url} {
		mustRun(t, "--db", db, "demo", "--orders", "3000", "--invoices", invoices)
	}
	outputs := func(db, tag string) map[string][]byte {
		got := map[string][]byte{}
		plan := filepath.Join(dir, tag+"-plan.json")
		mustRun(t, "--db", db, "plan", "--json", plan)
		scen := filepath.Join(dir, tag+"-scenario.json")
		mustRun(t, "--db", db, "scenario", "--warehouse", "WH-GB-BHX", "--sku", "RUN-SHOES,CHOPSTICKS", "--json", scen)
		got["quote"] = []byte(mustRun(t, "--db", db, "quote", "--json", "testdata/examples/quote-01.json"))
		got["import invoices"] = []byte(mustRun(t, "--db", db, "import", "invoices", invoices, "--format", "generic"))
		// (the summary names the unmatched lines' file: the same name in two folders)
		if err := os.Mkdir(filepath.Join(dir, tag), 0o755); err != nil {
			t.Fatal(err)
		}
		rec := filepath.Join(dir, tag, "reconcile.json")
		got["reconcile"] = []byte(strings.ReplaceAll(mustRun(t, "--db", db, "reconcile", "--json", rec), filepath.Join(dir, tag), "DIR"))
		book := filepath.Join(dir, tag+"-spend.xlsx")
		mustRun(t, "--db", db, "report", book)
		got["workbook"] = []byte(workbookFigures(t, book))
		for k, p := range map[string]string{"plan": plan, "scenario": scen, "reconcile.json": rec} {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			got[k] = b
		}
		return got
	}
	a, b := outputs(file, "sqlite"), outputs(url, "pg")
	for k := range a {
		if !bytes.Equal(a[k], b[k]) || len(a[k]) < 50 {
			t.Errorf("%s: SQLite and PostgreSQL differ (%d and %d bytes)", k, len(a[k]), len(b[k]))
			if k == "workbook" || k == "reconcile" || k == "import invoices" {
				al, bl := strings.Split(string(a[k]), "\n"), strings.Split(string(b[k]), "\n")
				for i := range min(len(al), len(bl)) {
					if al[i] != bl[i] {
						t.Errorf("first difference, line %d:\nSQLite:     %s\nPostgreSQL: %s", i+1, al[i], bl[i])
						break
					}
				}
			}
		}
	}
}

// workbookFigures is every cell of the workbook at path — value and formula, sheet
// by sheet — with the times (of the report, of a rate book's import), which differ
// between any two databases, as "TIME".
var stampedTime = regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC`)

func workbookFigures(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				v = stampedTime.ReplaceAllString(v, "TIME")
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, _ := f.GetCellFormula(sheet, cell)
				if v != "" || formula != "" {
					fmt.Fprintf(&out, "%s!%s %q %s\n", sheet, cell, v, formula)
				}
			}
		}
	}
	return out.String()
}

// syncBuffer is a bytes.Buffer a process writes while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestTeamConnectionLostMidImport: the server ends an import's connection half
// way through the file: the import fails saying so, and nothing of it is stored.
func TestTeamConnectionLostMidImport(t *testing.T) {
	url := teamDB(t)
	mustRun(t, "--db", url, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	dir := t.TempDir()
	fifo := filepath.Join(dir, "orders.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	app := "shipmode-lost-" + filepath.Base(dir)
	cmd := exec.Command(binary, "--db", url+"&application_name="+app, "import", "orders", fifo, "--format", "generic")
	var errb syncBuffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	pipe, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(pipe, 1<<16)
	fmt.Fprintln(w, "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days")
	for i := range 100_000 {
		fmt.Fprintf(w, "L-%d,shopify,2026-03-%02d,FR,75001,LAMP-%d,1,19.90,EUR,10\n", i, 1+i%28, i%7)
	}
	w.Flush()
	// the importer is inside its transaction, waiting for more lines: end its session
	admin, err := sql.Open("pgx", storetest.Server())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var ended int
	deadline := time.Now().Add(20 * time.Second)
	for ended == 0 && time.Now().Before(deadline) {
		admin.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND state LIKE 'idle in transaction%'`, app).Scan(&ended)
		time.Sleep(50 * time.Millisecond)
	}
	if ended == 0 {
		t.Fatal("no import session to end")
	}
	fmt.Fprintln(w, "L-last,shopify,2026-03-01,FR,75001,LAMP-1,1,19.90,EUR,10")
	w.Flush()
	pipe.Close()
	err = cmd.Wait()
	if err == nil || !strings.Contains(errb.String(), "connection to the database server was lost: nothing of this command was stored") {
		t.Errorf("import whose connection was ended: %v\n%s", err, errb.String())
	}
	if n := countRows(t, url, "orders"); n != 0 {
		t.Errorf("%d orders stored by the interrupted import, want 0", n)
	}
}
