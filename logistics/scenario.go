package logistics

import (
	"errors"
	"fmt"
	"math/big"
)

// Defaults of a scenario's settings (SPEC §9).
const (
	DefaultCoverDays      = 30
	DefaultCapitalCostPct = 25 // per year
)

// Scenario asks "stock these SKUs in this warehouse" of an order history (SPEC §9).
type Scenario struct {
	Warehouse      string
	SKUs           []string
	From, To       Date // the history, inclusive
	CoverDays      int  // days of demand the stock must cover
	CapitalCostPct Dec  // yearly cost of the capital tied, in percent
}

// HistoryOrder is an order of a scenario's history (not cancelled, dated in the
// period) with what its recorded decision chose.
type HistoryOrder struct {
	Order    Order
	Assigned bool  // the recorded decision chose an option
	Baseline int64 // that option's total, base-currency minor units
}

// ScenarioResult is what a scenario gives (SPEC §9, §11). Money is in base-currency
// minor units.
type ScenarioResult struct {
	Scenario
	Days        int // D: days in the period
	OrdersMoved int
	NewlyServed int // orders the plan left unassigned that the warehouse would serve
	Savings     int64
	// Storage and Headhaul are the warehouse option's components summed over the
	// moved orders (inside Savings, shown apart).
	Storage, Headhaul  int64
	MonthlySavings     int64
	Stock              []ScenarioStock // per SKU of the scenario, in its order
	CapitalTied        int64
	MonthlyCapitalCost int64
	MonthlyNet         int64
	// PaybackTenths is the payback in tenths of a month; HasPayback is false when
	// the monthly net is not positive.
	PaybackTenths int64
	HasPayback    bool
	Moved         []MovedOrder
}

// ScenarioStock is the stock a scenario needs of one SKU.
type ScenarioStock struct {
	SKU         string
	UnitsMoved  int64
	StockNeeded int64
	UnitCost    Dec    // as the products sheet gives it, in Currency
	Currency    string // of UnitCost
	Rate        Dec    // units of the base currency per unit of Currency, valid on To (1 for the base currency)
	UnitCapital int64  // UnitCost in base-currency minor units, at Rate
	Capital     int64  // StockNeeded units, rounded once
}

// MovedOrder is an order the scenario moves to the warehouse.
type MovedOrder struct {
	Order    *Order
	Baseline int64
	Total    int64 // the warehouse option's
	Saving   int64
	// Storage and Headhaul are the warehouse option's components (inside Total).
	Storage, Headhaul int64
}

// Errors of Engine.Scenario.
var (
	ErrUnknownWarehouse = errors.New("no such warehouse in the rate book")
	ErrUnknownProduct   = errors.New("no such SKU among the products")
	ErrEmptyPeriod      = errors.New("the period is empty")
	ErrNotServed        = errors.New("the warehouse serves none of the destinations of the period's orders")
)

// Scenario works out sc over the history orders (SPEC §9): an order moves when every
// line's SKU is among sc.SKUs, the warehouse's option for it — priced as §5 prices
// it, the warehouse holding enough stock — is feasible, keeps the promise and costs
// less than the order's recorded decision; an order the plan left unassigned that
// the option would serve is newly served, with no saving. From the moved orders
// come the stock needed per SKU to cover sc.CoverDays of their demand, the capital
// it ties (unit cost at the FX rate valid on sc.To) and its monthly cost, the
// monthly net saving and the payback; every figure is rounded half away from zero
// to the base minor unit from exact values.
func (e *Engine) Scenario(sc Scenario, history []HistoryOrder) (ScenarioResult, error) {
	return e.ScenarioOf(sc, history, PeriodFacts{})
}

// PeriodFacts is what Engine.ScenarioOf is told of the period's orders that it is
// not given.
type PeriodFacts struct {
	// HasOrders: the period has orders (not cancelled) besides the given ones.
	HasOrders bool
	// Served, if not nil, reports whether the warehouse serves the destination of
	// one of the period's orders (Engine.Serves); it is called only when none of
	// the given orders is served.
	Served func() (bool, error)
}

