package logistics

import (
	"cmp"
	"slices"
	"strings"
)

// Usage collects the FX rates and duty rules of one rate book that priced a set of
// orders (the Assumptions of a report, SPEC §6). For an order to a country on a
// date it marks, by the rules of SPEC §5:
//   - the FX row valid on the date (the latest valid_from on or before it; of equal
//     dates the last) of every currency other than the base currency that an option
//     for the country can price in: the order's own currency, the services that
//     zone the country, the warehouses that serve it and their delivery services,
//     the lanes to it and their delivery services, the duty rows marked below, and
//     the products (bulk duty);
//   - the duties row valid on the date of the country (per-parcel duties) and of
//     the country of every warehouse that serves it (bulk duty).
//
// It lists what the orders' options could have used, never a row valid on no
// order's date or for a currency no option to the country prices in.
type Usage struct {
	rb        *RateBook
	base      string
	countries map[string]*usageCountry
	products  []string // currencies of the products
	fx        []bool   // by index into rb.FX
	duties    []bool   // by index into rb.Duties
}

// usageCountry is what pricing an order to one country can touch.
type usageCountry struct {
	currencies  []string // of services, warehouses and lanes
	dutyCountry []string // the country and its warehouses' countries
}

// NewUsage starts an empty usage of rb.
func NewUsage(rb *RateBook) *Usage {
	u := &Usage{rb: rb, base: rb.BaseCurrency(), countries: map[string]*usageCountry{},
		fx: make([]bool, len(rb.FX)), duties: make([]bool, len(rb.Duties))}
	for _, p := range rb.Products {
		if !slices.Contains(u.products, p.Currency) {
			u.products = append(u.products, p.Currency)
		}
	}
	return u
}

// Add marks what an order to country in currency dated d could have used.
func (u *Usage) Add(country, currency string, d Date) {
	c := u.country(country)
	for _, dc := range c.dutyCountry {
		if i := u.dutyOn(dc, d); i >= 0 {
			u.duties[i] = true
			u.markFX(u.rb.Duties[i].Currency, d)
		}
	}
	u.markFX(currency, d)
	for _, cur := range c.currencies {
		u.markFX(cur, d)
	}
	for _, cur := range u.products {
		u.markFX(cur, d)
	}
}

// FX returns the rates marked, by currency then valid_from.
func (u *Usage) FX() []FXRate {
	var rows []FXRate
	for i, ok := range u.fx {
		if ok {
			rows = append(rows, u.rb.FX[i])
		}
	}
	slices.SortStableFunc(rows, func(a, b FXRate) int {
		return cmp.Or(cmp.Compare(a.Currency, b.Currency), cmp.Compare(a.ValidFrom, b.ValidFrom))
	})
	return rows
}

// Duties returns the duty rules marked, by country then valid_from.
func (u *Usage) Duties() []Duty {
	var rows []Duty
	for i, ok := range u.duties {
		if ok {
			rows = append(rows, u.rb.Duties[i])
		}
	}
	slices.SortStableFunc(rows, func(a, b Duty) int {
		return cmp.Or(cmp.Compare(a.Country, b.Country), cmp.Compare(a.ValidFrom, b.ValidFrom))
	})
	return rows
}

// markFX marks the rate of cur valid on d.
func (u *Usage) markFX(cur string, d Date) {
	if cur == "" || cur == u.base {
		return // the base currency is never converted
	}
	best := -1
	for i, r := range u.rb.FX {
		if r.Currency == cur && r.ValidFrom <= d && (best < 0 || r.ValidFrom >= u.rb.FX[best].ValidFrom) {
			best = i
		}
	}
	if best >= 0 {
		u.fx[best] = true
	}
}

// dutyOn is the index of the duties row of country valid on d (of equal dates the
// last), or -1.
func (u *Usage) dutyOn(country string, d Date) int {
	best := -1
	for i, r := range u.rb.Duties {
		if r.Country == country && r.ValidFrom <= d && (best < 0 || r.ValidFrom >= u.rb.Duties[best].ValidFrom) {
			best = i
		}
	}
	return best
}

// country is what an order to code can touch, worked out once per country.
func (u *Usage) country(code string) *usageCountry {
	if c, ok := u.countries[code]; ok {
		return c
	}
	rb := u.rb
	c := &usageCountry{dutyCountry: []string{code}}
	services := map[string]string{} // id → currency
	for _, s := range rb.Services {
		services[s.ID] = s.Currency
	}
	add := func(cur string) {
		if cur != "" && !slices.Contains(c.currencies, cur) {
			c.currencies = append(c.currencies, cur)
		}
	}
	for _, z := range rb.Zones {
		if z.Country == code {
			add(services[z.ServiceID])
		}
	}
	for _, w := range rb.Warehouses {
		if !serves(w.Serves, code) {
			continue
		}
		add(w.Currency)
		add(services[w.DeliveryService])
		if !slices.Contains(c.dutyCountry, w.Country) {
			c.dutyCountry = append(c.dutyCountry, w.Country)
		}
	}
	for _, l := range rb.Lanes {
		if l.Destination == code {
			add(l.Currency)
			add(services[l.DeliveryService])
		}
	}
	u.countries[code] = c
	return c
}

// serves says whether a warehouse's serves entries ("CC" or "CC:PREFIX") name
// country.
func serves(entries []string, country string) bool {
	for _, s := range entries {
		cc, _, _ := strings.Cut(s, ":")
		if cc == country {
			return true
		}
	}
	return false
}
