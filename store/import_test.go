package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"strings"
	"testing"

	"shipmode/crash"
	"shipmode/logistics"
)

func mustImport(t *testing.T, db *DB, orders iter.Seq2[NewOrder, error], source string) ImportResult {
	t.Helper()
	res, err := db.ImportOrders(context.Background(), orders, ImportOptions{Source: source})
	if err != nil {
		t.Fatalf("ImportOrders(%s): %v", source, err)
	}
	return res
}

func newOrders(os ...NewOrder) iter.Seq2[NewOrder, error] {
	return func(yield func(NewOrder, error) bool) {
		for _, o := range os {
			if !yield(o, nil) {
				return
			}
		}
	}
}

func count(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.sql.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportOrdersRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if got, want := mustImport(t, db, genOrders(0, 300), "a.csv"), (ImportResult{Inserted: 300}); got != want {
		t.Errorf("first import: got %+v, want %+v", got, want)
	}
	for _, i := range []int{0, 1, 17, 299} {
		got, err := db.FindOrder(ctx, genOrder(i).Marketplace, genOrder(i).Ref)
		if err != nil {
			t.Fatalf("FindOrder %d: %v", i, err)
		}
		if want := genOrder(i); !reflect.DeepEqual(got.Order, want) {
			t.Errorf("order %d:\ngot  %+v\nwant %+v", i, got.Order, want)
		}
		if got.Status != logistics.Open || got.Source != "a.csv" || !got.NeedsProductData || got.Override.Mode != 0 {
			t.Errorf("order %d: got status %v source %q needs %v override %+v", i, got.Status, got.Source, got.NeedsProductData, got.Override)
		}
		byID, err := db.Order(ctx, got.ID)
		if err != nil || !reflect.DeepEqual(byID, got) {
			t.Errorf("Order(%d): got %+v, %v; want %+v", got.ID, byID, err, got)
		}
	}
	if _, err := db.Order(ctx, 99999); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: got %v, want ErrNotFound", err)
	}

	// Re-importing the same file changes nothing, and leaves no import record.
	imports := count(t, db, "imports")
	if got, want := mustImport(t, db, genOrders(0, 300), "a-again.csv"), (ImportResult{Unchanged: 300}); got != want {
		t.Errorf("re-import: got %+v, want %+v", got, want)
	}
	if got := count(t, db, "imports"); got != imports {
		t.Errorf("imports after an identical re-import: got %d, want %d", got, imports)
	}
	if o, _ := db.FindOrder(ctx, genOrder(5).Marketplace, genOrder(5).Ref); o.Source != "a.csv" {
		t.Errorf("source after identical re-import: got %q, want a.csv", o.Source)
	}

	// A newer export: 250..349, with order 260 changed.
	before, _ := db.FindOrder(ctx, genOrder(260).Marketplace, genOrder(260).Ref)
	if _, err := db.SetOverride(ctx, before.Marketplace, before.Ref, logistics.ModeDirect, "", "customer asked", 0); err != nil {
		t.Fatal(err)
	}
	changed := genOrder(260)
	changed.Lines = []logistics.Line{{SKU: "NEW-SKU", Qty: 7, UnitPrice: logistics.DecInt(3)}}
	changed.PostalCode = "75011"
	newer := func(yield func(NewOrder, error) bool) {
		for i := 250; i < 350; i++ {
			o := genOrder(i)
			if i == 260 {
				o = changed
			}
			if !yield(NewOrder{Order: o}, nil) {
				return
			}
		}
	}
	if got, want := mustImport(t, db, newer, "b.csv"), (ImportResult{Inserted: 50, Updated: 1, Unchanged: 49}); got != want {
		t.Errorf("newer export: got %+v, want %+v", got, want)
	}
	after, err := db.Order(ctx, before.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after.Order, changed) {
		t.Errorf("updated order:\ngot  %+v\nwant %+v", after.Order, changed)
	}
	if after.Override.Mode != logistics.ModeDirect || after.Override.Reason != "customer asked" || after.Source != "b.csv" {
		t.Errorf("updated order kept override %+v, source %q; want direct/customer asked, b.csv", after.Override, after.Source)
	}
	if n, _ := db.CountOrders(ctx, OrderFilter{}); n != 350 {
		t.Errorf("orders: got %d, want 350", n)
	}
}

