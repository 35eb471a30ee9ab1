package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// rbSheetScreen is the Rate book screen over the real operations with the example
// rate book (cli/testdata/examples/ratebook.xlsx) as version 1.
func rbSheetScreen(t *testing.T) (*harness, *rateBookScreen, *ops.Service, store.RateBookVersion) {
	t.Helper()
	src, svc := realSource(t)
	res, err := svc.ImportRateBook(context.Background(), filepath.Join("..", "cli", "testdata", "examples", "ratebook.xlsx"), nil)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	s := newRateBookScreen(h.e, src)
	h.show(s.content())
	h.q.drain()
	h.noErrors()
	return h, s, svc, res.Version
}

// showSheet shows a sheet of the rate book.
func (s *rateBookScreen) showSheet(t *testing.T, name string) {
	t.Helper()
	for i, sc := range logistics.RateBookSheets() {
		if sc.Name == name {
			s.sheetSel.SetSelectedIndex(i)
			return
		}
	}
	t.Fatalf("no sheet %s", name)
}

// cellAt is the table's cell showing k (row 1: the first under the header), entered.
func cellAt(t *testing.T, h *harness, s *rateBookScreen, k rbKey) *rbCell {
	t.Helper()
	s.table.Refresh()
	h.w.Resize(fyne.NewSize(1281, 800)) // lays out what was shown since
	h.w.Resize(fyne.NewSize(1280, 800))
	var seen []rbKey
	for _, c := range s.cells {
		seen = append(seen, c.key)
		switch {
		case c.key == k && c.Visible():
			h.w.Canvas().Focus(c)
			return c
		case c.key == k && c.label.Visible(): // read-only
			return c
		}
	}
	t.Fatalf("no cell %+v on the screen (%v)", k, seen)
	return nil
}

// confirm taps Yes in the dialog on top.
func confirm(t *testing.T, h *harness) {
	t.Helper()
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	b := findButton(top, "Yes")
	if b == nil {
		t.Fatal("no Yes in the dialog")
	}
	test.Tap(b)
	h.q.drain()
}

