package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"fyne.io/fyne/v2/test"

	"shipmode/demo"
	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/store"
)

func TestImportPreviewImportAndRejectedRows(t *testing.T) {
	f := shotFake()
	f.outcome = importOutcome{File: "orders.csv", RowsRead: 10, Orders: 8, Inserted: 7, Updated: 1, Rejected: 2, LeftOut: 1, RejectedFile: "/tmp/orders.csv.rejected.csv"}
	h := newHarness(t)
	src := sourceOf(f)
	planned := 0
	src.Plan = func(ctx context.Context, p func(float64)) error { planned++; return nil }
	s := newImportScreen(h.e, src)
	h.show(s.content())
	s.onFile("/tmp/orders.csv")
	h.q.drain()
	h.noErrors()
	if len(s.rows) != 3 {
		t.Fatalf("got %d preview rows, want 1 order, 1 rejected row and 1 left out", len(s.rows))
	}
	if got := s.rows[2][len(s.rows[2])-1]; !strings.HasPrefix(got, "Left out as the file says — order-status: ") {
		t.Errorf("got %q for the row left out, want it said as left out, not rejected", got)
	}
	if !strings.Contains(s.previewMsg.Text, "Amazon order report") {
		t.Errorf("got preview message %q, want the detected layout", s.previewMsg.Text)
	}
	// the table cuts a long reason; selecting its row says it in full
	s.previewTbl.Select(widget.TableCellID{Row: 1, Col: 0})
	if want := s.rows[1][len(s.rows[1])-1]; !strings.Contains(s.rowDetail.Text, want) || !strings.HasPrefix(s.rowDetail.Text, s.rows[1][0]) {
		t.Errorf("got row detail %q, want the line and the whole reason %q", s.rowDetail.Text, want)
	}
	if s.importBtn.Disabled() {
		t.Fatal("Import disabled after a good preview")
	}
	test.Tap(s.importBtn)
	if !s.bar.Visible() || !s.cancelBtn.Visible() {
		t.Errorf("no progress bar and Cancel while importing")
	}
	h.q.drain()
	h.noErrors()
	if f.importCalls != 1 {
		t.Fatalf("got %d imports, want 1", f.importCalls)
	}
	if want := "orders.csv: 10 rows read, 8 orders — 7 new, 1 updated, 0 unchanged; 2 rows rejected. 1 row left out as the file says (cancelled, or needing no shipping)."; s.result.Text != want {
		t.Errorf("got result %q, want %q", s.result.Text, want)
	}
	test.Tap(s.openRej)
	if len(h.opened) != 1 || h.opened[0] != "/tmp/orders.csv.rejected.csv" {
		t.Errorf("got opened %v, want the rejected-rows file", h.opened)
	}
	test.Tap(s.planBtn)
	h.q.drain()
	if planned != 1 {
		t.Errorf("got %d plans after tapping Plan, want 1", planned)
	}
}

func TestImportCancel(t *testing.T) {
	f := shotFake()
	h := newHarness(t)
	s := newImportScreen(h.e, sourceOf(f))
	h.show(s.content())
	s.onFile("/tmp/orders.csv")
	h.q.drain()
	test.Tap(s.importBtn)
	test.Tap(s.cancelBtn) // before the work runs: it sees a cancelled context
	h.q.drain()
	h.noErrors()
	if s.result.Text != "Import cancelled. Nothing was changed." {
		t.Errorf("got %q after cancelling", s.result.Text)
	}
}

