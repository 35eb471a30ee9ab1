package demo

import (
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"time"

	"shipmode/logistics"
)

// OrderSpec says which demo orders to generate.
type OrderSpec struct {
	N     int            // number of orders
	Seed  int64          // the same seed gives the same orders
	Start logistics.Date // first order date; the orders span the 12 months from it
}

// The demo rate book has FX rates from 2024-01-01 and peak seasons up to January
// 2027: a Start between 2024-01-01 and 2026-12-31 keeps every order priceable.

// Orders generates spec.N realistic marketplace orders over the 12 months from
// spec.Start, in date order, and calls yield with each order and its status. The
// orders are the same for the same spec on every platform and Go release.
//
// Countries, marketplaces, postal codes, products, quantities, prices (localised in
// the marketplace's currency), delivery promises and the weekly and seasonal rhythm
// follow a seller in China selling mostly to the US and Europe; the SKUs are those of
// RateBook. Orders placed in the last 30 days are mostly open; older ones are mostly
// shipped, a few cancelled. Each Order and its Lines belong to the caller.
//
// Orders stops at the first error yield returns and returns that error unchanged.
func Orders(spec OrderSpec, yield func(logistics.Order, logistics.Status) error) error {
	if spec.N < 0 {
		return fmt.Errorf("demo orders: count %d is negative", spec.N)
	}
	if spec.Start == logistics.NoDate {
		return errors.New("demo orders: no start date")
	}
	g := newGenerator(spec.Seed)
	days := dayWeights(spec.Start)
	var total uint64
	for _, w := range days {
		total += w
	}
	last := spec.Start.AddDays(len(days) - 1)
	var (
		cum   uint64 // cumulative weight of the days before
		done  uint64 // orders generated so far
		chunk []logistics.Line
	)
	n := uint64(spec.N)
	for i, w := range days {
		cum += w
		hi, lo := bits.Mul64(n, cum)
		upto, _ := bits.Div64(hi, lo, total) // orders due by the end of this day
		day := spec.Start.AddDays(i)
		for ; done < upto; done++ {
			if len(chunk) < maxLines {
				chunk = make([]logistics.Line, 4096)
			}
			o, st, used := g.order(day, last, chunk)
			chunk = chunk[used:]
			if err := yield(o, st); err != nil {
				return err
			}
		}
	}
	return nil
}

// maxLines is the largest number of lines of a demo order.
const maxLines = 3

// dayWeights gives each day from start for 12 months its relative share of orders:
// busier Sundays and Mondays, quieter Fridays and Saturdays, a Q4 peak with Singles'
// Day, Black Friday and Cyber Monday, Prime Day in July, a lull after Christmas and a
// seller that grows 20 % over the year.
func dayWeights(start logistics.Date) []uint64 {
	end := logistics.DateFromTime(start.Time().AddDate(1, 0, 0))
	n := int(end - start)
	weekday := [7]uint64{1050, 1120, 1060, 1020, 980, 900, 870} // Sunday first
	month := [12]uint64{880, 820, 900, 900, 940, 930, 980, 950, 980, 1050, 1400, 1300}
	out := make([]uint64, n)
	for i := range out {
		d := start.AddDays(i)
		t := d.Time()
		w := weekday[d.Weekday()] * month[t.Month()-1] / 1000 // per mille
		w = w * uint64(1000+200*i/n) / 1000
		out[i] = w * special(t) / 1000
	}
	return out
}

// special is the per-mille factor of a shopping event on day t.
func special(t time.Time) uint64 {
	y, m, d := t.Date()
	switch {
	case m == time.November && d == 11:
		return 1600 // Singles' Day
	case m == time.November:
		// Black Friday is the day after the fourth Thursday.
		firstThu := 1 + (int(time.Thursday)-int(time.Date(y, time.November, 1, 0, 0, 0, 0, time.UTC).Weekday())+7)%7
		bf := firstThu + 22
		switch {
		case d == bf:
			return 2200
		case d == bf+1 || d == bf+2:
			return 1500
		case d == bf+3:
			return 1800 // Cyber Monday
		}
	case m == time.December && d >= 15 && d <= 22:
		return 1200
	case m == time.December && d >= 25:
		return 700
	case m == time.July:
		// Prime Day: the second Tuesday and Wednesday of July.
		firstTue := 1 + (int(time.Tuesday)-int(time.Date(y, time.July, 1, 0, 0, 0, 0, time.UTC).Weekday())+7)%7
		if d == firstTue+7 || d == firstTue+8 {
			return 1700
		}
	}
	return 1000
}

