package logistics

import "testing"

func TestFXOn(t *testing.T) {
	d := func(day int) Date { return DateOf(2026, 3, day) }
	rb := &RateBook{Settings: Settings{BaseCurrency: "USD"}, FX: []FXRate{
		{Currency: "EUR", RateToBase: 1_080_000_000, ValidFrom: d(1)},
		{Currency: "CNY", RateToBase: 138_000_000, ValidFrom: d(1)},
		{Currency: "EUR", RateToBase: 1_100_000_000, ValidFrom: d(10)},
		{Currency: "EUR", RateToBase: 1_090_000_000, ValidFrom: d(10)}, // of equal dates the last
		{Currency: "EUR", RateToBase: 1_070_000_000, ValidFrom: d(5)},
	}}
	for _, tc := range []struct {
		cur  string
		on   Date
		want Dec
		ok   bool
	}{
		{"EUR", d(1), 1_080_000_000, true},
		{"EUR", d(4), 1_080_000_000, true},
		{"EUR", d(5), 1_070_000_000, true},
		{"EUR", d(9), 1_070_000_000, true},
		{"EUR", d(10), 1_090_000_000, true},
		{"EUR", d(31), 1_090_000_000, true},
		{"EUR", DateOf(2026, 2, 28), 0, false},
		{"CNY", d(20), 138_000_000, true},
		{"GBP", d(20), 0, false},
		{"USD", DateOf(1990, 1, 1), DecScale, true},
	} {
		row, ok := rb.FXOn(tc.cur, tc.on)
		if ok != tc.ok || row.RateToBase != tc.want {
			t.Errorf("FXOn(%s, %s): got %v %v, want %v %v", tc.cur, tc.on, row.RateToBase, ok, tc.want, tc.ok)
		}
	}
}
