package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors returned by the store, wrapped with context. Classify with errors.Is.
var (
	// ErrNotFound: the order, decision, rate book or setting does not exist.
	ErrNotFound = errors.New("not found")
	// ErrAmbiguous: an order reference matches orders of several marketplaces.
	ErrAmbiguous = errors.New("ambiguous order reference")
	// ErrConflict: the change breaks a uniqueness or reference rule of the database.
	ErrConflict = errors.New("conflicts with stored data")
	// ErrInvalid: an argument cannot be stored (unset mode, empty reason …).
	ErrInvalid = errors.New("invalid value")
	// ErrBusy: another program holds the database longer than the 5 s busy timeout.
	ErrBusy = errors.New("database is busy")
	// ErrNotShipmode: the file is not a Shipmode database.
	ErrNotShipmode = errors.New("not a Shipmode database")
	// ErrNewerSchema: the database was written by a newer Shipmode.
	ErrNewerSchema = errors.New("database is from a newer Shipmode")
	// ErrCorrupt: the database file is damaged.
	ErrCorrupt = errors.New("database file is damaged")
	// ErrFull: the disk is full.
	ErrFull = errors.New("disk is full")
	// ErrReadOnly: the database file cannot be written.
	ErrReadOnly = errors.New("database is read-only")
	// ErrMixedCurrency: decisions of the period are in more than one base currency
	// (the base currency changed since they were planned); plan again.
	ErrMixedCurrency = errors.New("decisions are in more than one currency")
)

// DB is an open Shipmode database. It is safe for concurrent use; writes are
// serialised by SQLite (one writer, many readers in WAL mode).
type DB struct {
	sql  *sql.DB
	path string
	// busy, if set, is called when a write must wait for another program's write
	// (another Shipmode importing or planning on the same file) longer than the
	// busy timeout; the write then goes on waiting until it can run or its
	// context ends. Set once, before use (SetBusyNotice).
	busy func()
	// readOnly: the file is on a read-only disk (or may not be written): it is
	// read, reported and backed up, and every write fails with ErrReadOnly.
	readOnly bool
	// pg: the database is on a PostgreSQL server (openPostgres); path is then its
	// URL without the password.
	pg bool
	// fewOrders, when not 0, replaces defaultFewOrders (see probe): tests lower it.
	fewOrders int
	refs      refIndex       // the order references, for searches (query_refs.go)
	unplanned unplannedCache // the orders without a decision, when few (query_sorted.go)
	countries countryCache   // a few countries' order ids (query_sorted.go)
}

// ReadOnly reports whether the database was opened read-only because its file
// cannot be written (a read-only disk or folder).
func (db *DB) ReadOnly() bool { return db.readOnly }

// SetBusyNotice sets what a write calls when it has to wait for another writer
// (see DB.busy); fn may be called from any goroutine. Call it before using db.
func (db *DB) SetBusyNotice(fn func()) { db.busy = fn }

