package logistics

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Engine prices orders against one rate book. It is built once per rate book by
// NewEngine, holds lookup tables only, and is safe for concurrent use.
//
// Pricing an order hashes its country and currency once (measure resolves them to
// a *dest and a *ccy); the tables behind them are slices and pointers, so
// that the per-option work follows pointers instead of hashing codes again.
type Engine struct {
	settings   Settings
	base       *ccy             // the base currency
	currencies map[string]*ccy  // every currency the rate book names
	noRate     *ccy             // an order currency the rate book does not name
	dests      map[string]*dest // every country the rate book names
	nowhere    *dest            // a country the rate book does not name
	direct     []*service       // direct services by id
	products   map[string]*product
	warehouses []*warehouse // both kinds, by id
	// serving is, per country, the warehouses whose serves names it (as a whole
	// or by postal prefixes), in the order of warehouses
	serving map[string][]serving
	lanes   map[string]*lane
	stock   map[stockKey]int64
	// stockSlot numbers the stock rows, so that planning rounds keep stock in a slice
	stockSlot map[stockKey]int32
	slotStock []int64 // on hand per slot
}

// ccy is a currency the rate book names, with what pricing needs of it.
type ccy struct {
	code   string
	digits int       // minor-unit digits
	base   bool      // the base currency: its rate is 1
	fx     []fxPoint // by valid_from
}

type fxPoint struct {
	from Date
	rate Dec
}

// dest is what the engine knows of a destination country.
type dest struct {
	// idx numbers the countries for the per-country tables of services
	// (service.zoneSets); -1: a country the rate book does not name
	idx    int
	duties []dutyRow // by valid_from
	lanes  []*lane   // lanes to the country, by id
	// rules is the compliance rule of each category: the country's own row,
	// else the "*" row
	rules map[string]*rule
}

// rule is a row of the compliance sheet with its note as a reason.
type rule struct {
	*Rule
	note *Sentence // the note in the rate book's words; nil without one
}

// dutyRow is a row of the duties sheet with its currency.
type dutyRow struct {
	Duty
	cur *ccy
}

// product is a row of the products sheet with its currency.
type product struct {
	Product
	cur *ccy
}

type stockKey struct{ warehouse, sku string }

type service struct {
	Service
	cur       *ccy
	zones     []zone     // the zones its zone rows name, in order of first use
	zoneSets  []*zoneSet // by dest.idx; nil: the country is not served
	remote    []Surcharge
	oversize  []Surcharge
	peak      []Surcharge
	forbidden []string
	// forbiddenWhy is the reason "ID does not carry CATEGORY" of each of forbidden
	forbiddenWhy []*Sentence
}

// zone is a zone of a service: its freight bands and the reason of an option
// priced in it.
type zone struct {
	name   string
	rates  []Rate    // by FromG
	reason *Sentence // "ID zone Z"
}

// zoneSet is how a service zones one country.
type zoneSet struct {
	hasCountry  bool
	countryZone int          // into service.zones, when hasCountry
	prefixes    []zonePrefix // longest prefix first
	// remote lists the remote rows that can apply in the country: its own, then
	// the rows without a country (indexes into service.remote)
	remote []int
}

// zonePrefix is a postal prefix of a country and the zone it is in.
type zonePrefix struct {
	prefix string
	zone   int // into service.zones
}

// zonesIn is how s zones country c; nil when s does not serve it.
func (s *service) zonesIn(c *dest) *zoneSet {
	if c.idx < 0 || c.idx >= len(s.zoneSets) {
		return nil
	}
	return s.zoneSets[c.idx]
}

type warehouse struct {
	Warehouse
	cur       *ccy
	dest      *dest // the warehouse's own country (bulk import duties)
	countries []string
	prefixes  [][2]string // country, prefix
	delivery  *service
	// zoneReason is "ID via SERVICE zone Z" per zone of the delivery service
	zoneReason []*Sentence
}

// serving is a warehouse that serves a country: all of it, or the postal codes
// with one of its prefixes.
type serving struct {
	wh       *warehouse
	whole    bool
	prefixes []string
}