func TestImportStatus(t *testing.T) {
	ctx := context.Background()
	const (
		none      = logistics.Status(0)
		open      = logistics.Open
		shipped   = logistics.Shipped
		cancelled = logistics.Cancelled
	)
	for _, tc := range []struct {
		first, second, want logistics.Status
		updated             bool
	}{
		{none, none, open, false},
		{open, shipped, shipped, true},
		{open, cancelled, cancelled, true},
		{shipped, open, shipped, false}, // an old export does not reopen
		{shipped, none, shipped, false},
		{cancelled, open, cancelled, false},
		{shipped, cancelled, cancelled, true},
		{cancelled, shipped, shipped, true},
	} {
		t.Run(fmt.Sprintf("%v then %v", tc.first, tc.second), func(t *testing.T) {
			for _, path := range []string{"update", "fresh"} {
				db := openTest(t)
				o := genOrder(1)
				var res ImportResult
				if path == "fresh" { // both in one import into an empty table: merged
					res = mustImport(t, db, newOrders(NewOrder{Order: o, Status: tc.first}, NewOrder{Order: o, Status: tc.second}), "x")
				} else {
					mustImport(t, db, newOrders(NewOrder{Order: o, Status: tc.first}), "x")
					res = mustImport(t, db, newOrders(NewOrder{Order: o, Status: tc.second}), "y")
					res.Inserted++
				}
				got, err := db.FindOrder(ctx, o.Marketplace, o.Ref)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != tc.want {
					t.Errorf("%s: status got %v, want %v", path, got.Status, tc.want)
				}
				want := ImportResult{Inserted: 1, Unchanged: 1}
				if tc.updated {
					want = ImportResult{Inserted: 1, Updated: 1}
				}
				if res != want {
					t.Errorf("%s: result got %+v, want %+v", path, res, want)
				}
				if n := count(t, db, "orders"); n != 1 {
					t.Errorf("%s: orders got %d, want 1", path, n)
				}
			}
		})
	}
	if _, err := openTest(t).ImportOrders(ctx, newOrders(NewOrder{Order: genOrder(1), Status: 9}), ImportOptions{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("status 9: got %v, want ErrInvalid", err)
	}
}

func TestImportDuplicateKeysInOneFile(t *testing.T) {
	ctx := context.Background()
	a, b := genOrder(1), genOrder(2)
	a2 := a
	a2.Lines = []logistics.Line{{SKU: "CHANGED", Qty: 2, UnitPrice: logistics.DecInt(9)}}
	c := genOrder(3)
	c.Marketplace = "other" // same ref as a in another marketplace: a different order
	c.Ref = a.Ref
	for _, path := range []string{"fresh", "update"} {
		t.Run(path, func(t *testing.T) {
			db := openTest(t)
			if path == "update" {
				mustImport(t, db, genOrders(100, 101), "seed")
			}
			res := mustImport(t, db, newOrders(NewOrder{Order: a}, NewOrder{Order: b}, NewOrder{Order: a}, NewOrder{Order: c},
				NewOrder{Order: a2}), "dups")
			if want := (ImportResult{Inserted: 3, Updated: 1, Unchanged: 1}); res != want {
				t.Errorf("result: got %+v, want %+v", res, want)
			}
			got, err := db.FindOrder(ctx, a.Marketplace, a.Ref)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Order, a2) {
				t.Errorf("a: got %+v, want the last occurrence %+v", got.Order, a2)
			}
			first := int64(1)
			if path == "update" {
				first = 2
			}
			if got.ID != first {
				t.Errorf("a: id got %d, want the first occurrence's %d", got.ID, first)
			}
			if _, err := db.FindOrder(ctx, "", a.Ref); !errors.Is(err, ErrAmbiguous) {
				t.Errorf("ref in two marketplaces: got %v, want ErrAmbiguous", err)
			}
			if n, _ := db.CountOrders(ctx, OrderFilter{}); n != 3+int(first)-1 {
				t.Errorf("orders: got %d, want %d", n, 3+first-1)
			}
		})
	}
}

