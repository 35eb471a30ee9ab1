package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"shipmode/crash"
	"shipmode/logistics"
)

// PlanOrders reads what planning the open orders dated from..to (inclusive; 0 or
// logistics.NoDate leaves an end open) needs, as PlanInputFunc does but faster:
// the orders come in the order the database keeps them, not in planning
// order — logistics.Planner puts them in planning order itself, which is the
// store's order (date, reference, marketplace) as references are unique within a
// marketplace — and a large period is read by two connections at once, each over
// half the order ids, from one snapshot of the database. ready, if not nil, is
// called with in.Orders[:n] each time a few thousand more orders are read, and once
// at the end with all of them; the orders it is given are never changed or moved
// afterwards. Current is nil and Shipped have no assignments.
func (db *DB) PlanOrders(ctx context.Context, from, to logistics.Date, ready func([]logistics.PlanOrder)) (PlanInput, error) {
	if db.pg {
		// One reader: the two readers' shared snapshot rests on SQLite's write
		// lock. (Numbers as numbers spare the server turning them into text, and
		// the orders as the table keeps them a sort or an index walk.)
		return db.planOrders(ctx, from, to, 0, ready)
	}
	return db.planOrders(ctx, from, to, splitOrders, ready)
}

// splitOrders is how many orders a period must have for PlanOrders to read it with
// two connections: below, the second one costs more than it saves.
const splitOrders = 1 << 15

// planCols are the columns planReader reads. Each column costs the driver several
// calls (each behind SQLite's connection mutex) and turning a number into text
// costs SQLite about as much, so numbers come as numbers (the date and the status
// as one), texts that are codes (country, currency, the line list, an override's
// mode and option) joined by the separator char 31, which they never hold, and
// the parcel and the override, mostly NULL, each as one text.
const planCols = `o.id, o.order_date * 4 + o.status, o.promised_days, o.ref, o.postal_code, o.marketplace,
	o.country || ` + unitSep + ` || o.currency || ` + unitSep + ` || o.lines,
	o.parcel_length_mm || ' ' || o.parcel_width_mm || ' ' || o.parcel_height_mm || ' ' || o.parcel_weight_g,
	o.override_mode || ` + unitSep + ` || o.override_option || ` + unitSep + ` || o.override_reason`

