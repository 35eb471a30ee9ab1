package logistics

// PlanEveryOrder makes p price every lane and assign every order in every round,
// the plain way that the rounds' shortcuts must agree with.
func PlanEveryOrder(p *Planner) { p.everyOrder = true }
