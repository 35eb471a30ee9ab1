package demo

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"shipmode/logistics"
)

// destinations are the countries the demo sells to; every direct service must serve
// each of them.
var destinations = []string{"US", "DE", "FR", "GB", "ES", "IT", "PL", "NL", "JP", "AU", "CA", "IE", "BE", "AT", "SE", "CZ"}

func TestRateBookIsFresh(t *testing.T) {
	a := RateBook()
	a.Services[0].ID = "CHANGED"
	a.Warehouses[0].Serves[0] = "XX"
	b := RateBook()
	if b.Services[0].ID == "CHANGED" || b.Warehouses[0].Serves[0] == "XX" {
		t.Errorf("RateBook shares its slices between calls")
	}
}

func TestRateBookSettings(t *testing.T) {
	s := RateBook().Settings
	want := logistics.Settings{BaseCurrency: "USD", OriginCountry: "CN", OriginHandlingDays: 1, PackagingG: 40,
		CoverDays: 30, CapitalCostPct: logistics.DecInt(25), InvoiceToleranceAbs: logistics.DecScale / 2, InvoiceTolerancePct: logistics.DecInt(2)}
	if s != want {
		t.Errorf("got settings %+v, want %+v", s, want)
	}
}

func TestRateBookUniqueIDs(t *testing.T) {
	rb := RateBook()
	tests := []struct {
		sheet string
		keys  []string
	}{
		{"services", mapSlice(rb.Services, func(s logistics.Service) string { return s.ID })},
		{"warehouses", mapSlice(rb.Warehouses, func(w logistics.Warehouse) string { return w.ID })},
		{"consolidation", mapSlice(rb.Lanes, func(l logistics.Lane) string { return l.ID })},
		{"products", mapSlice(rb.Products, func(p logistics.Product) string { return p.SKU })},
		{"zones", mapSlice(rb.Zones, func(z logistics.Zone) string { return z.ServiceID + "|" + z.Country + "|" + z.PostalPrefix })},
		{"fx", mapSlice(rb.FX, func(f logistics.FXRate) string { return f.Currency + "|" + f.ValidFrom.String() })},
		{"duties", mapSlice(rb.Duties, func(d logistics.Duty) string { return d.Country + "|" + d.ValidFrom.String() })},
		{"compliance", mapSlice(rb.Compliance, func(r logistics.Rule) string { return r.Country + "|" + r.Category })},
		{"stock", mapSlice(rb.Stock, func(s logistics.Stock) string { return s.WarehouseID + "|" + s.SKU })},
		{"linehaul_tiers", mapSlice(rb.Tiers, func(tr logistics.Tier) string { return tr.LaneID + "|" + tr.FromKg.String() })},
		{"surcharges", mapSlice(rb.Surcharges, func(s logistics.Surcharge) string {
			return s.ServiceID + "|" + s.Kind.String() + "|" + s.Country + "|" + s.PostalPrefix + "|" + s.FromDate.String() + "|" + strconv.FormatInt(s.MinSideMM, 10)
		})},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			if len(tt.keys) == 0 {
				t.Fatalf("got an empty %s sheet", tt.sheet)
			}
			seen := map[string]bool{}
			for _, k := range tt.keys {
				if seen[k] {
					t.Errorf("got duplicate key %q", k)
				}
				seen[k] = true
			}
		})
	}
}

