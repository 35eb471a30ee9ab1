package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
	"shipmode/store"
)

func smallOrders() []store.OrderRow {
	return []store.OrderRow{
		{ID: 1, Date: logistics.DateOf(2026, 3, 1), Marketplace: "amazon", Ref: "AMZ-1", Country: "FR", Status: logistics.Open, Planned: true, Mode: logistics.ModeDirect, Option: "CN-POST", Total: 1234, Currency: "EUR"},
		{ID: 2, Date: logistics.DateOf(2026, 3, 2), Marketplace: "ebay", Ref: "EB-7", Country: "DE", Status: logistics.Open, Planned: true, Mode: logistics.ModeWarehouse, Option: "WH-PL", Total: 560, Currency: "EUR", SLARisk: true},
		{ID: 3, Date: logistics.DateOf(2026, 3, 3), Marketplace: "amazon", Ref: "AMZ-2", Country: "FR", Status: logistics.Open},
	}
}

func newOrdersHarness(t *testing.T, f *fakeStore) (*harness, *ordersScreen) {
	h := newHarness(t)
	s := newOrdersScreen(h.e, f, f, f)
	h.show(s.content())
	return h, s
}

func cellText(s *ordersScreen, row int, key string) string {
	for c, col := range orderColumns {
		if col.key == key {
			r, ok := s.rows.row(row)
			if !ok {
				return "…"
			}
			return s.cellText(r, c)
		}
	}
	return ""
}

func TestOrdersSearchFiltersTheQuery(t *testing.T) {
	f := &fakeStore{orders: smallOrders()}
	h, s := newOrdersHarness(t, f)
	h.q.drain()
	if rows, _ := s.length(); rows != 3 {
		t.Fatalf("got %d rows before searching, want 3", rows)
	}
	test.Type(s.search, "AMZ")
	h.q.drain()
	h.noErrors()
	last := f.filters[len(f.filters)-1]
	if last.Search != "AMZ" {
		t.Errorf("got search %q in the store query, want %q", last.Search, "AMZ")
	}
	if rows, _ := s.length(); rows != 2 {
		t.Errorf("got %d rows after searching AMZ, want 2", rows)
	}
	if got := s.countLabel.Text; got != "2 orders" {
		t.Errorf("got count label %q, want %q", got, "2 orders")
	}
	if got := cellText(s, 1, "col.ref"); got != "AMZ-2" {
		t.Errorf("got second row %q, want AMZ-2", got)
	}
}

func TestOrdersFilterWidgetsBuildTheStoreFilter(t *testing.T) {
	tests := []struct {
		name  string
		act   func(s *ordersScreen)
		check func(f store.OrderFilter) bool
	}{
		{"mode", func(s *ordersScreen) { s.modeSel.SetSelectedIndex(int(modeConsolidation)) }, func(f store.OrderFilter) bool { return f.Mode == logistics.ModeConsolidation }},
		{"unassignable", func(s *ordersScreen) { s.modeSel.SetSelectedIndex(int(modeUnassignable)) }, func(f store.OrderFilter) bool { return f.Unassignable && f.Mode == 0 }},
		{"status", func(s *ordersScreen) { s.statusSel.SetSelectedIndex(int(logistics.Shipped)) }, func(f store.OrderFilter) bool { return f.Status == logistics.Shipped }},
		{"sla", func(s *ordersScreen) { test.Tap(s.slaCheck) }, func(f store.OrderFilter) bool { return f.SLARisk }},
		{"country", func(s *ordersScreen) { s.countrySel.SetSelected("FR · France") }, func(f store.OrderFilter) bool { return f.Country == "FR" }},
		{"marketplace", func(s *ordersScreen) { s.marketSel.SetSelected("ebay") }, func(f store.OrderFilter) bool { return f.Marketplace == "ebay" }},
		{"period", func(s *ordersScreen) { s.periodSel.SetSelectedIndex(2) }, func(f store.OrderFilter) bool {
			return f.From == logistics.DateOf(2026, 5, 1) && f.To == logistics.DateOf(2026, 5, 31)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeStore{orders: smallOrders()}
			h, s := newOrdersHarness(t, f)
			h.q.drain()
			tt.act(s)
			h.q.drain()
			h.noErrors()
			got := f.filters[len(f.filters)-1]
			if !tt.check(got) {
				t.Errorf("got filter %+v", got)
			}
		})
	}
}

