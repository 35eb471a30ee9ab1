package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

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
// packs the orders it touched again (repack).
//
// It is also how an order's lines are found: invoice_lines has no index by order
// (a million-line import would build it, a tenth of its time), and a pack names
// each line by its invoice and its place among that invoice's lines, whose ids
// are consecutive from the invoice's first_line.
//
// A pack is a version byte, then per line in the order of their ids: uvarint
// invoice_id × 16 + same × 8 + charge; uvarint its place; varint amount; and
// unless same (the line's invoice date, billed weight, service and currency are
// those of the line before it in the pack, as they mostly are for an order's
// lines: a pack then takes half the bytes), varints invoice_date and
// billed_weight_g, then service and currency, each a uvarint length and its bytes.
const packVersion = 2

// packer packs lines one after another (see packVersion).
type packer struct {
	prev logistics.InvoiceLine // the line before, when has
	has  bool
}

// start begins a pack, or a piece of one: a pack may be joined from pieces, each
// but the first without its version byte.
func (p *packer) start(b []byte) []byte {
	p.has = false
	return append(b, packVersion)
}

// lineMax is the most bytes line appends besides the service and currency.
const lineMax = 7 * binary.MaxVarintLen64

// line appends a line of invoice invoiceID, place the place of the line among the
// invoice's lines.
func (p *packer) line(b []byte, invoiceID, place int64, l *logistics.InvoiceLine) []byte {
	same := p.has && l.InvoiceDate == p.prev.InvoiceDate && l.BilledWeightG == p.prev.BilledWeightG &&
		l.Service == p.prev.Service && l.Currency == p.prev.Currency
	head := uint64(invoiceID)<<4 | uint64(l.Charge)
	if same {
		head |= 8
	}
	b = binary.AppendUvarint(b, head)
	b = binary.AppendUvarint(b, uint64(place))
	b = binary.AppendVarint(b, int64(l.Amount))
	if same {
		return b
	}
	p.prev, p.has = *l, true
	b = binary.AppendVarint(b, int64(l.InvoiceDate))
	b = binary.AppendVarint(b, l.BilledWeightG)
	b = binary.AppendUvarint(b, uint64(len(l.Service)))
	b = append(b, l.Service...)
	b = binary.AppendUvarint(b, uint64(len(l.Currency)))
	return append(b, l.Currency...)
}

var errPack = errors.New("damaged packed invoice lines")

// packReader reads a pack's lines; bad says it is damaged.
type packReader struct {
	b         []byte
	bad, full bool // full: a line with every field was read
}

func newPackReader(b []byte) packReader {
	if len(b) == 0 || b[0] != packVersion {
		return packReader{bad: true}
	}
	return packReader{b: b[1:]}
}

// packedLine is a line as a pack holds it.
type packedLine struct {
	invoice, place       int64
	charge               logistics.Charge
	amount, date, weight int64
	service, currency    []byte
	same                 bool // date, weight, service and currency are the line before's
}

// next reads the next line into l, whose date, weight, service and currency are
// kept from the line before when the pack says they are the same; false at the
// end, or when the pack is damaged (bad).
func (p *packReader) next(l *packedLine) bool {
	if len(p.b) == 0 || p.bad {
		return false
	}
	head := p.uvarint()
	l.invoice, l.charge, l.same = int64(head>>4), logistics.Charge(head&7), head&8 != 0
	l.place = int64(p.uvarint())
	l.amount = p.varint()
	if !l.same {
		l.date = p.varint()
		l.weight = p.varint()
		l.service = p.bytes()
		l.currency = p.bytes()
		p.full = true
	} else if !p.full {
		p.bad = true
	}
	return !p.bad
}

func (p *packReader) uvarint() uint64 {
	v, n := binary.Uvarint(p.b)
	if n <= 0 {
		p.bad, p.b = true, nil
		return 0
	}
	p.b = p.b[n:]
	return v
}

// varint reads a signed varint: a uvarint of the value zig-zagged, as
// binary.AppendVarint writes it.
func (p *packReader) varint() int64 {
	v := p.uvarint()
	return int64(v>>1) ^ -int64(v&1)
}

func (p *packReader) bytes() []byte {
	n := p.uvarint()
	if n > uint64(len(p.b)) {
		p.bad, p.b = true, nil
		return nil
	}
	b := p.b[:n]
	p.b = p.b[n:]
	return b
}

