package logistics

import (
	"fmt"
	"strings"
)

// cand is what the choice compares of an option.
type cand struct {
	total int64
	days  int
	mode  Mode
	id    string
}

func candOf(o *Option) cand { return cand{o.Total, o.TransitDays, o.Mode, o.ID} }

// cheaperCand reports whether a beats b on (total, days, mode, id).
func cheaperCand(a, b cand) bool {
	if a.total != b.total {
		return a.total < b.total
	}
	if a.days != b.days {
		return a.days < b.days
	}
	return tieBreak(a, b)
}

// fasterCand reports whether a beats b on (days, total, mode, id).
func fasterCand(a, b cand) bool {
	if a.days != b.days {
		return a.days < b.days
	}
	if a.total != b.total {
		return a.total < b.total
	}
	return tieBreak(a, b)
}

func tieBreak(a, b cand) bool {
	if a.mode != b.mode {
		return a.mode < b.mode
	}
	return a.id < b.id
}

func cheaper(a, b *Option) bool { return cheaperCand(candOf(a), candOf(b)) }

func faster(a, b *Option) bool { return fasterCand(candOf(a), candOf(b)) }

// chooser picks among candidates offered one at a time, as pick does over a slice:
// the cheapest that keeps the promise, else the fastest.
type chooser struct {
	promise      int
	keep, fast   cand
	hasKeep      bool
	hasFast      bool
	keepI, fastI int
}

func (c *chooser) offer(i int, x cand) {
	if c.promise <= 0 || x.days <= c.promise {
		if !c.hasKeep || cheaperCand(x, c.keep) {
			c.keep, c.keepI, c.hasKeep = x, i, true
		}
	}
	if !c.hasFast || fasterCand(x, c.fast) {
		c.fast, c.fastI, c.hasFast = x, i, true
	}
}

// chosen returns the index offered of the choice, or -1.
func (c *chooser) chosen() int {
	switch {
	case c.hasKeep:
		return c.keepI
	case c.hasFast:
		return c.fastI
	}
	return -1
}

func keeps(o *Option, promise int) bool { return promise <= 0 || o.TransitDays <= promise }

// pick chooses among opts (SPEC §5 "Choice"). allowed, when not nil, limits the
// candidates (an override). It returns the chosen index (-1: unassignable) and the
// SLA flag.
func pick(opts []Option, promise int, allowed func(*Option) bool) (int, bool) {
	best := -1
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || !keeps(o, promise) || allowed != nil && !allowed(o) {
			continue
		}
		if best < 0 || cheaper(o, &opts[best]) {
			best = i
		}
	}
	if best >= 0 {
		return best, false
	}
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || allowed != nil && !allowed(o) {
			continue
		}
		if best < 0 || faster(o, &opts[best]) {
			best = i
		}
	}
	return best, best >= 0
}

// explain says in one sentence why pick chose what it chose, and why the runner-up
// lost; the same arguments as pick.
func explain(opts []Option, promise int, allowed func(*Option) bool, cur string, digits int) string {
	best, runner := -1, -1
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || !keeps(o, promise) || allowed != nil && !allowed(o) {
			continue
		}
		switch {
		case best < 0 || cheaper(o, &opts[best]):
			best, runner = i, best
		case runner < 0 || cheaper(o, &opts[runner]):
			runner = i
		}
	}
	money := func(v int64) string { return FormatMinor(v, digits) + " " + cur }
	if best >= 0 {
		b := &opts[best]
		var sb strings.Builder
		if promise > 0 {
			fmt.Fprintf(&sb, "cheapest option within the promise: %s %s at %s in %d days (promise %d)", b.Mode, b.ID, money(b.Total), b.TransitDays, promise)
		} else {
			fmt.Fprintf(&sb, "cheapest option within the promise: %s %s at %s", b.Mode, b.ID, money(b.Total))
		}
		if runner >= 0 {
			r := &opts[runner]
			if r.Total == b.Total {
				fmt.Fprintf(&sb, "; the runner-up %s %s costs the same but loses the tie", r.Mode, r.ID)
			} else {
				fmt.Fprintf(&sb, "; the runner-up %s %s costs %s more", r.Mode, r.ID, money(r.Total-b.Total))
			}
		}
		// a cheaper option that breaks the promise
		for i := range opts {
			o := &opts[i]
			if o.Feasible && !keeps(o, promise) && o.Total < b.Total && (allowed == nil || allowed(o)) {
				fmt.Fprintf(&sb, "; %s %s would save %s but takes %d days", o.Mode, o.ID, money(b.Total-o.Total), o.TransitDays)
				break
			}
		}
		return sb.String()
	}
	fast := -1
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || allowed != nil && !allowed(o) {
			continue
		}
		if fast < 0 || faster(o, &opts[fast]) {
			fast = i
		}
	}
	if fast >= 0 {
		f := &opts[fast]
		return fmt.Sprintf("no option keeps the %d-day promise; fastest is %s %s in %d days at %s", promise, f.Mode, f.ID, f.TransitDays, money(f.Total))
	}
	var sb strings.Builder
	sb.WriteString("unassignable: ")
	n := 0
	for i := range opts {
		if allowed != nil && !allowed(&opts[i]) {
			continue
		}
		if n > 0 {
			sb.WriteString("; ")
		}
		n++
		fmt.Fprintf(&sb, "%s %s: %s", opts[i].Mode, opts[i].ID, opts[i].Reason)
	}
	if n == 0 {
		if allowed != nil {
			sb.WriteString("no option of the overridden mode reaches this destination")
		} else {
			sb.WriteString("no service, warehouse or lane reaches this destination")
		}
	}
	return sb.String()
}
