package ingest

import (
	"errors"
	"fmt"
	"strings"

	"shipmode/logistics"
)

// DateOrder is how a file writes numeric dates whose first two fields could each be
// the day or the month ("04/05/2026"). The zero value means undecided: the order is
// then decided per file from its values (SPEC §2).
type DateOrder uint8

const (
	DayMonth DateOrder = iota + 1 // 23/04/2026
	MonthDay                      // 4/23/26 14:05
)

func (o DateOrder) String() string {
	switch o {
	case DayMonth:
		return "day/month"
	case MonthDay:
		return "month/day"
	}
	return ""
}

// ParseDateOrder reads "day/month" (or "dmy", "d/m") and "month/day" ("mdy", "m/d").
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "day/month", "dmy", "d/m", "dd/mm/yyyy":
		return DayMonth, nil
	case "month/day", "mdy", "m/d", "mm/dd/yyyy":
		return MonthDay, nil
	}
	return 0, fmt.Errorf("unknown date order %q (want day/month or month/day): %w", s, ErrOption)
}

// dateVal is a parsed date cell: a calendar date, or — for a numeric date whose day and
// month could be swapped — its first two fields, waiting for the file's order.
type dateVal struct {
	date    logistics.Date
	a, b    uint8 // first and second field of a pending date
	year    int16
	pending bool
}

// decides tells which order a pending value proves: a first field above 12 can only be
// a day, a second field above 12 only a day too.
func (v dateVal) decides() DateOrder {
	switch {
	case !v.pending:
		return 0
	case v.a > 12:
		return DayMonth
	case v.b > 12:
		return MonthDay
	}
	return 0
}

// resolve returns the calendar date of v under the file's date order.
func (v dateVal) resolve(o DateOrder) (logistics.Date, error) {
	if !v.pending {
		return v.date, nil
	}
	d, m := int(v.a), int(v.b)
	if o == MonthDay {
		d, m = m, d
	}
	if !validDate(int(v.year), m, d) {
		p := rsNotDayMonth
		if o == MonthDay {
			p = rsNotMonthDay
		}
		return 0, fault(p, itoa(v.a)+"/"+itoa(v.b)+"/"+itoa(v.year))
	}
	return civilDate(int(v.year), m, d), nil
}

// same reports whether two date cells name the same day (pending ones by their fields).
func (v dateVal) same(w dateVal) bool {
	if v.pending != w.pending {
		return false
	}
	if v.pending {
		return v.a == w.a && v.b == w.b && v.year == w.year
	}
	return v.date == w.date
}

var errDate = errors.New("not a date")

// scanDate reads a date cell in the forms real exports use: ISO 8601 with or without a
// time and offset ("2017-09-23T14:18:23-07:00", "2024-03-05 14:21:07 +0100"), numeric
// day/month forms ("4/23/26 14:05", "23/04/2026", "23.04.2026"), and forms with a
// month name ("Mar-05-24", "5 Mar 2024", "March 5, 2024"). The calendar date is the
// one written, in the time zone of the stamp; the time of day is checked only for its
// shape. Numeric dates separated by "/" or "-" are returned pending; "." dates are
// day-first everywhere they are used.
func scanDate(s string) (dateVal, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return dateVal{}, fmt.Errorf("%w: empty", errDate)
	}
	// Numeric forms: up to three digit groups with one kind of separator.
	var n [3]int
	var w [3]int // digits in each group
	var sep byte
	i, g := 0, 0
	for g < 3 {
		start := i
		v := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-start < 4 {
			v = v*10 + int(s[i]-'0')
			i++
		}
		if i == start {
			break
		}
		n[g], w[g] = v, i-start
		g++
		if g == 3 || i >= len(s) {
			break
		}
		c := s[i]
		if c != '-' && c != '/' && c != '.' {
			break
		}
		if sep == 0 {
			sep = c
		} else if c != sep {
			return dateVal{}, fmt.Errorf("%w: %q", errDate, s)
		}
		i++
	}
	if g == 3 {
		if !timeRest(s[i:]) {
			return dateVal{}, fmt.Errorf("%w: %q", errDate, s)
		}
		switch {
		case w[0] == 4 && w[1] <= 2 && w[2] <= 2: // 2026-05-11, 2026/05/11
			return fixedDate(s, n[0], n[1], n[2])
		case w[0] <= 2 && w[1] <= 2 && (w[2] == 4 || w[2] == 2):
			y := n[2]
			if w[2] == 2 {
				y += 2000
			}
			if sep == '.' { // 23.04.2026: day first in every locale that writes it
				return fixedDate(s, y, n[1], n[0])
			}
			a, b := n[0], n[1]
			if !validDate(y, b, a) && !validDate(y, a, b) {
				return dateVal{}, fmt.Errorf("%w: %q has no valid day and month", errDate, s)
			}
			if y < minYear || y > maxYear {
				return dateVal{}, fmt.Errorf("%w: %q: year out of range", errDate, s)
			}
			return dateVal{pending: true, a: uint8(a), b: uint8(b), year: int16(y)}, nil
		}
		return dateVal{}, fmt.Errorf("%w: %q", errDate, s)
	}
	return scanNamedDate(s)
}

