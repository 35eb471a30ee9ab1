package store

import (
	"context"
	"database/sql/driver"
	"reflect"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// rawConnOf returns the database handle and thread state of a modernc.org/sqlite
// driver connection (the fields db and tls of its conn), or ok false.
func rawConnOf(dc any) (db uintptr, tls *libc.TLS, ok bool) {
	v := reflect.ValueOf(dc)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return 0, nil, false
	}
	fdb, ftls := v.Elem().FieldByName("db"), v.Elem().FieldByName("tls")
	if !fdb.IsValid() || fdb.Kind() != reflect.Uintptr || !ftls.IsValid() || ftls.Type() != reflect.TypeFor[*libc.TLS]() {
		return 0, nil, false
	}
	db, tls = uintptr(fdb.Uint()), (*libc.TLS)(ftls.UnsafePointer())
	return db, tls, db != 0 && tls != nil
}

// connector opens the store's SQLite connections: modernc.org/sqlite's, each then
// without its mutex (see withoutMutex).
type connector struct{ driver.Connector }

func newConnector(dsn string) (connector, error) {
	base, err := sqlite.NewConnector(dsn)
	return connector{base}, err
}

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	withoutMutex(conn)
	return conn, nil
}

// withoutMutex lets dc, a new connection, call SQLite without entering a mutex,
// as SQLite does for a connection opened SQLITE_OPEN_NOMUTEX, whose handle's
// field mutex is NULL. modernc.org/sqlite opens every connection
// SQLITE_OPEN_FULLMUTEX, so that each call into SQLite (a bind, a step, a column
// read) locks and unlocks the connection's mutex, while database/sql never uses a
// connection from two goroutines at once: it holds a lock of its own around each
// call into the driver, whose own state is not safe for more anyway (its
// documentation says so). sqlite3_interrupt, which the driver calls from another
// goroutine when a context ends, takes no mutex. withoutMutex sets the field
// NULL and frees the mutex, which nothing holds yet. A million-line invoice
// import: the mutex took 0.5 s of its writer's 3.3 s of CPU, and 0.1 s of the
// matching's. Nothing is done when the handle is not found (another driver
// version: see rawConnOf).
func withoutMutex(dc driver.Conn) {
	db, tls, ok := rawConnOf(dc)
	if !ok {
		return
	}
	field := db + unsafe.Offsetof(sqlite3.Tsqlite3{}.Fmutex)
	mutex := sqlite3.Xsqlite3_db_mutex(tls, db)
	if mutex == 0 || libc.AtomicLoadNUintptr(field, 0) != mutex {
		return
	}
	libc.AtomicStoreNUintptr(field, 0, 0)
	sqlite3.Xsqlite3_mutex_free(tls, mutex)
}
