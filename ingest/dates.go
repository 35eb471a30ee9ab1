package ingest

import (
	"errors"
	"fmt"
	"strings"

	"shipmode/logistics"
)

// DateOrder is how a file writes numeric dates whose fields could be read more than
// one way ("04/05/2026", "26/05/11"). The zero value, "auto", means: decide per file
// from its values (SPEC §2); see OrdersResult.DateBasis.
type DateOrder uint8

const (
	DayMonth     DateOrder = iota + 1 // 23/04/2026
	MonthDay                          // 4/23/26 14:05
	YearMonthDay                      // 26/04/23: a two-digit year first (never decided from the values)
)

var dateOrderNames = [...]string{"auto", "day/month", "month/day", "year/month/day"}

func (o DateOrder) String() string {
	if int(o) < len(dateOrderNames) {
		return dateOrderNames[o]
	}
	return fmt.Sprintf("DateOrder(%d)", o)
}

// ParseDateOrder reads "auto" (or ""), "day/month" (or "dmy", "d/m", "dd/mm/yyyy"),
// "month/day" ("mdy", "m/d", "m/d/yy") and "year/month/day" ("ymd", "y/m/d",
// "yy/mm/dd"), in any case.
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return 0, nil
	case "day/month", "dmy", "d/m", "d/m/y", "dd/mm/yyyy", "dd/mm/yy", "d/m/yy", "d/m/yyyy":
		return DayMonth, nil
	case "month/day", "mdy", "m/d", "m/d/y", "mm/dd/yyyy", "mm/dd/yy", "m/d/yy", "m/d/yyyy":
		return MonthDay, nil
	case "year/month/day", "ymd", "y/m/d", "yy/mm/dd", "yy/m/d":
		return YearMonthDay, nil
	}
	return 0, fmt.Errorf("unknown date order %q (want auto, dmy, mdy or ymd): %w", s, ErrOption)
}

// phrase is the name of o as a sentence, for the {order} of a note.
func (o DateOrder) phrase() *logistics.Sentence {
	p := rsDayMonth
	switch o {
	case MonthDay:
		p = rsMonthDay
	case YearMonthDay:
		p = rsYearMonthDay
	}
	return nested(say(p))
}

// DateBasis is what decided the day/month order of a file's dates.
type DateBasis uint8

const (
	DateByValue   DateBasis = iota + 1 // a value reads one way only ("13/04/2026")
	DateByOption                       // OrderOptions.DateOrder
	DateByStyle                        // no value decides, but one is written the M/D/YY way ("12/1/10 8:26")
	DateByDefault                      // nothing decides: the default of the format (a guess)
)

var dateBasisNames = [...]string{"", "value", "option", "style", "default"}

func (b DateBasis) String() string {
	if int(b) < len(dateBasisNames) {
		return dateBasisNames[b]
	}
	return fmt.Sprintf("DateBasis(%d)", b)
}

// dateVal is a parsed date cell: a calendar date, or — for a numeric date whose day and
// month could be swapped — its fields, waiting for the file's order.
type dateVal struct {
	date    logistics.Date
	a, b    uint8 // first and second field of a pending date
	year    int16 // its third field as a year (two digits: 20xx)
	form    uint8 // how a pending date is written: oneDigitB, twoDigitYear
	pending bool
}

const (
	oneDigitB    = 1 << iota // the second field has one digit ("12/1/10")
	twoDigitYear             // the third field has two digits
)

// decides tells which order a pending value proves: a first field above 12 can only be
// a day, a second field above 12 only a day too.
func (v dateVal) decides() DateOrder {
	switch {
	case !v.pending:
		return 0
	case v.a > 12 && validDate(int(v.year), int(v.b), int(v.a)):
		return DayMonth
	case v.b > 12 && validDate(int(v.year), int(v.a), int(v.b)):
		return MonthDay
	}
	return 0
}

// monthDayStyle reports whether a pending value is written as US exports write
// M/D/YY and day-first ones never do: its second field, the month of a day-first
// reading, has one digit ("12/1/10 8:26"; day-first exports write 01/12/10).
func (v dateVal) monthDayStyle() bool {
	return v.pending && v.form&oneDigitB != 0 && validDate(int(v.year), int(v.a), int(v.b))
}

// resolve returns the calendar date of v under the file's date order.
func (v dateVal) resolve(o DateOrder) (logistics.Date, error) {
	if !v.pending {
		return v.date, nil
	}
	y, m, d := int(v.year), int(v.b), int(v.a)
	p := rsNotDayMonth
	switch o {
	case MonthDay:
		m, d, p = d, m, rsNotMonthDay
	case YearMonthDay:
		y, m, d, p = 2000+int(v.a), int(v.b), int(v.year)-2000, rsNotYearMonthDay
		if v.form&twoDigitYear == 0 {
			d = 0 // a four-digit year last is not a day
		}
	}
	if !validDate(y, m, d) {
		return 0, fault(p, itoa(v.a)+"/"+itoa(v.b)+"/"+itoa(v.year))
	}
	return civilDate(y, m, d), nil
}

// same reports whether two date cells name the same day (pending ones by their fields).
func (v dateVal) same(w dateVal) bool {
	if v.pending != w.pending {
		return false
	}
	if v.pending {
		return v.a == w.a && v.b == w.b && v.year == w.year && v.form&twoDigitYear == w.form&twoDigitYear
	}
	return v.date == w.date
}

var errDate = errors.New("not a date")

// scanDate reads a date cell in the forms real exports use: ISO 8601 with or without a
// time and offset ("2017-09-23T14:18:23-07:00", "2024-03-05 14:21:07 +0100"), numeric
// day/month forms ("4/23/26 14:05", "23/04/2026", "23.04.2026"), and forms with a
// month name ("Mar-05-24", "5 Mar 2024", "March 5, 2024"). The calendar date is the
// one written, in the time zone of the stamp; the time of day is checked only for its
// shape. Numeric dates separated by "/" or "-" are returned pending (valid as
// day/month, as month/day, or — with a two-digit year last — as YY/MM/DD); "." dates
// are day-first everywhere they are used.
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
			var form uint8
			if w[1] == 1 {
				form |= oneDigitB
			}
			if w[2] == 2 {
				form |= twoDigitYear
			}
			if !validDate(y, b, a) && !validDate(y, a, b) && (w[2] != 2 || !validDate(2000+a, b, n[2])) {
				return dateVal{}, fmt.Errorf("%w: %q has no valid day and month", errDate, s)
			}
			if y < minYear || y > maxYear {
				return dateVal{}, fmt.Errorf("%w: %q: year out of range", errDate, s)
			}
			return dateVal{pending: true, a: uint8(a), b: uint8(b), year: int16(y), form: form}, nil
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
