package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	"shipmode/crash"
	"shipmode/logistics"
)

// InvoicedOrder is an order with the invoice lines matched to it and its recorded
// decision, what reconciliation reads (SPEC §8).
type InvoicedOrder struct {
	OrderID int64
	// Order holds the order's key and date; Full reads the rest (its lines,
	// parcel and destination), what re-rating needs.
	Order  logistics.Order
	Status logistics.Status
	// The decision: Planned is false when the order has none (never planned, or
	// changed since); Chosen is the chosen option (Mode 0: unassignable).
	Planned  bool
	Chosen   logistics.Option
	Currency string // of the decision's amounts
	Lines    []InvoicedLine

	rd      *invoicedReader
	full    bool          // Order is complete
	content *orderContent // on PostgreSQL, what Full completes Order with, read with it
}

// orderContent is what Full completes an order with.
type orderContent struct {
	country, postal, currency, lines string
	promised                         int64
	parcel                           [4]int64
	hasParcel                        bool
}

// InvoicedLine is a stored invoice line.
type InvoicedLine struct {
	logistics.InvoiceLine
	ID  int64
	Row int
}

// Full completes Order with what the order holds besides its key and date — its
// lines, parcel, destination, currency and promise — read in the same read
// transaction (once), and returns it. Only while the callback that was given the
// InvoicedOrder runs.
func (o *InvoicedOrder) Full() (*logistics.Order, error) {
	if !o.full {
		if err := o.rd.complete(&o.Order, o.OrderID, o.content); err != nil {
			return nil, fmt.Errorf("order %d: %w", o.OrderID, err)
		}
		o.full = true
	}
	return &o.Order, nil
}

// EachInvoicedOrder calls fn for every order dated from..to (inclusive; 0 leaves an
// end open) that has invoice lines, by order date then id, with all its lines (of every
// invoice) in the order they were imported. It streams: memory does not grow with
// the number of orders. fn must not keep the *InvoicedOrder.
func (db *DB) EachInvoicedOrder(ctx context.Context, from, to logistics.Date, fn func(*InvoicedOrder) error) error {
	return db.eachInvoiced(ctx, "read invoiced orders", ReconcileRead{From: from, To: to, Invoiced: fn}, true)
}

// ReconcileRead says what EachReconcilable reads.
type ReconcileRead struct {
	From, To logistics.Date // the orders' dates (inclusive; 0 leaves an end open)
	// Invoiced is called for every order of the period that has invoice lines, by
	// order date then id, as EachInvoicedOrder calls its function, with lines that
	// hold what reconciliation reads of them: carrier, invoice number and date,
	// service, charge, amount, currency and billed weight (not the tracking
	// number, reference, marketplace, id or row); Status is not read.
	Invoiced func(*InvoicedOrder) error
	// Unbilled, when set, is called once every invoiced order has been, for every
	// shipped order of the period dated before UnbilledBefore that has no invoice
	// line, by date then id, as EachUnbilledOrder calls its function.
	Unbilled       func(UnbilledOrder) error
	UnbilledBefore logistics.Date
}

// EachReconcilable reads what reconciling a period takes — its invoiced orders and
// its shipped orders never billed — in one read transaction and one pass over the
// period's orders, each with its packed lines (invoice_order_lines): a row per
// order. The orders are read on a goroutine of their own, a little ahead of the
// calls, so that reading and reconciling overlap; memory does not grow with the
// invoiced orders (the unbilled ones wait, a few dozen bytes each, until the
// invoiced ones are done). The functions must not keep what they are given.
func (db *DB) EachReconcilable(ctx context.Context, r ReconcileRead) error {
	return db.eachInvoiced(ctx, "read the orders to reconcile", r, false)
}

