package ui

import (
	"time"

	"shipmode/logistics"
)

// Period choices offered by the dashboard, orders and reports screens, by message key.
var periodKeys = []string{
	"period.all",
	"period.thisMonth",
	"period.lastMonth",
	"period.last3Months",
	"period.last12Months",
	"period.thisYear",
	"period.lastYear",
}

// periodOf is the date range of a period choice, relative to today.
func periodOf(key string, today logistics.Date) period {
	t := today.Time()
	y, m, _ := t.Date()
	month := func(y int, m time.Month) logistics.Date { return logistics.DateOf(y, m, 1) }
	switch key {
	case "period.thisMonth":
		return period{month(y, m), today}
	case "period.lastMonth":
		first := month(y, m)
		return period{month(y, m-1), first - 1}
	case "period.last3Months":
		return period{month(y, m-2), today}
	case "period.last12Months":
		return period{month(y, m-11), today}
	case "period.thisYear":
		return period{logistics.DateOf(y, 1, 1), today}
	case "period.lastYear":
		return period{logistics.DateOf(y-1, 1, 1), logistics.DateOf(y-1, 12, 31)}
	}
	return allTime
}

// periodKeyOf finds the choice whose range is p ("" when none is).
func periodKeyOf(p period, today logistics.Date) string {
	for _, k := range periodKeys {
		if periodOf(k, today) == p {
			return k
		}
	}
	return ""
}

// today is the current local date.
func today() logistics.Date { return logistics.DateFromTime(time.Now()) }
