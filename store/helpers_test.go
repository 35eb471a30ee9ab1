package store

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"strings"
	"testing"

	"shipmode/logistics"
	"shipmode/store/storetest"
)

// openTest opens a new database in a temporary directory.
func openTest(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), storetest.Target(tb))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// openFile opens a new SQLite database file, for the tests of what only a file
// has (journal modes, pragmas, the file header).
func openFile(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "shipmode.db"))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// indexCount is how many of the named indexes db has.
func indexCount(tb testing.TB, db *DB, names ...string) int {
	tb.Helper()
	q := `SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('` + strings.Join(names, "', '") + `')`
	if db.pg {
		q = `SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ('` + strings.Join(names, "', '") + `')`
	}
	var n int
	if err := db.sql.QueryRow(q).Scan(&n); err != nil {
		tb.Fatalf("count indexes: %v", err)
	}
	return n
}

var testCountries = []string{"FR", "DE", "IT", "ES", "PL", "GB", "US", "CA", "AU", "NL"}

// genOrder is the i-th of a deterministic stream of orders: ~1.4 lines per order,
// dates spread over 2025-2026, Amazon-like references.
func genOrder(i int) logistics.Order {
	o := logistics.Order{
		Ref:          fmt.Sprintf("%03d-%07d-%07d", i*7%1000, (i*7919)%10000000, i),
		Marketplace:  []string{"amazon", "ebay", "shopify"}[i%3],
		Date:         logistics.DateOf(2025, 1, 1) + logistics.Date(i*600/1000000),
		Country:      testCountries[i%len(testCountries)],
		PostalCode:   fmt.Sprintf("%05d", i%90000+10000),
		Currency:     "EUR",
		PromisedDays: []int{0, 5, 10, 20}[i%4],
	}
	n := 1
	if i%5 < 2 {
		n = 2
	}
	for j := 0; j < n; j++ {
		o.Lines = append(o.Lines, logistics.Line{
			SKU:       fmt.Sprintf("SKU-%03d", (i+j*13)%200),
			Qty:       int64(1 + (i+j)%3),
			UnitPrice: logistics.Dec(int64(500+(i*37+j)%9000) * 10_000_000),
		})
	}
	if i%17 == 0 {
		o.Parcel = &logistics.Parcel{LengthMM: 300, WidthMM: 200, HeightMM: 100, WeightG: int64(500 + i%1000)}
	}
	return o
}

// genOrders yields orders from..to-1 of the genOrder stream, without status.
func genOrders(from, to int) iter.Seq2[NewOrder, error] {
	return func(yield func(NewOrder, error) bool) {
		for i := from; i < to; i++ {
			if !yield(NewOrder{Order: genOrder(i)}, nil) {
				return
			}
		}
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

func TestProductTitles(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, err := db.UpsertProducts(ctx, []logistics.Product{{SKU: "A", Title: "Lamp", WeightG: 1}, {SKU: "B", Title: "Mug", WeightG: 1}}); err != nil {
		t.Fatal(err)
	}
	got, err := db.ProductTitles(ctx, []string{"A", "NOPE", ""})
	if err != nil || len(got) != 1 || got["A"] != "Lamp" {
		t.Errorf("got %v %v, want only A: Lamp", got, err)
	}
}
