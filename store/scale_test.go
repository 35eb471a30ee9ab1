package store

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"shipmode/logistics"
)

// cpuTime is the CPU time this process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestScale measures the store at SHIPMODE_SCALE orders (e.g. 700000: ~1M lines); it
// is skipped unless that variable is set. It logs wall and CPU time of each step and
// the query plans of the table's queries.
func TestScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("SHIPMODE_SCALE"))
	if n == 0 {
		t.Skip("set SHIPMODE_SCALE=700000 to run")
	}
	ctx := context.Background()
	db := openTest(t)
	step := func(name string, fn func() string) {
		t.Helper()
		runtime.GC()
		start, cpu := time.Now(), cpuTime()
		note := fn()
		t.Logf("%-28s %8.3f s wall %8.3f s cpu  %s", name, time.Since(start).Seconds(), (cpuTime() - cpu).Seconds(), note)
	}
	lines := 0
	for i := range n {
		lines += len(genOrder(i).Lines)
	}
	step("import (fresh)", func() string {
		res, err := db.ImportOrders(ctx, genOrders(0, n), ImportOptions{Source: "scale"})
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(res.Inserted) + " orders, " + strconv.Itoa(lines) + " lines"
	})
	if os.Getenv("SHIPMODE_SCALE_IMPORT_ONLY") != "" {
		return
	}
	step("re-import (unchanged)", func() string {
		res, err := db.ImportOrders(ctx, genOrders(0, n), ImportOptions{Source: "scale"})
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(res.Unchanged) + " unchanged"
	})
	var in PlanInput
	step("PlanInput", func() string {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		var err error
		if in, err = db.PlanInput(ctx, 0, 0); err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&m1)
		return strconv.Itoa(len(in.Orders)) + " orders, heap " + strconv.FormatUint((m1.HeapAlloc-m0.HeapAlloc)>>20, 10) + " MiB"
	})
	step("SavePlan", func() string {
		run, err := db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
			for i := range in.Orders {
				d := testDecision(in.Orders[i].Order, i)
				if err := save(in.IDs[i], &d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(run.Decisions) + " decisions"
	})
	step("SavePlan again (replace)", func() string {
		run, err := db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
			for i := range in.Orders {
				d := testDecision(in.Orders[i].Order, i+1)
				if err := save(in.IDs[i], &d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(run.Decisions) + " decisions"
	})
	d0 := genOrder(0).Date
	filters := map[string]OrderFilter{
		"all":              {},
		"period":           {From: d0 + 100, To: d0 + 130},
		"country+mode":     {Country: "FR", Mode: logistics.ModeDirect},
		"sla risk":         {SLARisk: true},
		"ref prefix":       {Search: "123-"},
		"sku":              {Search: "SKU-042"},
		"sort total desc":  {Sort: SortTotal, Desc: true},
		"needs product":    {NeedsProductData: true, Sort: SortID},
		"marketplace+date": {Marketplace: "ebay", From: d0 + 200},
	}
	for name, f := range filters {
		step("count "+name, func() string {
			c, err := db.CountOrders(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return strconv.Itoa(c)
		})
		step("list first 256 "+name, func() string {
			rows, err := db.ListOrders(ctx, f, 0, 256)
			if err != nil {
				t.Fatal(err)
			}
			return strconv.Itoa(len(rows))
		})
		var ids []int64
		step("ids "+name, func() string {
			var err error
			if ids, err = db.OrderIDs(ctx, f); err != nil {
				t.Fatal(err)
			}
			return strconv.Itoa(len(ids))
		})
		if len(ids) > 512 {
			block := ids[len(ids)/2 : len(ids)/2+256]
			step("rows of 256 ids "+name, func() string {
				start := time.Now()
				const k = 20
				for range k {
					if _, err := db.OrderRows(ctx, block); err != nil {
						t.Fatal(err)
					}
				}
				return "each " + (time.Since(start) / k).String()
			})
		}
	}
	step("list deep offset", func() string {
		rows, err := db.ListOrders(ctx, OrderFilter{}, n-1000, 256)
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(len(rows))
	})
	step("Summary all", func() string {
		s, err := db.Summary(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(s.Orders) + " orders"
	})
	step("Summary one month", func() string {
		s, err := db.Summary(ctx, d0+31, d0+61)
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(s.Orders) + " orders"
	})
	step("ReportBasis all", func() string {
		b, err := db.ReportBasis(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(b.Reported) + " reported of " + strconv.Itoa(b.Orders)
	})
	step("ReportBasis one month", func() string {
		b, err := db.ReportBasis(ctx, d0+31, d0+61)
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(b.Reported) + " reported of " + strconv.Itoa(b.Orders)
	})
	step("EachReportRow", func() string {
		k := 0
		err := db.EachReportRow(ctx, 0, 0, func(ReportRow) error { k++; return nil })
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(k) + " rows"
	})
	step("Backup", func() string {
		if err := db.Backup(ctx, db.Path()+".copy"); err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(db.Path() + ".copy")
		return strconv.FormatInt(st.Size()>>20, 10) + " MiB"
	})
	for _, q := range []string{
		"SELECT count(*) FROM orders o",
		"SELECT o.id FROM orders o LEFT JOIN decisions d ON d.order_id = o.id WHERE o.country = 'FR' AND d.mode = 4 ORDER BY o.order_date, o.ref, o.id",
		"SELECT o.id FROM orders o WHERE (o.ref >= '123-' AND o.ref < '123-\xff') OR instr(o.lines, ';5 ') > 0 ORDER BY o.order_date, o.ref, o.id",
		"SELECT o.id FROM orders o LEFT JOIN decisions d ON d.order_id = o.id ORDER BY d.total DESC, o.order_date DESC, o.ref DESC, o.id DESC LIMIT 256",
	} {
		rows, err := db.sql.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			rows.Scan(&id, &parent, &unused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		t.Logf("plan of %.60s…: %s", q, strings.Join(plan, "; "))
	}
}