// ScenarioOf is Scenario over a history of which it is given only some orders —
// at least every order of the period whose lines are all of sc.SKUs, the only ones
// that can move — and told the rest by facts: whether the period has other orders,
// and whether the warehouse serves one of them. It gives what Scenario gives over
// the whole history.
func (e *Engine) ScenarioOf(sc Scenario, history []HistoryOrder, facts PeriodFacts) (ScenarioResult, error) {
	res := ScenarioResult{Scenario: sc}
	wh := e.warehouse(sc.Warehouse)
	if wh == nil {
		return res, fmt.Errorf("%w: %q", ErrUnknownWarehouse, sc.Warehouse)
	}
	mode := ModeWarehouse
	if wh.Kind == Forward {
		mode = ModeLocal
	}
	if sc.To < sc.From || sc.From == NoDate || sc.To == NoDate {
		return res, ErrEmptyPeriod
	}
	res.Days = int(sc.To-sc.From) + 1
	units := make(map[string]int64, len(sc.SKUs))
	for _, s := range sc.SKUs {
		if _, ok := e.products[s]; !ok {
			return res, fmt.Errorf("%w: %q", ErrUnknownProduct, s)
		}
		units[s] = 0
	}
	var p parcel
	served := false // the warehouse serves the destination of an order of the period
	inPeriod := 0
	for i := range history {
		h := &history[i]
		o := &h.Order
		if o.Date < sc.From || o.Date > sc.To {
			continue
		}
		inPeriod++
		served = served || wh.serves(o.Country, NormalizePostal(o.PostalCode))
		if len(o.Lines) == 0 || !allIn(o.Lines, units) {
			continue
		}
		p = parcel{}
		e.measure(o, &p)
		if p.unknown || p.overflow || !wh.serves(o.Country, p.postal) {
			continue
		}
		e.comply(o.Country, &p)
		opt := e.warehouseOption(wh, mode, o, &p)
		if !opt.Feasible || !keeps(&opt, o.PromisedDays) {
			continue
		}
		if !h.Assigned {
			res.NewlyServed++
			continue
		}
		if opt.Total >= h.Baseline {
			continue
		}
		res.OrdersMoved++
		saving := h.Baseline - opt.Total
		res.Savings += saving
		res.Storage += opt.Components.Storage
		res.Headhaul += opt.Components.Headhaul
		res.Moved = append(res.Moved, MovedOrder{Order: o, Baseline: h.Baseline, Total: opt.Total, Saving: saving,
			Storage: opt.Components.Storage, Headhaul: opt.Components.Headhaul})
		for _, l := range o.Lines {
			units[l.SKU] += l.Qty
		}
	}
	if inPeriod == 0 && !facts.HasOrders {
		return res, fmt.Errorf("%w: no orders from %s to %s", ErrEmptyPeriod, sc.From, sc.To)
	}
	if !served && facts.Served != nil {
		var err error
		if served, err = facts.Served(); err != nil {
			return res, err
		}
	}
	if !served {
		return res, fmt.Errorf("%w: %s", ErrNotServed, sc.Warehouse)
	}
	D := big.NewInt(int64(res.Days))
	var err error
	// monthly_savings = Σ saving × 365 / (12 × D)
	if res.MonthlySavings, err = roundRat(big.NewInt(0).Mul(big.NewInt(res.Savings), big.NewInt(365)), big.NewInt(0).Mul(big.NewInt(12), D)); err != nil {
		return res, err
	}
	for _, s := range sc.SKUs {
		pr := e.products[s]
		st := ScenarioStock{SKU: s, UnitsMoved: units[s], UnitCost: pr.UnitCost, Currency: pr.Currency}
		// stock_needed = ⌈units_moved × cover_days / D⌉
		n := units[s] * int64(sc.CoverDays)
		st.StockNeeded = (n + int64(res.Days) - 1) / int64(res.Days)
		if st.Rate, err = e.costRate(pr, sc.To); err != nil {
			return res, fmt.Errorf("capital of %s: %w", s, err)
		}
		if st.UnitCapital, err = e.capital(1, pr, sc.To); err != nil {
			return res, fmt.Errorf("capital of %s: %w", s, err)
		}
		if st.Capital, err = e.capital(st.StockNeeded, pr, sc.To); err != nil {
			return res, fmt.Errorf("capital of %s: %w", s, err)
		}
		res.CapitalTied += st.Capital
		res.Stock = append(res.Stock, st)
	}
	// monthly_capital_cost = capital_tied × capital_cost_pct / 100 / 12
	num := big.NewInt(0).Mul(big.NewInt(res.CapitalTied), big.NewInt(int64(sc.CapitalCostPct)))
	if res.MonthlyCapitalCost, err = roundRat(num, big.NewInt(0).Mul(big.NewInt(DecScale), big.NewInt(1200))); err != nil {
		return res, err
	}
	res.MonthlyNet = res.MonthlySavings - res.MonthlyCapitalCost
	if res.MonthlyNet > 0 {
		// payback_months = capital_tied / monthly_net, to one decimal
		res.HasPayback = true
		if res.PaybackTenths, err = roundRat(big.NewInt(0).Mul(big.NewInt(res.CapitalTied), big.NewInt(10)), big.NewInt(res.MonthlyNet)); err != nil {
			return res, err
		}
	}
	return res, nil
}

// warehouse is the overseas or forward warehouse id (nil: none).
func (e *Engine) warehouse(id string) *warehouse {
	for _, w := range e.warehouses {
		if w.ID == id {
			return w
		}
	}
	return nil
}

// Serves reports whether the warehouse id serves a destination (§4 serves: the
// country, or CC:prefix with a matching postal prefix); false for an unknown id.
func (e *Engine) Serves(id, country, postalCode string) bool {
	w := e.warehouse(id)
	return w != nil && w.serves(country, NormalizePostal(postalCode))
}

// allIn reports whether every line's SKU is a key of skus.
func allIn(lines []Line, skus map[string]int64) bool {
	for _, l := range lines {
		if _, ok := skus[l.SKU]; !ok {
			return false
		}
	}
	return true
}

// costRate is the FX rate of the product's unit cost valid on d: units of the base
// currency per unit (1 for the base currency, and for a product without a cost).
func (e *Engine) costRate(pr *product, d Date) (Dec, error) {
	if pr.cur == nil || pr.cur.base || pr.UnitCost == 0 {
		return DecScale, nil
	}
	r, ok := pr.cur.rate(d)
	if !ok {
		return 0, fmt.Errorf("no FX rate for %s on %s", pr.cur.code, d)
	}
	return r, nil
}

// capital is n units of the product at its unit cost, converted to the base
// currency at the rate valid on d and rounded once.
func (e *Engine) capital(n int64, pr *product, d Date) (int64, error) {
	if n == 0 || pr.UnitCost == 0 {
		return 0, nil
	}
	rate, err := e.costRate(pr, d)
	if err != nil {
		return 0, err
	}
	// n × unit_cost × rate × 10^base digits / (10⁹ × 10⁹)
	num := big.NewInt(n)
	num.Mul(num, big.NewInt(int64(pr.UnitCost)))
	num.Mul(num, big.NewInt(int64(rate)))
	num.Mul(num, new(big.Int).SetUint64(pow10[e.base.digits]))
	den := big.NewInt(DecScale)
	den.Mul(den, big.NewInt(DecScale))
	return roundRat(num, den)
}
