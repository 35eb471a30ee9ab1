package demo

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"shipmode/logistics"
)

var start = logistics.DateOf(2025, time.November, 25)

type generated struct {
	order  logistics.Order
	status logistics.Status
}

func collect(t testing.TB, spec OrderSpec) []generated {
	t.Helper()
	var out []generated
	err := Orders(spec, func(o logistics.Order, s logistics.Status) error {
		out = append(out, generated{o, s})
		return nil
	})
	if err != nil {
		t.Fatalf("Orders(%+v): %v", spec, err)
	}
	return out
}

func TestOrdersCount(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 365, 1000, 4321} {
		got := len(collect(t, OrderSpec{N: n, Seed: 1, Start: start}))
		if got != n {
			t.Errorf("N=%d: got %d orders, want %d", n, got, n)
		}
	}
}

func TestOrdersDeterministic(t *testing.T) {
	a := collect(t, OrderSpec{N: 2000, Seed: 42, Start: start})
	b := collect(t, OrderSpec{N: 2000, Seed: 42, Start: start})
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("the same seed gave different orders")
	}
	c := collect(t, OrderSpec{N: 2000, Seed: 43, Start: start})
	same := 0
	for i := range a {
		if reflect.DeepEqual(a[i], c[i]) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seeds 42 and 43: got %d identical orders of %d, want 0", same, len(a))
	}
	refs := map[string]bool{}
	for _, g := range a {
		refs[g.order.Marketplace+" "+g.order.Ref] = true
	}
	shared := 0
	for _, g := range c {
		if refs[g.order.Marketplace+" "+g.order.Ref] {
			shared++
		}
	}
	if shared > len(c)/10 {
		t.Errorf("seeds 42 and 43 share %d of %d order references, want few", shared, len(c))
	}
}

func TestOrdersErrors(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := Orders(OrderSpec{N: 100, Seed: 1, Start: start}, func(logistics.Order, logistics.Status) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("got error %v after %d calls, want %v after 1", err, calls, stop)
	}
	tests := []OrderSpec{
		{N: -1, Seed: 1, Start: start},
		{N: 1, Seed: 1, Start: logistics.NoDate},
	}
	for _, spec := range tests {
		if err := Orders(spec, func(logistics.Order, logistics.Status) error { return nil }); err == nil {
			t.Errorf("Orders(%+v): got no error, want one", spec)
		}
	}
}

