package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"shipmode/crash"
	"shipmode/logistics"
)

// EachReconciled reads what EachReconcilable reads, in the same one read
// transaction and one pass, with the work on each invoiced order spread over
// workers goroutines: the rows are decoded there and work(w, o, out) is called for
// each invoiced order o on one of them (w, from 0 to workers − 1, says which: work
// may keep scratch per worker, and must not keep o), to fill out; take is then
// called on the calling goroutine with each order's out in the order
// EachReconcilable calls r.Invoiced (by order date then id), and r.Unbilled after
// them as EachReconcilable calls it. r.Invoiced is not used. out is take's only
// while take runs (it is reused). Memory does not grow with the invoiced orders.
//
// (A generic function, not a method: methods take no type parameters.)
func EachReconciled[T any](ctx context.Context, db *DB, r ReconcileRead, workers int,
	work func(w int, o *InvoicedOrder, out *T) error, take func(*T) error) error {
	return eachReconciled(ctx, db, r, workers, chunkOrders, work, take)
}

// eachReconciled is EachReconciled with chunks of chunk orders on SQLite.
func eachReconciled[T any](ctx context.Context, db *DB, r ReconcileRead, workers, chunk int,
	work func(w int, o *InvoicedOrder, out *T) error, take func(*T) error) error {
	workers = max(workers, 1)
	consume := func(rd *invoicedReader, batches <-chan *invoicedBatch, free chan<- *invoicedBatch) error {
		return decodeParallel(rd, r, workers, batches, free, work, take)
	}
	if db.pg {
		// (the two readers' shared snapshot rests on SQLite's write lock; a server
		// reads its one snapshot in one query)
		return db.readInvoiced(ctx, "read the orders to reconcile", r, false, true, consume)
	}
	if err := db.readReconcilable(ctx, r, chunk, consume); err != nil {
		return fmt.Errorf("read the orders to reconcile: %w", mapCtxErr(ctx, err))
	}
	return nil
}

// chunkOrders is about how many orders a chunk of readReconcilable holds: whole
// days of at least this many orders (the chunks are read in turn by the two
// connections: a few of them are in memory at once).
const chunkOrders = 1 << 14

// chunkWindow is how many chunks readReconcilable reads ahead of the one taken.
const chunkWindow = 3

