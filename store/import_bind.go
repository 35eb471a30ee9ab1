package store

import (
	"context"
	"database/sql"
	"fmt"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// rawInsert executes a multi-row INSERT of a fixed number of values by calling
// SQLite (the C library modernc.org/sqlite translates to Go) directly, on the
// connection of the import's transaction, for the new orders of a first import.
//
// The driver binds each value with a string copy into memory of its own (a
// malloc), a lookup of the parameter's name, and, after the step, a bind of NULL
// and a free: measured in a profile of a million-line import, binding,
// clearing and freeing took 1.4 s of the single writer's 5.3 s. Here the text
// values of an execution are copied into one buffer, kept from one execution to
// the next, and bound where they lie (SQLITE_STATIC); every value is bound again
// before each step, so none is cleared.
//
// It needs the driver connection's database handle and thread state, which
// modernc.org/sqlite does not export: rawConnOf reads them from its fields by
// name and type, and when they are not found (another driver version) the import
// keeps the driver's binding (newRawInsert returns nil).
type rawInsert struct {
	conn *sql.Conn
	db   uintptr // sqlite3*
	tls  *libc.TLS
	stmt uintptr // sqlite3_stmt*
	n    int     // the values an execution binds
	text uintptr // the buffer of the text values
	size int     // its size in bytes
	buf  []byte  // the text values, gathered before they are copied to text
}

// newRawInsert prepares query, which binds n values, on conn (the connection of
// tx). It returns nil, nil when conn is not a modernc.org/sqlite connection whose
// handle rawConnOf finds.
func newRawInsert(ctx context.Context, conn *sql.Conn, query string, n int) (*rawInsert, error) {
	var r *rawInsert
	err := conn.Raw(func(dc any) error {
		db, tls, ok := rawConnOf(dc)
		if !ok {
			return nil
		}
		q, err := libc.CString(query)
		if err != nil {
			return err
		}
		defer libc.Xfree(tls, q)
		// The statement's handle is written into the rawInsert, which is on the
		// heap (it is returned), where nothing moves: not into a local variable,
		// which may be on a stack that grows (moves) while SQLite prepares.
		ri := &rawInsert{conn: conn, db: db, tls: tls, n: n}
		if rc := sqlite3.Xsqlite3_prepare_v2(tls, db, q, -1, uintptr(unsafe.Pointer(&ri.stmt)), 0); rc != sqlite3.SQLITE_OK {
			return rawError(tls, db, rc)
		}
		if got := int(sqlite3.Xsqlite3_bind_parameter_count(tls, ri.stmt)); got != n {
			sqlite3.Xsqlite3_finalize(tls, ri.stmt)
			return fmt.Errorf("internal error: %d parameters, not %d", got, n)
		}
		r = ri
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("prepare %.60q…: %w", query, err)
	}
	return r, nil
}

// rawValue is a value rawInsert binds: an integer, a text or NULL, held without
// the allocation of an interface value.
type rawValue struct {
	kind uint8 // rawInt, rawText, rawNull
	i    int64
	s    string
}

const (
	rawInt = iota
	rawText
	rawNull
)

func intValue(i int64) rawValue   { return rawValue{kind: rawInt, i: i} }
func textValue(s string) rawValue { return rawValue{kind: rawText, s: s} }

// exec binds args (n of them) and steps the statement once.
func (r *rawInsert) exec(ctx context.Context, args []rawValue) error {
	if len(args) != r.n {
		return fmt.Errorf("internal error: %d values for %d parameters", len(args), r.n)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return r.conn.Raw(func(any) error {
		tls, stmt := r.tls, r.stmt
		r.buf = r.buf[:0]
		for _, v := range args {
			r.buf = append(r.buf, v.s...)
		}
		if len(r.buf) >= r.size { // (>=: never a NULL pointer, an empty string is text)
			libc.Xfree(tls, r.text)
			r.size = max(len(r.buf)+1, 2*r.size)
			if r.text = libc.Xmalloc(tls, types.Size_t(r.size)); r.text == 0 {
				r.size = 0
				return fmt.Errorf("cannot allocate %d bytes", len(r.buf)+1)
			}
		}
		if len(r.buf) > 0 {
			libc.Xmemcpy(tls, r.text, uintptr(unsafe.Pointer(&r.buf[0])), types.Size_t(len(r.buf)))
		}
		off := uintptr(0)
		for i, v := range args {
			var rc int32
			switch v.kind {
			case rawInt:
				rc = sqlite3.Xsqlite3_bind_int64(tls, stmt, int32(i+1), v.i)
			case rawText:
				rc = sqlite3.Xsqlite3_bind_text(tls, stmt, int32(i+1), r.text+off, int32(len(v.s)), 0)
				off += uintptr(len(v.s))
			default:
				rc = sqlite3.Xsqlite3_bind_null(tls, stmt, int32(i+1))
			}
			if rc != sqlite3.SQLITE_OK {
				return rawError(tls, r.db, rc)
			}
		}
		rc := sqlite3.Xsqlite3_step(tls, stmt)
		sqlite3.Xsqlite3_reset(tls, stmt)
		if rc != sqlite3.SQLITE_DONE {
			return rawError(tls, r.db, rc)
		}
		return nil
	})
}

func (r *rawInsert) close() {
	r.conn.Raw(func(any) error {
		sqlite3.Xsqlite3_finalize(r.tls, r.stmt)
		libc.Xfree(r.tls, r.text)
		return nil
	})
}

// rawError is the error of result code rc, of the kind mapErr gives the driver's
// errors of that code.
func rawError(tls *libc.TLS, db uintptr, rc int32) error {
	err := fmt.Errorf("%s (%d)", libc.GoString(sqlite3.Xsqlite3_errmsg(tls, db)), rc)
	kind := sqliteKind(int(rc))
	if kind == nil {
		return err
	}
	return fmt.Errorf("%w: %w", kind, err)
}
