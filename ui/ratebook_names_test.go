package ui

import (
	"testing"

	"shipmode/logistics"
)

// TestRateBookNamesInBothLanguages: every sheet and column of the rate book has a
// readable name in English and in Chinese, and the sources the program writes
// read as words.
func TestRateBookNamesInBothLanguages(t *testing.T) {
	for _, lang := range []string{langEnglish, langChinese} {
		e := &env{tr: newTranslator(lang)}
		for _, sc := range logistics.RateBookSheets() {
			if got := e.sheetText(sc.Name); got == sc.Name {
				t.Errorf("%s: sheet %s has no readable name", lang, sc.Name)
			}
			for _, c := range sc.Columns {
				if got := e.columnText(c); got == c {
					t.Errorf("%s: column %s.%s has no readable name", lang, sc.Name, c)
				}
			}
		}
	}
	e := &env{tr: newTranslator(langChinese)}
	tests := []struct{ source, want string }{
		{"demo", "演示数据"},
		{"edited in Shipmode", "在窗口中修改"},
		{"/home/seller/ratebook-2026.xlsx", "ratebook-2026.xlsx"}, // a file: its name
	}
	for _, tt := range tests {
		if got := e.sourceText(tt.source); got != tt.want {
			t.Errorf("sourceText(%q): got %q, want %q", tt.source, got, tt.want)
		}
	}
}
