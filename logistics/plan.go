package logistics

import (
	"context"
	"runtime"
	"shipmode/crash"
	"slices"
	"sync"
)

// Override keeps an order on a mode (and optionally one option) in every plan.
type Override struct {
	Mode   Mode
	Option string // "" = the best option of that mode
	Reason string
}

// PlanOrder is an open order to plan, with its override if it has one.
type PlanOrder struct {
	Order    Order
	Override *Override
}

// Planned is an open order with the assignment of the latest plan; quotes see the
// plan through it (stock it takes, batches it joins).
type Planned struct {
	Order  Order
	Mode   Mode
	Option string
}

// MaxRounds is the number of planning rounds after round 0.
const MaxRounds = 20

// PlanStats tells how planning went.
type PlanStats struct {
	Orders    int
	Rounds    int  // rounds after round 0 that ran
	Converged bool // batch membership stopped changing
}

// Plan decides all orders together (SPEC §5 "Planning"): consolidation batches are
// formed in rounds, warehouse stock is consumed in planning order (order date, then
// order reference, then marketplace). emit receives each decision of the final
// round in planning order; the Decision and its Options are only valid during the
// call (Clone to keep them).
//
// To plan a million orders in little memory, the rounds work on a slim summary of
// each order (its best and its fastest direct option, which stand for all direct
// options under both criteria of the choice, its warehouse candidates and its lane
// drafts); the final round prices every option again to emit full decisions.
//
// Plan cannot be cancelled; a caller that may want to stop it uses a Planner.
func (e *Engine) Plan(orders []PlanOrder, emit func(i int, d *Decision) error) (PlanStats, error) {
	return e.NewPlanner().Plan(context.Background(), orders, emit)
}

// parallel calls fn(w, i) for i in [0, n) on every core, in chunks; w is the
// worker, below GOMAXPROCS, so that fn can keep scratch memory per worker. Once
// ctx is cancelled no new chunk starts, and parallel returns ctx.Err() when the
// running ones are done.
func parallel(ctx context.Context, n int, fn func(w, i int)) error {
	const chunk = 2048
	workers := runtime.GOMAXPROCS(0)
	next := make(chan int, workers)
	var wg sync.WaitGroup
	var panics crash.Group // a worker's panic is raised again here
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer panics.Catch(func() {
				for range next { // the others may be gone too: take the rest
				}
			})
			for start := range next {
				for i := start; i < min(start+chunk, n); i++ {
					fn(w, i)
				}
			}
		}()
	}
	for start := 0; start < n && ctx.Err() == nil; start += chunk {
		next <- start
	}
	close(next)
	wg.Wait()
	panics.Raise()
	return ctx.Err()
}

// slimOrder is what a planning round needs of an order.
type slimOrder struct {
	// direct[:nDirect] are at most two direct options, the best within the promise
	// and the fastest: in the order's own memory, as the rounds read them for
	// every order every round
	direct  [2]cand
	nDirect uint8
	whs     []whCand    // warehouse and local options feasible before the stock check
	cons    []consDraft // lane options feasible before their batch is known
}

type whCand struct {
	cand
	wh *warehouse
	// per order line: the stock slot and the quantity (slot -1: none on hand)
	need []slotNeed
}

type slotNeed struct {
	slot int32
	qty  int64
}

// slim keeps what rounds need of pr; ov limits the direct options like the choice does.
func (e *Engine) slim(pr *prepared, ov *Override) slimOrder {
	var s slimOrder
	allowed := ov.allows
	best, fast := -1, -1
	for j := range pr.opts {
		o := &pr.opts[j]
		switch {
		case pr.whs[j] != nil:
			if o.Feasible && allowed(o) {
				w := whCand{cand: candOf(o), wh: pr.whs[j], need: make([]slotNeed, len(pr.order.Lines))}
				for k, l := range pr.order.Lines {
					slot, ok := e.stockSlot[stockKey{w.wh.ID, l.SKU}]
					if !ok {
						slot = -1
					}
					w.need[k] = slotNeed{slot, l.Qty}
				}
				s.whs = append(s.whs, w)
			}
		case o.Mode == ModeDirect:
			if !o.Feasible || !allowed(o) {
				continue
			}
			if keeps(o, pr.order.PromisedDays) && (best < 0 || cheaper(o, &pr.opts[best])) {
				best = j
			}
			if fast < 0 || faster(o, &pr.opts[fast]) {
				fast = j
			}
		}
	}
	for _, j := range [...]int{best, fast} {
		if j >= 0 && (s.nDirect == 0 || j != best) {
			s.direct[s.nDirect] = candOf(&pr.opts[j])
			s.nDirect++
		}
	}
	if best >= 0 {
		// A direct option keeps the promise in every round, so the choice is always the
		// cheapest keeper: a warehouse that direct option beats can never be it,
		// whatever the stock, and is left out (most orders then choose without
		// looking at stock).
		keeper := candOf(&pr.opts[best])
		s.whs = slices.DeleteFunc(s.whs, func(w whCand) bool { return !cheaperCand(w.cand, keeper) })
	}
	for _, d := range pr.cons {
		if allowed(&pr.opts[d.idx]) {
			s.cons = append(s.cons, d)
		}
	}
	return s
}

