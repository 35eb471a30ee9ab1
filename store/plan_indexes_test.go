//go:build unix

package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"shipmode/logistics"
	"shipmode/store/storetest"
)

// planKillEnv names the database a child of TestPlanKilledKeepsDecisions plans.
const planKillEnv = "SHIPMODE_TEST_PLAN_KILL"

var decisionIndexes = []string{"decisions_total", "decisions_mode", "decisions_sla_risk"}

// planOf saves testDecision(o, i+shift) for every open order of db as one plan run
// that expects them all (PlanRun.Orders: the decisions' indexes are rebuilt), then
// calls hold (nil: none) before the plan returns.
func planOf(t *testing.T, db *DB, shift int, hold func()) PlanRun {
	t.Helper()
	ctx := context.Background()
	in, err := db.PlanInput(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	run, err := db.SavePlan(ctx, PlanRun{Orders: len(in.Orders)}, func(save func(int64, *logistics.Decision) error) error {
		for i := range in.Orders {
			d := testDecision(in.Orders[i].Order, i+shift)
			if err := save(in.IDs[i], &d); err != nil {
				return err
			}
		}
		if hold != nil {
			hold()
		}
		return nil
	})
	if err != nil {
		t.Fatalf("SavePlan: %v", err)
	}
	return run
}

// decisionsSum sums up the decisions and the plan runs, to compare them.
func decisionsSum(t *testing.T, db *DB) string {
	t.Helper()
	var n, total, runs, opts, risks, byMode int64
	if err := db.sql.QueryRow(`SELECT count(*), coalesce(sum(total), 0), coalesce(sum(run_id), 0), coalesce(sum(length(options)), 0),
		(SELECT count(*) FROM decisions WHERE sla_risk <> 0), (SELECT count(*) FROM decisions WHERE mode = 1) FROM decisions`).Scan(&n, &total, &runs, &opts, &risks, &byMode); err != nil {
		t.Fatal(err)
	}
	var planRuns int64
	if err := db.sql.QueryRow(`SELECT count(*) FROM plan_runs`).Scan(&planRuns); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d decisions, total %d, runs %d, options %d bytes, %d at risk, %d direct; %d plan runs", n, total, runs, opts, risks, byMode, planRuns)
}

// A plan that replaces every decision rebuilds the decisions' indexes (on SQLite)
// in its transaction: afterwards they are there, as they were, consistent with the
// table, and the orders screen's sort by cost uses decisions_total. A plan killed
// mid-write (SIGKILL, after the indexes were dropped and thousands of decisions
// written) leaves the decisions of the plan before, and their indexes: a first
// plan (on SQLite with a rollback journal) and a plan after two others.
func TestPlanKilledKeepsDecisions(t *testing.T) {
	for _, plans := range []int{0, 2} {
		t.Run(fmt.Sprintf("after %d plans", plans), func(t *testing.T) { planKilledKeepsDecisions(t, plans) })
	}
}

func planKilledKeepsDecisions(t *testing.T, plans int) {
	if target := os.Getenv(planKillEnv); target != "" {
		db, err := Open(context.Background(), target)
		if err != nil {
			t.Fatal(err)
		}
		planOf(t, db, 1, func() {
			// 40,000 decisions are ten halves of the planner's window (8,192 rows):
			// with room for 4 in the channel, the writer has taken 6 and written them.
			fmt.Println("saved")
			time.Sleep(time.Minute) // killed meanwhile
		})
		t.Fatal("not killed")
	}
	target := storetest.Target(t)
	db, err := Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustImport(t, db, genOrders(0, 40_000), "a")
	indexSQL := func() string {
		q := `SELECT group_concat(sql, '; ') FROM (SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'decisions' AND sql IS NOT NULL ORDER BY name)`
		if db.pg {
			q = `SELECT string_agg(indexdef, '; ' ORDER BY indexname) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'decisions'`
		}
		var s string
		if err := db.sql.QueryRow(q).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	wantIndexes := indexSQL()
	check := func(when string) {
		t.Helper()
		if n := indexCount(t, db, decisionIndexes...); n != 3 {
			t.Errorf("%s: %d of the decisions' 3 indexes", when, n)
		}
		if got := indexSQL(); got != wantIndexes {
			t.Errorf("%s: indexes\n%s\nwant\n%s", when, got, wantIndexes)
		}
		if db.pg {
			return
		}
		var ok string
		if err := db.sql.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
			t.Errorf("%s: integrity_check %q %v", when, ok, err)
		}
		var detail, all string
		rows, err := db.sql.Query(`EXPLAIN QUERY PLAN SELECT order_id FROM decisions ORDER BY total LIMIT 10`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, parent, unused int
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			all += detail + "; "
		}
		rows.Close()
		if !strings.Contains(all, "decisions_total") {
			t.Errorf("%s: the sort by cost does not use decisions_total: %s", when, all)
		}
	}

	check("before any plan")
	if plans > 0 {
		planOf(t, db, 0, nil) // the first plan: into an empty table
		check("after the first plan")
		planOf(t, db, 3, nil) // a plan replacing every decision
		check("after a second plan")
	}
	before := decisionsSum(t, db)

	cmd := exec.Command(os.Args[0], "-test.run=^TestPlanKilledKeepsDecisions$/^"+strings.ReplaceAll(t.Name()[len("TestPlanKilledKeepsDecisions/"):], " ", "_")+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), planKillEnv+"="+target)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	saved := false
	for sc := bufio.NewScanner(out); sc.Scan(); {
		if sc.Text() == "saved" {
			saved = true
			break
		}
	}
	if !saved {
		cmd.Wait()
		t.Fatal("the plan to kill did not save its decisions")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if db.pg {
		// The server rolls the killed client's transaction back once it notices.
		for i := 0; i < 100; i++ {
			var n int
			if db.sql.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`).Scan(&n) == nil && n == 0 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if got := decisionsSum(t, db); got != before {
		t.Errorf("after the kill: %s\nwant the plan before: %s", got, before)
	}
	check("after the kill")
	// and the database plans again
	planOf(t, db, 5, nil)
	check("after the plan after the kill")
}
