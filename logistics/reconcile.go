package logistics

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strings"
)

// Reconciliation rules of SPEC §8: what a carrier billed for an order against what
// the plan recorded for it, and why it differs.

// NotBilledDays is how long after its order date a shipped order may go without an
// invoice line before it is a not_billed finding: older than this many days before
// the latest invoice date.
const NotBilledDays = 45

// Tolerance is how far an order's invoiced cost may be from its planned cost
// before it is a finding: max(Abs, Pct% × planned).
type Tolerance struct {
	Abs Dec // invoice_tolerance_abs, in the base currency (default 0.50)
	Pct Dec // invoice_tolerance_pct, in percent (default 2)
}

// DefaultTolerance is the tolerance of settings that do not give one.
func DefaultTolerance() Tolerance {
	return Tolerance{Abs: DecScale / 2, Pct: 2 * DecScale}
}

// Of is the tolerance for an order planned at planned minor units of a currency
// with digits minor digits: max(Abs, Pct% × |planned|), each rounded half away
// from zero to the minor unit.
func (t Tolerance) Of(planned int64, digits int) int64 {
	// In 128-bit integers (reconciliation asks once an order); exactly as the
	// rationals below, which take what does not fit.
	abs, ok1 := mulDivRound(int64(t.Abs), int64(pow10[digits]), DecScale)
	pct, ok2 := mulDivRound(int64(t.Pct), absInt(planned), 100*DecScale)
	if ok1 && ok2 {
		return max(abs, pct)
	}
	abs = roundDecRat(big.NewRat(int64(t.Abs), DecScale), digits)
	p := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(int64(t.Pct)), big.NewInt(absInt(planned))), big.NewInt(100*DecScale))
	pct = roundRatHalfAway(p)
	return max(abs, pct)
}