// allows reports whether an override lets option o be chosen (a nil override
// allows everything).
func (ov *Override) allows(o *Option) bool {
	return ov == nil || o.Mode == ov.Mode && (ov.Option == "" || o.ID == ov.Option)
}

type rounder struct {
	e           *Engine
	skipReasons bool
	orders      []PlanOrder
	slims       []slimOrder
	idx         []int32
	// lanes are the orders with lane drafts (by index), active those with lane
	// drafts or warehouse candidates (in planning order): the only ones a round
	// prices or assigns, as the others choose a direct option in every round
	lanes, active []int32
	offs          []int              // first lane draft of each order in the member slice
	slotOf        map[batchKey]int32 // the batches' slots
	batchWhy      []*Sentence        // emitting: the reason of a member of each batch, by slot
	// laneTotals is each lane draft's total in the current round (-1: infeasible),
	// priced with the batch in pricedWith (a zero batch: not priced yet)
	laneTotals []int64
	pricedWith []batch
	// chose is each order's choice in the last round (-2: not made yet),
	// repriced whether a lane total of it changed this round, and covered which of
	// its warehouses the stock covered at its turn in the last round (see coverage):
	// an order whose lane totals and covered warehouses are as before chooses as
	// before.
	chose    []int32
	repriced []bool
	covered  []uint64
	diff     []int64 // scratch of round, per stock slot
	// The last round's batches and members (nil before the second round), and the
	// orders it priced again. slotOrders lists the orders with a draft in each slot
	// (slotOrders[slotStart[s]:slotStart[s+1]]), draftOrder the order of each draft;
	// mark[i] is the round in which order i was last listed to be priced again.
	lastPrev   []batch
	lastMember []bool
	stale      []int32
	slotStart  []int32
	slotOrders []int32
	draftOrder []int32
	mark       []int32
	rounds     int32
	// For the rounds after the first (assignChanged): the orders with warehouse
	// candidates in planning order, each order's place among them (-1: none), the
	// places of those whose choice takes stock and of those with more than 64
	// warehouse candidates, which choose in every round (both ascending).
	whsOrders []int32
	place     []int32
	takers    []int32
	always    []int32
	// everyOrder makes every round price every lane and assign every order (the
	// plain way, for tests to compare with).
	everyOrder bool
	// For the emitting round: the options the planner kept of each order, with
	// their catalogue.
	cat  *catalogue
	kept []keptOrder
}

