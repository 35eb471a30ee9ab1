package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"shipmode/logistics"
)

// The Reports screen's summary checkbox asks for a summary workbook, and the status
// names both files written.
func TestReportsExportSummaryWorkbook(t *testing.T) {
	h := newHarness(t)
	src := sourceOf(&fakeStore{})
	var asked []bool
	src.WriteReport = func(ctx context.Context, path string, a, b logistics.Date, summary bool, progress func(int)) error {
		asked = append(asked, summary)
		return os.WriteFile(path, []byte("xlsx"), 0o644)
	}
	s := newReportsScreen(h.e, src)
	h.show(s.content())
	dir := t.TempDir()
	s.onExport(filepath.Join(dir, "full.xlsx"))
	h.q.drain()
	test.Tap(s.summaryChk)
	path := filepath.Join(dir, "spend.xlsx")
	s.onExport(path)
	h.q.drain()
	h.noErrors()
	if len(asked) != 2 || asked[0] || !asked[1] {
		t.Fatalf("got summary %v, want a full workbook, then a summary one", asked)
	}
	if want := "Saved " + path + " and its orders " + filepath.Join(dir, "spend-orders.csv"); s.status.Text != want {
		t.Errorf("got status %q, want %q", s.status.Text, want)
	}
}
