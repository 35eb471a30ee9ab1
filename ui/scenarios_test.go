package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shipmode/ops"
)

// shot saves the window as name.png in the -shots folder, when one is given.
func (h *harness) shot(name string) {
	h.t.Helper()
	if *shotsDir == "" {
		return
	}
	if err := os.MkdirAll(*shotsDir, 0o755); err != nil {
		h.t.Fatal(err)
	}
	out, err := os.Create(filepath.Join(*shotsDir, name+".png"))
	if err != nil {
		h.t.Fatal(err)
	}
	defer out.Close()
	if err := png.Encode(out, h.w.Canvas().Capture()); err != nil {
		h.t.Fatal(err)
	}
}

// demoSource is the screens' source over a real database with the demo data.
func demoSource(t *testing.T, orders int) (source, *ops.Service) {
	t.Helper()
	src, svc := realSource(t)
	if _, err := svc.LoadDemo(context.Background(), ops.DemoRequest{Orders: orders, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	return src, svc
}

// TestScenariosScreenAgainstARealStore walks the Scenarios screen over the real
// operations on the demo: the UK warehouse with its two best sellers, the result
// on the tiles, a moved order's detail, the suggestions (a row opens its
// scenario), saving two scenarios, comparing, opening and deleting one.
func TestScenariosScreenAgainstARealStore(t *testing.T) {
	src, svc := demoSource(t, 3000)
	h := newHarness(t)
	s := newScenariosScreen(h.e, src)
	h.show(s.content())
	h.q.drain()
	h.noErrors()
	if len(s.choices.Warehouses) != 11 || s.demand == nil || len(s.ranked) != len(s.choices.Products) {
		t.Fatalf("loaded %d warehouses, demand %v, %d SKUs ranked", len(s.choices.Warehouses), s.demand != nil, len(s.ranked))
	}
	if !s.runBtn.Disabled() {
		t.Errorf("Run is enabled before a warehouse and SKUs are picked")
	}
	s.whSel.SetSelectedIndex(s.warehouseIndex("WH-GB-BHX"))
	// the list ranks the best sellers to Great Britain first
	if a, b := s.servedUnits(s.ranked[0]), s.servedUnits(s.ranked[len(s.ranked)-1]); a <= b || a == 0 {
		t.Errorf("ranked first %s with %d GB units, last %d", s.ranked[0], a, b)
	}
	// the two best sellers to GB that the warehouse would take orders of (the demo
	// stocks some best sellers there already: their orders go there now)
	var best []string
	for _, sku := range s.ranked {
		r, err := svc.Scenario(context.Background(), ops.ScenarioRequest{Warehouse: "WH-GB-BHX", SKUs: []string{sku}}, nil)
		if err == nil && r.OrdersMoved > 0 && len(best) < 2 {
			best = append(best, sku)
		}
	}
	if len(best) < 2 {
		t.Fatalf("no two SKUs move orders to GB: the fixture says nothing")
	}
	for _, sku := range best {
		s.pick(sku, true)
	}
	if s.runBtn.Disabled() {
		t.Fatalf("Run is disabled with a warehouse and two SKUs")
	}
	h.shot("scenarios-picked")
	test.Tap(s.runBtn)
	h.q.drain()
	h.noErrors()
	want, err := svc.Scenario(context.Background(), ops.ScenarioRequest{Warehouse: "WH-GB-BHX", SKUs: best,
		From: s.result.From, To: s.result.To}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.result == nil || s.result.MonthlyNet != want.MonthlyNet || s.result.OrdersMoved != want.OrdersMoved {
		t.Fatalf("result: got %+v, want net %d and %d moved", s.result, want.MonthlyNet, want.OrdersMoved)
	}
	if got := s.netTile.value.Text; got != money(want.MonthlyNet, "USD") {
		t.Errorf("monthly net tile: got %q, want %q", got, money(want.MonthlyNet, "USD"))
	}
	if !strings.Contains(s.status.Text, "Worked out in") {
		t.Errorf("status: got %q", s.status.Text)
	}
	h.shot("scenarios-result")
	// a moved order opens its detail
	s.tabs.SelectIndex(1)
	s.movedTable.Select(widget.TableCellID{Row: 0, Col: 1})
	h.q.drain()
	h.noErrors()
	if !hasDialogText(h.w, "Order "+s.result.Moved[0].Order.Ref) || !hasDialogText(h.w, "In WH-GB-BHX this order would cost") {
		t.Errorf("no order detail dialog for %s", s.result.Moved[0].Order.Ref)
	}
	h.shot("scenarios-order")
	closeOverlays(h.w)

	// suggestions, then one opens its scenario
	test.Tap(s.suggestBtn)
	h.q.drain()
	h.noErrors()
	if s.sug == nil || len(s.sug.Suggestions) == 0 {
		t.Fatalf("no suggestions")
	}
	h.shot("scenarios-suggestions")
	second := s.sug.Suggestions[1]
	s.sugTable.Select(widget.TableCellID{Row: 1, Col: 1})
	h.q.drain()
	h.noErrors()
	if s.result.Warehouse != second.Warehouse || !slices.Equal(s.result.SKUs, second.SKUs) || s.result.MonthlyNet != second.MonthlyNet {
		t.Errorf("suggestion 2 opened %v in %s (net %d), want %v in %s (net %d)", s.result.SKUs, s.result.Warehouse,
			s.result.MonthlyNet, second.SKUs, second.Warehouse, second.MonthlyNet)
	}
	if s.warehouse() != second.Warehouse || !slices.Equal(s.order, second.SKUs) {
		t.Errorf("controls show %s %v, want the suggestion's", s.warehouse(), s.order)
	}

	// save it and the UK one, compare, open, delete
	s.saveName.SetText("Top suggestion")
	test.Tap(s.saveBtn)
	h.q.drain()
	s.whSel.SetSelectedIndex(s.warehouseIndex("WH-GB-BHX"))
	s.setPicked(best)
	s.cover.SetText("45")
	test.Tap(s.runBtn)
	h.q.drain()
	s.saveName.SetText("UK best sellers")
	test.Tap(s.saveBtn)
	h.q.drain()
	h.noErrors()
	saved, err := svc.DB().SavedScenarios(context.Background())
	if err != nil || len(saved) != 2 || saved[1].Name != "UK best sellers" || saved[1].CoverDays != 45 {
		t.Fatalf("saved: got %+v, %v", saved, err)
	}
	s.tabs.SelectIndex(3)
	h.q.drain()
	h.noErrors()
	if len(s.compared) != 2 || s.compared[1].err != nil || s.compared[1].res.CoverDays != 45 {
		t.Fatalf("compared: got %+v", s.compared)
	}
	if got := s.cmpText(0, 2); got != "UK best sellers" {
		t.Errorf("comparison header: got %q", got)
	}
	h.shot("scenarios-saved")
	s.cmpTable.Select(widget.TableCellID{Row: 3, Col: 1})
	test.Tap(s.openBtn)
	h.q.drain()
	if s.result.Warehouse != saved[0].Warehouse || s.tabs.SelectedIndex() != 0 {
		t.Errorf("opened %s on tab %d, want %s on the result tab", s.result.Warehouse, s.tabs.SelectedIndex(), saved[0].Warehouse)
	}
	s.tabs.SelectIndex(3)
	h.q.drain()
	s.cmpTable.Select(widget.TableCellID{Row: 1, Col: 2})
	test.Tap(s.deleteBtn)
	h.q.drain()
	h.noErrors()
	if got, _ := svc.DB().SavedScenarios(context.Background()); len(got) != 1 || got[0].Name != "Top suggestion" {
		t.Errorf("after the delete: got %+v", got)
	}
}

// Cancel stops the work and says so; the result stays as it was.
func TestScenariosCancel(t *testing.T) {
	src, _ := demoSource(t, 500)
	h := newHarness(t)
	s := newScenariosScreen(h.e, src)
	h.show(s.content())
	h.q.drain()
	s.whSel.SetSelectedIndex(s.warehouseIndex("WH-US-ONT"))
	s.pick(s.ranked[0], true)
	test.Tap(s.suggestBtn)
	if !s.workRow.Visible() || !s.runBtn.Disabled() {
		t.Fatalf("while working: Cancel shown %v, Run disabled %v", s.workRow.Visible(), s.runBtn.Disabled())
	}
	test.Tap(s.cancelBtn)
	h.q.drain()
	h.noErrors()
	if s.sug != nil || s.status.Text != "Cancelled." || s.workRow.Visible() || s.runBtn.Disabled() {
		t.Errorf("after Cancel: suggestions %v, status %q, Cancel shown %v, Run disabled %v", s.sug != nil, s.status.Text, s.workRow.Visible(), s.runBtn.Disabled())
	}
}

// An empty database, and one with a rate book but no orders, say what is missing
// and offer nothing to run.
func TestScenariosEmptyDatabase(t *testing.T) {
	for _, tt := range []struct {
		name, want string
		ratebook   bool
	}{
		{"empty", "The rate book has no overseas or forward warehouse", false},
		{"no orders", "There are no orders yet", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src, svc := realSource(t)
			if tt.ratebook {
				if _, err := svc.ImportRateBook(context.Background(), filepath.Join("..", "cli", "testdata", "examples", "ratebook.xlsx"), nil); err != nil {
					t.Fatal(err)
				}
			}
			h := newHarness(t)
			s := newScenariosScreen(h.e, src)
			h.show(s.content())
			h.q.drain()
			h.noErrors()
			if tt.ratebook && s.demandText(s.ranked[0]) != "no orders in the history" {
				t.Errorf("demand of %s without orders: got %q", s.ranked[0], s.demandText(s.ranked[0]))
			}
			if !s.notice.Visible() || !strings.Contains(s.notice.Text, tt.want) {
				t.Errorf("notice: got %q (shown %v), want %q", s.notice.Text, s.notice.Visible(), tt.want)
			}
			for _, b := range []*widget.Button{s.runBtn, s.suggestBtn, s.exportBtn, s.saveBtn} {
				if !b.Disabled() {
					t.Errorf("%s is enabled", b.Text)
				}
			}
			h.shot("scenarios-" + strings.ReplaceAll(tt.name, " ", "-") + "-en")
			// and in Chinese (with the bundled CJK font), for the screenshots
			h.e.tr = newTranslator(langChinese)
			fyne.CurrentApp().Settings().SetTheme(newAppTheme(themeLight))
			zh := newScenariosScreen(h.e, src)
			h.show(zh.content())
			h.q.drain()
			if want := newTranslator(langChinese).T(map[bool]string{false: "scen.noWarehouse", true: "scen.noOrders"}[tt.ratebook]); zh.notice.Text != want {
				t.Errorf("Chinese notice: got %q, want %q", zh.notice.Text, want)
			}
			h.shot("scenarios-" + strings.ReplaceAll(tt.name, " ", "-") + "-zh")
		})
	}
}

// The window opens the Scenarios screen on a scenario when a script asks
// (Options.Scenario): the warehouse's two best sellers, then the suggestions.
func TestScenariosPreset(t *testing.T) {
	src, _ := demoSource(t, 1000)
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	q := &queue{}
	sh := startWith(a, w, src, Options{Screen: screenScenarios, Scenario: "WH-GB-BHX", ScenarioTab: scenarioTabSuggestions}, q.run)
	w.Resize(fyne.NewSize(1280, 800))
	q.drain()
	s := sh.scenarios
	if s == nil || s.result == nil || s.sug == nil {
		t.Fatalf("preset: screen %v, result %v, suggestions %v", s != nil, s != nil && s.result != nil, s != nil && s.sug != nil)
	}
	if s.result.Warehouse != "WH-GB-BHX" || len(s.result.SKUs) != 2 || s.tabs.SelectedIndex() != 2 || s.pending != nil {
		t.Errorf("preset: got %s %v on tab %d (pending %v)", s.result.Warehouse, s.result.SKUs, s.tabs.SelectedIndex(), s.pending)
	}
}

// hasDialogText reports whether an overlay of the window shows s.
func hasDialogText(w fyne.Window, s string) bool {
	for _, o := range w.Canvas().Overlays().List() {
		if hasText(o, s) {
			return true
		}
	}
	return false
}

func closeOverlays(w fyne.Window) {
	for _, o := range w.Canvas().Overlays().List() {
		w.Canvas().Overlays().Remove(o)
	}
}

func TestScale(t *testing.T) {
	tests := []struct{ lo, hi, unit, wantLo, wantHi int64 }{
		{0, 0, 100, 0, 400},               // nothing: 1 unit a step
		{0, 152730, 100, 0, 200000},       // 1,527.30 × 1.1 ≤ 4 × 500.00
		{-120000, 0, 100, -150000, 50000}, // a falling net: steps of 500.00 from −1,500.00
		{0, 3_000_000, 1, 0, 4_000_000},   // JPY: steps of 1,000,000
		{0, 99, 100, 0, 400},              // less than a unit
		{0, 1_999_999, 100, 0, 4_000_000}, // 19,999.99 × 1.1 > 4 × 5,000.00: steps of 10,000.00
	}
	for _, tt := range tests {
		lo, hi := scale(tt.lo, tt.hi, tt.unit, 4)
		if lo != tt.wantLo || hi != tt.wantHi {
			t.Errorf("scale(%d, %d, %d): got %d to %d, want %d to %d", tt.lo, tt.hi, tt.unit, lo, hi, tt.wantLo, tt.wantHi)
		}
	}
}
