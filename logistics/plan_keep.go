package logistics

import (
	"encoding/binary"
	"maps"
	"slices"
	"unsafe"
)

// The options of an order are priced twice in a plan: once before the rounds, which
// keep only a summary of them (slimOrder), and once more to emit the decision. The
// second pricing is a third of the emitting round's work; instead, the first
// keeps every option and lane draft in a few bytes (keptOrder), and the emitting
// round reads them back. Only what the batches change (a lane's freight, duties,
// total and reason) and what the stock changes (a warehouse short of it) are then
// worked out again. The bytes hold no pointers, so the collector does not look
// into them.

// keptOrder is an order's options as prepareInto priced them, in a worker's arena:
// b holds them (see keep), why the reasons that are not the catalogue's. A zero
// keptOrder: not kept (priced again).
type keptOrder struct {
	b   []byte
	why []*Sentence
}

// catalogue numbers the options a rate book can give an order (mode and id) and
// the reasons its services and warehouses share, so that a kept option names them
// in a byte or two.
type catalogue struct {
	opts    []catOption
	slots   [512]uint16 // 1 + the number of an option, by the address of its id (see slot)
	reasons []*Sentence
	whyOf   map[*Sentence]uint32
	// the currencies and countries of orders (a lane draft's)
	curs  []*ccy
	curOf map[*ccy]int
	dests []*dest
	dstOf map[*dest]int
}

type catOption struct {
	mode Mode
	id   string
	wh   *warehouse // of a warehouse or local option
	ln   *lane      // of a consolidation option
}

// is reports whether o is option co: prepareInto gives every option of a service,
// warehouse or lane the very id string of the rate book's row.
func (co *catOption) is(o *Option) bool {
	return co.mode == o.Mode && len(co.id) == len(o.ID) && unsafe.StringData(co.id) == unsafe.StringData(o.ID)
}

// slot is where the table of slots starts looking for an option with id.
func slot(id string) uintptr {
	return (uintptr(unsafe.Pointer(unsafe.StringData(id))) >> 3) * 0x9E3779B97F4A7C15 >> 55 // (9 bits)
}

// find returns the catalogue number of o.
func (c *catalogue) find(o *Option) (int, bool) {
	for h := slot(o.ID); ; h = (h + 1) % uintptr(len(c.slots)) {
		n := int(c.slots[h]) - 1
		if n < 0 {
			return 0, false
		}
		if c.opts[n].is(o) {
			return n, true
		}
	}
}

// newCatalogue returns e's catalogue, or nil when its options do not fit a byte
// (or two share a key): orders are then priced again to be emitted.
func newCatalogue(e *Engine) *catalogue {
	c := &catalogue{whyOf: map[*Sentence]uint32{}, curOf: map[*ccy]int{}, dstOf: map[*dest]int{}}
	ok := true
	addOpt := func(o catOption) {
		for k := range c.opts {
			if c.opts[k].mode == o.mode && len(c.opts[k].id) == len(o.id) && unsafe.StringData(c.opts[k].id) == unsafe.StringData(o.id) {
				ok = false // (two rows with one id string: the options could not be told apart)
			}
		}
		c.opts = append(c.opts, o)
	}
	addWhy := func(s *Sentence) {
		if _, seen := c.whyOf[s]; s != nil && !seen {
			c.whyOf[s] = uint32(len(c.reasons))
			c.reasons = append(c.reasons, s)
		}
	}
	services := map[*service]bool{}
	addService := func(s *service) {
		if s == nil || services[s] {
			return
		}
		services[s] = true
		for k := range s.zones {
			addWhy(s.zones[k].reason)
		}
		for _, why := range s.forbiddenWhy {
			addWhy(why)
		}
	}
	for _, wh := range e.warehouses {
		mode := ModeWarehouse
		if wh.Kind == Forward {
			mode = ModeLocal
		}
		addOpt(catOption{mode: mode, id: wh.ID, wh: wh})
		addService(wh.delivery)
		for _, why := range wh.zoneReason {
			addWhy(why)
		}
	}
	lanes := map[*lane]bool{}
	for _, d := range e.dests {
		for _, ln := range d.lanes {
			if !lanes[ln] {
				lanes[ln] = true
				addOpt(catOption{mode: ModeConsolidation, id: ln.ID, ln: ln})
				addService(ln.delivery)
			}
		}
		for _, r := range d.rules {
			if r != nil {
				addWhy(r.note)
			}
		}
	}
	for _, s := range e.direct {
		addOpt(catOption{mode: ModeDirect, id: s.ID})
		addService(s)
	}
	for _, cur := range append(slices.Collect(maps.Values(e.currencies)), e.noRate, e.base) {
		if _, seen := c.curOf[cur]; cur != nil && !seen {
			c.curOf[cur] = len(c.curs)
			c.curs = append(c.curs, cur)
		}
	}
	for _, d := range append(slices.Collect(maps.Values(e.dests)), e.nowhere) {
		if _, seen := c.dstOf[d]; d != nil && !seen {
			c.dstOf[d] = len(c.dests)
			c.dests = append(c.dests, d)
		}
	}
	if !ok || len(c.opts) == 0 || len(c.opts) > 256 {
		return nil
	}
	for n, o := range c.opts {
		h := slot(o.id)
		for c.slots[h] != 0 {
			h = (h + 1) % uintptr(len(c.slots))
		}
		c.slots[h] = uint16(n + 1)
	}
	return c
}