const minYear, maxYear = 1900, 2999

func fixedDate(s string, y, m, d int) (dateVal, error) {
	if y < minYear || y > maxYear || !validDate(y, m, d) {
		return dateVal{}, fmt.Errorf("%w: %q has no valid day and month", errDate, s)
	}
	return dateVal{date: civilDate(y, m, d)}, nil
}

// timeRest reports whether what follows a date looks like a time of day: nothing, or a
// "T", space or comma followed by a digit ("T14:18:23-07:00", " 9:05 PM").
func timeRest(s string) bool {
	if s == "" {
		return true
	}
	switch s[0] {
	case 'T', ' ', ',':
	default:
		return false
	}
	s = strings.TrimLeft(s[1:], " ")
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

var monthNames = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// monthOf reads an English month name or its abbreviation ("Mar", "March", "Sept").
func monthOf(s string) int {
	if len(s) < 3 {
		return 0
	}
	l := strings.ToLower(s)
	for i, m := range monthNames {
		if strings.HasPrefix(l, m) {
			full := [...]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}[i]
			if l == m || l == full || (i == 8 && l == "sept") {
				return i + 1
			}
		}
	}
	return 0
}

func isWeekday(s string) bool {
	l := strings.ToLower(s)
	for _, d := range [...]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		if strings.HasPrefix(l, d) {
			return true
		}
	}
	return false
}

// scanNamedDate reads dates with an English month name: "Mar-05-24", "Mar-05-2024",
// "05-Mar-2024", "5 Mar 2024", "March 5, 2024", optionally after a weekday and before
// a time ("Tue, Mar 5, 2024 10:00 PDT").
func scanNamedDate(s string) (dateVal, error) {
	var tok [4]string
	k := 0
	rest := s
	for k < 4 && rest != "" {
		rest = strings.TrimLeft(rest, " -/.,")
		j := 0
		for j < len(rest) && !strings.ContainsRune(" -/.,", rune(rest[j])) {
			j++
		}
		if j == 0 {
			break
		}
		tok[k] = rest[:j]
		rest = rest[j:]
		k++
		if k == 1 && isWeekday(tok[0]) && monthOf(tok[0]) == 0 {
			k = 0
		}
		if k == 3 {
			break
		}
	}
	if k != 3 {
		return dateVal{}, fmt.Errorf("%w: %q", errDate, s)
	}
	var m, d, y int
	var dtok, ytok string
	switch {
	case monthOf(tok[0]) > 0:
		m, dtok, ytok = monthOf(tok[0]), tok[1], tok[2]
	case monthOf(tok[1]) > 0:
		m, dtok, ytok = monthOf(tok[1]), tok[0], tok[2]
	default:
		return dateVal{}, fmt.Errorf("%w: %q", errDate, s)
	}
	var ok bool
	if d, ok = smallInt(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(dtok, "st"), "nd"), "rd"), "th"), 2); !ok {
		return dateVal{}, fmt.Errorf("%w: %q", errDate, s)
	}
	switch len(ytok) {
	case 2:
		y, ok = smallInt(ytok, 2)
		y += 2000
	case 4:
		y, ok = smallInt(ytok, 4)
	default:
		ok = false
	}
	if !ok {
		return dateVal{}, fmt.Errorf("%w: %q", errDate, s)
	}
	rest = strings.TrimLeft(rest, ",")
	if rest != "" && !timeRest(rest) {
		return dateVal{}, fmt.Errorf("%w: %q", errDate, s)
	}
	return fixedDate(s, y, m, d)
}

// smallInt reads 1 to max decimal digits.
func smallInt(s string, max int) (int, bool) {
	if s == "" || len(s) > max {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= daysIn(y, m)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// civilDate is the logistics.Date of a valid year, month and day, computed without the
// time package (Hinnant's days-from-civil) because it runs for every imported row.
func civilDate(y, m, d int) logistics.Date {
	if m <= 2 {
		y--
	}
	era := y / 400 // y is never negative here (minYear)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return logistics.Date(era*146097 + doe - 719468)
}
