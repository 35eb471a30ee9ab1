package logistics

import (
	"math/big"
	"slices"
	"strings"
)

// prepared is an order with everything about its options that does not depend on
// the planning state: direct options are final, warehouse options wait for a stock
// check, consolidation options wait for their batch.
type prepared struct {
	order *Order
	p     parcel
	opts  []Option     // in output order: mode, then id
	whs   []*warehouse // per option: the warehouse of a warehouse/local option
	cons  []consDraft
}

// consDraft is a consolidation option before its batch is known.
type consDraft struct {
	idx   int // into prepared.opts
	ln    *lane
	key   batchKey
	laneG int64 // lane chargeable weight
	w     u128  // allocation weight (g, mm³ or base-currency value in 10⁻¹⁸)
	// priced parts in base currency, without the line-haul piece and duties
	deliveryFreight int64
	// what the per-parcel duties need of the order
	value   Dec
	hsCount int64
	cur     *ccy  // the order currency
	dest    *dest // the order's country
	// for planning rounds: the option as the choice compares it, and its
	// surcharges, fuel and fees (the components a batch does not change)
	cand cand
	rest int64
	slot int32 // planning: the batch's index in a round's batches
}

type batchKey struct {
	lane string
	dep  Date
}

// batch is the sum over a departure's members.
type batch struct {
	g int64 // Σ lane chargeable grams
	w u128  // Σ allocation weights
	n int
}

func (b batch) plus(d *consDraft) batch {
	return batch{g: b.g + d.laneG, w: b.w.add(d.w), n: b.n + 1}
}

// minus is b without member d: b.plus(d).minus(d) is b.
func (b batch) minus(d *consDraft) batch {
	return batch{g: b.g - d.laneG, w: b.w.sub(d.w), n: b.n - 1}
}

// prepare measures o and prices every option that does not depend on the state.
func (e *Engine) prepare(o *Order) *prepared {
	pr := new(prepared)
	e.prepareInto(pr, o)
	return pr
}

// prepareInto is prepare into pr, reusing the memory of its slices: planning keeps
// one per worker instead of allocating one per order.
func (e *Engine) prepareInto(pr *prepared, o *Order) {
	pr.order = o
	p := &pr.p
	*p = parcel{}
	e.measure(o, p)
	e.comply(o.Country, p)
	n := len(e.direct) + len(p.dest.lanes) + len(e.warehouses)
	pr.opts = slices.Grow(pr.opts[:0], n)
	pr.whs = slices.Grow(pr.whs[:0], n)
	pr.cons = pr.cons[:0]
	if p.unknown || p.overflow {
		// Without product data the parcel cannot be measured; every option says so.
		var why *Sentence
		switch {
		case p.overflow:
			why = said(rsOverflow)
		case strings.TrimSpace(p.missing) == "":
			why = said(rsNoSKU)
		default:
			why = sentenceOf(rsUnknownSKU, str(p.missing))
		}
		for _, s := range e.direct {
			pr.add(Option{Mode: ModeDirect, ID: s.ID, Reason: why}, nil)
		}
		return
	}
	serving := e.serving[o.Country] // (e.warehouses that serve o's country, in order)
	for _, kind := range [...]WarehouseKind{Overseas, Forward} {
		mode := ModeWarehouse
		if kind == Forward {
			mode = ModeLocal
		}
		for k := range serving {
			if sv := &serving[k]; sv.wh.Kind == kind && sv.serves(p.postal) {
				pr.add(e.warehouseOption(sv.wh, mode, o, p), sv.wh)
			}
		}
	}
	for _, ln := range p.dest.lanes {
		opt, d := e.laneDraft(ln, o, p)
		if opt.Feasible {
			d.idx = len(pr.opts)
			pr.cons = append(pr.cons, d)
		}
		pr.add(opt, nil)
	}
	for _, s := range e.direct {
		pr.add(e.directOption(s, o, p), nil)
	}
}

func (pr *prepared) add(o Option, wh *warehouse) {
	pr.opts = append(pr.opts, o)
	pr.whs = append(pr.whs, wh)
}

func (wh *warehouse) serves(country, postal string) bool {
	if slices.Contains(wh.countries, country) {
		return true
	}
	for _, cp := range wh.prefixes {
		if cp[0] == country && postal != "" && strings.HasPrefix(postal, cp[1]) {
			return true
		}
	}
	return false
}

