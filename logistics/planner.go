package logistics

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"shipmode/crash"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// A Planner runs Plan in two steps, so that the first — pricing every order's
// options, about half of the work — overlaps reading the orders: Add hands it the
// orders read so far, which it prepares on background workers while the caller
// reads on; Plan then finishes. A Planner plans once.
//
// Plan stops soon after its context is cancelled, and Close stops the workers
// soon: a worker checks between chunks of prepareChunk orders whether to go on.
type Planner struct {
	// SkipReasons leaves Decision.Reason empty, for a consumer that keeps decisions
	// and rebuilds the sentence when it is read (Explain(d.Options, d.Promise,
	// d.Override)): a million sentences are a tenth of the work of emitting.
	SkipReasons bool

	e      *Engine
	all    []PlanOrder // the array Add was given, to its capacity
	slims  []slimOrder // per order of all, written by the workers
	kept   []keptOrder // per order of all, written by the workers (see plan_keep.go)
	cat    *catalogue  // nil: nothing is kept
	added  int         // orders handed to the workers
	spans  chan [2]int
	wg     sync.WaitGroup
	panics crash.Group // a worker's panic, raised again by wait
	nw     int         // workers started
	// stop tells the workers to skip the spans left (set by Close, or when Plan's
	// context is cancelled): the slims are then incomplete and must not be planned.
	stop atomic.Bool
	// everyOrder: see rounder.everyOrder
	everyOrder bool
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
		p.kept = make([]keptOrder, cap(orders))
		p.cat = newCatalogue(p.e)
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
	orders, spans, cat := p.all, p.spans, p.cat
	for ; p.nw < n; p.nw++ {
		p.wg.Go(func() {
			defer p.panics.Catch(func() {
				p.stop.Store(true) // the others skip the rest
				for range spans {
				}
			})
			var pr prepared
			var mem arena
			for s := range spans {
				if p.stop.Load() {
					continue // drain: whoever sends must not block
				}
				for i := s[0]; i < s[1]; i++ {
					p.e.prepareInto(&pr, &orders[i].Order)
					p.slims[i] = p.e.slim(&pr, orders[i].Override)
					if cat != nil && orders[i].Override == nil {
						// (an override's order keeps the drafts it allows: priced again)
						p.kept[i], _ = cat.keep(&pr, &mem)
					}
				}
			}
		})
	}
}

// Close stops the workers, without waiting for the orders handed over to be
// prepared; it is for a caller that gives up before Plan (Plan closes as well). It
// may be called more than once.
func (p *Planner) Close() {
	p.stop.Store(true)
	p.wait()
}

// wait lets the workers finish the spans handed over (or skip them, when stopped)
// and waits for them.
func (p *Planner) wait() {
	if p.spans != nil {
		close(p.spans)
		p.spans = nil
		p.wg.Wait()
		p.panics.Raise()
	}
}

// errClosed is Plan's error when Close stopped the preparation under it.
var errClosed = errors.New("planner closed")

// checkEvery is how many orders a sequential loop of Plan handles between two
// looks at its context (a few milliseconds of work).
const checkEvery = 1 << 14

