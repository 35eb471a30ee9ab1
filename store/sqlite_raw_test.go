package store

import (
	"context"
	"sync"
	"testing"

	sqlite3 "modernc.org/sqlite/lib"
)

// The store's SQLite connections call SQLite without a connection mutex (as if
// opened SQLITE_OPEN_NOMUTEX), and the pool still serves goroutines that read
// and write at once: each connection is used by one of them at a time.
func TestConnectionsWithoutMutex(t *testing.T) {
	db := openFile(t)
	ctx := context.Background()
	conns := make([]any, 0, 3)
	for range 3 {
		c, err := db.sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.Raw(func(dc any) error {
			h, tls, ok := rawConnOf(dc)
			if !ok {
				t.Fatal("the driver connection's handle is not found")
			}
			if m := sqlite3.Xsqlite3_db_mutex(tls, h); m != 0 {
				t.Errorf("connection %d has a mutex (%#x)", len(conns), m)
			}
			conns = append(conns, dc)
			return nil
		})
	}
	for _, c := range conns[1:] {
		if c == conns[0] {
			t.Fatal("the pool gave one connection twice")
		}
	}

	if _, err := db.sql.ExecContext(ctx, `CREATE TABLE t (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				if g%2 == 0 {
					if _, err := db.sql.ExecContext(ctx, `INSERT INTO t VALUES (?)`, i); err != nil {
						t.Error(err)
						return
					}
					continue
				}
				var n int
				if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != 400 {
		t.Errorf("got %d rows (%v), want 400", n, err)
	}
}