// generator holds the random source, the sampling tables and the reference counters
// of one Orders call.
type generator struct {
	src       *rand.PCG
	countries []country
	country   []uint8 // weighted lookup: uniform index -> countries index
	catalog   []listing
	skus      [3][]uint8 // weighted lookups into catalog: plain, with medical, same-day area
	markets   [numMarketplaces]marketplace
	market    []uint8
	promise   [numMarketplaces][]uint8
	amazon    uint64 // counters per marketplace
	ebay      uint64
	shopify   uint64
	ali       uint64
	keys      [4]uint64 // per-seed offsets that scramble the references
	buf       []byte
}

const (
	skuPlain = iota
	skuMedical
	skuLocal
)

func newGenerator(seed int64) *generator {
	g := &generator{
		src:       rand.NewPCG(uint64(seed), 0x5368_6970_6d6f_6465), // "Shipmode"
		countries: countries(),
		catalog:   catalog(),
		markets:   marketplaces(),
		buf:       make([]byte, 0, 64),
	}
	for i := range g.keys {
		g.keys[i] = g.src.Uint64()
	}
	g.shopify = 1001 + g.src.Uint64()%30000
	g.country = lookup(len(g.countries), func(i int) int { return g.countries[i].weight })
	category := map[string]string{}
	for _, p := range products() {
		category[p.SKU] = p.Category
	}
	for i := range g.catalog {
		g.catalog[i].category = category[g.catalog[i].sku]
	}
	for kind := range g.skus {
		g.skus[kind] = lookup(len(g.catalog), func(i int) int {
			switch l := g.catalog[i]; {
			case l.category == "fresh_food" && kind != skuLocal:
				return 0
			case l.category == "medical" && kind == skuPlain:
				return 0
			}
			return g.catalog[i].weight
		})
	}
	g.market = lookup(len(g.markets), func(i int) int { return g.markets[i].weight })
	for m := range g.markets {
		p := g.markets[m].promises
		g.promise[m] = lookup(len(p), func(i int) int { return p[i].weight })
	}
	return g
}

// lookup builds a sampling table: index i appears weight(i) times.
func lookup(n int, weight func(int) int) []uint8 {
	var t []uint8
	for i := range n {
		for range weight(i) {
			t = append(t, uint8(i))
		}
	}
	return t
}

// intn returns a uniform number in [0, n) (Lemire's multiply-shift, n < 2³²).
func (g *generator) intn(n int) int {
	return int((g.src.Uint64() >> 32 * uint64(n)) >> 32)
}

func (g *generator) pick(t []uint8) int { return int(t[g.intn(len(t))]) }

