package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"shipmode/logistics"
)

// The sku_days table (migration 9) holds the orders' lines by SKU: one row per SKU
// and order date, keyed by both, whose pack lists the orders of that day with a
// line of the SKU, so that the orders of a SKU in a period are one range of the
// key. The order import keeps it in step with orders.lines (orderLines).
//
// It replaced order_lines (migration 6), a row per order and SKU: a first import
// of the million-line generic file wrote 1,000,000 such rows, about 2 s of CPU in
// a profile on the (loaded) 2-core machine — 1.5 s of inserts on the single
// writer, 0.5 s of sorting; the same lines are 13,050 packs.

// skuDay is the key of a sku_days row.
type skuDay struct{ sku, date int64 }

func compareSKUDays(a, b skuDay) int {
	return cmp.Or(cmp.Compare(a.sku, b.sku), cmp.Compare(a.date, b.date))
}

// dayEntry is an order in a pack: its id, its units of the pack's SKU (lines of
// the SKU summed), and all its units (orders.units), so that a scenario tells the
// orders whose every line is of its SKUs without reading the others.
type dayEntry struct{ order, qty, units int64 }

// A pack is its entries in increasing order id, each as three varints: the
// difference from the previous entry's id (the first one's from 0), the units
// of the SKU and the order's units.
func appendEntry(pack []byte, prev int64, e dayEntry) []byte {
	pack = binary.AppendUvarint(pack, uint64(e.order-prev))
	pack = binary.AppendVarint(pack, e.qty)
	return binary.AppendVarint(pack, e.units)
}

var errBadPack = errors.New("malformed sku_days pack")

// eachEntry calls fn for each entry of pack, in order.
func eachEntry(pack []byte, fn func(dayEntry)) error {
	var id int64
	for len(pack) > 0 {
		d, n := binary.Uvarint(pack)
		if n <= 0 {
			return errBadPack
		}
		pack = pack[n:]
		qty, n := binary.Varint(pack)
		if n <= 0 {
			return errBadPack
		}
		pack = pack[n:]
		units, n := binary.Varint(pack)
		if n <= 0 {
			return errBadPack
		}
		pack = pack[n:]
		id += int64(d)
		fn(dayEntry{id, qty, units})
	}
	return nil
}

// encodePack packs entries, sorted by order id, one per order.
func encodePack(entries []dayEntry) []byte {
	var pack []byte
	prev := int64(0)
	for _, e := range entries {
		pack = appendEntry(pack, prev, e)
		prev = e.order
	}
	return pack
}

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

// freshPack is a pack a first import builds as its orders come, in increasing id.
type freshPack struct {
	pack []byte
	last int64
}

// packOp is a change to a pack on the update path: the order's entry, or its
// removal (gone).
type packOp struct {
	dayEntry
	gone bool
}

// orderLines keeps sku_days in step with the orders an import writes. Into an
// empty orders table (the fresh path) it appends each new order to its packs in
// memory — the orders come in increasing id — and writes every pack once every
// order is written. Otherwise it notes each new or changed order's entries, and
// changes the packs they touch at the end (read, changed, written back).
type orderLines struct {
	tx    *sql.Tx
	conn  *sql.Conn
	fresh bool
	packs map[skuDay]*freshPack // fresh path
	moves map[int64]int64       // fresh path: merged duplicates' orders → the order their entries go to (0: none)
	ops   map[skuDay][]packOp   // other paths, in the order made
	old   *sql.Stmt             // a stored order's date and lines text
}

func (l *orderLines) prepare(ctx context.Context, tx *sql.Tx, conn *sql.Conn, fresh bool) error {
	l.tx, l.conn, l.fresh = tx, conn, fresh
	if fresh {
		l.packs = map[skuDay]*freshPack{}
		return nil
	}
	l.ops = map[skuDay][]packOp{}
	var err error
	l.old, err = tx.PrepareContext(ctx, `SELECT order_date, lines FROM orders WHERE id = ?`)
	return err
}

// add notes the entries of the new order id made of r.
func (l *orderLines) add(id int64, r *importRow) error {
	for i := 0; i < len(r.skuQty); i += 2 {
		k := skuDay{r.skuQty[i], r.date}
		e := dayEntry{id, r.skuQty[i+1], r.units}
		if !l.fresh {
			l.ops[k] = append(l.ops[k], packOp{dayEntry: e})
			continue
		}
		p := l.packs[k]
		if p == nil {
			p = &freshPack{}
			l.packs[k] = p
		} else if id <= p.last {
			return fmt.Errorf("order %d after order %d in a first import", id, p.last)
		}
		p.pack = appendEntry(p.pack, p.last, e)
		p.last = id
	}
	return nil
}

// replace replaces the entries of the stored order id with r's. It reads the
// stored order's date and lines to find its packs: call it before the order is
// updated, and after the orders queued are written.
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
		k := skuDay{skus[i], date}
		l.ops[k] = append(l.ops[k], packOp{dayEntry: dayEntry{order: id}, gone: true})
	}
	return l.add(id, r)
}

// drop forgets the entries of a fresh import's order that a merge removed.
func (l *orderLines) drop(id int64) {
	if l.moves == nil {
		l.moves = map[int64]int64{}
	}
	l.moves[id] = 0
}

// merge gives the fresh import's order keep the entries of the order from, whose
// content it takes (mergeDuplicates), instead of its own.
func (l *orderLines) merge(keep, from int64) {
	l.drop(keep)
	l.moves[from] = keep
}

