package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"

	"shipmode/logistics"
)

// The order_lines table (migration 6) holds each order's units per SKU beside the
// lines text of orders, clustered by SKU and date, so that the orders of a SKU in a
// period are one range of its key. The order import keeps it in step (orderLines).

// lineRow is a row of order_lines (24 bytes: a first import of a million orders
// keeps a million of them).
type lineRow struct {
	sku, date  int32 // skus.id and logistics.Date both stay far below 2³¹
	order, qty int64
}

func compareLineRows(a, b lineRow) int {
	return cmp.Or(cmp.Compare(a.sku, b.sku), cmp.Compare(a.date, b.date), cmp.Compare(a.order, b.order))
}

// lineRowsChunk is how many rows a fresh import collects per allocation.
const lineRowsChunk = 1 << 16

const insertLinesHead = "INSERT INTO order_lines (sku_id, order_date, order_id, qty)"

// addSKUQty adds qty units of the SKU id to the (id, units) pairs of an order.
func addSKUQty(pairs []int64, id, qty int64) []int64 {
	for i := 0; i < len(pairs); i += 2 {
		if pairs[i] == id {
			pairs[i+1] += qty
			return pairs
		}
	}
	return append(pairs, id, qty)
}

// orderLines writes the order_lines rows of an import. Into an empty orders table
// (the fresh path) it keeps the new orders' rows in memory, sorts them on a
// goroutine of its own while the orders' indexes are built (startSort), and
// appends them to the table in key order (writeFresh): a million rows then cost
// a first import about 1.7 s of CPU on the 2-core machine, where inserting them in
// order id order took 2.2 s and a secondary index over them another 2.6 s.
// Otherwise it inserts each new order's rows as they come, and replaces a changed
// order's.
type orderLines struct {
	tx     *sql.Tx
	conn   *sql.Conn
	fresh  bool
	chunks [][]lineRow     // fresh path: the new orders' rows
	sorted chan []lineRow  // fresh path: every row, sorted by key (startSort)
	moves  map[int64]int64 // fresh path: merged duplicates' orders → the order their rows go to (0: none)
	ins    *batcher        // other paths
	old    *sql.Stmt       // a stored order's date and lines text
	del    *sql.Stmt       // one row
}

func (l *orderLines) prepare(ctx context.Context, tx *sql.Tx, conn *sql.Conn, fresh bool) error {
	l.tx, l.conn, l.fresh = tx, conn, fresh
	if fresh {
		return nil
	}
	var err error
	if l.ins, err = newBatcher(ctx, tx, conn, batchSpec{head: insertLinesHead, cols: 4, rowsPer: 64}); err != nil {
		return err
	}
	if l.old, err = tx.PrepareContext(ctx, `SELECT order_date, lines FROM orders WHERE id = ?`); err != nil {
		return err
	}
	l.del, err = tx.PrepareContext(ctx, `DELETE FROM order_lines WHERE sku_id = ? AND order_date = ? AND order_id = ?`)
	return err
}

// add writes (or keeps, on the fresh path) the rows of the new order id made of r.
func (l *orderLines) add(ctx context.Context, id int64, r *importRow) error {
	if l.fresh {
		for i := 0; i < len(r.skuQty); i += 2 {
			if n := len(l.chunks); n == 0 || len(l.chunks[n-1]) == lineRowsChunk {
				l.chunks = append(l.chunks, make([]lineRow, 0, lineRowsChunk))
			}
			c := &l.chunks[len(l.chunks)-1]
			*c = append(*c, lineRow{int32(r.skuQty[i]), int32(r.date), id, r.skuQty[i+1]})
		}
		return nil
	}
	full := false
	for i := 0; i < len(r.skuQty); i += 2 {
		full = l.ins.add(r.skuQty[i], r.date, id, r.skuQty[i+1]) || full
	}
	if full {
		return l.ins.execFull(ctx)
	}
	return nil
}

// replace replaces the rows of the stored order id with r's. It reads the stored
// order's date and lines to find its rows: call it before the order is updated,
// and after flush.
func (l *orderLines) replace(ctx context.Context, id int64, r *importRow) error {
	var date int64
	var text string
	if err := l.old.QueryRowContext(ctx, id).Scan(&date, &text); err != nil {
		return err
	}
	var pairs [16]int64
	skus := pairs[:0]
	err := eachLine(text, func(skuID, qty int64, _ logistics.Dec) error {
		skus = addSKUQty(skus, skuID, qty)
		return nil
	})
	if err != nil {
		return err
	}
	for i := 0; i < len(skus); i += 2 {
		if _, err := l.del.ExecContext(ctx, skus[i], date, id); err != nil {
			return err
		}
	}
	return l.add(ctx, id, r)
}

