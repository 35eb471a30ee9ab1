package reports

import (
	"strings"
	"testing"
)

func TestAppendDecimal(t *testing.T) {
	for _, tc := range []struct {
		v      int64
		digits int
		want   string
	}{
		{1230, 2, "12.3"},
		{1200, 2, "12"},
		{5, 2, "0.05"},
		{-5, 2, "-0.05"},
		{-43376, 2, "-433.76"},
		{12000, 3, "12"},
		{12345, 3, "12.345"},
		{138_700_000, 9, "0.1387"},
		{0, 2, "0"},
		{42, 0, "42"},
		{-9223372036854775808, 2, "-92233720368547758.08"},
	} {
		if got := string(appendDecimal(nil, tc.v, tc.digits)); got != tc.want {
			t.Errorf("appendDecimal(%d, %d): got %q, want %q", tc.v, tc.digits, got, tc.want)
		}
	}
}

// TestAppendCellText escapes a cell's text as excelize does: XML's five, tab and
// carriage return as references, a line break kept, a character XML cannot hold
// as U+FFFD, a literal _xHHHH_ escaped, and text over 32,767 UTF-16 units cut.
func TestAppendCellText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`a&b<c>"d'`, `a&amp;b&lt;c&gt;&#34;d&#39;`},
		{"\tx\ry\nz", "&#x9;x&#xD;y\nz"},
		{"bell\x07", "bell\uFFFD"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"_x0041_ and _x00G1_", "_x005F_x0041_ and _x00G1_"}, // reads back as _x0041_
		{"中文 ok", "中文 ok"},
		{"=SUM(A1)", "=SUM(A1)"},
	} {
		if got := string(appendCellText(nil, tc.in)); got != tc.want {
			t.Errorf("appendCellText(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
	long := strings.Repeat("ab", 20000) // 40,000 units
	if got := appendCellText(nil, long); len(got) != spendMaxCellUnits {
		t.Errorf("40,000 characters: kept %d, want %d", len(got), spendMaxCellUnits)
	}
	emoji := strings.Repeat("😀", 20000) // two units each: 16,383 fit
	if got := appendCellText(nil, emoji); len(got) != 16383*4 {
		t.Errorf("20,000 emoji: kept %d bytes, want %d", len(got), 16383*4)
	}
}

// TestWriteSpendTextReadsBack: text the register encodes itself reads back as it
// was written.
func TestWriteSpendTextReadsBack(t *testing.T) {
	rows := spendTestRows(5, 9)
	texts := []string{"_x0041_", " lead and trail ", "two\nlines", "中文 & <b>", "\tTAB"}
	for i, s := range texts {
		rows[i].Ref = s
	}
	f := openSpend(t, writeSpendFile(t, spendTestMeta(), rows))
	for i, want := range texts {
		got, err := f.GetCellValue(SheetOrders, spendCellName(i+2, ocRef))
		if err != nil || got != want {
			t.Errorf("Orders row %d: got %q (%v), want %q", i+2, got, err, want)
		}
	}
}
