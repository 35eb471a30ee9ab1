package store

import (
	"context"
	"database/sql"

	"shipmode/logistics"
)

// lineWriter writes invoice lines (lineSpec's columns), a full statement of
// lineSpec.rowsPer lines at a time. On SQLite it binds their values itself
// (rawInsert: no interface value per value, no copy and free of each text by the
// driver; in a profile of a million-line import the driver's binding was 1.4 s of
// the writer's 5 s); elsewhere, or when rawInsert cannot be had, the lines go
// through a batcher. The lines of a statement not yet full go through the batcher
// at flush.
type lineWriter struct {
	b    *batcher
	raw  *rawInsert
	vals []rawValue // the waiting lines, with raw
}

// newLineWriter prepares a lineWriter in tx, on its connection conn; raw false
// keeps the driver's binding (for tests).
func newLineWriter(ctx context.Context, tx *sql.Tx, conn *sql.Conn, raw bool) (*lineWriter, error) {
	b, err := newBatcher(ctx, tx, conn, lineSpec)
	if err != nil {
		return nil, err
	}
	w := &lineWriter{b: b}
	if raw && conn != nil && b.copy == nil {
		if w.raw, err = newRawInsert(ctx, conn, b.sql(lineSpec.rowsPer), lineSpec.cols*lineSpec.rowsPer); err != nil {
			b.close()
			return nil, err
		}
		if w.raw != nil {
			w.vals = make([]rawValue, 0, lineSpec.cols*lineSpec.rowsPer)
		}
	}
	return w, nil
}

// add writes line l of invoice invoiceID, from row row, with id id, matched as m
// (order 0: none); a full statement's worth is written at once.
func (w *lineWriter) add(ctx context.Context, id, invoiceID int64, row int, l *logistics.InvoiceLine, m lineMatch) error {
	if w.raw == nil {
		var orderID any
		if m.orderID != 0 {
			orderID = m.orderID
		}
		if w.b.add(id, invoiceID, int64(row), int64(l.InvoiceDate), l.Tracking, l.OrderRef, l.Marketplace, l.Service,
			int64(l.Charge), int64(l.Amount), l.Currency, l.BilledWeightG, orderID, m.unmatched) {
			return w.b.execFull(ctx)
		}
		return nil
	}
	orderID := rawValue{kind: rawNull}
	if m.orderID != 0 {
		orderID = intValue(m.orderID)
	}
	w.vals = append(w.vals, intValue(id), intValue(invoiceID), intValue(int64(row)), intValue(int64(l.InvoiceDate)),
		textValue(l.Tracking), textValue(l.OrderRef), textValue(l.Marketplace), textValue(l.Service),
		intValue(int64(l.Charge)), intValue(int64(l.Amount)), textValue(l.Currency), intValue(l.BilledWeightG),
		orderID, intValue(m.unmatched))
	if len(w.vals) < cap(w.vals) {
		return nil
	}
	err := w.raw.exec(ctx, w.vals)
	clear(w.vals) // (the texts are not kept)
	w.vals = w.vals[:0]
	return err
}

// flush writes every waiting line.
func (w *lineWriter) flush(ctx context.Context) error {
	if len(w.vals) > 0 {
		args := make([]any, len(w.vals))
		for i, v := range w.vals {
			switch v.kind {
			case rawInt:
				args[i] = v.i
			case rawText:
				args[i] = v.s
			}
		}
		clear(w.vals)
		w.vals = w.vals[:0]
		if err := w.b.exec(ctx, args); err != nil {
			return err
		}
	}
	return w.b.flush(ctx)
}

func (w *lineWriter) close() {
	if w.raw != nil {
		w.raw.close()
	}
	w.b.close()
}