// TestImportAtomic: a cancelled context, an iterator error or an invalid order
// midway stores nothing, on both paths, and the bulk path's dropped indexes are back.
func TestImportAtomic(t *testing.T) {
	errRead := errors.New("disk on fire")
	for _, path := range []string{"fresh", "update"} {
		for _, tc := range []struct {
			name string
			seq  func(cancel func()) iter.Seq2[NewOrder, error]
			want error
		}{
			{"cancel", func(cancel func()) iter.Seq2[NewOrder, error] {
				return func(yield func(NewOrder, error) bool) {
					for i := 1000; i < 6000; i++ {
						if i == 4000 {
							cancel()
						}
						if !yield(NewOrder{Order: genOrder(i)}, nil) {
							return
						}
					}
				}
			}, context.Canceled},
			{"iterator error", func(func()) iter.Seq2[NewOrder, error] {
				return func(yield func(NewOrder, error) bool) {
					for i := 1000; i < 4000; i++ {
						if !yield(NewOrder{Order: genOrder(i)}, nil) {
							return
						}
					}
					yield(NewOrder{}, errRead)
				}
			}, errRead},
			{"invalid order", func(func()) iter.Seq2[NewOrder, error] {
				return func(yield func(NewOrder, error) bool) {
					for i := 1000; i < 4000; i++ {
						o := genOrder(i)
						if i == 3999 {
							o.Ref = " "
						}
						if !yield(NewOrder{Order: o}, nil) {
							return
						}
					}
				}
			}, ErrInvalid},
		} {
			t.Run(path+"/"+tc.name, func(t *testing.T) {
				db := openTest(t)
				want := 0
				if path == "update" {
					mustImport(t, db, genOrders(0, 1500), "seed") // 500 of them come again
					want = 1500
				}
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				res, err := db.ImportOrders(ctx, tc.seq(cancel), ImportOptions{Source: "broken"})
				if !errors.Is(err, tc.want) {
					t.Errorf("error: got %v, want %v", err, tc.want)
				}
				if res != (ImportResult{}) {
					t.Errorf("result: got %+v, want zero", res)
				}
				if got := count(t, db, "orders"); got != want {
					t.Errorf("orders after failed import: got %d, want %d", got, want)
				}
				if got := count(t, db, "skus"); path == "fresh" && got != 0 {
					t.Errorf("skus after failed import: got %d, want 0", got)
				}
				if idx := indexCount(t, db, "orders_key", "orders_date", "orders_country"); idx != 3 {
					t.Errorf("indexes after failed import: got %d of 3", idx)
				}
				// The database is still usable.
				if res := mustImport(t, db, genOrders(5000, 5010), "after"); res.Inserted != 10 {
					t.Errorf("import after failure: got %+v", res)
				}
			})
		}
	}
}

func TestNeedsProductData(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	// Orders 0..9 use SKU-000..SKU-009 and, for some, SKU-013..SKU-022.
	mustImport(t, db, genOrders(0, 10), "a")
	if n, _ := db.CountOrders(ctx, OrderFilter{NeedsProductData: true}); n != 10 {
		t.Fatalf("needing product data before products: got %d, want 10", n)
	}
	var ps []logistics.Product
	for i := range 10 {
		ps = append(ps, logistics.Product{SKU: fmt.Sprintf("SKU-%03d", i), WeightG: 100, Currency: "EUR"})
	}
	if _, err := db.UpsertProducts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	// Orders with a second line (i%5 < 2: 0, 1, 5, 6) still miss SKU-013 …
	if n, _ := db.CountOrders(ctx, OrderFilter{NeedsProductData: true}); n != 4 {
		t.Errorf("needing product data after some products: got %d, want 4", n)
	}
	ps = ps[:0]
	for i := 13; i < 23; i++ {
		ps = append(ps, logistics.Product{SKU: fmt.Sprintf("SKU-%03d", i), WeightG: 100, Currency: "EUR"})
	}
	if _, err := db.UpsertProducts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountOrders(ctx, OrderFilter{NeedsProductData: true}); n != 0 {
		t.Errorf("needing product data after all products: got %d, want 0", n)
	}
	// New orders are checked on import.
	mustImport(t, db, genOrders(10, 20), "b")
	for i, want := range map[int]bool{10: true, 13: false} { // 10: SKU-010 and SKU-023; 13: SKU-013
		o, _ := db.FindOrder(ctx, genOrder(i).Marketplace, genOrder(i).Ref)
		if o.NeedsProductData != want {
			t.Errorf("new order %d: needs product data got %v, want %v", i, o.NeedsProductData, want)
		}
	}
}

