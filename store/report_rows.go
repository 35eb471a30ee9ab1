package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"shipmode/crash"
	"shipmode/logistics"
)

// EachReportRowPrepared gives fn, in EachReportRow's order (by date, then id), an
// item prepare made of every row EachReportRow would give; prepare runs on several
// workers at once, each reading its part of the period on a connection of its own
// and from one snapshot of the database (SQLite: all begin while a third connection
// holds the write lock, as PlanOrders' readers do; PostgreSQL, a read-only database
// or a busy writer: one worker), so that a million-order report reads, decodes and
// prices its rows on every core while fn — the workbook's writer — takes them in
// order. worker (0 ≤ worker < workers) tells prepare which worker calls it, so that
// what it keeps (a pricer, its caches) is its own. r's Lines and Parcel are valid
// only while prepare runs; *out is the zero T or an item fn was given before. Memory
// is bounded: a worker is at most a few thousand rows ahead of fn. An error from
// prepare or fn stops every worker and is returned.
func EachReportRowPrepared[T any](ctx context.Context, db *DB, from, to logistics.Date, workers int,
	prepare func(worker int, r *ReportRow, out *T) error, fn func(*T) error) error {
	return eachReportRowPrepared(ctx, db, from, to, workers, reportChunkRows, prepare, fn)
}

// eachReportRowPrepared is EachReportRowPrepared with chunks of about chunkRows
// orders (tests: small chunks).
func eachReportRowPrepared[T any](ctx context.Context, db *DB, from, to logistics.Date, workers, chunkRows int,
	prepare func(worker int, r *ReportRow, out *T) error, fn func(*T) error) error {
	parent := ctx // (its end, not the workers' stop, is an error of the caller's)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lo, hi := dateBounds(from, to)
	rr, err := db.beginReportRead(ctx, lo, hi, workers, int64(chunkRows))
	if err != nil {
		return fmt.Errorf("read report rows: %w", mapCtxErr(parent, err))
	}
	defer rr.close()
	if err := runReportRead(ctx, cancel, rr, prepare, fn); err != nil {
		return fmt.Errorf("read report rows: %w", mapCtxErr(parent, err))
	}
	return nil
}

// ReportWorkers is how many workers EachReportRowPrepared should use: one per core,
// at most four.
func ReportWorkers() int { return min(max(runtime.NumCPU(), 1), 4) }

// reportChunkRows is about how many orders a chunk of the period has: each is read
// by one worker with one query, and a worker runs at most a few chunks ahead of fn.
const reportChunkRows = 8192

// reportCacheKiB is the page cache of a reader of report rows, the connections'
// usual one (dsn): the orders' pages are read once, but the decisions' pages,
// looked up by order id in date order, are visited again and again
// (beginReadTx's small cache, for the orders alone, would read them anew).
const reportCacheKiB = 65536

// reportMmapPragma maps the database file into a report reader's memory (SQLite
// caps the size at its build's limit, 2 GiB): the pages of the file are read where
// they lie instead of copied by a read call each into a page cache the connection
// allocates and frees page by page — at a million orders a third of the report's
// CPU time, most of it the system's. A page a write transaction has not yet
// checkpointed is still read from the WAL. The connection is discarded after the
// report (readTx.close), and the mapping with it.
const reportMmapPragma = `PRAGMA mmap_size = 4294967296`

// reportBatch is how many items go from a worker to fn at once.
const reportBatch = 256

// reportChunk is a part of the period: the orders dated dayLo..dayHi with ids in
// idLo..idHi (a day of more orders than a chunk holds is cut by id).
type reportChunk struct{ dayLo, dayHi, idLo, idHi int64 }

// reportRead is the transactions a report's rows are read in, one per worker, with
// what decoding a row needs and the chunks of the period.
type reportRead struct {
	txs       []*sql.Tx
	closes    []func()
	chunkRows int64
	byID      map[int64]string
	runs      map[int64]planRunInfo
	skus      []string
	chunks    []reportChunk
}

func (rr *reportRead) close() {
	for _, c := range rr.closes {
		c()
	}
	rr.closes = nil
}

