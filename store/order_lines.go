package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"shipmode/logistics"
)

// The order_lines table (migration 4) holds each order's units per SKU beside the
// lines text of orders, so that the orders of a SKU in a period are found through
// the order_lines_sku index. The order import keeps it in step: a new order's rows
// are queued with the order (addLines), a changed order's are replaced
// (replaceLines), a merged duplicate's follow the content it keeps (mergeLines).

// orderLinesIndex is the index of order_lines by SKU and date: built after the
// table is filled by the migration, and dropped and built again around an import
// into an empty orders table (bulkIndexes).
const orderLinesIndex = `CREATE INDEX order_lines_sku ON order_lines (sku_id, order_date)`

// orderLineCols are the parameters of a row of order_lines.
const orderLineCols = 4

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

// prepareLines prepares the batcher of order_lines rows.
func (im *importer) prepareLines(ctx context.Context) error {
	var err error
	im.lines, err = newBatcher(ctx, im.tx, im.conn, batchSpec{head: "INSERT INTO order_lines (order_id, sku_id, qty, order_date)",
		cols: orderLineCols, rowsPer: 256})
	return err
}

// addLines queues the order_lines rows of the order id made of r.
func (im *importer) addLines(ctx context.Context, id int64, r *importRow) error {
	full := false
	for i := 0; i < len(r.skuQty); i += 2 {
		full = im.lines.add(id, r.skuQty[i], r.skuQty[i+1], r.date) || full
	}
	if full {
		return im.lines.execFull(ctx)
	}
	return nil
}

// replaceLines replaces the order_lines rows of the stored order id with r's (the
// order's queued rows were written by flushOrders before).
func (im *importer) replaceLines(ctx context.Context, id int64, r *importRow) error {
	if _, err := im.tx.ExecContext(ctx, `DELETE FROM order_lines WHERE order_id = ?`, id); err != nil {
		return err
	}
	return im.addLines(ctx, id, r)
}

// mergeLines gives the order keep the order_lines rows of the order from (the
// duplicate whose content it takes), and drops its own.
func mergeLines(ctx context.Context, tx *sql.Tx, keep, from int64) error {
	if keep == from {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM order_lines WHERE order_id = ?`, keep); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE order_lines SET order_id = ? WHERE order_id = ?`, keep, from)
	return err
}

// fillOrdersPage is how many orders fillOrderLines reads at a time.
const fillOrdersPage = 20000

// fillOrderLines fills order_lines from the lines text of every stored order
// (migration 4), a page of orders at a time, then builds order_lines_sku.
func fillOrderLines(ctx context.Context, tx *sql.Tx) error {
	b, err := newBatcher(ctx, tx, nil, batchSpec{head: "INSERT INTO order_lines (order_id, sku_id, qty, order_date)",
		cols: orderLineCols, rowsPer: 256})
	if err != nil {
		return err
	}
	defer b.close()
	type order struct {
		id, date int64
		lines    string
	}
	page := make([]order, 0, fillOrdersPage)
	var pairs []int64
	for after := int64(0); ; {
		page = page[:0]
		err := eachRow(ctx, tx, `SELECT id, order_date, lines FROM orders WHERE id > ? ORDER BY id LIMIT `+strconv.Itoa(fillOrdersPage),
			[]any{after}, func(r *sql.Rows) error {
				var o order
				if err := r.Scan(&o.id, &o.date, &o.lines); err != nil {
					return err
				}
				page = append(page, o)
				return nil
			})
		if err != nil {
			return fmt.Errorf("read order lines: %w", err)
		}
		if len(page) == 0 {
			break
		}
		for _, o := range page {
			pairs = pairs[:0]
			err := eachLine(o.lines, func(skuID, qty int64, _ logistics.Dec) error {
				pairs = addSKUQty(pairs, skuID, qty)
				return nil
			})
			if err != nil {
				return fmt.Errorf("order %d: %w", o.id, err)
			}
			for i := 0; i < len(pairs); i += 2 {
				if b.add(o.id, pairs[i], pairs[i+1], o.date) {
					if err := b.execFull(ctx); err != nil {
						return fmt.Errorf("write order lines: %w", err)
					}
				}
			}
		}
		after = page[len(page)-1].id
	}
	if err := b.flush(ctx); err != nil {
		return fmt.Errorf("write order lines: %w", err)
	}
	if _, err := tx.ExecContext(ctx, orderLinesIndex); err != nil {
		return fmt.Errorf("index order lines: %w", err)
	}
	return nil
}
