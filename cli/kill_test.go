//go:build unix

package cli_test

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	_ "modernc.org/sqlite"
)

// Killing the importer mid-file loses nothing and half-imports nothing: the database
// opens, passes integrity_check and holds exactly the orders it held before — after
// an import into stored orders (the WAL) and after a first import (a rollback
// journal, see store's writeBulk).
func TestImportKilledMidFile(t *testing.T) {
	for _, first := range []bool{false, true} {
		t.Run(fmt.Sprintf("first=%v", first), func(t *testing.T) { importKilledMidFile(t, first) })
	}
}

func importKilledMidFile(t *testing.T, first bool) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	mustRun(t, "--db", db, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	want := 0
	if !first {
		mustRun(t, "--db", db, "import", "orders", "testdata/examples/plan-orders.csv", "--format", "generic")
		want = 9
	}
	before := countOrders(t, db)
	if before != want {
		t.Fatalf("got %d orders before, want %d", before, want)
	}

	fifo := filepath.Join(dir, "orders.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "--db", db, "import", "orders", fifo, "--format", "generic")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	pipe, err := os.OpenFile(fifo, os.O_WRONLY, 0) // returns once the importer opened it
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(pipe, 1<<16)
	fmt.Fprintln(w, "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days")
	// 100,000 lines (~6 MB): when the writes return, the importer has read all but
	// the pipe's buffer of them, inside its one transaction, and waits for more.
	for i := range 100_000 {
		fmt.Fprintf(w, "K-%06d,amazon,2026-05-%02d,FR,75011,MUG-350,1,12.50,EUR,\n", i, 1+i%28)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	pipe.Close()

	if first {
		if _, err := os.Stat(db + "-journal"); err != nil {
			t.Errorf("no rollback journal after a first import was killed: %v", err)
		}
	}
	if after := countOrders(t, db); after != before {
		t.Errorf("got %d orders after the kill, want %d", after, before)
	}
	// and the database still works: the same import, completed, adds the orders
	mustRun(t, "--db", db, "import", "orders", "testdata/examples/plan-orders.csv", "--format", "generic")
	if n := countOrders(t, db); n != 9 {
		t.Errorf("got %d orders after importing again, want 9", n)
	}
}

func countOrders(t *testing.T, path string) int {
	t.Helper()
	conn, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var check string
	if err := conn.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	var n int
	if err := conn.QueryRow("SELECT count(*) FROM orders").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
