package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"shipmode/logistics"
)

// OrderFilter selects and sorts orders for CountOrders, ListOrders and OrderIDs. The
// zero value selects every order, by date then reference.
type OrderFilter struct {
	From, To         logistics.Date   // order date, inclusive; 0 or NoDate: open
	Country          string           // destination ISO code; "": any
	Marketplace      string           // "": any
	Mode             logistics.Mode   // mode of the latest decision; 0: any
	Status           logistics.Status // 0: any
	SLARisk          bool             // only orders whose decision is at SLA risk
	Unassignable     bool             // only planned orders without a feasible option
	Unplanned        bool             // only orders without a decision
	Planned          bool             // only orders with a decision (what a report lists)
	NeedsProductData bool             // only orders with a SKU missing from the products
	// Search matches text anywhere in the order's reference or in a SKU of its
	// lines, ASCII letters in any case (spaces around it dropped).
	Search string
	Sort   OrderSort // 0: SortDate
	Desc   bool      // descending
}

// OrderSort is the column orders are sorted by; ties go by date, then id (by
// marketplace, then id, for the reference).
type OrderSort uint8

// Sort columns.
const (
	SortDate OrderSort = iota + 1
	SortID
	SortMarketplace
	SortRef
	SortCountry
	SortStatus
	SortMode
	SortTotal
	SortSLARisk
)

// expr is the SQL of the sort column; "" for the default (date).
func (s OrderSort) expr() string {
	switch s {
	case SortID:
		return "o.id"
	case SortMarketplace:
		return "o.marketplace"
	case SortRef:
		return "o.ref"
	case SortCountry:
		return "o.country"
	case SortStatus:
		return "o.status"
	case SortMode:
		return "d.mode"
	case SortTotal:
		return "d.total"
	case SortSLARisk:
		return "d.sla_risk"
	}
	return ""
}

// OrderRow is one row of the orders table: an order with its latest decision.
type OrderRow struct {
	ID               int64
	Date             logistics.Date
	Marketplace      string
	Ref              string
	Country          string
	Status           logistics.Status
	Planned          bool           // it has a decision
	Mode             logistics.Mode // chosen mode; 0 when not planned or unassignable
	Option           string
	Total            int64  // base-currency minor units
	Currency         string // of Total
	SLARisk          bool
	NeedsProductData bool
	Overridden       bool // the user fixed its mode
}

// orderQuery is the FROM and WHERE of a filter, with its arguments and whether it
// needs the decisions table.
type orderQuery struct {
	where     []string
	args      []any
	decisions bool
	few       bool // a condition is a list of ids (see probe)
	fewN      int  // how many ids a probe may find
	// unplanned are the ids of the orders without a decision when known
	// (unplannedIDs): few of them, or none.
	unplanned      []int64
	unplannedKnown bool
	country        string // the filter's country, "": any
	pg             bool
	db             *DB
	// byPeriod: (SQLite) a mode's orders sorted by shipping cost within a period
	// of at most periodOrders orders are read along the period's dates and sorted
	// at once, as few orders are (see periodDriven).
	byPeriod bool
}

// periodOrders is how many orders a period may hold for a mode's orders within it
// to be read by date and sorted (periodDriven): a mode whose orders lie deep in
// the totals' order (consolidation, the cheapest, after 65,000 unassignable
// orders at 0) made the walk of decisions_total test most of the period's
// orders value by value — 323 / 335 ms median / p95 for a month's 17,529
// consolidation orders among 72,336 at 1M; read by date and sorted, 40 ms of
// SQLite's CPU.
const periodOrders = 100_000

// defaultFewOrders is how many orders a condition may select at most to be read through
// its index (a probe): the ids then stand for the condition, and the selected
// orders are sorted at once, whatever the sort. A condition that selects more is
// tested row by row while walking the sort order, where its orders are dense
// enough for the first page to come at once.
//
// PostgreSQL plans a long list of ids slowly (70 ms for 9,000) and then reads them
// by a bitmap of the whole table rather than one by one; 2,000 costs it little
// (team.sh at 1M: "mode consolidation, one month", 1,156 orders, 38 / 46 ms median
// / p95 probed against 277 / 616 ms walking the month with 1,000), and nothing
// else measured slower.
const defaultFewOrders = 2000