func TestImportMappingStepForOtherLayouts(t *testing.T) {
	f := shotFake()
	f.preview = importPreview{Format: ingest.Generic, Header: []string{"Order No", "Date", "Ship Country", "Item", "Qty", "Price"},
		Problem: &ingest.ColumnError{File: "x.csv", Column: "order_ref", Reason: "missing"},
		Fields:  map[string]string{"qty": "Qty", "currency": "=EUR"}, // the reader's guesses
		Rows:    [][]string{{"", "2026-06-01", "FR", "MUG-01", "2", "9.50"}}, Lines: []int{2}}
	h := newHarness(t)
	s := newImportScreen(h.e, sourceOf(f))
	h.show(s.content())
	s.onFile("/tmp/x.csv")
	h.q.drain()
	if !s.mapBox.Visible() {
		t.Fatal("no mapping step for an unknown layout")
	}
	// every field with its guess, and the file's first rows, at once
	if !s.rawBox.Visible() || len(s.raw) != 1 || s.raw[0][3] != "MUG-01" {
		t.Errorf("got raw rows %v (shown %v), want the file's first row beside the mapping", s.raw, s.rawBox.Visible())
	}
	if got := s.setEntries["currency"].Text; got != "EUR" {
		t.Errorf("got currency value %q, want the guessed EUR", got)
	}
	if got := s.fieldOf("Qty"); got != "qty" {
		t.Errorf("got column Qty read as %q, want qty", got)
	}
	if !s.importBtn.Disabled() {
		t.Errorf("Import enabled before the columns are mapped")
	}
	s.mapSels["order_ref"].SetSelected("Order No")
	h.q.drain()
	opt := f.importOpts[len(f.importOpts)-1]
	if opt.Map["order_ref"] != "Order No" {
		t.Errorf("got map %v, want order_ref=Order No", opt.Map)
	}
	if opt.Map["qty"] != "Qty" {
		t.Errorf("got map %v, want the guessed qty=Qty", opt.Map)
	}
}

func rateBookFake() *fakeStore {
	f := &fakeStore{rb: demo.RateBook(), versions: []store.RateBookVersion{{ID: 1, Source: "demo"}}}
	return f
}

func TestRateBookEditSavesAValidatedVersion(t *testing.T) {
	f := rateBookFake()
	h := newHarness(t)
	s := newRateBookScreen(h.e, f)
	h.show(s.content())
	h.q.drain()
	h.noErrors()
	sh := s.currentSheet()
	if sh == nil || len(sh.Rows) < 2 || sh.Rows[0][0] != "service_id" {
		t.Fatalf("services sheet not shown: %v", sh)
	}
	col := indexOf(sh.Rows[0], "transit_max_days")
	id := sh.Rows[1][0]
	s.saveEdit(logistics.SheetServices, 1, col, "33")
	h.q.drain()
	h.noErrors()
	if len(f.saved) != 1 {
		t.Fatalf("got %d saved versions, want 1", len(f.saved))
	}
	found := false
	for _, svc := range f.saved[0].Services {
		if svc.ID == id {
			found = true
			if svc.TransitMaxDays != 33 {
				t.Errorf("got transit_max_days %d for %s, want 33", svc.TransitMaxDays, id)
			}
		}
	}
	if !found {
		t.Errorf("service %s missing from the saved rate book", id)
	}
	if len(s.versions) != 2 {
		t.Errorf("got %d versions listed after saving, want 2", len(s.versions))
	}
}

func TestRateBookEditRejectsAnInvalidCell(t *testing.T) {
	f := rateBookFake()
	h := newHarness(t)
	s := newRateBookScreen(h.e, f)
	h.show(s.content())
	h.q.drain()
	sh := s.currentSheet()
	status := s.status.Text
	s.saveEdit(logistics.SheetServices, 1, indexOf(sh.Rows[0], "currency"), "XYZ")
	h.q.drain()
	if len(f.saved) != 0 {
		t.Fatalf("an invalid rate book was saved")
	}
	if s.status.Text == status || status == "" {
		t.Errorf("status after a refused edit: got %q, want it to say the cell kept what was typed", s.status.Text)
	}
	var rbErr *ingest.RateBookError
	if len(h.errs) != 0 || !errors.As(s.refusal, &rbErr) {
		t.Fatalf("got errors %v and refusal %v, want a rate-book error on the screen, no dialog", h.errs, s.refusal)
	}
	if msg := s.problems.Text; !strings.Contains(msg, "Carrier services, row 2, Currency") {
		t.Errorf("got problems %q, want the problem located at its cell", msg)
	}
}

