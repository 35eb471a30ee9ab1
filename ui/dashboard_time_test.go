package ui

import (
	"context"
	"testing"
	"time"

	"shipmode/logistics"
	"shipmode/store"
)

func TestChartStep(t *testing.T) {
	d := logistics.DateOf(2026, 6, 1)
	tests := []struct {
		p    period
		want int
	}{
		{period{d, d + 30}, stepDay},   // 31 days
		{period{d, d + 31}, stepWeek},  // 32 days
		{period{d, d + 91}, stepWeek},  // 92 days
		{period{d, d + 92}, stepMonth}, // 93 days
		{allTime, stepMonth},           // open
		{period{d, logistics.NoDate}, stepMonth},
	}
	for _, tt := range tests {
		if got := chartStep(tt.p); got != tt.want {
			t.Errorf("chartStep(%v): got %d, want %d", tt.p, got, tt.want)
		}
	}
}

func TestDayGroups(t *testing.T) {
	// 2026-06-03 is a Wednesday; 06-08 and 06-15 are Mondays
	from, to := logistics.DateOf(2026, 6, 3), logistics.DateOf(2026, 6, 16)
	days := []store.DayStat{
		{Date: from, ByMode: [5]store.ModeStat{logistics.ModeDirect: {Orders: 1, Spend: 100}}},
		{Date: logistics.DateOf(2026, 6, 7), ByMode: [5]store.ModeStat{logistics.ModeDirect: {Orders: 1, Spend: 50}}},
		{Date: logistics.DateOf(2026, 6, 8), ByMode: [5]store.ModeStat{logistics.ModeWarehouse: {Orders: 2, Spend: 70}}},
	}
	byDay := dayGroups(days, stepDay, period{from, to})
	if len(byDay) != 14 || byDay[0].Label != "06-03" || byDay[0].ByMode[logistics.ModeDirect] != 100 || byDay[1].total() != 0 {
		t.Errorf("by day: got %+v, want 14 days from 06-03, the empty ones at 0", byDay)
	}
	// weeks: 06-03..06-07 (100 + 50), 06-08..06-14 (70), 06-15..06-16 (0)
	byWeek := dayGroups(days, stepWeek, period{from, to})
	if len(byWeek) != 3 || byWeek[0].Label != "06-03" || byWeek[0].total() != 150 || byWeek[1].Label != "06-08" ||
		byWeek[1].ByMode[logistics.ModeWarehouse] != 70 || byWeek[2].total() != 0 {
		t.Errorf("by week: got %+v", byWeek)
	}
}

// TestDashboardChartsAShortPeriodByDay: this month's chart is by day.
func TestDashboardChartsAShortPeriodByDay(t *testing.T) {
	f := dashboardFake()
	h := newHarness(t)
	src := sourceOf(f)
	var asked []period
	src.SpendByDay = func(ctx context.Context, from, to logistics.Date) ([]store.DayStat, error) {
		asked = append(asked, period{from, to})
		return nil, nil
	}
	d := newDashboardScreen(h.e, src)
	h.show(d.content())
	h.q.drain()
	// all time: the fake's orders are of one month, March 2026, charted by day
	if len(asked) != 1 || asked[0] != (period{logistics.DateOf(2026, 3, 1), logistics.DateOf(2026, 3, 31)}) ||
		d.byTimeTitle.Text != "Spend by mode per day" {
		t.Fatalf("all time: got day reads %v, title %q; want March by day", asked, d.byTimeTitle.Text)
	}
	asked = nil
	d.periodSel.SetSelectedIndex(1) // this month: 2026-06-01 .. 2026-06-15
	h.q.drain()
	h.noErrors()
	if len(asked) != 1 || d.byTimeTitle.Text != "Spend by mode per day" || len(d.byMonth.groups) != 15 {
		t.Errorf("this month: got %v, title %q, %d bars; want 15 days", asked, d.byTimeTitle.Text, len(d.byMonth.groups))
	}
}