// invoicedSQL reads the orders of a period (the first two parameters) that have
// invoice lines, by date then id, each as one JSON array (the engine escapes the
// texts), its options blob and its pack (invoice_order_lines): [id, order_date,
// chosen, ref, marketplace, option_id, currency, mode, total] (null but the first
// five without a decision). The driver's crossing costs per column, the engine's
// writing a JSON array less. With unbilled, the shipped orders (the third
// parameter) without lines dated before the fourth come too, with a null pack.
//
// With fullLines (EachInvoicedOrder), the lines are every column of invoice_lines,
// read by joining them and grouped by order, each order's lines by id (the engine
// is told; unpackJSONLines checks it):
// [id, order_date, status, chosen, ref, marketplace, option_id, currency, lines], a
// line [id, row, invoice_id × 8 + charge, invoice_date, amount, billed_weight_g,
// service, currency, tracking, order_ref, marketplace].
func invoicedSQL(pg, fullLines, unbilled bool) string {
	arr, agg, ord, content := `json_array(`, `json_group_array(`, ` ORDER BY l.id`, ``
	if pg {
		// (and the order's content, which Full cannot read beside: a PostgreSQL
		// connection runs one query at a time)
		arr, agg = `json_build_array(`, `json_agg(`
		content = `o.country, o.postal_code, o.currency, o.promised_days, o.parcel_length_mm, o.parcel_width_mm,
			o.parcel_height_mm, o.parcel_weight_g, o.lines, `
	}
	if fullLines {
		return `SELECT ` + arr + `o.id, o.order_date, o.status, d.chosen, o.ref, o.marketplace, d.option_id, d.currency,
				` + content + agg + arr + `l.id, l.row, l.invoice_id * 8 + l.charge, l.invoice_date, l.amount,
					l.billed_weight_g, l.service, l.currency, l.tracking, l.order_ref, l.marketplace)` + ord + `)), d.options, NULL
			FROM orders o JOIN invoice_lines l ON l.order_id = o.id LEFT JOIN decisions d ON d.order_id = o.id
			WHERE o.order_date BETWEEN ? AND ?
			GROUP BY o.order_date, o.id, d.order_id
			ORDER BY o.order_date, o.id`
	}
	join, which := `JOIN`, ``
	if unbilled {
		join, which = `LEFT JOIN`, ` AND (p.lines IS NOT NULL OR o.status = ? AND o.order_date < ?)`
	}
	return `SELECT ` + arr + `o.id, o.order_date, d.chosen, o.ref, o.marketplace, d.option_id, d.currency, ` + content + `d.mode, d.total),
			d.options, p.lines
		FROM orders o ` + join + ` invoice_order_lines p ON p.order_id = o.id LEFT JOIN decisions d ON d.order_id = o.id
		WHERE o.order_date BETWEEN ? AND ?` + which + `
		ORDER BY o.order_date, o.id`
}

// fullOrderSQL reads what Full completes an order with.
const fullOrderSQL = `SELECT country, postal_code, currency, promised_days,
	parcel_length_mm, parcel_width_mm, parcel_height_mm, parcel_weight_g, lines FROM orders WHERE id = ?`

// invoicedRow is a row of invoicedSQL as the reading goroutine hands it over:
// spans of its batch's bytes (pack: none when null).
type invoicedRow struct {
	packed, options, pack span
	hasPack               bool
}

type span struct{ from, to int32 }

// invoicedBatch is a batch of rows and the bytes they point into.
type invoicedBatch struct {
	seq   int // its place among the batches, from 0
	rows  []invoicedRow
	bytes []byte
	err   error // the reading's, after the last row
}

func (b *invoicedBatch) add(p []byte) span {
	s := span{int32(len(b.bytes)), 0}
	b.bytes = append(b.bytes, p...)
	s.to = int32(len(b.bytes))
	return s
}

func (b *invoicedBatch) at(s span) []byte { return b.bytes[s.from:s.to] }

const invoicedBatchRows = 256