// arena is a worker's memory for kept orders: blocks of bytes and of reasons,
// which kept orders share.
type arena struct {
	b       []byte
	why     []*Sentence
	scratch []byte
	whys    []*Sentence
}

const (
	arenaBytes   = 1 << 20
	arenaReasons = 1 << 14
)

// Flags of a kept option.
const (
	keptFeasible = 1 << iota
	keptNumbers  // its numbers follow (else they are all 0)
	keptWhyCat   // its reason is the catalogue's (its number follows)
	keptWhyOwn   // its reason is the order's next own reason
)

// keep keeps pr's options in a (false: some option, currency or country is not
// the catalogue's). The number of options; per option: its catalogue number, a
// flags byte, the reason's catalogue number (keptWhyCat), then with keptNumbers
// the varints transit days, chargeable g, the seven components, total and
// departure. With lane drafts, then: the catalogue numbers of the order's currency
// and country (which the drafts share), and per draft its allocation weight
// (high and low word), goods value and number of HS codes; the rest of a draft is
// its option's (see restore).
func (c *catalogue) keep(pr *prepared, a *arena) (keptOrder, bool) {
	b := binary.AppendUvarint(a.scratch[:0], uint64(len(pr.opts)))
	whys := a.whys[:0]
	for j := range pr.opts {
		o := &pr.opts[j]
		k, ok := c.find(o)
		if !ok {
			clear(whys)
			return keptOrder{}, false
		}
		var flags byte
		if o.Feasible {
			flags |= keptFeasible
		}
		cm := &o.Components
		nums := [...]int64{int64(o.TransitDays), o.ChargeableG, cm.Freight, cm.Surcharges, cm.Fuel, cm.Fees,
			cm.Storage, cm.Headhaul, cm.Duties, o.Total, int64(o.Departure)}
		if nums != [len(nums)]int64{} {
			flags |= keptNumbers
		}
		why, cat := uint32(0), false
		if o.Reason != nil {
			if why, cat = c.whyOf[o.Reason]; cat {
				flags |= keptWhyCat
			} else {
				flags |= keptWhyOwn
				whys = append(whys, o.Reason)
			}
		}
		b = append(b, byte(k), flags)
		if cat {
			b = binary.AppendUvarint(b, uint64(why))
		}
		if flags&keptNumbers != 0 {
			for _, v := range nums {
				b = binary.AppendVarint(b, v)
			}
		}
	}
	if len(pr.cons) > 0 {
		d0 := &pr.cons[0]
		cur, ok1 := c.curOf[d0.cur]
		dst, ok2 := c.dstOf[d0.dest]
		if !ok1 || !ok2 {
			clear(whys)
			return keptOrder{}, false
		}
		b = binary.AppendUvarint(b, uint64(cur))
		b = binary.AppendUvarint(b, uint64(dst))
		for j := range pr.cons {
			d := &pr.cons[j]
			if d.cur != d0.cur || d.dest != d0.dest || d.value != d0.value || d.hsCount != d0.hsCount {
				clear(whys) // (the order's: never so)
				return keptOrder{}, false
			}
			b = binary.AppendUvarint(b, d.w.hi)
			b = binary.AppendUvarint(b, d.w.lo)
		}
		b = binary.AppendVarint(b, int64(d0.value))
		b = binary.AppendVarint(b, d0.hsCount)
	}
	a.scratch, a.whys = b, whys
	if cap(a.b)-len(a.b) < len(b) {
		a.b = make([]byte, 0, max(arenaBytes, len(b)))
	}
	if cap(a.why)-len(a.why) < len(whys) {
		a.why = make([]*Sentence, 0, max(arenaReasons, len(whys)))
	}
	n, m := len(a.b), len(a.why)
	a.b, a.why = append(a.b, b...), append(a.why, whys...)
	clear(whys) // (the scratch holds no reason)
	return keptOrder{b: a.b[n:len(a.b):len(a.b)], why: a.why[m:len(a.why):len(a.why)]}, true
}

