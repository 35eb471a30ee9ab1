package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// IsURL reports whether target names a PostgreSQL server (postgres:// or
// postgresql://) rather than a file: such a target is never taken for a path.
func IsURL(target string) bool {
	l := strings.ToLower(target)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Redact is target with the password of a URL replaced by "xxxxx", for messages.
func Redact(target string) string {
	if !IsURL(target) {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		return "postgres://(unreadable URL)"
	}
	return u.Redacted()
}

// ErrUnreachable: the database server cannot be reached (down, wrong host or port,
// refused) or the connection to it was lost.
var ErrUnreachable = errors.New("database server cannot be reached")

// ErrDenied: the server refused the user name or password, or the database does
// not exist.
var ErrDenied = errors.New("database server refused the login")

// openPostgres opens the Shipmode database of a PostgreSQL server (SPEC §10) and
// migrates it to the current schema. Every connection rewrites the store's SQL
// placeholders (?) to PostgreSQL's ($1, $2 …), so the statements are written once.
func openPostgres(ctx context.Context, target string) (*DB, error) {
	name := Redact(target)
	cfg, err := pgx.ParseConfig(target)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w: %v", name, ErrInvalid, redactErr(err, target))
	}
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > 10*time.Second {
		cfg.ConnectTimeout = 10 * time.Second
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "shipmode"
	}
	sdb := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
	sdb.SetMaxOpenConns(8)
	sdb.SetMaxIdleConns(4)
	sdb.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{sql: sdb, path: name, pg: true}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open database %s: %w", name, redactErr(err, target))
	}
	return db, nil
}

// redactErr keeps a password out of an error's text.
func redactErr(err error, target string) error {
	u, perr := url.Parse(target)
	if perr != nil || u.User == nil {
		return err
	}
	pw, ok := u.User.Password()
	if !ok || pw == "" || !strings.Contains(err.Error(), pw) {
		return err
	}
	return redacted{err, pw}
}

type redacted struct {
	err error
	pw  string
}

func (r redacted) Error() string { return strings.ReplaceAll(r.err.Error(), r.pw, "xxxxx") }
func (r redacted) Unwrap() error { return r.err }

// rebindConnector connects through pgx and hands out rebindConns.
type rebindConnector struct{ driver.Connector }

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return rebindConn{conn.(*stdlib.Conn)}, nil
}

// rebindConn is a pgx connection that takes SQLite-style ? placeholders.
type rebindConn struct{ *stdlib.Conn }

func (c rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}

// rebind numbers the ? placeholders of query as $1, $2 … Question marks inside
// quoted strings, quoted identifiers and comments are left alone.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + len(query)/8)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(query) && query[j] != c {
				j++
			}
			b.WriteString(query[i:min(j+1, len(query))])
			i = j
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i - 1
			}
			b.WriteString(query[i : i+j+1])
			i += j
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return fmt.Sprint(n)
}

// pgWriteLock is the advisory lock every write transaction on PostgreSQL takes
// first: writes are serialised as SQLite serialises them, so the store's rules
// (the next id, an import's view of existing orders) hold for several desktops.
// (Advisory locks are the server database's: the second key is the schema's, so
// that Shipmode databases in other schemas do not wait for each other.)
const pgWriteLock = 0x53484D44