// beginReportRead opens the transactions: up to workers of them over one snapshot
// when the period is large enough and the database allows it, else one.
func (db *DB) beginReportRead(ctx context.Context, lo, hi int64, workers int, chunkRows int64) (*reportRead, error) {
	rr := &reportRead{chunkRows: max(chunkRows, 1)}
	all := reportChunk{lo, hi, -1 << 62, 1 << 62}
	single := func() (*reportRead, error) {
		opts := &sql.TxOptions{ReadOnly: true}
		if db.pg {
			opts.Isolation = sql.LevelRepeatableRead
		}
		tx, err := db.sql.BeginTx(ctx, opts)
		if err != nil {
			return nil, err
		}
		rr.txs, rr.closes = []*sql.Tx{tx}, []func(){func() { tx.Rollback() }}
		rr.chunks = []reportChunk{all}
		return rr, rr.readShared(ctx, tx)
	}
	if db.pg || workers <= 1 {
		return single()
	}
	lock, err := db.reportWriteLock(ctx)
	if err != nil || lock == nil {
		return single()
	}
	defer lock.close()
	a, err := db.reportReadTx(ctx)
	if err != nil {
		return nil, err
	}
	if a == nil {
		lock.close()
		return single()
	}
	rr.txs, rr.closes = []*sql.Tx{a.tx}, []func(){a.close}
	if err := rr.readShared(ctx, a.tx); err != nil {
		rr.close()
		return nil, err
	}
	n, err := rr.plan(ctx, a.tx, lo, hi)
	if err != nil {
		rr.close()
		return nil, err
	}
	if int64(n) < 2*rr.chunkRows || len(rr.chunks) < 2 {
		return rr, nil // (one worker reads it faster than two start)
	}
	for range min(workers, len(rr.chunks)) - 1 {
		b, err := db.reportReadTx(ctx)
		if err == nil && b == nil {
			break // (no connection to be had: fewer workers)
		}
		if err == nil {
			rr.closes = append(rr.closes, b.close)
			err = b.tx.QueryRowContext(ctx, `SELECT count(*) FROM skus`).Scan(new(int)) // its snapshot
		}
		if err != nil {
			rr.close()
			return nil, err
		}
		rr.txs = append(rr.txs, b.tx)
	}
	return rr, nil // (the lock is given back: every snapshot is taken)
}

// reportConnWait is how long beginReportRead waits for a connection of the pool
// for a worker. The pool is small (four on SQLite) and the report's own
// reconciliation may hold two of them until the report takes what it hands over:
// a worker that waited for one of those would wait for ever. A period without
// invoices is reconciled in a moment (about 0.2 s at a million orders), and its
// connections are then free; one with invoices keeps them, and its report is
// read by one worker after this wait.
const reportConnWait = time.Second

// reportReadTx begins a read transaction for a reader of report rows on a
// connection of its own, with the reader's page cache (reportCacheKiB) and the file
// mapped (reportMmapPragma); nil when no connection is free within reportConnWait.
// Its close discards the connection.
func (db *DB) reportReadTx(ctx context.Context) (*readTx, error) {
	wait, cancel := context.WithTimeout(ctx, reportConnWait)
	conn, err := db.sql.Conn(wait)
	cancel()
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			return nil, nil
		}
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, reportMmapPragma); err != nil {
		conn.Close()
		return nil, err
	}
	return db.readTxOn(ctx, conn, reportCacheKiB)
}

// reportLockWait is how long beginReportRead waits for the write lock its
// snapshots are taken under before it reads with one worker: a report's own
// reconciliation takes that lock for a moment at the same time (and a writer that
// keeps it longer is not waited for).
const reportLockWait = time.Second

