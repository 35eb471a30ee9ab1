package logistics

// Savings is a plan against the all-direct-mail baseline (SPEC §6) over a set of
// decisions: what the assigned orders would cost by direct mail alone (an order
// without a direct option at its planned cost, as AgainstDirectMail says), and
// what they cost as planned.
type Savings struct {
	Baseline int64 // Σ direct-mail baseline of the orders that have one
	Planned  int64 // Σ chosen totals of the same orders
	Orders   int   // orders counted
}

// Add counts a decision; an unassignable order is left out of both sides.
func (s *Savings) Add(d *Decision) {
	c, ok := d.ChosenOption()
	if !ok {
		return
	}
	direct, ok := DirectBaseline(d.Options, d.Promise)
	base, _ := AgainstDirectMail(direct, ok, c.Total)
	s.Baseline += base
	s.Planned += c.Total
	s.Orders++
}

// Saved is Baseline − Planned.
func (s Savings) Saved() int64 { return s.Baseline - s.Planned }
