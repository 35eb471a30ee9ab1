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
	"time"

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

// TestKilledWritesLeaveNoLitter: a report or a plan --json killed while it writes
// leaves its temporary files (next to the output and in the scratch folder); the
// next command that opens the database removes them, and an existing file of that
// name is untouched by the kill (it once left a 1.9 GB JSON at 0 bytes).
func TestKilledWritesLeaveNoLitter(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	tmp := filepath.Join(dir, "tmp") // the commands' temporary folder
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "LANG=en_US.UTF-8", "TMPDIR="+tmp)
	run := func(args ...string) {
		t.Helper()
		if r := runEnv(t, env, args...); r.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	run("--db", db, "demo", "--orders", "40000")
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	// Each command that writes a file is killed once its temporary file exists:
	// the file it replaces is untouched, and nothing is left behind.
	for _, c := range []struct{ name, cmd string }{{"spend.xlsx", "report"}, {"plan.json", "plan"}} {
		file := filepath.Join(out, c.name)
		if err := os.WriteFile(file, []byte("the old file"), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"--db", db, c.cmd, file}
		if c.cmd == "plan" {
			args = []string{"--db", db, "plan", "--json", file}
		}
		cmd := exec.Command(binary, args...)
		cmd.Env = env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for i := 0; ; i++ {
			if m, _ := filepath.Glob(filepath.Join(out, "."+c.name+".*")); len(m) > 0 {
				break
			}
			if i == 4000 {
				cmd.Process.Kill()
				t.Fatalf("%s: no temporary file appeared", c.cmd)
			}
			time.Sleep(5 * time.Millisecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		if b, err := os.ReadFile(file); err != nil || string(b) != "the old file" {
			t.Errorf("%s: the existing file changed: %q, %v", c.cmd, b, err)
		}
		run("--db", db, "backup", filepath.Join(dir, "copy.db")) // any command that opens the database
		left, _ := filepath.Glob(filepath.Join(out, ".*"))
		scratch, _ := filepath.Glob(filepath.Join(tmp, fmt.Sprintf("shipmode-%d", cmd.Process.Pid)))
		if len(left) > 0 || len(scratch) > 0 {
			t.Errorf("%s: left behind: %v %v", c.cmd, left, scratch)
		}
	}
}

// TestPlanInterruptIsPrompt: Ctrl-C (SIGINT) during a plan stops it within a
// second and leaves the database as it was (no plan run recorded, the decisions
// those of the plan before).
func TestPlanInterruptIsPrompt(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustRun(t, "--db", db, "demo", "--orders", "150000")
	runs := func() (n int, sum int64) {
		conn, err := sql.Open("sqlite", db)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if err := conn.QueryRow(`SELECT (SELECT count(*) FROM plan_runs), (SELECT coalesce(sum(total), 0) + count(*) FROM decisions)`).Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		return n, sum
	}
	// A plan that ends before the interrupt proves nothing: try earlier.
	for _, wait := range []time.Duration{1500, 800, 400, 200, 100} {
		beforeRuns, beforeSum := runs()
		cmd := exec.Command(binary, "--db", db, "plan")
		cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(wait * time.Millisecond)
		start := time.Now()
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		took := time.Since(start)
		if err == nil {
			continue // it had finished
		}
		if took > time.Second {
			t.Errorf("the plan took %v to stop after Ctrl-C, want under 1 s", took)
		}
		if afterRuns, afterSum := runs(); afterRuns != beforeRuns || afterSum != beforeSum {
			t.Errorf("got %d plan runs (decisions sum %d) after the interrupt, want %d (%d)", afterRuns, afterSum, beforeRuns, beforeSum)
		}
		return
	}
	t.Fatal("every plan finished before it was interrupted")
}
