package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"shipmode/store/storetest"
)

// TestCopyTablesCoverSchema: Copy moves every table of the schema (a migration
// that adds a table must add it to copyTables).
func TestCopyTablesCoverSchema(t *testing.T) {
	db := openFile(t)
	var tables []string
	rows, err := db.sql.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	var listed []string
	for _, c := range copyTables {
		listed = append(listed, c.name)
	}
	slices.Sort(listed)
	if !slices.Equal(tables, listed) {
		t.Errorf("schema tables %v, copyTables %v", tables, listed)
	}
}

// TestCopyRoundTrip: a planned database with overrides, a rate book, products
// and stock copied into a new database of the test engine and back into a file
// comes back with the same rows (counts and checksums of every table), and the
// copy works as a database: its decisions read, a new import numbers past the
// copied ids. A target that holds data is refused.
func TestCopyRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 300) // on the test engine
	src := openFile(t)
	if _, err := Copy(ctx, f.db, src, nil); err != nil {
		t.Fatalf("Copy into a file: %v", err)
	}
	mid, err := Open(ctx, storetest.Target(t))
	if err != nil {
		t.Fatal(err)
	}
	defer mid.Close()
	var progress int64
	got, err := Copy(ctx, src, mid, func(n int64) { progress = n })
	if err != nil {
		t.Fatalf("Copy: %v", err)
	}
	want, err := f.db.Checksums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("copy checksums\n got %v\nwant %v", got, want)
	}
	var total int64
	for _, c := range want {
		total += c.Rows
	}
	if progress != total || total < 600 {
		t.Errorf("progress %d, rows %d", progress, total)
	}
	back := openFile(t)
	if _, err := Copy(ctx, mid, back, nil); err != nil {
		t.Fatalf("Copy back: %v", err)
	}
	if again, _ := back.Checksums(ctx); !slices.Equal(again, want) {
		t.Errorf("round trip checksums\n got %v\nwant %v", again, want)
	}
	d1, err1 := f.db.Decision(ctx, f.orders[3].id)
	d2, err2 := mid.Decision(ctx, f.orders[3].id)
	if err1 != nil || err2 != nil || d1.Chosen != d2.Chosen || d1.Reason != d2.Reason || len(d1.Options) != len(d2.Options) {
		t.Errorf("decision: %v %v / %v %v", d1.Reason, err1, d2.Reason, err2)
	}
	res, err := mid.ImportOrders(ctx, genOrders(5000, 5010), ImportOptions{Source: "after"})
	if err != nil || res.Inserted != 10 {
		t.Errorf("import into the copy: %+v %v", res, err)
	}
	if _, err := mid.SaveRateBook(ctx, sampleRateBook(), "later"); err != nil {
		t.Errorf("rate book into the copy: %v", err)
	}
	if _, err := Copy(ctx, src, mid, nil); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("copy into a database with data: got %v, want ErrNotEmpty", err)
	}
}