// round assigns every order once, with batches priced from prev, and returns the
// batches it formed and their members. Lane options depend only on prev, so they
// are priced for the whole round first, on every core (after the first round, only
// those whose batch changed), and an order without warehouse candidates — whose
// choice does not depend on the stock earlier orders left — chooses there too; the
// assignment in planning order then only has the orders with warehouses to choose
// for, and of those only the ones whose lane totals or covered warehouses changed
// since the last round (assignChanged). Orders with only direct options choose the
// same in every round and are skipped. A batch is a sum, so the order in which its
// members are added does not matter: after the first round, the batches are the
// last round's, changed by the orders whose choice changed. A cancelled ctx stops
// the round within a chunk of orders; round then returns ctx.Err().
func (r *rounder) round(ctx context.Context, prev []batch, member []bool) ([]batch, []bool, error) {
	e := r.e
	if r.laneTotals == nil {
		for i := range r.slims {
			if len(r.slims[i].cons) > 0 {
				r.lanes = append(r.lanes, int32(i))
			}
		}
		for _, i := range r.idx {
			if s := &r.slims[i]; len(s.whs) > 0 || len(s.cons) > 0 {
				r.active = append(r.active, i)
			}
		}
		r.laneTotals = make([]int64, len(member))
		r.pricedWith = make([]batch, len(member))
		r.chose = make([]int32, len(r.slims))
		for i := range r.chose {
			r.chose[i] = -2
		}
		r.repriced = make([]bool, len(r.slims))
		r.covered = make([]uint64, len(r.slims))
	}
	// The lane totals are priced again only where a batch changed: for an order
	// none of whose drafts' batches or memberships changed since the last round,
	// each draft's batch is the one it was priced with.
	first := r.lastPrev == nil || r.everyOrder
	reprice := r.lanes
	if !first {
		reprice = r.changedOrders(prev, member)
	}
	for _, i := range r.stale {
		r.repriced[i] = false // (those priced again below say again)
	}
	var was []int32 // the choices before this round's of the orders of reprice
	if !first {
		was = make([]int32, len(reprice))
		for n, i := range reprice {
			was[n] = r.chose[i]
		}
	}
	err := parallel(ctx, len(reprice), func(_, n int) {
		i := int(reprice[n])
		s := &r.slims[i]
		o := &r.orders[i].Order
		r.repriced[i] = false
		for j := range s.cons {
			d := &s.cons[j]
			k := r.offs[i] + j
			b := prev[d.slot]
			if !member[k] {
				b = b.plus(d)
			}
			if b == r.pricedWith[k] {
				continue // a total depends only on the order, the draft and its batch
			}
			t, ok := e.laneTotal(o, d, b)
			if !ok {
				t = -1
			}
			if t != r.laneTotals[k] {
				r.repriced[i] = true
			}
			r.laneTotals[k], r.pricedWith[k] = t, b
		}
		if len(s.whs) == 0 && len(s.cons) > 0 && (r.repriced[i] || r.chose[i] == -2) {
			r.chose[i] = int32(r.choose(int32(i), s, 0, nil))
		}
	})
	if err != nil {
		return nil, nil, err
	}
	r.stale, r.lastPrev, r.lastMember = reprice, prev, member
	if first {
		return r.assignAll(ctx, prev, member)
	}
	next, nextMember := slices.Clone(prev), slices.Clone(member)
	move := func(i int32, from, to int) { r.move(next, nextMember, i, from, to) }
	for n, i := range reprice {
		if s := &r.slims[i]; len(s.whs) == 0 && r.chose[i] != was[n] {
			move(i, int(was[n]), int(r.chose[i]))
		}
	}
	targets := slices.Clone(r.always)
	for _, i := range reprice {
		if r.repriced[i] && r.place[i] >= 0 {
			targets = append(targets, r.place[i])
		}
	}
	slices.Sort(targets)
	if err := r.assignChanged(ctx, targets, move); err != nil {
		return nil, nil, err
	}
	return next, nextMember, nil
}

// assignAll assigns every order with lane drafts or warehouse candidates in
// planning order, building the batches of the round and their members anew. It
// then lists the places of assignChanged.
func (r *rounder) assignAll(ctx context.Context, prev []batch, member []bool) ([]batch, []bool, error) {
	stock := slices.Clone(r.e.slotStock)
	next := make([]batch, len(prev))
	nextMember := make([]bool, len(member))
	for n, i := range r.active {
		if n%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		s := &r.slims[i]
		k := int(r.chose[i])
		if len(s.whs) > 0 {
			covered := coverage(s.whs, stock)
			if k == -2 || r.repriced[i] || covered != r.covered[i] || len(s.whs) > 64 {
				k = r.choose(i, s, covered, stock)
				r.chose[i], r.covered[i] = int32(k), covered
			}
		}
		switch {
		case k < 0:
		case k < len(s.whs):
			for _, n := range s.whs[k].need {
				stock[n.slot] -= n.qty
			}
		default:
			j := k - len(s.whs)
			d := &s.cons[j]
			next[d.slot] = next[d.slot].plus(d)
			nextMember[r.offs[i]+j] = true
		}
	}
	if r.place == nil {
		r.place = make([]int32, len(r.slims))
		for i := range r.place {
			r.place[i] = -1
		}
	}
	r.whsOrders, r.takers, r.always = r.whsOrders[:0], r.takers[:0], r.always[:0]
	for _, i := range r.active {
		s := &r.slims[i]
		if len(s.whs) == 0 {
			continue
		}
		p := int32(len(r.whsOrders))
		r.place[i] = p
		r.whsOrders = append(r.whsOrders, i)
		if k := r.chose[i]; k >= 0 && int(k) < len(s.whs) {
			r.takers = append(r.takers, p)
		}
		if len(s.whs) > 64 {
			r.always = append(r.always, p)
		}
	}
	return next, nextMember, nil
}