// TestDashboardCustomRange: a typed range (2026-06-03 .. 2026-06-09, 7 days) is
// the dashboard's period, named by its dates, charted by day.
func TestDashboardCustomRange(t *testing.T) {
	f := dashboardFake()
	h := newHarness(t)
	src := sourceOf(f)
	var asked []period
	src.SpendByDay = func(ctx context.Context, from, to logistics.Date) ([]store.DayStat, error) {
		asked = append(asked, period{from, to})
		return nil, nil
	}
	d := newDashboardScreen(h.e, src)
	h.show(d.content())
	h.q.drain()
	asked = nil
	r := period{logistics.DateOf(2026, 6, 3), logistics.DateOf(2026, 6, 9)}
	d.picker.choose(r)
	h.q.drain()
	h.noErrors()
	if d.period != r || d.periodSel.Selected != "2026-06-03 – 2026-06-09" {
		t.Errorf("got period %v shown as %q, want the range's dates", d.period, d.periodSel.Selected)
	}
	if len(asked) != 1 || asked[0] != r || len(d.byMonth.groups) != 7 {
		t.Errorf("got day reads %v, %d bars; want the range's 7 days", asked, len(d.byMonth.groups))
	}
	// a preset again, then the custom range shown by a drill-down's period
	d.periodSel.SetSelectedIndex(6) // last year
	h.q.drain()
	if d.period != (period{logistics.DateOf(2025, 1, 1), logistics.DateOf(2025, 12, 31)}) {
		t.Errorf("last year: got %v", d.period)
	}
	d.picker.show(r)
	if d.periodSel.SelectedIndex() != len(periodKeys) || d.picker.current() != r {
		t.Errorf("show: got choice %d, period %v", d.periodSel.SelectedIndex(), d.picker.current())
	}
}

// TestChartRangeOfANewSeller: all time over one month of orders (November
// 2026) is charted over that month, by day (30 days ≤ 31); a closed period stays
// as it is; twelve months stay by month.
func TestChartRangeOfANewSeller(t *testing.T) {
	one := store.Summary{ByMonth: []store.MonthStat{{Year: 2026, Month: 11}}}
	r := chartRange(allTime, &one)
	if r != (period{logistics.DateOf(2026, 11, 1), logistics.DateOf(2026, 11, 30)}) || chartStep(r) != stepDay {
		t.Errorf("one month: got %v (step %d), want November by day", r, chartStep(r))
	}
	dec := store.Summary{ByMonth: []store.MonthStat{{Year: 2025, Month: 12}}}
	if r := chartRange(allTime, &dec); r.To != logistics.DateOf(2025, 12, 31) {
		t.Errorf("December: got %v, want it to end on the 31st", r)
	}
	june := period{logistics.DateOf(2026, 6, 1), logistics.DateOf(2026, 6, 30)}
	if r := chartRange(june, &one); r != june {
		t.Errorf("closed period: got %v", r)
	}
	var year store.Summary
	for m := 1; m <= 12; m++ {
		year.ByMonth = append(year.ByMonth, store.MonthStat{Year: 2026, Month: time.Month(m)})
	}
	if r := chartRange(allTime, &year); chartStep(r) != stepMonth {
		t.Errorf("a year: got %v by %d, want months", r, chartStep(r))
	}
}

// TestSavingsTileOfAnEmptyPeriod: with nothing planned there is no direct-mail
// cost to compare with, and the tile says no comparison ("– less than 0.00").
func TestSavingsTileOfAnEmptyPeriod(t *testing.T) {
	h := newHarness(t)
	d := newDashboardScreen(h.e, sourceOf(&fakeStore{}))
	h.show(d.content())
	h.q.drain()
	d.show(&store.Summary{Currency: "USD"})
	if d.savings.value.Text != "0.00 USD" || d.savings.note.Text != "" {
		t.Errorf("got %q, %q; want 0.00 USD and no comparison", d.savings.value.Text, d.savings.note.Text)
	}
}