// write writes the packs the import made or changed, once every order is written.
func (l *orderLines) write(ctx context.Context) error {
	if l.fresh {
		return l.writeFresh(ctx)
	}
	return l.writeOps(ctx)
}

// writeFresh writes the packs of a fresh import, merges applied.
func (l *orderLines) writeFresh(ctx context.Context) error {
	packs := make(map[skuDay][]byte, len(l.packs))
	for k, p := range l.packs {
		packs[k] = p.pack
	}
	l.packs = nil
	if len(l.moves) > 0 {
		for k, pack := range packs {
			var entries []dayEntry
			moved := false
			err := eachEntry(pack, func(e dayEntry) {
				if to, ok := l.moves[e.order]; ok {
					moved = true
					if to == 0 {
						return
					}
					e.order = to
				}
				entries = append(entries, e)
			})
			if err != nil {
				return err
			}
			if moved {
				slices.SortFunc(entries, func(a, b dayEntry) int { return cmp.Compare(a.order, b.order) })
				packs[k] = encodePack(entries)
			}
		}
	}
	return writePacks(ctx, l.tx, l.conn, packs)
}

// writePacks inserts packs into sku_days (none of their keys there), in key
// order; an empty pack is left out.
func writePacks(ctx context.Context, tx *sql.Tx, conn *sql.Conn, packs map[skuDay][]byte) error {
	if len(packs) == 0 {
		return nil
	}
	b, err := newBatcher(ctx, tx, conn, batchSpec{head: "INSERT INTO sku_days (sku_id, order_date, orders)", cols: 3, rowsPer: 256})
	if err != nil {
		return err
	}
	defer b.close()
	for _, k := range slices.SortedFunc(maps.Keys(packs), compareSKUDays) {
		if len(packs[k]) == 0 {
			continue
		}
		if b.add(k.sku, k.date, packs[k]) {
			if err := b.execFull(ctx); err != nil {
				return err
			}
		}
	}
	return b.flush(ctx)
}

// writeOps applies the noted changes to the packs they touch, in key order.
func (l *orderLines) writeOps(ctx context.Context) error {
	if len(l.ops) == 0 {
		return nil
	}
	get, err := l.tx.PrepareContext(ctx, `SELECT orders FROM sku_days WHERE sku_id = ? AND order_date = ?`)
	if err != nil {
		return err
	}
	defer get.Close()
	put, err := l.tx.PrepareContext(ctx, `INSERT INTO sku_days (sku_id, order_date, orders) VALUES (?, ?, ?)
		ON CONFLICT (sku_id, order_date) DO UPDATE SET orders = excluded.orders`)
	if err != nil {
		return err
	}
	defer put.Close()
	del, err := l.tx.PrepareContext(ctx, `DELETE FROM sku_days WHERE sku_id = ? AND order_date = ?`)
	if err != nil {
		return err
	}
	defer del.Close()
	for _, k := range slices.SortedFunc(maps.Keys(l.ops), compareSKUDays) {
		last := map[int64]packOp{} // each order's last change
		for _, op := range l.ops[k] {
			last[op.order] = op
		}
		var pack []byte
		if err := get.QueryRowContext(ctx, k.sku, k.date).Scan(&pack); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var entries []dayEntry
		err := eachEntry(pack, func(e dayEntry) {
			if _, ok := last[e.order]; !ok {
				entries = append(entries, e)
			}
		})
		if err != nil {
			return fmt.Errorf("SKU %d on %s: %w", k.sku, logistics.Date(k.date), err)
		}
		for _, op := range last {
			if !op.gone {
				entries = append(entries, op.dayEntry)
			}
		}
		if len(entries) == 0 {
			_, err = del.ExecContext(ctx, k.sku, k.date)
		} else {
			slices.SortFunc(entries, func(a, b dayEntry) int { return cmp.Compare(a.order, b.order) })
			_, err = put.ExecContext(ctx, k.sku, k.date, encodePack(entries))
		}
		if err != nil {
			return err
		}
	}
	l.ops = nil
	return nil
}

func (l *orderLines) close() {
	if l.old != nil {
		l.old.Close()
	}
}

// fillOrdersPage is how many orders fillSKUDays reads at a time.
const fillOrdersPage = 20000

// fillSKUDays fills sku_days from the lines text of every stored order (migration
// 9), reading the orders a page at a time.
func fillSKUDays(ctx context.Context, tx *sql.Tx) error {
	l := orderLines{tx: tx, fresh: true, packs: map[skuDay]*freshPack{}}
	var r importRow
	for after := int64(-1 << 62); ; {
		n := 0
		err := eachRow(ctx, tx, `SELECT id, order_date, units, lines FROM orders WHERE id > ? ORDER BY id LIMIT `+strconv.Itoa(fillOrdersPage),
			[]any{after}, func(rows *sql.Rows) error {
				var id int64
				var text string
				if err := rows.Scan(&id, &r.date, &r.units, &text); err != nil {
					return err
				}
				n++
				after = id
				r.skuQty = r.skuQty[:0]
				err := eachLine(text, func(skuID, qty int64, _ logistics.Dec) error {
					r.skuQty = addSKUQty(r.skuQty, skuID, qty)
					return nil
				})
				if err != nil {
					return fmt.Errorf("order %d: %w", id, err)
				}
				return l.add(id, &r)
			})
		if err != nil {
			return fmt.Errorf("read order lines: %w", err)
		}
		if n < fillOrdersPage {
			break
		}
	}
	if err := l.writeFresh(ctx); err != nil {
		return fmt.Errorf("write order lines: %w", err)
	}
	return nil
}