// unpackLines appends the lines of a pack to dst, their carrier and invoice number
// from invoices (by id), their texts shared through intern.
func unpackLines(b []byte, dst []InvoicedLine, invoices map[int64][2]string, intern *interner) ([]InvoicedLine, error) {
	p := newPackReader(b)
	var pl packedLine
	var service, currency string
	for p.next(&pl) {
		inv := invoices[pl.invoice]
		if !pl.same {
			service, currency = intern.get(pl.service), intern.get(pl.currency)
		}
		dst = append(dst, InvoicedLine{InvoiceLine: logistics.InvoiceLine{Carrier: inv[0], Invoice: inv[1], Charge: pl.charge,
			InvoiceDate: logistics.Date(pl.date), Amount: logistics.Dec(pl.amount), BilledWeightG: pl.weight,
			Service: service, Currency: currency}})
	}
	if p.bad {
		return dst, errPack
	}
	return dst, nil
}

// packedPlace is a line a pack names: its invoice and its place among the
// invoice's lines.
type packedPlace struct{ invoice, place int64 }

// packPlaces appends the lines a pack names to dst.
func packPlaces(b []byte, dst []packedPlace) ([]packedPlace, error) {
	p := newPackReader(b)
	var pl packedLine
	for p.next(&pl) {
		dst = append(dst, packedPlace{pl.invoice, pl.place})
	}
	if p.bad {
		return dst, errPack
	}
	return dst, nil
}

