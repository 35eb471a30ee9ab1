package logistics

// Components are the seven cost components of an option, in minor units of the base
// currency. Each is the sum of its pieces, each piece rounded in its own currency and
// again after conversion (SPEC §5).
type Components struct {
	Freight    int64
	Surcharges int64
	Fuel       int64
	Fees       int64
	Storage    int64
	Headhaul   int64
	Duties     int64
}

// Total is the sum of the components.
func (c Components) Total() int64 {
	return c.Freight + c.Surcharges + c.Fuel + c.Fees + c.Storage + c.Headhaul + c.Duties
}

// Option is one way to ship an order: a direct service, a warehouse, a forward
// warehouse or a consolidation lane, priced or with the reason it cannot be used.
// (Mode, Feasible and Departure share a word, and the reason is a pointer to a
// sentence, often one the engine shares: a plan copies millions of options.)
type Option struct {
	Mode     Mode
	Feasible bool
	// Departure is the line-haul departure date of a consolidation option.
	Departure   Date
	ID          string    // service, warehouse or lane id
	Reason      *Sentence // why it is infeasible, or what it is ("FDX-IP zone EU"); nil: none
	TransitDays int
	ChargeableG int64
	Components  Components
	Total       int64 // base-currency minor units
}

// Decision is the engine's choice for one order with every option it weighed.
type Decision struct {
	OrderRef string
	Date     Date
	Country  string
	Currency string // the base currency of every amount
	Chosen   int    // index into Options; -1 when unassignable
	SLARisk  bool   // no feasible option keeps the promise
	// Reason is one sentence: why the chosen option won and why the runner-up lost.
	// It is Explain(Options, Promise, Override) in English, so a decision kept
	// without it can have it back (see Planner.SkipReasons).
	Reason   string
	Options  []Option
	Promise  int       // the order's promised days (0: none) the choice kept to
	Override *Override // the override the choice was made under; nil: none
}

// ChosenOption returns the chosen option and true, or false when unassignable.
func (d *Decision) ChosenOption() (Option, bool) {
	if d.Chosen < 0 || d.Chosen >= len(d.Options) {
		return Option{}, false
	}
	return d.Options[d.Chosen], true
}

// Cheapest returns the total of the cheapest feasible option of each mode, indexed
// by Mode, and at index 0 of any mode; ok says which of them exist. It ignores the
// promise: the direct-mail baseline is DirectBaseline, not Cheapest(opts)[ModeDirect].
func Cheapest(opts []Option) (total [len(Modes) + 1]int64, ok [len(Modes) + 1]bool) {
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || o.Mode < ModeWarehouse || o.Mode > ModeDirect {
			continue
		}
		for _, k := range [2]Mode{o.Mode, 0} {
			if !ok[k] || o.Total < total[k] {
				total[k], ok[k] = o.Total, true
			}
		}
	}
	return total, ok
}
