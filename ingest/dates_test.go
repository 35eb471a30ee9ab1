package ingest

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"shipmode/logistics"
)

func TestScanDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // YYYY-MM-DD, or "a/b/y?" for a pending value, or "" for an error
	}{
		{"2017-09-23T14:18:23-07:00", "2017-09-23"},
		{"2026-05-11T23:59:59+01:00", "2026-05-11"},
		{"2026-05-11T08:00:00.000Z", "2026-05-11"},
		{"2024-03-05 14:21:07 +0100", "2024-03-05"},
		{"2026-05-11", "2026-05-11"},
		{" 2026-5-1 ", "2026-05-01"},
		{"2026/05/11", "2026-05-11"},
		{"2024-02-29", "2024-02-29"},
		{"4/23/26 14:05", "4/23/2026?"},
		{"23/04/2026", "23/4/2026?"},
		{"03/04/2026 10:00:00", "3/4/2026?"},
		{"05-11-2026", "5/11/2026?"},
		{"23.04.2026", "2026-04-23"},
		{"04.05.2026 09:00", "2026-05-04"},
		{"Mar-05-24", "2024-03-05"},
		{"May-11-2026", "2026-05-11"},
		{"05-Mar-2024", "2024-03-05"},
		{"5 Mar 2024", "2024-03-05"},
		{"March 5, 2024", "2024-03-05"},
		{"Sept 30, 2024 10:00 PDT", "2024-09-30"},
		{"Tue, Mar 5, 2024 10:00 PST", "2024-03-05"},
		{"1st Jun 2025", "2025-06-01"},
		{"", ""},
		{"yesterday", ""},
		{"2026-02-30", ""},
		{"2026-13-01", ""},
		{"31/31/2026", ""},
		{"0/5/2026", ""},
		{"2/30/2025", ""}, // Feb 30 and month 30: neither order
		{"2026-05-11x", ""},
		{"2026-05-11 garbage", ""},
		{"12/05", ""},
		{"12/05/20261", ""},
		{"1/2/3", ""},
		{"Foo 5, 2024", ""},
		{"1899-12-31", ""},
		{"46153", ""},
		{"2026-05/11", ""},
	}
	for _, tt := range tests {
		v, err := scanDate(tt.in)
		var got string
		switch {
		case err != nil:
			if !errors.Is(err, errDate) {
				t.Errorf("scanDate(%q): error %v does not wrap errDate", tt.in, err)
			}
		case v.pending:
			if !mayWait(strings.TrimSpace(tt.in)) {
				t.Errorf("scanDate(%q) waits, but mayWait says it cannot", tt.in)
			}
			got = strconv.Itoa(int(v.a)) + "/" + strconv.Itoa(int(v.b)) + "/" + strconv.Itoa(int(v.year)) + "?"
		default:
			got = v.date.String()
		}
		if got != tt.want {
			t.Errorf("scanDate(%q): got %q (%v), want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestDateValResolve(t *testing.T) {
	tests := []struct {
		in      string
		order   DateOrder
		want    string
		decides DateOrder
	}{
		{"03/04/2026", DayMonth, "2026-04-03", 0},
		{"03/04/2026", MonthDay, "2026-03-04", 0},
		{"13/04/2026", DayMonth, "2026-04-13", DayMonth},
		{"13/04/2026", MonthDay, "", DayMonth},
		{"4/13/26", MonthDay, "2026-04-13", MonthDay},
		{"31/05/2026", MonthDay, "", DayMonth},
		{"2/29/2024", MonthDay, "2024-02-29", MonthDay},
		{"26/05/11", YearMonthDay, "2026-05-11", DayMonth},
		{"26/05/11", DayMonth, "2011-05-26", DayMonth},
		{"13/04/2026", YearMonthDay, "", DayMonth},  // a four-digit year last is not YY/MM/DD
		{"99/12/31", YearMonthDay, "2099-12-31", 0}, // only YY/MM/DD: decides nothing
		{"99/12/31", DayMonth, "", 0},
		{"40/1/15", MonthDay, "", 0},
	}
	for _, tt := range tests {
		v, err := scanDate(tt.in)
		if err != nil {
			if tt.decides != 0 || tt.want != "" {
				t.Errorf("scanDate(%q): %v", tt.in, err)
			}
			continue
		}
		if got := v.decides(); got != tt.decides {
			t.Errorf("%q decides: got %v, want %v", tt.in, got, tt.decides)
		}
		d, err := v.resolve(tt.order)
		got := ""
		if err == nil {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("%q as %v: got %q (%v), want %q", tt.in, tt.order, got, err, tt.want)
		}
	}
}

// civilDate agrees with the time package over four centuries of days.
func TestCivilDate(t *testing.T) {
	for d := logistics.DateOf(1900, 1, 1); d <= logistics.DateOf(2300, 12, 31); d++ {
		tm := d.Time()
		if got := civilDate(tm.Year(), int(tm.Month()), tm.Day()); got != d {
			t.Fatalf("civilDate(%s): got %s, want %s", tm.Format(time.DateOnly), got, d)
		}
	}
}

func TestParseDateOrder(t *testing.T) {
	tests := []struct {
		in   string
		want DateOrder
	}{
		{"day/month", DayMonth}, {"DMY", DayMonth}, {"month/day", MonthDay}, {"m/d", MonthDay},
	}
	for _, tt := range tests {
		got, err := ParseDateOrder(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDateOrder(%q): got %v, %v, want %v", tt.in, got, err, tt.want)
		}
		if back, _ := ParseDateOrder(got.String()); back != got {
			t.Errorf("%v does not read back", got)
		}
	}
	if _, err := ParseDateOrder("year/day"); !errors.Is(err, ErrOption) {
		t.Errorf("got %v, want ErrOption", err)
	}
}