func TestRateBookReferences(t *testing.T) {
	rb := RateBook()
	svc := map[string]logistics.Service{}
	for _, s := range rb.Services {
		svc[s.ID] = s
	}
	zonesOf := map[string]map[string]bool{} // service -> zone names
	for _, z := range rb.Zones {
		if _, ok := svc[z.ServiceID]; !ok {
			t.Errorf("zones: got unknown service %q", z.ServiceID)
		}
		if zonesOf[z.ServiceID] == nil {
			zonesOf[z.ServiceID] = map[string]bool{}
		}
		zonesOf[z.ServiceID][z.Zone] = true
	}
	for _, r := range rb.Rates {
		if !zonesOf[r.ServiceID][r.Zone] {
			t.Errorf("rates: got %s zone %q, which no zones row names", r.ServiceID, r.Zone)
		}
	}
	for _, s := range rb.Surcharges {
		if _, ok := svc[s.ServiceID]; !ok {
			t.Errorf("surcharges: got unknown service %q", s.ServiceID)
		}
		if s.Kind == logistics.Remote && s.Country == "" {
			t.Errorf("surcharges: %s remote row without a country", s.ServiceID)
		}
	}
	for _, s := range rb.Services {
		if len(zonesOf[s.ID]) == 0 {
			t.Errorf("services: %s has no zones", s.ID)
		}
	}
	for _, w := range rb.Warehouses {
		d, ok := svc[w.DeliveryService]
		if !ok {
			t.Errorf("warehouses: %s delivers with unknown service %q", w.ID, w.DeliveryService)
			continue
		}
		want := logistics.ServiceLastMile
		if w.Kind == logistics.Forward {
			want = logistics.ServiceLocal
		}
		if d.Mode != want {
			t.Errorf("warehouses: %s delivers with %s service %s, want a %s service", w.ID, d.Mode, d.ID, want)
		}
		for _, entry := range w.Serves {
			country, prefix, _ := strings.Cut(entry, ":")
			if !serves(rb.Zones, d.ID, country, prefix) {
				t.Errorf("warehouses: %s serves %q, which its service %s does not reach", w.ID, entry, d.ID)
			}
		}
	}
	laneTiers := map[string][]logistics.Tier{}
	for _, tr := range rb.Tiers {
		laneTiers[tr.LaneID] = append(laneTiers[tr.LaneID], tr)
	}
	for _, l := range rb.Lanes {
		d, ok := svc[l.DeliveryService]
		if !ok || d.Mode != logistics.ServiceLastMile {
			t.Errorf("consolidation: %s delivers with %q, want a last_mile service", l.ID, l.DeliveryService)
			continue
		}
		if !serves(rb.Zones, d.ID, l.Destination, "") {
			t.Errorf("consolidation: %s goes to %s, which %s does not serve", l.ID, l.Destination, d.ID)
		}
		if len(l.DepartureWeekdays) == 0 {
			t.Errorf("consolidation: %s has no departure weekday", l.ID)
		}
		ts := laneTiers[l.ID]
		if len(ts) == 0 || ts[0].FromKg != 0 || ts[0].MinBatchCharge <= 0 {
			t.Errorf("consolidation: %s, want a first tier from 0 kg with a minimum batch charge, got %+v", l.ID, ts)
		}
		for i := 1; i < len(ts); i++ {
			if ts[i].FromKg <= ts[i-1].FromKg || ts[i].PerKg >= ts[i-1].PerKg {
				t.Errorf("consolidation: %s tier from %s kg at %s/kg is not heavier and cheaper than the one before", l.ID, ts[i].FromKg, ts[i].PerKg)
			}
		}
		delete(laneTiers, l.ID)
	}
	for id := range laneTiers {
		t.Errorf("linehaul_tiers: got unknown lane %q", id)
	}
	sku := map[string]bool{}
	for _, p := range rb.Products {
		sku[p.SKU] = true
	}
	wh := map[string]bool{}
	for _, w := range rb.Warehouses {
		wh[w.ID] = true
	}
	stocked := map[string]int{}
	for _, s := range rb.Stock {
		if !wh[s.WarehouseID] || !sku[s.SKU] || s.OnHand <= 0 {
			t.Errorf("stock: got %+v, want a known warehouse and SKU and a positive quantity", s)
		}
		stocked[s.WarehouseID]++
	}
	for id := range wh {
		if stocked[id] == 0 {
			t.Errorf("stock: warehouse %s holds nothing", id)
		}
	}
}

// serves reports whether a zones row of the service matches the country and postal
// prefix: a country row, or a prefix row that the given prefix extends.
func serves(zones []logistics.Zone, service, country, prefix string) bool {
	for _, z := range zones {
		if z.ServiceID == service && z.Country == country && strings.HasPrefix(prefix, z.PostalPrefix) {
			return true
		}
	}
	return false
}