// serves reports whether the warehouse serves postal code postal (normalised) of
// the country: warehouse.serves, for the country of sv.
func (sv *serving) serves(postal string) bool {
	if sv.whole {
		return true
	}
	for _, p := range sv.prefixes {
		if postal != "" && strings.HasPrefix(postal, p) {
			return true
		}
	}
	return false
}

type lane struct {
	Lane
	cur      *ccy
	tiers    []Tier // by FromKg ascending
	delivery *service
	weekdays [7]bool
}

// NewEngine builds the lookup tables of rb. The rate book should have passed
// Validate; references it cannot resolve make the options that use them infeasible.
func NewEngine(rb *RateBook) (*Engine, error) {
	st := rb.Settings
	if st.BaseCurrency == "" {
		st.BaseCurrency = DefaultSettings().BaseCurrency
	}
	if st.CoverDays == 0 {
		st.CoverDays = DefaultCoverDays
	}
	if err := CheckCurrency(st.BaseCurrency); err != nil {
		return nil, fmt.Errorf("base currency: %w", err)
	}
	e := &Engine{
		settings:   st,
		currencies: map[string]*ccy{},
		noRate:     &ccy{digits: 2},
		dests:      map[string]*dest{},
		nowhere:    &dest{idx: -1},
		products:   map[string]*product{},
		stock:      map[stockKey]int64{},
		lanes:      map[string]*lane{},
	}
	e.base = e.currencyOf(st.BaseCurrency)
	e.base.base = true
	for _, r := range rb.FX {
		c := e.currencyOf(r.Currency)
		c.fx = append(c.fx, fxPoint{r.ValidFrom, r.RateToBase})
	}
	for _, c := range e.currencies {
		slices.SortStableFunc(c.fx, func(a, b fxPoint) int { return int(a.from) - int(b.from) })
	}
	services := map[string]*service{}
	for i := range rb.Services {
		s := &service{Service: rb.Services[i]}
		s.cur = e.currencyOf(s.Currency)
		if s.IncrementG < 1 {
			s.IncrementG = 1
		}
		if s.VolumetricRatio == 0 {
			s.VolumetricRatio = DecInt(1)
		}
		s.forbidden = s.ForbiddenCategories
		for _, c := range s.forbidden {
			s.forbiddenWhy = append(s.forbiddenWhy, sentenceOf(rsCategory, str(s.ID), str(c)))
		}
		services[s.ID] = s
		if s.Mode == ServiceDirect {
			e.direct = append(e.direct, s)
		}
	}
	slices.SortFunc(e.direct, func(a, b *service) int { return strings.Compare(a.ID, b.ID) })
	e.zones(rb.Zones, services)
	for _, r := range rb.Rates {
		s := services[r.ServiceID]
		if s == nil {
			continue
		}
		// bands of a zone no zone row names are never looked up
		if i := slices.IndexFunc(s.zones, func(z zone) bool { return z.name == r.Zone }); i >= 0 {
			s.zones[i].rates = append(s.zones[i].rates, r)
		}
	}
	for _, s := range services {
		for i := range s.zones {
			slices.SortStableFunc(s.zones[i].rates, func(a, b Rate) int { return cmpInt64(a.FromG, b.FromG) })
		}
	}
	for _, sc := range rb.Surcharges {
		s := services[sc.ServiceID]
		if s == nil {
			continue
		}
		sc.PostalPrefix = NormalizePostal(sc.PostalPrefix)
		switch sc.Kind {
		case Remote:
			s.remote = append(s.remote, sc)
		case Oversize:
			s.oversize = append(s.oversize, sc)
		case Peak:
			s.peak = append(s.peak, sc)
		}
	}
	for _, s := range services {
		s.remoteRows(e.dests)
	}
	for i := range rb.Products {
		p := &product{Product: rb.Products[i]}
		p.cur = e.currencyOf(p.Currency)
		e.products[p.SKU] = p
	}
	for _, w := range rb.Warehouses {
		wh := &warehouse{Warehouse: w, cur: e.currencyOf(w.Currency), dest: e.dest(w.Country), delivery: services[w.DeliveryService]}
		for _, entry := range w.Serves {
			cc, prefix, ok := strings.Cut(entry, ":")
			if ok {
				wh.prefixes = append(wh.prefixes, [2]string{cc, NormalizePostal(prefix)})
			} else {
				wh.countries = append(wh.countries, entry)
			}
		}
		if wh.delivery != nil {
			for _, z := range wh.delivery.zones {
				wh.zoneReason = append(wh.zoneReason, sentenceOf(rsViaZone, str(wh.ID), str(wh.DeliveryService), str(z.name)))
			}
		}
		e.warehouses = append(e.warehouses, wh)
	}
	slices.SortFunc(e.warehouses, func(a, b *warehouse) int { return strings.Compare(a.ID, b.ID) })
	e.serving = map[string][]serving{}
	for _, wh := range e.warehouses {
		in := slices.Clone(wh.countries) // the countries it serves (a part of)
		for _, cp := range wh.prefixes {
			in = append(in, cp[0])
		}
		slices.Sort(in)
		for _, c := range slices.Compact(in) {
			sv := serving{wh: wh, whole: slices.Contains(wh.countries, c)}
			for _, cp := range wh.prefixes {
				if !sv.whole && cp[0] == c {
					sv.prefixes = append(sv.prefixes, cp[1])
				}
			}
			e.serving[c] = append(e.serving[c], sv)
		}
	}
	tiers := map[string][]Tier{}
	for _, t := range rb.Tiers {
		tiers[t.LaneID] = append(tiers[t.LaneID], t)
	}
	for _, l := range rb.Lanes {
		ln := &lane{Lane: l, cur: e.currencyOf(l.Currency), delivery: services[l.DeliveryService], tiers: tiers[l.ID]}
		if ln.Allocation == 0 {
			ln.Allocation = ByChargeable
		}
		slices.SortStableFunc(ln.tiers, func(a, b Tier) int { return cmpInt64(int64(a.FromKg), int64(b.FromKg)) })
		for _, wd := range l.DepartureWeekdays {
			ln.weekdays[wd] = true
		}
		c := e.dest(l.Destination)
		c.lanes = append(c.lanes, ln)
		if e.lanes[l.ID] == nil {
			e.lanes[l.ID] = ln
		}
	}
	for _, c := range e.dests {
		slices.SortFunc(c.lanes, func(a, b *lane) int { return strings.Compare(a.ID, b.ID) })
	}
	for _, d := range rb.Duties {
		if d.Valuation == 0 {
			d.Valuation = CIF
		}
		c := e.dest(d.Country)
		c.duties = append(c.duties, dutyRow{Duty: d, cur: e.currencyOf(d.Currency)})
	}
	for _, c := range e.dests {
		slices.SortStableFunc(c.duties, func(a, b dutyRow) int { return int(a.ValidFrom) - int(b.ValidFrom) })
	}
	e.rules(rb.Compliance)
	e.stockSlot = map[stockKey]int32{}
	for _, s := range rb.Stock {
		k := stockKey{s.WarehouseID, s.SKU}
		e.stock[k] += s.OnHand
		if _, ok := e.stockSlot[k]; !ok {
			e.stockSlot[k] = int32(len(e.slotStock))
			e.slotStock = append(e.slotStock, 0)
		}
		e.slotStock[e.stockSlot[k]] += s.OnHand
	}
	return e, nil
}

