package logistics

import (
	"runtime"
	"slices"
	"strings"
	"sync"
)

// A Planner runs Plan in two steps, so that the first — pricing every order's
// options, about half of the work — overlaps reading the orders: Add hands it the
// orders read so far, which it prepares on background workers while the caller
// reads on; Plan then finishes. A Planner plans once.
type Planner struct {
	// SkipReasons leaves Decision.Reason empty, for a consumer that keeps decisions
	// and rebuilds the sentence when it is read (Explain(d.Options, d.Promise,
	// d.Override)): a million sentences are a tenth of the work of emitting.
	SkipReasons bool

	e     *Engine
	all   []PlanOrder // the array Add was given, to its capacity
	slims []slimOrder // per order of all, written by the workers
	added int         // orders handed to the workers
	spans chan [2]int
	wg    sync.WaitGroup
	nw    int // workers started
}

// NewPlanner returns a Planner for Plan.
func (e *Engine) NewPlanner() *Planner { return &Planner{e: e} }

// prepareChunk is how many orders a worker prepares at a time.
const prepareChunk = 2048

// Add prepares, in the background, the orders of orders that earlier calls did not
// hand over. orders must be a prefix of the slice later given to Plan, and none of
// its orders may change afterwards. While orders are still being read, one core is
// left to the reader.
func (p *Planner) Add(orders []PlanOrder) {
	if p.spans == nil {
		p.spans = make(chan [2]int, 1024)
		p.all = orders[:cap(orders)]
		p.slims = make([]slimOrder, cap(orders))
		p.startWorkers(max(1, runtime.GOMAXPROCS(0)-1))
	}
	p.enqueue(len(orders))
}

func (p *Planner) enqueue(n int) {
	for lo := p.added; lo < n; lo += prepareChunk {
		p.spans <- [2]int{lo, min(lo+prepareChunk, n)}
	}
	p.added = max(p.added, n)
}

// startWorkers starts workers until n run.
func (p *Planner) startWorkers(n int) {
	orders, spans := p.all, p.spans
	for ; p.nw < n; p.nw++ {
		p.wg.Go(func() {
			var pr prepared
			for s := range spans {
				for i := s[0]; i < s[1]; i++ {
					p.e.prepareInto(&pr, &orders[i].Order)
					p.slims[i] = p.e.slim(&pr, orders[i].Override)
				}
			}
		})
	}
}

// Close stops the workers; it is for a caller that gives up before Plan (Plan
// closes as well). It may be called more than once.
func (p *Planner) Close() {
	if p.spans != nil {
		close(p.spans)
		p.spans = nil
		p.wg.Wait()
	}
}

// Plan is Engine.Plan over orders, of which the Planner may have prepared a
// prefix already.
func (p *Planner) Plan(orders []PlanOrder, emit func(i int, d *Decision) error) (PlanStats, error) {
	e := p.e
	if p.spans == nil || !sameArray(orders, p.all) {
		// Not added, or added from another array: prepare everything here.
		p.Close()
		p.added = 0
		p.spans = make(chan [2]int, len(orders)/prepareChunk+1)
		p.all = orders
		p.slims = make([]slimOrder, len(orders))
	}
	p.startWorkers(runtime.GOMAXPROCS(0))
	p.enqueue(len(orders))
	p.Close()
	slims := p.slims[:len(orders)]

	idx := make([]int32, len(orders))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		oa, ob := &orders[a].Order, &orders[b].Order
		if oa.Date != ob.Date {
			return int(oa.Date) - int(ob.Date)
		}
		if c := strings.Compare(oa.Ref, ob.Ref); c != 0 {
			return c
		}
		return int(a) - int(b)
	})

	// Round 0: every order joins every batch it could use.
	// Batches are numbered once, so that rounds index them instead of hashing keys.
	slotOf := map[batchKey]int32{}
	var prev []batch // by slot
	offs := make([]int, len(orders))
	var member []bool // per lane draft
	for i := range slims {
		offs[i] = len(member)
		for j := range slims[i].cons {
			d := &slims[i].cons[j]
			slot, ok := slotOf[d.key]
			if !ok {
				slot = int32(len(prev))
				slotOf[d.key] = slot
				prev = append(prev, batch{})
			}
			d.slot = slot
			prev[slot] = prev[slot].plus(d)
			member = append(member, true)
		}
	}
	st := PlanStats{Orders: len(orders)}
	r := &rounder{e: e, skipReasons: p.SkipReasons, orders: orders, slims: slims, idx: idx, offs: offs, slotOf: slotOf}
	for k := 1; k <= MaxRounds; k++ {
		st.Rounds = k
		next, nextMember := r.round(prev, member)
		converged := slices.Equal(member, nextMember)
		if converged || k == MaxRounds {
			st.Converged = converged
			// The summaries are done with: the emitting round prices in full, and
			// with less to keep the collector has less to do while it does.
			p.slims, r.slims, r.laneTotals, r.pricedWith, r.chose, r.repriced = nil, nil, nil, nil, nil, nil
			return st, r.emit(prev, member, emit)
		}
		prev, member = next, nextMember
	}
	return st, nil
}

// sameArray reports whether a is a prefix of all (the same backing array).
func sameArray(a, all []PlanOrder) bool {
	return len(a) <= len(all) && cap(a) == cap(all) && (cap(a) == 0 || &a[:1][0] == &all[:1][0])
}
