package logistics

import "strconv"

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
	b := sentence{buf: make([]byte, 0, 160), cur: cur, digits: digits}
	if best >= 0 {
		o := &opts[best]
		b.add("cheapest option within the promise: ").option(o).add(" at ").money(o.Total)
		if promise > 0 {
			b.add(" in ").int(o.TransitDays).add(" days (promise ").int(promise).add(")")
		}
		if runner >= 0 {
			r := &opts[runner]
			b.add("; the runner-up ").option(r)
			if r.Total == o.Total {
				b.add(" costs the same but loses the tie")
			} else {
				b.add(" costs ").money(r.Total - o.Total).add(" more")
			}
		}
		// a cheaper option that breaks the promise
		for i := range opts {
			x := &opts[i]
			if x.Feasible && !keeps(x, promise) && x.Total < o.Total && (allowed == nil || allowed(x)) {
				b.add("; ").option(x).add(" would save ").money(o.Total - x.Total).add(" but takes ").int(x.TransitDays).add(" days")
				break
			}
		}
		return string(b.buf)
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
		b.add("no option keeps the ").int(promise).add("-day promise; fastest is ").option(f).
			add(" in ").int(f.TransitDays).add(" days at ").money(f.Total)
		return string(b.buf)
	}
	b.add("unassignable: ")
	n := 0
	for i := range opts {
		if allowed != nil && !allowed(&opts[i]) {
			continue
		}
		if n > 0 {
			b.add("; ")
		}
		n++
		b.option(&opts[i]).add(": ").add(opts[i].Reason)
	}
	if n == 0 {
		if allowed != nil {
			b.add("no option of the overridden mode reaches this destination")
		} else {
			b.add("no service, warehouse or lane reaches this destination")
		}
	}
	return string(b.buf)
}

// sentence builds an explanation without fmt: explanations are written for every
// order of a plan.
type sentence struct {
	buf    []byte
	cur    string
	digits int
}

func (s *sentence) add(t string) *sentence { s.buf = append(s.buf, t...); return s }

func (s *sentence) int(v int) *sentence { s.buf = strconv.AppendInt(s.buf, int64(v), 10); return s }

func (s *sentence) option(o *Option) *sentence {
	return s.add(o.Mode.String()).add(" ").add(o.ID)
}

func (s *sentence) money(v int64) *sentence {
	s.buf = appendMinor(s.buf, v, s.digits)
	return s.add(" ").add(s.cur)
}
