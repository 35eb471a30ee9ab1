package logistics

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

// Explanation is why the choice among an order's options fell where it did, and why
// the runner-up lost, as indices into the options (-1: none). Its English text is
// Decision.Reason; Sentences gives its parts for another language.
type Explanation struct {
	Promise  int       // the order's promise in days (0: none)
	Override *Override // the override that limited the candidates; nil: none
	Chosen   int       // the cheapest option within the promise, else the fastest; -1: unassignable
	Fastest  bool      // no option keeps the promise: Chosen is the fastest
	RunnerUp int       // the next cheapest within the promise
	Saver    int       // a cheaper option that breaks the promise
}

// Explain says why pick chose what it chose among opts for an order with the
// promise, under the override ov (nil: none).
func Explain(opts []Option, promise int, ov *Override) Explanation {
	x := Explanation{Promise: promise, Override: ov, Chosen: -1, RunnerUp: -1, Saver: -1}
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || !keeps(o, promise) || !ov.allows(o) {
			continue
		}
		switch {
		case x.Chosen < 0 || cheaper(o, &opts[x.Chosen]):
			x.Chosen, x.RunnerUp = i, x.Chosen
		case x.RunnerUp < 0 || cheaper(o, &opts[x.RunnerUp]):
			x.RunnerUp = i
		}
	}
	if x.Chosen >= 0 {
		o := &opts[x.Chosen]
		for i := range opts {
			s := &opts[i]
			if s.Feasible && !keeps(s, promise) && s.Total < o.Total && ov.allows(s) {
				x.Saver = i
				break
			}
		}
		return x
	}
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || !ov.allows(o) {
			continue
		}
		if x.Chosen < 0 || faster(o, &opts[x.Chosen]) {
			x.Chosen, x.Fastest = i, true
		}
	}
	return x
}

// explain is the English explanation of the choice among opts: Decision.Reason.
func (e *Engine) explain(opts []Option, promise int, ov *Override) string {
	x := Explain(opts, promise, ov)
	var buf [256]byte
	return string(x.write(buf[:0], nil, opts, e.settings.BaseCurrency, e.base.digits))
}

// AppendText appends the English of x, the explanation of a decision with the
// options opts in currency cur: the text the engine stores as Decision.Reason.
func (x *Explanation) AppendText(b []byte, opts []Option, cur string) []byte {
	return x.write(b, nil, opts, cur, CurrencyDigits(cur))
}

// Sentences returns the parts of x in order: their English, one after the other, is
// AppendText's. The parts of an unassignable order hold the reasons of opts.
func (x *Explanation) Sentences(opts []Option, cur string) []Sentence {
	var sents []Sentence
	x.write(nil, &sents, opts, cur, CurrencyDigits(cur))
	return sents
}

// put appends the English of phrase p with args to b or, when sents is not nil, adds
// it to sents as a sentence.
func put(b []byte, sents *[]Sentence, p int, args ...Arg) []byte {
	if sents != nil {
		*sents = append(*sents, *sentenceOf(p, args...))
		return b
	}
	return appendPhrase(b, p, args...)
}

// write puts the phrases of x into b or sents (see put).
func (x *Explanation) write(b []byte, sents *[]Sentence, opts []Option, cur string, digits int) []byte {
	if ov := x.Override; ov != nil {
		b = put(b, sents, exOverride, modeVal(ov.Mode), whyVal(ov.Reason))
	}
	return x.writeBody(b, sents, opts, cur, digits)
}

// writeBody puts the phrases of x after the override's into b or sents.
func (x *Explanation) writeBody(b []byte, sents *[]Sentence, opts []Option, cur string, digits int) []byte {
	ov := x.Override
	if x.Chosen >= 0 && x.Chosen < len(opts) {
		o := &opts[x.Chosen]
		if x.Fastest {
			return put(b, sents, dayPhrase(exFastest, o.TransitDays), num(int64(x.Promise)), modeVal(o.Mode), str(o.ID), num(int64(o.TransitDays)), moneyVal(o.Total, cur, digits))
		}
		b = put(b, sents, exCheapest, modeVal(o.Mode), str(o.ID), moneyVal(o.Total, cur, digits))
		if x.Promise > 0 {
			b = put(b, sents, dayPhrase(exInDays, o.TransitDays), num(int64(o.TransitDays)), num(int64(x.Promise)))
		}
		if x.RunnerUp >= 0 && x.RunnerUp < len(opts) {
			r := &opts[x.RunnerUp]
			if r.Total == o.Total {
				b = put(b, sents, exRunnerUpTie, modeVal(r.Mode), str(r.ID))
			} else {
				b = put(b, sents, exRunnerUp, modeVal(r.Mode), str(r.ID), moneyVal(r.Total-o.Total, cur, digits))
			}
		}
		if x.Saver >= 0 && x.Saver < len(opts) {
			s := &opts[x.Saver]
			b = put(b, sents, dayPhrase(exSaver, s.TransitDays), modeVal(s.Mode), str(s.ID), moneyVal(o.Total-s.Total, cur, digits), num(int64(s.TransitDays)))
		}
		return b
	}
	b = put(b, sents, exUnassignable)
	n := 0
	for i := range opts {
		o := &opts[i]
		if !ov.allows(o) {
			continue
		}
		if n > 0 {
			b = put(b, sents, exSep)
		}
		n++
		b = put(b, sents, exItem, modeVal(o.Mode), str(o.ID), reasonVal(o.Reason))
	}
	if n == 0 {
		if ov != nil {
			return put(b, sents, exNoOverrideOption)
		}
		return put(b, sents, exNoOption)
	}
	return b
}

// RefusedOverride says why the override ov cannot be kept for an order whose
// options (priced in currency cur) are opts: no option it allows is feasible, so a
// plan would leave the order unassignable. It returns nil when an allowed option is
// feasible (the choice among them is the plan's), else the sentences of the
// explanation after "unassignable: ": "warehouse WH-US-ONT: WH-US-ONT has 0 of …".
func RefusedOverride(opts []Option, promise int, ov *Override, cur string) []Sentence {
	x := Explain(opts, promise, ov)
	if x.Chosen >= 0 {
		return nil
	}
	var sents []Sentence // (writeBody leaves out the override's own sentence: what was asked)
	x.writeBody(nil, &sents, opts, cur, CurrencyDigits(cur))
	return sents[1:] // (after "unassignable: ", which the refusal says its own way)
}