// few is how many orders a condition may select to be read through its index.
func (db *DB) few() int {
	if db.fewOrders != 0 {
		return db.fewOrders
	}
	return defaultFewOrders
}

// probe runs query (one column of order ids, at most few + 1 rows asked for with
// LIMIT) and returns the distinct ids it found, or ok false when it found more than
// few rows.
func probe(ctx context.Context, tx *sql.Tx, few int, query string, args ...any) (ids []int64, ok bool, err error) {
	seen := map[int64]bool{}
	rows := 0
	err = eachRow(ctx, tx, query+" LIMIT "+strconv.Itoa(few+1), args, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		rows++
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
		return nil
	})
	return ids, err == nil && rows <= few, err
}

// probeSKUDays is probe over the packs of sku_days that query reads: the ids of
// the orders they list, each once; ok when they are at most few.
func probeSKUDays(ctx context.Context, tx *sql.Tx, few int, query string) (ids []int64, ok bool, err error) {
	seen := map[int64]bool{}
	errFull := errors.New("more than few")
	err = eachRow(ctx, tx, query, nil, func(r *sql.Rows) error {
		var pack []byte
		if err := r.Scan(&pack); err != nil {
			return err
		}
		if err := eachEntry(pack, func(e dayEntry) {
			if !seen[e.order] {
				seen[e.order] = true
				ids = append(ids, e.order)
			}
		}); err != nil {
			return err
		}
		if len(ids) > few {
			return errFull
		}
		return nil
	})
	if errors.Is(err, errFull) {
		return ids, false, nil
	}
	return ids, err == nil, err
}

// idsCond is the condition that selects the orders with ids (none: no order).
func idsCond(ids []int64) string {
	if len(ids) == 0 {
		return "1 = 0"
	}
	return "o.id IN (" + idList(ids) + ")"
}

// hasASCIILetter reports whether s has a letter that LIKE folds.
func hasASCIILetter(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }) >= 0
}

// likePattern is the LIKE pattern that matches every text containing s.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// query builds the WHERE clause of f. Rare conditions and a search are resolved to
// order ids in tx (see probe).
func (f *OrderFilter) query(ctx context.Context, tx *sql.Tx, db *DB) (orderQuery, error) {
	pg, few := db.pg, db.few()
	q := orderQuery{fewN: few, pg: pg, db: db}
	add := func(cond string, args ...any) {
		q.where = append(q.where, cond)
		q.args = append(q.args, args...)
	}
	// addProbed adds cond, or the ids of the orders that probeSQL finds when they
	// are few.
	addProbed := func(cond string, probeSQL string, args ...any) error {
		ids, ok, err := probe(ctx, tx, few, probeSQL, args...)
		if err != nil {
			return err
		}
		if ok {
			add(idsCond(ids))
			q.few = true
		} else {
			add(cond, args...)
		}
		return nil
	}
	if f.From != 0 && f.From != logistics.NoDate {
		add("o.order_date >= ?", int64(f.From))
	}
	if f.To != 0 && f.To != logistics.NoDate {
		add("o.order_date <= ?", int64(f.To))
	}
	if f.Country != "" {
		// orders_country (migration 10) gives a country's orders by date: for another
		// sort (but by a decision's value, whose orders are read through decisions or
		// by date), both engines would read them all from it and sort them rather than
		// walk the sort's own index, where a country's orders are dense.
		switch f.Sort {
		case 0, SortDate, SortMode, SortTotal, SortSLARisk:
			add("o.country = ?", f.Country)
		default:
			add("o.country || '' = ?", f.Country)
		}
		q.country = f.Country
	}
	if f.Marketplace != "" {
		add("o.marketplace = ?", f.Marketplace)
	}
	if f.Status != 0 {
		add("o.status = ?", int64(f.Status))
	}
	if f.NeedsProductData {
		// (each engine's partial index has its own condition)
		partial := "needs_product_data"
		if pg {
			partial = "needs_product_data <> 0"
		}
		if err := addProbed("o.needs_product_data <> 0", "SELECT id FROM orders WHERE "+partial); err != nil {
			return q, err
		}
	}
	// The unary + keeps SQLite from answering these through a decisions index and
	// then sorting every match: walking orders by date and looking up each decision
	// finds the first rows of a page at once. A rare mode or risk is read from its
	// index instead (migration 8).
	if f.Mode != 0 {
		if err := addProbed("+d.mode = ?", "SELECT order_id FROM decisions WHERE mode = ?", int64(f.Mode)); err != nil {
			return q, err
		}
		q.decisions = true
	}
	if f.SLARisk {
		if err := addProbed("+d.sla_risk = 1", "SELECT order_id FROM decisions WHERE sla_risk <> 0"); err != nil {
			return q, err
		}
		q.decisions = true
	}
	if f.Unassignable {
		if err := addProbed("d.order_id IS NOT NULL AND +d.mode IS NULL", "SELECT order_id FROM decisions WHERE mode IS NULL"); err != nil {
			return q, err
		}
		q.decisions = true
	}
	if f.Planned {
		add("d.order_id IS NOT NULL")
		q.decisions = true
	}
	if f.Unplanned || (!f.Planned && !f.Unassignable && !f.SLARisk && f.Mode == 0 &&
		(f.Sort == SortTotal || f.Sort == SortSLARisk)) {
		// (the orders without a decision are a part of a sort by total or risk)
		ids, ok, err := db.unplannedIDs(ctx, tx, few)
		if err != nil {
			return q, err
		}
		q.unplanned, q.unplannedKnown = ids, ok
	}
	if f.Unplanned {
		if q.unplannedKnown {
			add(idsCond(q.unplanned))
			q.few = true
		} else {
			add("d.order_id IS NULL")
		}
		q.decisions = true
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		if err := f.search(ctx, tx, db, few, s, &q); err != nil {
			return q, err
		}
	}
	if f.Sort == SortMode || f.Sort == SortTotal || f.Sort == SortSLARisk {
		q.decisions = true
	}
	if err := f.periodDriven(ctx, tx, &q); err != nil {
		return q, err
	}
	return q, nil
}