// zones builds the zones and zone sets of services from the zone rows.
func (e *Engine) zones(rows []Zone, services map[string]*service) {
	for _, z := range rows {
		s := services[z.ServiceID]
		if s == nil {
			continue
		}
		zi := slices.IndexFunc(s.zones, func(x zone) bool { return x.name == z.Zone })
		if zi < 0 {
			zi = len(s.zones)
			s.zones = append(s.zones, zone{name: z.Zone, reason: sentenceOf(rsZone, str(s.ID), str(z.Zone))})
		}
		c := e.dest(z.Country)
		if c.idx >= len(s.zoneSets) {
			s.zoneSets = append(s.zoneSets, make([]*zoneSet, c.idx+1-len(s.zoneSets))...)
		}
		zs := s.zoneSets[c.idx]
		if zs == nil {
			zs = &zoneSet{}
			s.zoneSets[c.idx] = zs
		}
		prefix := NormalizePostal(z.PostalPrefix)
		if prefix == "" {
			zs.hasCountry, zs.countryZone = true, zi
			continue
		}
		zs.prefixes = append(zs.prefixes, zonePrefix{prefix, zi})
	}
	for _, s := range services {
		for _, zs := range s.zoneSets {
			if zs != nil {
				slices.SortStableFunc(zs.prefixes, func(a, b zonePrefix) int { return len(b.prefix) - len(a.prefix) })
			}
		}
	}
}

