package logistics_test

import (
	"errors"
	"slices"
	"testing"

	"shipmode/logistics"
)

// TestRankSuggestions: monthly net, largest first; then payback, shortest first;
// then SKU; then warehouse id.
func TestRankSuggestions(t *testing.T) {
	r := func(sku, wh string, net, payback int64) logistics.ScenarioResult {
		return logistics.ScenarioResult{Scenario: logistics.Scenario{Warehouse: wh, SKUs: []string{sku}},
			MonthlyNet: net, PaybackTenths: payback, HasPayback: true}
	}
	got := []logistics.ScenarioResult{
		r("B", "W2", 500, 3),
		r("A", "W1", 100, 1),
		r("B", "W1", 500, 3),
		r("A", "W1", 500, 3),
		r("C", "W1", 500, 2),
		r("Z", "W9", 900, 40),
	}
	logistics.RankSuggestions(got)
	want := []string{"Z/W9", "C/W1", "A/W1", "B/W1", "B/W2", "A/W1"}
	var names []string
	for _, s := range got {
		names = append(names, s.SKUs[0]+"/"+s.Warehouse)
	}
	if !slices.Equal(names, want) {
		t.Errorf("got %v, want %v", names, want)
	}
	if got[5].MonthlyNet != 100 {
		t.Errorf("last: got net %d, want 100", got[5].MonthlyNet)
	}
}

func TestSingleSKU(t *testing.T) {
	l := func(skus ...string) []logistics.Line {
		var ls []logistics.Line
		for _, s := range skus {
			ls = append(ls, logistics.Line{SKU: s, Qty: 1})
		}
		return ls
	}
	tests := []struct {
		lines  []logistics.Line
		sku    string
		single bool
	}{
		{nil, "", false},
		{l("A"), "A", true},
		{l("A", "A"), "A", true},
		{l("A", "B"), "", false},
		{l("A", "A", "B"), "", false},
	}
	for _, tt := range tests {
		sku, ok := logistics.SingleSKU(&logistics.Order{Lines: tt.lines})
		if sku != tt.sku || ok != tt.single {
			t.Errorf("%v: got %q, %v; want %q, %v", tt.lines, sku, ok, tt.sku, tt.single)
		}
	}
}

// TestSuggest: a pair that saves is a suggestion; one that moves nothing, finds no
// order in the period or serves none of its destinations is none, without an
// error; an unknown SKU still is one. SuggestionPairs lists every product with
// every warehouse, or with the one named.
func TestSuggest(t *testing.T) {
	rb := scenarioBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	march := logistics.Scenario{Warehouse: "WH-DE", SKUs: []string{"WIDGET"}, From: date("2026-03-01"), To: date("2026-03-30"),
		CoverDays: 30, CapitalCostPct: logistics.DecInt(25)}
	// one widget by WH-DE costs 4.83 (TestScenarioByHand): against 7.00 it saves
	history := []logistics.HistoryOrder{{Order: widgets("A", "2026-03-10", 1), Assigned: true, Baseline: 700}}
	tests := []struct {
		name     string
		edit     func(*logistics.Scenario)
		baseline int64
		want     bool
		wantErr  error
	}{
		{"saves", func(*logistics.Scenario) {}, 700, true, nil},
		{"saves nothing", func(*logistics.Scenario) {}, 400, false, nil},
		{"no order in the period", func(s *logistics.Scenario) { s.From, s.To = date("2027-01-01"), date("2027-01-31") }, 700, false, nil},
		{"no destination served", func(s *logistics.Scenario) { s.Warehouse = "FW-BER" }, 700, false, nil},
		{"unknown SKU", func(s *logistics.Scenario) { s.SKUs = []string{"NOPE"} }, 700, false, logistics.ErrUnknownProduct},
	}
	for _, tt := range tests {
		sc := march
		tt.edit(&sc)
		h := slices.Clone(history)
		h[0].Baseline = tt.baseline
		hamburg := h[0].Order
		hamburg.PostalCode = "20149"
		h[0].Order = hamburg
		res, ok, err := e.Suggest(sc, h)
		if ok != tt.want || !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: got %v, %v; want %v, %v", tt.name, ok, err, tt.want, tt.wantErr)
		}
		if ok && res.MonthlyNet <= 0 {
			t.Errorf("%s: a suggestion with monthly net %d", tt.name, res.MonthlyNet)
		}
	}

	pairs, err := e.SuggestionPairs("")
	if err != nil {
		t.Fatal(err)
	}
	if want := len(rb.Products) * len(rb.Warehouses); len(pairs) != want || pairs[0].SKU > pairs[len(pairs)-1].SKU {
		t.Errorf("every pair: got %d %v, want %d by SKU", len(pairs), pairs, want)
	}
	if pairs, err := e.SuggestionPairs("WH-DE"); err != nil || len(pairs) != len(rb.Products) || pairs[0].Warehouse != "WH-DE" {
		t.Errorf("WH-DE: got %v, %v; want one pair per product", pairs, err)
	}
	if _, err := e.SuggestionPairs("WH-XX"); !errors.Is(err, logistics.ErrUnknownWarehouse) {
		t.Errorf("WH-XX: got %v, want ErrUnknownWarehouse", err)
	}
}
