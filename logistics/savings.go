package logistics

// Savings is a plan against the all-direct-mail baseline (SPEC §6) over a set of
// decisions: what the orders with a direct-mail baseline would cost by it, and
// what they cost as planned.
type Savings struct {
	Baseline int64 // Σ direct-mail baseline of the orders that have one
	Planned  int64 // Σ chosen totals of the same orders
	Orders   int   // orders counted
}

// Add counts a decision: an unassignable order, or one without a direct-mail
// baseline, is left out of both sides.
func (s *Savings) Add(d *Decision) {
	c, ok := d.ChosenOption()
	if !ok {
		return
	}
	base, ok := DirectBaseline(d)
	if !ok {
		return
	}
	s.Baseline += base
	s.Planned += c.Total
	s.Orders++
}

// Saved is Baseline − Planned.
func (s Savings) Saved() int64 { return s.Baseline - s.Planned }

// DirectBaseline is what an order would cost by direct mail alone (SPEC §6).
func DirectBaseline(d *Decision) (int64, bool) {
	total, ok := Cheapest(d.Options)
	return total[ModeDirect], ok[ModeDirect]
}
