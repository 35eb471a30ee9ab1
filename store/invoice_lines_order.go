package store

import (
	"context"
	"database/sql"
	"fmt"

	"shipmode/logistics"
)

// OrderInvoiceLines returns the invoice lines matched to one order, of every
// invoice, in the order they were imported (as EachInvoicedOrder gives them); none
// when the order has no lines or does not exist.
func (db *DB) OrderInvoiceLines(ctx context.Context, orderID int64) ([]InvoicedLine, error) {
	var out []InvoicedLine
	err := db.read(ctx, fmt.Sprintf("read invoice lines of order %d", orderID), func(tx *sql.Tx) error {
		return eachRow(ctx, tx, `SELECT l.id, l.row, i.carrier, i.number, l.invoice_date, l.tracking, l.order_ref,
			l.marketplace, l.service, l.charge, l.amount, l.currency, l.billed_weight_g
			FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
			WHERE l.order_id = ? ORDER BY l.id`, []any{orderID}, func(r *sql.Rows) error {
			var l InvoicedLine
			var date, charge, amount int64
			if err := r.Scan(&l.ID, &l.Row, &l.Carrier, &l.Invoice, &date, &l.Tracking, &l.OrderRef, &l.Marketplace,
				&l.Service, &charge, &amount, &l.Currency, &l.BilledWeightG); err != nil {
				return err
			}
			l.InvoiceDate, l.Charge, l.Amount = logistics.Date(date), logistics.Charge(charge), logistics.Dec(amount)
			out = append(out, l)
			return nil
		})
	})
	return out, err
}