// beginPG starts a write transaction on conn and takes the write lock, waiting for
// another desktop's write as long as ctx allows (the busy notice is given once the
// lock is not free at once).
func (db *DB) beginPG(ctx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	var got bool
	if err := tx.QueryRowContext(ctx, `SELECT pg_try_advisory_xact_lock(?, hashtext(current_schema()))`, int64(pgWriteLock)).Scan(&got); err != nil {
		tx.Rollback()
		return nil, err
	}
	if !got {
		if db.busy != nil {
			db.busy()
		}
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?, hashtext(current_schema()))`, int64(pgWriteLock)); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	return tx, nil
}

// mapPGErr classifies a PostgreSQL error as mapErr does a SQLite one.
func mapPGErr(err error) error {
	var kind error
	var pe *pgconn.PgError
	var ne net.Error
	var ce *pgconn.ConnectError
	switch {
	case errors.As(err, &pe):
		switch {
		case pe.Code == "28P01" || pe.Code == "28000" || pe.Code == "3D000":
			kind = ErrDenied
		case strings.HasPrefix(pe.Code, "23"): // integrity constraint violation
			kind = ErrConflict
		case pe.Code == "40P01" || pe.Code == "55P03" || pe.Code == "40001":
			kind = ErrBusy
		case pe.Code == "53100":
			kind = ErrFull
		case pe.Code == "25006":
			kind = ErrReadOnly
		case strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03":
			kind = ErrUnreachable
		default:
			return err
		}
	case errors.As(err, &ce), errors.As(err, &ne), errors.Is(err, driver.ErrBadConn),
		strings.Contains(err.Error(), "conn closed"), strings.Contains(err.Error(), "unexpected EOF"):
		kind = ErrUnreachable
	default:
		return err
	}
	if errors.Is(err, kind) {
		return err
	}
	return fmt.Errorf("%w: %w", kind, err)
}

// migratePG brings a PostgreSQL database to the latest schema, each step in one
// transaction (PostgreSQL's DDL is transactional: a failed step leaves the database
// as it was). The schema version lives in shipmode_meta, which also marks the
// database as Shipmode's: a database holding other tables and no shipmode_meta is
// another application's and is refused. Two desktops opening a new database at
// once do not both migrate it: each step takes the write lock and re-reads the
// version.
func migratePG(ctx context.Context, conn *sql.Conn, ms []migration) error {
	version, err := checkShipmodePG(ctx, conn, len(ms))
	if err != nil || version == len(ms) {
		return err
	}
	for _, m := range ms[version:] {
		if err := applyMigration(ctx, conn, m, pgVersion{latest: len(ms)}); err != nil {
			return err
		}
	}
	return nil
}

// checkShipmodePG is checkShipmode for PostgreSQL: the schema version of the
// database on conn, 0 when it holds no table yet.
func checkShipmodePG(ctx context.Context, conn querier, latest int) (int, error) {
	var meta, tables int
	err := conn.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'shipmode_meta'),
		(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())`).Scan(&meta, &tables)
	if err != nil {
		return 0, fmt.Errorf("read schema: %w", mapCtxErr(ctx, err))
	}
	if meta == 0 {
		if tables == 0 {
			return 0, nil
		}
		return 0, fmt.Errorf("%w: the database holds %d tables of another application", ErrNotShipmode, tables)
	}
	var app, v string
	err = conn.QueryRowContext(ctx, `SELECT
		coalesce((SELECT value FROM shipmode_meta WHERE key = 'application'), ''),
		coalesce((SELECT value FROM shipmode_meta WHERE key = 'schema_version'), '0')`).Scan(&app, &v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", mapCtxErr(ctx, err))
	}
	var version int
	fmt.Sscan(v, &version)
	switch {
	case app != "shipmode" || version == 0:
		return 0, fmt.Errorf("%w (application %q, schema version %s)", ErrNotShipmode, app, v)
	case version > latest:
		return 0, fmt.Errorf("%w: schema version %d, this version knows up to %d", ErrNewerSchema, version, latest)
	}
	return version, nil
}

// querier is what checkShipmodePG reads through: a connection or a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// pgVersion keeps the version in shipmode_meta; read takes the write lock of the
// schema first, then checks that the database is still Shipmode's and not newer
// than latest.
type pgVersion struct{ latest int }

func (v pgVersion) read(ctx context.Context, tx *sql.Tx) (int, error) {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?, hashtext(current_schema()))`, int64(pgWriteLock)); err != nil {
		return 0, err
	}
	return checkShipmodePG(ctx, tx, v.latest)
}

func (pgVersion) set(ctx context.Context, tx *sql.Tx, version int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO shipmode_meta (key, value) VALUES ('schema_version', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, fmt.Sprint(version))
	return err
}