// Open opens (creating if needed) the Shipmode database at path and migrates it to
// the current schema. Before migrating an existing database it writes a backup next
// to it (path + ".v<N>-<time>.bak"). It fails with ErrNotShipmode for a file that is
// not a Shipmode database and ErrNewerSchema for one from a newer version.
//
// A database that exists but cannot be written (a read-only disk) is opened
// read-only when its schema is current: reports and backups read it, and every
// write fails with ErrReadOnly.
//
// A PostgreSQL URL (postgres://user:pass@host:port/db?sslmode=…, SPEC §10) opens
// that server's database instead, with the same schema and rules.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("open database: %w: empty path", ErrInvalid)
	}
	if IsURL(path) {
		return openPostgres(ctx, path)
	}
	if cannotWrite(path) {
		return openReadOnly(ctx, path)
	}
	c, err := newConnector(dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, mapErr(err))
	}
	sdb := sql.OpenDB(c)
	// Each connection has its own page cache (cache_size); a few are enough for the
	// app's readers next to one writer.
	sdb.SetMaxOpenConns(4)
	sdb.SetMaxIdleConns(4)
	sdb.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{sql: sdb, path: path}
	// Another program writing to the file (a first import holds it whole) keeps
	// the schema check waiting: wait for it as long as ctx allows.
	for {
		err := db.migrate(ctx)
		if err == nil {
			return db, nil
		}
		if ctx.Err() != nil || !errors.Is(err, ErrBusy) {
			sdb.Close()
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// dsn is the driver name of the database at path with the pragmas every connection
// needs: wait up to 5 s for a lock, enforce foreign keys, WAL journal with
// synchronous=NORMAL (durable across an app crash, fast), writes take the write lock
// when they begin, a 64 MiB page cache, and a WAL file cut back to 64 MiB after a
// big import has been checkpointed.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "cache_size(-65536)")
	q.Add("_pragma", "journal_size_limit(67108864)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", "immediate")
	return path + "?" + q.Encode()
}

// Path is the file the database was opened from (for PostgreSQL, its URL without
// the password).
func (db *DB) Path() string { return db.path }

// Server reports whether the database is on a PostgreSQL server (team mode).
func (db *DB) Server() bool { return db.pg }

// Close closes the database. Pending writes are already durable.
func (db *DB) Close() error {
	if err := db.sql.Close(); err != nil {
		return fmt.Errorf("close database: %w", mapErr(err))
	}
	return nil
}

// cannotWrite reports whether path is an existing file that this process cannot
// write, or whose folder it cannot write (SQLite's WAL files live beside it).
func cannotWrite(path string) bool {
	if _, err := os.Stat(path); err != nil {
		return false
	}
	denied := func(err error) bool { return errors.Is(err, syscall.EROFS) || errors.Is(err, os.ErrPermission) }
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return denied(err)
	}
	f.Close()
	probe, err := os.CreateTemp(filepath.Dir(path), ".shipmode-probe-*")
	if err != nil {
		return denied(err)
	}
	probe.Close()
	os.Remove(probe.Name())
	return false
}

// openReadOnly opens an existing database that cannot be written: immutable (no
// lock, no WAL files), its schema checked but not migrated.
func openReadOnly(ctx context.Context, path string) (*DB, error) {
	u := url.URL{Scheme: "file", Path: path, RawQuery: "mode=ro&immutable=1&_pragma=" + url.QueryEscape("foreign_keys(1)")}
	c, err := newConnector(u.String())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, mapErr(err))
	}
	sdb := sql.OpenDB(c)
	db := &DB{sql: sdb, path: path, readOnly: true}
	conn, err := sdb.Conn(ctx)
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open database %s: %w", path, mapErr(err))
	}
	defer conn.Close()
	latest := SchemaVersion()
	version, err := checkShipmode(ctx, conn, latest)
	if err == nil && version < latest {
		err = fmt.Errorf("%w: read-only, and from an older version (schema %d of %d) that cannot be brought up to date there", ErrReadOnly, version, latest)
	}
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// write runs fn in one write transaction (BEGIN IMMEDIATE) and commits it if fn
// returns nil. what names the operation in the returned error.
func (db *DB) write(ctx context.Context, what string, fn func(*sql.Tx) error) error {
	return db.writeConn(ctx, what, false, func(tx *sql.Tx, _ *sql.Conn) error { return fn(tx) })
}

