package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"shipmode/logistics"
)

// InvoicedOrder is an order with the invoice lines matched to it and its recorded
// decision, what reconciliation reads (SPEC §8).
type InvoicedOrder struct {
	OrderID int64
	Order   logistics.Order // lines and parcel included, to re-rate it
	Status  logistics.Status
	// The decision: Planned is false when the order has none (never planned, or
	// changed since); Chosen is the chosen option (Mode 0: unassignable).
	Planned  bool
	Chosen   logistics.Option
	Currency string // of the decision's amounts
	Lines    []InvoicedLine
}

// InvoicedLine is a stored invoice line.
type InvoicedLine struct {
	logistics.InvoiceLine
	ID  int64
	Row int
}

// EachInvoicedOrder calls fn for every order dated from..to (inclusive; 0 leaves an
// end open) that has invoice lines, by order date then id, with all its lines (of every
// invoice) in the order they were imported. It streams: memory does not grow with
// the number of orders. fn must not keep the *InvoicedOrder.
func (db *DB) EachInvoicedOrder(ctx context.Context, from, to logistics.Date, fn func(*InvoicedOrder) error) error {
	lo, hi := dateBounds(from, to)
	return db.read(ctx, "read invoiced orders", func(tx *sql.Tx) error {
		skus := map[int64]string{}
		err := eachRow(ctx, tx, `SELECT id, sku FROM skus`, nil, func(r *sql.Rows) error {
			var id int64
			var sku string
			if err := r.Scan(&id, &sku); err != nil {
				return err
			}
			skus[id] = sku
			return nil
		})
		if err != nil {
			return err
		}
		var intern interner
		var cur InvoicedOrder
		agg, arr, ord := "json_group_array(", "json_array(", ""
		if db.pg {
			agg, arr, ord = "json_agg(", "json_build_array(", " ORDER BY x.id"
		}
		// One row per order, its lines packed as a JSON array of arrays (SQLite
		// escapes the texts): a row per line would repeat the order and its
		// options blob for each, and cost the driver a crossing per column.
		return eachRow(ctx, tx, `SELECT o.id, o.marketplace, o.ref, o.order_date, o.country, o.postal_code, o.currency, o.promised_days,
			o.parcel_length_mm, o.parcel_width_mm, o.parcel_height_mm, o.parcel_weight_g, o.lines, o.status,
			d.chosen, d.option_id, d.currency, d.options,
			(SELECT `+agg+arr+`x.id, x.row, x.carrier, x.number, x.invoice_date, x.tracking, x.order_ref,
				x.marketplace, x.service, x.charge, x.amount, x.currency, x.billed_weight_g)`+ord+`)
				FROM (SELECT l.id, l.row, i.carrier, i.number, l.invoice_date, l.tracking, l.order_ref, l.marketplace,
					l.service, l.charge, l.amount, l.currency, l.billed_weight_g
					FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.order_id = o.id ORDER BY l.id) AS x)
			FROM orders o LEFT JOIN decisions d ON d.order_id = o.id
			WHERE o.order_date BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM invoice_lines l WHERE l.order_id = o.id)
			ORDER BY o.order_date, o.id`, []any{lo, hi}, func(r *sql.Rows) error {
			var omarket, country, ocurrency, option, dcurrency, blob, packed sql.RawBytes
			var ref, postal, lines string
			var odate, promised, status int64
			var pl, pw, ph, pg, chosen sql.NullInt64
			cur = InvoicedOrder{Lines: cur.Lines[:0], Order: logistics.Order{Lines: cur.Order.Lines[:0]}}
			if err := r.Scan(&cur.OrderID, &omarket, &ref, &odate, &country, &postal, &ocurrency, &promised,
				&pl, &pw, &ph, &pg, &lines, &status, &chosen, &option, &dcurrency, &blob, &packed); err != nil {
				return err
			}
			orderID := cur.OrderID
			cur.Status = logistics.Status(status)
			o := &cur.Order
			o.Marketplace, o.Ref, o.Date, o.Country = intern.get(omarket), ref, logistics.Date(odate), intern.get(country)
			o.PostalCode, o.Currency, o.PromisedDays = postal, intern.get(ocurrency), int(promised)
			if pl.Valid {
				o.Parcel = &logistics.Parcel{LengthMM: pl.Int64, WidthMM: pw.Int64, HeightMM: ph.Int64, WeightG: pg.Int64}
			}
			err := eachLine(lines, func(skuID, qty int64, price logistics.Dec) error {
				o.Lines = append(o.Lines, logistics.Line{SKU: skus[skuID], Qty: qty, UnitPrice: price})
				return nil
			})
			if err != nil {
				return fmt.Errorf("order %d: %w", orderID, err)
			}
			if chosen.Valid {
				cur.Planned, cur.Currency = true, intern.get(dcurrency)
				if chosen.Int64 >= 0 {
					dec, err := decodeOptions(blob)
					if err != nil {
						return fmt.Errorf("order %d: %w", orderID, err)
					}
					if int(chosen.Int64) < len(dec.opts) {
						cur.Chosen = dec.opts[chosen.Int64]
						cur.Chosen.ID = intern.get(option)
					}
				}
			}
			if cur.Lines, err = unpackLines(packed, cur.Lines, &intern); err != nil {
				return fmt.Errorf("order %d: invoice lines: %w", orderID, err)
			}
			return fn(&cur)
		})
	})
}

