package store

import (
	"context"
	"database/sql"
	"slices"

	"shipmode/logistics"
)

// The writers keep the dashboard's sums (summary_cells) current in their own
// transaction, so that the first open after a plan, an import, an override or a
// cancellation reads them back instead of summing a million decisions (issue 15).
// A writer that finds the kept cells current when it starts (their stamp is that
// of the data) changes them by what it changes and stamps them with the data it
// leaves; otherwise it leaves them stale, and the next Summary sums them again.
// Writers are one at a time on both engines (BEGIN IMMEDIATE; PostgreSQL's write
// lock), so the data a writer starts from is the data the stamp names.

// cellKey is a summary cell's key.
type cellKey struct {
	date              int64
	country, currency string
	mode, status      int64
}

// cellSums are a summary cell's sums.
type cellSums struct{ orders, spend, sla, best, nDirect, direct, spendDirect int64 }

func (s *cellSums) add(o cellSums, sign int64) {
	s.orders += sign * o.orders
	s.spend += sign * o.spend
	s.sla += sign * o.sla
	s.best += sign * o.best
	s.nDirect += sign * o.nDirect
	s.direct += sign * o.direct
	s.spendDirect += sign * o.spendDirect
}

// cellMap is summary cells by key.
type cellMap map[cellKey]cellSums

func (m cellMap) add(k cellKey, s cellSums, sign int64) {
	c := m[k]
	c.add(s, sign)
	m[k] = c
}

// list returns m's cells.
func (m cellMap) list() []summaryCell {
	cells := make([]summaryCell, 0, len(m))
	for k, s := range m {
		cells = append(cells, summaryCell{date: k.date, country: k.country, currency: k.currency, mode: k.mode, status: k.status,
			orders: s.orders, spend: s.spend, sla: s.sla, best: s.best, nDirect: s.nDirect, direct: s.direct, spendDirect: s.spendDirect})
	}
	return cells
}

// summaryTracker follows one writer's changes to the orders and decisions that
// the summary cells count.
type summaryTracker struct {
	ok       bool  // the kept cells were current when the writer started: keep them so
	noPlan   bool  // (when not ok) there was no decision then (see finishPlan)
	maxOrder int64 // the largest order id then: the orders above are new
	touched  map[int64]bool
	delta    cellMap
}

// maxTouched is how many existing orders a writer follows one by one: beyond, it
// leaves the cells stale (one Summary sums them again).
const maxTouched = 100_000

