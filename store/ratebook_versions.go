package store

import (
	"context"
	"database/sql"
	"fmt"

	"shipmode/logistics"
)

// RateBookAt returns version id of the rate book with the current products and
// stock filled in (they are current data, kept by no version); ErrNotFound when
// there is no such version.
func (db *DB) RateBookAt(ctx context.Context, id int64) (logistics.RateBook, RateBookVersion, error) {
	// a version stored before a setting existed has that setting's default
	rb := logistics.RateBook{Settings: logistics.DefaultSettings()}
	var v RateBookVersion
	err := db.read(ctx, "read rate book version", func(tx *sql.Tx) error {
		var at int64
		var body []byte
		err := tx.QueryRowContext(ctx, `SELECT id, imported_at, source, hash, body FROM rate_books WHERE id = ?`, id).
			Scan(&v.ID, &at, &v.Source, &v.Hash, &body)
		if err != nil {
			return fmt.Errorf("rate book version %d: %w", id, mapErr(err))
		}
		v.ImportedAt = timeOf(at)
		return decodeRateBook(ctx, tx, v.ID, body, &rb)
	})
	if err != nil {
		return logistics.RateBook{}, RateBookVersion{}, err
	}
	return rb, v, nil
}