// remoteRows lists in each zone set of s the remote rows that can apply there.
func (s *service) remoteRows(dests map[string]*dest) {
	for cc, c := range dests {
		zs := s.zonesIn(c)
		if zs == nil {
			continue
		}
		for i, sc := range s.remote {
			if sc.Country == cc {
				zs.remote = append(zs.remote, i)
			}
		}
		for i, sc := range s.remote {
			if sc.Country == "" {
				zs.remote = append(zs.remote, i)
			}
		}
	}
}

// rules gives every country its compliance rule of each category: its own row,
// else the "*" row (of repeated rows the last counts).
func (e *Engine) rules(rows []Rule) {
	anyCountry := map[string]*rule{}
	own := map[string]map[string]*rule{}
	for i := range rows {
		r := &rule{Rule: &rows[i]}
		if r.Note != "" {
			r.note = sentenceOf(rsNote, str(r.Note))
		}
		if r.Country == "*" {
			anyCountry[r.Category] = r
			continue
		}
		if own[r.Country] == nil {
			own[r.Country] = map[string]*rule{}
		}
		own[r.Country][r.Category] = r
	}
	for cc, rs := range own {
		merged := maps.Clone(anyCountry)
		maps.Copy(merged, rs)
		e.dest(cc).rules = merged
	}
	e.nowhere.rules = anyCountry
	for _, c := range e.dests {
		if c.rules == nil {
			c.rules = anyCountry
		}
	}
}

// BaseCurrency is the currency every decision is expressed in.
func (e *Engine) BaseCurrency() string { return e.settings.BaseCurrency }

// Settings returns the rate book's settings (defaults filled in).
func (e *Engine) Settings() Settings { return e.settings }

// Product returns the product of a SKU.
func (e *Engine) Product(sku string) (*Product, bool) {
	if p, ok := e.products[sku]; ok {
		return &p.Product, true
	}
	return nil, false
}

// currencyOf returns the currency of code, adding it; it is called only while building.
func (e *Engine) currencyOf(code string) *ccy {
	c := e.currencies[code]
	if c == nil {
		c = &ccy{code: code, digits: CurrencyDigits(code)}
		e.currencies[code] = c
	}
	return c
}

// dest returns the country of code, adding it; it is called only while building.
func (e *Engine) dest(code string) *dest {
	c := e.dests[code]
	if c == nil {
		c = &dest{idx: len(e.dests)}
		e.dests[code] = c
	}
	return c
}

// orderCurrency is the currency of an order's prices.
func (e *Engine) orderCurrency(code string) *ccy {
	if c := e.currencies[code]; c != nil {
		return c
	}
	return e.noRate
}

// country is an order's destination country.
func (e *Engine) country(code string) *dest {
	if c := e.dests[code]; c != nil {
		return c
	}
	return e.nowhere
}

// rate is the FX rate of c on d: the latest valid_from on or before d.
func (c *ccy) rate(d Date) (Dec, bool) {
	if c.base {
		return DecScale, true
	}
	pts := c.fx
	i, found := slices.BinarySearchFunc(pts, d, func(p fxPoint, d Date) int { return int(p.from) - int(d) })
	if found {
		// the last of equal valid_from dates wins
		for i+1 < len(pts) && pts[i+1].from == d {
			i++
		}
		return pts[i].rate, true
	}
	if i == 0 {
		return 0, false
	}
	return pts[i-1].rate, true
}

// dutyOn is the duty row of c in force on d, or nil.
func (c *dest) dutyOn(d Date) *dutyRow {
	rows := c.duties
	for i := len(rows) - 1; i >= 0; i-- {
		if rows[i].ValidFrom <= d {
			return &rows[i]
		}
	}
	return nil
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