// unpackLines appends the lines of a JSON array of arrays [id, row, carrier,
// number, invoice_date, tracking, order_ref, marketplace, service, charge, amount,
// currency, billed_weight_g] to dst.
func unpackLines(b []byte, dst []InvoicedLine, intern *interner) ([]InvoicedLine, error) {
	p := jsonScanner{b: b}
	if !p.byte('[') {
		return dst, p.fail()
	}
	for !p.byte(']') {
		if len(dst) > 0 && !p.byte(',') {
			return dst, p.fail()
		}
		if !p.byte('[') {
			return dst, p.fail()
		}
		var l InvoicedLine
		var row, date, charge, amount int64
		for i, v := range []any{&l.ID, &row, &l.Carrier, &l.Invoice, &date, &l.Tracking, &l.OrderRef, &l.Marketplace,
			&l.Service, &charge, &amount, &l.Currency, &l.BilledWeightG} {
			if i > 0 && !p.byte(',') {
				return dst, p.fail()
			}
			switch v := v.(type) {
			case *int64:
				*v = p.int()
			case *string:
				*v = p.str(intern, i != 5 && i != 6) // tracking and reference are not repeated
			}
		}
		if !p.byte(']') || p.err != nil {
			return dst, p.fail()
		}
		l.Row, l.InvoiceDate, l.Charge, l.Amount = int(row), logistics.Date(date), logistics.Charge(charge), logistics.Dec(amount)
		dst = append(dst, l)
	}
	return dst, p.err
}

// jsonScanner reads the JSON SQLite's json_array writes: integers and strings.
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
// Blanks around it are skipped: PostgreSQL's json_agg writes ", " and newlines
// between the elements, SQLite's json_group_array nothing.
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

func (p *jsonScanner) int() int64 {
	i := 0
	for i < len(p.b) && (p.b[i] == '-' || p.b[i] >= '0' && p.b[i] <= '9') {
		i++
	}
	v, err := strconv.ParseInt(string(p.b[:i]), 10, 64)
	if err != nil {
		p.fail()
	}
	p.b = p.b[i:]
	return v
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
				AND NOT EXISTS (SELECT 1 FROM invoice_lines l WHERE l.order_id = o.id)
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

// LatestInvoiceDate is the latest invoice date of any line; ok is false when there
// are no invoices.
func (db *DB) LatestInvoiceDate(ctx context.Context) (d logistics.Date, ok bool, err error) {
	err = db.read(ctx, "read latest invoice date", func(tx *sql.Tx) error {
		var v sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT max(invoice_date) FROM invoice_lines`).Scan(&v); err != nil {
			return err
		}
		d, ok = logistics.Date(v.Int64), v.Valid
		return nil
	})
	return d, ok, err
}