// packWriter adds packs to invoice_order_lines, appending to an order's pack when
// it has one: an import's new lines come after the order's earlier ones (their ids
// are larger). It packs the lines it is given into pieces held in memory, a piece
// for each run of an order's lines, and writes them at flush by order, one pack
// an order (its pieces joined in their order), a statement of many orders at a time: the
// table is keyed by order, so that packs written as the lines come were inserted
// all over it, splitting its pages, where packs in key order are appended (a
// million-line invoice import: 0.45 s of its writer's CPU instead of 0.1).
type packWriter struct {
	ins    *batcher
	held   []heldPack
	chunks [][]byte // the held packs' bytes, in chunks that are filled, not grown
	pk     packer   // of the piece held last
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

// line packs line l of invoice invoiceID (place: its place among the invoice's
// lines) for order orderID: into the piece held last when that is the order's
// (an order's lines come together), else into a new one. A piece lies in one
// chunk: one about to be outgrown is moved to a new chunk, with the piece being
// filled.
func (w *packWriter) line(orderID, invoiceID, place int64, l *logistics.InvoiceLine) {
	h := len(w.held)
	more := h > 0 && w.held[h-1].order == orderID
	need := lineMax + len(l.Service) + len(l.Currency) + 1
	n := len(w.chunks)
	if n == 0 || len(w.chunks[n-1])+need > cap(w.chunks[n-1]) {
		c := make([]byte, 0, max(packChunk, 2*need))
		if more {
			// (the piece moves along)
			p := &w.held[h-1]
			piece := w.chunks[p.chunk][p.start:p.end]
			if cap(c) < len(piece)+need {
				c = make([]byte, 0, 2*(len(piece)+need))
			}
			c = append(c, piece...)
			p.chunk, p.start, p.end = int32(n), 0, int32(len(c))
		}
		w.chunks = append(w.chunks, c)
		n++
	}
	c := w.chunks[n-1]
	if !more {
		w.held = append(w.held, heldPack{order: orderID, chunk: int32(n - 1), start: int32(len(c))})
		h++
		c = w.pk.start(c)
	}
	c = w.pk.line(c, invoiceID, place, l)
	w.chunks[n-1] = c
	w.held[h-1].end = int32(len(c))
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

// repack packs the lines of the orders ids again, and removes the packs of those
// left without lines. An order's lines are those its pack names that are still its
// (none of them may be since: deleted, or their invoice re-issued), and those of
// the lines that candidates (a condition on invoice_lines l, with args) selects
// that are its: every line that may have become the order's since it was packed
// must be among these.
func repack(ctx context.Context, tx *sql.Tx, ids []int64, candidates string, args ...any) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS repack_orders (id BIGINT PRIMARY KEY);
		CREATE TEMP TABLE IF NOT EXISTS repack_lines (id BIGINT PRIMARY KEY);
		DELETE FROM repack_orders; DELETE FROM repack_lines`); err != nil {
		return err
	}
	if err := insertIDs(ctx, tx, "repack_orders", ids); err != nil {
		return err
	}
	// The lines the packs name: an invoice's lines are first_line … first_line +
	// lines − 1.
	first := map[int64]int64{}
	err := eachRow(ctx, tx, `SELECT id, first_line FROM invoices`, nil, func(r *sql.Rows) error {
		var id, line int64
		if err := r.Scan(&id, &line); err != nil {
			return err
		}
		first[id] = line
		return nil
	})
	if err != nil {
		return err
	}
	var places []packedPlace
	var named []int64
	err = eachRow(ctx, tx, `SELECT p.lines FROM repack_orders r CROSS JOIN invoice_order_lines p WHERE p.order_id = r.id`, nil,
		func(r *sql.Rows) error {
			var b sql.RawBytes
			if err := r.Scan(&b); err != nil {
				return err
			}
			var err error
			places, err = packPlaces(b, places[:0])
			for _, p := range places {
				if line, ok := first[p.invoice]; ok {
					named = append(named, line+p.place)
				}
			}
			return err
		})
	if err != nil {
		return err
	}
	slices.Sort(named)
	if err := insertIDs(ctx, tx, "repack_lines", slices.Compact(named)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO repack_lines SELECT l.id FROM invoice_lines l
		WHERE (`+candidates+`) AND l.order_id IN (SELECT id FROM repack_orders) ON CONFLICT DO NOTHING`, args...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM invoice_order_lines WHERE order_id IN (SELECT id FROM repack_orders)`); err != nil {
		return err
	}
	// (CROSS JOIN: the lines found, then each by id)
	return packRows(ctx, tx, `SELECT l.order_id, l.invoice_id, l.id - i.first_line, l.invoice_date, l.charge, l.amount,
			l.billed_weight_g, l.service, l.currency
		FROM repack_lines r CROSS JOIN invoice_lines l CROSS JOIN invoices i
		WHERE l.id = r.id AND i.id = l.invoice_id AND l.order_id IN (SELECT id FROM repack_orders)
		ORDER BY l.order_id, l.id`)
}

// insertIDs inserts ids into the one-column table table.
func insertIDs(ctx context.Context, tx *sql.Tx, table string, ids []int64) error {
	return insertRows(ctx, tx, batchSpec{head: `INSERT INTO ` + table + ` (id)`, cols: 1, rowsPer: 500}, len(ids),
		func(i int) []any { return []any{ids[i]} })
}

// insertRows inserts n rows, row i's values row(i), with a batcher of spec.
func insertRows(ctx context.Context, tx *sql.Tx, spec batchSpec, n int, row func(i int) []any) error {
	if n == 0 {
		return nil
	}
	b, err := newBatcher(ctx, tx, nil, spec)
	if err != nil {
		return err
	}
	defer b.close()
	for i := range n {
		if b.add(row(i)...) {
			if err := b.execFull(ctx); err != nil {
				return err
			}
		}
	}
	return b.flush(ctx)
}

// packRows packs the lines query reads — order_id, invoice_id, place, invoice_date,
// charge, amount, billed_weight_g, service, currency, by order then id — into
// invoice_order_lines, a row per order.
func packRows(ctx context.Context, tx *sql.Tx, query string) error {
	type orderPack struct {
		order int64
		pack  []byte
	}
	var packs []orderPack
	var pk packer
	err := eachRow(ctx, tx, query, nil, func(r *sql.Rows) error {
		var orderID, invoiceID, place, date, charge, amount int64
		var l logistics.InvoiceLine
		if err := r.Scan(&orderID, &invoiceID, &place, &date, &charge, &amount, &l.BilledWeightG, &l.Service, &l.Currency); err != nil {
			return err
		}
		if n := len(packs); n == 0 || packs[n-1].order != orderID {
			packs = append(packs, orderPack{orderID, pk.start(nil)})
		}
		p := &packs[len(packs)-1]
		l.InvoiceDate, l.Charge, l.Amount = logistics.Date(date), logistics.Charge(charge), logistics.Dec(amount)
		p.pack = pk.line(p.pack, invoiceID, place, &l)
		return nil
	})
	if err != nil {
		return err
	}
	// (written once read: PostgreSQL runs one statement at a time on a connection)
	err = insertRows(ctx, tx, batchSpec{head: `INSERT INTO invoice_order_lines (order_id, lines)`, cols: 2, rowsPer: 256},
		len(packs), func(i int) []any { return []any{packs[i].order, packs[i].pack} })
	if err != nil {
		return fmt.Errorf("pack invoice lines: %w", err)
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

// repackAll packs the lines of every order again, in one pass over the lines (the
// data step of migrations 7 and 14).
func repackAll(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM invoice_order_lines`); err != nil {
		return err
	}
	return packRows(ctx, tx, `SELECT l.order_id, l.invoice_id, l.id - i.first_line, l.invoice_date, l.charge, l.amount,
			l.billed_weight_g, l.service, l.currency
		FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
		WHERE l.order_id IS NOT NULL ORDER BY l.order_id, l.id`)
}
