package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"shipmode/store/storetest"
)

// TestPostgresRefusesOthers: a PostgreSQL database that holds another
// application's tables, or a newer Shipmode's schema, is refused (naming the
// versions) and left as it was.
func TestPostgresRefusesOthers(t *testing.T) {
	if storetest.Server() == "" {
		t.Skipf("%s is not set: scripts/test.sh starts a PostgreSQL server for this test", storetest.Env)
	}
	ctx := context.Background()
	exec := func(url, q string) {
		t.Helper()
		db, err := sql.Open("pgx", url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	other := storetest.NewSchema(t)
	exec(other, `CREATE TABLE invoices_of_another_app (id int)`)
	if _, err := Open(ctx, other); !errors.Is(err, ErrNotShipmode) {
		t.Errorf("another application's database: got %v, want ErrNotShipmode", err)
	}
	newer := storetest.NewSchema(t)
	db, err := Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	exec(newer, `UPDATE shipmode_meta SET value = '99' WHERE key = 'schema_version'`)
	_, err = Open(ctx, newer)
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "schema version 99") {
		t.Errorf("a newer Shipmode's database: got %v, want ErrNewerSchema naming version 99", err)
	}
	// a wrong password or database is refused with ErrDenied, without the password
	bad := strings.Replace(storetest.Server(), "/shipmode_test", "/no_such_db", 1)
	if _, err := Open(ctx, bad); !errors.Is(err, ErrDenied) {
		t.Errorf("a missing database: got %v, want ErrDenied", err)
	}
}
