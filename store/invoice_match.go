package store

import (
	"context"
	"database/sql"
	"strings"
)

// lineMatcher finds the orders of invoice lines by SPEC §8 as ImportInvoices writes
// them, so that each line is written once with its order: the tracking numbers and
// references of a chunk of lines are looked up together, each distinct key once,
// through the orders' indexes (orders_tracking, orders_key), and the rules are
// applied to the lines in Go. They are the rules of matchSQL: a line belongs to the
// one order whose tracking number is its tracking; when no order has it (or the
// line gives none), to the order whose reference is its order_ref in its
// marketplace when it names one, else to the one order with that reference. A line
// that matches no order or several says which (unmatchedNone, unmatchedSeveral).
type lineMatcher struct {
	tx                *sql.Tx
	byTracking, byRef *sql.Stmt // for matchKeys keys
	keys              []string
	args              []any
	tracking          map[string]keyOrders // of the chunk
	refs              map[string][]refOrder
}

// matchKeys is how many keys one lookup statement takes.
const matchKeys = 256

// keyOrders are the orders that have a key: the first one's id and how many.
type keyOrders struct {
	id int64
	n  int
}

type refOrder struct {
	marketplace string
	id          int64
}

// lineMatch is what the matcher found for a line: its order (0: none), and when it
// has none, why (unmatchedNone or unmatchedSeveral).
type lineMatch struct {
	orderID   int64
	unmatched int64
}

func newLineMatcher(ctx context.Context, tx *sql.Tx) (*lineMatcher, error) {
	m := &lineMatcher{tx: tx, tracking: map[string]keyOrders{}, refs: map[string][]refOrder{}}
	in := "(" + strings.TrimSuffix(strings.Repeat("?, ", matchKeys), ", ") + ")"
	var err error
	if m.byTracking, err = tx.PrepareContext(ctx, `SELECT tracking, id FROM orders WHERE tracking IN `+in); err != nil {
		return nil, err
	}
	if m.byRef, err = tx.PrepareContext(ctx, `SELECT ref, marketplace, id FROM orders WHERE ref IN `+in); err != nil {
		m.byTracking.Close()
		return nil, err
	}
	m.args = make([]any, matchKeys)
	return m, nil
}

func (m *lineMatcher) close() {
	m.byTracking.Close()
	m.byRef.Close()
}

// lookup runs stmt for keys, matchKeys at a time (the last statement repeats its
// first key), and calls fn for each row.
func (m *lineMatcher) lookup(ctx context.Context, stmt *sql.Stmt, keys []string, fn func(*sql.Rows) error) error {
	for len(keys) > 0 {
		n := min(len(keys), matchKeys)
		for i := range matchKeys {
			if i < n {
				m.args[i] = keys[i]
			} else {
				m.args[i] = keys[0]
			}
		}
		keys = keys[n:]
		rows, err := stmt.QueryContext(ctx, m.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := fn(rows); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// match finds the orders of the lines tracking[i], ref[i], market[i] and writes
// them to out[i].
func (m *lineMatcher) match(ctx context.Context, tracking, ref, market []string, out []lineMatch) error {
	clear(m.tracking)
	clear(m.refs)
	// The tracking numbers first: a line matched by one needs no reference.
	m.keys = m.keys[:0]
	for _, t := range tracking {
		if t != "" {
			if _, ok := m.tracking[t]; !ok {
				m.tracking[t] = keyOrders{}
				m.keys = append(m.keys, t)
			}
		}
	}
	var t string
	var id int64
	err := m.lookup(ctx, m.byTracking, m.keys, func(r *sql.Rows) error {
		if err := r.Scan(&t, &id); err != nil {
			return err
		}
		k := m.tracking[t]
		if k.n == 0 {
			k.id = id
		}
		k.n++
		m.tracking[t] = k
		return nil
	})
	if err != nil {
		return err
	}
	m.keys = m.keys[:0]
	for i, r := range ref {
		if r == "" || m.tracking[tracking[i]].n > 0 {
			continue
		}
		if _, ok := m.refs[r]; !ok {
			m.refs[r] = nil
			m.keys = append(m.keys, r)
		}
	}
	var mk string
	err = m.lookup(ctx, m.byRef, m.keys, func(r *sql.Rows) error {
		if err := r.Scan(&t, &mk, &id); err != nil {
			return err
		}
		m.refs[t] = append(m.refs[t], refOrder{strings.Clone(mk), id})
		return nil
	})
	if err != nil {
		return err
	}
	for i := range out {
		out[i] = m.one(tracking[i], ref[i], market[i])
	}
	return nil
}

// one applies the rules to a line whose keys were looked up.
func (m *lineMatcher) one(tracking, ref, market string) lineMatch {
	var byTracking keyOrders
	if tracking != "" {
		byTracking = m.tracking[tracking]
	}
	switch {
	case byTracking.n == 1:
		return lineMatch{orderID: byTracking.id}
	case byTracking.n > 1:
		return lineMatch{unmatched: unmatchedSeveral}
	case ref == "":
		return lineMatch{unmatched: unmatchedNone}
	}
	orders := m.refs[ref]
	if market != "" {
		for _, o := range orders {
			if o.marketplace == market { // (ref, marketplace) is unique
				return lineMatch{orderID: o.id}
			}
		}
		return lineMatch{unmatched: unmatchedNone}
	}
	switch len(orders) {
	case 0:
		return lineMatch{unmatched: unmatchedNone}
	case 1:
		return lineMatch{orderID: orders[0].id}
	}
	return lineMatch{unmatched: unmatchedSeveral}
}
