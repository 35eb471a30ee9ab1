package logistics

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
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
// order reference). emit receives each decision of the final round in planning
// order; the Decision and its Options are only valid during the call (Clone to
// keep them).
func (e *Engine) Plan(orders []PlanOrder, emit func(*Decision) error) (PlanStats, error) {
	idx := make([]int32, len(orders))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int {
		oa, ob := &orders[a].Order, &orders[b].Order
		if oa.Date != ob.Date {
			return int(oa.Date) - int(ob.Date)
		}
		return strings.Compare(oa.Ref, ob.Ref)
	})
	preps := make([]*prepared, len(orders))
	e.prepareAll(orders, preps)

	// Round 0: every order joins every batch it could use.
	prev := map[batchKey]batch{}
	var member []bool // per consolidation draft, in preps order
	for _, pr := range preps {
		for j := range pr.cons {
			d := &pr.cons[j]
			prev[d.key] = prev[d.key].plus(d)
			member = append(member, true)
		}
	}
	st := PlanStats{Orders: len(orders)}
	r := &rounder{e: e, orders: orders, preps: preps, idx: idx}
	for k := 1; k <= MaxRounds; k++ {
		st.Rounds = k
		next, nextMember, err := r.round(prev, member, nil)
		if err != nil {
			return st, err
		}
		converged := slices.Equal(member, nextMember)
		if converged || k == MaxRounds {
			st.Converged = converged
			_, _, err := r.round(prev, member, emit)
			return st, err
		}
		prev, member = next, nextMember
	}
	return st, nil
}

func (e *Engine) prepareAll(orders []PlanOrder, preps []*prepared) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	const chunk = 4096
	next := make(chan int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for start := range next {
				for i := start; i < min(start+chunk, len(orders)); i++ {
					preps[i] = e.prepare(&orders[i].Order)
				}
			}
		}()
	}
	for start := 0; start < len(orders); start += chunk {
		next <- start
	}
	close(next)
	wg.Wait()
}

type rounder struct {
	e      *Engine
	orders []PlanOrder
	preps  []*prepared
	idx    []int32
	buf    []Option
	offs   []int // first draft of each prep in the member slice
}

// round assigns every order once, with batches priced from prev. With emit it also
// explains and emits the decisions.
func (r *rounder) round(prev map[batchKey]batch, member []bool, emit func(*Decision) error) (map[batchKey]batch, []bool, error) {
	e := r.e
	if r.offs == nil {
		r.offs = make([]int, len(r.preps))
		n := 0
		for i, pr := range r.preps {
			r.offs[i] = n
			n += len(pr.cons)
		}
	}
	stock := stockLedger{onHand: e.stock, used: map[stockKey]int64{}}
	next := map[batchKey]batch{}
	nextMember := make([]bool, len(member))
	var dec Decision
	for _, i := range r.idx {
		pr := r.preps[i]
		var ov *Override
		if r.orders[i].Override != nil {
			ov = r.orders[i].Override
		}
		r.buf = append(r.buf[:0], pr.opts...)
		opts := r.buf
		e.applyStock(pr, opts, &stock)
		for j := range pr.cons {
			d := &pr.cons[j]
			b := prev[d.key]
			if !member[r.offs[i]+j] {
				b = b.plus(d)
			}
			e.finishLane(pr, d, b, &opts[d.idx])
		}
		chosen, sla, allowed := choice(opts, pr.order.PromisedDays, ov)
		if chosen >= 0 {
			c := &opts[chosen]
			switch c.Mode {
			case ModeWarehouse, ModeLocal:
				stock.take(c.ID, pr.order.Lines)
			case ModeConsolidation:
				for j := range pr.cons {
					if d := &pr.cons[j]; d.idx == chosen {
						next[d.key] = next[d.key].plus(d)
						nextMember[r.offs[i]+j] = true
					}
				}
			}
		}
		if emit != nil {
			dec = e.decision(pr.order, opts, chosen, sla, allowed, ov)
			if err := emit(&dec); err != nil {
				return nil, nil, err
			}
		}
	}
	return next, nextMember, nil
}

// choice applies an override, if any, then picks.
func choice(opts []Option, promise int, ov *Override) (int, bool, func(*Option) bool) {
	var allowed func(*Option) bool
	if ov != nil {
		allowed = func(o *Option) bool { return o.Mode == ov.Mode && (ov.Option == "" || o.ID == ov.Option) }
	}
	chosen, sla := pick(opts, promise, allowed)
	return chosen, sla, allowed
}

func (e *Engine) decision(o *Order, opts []Option, chosen int, sla bool, allowed func(*Option) bool, ov *Override) Decision {
	reason := explain(opts, o.PromisedDays, allowed, e.settings.BaseCurrency, e.baseDigits)
	if ov != nil {
		why := ov.Reason
		if why == "" {
			why = "no reason given"
		}
		reason = fmt.Sprintf("kept on %s by override (%s): %s", ov.Mode, why, reason)
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
	}
}

// stockLedger is warehouse stock on hand less what assigned orders took.
type stockLedger struct {
	onHand map[stockKey]int64 // shared, read-only
	used   map[stockKey]int64
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
					Reason: fmt.Sprintf("%s has %d of %s, needs %d", wh.ID, max(have, 0), l.SKU, l.Qty)}
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
			p := e.measure(&pl.Order)
			for _, ln := range e.lanes[pl.Order.Country] {
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
		e.finishLane(pr, d, batches[d.key].plus(d), &opts[d.idx])
	}
	chosen, sla, allowed := choice(opts, o.PromisedDays, nil)
	return e.decision(&o, opts, chosen, sla, allowed, nil)
}

// Clone returns a copy of d that does not share its Options.
func (d *Decision) Clone() Decision {
	c := *d
	c.Options = slices.Clone(d.Options)
	return c
}
