package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// ErrNotEmpty: a copy's target database already holds data.
var ErrNotEmpty = errors.New("target database is not empty")

// copyTable is one table of the schema as Copy moves it: its name and the key
// that orders its rows (for the checksum).
type copyTable struct {
	name, key string
	// seeded: the schema puts its row there (a counter): a new database has it,
	// and a copy replaces it.
	seeded bool
}

// copyTables are every table of the schema, parents before the rows that name
// them. TestCopyTablesCoverSchema keeps the list whole.
var copyTables = []copyTable{
	{name: "settings", key: "key"},
	{name: "rate_books", key: "id"},
	{name: "products", key: "sku"},
	{name: "stock", key: "warehouse_id, sku"},
	{name: "imports", key: "id"},
	{name: "skus", key: "id"},
	{name: "orders", key: "id"},
	{name: "plan_runs", key: "id"},
	{name: "decisions", key: "order_id"},
	{name: "texts", key: "id"},
	{name: "invoices", key: "id"},
	{name: "invoice_lines", key: "id"},
	{name: "invoice_order_lines", key: "order_id"},
	{name: "audit", key: "id"},
	{name: "change_counter", key: "id", seeded: true},
	{name: "sku_days", key: "sku_id, order_date"},
	{name: "scenarios", key: "name"},
	{name: "summary_cells", key: "order_date, country, mode, currency, status"},
	{name: "summary_stamp", key: "id"},
}

// TableCopy is what Copy moved of one table, verified: the rows read back from
// the target and a checksum of their values equal the source's.
type TableCopy struct {
	Table    string
	Rows     int64
	Checksum string // SHA-256 of the rows in key order, hex
}

// Copy copies every row of from into to, which must be empty (ErrNotEmpty
// otherwise), in one transaction of to — all or nothing — from one snapshot of
// from; then it reads both back and compares the row count and a checksum of
// every table. Either may be SQLite or PostgreSQL (shipmode migrate, SPEC §10);
// both are at this build's schema version, being open. progress, if not nil, is
// told the rows copied so far.
func Copy(ctx context.Context, from, to *DB, progress func(rows int64)) ([]TableCopy, error) {
	if err := to.checkEmpty(ctx); err != nil {
		return nil, err
	}
	return copyInto(ctx, from, to, false, progress)
}