func TestOrdersTableNeverWaitsOnTheStore(t *testing.T) {
	f := &fakeStore{n: 1_000_000}
	h, s := newOrdersHarness(t, f)
	// Nothing has run yet: the table is built without touching the store.
	if f.lists+f.counts != 0 {
		t.Fatalf("got %d store calls on the UI goroutine, want 0", f.lists+f.counts)
	}
	h.q.drain()
	if rows, _ := s.length(); rows != 1_000_000 {
		t.Fatalf("got %d rows, want 1000000", rows)
	}
	if got := cellText(s, 0, "col.ref"); got != "AMZ-0000000" {
		t.Errorf("got first row %q, want AMZ-0000000", got)
	}
	// A deep row is a placeholder until its block arrives.
	deep := 765_432
	calls := f.lists + f.rowReads
	if got := cellText(s, deep, "col.ref"); got != "…" {
		t.Errorf("got %q before the block arrived, want the placeholder", got)
	}
	if f.lists+f.rowReads != calls {
		t.Errorf("the store was read on the UI goroutine")
	}
	h.q.drain()
	if got := cellText(s, deep, "col.ref"); got != "AMZ-0765432" {
		t.Errorf("got %q after the block arrived, want AMZ-0765432", got)
	}
	// The ids had arrived: the deep block was read by id, not by offset.
	if f.rowReads == 0 {
		t.Errorf("deep block read by offset, want by ids")
	}
}

func TestRowBlocksCacheStaysBoundedAndDropsStaleBlocks(t *testing.T) {
	test.NewTempApp(t)
	q := &queue{}
	var fetched []int
	fetch := func(ctx context.Context, offset, limit int) ([]int, error) {
		fetched = append(fetched, offset/blockSize)
		rows := make([]int, limit)
		for i := range rows {
			rows[i] = offset + i
		}
		return rows, nil
	}
	loaded := 0
	b := newRowBlocks(q.run, fetch, func() { loaded++ }, nil)
	for i := 0; i < 3*maxBlocks; i++ {
		b.row(i * blockSize)
		q.drain()
	}
	if n := b.lru.Len(); n != maxBlocks {
		t.Errorf("got %d cached blocks, want %d", n, maxBlocks)
	}
	if v, ok := b.row((3*maxBlocks - 1) * blockSize); !ok || v != (3*maxBlocks-1)*blockSize {
		t.Errorf("got %d, %v for the latest block, want it cached", v, ok)
	}
	// Scrolling fast past many blocks queues only the last maxWanted, newest first.
	fetched = nil
	for i := 0; i < 20; i++ {
		b.row((1000 + i) * blockSize)
	}
	q.drain()
	if len(fetched) != maxWanted || fetched[0] != 1019 {
		t.Errorf("got fetch order %v, want the %d latest blocks, newest first", fetched, maxWanted)
	}
	// A reset (new filter) drops blocks that arrive for the old query.
	b.row(5000 * blockSize)
	b.reset(fetch)
	before := loaded
	q.drain()
	if loaded != before {
		t.Errorf("a block of the old query was applied after reset")
	}
}

func TestOrdersHeaderTapSorts(t *testing.T) {
	f := &fakeStore{orders: smallOrders()}
	h, s := newOrdersHarness(t, f)
	h.q.drain()
	b := findButton(s.table, "Shipping cost")
	if b == nil {
		t.Fatal("no header button Shipping cost")
	}
	test.Tap(b)
	h.q.drain()
	if got := f.filters[len(f.filters)-1]; got.Sort != store.SortTotal || got.Desc {
		t.Fatalf("got sort %v desc %v, want SortTotal ascending", got.Sort, got.Desc)
	}
	test.Tap(findButton(s.table, "Shipping cost"))
	h.q.drain()
	if got := f.filters[len(f.filters)-1]; got.Sort != store.SortTotal || !got.Desc {
		t.Errorf("got sort %v desc %v after a second tap, want SortTotal descending", got.Sort, got.Desc)
	}
}

func detailFake() *fakeStore {
	f := &fakeStore{orders: smallOrders()}
	o := store.Order{ID: 1, Order: logistics.Order{Ref: "AMZ-1", Marketplace: "amazon", Date: logistics.DateOf(2026, 3, 1), Country: "FR",
		Lines: []logistics.Line{{SKU: "MUG", Qty: 2}}}, Status: logistics.Open}
	dec := &logistics.Decision{OrderRef: "AMZ-1", Currency: "EUR", Chosen: 1, Reason: "CN-POST is the cheapest option that keeps the promise.",
		Options: []logistics.Option{
			{Mode: logistics.ModeWarehouse, ID: "WH-PL", Feasible: false, Reason: logistics.Verbatim("does not serve FR")}, // as a plan kept it before reasons were sentences
			{Mode: logistics.ModeDirect, ID: "CN-POST", Feasible: true, TransitDays: 14, Total: 1234, Components: logistics.Components{Freight: 1000, Fuel: 234}},
		}}
	f.details = map[int64]orderDetail{1: {Order: o, Decision: dec, Titles: map[string]string{"MUG": "Ceramic mug"}}}
	return f
}