// order generates one order placed on day; last is the last day of the period. It
// takes its lines from the front of chunk and says how many it took.
func (g *generator) order(day, last logistics.Date, chunk []logistics.Line) (logistics.Order, logistics.Status, int) {
	c := &g.countries[g.pick(g.country)]
	m := g.pick(g.market)
	mk := &g.markets[m]

	// Reference and postal code share one string.
	b := g.buf[:0]
	b = g.ref(b, mk.id, c)
	refLen := len(b)
	a := &c.areas[g.pick(c.lookup)]
	b = g.postal(b, a)
	s := string(b)
	g.buf = b

	cur := c.currency
	switch mk.id {
	case "amazon":
		cur = c.amazonCurrency
	case "ebay":
		cur = c.ebayCurrency
	case "aliexpress":
		cur = c.aliCurrency
	}

	kind := skuPlain
	switch {
	case a.local:
		kind = skuLocal
	case c.medical:
		kind = skuMedical
	}
	n := 1
	switch r := g.intn(100); {
	case r >= 94:
		n = 3
	case r >= 77:
		n = 2
	}
	lines := chunk[:0:maxLines]
	promised := mk.promises[g.pick(g.promise[m])].days
	for len(lines) < n {
		l := &g.catalog[g.pick(g.skus[kind])]
		if l.category == "fresh_food" || l.category == "medical" {
			// Perishables and medical devices are sold on their own.
			if len(lines) > 0 {
				continue
			}
			n = 1
		}
		dup := false
		for _, x := range lines {
			dup = dup || x.SKU == l.sku
		}
		if dup {
			continue
		}
		qty := int64(1)
		if l.maxQty > 1 && g.intn(100) >= 82 {
			qty = 2 + int64(g.intn(l.maxQty-1))
		}
		lines = append(lines, logistics.Line{SKU: l.sku, Qty: qty, UnitPrice: g.price(l.priceUSD, cur, mk.priceIndex)})
		if l.category == "fresh_food" {
			promised = 2
		}
	}
	if a.local && promised != 2 && g.intn(100) < 8 {
		promised = 2
	}

	o := logistics.Order{
		Ref:          s[:refLen],
		Marketplace:  mk.id,
		Date:         day,
		Country:      c.code,
		PostalCode:   s[refLen:],
		Currency:     cur,
		PromisedDays: promised,
		Lines:        lines[:len(lines):len(lines)],
	}
	return o, g.status(int(last - day)), len(lines)
}

// status draws where an order of the given age in days is.
func (g *generator) status(age int) logistics.Status {
	r := g.intn(1000)
	if age > 30 {
		switch {
		case r < 950:
			return logistics.Shipped
		case r < 975:
			return logistics.Cancelled
		}
		return logistics.Open // a backlog of old orders still waiting
	}
	switch {
	case r < 20:
		return logistics.Cancelled
	case r < 20+age*250/30:
		return logistics.Shipped
	}
	return logistics.Open
}

// ref appends an order reference in the marketplace's own format.
func (g *generator) ref(b []byte, market string, c *country) []byte {
	switch market {
	case "amazon": // 111-1234567-1234567
		b = append(b, c.amazonHeads[g.intn(len(c.amazonHeads))]...)
		v := scramble(g.amazon, 14, g.keys[0], g.keys[1])
		g.amazon++
		b = append(b, '-')
		b = appendDigits(b, v/10_000_000, 7)
		b = append(b, '-')
		return appendDigits(b, v%10_000_000, 7)
	case "ebay": // 12-34567-89012
		v := scramble(g.ebay, 12, g.keys[2], g.keys[1])
		g.ebay++
		b = appendDigits(b, v/10_000_000_000, 2)
		b = append(b, '-')
		b = appendDigits(b, v/100_000%100_000, 5)
		b = append(b, '-')
		return appendDigits(b, v%100_000, 5)
	case "shopify": // #1001
		b = append(b, '#')
		b = strconv.AppendUint(b, g.shopify, 10)
		g.shopify++
		return b
	default: // aliexpress: 8100123456789012
		v := scramble(g.ali, 14, g.keys[3], g.keys[2])
		g.ali++
		b = append(b, '8', '1')
		return appendDigits(b, v, 14)
	}
}

// postal appends a postal code of the area: its head, then its tail pattern where
// '#' is a digit, 'A' a letter of a British inward code, 'L' a letter of a Canadian
// code, 'E' an Eircode character, 'Z' a capital letter, 'P' a two-digit district
// 01–20; anything else is literal.
func (g *generator) postal(b []byte, a *area) []byte {
	b = append(b, a.head...)
	for i := 0; i < len(a.tail); i++ {
		switch ch := a.tail[i]; ch {
		case '#':
			b = append(b, byte('0'+g.intn(10)))
		case 'A':
			b = append(b, inwardLetters[g.intn(len(inwardLetters))])
		case 'L':
			b = append(b, canadaLetters[g.intn(len(canadaLetters))])
		case 'E':
			b = append(b, eircodeChars[g.intn(len(eircodeChars))])
		case 'Z':
			b = append(b, byte('A'+g.intn(26)))
		case 'P':
			b = appendDigits(b, uint64(1+g.intn(20)), 2)
		default:
			b = append(b, ch)
		}
	}
	return b
}