// periodDriven sets q.byPeriod when f is a mode's orders sorted by shipping cost
// within a period of at most periodOrders orders, on SQLite (PostgreSQL's planner
// weighs the period's rows itself).
func (f *OrderFilter) periodDriven(ctx context.Context, tx *sql.Tx, q *orderQuery) error {
	lo, hi := f.From, f.To
	if q.pg || q.few || f.Mode == 0 || f.Sort != SortTotal {
		return nil
	}
	if lo == 0 || lo == logistics.NoDate {
		lo = math.MinInt32
	}
	if hi == 0 || hi == logistics.NoDate {
		if lo == math.MinInt32 {
			return nil // no period
		}
		hi = math.MaxInt32
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM orders WHERE order_date BETWEEN ? AND ? LIMIT ?)`,
		int64(lo), int64(hi), periodOrders+1).Scan(&n)
	q.byPeriod = err == nil && n <= periodOrders
	return err
}

// search adds the condition of a search for s: its text anywhere in the order's
// reference or in one of its lines' SKUs, in any case (of ASCII letters, as both
// engines fold them: SQLite's LIKE, PostgreSQL's ILIKE on columns of the C
// collation).
//
// The references that contain s are found in memory (refIndex, which on SQLite
// the search waited for: awaitRefs; when it is not ready, by reading every
// reference from the database). The orders of the
// SKUs that contain s (the skus table is small) are probed through sku_days.
// When both are few, the search is their ids; else the references and the lines
// of the orders are tested row by row along the sort, where such orders are dense.
func (f *OrderFilter) search(ctx context.Context, tx *sql.Tx, db *DB, few int, s string, q *orderQuery) error {
	pg := db.pg
	like := "LIKE"
	if pg {
		like = "ILIKE"
	}
	pat := likePattern(s)
	refCond, refArg := "o.ref "+like+` ? ESCAPE '\'`, pat
	if !hasASCIILetter(s) {
		// the same orders, sooner
		refCond, refArg = "instr(o.ref, ?) > 0", s
		if pg {
			refCond = "strpos(o.ref, ?) > 0"
		}
	}
	refIDs, refFew, ready, err := db.refs.find(ctx, tx, s, few)
	if err == nil && !ready {
		// from the database this time; then into memory for the next searches
		cond := strings.ReplaceAll(refCond, "o.ref", "ref")
		refIDs, refFew, err = probe(ctx, tx, few, "SELECT id FROM orders WHERE "+cond, refArg)
		db.refs.startRead(db)
	}
	if err != nil {
		return err
	}
	var skus []int64
	err = eachRow(ctx, tx, "SELECT id FROM skus WHERE sku "+like+` ? ESCAPE '\' ORDER BY id`, []any{pat}, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		skus = append(skus, id)
		return err
	})
	if err != nil {
		return err
	}
	var skuIDs []int64
	skuFew := true
	if len(skus) > 0 {
		list := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(skus)), ","), "[]")
		if skuIDs, skuFew, err = probeSKUDays(ctx, tx, few, "SELECT orders FROM sku_days WHERE sku_id IN ("+list+")"); err != nil {
			return err
		}
	}
	if refFew && skuFew {
		q.where = append(q.where, idsCond(append(refIDs, skuIDs...)))
		q.few = true
		return nil
	}
	var conds []string
	if refFew {
		conds = append(conds, idsCond(refIDs))
	} else {
		conds = append(conds, refCond)
		q.args = append(q.args, refArg)
	}
	if skuFew {
		if len(skuIDs) > 0 {
			conds = append(conds, idsCond(skuIDs))
		}
	} else {
		contains := "instr"
		if pg {
			contains = "strpos"
		}
		for _, id := range skus {
			conds = append(conds, contains+"(o.lines, ';"+strconv.FormatInt(id, 10)+" ') > 0")
		}
	}
	q.where = append(q.where, "("+strings.Join(conds, " OR ")+")")
	return nil
}

