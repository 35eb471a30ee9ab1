package store

import (
	"context"
	"testing"
)

// TestSpendByDay: the days of a period add up, mode by mode, to the period's
// Summary (tested against the fixture by hand), each day once, oldest first.
func TestSpendByDay(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 1500)
	d0 := genOrder(0).Date
	from, to := d0+31, d0+90
	days, err := f.db.SpendByDay(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := f.db.Summary(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	var got [5]ModeStat
	for i, d := range days {
		if d.Date < from || d.Date > to || i > 0 && d.Date <= days[i-1].Date {
			t.Fatalf("day %d: %v out of %v..%v or not after %v", i, d.Date, from, to, days[max(0, i-1)].Date)
		}
		for m, s := range d.ByMode {
			got[m].Orders += s.Orders
			got[m].Spend += s.Spend
		}
	}
	if got != sum.ByMode || len(days) < 20 {
		t.Errorf("got %d days adding up to %+v, want the summary's %+v", len(days), got, sum.ByMode)
	}
}