func TestRateBookBandsChain(t *testing.T) {
	rb := RateBook()
	maxWeight := map[string]int64{}
	for _, s := range rb.Services {
		maxWeight[s.ID] = s.MaxWeightG
	}
	bands := map[[2]string][]logistics.Rate{}
	for _, r := range rb.Rates {
		k := [2]string{r.ServiceID, r.Zone}
		bands[k] = append(bands[k], r)
	}
	for _, z := range rb.Zones {
		if len(bands[[2]string{z.ServiceID, z.Zone}]) == 0 {
			t.Errorf("%s zone %s has no rates", z.ServiceID, z.Zone)
		}
	}
	for k, rs := range bands {
		slices.SortFunc(rs, func(a, b logistics.Rate) int { return cmp.Compare(a.FromG, b.FromG) })
		var at int64
		for i, r := range rs {
			if r.FromG != at {
				t.Errorf("%s zone %s: band %d starts at %d g, want %d g", k[0], k[1], i, r.FromG, at)
			}
			if r.ToG == 0 {
				if i != len(rs)-1 {
					t.Errorf("%s zone %s: an unbounded band is not the last", k[0], k[1])
				}
				at = -1
				break
			}
			if r.ToG <= r.FromG {
				t.Errorf("%s zone %s: band (%d, %d] is empty", k[0], k[1], r.FromG, r.ToG)
			}
			if r.Fixed < 0 || r.PerKg < 0 || r.Fixed+r.PerKg == 0 {
				t.Errorf("%s zone %s: band (%d, %d] prices %s + %s/kg", k[0], k[1], r.FromG, r.ToG, r.Fixed, r.PerKg)
			}
			at = r.ToG
		}
		if at >= 0 && at < maxWeight[k[0]] {
			t.Errorf("%s zone %s: bands end at %d g, want at least the %d g weight limit", k[0], k[1], at, maxWeight[k[0]])
		}
	}
}

func TestRateBookCurrenciesHaveFX(t *testing.T) {
	rb := RateBook()
	first := map[string]logistics.Date{}
	for _, f := range rb.FX {
		if err := logistics.CheckCurrency(f.Currency); err != nil {
			t.Errorf("fx: %v", err)
		}
		if f.RateToBase <= 0 {
			t.Errorf("fx: %s rate %s, want positive", f.Currency, f.RateToBase)
		}
		if d, ok := first[f.Currency]; !ok || f.ValidFrom < d {
			first[f.Currency] = f.ValidFrom
		}
	}
	if len(first) < 9 {
		t.Errorf("got fx for %d currencies, want at least 9", len(first))
	}
	used := map[string]string{rb.Settings.BaseCurrency: "settings"}
	for _, s := range rb.Services {
		used[s.Currency] = "service " + s.ID
	}
	for _, w := range rb.Warehouses {
		used[w.Currency] = "warehouse " + w.ID
	}
	for _, l := range rb.Lanes {
		used[l.Currency] = "lane " + l.ID
	}
	for _, d := range rb.Duties {
		used[d.Currency] = "duty " + d.Country
	}
	for _, p := range rb.Products {
		used[p.Currency] = "product " + p.SKU
	}
	for _, c := range countryCurrencies() {
		used[c] = "demo orders"
	}
	start := logistics.DateOf(2025, time.January, 1)
	for cur, where := range used {
		d, ok := first[cur]
		if !ok {
			t.Errorf("%s uses %s, which has no fx row", where, cur)
		} else if d > start {
			t.Errorf("%s: first fx row %s, want one on or before %s", cur, d, start)
		}
	}
	base := 0
	for _, f := range rb.FX {
		if f.Currency == rb.Settings.BaseCurrency {
			base++
			if f.RateToBase != logistics.DecInt(1) {
				t.Errorf("base currency rate %s, want 1", f.RateToBase)
			}
		}
	}
	if base == 0 {
		t.Errorf("no fx row for the base currency")
	}
}

func TestRateBookModes(t *testing.T) {
	rb := RateBook()
	byMode := map[logistics.ServiceMode][]string{}
	for _, s := range rb.Services {
		byMode[s.Mode] = append(byMode[s.Mode], s.ID)
	}
	for _, m := range []logistics.ServiceMode{logistics.ServiceDirect, logistics.ServiceLastMile, logistics.ServiceLocal} {
		if len(byMode[m]) < 3 {
			t.Errorf("got %d %s services, want at least 3", len(byMode[m]), m)
		}
	}
	for _, id := range byMode[logistics.ServiceDirect] {
		for _, c := range destinations {
			if !serves(rb.Zones, id, c, "") {
				t.Errorf("direct service %s does not serve %s", id, c)
			}
		}
	}
	kinds := map[logistics.WarehouseKind]int{}
	for _, w := range rb.Warehouses {
		kinds[w.Kind]++
		if w.Kind == logistics.Forward && w.ColdChainFee <= 0 {
			t.Errorf("forward warehouse %s has no cold-chain fee", w.ID)
		}
	}
	if kinds[logistics.Overseas] < 7 || kinds[logistics.Forward] < 4 {
		t.Errorf("got %d overseas and %d forward warehouses, want at least 7 and 4", kinds[logistics.Overseas], kinds[logistics.Forward])
	}
	if len(rb.Lanes) < 6 {
		t.Errorf("got %d consolidation lanes, want at least 6", len(rb.Lanes))
	}
}