// assignChanged is the assignment in planning order of a round after the first,
// which visits only the orders whose choice may change: those at the places of
// targets (whose lane totals changed, or who choose in every round) and, while the
// stock differs from the last round's at the same turn, every order with
// warehouse candidates. Between them the stock changes as in the last round: only
// the orders that take stock (takers) are looked at. move is told of each choice
// that changes.
func (r *rounder) assignChanged(ctx context.Context, targets []int32, move func(i int32, from, to int)) error {
	stock := slices.Clone(r.e.slotStock)
	// diff[slot] is stock[slot] less what it was at the same turn of the last
	// round, and differ how many slots differ: while none does, every order finds
	// the stock it found in the last round, so its coverage is as it was.
	diff := r.stockDiff(len(stock))
	differ := 0
	take := func(need []slotNeed, sign int64) {
		for _, n := range need {
			if diff[n.slot] == 0 {
				differ++
			}
			diff[n.slot] += sign * n.qty
			if diff[n.slot] == 0 {
				differ--
			}
		}
	}
	takers := r.takers
	r.takers = make([]int32, 0, len(takers)+64)
	tp, ti, visited := 0, 0, 0
	for p := 0; p < len(r.whsOrders); p++ {
		if differ == 0 {
			// Until the next target, nothing changes: only the takers take.
			for ti < len(targets) && int(targets[ti]) < p {
				ti++
			}
			t := len(r.whsOrders)
			if ti < len(targets) {
				t = int(targets[ti])
			}
			for ; tp < len(takers) && int(takers[tp]) < t; tp++ {
				i := r.whsOrders[takers[tp]]
				s := &r.slims[i]
				for _, n := range s.whs[r.chose[i]].need {
					stock[n.slot] -= n.qty
				}
				r.takers = append(r.takers, takers[tp])
			}
			if t == len(r.whsOrders) {
				break
			}
			p = t
		}
		if visited++; visited%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if tp < len(takers) && int(takers[tp]) == p {
			tp++ // (decided again here)
		}
		i := r.whsOrders[p]
		s := &r.slims[i]
		k := int(r.chose[i])
		covered := r.covered[i]
		if differ > 0 || len(s.whs) > 64 {
			covered = coverage(s.whs, stock)
		}
		if r.repriced[i] || covered != r.covered[i] || len(s.whs) > 64 {
			was := k
			k = r.choose(i, s, covered, stock)
			r.chose[i], r.covered[i] = int32(k), covered
			if k != was {
				if was >= 0 && was < len(s.whs) {
					take(s.whs[was].need, +1) // what the last round took here, this one does not
				}
				if k >= 0 && k < len(s.whs) {
					take(s.whs[k].need, -1)
				}
				move(i, was, k)
			}
		}
		if k >= 0 && k < len(s.whs) {
			for _, n := range s.whs[k].need {
				stock[n.slot] -= n.qty
			}
			r.takers = append(r.takers, int32(p))
		}
	}
	return nil
}

// move changes the membership of order i in next and nextMember from its choice
// from to its choice to (a lane, a warehouse, a direct option or none).
func (r *rounder) move(next []batch, nextMember []bool, i int32, from, to int) {
	s := &r.slims[i]
	if j := from - len(s.whs); from >= 0 && j >= 0 {
		d := &s.cons[j]
		next[d.slot] = next[d.slot].minus(d)
		nextMember[r.offs[i]+j] = false
	}
	if j := to - len(s.whs); to >= 0 && j >= 0 {
		d := &s.cons[j]
		next[d.slot] = next[d.slot].plus(d)
		nextMember[r.offs[i]+j] = true
	}
}