func TestOrderDetailShowsEveryOption(t *testing.T) {
	f := detailFake()
	h, s := newOrdersHarness(t, f)
	h.q.drain()
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	h.q.drain()
	h.noErrors()
	p := s.detail
	if !p.body.Visible() {
		t.Fatal("detail panel hidden after selecting an order")
	}
	if got := p.explanation.Text; got != "CN-POST is the cheapest option that keeps the promise." {
		t.Errorf("got explanation %q", got)
	}
	tests := []struct {
		row  int
		key  string
		want string
	}{
		{0, "col.note", "Not possible: does not serve FR"},
		{0, "comp.total", ""},
		{1, "col.mode", "→ Direct mail"},
		{1, "comp.freight", "10.00"},
		{1, "comp.fuel", "2.34"},
		{1, "comp.total", "12.34"},
		{1, "col.days", "14"},
	}
	for _, tt := range tests {
		col := -1
		for i, c := range optionColumns {
			if c.key == tt.key {
				col = i
			}
		}
		if got := p.optionText(tt.row, col); got != tt.want {
			t.Errorf("option %d %s: got %q, want %q", tt.row, tt.key, got, tt.want)
		}
	}
	if !hasText(p.body, "Ceramic mug") {
		t.Errorf("order lines with product titles not shown")
	}
}

func TestOverrideSaveCallsSetOverrideWithTheReason(t *testing.T) {
	f := detailFake()
	h, s := newOrdersHarness(t, f)
	h.q.drain()
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	h.q.drain()
	p := s.detail
	// Only what can be kept is offered: the warehouse option is infeasible and the
	// order has no consolidation option.
	for _, m := range []logistics.Mode{logistics.ModeWarehouse, logistics.ModeConsolidation} {
		if slices.Index(p.choices, overrideChoice{mode: m}) >= 0 {
			t.Errorf("%v offered without a feasible option", m)
		}
	}
	p.overrideSel.SetSelectedIndex(slices.Index(p.choices, overrideChoice{mode: logistics.ModeDirect}))
	test.Tap(p.save)
	h.q.drain()
	if len(f.overrides) != 0 {
		t.Fatalf("SetOverride called without a reason: %+v", f.overrides)
	}
	if got := p.saveNote.Text; got != "Please give a reason for the override." {
		t.Errorf("got note %q without a reason", got)
	}
	test.Type(p.reason, "buyer pays for a slower service")
	test.Tap(p.save)
	h.q.drain()
	h.noErrors()
	want := overrideCall{"amazon", "AMZ-1", logistics.ModeDirect, "", "buyer pays for a slower service"}
	if len(f.overrides) != 1 || f.overrides[0] != want {
		t.Fatalf("got SetOverride calls %+v, want [%+v]", f.overrides, want)
	}
	if got := p.saveNote.Text; got != "Saved. Future plans keep this order on Direct mail." {
		t.Errorf("got note %q after saving", got)
	}
	// One service of a mode, with its cost and days in the list; infeasible ones
	// are not offered.
	for i, ch := range p.choices {
		if ch.option == "" {
			continue
		}
		var opt logistics.Option
		for _, o := range p.opts {
			if o.ID == ch.option && o.Mode == ch.mode {
				opt = o
			}
		}
		if !opt.Feasible || !strings.Contains(p.overrideSel.Options[i], ch.option) || !strings.Contains(p.overrideSel.Options[i], "days") {
			t.Errorf("choice %q: feasible %v", p.overrideSel.Options[i], opt.Feasible)
		}
	}
	last := len(p.choices) - 1
	p.overrideSel.SetSelectedIndex(last)
	test.Tap(p.save)
	h.q.drain()
	if got := f.overrides[len(f.overrides)-1]; got.option != p.choices[last].option || got.option == "" {
		t.Errorf("got %+v, want the option %q", got, p.choices[last].option)
	}
}

// TestDetailShowsEveryOption: the comparison is as high as all the order's
// options (the panel scrolls, none is hidden), and a selected option is said in
// full with its reason.
func TestDetailShowsEveryOption(t *testing.T) {
	f := detailFake()
	h, s := newOrdersHarness(t, f)
	h.q.drain()
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	h.q.drain()
	h.noErrors()
	p := s.detail
	n := len(p.opts)
	if n < 2 {
		t.Fatalf("got %d options, want the fake's several", n)
	}
	rowH := widget.NewLabel("Ag").MinSize().Height
	if got := p.optionsBox.MinSize().Height; got < float32(n+1)*rowH {
		t.Errorf("comparison %v high, want at least %v for %d options and the header", got, float32(n+1)*rowH, n)
	}
	last := n - 1
	p.options.Select(widget.TableCellID{Row: last, Col: 0})
	if want := p.notes[last]; !p.optDetail.Visible() || !strings.Contains(p.optDetail.Text, want) {
		t.Errorf("got %q, want the last option's reason %q in full", p.optDetail.Text, want)
	}
}
