package ui

import (
	"fmt"
	"time"

	"shipmode/logistics"
	"shipmode/store"
)

// The dashboard's time chart buckets a period by month, or a short one by week
// or by day, so that a month is more than one bar.
const (
	stepMonth = iota
	stepWeek
	stepDay
)

// stepKeys are the chart's titles by step.
var stepKeys = []string{"dash.byMonth", "dash.byWeek", "dash.byDay"}

// The longest periods charted by day and by week.
const (
	maxDays  = 31
	maxWeeks = 92 // days: about three months, 13 or 14 weeks
)

// chartStep is how period p is charted: by day up to a month, by week up to
// three months, else (or open-ended) by month.
func chartStep(p period) int {
	if p.From == logistics.NoDate || p.To == logistics.NoDate || p.From == 0 || p.To == 0 {
		return stepMonth
	}
	switch n := int(p.To-p.From) + 1; {
	case n <= maxDays:
		return stepDay
	case n <= maxWeeks:
		return stepWeek
	}
	return stepMonth
}

// chartRange is the range the time chart covers: p, or for a period open at an
// end the months of sum that have orders, so that a new seller's first month is
// charted by day rather than as one bar.
func chartRange(p period, sum *store.Summary) period {
	open := func(d logistics.Date) bool { return d == logistics.NoDate || d == 0 }
	if !open(p.From) && !open(p.To) || len(sum.ByMonth) == 0 {
		return p
	}
	first, last := sum.ByMonth[0], sum.ByMonth[len(sum.ByMonth)-1]
	if open(p.From) {
		p.From = logistics.DateOf(first.Year, first.Month, 1)
	}
	if open(p.To) {
		p.To = logistics.DateOf(last.Year, last.Month+1, 1) - 1
	}
	return p
}

// dayGroups are the bars of period p by day (every day of p, an empty one too)
// or by week (weeks from Monday, labelled by their first day in p).
func dayGroups(days []store.DayStat, step int, p period) []barGroup {
	byDay := make(map[logistics.Date][5]int64, len(days))
	for _, d := range days {
		byDay[d.Date] = spendByMode(d.ByMode)
	}
	var out []barGroup
	label := func(d logistics.Date) string {
		_, m, day := d.Time().Date()
		return fmt.Sprintf("%02d-%02d", int(m), day)
	}
	for d := p.From; d <= p.To; d++ {
		if step == stepDay || d == p.From || d.Time().Weekday() == time.Monday {
			out = append(out, barGroup{Label: label(d)})
		}
		g := &out[len(out)-1]
		for m, v := range byDay[d] {
			g.ByMode[m] += v
		}
	}
	return out
}