const (
	inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"
	canadaLetters = "ABCEGHJKLMNPRSTVWXYZ"
	eircodeChars  = "ACDEFHKNPRTVWXY0123456789"
)

// price localises a list price in US cents to a price point in cur, with the
// marketplace's price index (percent) and a little spread between listings; it
// returns the unit price as a Dec.
func (g *generator) price(usdCents int64, cur string, index int) logistics.Dec {
	jitter := int64(940 + g.intn(121)) // 94.0 % … 106.0 %
	// hundredths of the currency's unit
	h := usdCents * priceFactor(cur) / 10_000 * int64(index) / 100 * jitter / 1000
	units := (h + 50) / 100
	switch cur {
	case "JPY": // 2,980 yen
		units = (units+50)/100*100 - 20
		if units < 98 {
			units = 98
		}
		h = units * 100
	case "SEK", "CZK": // 249 kr
		units = (units+5)/10*10 - 1
		if units < 9 {
			units = 9
		}
		h = units * 100
	default: // 24.99
		if units < 1 {
			units = 1
		}
		h = units*100 - 1
	}
	return logistics.Dec(h * (logistics.DecScale / 100))
}

// priceFactor is how many units of cur a seller asks for one US dollar of list
// price, times 10,000 (prices abroad are set by market, not at the FX rate).
func priceFactor(cur string) int64 {
	switch cur {
	case "EUR":
		return 9_500
	case "GBP":
		return 8_200
	case "CAD":
		return 13_800
	case "AUD":
		return 15_500
	case "JPY":
		return 1_500_000
	case "PLN":
		return 41_000
	case "SEK":
		return 108_000
	case "CZK":
		return 235_000
	}
	return 10_000
}

// scramble maps a counter n < 10^digits one-to-one onto [0, 10^digits): an affine
// map, a reversal of the decimal digits and another affine map, so consecutive
// orders get unrelated-looking but never repeated references.
func scramble(n uint64, digits int, k1, k2 uint64) uint64 {
	m := uint64(1)
	for range digits {
		m *= 10
	}
	affine := func(x, a, k uint64) uint64 {
		hi, lo := bits.Mul64(x, a%m) // a%m is odd and not a multiple of 5: a unit mod 10^k
		_, r := bits.Div64(hi, lo, m)
		return (r + k%m) % m
	}
	x := affine(n%m, 0x9E37_79B9_7F4A_7C13, k1)
	var rev uint64
	for range digits {
		rev = rev*10 + x%10
		x /= 10
	}
	return affine(rev, 0xC2B2_AE3D_27D4_EB4F, k2)
}

// appendDigits appends v as exactly width decimal digits (zero-padded).
func appendDigits(b []byte, v uint64, width int) []byte {
	var tmp [20]byte
	for i := width - 1; i >= 0; i-- {
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, tmp[:width]...)
}

// listing is how a catalogue SKU sells: its US list price, its popularity and the
// most units one order takes.
type listing struct {
	sku      string
	priceUSD int64 // cents
	weight   int   // relative popularity
	maxQty   int
	category string // from the products sheet
}

