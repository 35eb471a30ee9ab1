package store

import (
	"context"
	"fmt"
	"strings"
)

// orderInserter writes the new orders of one shape (rowShape) in multi-row
// statements of rowsPer rows. Rows wait in args, each starting with its id (or in
// rows, see rawWithID).
//
// On SQLite a statement whose rows continue the table's ids (the first is one
// more than the largest id written, the others follow it) leaves the id out:
// SQLite then gives each row the next rowid itself, the same id, without the
// search of the table's b-tree that an explicit INTEGER PRIMARY KEY costs each
// row to check it is free (0.43 of the 7.98 billion instructions of a first
// import of 200,000 lines under cachegrind, some 8% of its single writer). A
// file whose orders are all of one shape — a generic export, the bench's files —
// writes every order so; rows of shapes that alternate do not continue one
// another and keep their explicit ids.
type orderInserter struct {
	withID *batcher // every column, the id first
	noID   *batcher // without the id (SQLite only; nil: always withID)
	args   []any
	tail   []any // scratch: args without the ids

	// With rawInsert (SQLite, im.raw), rows wait in rows instead of args, and a
	// statement's worth is bound from their fields (rawValues): no interface value
	// is made for them (the reading goroutine's insertValues), and the full
	// statements of withID and noID run with rawWithID and rawNoID.
	shape              rowShape
	rows               []*importRow
	rawWithID, rawNoID *rawInsert
	vals               []rawValue // scratch
}

// add queues r, numbered r.id; it returns true when a full statement's worth of
// rows is waiting (call execFull).
func (o *orderInserter) add(r *importRow) bool {
	if o.rawWithID != nil {
		o.rows = append(o.rows, r)
		return len(o.rows) >= o.withID.rowsPer
	}
	r.vals[0] = r.id
	o.args = append(o.args, r.vals...)
	return len(o.args) >= o.withID.cols*o.withID.rowsPer
}

// execFull writes the waiting rows if they fill a statement.
func (o *orderInserter) execFull(ctx context.Context, im *importer) error {
	if len(o.rows) < o.withID.rowsPer && len(o.args) < o.withID.cols*o.withID.rowsPer {
		return nil
	}
	return o.flush(ctx, im)
}

// flushRows writes the rows of a full statement with rawInsert.
func (o *orderInserter) flushRows(ctx context.Context, im *importer) error {
	n := len(o.rows)
	first := o.rows[0].id
	auto := first == im.maxID+1
	for i := 1; i < n && auto; i++ {
		auto = o.rows[i].id == first+int64(i)
	}
	o.vals = o.vals[:0]
	for _, r := range o.rows {
		if !auto {
			o.vals = append(o.vals, intValue(r.id))
		}
		o.vals = r.appendRawValues(o.vals, o.shape)
	}
	raw := o.rawWithID
	if auto {
		raw = o.rawNoID
		im.autoIDs = true
	}
	if err := raw.exec(ctx, o.vals); err != nil {
		return err
	}
	for _, r := range o.rows {
		im.maxID = max(im.maxID, r.id)
	}
	clear(o.vals)
	clear(o.rows)
	o.rows = o.rows[:0]
	return nil
}

// flush writes every waiting row (at most a statement's worth).
func (o *orderInserter) flush(ctx context.Context, im *importer) error {
	if len(o.rows) == o.withID.rowsPer {
		return o.flushRows(ctx, im)
	}
	for _, r := range o.rows { // fewer than a statement's worth: the batchers'
		v := r.insertValues()
		v[0] = r.id
		o.args = append(o.args, v...)
	}
	clear(o.rows)
	o.rows = o.rows[:0]
	if len(o.args) == 0 {
		return nil
	}
	cols := o.withID.cols
	n := len(o.args) / cols
	first := o.args[0].(int64)
	last := o.args[(n-1)*cols].(int64)
	var err error
	if o.noID != nil && first == im.maxID+1 && last == first+int64(n-1) && o.consecutive(n) {
		o.tail = o.tail[:0]
		for i := 0; i < n; i++ {
			o.tail = append(o.tail, o.args[i*cols+1:(i+1)*cols]...)
		}
		err = o.noID.exec(ctx, o.tail)
		clear(o.tail)
		im.autoIDs = true
	} else {
		err = o.withID.exec(ctx, o.args)
	}
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		im.maxID = max(im.maxID, o.args[i*cols].(int64))
	}
	clear(o.args)
	o.args = o.args[:0]
	return nil
}

// consecutive says whether the ids of the n waiting rows follow one another.
func (o *orderInserter) consecutive(n int) bool {
	cols := o.withID.cols
	prev := o.args[0].(int64)
	for i := 1; i < n; i++ {
		id := o.args[i*cols].(int64)
		if id != prev+1 {
			return false
		}
		prev = id
	}
	return true
}

func (o *orderInserter) close() {
	o.withID.close()
	if o.noID != nil {
		o.noID.close()
	}
	for _, r := range []*rawInsert{o.rawWithID, o.rawNoID} {
		if r != nil {
			r.close()
		}
	}
}

// checkAutoIDs makes sure that the ids SQLite gave the rows written without one
// are those the import counted on (the lines by SKU name them): the largest id
// stored is the largest the import wrote.
func (im *importer) checkAutoIDs(ctx context.Context) error {
	if !im.autoIDs {
		return nil
	}
	var top int64
	if err := im.tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM orders`).Scan(&top); err != nil {
		return err
	}
	if top != im.maxID {
		return fmt.Errorf("internal error: the orders' ids end at %d, not at %d", top, im.maxID)
	}
	return nil
}

// newOrderInserter prepares the statements of the new orders of shape sh.
func (im *importer) newOrderInserter(ctx context.Context, sh rowShape) (*orderInserter, error) {
	cols, n := insertCols, insertParams
	if sh.tracking {
		cols, n = cols+", tracking", n+1
	}
	if sh.parcel {
		cols, n = cols+", parcel_length_mm, parcel_width_mm, parcel_height_mm, parcel_weight_g", n+4
	}
	needs := 0
	if sh.needs {
		needs = 1
	}
	literals := fmt.Sprintf("%d, %d, %d", sh.status, needs, im.importID)
	o := &orderInserter{shape: sh}
	var err error
	o.withID, err = newBatcher(ctx, im.tx, im.conn, batchSpec{head: "INSERT INTO orders (" + cols + ", status, needs_product_data, import_id)",
		cols: n, literals: literals, rowsPer: 256})
	if err != nil {
		return nil, err
	}
	if !im.pg {
		o.noID, err = newBatcher(ctx, im.tx, im.conn, batchSpec{head: "INSERT INTO orders (" + strings.TrimPrefix(cols, "id, ") + ", status, needs_product_data, import_id)",
			cols: n - 1, literals: literals, rowsPer: 256})
		if err != nil {
			o.withID.close()
			return nil, err
		}
	}
	if im.raw {
		if o.rawWithID, err = newRawInsert(ctx, im.conn, o.withID.sql(o.withID.rowsPer), n*o.withID.rowsPer); err == nil {
			o.rawNoID, err = newRawInsert(ctx, im.conn, o.noID.sql(o.noID.rowsPer), (n-1)*o.noID.rowsPer)
		}
		if err == nil && (o.rawWithID == nil || o.rawNoID == nil) {
			err = fmt.Errorf("internal error: no SQLite handle for the orders' statements")
		}
		if err != nil {
			o.close()
			return nil, err
		}
		o.rows = make([]*importRow, 0, o.withID.rowsPer)
	}
	o.args = make([]any, 0, n*256)
	return o, nil
}
