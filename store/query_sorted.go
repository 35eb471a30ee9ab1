package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"sync"
)

// unplannedCache keeps what unplannedIDs found, for as long as the orders and
// their decisions are what they were (unplannedKey): counting a million orders and
// decisions takes PostgreSQL 60 ms or more.
type unplannedCache struct {
	mu    sync.Mutex
	key   unplannedKey
	known bool
	ids   []int64
	ok    bool
	few   int
}

// unplannedKey tells when the orders without a decision may have changed:
// decisions are written only by a plan, which records itself in plan_runs, and
// deleted by an import or a status change, which take a row version (nextChange);
// a new order takes an id above every other; an import that deletes orders records
// itself in imports (see refKey).
type unplannedKey struct {
	refs refKey
	run  int64
}

// unplannedIDs is findUnplanned, remembered in db.unplanned while its key holds.
func (db *DB) unplannedIDs(ctx context.Context, tx *sql.Tx, few int) ([]int64, bool, error) {
	var k unplannedKey
	err := tx.QueryRowContext(ctx, `SELECT (SELECT n FROM change_counter WHERE id = 1),
		(SELECT coalesce(max(id), 0) FROM orders), (SELECT coalesce(max(id), 0) FROM imports),
		(SELECT coalesce(max(id), 0) FROM plan_runs)`).Scan(&k.refs.change, &k.refs.maxOrder, &k.refs.maxImport, &k.run)
	if err != nil {
		return nil, false, err
	}
	c := &db.unplanned
	c.mu.Lock()
	if c.known && c.key == k && c.few == few {
		ids, ok := c.ids, c.ok
		c.mu.Unlock()
		return ids, ok, nil
	}
	c.mu.Unlock()
	ids, ok, err := findUnplanned(ctx, tx, few)
	if err != nil {
		return nil, false, err
	}
	c.mu.Lock()
	c.key, c.known, c.ids, c.ok, c.few = k, true, ids, ok, few
	c.mu.Unlock()
	return ids, ok, nil
}

// findUnplanned returns the ids of the orders without a decision when they are at
// most few (ok), without walking every order as an anti-join does: every decision
// is of an existing order (SavePlan refuses one of an unknown order, a first import
// deletes any left), so their number is the orders' count less the decisions'
// (each count read from an index: SQLite counts an index's pages, not its rows).
// None: nothing to walk. A few: an anti-join from the newest order down, which
// stops at the last of them; new orders have the highest ids, so it stops soon
// after a plan and an import.
func findUnplanned(ctx context.Context, tx *sql.Tx, few int) (ids []int64, ok bool, err error) {
	var orders, decisions int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM orders`).Scan(&orders); err != nil {
		return nil, false, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM decisions`).Scan(&decisions); err != nil {
		return nil, false, err
	}
	n := orders - decisions
	if n < 0 || n > int64(few) {
		return nil, false, nil
	}
	if n == 0 {
		return nil, true, nil
	}
	err = eachRow(ctx, tx, `SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM decisions d WHERE d.order_id = o.id)
		ORDER BY o.id DESC LIMIT ?`, []any{n}, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	// (the ids in increasing order, as a probe finds them)
	for i, j := 0, len(ids)-1; i < j; i, j = i+1, j-1 {
		ids[i], ids[j] = ids[j], ids[i]
	}
	return ids, int64(len(ids)) == n, nil
}

// valueChunks is the part of a sort by a decision column (total, mode) that reads
// the orders with a value, for ListOrders: the ties of a value go by date, then
// id, which no index gives with the value, so that one query would sort every
// order of a value before its first row, a million when most orders share one
// (every unassignable order costs 0). It reads the values in chunks instead: a
// value that more than 10 × few decisions share is read along the orders by date
// (they are dense there), testing each order's decision; a run of values shared
// by fewer is read through the column's index and sorted: the first run about few
// decisions, the next ones about 10 × few (a value's orders are never split).
//
// With a country, once a run has not filled the page (the country's orders are
// rare among these values), the next runs match the decisions against the
// country's order ids (orders_country) before reading any order: PostgreSQL then
// joins the two indexes by hash, SQLite looks each decision up in the ids it has
// read once, instead of reading an order per decision.
type valueChunks struct {
	key     string // d.total or d.mode
	desc    bool
	where   string // " AND …" of the filter, or ""
	few     int
	country string // of the filter, "": any
	plus    string // "+" on SQLite
}