// catalog lists every product of the rate book with its selling data.
func catalog() []listing {
	return []listing{
		// sku, US list price (cents), popularity, max qty
		{"TEAPOT-CI", 4999, 20, 2, ""},
		{"MUG-350", 1499, 35, 4, ""},
		{"PUZZLE-1000", 2299, 25, 2, ""},
		{"CHOPSTICKS", 999, 25, 5, ""},
		{"BASKET-RATTAN", 2999, 15, 3, ""},
		{"PLANTER-SET", 5999, 5, 1, ""},
		{"YOGA-MAT", 2799, 20, 2, ""},
		{"SURF-ROD", 5999, 6, 1, ""},
		{"CAMPING-TENT", 8999, 6, 1, ""},
		{"TEA-LONGJING", 2499, 15, 3, ""},
		{"BACKPACK-20L", 3499, 18, 1, ""},
		{"PHONE-STAND", 1299, 40, 2, ""},
		{"USB-C-CABLE", 999, 60, 5, ""},
		{"LED-STRIP-5M", 1999, 35, 3, ""},
		{"SMART-PLUG", 1599, 25, 4, ""},
		{"KEYBOARD-MECH", 5999, 15, 1, ""},
		{"WEBCAM-1080P", 3499, 15, 1, ""},
		{"STAND-MIXER", 14999, 4, 1, ""},
		{"POWERBANK-10K", 2999, 45, 2, ""},
		{"EARBUDS-TWS", 3499, 60, 2, ""},
		{"SMARTWATCH", 4999, 35, 1, ""},
		{"BT-SPEAKER", 3999, 25, 1, ""},
		{"ESS-OIL-6", 1999, 20, 2, ""},
		{"INK-BOTTLE-4", 1799, 8, 2, ""},
		{"PERFUME-50", 3999, 12, 1, ""},
		{"EYESHADOW-18", 1799, 25, 2, ""},
		{"LIPSTICK-SET", 1999, 20, 2, ""},
		{"SHEET-MASK-10", 1599, 25, 3, ""},
		{"BRUSH-SET-12", 1499, 20, 1, ""},
		{"SCARF-SILK", 2499, 25, 2, ""},
		{"HOODIE", 3999, 30, 2, ""},
		{"HANDBAG-LTH", 8999, 10, 1, ""},
		{"RUN-SHOES", 6499, 20, 1, ""},
		{"SOCKS-5", 1299, 35, 4, ""},
		{"DOWN-JACKET", 11999, 10, 1, ""},
		{"LYCHEE-1KG", 2999, 30, 2, ""},
		{"MANGO-2KG", 3499, 20, 1, ""},
		{"MOONCAKE-4", 3999, 25, 2, ""},
		{"THERMO-IR", 2999, 20, 1, ""},
		{"BP-MONITOR", 4999, 10, 1, ""},
		{"OXIMETER", 1999, 15, 2, ""},
		{"MASK-KN95-50", 2499, 15, 3, ""},
	}
}

// marketplace is a sales channel: its share of orders, its prices relative to
// Amazon (percent) and the delivery promises of its listings.
type marketplace struct {
	id         string
	weight     int
	priceIndex int
	promises   []promise
}

type promise struct{ days, weight int }

// numMarketplaces is the number of demo marketplaces.
const numMarketplaces = 4

func marketplaces() [numMarketplaces]marketplace {
	return [...]marketplace{
		{"amazon", 45, 100, []promise{{0, 10}, {7, 10}, {10, 25}, {15, 30}, {20, 25}}},
		{"aliexpress", 22, 80, []promise{{0, 20}, {10, 5}, {15, 35}, {20, 40}}},
		{"ebay", 17, 94, []promise{{0, 25}, {10, 30}, {15, 25}, {20, 20}}},
		{"shopify", 16, 106, []promise{{0, 45}, {7, 10}, {10, 15}, {15, 15}, {20, 15}}},
	}
}

// country is a destination: its share of orders (per mille), the currency each
// marketplace charges in, the first digits of its Amazon order numbers, whether
// medical devices are sold there, and its postal areas.
type country struct {
	code                                                string
	weight                                              int
	currency, amazonCurrency, ebayCurrency, aliCurrency string
	amazonHeads                                         []string
	medical                                             bool
	areas                                               []area
	lookup                                              []uint8
}

// area is a region of postal codes: a fixed head and a tail pattern (see postal),
// its relative weight, and whether a same-day courier of the rate book serves it.
type area struct {
	head, tail string
	weight     int
	local      bool
}

