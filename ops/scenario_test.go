package ops_test

import (
	"cmp"
	"context"
	"errors"
	"reflect"
	"testing"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/reports"
)

// demoService is a database with the demo rate book and n planned demo orders.
func demoService(t *testing.T, n int) *ops.Service {
	t.Helper()
	svc := open(t)
	if _, err := svc.LoadDemo(context.Background(), ops.DemoRequest{Orders: n, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	return svc
}

// TestSuggestScenarios: every suggestion has a positive monthly net, they are
// ranked as SPEC §9 says, each is the very scenario `scenario` works out for its
// pair over the whole history, Top keeps the first ones, one warehouse keeps its
// own, and one worker gives what every core gives.
func TestSuggestScenarios(t *testing.T) {
	ctx := context.Background()
	svc := demoService(t, 4000)
	var calls, last, total int64
	all, err := svc.SuggestScenarios(ctx, ops.SuggestRequest{}, func(done, tot int64) { calls++; last, total = done, tot })
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Suggestions) < 5 || all.Found != len(all.Suggestions) || all.Pairs <= all.Found {
		t.Fatalf("got %d suggestions (found %d) of %d pairs, want at least 5 of more pairs", len(all.Suggestions), all.Found, all.Pairs)
	}
	if calls < 2 || last != total || total != int64(all.Pairs) {
		t.Errorf("progress: %d calls, last %d of %d; want at least 2, ending at %d of %d", calls, last, total, all.Pairs, all.Pairs)
	}
	if all.CoverDays != 30 || all.CapitalCostPct != logistics.DecInt(25) || all.To-all.From != 89 {
		t.Errorf("got cover %d, capital %s %%, period %s to %s; want 30, 25 and 90 days", all.CoverDays, all.CapitalCostPct, all.From, all.To)
	}
	for i, s := range all.Suggestions {
		if s.MonthlyNet <= 0 || !s.HasPayback || len(s.SKUs) != 1 {
			t.Errorf("suggestion %d: monthly net %d, payback %v, SKUs %v; want a positive net with a payback, one SKU", i, s.MonthlyNet, s.HasPayback, s.SKUs)
		}
		if i == 0 {
			continue
		}
		p := all.Suggestions[i-1]
		if c := cmp.Or(cmp.Compare(s.MonthlyNet, p.MonthlyNet), cmp.Compare(p.PaybackTenths, s.PaybackTenths),
			cmp.Compare(p.SKUs[0], s.SKUs[0]), cmp.Compare(p.Warehouse, s.Warehouse)); c >= 0 {
			t.Errorf("suggestion %d (%s in %s, net %d, payback %d) does not rank after %d (%s in %s, net %d, payback %d)",
				i, s.SKUs[0], s.Warehouse, s.MonthlyNet, s.PaybackTenths, i-1, p.SKUs[0], p.Warehouse, p.MonthlyNet, p.PaybackTenths)
		}
	}
	for _, i := range []int{0, len(all.Suggestions) / 2, len(all.Suggestions) - 1} {
		s := all.Suggestions[i]
		one, err := svc.Scenario(ctx, ops.ScenarioRequest{Warehouse: s.Warehouse, SKUs: s.SKUs}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if one.MonthlyNet != s.MonthlyNet || one.OrdersMoved != s.OrdersMoved || one.CapitalTied != s.CapitalTied ||
			one.PaybackTenths != s.PaybackTenths || len(one.Moved) != len(s.Moved) {
			t.Errorf("%s in %s: suggest gives net %d, %d moved, capital %d, payback %d; scenario gives %d, %d, %d, %d",
				s.SKUs[0], s.Warehouse, s.MonthlyNet, s.OrdersMoved, s.CapitalTied, s.PaybackTenths,
				one.MonthlyNet, one.OrdersMoved, one.CapitalTied, one.PaybackTenths)
		}
	}

	top, err := svc.SuggestScenarios(ctx, ops.SuggestRequest{Top: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if top.Found != all.Found || !reflect.DeepEqual(top.Suggestions, all.Suggestions[:3]) {
		t.Errorf("top 3: got %d of %d found, want the first 3 of %d", len(top.Suggestions), top.Found, all.Found)
	}

	wh := all.Suggestions[0].Warehouse
	var want []logistics.ScenarioResult
	for _, s := range all.Suggestions {
		if s.Warehouse == wh {
			want = append(want, s)
		}
	}
	one, err := svc.SuggestScenarios(ctx, ops.SuggestRequest{Warehouse: wh, Workers: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one.Suggestions, want) {
		t.Errorf("%s alone on one worker: got %d suggestions, want the %d of the full list", wh, len(one.Suggestions), len(want))
	}

	var ie *ops.InputError
	if _, err := svc.SuggestScenarios(ctx, ops.SuggestRequest{Warehouse: "WH-NOWHERE"}, nil); !errors.As(err, &ie) || !errors.Is(err, logistics.ErrUnknownWarehouse) {
		t.Errorf("unknown warehouse: got %v, want an InputError of ErrUnknownWarehouse", err)
	}
	if _, err := svc.SuggestScenarios(ctx, ops.SuggestRequest{From: logistics.DateOf(2001, 1, 1), To: logistics.DateOf(2001, 1, 31)}, nil); !errors.As(err, &ie) || !errors.Is(err, logistics.ErrEmptyPeriod) {
		t.Errorf("a period without orders: got %v, want an InputError of ErrEmptyPeriod", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := svc.SuggestScenarios(cancelled, ops.SuggestRequest{}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
}

// TestScenarioSettings: a scenario takes cover_days and capital_cost_pct from the
// rate book; the request's cover days override the book's.
func TestScenarioSettings(t *testing.T) {
	ctx := context.Background()
	svc := demoService(t, 2000)
	req := ops.ScenarioRequest{Warehouse: "WH-DE-LEJ", SKUs: []string{"ESS-OIL-6"}}
	before, err := svc.Scenario(ctx, req, nil)
	if err != nil {
		t.Fatal(err)
	}
	if before.CoverDays != 30 || before.CapitalCostPct != logistics.DecInt(25) {
		t.Errorf("demo book: got cover %d and capital %s %%, want 30 and 25", before.CoverDays, before.CapitalCostPct)
	}
	if _, err := svc.EditRateBook(ctx, ops.RateBookEdit{Cells: []reports.CellEdit{
		{Key: logistics.KeyCoverDays, Value: "60"}, {Key: logistics.KeyCapitalCostPct, Value: "50"}}}, nil); err != nil {
		t.Fatal(err)
	}
	after, err := svc.Scenario(ctx, req, nil)
	if err != nil {
		t.Fatal(err)
	}
	if after.CoverDays != 60 || after.CapitalCostPct != logistics.DecInt(50) {
		t.Errorf("edited book: got cover %d and capital %s %%, want 60 and 50", after.CoverDays, after.CapitalCostPct)
	}
	if before.OrdersMoved > 0 && after.MonthlyCapitalCost <= before.MonthlyCapitalCost {
		t.Errorf("twice the cover at twice the rate: monthly capital cost %d, before %d; want more", after.MonthlyCapitalCost, before.MonthlyCapitalCost)
	}
	req.CoverDays = 10
	if flag, err := svc.Scenario(ctx, req, nil); err != nil || flag.CoverDays != 10 {
		t.Errorf("cover days 10 asked: got %d, %v; want 10", flag.CoverDays, err)
	}
}
