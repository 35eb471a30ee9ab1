package store

import (
	"context"
	"database/sql"

	"shipmode/logistics"
)

// LatestOrderDate returns the latest order date of the orders that are not
// cancelled; ok is false when there are none.
func (db *DB) LatestOrderDate(ctx context.Context) (d logistics.Date, ok bool, err error) {
	err = db.read(ctx, "latest order date", func(tx *sql.Tx) error {
		var v sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT max(order_date) FROM orders WHERE status IN (1, 2)`).Scan(&v); err != nil {
			return err
		}
		d, ok = logistics.Date(v.Int64), v.Valid
		return nil
	})
	return d, ok, err
}