// reportWriteLock is tryWriteLock tried again, every few milliseconds, while
// another connection holds the lock, for at most reportLockWait; nil when it is
// still held (or the database is read-only).
func (db *DB) reportWriteLock(ctx context.Context) (*readTx, error) {
	deadline := time.Now().Add(reportLockWait)
	for {
		lock, err := db.tryWriteLock(ctx)
		if err == nil || !errors.Is(mapErr(err), ErrBusy) || time.Now().After(deadline) {
			return lock, err
		}
		select {
		case <-time.After(5 * time.Millisecond):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// readShared reads what decoding any row needs: the texts (the options' ids and
// reasons: few), the plan runs (their rate-book versions) and the SKUs' names.
func (rr *reportRead) readShared(ctx context.Context, tx *sql.Tx) error {
	var err error
	if rr.byID, err = textsByID(ctx, tx, nil); err != nil {
		return err
	}
	if rr.runs, err = planRuns(ctx, tx); err != nil {
		return err
	}
	rr.skus, err = skuNames(ctx, tx)
	return err
}

// plan cuts the period into chunks of about rr.chunkRows orders (of any status:
// the date index counts them without reading the orders) and returns how many
// orders it has.
func (rr *reportRead) plan(ctx context.Context, tx *sql.Tx, lo, hi int64) (int, error) {
	type day struct{ date, n int64 }
	var days []day
	err := eachRow(ctx, tx, `SELECT order_date, count(*) FROM orders WHERE order_date BETWEEN ? AND ? GROUP BY order_date ORDER BY order_date`,
		[]any{lo, hi}, func(r *sql.Rows) error {
			var d day
			if err := r.Scan(&d.date, &d.n); err != nil {
				return err
			}
			days = append(days, d)
			return nil
		})
	if err != nil {
		return 0, err
	}
	total := 0
	var cur *reportChunk
	var inCur int64
	for _, d := range days {
		total += int(d.n)
		if d.n > 2*rr.chunkRows {
			// A day of its own, cut by id into parts of about a chunk's orders.
			var idLo, idHi int64
			if err := tx.QueryRowContext(ctx, `SELECT min(id), max(id) FROM orders WHERE order_date = ?`, d.date).Scan(&idLo, &idHi); err != nil {
				return 0, err
			}
			parts := (d.n + rr.chunkRows - 1) / rr.chunkRows
			step := (idHi - idLo + parts) / parts
			for from := idLo; from <= idHi; from += step {
				rr.chunks = append(rr.chunks, reportChunk{d.date, d.date, from, min(from+step-1, idHi)})
			}
			cur = nil
			continue
		}
		if cur == nil || inCur >= rr.chunkRows {
			rr.chunks = append(rr.chunks, reportChunk{d.date, d.date, -1 << 62, 1 << 62})
			cur, inCur = &rr.chunks[len(rr.chunks)-1], 0
		}
		cur.dayHi = d.date
		inCur += d.n
	}
	if len(rr.chunks) == 0 {
		rr.chunks = []reportChunk{{lo, hi, -1 << 62, 1 << 62}}
	}
	return total, nil
}

// reportRowsQuery reads a chunk's report rows: few, wide columns, as PlanInput
// reads them (each column of each row costs the driver several calls). The numbers
// come as one text (id, date, units, status, chosen, SLA risk, run and, when the
// order has one, the parcel); the codes joined by the separator (unitSep), then
// the free texts, which may hold any character, each after its length in bytes
// and a space (marketplace, reference, stored reason, override reason), the postal
// code last.
const reportRowsQuery = `SELECT o.id || ' ' || o.order_date || ' ' || o.units || ' ' || o.status || ' ' ||
		d.chosen || ' ' || d.sla_risk || ' ' || d.run_id ||
		coalesce(' ' || o.parcel_length_mm || ' ' || o.parcel_width_mm || ' ' || o.parcel_height_mm || ' ' || o.parcel_weight_g, ''),
	o.country || ` + unitSep + ` || o.currency || ` + unitSep + ` || d.option_id || ` + unitSep + ` || d.currency || ` + unitSep + ` || o.lines || ` + unitSep + ` ||
		octet_length(o.marketplace) || ' ' || o.marketplace || octet_length(o.ref) || ' ' || o.ref ||
		octet_length(d.reason) || ' ' || d.reason ||
		octet_length(coalesce(o.override_reason, '')) || ' ' || coalesce(o.override_reason, '') || o.postal_code,
	d.options, d.best_direct
	FROM orders o JOIN decisions d ON d.order_id = o.id
	WHERE o.order_date BETWEEN ? AND ? AND +o.id BETWEEN ? AND ? AND o.status <> 3
	ORDER BY o.order_date, o.id`

// reportRowDecoder turns the columns of reportRowsQuery into ReportRows; each
// worker has its own (its strings interned, its reasons decoded once, its lines'
// memory reused).
type reportRowDecoder struct {
	rr     *reportRead
	intern interner
	texts  *textBook
	lines  []logistics.Line
	parcel logistics.Parcel

	numTxt, codes, blob sql.RawBytes
	direct              sql.NullInt64
	dest                []any
}

func newReportRowDecoder(rr *reportRead) *reportRowDecoder {
	d := &reportRowDecoder{rr: rr, texts: newTextBook(rr.byID)}
	d.dest = []any{&d.numTxt, &d.codes, &d.blob, &d.direct}
	return d
}

// decode reads the current row of r into row (as EachReportRow does).
func (d *reportRowDecoder) decode(r *sql.Rows, row *ReportRow) error {
	if err := r.Scan(d.dest...); err != nil {
		return err
	}
	*row = ReportRow{}
	var num [11]int64
	k, err := parseInts(d.numTxt, num[:])
	if err != nil || (k != 7 && k != 11) {
		return fmt.Errorf("report row numbers %q: want 7 or 11 integers", d.numTxt)
	}
	row.OrderID, row.Date, row.Units, row.Status = num[0], logistics.Date(num[1]), num[2], logistics.Status(num[3])
	chosen := num[4]
	row.SLARisk, row.RunID = num[5] != 0, num[6]
	if k == 11 {
		d.parcel = logistics.Parcel{LengthMM: num[7], WidthMM: num[8], HeightMM: num[9], WeightG: num[10]}
		row.Parcel = &d.parcel
	}
	// country, order currency, option, currency, lines; then the free texts
	var code [5][]byte
	rest := []byte(d.codes)
	for i := range 5 {
		var ok bool
		if code[i], rest, ok = bytes.Cut(rest, []byte{31}); !ok {
			return fmt.Errorf("report row %q: want 6 fields", d.codes)
		}
	}
	market, rest, ok := cutSized(rest)
	if !ok {
		return fmt.Errorf("report row %q: damaged marketplace", d.codes)
	}
	// The reference, reasons and postal code (not interned: they are many) share
	// one string.
	texts := string(rest)
	var sized [3]string
	for i := range sized {
		if sized[i], texts, ok = cutSized(texts); !ok {
			return fmt.Errorf("report row %q: damaged texts", d.codes)
		}
	}
	row.Ref, row.Reason, row.OverrideReason, row.PostalCode = sized[0], sized[1], sized[2], texts
	skus := d.rr.skus
	d.lines = d.lines[:0]
	err = eachLine(string(code[4]), func(skuID, qty int64, price logistics.Dec) error {
		if skuID <= 0 || skuID >= int64(len(skus)) {
			return fmt.Errorf("unknown SKU id %d", skuID)
		}
		d.lines = append(d.lines, logistics.Line{SKU: skus[skuID], Qty: qty, UnitPrice: price})
		return nil
	})
	if err != nil {
		return fmt.Errorf("order %d: %w", row.OrderID, err)
	}
	row.Lines = d.lines
	row.GoodsValue, row.GoodsValueOK = goodsValue(d.lines)
	row.RateBookID = d.rr.runs[row.RunID].rateBook
	row.Marketplace, row.Country, row.OrderCurrency = d.intern.get(market), d.intern.get(code[0]), d.intern.get(code[1])
	row.Currency = d.intern.get(code[3])
	dec, err := decodeOptions(d.blob)
	if err == nil {
		err = dec.resolve(d.texts)
	}
	if err != nil {
		return fmt.Errorf("order %d: %w", row.OrderID, err)
	}
	opts := dec.opts
	row.Reason = dec.explanation(row.Reason, row.Currency)
	if chosen >= 0 && int(chosen) < len(opts) {
		o := &opts[chosen]
		row.Mode, row.Option, row.TransitDays = o.Mode, d.intern.get(code[2]), o.TransitDays
		row.ChargeableG, row.Components, row.Total = o.ChargeableG, o.Components, o.Total
		row.ChosenReason, row.Departure = o.Reason, o.Departure
	}
	row.Promise = dec.promise
	best := cheapest(opts)
	copy(row.ByMode[1:], best[1:])
	row.Best = best[0]
	row.DirectBaseline = Cost{Minor: d.direct.Int64, Feasible: d.direct.Valid}
	return nil
}

// cutSized cuts a text written as its length in bytes, a space and its bytes off
// the front of b.
func cutSized[T string | []byte](b T) (text, rest T, ok bool) {
	n := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c >= '0' && c <= '9' && i < 10:
			n = n*10 + int(c-'0')
		case c == ' ' && i > 0 && n <= len(b)-i-1:
			return b[i+1 : i+1+n], b[i+1+n:], true
		default:
			return text, rest, false
		}
	}
	return text, rest, false
}

// runReportRead runs one worker per transaction over the chunks, in order, and
// gives fn their items in order. Each chunk's items travel in batches on a channel
// of its own; a worker takes a chunk only while fewer than window chunks are taken
// and not yet given to fn, so memory stays bounded and no worker waits for a
// chunk fn will not reach.
func runReportRead[T any](ctx context.Context, cancel func(), rr *reportRead,
	prepare func(worker int, r *ReportRow, out *T) error, fn func(*T) error) error {
	workers := len(rr.txs)
	window := workers + 2
	// Each chunk's channel holds about a chunk's batches, so that a worker seldom
	// waits for fn to reach its chunk (a chunk of a whole period, one worker's,
	// does wait: fn takes it as it comes).
	perChunk := int(3*rr.chunkRows/reportBatch + 1)
	outs := make([]chan []T, len(rr.chunks))
	for i := range outs {
		outs[i] = make(chan []T, perChunk)
	}
	tokens := make(chan struct{}, window)
	free := make(chan []T, window*perChunk)
	var next int // the next chunk to take, under mu
	var mu sync.Mutex
	take := func() int {
		select {
		case tokens <- struct{}{}:
		case <-ctx.Done():
			return -1
		}
		mu.Lock()
		defer mu.Unlock()
		if next == len(rr.chunks) {
			return -1
		}
		next++
		return next - 1
	}
	var wg sync.WaitGroup
	var panics crash.Group
	errs := make([]error, workers)
	for w, tx := range rr.txs {
		wg.Go(func() {
			defer panics.Catch(cancel)
			dec := newReportRowDecoder(rr)
			var row ReportRow
			for {
				k := take()
				if k < 0 {
					return
				}
				c := rr.chunks[k]
				out := outs[k]
				batch := newBatch[T](free)
				err := eachRow(ctx, tx, reportRowsQuery, []any{c.dayLo, c.dayHi, c.idLo, c.idHi}, func(r *sql.Rows) error {
					if err := dec.decode(r, &row); err != nil {
						return err
					}
					batch = batch[:len(batch)+1]
					if err := prepare(w, &row, &batch[len(batch)-1]); err != nil {
						return err
					}
					if len(batch) == cap(batch) {
						select {
						case out <- batch:
						case <-ctx.Done():
							return ctx.Err()
						}
						batch = newBatch[T](free)
					}
					return nil
				})
				if err == nil && len(batch) > 0 {
					select {
					case out <- batch:
					case <-ctx.Done():
						err = ctx.Err()
					}
				}
				if err != nil {
					errs[w] = err
					cancel()
					return
				}
				close(out)
			}
		})
	}
	err := func() error {
		for k := range rr.chunks {
			for {
				if err := ctx.Err(); err != nil {
					return err
				}
				var batch []T
				var ok bool
				select {
				case batch, ok = <-outs[k]:
				case <-ctx.Done():
					return ctx.Err()
				}
				if !ok {
					break
				}
				for i := range batch {
					if err := fn(&batch[i]); err != nil {
						return err
					}
				}
				select {
				case free <- batch[:0]:
				default:
				}
			}
			<-tokens // chunk k is given: a worker may take another
		}
		return nil
	}()
	if err != nil {
		cancel()
	}
	wg.Wait()
	panics.Raise()
	// A worker's own error before the cancellation it caused.
	for _, werr := range errs {
		if werr != nil && !errors.Is(werr, context.Canceled) {
			return werr
		}
	}
	if err == nil {
		for _, werr := range errs {
			if werr != nil {
				return werr
			}
		}
	}
	return err
}

// newBatch is an empty batch of reportBatch items: a used one when there is one
// (its items are overwritten by prepare: *out is a zero T or a given item).
func newBatch[T any](free chan []T) []T {
	select {
	case b := <-free:
		return b[:0]
	default:
		return make([]T, 0, reportBatch)
	}
}
