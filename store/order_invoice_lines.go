package store

import (
	"context"
	"database/sql"
	"fmt"

	"shipmode/logistics"
)

// OrderInvoiceLines returns the invoice lines matched to one order, of every
// invoice, in the order they were imported (as EachInvoicedOrder gives them); none
// when the order has no lines or does not exist. They are the lines its pack names
// (invoice_order_lines: each by its invoice and place), read by id.
func (db *DB) OrderInvoiceLines(ctx context.Context, orderID int64) ([]InvoicedLine, error) {
	var out []InvoicedLine
	err := db.read(ctx, fmt.Sprintf("read invoice lines of order %d", orderID), func(tx *sql.Tx) error {
		var pack []byte
		err := tx.QueryRowContext(ctx, `SELECT lines FROM invoice_order_lines WHERE order_id = ?`, orderID).Scan(&pack)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		places, err := packPlaces(pack, nil)
		if err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `SELECT l.id, l.row, i.carrier, i.number, l.invoice_date, l.tracking, l.order_ref,
			l.marketplace, l.service, l.charge, l.amount, l.currency, l.billed_weight_g
			FROM invoices i CROSS JOIN invoice_lines l
			WHERE i.id = ? AND l.id = i.first_line + ? AND l.invoice_id = i.id AND l.order_id = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, p := range places {
			var l InvoicedLine
			var date, charge, amount int64
			err := stmt.QueryRowContext(ctx, p.invoice, p.place, orderID).Scan(&l.ID, &l.Row, &l.Carrier, &l.Invoice, &date,
				&l.Tracking, &l.OrderRef, &l.Marketplace, &l.Service, &charge, &amount, &l.Currency, &l.BilledWeightG)
			if err == sql.ErrNoRows {
				return fmt.Errorf("%w: line %d of invoice %d is not the order's", errPack, p.place, p.invoice)
			}
			if err != nil {
				return err
			}
			l.InvoiceDate, l.Charge, l.Amount = logistics.Date(date), logistics.Charge(charge), logistics.Dec(amount)
			out = append(out, l)
		}
		return nil
	})
	return out, err
}