func TestRateBookSurcharges(t *testing.T) {
	rb := RateBook()
	tests := []struct {
		name          string
		service       string
		kind          logistics.SurchargeKind
		country, code string
		date          logistics.Date
	}{
		{"Alaska", "DHL-EXP", logistics.Remote, "US", "99501", 0},
		{"Hawaii", "DHL-EXP", logistics.Remote, "US", "96813", 0},
		{"Corsica", "DHL-EXP", logistics.Remote, "FR", "20000", 0},
		{"Sicily", "DHL-EXP", logistics.Remote, "IT", "90133", 0},
		{"Highlands", "DHL-EXP", logistics.Remote, "GB", "IV27LE", 0},
		{"Hebrides", "DHL-EXP", logistics.Remote, "GB", "HS12AA", 0},
		{"Canarias", "DHL-EXP", logistics.Remote, "ES", "35001", 0},
		{"Tenerife", "YW-LINE", logistics.Remote, "ES", "38001", 0},
		{"peak 2025", "DHL-EXP", logistics.Peak, "US", "", logistics.DateOf(2025, time.December, 1)},
		{"peak 2026 first day", "DHL-EXP", logistics.Peak, "US", "", logistics.DateOf(2026, time.November, 16)},
		{"peak 2027 last day", "YW-LINE", logistics.Peak, "DE", "", logistics.DateOf(2027, time.January, 10)},
		{"oversize", "DHL-EXP", logistics.Oversize, "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found := false
			for _, s := range rb.Surcharges {
				if s.ServiceID != tt.service || s.Kind != tt.kind {
					continue
				}
				switch tt.kind {
				case logistics.Remote:
					found = found || (s.Country == tt.country && strings.HasPrefix(tt.code, s.PostalPrefix))
				case logistics.Peak:
					found = found || (s.FromDate <= tt.date && tt.date <= s.ToDate)
				default:
					found = true
				}
			}
			if !found {
				t.Errorf("got no %s surcharge of %s for %s %q %s", tt.kind, tt.service, tt.country, tt.code, tt.date)
			}
		})
	}
	// No peak outside the season.
	summer := logistics.DateOf(2026, time.June, 15)
	for _, s := range rb.Surcharges {
		if s.Kind == logistics.Peak && s.FromDate <= summer && summer <= s.ToDate {
			t.Errorf("got a peak surcharge of %s on %s", s.ServiceID, summer)
		}
	}
}

func TestRateBookDuties(t *testing.T) {
	rb := RateBook()
	// dutyOn returns the row valid on d (latest valid_from on or before d).
	dutyOn := func(country string, d logistics.Date) (logistics.Duty, bool) {
		var best logistics.Duty
		ok := false
		for _, r := range rb.Duties {
			if r.Country == country && r.ValidFrom <= d && (!ok || r.ValidFrom > best.ValidFrom) {
				best, ok = r, true
			}
		}
		return best, ok
	}
	tests := []struct {
		country   string
		date      logistics.Date
		currency  string
		threshold string
		flat      string
		valuation logistics.Valuation
	}{
		{"US", logistics.DateOf(2025, time.August, 28), "USD", "800", "0", logistics.FOB},
		{"US", logistics.DateOf(2025, time.August, 29), "USD", "0", "0", logistics.FOB},
		{"DE", logistics.DateOf(2026, time.June, 30), "EUR", "150", "0", logistics.CIF},
		{"DE", logistics.DateOf(2026, time.July, 1), "EUR", "150", "3", logistics.CIF},
		{"FR", logistics.DateOf(2026, time.July, 1), "EUR", "150", "3", logistics.CIF},
		{"GB", logistics.DateOf(2026, time.March, 1), "GBP", "135", "0", logistics.CIF},
		{"JP", logistics.DateOf(2026, time.March, 1), "JPY", "10000", "0", logistics.CIF},
		{"AU", logistics.DateOf(2026, time.March, 1), "AUD", "1000", "0", logistics.FOB},
		{"CA", logistics.DateOf(2026, time.March, 1), "CAD", "20", "0", logistics.FOB},
	}
	for _, tt := range tests {
		t.Run(tt.country+" "+tt.date.String(), func(t *testing.T) {
			r, ok := dutyOn(tt.country, tt.date)
			if !ok {
				t.Fatalf("got no duties row")
			}
			if r.Currency != tt.currency || r.DutyFreeThreshold != dec(tt.threshold) || r.FlatDutyPerLine != dec(tt.flat) || r.Valuation != tt.valuation {
				t.Errorf("got %s %s threshold %s flat %s, want %s %s threshold %s flat %s",
					r.Currency, r.Valuation, r.DutyFreeThreshold, r.FlatDutyPerLine, tt.currency, tt.valuation, tt.threshold, tt.flat)
			}
			if r.DutyRatePct <= 0 {
				t.Errorf("got duty rate %s %%, want positive", r.DutyRatePct)
			}
		})
	}
	for _, c := range destinations {
		if _, ok := dutyOn(c, logistics.DateOf(2025, time.January, 1)); !ok {
			t.Errorf("got no duties row for %s on 2025-01-01", c)
		}
	}
	if r, _ := dutyOn("CA", logistics.DateOf(2026, time.March, 1)); r.ClearanceFeePerParcel <= 0 {
		t.Errorf("got CA clearance fee %s, want positive", r.ClearanceFeePerParcel)
	}
}