// copyInto is Copy; with replace, the rows of to are deleted first, in the same
// transaction (Restore on PostgreSQL).
func copyInto(ctx context.Context, from, to *DB, replace bool, progress func(rows int64)) ([]TableCopy, error) {
	var done int64
	err := to.writeConn(ctx, "copy into "+to.path, true, func(tx *sql.Tx, conn *sql.Conn) error {
		for i := len(copyTables) - 1; i >= 0; i-- {
			if t := copyTables[i]; replace || t.seeded {
				if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.name); err != nil {
					return err
				}
			}
		}
		return from.read(ctx, "copy from "+from.path, func(src *sql.Tx) error {
			for _, t := range copyTables {
				if err := copyRows(ctx, src, tx, conn, to.pg, t, func(n int64) {
					done += n
					if progress != nil {
						progress(done)
					}
				}); err != nil {
					return fmt.Errorf("table %s: %w", t.name, err)
				}
			}
			if to.pg {
				return resetIdentities(ctx, tx)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return verifyCopy(ctx, from, to)
}

// checkEmpty fails with ErrNotEmpty when a table of db has a row.
func (db *DB) checkEmpty(ctx context.Context) error {
	var full copyTable
	var n int64
	err := db.read(ctx, "read "+db.path, func(tx *sql.Tx) error {
		for _, t := range copyTables {
			if t.seeded {
				continue
			}
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+t.name).Scan(&n); err != nil || n > 0 {
				full = t
				return err
			}
		}
		return nil
	})
	if err == nil && n > 0 {
		err = fmt.Errorf("%w: %s holds data (%s: %d rows); copy into a new, empty database", ErrNotEmpty, db.path, full.name, n)
	}
	return err
}

// Rows is the number of rows of every table together.
func (db *DB) Rows(ctx context.Context) (int64, error) {
	var total int64
	err := db.read(ctx, "count rows of "+db.path, func(tx *sql.Tx) error {
		for _, t := range copyTables {
			var n int64
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+t.name).Scan(&n); err != nil {
				return err
			}
			total += n
		}
		return nil
	})
	return total, err
}

// copyRows copies table t from src into dst: with COPY on PostgreSQL, with
// multi-row INSERTs on SQLite.
func copyRows(ctx context.Context, src, dst *sql.Tx, conn *sql.Conn, pg bool, t copyTable, progress func(int64)) error {
	rows, err := src.QueryContext(ctx, `SELECT * FROM `+t.name+` ORDER BY `+t.key)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	next := func() ([]any, error) {
		if !rows.Next() {
			return nil, rows.Err()
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		return vals, nil
	}
	if pg {
		return conn.Raw(func(dc any) error {
			c := dc.(rebindConn).Conn.Conn()
			n, err := c.CopyFrom(ctx, pgx.Identifier{t.name}, cols, &copySource{next: next, progress: progress})
			_ = n
			return err
		})
	}
	// SQLite: at most 32,766 parameters a statement.
	b, err := newBatcher(ctx, dst, nil, batchSpec{head: "INSERT INTO " + t.name + " (" + strings.Join(cols, ", ") + ")",
		cols: len(cols), rowsPer: max(1, 4096/len(cols))})
	if err != nil {
		return err
	}
	defer b.close()
	var n int64
	for {
		vals, err := next()
		if err != nil {
			return err
		}
		if vals == nil {
			break
		}
		if b.add(vals...) {
			if err := b.execFull(ctx); err != nil {
				return err
			}
		}
		if n++; n%10000 == 0 {
			progress(10000)
		}
	}
	progress(n % 10000)
	return b.flush(ctx)
}

// copySource feeds COPY the rows of next.
type copySource struct {
	next     func() ([]any, error)
	progress func(int64)
	vals     []any
	err      error
	n        int64
}

func (s *copySource) Next() bool {
	s.vals, s.err = s.next()
	if s.vals == nil {
		s.progress(s.n % 10000)
		return false
	}
	if s.n++; s.n%10000 == 0 {
		s.progress(10000)
	}
	return true
}

func (s *copySource) Values() ([]any, error) { return s.vals, nil }
func (s *copySource) Err() error             { return s.err }

// resetIdentities moves each identity column's sequence past the ids copied in,
// so that the next row PostgreSQL numbers does not collide with them.
func resetIdentities(ctx context.Context, tx *sql.Tx) error {
	for _, t := range copyTables {
		if t.key != "id" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `SELECT setval(s, coalesce((SELECT max(id) FROM `+t.name+`), 0) + 1, false)
			FROM pg_get_serial_sequence('`+t.name+`', 'id') AS s WHERE s IS NOT NULL`); err != nil {
			return fmt.Errorf("table %s: %w", t.name, err)
		}
	}
	return nil
}

// verifyCopy reads every table of from and to back and compares them.
func verifyCopy(ctx context.Context, from, to *DB) ([]TableCopy, error) {
	src, err := from.Checksums(ctx)
	if err != nil {
		return nil, err
	}
	dst, err := to.Checksums(ctx)
	if err != nil {
		return nil, err
	}
	for i := range src {
		if src[i] != dst[i] {
			return dst, fmt.Errorf("verify table %s: %w: the copy has %d rows (checksum %.12s), the source %d (%.12s)",
				src[i].Table, ErrCorrupt, dst[i].Rows, dst[i].Checksum, src[i].Rows, src[i].Checksum)
		}
	}
	return dst, nil
}

// Checksums counts the rows of every table and hashes their values in key
// order: equal on two databases, whatever their engines, when their data is.
func (db *DB) Checksums(ctx context.Context) ([]TableCopy, error) {
	var out []TableCopy
	err := db.read(ctx, "checksum "+db.path, func(tx *sql.Tx) error {
		for _, t := range copyTables {
			c, err := checksum(ctx, tx, t)
			if err != nil {
				return fmt.Errorf("table %s: %w", t.name, err)
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

func checksum(ctx context.Context, tx *sql.Tx, t copyTable) (TableCopy, error) {
	c := TableCopy{Table: t.name}
	rows, err := tx.QueryContext(ctx, `SELECT * FROM `+t.name+` ORDER BY `+t.key)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return c, err
	}
	h := sha256.New()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var buf []byte
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return c, err
		}
		buf = buf[:0]
		for i, v := range vals {
			buf = append(buf, cols[i]...)
			buf = append(buf, '=')
			switch v := v.(type) {
			case nil:
				buf = append(buf, 'N')
			case int64:
				buf = append(buf, 'I')
				buf = binary.AppendVarint(buf, v)
			case string:
				buf = append(buf, 'S')
				buf = binary.AppendUvarint(buf, uint64(len(v)))
				buf = append(buf, v...)
			case []byte:
				buf = append(buf, 'B')
				buf = binary.AppendUvarint(buf, uint64(len(v)))
				buf = append(buf, v...)
			default:
				return c, fmt.Errorf("column %s: a value of type %T", cols[i], v)
			}
		}
		h.Write(buf)
		c.Rows++
	}
	if err := rows.Err(); err != nil {
		return c, err
	}
	c.Checksum = hex.EncodeToString(h.Sum(nil))
	return c, nil
}