func (q *orderQuery) from(withDecisions bool) string {
	s := " FROM orders o"
	if q.decisions || withDecisions {
		s += " LEFT JOIN decisions d ON d.order_id = o.id"
	}
	if len(q.where) > 0 {
		s += " WHERE " + strings.Join(q.where, " AND ")
	}
	return s
}

// orderBy is the ORDER BY clause of f when its sort is not by a decision column
// (see parts). With few, a condition is a few ids (see probe): the first key is
// then an expression that no index gives the order of, so that both engines read
// the few orders and sort them rather than walk an index in the sort's order
// looking for them.
func (f *OrderFilter) orderBy(few bool) string {
	dir := ""
	if f.Desc {
		dir = " DESC"
	}
	var keys []string
	if e := f.Sort.expr(); e != "" {
		keys = append(keys, e+dir)
	}
	if f.Sort == SortRef {
		// (ref, marketplace) is the orders_key index's order
		keys = append(keys, "o.marketplace"+dir, "o.id"+dir)
	} else {
		// (order_date, id) is the orders_date index's own order: the first rows of
		// a million come without a sort
		keys = append(keys, "o.order_date"+dir, "o.id"+dir)
		if f.Sort == SortID {
			keys = keys[:1]
		}
	}
	if few {
		keys[0] = unindexed(keys[0])
	}
	return " ORDER BY " + strings.Join(keys, ", ")
}

// unindexed is a sort key whose values are those of key, a column, but which no
// index gives the order of: on both engines, +number and text || ”.
func unindexed(key string) string {
	switch {
	case strings.HasPrefix(key, "o.marketplace"), strings.HasPrefix(key, "o.ref"), strings.HasPrefix(key, "o.country"):
		col, dir, _ := strings.Cut(key, " ")
		return "(" + col + " || '') " + dir
	}
	return "+" + key
}

// queryPart is a FROM … WHERE … ORDER BY of a query, whose rows come in order after
// those of the parts before it.
type queryPart struct {
	from, orderBy string
	chunks        *valueChunks // when set, ListOrders reads the part with it
}