func TestOrdersLinesOwned(t *testing.T) {
	var kept []logistics.Order
	err := Orders(OrderSpec{N: 500, Seed: 7, Start: start}, func(o logistics.Order, _ logistics.Status) error {
		kept = append(kept, o)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := make([]string, len(kept))
	for i, o := range kept {
		want[i] = o.Lines[0].SKU
	}
	for i := range kept {
		kept[i].Lines = append(kept[i].Lines, logistics.Line{SKU: "APPENDED"})
	}
	for i, o := range kept {
		if o.Lines[0].SKU != want[i] {
			t.Fatalf("order %d: appending to another order's lines changed its first line to %q", i, o.Lines[0].SKU)
		}
	}
}

func TestOrdersDates(t *testing.T) {
	for _, s := range []logistics.Date{start, logistics.DateOf(2024, time.March, 1), logistics.DateOf(2026, time.January, 1)} {
		end := logistics.DateFromTime(s.Time().AddDate(1, 0, 0))
		orders := collect(t, OrderSpec{N: 5000, Seed: 3, Start: s})
		prev := s
		for _, g := range orders {
			if g.order.Date < prev || g.order.Date >= end {
				t.Fatalf("start %s: got date %s after %s, want dates in order within [%s, %s)", s, g.order.Date, prev, s, end)
			}
			prev = g.order.Date
		}
		if first, last := orders[0].order.Date, orders[len(orders)-1].order.Date; first > s.AddDays(1) || last < end.AddDays(-2) {
			t.Errorf("start %s: got dates %s … %s, want the whole year", s, first, last)
		}
	}
}

var (
	refFormats = map[string]*regexp.Regexp{
		"amazon":     regexp.MustCompile(`^\d{3}-\d{7}-\d{7}$`),
		"ebay":       regexp.MustCompile(`^\d{2}-\d{5}-\d{5}$`),
		"shopify":    regexp.MustCompile(`^#\d{4,6}$`),
		"aliexpress": regexp.MustCompile(`^8\d{15}$`),
	}
	postalFormats = map[string]*regexp.Regexp{
		"US": regexp.MustCompile(`^\d{5}$`),
		"DE": regexp.MustCompile(`^\d{5}$`),
		"FR": regexp.MustCompile(`^\d{5}$`),
		"IT": regexp.MustCompile(`^\d{5}$`),
		"ES": regexp.MustCompile(`^\d{5}$`),
		"GB": regexp.MustCompile(`^[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}$`),
		"JP": regexp.MustCompile(`^\d{3}-\d{4}$`),
		"CA": regexp.MustCompile(`^[ABCEGHJ-NPRSTVXY]\d[A-Z] \d[A-Z]\d$`),
		"AU": regexp.MustCompile(`^\d{4}$`),
		"NL": regexp.MustCompile(`^[1-9]\d{3} [A-Z]{2}$`),
		"PL": regexp.MustCompile(`^\d{2}-\d{3}$`),
		"BE": regexp.MustCompile(`^[1-9]\d{3}$`),
		"AT": regexp.MustCompile(`^[1-9]\d{3}$`),
		"IE": regexp.MustCompile(`^[A-Z]\d[\dW] [0-9ACDEFHKNPRTVWXY]{4}$`),
		"SE": regexp.MustCompile(`^\d{3} \d{2}$`),
		"CZ": regexp.MustCompile(`^\d{3} \d{2}$`),
	}
)

func TestOrdersRealistic(t *testing.T) {
	const n = 30000
	orders := collect(t, OrderSpec{N: n, Seed: 2026, Start: start})
	rb := RateBook()
	product := map[string]logistics.Product{}
	for _, p := range rb.Products {
		product[p.SKU] = p
	}
	fx := map[string]bool{}
	for _, f := range rb.FX {
		fx[f.Currency] = true
	}
	local := localServes(rb)
	end := logistics.DateFromTime(start.Time().AddDate(1, 0, 0))
	last := end.AddDays(-1)

	refs := map[string]bool{}
	perCountry := map[string]int{}
	perMarket := map[string]int{}
	perPromise := map[int]int{}
	hits := map[string]int{} // rate-book prefixes hit
	var oldShipped, old, recentOpen, recent, fresh, lines int
	perMonth := map[time.Month]int{}
	perWeekday := map[time.Weekday]int{}
	for _, g := range orders {
		o := g.order
		key := o.Marketplace + " " + o.Ref
		if refs[key] {
			t.Errorf("duplicate order reference %s", key)
		}
		refs[key] = true
		if re, ok := refFormats[o.Marketplace]; !ok || !re.MatchString(o.Ref) {
			t.Errorf("%s order reference %q: wrong format", o.Marketplace, o.Ref)
		}
		if re, ok := postalFormats[o.Country]; !ok || !re.MatchString(o.PostalCode) {
			t.Errorf("%s postal code %q: wrong format", o.Country, o.PostalCode)
		}
		if !fx[o.Currency] {
			t.Errorf("order %s in %s, which has no fx rate", o.Ref, o.Currency)
		}
		perCountry[o.Country]++
		perMarket[o.Marketplace]++
		perPromise[o.PromisedDays]++
		perMonth[o.Date.Time().Month()]++
		perWeekday[o.Date.Weekday()]++
		code := strings.ToUpper(strings.ReplaceAll(o.PostalCode, " ", ""))
		for _, p := range []string{"US:900", "FR:75", "GB:E1", "GB:SW1", "JP:1", "US:995", "FR:20", "GB:IV", "ES:35", "IT:9805"} {
			if c, pre, _ := strings.Cut(p, ":"); c == o.Country && strings.HasPrefix(code, pre) {
				hits[p]++
			}
		}
		if len(o.Lines) < 1 || len(o.Lines) > 3 {
			t.Errorf("order %s has %d lines, want 1–3", o.Ref, len(o.Lines))
		}
		lines += len(o.Lines)
		for _, l := range o.Lines {
			p, ok := product[l.SKU]
			if !ok {
				t.Errorf("order %s: unknown SKU %q", o.Ref, l.SKU)
				continue
			}
			if l.Qty < 1 || l.Qty > 5 || l.UnitPrice <= 0 {
				t.Errorf("order %s %s: got qty %d at %s, want 1–5 at a positive price", o.Ref, l.SKU, l.Qty, l.UnitPrice)
			}
			if digits := logistics.CurrencyDigits(o.Currency); l.UnitPrice%logistics.Dec(pow10(logistics.DecDigits-digits)) != 0 {
				t.Errorf("order %s: price %s %s has more than %d decimals", o.Ref, l.UnitPrice, o.Currency, digits)
			}
			if p.Category == "fresh_food" {
				fresh++
				if !servedLocally(local, o.Country, code) {
					t.Errorf("order %s: fresh %s to %s %s, which no forward warehouse serves", o.Ref, l.SKU, o.Country, o.PostalCode)
				}
				if o.PromisedDays != 2 || len(o.Lines) != 1 {
					t.Errorf("order %s: fresh food with a %d-day promise and %d lines, want 2 days, alone", o.Ref, o.PromisedDays, len(o.Lines))
				}
			}
		}
		if age := int(last - o.Date); age > 30 {
			old++
			if g.status == logistics.Shipped {
				oldShipped++
			}
		} else {
			recent++
			if g.status == logistics.Open {
				recentOpen++
			}
		}
	}

	if perCountry["US"] < n*25/100 || perCountry["US"] > n*40/100 {
		t.Errorf("got %d US orders of %d, want 25–40 %%", perCountry["US"], n)
	}
	for _, c := range []string{"DE", "GB", "FR", "JP"} {
		if perCountry[c] >= perCountry["US"] || perCountry[c] < n*4/100 {
			t.Errorf("got %d orders to %s, want fewer than the US (%d) and at least 4 %%", perCountry[c], c, perCountry["US"])
		}
	}
	if perCountry["DE"] < perCountry["IT"] || perCountry["GB"] < perCountry["ES"] {
		t.Errorf("got country mix %v, want DE > IT and GB > ES", perCountry)
	}
	if len(perCountry) != len(postalFormats) {
		t.Errorf("got %d countries, want %d", len(perCountry), len(postalFormats))
	}
	for m := range refFormats {
		if perMarket[m] < n/20 {
			t.Errorf("got %d %s orders, want at least 5 %%", perMarket[m], m)
		}
	}
	for _, d := range []int{0, 2, 7, 10, 15, 20} {
		if perPromise[d] == 0 {
			t.Errorf("got no order with a %d-day promise", d)
		}
	}
	for p, c := range hits {
		if c == 0 {
			t.Errorf("got no postal code under the rate book's prefix %s", p)
		}
	}
	if len(hits) < 10 {
		t.Errorf("got postal codes under %d of the 10 rate-book prefixes: %v", len(hits), hits)
	}
	if fresh == 0 || fresh > lines/20 {
		t.Errorf("got %d fresh-food lines of %d, want some but under 5 %%", fresh, lines)
	}
	if oldShipped < old*90/100 {
		t.Errorf("got %d of %d orders older than 30 days shipped, want at least 90 %%", oldShipped, old)
	}
	if recentOpen < recent*70/100 || recentOpen == recent {
		t.Errorf("got %d of %d orders of the last 30 days open, want most but not all", recentOpen, recent)
	}
	// Seasonality: November is busier than February, Monday busier than Saturday.
	if perMonth[time.November] < perMonth[time.February]*13/10 {
		t.Errorf("got %d orders in November and %d in February, want a Q4 peak", perMonth[time.November], perMonth[time.February])
	}
	if perWeekday[time.Monday] <= perWeekday[time.Saturday] {
		t.Errorf("got %d orders on Mondays and %d on Saturdays, want more on Mondays", perWeekday[time.Monday], perWeekday[time.Saturday])
	}
}

// localServes returns the "CC:PREFIX" entries of the forward warehouses.
func localServes(rb logistics.RateBook) map[string]bool {
	out := map[string]bool{}
	for _, w := range rb.Warehouses {
		if w.Kind == logistics.Forward {
			for _, s := range w.Serves {
				out[s] = true
			}
		}
	}
	return out
}

func servedLocally(local map[string]bool, country, code string) bool {
	for i := 1; i <= len(code); i++ {
		if local[country+":"+code[:i]] {
			return true
		}
	}
	return false
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

func TestOrdersPrices(t *testing.T) {
	tests := []struct {
		cur      string
		usdCents int64
		low      string
		high     string
		ending   string
	}{
		{"USD", 2999, "26.99", "32.99", ".99"},
		{"EUR", 2999, "24.99", "30.99", ".99"},
		{"GBP", 2999, "21.99", "26.99", ".99"},
		{"JPY", 2999, "3980", "4980", "80"},
		{"SEK", 2999, "299", "349", "9"},
		{"CZK", 2999, "649", "749", "9"},
	}
	g := newGenerator(1)
	for _, tt := range tests {
		t.Run(tt.cur, func(t *testing.T) {
			for range 200 {
				p := g.price(tt.usdCents, tt.cur, 100)
				if p < dec(tt.low) || p > dec(tt.high) || !strings.HasSuffix(p.String(), tt.ending) {
					t.Fatalf("got %s %s for a %d-cent list price, want %s…%s ending in %s", p, tt.cur, tt.usdCents, tt.low, tt.high, tt.ending)
				}
			}
		})
	}
}

func TestScrambleIsOneToOne(t *testing.T) {
	for _, digits := range []int{3, 4, 5} {
		m := uint64(pow10(digits))
		seen := make([]bool, m)
		for n := range m {
			v := scramble(n, digits, 12345678901234567, 98765432109876543)
			if v >= m || seen[v] {
				t.Fatalf("digits %d: scramble(%d) = %d repeats or is out of range", digits, n, v)
			}
			seen[v] = true
		}
	}
}

func TestCatalogMatchesProducts(t *testing.T) {
	inCatalog := map[string]bool{}
	for _, l := range catalog() {
		inCatalog[l.sku] = true
		if l.priceUSD <= 0 || l.weight <= 0 || l.maxQty < 1 || l.maxQty > 5 {
			t.Errorf("listing %s: got %+v", l.sku, l)
		}
	}
	for _, p := range products() {
		if !inCatalog[p.SKU] {
			t.Errorf("product %s is not in the catalog", p.SKU)
		}
		delete(inCatalog, p.SKU)
	}
	for sku := range inCatalog {
		t.Errorf("catalog lists %s, which is not a product", sku)
	}
}

// BenchmarkOrders generates b.N orders and reports the time per order.
func BenchmarkOrders(b *testing.B) {
	b.ReportAllocs()
	var lines int
	err := Orders(OrderSpec{N: b.N, Seed: 1, Start: start}, func(o logistics.Order, _ logistics.Status) error {
		lines += len(o.Lines)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/order")
}
