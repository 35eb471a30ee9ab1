package logistics

import (
	"errors"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strings"
)

// parcel holds the quantities of an order that pricing needs (SPEC §5 "Order
// quantities").
type parcel struct {
	actualG    int64 // with packaging, or the parcel's own weight
	volume     int64 // mm³ of the units, or of the parcel
	side       int64 // longest side in mm
	unitVolume int64 // mm³ of the units themselves (storage)
	unitWeight int64 // g of the units themselves (head-haul)
	units      int64
	value      Dec                       // goods value in the order currency
	cur        *ccy                      // the order currency
	dest       *dest                     // the destination country
	categories []string                  // distinct, sorted
	hsCount    int64                     // distinct HS codes; every empty code together counts as one
	costs      []curDec                  // Σ unit_cost × qty per product currency
	postal     string                    // normalised
	missing    string                    // the first unknown SKU ("" when a line has none)
	unknown    bool                      // a line's SKU is not in the products
	overflow   bool                      // a quantity or amount too large for exact arithmetic
	fx         fxMemo                    // the rates this order's pricing has looked up
	chargeG    int64                     // re-rating (Engine.Rerate): the billed weight that replaces the chargeable weight; 0: computed
	log        *[]Piece                  // Engine.PriceChosen: the pieces its options add; nil when planning
	forbidden  [len(Modes) + 1]*Sentence // per mode: the compliance rule's reason that forbids it
	// backing arrays, so that a usual order needs no allocation
	catBuf  [4]string
	costBuf [2]curDec
}

type curDec struct {
	cur *ccy
	amt Dec
}

// measure computes the parcel quantities of o into p (which must not move
// afterwards: its slices may point into its own backing arrays).
func (e *Engine) measure(o *Order, p *parcel) {
	p.categories, p.costs = p.catBuf[:0], p.costBuf[:0]
	p.postal = NormalizePostal(o.PostalCode)
	p.cur, p.dest = e.orderCurrency(o.Currency), e.country(o.Country)
	var hs [8]string
	hsCodes := hs[:0]
	for _, l := range o.Lines {
		v, ok := mulAdd(int64(p.value), int64(l.UnitPrice), l.Qty)
		p.overflow = p.overflow || !ok || l.Qty < 0
		p.value = Dec(v)
		pr, ok := e.products[l.SKU]
		if !ok {
			if !p.unknown {
				p.missing, p.unknown = l.SKU, true
			}
			continue
		}
		p.units += l.Qty
		var ok1, ok2, ok3 bool
		p.unitWeight, ok1 = mulAdd(p.unitWeight, pr.WeightG, l.Qty)
		unitVol, ok2 := mulAdd(0, pr.LengthMM*pr.WidthMM, pr.HeightMM)
		p.unitVolume, ok3 = mulAdd(p.unitVolume, unitVol, l.Qty)
		p.overflow = p.overflow || !ok1 || !ok2 || !ok3 || pr.LengthMM > 1e6 || pr.WidthMM > 1e6
		p.side = max(p.side, pr.LengthMM, pr.WidthMM, pr.HeightMM)
		if !slices.Contains(p.categories, pr.Category) {
			p.categories = append(p.categories, pr.Category)
		}
		code := strings.TrimSpace(pr.HSCode)
		if !slices.Contains(hsCodes, code) {
			hsCodes = append(hsCodes, code)
		}
		c, ok := mulAdd(0, int64(pr.UnitCost), l.Qty)
		p.overflow = p.overflow || !ok
		cost := Dec(c)
		if i := slices.IndexFunc(p.costs, func(c curDec) bool { return c.cur == pr.cur }); i >= 0 {
			p.costs[i].amt += cost
		} else {
			p.costs = append(p.costs, curDec{pr.cur, cost})
		}
	}
	slices.Sort(p.categories)
	p.hsCount = int64(len(hsCodes))
	p.actualG = p.unitWeight + e.settings.PackagingG
	p.volume = p.unitVolume
	if pc := o.Parcel; pc != nil {
		if pc.LengthMM > 0 && pc.WidthMM > 0 && pc.HeightMM > 0 {
			p.volume = pc.LengthMM * pc.WidthMM * pc.HeightMM
			p.side = max(pc.LengthMM, pc.WidthMM, pc.HeightMM)
		}
		if pc.WeightG > 0 {
			p.actualG = pc.WeightG
		}
	}
}

// volumetricG is the volumetric weight of volume mm³ by divisor d > 0 (cm³ per
// kg, so mm³ per g): ⌈volume / d⌉ (SPEC §5 "Pricing a service", 3).
func volumetricG(volume, d int64) int64 { return (volume + d - 1) / d }