// comply works out once per order, for every mode, the note of the first rule that
// forbids it ("" = allowed): the (country, category) row, else the (*, category) row
// (p.dest.rules holds both).
func (e *Engine) comply(country string, p *parcel) {
	rules := p.dest.rules
	if len(rules) == 0 {
		return
	}
	for _, c := range p.categories {
		r := rules[c]
		if r == nil {
			continue
		}
		for _, m := range Modes {
			if p.forbidden[m] != nil || slices.Contains(r.AllowedModes, m) {
				continue
			}
			if r.note != nil {
				p.forbidden[m] = r.note
			} else {
				p.forbidden[m] = sentenceOf(rsForbidden, str(c), modeVal(m), str(country))
			}
		}
	}
}

// pieces accumulates converted pieces and remembers the first missing FX rate.
type pieces struct {
	e       *Engine
	d       Date
	fx      *fxMemo // the order's memo of rates; nil: none
	missing string
}

func (ps *pieces) add(dst *int64, minor int64, cur *ccy) {
	v, ok := ps.e.convert(ps.fx, minor, cur, ps.d)
	if !ok && ps.missing == "" {
		ps.missing = cur.code
	}
	*dst += v
}

// addService adds a delivery quote's freight, surcharges and fuel.
func (ps *pieces) addService(c *Components, s *service, q *svcQuote) {
	ps.add(&c.Freight, q.freight, s.cur)
	if q.remote != 0 {
		ps.add(&c.Surcharges, q.remote, s.cur)
	}
	if q.oversize != 0 {
		ps.add(&c.Surcharges, q.oversize, s.cur)
	}
	if q.peak != 0 {
		ps.add(&c.Surcharges, q.peak, s.cur)
	}
	if q.fuel != 0 || s.FuelPct != 0 {
		ps.add(&c.Fuel, q.fuel, s.cur)
	}
}

func (e *Engine) directOption(s *service, o *Order, p *parcel) Option {
	opt := Option{Mode: ModeDirect, ID: s.ID}
	q, why := e.priceService(s, p, o.Country, o.Date)
	if why != nil {
		opt.Reason = why
		return opt
	}
	if note := p.forbidden[ModeDirect]; note != nil {
		opt.Reason = note
		return opt
	}
	ps := pieces{e: e, d: o.Date, fx: &p.fx}
	ps.addService(&opt.Components, s, &q)
	if why := e.parcelDuties(&ps, &opt.Components, o, p); why != nil {
		opt.Reason = why
		return opt
	}
	if ps.missing != "" {
		opt.Reason = fxMissing(ps.missing, o.Date)
		return opt
	}
	opt.Feasible = true
	opt.Reason = s.zones[q.zone].reason
	opt.ChargeableG = q.chargeableG
	opt.TransitDays = e.settings.OriginHandlingDays + q.transit
	opt.Total = opt.Components.Total()
	return opt
}

func (e *Engine) warehouseOption(wh *warehouse, mode Mode, o *Order, p *parcel) Option {
	opt := Option{Mode: mode, ID: wh.ID}
	if wh.delivery == nil {
		opt.Reason = sentenceOf(rsUnknownService, str(wh.ID), str(wh.DeliveryService))
		return opt
	}
	q, why := e.priceService(wh.delivery, p, o.Country, o.Date)
	if why != nil {
		opt.Reason = nestedOf(rsVia, why, str(wh.ID))
		return opt
	}
	if note := p.forbidden[mode]; note != nil {
		opt.Reason = note
		return opt
	}
	ps := pieces{e: e, d: o.Date, fx: &p.fx}
	c := &opt.Components
	ps.addService(c, wh.delivery, &q)
	// pick_per_order + pick_per_extra_unit × (units − 1): one piece, rounded once
	fee, err1 := linearPiece(wh.PickPerOrder, wh.PickPerExtraUnit, max(p.units-1, 0)*1000, 0, 0, wh.cur.digits)
	// storage_per_m3_day × (unit volume mm³ / 10⁹) × days_in_stock
	storage, err4 := decTimes(wh.StoragePerM3Day, uint64(p.unitVolume)*uint64(max(wh.DaysInStock, 0)), 1e9, wh.cur.digits)
	// headhaul_per_kg × unit weight g / 1000
	headhaul, err5 := decTimes(wh.HeadhaulPerKg, uint64(p.unitWeight), 1000, wh.cur.digits)
	for _, err := range [...]error{err1, err4, err5} {
		if err != nil {
			opt.Reason = failed(wh.ID, err)
			return opt
		}
	}
	ps.add(&c.Fees, fee, wh.cur)
	if mode == ModeLocal && wh.ColdChainFee != 0 && (slices.Contains(p.categories, "fresh_food") || slices.Contains(p.categories, "medical")) {
		cold, err := linearPiece(wh.ColdChainFee, 0, 0, 0, 0, wh.cur.digits)
		if err != nil {
			opt.Reason = failed(wh.ID, err)
			return opt
		}
		ps.add(&c.Fees, cold, wh.cur)
	}
	ps.add(&c.Storage, storage, wh.cur)
	ps.add(&c.Headhaul, headhaul, wh.cur)
	if why := e.bulkDuties(&ps, c, wh.dest, o.Date, p); why != nil {
		opt.Reason = why
		return opt
	}
	if ps.missing != "" {
		opt.Reason = fxMissing(ps.missing, o.Date)
		return opt
	}
	opt.Feasible = true
	opt.Reason = wh.zoneReason[q.zone]
	opt.ChargeableG = q.chargeableG
	opt.TransitDays = wh.HandlingDays + q.transit
	opt.Total = c.Total()
	return opt
}