func TestLinesText(t *testing.T) {
	for _, tc := range []struct {
		id, qty int64
		price   string
		want    string
	}{
		{1, 1, "12.99", ";1 1 12.99"},
		{42, 3, "5", ";42 3 5"},
		{7, 2, "0.000000001", ";7 2 0.000000001"},
		{7, 2, "-0.5", ";7 2 -0.5"},
		{9, 1, "0", ";9 1 0"},
	} {
		p, _ := logistics.ParseDec(tc.price)
		got := string(appendLine(nil, tc.id, tc.qty, p))
		if got != tc.want {
			t.Errorf("appendLine(%d, %d, %s): got %q, want %q", tc.id, tc.qty, tc.price, got, tc.want)
		}
		var back []int64
		var backPrice logistics.Dec
		if err := eachLine(got+got, func(id, qty int64, price logistics.Dec) error {
			back = append(back, id, qty)
			backPrice = price
			return nil
		}); err != nil || !reflect.DeepEqual(back, []int64{tc.id, tc.qty, tc.id, tc.qty}) || backPrice != p {
			t.Errorf("eachLine(%q): got %v %v, %v", got+got, back, backPrice, err)
		}
	}
	for _, bad := range []string{"1 1 1", ";1 1", ";a 1 1", ";1 1 1e3", ";1 1 1;"} {
		if err := eachLine(bad, func(int64, int64, logistics.Dec) error { return nil }); err == nil {
			t.Errorf("eachLine(%q): got nil error", bad)
		}
	}
}

func TestImportIteratorPanicReachesCaller(t *testing.T) {
	db := openTest(t)
	seq := func(yield func(NewOrder, error) bool) {
		for i := range 2000 {
			if i == 1500 {
				panic("iterator bug")
			}
			if !yield(NewOrder{Order: genOrder(i)}, nil) {
				return
			}
		}
	}
	func() {
		defer func() {
			if p, ok := recover().(*crash.Panic); !ok || p.Value != "iterator bug" || !strings.Contains(string(p.Stack), "TestImportIteratorPanicReachesCaller") {
				t.Errorf("recovered %#v, want the iterator's panic with its stack", p)
			}
		}()
		db.ImportOrders(context.Background(), seq, ImportOptions{})
		t.Errorf("ImportOrders returned after the iterator panicked")
	}()
	if n := count(t, db, "orders"); n != 0 {
		t.Errorf("orders after a panic: got %d, want 0", n)
	}
}

