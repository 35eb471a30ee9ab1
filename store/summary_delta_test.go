package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"shipmode/logistics"
	"shipmode/store/storetest"
)

// keptAndSummed reads the kept summary cells, whether their stamp is current, and
// the cells summed afresh from the orders and decisions (sumCellsSQL and
// unplannedByDate), both in key order.
func keptAndSummed(t testing.TB, db *DB) (kept, summed []summaryCell, current bool) {
	t.Helper()
	ctx := context.Background()
	err := db.read(ctx, "test", func(tx *sql.Tx) error {
		now, err := currentSummaryStamp(ctx, tx)
		if err != nil {
			return err
		}
		stamp, ok, err := keptSummaryStamp(ctx, tx)
		if err != nil {
			return err
		}
		current = ok && stamp == now
		if kept, err = readCells(ctx, tx, `SELECT `+summaryCellCols+` FROM summary_cells`); err != nil {
			return err
		}
		summed, err = db.sumCells(ctx, tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range [][]summaryCell{kept, summed} {
		slices.SortFunc(cs, func(a, b summaryCell) int {
			return cmp.Or(cmp.Compare(a.date, b.date), strings.Compare(a.country, b.country), cmp.Compare(a.mode, b.mode),
				strings.Compare(a.currency, b.currency), cmp.Compare(a.status, b.status))
		})
	}
	return kept, summed, current
}

// TestSummaryCellsKeptByTheWriters: after any sequence of imports (new orders,
// changed ones, cancellations), plans (of every open order or of a period),
// overrides and status changes on a small database, the kept summary cells are
// current — every writer kept them so, since the first Summary kept them — and
// equal the cells summed afresh; and Summary reads the same figures from them as
// from a fresh sum.
func TestSummaryCellsKeptByTheWriters(t *testing.T) {
	ctx := context.Background()
	const pool = 40 // orders genOrder(0..pool-1), dated over 9 days
	order := func(i, version int) logistics.Order {
		o := genOrder(i)
		o.Date += logistics.Date(i % 9)
		if version%2 == 1 { // a changed order: another date and destination
			o.Date += logistics.Date(1 + version%3)
			o.Country = testCountries[(i+version)%len(testCountries)]
		}
		return o
	}
	rapid.Check(t, func(rt *rapid.T) {
		db, err := Open(ctx, storetest.Target(t))
		if err != nil {
			rt.Fatal(err)
		}
		defer db.Close()         // (a connection pool per check: PostgreSQL's connections are few)
		version := map[int]int{} // the orders imported, by genOrder index: their version
		imported := func() []int {
			var is []int
			for i := range pool {
				if _, ok := version[i]; ok {
					is = append(is, i)
				}
			}
			return is
		}
		importNew := func(n int) {
			var os []NewOrder
			for i := range pool {
				if _, ok := version[i]; !ok && len(os) < n {
					st := logistics.Open
					if rapid.IntRange(0, 4).Draw(rt, "shipped") == 0 {
						st = logistics.Shipped
					}
					version[i] = 0
					os = append(os, NewOrder{Order: order(i, 0), Status: st})
				}
			}
			if _, err := db.ImportOrders(ctx, newOrders(os...), ImportOptions{Source: "new"}); err != nil {
				rt.Fatal(err)
			}
		}
		importNew(rapid.IntRange(1, 20).Draw(rt, "first"))
		// The cells kept by a first Summary, or by nothing yet (then a first plan of
		// every open order keeps them: see TestSummaryCellsKeptByFirstPlan).
		current := rapid.Bool().Draw(rt, "open first")
		if current {
			if _, err := db.Summary(ctx, 0, 0); err != nil { // keeps the cells
				rt.Fatal(err)
			}
		}
		steps := rapid.IntRange(1, 10).Draw(rt, "steps")
		for step := range steps {
			is := imported()
			pick := func(name string) int { return is[rapid.IntRange(0, len(is)-1).Draw(rt, name)] }
			find := func(i int) Order {
				o := order(i, version[i])
				found, err := db.FindOrder(ctx, o.Marketplace, o.Ref)
				if err != nil {
					rt.Fatal(err)
				}
				return found
			}
			op := rapid.SampledFrom([]string{"import new", "import changes", "plan", "plan period", "override", "status", "summary"}).Draw(rt, "op")
			switch op {
			case "import new":
				importNew(rapid.IntRange(1, 5).Draw(rt, "new"))
			case "import changes": // new content, shipped, cancelled or the same again; and a new order
				var os []NewOrder
				for range rapid.IntRange(1, 4).Draw(rt, "changes") {
					i := pick("changed")
					switch rapid.IntRange(0, 3).Draw(rt, "change") {
					case 0:
						version[i]++
						os = append(os, NewOrder{Order: order(i, version[i])})
					case 1:
						os = append(os, NewOrder{Order: order(i, version[i]), Status: logistics.Shipped})
					case 2:
						os = append(os, NewOrder{Order: order(i, version[i]), Cancel: true})
					default:
						os = append(os, NewOrder{Order: order(i, version[i])})
					}
				}
				if _, err := db.ImportOrders(ctx, newOrders(os...), ImportOptions{Source: "changes"}); err != nil {
					rt.Fatal(err)
				}
			case "plan", "plan period":
				var from, to logistics.Date
				if op == "plan period" {
					from = logistics.DateOf(2025, 1, 1) + logistics.Date(rapid.IntRange(0, 10).Draw(rt, "from"))
					to = from + logistics.Date(rapid.IntRange(0, 4).Draw(rt, "days"))
				}
				in, err := db.PlanOrders(ctx, from, to, nil)
				if err != nil {
					rt.Fatal(err)
				}
				seed := rapid.IntRange(0, 1000).Draw(rt, "seed")
				_, err = db.SavePlan(ctx, PlanRun{From: from, To: to, ReadAt: in.ReadAt, Orders: len(in.Orders)},
					func(save func(int64, *logistics.Decision) error) error {
						for k := range in.Orders {
							d := testDecision(in.Orders[k].Order, int(in.IDs[k])+seed)
							if err := save(in.IDs[k], &d); err != nil {
								return err
							}
						}
						return nil
					})
				if err != nil {
					rt.Fatal(err)
				}
			case "override":
				o := find(pick("overridden"))
				mode := logistics.Mode(rapid.IntRange(0, 4).Draw(rt, "mode"))
				if _, err := db.SetOverride(ctx, o.Marketplace, o.Ref, mode, "", "test", 0); err != nil {
					rt.Fatal(err)
				}
			case "status":
				o := find(pick("status"))
				s := logistics.Status(rapid.IntRange(1, 3).Draw(rt, "to"))
				if err := db.SetStatus(ctx, o.ID, s); err != nil {
					rt.Fatal(err)
				}
			case "summary":
				if _, err := db.Summary(ctx, 0, 0); err != nil {
					rt.Fatal(err)
				}
				current = true
			}
			kept, summed, now := keptAndSummed(t, db)
			if current && !now {
				rt.Fatalf("step %d (%s): the kept cells went stale", step, op)
			}
			if now && (len(kept) > 0 || len(summed) > 0) && !reflect.DeepEqual(kept, summed) {
				rt.Fatalf("step %d (%s): kept cells\n%s\nsummed\n%s", step, op, cellsText(kept), cellsText(summed))
			}
		}
		// Summary's figures from the kept cells are those of a fresh sum.
		kept, err := db.Summary(ctx, 0, 0)
		if err != nil {
			rt.Fatal(err)
		}
		if _, err := db.sql.ExecContext(ctx, `DELETE FROM summary_stamp`); err != nil {
			rt.Fatal(err)
		}
		if summed, err := db.Summary(ctx, 0, 0); err != nil || !reflect.DeepEqual(kept, summed) {
			rt.Fatalf("Summary from kept cells %+v\nsummed %+v (%v)", kept, summed, err)
		}
	})
}

// TestSummaryCellsKeptByFirstPlan: a new database's first import (open, shipped
// and cancelled orders) keeps no cells, and the first plan of every open order
// keeps them whole — equal to a fresh sum; a plan of a period does not.
func TestSummaryCellsKeptByFirstPlan(t *testing.T) {
	ctx := context.Background()
	for _, period := range []bool{false, true} {
		db := openTest(t)
		var os []NewOrder
		for i := range 30 {
			o := NewOrder{Order: genOrder(i)}
			o.Order.Date += logistics.Date(i % 7)
			switch i % 5 {
			case 3:
				o.Status = logistics.Shipped
			case 4:
				o.Cancel = true
			}
			os = append(os, o)
		}
		if _, err := db.ImportOrders(ctx, newOrders(os...), ImportOptions{Source: "first"}); err != nil {
			t.Fatal(err)
		}
		if _, _, current := keptAndSummed(t, db); current {
			t.Fatal("cells kept before any was summed")
		}
		var from logistics.Date
		if period {
			from = genOrder(0).Date + 1
		}
		in, err := db.PlanOrders(ctx, from, 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.SavePlan(ctx, PlanRun{From: from, ReadAt: in.ReadAt, Orders: len(in.Orders)},
			func(save func(int64, *logistics.Decision) error) error {
				for k := range in.Orders {
					d := testDecision(in.Orders[k].Order, int(in.IDs[k]))
					if err := save(in.IDs[k], &d); err != nil {
						return err
					}
				}
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		kept, summed, current := keptAndSummed(t, db)
		if current == period {
			t.Fatalf("plan of a period %v: cells current %v", period, current)
		}
		if current && (len(kept) == 0 || !reflect.DeepEqual(kept, summed)) {
			t.Fatalf("kept cells\n%s\nsummed\n%s", cellsText(kept), cellsText(summed))
		}
		// KeepSummary (the demo's, after its two runs) makes them current when
		// the plan left them stale
		if err := db.KeepSummary(ctx); err != nil {
			t.Fatal(err)
		}
		if kept, summed, current = keptAndSummed(t, db); !current || len(kept) == 0 || !reflect.DeepEqual(kept, summed) {
			t.Fatalf("after KeepSummary: current %v, kept cells\n%s\nsummed\n%s", current, cellsText(kept), cellsText(summed))
		}
	}
}

func cellsText(cells []summaryCell) string {
	var b strings.Builder
	for _, c := range cells {
		fmt.Fprintf(&b, "  %+v\n", c)
	}
	return b.String()
}

// BenchmarkPlanCells is what keeping the dashboard's sums adds to a plan for each
// decision (planSaver.add's call): ns/op is per decision.
func BenchmarkPlanCells(b *testing.B) {
	ds := make([]logistics.Decision, 4096)
	for i := range ds {
		o := genOrder(i)
		o.Date += logistics.Date(i % 120)
		ds[i] = testDecision(o, i)
	}
	var c planCells
	for i := 0; b.Loop(); i++ {
		c.add(&ds[i%len(ds)], int64(logistics.ModeDirect), 0, 1234, int64(1500), int64(1000))
	}
}