// laneDraft prices what a consolidation option costs apart from its batch.
func (e *Engine) laneDraft(ln *lane, o *Order, p *parcel) (Option, consDraft) {
	opt := Option{Mode: ModeConsolidation, ID: ln.ID}
	d := consDraft{ln: ln}
	if ln.delivery == nil {
		opt.Reason = sentenceOf(rsUnknownService, str(ln.ID), str(ln.DeliveryService))
		return opt, d
	}
	q, why := e.priceService(ln.delivery, p, o.Country, o.Date)
	if why != nil {
		opt.Reason = nestedOf(rsVia, why, str(ln.ID))
		return opt, d
	}
	if note := p.forbidden[ModeConsolidation]; note != nil {
		opt.Reason = note
		return opt, d
	}
	if len(ln.tiers) == 0 {
		opt.Reason = sentenceOf(rsNoTiers, str(ln.ID))
		return opt, d
	}
	earliest := o.Date.AddDays(e.settings.OriginHandlingDays + ln.HubCutoffDays)
	dep := NoDate
	for i := 0; i < 7; i++ {
		if ln.weekdays[earliest.AddDays(i).Weekday()] {
			dep = earliest.AddDays(i)
			break
		}
	}
	if dep == NoDate {
		opt.Reason = sentenceOf(rsNoDepartures, str(ln.ID))
		return opt, d
	}
	d.key = batchKey{ln.ID, dep}
	d.value, d.hsCount, d.cur, d.dest = p.value, p.hsCount, p.cur, p.dest
	d.laneG = p.actualG
	if ln.Divisor > 0 {
		d.laneG = max(p.actualG, (p.volume+ln.Divisor-1)/ln.Divisor)
	}
	switch ln.Allocation {
	case ByVolume:
		d.w = u128{lo: uint64(p.volume)}
	case ByValue:
		r, ok := p.cur.rate(o.Date)
		if !ok {
			opt.Reason = fxMissing(o.Currency, o.Date)
			return opt, d
		}
		d.w = mul64(uint64(p.value), uint64(r))
	default:
		d.w = u128{lo: uint64(d.laneG)}
	}
	ps := pieces{e: e, d: o.Date, fx: &p.fx}
	c := &opt.Components
	ps.addService(c, ln.delivery, &q)
	d.deliveryFreight = c.Freight
	fees, err := linearPiece(ln.FirstMilePerParcel+ln.DestHandlingPerParcel, 0, 0, 0, 0, ln.cur.digits)
	if err != nil {
		opt.Reason = failed(ln.ID, err)
		return opt, d
	}
	ps.add(&c.Fees, fees, ln.cur)
	// the line-haul piece is in the lane currency: it needs its rate too
	if _, ok := ln.cur.rate(o.Date); !ok {
		opt.Reason = fxMissing(ln.Currency, o.Date)
		return opt, d
	}
	if ps.missing != "" {
		opt.Reason = fxMissing(ps.missing, o.Date)
		return opt, d
	}
	// duties need only their rates here; they are priced with the batch
	if why := e.parcelDuties(&pieces{e: e, d: o.Date, fx: &p.fx}, &Components{}, o, p); why != nil {
		opt.Reason = why
		return opt, d
	}
	opt.Feasible = true
	opt.ChargeableG = d.laneG
	opt.Departure = dep
	opt.TransitDays = int(dep-o.Date) + ln.LinehaulDays + ln.DestHandlingDays + q.transit
	d.cand = candOf(&opt)
	d.rest = c.Surcharges + c.Fuel + c.Fees
	return opt, d
}

