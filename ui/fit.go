package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fitColumns sets each column of t as wide as its header (bold) and its widest
// cell, at least least[c] and at most limit: a header is read whole, and a cell cut
// at limit is said in full where its row is selected.
func fitColumns(t *widget.Table, headers []string, rows int, cell func(row, col int) string, least []float32, limit float32) {
	size := theme.TextSize()
	pad := 2*theme.InnerPadding() + 8
	for c, h := range headers {
		w := fyne.MeasureText(h, size, fyne.TextStyle{Bold: true}).Width
		for r := range rows {
			w = max(w, fyne.MeasureText(cell(r, c), size, fyne.TextStyle{}).Width)
		}
		w += pad
		if c < len(least) {
			w = max(w, least[c])
		}
		t.SetColumnWidth(c, min(w, limit))
	}
}