// A first import (and a first plan) runs with a rollback journal when nothing else has the file open,
// and with the WAL when a reader has (the app); either way the file is in WAL mode
// afterwards, and the orders are there.
func TestFirstImportJournal(t *testing.T) {
	ctx := context.Background()
	journalMode := func(db *DB) string {
		var mode string
		if err := db.sql.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		return mode
	}
	for _, reader := range []bool{false, true} {
		db := openFile(t)
		if reader {
			tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			var n int
			if err := tx.QueryRow(`SELECT count(*) FROM orders`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback() // a reader holds its snapshot through the import
		}
		if res := mustImport(t, db, genOrders(0, 3000), "a"); res.Inserted != 3000 {
			t.Errorf("reader %v: inserted %d, want 3000", reader, res.Inserted)
		}
		if got := journalMode(db); got != "wal" {
			t.Errorf("reader %v: journal mode after the import %q, want wal", reader, got)
		}
		if n := count(t, db, "orders"); n != 3000 {
			t.Errorf("reader %v: %d orders, want 3000", reader, n)
		}
		// the first plan too
		in, err := db.PlanInput(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		planAll(t, db, in)
		if got := journalMode(db); got != "wal" {
			t.Errorf("reader %v: journal mode after the first plan %q, want wal", reader, got)
		}
		if n := count(t, db, "decisions"); n != len(in.Orders) {
			t.Errorf("reader %v: %d decisions, want %d", reader, n, len(in.Orders))
		}
	}
}

// A first import builds the date index it dropped, whole, whatever the order of the
// orders' dates.
func TestFirstImportDateIndex(t *testing.T) {
	ctx := context.Background()
	for name, days := range map[string][]int{
		"ascending":  {1, 1, 2, 3, 3, 9},
		"descending": {9, 8, 8, 3, 1},
		"unordered":  {3, 4, 5, 2, 7, 1, 1},
	} {
		db := openTest(t)
		var orders []logistics.Order
		for i, d := range days {
			o := genOrder(i)
			o.Date = logistics.DateOf(2026, 3, d)
			orders = append(orders, o)
		}
		mustImport(t, db, OrderSlice(orders), name)
		if !db.pg {
			var check string
			if err := db.sql.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
				t.Errorf("%s: integrity_check %q %v", name, check, err)
			}
		}
		if n := indexCount(t, db, "orders_date"); n != 1 {
			t.Errorf("%s: orders_date index: %d", name, n)
		}
		in, err := db.PlanInput(ctx, logistics.DateOf(2026, 3, 3), logistics.DateOf(2026, 3, 5))
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, d := range days {
			if d >= 3 && d <= 5 {
				want++
			}
		}
		if len(in.Orders) != want {
			t.Errorf("%s: %d orders from the 3rd to the 5th, want %d", name, len(in.Orders), want)
		}
	}
}

// TestFirstImportBlocks: a first import numbers each block of blockRows orders by
// reference prefix (so that the key index is built from sorted runs), keeps every
// block's orders in it, and numbers a later import in the order given.
func TestFirstImportBlocks(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	n := 2*blockRows + 300
	mustImport(t, db, genOrders(0, n), "first")
	mustImport(t, db, genOrders(n, n+50), "second")
	byID := map[int64]string{}
	rows, err := db.sql.QueryContext(ctx, `SELECT id, ref FROM orders`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var ref string
		if err := rows.Scan(&id, &ref); err != nil {
			t.Fatal(err)
		}
		byID[id] = ref
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(byID) != n+50 {
		t.Fatalf("orders: got %d, want %d", len(byID), n+50)
	}
	for start := 0; start < n; start += blockRows {
		end := min(start+blockRows, n)
		want := map[string]bool{}
		for i := start; i < end; i++ {
			want[genOrder(i).Ref] = true
		}
		for id := int64(start + 1); id <= int64(end); id++ {
			if !want[byID[id]] {
				t.Fatalf("order %d (%s) is not of block %d", id, byID[id], start/blockRows)
			}
			if id > int64(start+1) && prefixOf(byID[id]) < prefixOf(byID[id-1]) {
				t.Errorf("block %d: order %d (%s) sorts before order %d (%s)", start/blockRows, id, byID[id], id-1, byID[id-1])
			}
		}
	}
	for i := range 50 {
		if got, want := byID[int64(n+1+i)], genOrder(n+i).Ref; got != want {
			t.Errorf("second import: order %d is %s, want %s (the order given)", n+1+i, got, want)
		}
	}
}

// TestImportCancels: a key the orders cancel is cancelled in the same transaction,
// after every order of the call, on both paths; its decision goes; an unknown key
// is ignored; a shipped order is cancelled too (the rule of StatusAfterImport).
func TestImportCancels(t *testing.T) {
	ctx := context.Background()
	for _, path := range []string{"fresh", "update"} {
		t.Run(path, func(t *testing.T) {
			db := openTest(t)
			a, b := genOrder(1), genOrder(2)
			if path == "update" {
				mustImport(t, db, newOrders(NewOrder{Order: a}, NewOrder{Order: b}), "x")
			}
			cancel := func(o logistics.Order) NewOrder {
				return NewOrder{Order: logistics.Order{Marketplace: o.Marketplace, Ref: o.Ref}, Cancel: true}
			}
			res := mustImport(t, db, newOrders(NewOrder{Order: a}, NewOrder{Order: b}, cancel(a),
				cancel(logistics.Order{Marketplace: "nowhere", Ref: "none"})), "y")
			if res.Cancelled != 1 {
				t.Errorf("got %d cancelled, want 1", res.Cancelled)
			}
			for _, tc := range []struct {
				o    logistics.Order
				want logistics.Status
			}{{a, logistics.Cancelled}, {b, logistics.Open}} {
				got, err := db.FindOrder(ctx, tc.o.Marketplace, tc.o.Ref)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != tc.want {
					t.Errorf("order %s: got status %v, want %v", tc.o.Ref, got.Status, tc.want)
				}
			}
		})
	}
}

// TestImportBeforeCommitFails: an error of BeforeCommit stores nothing.
func TestImportBeforeCommitFails(t *testing.T) {
	db := openTest(t)
	boom := errors.New("disk full")
	_, err := db.ImportOrders(context.Background(), newOrders(NewOrder{Order: genOrder(1)}),
		ImportOptions{BeforeCommit: func() error { return boom }})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want %v", err, boom)
	}
	if n, err := db.CountOrders(context.Background(), OrderFilter{}); err != nil || n != 0 {
		t.Fatalf("got %d orders (%v), want 0", n, err)
	}
}

// TestRawInsertFound: the store's SQLite connections are ones whose handle
// rawInsert finds, so that a first import binds its orders' values itself (a
// driver upgrade that renames the fields would lose that silently).
func TestRawInsertFound(t *testing.T) {
	ctx := context.Background()
	db := openFile(t)
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var ok bool
	conn.Raw(func(dc any) error { _, _, ok = rawConnOf(dc); return nil })
	if !ok {
		t.Fatal("rawConnOf found no handle in the SQLite driver's connection")
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE raw (a TEXT NOT NULL CHECK (a <> 'bad'), b INTEGER, c TEXT)`); err != nil {
		t.Fatal(err)
	}
	r, err := newRawInsert(ctx, conn, `INSERT INTO raw VALUES (?, ?, ?), (?, ?, ?)`, 6)
	if err != nil || r == nil {
		t.Fatalf("newRawInsert: %v, %v", r, err)
	}
	defer r.close()
	if err := r.exec(ctx, []rawValue{textValue(""), intValue(7), {kind: rawNull}, textValue("é中"), intValue(-1), textValue("x")}); err != nil {
		t.Fatalf("exec: %v", err)
	}
	// The second row fails its check: the statement's first row is undone too.
	if err := r.exec(ctx, []rawValue{textValue("fine"), intValue(1), {kind: rawNull}, textValue("bad"), intValue(2), {kind: rawNull}}); !errors.Is(err, ErrConflict) {
		t.Errorf("exec of a row failing its check: got %v, want ErrConflict", err)
	}
	var got []string
	rows, err := conn.QueryContext(ctx, `SELECT a || '|' || b || '|' || coalesce(c, 'NULL') || '|' || typeof(a) FROM raw ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v string
		rows.Scan(&v)
		got = append(got, v)
	}
	rows.Close()
	if want := []string{"|7|NULL|text", "é中|-1|x|text"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows: got %q, want %q", got, want)
	}
	if _, err := newRawInsert(ctx, conn, `SELECT ?, ?`, 3); err == nil {
		t.Error("newRawInsert of 2 parameters for 3 values: no error")
	}
}

func TestFirstImportIDs(t *testing.T) {
	ctx := context.Background()
	for name, shape := range map[string]func(i int, o *NewOrder){
		// 1,000 orders of one shape: three full statements (3 × 256 = 768) and 232
		// rows flushed at the end, all without ids on SQLite.
		"one shape": func(i int, o *NewOrder) { o.Order.Parcel = nil },
		// genOrder's parcel every 17th order, a tracking number every 3rd from the
		// 500th: five shapes, interleaved by the block's sort.
		"mixed": func(i int, o *NewOrder) {
			if i >= 500 && i%3 == 0 {
				o.Tracking = fmt.Sprintf("TRK%04d", i)
			}
		},
		// every order with a tracking number: the index is dropped at the first.
		"tracking": func(i int, o *NewOrder) { o.Order.Parcel, o.Tracking = nil, fmt.Sprintf("TRK%04d", i) },
		// texts bound by rawInsert: empty ones (an empty string is text, not NULL)
		// and ones of several bytes a character, of the statement's buffer.
		"texts": func(i int, o *NewOrder) {
			o.Order.Parcel = nil
			if i%2 == 0 {
				o.Order.PostalCode = ""
			}
			if i%7 == 0 {
				o.Order.Ref += "-é中"
				o.Order.PostalCode = "北京 100000"
			}
		},
	} {
		db := openTest(t)
		const n = 1000
		var orders []NewOrder
		for i := range n {
			o := NewOrder{Order: genOrder(i)}
			shape(i, &o)
			orders = append(orders, o)
		}
		if got, want := mustImport(t, db, newOrders(orders...), name), (ImportResult{Inserted: n}); got != want {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
		var count, low, high int64
		if err := db.sql.QueryRowContext(ctx, `SELECT count(*), min(id), max(id) FROM orders`).Scan(&count, &low, &high); err != nil {
			t.Fatal(err)
		}
		if count != n || low != 1 || high != n {
			t.Errorf("%s: %d orders numbered %d..%d, want %d numbered 1..%d", name, count, low, high, n, n)
		}
		checkOrderLines(t, db, name)
		if got := indexCount(t, db, "orders_key", "orders_date", "orders_country", "orders_tracking", "orders_needing_product_data"); got != 5 {
			t.Errorf("%s: %d of the 5 indexes of orders", name, got)
		}
		for _, i := range []int{0, 255, 256, 501, 768, 999} {
			got, err := db.FindOrder(ctx, orders[i].Order.Marketplace, orders[i].Order.Ref)
			if err != nil {
				t.Fatalf("%s: order %d: %v", name, i, err)
			}
			var tracking string
			if err := db.sql.QueryRowContext(ctx, `SELECT coalesce(tracking, '') FROM orders WHERE id = ?`, got.ID).Scan(&tracking); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Order, orders[i].Order) || tracking != orders[i].Tracking {
				t.Errorf("%s: order %d:\ngot  %+v (tracking %q)\nwant %+v (tracking %q)", name, i, got.Order, tracking, orders[i].Order, orders[i].Tracking)
			}
		}
		if !db.pg {
			var check string
			if err := db.sql.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
				t.Errorf("%s: integrity_check %q %v", name, check, err)
			}
		}
	}
}

// TestSortOnDisk: the indexes of a first import are built with temp_store = FILE
// (1), and the connection's setting (MEMORY, 2, from the DSN) is back after.
func TestSortOnDisk(t *testing.T) {
	ctx := context.Background()
	db := openFile(t)
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	setting := func() (n int) {
		t.Helper()
		if err := tx.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := setting(); got != 2 {
		t.Fatalf("temp_store before: got %d, want 2", got)
	}
	restore := sortOnDisk(ctx, tx)
	if got := setting(); got != 1 {
		t.Errorf("temp_store while building: got %d, want 1", got)
	}
	restore()
	if got := setting(); got != 2 {
		t.Errorf("temp_store after: got %d, want 2", got)
	}
}