func currentRateBook(t *testing.T, svc *ops.Service) (logistics.RateBook, store.RateBookVersion) {
	t.Helper()
	rb, v, err := svc.DB().RateBook(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rb, v
}

func hasZone(rb logistics.RateBook, service, country string) bool {
	for _, z := range rb.Zones {
		if z.ServiceID == service && z.Country == country {
			return true
		}
	}
	return false
}

// TestRateBookAddAndDeleteRowAgainstARealStore: on the zones sheet, Add row under
// the first zone starts from its values; Germany added is stored as version 2; a
// country that is no code is refused with the form still open, what was typed kept
// and the cell named; the Germany row deleted is version 3.
func TestRateBookAddAndDeleteRowAgainstARealStore(t *testing.T) {
	h, s, svc, v1 := rbSheetScreen(t)
	s.showSheet(t, logistics.SheetZones)
	cellAt(t, h, s, rbKey{sheet: logistics.SheetZones, row: 1, col: 0}) // CN-POST-ECO FR EU1
	test.Tap(s.addBtn)
	if s.add == nil {
		t.Fatal("no Add row form")
	}
	if got := []string{s.add.entries[0].Text, s.add.entries[1].Text, s.add.entries[3].Text}; strings.Join(got, " ") != "CN-POST-ECO FR EU1" {
		t.Fatalf("the form starts from %q, want the first zone's values", got)
	}
	s.add.entries[1].SetText("DE")
	test.Tap(s.add.save)
	h.q.drain()
	h.noErrors()
	rb, v2 := currentRateBook(t, svc)
	if v2.ID != v1.ID+1 || !hasZone(rb, "CN-POST-ECO", "DE") || s.add != nil {
		t.Fatalf("after adding DE: version %d (want %d), DE stored %v, form still open %v", v2.ID, v1.ID+1, hasZone(rb, "CN-POST-ECO", "DE"), s.add != nil)
	}
	if !strings.Contains(s.status.Text, "Row 3 added: saved as version #2") {
		t.Errorf("status %q", s.status.Text)
	}
	if got := s.currentSheet().Rows[2][1]; got != "DE" {
		t.Errorf("the table's row 3 shows %q, want DE", got)
	}

	cellAt(t, h, s, rbKey{sheet: logistics.SheetZones, row: 1, col: 0})
	test.Tap(s.addBtn)
	f := s.add
	f.entries[1].SetText("Germany")
	test.Tap(f.save)
	h.q.drain()
	h.noErrors()
	if _, v := currentRateBook(t, svc); v.ID != v2.ID || s.add != f || f.entries[1].Text != "Germany" {
		t.Fatalf("a refused row: version %d (want %d), form open %v, country %q", v.ID, v2.ID, s.add == f, f.entries[1].Text)
	}
	if !strings.Contains(f.reason.Text, "Zones, row 3, Country: ") || !strings.Contains(f.reason.Text, "Germany") {
		t.Errorf("the form says %q, want the country cell of row 3 named", f.reason.Text)
	}
	f.d.Hide()

	cellAt(t, h, s, rbKey{sheet: logistics.SheetZones, row: 2, col: 1}) // the DE row
	test.Tap(s.deleteBtn)
	confirm(t, h)
	h.noErrors()
	rb, v3 := currentRateBook(t, svc)
	if v3.ID != v2.ID+1 || hasZone(rb, "CN-POST-ECO", "DE") {
		t.Errorf("after deleting row 3: version %d (want %d), DE still there %v", v3.ID, v2.ID+1, hasZone(rb, "CN-POST-ECO", "DE"))
	}
	if !strings.Contains(s.status.Text, "Row 3 deleted: saved as version #3") {
		t.Errorf("status %q", s.status.Text)
	}

	// a service that rates and zones refer to cannot go: nothing is stored, the problems are listed
	s.showSheet(t, logistics.SheetServices)
	s.deleteRow(logistics.SheetServices, 1)
	h.q.drain()
	if _, v := currentRateBook(t, svc); v.ID != v3.ID || !strings.Contains(s.problems.Text, "Zones, row 2, Service: unknown service \"CN-POST-ECO\"") ||
		!strings.Contains(s.problems.Text, "and 8 more") || !s.problems.Visible() {
		t.Errorf("deleting a service in use: version %d, problems %q", v.ID, s.problems.Text)
	}
}

// TestRateBookPasteAgainstARealStore: three rows of rates copied from Excel with a
// per-kg cell "abc" pasted over the first rates row store nothing and name that
// cell; corrected, the three rows are one new version.
func TestRateBookPasteAgainstARealStore(t *testing.T) {
	h, s, svc, v1 := rbSheetScreen(t)
	s.showSheet(t, logistics.SheetRates)
	cellAt(t, h, s, rbKey{sheet: logistics.SheetRates, row: 1, col: 0})
	clip := fyne.CurrentApp().Clipboard()
	clip.SetContent("CN-POST-ECO\tEU1\t0\t500\t16.9\t72\r\n" +
		"CN-POST-ECO\tEU1\t500\t2000\t21.4\tabc\r\n" + // row 3 of the workbook, per_kg
		"CN-POST-ECO\tEU2\t0\t500\t15.7\t66\r\n")
	test.Tap(s.pasteBtn)
	h.q.drain()
	h.noErrors()
	if _, v := currentRateBook(t, svc); v.ID != v1.ID {
		t.Fatalf("a paste with a bad cell stored version %d", v.ID)
	}
	if !strings.Contains(s.problems.Text, "Rates, row 3, Per kg: ") || !strings.Contains(s.status.Text, "Nothing was pasted") {
		t.Errorf("got problems %q and status %q, want rates row 3 per kg named", s.problems.Text, s.status.Text)
	}

	clip.SetContent(strings.Replace(clip.Content(), "abc", "63.5", 1))
	test.Tap(s.pasteBtn)
	h.q.drain()
	h.noErrors()
	rb, v := currentRateBook(t, svc)
	// 16.9 + 63.5 + 15.7: the three pasted rows, in one version
	if v.ID != v1.ID+1 || rb.Rates[0].Fixed.String() != "16.9" || rb.Rates[1].PerKg.String() != "63.5" || rb.Rates[2].Fixed.String() != "15.7" {
		t.Errorf("after the paste: version %d, rates %+v", v.ID, rb.Rates[:3])
	}
	if !strings.Contains(s.status.Text, "3 rows pasted from row 2") || s.problems.Visible() {
		t.Errorf("status %q, problems %q", s.status.Text, s.problems.Text)
	}

	// Ctrl+V in a cell pastes the block from that cell: one value over the fixed price of row 3
	c := cellAt(t, h, s, rbKey{sheet: logistics.SheetRates, row: 2, col: 4})
	clip.SetContent("22.5\t60\r\n")
	c.TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
	h.q.drain()
	h.noErrors()
	if rb, v := currentRateBook(t, svc); v.ID != v1.ID+2 || rb.Rates[1].Fixed.String() != "22.5" || rb.Rates[1].PerKg.String() != "60" {
		t.Errorf("after Ctrl+V: version %d, rate %+v", v.ID, rb.Rates[1])
	}
}

// TestRateBookRefusedEditKeepsText: a fixed price typed as "12,5" is refused: the
// cell keeps "12,5" (also after the table is drawn again), the reason is under the
// table with the cell named, nothing is stored; Esc puts the stored value back,
// and "12.5" is then stored.
func TestRateBookRefusedEditKeepsText(t *testing.T) {
	h, s, svc, v1 := rbSheetScreen(t)
	s.showSheet(t, logistics.SheetRates)
	k := rbKey{sheet: logistics.SheetRates, row: 1, col: 4}
	c := cellAt(t, h, s, k)
	if c.Text != "16.8" {
		t.Fatalf("the first fixed price shows %q, want 16.8", c.Text)
	}
	c.SetText("12,5")
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.q.drain()
	h.noErrors()
	if _, v := currentRateBook(t, svc); v.ID != v1.ID {
		t.Fatalf("a refused edit stored version %d", v.ID)
	}
	c = cellAt(t, h, s, k)
	if c.Text != "12,5" {
		t.Errorf("the refused cell shows %q, want what was typed", c.Text)
	}
	if !strings.Contains(s.problems.Text, "Rates, row 2, Fixed: ") || !strings.Contains(s.problems.Text, "12,5") || !s.problems.Visible() {
		t.Errorf("problems %q, want the fixed price of row 2 named", s.problems.Text)
	}
	if !strings.Contains(s.status.Text, "Rates, row 2, Fixed was not saved") || !strings.Contains(s.status.Text, "“16.8”") {
		t.Errorf("status %q", s.status.Text)
	}
	h.w.Canvas().Unfocus() // leaving the cell does not send the refused text again
	h.q.drain()
	if s.saving != nil {
		t.Error("leaving a refused cell saved it again")
	}

	c = cellAt(t, h, s, k)
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	c = cellAt(t, h, s, k)
	if c.Text != "16.8" || s.problems.Visible() {
		t.Errorf("after Esc: cell %q, problems %q", c.Text, s.problems.Text)
	}
	c.SetText("12.5")
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.q.drain()
	h.noErrors()
	if rb, v := currentRateBook(t, svc); v.ID != v1.ID+1 || rb.Rates[0].Fixed.String() != "12.5" {
		t.Errorf("after 12.5: version %d, fixed %s", v.ID, rb.Rates[0].Fixed)
	}
}

// TestRateBookRollBackAgainstARealStore: versions 1, 2 and 3; opening version 1
// shows its rows read-only with a banner; rolling back stores version 4 with
// version 1's content, "rolled back to version #1" in the list, and the dashboard's
// plan state out of date.
func TestRateBookRollBackAgainstARealStore(t *testing.T) {
	h, s, svc, v1 := rbSheetScreen(t)
	ctx := context.Background()
	s.showSheet(t, logistics.SheetZones)
	s.deleteRow(logistics.SheetZones, 1) // CN-POST-ECO FR: version 2
	h.q.drain()
	s.saveEdit(logistics.SheetZones, 1, 3, "EU2") // CN-POST-ECO IT in EU2: version 3
	h.q.drain()
	h.noErrors()
	if _, err := svc.Plan(ctx, ops.PlanRequest{}, nil); err != nil {
		t.Fatal(err)
	}
	if _, v := currentRateBook(t, svc); v.ID != v1.ID+2 || len(s.versions) != 3 {
		t.Fatalf("got version %d and %d listed, want 3 and 3", v.ID, len(s.versions))
	}

	s.versionList.Select(2) // newest first: version 1
	h.q.drain()
	h.noErrors()
	if s.viewing == nil || s.viewing.ID != v1.ID || !s.banner.Visible() || !s.addBtn.Disabled() {
		t.Fatalf("version 1 not open read-only: %+v, banner %v", s.viewing, s.banner.Visible())
	}
	if !strings.Contains(s.bannerText.Text, "Version #1 of") || !strings.Contains(s.bannerText.Text, "ratebook.xlsx — read only") {
		t.Errorf("banner %q", s.bannerText.Text)
	}
	c := cellAt(t, h, s, rbKey{sheet: logistics.SheetZones, row: 1, col: 1})
	if c.label.Text != "FR" || c.Visible() || !c.Disabled() {
		t.Errorf("version 1's first zone shows %q (entry shown %v), want FR read-only", c.label.Text, c.Visible())
	}

	test.Tap(s.rollBackBtn)
	confirm(t, h)
	h.noErrors()
	rb, v4 := currentRateBook(t, svc)
	if v4.ID != v1.ID+3 || v4.Hash != v1.Hash || v4.Source != "rolled back to version 1" || !hasZone(rb, "CN-POST-ECO", "FR") {
		t.Errorf("after the roll back: %+v, want version 4 with version 1's hash", v4)
	}
	if s.viewing != nil || s.banner.Visible() || !strings.Contains(s.status.Text, "Saved as version #4: rolled back to version #1") {
		t.Errorf("after the roll back: viewing %v, status %q", s.viewing, s.status.Text)
	}
	if got := s.versionText(s.versions[0]); !strings.Contains(got, "#4") || !strings.Contains(got, "rolled back to version #1") || !strings.Contains(got, "current") {
		t.Errorf("versions list says %q", got)
	}
	if st, err := svc.PlanState(ctx); err != nil || !st.RateBookChanged {
		t.Errorf("plan state after the roll back: %+v, %v, want out of date", st, err)
	}
}

// TestRateBookEditAfterAnotherDesktop: the rate book changed elsewhere after the
// screen read it; a cell typed here is refused as out of date (not as wrong), the
// screen shows the new version, the cell keeps what was typed, and Enter then
// stores it on the new version.
func TestRateBookEditAfterAnotherDesktop(t *testing.T) {
	h, s, svc, v1 := rbSheetScreen(t)
	s.showSheet(t, logistics.SheetRates)
	other, err := svc.AddRateBookRow(context.Background(), ops.RateBookRowAdd{Base: v1.ID, Sheet: logistics.SheetZones, At: 2,
		Values: []string{"CN-POST-ECO", "DE", "", "EU1"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	k := rbKey{sheet: logistics.SheetRates, row: 1, col: 4}
	c := cellAt(t, h, s, k)
	c.SetText("17.5")
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.q.drain()
	h.noErrors()
	if _, v := currentRateBook(t, svc); v.ID != other.Version.ID {
		t.Fatalf("an edit on an old version stored version %d", v.ID)
	}
	if !strings.Contains(s.problems.Text, "changed elsewhere") || s.version.ID != other.Version.ID {
		t.Errorf("problems %q, screen on version %d, want the change elsewhere said and version %d shown", s.problems.Text, s.version.ID, other.Version.ID)
	}
	if c = cellAt(t, h, s, k); c.Text != "17.5" {
		t.Errorf("the cell shows %q, want what was typed", c.Text)
	}
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.q.drain()
	h.noErrors()
	if rb, v := currentRateBook(t, svc); v.ID != other.Version.ID+1 || rb.Rates[0].Fixed.String() != "17.5" || !hasZone(rb, "CN-POST-ECO", "DE") {
		t.Errorf("after Enter again: version %d, fixed %s, DE kept %v", v.ID, rb.Rates[0].Fixed, hasZone(rb, "CN-POST-ECO", "DE"))
	}
}
