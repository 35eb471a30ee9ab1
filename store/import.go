package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"

	sqlite3 "modernc.org/sqlite/lib"
	"shipmode/logistics"
)

// ImportOptions tune ImportOrders.
type ImportOptions struct {
	Source string // the file the orders come from, kept with them
	// BeforeCommit, if set, is called once every order is written, before the
	// transaction commits; an error from it stores nothing and is returned. An
	// import writes what must reach the disk with it there (the rejected rows).
	BeforeCommit func() error
}

// NewOrder is an order to import, with the status its export gives it (0: not
// given).
type NewOrder struct {
	Order  logistics.Order
	Status logistics.Status
	// Cancel says the file cancels the order of this key (Order.Marketplace and
	// Order.Ref; the rest is ignored): once every order of the call is written, a
	// stored order of the key takes the status logistics.StatusAfterImport gives
	// and loses its decision, in the same transaction. A key not stored is ignored.
	Cancel bool
}

// ImportResult counts what ImportOrders did with the orders it was given.
type ImportResult struct {
	Inserted  int // new (marketplace, ref) keys
	Updated   int // known keys whose content or status changed
	Unchanged int // known keys with identical content
	Cancelled int // stored orders the call cancelled (NewOrder.Cancel)
}

// OrderSlice adapts a slice of orders without status to the iterator ImportOrders
// reads.
func OrderSlice(orders []logistics.Order) iter.Seq2[NewOrder, error] {
	return func(yield func(NewOrder, error) bool) {
		for _, o := range orders {
			if !yield(NewOrder{Order: o}, nil) {
				return
			}
		}
	}
}

