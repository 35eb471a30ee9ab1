package reports

import (
	"strings"
	"testing"
)

func TestPaperFor(t *testing.T) {
	for _, tc := range []struct {
		locale string
		want   Paper
	}{
		{"en_US.UTF-8", PaperLetter},
		{"fr_CA", PaperLetter},
		{"es-MX", PaperLetter},
		{"en_PH.utf8", PaperLetter},
		{"en_us", PaperLetter},
		{"en_GB.UTF-8", PaperA4},
		{"de_DE@euro", PaperA4},
		{"zh_CN.UTF-8", PaperA4},
		{"C", PaperA4},
		{"C.UTF-8", PaperA4},
		{"", PaperA4},
	} {
		if got := PaperFor(tc.locale); got != tc.want {
			t.Errorf("PaperFor(%q): got %v, want %v", tc.locale, got, tc.want)
		}
	}
}

// TestWriteSpendPrints: every sheet prints one page wide on the paper asked for,
// with the header and footer (an ampersand of the title doubled, as a header
// needs); the register prints its first columns, up to the explanation, with its
// header row on every page.
func TestWriteSpendPrints(t *testing.T) {
	rows := spendTestRows(30, 5)
	meta := withInvoices(spendTestMeta(), rows)
	meta.Title = "R&D shipping"
	meta.Paper = PaperLetter
	f := openSpend(t, writeSpendFile(t, meta, rows))
	for _, sheet := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if deref(pl.Size) != "1" || deref(pl.FitToWidth) != "1" || deref(pl.FitToHeight) != "0" {
			t.Errorf("%s: page size %s, fit to %s wide and %s high; want Letter (1), 1 wide", sheet, deref(pl.Size), deref(pl.FitToWidth), deref(pl.FitToHeight))
		}
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil || hf == nil {
			t.Fatalf("%s: no header and footer (%v)", sheet, err)
		}
		if want := `&L&"Calibri,Bold"R&&D shipping&C&A&RPeriod 2026-03-01 to 2026-05-31`; hf.OddHeader != want {
			t.Errorf("%s: header %q, want %q", sheet, hf.OddHeader, want)
		}
		if want := "&LShipmode 1.0.0, 2026-06-01 12:00 UTC&RPage &P of &N"; hf.OddFooter != want {
			t.Errorf("%s: footer %q, want %q", sheet, hf.OddFooter, want)
		}
	}
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Scope == SheetOrders {
			names[dn.Name] = dn.RefersTo
		}
	}
	// 30 orders under the header: rows 2 to 31; the explanation is column L.
	if got, want := names["_xlnm.Print_Area"], "Orders!$A$1:$L$31"; got != want {
		t.Errorf("Orders print area: got %q, want %q", got, want)
	}
	if got, want := names["_xlnm.Print_Titles"], "Orders!$1:$1"; got != want {
		t.Errorf("Orders print titles: got %q, want %q", got, want)
	}
	if spendColName(ocPrinted) != "L" || spendOrdersColumns[ocPrinted-1].header != "Explanation" {
		t.Errorf("the last printed column is %s %q, want L, the explanation", spendColName(ocPrinted), spendOrdersColumns[ocPrinted-1].header)
	}
}

// TestSpendWrapLines counts lines by Calibri's widths (thousandths of an em): a
// column 10 wide at 11 points has room for (10 − 1.5) × 507 / 1.05 = 4,104; an
// 'a' is 479 and a space 250.
func TestSpendWrapLines(t *testing.T) {
	a8 := strings.Repeat("a", 8) // 8 × 479 = 3,832
	for _, tc := range []struct {
		text  string
		width float64
		size  int
		want  int
	}{
		{"", 10, 11, 1},
		{a8, 10, 11, 1},
		{a8 + " " + a8, 10, 11, 2},            // 3,832 + 250 + 3,832 > 4,104
		{a8 + "a", 10, 11, 2},                 // 4,311: a word longer than a line breaks
		{"aaa aaa", 10, 11, 1},                // 1,437 + 250 + 1,437 = 3,124
		{a8 + "\n" + "a", 10, 11, 2},          // a line break
		{a8 + " " + a8, 10, 9, 2},             // 9 points: room 4,104 × 11/9 = 5,016; 7,914 > 5,016
		{a8 + " " + a8 + " " + a8, 20, 11, 2}, // room (20 − 1.5) × 507 / 1.05 = 8,932: two words a line
		{strings.Repeat("a ", 40), 64, 9, 1},  // 40 × 479 + 39 × 250 = 28,910 < room 62.5 × 507 × 11/9 / 1.05 = 36,884
		{strings.Repeat("ab ", 40), 64, 9, 2}, // 40 × 1,004 + 39 × 250 = 49,910 > 36,884
		{strings.Repeat("中", 10), 10, 11, 3},  // 10,000: three lines of 4,104
		{strings.Repeat(" ", 30) + "a", 10, 11, 1},
	} {
		if got := spendWrapLines(tc.text, tc.width, tc.size); got != tc.want {
			t.Errorf("spendWrapLines(%q, %v, %d): got %d, want %d", tc.text, tc.width, tc.size, got, tc.want)
		}
	}
	// One line of 9 points (12 + 3) fits the default 15; two need 27.
	for lines, want := range map[int]float64{1: 0, 2: 27, 3: 39, 40: 409} {
		if got := spendWrapHeight(lines); got != want {
			t.Errorf("spendWrapHeight(%d): got %v, want %v", lines, got, want)
		}
	}
}

// TestWriteSpendRowHeights: a row whose explanation wraps is as tall as its lines,
// the others keep the default height.
func TestWriteSpendRowHeights(t *testing.T) {
	rows := spendTestRows(3, 6)
	rows[0].Reason = "short"
	rows[1].Reason = strings.Repeat("a long explanation of the choice ", 8) // 264 characters
	rows[2].Reason = ""
	f := openSpend(t, writeSpendFile(t, spendTestMeta(), rows))
	lines := spendWrapLines(rows[1].Reason, spendOrdersColumns[ocReason-1].width, spendSmallFont)
	if lines < 3 {
		t.Fatalf("fixture: %d lines, want a long explanation", lines)
	}
	for i, want := range []float64{15, float64(lines*12 + 3), 15} {
		got, err := f.GetRowHeight(SheetOrders, i+2)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("Orders row %d: height %v, want %v", i+2, got, want)
		}
	}
	st, err := f.GetCellStyle(SheetOrders, spendCellName(3, ocReason))
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(st)
	if err != nil {
		t.Fatal(err)
	}
	if style.Alignment == nil || !style.Alignment.WrapText || style.Alignment.Vertical != "top" || style.Font == nil || style.Font.Size != 9 {
		t.Errorf("explanation style: got %+v, font %+v; want 9 points, wrapped, top", style.Alignment, style.Font)
	}
}