// flush writes the queued rows (none on the fresh path).
func (l *orderLines) flush(ctx context.Context) error {
	if l.ins == nil {
		return nil
	}
	return l.ins.flush(ctx)
}

// drop forgets the rows of a fresh import's order that a merge removed.
func (l *orderLines) drop(id int64) {
	if l.moves == nil {
		l.moves = map[int64]int64{}
	}
	l.moves[id] = 0
}

// merge gives the fresh import's order keep the rows of the order from, whose
// content it takes (mergeDuplicates), instead of its own.
func (l *orderLines) merge(keep, from int64) {
	l.drop(keep)
	l.moves[from] = keep
}

// startSort sorts a fresh import's rows on a goroutine of its own, once every
// order is written.
func (l *orderLines) startSort() {
	if !l.fresh {
		return
	}
	n := 0
	for _, c := range l.chunks {
		n += len(c)
	}
	rows := make([]lineRow, 0, n)
	for i, c := range l.chunks {
		rows = append(rows, c...)
		l.chunks[i] = nil
	}
	l.chunks = nil
	l.sorted = make(chan []lineRow, 1)
	go func() {
		slices.SortFunc(rows, compareLineRows)
		l.sorted <- rows
	}()
}

// writeFresh writes the rows of a fresh import, merges applied, in key order.
func (l *orderLines) writeFresh(ctx context.Context) error {
	if l.sorted == nil {
		return nil
	}
	rows := <-l.sorted
	l.sorted = nil
	if len(l.moves) > 0 {
		kept := rows[:0]
		for _, r := range rows {
			if to, ok := l.moves[r.order]; ok {
				if to == 0 {
					continue
				}
				r.order = to
			}
			kept = append(kept, r)
		}
		rows = kept
		slices.SortFunc(rows, compareLineRows) // (a merged order's rows moved)
	}
	return writeLineRows(ctx, l.tx, l.conn, rows)
}

func (l *orderLines) close() {
	if l.sorted != nil {
		<-l.sorted // the sort of an import that failed
	}
	if l.ins != nil {
		l.ins.close()
	}
	for _, s := range []*sql.Stmt{l.old, l.del} {
		if s != nil {
			s.Close()
		}
	}
}

// writeLineRows appends rows, sorted by key, to order_lines.
func writeLineRows(ctx context.Context, tx *sql.Tx, conn *sql.Conn, rows []lineRow) error {
	if len(rows) == 0 {
		return nil
	}
	b, err := newBatcher(ctx, tx, conn, batchSpec{head: insertLinesHead, cols: 4, rowsPer: 256})
	if err != nil {
		return err
	}
	defer b.close()
	for _, r := range rows {
		if b.add(int64(r.sku), int64(r.date), r.order, r.qty) {
			if err := b.execFull(ctx); err != nil {
				return err
			}
		}
	}
	return b.flush(ctx)
}

// fillOrdersPage is how many orders fillOrderLines reads at a time.
const fillOrdersPage = 20000

// fillOrderLines fills order_lines from the lines text of every stored order
// (migration 6), reading the orders a page at a time.
func fillOrderLines(ctx context.Context, tx *sql.Tx) error {
	var rows []lineRow
	var pairs []int64
	for after := int64(-1 << 62); ; {
		n := 0
		err := eachRow(ctx, tx, `SELECT id, order_date, lines FROM orders WHERE id > ? ORDER BY id LIMIT `+strconv.Itoa(fillOrdersPage),
			[]any{after}, func(r *sql.Rows) error {
				var id, date int64
				var text string
				if err := r.Scan(&id, &date, &text); err != nil {
					return err
				}
				n++
				after = id
				pairs = pairs[:0]
				err := eachLine(text, func(skuID, qty int64, _ logistics.Dec) error {
					pairs = addSKUQty(pairs, skuID, qty)
					return nil
				})
				if err != nil {
					return fmt.Errorf("order %d: %w", id, err)
				}
				for i := 0; i < len(pairs); i += 2 {
					rows = append(rows, lineRow{int32(pairs[i]), int32(date), id, pairs[i+1]})
				}
				return nil
			})
		if err != nil {
			return fmt.Errorf("read order lines: %w", err)
		}
		if n < fillOrdersPage {
			break
		}
	}
	slices.SortFunc(rows, compareLineRows)
	if err := writeLineRows(ctx, tx, nil, rows); err != nil {
		return fmt.Errorf("write order lines: %w", err)
	}
	return nil
}