// mulDivRound is a × b ÷ d rounded half away from zero (d > 0), through a 128-bit
// product; ok is false when the quotient does not fit an int64 (or a is the
// smallest int64).
func mulDivRound(a, b int64, d uint64) (int64, bool) {
	if a == math.MinInt64 || b == math.MinInt64 {
		return 0, false
	}
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(uint64(absInt(a)), uint64(absInt(b)))
	if hi >= d {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, d)
	if r >= d-r { // 2r ≥ d: half or more
		q++
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

func absInt(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// roundDecRat is r in minor units of a currency with digits minor digits, rounded
// half away from zero.
func roundDecRat(r *big.Rat, digits int) int64 {
	return roundRatHalfAway(new(big.Rat).Mul(r, new(big.Rat).SetInt64(int64(pow10[digits]))))
}

// roundRatHalfAway rounds r to a whole number, half away from zero.
func roundRatHalfAway(r *big.Rat) int64 {
	num, den := new(big.Int).Set(r.Num()), r.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if m.Mul(m, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}

// ConvertOn converts amount (in currency cur) to minor units of the base currency
// with the FX rate valid on d — the latest valid_from on or before d, the base
// currency being 1 — rounded half away from zero (SPEC §8 "Money"). ok is false
// when the rate book has no rate for cur on d, or the amount is too large.
func (e *Engine) ConvertOn(amount Dec, cur string, d Date) (int64, bool) {
	c := e.currencies[cur]
	if c == nil {
		return 0, false
	}
	r, ok := c.rate(d)
	if !ok {
		return 0, false
	}
	neg := amount < 0
	a := uint64(absInt(int64(amount)))
	// amount_nano × rate_nano × 10^digits / 10¹⁸
	num, ok := mul64(a, uint64(r)).mul(pow10[e.base.digits])
	if !ok {
		return 0, false
	}
	v, err := num.divRound(pow10[2*DecDigits])
	if err != nil {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

// BaseDigits is the number of minor digits of the base currency.
func (e *Engine) BaseDigits() int { return e.base.digits }

// Rerate prices the chosen option of o again by SPEC §5 with its chargeable weight
// replaced by g, as the carrier billed it: the service (the direct service, or the
// delivery service of a warehouse, forward warehouse or lane) is priced at g, the
// rest as planned. A consolidation option keeps its planned line-haul share (the
// batch's charge is shared by the batch's weight, which one parcel barely moves)
// and duties. It returns the re-rated option, or the reason it cannot be priced so.
func (e *Engine) Rerate(o *Order, chosen Option, g int64) (Option, *Sentence) {
	var p parcel
	e.measure(o, &p)
	e.comply(o.Country, &p)
	switch {
	case p.overflow:
		return Option{}, said(rsOverflow)
	case p.unknown && strings.TrimSpace(p.missing) == "":
		return Option{}, said(rsNoSKU)
	case p.unknown:
		return Option{}, sentenceOf(rsUnknownSKU, str(p.missing))
	}
	p.chargeG = g
	var opt Option
	switch chosen.Mode {
	case ModeDirect:
		i := slices.IndexFunc(e.direct, func(s *service) bool { return s.ID == chosen.ID })
		if i < 0 {
			return Option{}, sentenceOf(rsUnknownService, str(chosen.ID), str(chosen.ID))
		}
		opt = e.directOption(e.direct[i], o, &p)
	case ModeWarehouse, ModeLocal:
		i := slices.IndexFunc(e.warehouses, func(w *warehouse) bool { return w.ID == chosen.ID })
		if i < 0 {
			return Option{}, sentenceOf(rsUnknownService, str(chosen.ID), str(chosen.ID))
		}
		opt = e.warehouseOption(e.warehouses[i], chosen.Mode, o, &p)
	case ModeConsolidation:
		ln := e.lanes[chosen.ID]
		if ln == nil {
			return Option{}, sentenceOf(rsUnknownService, str(chosen.ID), str(chosen.ID))
		}
		p.chargeG = 0
		_, planned := e.laneDraft(ln, o, &p)
		p.chargeG = g
		opt, d := e.laneDraft(ln, o, &p)
		if !opt.Feasible {
			return opt, opt.Reason
		}
		lineHaul := chosen.Components.Freight - planned.deliveryFreight
		c := &opt.Components
		c.Freight = lineHaul + d.deliveryFreight
		c.Duties = chosen.Components.Duties
		opt.Total = c.Total()
		opt.ChargeableG = g
		return opt, nil
	default:
		return Option{}, exNoOptionSentence()
	}
	if !opt.Feasible {
		return opt, opt.Reason
	}
	return opt, nil
}

func exNoOptionSentence() *Sentence { return said(exNoOption) }

// FindingKind is the kind of a reconciliation finding (SPEC §8).
type FindingKind uint8

const (
	FindOver      FindingKind = iota + 1 // invoiced above planned by more than the tolerance
	FindUnder                            // invoiced below planned by more than the tolerance
	FindWeight                           // billed weight above the planned chargeable weight
	FindDuplicate                        // freight for the order on two different invoices
	FindService                          // billed under another service than planned
	FindUnplanned                        // invoiced, but the order has no chosen option
	FindNotBilled                        // shipped long ago, never billed
)

var findingNames = [...]string{"", "over", "under", "weight", "duplicate", "service", "unplanned", "not_billed"}

// FindingKinds lists the kinds in their order.
var FindingKinds = [...]FindingKind{FindOver, FindUnder, FindWeight, FindDuplicate, FindService, FindUnplanned, FindNotBilled}

func (k FindingKind) String() string {
	if int(k) < len(findingNames) {
		return findingNames[k]
	}
	return fmt.Sprintf("FindingKind(%d)", k)
}

// ParseFindingKind reads a kind by its name ("over", "not_billed").
func ParseFindingKind(s string) (FindingKind, error) {
	for i, n := range findingNames {
		if i > 0 && n == strings.ToLower(strings.TrimSpace(s)) {
			return FindingKind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown finding %q (want over, under, weight, duplicate, service, unplanned or not_billed)", s)
}

// Finding is one thing reconciliation found about an order, with its numbers and
// one sentence (Detail) that says it, in English by Detail.String() and in another
// language by its key. Amounts are minor units of the base currency.
type Finding struct {
	Kind   FindingKind
	Detail Sentence
	// over, under, unplanned, not_billed
	Planned, Invoiced, Variance, Tolerance int64
	// weight
	BilledG, PlannedG     int64
	Rerated               int64 // the chosen option re-rated at BilledG
	Reratable             bool  // Rerated and the split are known
	DataPart, PricePart   int64 // Rerated − Planned, Invoiced − Rerated
	Service, Option       string
	Invoices              []string // duplicate: the invoices that bill freight, "carrier number"
	OrderDate, LatestBill Date     // not_billed
}

// ChargeComponents are invoiced amounts by the component a charge bills (SPEC §8),
// in minor units of the base currency; a credit is its own.
type ChargeComponents struct {
	Freight, Surcharges, Fuel, Fees, Duties, Credit int64
}

// Total is the sum of the components, the credit included.
func (c ChargeComponents) Total() int64 {
	return c.Freight + c.Surcharges + c.Fuel + c.Fees + c.Duties + c.Credit
}

// Plus is the sum of c and d, component by component.
func (c ChargeComponents) Plus(d ChargeComponents) ChargeComponents {
	return ChargeComponents{Freight: c.Freight + d.Freight, Surcharges: c.Surcharges + d.Surcharges, Fuel: c.Fuel + d.Fuel,
		Fees: c.Fees + d.Fees, Duties: c.Duties + d.Duties, Credit: c.Credit + d.Credit}
}

// Minus is c − d, component by component.
func (c ChargeComponents) Minus(d ChargeComponents) ChargeComponents {
	return ChargeComponents{Freight: c.Freight - d.Freight, Surcharges: c.Surcharges - d.Surcharges, Fuel: c.Fuel - d.Fuel,
		Fees: c.Fees - d.Fees, Duties: c.Duties - d.Duties, Credit: c.Credit - d.Credit}
}

func (c *ChargeComponents) add(ch Charge, v int64) {
	switch ch {
	case ChargeFuel:
		c.Fuel += v
	case ChargeSurcharge:
		c.Surcharges += v
	case ChargeFee:
		c.Fees += v
	case ChargeDuty:
		c.Duties += v
	case ChargeCredit:
		c.Credit += v
	default:
		c.Freight += v
	}
}

// Planned are the components of a planned option as charges bill them: storage and
// head-haul are fees of the seller's stock, not carrier charges, and count as fees.
func PlannedCharges(c Components) ChargeComponents {
	return ChargeComponents{Freight: c.Freight, Surcharges: c.Surcharges, Fuel: c.Fuel,
		Fees: c.Fees + c.Storage + c.Headhaul, Duties: c.Duties}
}

// Reconciliation is one order's bill against its plan.
type Reconciliation struct {
	Planned  int64 // the decision's total; 0 when unplanned
	Invoiced int64 // Σ of its lines, each converted at its invoice date and rounded
	Variance int64 // Invoiced − Planned
	// Components invoiced, and their variance against the planned components
	// (Credit's variance is the credit itself).
	Components, ComponentVariance ChargeComponents
	BilledWeightG                 int64 // the largest weight a line billed; 0: none
	Rerated                       int64 // the chosen option re-rated at BilledWeightG
	Reratable                     bool
	Carrier                       string // of the first line
	Findings                      []Finding
	// NoFX lists the lines that could not be converted ("CUR on DATE"): their
	// amounts are left out of Invoiced.
	NoFX []string
}

// ReconcileInput is what reconciling an order needs.
type ReconcileInput struct {
	Order   *Order
	Planned bool   // the order has a recorded decision
	Chosen  Option // its chosen option; Mode 0: unassignable (or not planned)
	Lines   []InvoiceLine
}

// Reconcile ties an order's invoice lines to its recorded decision (SPEC §8): the
// invoiced cost and the variance in total and per component, and the findings
// over, under, weight (with the re-rated cost and its split into our data and the
// carrier's price), duplicate, service and unplanned. An unplanned order has only
// the unplanned finding: a variance against nothing says nothing.
func (e *Engine) Reconcile(in ReconcileInput, tol Tolerance) Reconciliation {
	var r Reconciliation
	base, digits := e.settings.BaseCurrency, e.base.digits
	money := func(v int64) Arg { return moneyVal(v, base, digits) }
	freightInvoices := map[string]bool{}
	var services []string
	for i := range in.Lines {
		l := &in.Lines[i]
		if r.Carrier == "" {
			r.Carrier = l.Carrier
		}
		v, ok := e.ConvertOn(l.Amount, l.Currency, l.InvoiceDate)
		if !ok {
			r.NoFX = append(r.NoFX, l.Currency+" on "+l.InvoiceDate.String())
			continue
		}
		r.Components.add(l.Charge, v)
		r.BilledWeightG = max(r.BilledWeightG, l.BilledWeightG)
		if l.Charge == ChargeFreight && l.Amount > 0 {
			freightInvoices[l.Carrier+" "+l.Invoice] = true
		}
		if l.Service != "" && !slices.Contains(services, l.Service) {
			services = append(services, l.Service)
		}
	}
	r.Invoiced = r.Components.Total()
	chosen := in.Planned && in.Chosen.Mode != 0
	if !chosen {
		r.Variance = r.Invoiced
		r.ComponentVariance = r.Components
		r.Findings = append(r.Findings, Finding{Kind: FindUnplanned, Invoiced: r.Invoiced, Variance: r.Invoiced,
			Detail: findingSentence(fsUnplanned, money(r.Invoiced))})
		return r
	}
	c := in.Chosen
	r.Planned = c.Total
	r.Variance = r.Invoiced - r.Planned
	p := PlannedCharges(c.Components)
	r.ComponentVariance = ChargeComponents{Freight: r.Components.Freight - p.Freight, Surcharges: r.Components.Surcharges - p.Surcharges,
		Fuel: r.Components.Fuel - p.Fuel, Fees: r.Components.Fees - p.Fees, Duties: r.Components.Duties - p.Duties, Credit: r.Components.Credit}
	t := tol.Of(r.Planned, digits)
	switch {
	case r.Variance > t:
		r.Findings = append(r.Findings, Finding{Kind: FindOver, Planned: r.Planned, Invoiced: r.Invoiced, Variance: r.Variance, Tolerance: t,
			Detail: findingSentence(fsOver, money(r.Invoiced), money(r.Planned), money(r.Variance), money(t))})
	case r.Variance < -t:
		r.Findings = append(r.Findings, Finding{Kind: FindUnder, Planned: r.Planned, Invoiced: r.Invoiced, Variance: r.Variance, Tolerance: t,
			Detail: findingSentence(fsUnder, money(r.Invoiced), money(r.Planned), money(-r.Variance), money(t))})
	}
	if r.BilledWeightG > c.ChargeableG {
		f := Finding{Kind: FindWeight, BilledG: r.BilledWeightG, PlannedG: c.ChargeableG, Planned: r.Planned, Invoiced: r.Invoiced, Option: c.ID}
		re, why := e.Rerate(in.Order, c, r.BilledWeightG)
		if why == nil {
			f.Rerated, f.Reratable = re.Total, true
			f.DataPart, f.PricePart = re.Total-r.Planned, r.Invoiced-re.Total
			r.Rerated, r.Reratable = re.Total, true
			f.Detail = findingSentence(fsWeight, num(f.BilledG), num(f.PlannedG), money(f.Rerated), money(f.DataPart), money(f.PricePart))
		} else {
			f.Detail = findingSentence(fsWeightNoRerate, num(f.BilledG), num(f.PlannedG), str(c.ID), reasonVal(why))
		}
		r.Findings = append(r.Findings, f)
	}
	if len(freightInvoices) > 1 {
		invs := make([]string, 0, len(freightInvoices))
		for k := range freightInvoices {
			invs = append(invs, k)
		}
		slices.Sort(invs)
		r.Findings = append(r.Findings, Finding{Kind: FindDuplicate, Invoices: invs, Invoiced: r.Invoiced, Planned: r.Planned,
			Detail: findingSentence(fsDuplicate, num(int64(len(invs))), str(strings.Join(invs, ", ")))})
	}
	for _, s := range services {
		if !e.sameService(c, s) {
			r.Findings = append(r.Findings, Finding{Kind: FindService, Service: s, Option: c.ID,
				Detail: findingSentence(fsService, str(s), modeVal(c.Mode), str(c.ID))})
		}
	}
	return r
}

// sameService reports whether a billed service names the chosen option: its id,
// or the id or name of the service that carries it (the direct service, or the
// delivery service of a warehouse or lane), in any case.
func (e *Engine) sameService(c Option, billed string) bool {
	if strings.EqualFold(billed, c.ID) {
		return true
	}
	var s *service
	switch c.Mode {
	case ModeDirect:
		if i := slices.IndexFunc(e.direct, func(s *service) bool { return s.ID == c.ID }); i >= 0 {
			s = e.direct[i]
		}
	case ModeWarehouse, ModeLocal:
		if i := slices.IndexFunc(e.warehouses, func(w *warehouse) bool { return w.ID == c.ID }); i >= 0 {
			s = e.warehouses[i].delivery
		}
	case ModeConsolidation:
		if ln := e.lanes[c.ID]; ln != nil {
			s = ln.delivery
		}
	}
	return s != nil && (strings.EqualFold(billed, s.ID) || s.Name != "" && strings.EqualFold(billed, s.Name))
}

// NotBilled reports whether a shipped order dated orderDate without any invoice
// line is a not_billed finding when the latest invoice is dated latest: older than
// NotBilledDays before it.
func NotBilled(orderDate, latest Date) bool {
	return orderDate < latest.AddDays(-NotBilledDays)
}

// NotBilledFinding is the not_billed finding of a shipped order dated orderDate,
// planned at planned minor units of the base currency by option id, when the latest
// invoice is dated latest.
func (e *Engine) NotBilledFinding(orderDate, latest Date, mode Mode, id string, planned int64) Finding {
	return Finding{Kind: FindNotBilled, Planned: planned, OrderDate: orderDate, LatestBill: latest, Option: id,
		Detail: findingSentence(fsNotBilled, dateVal(orderDate), moneyVal(planned, e.settings.BaseCurrency, e.base.digits),
			num(int64(latest-orderDate)), dateVal(latest))}
}

// CalibrationKey names a row of the calibration table: a carrier and the service
// (option id) the orders were planned on.
type CalibrationKey struct{ Carrier, Service string }

// CalibrationRow is the evidence for correcting one service of the rate book.
type CalibrationRow struct {
	CalibrationKey
	Orders                  int   // orders billed
	Planned, Invoiced       int64 // Σ over them, minor units of the base currency
	Fuel, FuelBase          int64 // Σ fuel billed; Σ freight and surcharges billed
	BilledG, PlannedG       int64 // Σ billed and planned chargeable weight, over the orders billed by weight
	WeightOrders            int
	InvoicedOverPlanned     Dec // Invoiced ÷ Planned (0 when nothing was planned)
	FuelPct                 Dec // Fuel ÷ FuelBase × 100: the fuel percentage the bills show
	BilledOverPlannedWeight Dec // BilledG ÷ PlannedG
}

// Calibration accumulates the calibration table per carrier and service (SPEC §8).
type Calibration struct {
	rows map[CalibrationKey]*CalibrationRow
}

// Add counts an order's reconciliation, planned on chosen.
func (cal *Calibration) Add(r *Reconciliation, chosen Option) {
	if chosen.Mode == 0 {
		return
	}
	if cal.rows == nil {
		cal.rows = map[CalibrationKey]*CalibrationRow{}
	}
	k := CalibrationKey{r.Carrier, chosen.ID}
	row := cal.rows[k]
	if row == nil {
		row = &CalibrationRow{CalibrationKey: k}
		cal.rows[k] = row
	}
	row.Orders++
	row.Planned += r.Planned
	row.Invoiced += r.Invoiced
	row.Fuel += r.Components.Fuel
	row.FuelBase += r.Components.Freight + r.Components.Surcharges
	if r.BilledWeightG > 0 && chosen.ChargeableG > 0 {
		row.BilledG += r.BilledWeightG
		row.PlannedG += chosen.ChargeableG
		row.WeightOrders++
	}
}

// Rows returns the table by carrier and service, its ratios computed (rounded half
// away from zero to the nano-unit).
func (cal *Calibration) Rows() []CalibrationRow {
	out := make([]CalibrationRow, 0, len(cal.rows))
	for _, r := range cal.rows {
		row := *r
		row.InvoicedOverPlanned = ratio(row.Invoiced, row.Planned, 1)
		row.FuelPct = ratio(row.Fuel, row.FuelBase, 100)
		row.BilledOverPlannedWeight = ratio(row.BilledG, row.PlannedG, 1)
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b CalibrationRow) int {
		if c := cmp.Compare(a.Carrier, b.Carrier); c != 0 {
			return c
		}
		return cmp.Compare(a.Service, b.Service)
	})
	return out
}

// ratio is a ÷ b × scale as a Dec, 0 when b is 0.
func ratio(a, b, scale int64) Dec {
	if b == 0 {
		return 0
	}
	r := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(a), big.NewInt(scale*DecScale)), big.NewInt(b))
	return Dec(roundRatHalfAway(r))
}
