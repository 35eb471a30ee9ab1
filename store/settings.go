package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Setting returns the value of an app setting (language, theme …); ErrNotFound when
// it was never set.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.read(ctx, "read setting "+key, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	})
	return v, err
}

// SetSetting stores the value of an app setting, replacing the previous one.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	if key == "" {
		return fmt.Errorf("set setting: %w: empty key", ErrInvalid)
	}
	return db.write(ctx, "set setting "+key, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	})
}