// list calls fn for up to n rows of the part (SELECT cols …) from the offset-th on
// and returns how many it read and the offset left for the next part.
func (c *valueChunks) list(ctx context.Context, tx *sql.Tx, cols string, args []any, n, offset int, fn func(*sql.Rows) error) (got, rest int, err error) {
	from, after, until, dir := ">=", ">", "<", ""
	if c.desc {
		from, after, until, dir = "<=", "<", ">", " DESC"
	}
	// bound is the first value (op v) in the sort's order, off values further.
	bound := func(op string, v int64, off int) (int64, bool, error) {
		query := "SELECT " + c.key + " FROM decisions d WHERE " + c.key + " IS NOT NULL"
		var a []any
		if op != "" {
			query += " AND " + c.key + " " + op + " ?"
			a = append(a, v)
		}
		query += " ORDER BY " + c.key + dir + " LIMIT 1"
		if off > 0 {
			query += " OFFSET " + strconv.Itoa(off)
		}
		var w int64
		err := tx.QueryRowContext(ctx, query, a...).Scan(&w)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, false, nil
		}
		return w, err == nil, err
	}
	v, ok, err := bound("", 0, 0)
	chunk, semi := c.few, false
	for ok && err == nil && got < n {
		// v is a value of many orders when the 10 × few-th decision from v has it too;
		// else the chunk runs to the value w chunk decisions further (excluded), or
		// past v when v has more (all of v's orders in one chunk)
		wBig, moreBig, err2 := bound(from, v, 10*c.few)
		if err2 != nil {
			return got, offset, err2
		}
		big := moreBig && wBig == v
		w, more := wBig, moreBig
		if !big && chunk != 10*c.few {
			if w, more, err = bound(from, v, chunk); err != nil {
				break
			}
		}
		if !big && more && w == v {
			if w, more, err = bound(after, v, 0); err != nil {
				break
			}
		}
		if semi && !big && more {
			// one query up to the next value of many orders (or the last): the
			// country's ids are read once
			for {
				w2, more2, err2 := bound(from, w, chunk)
				if err2 != nil {
					return got, offset, err2
				}
				if !more2 {
					more = false
					break
				}
				if w2 == w {
					break
				}
				w = w2
			}
		}
		var part, order string
		var a []any
		if big {
			// a value of many orders: along the orders by date
			part = " FROM orders o JOIN decisions d ON d.order_id = o.id WHERE +" + c.key + " = ?" + c.where
			order = " ORDER BY o.order_date" + dir + ", o.id" + dir
			a = append(a, v)
		} else {
			// the values from v to w (excluded; to the last without w): at most
			// chunk orders, through the index (CROSS JOIN: see parts)
			part = " FROM decisions d CROSS JOIN orders o WHERE o.id = d.order_id AND " + c.key + " " + from + " ?"
			a = append(a, v)
			if more {
				part += " AND " + c.key + " " + until + " ?"
				a = append(a, w)
			}
			if semi {
				// (+: else SQLite reads the decision of each of the country's ids)
				part += " AND " + c.plus + "d.order_id IN (SELECT id FROM orders WHERE country = ?)"
				a = append(a, c.country)
			}
			part += c.where
			order = " ORDER BY " + c.key + dir + ", o.order_date" + dir + ", o.id" + dir
		}
		a = append(a, args...)
		k := 0
		err = eachRow(ctx, tx, cols+part+order+" LIMIT ? OFFSET ?", append(a, n-got, offset), func(r *sql.Rows) error {
			k++
			return fn(r)
		})
		if err != nil {
			break
		}
		got += k
		switch {
		case k > 0:
			offset = 0
		case offset > 0:
			// the chunk's orders were all before the offset
			var m int
			if err = tx.QueryRowContext(ctx, "SELECT count(*)"+part, a...).Scan(&m); err != nil {
				break
			}
			offset -= m
		}
		if err != nil {
			break
		}
		if big {
			v, ok, err = bound(after, v, 0)
		} else {
			v, ok = w, more
			chunk = 10 * c.few
			semi = c.country != ""
		}
	}
	return got, offset, err
}
