package ui

import (
	"context"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// This file declares what the screens read and write, in the screens' own terms.
// The interfaces are small on purpose: tests implement them with fakes, and
// storeSource (source.go) implements them over the real store.

// modeFilter is the orders screen's mode choice; it maps onto store.OrderFilter.
type modeFilter uint8

const (
	modeAny           modeFilter = iota
	modeWarehouse                // chosen mode is warehouse …
	modeLocal                    //
	modeConsolidation            //
	modeDirect                   //
	modeUnassignable             // planned, no feasible option
	modeUnplanned                // no decision yet
)

// modeFilterOf is the filter for one logistics mode.
func modeFilterOf(m logistics.Mode) modeFilter {
	if m >= logistics.ModeWarehouse && m <= logistics.ModeDirect {
		return modeFilter(m)
	}
	return modeAny
}

// modeFilterOfStore reads the mode choice back from a store filter.
func modeFilterOfStore(f store.OrderFilter) modeFilter {
	switch {
	case f.Unassignable:
		return modeUnassignable
	case f.Unplanned:
		return modeUnplanned
	}
	return modeFilterOf(f.Mode)
}

// apply sets the mode fields of f.
func (m modeFilter) apply(f *store.OrderFilter) {
	f.Mode, f.Unassignable, f.Unplanned = 0, false, false
	switch {
	case m >= modeWarehouse && m <= modeDirect:
		f.Mode = logistics.Mode(m)
	case m == modeUnassignable:
		f.Unassignable = true
	case m == modeUnplanned:
		f.Unplanned = true
	}
}

// period is a closed range of order dates; NoDate at either end is open.
type period struct {
	From, To logistics.Date
}

// allTime is the open period.
var allTime = period{logistics.NoDate, logistics.NoDate}

// periodOfFilter is the period of a store filter (0 is open there too).
func periodOfFilter(f store.OrderFilter) period {
	p := period{f.From, f.To}
	if p.From == 0 {
		p.From = logistics.NoDate
	}
	if p.To == 0 {
		p.To = logistics.NoDate
	}
	return p
}

// orderSource is what the orders table reads: a count, blocks of rows by offset,
// and — for deep scrolling — the ids of every selected order and rows by id.
// *store.DB implements it.
type orderSource interface {
	CountOrders(ctx context.Context, f store.OrderFilter) (int, error)
	ListOrders(ctx context.Context, f store.OrderFilter, offset, limit int) ([]store.OrderRow, error)
	OrderIDs(ctx context.Context, f store.OrderFilter) ([]int64, error)
	OrderRows(ctx context.Context, ids []int64) ([]store.OrderRow, error)
}

// orderDetail is everything the detail panel shows of one order.
type orderDetail struct {
	Order    store.Order
	Decision *logistics.Decision // nil when the order was never planned
	Titles   map[string]string   // SKU → product title, where known
	// Invoice is the order's carrier bill: its invoice lines and their
	// reconciliation (no Lines when it has none).
	Invoice ops.OrderInvoice
}

// orderDetails reads one order for the detail panel and stores an override.
type orderDetails interface {
	OrderDetail(ctx context.Context, id int64) (orderDetail, error)
	// SetOverride overrides the order; version is the Version of the order shown
	// (another desktop's change since is refused).
	SetOverride(ctx context.Context, marketplace, ref string, mode logistics.Mode, option, reason string, version int64) (int64, error)
}

// summarizer computes the dashboard figures; *store.DB implements it.
type summarizer interface {
	Summary(ctx context.Context, from, to logistics.Date) (store.Summary, error)
}

// lookups lists the values the filters offer.
type lookups interface {
	Lookups(ctx context.Context) (countries, marketplaces []string, err error)
}