// readReconcilable is readInvoiced for reconciling on SQLite: two connections read
// the period's orders at once, from one snapshot of the database (both take it
// while a third holds the write lock, when it can have it at once; else one
// connection reads), in chunks of whole days of at least chunk orders: each
// connection takes the next chunk not taken, at most chunkWindow chunks ahead of
// the one consume is given. consume is given the chunks' batches in their order:
// the rows of the period by date then id, as one query would give them.
func (db *DB) readReconcilable(ctx context.Context, r ReconcileRead, chunk int, consume func(rd *invoicedReader,
	batches <-chan *invoicedBatch, free chan<- *invoicedBatch) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lock, _ := db.tryWriteLock(ctx)
	defer lock.close()
	a, err := db.beginReconcileTx(ctx)
	if err != nil {
		return err
	}
	defer a.close()
	lo, hi := dateBounds(r.From, r.To)
	// The chunks: whole days of at least chunkOrders orders (counted from the
	// date index: the orders of any status, which bound the rows read).
	type days struct{ lo, hi int64 }
	var chunks []days
	n := int64(0)
	err = eachRow(ctx, a.tx, `SELECT order_date, count(*) FROM orders WHERE order_date BETWEEN ? AND ?
		GROUP BY order_date ORDER BY order_date`, []any{lo, hi}, func(rows *sql.Rows) error {
		var d, c int64
		if err := rows.Scan(&d, &c); err != nil {
			return err
		}
		if n == 0 {
			chunks = append(chunks, days{d, d})
		}
		chunks[len(chunks)-1].hi = d
		if n += c; n >= int64(chunk) {
			n = 0
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(chunks) == 0 {
		chunks = append(chunks, days{lo, hi}) // (no order: one empty chunk)
	}
	// (the first and last chunks reach the period's ends: the same rows)
	chunks[0].lo, chunks[len(chunks)-1].hi = lo, hi
	txs := []*sql.Tx{a.tx}
	if lock != nil && len(chunks) > 1 {
		b, err := db.beginReconcileTx(ctx)
		if err != nil {
			return err
		}
		defer b.close()
		if err := b.tx.QueryRowContext(ctx, `SELECT count(*) FROM skus`).Scan(new(int)); err != nil { // its snapshot
			return err
		}
		txs = append(txs, b.tx)
	}
	lock.close() // (the snapshots are taken)

	rd, err := db.newInvoicedReader(ctx, a.tx, false, true)
	if err != nil {
		return err
	}
	if rd.fullSQL, err = a.tx.PrepareContext(ctx, fullOrderSQL); err != nil {
		return err
	}
	defer rd.fullSQL.Close()
	q := invoicedSQL(false, false, r.Unbilled != nil)
	var tail []any
	if r.Unbilled != nil {
		tail = []any{int64(logistics.Shipped), int64(r.UnbilledBefore)}
	}
	// Each chunk's batches go through a channel of their own, which holds them
	// all; the sequencer hands them on in the chunks' order, and gives a token
	// back for each chunk done, which the readers take one of before a chunk.
	perChunk := chunk/invoicedBatchRows + 8
	out := make([]chan *invoicedBatch, len(chunks))
	for i := range out {
		out[i] = make(chan *invoicedBatch, perChunk)
	}
	tokens := make(chan struct{}, chunkWindow)
	for range chunkWindow {
		tokens <- struct{}{}
	}
	batches, free := make(chan *invoicedBatch, 4), make(chan *invoicedBatch, 2*perChunk)
	var taken atomic.Int64
	var wg sync.WaitGroup
	var panics crash.Group
	for _, tx := range txs {
		wg.Go(func() {
			defer panics.Catch(cancel)
			for {
				select {
				case <-tokens:
				case <-ctx.Done():
					return
				}
				k := int(taken.Add(1) - 1)
				if k >= len(chunks) {
					return
				}
				if !readChunk(ctx, tx, q, append([]any{chunks[k].lo, chunks[k].hi}, tail...), out[k], free) {
					return // (its last batch holds the error)
				}
			}
		})
	}
	wg.Go(func() {
		defer close(batches)
		defer panics.Catch(cancel)
		seq := 0
		for k := range out {
			for {
				var b *invoicedBatch
				var ok bool
				select {
				case b, ok = <-out[k]:
				case <-ctx.Done():
					return
				}
				if !ok {
					break
				}
				b.seq = seq
				seq++
				select {
				case batches <- b:
				case <-ctx.Done():
					return
				}
			}
			select {
			case tokens <- struct{}{}:
			default:
			}
		}
	})
	err = consume(rd, batches, free)
	cancel()
	for range batches { // let the sequencer finish
	}
	wg.Wait()
	panics.Raise()
	return err
}

// beginReconcileTx begins a read transaction on a connection of its own, with the
// connection's page cache (unlike beginReadTx: reconciling seeks a decision and a
// pack for each order, whose tables' upper pages a small cache reads again and
// again).
func (db *DB) beginReconcileTx(ctx context.Context) (*readTx, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	r := &readTx{conn: conn}
	if r.tx, err = conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
		r.close()
		return nil, err
	}
	return r, nil
}

// readChunk runs q on tx and sends its rows to out a batch at a time (readInvoiced),
// then closes out; it reports whether the rows were all read.
func readChunk(ctx context.Context, tx *sql.Tx, q string, args []any, out chan *invoicedBatch, free chan *invoicedBatch) bool {
	defer close(out)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		select {
		case out <- &invoicedBatch{err: err}:
		case <-ctx.Done():
		}
		return false
	}
	defer rows.Close()
	return readInvoiced(ctx, rows, out, free)
}

// workedBatch is a batch of rows as a worker decoded it: out of each invoiced order
// in row order, the unbilled orders in row order, and the error that ended the
// batch (the reading's, the decoding's or work's), if any.
type workedBatch[T any] struct {
	seq      int
	out      []T
	unbilled []UnbilledOrder
	err      error
}

// decodeParallel decodes the batches on workers goroutines, each with its own
// reader (its own interned texts and statement for Full), and hands their results
// to take in the batches' order.
func decodeParallel[T any](rd *invoicedReader, r ReconcileRead, workers int, batches <-chan *invoicedBatch,
	free chan<- *invoicedBatch, work func(int, *InvoicedOrder, *T) error, take func(*T) error) error {
	ctx, cancel := context.WithCancel(rd.ctx)
	defer cancel()
	results := make(chan *workedBatch[T], 2*workers)
	spare := make(chan *workedBatch[T], 2*workers+2) // results taken, to be filled again
	var wg sync.WaitGroup
	var panics crash.Group
	readers := make([]*invoicedReader, workers)
	for w := range readers {
		wrd := &invoicedReader{ctx: rd.ctx, tx: rd.tx, pg: rd.pg, skus: rd.skus, invoices: rd.invoices}
		if !rd.pg {
			// (a statement of its own: a transaction's statement is one SQLite
			// statement, which two queries at once would share)
			var err error
			if wrd.fullSQL, err = rd.tx.PrepareContext(rd.ctx, fullOrderSQL); err != nil {
				return err
			}
			defer wrd.fullSQL.Close()
		}
		readers[w] = wrd
	}
	for w, wrd := range readers {
		wg.Go(func() {
			defer panics.Catch(cancel)
			decodeWorker(ctx, wrd, w, batches, free, results, spare, work)
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	err := takeInOrder(results, spare, r, take)
	cancel()
	for range results { // let the workers finish
	}
	panics.Raise()
	if err != nil {
		return err
	}
	return rd.ctx.Err()
}

// decodeWorker is a worker of decodeParallel: it decodes the batches it takes,
// calls work for each invoiced order, and sends the results on; a batch that ends
// in an error is the last it sends.
func decodeWorker[T any](ctx context.Context, rd *invoicedReader, w int, batches <-chan *invoicedBatch,
	free chan<- *invoicedBatch, results chan<- *workedBatch[T], spare chan *workedBatch[T], work func(int, *InvoicedOrder, *T) error) {
	var cur InvoicedOrder
	var zero T
	for b := range batches {
		if ctx.Err() != nil {
			return
		}
		var wb *workedBatch[T]
		select {
		case wb = <-spare:
			wb.out, wb.unbilled, wb.err = wb.out[:0], wb.unbilled[:0], nil
		default:
			wb = &workedBatch[T]{out: make([]T, 0, len(b.rows))}
		}
		wb.seq = b.seq
		for i := range b.rows {
			cur = InvoicedOrder{Lines: cur.Lines[:0], rd: rd}
			u, err := rd.unpack(b, &b.rows[i], &cur)
			if err != nil {
				wb.err = fmt.Errorf("order %d: %w", cur.OrderID, err)
				break
			}
			if u != nil {
				wb.unbilled = append(wb.unbilled, *u)
				continue
			}
			wb.out = append(wb.out, zero)
			if err := work(w, &cur, &wb.out[len(wb.out)-1]); err != nil {
				wb.err = err
				break
			}
		}
		if wb.err == nil {
			wb.err = b.err
		}
		select {
		case free <- b:
		default:
		}
		last := wb.err != nil // (wb is another's once sent)
		select {
		case results <- wb:
		case <-ctx.Done():
			return
		}
		if last {
			return
		}
	}
}

// errBatchLost is what takeInOrder returns when the workers ended without the
// batch it waits for (which cannot happen unless a worker stopped early).
var errBatchLost = errors.New("a batch of orders to reconcile was lost")

// takeInOrder calls take with the results in the batches' order, then r.Unbilled
// with the unbilled orders; it returns at the first error, the batches' or its
// functions'.
func takeInOrder[T any](results <-chan *workedBatch[T], spare chan<- *workedBatch[T], r ReconcileRead, take func(*T) error) error {
	waiting := map[int]*workedBatch[T]{}
	next := 0
	var unbilled []UnbilledOrder
	for wb := range results {
		waiting[wb.seq] = wb
		for {
			wb, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			next++
			for i := range wb.out {
				if err := take(&wb.out[i]); err != nil {
					return err
				}
			}
			unbilled = append(unbilled, wb.unbilled...)
			if wb.err != nil {
				return wb.err
			}
			clear(wb.out) // (nothing kept alive through a spare)
			select {
			case spare <- wb:
			default:
			}
		}
	}
	if len(waiting) > 0 {
		return errBatchLost
	}
	for _, u := range unbilled {
		if err := r.Unbilled(u); err != nil {
			return err
		}
	}
	return nil
}