// parts are the queries that read the orders f selects, in f's order, one after
// the other. A sort by a decision column is two: the orders where it has a value
// (planned; for the mode, assigned), read from decisions in the order of the
// column's index (migration 8), ties by date then id; and the others, by date
// then id: first going up, last going down, on both engines. A part that f leaves
// empty is left out. Any other sort is one part.
func (f *OrderFilter) parts(q *orderQuery) []queryPart {
	key := f.Sort.expr()
	if !strings.HasPrefix(key, "d.") {
		return []queryPart{{from: q.from(true), orderBy: f.orderBy(q.few)}}
	}
	dir := ""
	if f.Desc {
		dir = " DESC"
	}
	where := ""
	if len(q.where) > 0 {
		where = " AND " + strings.Join(q.where, " AND ")
	}
	byDate := ", o.order_date" + dir + ", o.id" + dir
	// SQLite, which knows nothing of how many orders a condition selects, would
	// sort every order a condition on orders selects rather than walk the column's
	// index: CROSS JOIN makes it walk, unless a condition is a few ids.
	join := " CROSS JOIN orders o WHERE o.id = d.order_id AND "
	if q.few || q.byPeriod {
		join = " JOIN orders o ON o.id = d.order_id WHERE "
	}
	first := key + dir
	if q.few || q.byPeriod {
		first = unindexed(first)
	}
	valued := queryPart{from: " FROM decisions d" + join + key + " IS NOT NULL" + where,
		orderBy: " ORDER BY " + first + byDate}
	// (total and sla_risk are NULL only without a decision: saying so lets
	// PostgreSQL walk the orders and look their decisions up, as for Unplanned,
	// rather than join them all)
	nullKey := "d.order_id"
	if f.Sort == SortMode {
		nullKey = key
	}
	nullOrder := " ORDER BY" + byDate[1:]
	if q.few {
		nullOrder = " ORDER BY " + unindexed("o.order_date"+dir) + ", o.id" + dir
	}
	nullWhere := where
	if q.unplannedKnown && f.Sort != SortMode {
		// the orders without a decision are a few ids (or none: see below)
		nullWhere += " AND " + idsCond(q.unplanned)
		nullOrder = " ORDER BY " + unindexed("o.order_date"+dir) + ", o.id" + dir
	}
	null := queryPart{from: " FROM orders o LEFT JOIN decisions d ON d.order_id = o.id WHERE " + nullKey + " IS NULL" + nullWhere,
		orderBy: nullOrder}
	if !q.few && !q.byPeriod && (f.Sort == SortTotal || f.Sort == SortMode) {
		valued.chunks = &valueChunks{key: key, desc: f.Desc, where: where, few: q.fewN, country: q.country, db: q.db}
	}
	// a mode filter selects orders with a mode; the others, planned orders
	noNull := f.Mode != 0 || (f.Sort != SortMode && (f.SLARisk || f.Unassignable || f.Planned ||
		(q.unplannedKnown && len(q.unplanned) == 0)))
	noValued := f.Unplanned || (f.Sort == SortMode && f.Unassignable)
	var ps []queryPart
	if !noNull {
		ps = append(ps, null)
	}
	if !noValued {
		ps = append(ps, valued)
	}
	if f.Desc {
		slices.Reverse(ps)
	}
	return ps
}

// CountOrders counts the orders f selects.
func (db *DB) CountOrders(ctx context.Context, f OrderFilter) (int, error) {
	var n int
	if err := db.awaitRefs(ctx, f); err != nil {
		return 0, fmt.Errorf("count orders: %w", err)
	}
	err := db.read(ctx, "count orders", func(tx *sql.Tx) error {
		q, err := f.query(ctx, tx, db)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT count(*)"+q.from(false), q.args...).Scan(&n)
	})
	return n, err
}

const orderRowCols = `SELECT o.id, o.order_date, o.marketplace, o.ref, o.country, o.status, d.order_id IS NOT NULL,
	coalesce(d.mode, 0), coalesce(d.option_id, ''), coalesce(d.total, 0), coalesce(d.currency, ''),
	coalesce(d.sla_risk, 0), o.needs_product_data, o.override_mode IS NOT NULL`

func scanOrderRow(r *sql.Rows, intern *interner) (OrderRow, error) {
	var o OrderRow
	var date, status, mode int64
	var market, country, option, currency sql.RawBytes
	err := r.Scan(&o.ID, &date, &market, &o.Ref, &country, &status, &o.Planned, &mode, &option, &o.Total,
		&currency, &o.SLARisk, &o.NeedsProductData, &o.Overridden)
	o.Date, o.Status, o.Mode = logistics.Date(date), logistics.Status(status), logistics.Mode(mode)
	o.Marketplace, o.Country, o.Option, o.Currency = intern.get(market), intern.get(country), intern.get(option), intern.get(currency)
	return o, err
}

