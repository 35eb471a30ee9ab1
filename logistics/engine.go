package logistics

import (
	"fmt"
	"slices"
	"strings"
)

// Engine prices orders against one rate book. It is built once per rate book by
// NewEngine, holds lookup tables only, and is safe for concurrent use.
type Engine struct {
	settings   Settings
	baseDigits int
	fx         map[string][]fxPoint
	digits     map[string]int
	services   map[string]*service
	direct     []*service // direct services by id
	products   map[string]*Product
	warehouses []*warehouse // both kinds, by id
	lanes      map[string][]*lane
	duties     map[string][]Duty
	rules      map[[2]string]*Rule
	stock      map[stockKey]int64
	// stockSlot numbers the stock rows, so that planning rounds keep stock in a slice
	stockSlot map[stockKey]int32
	slotStock []int64 // on hand per slot
}

type fxPoint struct {
	from Date
	rate Dec
}

type stockKey struct{ warehouse, sku string }

type service struct {
	Service
	digits    int
	zones     map[string]*zoneSet
	rates     map[string][]Rate
	remote    []Surcharge
	oversize  []Surcharge
	peak      []Surcharge
	forbidden []string
	// zoneReason is "ID zone Z" per zone name, built once
	zoneReason map[string]string
	// remoteBy lists the remote rows that can apply in a country: its own and the
	// rows without a country
	remoteBy map[string][]int
}

type zoneSet struct {
	hasCountry  bool
	countryZone string
	prefixes    []Zone // longest prefix first
}

type warehouse struct {
	Warehouse
	digits    int
	countries []string
	prefixes  [][2]string // country, prefix
	delivery  *service
	// zoneReason is "ID via SERVICE zone Z" per zone of the delivery service
	zoneReason map[string]string
}

