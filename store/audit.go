package store

import (
	"context"
	"database/sql"
	"time"
)

// AuditEntry is one line of the audit log: who did what, when.
type AuditEntry struct {
	At     time.Time
	Host   string
	User   string
	Action string
	Detail string
}

// Audit adds e to the audit log (e.At zero: now).
func (db *DB) Audit(ctx context.Context, e AuditEntry) error {
	at := e.At.UnixMilli()
	if e.At.IsZero() {
		at = nowMilli()
	}
	return db.write(ctx, "write the audit log", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, host, user_name, action, detail) VALUES (?, ?, ?, ?, ?)`,
			at, e.Host, e.User, e.Action, e.Detail)
		return err
	})
}

// AuditLog is the newest n entries of the audit log, newest first.
func (db *DB) AuditLog(ctx context.Context, n int) ([]AuditEntry, error) {
	var out []AuditEntry
	err := db.read(ctx, "read the audit log", func(tx *sql.Tx) error {
		return eachRow(ctx, tx, `SELECT at, host, user_name, action, detail FROM audit ORDER BY at DESC, id DESC LIMIT ?`,
			[]any{n}, func(r *sql.Rows) error {
				var e AuditEntry
				var at int64
				if err := r.Scan(&at, &e.Host, &e.User, &e.Action, &e.Detail); err != nil {
					return err
				}
				e.At = timeOf(at)
				out = append(out, e)
				return nil
			})
	})
	return out, err
}
