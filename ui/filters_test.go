package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// TestNoOrdersUnderFiltersSaysSoAndClears: three filters that select nothing
// are counted beside the 0, and Clear filters shows every order again.
func TestNoOrdersUnderFiltersSaysSoAndClears(t *testing.T) {
	f := &fakeStore{orders: smallOrders()}
	h, s := newOrdersHarness(t, f)
	h.q.drain()
	// FR, Warehouse and SLA risk: EB-7 is the warehouse order at risk, but in DE
	s.setFilter(store.OrderFilter{Country: "FR", Mode: logistics.ModeWarehouse, SLARisk: true})
	h.q.drain()
	h.noErrors()
	if got, want := s.countLabel.Text, "0 orders — 3 filters active"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if !s.clearBtn.Visible() {
		t.Fatal("no Clear filters beside 0 orders")
	}
	test.Tap(s.clearBtn)
	h.q.drain()
	if got, want := s.countLabel.Text, "3 orders"; got != want || s.clearBtn.Visible() {
		t.Errorf("after clearing: got %q (clear shown %v), want %q", got, s.clearBtn.Visible(), want)
	}
}

// TestCustomDateRange: a range typed as dates is the orders' period, named by
// its dates in the period choice.
func TestCustomDateRange(t *testing.T) {
	f := &fakeStore{orders: smallOrders()}
	h, s := newOrdersHarness(t, f)
	h.q.drain()
	s.setCustom(period{logistics.DateOf(2026, 3, 2), logistics.DateOf(2026, 3, 3)})
	s.onFilterChanged()
	h.q.drain()
	if s.filter.From != logistics.DateOf(2026, 3, 2) || s.filter.To != logistics.DateOf(2026, 3, 3) {
		t.Errorf("got filter %v – %v, want 2026-03-02 – 2026-03-03", s.filter.From, s.filter.To)
	}
	if got := s.periodSel.Selected; got != "2026-03-02 – 2026-03-03" {
		t.Errorf("period shows %q, want the range's dates", got)
	}
	tests := []struct {
		from, to string
		want     period
		ok       bool
	}{
		{"2026-06-01", "2026-06-30", period{logistics.DateOf(2026, 6, 1), logistics.DateOf(2026, 6, 30)}, true},
		{"2026-06-01", "", period{logistics.DateOf(2026, 6, 1), logistics.NoDate}, true}, // open end
		{"2026-06-30", "2026-06-01", allTime, false},                                     // backwards
		{"June", "", allTime, false},
	}
	for _, tt := range tests {
		if got, ok := parseRange(tt.from, tt.to); got != tt.want || ok != tt.ok {
			t.Errorf("parseRange(%q, %q): got %v, %v; want %v, %v", tt.from, tt.to, got, ok, tt.want, tt.ok)
		}
	}
}

// TestCountryNamesBesideCodes: the country filter names each code in the
// current language.
func TestCountryNamesBesideCodes(t *testing.T) {
	tests := []struct{ lang, code, want string }{
		{langEnglish, "FR", "FR · France"},
		{langChinese, "FR", "FR · 法国"},
		{langEnglish, "GB", "GB · United Kingdom"},
		{langEnglish, "??", "??"},
	}
	for _, tt := range tests {
		e := &env{tr: newTranslator(tt.lang)}
		if got := e.countryLabel(tt.code); got != tt.want {
			t.Errorf("%s %s: got %q, want %q", tt.lang, tt.code, got, tt.want)
		}
	}
	f := &fakeStore{orders: smallOrders()}
	h, s := newOrdersHarness(t, f)
	h.q.drain()
	if got := s.countrySel.Options; len(got) != 3 || got[1] != "DE · Germany" || got[2] != "FR · France" {
		t.Errorf("country choices %v, want the codes with their names", got)
	}
}

