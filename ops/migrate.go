package ops

import (
	"context"
	"fmt"

	"shipmode/store"
)

// MigrateRequest names the two databases of Migrate: each a file path or a
// PostgreSQL URL.
type MigrateRequest struct {
	From, To string
}

// MigrateResult is what Migrate copied, table by table, verified.
type MigrateResult struct {
	From, To string // without passwords
	Tables   []store.TableCopy
	Rows     int64
}

// Migrate copies a database between SQLite and PostgreSQL, either way (or file to
// file, server to server), SPEC §10: From is opened (and brought to this
// version's schema), To is opened or created and must hold no data; every row is
// copied in one transaction of To, then both are read back and each table's row
// count and checksum compared. progress is told the rows copied (total: From's).
func Migrate(ctx context.Context, req MigrateRequest, version string, progress Progress) (MigrateResult, error) {
	res := MigrateResult{From: store.Redact(req.From), To: store.Redact(req.To)}
	if req.From == req.To {
		return res, &InputError{Path: res.To, Err: fmt.Errorf("%w: the source and the target are the same database", ErrSameDatabase)}
	}
	from, err := Open(ctx, req.From, version)
	if err != nil {
		return res, err
	}
	defer from.Close()
	to, err := Open(ctx, req.To, version)
	if err != nil {
		return res, err
	}
	defer to.Close()
	var total int64
	if progress != nil {
		if total, err = from.db.Rows(ctx); err != nil {
			return res, err
		}
		progress(0, total)
	}
	res.Tables, err = store.Copy(ctx, from.db, to.db, func(n int64) {
		if progress != nil {
			progress(n, total)
		}
	})
	for _, t := range res.Tables {
		res.Rows += t.Rows
	}
	if err != nil {
		return res, fmt.Errorf("migrate %s to %s: %w", res.From, res.To, err)
	}
	return res, nil
}

// ErrSameDatabase: a migration from a database to itself.
var ErrSameDatabase = fmt.Errorf("same database")
