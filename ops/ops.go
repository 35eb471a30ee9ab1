package ops

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/store"
)

// Service runs the operations on one open database.
type Service struct {
	db      *store.DB
	version string
	now     func() time.Time
	who     actor // who runs them, for the audit log
}

// New returns the operations over db; version is the app version stamped on the
// files they write.
func New(db *store.DB, version string) *Service {
	return &Service{db: db, version: version, now: time.Now, who: whoAmI()}
}

// Open opens (creating it if needed) the database at target — a file path, or a
// PostgreSQL server's URL (postgres://user:pass@host:port/db?sslmode=…, team
// mode, SPEC §10) — and returns the operations over it; Close closes it. A file's
// folder must exist: a path that cannot be opened is the user's error. Another
// URL (file://…) is neither, and is refused. No message names a password.
func Open(ctx context.Context, target, version string) (*Service, error) {
	if store.IsURL(target) {
		db, err := store.Open(ctx, target)
		if err != nil {
			return nil, &ServerError{URL: store.Redact(target), Err: err}
		}
		return New(db, version), nil
	}
	if isURL(target) {
		if u, err := url.Parse(target); err == nil {
			target = u.Redacted() // (no password on the screen or in a log)
		}
		return nil, &InputError{Path: target, Err: ErrDatabaseURL}
	}
	path := target
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return nil, &InputError{Path: path, Err: fmt.Errorf("%w: %s", ErrNoFolder, filepath.Dir(path))}
	}
	sweepLitter()
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	return New(db, version), nil
}

// ServerError is a database server that could not be opened: unreachable,
// refusing the login, another application's database or a newer Shipmode's
// (store.ErrUnreachable, ErrDenied, ErrNotShipmode, ErrNewerSchema).
type ServerError struct {
	URL string // without the password
	Err error
}

func (e *ServerError) Error() string {
	msg := e.Err.Error()
	switch {
	case errors.Is(e.Err, store.ErrUnreachable):
		msg = "cannot reach the database server (is it running, and are the host and port right?): " + msg
	case errors.Is(e.Err, store.ErrDenied):
		msg = "the database server refused the login (user name, password or database name): " + msg
	}
	return msg
}

func (e *ServerError) Unwrap() error { return e.Err }

// OpenDefault is Open for the default database of the user's data folder, which
// it creates when needed.
func OpenDefault(ctx context.Context, path, version string) (*Service, error) {
	if store.IsURL(path) {
		return Open(ctx, path, version)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, &InputError{Path: path, Err: err}
	}
	return Open(ctx, path, version)
}

// Errors of Open.
var (
	ErrDatabaseURL = errors.New("not a database: give a file path or a PostgreSQL server's postgres:// URL")
	ErrNoFolder    = errors.New("no such folder")
)

// isURL reports whether s names a server ("postgres://…", "file://…"): a scheme of
// letters, digits, '+', '-' or '.' before "://". (A Windows path "C:\…" has no "//".)
func isURL(s string) bool {
	i := strings.Index(s, "://")
	if i <= 0 {
		return false
	}
	for j, r := range s[:i] {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (j == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return true
}

// OnBusy sets what a write calls when it must wait for another program's write
// to the same database (another Shipmode importing or planning): the face says
// so, and the write waits until it can run or its context is cancelled. Call it
// before the first operation.
func (s *Service) OnBusy(fn func()) { s.db.SetBusyNotice(fn) }

// Close closes the database.
func (s *Service) Close() error { return s.db.Close() }

// DB is the database the operations run on, for the screens' and commands' reads.
func (s *Service) DB() *store.DB { return s.db }

// Where names the database for messages: its file, or its server's URL without
// the password.
func (s *Service) Where() string { return s.db.Path() }

// Server reports whether the database is on a PostgreSQL server (team mode).
func (s *Service) Server() bool { return s.db.Server() }

// Version is the app version.
func (s *Service) Version() string { return s.version }

// Progress is told how far a long operation is: done of total units of work (a
// share when total > 0; total 0 when the amount is not known). It is called from
// the operation's goroutine; a nil Progress is allowed.
type Progress func(done, total int64)

func (p Progress) report(done, total int64) {
	if p != nil {
		p(done, total)
	}
}

// Fraction adapts a function of the share done (0 to 1) to a Progress.
func Fraction(f func(float64)) Progress {
	if f == nil {
		return nil
	}
	return func(done, total int64) {
		if total > 0 {
			f(min(1, float64(done)/float64(total)))
		}
	}
}

// ErrNoRateBook is returned by the operations that need a rate book when the
// database has none yet.
var ErrNoRateBook = errors.New("no rate book yet")

// InputError is a problem with what the user gave — a file that cannot be read or
// used, a value — as opposed to a fault of the program or the machine. Err says
// what (often an ingest error naming the line and column).
type InputError struct {
	Path string // the file, or ""
	Err  error
}

func (e *InputError) Error() string {
	if e.Path == "" || namesFile(e.Err) {
		return e.Err.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

// namesFile reports whether err is one of ingest's errors, whose text starts with
// the file's name.
func namesFile(err error) bool {
	var fe *ingest.FileError
	var ce *ingest.ColumnError
	var re ingest.RowError
	return errors.As(err, &fe) || errors.As(err, &ce) || errors.As(err, &re)
}

func (e *InputError) Unwrap() error { return e.Err }

// inputErrorf is an InputError about path.
func inputErrorf(path, format string, a ...any) error {
	return &InputError{Path: path, Err: fmt.Errorf(format, a...)}
}

// openFile opens a file the user named; a failure is theirs.
func openFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &InputError{Path: path, Err: pathErr(err)}
	}
	return f, nil
}

// pathErr is the reason of a file-system error without the operation and path it
// repeats.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// engine builds the engine of the current rate book.
func (s *Service) engine(ctx context.Context) (*logistics.Engine, logistics.RateBook, store.RateBookVersion, error) {
	rb, ver, err := s.db.RateBook(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return nil, rb, ver, ErrNoRateBook
	}
	if err != nil {
		return nil, rb, ver, fmt.Errorf("read the rate book: %w", err)
	}
	eng, err := logistics.NewEngine(&rb)
	if err != nil {
		return nil, rb, ver, fmt.Errorf("rate book: %w", err)
	}
	return eng, rb, ver, nil
}