// changedOrders lists the orders with a draft whose batch (prev, against the last
// round's) or membership (member) changed since the last round, each once.
func (r *rounder) changedOrders(prev []batch, member []bool) []int32 {
	if r.slotStart == nil {
		r.slotStart = make([]int32, len(prev)+1)
		r.draftOrder = make([]int32, len(member))
		for _, i := range r.lanes {
			for j := range r.slims[i].cons {
				r.slotStart[r.slims[i].cons[j].slot+1]++
				r.draftOrder[r.offs[i]+j] = i
			}
		}
		for s := 1; s < len(r.slotStart); s++ {
			r.slotStart[s] += r.slotStart[s-1]
		}
		r.slotOrders = make([]int32, r.slotStart[len(prev)])
		at := slices.Clone(r.slotStart)
		for _, i := range r.lanes {
			for j := range r.slims[i].cons {
				slot := r.slims[i].cons[j].slot
				r.slotOrders[at[slot]] = i
				at[slot]++
			}
		}
		r.mark = make([]int32, len(r.slims))
	}
	r.rounds++
	var out []int32
	add := func(i int32) {
		if r.mark[i] != r.rounds {
			r.mark[i] = r.rounds
			out = append(out, i)
		}
	}
	for s := range prev {
		if prev[s] != r.lastPrev[s] {
			for _, i := range r.slotOrders[r.slotStart[s]:r.slotStart[s+1]] {
				add(i)
			}
		}
	}
	for k := range member {
		if member[k] != r.lastMember[k] {
			add(r.draftOrder[k])
		}
	}
	return out
}

// stockDiff is round's diff, all zeros, of n slots: the first round's has no last
// round to compare with, and is not looked at.
func (r *rounder) stockDiff(n int) []int64 {
	if r.diff == nil {
		r.diff = make([]int64, n)
	}
	clear(r.diff)
	return r.diff
}

// coverage is a bit per warehouse candidate (the k-th bit for whs[k]): whether stock
// covers the order there. Candidates beyond the 64th have no bit; round always
// chooses again for an order with that many.
func coverage(whs []whCand, stock []int64) uint64 {
	var m uint64
	for k := range min(len(whs), 64) {
		if covers(whs[k].need, stock) {
			m |= 1 << k
		}
	}
	return m
}

// covers reports whether stock has what need asks for.
func covers(need []slotNeed, stock []int64) bool {
	for _, n := range need {
		if n.slot < 0 || stock[n.slot] < n.qty {
			return false
		}
	}
	return true
}

// choose is the choice of order i in a round: its direct candidates, the
// warehouses whose stock covers it (covered: see coverage; warehouses beyond the
// 64th are checked against stock), its lanes at this round's totals.
func (r *rounder) choose(i int32, s *slimOrder, covered uint64, stock []int64) int {
	ch := chooser{promise: r.orders[i].Order.PromisedDays}
	for _, c := range s.direct[:s.nDirect] {
		ch.offer(-1, c)
	}
	for k := range s.whs {
		if w := &s.whs[k]; k < 64 && covered>>k&1 == 1 || k >= 64 && covers(w.need, stock) {
			ch.offer(k, w.cand)
		}
	}
	for j := range s.cons {
		if t := r.laneTotals[r.offs[i]+j]; t >= 0 {
			c := s.cons[j].cand
			c.total = t
			ch.offer(len(s.whs)+j, c)
		}
	}
	return ch.chosen()
}