// trackSummary starts following the writer of tx: call it before the writer
// changes anything, touch before it changes an existing order, and finish (or
// finishPlan) at its end.
func (db *DB) trackSummary(ctx context.Context, tx *sql.Tx) (*summaryTracker, error) {
	t := &summaryTracker{touched: map[int64]bool{}, delta: cellMap{}}
	kept, ok, err := keptSummaryStamp(ctx, tx)
	if err != nil {
		return t, err
	}
	now, err := currentSummaryStamp(ctx, tx)
	if err != nil {
		return t, err
	}
	t.ok, t.maxOrder = ok && kept == now, now.maxOrder
	if !t.ok {
		err = tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM decisions)`).Scan(&t.noPlan)
	}
	return t, err
}

// touch takes what the existing orders with ids count in the cells off them: the
// writer is about to change them (finish adds what they count then). Orders
// created by the writer and orders touched before are left alone.
func (t *summaryTracker) touch(ctx context.Context, tx *sql.Tx, ids ...int64) error {
	if t == nil || !t.ok {
		return nil
	}
	var fresh []int64
	for _, id := range ids {
		if id <= t.maxOrder && !t.touched[id] {
			t.touched[id] = true
			fresh = append(fresh, id)
		}
	}
	if len(t.touched) > maxTouched {
		t.ok, t.touched, t.delta = false, nil, nil
		return nil
	}
	return sumOrderIDs(ctx, tx, fresh, t.delta, -1)
}

// touchFound touches the stored orders an import's chunk names, before it
// changes any of them (one statement for the chunk, not one per changed order).
func (t *summaryTracker) touchFound(ctx context.Context, tx *sql.Tx, found map[orderKey]stored) error {
	if t == nil || !t.ok {
		return nil
	}
	ids := make([]int64, 0, len(found))
	for _, s := range found {
		ids = append(ids, s.id)
	}
	return t.touch(ctx, tx, ids...)
}

// finish adds what the touched and the new orders count in the cells now, applies
// the writer's changes to the kept cells and stamps them with the data of tx.
func (t *summaryTracker) finish(ctx context.Context, tx *sql.Tx) error {
	if t == nil || !t.ok {
		return nil
	}
	ids := make([]int64, 0, len(t.touched))
	for id := range t.touched {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if err := sumOrderIDs(ctx, tx, ids, t.delta, 1); err != nil {
		return err
	}
	if err := sumOrders(ctx, tx, "o.id > ?", []any{t.maxOrder}, t.delta, 1); err != nil {
		return err
	}
	return applyAndStamp(ctx, tx, t.delta)
}

// applyAndStamp applies delta to the kept cells and stamps them with the data of tx.
func applyAndStamp(ctx context.Context, tx *sql.Tx, delta cellMap) error {
	if err := applyCells(ctx, tx, delta); err != nil {
		return err
	}
	now, err := currentSummaryStamp(ctx, tx)
	if err != nil {
		return err
	}
	return writeSummaryStamp(ctx, tx, now)
}

// orderCellsSQL sums what orders count in the summary cells: a decision of an
// order not cancelled in its cell, an open order without one in the cell of its
// date with mode -1. The orders' condition follows it.
const orderCellsSQL = `SELECT o.order_date, CASE WHEN d.order_id IS NULL THEN '' ELSE o.country END,
	CASE WHEN d.order_id IS NULL THEN -1 ELSE coalesce(d.mode, 0) END, coalesce(d.currency, ''), o.status,
	count(*), coalesce(sum(d.total), 0), coalesce(sum(d.sla_risk), 0), coalesce(sum(d.best_total), 0),
	count(d.best_direct), coalesce(sum(d.best_direct), 0), coalesce(sum(d.total) FILTER (WHERE d.best_direct IS NOT NULL), 0)
	FROM orders o LEFT JOIN decisions d ON d.order_id = o.id
	WHERE (d.order_id IS NULL AND o.status = 1 OR d.order_id IS NOT NULL AND o.status <> 3) AND `

// sumOrderIDs adds sign × what the orders with ids count in the cells to m.
func sumOrderIDs(ctx context.Context, tx *sql.Tx, ids []int64, m cellMap, sign int64) error {
	const per = 500 // ids per statement
	for len(ids) > 0 {
		n := min(per, len(ids))
		if err := sumOrders(ctx, tx, idsCond(ids[:n]), nil, m, sign); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// sumOrders adds sign × what the orders of cond (on orders o, with args) count in
// the cells to m.
func sumOrders(ctx context.Context, tx *sql.Tx, cond string, args []any, m cellMap, sign int64) error {
	return eachRow(ctx, tx, orderCellsSQL+cond+` GROUP BY 1, 2, 3, 4, 5`, args, func(r *sql.Rows) error {
		var k cellKey
		var s cellSums
		if err := r.Scan(&k.date, &k.country, &k.mode, &k.currency, &k.status,
			&s.orders, &s.spend, &s.sla, &s.best, &s.nDirect, &s.direct, &s.spendDirect); err != nil {
			return err
		}
		m.add(k, s, sign)
		return nil
	})
}

// applyCells adds delta to the kept cells; a cell left without orders goes.
func applyCells(ctx context.Context, tx *sql.Tx, delta cellMap) error {
	var gone []cellKey
	for k, s := range delta {
		switch {
		case s == (cellSums{}):
			delete(delta, k)
		case s.orders < 0:
			gone = append(gone, k)
		}
	}
	err := writeCells(ctx, tx, delta.list(), `
			ON CONFLICT (order_date, country, mode, currency, status) DO UPDATE SET
			orders = summary_cells.orders + excluded.orders, spend = summary_cells.spend + excluded.spend,
			sla = summary_cells.sla + excluded.sla, best = summary_cells.best + excluded.best,
			n_direct = summary_cells.n_direct + excluded.n_direct, direct = summary_cells.direct + excluded.direct,
			spend_direct = summary_cells.spend_direct + excluded.spend_direct`)
	if err != nil {
		return err
	}
	for _, k := range gone {
		if _, err := tx.ExecContext(ctx, `DELETE FROM summary_cells WHERE order_date = ? AND country = ? AND mode = ?
			AND currency = ? AND status = ? AND orders = 0`, k.date, k.country, k.mode, k.currency, k.status); err != nil {
			return err
		}
	}
	return nil
}

// planCells are the summary cells of a plan's decisions, summed as the planner
// hands them over (planSaver.add): a map lookup per decision, by a key packed in
// a number when it fits (it does for dates before 2149, ISO country and currency
// codes).
type planCells struct {
	packed map[uint64]*cellSums
	other  cellMap // the cells whose key does not pack
	n      int64   // decisions
}

// packCell packs a cell's key of an open order; false when it does not fit.
func packCell(date int64, country, currency string, mode int64) (uint64, bool) {
	if date < 0 || date >= 1<<16 || mode < 0 || mode >= 8 || len(country) != 2 || len(currency) != 3 {
		return 0, false
	}
	return uint64(date)<<43 | uint64(mode)<<40 | uint64(country[0])<<32 | uint64(country[1])<<24 |
		uint64(currency[0])<<16 | uint64(currency[1])<<8 | uint64(currency[2]), true
}

// unpackCell is the key packCell packed.
func unpackCell(k uint64) cellKey {
	return cellKey{date: int64(k >> 43), mode: int64(k >> 40 & 7), status: int64(logistics.Open),
		country:  string([]byte{byte(k >> 32), byte(k >> 24)}),
		currency: string([]byte{byte(k >> 16), byte(k >> 8), byte(k)})}
}

// add counts a decision with the values of its row: mode nil when unassignable,
// bestDirect and bestTotal nil without a feasible option.
func (c *planCells) add(d *logistics.Decision, mode any, sla, total int64, bestDirect, bestTotal any) {
	var m int64
	if v, ok := mode.(int64); ok {
		m = v
	}
	s := cellSums{orders: 1, spend: total, sla: sla}
	if b, ok := bestTotal.(int64); ok {
		s.best = b
	}
	if b, ok := bestDirect.(int64); ok {
		s.nDirect, s.direct, s.spendDirect = 1, b, total
	}
	c.n++
	if k, ok := packCell(int64(d.Date), d.Country, d.Currency, m); ok {
		if c.packed == nil {
			c.packed = map[uint64]*cellSums{}
		}
		p := c.packed[k]
		if p == nil {
			p = &cellSums{}
			c.packed[k] = p
		}
		p.add(s, 1)
		return
	}
	if c.other == nil {
		c.other = cellMap{}
	}
	c.other.add(cellKey{date: int64(d.Date), country: d.Country, currency: d.Currency, mode: m, status: int64(logistics.Open)}, s, 1)
}

// addTo adds the cells of c to m.
func (c *planCells) addTo(m cellMap) {
	for k, s := range c.other {
		m.add(k, s, 1)
	}
	for k, s := range c.packed {
		m.add(unpackCell(k), *s, 1)
	}
}

// firstPlan reports whether run, stored by a writer that found no kept cells, is
// the first plan of every open order (see finishPlan): no decision before it, no
// end to its period, and a decision for each order it read.
func (t *summaryTracker) firstPlan(run *PlanRun) bool {
	lo, hi := dateBounds(run.From, run.To)
	return t.noPlan && run.Orders != 0 && run.Decisions == run.Orders && lo == -1<<62 && hi == 1<<62
}

// finishPlan keeps the cells current after run has stored the decisions of cells:
// a plan decides every open order of its period (and no other), so the open
// orders' cells of the period are replaced by cells (only those that differ are
// written). It leaves them stale unless
// the plan decided exactly the open orders the cells count there: they were
// current when the writer started, no order changed since the plan read them
// (nothing dropped), and as many decisions as those cells' orders.
//
// The first plan of every open order (no decision before it: a new seller's
// first import and plan, the demo) makes the cells whole even when none were kept:
// every open order then has its decision, which cells sums, and no other order
// has one.
func (t *summaryTracker) finishPlan(ctx context.Context, tx *sql.Tx, run *PlanRun, cells *planCells) error {
	if t == nil || run.ReadAt == 0 || run.Dropped != 0 || int64(run.Decisions) != cells.n || (!t.ok && !t.firstPlan(run)) {
		return nil
	}
	if change, err := changeCounter(ctx, tx); err != nil || change != run.ReadAt {
		return err
	}
	delta := cellMap{}
	if t.ok {
		// The change: the new cells less the old (a plan again changes few of them).
		lo, hi := dateBounds(run.From, run.To)
		old, err := readCells(ctx, tx, `SELECT `+summaryCellCols+` FROM summary_cells WHERE status = 1 AND order_date BETWEEN ? AND ?`, lo, hi)
		if err != nil {
			return err
		}
		var open int64
		for _, c := range old {
			open += c.orders
			delta.add(cellKey{date: c.date, country: c.country, currency: c.currency, mode: c.mode, status: c.status},
				cellSums{c.orders, c.spend, c.sla, c.best, c.nDirect, c.direct, c.spendDirect}, -1)
		}
		if open != cells.n {
			return nil
		}
	} else if _, err := tx.ExecContext(ctx, `DELETE FROM summary_cells`); err != nil {
		return err
	}
	cells.addTo(delta)
	return applyAndStamp(ctx, tx, delta)
}
