// Package storetest gives tests a new, empty Shipmode database to open with
// store.Open: a file in a temporary folder, or — when the environment variable
// SHIPMODE_TEST_PG holds a PostgreSQL URL (scripts/pg-server.sh prints one) — a new
// schema of that server's database, dropped when the test ends. The same tests so
// run against both engines (SPEC §10).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Env is the environment variable naming the test server.
const Env = "SHIPMODE_TEST_PG"

// Server is the test server's URL, or "" when the tests use SQLite files.
func Server() string { return os.Getenv(Env) }

// Target is where a test's new database is: a file path, or a PostgreSQL URL whose
// search_path is a new, empty schema.
func Target(tb testing.TB) string {
	tb.Helper()
	if Server() == "" {
		return filepath.Join(tb.TempDir(), "shipmode.db")
	}
	return NewSchema(tb)
}

// NewSchema creates an empty schema on the test server and returns the URL that
// uses it; the schema is dropped when the test ends.
func NewSchema(tb testing.TB) string {
	tb.Helper()
	server := Server()
	if server == "" {
		tb.Fatalf("%s is not set", Env)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", server)
	if err != nil {
		tb.Fatalf("test server: %v", err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("test server %s: %v", server, err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", server)
		if err != nil {
			return
		}
		defer db.Close()
		db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatalf("test server %s: %v", server, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