func TestRateBookProducts(t *testing.T) {
	rb := RateBook()
	hs := regexp.MustCompile(`^\d{4}\.\d{2}$`)
	perCategory := map[string]int{}
	leadingZero := 0
	for _, p := range rb.Products {
		perCategory[p.Category]++
		if !hs.MatchString(p.HSCode) {
			t.Errorf("%s: got HS code %q, want NNNN.NN", p.SKU, p.HSCode)
		}
		if strings.HasPrefix(p.HSCode, "0") {
			leadingZero++
		}
		if p.WeightG <= 0 || p.LengthMM <= 0 || p.WidthMM <= 0 || p.HeightMM <= 0 || p.UnitCost <= 0 || p.Title == "" {
			t.Errorf("%s: got %+v, want a title, weight, dimensions and cost", p.SKU, p)
		}
	}
	if len(rb.Products) < 40 {
		t.Errorf("got %d products, want at least 40", len(rb.Products))
	}
	for _, c := range []string{"general", "electronics", "battery", "liquid", "cosmetics", "apparel", "fresh_food", "medical"} {
		if perCategory[c] < 3 {
			t.Errorf("got %d products in %s, want at least 3", perCategory[c], c)
		}
	}
	if len(perCategory) != 8 {
		t.Errorf("got categories %v, want exactly the 8 demo categories", perCategory)
	}
	if leadingZero == 0 {
		t.Errorf("got no HS code with a leading zero")
	}
}

func TestRateBookCompliance(t *testing.T) {
	rb := RateBook()
	allowed := map[string][]logistics.Mode{}
	for _, r := range rb.Compliance {
		allowed[r.Country+"|"+r.Category] = r.AllowedModes
		if r.Note == "" || len(r.AllowedModes) == 0 {
			t.Errorf("compliance %s/%s: got %+v, want modes and a note", r.Country, r.Category, r)
		}
	}
	if got := allowed["*|fresh_food"]; !slices.Equal(got, []logistics.Mode{logistics.ModeLocal}) {
		t.Errorf("fresh_food: got %v, want [local]", got)
	}
	if got := allowed["*|medical"]; !slices.Equal(got, []logistics.Mode{logistics.ModeLocal, logistics.ModeWarehouse}) {
		t.Errorf("medical: got %v, want [local warehouse]", got)
	}
	for _, s := range RateBook().Services {
		if s.ID == "CP-ECO" && !slices.Contains(s.ForbiddenCategories, "battery") {
			t.Errorf("CP-ECO forbids %v, want battery among them", s.ForbiddenCategories)
		}
	}
	// Fresh food is sold only where a forward warehouse holds it.
	fresh := map[string]bool{}
	for _, p := range rb.Products {
		if p.Category == "fresh_food" {
			fresh[p.SKU] = true
		}
	}
	kind := map[string]logistics.WarehouseKind{}
	for _, w := range rb.Warehouses {
		kind[w.ID] = w.Kind
	}
	for _, s := range rb.Stock {
		if fresh[s.SKU] && kind[s.WarehouseID] != logistics.Forward {
			t.Errorf("fresh %s stocked in overseas warehouse %s", s.SKU, s.WarehouseID)
		}
	}
}

func mapSlice[T any](xs []T, f func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}