// mulAdd returns acc + a×b and whether it fits an int64 (a, b not negative).
func mulAdd(acc, a, b int64) (int64, bool) {
	if a < 0 || b < 0 {
		return acc, false
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > math.MaxInt64 {
		return acc, false
	}
	sum := acc + int64(lo)
	if sum < acc {
		return acc, false
	}
	return sum, true
}

// svcQuote is a service's price for a parcel, in the service currency's minor units.
type svcQuote struct {
	zone                            int // into the service's zones
	chargeableG                     int64
	freight, remote, oversize, peak int64
	fuel                            int64
	transit                         int
}

// priceService prices parcel p to country (p.dest) on date d with service s (SPEC §5
// "Pricing a service"). It returns the reason when the service cannot take the parcel.
func (e *Engine) priceService(s *service, p *parcel, country string, d Date) (svcQuote, *Sentence) {
	var q svcQuote
	zs := s.zonesIn(p.dest)
	if zs == nil {
		return q, sentenceOf(rsNotServed, str(s.ID), str(country))
	}
	found := false
	if p.postal != "" {
		for _, z := range zs.prefixes {
			if strings.HasPrefix(p.postal, z.prefix) {
				q.zone, found = z.zone, true
				break
			}
		}
	}
	if !found {
		if !zs.hasCountry {
			if p.postal == "" {
				return q, sentenceOf(rsNoPostal, str(s.ID), str(country))
			}
			return q, sentenceOf(rsPostalNotServed, str(s.ID), str(country), str(p.postal))
		}
		q.zone = zs.countryZone
	}
	if s.MaxWeightG > 0 && p.actualG > s.MaxWeightG {
		return q, sentenceOf(rsOverWeight, str(s.ID), num(p.actualG), num(s.MaxWeightG))
	}
	if s.MaxSideMM > 0 && p.side > s.MaxSideMM {
		return q, sentenceOf(rsOverSide, str(s.ID), num(p.side), num(s.MaxSideMM))
	}
	for _, c := range p.categories {
		if i := slices.Index(s.forbidden, c); i >= 0 {
			return q, s.forbiddenWhy[i]
		}
	}
	// Chargeable weight.
	g := p.actualG
	if s.Divisor > 0 {
		volG := volumetricG(p.volume, s.Divisor)
		// volG >= ratio × actual, exactly: volG·10⁹ >= ratio_nano·actual
		if !mul64(uint64(volG), DecScale).less(mul64(uint64(s.VolumetricRatio), uint64(p.actualG))) {
			g = max(g, volG)
		}
	}
	if r := g % s.IncrementG; r != 0 {
		g += s.IncrementG - r
	}
	g = max(g, s.MinChargeG)
	if p.chargeG > 0 {
		g = p.chargeG // re-rating: as the carrier billed it
	}
	q.chargeableG = g
	// Freight band.
	var band *Rate
	z := &s.zones[q.zone]
	for i, r := range z.rates {
		if r.FromG < g && (r.ToG == 0 || g <= r.ToG) {
			band = &z.rates[i]
			break
		}
	}
	if band == nil {
		return q, sentenceOf(rsNoRate, str(s.ID), num(g), str(z.name))
	}
	var err error
	if q.freight, err = linearPiece(band.Fixed, band.PerKg, g, 0, 0, s.cur.digits); err != nil {
		return q, failed(s.ID, err)
	}
	// Surcharges, at most one row of each kind.
	if sc := s.remoteFor(zs, country, p.postal, d); sc != nil {
		if q.remote, err = surchargePiece(sc, g, q.freight, s.cur.digits); err != nil {
			return q, failed(s.ID, err)
		}
	}
	if sc := s.oversizeFor(country, p.side, d); sc != nil {
		if q.oversize, err = surchargePiece(sc, g, q.freight, s.cur.digits); err != nil {
			return q, failed(s.ID, err)
		}
	}
	if sc := s.peakFor(country, d); sc != nil {
		if q.peak, err = surchargePiece(sc, g, q.freight, s.cur.digits); err != nil {
			return q, failed(s.ID, err)
		}
	}
	if s.FuelPct != 0 {
		// fuel_pct% × (freight + remote + oversize), of the rounded pieces
		base := q.freight + q.remote + q.oversize
		if q.fuel, err = mul64(uint64(s.FuelPct), uint64(base)).divRound(100 * DecScale); err != nil {
			return q, failed(s.ID, err)
		}
	}
	q.transit = s.TransitMaxDays
	return q, nil
}

func inWindow(from, to, d Date) bool {
	return (from == NoDate || from <= d) && (to == NoDate || d <= to)
}

// remoteFor is the remote row of s for a postal code of country (zoned by zs).
func (s *service) remoteFor(zs *zoneSet, country, postal string, d Date) *Surcharge {
	var best *Surcharge
	bestLen := -1
	for _, i := range zs.remote {
		sc := &s.remote[i]
		if sc.Country != "" && sc.Country != country || !inWindow(sc.FromDate, sc.ToDate, d) {
			continue
		}
		if !strings.HasPrefix(postal, sc.PostalPrefix) {
			continue
		}
		if len(sc.PostalPrefix) > bestLen {
			best, bestLen = sc, len(sc.PostalPrefix)
		}
	}
	return best
}

func (s *service) oversizeFor(country string, side int64, d Date) *Surcharge {
	var best *Surcharge
	for i := range s.oversize {
		sc := &s.oversize[i]
		if sc.Country != "" && sc.Country != country || !inWindow(sc.FromDate, sc.ToDate, d) {
			continue
		}
		if sc.MinSideMM <= side && (best == nil || sc.MinSideMM > best.MinSideMM) {
			best = sc
		}
	}
	return best
}

func (s *service) peakFor(country string, d Date) *Surcharge {
	var best *Surcharge
	for i := range s.peak {
		sc := &s.peak[i]
		if sc.Country != "" && sc.Country != country || !inWindow(sc.FromDate, sc.ToDate, d) {
			continue
		}
		if best == nil || sc.FromDate > best.FromDate {
			best = sc
		}
	}
	return best
}

// linearPiece is fixed + perKg × g/1000 + pct% × pctOf(minor units), rounded half
// away from zero to the minor unit of a currency with the given digits. Exact: the
// sum is formed in units of 10⁻¹⁴ of the currency.
func linearPiece(fixed, perKg Dec, g int64, pct Dec, pctOf int64, digits int) (int64, error) {
	if fixed < 0 || perKg < 0 || pct < 0 || g < 0 || pctOf < 0 {
		return 0, errNegative
	}
	perKgPart, ok := mul64(uint64(perKg), uint64(g)).mul(100)
	if !ok {
		return 0, ErrOverflow
	}
	n := mul64(uint64(fixed), 1e5).add(perKgPart)
	if pct != 0 {
		t, ok := mul64(uint64(pct), uint64(pctOf)).mul(pow10[3-digits])
		if !ok {
			return 0, ErrOverflow
		}
		n = n.add(t)
	}
	return n.divRound(pow10[14-digits])
}

var errNegative = errors.New(phrases[rsNegativePrice].Text)

func surchargePiece(sc *Surcharge, g, freight int64, digits int) (int64, error) {
	v, err := linearPiece(sc.Fixed, sc.PerKg, g, sc.Pct, freight, digits)
	if err != nil {
		return 0, err
	}
	if sc.Min > 0 {
		m, err := linearPiece(sc.Min, 0, 0, 0, 0, digits)
		if err != nil {
			return 0, err
		}
		v = max(v, m)
	}
	return v, nil
}

// decTimes rounds d × n / den to the minor unit of a currency with the given digits:
// d (a Dec) times the exact fraction n/den.
func decTimes(d Dec, n, den uint64, digits int) (int64, error) {
	if d < 0 {
		return 0, errNegative
	}
	num := mul64(uint64(d), n)
	num, ok := num.mul(pow10[digits])
	if !ok {
		return 0, ErrOverflow
	}
	if den <= (1<<64-1)/DecScale {
		return num.divRound(den * DecScale)
	}
	b := new(big.Int).Mul(new(big.Int).SetUint64(den), big.NewInt(DecScale))
	return roundRat(num.big(), b)
}

// fxMissing is the reason of an option that needs a currency without a rate.
func fxMissing(cur string, d Date) *Sentence {
	return sentenceOf(rsNoFX, str(cur), dateVal(d))
}

// fxMemo remembers the rates one order's pricing looked up: an order converts a
// handful of currencies many times, and a short scan is cheaper than a binary
// search over the currency's rates each time.
type fxMemo struct {
	n    int
	cur  [6]*ccy
	rate [6]Dec
	ok   [6]bool
}

// rateOf is cur.rate through the memo m (nil: no memo).
func (m *fxMemo) rateOf(cur *ccy, d Date) (Dec, bool) {
	if m != nil {
		for i := 0; i < m.n; i++ {
			if m.cur[i] == cur {
				return m.rate[i], m.ok[i]
			}
		}
	}
	r, ok := cur.rate(d)
	if m != nil && m.n < len(m.cur) {
		m.cur[m.n], m.rate[m.n], m.ok[m.n] = cur, r, ok
		m.n++
	}
	return r, ok
}

// convert turns minor units of cur into minor units of the base currency with the
// rate valid on d, rounded half away from zero; m memoises rates (may be nil).
func (e *Engine) convert(m *fxMemo, minor int64, cur *ccy, d Date) (int64, bool) {
	if cur.base {
		return minor, true
	}
	r, ok := m.rateOf(cur, d)
	if !ok {
		return 0, false
	}
	if minor == 0 {
		return 0, true
	}
	neg := minor < 0
	if neg {
		minor = -minor
	}
	num, ok := mul64(uint64(minor), uint64(r)).mul(pow10[e.base.digits])
	if !ok {
		return 0, false
	}
	v, err := num.divRound(pow10[cur.digits+DecDigits])
	if err != nil {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}