// finishLane prices a consolidation draft in batch b (which includes the order).
// Its reason is why, the batch's (batchReason), or when nil made here.
func (e *Engine) finishLane(o *Order, d *consDraft, b batch, opt *Option, why *Sentence) {
	freight, duties, tier, err := e.lanePrice(o, d, b)
	if err != nil {
		opt.Feasible, opt.Reason = false, failed(d.ln.ID, err)
		return
	}
	c := &opt.Components
	c.Freight, c.Duties = freight, duties
	opt.Total = c.Total()
	if why == nil {
		why = batchReason(d.ln.ID, d.key.dep, b, tier)
	}
	opt.Reason = why
}

// batchReason is the reason of a lane option in batch b, which departs on dep and
// is priced at tier: "LANE departs 2026-05-06, batch 8.03 kg (1 parcels), tier
// from 0 kg".
func batchReason(lane string, dep Date, b batch, tier *Tier) *Sentence {
	return sentenceOf(rsBatch, str(lane), dateVal(dep), decVal(Dec(b.g*1e6)), num(int64(b.n)), decVal(tier.FromKg))
}

// batchReasons is the reason of a member of each batch of batches, by slot (nil:
// none): one sentence that the members share.
func (e *Engine) batchReasons(slotOf map[batchKey]int32, batches []batch) []*Sentence {
	lanes := map[string]*lane{}
	for _, c := range e.dests {
		for _, ln := range c.lanes {
			lanes[ln.ID] = ln
		}
	}
	why := make([]*Sentence, len(batches))
	for k, slot := range slotOf {
		if ln, b := lanes[k.lane], batches[slot]; ln != nil && len(ln.tiers) > 0 && b.n > 0 {
			why[slot] = batchReason(ln.ID, k.dep, b, ln.tierAt(b.g))
		}
	}
	return why
}

// laneTotal is the total of a consolidation draft in batch b, for planning rounds.
func (e *Engine) laneTotal(o *Order, d *consDraft, b batch) (int64, bool) {
	freight, duties, _, err := e.lanePrice(o, d, b)
	return d.rest + freight + duties, err == nil
}

// lanePrice prices the parts of a consolidation option that depend on its batch b
// (which includes the order): the freight (line-haul share plus delivery) and the
// duties, which see that freight when the valuation is CIF.
func (e *Engine) lanePrice(o *Order, d *consDraft, b batch) (freight, duties int64, tier *Tier, err error) {
	ln := d.ln
	tier = ln.tierAt(b.g)
	charge := batchCharge(tier, b.g) // in 10⁻¹² of the lane currency
	// piece = charge × w / Σw, rounded in the lane currency (charge is in 10⁻¹²)
	piece, err := shareRound(charge, d.w, b.w, pow10[ln.cur.digits])
	if err != nil {
		return 0, 0, tier, err
	}
	ps := pieces{e: e, d: o.Date}
	var c Components
	c.Freight = d.deliveryFreight
	ps.add(&c.Freight, piece, ln.cur)
	e.parcelDuties(&ps, &c, o, &parcel{value: d.value, hsCount: d.hsCount, cur: d.cur, dest: d.dest})
	return c.Freight, c.Duties, tier, nil
}

// shareRound rounds charge12 × w / (10¹² × total) × scale: a parcel's share of a
// batch charge held in 10⁻¹² currency units, in minor units.
func shareRound(charge12, w, total u128, scale uint64) (int64, error) {
	if n, ok := charge12.mul128(w); ok {
		if n, ok := n.mul(scale); ok && total.hi == 0 {
			return roundDiv2(n, 1e12, total.lo)
		}
	}
	num := new(big.Int).Mul(charge12.big(), w.big())
	num.Mul(num, new(big.Int).SetUint64(scale))
	return roundRat(num, new(big.Int).Mul(total.big(), big.NewInt(1e12)))
}

