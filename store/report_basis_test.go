package store

import (
	"context"
	"reflect"
	"testing"

	"shipmode/logistics"
)

// TestReportBasis reconciles a period of the fixture with the truth it was built
// from, and follows the rate-book versions behind the decisions: a plan that did
// not record its version is superseded once a rate book is imported after it; a
// plan on version 1 is current until version 2 arrives.
func TestReportBasis(t *testing.T) {
	f := newFixture(t, 400)
	ctx := context.Background()
	db := f.db
	from, to := logistics.DateOf(2025, 2, 1), logistics.DateOf(2025, 3, 31)
	var orders, cancelled, unplanned, reported int
	for k := range f.orders {
		tr := &f.orders[k]
		if tr.order.Date < from || tr.order.Date > to {
			continue
		}
		orders++
		switch {
		case tr.status == logistics.Cancelled:
			cancelled++
		case tr.decision == nil:
			unplanned++
		default:
			reported++
		}
	}
	if cancelled == 0 || unplanned == 0 || reported == 0 {
		t.Fatalf("the fixture's period has %d cancelled, %d unplanned, %d reported: want some of each", cancelled, unplanned, reported)
	}
	check := func(what string, superseded int, version int64) {
		t.Helper()
		b, err := db.ReportBasis(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := [5]int{b.Orders, b.Cancelled, b.Unplanned, b.Reported, b.Superseded},
			[5]int{orders, cancelled, unplanned, reported, superseded}; got != want {
			t.Errorf("%s: got orders, cancelled, unplanned, reported, superseded %v, want %v", what, got, want)
		}
		if len(b.Versions) != 1 || b.Versions[0].ID != version || b.Versions[0].Orders != reported ||
			b.Versions[0].Superseded != (superseded > 0) {
			t.Errorf("%s: got versions %+v, want version %d for all %d orders", what, b.Versions, version, reported)
		}
	}
	check("a plan without a version, no rate book", 0, 0)
	all, err := db.ReportBasis(ctx, logistics.NoDate, logistics.NoDate) // no date condition: one pass over the table
	if err != nil || all.Orders != len(f.orders) || all.Orders != all.Cancelled+all.Unplanned+all.Reported {
		t.Errorf("every date: got %+v (%v), want %d orders reconciled", all, err, len(f.orders))
	}

	v1, err := db.SaveRateBook(ctx, logistics.RateBook{Settings: logistics.DefaultSettings()}, "v1.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	check("a rate book imported after that plan", reported, 0)

	// The same decisions again, planned on version 1.
	run, err := db.SavePlan(ctx, PlanRun{RateBookID: v1.ID}, func(save func(int64, *logistics.Decision) error) error {
		for k := range f.orders {
			if tr := &f.orders[k]; tr.decision != nil {
				if err := save(tr.id, tr.decision); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	check("planned on the current version", 0, v1.ID)

	n := 0
	err = db.EachReportRow(ctx, from, to, func(r ReportRow) error {
		n++
		if r.RunID != run.ID || r.RateBookID != v1.ID || r.OrderCurrency != "EUR" || r.Status == logistics.Cancelled {
			t.Errorf("order %s: got run %d, version %d, currency %q, status %v; want run %d, version %d, EUR, not cancelled",
				r.Ref, r.RunID, r.RateBookID, r.OrderCurrency, r.Status, run.ID, v1.ID)
		}
		return nil
	})
	if err != nil || n != reported {
		t.Errorf("report rows: got %d (%v), want %d", n, err, reported)
	}

	rb := logistics.RateBook{Settings: logistics.DefaultSettings()}
	rb.Settings.OriginHandlingDays = 3
	v2, err := db.SaveRateBook(ctx, rb, "v2.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	check("version 2 imported without planning again", reported, v1.ID)
	got, ver, err := db.RateBookVersion(ctx, v1.ID)
	if err != nil || ver.Source != "v1.xlsx" || got.Settings.OriginHandlingDays != 1 {
		t.Errorf("version %d: got %s, handling %d (%v); want v1.xlsx, 1", v1.ID, ver.Source, got.Settings.OriginHandlingDays, err)
	}
	if _, _, err := db.RateBookVersion(ctx, v2.ID+1); !errorsIs(err, ErrNotFound) {
		t.Errorf("a version that does not exist: got %v, want ErrNotFound", err)
	}
}

// TestReportBasisCountsAlike: the one pass of sums counts as the grouping does —
// orders of plans on version 1 (superseded by version 2), on version 2 (current),
// of the fixture's plan that recorded no version and of a run that is not
// recorded at all — for a period and for every date.
func TestReportBasisCountsAlike(t *testing.T) {
	f := newFixture(t, 400)
	ctx := context.Background()
	db := f.db
	plan := func(version int64, every int) {
		t.Helper()
		_, err := db.SavePlan(ctx, PlanRun{RateBookID: version}, func(save func(int64, *logistics.Decision) error) error {
			for k := range f.orders {
				if tr := &f.orders[k]; tr.decision != nil && k%every == 0 {
					if err := save(tr.id, tr.decision); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	alike := func(what string, wantVersions int) {
		t.Helper()
		for _, p := range [][2]logistics.Date{{logistics.DateOf(2025, 2, 1), logistics.DateOf(2025, 3, 31)}, {logistics.NoDate, logistics.NoDate}} {
			sums, err := db.reportBasis(ctx, p[0], p[1], basisClasses)
			if err != nil {
				t.Fatal(err)
			}
			grouped, err := db.reportBasis(ctx, p[0], p[1], 0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(sums, grouped) {
				t.Errorf("%s, %v..%v: the sums give %+v, the grouping %+v", what, p[0], p[1], sums, grouped)
			}
			if p[0] == logistics.NoDate && len(sums.Versions) != wantVersions {
				t.Errorf("%s: got versions %+v, want %d", what, sums.Versions, wantVersions)
			}
		}
	}
	alike("the fixture's plan, no version recorded", 1)
	v1, err := db.SaveRateBook(ctx, logistics.RateBook{Settings: logistics.DefaultSettings()}, "v1.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	plan(v1.ID, 2) // every second order on version 1, the rest on the fixture's plan
	alike("half on version 1", 2)
	rb := logistics.RateBook{Settings: logistics.DefaultSettings()}
	rb.Settings.OriginHandlingDays = 3
	v2, err := db.SaveRateBook(ctx, rb, "v2.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	plan(v2.ID, 3) // every third on version 2: version 1 is superseded
	if _, err := db.sql.ExecContext(ctx, `UPDATE decisions SET run_id = 987654 WHERE order_id IN (SELECT order_id FROM decisions ORDER BY order_id LIMIT 7)`); err != nil {
		t.Fatal(err)
	}
	alike("versions 1 and 2, no version, a run not recorded", 3)
	b, err := db.ReportBasis(ctx, logistics.NoDate, logistics.NoDate)
	if err != nil {
		t.Fatal(err)
	}
	if b.Current.ID != v2.ID || b.Superseded == 0 || b.Superseded == b.Reported {
		t.Errorf("got current %d, %d of %d superseded: want version %d, some superseded", b.Current.ID, b.Superseded, b.Reported, v2.ID)
	}
}