// planOrders is PlanOrders; a period of at least split orders is read by two
// connections (split 0: always one).
func (db *DB) planOrders(ctx context.Context, from, to logistics.Date, split int, ready func([]logistics.PlanOrder)) (PlanInput, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	where, args := "o.status IN (1, 2)", []any(nil)
	count := `SELECT count(*) FROM orders` // (counted from the smallest index, unlike any count with a WHERE)
	if lo, hi := dateBounds(from, to); lo != -1<<62 || hi != 1<<62 {
		where += " AND o.order_date BETWEEN ? AND ?"
		args = []any{lo, hi}
		count = `SELECT count(*) FROM orders WHERE order_date BETWEEN ? AND ?`
	}
	// Two readers must see the same orders: both take their snapshot while a third
	// connection holds the write lock, if it can have it at once (else one reads).
	var lock *readTx
	if split > 0 {
		lock, _ = db.tryWriteLock(ctx)
	}
	defer lock.close()
	a, err := db.beginReadTx(ctx)
	if err != nil {
		return PlanInput{}, fmt.Errorf("read orders to plan: %w", mapCtxErr(ctx, err))
	}
	defer a.close()
	var n int
	var skus []string
	var readAt int64
	err = a.tx.QueryRowContext(ctx, count, args...).Scan(&n)
	if err == nil {
		readAt, err = changeCounter(ctx, a.tx)
	}
	if err == nil {
		skus, err = skuNames(ctx, a.tx)
	}
	var b *readTx
	var mid int64 // reader a reads the ids up to mid, reader b those beyond
	if err == nil && lock != nil && n >= split {
		var lo, hi int64
		if err = a.tx.QueryRowContext(ctx, `SELECT coalesce(min(id), 0) FROM orders`).Scan(&lo); err == nil {
			err = a.tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM orders`).Scan(&hi)
		}
		mid = lo + (hi-lo)/2
		if err == nil {
			if b, err = db.beginReadTx(ctx); err == nil {
				defer b.close()
				err = b.tx.QueryRowContext(ctx, `SELECT count(*) FROM skus`).Scan(new(int)) // its snapshot
			}
		}
	}
	lock.close() // (the snapshots are taken)
	if err != nil {
		return PlanInput{}, fmt.Errorf("read orders to plan: %w", mapCtxErr(ctx, err))
	}

	// Reader a fills in.Orders from the front, reader b from the back: they meet
	// nowhere, as the period has n orders of any status.
	in := PlanInput{Orders: make([]logistics.PlanOrder, n), IDs: make([]int64, n), ReadAt: readAt}
	ra := &planReader{skus: skus, orders: in.Orders, ids: in.IDs, ready: ready}
	if b == nil {
		err = ra.read(ctx, a, `SELECT `+planCols+` FROM orders o WHERE `+where, args)
	} else {
		rb := &planReader{skus: skus, orders: in.Orders, ids: in.IDs, back: true}
		var wg sync.WaitGroup
		var panics crash.Group
		var berr error
		wg.Go(func() {
			defer panics.Catch(cancel)
			if berr = rb.read(ctx, b, `SELECT `+planCols+` FROM orders o WHERE `+where+` AND o.id > ?`, append(args, mid)); berr != nil {
				cancel() // reader a stops too
			}
		})
		err = ra.read(ctx, a, `SELECT `+planCols+` FROM orders o WHERE `+where+` AND o.id <= ?`, append(args, mid))
		if err != nil {
			cancel()
		}
		wg.Wait()
		panics.Raise()
		if err == nil || errors.Is(err, context.Canceled) && berr != nil {
			err = berr
		}
		if err == nil && ra.n+rb.n > n {
			err = fmt.Errorf("%d orders read, %d counted", ra.n+rb.n, n) // (the snapshots differ?)
		}
		// b's orders follow a's.
		copy(in.Orders[ra.n:], in.Orders[n-rb.n:])
		copy(in.IDs[ra.n:], in.IDs[n-rb.n:])
		ra.n += rb.n
		ra.shipped = append(ra.shipped, rb.shipped...)
	}
	if err != nil {
		return PlanInput{}, fmt.Errorf("read orders to plan: %w", mapCtxErr(ctx, err))
	}
	clear(in.Orders[ra.n:]) // (what reader b left behind)
	in.Orders, in.IDs, in.Shipped = in.Orders[:ra.n:ra.n], in.IDs[:ra.n:ra.n], ra.shipped
	if ready != nil {
		ready(in.Orders)
	}
	in.sortShipped()
	return in, nil
}

// readTx is a transaction on a connection of its own, whose driver connection
// planReader uses directly.
type readTx struct {
	conn      *sql.Conn
	tx        *sql.Tx
	cacheSize int64 // the connection's cache_size to restore when it is given back; 0: none
}

// readCacheKiB is the page cache of a connection reading the orders to plan: each
// page is read once, and the cache the connection keeps (dsn) would keep them in
// memory through the whole plan.
const readCacheKiB = 2048

func (db *DB) beginReadTx(ctx context.Context) (*readTx, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return db.readTxOn(ctx, conn, readCacheKiB)
}

// readTxOn begins a read transaction on conn, a connection of the pool taken for
// it, with a page cache of cacheKiB on SQLite.
func (db *DB) readTxOn(ctx context.Context, conn *sql.Conn, cacheKiB int) (*readTx, error) {
	var err error
	r := &readTx{conn: conn}
	if db.pg {
		// one snapshot for every statement, as DB.read
		if r.tx, err = conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}); err != nil {
			r.close()
			return nil, err
		}
		return r, nil
	}
	err = conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&r.cacheSize)
	if err == nil {
		_, err = conn.ExecContext(ctx, `PRAGMA cache_size = -`+strconv.Itoa(cacheKiB))
	}
	if err == nil {
		r.tx, err = conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	}
	if err != nil {
		r.close()
		return nil, err
	}
	return r, nil
}

// tryWriteLock takes the write lock if no other connection holds it (nil if one
// does, or the database cannot be written); close releases it, writing nothing.
func (db *DB) tryWriteLock(ctx context.Context) (*readTx, error) {
	if db.readOnly {
		return nil, ErrReadOnly
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	var timeout int
	err = conn.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&timeout)
	if err == nil {
		_, err = conn.ExecContext(ctx, `PRAGMA busy_timeout = 0`)
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA busy_timeout = `+strconv.Itoa(timeout))
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE (dsn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return &readTx{conn: conn, tx: tx}, nil
}

// close ends the transaction (a read writes nothing: rolled back) and gives the
// connection back; it may be called more than once, and on nil.
func (r *readTx) close() {
	if r == nil || r.conn == nil {
		return
	}
	if r.tx != nil {
		r.tx.Rollback()
	}
	if r.cacheSize != 0 {
		r.conn.ExecContext(context.Background(), `PRAGMA cache_size = `+strconv.FormatInt(r.cacheSize, 10))
	}
	// Closed rather than kept in the pool: a plan's writer, the only connection
	// left, can then write a first plan with a rollback journal (DB.writeConn).
	r.conn.Raw(func(any) error { return driver.ErrBadConn })
	r.conn.Close()
	r.conn = nil
}

// planReader reads the rows of a planCols query into orders and ids: from the
// front, calling ready every readyEvery orders, or (back) from the back.
type planReader struct {
	skus        []string
	orders      []logistics.PlanOrder
	ids         []int64
	back        bool
	ready       func([]logistics.PlanOrder)
	n           int // orders read
	shipped     []ShippedOrder
	lines       []logistics.Line // the slab the next order's lines go to
	markets     stringPool
	countries   stringPool
	currencies  stringPool
	handedUntil int // ready has been given orders[:handedUntil]
}

// read runs query in r's transaction, on the driver's connection: database/sql's
// checks and conversions of each value would cost as much again. It looks at ctx
// every few thousand rows (the driver watches it only while the query starts).
func (p *planReader) read(ctx context.Context, r *readTx, query string, args []any) error {
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return r.conn.Raw(func(dc any) error {
		pc, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return errors.New("the driver cannot prepare with a context")
		}
		st, err := pc.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		defer st.Close()
		qc, ok := st.(driver.StmtQueryContext)
		if !ok {
			return errors.New("the driver cannot query with a context")
		}
		rows, err := qc.QueryContext(ctx, named)
		if err != nil {
			return err
		}
		defer rows.Close()
		row := make([]driver.Value, len(rows.Columns()))
		for k := 1; ; k++ {
			if k%checkRows == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := rows.Next(row); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			if err := p.row(row); err != nil {
				return err
			}
		}
	})
}

// checkRows is how many rows planReader reads between two looks at its context:
// a few milliseconds' worth.
const checkRows = 1024

// row reads one row of planCols.
func (p *planReader) row(v []driver.Value) error {
	id, ok0 := v[0].(int64)
	dateStatus, ok1 := v[1].(int64)
	promised, ok2 := v[2].(int64)
	ref, ok3 := v[3].(string)
	postal, ok4 := v[4].(string)
	market, ok5 := v[5].(string)
	ccl, ok6 := v[6].(string)
	if !ok0 || !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 {
		return fmt.Errorf("order %v: a column of an unexpected type", v[0])
	}
	country, rest, _ := strings.Cut(ccl, "\x1f")
	cur, lineTxt, _ := strings.Cut(rest, "\x1f")
	o := logistics.Order{Ref: ref, Marketplace: p.markets.get(market), Date: logistics.Date(dateStatus >> 2),
		Country: p.countries.get(country), PostalCode: postal, Currency: p.currencies.get(cur), PromisedDays: int(promised)}
	if parcel, ok := v[7].(string); ok {
		var num [4]int64
		if k, err := parseInts([]byte(parcel), num[:]); err != nil || k != 4 {
			return fmt.Errorf("order %d: parcel %q: want 4 integers", id, parcel)
		}
		o.Parcel = &logistics.Parcel{LengthMM: num[0], WidthMM: num[1], HeightMM: num[2], WeightG: num[3]}
	}
	if cap(p.lines)-len(p.lines) < 256 {
		p.lines = make([]logistics.Line, 0, linesSlab) // (an order with more lines grows it by append)
	}
	start := len(p.lines)
	err := eachLine(lineTxt, func(skuID, qty int64, price logistics.Dec) error {
		if skuID <= 0 || skuID >= int64(len(p.skus)) { // (an empty SKU is a SKU: the line needs product data)
			return fmt.Errorf("unknown SKU id %d", skuID)
		}
		p.lines = append(p.lines, logistics.Line{SKU: p.skus[skuID], Qty: qty, UnitPrice: price})
		return nil
	})
	if err != nil {
		return fmt.Errorf("order %d: %w", id, err)
	}
	o.Lines = p.lines[start:len(p.lines):len(p.lines)]
	if logistics.Status(dateStatus&3) == logistics.Shipped {
		p.shipped = append(p.shipped, ShippedOrder{ID: id, Order: o})
		return nil
	}
	po := logistics.PlanOrder{Order: o}
	if ov, ok := v[8].(string); ok {
		if po.Override, err = parseOverride([]byte(ov)); err != nil {
			return fmt.Errorf("order %d: %w", id, err)
		}
	}
	if p.n == len(p.orders) {
		return fmt.Errorf("order %d: more orders than counted", id) // (the snapshot changed?)
	}
	k := p.n
	if p.back {
		k = len(p.orders) - 1 - p.n
	}
	p.orders[k], p.ids[k] = po, id
	p.n++
	if p.ready != nil && p.n-p.handedUntil >= readyEvery {
		p.ready(p.orders[:p.n])
		p.handedUntil = p.n
	}
	return nil
}

// stringPool shares the strings of a column with few distinct values.
type stringPool struct {
	m    map[string]string
	last string
}

// get returns the pool's s: never s itself, which may be part of a longer text.
func (p *stringPool) get(s string) string {
	if s == p.last {
		return p.last
	}
	t, ok := p.m[s]
	if !ok {
		if p.m == nil {
			p.m = map[string]string{}
		}
		t = strings.Clone(s)
		p.m[t] = t
	}
	p.last = t
	return t
}
