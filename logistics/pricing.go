package logistics

import "slices"

// PieceKind says what a priced piece of an option is (SPEC §5 "Pieces").
type PieceKind uint8

// Kinds of pieces, by component: freight, surcharges (remote, oversize, peak),
// fuel, fees (a warehouse's pick fee or a lane's first-mile and destination
// handling, and a forward warehouse's cold-chain fee), storage, head-haul, the
// line-haul share of a consolidation batch (freight), and duties (a parcel's duty
// and clearance fee, or a bulk duty per products' currency).
const (
	PieceFreight PieceKind = iota + 1
	PieceRemote
	PieceOversize
	PiecePeak
	PieceFuel
	PieceFees
	PieceColdChain
	PieceStorage
	PieceHeadhaul
	PieceLineHaul
	PieceDuty
	PieceClearance
	PieceBulkDuty
)

// Piece is one priced piece of an option: Minor units of the currency of the row
// that priced it (the rate card's), and Base, the same converted to the base
// currency on the order date, rounded (SPEC §5 "Money").
type Piece struct {
	Kind     PieceKind
	Currency string
	Minor    int64
	Base     int64
	// ChargeableG is, for a freight piece, the weight the service's rates were
	// read at.
	ChargeableG int64
}

// Pricing is how the chosen option of an order was priced, for an auditor: the
// order's quantities and the option's pieces in their own currencies.
type Pricing struct {
	ActualG int64 // SPEC §5 actual_g: the units and packaging, or the parcel's weight
	// VolumetricG is ⌈volume / divisor⌉ by the divisor of the service of the last
	// leg (HasVolumetric false when it has none).
	VolumetricG   int64
	HasVolumetric bool
	// UnitCost is Σ unit_cost × qty in UnitCostCurrency: the basis of a bulk
	// duty. UnitCostCurrency is "" when the products are in several currencies.
	UnitCost         Dec
	UnitCostCurrency string
	Pieces           []Piece // in the order the option adds them
	// Exact: the pieces' base amounts add up to the option's components, each of
	// them (a consolidation option's freight less its line-haul share when that is
	// not LineHaulKnown); false when the rate book, the products or the order
	// changed since the option was priced.
	Exact bool
	// LineHaulKnown: a consolidation order's line-haul piece is among the
	// pieces. It is priced again only for a lane that shares its batch charge by
	// chargeable weight (the batch's weight is its share's denominator).
	LineHaulKnown bool
}

// PriceChosen prices the chosen option of o again by SPEC §5 with every piece
// recorded, as an auditor would recompute it. A consolidation option is priced in
// a batch of batchG lane chargeable grams (the batch its reason names). ok is
// false when the option cannot be priced so (an unknown product, service,
// warehouse or lane, or an option now infeasible).
func (e *Engine) PriceChosen(o *Order, chosen *Option, batchG int64) (Pricing, bool) {
	return e.NewPricer().Price(o, chosen, batchG)
}

// Pricer is Engine.PriceChosen for many orders in turn: it reuses its memory, so
// a Pricing's Pieces are valid only until the next call. One per goroutine.
type Pricer struct {
	e      *Engine
	p      parcel
	pieces []Piece
}

// NewPricer returns a Pricer of e's rate book.
func (e *Engine) NewPricer() *Pricer { return &Pricer{e: e} }

// Price is Engine.PriceChosen.
func (pc *Pricer) Price(o *Order, chosen *Option, batchG int64) (pr Pricing, ok bool) {
	e := pc.e
	pc.p = parcel{}
	p := &pc.p
	pc.pieces = pc.pieces[:0]
	p.log = &pc.pieces
	e.measure(o, p)
	if p.unknown || p.overflow {
		return Pricing{}, false
	}
	pr.ActualG = p.actualG
	if len(p.costs) == 1 {
		pr.UnitCost, pr.UnitCostCurrency = p.costs[0].amt, p.costs[0].cur.code
	}
	var opt Option
	var delivery *service
	switch chosen.Mode {
	case ModeDirect:
		i := slices.IndexFunc(e.direct, func(s *service) bool { return s.ID == chosen.ID })
		if i < 0 {
			return Pricing{}, false
		}
		delivery = e.direct[i]
		opt = e.directOption(delivery, o, p)
	case ModeWarehouse, ModeLocal:
		i := slices.IndexFunc(e.warehouses, func(w *warehouse) bool { return w.ID == chosen.ID })
		if i < 0 || e.warehouses[i].delivery == nil {
			return Pricing{}, false
		}
		delivery = e.warehouses[i].delivery
		opt = e.warehouseOption(e.warehouses[i], chosen.Mode, o, p)
	case ModeConsolidation:
		ln := e.lanes[chosen.ID]
		if ln == nil || ln.delivery == nil || len(ln.tiers) == 0 {
			return Pricing{}, false
		}
		delivery = ln.delivery
		var d consDraft
		if opt, d = e.laneDraft(ln, o, p); !opt.Feasible {
			return Pricing{}, false
		}
		ps := pieces{e: e, d: o.Date, log: p.log}
		c := &opt.Components
		if ln.Allocation == ByChargeable && batchG >= d.laneG && batchG > 0 {
			piece, _, err := ln.lineHaul(d.w, batch{g: batchG, w: u128{lo: uint64(batchG)}})
			if err != nil {
				return Pricing{}, false
			}
			ps.add(&c.Freight, piece, ln.cur, PieceLineHaul)
			pr.LineHaulKnown = true
		}
		// The duties see the option's freight; without its line-haul piece, the
		// freight the plan priced with.
		duties := Components{Freight: c.Freight}
		if !pr.LineHaulKnown {
			duties.Freight = chosen.Components.Freight
		}
		if why := e.parcelDuties(&ps, &duties, o, p); why != nil {
			return Pricing{}, false
		}
		c.Duties = duties.Duties
		opt.Total = c.Total()
	default:
		return Pricing{}, false
	}
	if !opt.Feasible && chosen.Mode != ModeConsolidation {
		return Pricing{}, false
	}
	if delivery.Divisor > 0 {
		pr.VolumetricG, pr.HasVolumetric = volumetricG(p.volume, delivery.Divisor), true
	}
	pr.Pieces = pc.pieces
	want := chosen.Components
	if chosen.Mode == ModeConsolidation && !pr.LineHaulKnown {
		// the freight without its line-haul share: the delivery service's
		want.Freight = opt.Components.Freight
	}
	pr.Exact = opt.Components == want
	return pr, true
}
