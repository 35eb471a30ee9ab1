package logistics_test

import (
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