// ListOrders returns limit orders that f selects, from the offset-th on. A deep
// offset costs a scan up to it; to page through many orders, read their ids once
// with OrderIDs and fetch blocks with OrderRows.
func (db *DB) ListOrders(ctx context.Context, f OrderFilter, offset, limit int) ([]OrderRow, error) {
	var rows []OrderRow
	if err := db.awaitRefs(ctx, f); err != nil {
		return nil, fmt.Errorf("list orders: %w", err)
	}
	err := db.read(ctx, "list orders", func(tx *sql.Tx) error {
		q, err := f.query(ctx, tx, db)
		if err != nil {
			return err
		}
		var intern interner
		ps := f.parts(&q)
		for i, p := range ps {
			n := limit - len(rows)
			if n <= 0 {
				break
			}
			got := 0
			add := func(r *sql.Rows) error {
				o, err := scanOrderRow(r, &intern)
				rows = append(rows, o)
				got++
				return err
			}
			if p.chunks != nil {
				var err error
				if _, offset, err = p.chunks.list(ctx, tx, orderRowCols, q.args, n, offset, add); err != nil {
					return err
				}
				continue
			}
			err := eachRow(ctx, tx, orderRowCols+p.from+p.orderBy+" LIMIT ? OFFSET ?",
				append(slices.Clip(q.args), n, offset), add)
			if err != nil || got == n || i == len(ps)-1 {
				return err
			}
			// The part ended: the next one starts at the offset past its orders.
			partLen := offset + got
			if got == 0 && offset > 0 {
				if err := tx.QueryRowContext(ctx, "SELECT count(*)"+p.from, q.args...).Scan(&partLen); err != nil {
					return err
				}
			}
			offset = max(0, offset-partLen)
		}
		return nil
	})
	return rows, err
}