// writeConn is write on a connection of its own, which fn gets too (for batcher).
// With bulk — loading many rows into empty tables — and when no other connection
// has the file open, the transaction runs with a rollback journal instead of the
// WAL: pages new to the file are then written once, into it, rather than into the
// WAL and again by the checkpoint, and an interrupted load is rolled back from the
// journal as surely. The WAL is back when it ends. With other connections open
// (the app's readers) it keeps the WAL.
func (db *DB) writeConn(ctx context.Context, what string, bulk bool, fn func(*sql.Tx, *sql.Conn) error) error {
	if db.readOnly {
		return fmt.Errorf("%s: %w: the database file cannot be written (a read-only disk or folder)", what, ErrReadOnly)
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", what, mapCtxErr(ctx, err))
	}
	defer conn.Close()
	if bulk && !db.pg {
		var mode string
		if err := conn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err == nil && mode == "delete" {
			defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA journal_mode = WAL`)
		}
	}
	tx, err := db.begin(ctx, conn)
	if err != nil {
		return fmt.Errorf("%s: %w", what, mapCtxErr(ctx, err))
	}
	defer tx.Rollback()
	if err := fn(tx, conn); err != nil {
		return fmt.Errorf("%s: %w", what, mapCtxErr(ctx, err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", what, mapCtxErr(ctx, err))
	}
	if bulk && db.pg {
		// PostgreSQL plans its queries from statistics that a bulk load has made
		// wrong (autovacuum would fix them, later): gather them now.
		conn.ExecContext(context.WithoutCancel(ctx), `ANALYZE orders, sku_days, decisions, skus, texts, invoices, invoice_lines, invoice_order_lines`)
	}
	return nil
}

// begin starts a write transaction on conn (BEGIN IMMEDIATE), waiting for another
// writer as long as ctx allows: each attempt waits the busy timeout, then the busy
// notice is given (once) and it tries again.
func (db *DB) begin(ctx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	if db.pg {
		return db.beginPG(ctx, conn)
	}
	noticed := false
	for {
		tx, err := conn.BeginTx(ctx, nil)
		if err == nil || ctx.Err() != nil || !errors.Is(mapErr(err), ErrBusy) {
			return tx, err
		}
		if !noticed && db.busy != nil {
			db.busy()
		}
		noticed = true
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// read runs fn in one read transaction: a consistent snapshot that does not block
// writers.
func (db *DB) read(ctx context.Context, what string, fn func(*sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.pg {
		opts.Isolation = sql.LevelRepeatableRead // one snapshot for every statement
	}
	return readIn(ctx, what, db.sql.BeginTx, opts, fn)
}

// readIn runs fn in a read transaction begun by begin (the pool's or one
// connection's BeginTx) with opts.
func readIn(ctx context.Context, what string, begin func(context.Context, *sql.TxOptions) (*sql.Tx, error),
	opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	tx, err := begin(ctx, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", what, mapCtxErr(ctx, err))
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return fmt.Errorf("%s: %w", what, mapCtxErr(ctx, err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, mapCtxErr(ctx, err))
	}
	return nil
}

// mapCtxErr is mapErr, except that when ctx has ended its error is returned: an
// interrupted statement reports the cancellation, not a driver code.
func mapCtxErr(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		// database/sql rolls the transaction back and closes its statements as soon as
		// ctx ends; whatever failed after that failed because of it.
		return cerr
	}
	return mapErr(err)
}

// sqliteKind is the store error that classifies a SQLite result code, or nil.
func sqliteKind(code int) error {
	switch code & 0xff {
	case sqlite3.SQLITE_CONSTRAINT:
		return ErrConflict
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return ErrBusy
	case sqlite3.SQLITE_NOTADB:
		return ErrNotShipmode
	case sqlite3.SQLITE_CORRUPT:
		return ErrCorrupt
	case sqlite3.SQLITE_FULL:
		return ErrFull
	case sqlite3.SQLITE_READONLY:
		return ErrReadOnly
	}
	return nil
}

// mapErr wraps a driver error in the store error that classifies it, keeping the
// driver error in the chain. Errors already classified pass through.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return mapPGErr(err)
	}
	kind := sqliteKind(se.Code())
	if kind == nil {
		return err
	}
	if errors.Is(err, kind) {
		return err
	}
	return fmt.Errorf("%w: %w", kind, err)
}

// isCode reports whether err is a SQLite error of the primary result code code.
func isCode(err error, code int) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == code
}

// nowMilli is the current instant in Unix milliseconds, as stored.
func nowMilli() int64 { return time.Now().UnixMilli() }

// timeOf converts stored Unix milliseconds to a time.Time (UTC).
func timeOf(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// isNotFound reports whether err says a row does not exist.
func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
