package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

func pragmaInt(t *testing.T, db *DB, name string) int {
	t.Helper()
	var v int
	if err := db.sql.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

func TestOpenNewFile(t *testing.T) {
	db := openFile(t)
	if got, want := pragmaInt(t, db, "user_version"), SchemaVersion(); got != want || want < 1 {
		t.Errorf("user_version: got %d, want %d (>= 1)", got, want)
	}
	if got := pragmaInt(t, db, "application_id"); got != applicationID {
		t.Errorf("application_id: got %#x, want %#x", got, applicationID)
	}
	if got := pragmaInt(t, db, "foreign_keys"); got != 1 {
		t.Errorf("foreign_keys: got %d, want 1", got)
	}
	if got := pragmaInt(t, db, "synchronous"); got != 1 {
		t.Errorf("synchronous: got %d, want 1 (NORMAL)", got)
	}
	var mode string
	if err := db.sql.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode: got %q, %v; want wal", mode, err)
	}
	// Every table is STRICT.
	rows, err := db.sql.Query(`SELECT name, sql FROM sqlite_schema WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ddl, "STRICT") {
			t.Errorf("table %s is not STRICT", name)
		}
	}
}

func TestReopenKeepsDataWithoutBackup(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shipmode.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, "theme", "dark"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	if got, err := db.Setting(ctx, "theme"); got != "dark" || err != nil {
		t.Errorf("Setting after reopen: got %q, %v; want dark", got, err)
	}
	baks, _ := filepath.Glob(path + ".*.bak")
	if len(baks) != 0 {
		t.Errorf("reopening an up-to-date database made backups %v", baks)
	}
}

func TestMigrateExistingFileBacksUp(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shipmode.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetSetting(ctx, "language", "zh"); err != nil {
		t.Fatal(err)
	}
	ms, err := migrations(false)
	if err != nil {
		t.Fatal(err)
	}
	next := migration{version: len(ms) + 1, name: "9999_test.sql",
		sql: "CREATE TABLE extra (x INTEGER NOT NULL) STRICT; INSERT INTO extra VALUES (42);"}
	if err := db.migrateWith(ctx, append(ms, next)); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if got := pragmaInt(t, db, "user_version"); got != next.version {
		t.Errorf("user_version: got %d, want %d", got, next.version)
	}
	var x int
	if err := db.sql.QueryRow("SELECT x FROM extra").Scan(&x); err != nil || x != 42 {
		t.Errorf("migrated table: got %d, %v; want 42", x, err)
	}
	baks, _ := filepath.Glob(path + ".v*.bak")
	if len(baks) != 1 {
		t.Fatalf("backups: got %v, want one", baks)
	}
	// The backup is the database before the migration.
	bak, err := Open(ctx, baks[0])
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer bak.Close()
	if got, err := bak.Setting(ctx, "language"); got != "zh" || err != nil {
		t.Errorf("backup setting: got %q, %v; want zh", got, err)
	}
	if err := bak.sql.QueryRow("SELECT x FROM extra").Scan(&x); err == nil {
		t.Errorf("backup has the migrated table")
	}
	// A failing migration changes nothing.
	bad := migration{version: next.version + 1, name: "9999_bad.sql", sql: "CREATE TABLE y (a) STRICT; SELECT nonsense("}
	if err := db.migrateWith(ctx, append(ms, next, bad)); err == nil {
		t.Fatalf("bad migration: got nil error")
	}
	if got := pragmaInt(t, db, "user_version"); got != next.version {
		t.Errorf("user_version after a failed migration: got %d, want %d", got, next.version)
	}
	var n int
	db.sql.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'y'`).Scan(&n)
	if n != 0 {
		t.Errorf("a failed migration left table y")
	}
}

func TestOpenRejects(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not a database at all\n", 200)), 0o644)

	other := filepath.Join(dir, "other.db")
	odb, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := odb.Exec("CREATE TABLE t (x)"); err != nil {
		t.Fatal(err)
	}
	odb.Close()

	newer := filepath.Join(dir, "newer.db")
	db, err := Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	db.sql.Exec("PRAGMA user_version = 999")
	db.Close()

	for _, tc := range []struct {
		name, path string
		want       error
	}{
		{"text file", text, ErrNotShipmode},
		{"other SQLite database", other, ErrNotShipmode},
		{"newer schema", newer, ErrNewerSchema},
		{"empty path", "", ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(ctx, tc.path)
			if err == nil {
				db.Close()
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("Open: got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestMapErr(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	_, err := db.sql.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('a', 'b'), ('a', 'c')`)
	err = mapErr(err)
	if !errors.Is(err, ErrConflict) {
		t.Errorf("duplicate key: got %v, want ErrConflict", err)
	}
	var se *sqlite.Error
	var pe *pgconn.PgError
	if !errors.As(err, &se) && !errors.As(err, &pe) {
		t.Errorf("mapped error lost the driver error: %v", err)
	}
	if err := mapErr(sql.ErrNoRows); !errors.Is(err, ErrNotFound) {
		t.Errorf("no rows: got %v, want ErrNotFound", err)
	}
	if err := mapErr(nil); err != nil {
		t.Errorf("nil: got %v", err)
	}
}

func TestSettings(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, err := db.Setting(ctx, "language"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unset setting: got %v, want ErrNotFound", err)
	}
	for _, v := range []string{"en", "zh"} {
		if err := db.SetSetting(ctx, "language", v); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Setting(ctx, "language"); got != v || err != nil {
			t.Errorf("Setting: got %q, %v; want %q", got, err, v)
		}
	}
	if err := db.SetSetting(ctx, "", "x"); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty key: got %v, want ErrInvalid", err)
	}
}

// TestWriteWaitsForAnotherWriter: a write that meets another program's write waits
// for it (saying so once) instead of failing after the busy timeout, and runs
// after it; cancelling the wait stores nothing.
func TestWriteWaitsForAnotherWriter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop.db")
	first, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	second, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	noticed := make(chan struct{}, 4)
	second.SetBusyNotice(func() { noticed <- struct{}{} })
	release := make(chan struct{})
	held := make(chan struct{})
	go first.write(ctx, "hold", func(tx *sql.Tx) error {
		close(held)
		<-release
		return nil
	})
	<-held
	done := make(chan error, 1)
	go func() {
		_, err := second.ImportOrders(ctx, genOrders(0, 10), ImportOptions{Source: "second"})
		done <- err
	}()
	select {
	case <-noticed:
	case err := <-done:
		t.Fatalf("the second write ended (%v) while the first held the file", err)
	case <-time.After(20 * time.Second):
		t.Fatal("no busy notice")
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("the second write failed after the first ended: %v", err)
	}
	if n, err := second.CountOrders(ctx, OrderFilter{}); err != nil || n != 10 {
		t.Fatalf("got %d orders (%v), want 10", n, err)
	}
}

// TestAuditLog: entries come back newest first, as many as asked.
func TestAuditLog(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	base := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	for i, a := range []string{"import orders", "plan", "override"} {
		if err := db.Audit(ctx, AuditEntry{At: base.Add(time.Duration(i) * time.Minute), Host: "desk-1", User: "ana", Action: a, Detail: "d" + a}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.AuditLog(ctx, 2)
	if err != nil || len(got) != 2 || got[0].Action != "override" || got[1].Action != "plan" || !got[0].At.Equal(base.Add(2*time.Minute)) || got[0].User != "ana" {
		t.Errorf("AuditLog(2): got %+v, %v", got, err)
	}
}
