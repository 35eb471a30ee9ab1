package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
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
// rare among these values), the values up to the next value of many orders are
// walked in the column's index alone (order id and value, no order read) and
// each decision's order is looked up in the country's ids in memory
// (countryOrders): see countryRun.
type valueChunks struct {
	key     string // d.total or d.mode
	desc    bool
	where   string // " AND …" of the filter, or ""
	few     int
	country string // of the filter, "": any
	db      *DB
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
		if semi && !big {
			// one walk up to the next value of many orders (or the last)
			k, rest, w2, more2, err2 := c.countryRun(ctx, tx, cols, args, v, w, more, bound, n-got, offset, fn)
			if err2 != nil {
				return got, offset, err2
			}
			got, offset = got+k, rest
			v, ok = w2, more2
			continue
		}
		var part, order string
		var a []any
		if big {
			// a value of many orders: along the orders by date
			// (SQLite: + keeps it from reading the value's decisions through the
			// column's index and sorting them; PostgreSQL, which then takes the value
			// for a rare one, would read every decision: its statistics tell it the
			// value is common)
			plus := "+"
			if c.db.pg {
				plus = ""
			}
			part = " FROM orders o JOIN decisions d ON d.order_id = o.id WHERE " + plus + c.key + " = ?" + c.where
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

// countryRun is list's part of the values from v (included) to w (excluded; to
// the last without more), and on past w up to the next value of many orders (or
// the last), when the filter's country is rare among them: it returns that value
// (more false: none) with the rows it read and the offset left. The decisions are
// walked in the column's index alone (order id and value, in the sort's order,
// ties by id, in growing batches), and those whose order is of the country are
// kept (countryOrders). Once the kept decisions of the values walked in full cover
// the page (or the values end), their orders are read by id and sorted, the rest
// of the filter tested on them. A country none of whose orders has one of these
// values costs one walk of the values' index entries (the team's 1M orders: 54,000
// decisions, none of DE, in 20 ms of CPU on SQLite): the rows of no order or
// decision are read.
func (c *valueChunks) countryRun(ctx context.Context, tx *sql.Tx, cols string, args []any, v, w int64, more bool,
	bound func(op string, v int64, off int) (int64, bool, error), n, offset int, fn func(*sql.Rows) error) (got, rest int, next int64, nextOK bool, err error) {
	set, err := c.db.countryOrders(ctx, tx, c.country)
	if err != nil {
		return 0, offset, w, more, err
	}
	from, past, until, dir := ">=", ">", "<", ""
	if c.desc {
		from, past, until, dir = "<=", "<", ">", " DESC"
	}
	var end string
	var endArg []any
	setEnd := func() {
		end, endArg = "", nil
		if more {
			end, endArg = " AND "+c.key+" "+until+" ?", []any{w}
		}
	}
	setEnd()
	type hit struct{ id, val int64 }
	// before: a comes before b in the walk's order
	before := func(a, b hit) bool {
		if c.desc {
			return a.val > b.val || a.val == b.val && a.id > b.id
		}
		return a.val < b.val || a.val == b.val && a.id < b.id
	}
	var (
		hits    []hit // kept, not read yet, in the walk's order
		last    hit   // the last decision walked
		started bool
		done    bool // the values are walked to their end
		tied    bool // last's ties are walked too
	)
	// (a batch of about few decisions at first: tests, whose few is 1, walk a
	// value's ties over several batches)
	batch, maxBatch := max(1, c.few/2), 32*c.few
	// SQLite tests a decision against a country of at most 10 × few orders itself
	// (the walk then reads only the country's decisions): it makes a b-tree of their
	// ids at each batch, cheaper than handing every decision to Go while they are
	// few (CZ of the team's 1M orders, 4,010 of them: 37 ms of CPU against 70 ms);
	// PostgreSQL would look each decision's order up.
	filter := ""
	if !c.db.pg && set.n <= 10*c.few {
		filter = " AND +d.order_id IN (SELECT id FROM orders WHERE country = ?)"
	}
	// walk reads the next batch of decisions: the rest of last's value (its ties
	// after last's id), then the next values; each query's as one text of ids and
	// values (idsText).
	walk := func() error {
		k := 0
		var found []hit
		read := func(cond, order string, limit int, a ...any) error {
			if filter != "" {
				cond += filter
				a = append(a, c.country)
			}
			var text []byte
			err := tx.QueryRowContext(ctx, "SELECT "+idsText(c.db.pg, "i || ' ' || v")+" FROM (SELECT d.order_id AS i, "+c.key+
				" AS v FROM decisions d WHERE "+cond+order+" LIMIT ?) x", append(a, limit)...).Scan(&text)
			if err != nil {
				return err
			}
			var h hit
			odd := false
			return eachInt(text, func(n int64) {
				if odd = !odd; odd {
					h.id = n
					return
				}
				h.val = n
				k++
				if !started || before(last, h) {
					last, started = h, true
				}
				if set.has(h.id) {
					found = append(found, h)
				}
			})
		}
		byValue := " ORDER BY " + c.key + dir + ", d.order_id" + dir
		if started {
			var err error
			if !tied {
				err = read(c.key+" = ? AND d.order_id "+past+" ?", " ORDER BY d.order_id"+dir, batch, last.val, last.id)
			}
			if err == nil && k < batch {
				err = read(c.key+" "+past+" ?"+end, byValue, batch-k, append([]any{last.val}, endArg...)...)
			}
			if err != nil {
				return err
			}
		} else if err := read(c.key+" "+from+" ?"+end, byValue, batch, append([]any{v}, endArg...)...); err != nil {
			return err
		}
		slices.SortFunc(found, func(a, b hit) int {
			if before(a, b) {
				return -1
			}
			return 1
		})
		hits = append(hits, found...)
		done, tied = k < batch, false
		batch = max(1, min(4*batch, maxBatch))
		if filter != "" {
			// (SQLite's test: the batch counts the country's decisions alone, as
			// many as the page needs)
			batch = max(1, c.few/2, n-got+offset)
		}
		return nil
	}
	// ready is how many of hits are of values walked in full
	ready := func() int {
		if done {
			return len(hits)
		}
		i := len(hits)
		for i > 0 && hits[i-1].val == last.val {
			i--
		}
		return i
	}
	size := 0 // of the next read of kept decisions' orders
	for got < n {
		for !done && ready() < n-got+offset {
			if err := walk(); err != nil {
				return got, offset, w, more, err
			}
			// past w, unless it is a value of many orders (as in list)
			if done && more {
				wBig, moreBig, err := bound(from, w, 10*c.few)
				if err != nil {
					return got, offset, w, more, err
				}
				if !moreBig || wBig != w {
					w, more = wBig, moreBig
					done, tied = false, true // (last's ties were walked to w)
					setEnd()
				}
			}
		}
		r := ready()
		if r == 0 {
			break // (done: nothing left)
		}
		// at most about size of them (all of a value's), size growing while the
		// rest of the filter (a search, a marketplace) leaves pages short: its test
		// is then made on few more orders than the page needs
		size = max(size, n-got+offset)
		if r > size {
			r = size
			for r < len(hits) && hits[r].val == hits[r-1].val {
				r++
			}
		}
		size *= 4
		ids := make([]int64, r)
		for i, h := range hits[:r] {
			ids[i] = h.id
		}
		hits = hits[r:]
		// (the decisions by their ids, then their orders: SQLite would rather read
		// every order of the country from orders_country than a hundred ids)
		part := " FROM decisions d CROSS JOIN orders o WHERE o.id = d.order_id AND d.order_id IN (" + idList(ids) + ")" + c.where
		k := 0
		err := eachRow(ctx, tx, cols+part+" ORDER BY +"+c.key+dir+", o.order_date"+dir+", o.id"+dir+" LIMIT ? OFFSET ?",
			append(slices.Clip(args), n-got, offset), func(r *sql.Rows) error {
				k++
				return fn(r)
			})
		if err != nil {
			return got, offset, w, more, err
		}
		got += k
		switch {
		case k > 0:
			offset = 0
		case offset > 0:
			// the kept orders were all before the offset (or not of the filter)
			var m int
			if err := tx.QueryRowContext(ctx, "SELECT count(*)"+part, args...).Scan(&m); err != nil {
				return got, offset, w, more, err
			}
			offset -= m
		}
	}
	return got, offset, w, more, nil
}

// idBits is a set of order ids: a bit per id up to bitIDs, a map beyond.
type idBits struct {
	bits []uint64
	over map[int64]bool
	n    int // ids added
}

// bitIDs is how many ids an idBits keeps as bits: 16 MB at most.
const bitIDs = 1 << 27

func newIDBits(maxID int64) *idBits {
	return &idBits{bits: make([]uint64, min(maxID, bitIDs)/64+1), over: map[int64]bool{}}
}

func (s *idBits) add(id int64) {
	s.n++
	if id >= 0 && id < int64(len(s.bits))*64 {
		s.bits[id>>6] |= 1 << (id & 63)
	} else {
		s.over[id] = true
	}
}

func (s *idBits) has(id int64) bool {
	if id >= 0 && id < int64(len(s.bits))*64 {
		return s.bits[id>>6]&(1<<(id&63)) != 0
	}
	return s.over[id]
}

// countryCache keeps the ids of the orders of the last few countries a sort by a
// decision's value was filtered by (countryOrders), while the orders are what they
// were (refKey: an order's country changes only by an import, which takes a row
// version). About 0.1 MB a country at a million orders.
type countryCache struct {
	mu   sync.Mutex
	key  refKey
	sets map[string]*idBits
}

// countryCacheSize is how many countries' ids countryCache keeps.
const countryCacheSize = 4

// countryOrders returns the set of the ids of country's orders as tx sees them:
// from db.countries, or read from orders_country (the index alone, on both
// engines: 95,000 ids in 30 to 60 ms at a million orders) and kept there.
func (db *DB) countryOrders(ctx context.Context, tx *sql.Tx, country string) (*idBits, error) {
	key, err := readRefKey(ctx, tx)
	if err != nil {
		return nil, err
	}
	c := &db.countries
	c.mu.Lock()
	s := c.sets[country]
	if c.key != key {
		s = nil
	}
	c.mu.Unlock()
	if s != nil {
		return s, nil
	}
	s = newIDBits(key.maxOrder)
	var text []byte
	err = tx.QueryRowContext(ctx, "SELECT "+idsText(db.pg, "id || ''")+" FROM orders WHERE country = ?", country).Scan(&text)
	if err == nil {
		err = eachInt(text, s.add)
	}
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key != key || c.sets == nil {
		c.key, c.sets = key, map[string]*idBits{}
	}
	if len(c.sets) >= countryCacheSize {
		for k := range c.sets {
			delete(c.sets, k)
			break
		}
	}
	c.sets[country] = s
	return s, nil
}

// idsText is the SQL aggregate that joins the numbers expr gives (a text) into one
// text, separated by spaces: one row read instead of a row per number, which costs
// the SQLite driver about twice the time.
func idsText(pg bool, expr string) string {
	if pg {
		return "string_agg(" + expr + ", ' ')"
	}
	return "group_concat(" + expr + ", ' ')"
}

// eachInt calls fn with each integer of b, integers separated by spaces.
func eachInt(b []byte, fn func(int64)) error {
	for len(b) > 0 {
		field := b
		if i := bytes.IndexByte(b, ' '); i >= 0 {
			field, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		n, err := strconv.ParseInt(string(field), 10, 64) // (no copy: the conversion does not escape)
		if err != nil {
			return err
		}
		fn(n)
	}
	return nil
}

// idList is ids as SQL: 1,2,3.
func idList(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}