// countryCurrencies lists every currency a demo order can be in.
func countryCurrencies() []string {
	var out []string
	for _, c := range countries() {
		out = append(out, c.currency, c.amazonCurrency, c.ebayCurrency, c.aliCurrency)
	}
	return out
}

func countries() []country {
	eu := []string{"302", "303", "304", "305", "306"}
	cs := []country{
		{"US", 320, "USD", "USD", "USD", "USD", []string{"111", "112", "113", "114"}, true, []area{
			{"100", "##", 40, false}, {"104", "##", 20, false}, {"112", "##", 30, false}, {"021", "##", 15, false},
			{"070", "##", 12, false}, {"191", "##", 15, false}, {"200", "##", 10, false}, {"303", "##", 15, false},
			{"331", "##", 15, false}, {"441", "##", 8, false}, {"482", "##", 10, false}, {"553", "##", 10, false},
			{"606", "##", 30, false}, {"631", "##", 8, false}, {"752", "##", 20, false}, {"770", "##", 25, false},
			{"787", "##", 10, false}, {"802", "##", 12, false}, {"841", "##", 8, false}, {"850", "##", 15, false},
			{"891", "##", 8, false}, {"921", "##", 15, false}, {"941", "##", 15, false}, {"951", "##", 10, false},
			{"972", "##", 8, false}, {"981", "##", 15, false},
			{"900", "##", 40, true}, {"902", "##", 10, true}, {"906", "##", 8, true}, {"913", "##", 10, true}, {"917", "##", 8, true},
			{"995", "##", 3, false}, {"967", "##", 3, false}, {"968", "##", 4, false},
		}, nil},
		{"DE", 120, "EUR", "EUR", "EUR", "EUR", eu, true, []area{
			{"10", "###", 25, false}, {"12", "###", 15, false}, {"13", "###", 10, false}, {"20", "###", 15, false},
			{"22", "###", 12, false}, {"80", "###", 15, false}, {"81", "###", 10, false}, {"50", "###", 12, false},
			{"51", "###", 8, false}, {"60", "###", 10, false}, {"70", "###", 10, false}, {"40", "###", 10, false},
			{"45", "###", 8, false}, {"01", "###", 8, false}, {"04", "###", 8, false}, {"30", "###", 8, false},
			{"90", "###", 8, false}, {"28", "###", 8, false}, {"44", "###", 8, false}, {"27498", "", 1, false},
		}, nil},
		{"GB", 110, "GBP", "GBP", "GBP", "USD", []string{"202", "203", "204", "205", "206"}, true, []area{
			{"EC1A", " #AA", 3, true}, {"EC2M", " #AA", 3, true}, {"WC1E", " #AA", 3, true}, {"WC2H", " #AA", 3, true},
			{"W1D", " #AA", 3, true}, {"W1T", " #AA", 3, true}, {"SW1A", " #AA", 2, true}, {"SW1V", " #AA", 3, true},
			{"SW11", " #AA", 4, true}, {"E1", " #AA", 4, true}, {"E14", " #AA", 4, true}, {"N1", " #AA", 4, true},
			{"N19", " #AA", 3, true}, {"NW1", " #AA", 3, true}, {"NW10", " #AA", 3, true}, {"SE1", " #AA", 4, true},
			{"SE15", " #AA", 4, true},
			{"E6", " #AA", 3, false}, {"CR0", " #AA", 4, false}, {"HA1", " #AA", 3, false}, {"TW1", " #AA", 3, false},
			{"M1", " #AA", 8, false}, {"M14", " #AA", 5, false}, {"B1", " #AA", 6, false}, {"B15", " #AA", 5, false},
			{"LS1", " #AA", 5, false}, {"LS6", " #AA", 4, false}, {"G1", " #AA", 5, false}, {"G12", " #AA", 4, false},
			{"EH1", " #AA", 5, false}, {"EH7", " #AA", 3, false}, {"BS1", " #AA", 5, false}, {"L1", " #AA", 5, false},
			{"NE1", " #AA", 4, false}, {"CF10", " #AA", 4, false}, {"BT1", " #AA", 3, false}, {"CB1", " #AA", 3, false},
			{"OX1", " #AA", 3, false}, {"BN1", " #AA", 4, false}, {"NG1", " #AA", 4, false}, {"S1", " #AA", 4, false},
			{"IV2", " #AA", 1, false}, {"HS1", " #AA", 1, false}, {"KW15", " #AA", 1, false}, {"ZE1", " #AA", 1, false},
		}, nil},
		{"FR", 80, "EUR", "EUR", "EUR", "EUR", eu, true, []area{
			{"750", "P", 12, true}, {"92", "###", 5, true}, {"93", "###", 4, true}, {"94", "###", 4, true},
			{"78", "###", 3, false}, {"91", "###", 3, false}, {"95", "###", 3, false}, {"77", "###", 3, false},
			{"6900", "#", 6, false}, {"1300", "#", 6, false}, {"31", "###", 5, false}, {"33", "###", 5, false},
			{"44", "###", 4, false}, {"59", "###", 5, false}, {"67", "###", 4, false}, {"06", "###", 4, false},
			{"35", "###", 3, false}, {"34", "###", 3, false}, {"20", "###", 1, false},
		}, nil},
		{"JP", 70, "JPY", "JPY", "USD", "USD", []string{"503", "249", "250"}, true, []area{
			{"1", "##-####", 30, true}, {"22", "#-####", 4, false}, {"23", "#-####", 4, false}, {"24", "#-####", 4, false},
			{"53", "#-####", 3, false}, {"54", "#-####", 3, false}, {"55", "#-####", 3, false}, {"56", "#-####", 3, false},
			{"45", "#-####", 4, false}, {"46", "#-####", 4, false}, {"33", "#-####", 7, false}, {"27", "#-####", 6, false},
			{"06", "#-####", 5, false}, {"81", "#-####", 5, false}, {"60", "#-####", 3, false}, {"73", "#-####", 3, false},
			{"98", "#-####", 3, false}, {"90", "#-####", 2, false},
		}, nil},
		{"IT", 50, "EUR", "EUR", "EUR", "EUR", eu, false, []area{
			{"001", "##", 12, false}, {"201", "##", 12, false}, {"801", "##", 8, false}, {"101", "##", 7, false},
			{"401", "##", 5, false}, {"501", "##", 5, false}, {"701", "##", 4, false}, {"161", "##", 4, false},
			{"301", "##", 3, false}, {"901", "##", 4, false}, {"951", "##", 3, false}, {"091", "##", 3, false},
			{"98055", "", 1, false},
		}, nil},
		{"ES", 50, "EUR", "EUR", "EUR", "EUR", eu, false, []area{
			{"280", "##", 20, false}, {"080", "##", 15, false}, {"460", "##", 8, false}, {"410", "##", 6, false},
			{"290", "##", 5, false}, {"480", "##", 5, false}, {"500", "##", 4, false}, {"300", "##", 3, false},
			{"030", "##", 4, false}, {"350", "##", 3, false}, {"380", "##", 3, false}, {"070", "##", 3, false},
		}, nil},
		{"CA", 50, "CAD", "CAD", "CAD", "USD", []string{"701", "702"}, true, []area{
			{"M5V", " #L#", 8, false}, {"M4C", " #L#", 6, false}, {"M6H", " #L#", 6, false}, {"L4C", " #L#", 5, false},
			{"L5B", " #L#", 5, false}, {"K1P", " #L#", 4, false}, {"K2P", " #L#", 3, false}, {"H2X", " #L#", 5, false},
			{"H3A", " #L#", 4, false}, {"V6B", " #L#", 6, false}, {"V5K", " #L#", 4, false}, {"T2P", " #L#", 4, false},
			{"T5J", " #L#", 4, false}, {"R3C", " #L#", 3, false}, {"S7K", " #L#", 2, false}, {"B3H", " #L#", 2, false},
			{"E1C", " #L#", 1, false}, {"A1C", " #L#", 1, false}, {"G1R", " #L#", 2, false}, {"X1A", " #L#", 1, false},
			{"Y1A", " #L#", 1, false},
		}, nil},
		{"AU", 40, "AUD", "AUD", "AUD", "USD", []string{"250", "251"}, true, []area{
			{"20", "##", 15, false}, {"21", "##", 10, false}, {"30", "##", 12, false}, {"31", "##", 8, false},
			{"40", "##", 8, false}, {"41", "##", 4, false}, {"60", "##", 6, false}, {"61", "##", 3, false},
			{"50", "##", 5, false}, {"26", "##", 3, false}, {"70", "##", 2, false}, {"08", "##", 1, false},
			{"67", "##", 1, false},
		}, nil},
		{"NL", 30, "EUR", "EUR", "EUR", "EUR", eu, true, []area{
			{"10", "## ZZ", 10, false}, {"11", "## ZZ", 4, false}, {"30", "## ZZ", 7, false}, {"25", "## ZZ", 5, false},
			{"35", "## ZZ", 4, false}, {"56", "## ZZ", 3, false}, {"97", "## ZZ", 2, false}, {"65", "## ZZ", 3, false},
		}, nil},
		{"PL", 25, "PLN", "PLN", "PLN", "USD", eu, true, []area{
			{"00", "-###", 8, false}, {"01", "-###", 4, false}, {"02", "-###", 4, false}, {"03", "-###", 3, false},
			{"30", "-###", 4, false}, {"31", "-###", 4, false}, {"90", "-###", 3, false}, {"50", "-###", 3, false},
			{"53", "-###", 2, false}, {"60", "-###", 3, false}, {"80", "-###", 3, false}, {"70", "-###", 2, false},
			{"20", "-###", 2, false},
		}, nil},
		{"BE", 15, "EUR", "EUR", "EUR", "EUR", eu, true, []area{
			{"10", "##", 8, false}, {"20", "##", 5, false}, {"90", "##", 4, false}, {"40", "##", 3, false},
			{"30", "##", 2, false}, {"80", "##", 2, false},
		}, nil},
		{"AT", 15, "EUR", "EUR", "EUR", "EUR", eu, true, []area{
			{"1", "P0", 12, false}, {"80", "##", 3, false}, {"40", "##", 3, false}, {"50", "##", 2, false},
			{"60", "##", 2, false},
		}, nil},
		{"IE", 10, "EUR", "EUR", "EUR", "EUR", eu, false, []area{
			{"D01", " EEEE", 3, false}, {"D02", " EEEE", 3, false}, {"D04", " EEEE", 3, false}, {"D06", " EEEE", 2, false},
			{"D08", " EEEE", 2, false}, {"D15", " EEEE", 2, false}, {"D24", " EEEE", 2, false}, {"T12", " EEEE", 3, false},
			{"T23", " EEEE", 2, false}, {"H91", " EEEE", 2, false}, {"V94", " EEEE", 2, false}, {"A94", " EEEE", 1, false},
			{"W91", " EEEE", 1, false}, {"X91", " EEEE", 1, false},
		}, nil},
		{"SE", 10, "SEK", "SEK", "USD", "USD", eu, false, []area{
			{"11", "# ##", 6, false}, {"12", "# ##", 3, false}, {"16", "# ##", 2, false}, {"17", "# ##", 2, false},
			{"41", "# ##", 4, false}, {"42", "# ##", 2, false}, {"21", "# ##", 3, false}, {"75", "# ##", 2, false},
		}, nil},
		{"CZ", 5, "CZK", "EUR", "USD", "USD", eu, true, []area{
			{"110", " 00", 3, false}, {"120", " 00", 3, false}, {"130", " 00", 2, false}, {"140", " 00", 2, false},
			{"150", " 00", 2, false}, {"160", " 00", 2, false}, {"602", " 00", 3, false}, {"612", " 00", 2, false},
			{"702", " 00", 2, false}, {"301", " 00", 2, false},
		}, nil},
	}
	for i := range cs {
		as := cs[i].areas
		cs[i].lookup = lookup(len(as), func(j int) int { return as[j].weight })
	}
	return cs
}