// ImportOrders stores orders, keyed by (marketplace, ref), in one transaction: a new
// key is inserted (status Open when not given); a known key whose content changed is
// updated (lines replaced, override kept, its decision dropped unless the order is
// shipped); a known key with identical content is left alone, so re-importing a file
// changes nothing. A given status replaces the stored one, except that an import
// never reopens a shipped or cancelled order (an old export must not undo what a
// newer one said); cancelling drops the decision. A later occurrence of a key in the
// same call wins. New orders are numbered in the order given, except that into an
// empty table they are numbered in blocks nearly sorted by reference (see
// blockRows). A non-nil error from the iterator, an invalid order (empty
// reference or SKU, unknown status), a cancelled ctx or any failure stores nothing
// and is returned.
//
// This is also the bulk path (first import, demo): into an empty orders table it
// writes with multi-row statements and builds the indexes afterwards. orders is
// ranged over on a goroutine of its own, so that reading the file overlaps writing
// the database; the store keeps no reference to a yielded order's Lines.
func (db *DB) ImportOrders(ctx context.Context, orders iter.Seq2[NewOrder, error], opts ImportOptions) (ImportResult, error) {
	var res ImportResult
	what := "import orders"
	if opts.Source != "" {
		what = "import orders from " + opts.Source
	}
	run := func(tx *sql.Tx, conn *sql.Conn) error {
		im, err := newImporter(ctx, tx, conn, opts)
		if err != nil {
			return err
		}
		defer im.close()
		if err := im.run(ctx, orders); err != nil {
			return err
		}
		res = im.res
		if opts.BeforeCommit != nil {
			return opts.BeforeCommit()
		}
		return nil
	}
	var exists bool
	first := db.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM orders)`).Scan(&exists) == nil && !exists
	err := db.writeConn(ctx, what, first, run) // the first import: every page is new
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// importRow is an order ready to be written: the columns of the orders table.
type importRow struct {
	marketplace, ref, country, postal, currency string
	date, promised                              int64
	parcel                                      logistics.Parcel
	hasParcel                                   bool
	lines                                       string
	units                                       int64
	needs                                       bool
	hash                                        int64
	status                                      logistics.Status // 0: not given
	// vals are the values of a new order for its insert statement (orderCols, or
	// without the parcel newOrderCols), made by the reading goroutine to spare the
	// writing one: the id (index 0) is set by the writer.
	vals []any
}

// importChunk is what the reading goroutine hands the writing one.
type importChunk struct {
	skus []skuRow // new SKUs, to be written before rows
	rows []importRow
	err  error
}

type skuRow struct {
	id  int64
	sku string
}

const orderCols = `id, marketplace, ref, order_date, country, postal_code, currency, promised_days,
	parcel_length_mm, parcel_width_mm, parcel_height_mm, parcel_weight_g,
	lines, units, status, needs_product_data, hash, import_id`

const orderColCount = 18

// newOrderCols are orderCols for an order without a parcel, most of them: the four
// parcel columns are NULL literals, not parameters to bind.
const newOrderCols = `id, marketplace, ref, order_date, country, postal_code, currency, promised_days,
	lines, units, status, needs_product_data, hash,
	parcel_length_mm, parcel_width_mm, parcel_height_mm, parcel_weight_g, import_id`

const newOrderParams = 13

// bulkIndexes are dropped before an import into an empty orders table and built
// after it: building an index at once is several times faster than growing it.
const bulkIndexes = `'orders_key', 'orders_date'`

type importer struct {
	tx       *sql.Tx
	conn     *sql.Conn // tx's connection, or nil (see batcher)
	opts     ImportOptions
	res      ImportResult
	fresh    bool // the orders table was empty: bulk path
	nextID   int64
	importID int64
	wrote    bool     // an order was inserted or updated
	indexSQL []string // CREATE INDEX statements to run after a fresh import

	// Owned by the reading goroutine while run runs.
	cancels   []orderKey       // keys the orders cancel, applied by finish
	known     map[string]bool  // SKUs in products
	skuIDs    map[string]int64 // the skus table
	nextSKUID int64

	insSKU         *sql.Stmt
	orders         *batcher // new orders with a parcel
	ordersNoParcel *batcher // and without
	// update path
	find                  *sql.Stmt // the stored orders of a full chunk's keys
	updOrder, delDecision *sql.Stmt
}

func newImporter(ctx context.Context, tx *sql.Tx, conn *sql.Conn, opts ImportOptions) (*importer, error) {
	im := &importer{tx: tx, conn: conn, opts: opts, known: map[string]bool{}, skuIDs: map[string]int64{}}
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM orders)`).Scan(&exists); err != nil {
		return nil, err
	}
	im.fresh = exists == 0
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM orders`).Scan(&im.nextID); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM skus`).Scan(&im.nextSKUID); err != nil {
		return nil, err
	}
	err := eachRow(ctx, tx, `SELECT sku FROM products`, nil, func(r *sql.Rows) error {
		var sku string
		if err := r.Scan(&sku); err != nil {
			return err
		}
		im.known[sku] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, `SELECT id, sku FROM skus`, nil, func(r *sql.Rows) error {
		var id int64
		var sku string
		if err := r.Scan(&id, &sku); err != nil {
			return err
		}
		im.skuIDs[sku] = id
		return nil
	})
	if err != nil {
		return nil, err
	}
	// A row for this import, so that orders can name it; deleted again by finish if
	// nothing changed.
	res, err := tx.ExecContext(ctx, `INSERT INTO imports (source, imported_at, inserted, updated, unchanged)
		VALUES (?, ?, 0, 0, 0)`, opts.Source, nowMilli())
	if err != nil {
		return nil, err
	}
	if im.importID, err = res.LastInsertId(); err != nil {
		return nil, err
	}
	if im.insSKU, err = tx.PrepareContext(ctx, `INSERT INTO skus (id, sku) VALUES (?, ?)`); err != nil {
		return nil, err
	}
	if im.fresh {
		return im, im.prepareFresh(ctx)
	}
	return im, im.prepareUpdate(ctx)
}