// OrderIDs returns the ids of every order f selects, in its order: 8 bytes per order,
// for a table that scrolls through a million orders with OrderRows.
func (db *DB) OrderIDs(ctx context.Context, f OrderFilter) ([]int64, error) {
	var ids []int64
	if err := db.awaitRefs(ctx, f); err != nil {
		return nil, fmt.Errorf("list order ids: %w", err)
	}
	err := db.read(ctx, "list order ids", func(tx *sql.Tx) error {
		q, err := f.query(ctx, tx, db)
		if err != nil {
			return err
		}
		for _, p := range f.parts(&q) {
			err := eachRow(ctx, tx, "SELECT o.id"+p.from+p.orderBy, q.args, func(r *sql.Rows) error {
				var id int64
				err := r.Scan(&id)
				ids = append(ids, id)
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return ids, err
}

// OrderRows returns the rows of the orders with ids, in the order of ids; an unknown
// id is left out. A block of a few hundred ids takes about a millisecond.
func (db *DB) OrderRows(ctx context.Context, ids []int64) ([]OrderRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var list strings.Builder
	for i, id := range ids {
		if i > 0 {
			list.WriteByte(',')
		}
		list.WriteString(strconv.FormatInt(id, 10))
	}
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	got := make([]OrderRow, len(ids))
	found := make([]bool, len(ids))
	err := db.read(ctx, "read order rows", func(tx *sql.Tx) error {
		var intern interner
		return eachRow(ctx, tx, orderRowCols+" FROM orders o LEFT JOIN decisions d ON d.order_id = o.id WHERE o.id IN ("+
			list.String()+")", nil, func(r *sql.Rows) error {
			o, err := scanOrderRow(r, &intern)
			if err != nil {
				return err
			}
			i := pos[o.ID]
			got[i], found[i] = o, true
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	rows := got[:0]
	for i := range got {
		if found[i] {
			rows = append(rows, got[i])
		}
	}
	return rows, nil
}

// ModeStat is a count of orders and their spend (base-currency minor units).
type ModeStat struct {
	Orders int
	Spend  int64
}

// Summary aggregates the decisions of a period for the dashboard. ByMode arrays are
// indexed by logistics.Mode; index 0 holds the unassignable orders (no spend).
type Summary struct {
	Currency  string // of every amount; "" when nothing is planned
	Orders    int    // orders of the period with a decision (open and shipped)
	Unplanned int    // open orders of the period without a decision
	Spend     int64  // Σ chosen totals
	// DirectBaseline is what the assigned orders would cost by direct mail alone
	// (SPEC §6, logistics.DirectBaseline); Savings is DirectBaseline − their spend.
	// NoDirect counts the assigned orders no direct-mail option could take: they
	// count at their planned cost and save 0 (logistics.AgainstDirectMail).
	DirectBaseline int64
	Savings        int64
	NoDirect       int
	BestTotal      int64 // Σ cheapest feasible totals ignoring the promise
	SLARisks       int
	Unassignable   int
	ByMode         [5]ModeStat
	ByMonth        []MonthStat   // by month, oldest first
	ByCountry      []CountryStat // by spend, largest first
}

// MonthStat is the orders and spend of a calendar month by mode.
type MonthStat struct {
	Year   int
	Month  time.Month
	ByMode [5]ModeStat
}

// CountryStat is the orders and spend of a destination by mode.
type CountryStat struct {
	Country string
	Orders  int
	Spend   int64
	ByMode  [5]ModeStat
}

// KeepSummary sums the dashboard's cells now, when none are current, and keeps
// them, so that the next Summary reads them instead of summing every decision:
// for an operation that changed everything at once and knows a dashboard will
// follow (the demo).
func (db *DB) KeepSummary(ctx context.Context) error {
	var (
		cells []summaryCell
		stamp summaryStamp
		fresh bool
	)
	err := db.read(ctx, "sum the dashboard's cells", func(tx *sql.Tx) (err error) {
		cells, stamp, fresh, err = db.summaryCells(ctx, tx)
		return err
	})
	if err == nil && fresh {
		db.keepSummaryCells(ctx, cells, stamp)
	}
	return err
}

// Summary aggregates the decisions of orders dated from..to (inclusive; 0 or NoDate
// leaves an end open). It fails with ErrMixedCurrency when they are in more than one
// base currency.
func (db *DB) Summary(ctx context.Context, from, to logistics.Date) (Summary, error) {
	var s Summary
	lo, hi := dateBounds(from, to)
	var (
		cells []summaryCell
		stamp summaryStamp
		fresh bool
	)
	err := db.read(ctx, "summarise decisions", func(tx *sql.Tx) error {
		months := map[[2]int]*MonthStat{}
		countries := map[string]*CountryStat{}
		var err error
		if cells, stamp, fresh, err = db.summaryCells(ctx, tx); err != nil {
			return err
		}
		s.Unplanned, err = eachCell(cells, lo, hi, func(date int64, country string, mode int64, currency string, orders, spend, sla, best, nDirect, direct, spendDirect int64) error {
			if s.Currency != "" && currency != s.Currency {
				return fmt.Errorf("%w: %s and %s", ErrMixedCurrency, s.Currency, currency)
			}
			s.Currency = currency
			if mode < 0 || mode > int64(logistics.ModeDirect) {
				return fmt.Errorf("decision with mode %d", mode)
			}
			s.Orders += int(orders)
			s.Spend += spend
			s.SLARisks += int(sla)
			s.BestTotal += best
			if mode == 0 {
				s.Unassignable += int(orders)
			} else {
				// the orders with a direct option, then those without one
				base, saving := logistics.AgainstDirectMail(direct, true, spendDirect)
				fallback, none := logistics.AgainstDirectMail(0, false, spend-spendDirect)
				s.NoDirect += int(orders - nDirect)
				s.DirectBaseline += base + fallback
				s.Savings += saving + none
			}
			s.ByMode[mode].Orders += int(orders)
			s.ByMode[mode].Spend += spend
			y, m, _ := logistics.Date(date).Time().Date()
			ms := months[[2]int{y, int(m)}]
			if ms == nil {
				ms = &MonthStat{Year: y, Month: m}
				months[[2]int{y, int(m)}] = ms
			}
			ms.ByMode[mode].Orders += int(orders)
			ms.ByMode[mode].Spend += spend
			cs := countries[country]
			if cs == nil {
				cs = &CountryStat{Country: country}
				countries[country] = cs
			}
			cs.Orders += int(orders)
			cs.Spend += spend
			cs.ByMode[mode].Orders += int(orders)
			cs.ByMode[mode].Spend += spend
			return nil
		})
		if err != nil {
			return err
		}
		for _, m := range months {
			s.ByMonth = append(s.ByMonth, *m)
		}
		sort.Slice(s.ByMonth, func(i, j int) bool {
			a, b := s.ByMonth[i], s.ByMonth[j]
			return a.Year < b.Year || a.Year == b.Year && a.Month < b.Month
		})
		for _, c := range countries {
			s.ByCountry = append(s.ByCountry, *c)
		}
		sort.Slice(s.ByCountry, func(i, j int) bool {
			a, b := s.ByCountry[i], s.ByCountry[j]
			return a.Spend > b.Spend || a.Spend == b.Spend && a.Country < b.Country
		})
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	if fresh {
		db.keepSummaryCells(ctx, cells, stamp)
	}
	return s, nil
}

// Cost is an optional total in base-currency minor units: Feasible is false when
// there was no feasible option.
type Cost struct {
	Minor    int64
	Feasible bool
}

// ReportRow is one planned order with everything the accountant's workbook shows.
type ReportRow struct {
	OrderID        int64
	Date           logistics.Date
	Marketplace    string
	Ref            string
	Country        string
	OrderCurrency  string // of the order's prices
	Units          int64
	Status         logistics.Status
	RunID          int64          // the plan run that made the decision
	RateBookID     int64          // the rate-book version that run priced with; 0: not recorded
	Mode           logistics.Mode // 0: unassignable
	Option         string
	TransitDays    int
	ChargeableG    int64
	Components     logistics.Components
	Total          int64
	Currency       string  // of every amount
	ByMode         [5]Cost // cheapest feasible total per mode, by logistics.Mode, ignoring the promise
	Best           Cost    // cheapest feasible total ignoring the promise
	DirectBaseline Cost    // logistics.DirectBaseline: the order by direct mail alone (SPEC §6)
	SLARisk        bool
	Reason         string
	OverrideReason string // "" when not overridden
	// What an auditor needs to price the order again: its postal code, goods value
	// (Σ quantity × unit price in OrderCurrency; GoodsValueOK false when it does not
	// fit), the promise the choice kept to (0: none), and of the chosen option its
	// reason ("FDX-IP zone EU", a warehouse's delivery service and zone, a batch)
	// and its departure (consolidation).
	PostalCode   string
	GoodsValue   logistics.Dec
	GoodsValueOK bool
	Promise      int
	ChosenReason *logistics.Sentence
	Departure    logistics.Date
	// The order's lines and its own parcel (nil: none), to measure and price it
	// again (logistics.Engine.PriceChosen). Lines and Parcel are valid only while
	// fn runs: the next row reuses their memory.
	Lines  []logistics.Line
	Parcel *logistics.Parcel
}

// goodsValue is Σ quantity × unit price of lines; false when a product or the
// sum does not fit.
func goodsValue(lines []logistics.Line) (logistics.Dec, bool) {
	var sum int64
	for _, l := range lines {
		if l.Qty < 0 || l.UnitPrice < 0 {
			return 0, false
		}
		hi, lo := bits.Mul64(uint64(l.Qty), uint64(l.UnitPrice))
		if hi != 0 || lo > math.MaxInt64 || sum > math.MaxInt64-int64(lo) {
			return 0, false
		}
		sum += int64(lo)
	}
	return logistics.Dec(sum), true
}

// EachReportRow calls fn for every order dated from..to (inclusive; 0 or NoDate leaves
// an end open) that is not cancelled and has a decision (ReportBasis.Reported of
// them), by date then id, streaming: memory does not grow with the number of
// orders. An error from fn stops it and is returned.
func (db *DB) EachReportRow(ctx context.Context, from, to logistics.Date, fn func(ReportRow) error) error {
	lo, hi := dateBounds(from, to)
	return db.read(ctx, "read report rows", func(tx *sql.Tx) error {
		// the texts, runs and SKU names once, then each row decoded as the report's
		// parallel reader decodes it, in one query over the period
		rr := &reportRead{}
		if err := rr.readShared(ctx, tx); err != nil {
			return err
		}
		d := newReportRowDecoder(rr)
		var row ReportRow
		return eachRow(ctx, tx, reportRowsQuery, []any{lo, hi, int64(math.MinInt64), int64(math.MaxInt64)}, func(r *sql.Rows) error {
			if err := d.decode(r, &row); err != nil {
				return err
			}
			return fn(row)
		})
	})
}
