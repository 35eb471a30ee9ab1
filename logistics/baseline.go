package logistics

// DirectBaseline is what an order would cost by direct mail alone: SPEC §6 "All
// direct mail", the §5 choice restricted to its direct options (the cheapest that
// keeps the promise, else the fastest; promise 0 means none). ok is false when no
// direct option is feasible. An order planned on direct mail under the same promise
// costs exactly its baseline.
func DirectBaseline(opts []Option, promise int) (total int64, ok bool) {
	i, _ := pick(opts, promise, isDirect)
	if i < 0 {
		return 0, false
	}
	return opts[i].Total, true
}

func isDirect(o *Option) bool { return o.Mode == ModeDirect }

// AgainstDirectMail compares an assigned order that costs total as planned with its
// direct-mail baseline (DirectBaseline's total and ok): it returns the order's
// baseline and what the plan saves against it, baseline − total. An order that no
// direct option can take would not ship by direct mail either, so it counts at its
// planned cost: its baseline is total and it saves 0. Unassignable orders have no
// cost and are left out of the comparison altogether.
//
// The comparison is linear, so it also holds for sums: called with the summed
// baselines and totals of orders with a direct option, and once more with ok false
// and the summed totals of the orders without one.
func AgainstDirectMail(baseline int64, ok bool, total int64) (base, saving int64) {
	if !ok {
		return total, 0
	}
	return baseline, baseline - total
}