// restore puts the options and lane drafts k kept of order o into pr, as
// prepareInto made them; pr.p is left as it is.
func (c *catalogue) restore(pr *prepared, o *Order, k keptOrder) {
	b := k.b
	n, w := binary.Uvarint(b)
	b = b[w:]
	pr.order = o
	pr.opts = slices.Grow(pr.opts[:0], int(n))[:n]
	pr.whs = slices.Grow(pr.whs[:0], int(n))[:n]
	whys := k.why
	var nums [11]int64
	var lanesAt [8]*lane
	lanes := lanesAt[:0] // of the feasible lane options, in order
	for j := range pr.opts {
		co := &c.opts[b[0]]
		flags := b[1]
		b = b[2:]
		opt := &pr.opts[j]
		*opt = Option{Mode: co.mode, ID: co.id, Feasible: flags&keptFeasible != 0}
		pr.whs[j] = co.wh
		if co.ln != nil && opt.Feasible {
			lanes = append(lanes, co.ln)
		}
		switch {
		case flags&keptWhyCat != 0:
			v, w := binary.Uvarint(b)
			b = b[w:]
			opt.Reason = c.reasons[v]
		case flags&keptWhyOwn != 0:
			opt.Reason, whys = whys[0], whys[1:]
		}
		if flags&keptNumbers != 0 {
			for m := range nums {
				// binary.Varint, for the common one-byte case first
				if x := b[0]; x < 0x80 {
					nums[m] = int64(x>>1) ^ -int64(x&1)
					b = b[1:]
				} else {
					v, w := binary.Varint(b)
					nums[m] = v
					b = b[w:]
				}
			}
			opt.TransitDays = int(nums[0])
			opt.ChargeableG = nums[1]
			opt.Components = Components{nums[2], nums[3], nums[4], nums[5], nums[6], nums[7], nums[8]}
			opt.Total = nums[9]
			opt.Departure = Date(nums[10])
		}
	}
	// The lane drafts: one per feasible lane option, as laneDraft made them.
	pr.cons = pr.cons[:0]
	var cur *ccy
	var dst *dest
	for j := range pr.opts {
		opt := &pr.opts[j]
		if opt.Mode != ModeConsolidation || !opt.Feasible {
			continue
		}
		if cur == nil {
			v, w := binary.Uvarint(b)
			b = b[w:]
			cur = c.curs[v]
			v, w = binary.Uvarint(b)
			b = b[w:]
			dst = c.dests[v]
		}
		ln := lanes[len(pr.cons)]
		hi, w := binary.Uvarint(b)
		b = b[w:]
		lo, w := binary.Uvarint(b)
		b = b[w:]
		cm := &opt.Components
		pr.cons = append(pr.cons, consDraft{idx: j, ln: ln, key: batchKey{opt.ID, opt.Departure}, laneG: opt.ChargeableG,
			w: u128{hi, lo}, deliveryFreight: cm.Freight, cur: cur, dest: dst, cand: candOf(opt),
			rest: cm.Surcharges + cm.Fuel + cm.Fees})
	}
	if len(pr.cons) > 0 {
		value, w := binary.Varint(b)
		b = b[w:]
		hs, _ := binary.Varint(b)
		for j := range pr.cons {
			pr.cons[j].value, pr.cons[j].hsCount = Dec(value), hs
		}
	}
}
