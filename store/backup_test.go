package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"shipmode/logistics"
)

func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 500)
	db := f.db
	if _, err := db.SaveRateBook(ctx, sampleRateBook(), "book.xlsx"); err != nil {
		t.Fatal(err)
	}
	counts := func(db *DB) map[string]int {
		m := map[string]int{}
		for _, table := range []string{"orders", "decisions", "products", "stock", "rate_books", "skus"} {
			m[table] = count(t, db, table)
		}
		return m
	}
	want := counts(db)

	bak := filepath.Join(t.TempDir(), "copy.shipmode")
	os.WriteFile(bak, []byte("an older backup"), 0o644) // replaced
	if err := db.Backup(ctx, bak); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if err := CheckBackup(ctx, bak); err != nil {
		t.Errorf("CheckBackup of a fresh backup: %v", err)
	}
	copyDB, err := Open(ctx, bak)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	if got := counts(copyDB); !mapsEqual(got, want) {
		t.Errorf("backup counts: got %v, want %v", got, want)
	}
	d, err := copyDB.Decision(ctx, f.orders[1].id)
	copyDB.Close()
	if err != nil || d.OrderRef != f.orders[1].order.Ref {
		t.Errorf("decision in backup: got %+v, %v", d.OrderRef, err)
	}
	if err := db.Backup(ctx, db.Path()); !db.pg && !errors.Is(err, ErrInvalid) {
		t.Errorf("Backup over the database itself: got %v, want ErrInvalid", err)
	}

	// Change the database, then restore the backup.
	if _, err := db.ImportOrders(ctx, genOrders(10_000, 10_100), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStatus(ctx, 1, logistics.Cancelled); err != nil {
		t.Fatal(err)
	}
	if err := db.Restore(ctx, bak); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if got := counts(db); !mapsEqual(got, want) {
		t.Errorf("counts after restore: got %v, want %v", got, want)
	}
	if o, err := db.Order(ctx, 1); err != nil || o.Status != f.orders[0].status {
		t.Errorf("order 1 after restore: got %v, %v; want %v", o.Status, err, f.orders[0].status)
	}
	if _, err := db.ImportOrders(ctx, genOrders(20_000, 20_010), ImportOptions{}); err != nil {
		t.Errorf("import after restore: %v", err)
	}
	safety, _ := filepath.Glob(db.Path() + ".before-restore-*.bak")
	if db.pg { // (a server's rows are saved beside the backup restored)
		safety, _ = filepath.Glob(filepath.Join(filepath.Dir(bak), "shipmode-before-restore-*.shipmode"))
	}
	if len(safety) != 1 {
		t.Fatalf("safety copies: got %v, want one", safety)
	}
	if err := CheckBackup(ctx, safety[0]); err != nil {
		t.Errorf("safety copy: %v", err)
	}

	// What is not a Shipmode backup is refused and changes nothing.
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("junk junk junk"), 0o644)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	before := counts(db)
	for _, tc := range []struct {
		path string
		want error
	}{
		{junk, ErrNotShipmode},
		{empty, ErrNotShipmode},
		{filepath.Join(dir, "missing.db"), os.ErrNotExist},
		{db.Path(), ErrInvalid},
	} {
		if err := db.Restore(ctx, tc.path); !errors.Is(err, tc.want) {
			t.Errorf("Restore(%s): got %v, want %v", filepath.Base(tc.path), err, tc.want)
		}
	}
	if got := counts(db); !mapsEqual(got, before) {
		t.Errorf("counts after refused restores: got %v, want %v", got, before)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