// invoicedReader decodes the rows of invoicedSQL on the calling goroutine.
type invoicedReader struct {
	ctx       context.Context
	tx        *sql.Tx
	pg        bool
	fullLines bool
	fullSQL   *sql.Stmt           // an order's content, for Full
	skus      map[int64]string    // the skus table, read on the first Full
	invoices  map[int64][2]string // id → carrier, number
	intern    interner
}

func (db *DB) eachInvoiced(ctx context.Context, what string, r ReconcileRead, fullLines bool) error {
	return db.readInvoiced(ctx, what, r, fullLines, false, func(rd *invoicedReader, batches <-chan *invoicedBatch, free chan<- *invoicedBatch) error {
		return rd.decode(r, batches, free)
	})
}

// readInvoiced runs the query of invoicedSQL in a read transaction, reads its rows
// on a goroutine of its own, a batch at a time, and hands the batches to consume;
// with skus, the skus table is read first (what Full takes).
func (db *DB) readInvoiced(ctx context.Context, what string, r ReconcileRead, fullLines, skus bool,
	consume func(rd *invoicedReader, batches <-chan *invoicedBatch, free chan<- *invoicedBatch) error) error {
	lo, hi := dateBounds(r.From, r.To)
	return db.read(ctx, what, func(tx *sql.Tx) error {
		rd, err := db.newInvoicedReader(ctx, tx, fullLines, db.pg || skus)
		if err != nil {
			return err
		}
		if rd.fullSQL, err = tx.PrepareContext(ctx, fullOrderSQL); err != nil {
			return err
		}
		defer rd.fullSQL.Close()
		readCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		args := []any{lo, hi}
		if r.Unbilled != nil {
			args = append(args, int64(logistics.Shipped), int64(r.UnbilledBefore))
		}
		rows, err := tx.QueryContext(readCtx, invoicedSQL(db.pg, fullLines, r.Unbilled != nil), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		// The rows are read on a goroutine of their own, a batch at a time; batches
		// go back through free to be filled again.
		batches, free := make(chan *invoicedBatch, 4), make(chan *invoicedBatch, 6)
		var wg sync.WaitGroup
		var panics crash.Group
		wg.Go(func() {
			defer close(batches)
			defer panics.Catch(cancel)
			readInvoiced(readCtx, rows, batches, free)
		})
		err = consume(rd, batches, free)
		cancel()
		for range batches { // let the reader finish
		}
		wg.Wait()
		panics.Raise()
		return err
	})
}

// newInvoicedReader is a reader of invoicedSQL's rows in tx, with the invoices'
// carriers and numbers read, and with skus the skus table (what Full takes, read
// here as it cannot be beside the orders' query on PostgreSQL).
func (db *DB) newInvoicedReader(ctx context.Context, tx *sql.Tx, fullLines, skus bool) (*invoicedReader, error) {
	rd := &invoicedReader{ctx: ctx, tx: tx, pg: db.pg, fullLines: fullLines, invoices: map[int64][2]string{}}
	if skus {
		if err := rd.loadSKUs(); err != nil {
			return nil, err
		}
	}
	err := eachRow(ctx, tx, `SELECT id, carrier, number FROM invoices`, nil, func(rows *sql.Rows) error {
		var id int64
		var carrier, number sql.RawBytes
		if err := rows.Scan(&id, &carrier, &number); err != nil {
			return err
		}
		rd.invoices[id] = [2]string{rd.intern.get(carrier), rd.intern.get(number)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rd, nil
}

// readInvoiced reads rows into batches and sends them, the last one with the
// reading's error; it reports whether the rows were all read, and sent.
func readInvoiced(ctx context.Context, rows *sql.Rows, out chan<- *invoicedBatch, free chan *invoicedBatch) bool {
	seq := 0
	next := func() *invoicedBatch {
		var b *invoicedBatch
		select {
		case b = <-free:
			b.rows, b.bytes, b.err = b.rows[:0], b.bytes[:0], nil
		default:
			b = &invoicedBatch{rows: make([]invoicedRow, 0, invoicedBatchRows)}
		}
		b.seq = seq
		seq++
		return b
	}
	send := func(b *invoicedBatch) bool {
		select {
		case out <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}
	b := next()
	var packed, options, pack sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&packed, &options, &pack); err != nil {
			b.err = err
			send(b)
			return false
		}
		b.rows = append(b.rows, invoicedRow{b.add(packed), b.add(options), b.add(pack), pack != nil})
		if len(b.rows) == invoicedBatchRows {
			if !send(b) {
				return false
			}
			b = next()
		}
	}
	err := rows.Err()
	b.err = err
	return send(b) && err == nil // (b is another's once sent)
}

// decode turns the batches' rows into InvoicedOrders, and UnbilledOrders, and
// calls r's functions with them.
func (rd *invoicedReader) decode(r ReconcileRead, batches <-chan *invoicedBatch, free chan<- *invoicedBatch) error {
	var cur InvoicedOrder
	var unbilled []UnbilledOrder
	for b := range batches {
		for i := range b.rows {
			row := &b.rows[i]
			cur = InvoicedOrder{Lines: cur.Lines[:0], rd: rd}
			u, err := rd.unpack(b, row, &cur)
			if err != nil {
				return fmt.Errorf("order %d: %w", cur.OrderID, err)
			}
			if u != nil {
				unbilled = append(unbilled, *u)
				continue
			}
			if err := r.Invoiced(&cur); err != nil {
				return err
			}
		}
		if b.err != nil {
			return b.err
		}
		select {
		case free <- b:
		default:
		}
	}
	if err := rd.ctx.Err(); err != nil {
		return err
	}
	for _, u := range unbilled {
		if err := r.Unbilled(u); err != nil {
			return err
		}
	}
	return nil
}

// unpack reads a row of invoicedSQL into o; a row without lines is an order never
// billed, returned as such.
func (rd *invoicedReader) unpack(b *invoicedBatch, row *invoicedRow, o *InvoicedOrder) (*UnbilledOrder, error) {
	p := jsonScanner{b: b.at(row.packed)}
	if !p.byte('[') {
		return nil, p.fail()
	}
	o.OrderID = p.int()
	p.comma()
	o.Order.Date = logistics.Date(p.int())
	p.comma()
	if rd.fullLines {
		o.Status = logistics.Status(p.int())
		p.comma()
	}
	chosen, planned := p.intOrNull()
	p.comma()
	o.Order.Ref = p.str(&rd.intern, false)
	p.comma()
	o.Order.Marketplace = p.str(&rd.intern, true)
	p.comma()
	option := p.strOrNull(&rd.intern)
	p.comma()
	currency := p.strOrNull(&rd.intern)
	p.comma()
	if rd.pg {
		c := &orderContent{}
		c.country = p.str(&rd.intern, true)
		p.comma()
		c.postal = p.str(&rd.intern, false)
		p.comma()
		c.currency = p.str(&rd.intern, true)
		p.comma()
		c.promised = p.int()
		p.comma()
		for i := range c.parcel {
			c.parcel[i], c.hasParcel = p.intOrNull()
			p.comma()
		}
		c.lines = p.str(&rd.intern, false)
		p.comma()
		o.content = c
	}
	if rd.fullLines {
		var err error
		if o.Lines, err = rd.unpackJSONLines(&p, o.Lines); err != nil {
			return nil, fmt.Errorf("invoice lines: %w", err)
		}
	} else {
		mode, _ := p.intOrNull()
		p.comma()
		total, _ := p.intOrNull()
		if !row.hasPack {
			if !p.byte(']') || len(p.b) != 0 {
				return nil, p.fail()
			}
			return &UnbilledOrder{OrderID: o.OrderID, Marketplace: o.Order.Marketplace, Ref: o.Order.Ref, Date: o.Order.Date,
				Mode: logistics.Mode(mode), Option: option, Total: total, Currency: currency}, nil
		}
		var err error
		if o.Lines, err = unpackLines(b.at(row.pack), o.Lines, rd.invoices, &rd.intern); err != nil {
			return nil, err
		}
	}
	if !p.byte(']') || len(p.b) != 0 {
		return nil, p.fail()
	}
	if planned {
		o.Planned, o.Currency = true, currency
		if chosen >= 0 {
			c, ok, err := decodeOption(b.at(row.options), int(min(chosen, 1<<30)))
			if err != nil {
				return nil, err
			}
			if ok {
				o.Chosen = c
				o.Chosen.ID = option
			}
		}
	}
	return nil, nil
}

// complete reads the content of order id into o (see InvoicedOrder.Full), or takes
// it from c when the order's row brought it.
func (rd *invoicedReader) complete(o *logistics.Order, id int64, c *orderContent) error {
	if err := rd.loadSKUs(); err != nil {
		return err
	}
	if c == nil {
		// (SQLite: a query beside the one that reads the orders, on the same
		// connection; a PostgreSQL connection runs one at a time)
		c = &orderContent{}
		var pl, pw, ph, pg sql.NullInt64
		if err := rd.fullSQL.QueryRowContext(rd.ctx, id).Scan(&c.country, &c.postal, &c.currency, &c.promised,
			&pl, &pw, &ph, &pg, &c.lines); err != nil {
			return err
		}
		c.parcel, c.hasParcel = [4]int64{pl.Int64, pw.Int64, ph.Int64, pg.Int64}, pl.Valid
	}
	o.Country, o.PostalCode, o.Currency, o.PromisedDays = c.country, c.postal, c.currency, int(c.promised)
	o.Parcel = nil
	if c.hasParcel {
		o.Parcel = &logistics.Parcel{LengthMM: c.parcel[0], WidthMM: c.parcel[1], HeightMM: c.parcel[2], WeightG: c.parcel[3]}
	}
	o.Lines = nil
	return eachLine(c.lines, func(skuID, qty int64, price logistics.Dec) error {
		o.Lines = append(o.Lines, logistics.Line{SKU: rd.skus[skuID], Qty: qty, UnitPrice: price})
		return nil
	})
}

// loadSKUs reads the skus table, once: the order lines name SKUs by id.
func (rd *invoicedReader) loadSKUs() error {
	if rd.skus != nil {
		return nil
	}
	rd.skus = map[int64]string{}
	return eachRow(rd.ctx, rd.tx, `SELECT id, sku FROM skus`, nil, func(r *sql.Rows) error {
		var id int64
		var sku string
		if err := r.Scan(&id, &sku); err != nil {
			return err
		}
		rd.skus[id] = sku
		return nil
	})
}

// unpackJSONLines appends the full lines of invoicedSQL, read from p, to dst.
func (rd *invoicedReader) unpackJSONLines(p *jsonScanner, dst []InvoicedLine) ([]InvoicedLine, error) {
	if !p.byte('[') {
		return dst, p.fail()
	}
	for first := true; !p.byte(']'); first = false {
		if !first && !p.byte(',') || !p.byte('[') {
			return dst, p.fail()
		}
		var l InvoicedLine
		l.ID = p.int()
		p.comma()
		l.Row = int(p.int())
		p.comma()
		ic := p.int()
		inv := rd.invoices[ic>>3]
		l.Carrier, l.Invoice, l.Charge = inv[0], inv[1], logistics.Charge(ic&7)
		p.comma()
		l.InvoiceDate = logistics.Date(p.int())
		p.comma()
		l.Amount = logistics.Dec(p.int())
		p.comma()
		l.BilledWeightG = p.int()
		p.comma()
		l.Service = p.str(&rd.intern, true)
		p.comma()
		l.Currency = p.str(&rd.intern, true)
		p.comma()
		l.Tracking = p.str(&rd.intern, false)
		p.comma()
		l.OrderRef = p.str(&rd.intern, false)
		p.comma()
		l.Marketplace = p.str(&rd.intern, true)
		if !p.byte(']') || p.err != nil {
			return dst, p.fail()
		}
		dst = append(dst, l)
	}
	if p.err == nil && !slices.IsSortedFunc(dst, func(a, b InvoicedLine) int { return cmp.Compare(a.ID, b.ID) }) {
		slices.SortFunc(dst, func(a, b InvoicedLine) int { return cmp.Compare(a.ID, b.ID) })
	}
	return dst, p.err
}

// jsonScanner reads the JSON the engines' JSON arrays write: integers, strings and
// nulls.
type jsonScanner struct {
	b   []byte
	err error
}

var errPacked = errors.New("damaged packed lines")

func (p *jsonScanner) fail() error {
	if p.err == nil {
		p.err = errPacked
	}
	return p.err
}

// byte consumes c when it comes next.
//
// Blanks around it are skipped: PostgreSQL's JSON arrays have ", " and newlines
// between the elements, SQLite's nothing.
func (p *jsonScanner) byte(c byte) bool {
	p.blanks()
	if len(p.b) > 0 && p.b[0] == c {
		p.b = p.b[1:]
		p.blanks()
		return true
	}
	return false
}

func (p *jsonScanner) blanks() {
	for len(p.b) > 0 && (p.b[0] == ' ' || p.b[0] == '\n' || p.b[0] == '\t' || p.b[0] == '\r') {
		p.b = p.b[1:]
	}
}

// comma consumes the comma between two values.
func (p *jsonScanner) comma() {
	if !p.byte(',') {
		p.fail()
	}
}

// int reads an integer (an int64, as SQLite writes it).
func (p *jsonScanner) int() int64 {
	b := p.b
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	var v uint64
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		d := uint64(b[i] - '0')
		if v > (1<<64-1-d)/10 {
			break // too long: caught below
		}
		v = v*10 + d
	}
	if i == 0 || i < len(b) && b[i] >= '0' && b[i] <= '9' || !neg && v > 1<<63-1 || neg && v > 1<<63 {
		p.fail()
		p.b = nil
		return 0
	}
	p.b = b[i:]
	if neg {
		return int64(-v)
	}
	return int64(v)
}

// null consumes a JSON null when it comes next.
func (p *jsonScanner) null() bool {
	p.blanks()
	if len(p.b) >= 4 && string(p.b[:4]) == "null" {
		p.b = p.b[4:]
		return true
	}
	return false
}

// intOrNull reads an integer, or null (ok false).
func (p *jsonScanner) intOrNull() (v int64, ok bool) {
	if p.null() {
		return 0, false
	}
	return p.int(), true
}

// strOrNull reads a shared string, or null ("").
func (p *jsonScanner) strOrNull(intern *interner) string {
	if p.null() {
		return ""
	}
	return p.str(intern, true)
}

func (p *jsonScanner) str(intern *interner, shared bool) string {
	if !p.byte('"') {
		p.fail()
		return ""
	}
	escaped := false
	i := 0
	for ; i < len(p.b) && p.b[i] != '"'; i++ {
		if p.b[i] == '\\' {
			escaped = true
			i++
		}
	}
	if i >= len(p.b) {
		p.fail()
		return ""
	}
	raw := p.b[:i]
	p.b = p.b[i+1:]
	if escaped {
		var s string
		if err := json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &s); err != nil {
			p.fail()
		}
		return s
	}
	if shared {
		return intern.get(raw)
	}
	return string(raw)
}

// UnmatchedLine is an invoice line that matches no order, or several.
type UnmatchedLine struct {
	InvoicedLine
	Several bool // several orders match it; else none does
}

// UnmatchedInvoiceLines returns the lines dated from..to (invoice date; 0 leaves
// an end open) that match no order or several, by invoice and line.
func (db *DB) UnmatchedInvoiceLines(ctx context.Context, from, to logistics.Date) ([]UnmatchedLine, error) {
	lo, hi := dateBounds(from, to)
	var out []UnmatchedLine
	err := db.read(ctx, "read unmatched invoice lines", func(tx *sql.Tx) error {
		var intern interner
		return eachRow(ctx, tx, `SELECT l.id, l.row, i.carrier, i.number, l.invoice_date, l.tracking, l.order_ref,
			l.marketplace, l.service, l.charge, l.amount, l.currency, l.billed_weight_g, l.unmatched
			FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
			WHERE l.order_id IS NULL AND l.invoice_date BETWEEN ? AND ?
			ORDER BY i.carrier, i.number, l.id`, []any{lo, hi}, func(r *sql.Rows) error {
			var u UnmatchedLine
			var carrier, number, market, service, currency sql.RawBytes
			var date, charge, amount, why int64
			if err := r.Scan(&u.ID, &u.Row, &carrier, &number, &date, &u.Tracking, &u.OrderRef, &market, &service,
				&charge, &amount, &currency, &u.BilledWeightG, &why); err != nil {
				return err
			}
			u.Carrier, u.Invoice, u.InvoiceDate = intern.get(carrier), intern.get(number), logistics.Date(date)
			u.Marketplace, u.Service = intern.get(market), intern.get(service)
			u.Charge, u.Amount, u.Currency = logistics.Charge(charge), logistics.Dec(amount), intern.get(currency)
			u.Several = why == unmatchedSeveral
			out = append(out, u)
			return nil
		})
	})
	return out, err
}

// UnbilledOrder is a shipped order without any invoice line.
type UnbilledOrder struct {
	OrderID     int64
	Marketplace string
	Ref         string
	Date        logistics.Date
	Mode        logistics.Mode // 0: no chosen option
	Option      string
	Total       int64 // planned, in the decision's currency
	Currency    string
}

// EachUnbilledOrder calls fn for every shipped order dated from..to (inclusive; 0
// leaves an end open) and before `before` that no invoice line is matched to, by
// date then id.
func (db *DB) EachUnbilledOrder(ctx context.Context, from, to, before logistics.Date, fn func(UnbilledOrder) error) error {
	lo, hi := dateBounds(from, to)
	return db.read(ctx, "read unbilled orders", func(tx *sql.Tx) error {
		var intern interner
		return eachRow(ctx, tx, `SELECT o.id, o.marketplace, o.ref, o.order_date, coalesce(d.mode, 0), coalesce(d.option_id, ''),
			coalesce(d.total, 0), coalesce(d.currency, '')
			FROM orders o LEFT JOIN decisions d ON d.order_id = o.id
			WHERE o.status = ? AND o.order_date BETWEEN ? AND ? AND o.order_date < ?
				AND NOT EXISTS (SELECT 1 FROM invoice_order_lines p WHERE p.order_id = o.id)
			ORDER BY o.order_date, o.id`, []any{int64(logistics.Shipped), lo, hi, int64(before)}, func(r *sql.Rows) error {
			var u UnbilledOrder
			var market, option, currency sql.RawBytes
			var date, mode int64
			if err := r.Scan(&u.OrderID, &market, &u.Ref, &date, &mode, &option, &u.Total, &currency); err != nil {
				return err
			}
			u.Marketplace, u.Date, u.Mode = intern.get(market), logistics.Date(date), logistics.Mode(mode)
			u.Option, u.Currency = intern.get(option), intern.get(currency)
			return fn(u)
		})
	})
}

// LatestInvoiceDate is the latest invoice date of any line (each invoice keeps its
// lines' latest); ok is false when there are no invoices.
func (db *DB) LatestInvoiceDate(ctx context.Context) (d logistics.Date, ok bool, err error) {
	err = db.read(ctx, "read latest invoice date", func(tx *sql.Tx) error {
		var v sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT max(latest_date) FROM invoices`).Scan(&v); err != nil {
			return err
		}
		d, ok = logistics.Date(v.Int64), v.Valid
		return nil
	})
	return d, ok, err
}