// Plan is Engine.Plan over orders, of which the Planner may have prepared a
// prefix already. When ctx is cancelled, Plan returns ctx.Err() within
// milliseconds, whatever the phase: the workers and every loop over the orders look
// at ctx every few thousand orders, and emit receives at most the rest of the block
// of decisions in hand (it is never called once Plan has returned).
func (p *Planner) Plan(ctx context.Context, orders []PlanOrder, emit func(i int, d *Decision) error) (PlanStats, error) {
	e := p.e
	if err := ctx.Err(); err != nil {
		p.Close() // (nothing to prepare: the memory for a million orders is not even taken)
		return PlanStats{}, err
	}
	if p.spans == nil || !sameArray(orders, p.all) {
		// Not added, or added from another array (or closed): prepare everything here.
		p.Close()
		p.stop.Store(false)
		p.added = 0
		p.spans = make(chan [2]int, len(orders)/prepareChunk+1)
		p.all = orders
		p.slims = make([]slimOrder, len(orders))
		p.kept = make([]keptOrder, len(orders))
		p.cat = newCatalogue(e)
	}
	defer context.AfterFunc(ctx, func() { p.stop.Store(true) })()
	if ctx.Err() != nil {
		p.stop.Store(true)
	}
	trace := PlanTraceOf(ctx)
	p.startWorkers(runtime.GOMAXPROCS(0))
	p.enqueue(len(orders))
	p.wait()
	trace.Mark("every order priced")
	if p.stop.Load() {
		if err := ctx.Err(); err != nil {
			return PlanStats{}, err
		}
		return PlanStats{}, errClosed
	}
	slims := p.slims[:len(orders)]

	idx, err := planningOrder(ctx, orders)
	if err != nil {
		return PlanStats{}, err
	}
	trace.Mark("planning order")

	// Round 0: every order joins every batch it could use.
	// Batches are numbered once, so that rounds index them instead of hashing keys.
	slotOf := map[batchKey]int32{}
	var prev []batch // by slot
	offs := make([]int, len(orders))
	var member []bool // per lane draft
	for i := range slims {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return PlanStats{}, err
			}
		}
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
	trace.Mark("round 0")
	st := PlanStats{Orders: len(orders)}
	r := &rounder{e: e, skipReasons: p.SkipReasons, orders: orders, slims: slims, idx: idx, offs: offs, slotOf: slotOf,
		everyOrder: p.everyOrder}
	// The batches of a round are the sums of its members' drafts, and a round's
	// members depend only on the last round's: the rounds are a function of the
	// members. Once a round's members are those of two rounds before (some orders
	// go back and forth between two batches, each the cheaper while the other is
	// the larger), they alternate between two sets up to the round limit, and the
	// last round's set is known without running the rounds left (which would price
	// the same orders again each time, the result unchanged). (everyOrder runs them,
	// the plain way.)
	var before []bool      // the members that round k-1 was given (round k's: member)
	var beforePrev []batch // their batches
	for k := 1; k <= MaxRounds; k++ {
		st.Rounds = k
		next, nextMember, err := r.round(ctx, prev, member)
		if err != nil {
			return st, err
		}
		if trace != nil {
			trace.Mark(fmt.Sprintf("round %d (%d orders priced again)", k, len(r.stale)))
		}
		converged := slices.Equal(member, nextMember)
		if !converged && k < MaxRounds && before != nil && !p.everyOrder && slices.Equal(before, nextMember) {
			// Round k+1 is given the members of round k-1, and so on: round MaxRounds
			// is given member when MaxRounds-k is even, else before.
			if (MaxRounds-k)%2 == 1 {
				prev, member = beforePrev, before
			}
			if trace != nil {
				trace.Mark(fmt.Sprintf("rounds %d to %d alternate between two sets of members", k-1, MaxRounds))
			}
			st.Rounds = MaxRounds
		}
		if converged || st.Rounds == MaxRounds {
			st.Converged = converged
			// The summaries are done with: the emitting round prices in full, and
			// with less to keep the collector has less to do while it does.
			r.cat, r.kept, p.kept = p.cat, p.kept[:len(orders)], nil
			p.slims, r.slims, r.lanes, r.active, r.laneTotals, r.pricedWith, r.chose, r.repriced = nil, nil, nil, nil, nil, nil, nil, nil
			r.lastPrev, r.lastMember, r.stale, r.slotStart, r.slotOrders, r.draftOrder, r.mark = nil, nil, nil, nil, nil, nil, nil
			r.whsOrders, r.place, r.takers, r.always = nil, nil, nil, nil
			err := r.emit(ctx, prev, member, emit)
			if err == nil {
				trace.Mark("last decision emitted")
			}
			return st, err
		}
		before, beforePrev = member, prev
		prev, member = next, nextMember
	}
	return st, nil
}

// planningOrder returns the indexes of orders in planning order: order date, then
// order reference, then marketplace (a reference is unique within its marketplace:
// orders read from the store are in one order whatever order they were read in),
// then index. The orders are counted out by date first (dates span a few hundred
// days, orders are a million), then each date's orders are sorted by reference,
// with a look at ctx between dates.
func planningOrder(ctx context.Context, orders []PlanOrder) ([]int32, error) {
	idx := make([]int32, len(orders))
	byRef := func(a, b int32) int {
		oa, ob := &orders[a].Order, &orders[b].Order
		if c := strings.Compare(oa.Ref, ob.Ref); c != 0 {
			return c
		}
		if c := strings.Compare(oa.Marketplace, ob.Marketplace); c != 0 {
			return c
		}
		return int(a) - int(b)
	}
	if len(orders) == 0 {
		return idx, nil
	}
	lo, hi := orders[0].Order.Date, orders[0].Order.Date
	for i := range orders {
		lo, hi = min(lo, orders[i].Order.Date), max(hi, orders[i].Order.Date)
	}
	if span := int64(hi) - int64(lo) + 1; span > int64(len(orders))+1<<16 {
		// Dates too spread out to count by (not seen in real data): one sort, by
		// date first, that ctx cannot interrupt.
		for i := range idx {
			idx[i] = int32(i)
		}
		slices.SortFunc(idx, func(a, b int32) int {
			if da, db := orders[a].Order.Date, orders[b].Order.Date; da != db {
				return int(da) - int(db)
			}
			return byRef(a, b)
		})
		return idx, ctx.Err()
	}
	// start[d-lo] is where date d's orders begin in idx, next[d-lo] where its next
	// one goes while they are placed.
	start := make([]int32, int(hi-lo)+2)
	for i := range orders {
		start[orders[i].Order.Date-lo+1]++
	}
	for d := 1; d < len(start); d++ {
		start[d] += start[d-1]
	}
	next := slices.Clone(start)
	for i := range orders {
		d := orders[i].Order.Date - lo
		idx[next[d]] = int32(i)
		next[d]++
	}
	sorted := 0 // orders sorted since the last look at ctx
	for d := range len(start) - 1 {
		day := idx[start[d]:start[d+1]]
		slices.SortFunc(day, byRef)
		if sorted += len(day); sorted >= checkEvery {
			sorted = 0
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	return idx, ctx.Err()
}

// sameArray reports whether a is a prefix of all (the same backing array).
func sameArray(a, all []PlanOrder) bool {
	return len(a) <= len(all) && cap(a) == cap(all) && (cap(a) == 0 || &a[:1][0] == &all[:1][0])
}