type lane struct {
	Lane
	digits   int
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
	if err := CheckCurrency(st.BaseCurrency); err != nil {
		return nil, fmt.Errorf("base currency: %w", err)
	}
	e := &Engine{
		settings: st,
		fx:       map[string][]fxPoint{},
		digits:   map[string]int{},
		services: map[string]*service{},
		products: map[string]*Product{},
		lanes:    map[string][]*lane{},
		duties:   map[string][]Duty{},
		rules:    map[[2]string]*Rule{},
		stock:    map[stockKey]int64{},
	}
	e.baseDigits = e.currencyDigits(st.BaseCurrency)
	for _, r := range rb.FX {
		e.fx[r.Currency] = append(e.fx[r.Currency], fxPoint{r.ValidFrom, r.RateToBase})
	}
	for cur := range e.fx {
		e.currencyDigits(cur)
	}
	for _, pts := range e.fx {
		slices.SortStableFunc(pts, func(a, b fxPoint) int { return int(a.from) - int(b.from) })
	}
	for i := range rb.Services {
		s := &service{Service: rb.Services[i], zones: map[string]*zoneSet{}, rates: map[string][]Rate{}}
		s.digits = e.currencyDigits(s.Currency)
		if s.IncrementG < 1 {
			s.IncrementG = 1
		}
		if s.VolumetricRatio == 0 {
			s.VolumetricRatio = DecInt(1)
		}
		s.forbidden = s.ForbiddenCategories
		e.services[s.ID] = s
		if s.Mode == ServiceDirect {
			e.direct = append(e.direct, s)
		}
	}
	slices.SortFunc(e.direct, func(a, b *service) int { return strings.Compare(a.ID, b.ID) })
	for _, z := range rb.Zones {
		s := e.services[z.ServiceID]
		if s == nil {
			continue
		}
		if s.zoneReason == nil {
			s.zoneReason = map[string]string{}
		}
		s.zoneReason[z.Zone] = phraseText(rsZone, str(s.ID), str(z.Zone))
		zs := s.zones[z.Country]
		if zs == nil {
			zs = &zoneSet{}
			s.zones[z.Country] = zs
		}
		prefix := NormalizePostal(z.PostalPrefix)
		if prefix == "" {
			zs.hasCountry, zs.countryZone = true, z.Zone
			continue
		}
		z.PostalPrefix = prefix
		zs.prefixes = append(zs.prefixes, z)
	}
	for _, s := range e.services {
		for _, zs := range s.zones {
			slices.SortStableFunc(zs.prefixes, func(a, b Zone) int { return len(b.PostalPrefix) - len(a.PostalPrefix) })
		}
	}
	for _, r := range rb.Rates {
		if s := e.services[r.ServiceID]; s != nil {
			s.rates[r.Zone] = append(s.rates[r.Zone], r)
		}
	}
	for _, s := range e.services {
		for _, rs := range s.rates {
			slices.SortStableFunc(rs, func(a, b Rate) int { return cmpInt64(a.FromG, b.FromG) })
		}
	}
	for _, sc := range rb.Surcharges {
		s := e.services[sc.ServiceID]
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
	for _, s := range e.services {
		s.remoteBy = map[string][]int{}
		for i, sc := range s.remote {
			if sc.Country != "" {
				s.remoteBy[sc.Country] = append(s.remoteBy[sc.Country], i)
			}
		}
		for i, sc := range s.remote {
			if sc.Country == "" {
				for cc := range s.zones {
					s.remoteBy[cc] = append(s.remoteBy[cc], i)
				}
			}
		}
	}
	for i := range rb.Products {
		p := rb.Products[i]
		e.currencyDigits(p.Currency)
		e.products[p.SKU] = &p
	}
	for _, w := range rb.Warehouses {
		wh := &warehouse{Warehouse: w, digits: e.currencyDigits(w.Currency), delivery: e.services[w.DeliveryService]}
		for _, entry := range w.Serves {
			cc, prefix, ok := strings.Cut(entry, ":")
			if ok {
				wh.prefixes = append(wh.prefixes, [2]string{cc, NormalizePostal(prefix)})
			} else {
				wh.countries = append(wh.countries, entry)
			}
		}
		if wh.delivery != nil {
			wh.zoneReason = map[string]string{}
			for z := range wh.delivery.zoneReason {
				wh.zoneReason[z] = phraseText(rsViaZone, str(wh.ID), str(wh.DeliveryService), str(z))
			}
		}
		e.warehouses = append(e.warehouses, wh)
	}
	slices.SortFunc(e.warehouses, func(a, b *warehouse) int { return strings.Compare(a.ID, b.ID) })
	tiers := map[string][]Tier{}
	for _, t := range rb.Tiers {
		tiers[t.LaneID] = append(tiers[t.LaneID], t)
	}
	for _, l := range rb.Lanes {
		ln := &lane{Lane: l, digits: e.currencyDigits(l.Currency), delivery: e.services[l.DeliveryService], tiers: tiers[l.ID]}
		if ln.Allocation == 0 {
			ln.Allocation = ByChargeable
		}
		slices.SortStableFunc(ln.tiers, func(a, b Tier) int { return cmpInt64(int64(a.FromKg), int64(b.FromKg)) })
		for _, wd := range l.DepartureWeekdays {
			ln.weekdays[wd] = true
		}
		e.lanes[l.Destination] = append(e.lanes[l.Destination], ln)
	}
	for _, ls := range e.lanes {
		slices.SortFunc(ls, func(a, b *lane) int { return strings.Compare(a.ID, b.ID) })
	}
	for _, d := range rb.Duties {
		e.currencyDigits(d.Currency)
		if d.Valuation == 0 {
			d.Valuation = CIF
		}
		e.duties[d.Country] = append(e.duties[d.Country], d)
	}
	for _, ds := range e.duties {
		slices.SortStableFunc(ds, func(a, b Duty) int { return int(a.ValidFrom) - int(b.ValidFrom) })
	}
	for i := range rb.Compliance {
		r := &rb.Compliance[i]
		e.rules[[2]string{r.Country, r.Category}] = r
	}
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

// BaseCurrency is the currency every decision is expressed in.
func (e *Engine) BaseCurrency() string { return e.settings.BaseCurrency }

// Settings returns the rate book's settings (defaults filled in).
func (e *Engine) Settings() Settings { return e.settings }

// Product returns the product of a SKU.
func (e *Engine) Product(sku string) (*Product, bool) {
	p, ok := e.products[sku]
	return p, ok
}

// currencyDigits caches the minor digits of code; it is called only while building.
func (e *Engine) currencyDigits(code string) int {
	if d, ok := e.digits[code]; ok {
		return d
	}
	d := CurrencyDigits(code)
	e.digits[code] = d
	return d
}

// digitsOf is the read-only lookup used while pricing.
func (e *Engine) digitsOf(code string) int {
	if d, ok := e.digits[code]; ok {
		return d
	}
	return CurrencyDigits(code)
}

// rate is the FX rate of cur on d: the latest valid_from on or before d.
func (e *Engine) rate(cur string, d Date) (Dec, bool) {
	if cur == e.settings.BaseCurrency {
		return DecScale, true
	}
	pts := e.fx[cur]
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

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
