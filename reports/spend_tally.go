package reports

import (
	"cmp"
	"slices"
	"strconv"

	"shipmode/logistics"
)

// spendModes is the number of mode slots of a tally: 0 is unassignable, then
// logistics.Modes.
const spendModes = len(logistics.Modes) + 1

// spendSums adds up the orders of one mode.
type spendSums struct {
	orders, units, chargeableG int64
	comp                       logistics.Components
	total                      int64
	direct, best               int64 // baselines (assigned orders only)
	directFallback             int64 // orders without a feasible direct option
	savings                    int64
}

// spendGroup adds up the orders of one month, country or marketplace by mode.
type spendGroup struct {
	spend  [spendModes]int64
	orders [spendModes]int64
}

func (g *spendGroup) total() (spend, orders int64) {
	for i := range g.spend {
		spend += g.spend[i]
		orders += g.orders[i]
	}
	return spend, orders
}

// spendTally is everything the summary sheets need, accumulated in the one pass
// that streams the Orders sheet. It grows only with the number of distinct months,
// countries and marketplaces.
type spendTally struct {
	orders     int
	byMode     [spendModes]spendSums
	sla        int64
	overridden int64
	invoicedN  int64
	invoiced   int64
	variance   int64
	// The Orders sheet's invoiced orders by mode slot and by month (as months).
	invByMode [spendModes]InvoiceGroup
	invMonths map[int]*InvoiceGroup
	months    map[int]*spendGroup // year×12 + month−1
	countries map[string]*spendGroup
	markets   map[string]*spendGroup
	minDate   logistics.Date
	maxDate   logistics.Date
	// versions counts the orders of each rate-book version (0: not recorded).
	versions map[int64]int64
	// used holds what priced the orders, for the Assumptions' FX and duty rows
	// (logistics.Usage): it grows with the distinct dates × destinations.
	used map[spendUseKey]struct{}
}

// spendUseKey is what an order's pricing depends on for logistics.Usage.
type spendUseKey struct {
	version           int64
	date              logistics.Date
	country, currency string
}

func newSpendTally() spendTally {
	return spendTally{
		months:    map[int]*spendGroup{},
		invMonths: map[int]*InvoiceGroup{},
		countries: map[string]*spendGroup{},
		markets:   map[string]*spendGroup{},
		versions:  map[int64]int64{},
		used:      map[spendUseKey]struct{}{},
	}
}

// spendMonth is the month key of a date: year×12 + month−1.
func spendMonth(d logistics.Date) int {
	y, m, _ := d.Time().Date()
	return y*12 + int(m) - 1
}

func spendGroupOf[K comparable](m map[K]*spendGroup, k K) *spendGroup {
	g, ok := m[k]
	if !ok {
		g = &spendGroup{}
		m[k] = g
	}
	return g
}

func (t *spendTally) add(r *SpendRow) {
	if t.orders == 0 || r.Date < t.minDate {
		t.minDate = r.Date
	}
	if t.orders == 0 || r.Date > t.maxDate {
		t.maxDate = r.Date
	}
	t.orders++
	t.versions[r.RateBookVersion]++
	t.used[spendUseKey{r.RateBookVersion, r.Date, r.Country, r.OrderCurrency}] = struct{}{}
	m := int(r.Mode)
	s := &t.byMode[m]
	s.orders++
	s.units += r.Units
	var total int64
	if m != 0 {
		total = r.Components.Total()
		s.chargeableG += r.ChargeableG
		c := r.Components
		s.comp.Freight += c.Freight
		s.comp.Surcharges += c.Surcharges
		s.comp.Fuel += c.Fuel
		s.comp.Fees += c.Fees
		s.comp.Storage += c.Storage
		s.comp.Headhaul += c.Headhaul
		s.comp.Duties += c.Duties
		s.total += total
		b := spendBaselines(r)
		s.direct += b.direct.Minor
		s.best += b.best.Minor
		if b.savings.Valid {
			s.savings += b.savings.Minor
		} else {
			s.directFallback++
		}
	}
	if r.SLARisk {
		t.sla++
	}
	if r.OverrideReason != "" {
		t.overridden++
	}
	if r.Invoiced.Valid {
		t.invoicedN++
		t.invoiced += r.Invoiced.Minor
		t.variance += r.invoiceVariance().Minor
		t.addInvoiced(r, m)
	}
	for _, g := range [...]*spendGroup{
		spendGroupOf(t.months, spendMonth(r.Date)),
		spendGroupOf(t.countries, r.Country),
		spendGroupOf(t.markets, r.Marketplace),
	} {
		g.spend[m] += total
		g.orders[m]++
	}
}

// sum adds up all modes.
func (t *spendTally) sum() spendSums {
	var a spendSums
	for _, s := range t.byMode {
		a.orders += s.orders
		a.units += s.units
		a.chargeableG += s.chargeableG
		a.comp.Freight += s.comp.Freight
		a.comp.Surcharges += s.comp.Surcharges
		a.comp.Fuel += s.comp.Fuel
		a.comp.Fees += s.comp.Fees
		a.comp.Storage += s.comp.Storage
		a.comp.Headhaul += s.comp.Headhaul
		a.comp.Duties += s.comp.Duties
		a.total += s.total
		a.direct += s.direct
		a.best += s.best
		a.directFallback += s.directFallback
		a.savings += s.savings
	}
	return a
}

// spendGroupRow is one row of a by-group sheet.
type spendGroupRow struct {
	label string
	g     spendGroup
	key   string // the Orders column's value the row adds up ("" the empty cells)
	month int    // of the By month sheet: year×12 + month−1
	other bool   // the row of the groups not listed: everything but the rows above
}

// spendTopGroupRows returns the groups by spend (then orders, then name), the first limit
// of them and, when there are more, one "Other (N …)" row adding up the rest.
func spendTopGroupRows(m map[string]*spendGroup, limit int, empty, otherNoun string) []spendGroupRow {
	rows := make([]spendGroupRow, 0, len(m))
	for k, g := range m {
		label := k
		if label == "" {
			label = empty
		}
		rows = append(rows, spendGroupRow{label: label, g: *g, key: k})
	}
	slices.SortFunc(rows, func(a, b spendGroupRow) int {
		as, ao := a.g.total()
		bs, bo := b.g.total()
		return cmp.Or(cmp.Compare(bs, as), cmp.Compare(bo, ao), cmp.Compare(a.label, b.label))
	})
	if len(rows) <= limit {
		return rows
	}
	other := spendGroupRow{other: true}
	for _, r := range rows[limit:] {
		for i := range r.g.spend {
			other.g.spend[i] += r.g.spend[i]
			other.g.orders[i] += r.g.orders[i]
		}
	}
	other.label = "Other (" + strconv.Itoa(len(rows)-limit) + " " + otherNoun + ")"
	return append(rows[:limit:limit], other)
}