// eachRow runs query and calls fn for each row.
func eachRow(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (im *importer) prepareFresh(ctx context.Context) error {
	// Decisions have no foreign key; with no orders, any left would be orphans that
	// the new orders' ids could meet.
	if _, err := im.tx.ExecContext(ctx, `DELETE FROM decisions`); err != nil {
		return err
	}
	var names []string
	err := eachRow(ctx, im.tx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND name IN (`+bulkIndexes+`)`,
		nil, func(r *sql.Rows) error {
			var name, ddl string
			if err := r.Scan(&name, &ddl); err != nil {
				return err
			}
			names = append(names, name)
			im.indexSQL = append(im.indexSQL, ddl)
			return nil
		})
	if err != nil {
		return err
	}
	for _, name := range names {
		if _, err := im.tx.ExecContext(ctx, "DROP INDEX "+name); err != nil {
			return err
		}
	}
	return im.prepareInsert(ctx)
}

func (im *importer) prepareInsert(ctx context.Context) error {
	// The import is the same for every row: a literal, not a parameter.
	var err error
	im.orders, err = newBatcher(ctx, im.tx, im.conn, batchSpec{head: "INSERT INTO orders (" + orderCols + ")",
		cols: orderColCount - 1, literals: strconv.FormatInt(im.importID, 10), rowsPer: 256})
	if err != nil {
		return err
	}
	im.ordersNoParcel, err = newBatcher(ctx, im.tx, im.conn, batchSpec{head: "INSERT INTO orders (" + newOrderCols + ")",
		cols: newOrderParams, literals: "NULL, NULL, NULL, NULL, " + strconv.FormatInt(im.importID, 10), rowsPer: 256})
	return err
}

// flushOrders writes every queued new order.
func (im *importer) flushOrders(ctx context.Context) error {
	if err := im.orders.flush(ctx); err != nil {
		return err
	}
	return im.ordersNoParcel.flush(ctx)
}

// findSQL looks up the stored orders of n keys (ref, marketplace): a join with a
// VALUES table searches orders_key once per key (a row-value IN would scan).
func findSQL(n int) string {
	return `SELECT o.id, o.ref, o.marketplace, o.hash, o.status FROM (VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ") +
		`) AS k JOIN orders o ON o.ref = k.column1 AND o.marketplace = k.column2`
}

func (im *importer) prepareUpdate(ctx context.Context) error {
	stmts := []struct {
		s   **sql.Stmt
		sql string
	}{
		{&im.find, findSQL(chunkRows)},
		{&im.updOrder, `UPDATE orders SET order_date = ?, country = ?, postal_code = ?, currency = ?, promised_days = ?,
			parcel_length_mm = ?, parcel_width_mm = ?, parcel_height_mm = ?, parcel_weight_g = ?,
			lines = ?, units = ?, status = ?, needs_product_data = ?, hash = ?, import_id = ? WHERE id = ?`},
		{&im.delDecision, `DELETE FROM decisions WHERE order_id = ?`},
	}
	for _, s := range stmts {
		var err error
		if *s.s, err = im.tx.PrepareContext(ctx, s.sql); err != nil {
			return fmt.Errorf("prepare %q: %w", s.sql, err)
		}
	}
	return im.prepareInsert(ctx)
}

func (im *importer) close() {
	for _, s := range []*sql.Stmt{im.insSKU, im.find, im.updOrder, im.delDecision} {
		if s != nil {
			s.Close()
		}
	}
	for _, b := range []*batcher{im.orders, im.ordersNoParcel} {
		if b != nil {
			b.close()
		}
	}
}

// run reads orders on a goroutine of its own, which prepares rows (validation,
// hashing, SKU ids, the lines text) in chunks, and writes them on this one.
func (im *importer) run(ctx context.Context, orders iter.Seq2[NewOrder, error]) error {
	readCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Room for a block and a bit: the reader reads the next block while the writer
	// writes this one.
	chunks := make(chan importChunk, blockRows/chunkRows+4)
	var wg sync.WaitGroup
	var panicked any // a panic of the iterator, raised again on this goroutine
	wg.Go(func() {
		defer close(chunks)
		defer func() {
			if p := recover(); p != nil {
				panicked = p
				cancel()
			}
		}()
		im.read(readCtx, orders, chunks)
	})
	err := im.writeChunks(ctx, chunks)
	cancel()
	for range chunks { // let the reader finish
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
	if err != nil {
		return err
	}
	return im.finish(ctx)
}

const chunkRows = 512

// blockRows: on the fresh path the reader hands orders over in blocks of this many,
// each nearly in key order (by the first 8 bytes of the reference, see keyPrefix),
// so that the orders table holds its keys in sorted runs. SQLite builds the key
// index from such runs in half the time a million keys in random order take (0.5 s
// instead of 1.05 s on the 2-core machine), while dates keep the file's order at the
// scale of a block (the date index takes 0.28 s instead of 0.24 s). A new order's id
// follows its place in its block; rows of one key keep their file order.
const blockRows = 8192

// read prepares rows (validation, hashing, SKU ids, the lines text) and sends them to
// out in chunks of at most chunkRows, a block at a time.
func (im *importer) read(ctx context.Context, orders iter.Seq2[NewOrder, error], out chan<- importChunk) {
	send := func(c importChunk) bool {
		select {
		case out <- c:
			return true
		case <-ctx.Done():
			return false
		}
	}
	size := chunkRows
	if im.fresh {
		size = blockRows
	}
	block := make([]importRow, 0, size)
	var skus []skuRow // new SKUs of the block, sent with its first chunk
	var order []keyPrefix
	flush := func() bool {
		if im.fresh {
			order = sortBlock(block, order)
		}
		for done := 0; done < len(block) || len(skus) > 0; {
			c := importChunk{skus: skus, rows: make([]importRow, 0, min(chunkRows, len(block)-done))}
			skus = nil
			for ; done < len(block) && len(c.rows) < chunkRows; done++ {
				i := done
				if im.fresh {
					i = int(order[done].i)
				}
				c.rows = append(c.rows, block[i])
			}
			packStrings(c.rows)
			for i := range c.rows {
				c.rows[i].vals = c.rows[i].insertValues()
			}
			if !send(c) {
				return false
			}
		}
		clear(block)
		block = block[:0]
		return true
	}
	var buf []byte
	for n, err := range orders {
		o := &n.Order
		if err == nil && n.Cancel {
			im.cancels = append(im.cancels, orderKey{strings.Clone(o.Ref), strings.Clone(o.Marketplace)})
			continue
		}
		if err == nil {
			err = checkOrder(o, n.Status)
		}
		if err != nil {
			send(importChunk{err: err})
			return
		}
		r := importRow{marketplace: o.Marketplace, ref: o.Ref, country: o.Country, postal: o.PostalCode,
			currency: o.Currency, date: int64(o.Date), promised: int64(o.PromisedDays), hash: orderHash(o), status: n.Status}
		if o.Parcel != nil {
			r.parcel, r.hasParcel = *o.Parcel, true
		}
		buf = buf[:0]
		for i := range o.Lines {
			l := &o.Lines[i]
			id, ok := im.skuIDs[l.SKU]
			if !ok {
				id = im.nextSKUID
				im.nextSKUID++
				im.skuIDs[l.SKU] = id
				skus = append(skus, skuRow{id, l.SKU})
			}
			if !im.known[l.SKU] {
				r.needs = true
			}
			r.units += l.Qty
			buf = appendLine(buf, id, l.Qty, l.UnitPrice)
		}
		r.lines = string(buf)
		block = append(block, r)
		if len(block) == size && !flush() {
			return
		}
	}
	flush()
}

// sortBlock returns the places of block's rows in nearly key order, reusing order.
func sortBlock(block []importRow, order []keyPrefix) []keyPrefix {
	order = order[:0]
	for i := range block {
		order = append(order, keyPrefix{prefixOf(block[i].ref), int32(i)})
	}
	slices.SortFunc(order, func(a, b keyPrefix) int {
		if c := cmp.Compare(a.prefix, b.prefix); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	return order
}

// keyPrefix is the place of a row in its block under the first 8 bytes of its
// reference, in string order: sorting by it puts a block in key order nearly (rows
// whose references share 8 bytes keep the file's order), and costs a fraction of
// sorting by whole strings.
type keyPrefix struct {
	prefix uint64
	i      int32
}

func prefixOf(ref string) uint64 {
	var p uint64
	for i := range 8 {
		p <<= 8
		if i < len(ref) {
			p |= uint64(ref[i])
		}
	}
	return p
}

// packStrings copies the reference, postal code and lines of rows into one string,
// in the rows' order, so that the writer reads them from consecutive memory rather
// than from wherever they were parsed (a block's rows leave its sort out of order).
func packStrings(rows []importRow) {
	n := 0
	for i := range rows {
		n += len(rows[i].ref) + len(rows[i].postal) + len(rows[i].lines)
	}
	var b strings.Builder
	b.Grow(n)
	for i := range rows {
		b.WriteString(rows[i].ref)
		b.WriteString(rows[i].postal)
		b.WriteString(rows[i].lines)
	}
	all := b.String()
	for i := range rows {
		r := &rows[i]
		r.ref, all = all[:len(r.ref)], all[len(r.ref):]
		r.postal, all = all[:len(r.postal)], all[len(r.postal):]
		r.lines, all = all[:len(r.lines)], all[len(r.lines):]
	}
}

func checkOrder(o *logistics.Order, s logistics.Status) error {
	if strings.TrimSpace(o.Ref) == "" {
		return fmt.Errorf("order in %q: %w: empty order reference", o.Marketplace, ErrInvalid)
	}
	if s > logistics.Cancelled {
		return fmt.Errorf("order %s: %w: status %d", o.Ref, ErrInvalid, s)
	}
	// A line without a SKU is kept: the order needs product data, it is not lost.
	return nil
}

func (im *importer) writeChunks(ctx context.Context, chunks <-chan importChunk) error {
	for c := range chunks {
		for _, s := range c.skus {
			if _, err := im.insSKU.ExecContext(ctx, s.id, s.sku); err != nil {
				return fmt.Errorf("add SKU %s: %w", s.sku, err)
			}
		}
		if err := im.write(ctx, c.rows); err != nil {
			return err
		}
		if c.err != nil {
			return c.err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// insertValues are the parameters of r's insert as a new order (see vals).
func (r *importRow) insertValues() []any {
	if r.hasParcel {
		return r.values(0, newStatus(r.status))
	}
	needs := int64(0)
	if r.needs {
		needs = 1
	}
	return []any{int64(0), r.marketplace, r.ref, r.date, r.country, r.postal, r.currency, r.promised,
		r.lines, r.units, int64(newStatus(r.status)), needs, r.hash}
}

// values are the orderCols values of r but import_id, with status s.
func (r *importRow) values(id int64, s logistics.Status) []any {
	var pl, pw, ph, pg any
	if r.hasParcel {
		pl, pw, ph, pg = r.parcel.LengthMM, r.parcel.WidthMM, r.parcel.HeightMM, r.parcel.WeightG
	}
	needs := int64(0)
	if r.needs {
		needs = 1
	}
	return []any{id, r.marketplace, r.ref, r.date, r.country, r.postal, r.currency, r.promised,
		pl, pw, ph, pg, r.lines, r.units, int64(s), needs, r.hash}
}

// newStatus is the status of a new order given s.
func newStatus(s logistics.Status) logistics.Status { return logistics.StatusAfterImport(0, s) }

// nextStatus is the status of a stored order with status old imported with s.
func nextStatus(old, s logistics.Status) logistics.Status { return logistics.StatusAfterImport(old, s) }

// orderKey is the key of an order.
type orderKey struct{ ref, marketplace string }

// stored is what the update path needs of a stored order.
type stored struct {
	id, hash int64
	status   logistics.Status
}

// write writes a chunk of rows: on the fresh path all inserts; on the update path
// with one lookup of the chunk's keys.
func (im *importer) write(ctx context.Context, rows []importRow) error {
	if im.fresh {
		for i := range rows {
			if err := im.insert(ctx, &rows[i]); err != nil {
				return err
			}
		}
		return nil
	}
	if len(rows) == 0 {
		return nil
	}
	// Orders inserted from earlier chunks must be visible to the lookup.
	if err := im.flushOrders(ctx); err != nil {
		return err
	}
	found, err := im.lookup(ctx, rows)
	if err != nil {
		return err
	}
	for i := range rows {
		r := &rows[i]
		k := orderKey{r.ref, r.marketplace}
		old, ok := found[k]
		if !ok {
			found[k] = stored{im.nextID, r.hash, newStatus(r.status)}
			if err := im.insert(ctx, r); err != nil {
				return err
			}
			continue
		}
		status := nextStatus(old.status, r.status)
		if old.hash == r.hash && status == old.status {
			im.res.Unchanged++
			continue
		}
		found[k] = stored{old.id, r.hash, status}
		if err := im.update(ctx, r, old, status); err != nil {
			return fmt.Errorf("order %s %s: %w", r.marketplace, r.ref, err)
		}
	}
	return nil
}

// lookup returns the stored orders of the keys of rows.
func (im *importer) lookup(ctx context.Context, rows []importRow) (map[orderKey]stored, error) {
	args := make([]any, 0, 2*len(rows))
	for i := range rows {
		args = append(args, rows[i].ref, rows[i].marketplace)
	}
	var q *sql.Rows
	var err error
	if len(rows) == chunkRows {
		q, err = im.find.QueryContext(ctx, args...)
	} else {
		q, err = im.tx.QueryContext(ctx, findSQL(len(rows)), args...)
	}
	if err != nil {
		return nil, err
	}
	defer q.Close()
	found := make(map[orderKey]stored, len(rows))
	for q.Next() {
		var k orderKey
		var s stored
		if err := q.Scan(&s.id, &k.ref, &k.marketplace, &s.hash, &s.status); err != nil {
			return nil, err
		}
		found[k] = s
	}
	return found, q.Err()
}

// insert queues a new order.
func (im *importer) insert(ctx context.Context, r *importRow) error {
	id := im.nextID
	im.nextID++
	im.res.Inserted++
	im.wrote = true
	r.vals[0] = id
	b := im.orders
	if !r.hasParcel {
		b = im.ordersNoParcel
	}
	if b.add(r.vals...) {
		return b.execFull(ctx)
	}
	return nil
}

// update replaces a stored order's content and status.
func (im *importer) update(ctx context.Context, r *importRow, old stored, status logistics.Status) error {
	// It may be one queued by this chunk.
	if err := im.flushOrders(ctx); err != nil {
		return err
	}
	v := r.values(old.id, status)
	if _, err := im.updOrder.ExecContext(ctx, append(v[3:], im.importID, old.id)...); err != nil {
		return err
	}
	if !logistics.KeepsDecision(old.status, status, old.hash != r.hash) {
		if _, err := im.delDecision.ExecContext(ctx, old.id); err != nil {
			return err
		}
	}
	im.res.Updated++
	im.wrote = true
	return nil
}

func (im *importer) finish(ctx context.Context) error {
	if err := im.flushOrders(ctx); err != nil {
		return err
	}
	if im.fresh {
		for _, ddl := range im.indexSQL {
			_, err := im.tx.ExecContext(ctx, ddl)
			if err != nil && isCode(err, sqlite3.SQLITE_CONSTRAINT) && strings.Contains(ddl, "UNIQUE") {
				// The same key came more than once: merge, then build again.
				if err = im.mergeDuplicates(ctx); err == nil {
					_, err = im.tx.ExecContext(ctx, ddl)
				}
			}
			if err != nil {
				return fmt.Errorf("build index: %w", err)
			}
		}
	}
	if err := im.cancel(ctx); err != nil {
		return err
	}
	if !im.wrote {
		// Nothing changed: leave no trace.
		_, err := im.tx.ExecContext(ctx, `DELETE FROM imports WHERE id = ?`, im.importID)
		return err
	}
	_, err := im.tx.ExecContext(ctx, `UPDATE imports SET inserted = ?, updated = ?, unchanged = ? WHERE id = ?`,
		im.res.Inserted, im.res.Updated, im.res.Unchanged, im.importID)
	return err
}

// mergeDuplicates resolves keys that a fresh import inserted more than once, as the
// update path would have: the first row keeps its id and takes the last row's
// content and the status the sequence leads to; the others are removed. Counts move
// from Inserted to Updated or Unchanged.
func (im *importer) mergeDuplicates(ctx context.Context) error {
	type dup struct {
		id, hash         int64
		status           logistics.Status
		ref, marketplace string
	}
	var ds []dup
	err := eachRow(ctx, im.tx, `SELECT id, ref, marketplace, hash, status FROM orders
		WHERE (ref, marketplace) IN (SELECT ref, marketplace FROM orders GROUP BY ref, marketplace HAVING count(*) > 1)
		ORDER BY ref, marketplace, id`, nil, func(r *sql.Rows) error {
		var d dup
		if err := r.Scan(&d.id, &d.ref, &d.marketplace, &d.hash, &d.status); err != nil {
			return err
		}
		ds = append(ds, d)
		return nil
	})
	if err != nil {
		return err
	}
	for i := 0; i < len(ds); {
		status, hash := ds[i].status, ds[i].hash
		j := i + 1
		for ; j < len(ds) && ds[j].ref == ds[i].ref && ds[j].marketplace == ds[i].marketplace; j++ {
			next := nextStatus(status, ds[j].status)
			if ds[j].hash == hash && next == status {
				im.res.Unchanged++
			} else {
				im.res.Updated++
			}
			im.res.Inserted--
			status, hash = next, ds[j].hash
		}
		if _, err := im.tx.ExecContext(ctx, `UPDATE orders SET (order_date, country, postal_code, currency,
			promised_days, parcel_length_mm, parcel_width_mm, parcel_height_mm, parcel_weight_g, lines, units,
			needs_product_data, hash) = (SELECT order_date, country, postal_code, currency,
			promised_days, parcel_length_mm, parcel_width_mm, parcel_height_mm, parcel_weight_g, lines, units,
			needs_product_data, hash FROM orders WHERE id = ?), status = ? WHERE id = ?`,
			ds[j-1].id, int64(status), ds[i].id); err != nil {
			return err
		}
		for _, d := range ds[i+1 : j] {
			if _, err := im.tx.ExecContext(ctx, `DELETE FROM orders WHERE id = ?`, d.id); err != nil {
				return err
			}
		}
		i = j
	}
	return nil
}

// appendLine appends one line in the orders.lines format: ";<sku id> <qty> <price>".
func appendLine(b []byte, skuID, qty int64, price logistics.Dec) []byte {
	b = append(b, ';')
	b = strconv.AppendInt(b, skuID, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, qty, 10)
	b = append(b, ' ')
	return appendDec(b, price)
}

// appendDec appends d as a plain decimal ("12.99", "5", "-0.5").
func appendDec(b []byte, d logistics.Dec) []byte {
	v := int64(d)
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/logistics.DecScale, 10)
	frac := v % logistics.DecScale
	if frac == 0 {
		return b
	}
	var digits [logistics.DecDigits]byte
	for i := len(digits) - 1; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	n := len(digits)
	for digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}

// eachLine calls fn for each line of an orders.lines text.
func eachLine(s string, fn func(skuID, qty int64, price logistics.Dec) error) error {
	for s != "" {
		if s[0] != ';' {
			return fmt.Errorf("lines %q: want ';'", s)
		}
		s = s[1:]
		entry := s
		if i := strings.IndexByte(s, ';'); i >= 0 {
			entry, s = s[:i], s[i:]
		} else {
			s = ""
		}
		idText, rest, ok1 := strings.Cut(entry, " ")
		qtyText, priceText, ok2 := strings.Cut(rest, " ")
		if !ok1 || !ok2 {
			return fmt.Errorf("line %q: want 3 fields", entry)
		}
		id, err1 := strconv.ParseInt(idText, 10, 64)
		qty, err2 := strconv.ParseInt(qtyText, 10, 64)
		price, err3 := logistics.ParseDec(priceText)
		if err := errors.Join(err1, err2, err3); err != nil {
			return fmt.Errorf("line %q: %w", entry, err)
		}
		if err := fn(id, qty, price); err != nil {
			return err
		}
	}
	return nil
}

// orderHash is a 64-bit hash of everything ImportOrders stores of o, to tell an
// identical re-import from a changed order. It must not change between versions.
func orderHash(o *logistics.Order) int64 {
	h := hasher{h: 0x9e3779b97f4a7c15}
	h.str(o.Marketplace)
	h.str(o.Ref)
	h.int(int64(o.Date))
	h.str(o.Country)
	h.str(o.PostalCode)
	h.str(o.Currency)
	h.int(int64(o.PromisedDays))
	if p := o.Parcel; p != nil {
		h.int(1)
		h.int(p.LengthMM)
		h.int(p.WidthMM)
		h.int(p.HeightMM)
		h.int(p.WeightG)
	} else {
		h.int(0)
	}
	h.int(int64(len(o.Lines)))
	for i := range o.Lines {
		h.str(o.Lines[i].SKU)
		h.int(o.Lines[i].Qty)
		h.int(int64(o.Lines[i].UnitPrice))
	}
	return int64(h.sum())
}

// hasher mixes 64-bit words (a multiply-xorshift hash, not cryptographic).
type hasher struct{ h uint64 }

func (f *hasher) int(v int64) {
	f.h = (f.h ^ uint64(v)) * 0xff51afd7ed558ccd
	f.h ^= f.h >> 32
}

// str mixes s and its length, so that ("ab","c") and ("a","bc") differ.
func (f *hasher) str(s string) {
	f.int(int64(len(s)))
	for len(s) >= 8 {
		f.int(int64(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56))
		s = s[8:]
	}
	var w uint64
	for i := 0; i < len(s); i++ {
		w |= uint64(s[i]) << (8 * i)
	}
	f.int(int64(w))
}

func (f *hasher) sum() uint64 {
	h := f.h
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// cancel applies the cancellations of the call to the stored orders of their keys.
func (im *importer) cancel(ctx context.Context) error {
	if len(im.cancels) == 0 {
		return nil
	}
	find, err := im.tx.PrepareContext(ctx, `SELECT id, status FROM orders WHERE ref = ? AND marketplace = ?`)
	if err != nil {
		return err
	}
	defer find.Close()
	for _, k := range im.cancels {
		var id int64
		var old logistics.Status
		err := find.QueryRowContext(ctx, k.ref, k.marketplace).Scan(&id, &old)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return err
		}
		s := logistics.StatusAfterImport(old, logistics.Cancelled)
		if s == old {
			continue
		}
		if _, err := im.tx.ExecContext(ctx, `UPDATE orders SET status = ?, import_id = ? WHERE id = ?`, int64(s), im.importID, id); err != nil {
			return fmt.Errorf("cancel order %s %s: %w", k.marketplace, k.ref, err)
		}
		if !logistics.KeepsDecision(old, s, false) {
			if _, err := im.tx.ExecContext(ctx, `DELETE FROM decisions WHERE order_id = ?`, id); err != nil {
				return err
			}
		}
		im.res.Cancelled++
		im.wrote = true
	}
	return nil
}