// TestBulkOverrideOfTheFilteredOrders: the orders the filters select are
// overridden with one reason through the operation; the refused ones are said
// with their reason.
func TestBulkOverrideOfTheFilteredOrders(t *testing.T) {
	f := &fakeStore{orders: smallOrders()}
	h := newHarness(t)
	s := newOrdersScreen(h.e, f, f, f)
	var got ops.BulkOverrideRequest
	s.bulk = func(ctx context.Context, r ops.BulkOverrideRequest, progress func(float64)) (ops.BulkOverrideResult, error) {
		got = r
		why := []logistics.Sentence{*logistics.Verbatim("no option of the overridden mode reaches this destination")}
		return ops.BulkOverrideResult{Saved: 1, Refused: []ops.BulkRefusal{{Order: r.Orders[1],
			Err: &ops.InputError{Err: &ops.OverrideError{Ref: r.Orders[1].Ref, Mode: r.Mode, Why: why}}}}}, nil
	}
	h.show(s.content())
	h.q.drain()
	if s.bulkBtn.Visible() {
		t.Errorf("bulk override offered for every order, without a filter")
	}
	s.setFilter(store.OrderFilter{Country: "FR"}) // AMZ-1 and AMZ-2
	h.q.drain()
	if !s.bulkBtn.Visible() {
		t.Fatal("no bulk override for the 2 filtered orders")
	}
	s.runBulk(s.filter, logistics.ModeLocal, "same day")
	h.q.drain()
	h.noErrors()
	if len(got.Orders) != 2 || got.Orders[0].Ref != "AMZ-1" || got.Orders[1].Ref != "AMZ-2" || got.Mode != logistics.ModeLocal || got.Reason != "same day" {
		t.Errorf("got request %+v, want AMZ-1 and AMZ-2 on local delivery for the reason", got)
	}
	want := "1 order kept on Local delivery.\n1 order left as it was:\nOrder AMZ-2 cannot be kept on Local delivery: no option of the overridden mode reaches this destination."
	if text := s.bulkText(logistics.ModeLocal, &ops.BulkOverrideResult{Saved: 1, Refused: []ops.BulkRefusal{{Order: got.Orders[1],
		Err: &ops.InputError{Err: &ops.OverrideError{Ref: "AMZ-2", Mode: logistics.ModeLocal, Why: []logistics.Sentence{*logistics.Verbatim("no option of the overridden mode reaches this destination")}}}}}}); !strings.HasPrefix(text, want) {
		t.Errorf("got %q, want it to start with %q", text, want)
	}
}

// TestBulkOverrideErrorsInWindowWords: too many orders, or no reason, are said
// as the window's own sentences.
func TestBulkOverrideErrorsInWindowWords(t *testing.T) {
	e := &env{tr: newTranslator(langEnglish)}
	if got := e.explain(&ops.InputError{Err: ops.ErrTooManyOrders}); !strings.HasPrefix(got, "One override takes at most 5,000 orders") {
		t.Errorf("too many: got %q", got)
	}
	if got := e.explain(&ops.InputError{Err: ops.ErrNoReason}); got != e.T("override.needReason") {
		t.Errorf("no reason: got %q", got)
	}
}

// TestTickedOrdersOverriddenTogether: ticking AMZ-1, then shift-ticking AMZ-2
// two rows below ticks the 3 rows from one to the other (the fake lists AMZ-1,
// EB-7, AMZ-2); unticking EB-7 leaves 2, overridden together with one reason.
func TestTickedOrdersOverriddenTogether(t *testing.T) {
	f := &fakeStore{orders: smallOrders()}
	h := newHarness(t)
	s := newOrdersScreen(h.e, f, f, f)
	var got ops.BulkOverrideRequest
	s.bulk = func(ctx context.Context, r ops.BulkOverrideRequest, progress func(float64)) (ops.BulkOverrideResult, error) {
		got = r
		return ops.BulkOverrideResult{Saved: len(r.Orders)}, nil
	}
	h.show(s.content())
	h.q.drain()
	if s.tickedBtn.Visible() {
		t.Errorf("override of ticked orders offered with none ticked")
	}
	if cellText(s, 0, "col.ref") != "AMZ-1" || cellText(s, 1, "col.ref") != "EB-7" || cellText(s, 2, "col.ref") != "AMZ-2" {
		t.Fatalf("rows: %q, %q, %q", cellText(s, 0, "col.ref"), cellText(s, 1, "col.ref"), cellText(s, 2, "col.ref"))
	}
	s.tick(0, true, false) // AMZ-1
	s.tick(2, true, true)  // shift: rows 0..2
	if len(s.ticked) != 3 || s.tickedBtn.Text != "Override the 3 ticked orders…" || !s.untickBtn.Visible() {
		t.Errorf("after the range: %d ticked, button %q", len(s.ticked), s.tickedBtn.Text)
	}
	s.tick(1, false, false) // EB-7
	if len(s.ticked) != 2 || s.tickedBtn.Text != "Override the 2 ticked orders…" {
		t.Errorf("after unticking EB-7: %d ticked, button %q", len(s.ticked), s.tickedBtn.Text)
	}
	s.runBulkIDs(s.tickedIDs(), logistics.ModeDirect, "customer asked")
	h.q.drain()
	h.noErrors()
	if len(got.Orders) != 2 || got.Orders[0].Ref != "AMZ-1" || got.Orders[1].Ref != "AMZ-2" || got.Reason != "customer asked" {
		t.Errorf("got request %+v, want AMZ-1 and AMZ-2 for the reason", got)
	}
	if len(s.ticked) != 0 || s.tickedBtn.Visible() {
		t.Errorf("ticks kept after the override: %d", len(s.ticked))
	}
	// a new filter unticks
	s.tick(0, true, false)
	s.setFilter(store.OrderFilter{Country: "FR"})
	h.q.drain()
	if len(s.ticked) != 0 {
		t.Errorf("ticks kept across a new filter")
	}
}