func TestRateBookImportAndExport(t *testing.T) {
	f := rateBookFake()
	h := newHarness(t)
	s := newRateBookScreen(h.e, f)
	h.show(s.content())
	h.q.drain()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	s.onExport(path)
	h.q.drain()
	h.noErrors()
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		t.Fatalf("no workbook exported: %v", err)
	}
	s.onImport(path)
	h.q.drain()
	h.noErrors()
	if len(f.saved) != 1 || len(f.saved[0].Services) != len(demo.RateBook().Services) {
		t.Errorf("got %d saved rate books, want the imported one", len(f.saved))
	}
}

func TestReportsExportWritesTheWorkbook(t *testing.T) {
	f := &fakeStore{}
	h := newHarness(t)
	src := sourceOf(f)
	var from, to logistics.Date
	src.WriteReport = func(ctx context.Context, path string, a, b logistics.Date, summary bool, progress func(int)) error {
		from, to = a, b
		progress(1)
		return os.WriteFile(path, []byte("xlsx"), 0o644)
	}
	s := newReportsScreen(h.e, src)
	h.show(s.content())
	s.periodSel.SetSelectedIndex(6) // last year
	h.q.drain()
	if s.scope.Text != "The workbook will list 0 orders." {
		t.Errorf("got scope %q", s.scope.Text)
	}
	path := filepath.Join(t.TempDir(), "spend.xlsx")
	s.onExport(path)
	h.q.drain()
	h.noErrors()
	if from != logistics.DateOf(2025, 1, 1) || to != logistics.DateOf(2025, 12, 31) {
		t.Errorf("got period %v..%v, want 2025", from, to)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "xlsx" {
		t.Fatalf("got file %q, %v", b, err)
	}
	test.Tap(s.openFolder)
	if len(h.opened) != 1 || h.opened[0] != filepath.Dir(path) {
		t.Errorf("got opened %v, want the containing folder", h.opened)
	}
}

func TestReportsExportFailureLeavesNoFile(t *testing.T) {
	h := newHarness(t)
	src := sourceOf(&fakeStore{})
	src.WriteReport = func(ctx context.Context, path string, a, b logistics.Date, summary bool, progress func(int)) error {
		return errBoom
	}
	s := newReportsScreen(h.e, src)
	h.show(s.content())
	path := filepath.Join(t.TempDir(), "spend.xlsx")
	s.onExport(path)
	h.q.drain()
	if len(h.errs) != 1 {
		t.Fatalf("got %d errors shown, want 1", len(h.errs))
	}
	if s.openFolder.Visible() {
		t.Errorf("Open folder offered after a failed export")
	}
}

// fakeLook records what the settings screen asks of the window.
type fakeLook struct {
	lang, theme string
	reloads     int
}

func (l *fakeLook) setLanguage(lang string) { l.lang = lang }
func (l *fakeLook) setTheme(v string)       { l.theme = v }
func (l *fakeLook) currentLanguage() string { return langEnglish }
func (l *fakeLook) currentTheme() string    { return themeSystem }
func (l *fakeLook) reload()                 { l.reloads++ }

func TestSettingsScreen(t *testing.T) {
	f := rateBookFake()
	h := newHarness(t)
	src := sourceOf(f)
	var backedUp, restored string
	src.Backup = func(ctx context.Context, p string) error { backedUp = p; return nil }
	src.Restore = func(ctx context.Context, p string) error { restored = p; return nil }
	look := &fakeLook{}
	s := newSettingsScreen(h.e, src, look)
	h.show(s.content())
	h.q.drain()
	h.noErrors()
	if s.currency.Text != f.rb.Settings.BaseCurrency {
		t.Errorf("got base currency %q, want %q", s.currency.Text, f.rb.Settings.BaseCurrency)
	}
	s.themeSel.SetSelected("Dark")
	if look.theme != themeDark {
		t.Errorf("got theme %q, want dark", look.theme)
	}
	if s.cover.Text != "30" || s.capital.Text != "25" || s.tolAbs.Text != "0.5" || s.tolPct.Text != "2" {
		t.Errorf("got cover %q, capital %q, tolerance %q and %q; want the defaults 30, 25, 0.5 and 2",
			s.cover.Text, s.capital.Text, s.tolAbs.Text, s.tolPct.Text)
	}
	s.handling.SetText("3")
	s.cover.SetText("45")
	s.capital.SetText("12.5")
	s.tolPct.SetText("3")
	test.Tap(s.saveBook)
	h.q.drain()
	h.noErrors()
	if len(f.saved) != 1 {
		t.Fatalf("got %d saved versions, want 1", len(f.saved))
	}
	if st := f.saved[0].Settings; st.OriginHandlingDays != 3 || st.CoverDays != 45 || st.CapitalCostPct != logistics.DecInt(25)/2 ||
		st.InvoiceTolerancePct != logistics.DecInt(3) || st.InvoiceToleranceAbs != logistics.DecScale/2 {
		t.Errorf("got saved settings %+v, want 3 handling days, 45 cover days, 12.5 %% capital cost, tolerance 0.5 and 3 %%", st)
	}
	s.onBackup("/tmp/b.db")
	h.q.drain()
	if backedUp != "/tmp/b.db" || !strings.Contains(s.backupMsg.Text, "/tmp/b.db") {
		t.Errorf("got backup %q, message %q", backedUp, s.backupMsg.Text)
	}
	s.onRestore("/tmp/b.db")
	h.q.drain()
	if restored != "/tmp/b.db" || look.reloads != 1 {
		t.Errorf("got restore %q and %d reloads, want the file and 1", restored, look.reloads)
	}
	if !overlayHas(h.w, "restored from /tmp/b.db") {
		t.Error("no confirmation after the restore")
	}
}

// overlayHas reports whether the window's top overlay (a dialog) shows text.
func overlayHas(w fyne.Window, text string) bool {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	found := false
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			found = found || strings.Contains(x.Text, text)
		case *widget.RichText:
			found = found || strings.Contains(x.String(), text)
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(top)
	return found
}

func TestSettingsRejectsABadCurrency(t *testing.T) {
	f := rateBookFake()
	h := newHarness(t)
	s := newSettingsScreen(h.e, sourceOf(f), &fakeLook{})
	h.show(s.content())
	h.q.drain()
	s.currency.SetText("EURO")
	test.Tap(s.saveBook)
	h.q.drain()
	if len(f.saved) != 0 || len(h.errs) != 1 {
		t.Errorf("got %d saved and %d errors, want 0 and 1", len(f.saved), len(h.errs))
	}
}

func TestConsolidationScreenShowsDepartures(t *testing.T) {
	f := shotFake()
	h := newHarness(t)
	s := newConsolidationScreen(h.e, f)
	h.show(s.content())
	h.q.drain()
	h.noErrors()
	if len(s.rows) != 3 {
		t.Fatalf("got %d departures, want 3", len(s.rows))
	}
	tests := []struct {
		row  int
		key  string
		want string
	}{
		{1, "cons.batchKg", "19.25"},
		{1, "cons.missing", "0.75 kg short of the 20 kg tier"},
		{1, "cons.saving", "32.73 USD"},
		{2, "cons.missing", "best tier reached"},
	}
	for _, tt := range tests {
		col := -1
		for i, c := range departureColumns {
			if c.key == tt.key {
				col = i
			}
		}
		if got := s.cellText(tt.row, col); got != tt.want {
			t.Errorf("row %d %s: got %q, want %q", tt.row, tt.key, got, tt.want)
		}
	}
}
