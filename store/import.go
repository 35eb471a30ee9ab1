package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"

	"shipmode/crash"
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
	// Tracking is the carrier's tracking number the export gives ("": none, which
	// keeps the stored one). It is not the order's content: a new tracking number
	// alone keeps the order's decision.
	Tracking string
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
	// InvoiceLinesMatched counts the invoice lines, kept unmatched by earlier
	// invoice imports, that found their order among the orders of this call.
	InvoiceLinesMatched int
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
		sums, err := db.trackSummary(ctx, tx) // (before the import's row)
		if err != nil {
			return err
		}
		im, err := newImporter(ctx, tx, conn, opts, db.pg)
		if err != nil {
			return err
		}
		defer im.close()
		im.sums = sums
		if err := im.run(ctx, orders); err != nil {
			return err
		}
		if err := sums.finish(ctx, tx); err != nil {
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

const orderCols = `id, marketplace, ref, order_date, country, postal_code, currency, promised_days,
	parcel_length_mm, parcel_width_mm, parcel_height_mm, parcel_weight_g,
	lines, units, status, needs_product_data, hash, tracking, import_id`

// insertCols are the columns of a new order's insert that are parameters in every
// shape (rowShape), in the order of importRow.insertValues.
const insertCols = `id, marketplace, ref, order_date, country, postal_code, currency, promised_days, lines, units, hash`

const insertParams = 11

// bulkIndexes (the orders by key, by date and by country and date) are dropped
// before an import into an empty orders table and built after it: building an index at once is several times faster than growing it.
// Building one reads the whole table, though: the partial indexes of tracking
// numbers and of the orders needing product data, which many files' orders have
// none of, are dropped only when a new order of their kind comes (lazyIndexes).
const bulkIndexes = `'orders_key', 'orders_date', 'orders_country'`

// lazyIndexes are dropped by an import into an empty orders table when the first
// new order they would hold comes, and built after it: orders_tracking for an
// order with a tracking number, orders_needing_product_data for an order with a
// SKU that products do not know. The latter used to be grown: a first import of
// a million lines whose SKUs are all unknown (788,621 orders) took 1.1 s more CPU
// than of the same lines with known SKUs, mostly that growth on the single
// writer, where building the index takes some 0.3 s (a scan of the table and a
// sort of ids already in order, with the sorter of sortOnDisk; CPU seconds on the
// loaded 2-core machine). On SQLite it is grown again: its keys are the new
// orders' ids, which increase as the orders are written, so each is appended at
// its right edge, and the writer has time to spare while the reader prepares
// the rows (since the page cache is small and without a mutex). A million
// unknown-SKU lines on the 2-core AMD machine: 2.8 s instead of 3.0, three runs
// each, alternating.
var lazyIndexes = [...]string{"orders_tracking", "orders_needing_product_data"}

// bulkCacheKiB is the page cache of a first import's writer on SQLite (see
// pageCache): it appends the orders' pages, then builds the indexes it dropped
// (bulkIndexes) with SQLite's sorter in runs of this size, reading the table
// from the file mapped in memory (mapFile). A million lines (788,621 orders) on
// the 2-core AMD machine: 3.0 s instead of 4.2 with the store's 64 MiB, which the
// writer filled page by page (0.5 s of CPU, most of it the first touch of new
// memory) and which made the sorter's runs 64 MiB, sorted in memory the
// processor's caches do not hold (the key index 0.5 s instead of 1.0).
const bulkCacheKiB = 2048

type importer struct {
	tx       *sql.Tx
	conn     *sql.Conn // tx's connection, or nil (see batcher)
	opts     ImportOptions
	pg       bool  // on PostgreSQL
	change   int64 // the row version of the orders this import changes (0: none taken yet)
	res      ImportResult
	fresh    bool // the orders table was empty: bulk path
	nextID   int64
	importID int64
	wrote    bool                     // an order was inserted or updated
	indexSQL []string                 // CREATE INDEX statements to run after a fresh import
	lazySQL  [len(lazyIndexes)]string // lazyIndexes' CREATE INDEX statements while they stand (fresh path)
	maxID    int64                    // the largest id of the orders table (see orderInserter)
	autoIDs  bool                     // orders were written without their ids (orderInserter)
	raw      bool                     // new orders are written with rawInsert (SQLite)
	cache    func()                   // restores the connection's page cache (fresh path on SQLite; see bulkCacheKiB)

	// The dashboard's sums, told of an existing order before it changes.
	sums *summaryTracker

	// Owned by the reading goroutine while run runs.
	cancels   []orderKey       // keys the orders cancel, applied by finish
	known     map[string]bool  // SKUs in products
	skuIDs    map[string]int64 // the skus table
	nextSKUID int64

	insSKU  *sql.Stmt
	inserts map[rowShape]*orderInserter // new orders, by shape
	shapes  []rowShape                  // the keys of inserts, in the order made
	lines   orderLines
	// update path
	find                  *sql.Stmt // the stored orders of a full chunk's keys
	updOrder, delDecision *sql.Stmt
}

func newImporter(ctx context.Context, tx *sql.Tx, conn *sql.Conn, opts ImportOptions, pg bool) (*importer, error) {
	im := &importer{tx: tx, conn: conn, opts: opts, pg: pg, known: map[string]bool{}, skuIDs: map[string]int64{}}
	var exists bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM orders)`).Scan(&exists); err != nil {
		return nil, err
	}
	im.fresh = !exists
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM orders`).Scan(&im.nextID); err != nil {
		return nil, err
	}
	im.maxID = im.nextID - 1
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
	if err := tx.QueryRowContext(ctx, `INSERT INTO imports (source, imported_at, inserted, updated, unchanged)
		VALUES (?, ?, 0, 0, 0) RETURNING id`, opts.Source, nowMilli()).Scan(&im.importID); err != nil {
		return nil, err
	}
	if !pg && conn != nil {
		conn.Raw(func(dc any) error { _, _, im.raw = rawConnOf(dc); return nil })
	}
	if im.insSKU, err = tx.PrepareContext(ctx, `INSERT INTO skus (id, sku) VALUES (?, ?)`); err != nil {
		return nil, err
	}
	if im.fresh && !pg {
		im.cache = pageCache(ctx, tx, bulkCacheKiB)
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
	if _, err := im.tx.ExecContext(ctx, `DELETE FROM sku_days`); err != nil {
		return err
	}
	var names []string
	all := bulkIndexes + ", '" + strings.Join(lazyIndexes[:], "', '") + "'"
	indexes := `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND name IN (` + all + `)`
	if im.pg {
		indexes = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN (` + all + `)`
	}
	err := eachRow(ctx, im.tx, indexes,
		nil, func(r *sql.Rows) error {
			var name, ddl string
			if err := r.Scan(&name, &ddl); err != nil {
				return err
			}
			if i := slices.Index(lazyIndexes[:], name); i >= 0 {
				if !im.pg && name == "orders_needing_product_data" {
					return nil // grown on SQLite: see lazyIndexes
				}
				im.lazySQL[i] = ddl
				return nil
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
	im.inserts = map[rowShape]*orderInserter{}
	return im.lines.prepare(ctx, im.tx, im.conn, im.fresh)
}

// inserter is the writer of new orders of shape sh: its status, needs flag and
// import are literals, and a column the shape says the orders have none of is
// left out (NULL).
func (im *importer) inserter(ctx context.Context, sh rowShape) (*orderInserter, error) {
	if b := im.inserts[sh]; b != nil {
		return b, nil
	}
	for i, needed := range [len(lazyIndexes)]bool{sh.tracking, sh.needs} {
		if !needed || im.lazySQL[i] == "" {
			continue
		}
		// The first order of the index of a fresh import: the index is built after
		// the import, not grown (no statement of the import is running).
		if _, err := im.tx.ExecContext(ctx, "DROP INDEX "+lazyIndexes[i]); err != nil {
			return nil, err
		}
		im.indexSQL = append(im.indexSQL, im.lazySQL[i])
		im.lazySQL[i] = ""
	}
	b, err := im.newOrderInserter(ctx, sh)
	if err != nil {
		return nil, err
	}
	im.inserts[sh] = b
	im.shapes = append(im.shapes, sh)
	return b, nil
}

// flushOrders writes every queued new order.
func (im *importer) flushOrders(ctx context.Context) error {
	for _, sh := range im.shapes {
		if err := im.inserts[sh].flush(ctx, im); err != nil {
			return err
		}
	}
	return nil
}

// findSQL looks up the stored orders of n keys (ref, marketplace): a join with a
// VALUES table searches orders_key once per key (a row-value IN would scan).
func findSQL(n int) string {
	return `SELECT o.id, o.ref, o.marketplace, o.hash, o.status, coalesce(o.tracking, '') FROM (VALUES ` +
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
			lines = ?, units = ?, status = ?, needs_product_data = ?, hash = ?, tracking = coalesce(?, tracking),
			import_id = ?, changed_in = ? WHERE id = ?`},
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
	if im.cache != nil {
		im.cache()
	}
	for _, s := range []*sql.Stmt{im.insSKU, im.find, im.updOrder, im.delDecision} {
		if s != nil {
			s.Close()
		}
	}
	for _, b := range im.inserts {
		b.close()
	}
	im.lines.close()
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
	var panics crash.Group // a panic of the iterator, raised again on this goroutine
	firstID := im.nextID
	wg.Go(func() {
		defer close(chunks)
		defer panics.Catch(cancel)
		im.read(readCtx, orders, chunks, firstID)
	})
	err := im.writeChunks(ctx, chunks)
	cancel()
	for range chunks { // let the reader finish
	}
	wg.Wait()
	panics.Raise()
	if err != nil {
		return err
	}
	return im.finish(ctx)
}

func (im *importer) finish(ctx context.Context) error {
	if err := im.flushOrders(ctx); err != nil {
		return err
	}
	if err := im.checkAutoIDs(ctx); err != nil {
		return err
	}
	if im.fresh && len(im.indexSQL) > 0 {
		temp, mapped := func() {}, func() {}
		if !im.pg {
			temp, mapped = sortOnDisk(ctx, im.tx), mapFile(ctx, im.tx)
		}
		err := im.buildIndexes(ctx)
		mapped()
		temp()
		if err != nil {
			return err
		}
	}
	if err := im.lines.write(ctx); err != nil {
		return fmt.Errorf("write the orders' lines by SKU: %w", err)
	}
	if err := im.cancel(ctx); err != nil {
		return err
	}
	if im.wrote {
		// Invoice lines that arrived before their orders find them now (SPEC §8).
		n, err := matchWaiting(ctx, im.tx)
		if err != nil {
			return err
		}
		im.res.InvoiceLinesMatched = n
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

// buildIndexes builds the indexes a fresh import dropped (indexSQL).
func (im *importer) buildIndexes(ctx context.Context) error {
	for _, ddl := range im.indexSQL {
		// In a savepoint: PostgreSQL spoils the whole transaction when a statement
		// fails, unless it is rolled back to one.
		_, err := im.tx.ExecContext(ctx, "SAVEPOINT build_index")
		if err == nil {
			if _, err = im.tx.ExecContext(ctx, ddl); err != nil {
				if _, rerr := im.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT build_index"); rerr != nil {
					return fmt.Errorf("build index: %w", rerr)
				}
			}
		}
		if err != nil && errors.Is(mapErr(err), ErrConflict) && strings.Contains(ddl, "UNIQUE") {
			// The same key came more than once: merge, then build again.
			if err = im.mergeDuplicates(ctx); err == nil {
				_, err = im.tx.ExecContext(ctx, ddl)
			}
		}
		if err != nil {
			return fmt.Errorf("build index: %w", err)
		}
	}
	return nil
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
			needs_product_data, hash, tracking) = (SELECT order_date, country, postal_code, currency,
			promised_days, parcel_length_mm, parcel_width_mm, parcel_height_mm, parcel_weight_g, lines, units,
			needs_product_data, hash, coalesce(o2.tracking, orders.tracking) FROM orders AS o2 WHERE o2.id = ?), status = ? WHERE id = ?`,
			ds[j-1].id, int64(status), ds[i].id); err != nil {
			return err
		}
		for _, d := range ds[i+1 : j] {
			if _, err := im.tx.ExecContext(ctx, `DELETE FROM orders WHERE id = ?`, d.id); err != nil {
				return err
			}
			im.lines.drop(d.id)
		}
		im.lines.merge(ds[i].id, ds[j-1].id)
		i = j
	}
	return nil
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
		if err := im.sums.touch(ctx, im.tx, id); err != nil {
			return err
		}
		change, err := im.changeNo(ctx)
		if err != nil {
			return err
		}
		if _, err := im.tx.ExecContext(ctx, `UPDATE orders SET status = ?, import_id = ?, changed_in = ? WHERE id = ?`, int64(s), im.importID, change, id); err != nil {
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
