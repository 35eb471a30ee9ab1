package store

import (
	"context"
	"database/sql"
	"fmt"

	"shipmode/logistics"
)

// Decision returns the latest decision of the order with id, every option included;
// ErrNotFound when the order has none.
func (db *DB) Decision(ctx context.Context, orderID int64) (logistics.Decision, error) {
	var d logistics.Decision
	err := db.read(ctx, fmt.Sprintf("read decision of order %d", orderID), func(tx *sql.Tx) error {
		var date, chosen, sla int64
		var blob []byte
		err := tx.QueryRowContext(ctx, `SELECT o.ref, o.order_date, o.country, d.currency, d.sla_risk,
			d.chosen, d.reason, d.options
			FROM decisions d JOIN orders o ON o.id = d.order_id WHERE d.order_id = ?`, orderID).Scan(&d.OrderRef, &date, &d.Country, &d.Currency, &sla, &chosen, &d.Reason, &blob)
		if err != nil {
			return mapErr(err)
		}
		d.Date, d.Chosen, d.SLARisk = logistics.Date(date), int(chosen), sla != 0
		dec, err := decodeOptions(blob)
		if err != nil {
			return err
		}
		if err := resolveTexts(ctx, tx, &dec); err != nil {
			return err
		}
		d.Options, d.Promise, d.Override = dec.opts, dec.promise, dec.override
		d.Reason = dec.explanation(d.Reason, d.Currency)
		return nil
	})
	if err != nil {
		return logistics.Decision{}, err
	}
	return d, nil
}
