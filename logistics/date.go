package logistics

import (
	"fmt"
	"time"
)

// Date is a calendar date, counted in days since 1970-01-01. The zero Date is
// 1970-01-01; rate-book fields that may be empty say so with a separate flag or by
// documenting NoDate.
type Date int32

// NoDate marks an absent date (an open end of a range).
const NoDate Date = -1 << 31

// DateOf returns the Date of a year, month and day.
func DateOf(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// DateFromTime returns the calendar date of t in t's own location.
func DateFromTime(t time.Time) Date {
	y, m, d := t.Date()
	return DateOf(y, m, d)
}

// ParseDate reads an ISO "YYYY-MM-DD" date.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return NoDate, fmt.Errorf("not a YYYY-MM-DD date: %q", s)
	}
	return DateFromTime(t), nil
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats d as YYYY-MM-DD ("" for NoDate).
func (d Date) String() string {
	if d == NoDate {
		return ""
	}
	var buf [10]byte
	return string(d.AppendText(buf[:0]))
}

// AppendText appends d as YYYY-MM-DD to b.
func (d Date) AppendText(b []byte) []byte {
	y, m, day := d.Time().Date()
	if y < 0 || y > 9999 {
		return append(b, d.Time().Format(time.DateOnly)...)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+day/10), byte('0'+day%10))
}

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	w := (int64(d) + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }
