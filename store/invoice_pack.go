package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"shipmode/logistics"
)

// The table invoice_order_lines holds, for every order with invoice lines matched
// to it, those lines packed as reconciliation reads them: what invoice_lines holds,
// in a row per order, so that reconciling a million orders reads a row per order
// rather than each of their lines through an index and packs them. It is derived
// from invoice_lines and kept in step by every change to what lines an order has:
// an import adds the packs of its new invoices' lines as they are read (packWriter,
// appending to an order's pack: new lines have larger ids), and whatever else
// changes an order's lines — a corrected re-issue deleting lines, waiting lines
// matched at last (matchLines), a line of an earlier invoice after a later one's —
// packs the orders it touched again from their stored lines (repack).
//
// A pack is a version byte, then per line in the order of their ids: uvarint
// invoice_id × 8 + charge; varints invoice_date, amount, billed_weight_g; service
// and currency, each a uvarint length and its bytes.
const packVersion = 1

// packLine appends a line of invoice invoiceID to a pack (a new pack starts with
// packVersion).
func packLine(b []byte, invoiceID int64, l *logistics.InvoiceLine) []byte {
	if len(b) == 0 {
		b = append(b, packVersion)
	}
	b = binary.AppendUvarint(b, uint64(invoiceID)<<3|uint64(l.Charge))
	b = binary.AppendVarint(b, int64(l.InvoiceDate))
	b = binary.AppendVarint(b, int64(l.Amount))
	b = binary.AppendVarint(b, l.BilledWeightG)
	b = binary.AppendUvarint(b, uint64(len(l.Service)))
	b = append(b, l.Service...)
	b = binary.AppendUvarint(b, uint64(len(l.Currency)))
	return append(b, l.Currency...)
}

var errPack = errors.New("damaged packed invoice lines")

// unpackLines appends the lines of a pack to dst, their carrier and invoice number
// from invoices (by id), their texts shared through intern.
func unpackLines(b []byte, dst []InvoicedLine, invoices map[int64][2]string, intern *interner) ([]InvoicedLine, error) {
	if len(b) == 0 || b[0] != packVersion {
		return dst, errPack
	}
	b = b[1:]
	bad := false
	uvarint := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			bad, b = true, nil
			return 0
		}
		b = b[n:]
		return v
	}
	varint := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			bad, b = true, nil
			return 0
		}
		b = b[n:]
		return v
	}
	text := func() string {
		n := uvarint()
		if n > uint64(len(b)) {
			bad, b = true, nil
			return ""
		}
		s := intern.get(b[:n])
		b = b[n:]
		return s
	}
	for len(b) > 0 {
		var l InvoicedLine
		ic := uvarint()
		inv := invoices[int64(ic>>3)]
		l.Carrier, l.Invoice, l.Charge = inv[0], inv[1], logistics.Charge(ic&7)
		l.InvoiceDate = logistics.Date(varint())
		l.Amount = logistics.Dec(varint())
		l.BilledWeightG = varint()
		l.Service = text()
		l.Currency = text()
		if bad {
			return dst, errPack
		}
		dst = append(dst, l)
	}
	return dst, nil
}

// packWriter adds packs to invoice_order_lines, appending to an order's pack when
// it has one: an import's new lines come after the order's earlier ones (their ids
// are larger). It holds the packs it is given in memory, in the order given, and
// writes them at flush by order, one pack an order (the pieces of an order's lines
// given apart joined in their order), a statement of many orders at a time: the
// table is keyed by order, so that packs written as the lines come were inserted
// all over it, splitting its pages, where packs in key order are appended (a
// million-line invoice import: 0.45 s of its writer's CPU instead of 0.1).
type packWriter struct {
	ins    *batcher
	held   []heldPack
	chunks [][]byte // the held packs' bytes, in chunks that are filled, not grown
}

type heldPack struct {
	order      int64
	chunk      int32 // its bytes: chunks[chunk][start:end]
	start, end int32
}

// packChunk is the size of packWriter's chunks.
const packChunk = 1 << 20

func newPackWriter(ctx context.Context, tx *sql.Tx, conn *sql.Conn, pg bool) (*packWriter, error) {
	// (on SQLite unhex(hex(a) || hex(b)) concatenates blobs: || gives text)
	tail := `ON CONFLICT (order_id) DO UPDATE SET lines = unhex(hex(invoice_order_lines.lines) || hex(substr(excluded.lines, 2)))`
	if pg {
		tail = `ON CONFLICT (order_id) DO UPDATE SET lines = invoice_order_lines.lines || substring(excluded.lines from 2)`
	}
	ins, err := newBatcher(ctx, tx, conn, batchSpec{head: `INSERT INTO invoice_order_lines (order_id, lines)`, cols: 2,
		rowsPer: 256, tail: tail})
	if err != nil {
		return nil, err
	}
	return &packWriter{ins: ins}, nil
}