// customsDuty is pct% × (value·rOrd/rRow + freight/rRow) in minor units of the duty
// row's currency: value in order-currency nano-units, freight in base minor units,
// rates in nano-units, mb and mr the base and row minor-unit scales:
// pct·(V·rOrd·mb + F·10¹⁸)·mr / (10¹⁸ · 100·rRow·mb).
func customsDuty(value, rOrd Dec, freight int64, pct, rRow Dec, mb, mr uint64) (int64, error) {
	if value < 0 || freight < 0 || pct < 0 || rRow <= 0 {
		return 0, errNegative
	}
	s, ok := mul64(uint64(value), uint64(rOrd)).mul(mb)
	if ok {
		s = s.add(mul64(uint64(freight), 1e18))
		if n, ok := s.mul(uint64(pct)); ok {
			if n, ok := n.mul(mr); ok {
				if d2 := mul64(100*uint64(rRow), mb); d2.hi == 0 && 100*uint64(rRow)/100 == uint64(rRow) {
					return roundDiv2(n, 1e18, d2.lo)
				}
			}
		}
	}
	b := new(big.Int).Mul(mul64(uint64(value), uint64(rOrd)).big(), new(big.Int).SetUint64(mb))
	b.Add(b, new(big.Int).Mul(big.NewInt(freight), big.NewInt(1e18)))
	b.Mul(b, big.NewInt(int64(pct)))
	b.Mul(b, new(big.Int).SetUint64(mr))
	den := new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))
	den.Mul(den, big.NewInt(int64(rRow)))
	den.Mul(den, new(big.Int).SetUint64(mb))
	return roundRat(b, den)
}

// parcelDuties adds the duties of a parcel cleared on its own, given the option's
// freight component so far (SPEC §5). It returns a reason when a rate is missing.
func (e *Engine) parcelDuties(ps *pieces, c *Components, o *Order, p *parcel) *Sentence {
	row := p.dest.dutyOn(o.Date)
	if row == nil {
		return nil
	}
	digits := row.cur.digits
	rRow, ok := ps.fx.rateOf(row.cur, o.Date)
	if !ok {
		return fxMissing(row.Currency, o.Date)
	}
	rOrd, ok := ps.fx.rateOf(p.cur, o.Date)
	if !ok {
		return fxMissing(o.Currency, o.Date)
	}
	// value in the row currency, exactly: value × rOrd / rRow.
	// value > threshold  ⇔  value_nano × rOrd > threshold_nano × rRow
	above := mul64(uint64(row.DutyFreeThreshold), uint64(rRow)).less(mul64(uint64(p.value), uint64(rOrd)))
	var duty int64
	var err error
	if above {
		// duty = pct/100 × (value·rOrd/rRow + freight_base/rRow), in the row currency:
		// pct_n · (V_n·rOrd·10^mb + F·10¹⁸) · 10^mr / (100 · 10¹⁸ · rRow · 10^mb)
		var freight int64
		if row.Valuation == CIF {
			freight = c.Freight
		}
		duty, err = customsDuty(p.value, rOrd, freight, row.DutyRatePct, rRow, pow10[e.base.digits], pow10[digits])
	} else if row.FlatDutyPerLine != 0 {
		duty, err = decTimes(row.FlatDutyPerLine, uint64(p.hsCount), 1, digits)
	}
	if err != nil {
		return nestedOf(rsDuties, errSentence(err))
	}
	ps.add(&c.Duties, duty, row.cur)
	if row.ClearanceFeePerParcel != 0 {
		fee, err := linearPiece(row.ClearanceFeePerParcel, 0, 0, 0, 0, digits)
		if err != nil {
			return nestedOf(rsDuties, errSentence(err))
		}
		ps.add(&c.Duties, fee, row.cur)
	}
	return nil
}

// bulkDuties adds the duty on goods imported in bulk into a warehouse's country: one
// piece per product currency.
func (e *Engine) bulkDuties(ps *pieces, c *Components, country *dest, d Date, p *parcel) *Sentence {
	row := country.dutyOn(d)
	if row == nil || row.DutyRatePct == 0 {
		return nil
	}
	for _, cost := range p.costs {
		// pct% × cost: cost_nano × pct_nano × 10^m / (10¹⁸ × 100) minor units
		digits := cost.cur.digits
		if cost.amt < 0 {
			return nestedOf(rsDuties, said(rsNegativeCost))
		}
		num, ok := mul64(uint64(cost.amt), uint64(row.DutyRatePct)).mul(pow10[digits])
		if !ok {
			return nestedOf(rsDuties, said(rsAmountTooLarge))
		}
		duty, err := roundDiv2(num, 1e18, 100)
		if err != nil {
			return nestedOf(rsDuties, errSentence(err))
		}
		ps.add(&c.Duties, duty, cost.cur)
	}
	return nil
}
