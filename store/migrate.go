package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
)

// applicationID marks a Shipmode database in the SQLite header ("SHMD").
const applicationID = 0x53484D44

//go:embed migrations/*.sql migrations_pg/*.sql
var migrationFS embed.FS

// migration is one numbered, forward-only schema change.
type migration struct {
	version int
	name    string
	sql     string
	// data, when not nil, runs after sql in the same transaction: a change to the
	// stored figures that SQL alone cannot compute.
	data func(context.Context, *sql.Tx) error
}

// dataMigrations are the data steps of migrations, by file name. (Migration 6's
// step, which filled order_lines, is gone: migration 9 drops that table and fills
// its successor, sku_days, from the orders.)
var dataMigrations = map[string]func(context.Context, *sql.Tx) error{
	"0002_direct_baseline.sql":     directBaselines,
	"0007_invoice_order_lines.sql": migrateInvoiceOrderLines,
	"0009_sku_days.sql":            fillSKUDays,
	"0014_invoice_line_places.sql": repackAll,
}

// migrations returns the embedded migrations in order. Their file names start with
// their version (0001_init.sql), numbered 1, 2, 3 … without gaps.
//
// The PostgreSQL schema (pg) is the same schema in that dialect, in migrations_pg
// under the same numbers and names.
func migrations(pg bool) ([]migration, error) {
	dir := "migrations"
	if pg {
		dir = "migrations_pg"
	}
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name does not start with a number", e.Name())
		}
		if v != len(ms)+1 {
			return nil, fmt.Errorf("migration %s: got version %d, want %d", e.Name(), v, len(ms)+1)
		}
		b, err := migrationFS.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b), data: dataMigrations[e.Name()]})
	}
	return ms, nil
}

// SchemaVersion is the schema version this build of the store migrates to.
func SchemaVersion() int {
	ms, err := migrations(false)
	if err != nil {
		return 0
	}
	return len(ms)
}

// migrate brings the database to the latest schema: each pending migration in its
// own transaction, counted in PRAGMA user_version. An existing database is backed up
// with VACUUM INTO before the first pending migration.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations(db.pg)
	if err != nil {
		return err
	}
	return db.migrateWith(ctx, ms)
}

// migrateWith applies ms (the embedded migrations, or more in tests).
func (db *DB) migrateWith(ctx context.Context, ms []migration) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer conn.Close()
	if db.pg {
		return migratePG(ctx, conn, ms)
	}

	version, err := checkShipmode(ctx, conn, len(ms))
	if err != nil {
		return err
	}
	if version == len(ms) {
		return nil
	}
	if version > 0 {
		backup := fmt.Sprintf("%s.v%d-%s.bak", db.path, version, time.Now().UTC().Format("20060102T150405.000"))
		if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", backup); err != nil {
			return fmt.Errorf("back up before migrating to %s: %w", backup, mapCtxErr(ctx, err))
		}
	}
	for _, m := range ms[version:] {
		if err := applyMigration(ctx, conn, m, sqliteVersion{}); err != nil {
			return err
		}
	}
	return nil
}

// checkShipmode returns the schema version of the database on conn: 0 for a new,
// empty file. It fails for a file that is not a Shipmode database or is newer than
// latest.
func checkShipmode(ctx context.Context, conn *sql.Conn, latest int) (int, error) {
	var version, appID, objects int
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, fmt.Errorf("read schema version: %w", mapCtxErr(ctx, err))
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return 0, fmt.Errorf("read application id: %w", mapCtxErr(ctx, err))
	}
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&objects); err != nil {
		return 0, fmt.Errorf("read schema: %w", mapCtxErr(ctx, err))
	}
	switch {
	case version == 0 && appID == 0 && objects == 0:
		return 0, nil
	case appID != applicationID || version == 0:
		return 0, fmt.Errorf("%w (application id %#x, schema version %d)", ErrNotShipmode, appID, version)
	case version > latest:
		return 0, fmt.Errorf("%w: schema version %d, this version knows up to %d", ErrNewerSchema, version, latest)
	}
	return version, nil
}

// applyMigration runs one migration and records its version in one transaction,
// in the words of the engine's schemaVersion. It re-reads the version inside the
// transaction so that two processes opening the same new database do not both
// apply it.
func applyMigration(ctx context.Context, conn *sql.Conn, m migration, sv schemaVersion) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, mapCtxErr(ctx, err))
	}
	defer tx.Rollback()
	version, err := sv.read(ctx, tx)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, mapCtxErr(ctx, err))
	}
	if version >= m.version {
		return nil
	}
	if version != m.version-1 {
		return fmt.Errorf("migration %s: got schema version %d, want %d", m.name, version, m.version-1)
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, mapCtxErr(ctx, err))
	}
	if m.data != nil {
		if err := m.data(ctx, tx); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, mapCtxErr(ctx, err))
		}
	}
	if err := sv.set(ctx, tx, m.version); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, mapCtxErr(ctx, err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.name, mapCtxErr(ctx, err))
	}
	return nil
}

// schemaVersion is where an engine keeps its schema version: read takes the
// engine's write lock where it has one and reads the version in a migration's
// transaction, set records a new one in it.
type schemaVersion interface {
	read(ctx context.Context, tx *sql.Tx) (int, error)
	set(ctx context.Context, tx *sql.Tx, version int) error
}

// sqliteVersion keeps the version in the file's user_version (and marks a new
// file as Shipmode's by its application_id). A write transaction of SQLite is
// already alone.
type sqliteVersion struct{}

func (sqliteVersion) read(ctx context.Context, tx *sql.Tx) (int, error) {
	var version int
	err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	return version, err
}

func (sqliteVersion) set(ctx context.Context, tx *sql.Tx, version int) error {
	// PRAGMA takes no bound parameters; both values are integers of ours.
	stmt := fmt.Sprintf("PRAGMA user_version = %d", version)
	if version == 1 {
		stmt += fmt.Sprintf("; PRAGMA application_id = %d", applicationID)
	}
	_, err := tx.ExecContext(ctx, stmt)
	return err
}