// add queues the pack of lines of order orderID (starting with packVersion).
func (w *packWriter) add(orderID int64, pack []byte) {
	n := len(w.chunks)
	if n == 0 || len(w.chunks[n-1])+len(pack) > cap(w.chunks[n-1]) {
		w.chunks = append(w.chunks, make([]byte, 0, max(packChunk, len(pack))))
		n++
	}
	c := w.chunks[n-1]
	start := len(c)
	c = append(c, pack...)
	w.chunks[n-1] = c
	w.held = append(w.held, heldPack{order: orderID, chunk: int32(n - 1), start: int32(start), end: int32(len(c))})
}

// flush writes the packs held.
func (w *packWriter) flush(ctx context.Context) error {
	held := w.held
	// By order, an order's pieces in the order given.
	slices.SortStableFunc(held, func(a, b heldPack) int { return cmp.Compare(a.order, b.order) })
	for i := 0; i < len(held); {
		j := i + 1
		for j < len(held) && held[j].order == held[i].order {
			j++
		}
		h := held[i]
		pack := w.chunks[h.chunk][h.start:h.end:h.end]
		for _, h := range held[i+1 : j] {
			pack = append(pack, w.chunks[h.chunk][h.start+1:h.end]...) // (each starts with packVersion; pack's capacity ends with it)
		}
		if w.ins.add(held[i].order, pack) {
			if err := w.ins.execFull(ctx); err != nil {
				return err
			}
		}
		i = j
	}
	if err := w.ins.flush(ctx); err != nil {
		return err
	}
	w.held, w.chunks = w.held[:0], nil
	return nil
}

func (w *packWriter) close() { w.ins.close() }

// repack packs the lines of the orders ids again from invoice_lines, and removes
// the packs of those left without lines.
func repack(ctx context.Context, tx *sql.Tx, ids []int64) error {
	const chunk = 500
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		part := ids[:n]
		ids = ids[n:]
		in := "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
		args := make([]any, n)
		for i, id := range part {
			args[i] = id
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invoice_order_lines WHERE order_id IN `+in, args...); err != nil {
			return err
		}
		var packs []any // order id, pack
		var cur int64
		var pack []byte
		err := eachRow(ctx, tx, `SELECT order_id, invoice_id, invoice_date, charge, amount, billed_weight_g, service, currency
			FROM invoice_lines WHERE order_id IN `+in+` ORDER BY order_id, id`, args, func(r *sql.Rows) error {
			var orderID, invoiceID, date, charge, amount int64
			var l logistics.InvoiceLine
			if err := r.Scan(&orderID, &invoiceID, &date, &charge, &amount, &l.BilledWeightG, &l.Service, &l.Currency); err != nil {
				return err
			}
			if orderID != cur && pack != nil {
				packs = append(packs, cur, pack)
				pack = nil
			}
			cur = orderID
			l.InvoiceDate, l.Charge, l.Amount = logistics.Date(date), logistics.Charge(charge), logistics.Dec(amount)
			pack = packLine(pack, invoiceID, &l)
			return nil
		})
		if err != nil {
			return err
		}
		if pack != nil {
			packs = append(packs, cur, pack)
		}
		for len(packs) > 0 {
			k := min(len(packs), 2*chunk)
			q := `INSERT INTO invoice_order_lines (order_id, lines) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?), ", k/2), ", ")
			if _, err := tx.ExecContext(ctx, q, packs[:k]...); err != nil {
				return fmt.Errorf("pack invoice lines: %w", err)
			}
			packs = packs[k:]
		}
	}
	return nil
}

// migrateInvoiceOrderLines is the data step of migration 7: the invoices' latest
// date and first line, added on SQLite (PostgreSQL's migration adds them) when they
// are missing, filled from the lines in one pass; the index of the lines by invoice
// dropped; the lines of every order packed.
func migrateInvoiceOrderLines(ctx context.Context, tx *sql.Tx) error {
	// A probe in a savepoint, which both engines roll back to: an error aborts a
	// PostgreSQL transaction.
	if _, err := tx.ExecContext(ctx, `SAVEPOINT invoice_columns`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `SELECT latest_date, first_line FROM invoices WHERE 0 = 1`); err != nil {
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT invoice_columns`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `ALTER TABLE invoices ADD COLUMN latest_date INTEGER NOT NULL DEFAULT 0;
			ALTER TABLE invoices ADD COLUMN first_line INTEGER NOT NULL DEFAULT 0`); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT invoice_columns`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE invoices SET latest_date = m.latest, first_line = m.first
		FROM (SELECT invoice_id, max(invoice_date) AS latest, min(id) AS first FROM invoice_lines GROUP BY invoice_id) AS m
		WHERE m.invoice_id = invoices.id`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DROP INDEX IF EXISTS invoice_lines_invoice`); err != nil {
		return err
	}
	return repackAll(ctx, tx)
}

// repackAll packs the lines of every order again.
func repackAll(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM invoice_order_lines`); err != nil {
		return err
	}
	var ids []int64
	err := eachRow(ctx, tx, `SELECT DISTINCT order_id FROM invoice_lines WHERE order_id IS NOT NULL`, nil, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return err
	}
	return repack(ctx, tx, ids)
}