// emit runs the final round again with every option priced in full, and emits the
// decisions. What does not depend on the stock left by earlier orders — pricing
// every option, and the lanes with the batches of the last round — is done in
// parallel a block at a time, the next block while this goroutine assigns the
// orders of the current one in planning order (and waits for the consumer). A
// cancelled ctx stops it between blocks with ctx.Err().
func (r *rounder) emit(ctx context.Context, prev []batch, member []bool, emit func(int, *Decision) error) error {
	e := r.e
	const block = 4096
	type prepBlock struct {
		ids   []int32
		preps []prepared
	}
	r.batchWhy = e.batchReasons(r.slotOf, prev)
	whys := make([]map[whyKey]*Sentence, runtime.GOMAXPROCS(0)+1) // per worker of parallel
	for w := range whys {
		whys[w] = map[whyKey]*Sentence{}
	}
	blocks := make(chan prepBlock)
	free := make(chan []prepared, 2) // one block being prepared, one being assigned
	for range 2 {
		free <- make([]prepared, min(block, len(r.idx)))
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	var panics crash.Group // the preparing goroutine's panic is raised again here
	defer panics.Raise()   // (after the wait below)
	wg.Go(func() {
		defer close(blocks)
		defer panics.Catch()
		for start := 0; start < len(r.idx); start += block {
			var preps []prepared
			select {
			case preps = <-free:
			case <-done:
				return
			}
			ids := r.idx[start:min(start+block, len(r.idx))]
			if parallel(ctx, len(ids), func(w, k int) { r.prepareFinal(&preps[k], ids[k], prev, member, whys[w]) }) != nil {
				return
			}
			select {
			case blocks <- prepBlock{ids, preps}:
			case <-done:
				return
			}
		}
	})
	defer wg.Wait()
	defer close(done)
	stock := stockLedger{onHand: e.stock, why: map[stockWhy]*Sentence{}}
	emitted := 0
	for b := range blocks {
		if err := ctx.Err(); err != nil {
			return err
		}
		emitted += len(b.ids)
		for k, i := range b.ids {
			pr := &b.preps[k]
			ov := r.orders[i].Override
			opts := pr.opts
			e.applyStock(pr, opts, &stock)
			chosen, sla := choice(opts, pr.order.PromisedDays, ov)
			if chosen >= 0 {
				if c := &opts[chosen]; c.Mode == ModeWarehouse || c.Mode == ModeLocal {
					stock.take(c.ID, pr.order.Lines)
				}
			}
			dec := e.decision(pr.order, opts, chosen, sla, ov, r.skipReasons)
			if err := emit(int(i), &dec); err != nil {
				return err
			}
		}
		free <- b.preps
	}
	if emitted < len(r.idx) {
		return ctx.Err() // the preparing goroutine stopped early: cancelled
	}
	return nil
}

// prepareFinal prices every option of order i into pr, the lanes with the batches
// prev of the last round (members as it left them). whys keeps the reasons of the
// lane options of orders outside their batch, which orders that would make the
// same batch share (nil: none kept).
func (r *rounder) prepareFinal(pr *prepared, i int32, prev []batch, member []bool, whys map[whyKey]*Sentence) {
	e := r.e
	if k := r.kept[i]; k.b != nil {
		r.cat.restore(pr, &r.orders[i].Order, k)
		r.kept[i] = keptOrder{} // (done with)
	} else {
		e.prepareInto(pr, &r.orders[i].Order)
	}
	ov := r.orders[i].Override
	m := r.offs[i] // the member flag of the next draft the rounds saw (slim kept those ov allows)
	for j := range pr.cons {
		d := &pr.cons[j]
		var b batch
		var why *Sentence // a member's: the batch's
		slot, ok := r.slotOf[d.key]
		if ok {
			b = prev[slot]
		}
		in := false
		if ov.allows(&pr.opts[d.idx]) {
			in = member[m]
			m++
		}
		if !in {
			b = b.plus(d)
		} else if ok {
			why = r.batchWhy[slot]
		}
		k := whyKey{slot, b.g, b.n}
		keep := !in && ok && whys != nil
		if keep {
			why = whys[k]
		}
		opt := &pr.opts[d.idx]
		e.finishLane(pr.order, d, b, opt, why)
		if keep && why == nil && opt.Feasible {
			if len(whys) >= maxWhys {
				clear(whys)
			}
			whys[k] = opt.Reason
		}
	}
}

// whyKey is a batch of a slot, by what the reason of a lane option in it says:
// its weight and size (the lane, departure and tier follow).
type whyKey struct {
	slot int32
	g    int64
	n    int
}

// maxWhys bounds each of prepareFinal's whys: the orders come by date, and the
// batches of the days behind are not seen again.
const maxWhys = 1 << 14

func (ov *Override) allowFunc() func(*Option) bool {
	if ov == nil {
		return nil
	}
	return ov.allows
}

// choice applies an override, if any, then picks.
func choice(opts []Option, promise int, ov *Override) (int, bool) {
	return pick(opts, promise, ov.allowFunc())
}

func (e *Engine) decision(o *Order, opts []Option, chosen int, sla bool, ov *Override, skipReason bool) Decision {
	reason := ""
	if !skipReason {
		reason = e.explain(opts, o.PromisedDays, ov)
	}
	return Decision{
		OrderRef: o.Ref,
		Date:     o.Date,
		Country:  o.Country,
		Currency: e.settings.BaseCurrency,
		Chosen:   chosen,
		SLARisk:  sla,
		Reason:   reason,
		Options:  opts,
		Promise:  o.PromisedDays,
		Override: ov,
	}
}

// stockLedger is warehouse stock on hand less what assigned orders took.
type stockLedger struct {
	onHand map[stockKey]int64 // shared, read-only
	used   map[stockKey]int64
	// why, when not nil, remembers the reasons of missing stock: a plan gives the
	// same few hundred to many orders, which share them
	why map[stockWhy]*Sentence
}

type stockWhy struct {
	stockKey
	have, need int64
}

// maxStockWhy bounds stockLedger.why.
const maxStockWhy = 4096

// reason is the reason of a warehouse option short of stock: "WH has 0 of SKU,
// needs 2".
func (s *stockLedger) reason(warehouse, sku string, have, need int64) *Sentence {
	if s.why == nil {
		return sentenceOf(rsStock, str(warehouse), num(have), str(sku), num(need))
	}
	k := stockWhy{stockKey{warehouse, sku}, have, need}
	why := s.why[k]
	if why == nil {
		if len(s.why) == maxStockWhy {
			clear(s.why)
		}
		why = sentenceOf(rsStock, str(warehouse), num(have), str(sku), num(need))
		s.why[k] = why
	}
	return why
}

func (s *stockLedger) have(warehouse, sku string) int64 {
	k := stockKey{warehouse, sku}
	return s.onHand[k] - s.used[k]
}

func (s *stockLedger) take(warehouse string, lines []Line) {
	if s.used == nil {
		s.used = map[stockKey]int64{}
	}
	for _, l := range lines {
		s.used[stockKey{warehouse, l.SKU}] += l.Qty
	}
}

// applyStock makes warehouse options without enough stock infeasible.
func (e *Engine) applyStock(pr *prepared, opts []Option, stock *stockLedger) {
	for j, wh := range pr.whs {
		if wh == nil || !opts[j].Feasible {
			continue
		}
		for _, l := range pr.order.Lines {
			if have := stock.have(wh.ID, l.SKU); have < l.Qty {
				opts[j] = Option{Mode: opts[j].Mode, ID: wh.ID,
					Reason: stock.reason(wh.ID, l.SKU, max(have, 0), l.Qty)}
				break
			}
		}
	}
}

// Quote prices one order as if it were planned next (SPEC §5 "Quote"): warehouse
// stock net of the planned open orders' assignments, consolidation batches of their
// planned members plus this order. A planned order with o's reference is left out.
func (e *Engine) Quote(o Order, planned []Planned) Decision {
	stock := stockLedger{onHand: e.stock}
	var batches map[batchKey]batch
	for i := range planned {
		pl := &planned[i]
		if pl.Order.Ref == o.Ref {
			continue
		}
		switch pl.Mode {
		case ModeWarehouse, ModeLocal:
			stock.take(pl.Option, pl.Order.Lines)
		case ModeConsolidation:
			var p parcel
			e.measure(&pl.Order, &p)
			for _, ln := range p.dest.lanes {
				if ln.ID != pl.Option {
					continue
				}
				if opt, d := e.laneDraft(ln, &pl.Order, &p); opt.Feasible {
					if batches == nil {
						batches = map[batchKey]batch{}
					}
					batches[d.key] = batches[d.key].plus(&d)
				}
			}
		}
	}
	pr := e.prepare(&o)
	opts := pr.opts
	e.applyStock(pr, opts, &stock)
	for j := range pr.cons {
		d := &pr.cons[j]
		e.finishLane(pr.order, d, batches[d.key].plus(d), &opts[d.idx], nil)
	}
	chosen, sla := choice(opts, o.PromisedDays, nil)
	return e.decision(&o, opts, chosen, sla, nil, false)
}

// Clone returns a copy of d that does not share its Options.
func (d *Decision) Clone() Decision {
	c := *d
	c.Options = slices.Clone(d.Options)
	return c
}
