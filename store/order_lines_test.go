package store

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"shipmode/logistics"
	"shipmode/store/storetest"
)

// lineKey is an order's entry in the sku_days pack of a SKU.
type lineKey struct {
	order int64
	sku   string
}

type lineVal struct {
	qty   int64 // of the SKU
	date  logistics.Date
	units int64 // of the order
}

// storedLines reads the entries of sku_days by SKU name.
func storedLines(t *testing.T, db *DB) map[lineKey]lineVal {
	t.Helper()
	got := map[lineKey]lineVal{}
	rows, err := db.sql.Query(`SELECT s.sku, d.order_date, d.orders FROM sku_days d JOIN skus s ON s.id = d.sku_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sku string
		var date logistics.Date
		var pack []byte
		if err := rows.Scan(&sku, &date, &pack); err != nil {
			t.Fatal(err)
		}
		if len(pack) == 0 {
			t.Errorf("SKU %s on %s: an empty pack", sku, date)
		}
		prev := int64(0)
		err := eachEntry(pack, func(e dayEntry) {
			if e.order <= prev {
				t.Errorf("SKU %s on %s: order %d after %d", sku, date, e.order, prev)
			}
			prev = e.order
			k := lineKey{e.order, sku}
			if _, ok := got[k]; ok {
				t.Errorf("order %d SKU %s: in two packs", e.order, sku)
			}
			got[k] = lineVal{e.qty, date, e.units}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return got
}

// wantLines is sku_days as the stored orders' lines make it: per order and SKU
// the units summed, with the order's date and units.
func wantLines(t *testing.T, db *DB) map[lineKey]lineVal {
	t.Helper()
	want := map[lineKey]lineVal{}
	ids, err := db.OrderIDs(context.Background(), OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		o, err := db.Order(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		units := int64(0)
		for _, l := range o.Lines {
			units += l.Qty
		}
		for _, l := range o.Lines {
			k := lineKey{id, l.SKU}
			want[k] = lineVal{want[k].qty + l.Qty, o.Date, units}
		}
	}
	return want
}

func checkOrderLines(t *testing.T, db *DB, what string) {
	t.Helper()
	got, want := storedLines(t, db), wantLines(t, db)
	if len(want) == 0 {
		t.Fatalf("%s: no orders", what)
	}
	if !maps.Equal(got, want) {
		n := 0
		for k, w := range want {
			if g, ok := got[k]; (!ok || g != w) && n < 5 {
				t.Errorf("%s: order %d SKU %s: got %+v (stored %v), want %+v", what, k.order, k.sku, g, ok, w)
				n++
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok && n < 10 {
				t.Errorf("%s: order %d SKU %s: stored, but the order has no such line", what, k.order, k.sku)
				n++
			}
		}
		t.Fatalf("%s: sku_days has %d entries, want %d", what, len(got), len(want))
	}
}

// The order import keeps sku_days in step with the orders' lines: a first
// import (the bulk path), new and changed orders later (the update path), a key
// repeated in a first import (merged), and a cancelled order (kept with its lines).
func TestOrderLinesFollowTheImport(t *testing.T) {
	db := openTest(t)
	mustImport(t, db, genOrders(0, 3000), "first")
	checkOrderLines(t, db, "first import")

	// Order 7 again with other lines and date (two lines of one SKU: summed), order
	// 8 unchanged, 3000 and 3001 new.
	o7 := genOrder(7)
	o7.Date += 40
	o7.Lines = []logistics.Line{{SKU: "NEW-1", Qty: 2}, {SKU: "SKU-001", Qty: 1}, {SKU: "NEW-1", Qty: 3}}
	res := mustImport(t, db, newOrders(NewOrder{Order: o7}, NewOrder{Order: genOrder(8)},
		NewOrder{Order: genOrder(3000)}, NewOrder{Order: genOrder(3001)}), "second")
	if res.Inserted != 2 || res.Updated != 1 || res.Unchanged != 1 {
		t.Fatalf("second import: got %+v, want 2 inserted, 1 updated, 1 unchanged", res)
	}
	checkOrderLines(t, db, "second import")
	got := storedLines(t, db)
	id7 := orderID(t, db, o7.Ref)
	// NEW-1: 2 + 3 = 5 units on the order's new date, of the order's 2 + 1 + 3 = 6
	if v := got[lineKey{id7, "NEW-1"}]; v != (lineVal{5, o7.Date, 6}) {
		t.Errorf("order 7 NEW-1: got %+v, want 5 units of 6 on %s", v, o7.Date)
	}

	// A new order changed twice in one call: its queued lines are written before
	// they are replaced.
	a, b := genOrder(5000), genOrder(5000)
	b.Lines = []logistics.Line{{SKU: "NEW-2", Qty: 1}}
	mustImport(t, db, newOrders(NewOrder{Order: a}, NewOrder{Order: b}), "twice")
	checkOrderLines(t, db, "an order changed within a call")

	mustImport(t, db, newOrders(NewOrder{Order: logistics.Order{Marketplace: o7.Marketplace, Ref: o7.Ref}, Cancel: true}), "cancel")
	checkOrderLines(t, db, "a cancelled order")
}

func TestOrderLinesOfMergedDuplicates(t *testing.T) {
	db := openTest(t)
	first, last := genOrder(3), genOrder(3)
	first.Lines = []logistics.Line{{SKU: "OLD", Qty: 9}}
	last.Lines = []logistics.Line{{SKU: "KEPT", Qty: 2}}
	mustImport(t, db, newOrders(NewOrder{Order: genOrder(1)}, NewOrder{Order: first}, NewOrder{Order: genOrder(2)},
		NewOrder{Order: last}), "dups")
	checkOrderLines(t, db, "a key repeated in a first import")
	got := storedLines(t, db)
	id := orderID(t, db, last.Ref)
	if _, ok := got[lineKey{id, "OLD"}]; ok || got[lineKey{id, "KEPT"}].qty != 2 {
		t.Errorf("merged order %d: got %v, want only KEPT × 2", id, got)
	}
}

// A database of schema version 8 gets its order_lines replaced by sku_days, filled
// from its orders' lines, when it is opened — a SQLite file, and a PostgreSQL
// schema when the tests have a server.
func TestSKUDaysMigration(t *testing.T) {
	ctx := context.Background()
	target := filepath.Join(t.TempDir(), "shipmode.db")
	const orderLines = `CREATE TABLE order_lines (sku_id INTEGER NOT NULL, order_date INTEGER NOT NULL,
		order_id INTEGER NOT NULL, qty INTEGER NOT NULL, PRIMARY KEY (sku_id, order_date, order_id))`
	downgrade := `DROP TABLE sku_days; ALTER TABLE plan_runs DROP COLUMN read_at; DROP TABLE summary_cells; DROP TABLE summary_stamp; ` + orderLines + `; PRAGMA user_version = 8`
	if storetest.Server() != "" {
		target = storetest.NewSchema(t)
		downgrade = `DROP TABLE sku_days; ALTER TABLE plan_runs DROP COLUMN read_at; DROP TABLE summary_cells; DROP TABLE summary_stamp; ` + orderLines + `; UPDATE shipmode_meta SET value = '8' WHERE key = 'schema_version'`
	}
	db, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	// more than a page of the fill
	mustImport(t, db, genOrders(0, fillOrdersPage+1234), "a")
	want := wantLines(t, db)
	if _, err := db.sql.ExecContext(ctx, downgrade); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, target)
	if err != nil {
		t.Fatalf("open a version 8 database: %v", err)
	}
	defer db.Close()
	if !db.pg {
		if got := pragmaInt(t, db, "user_version"); got != SchemaVersion() {
			t.Errorf("user_version: got %d, want %d", got, SchemaVersion())
		}
	}
	checkOrderLines(t, db, "migrated")
	if got := storedLines(t, db); len(got) != len(want) {
		t.Errorf("got %d entries, want %d", len(got), len(want))
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM sku_days`).Scan(&n); err != nil || n == 0 {
		t.Errorf("sku_days: %d rows, %v", n, err)
	}
}

func orderID(t *testing.T, db *DB, ref string) int64 {
	t.Helper()
	var id int64
	if err := db.sql.QueryRow(`SELECT id FROM orders WHERE ref = ?`, ref).Scan(&id); err != nil {
		t.Fatalf("order %s: %v", ref, err)
	}
	return id
}

// ScenarioOrders finds the orders of a period whose every line is of the SKUs,
// open ones first, each in planning order, with their decisions.
func TestScenarioOrders(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	day := logistics.DateOf(2026, 3, 1)
	mk := func(ref string, d logistics.Date, skus ...string) NewOrder {
		o := logistics.Order{Ref: ref, Marketplace: "m", Date: d, Country: "GB", Currency: "GBP"}
		for _, s := range skus {
			o.Lines = append(o.Lines, logistics.Line{SKU: s, Qty: 1})
		}
		return NewOrder{Order: o}
	}
	mustImport(t, db, newOrders(
		mk("b", day, "A"),        // yes
		mk("a", day, "A", "B"),   // yes: every line is A or B
		mk("c", day, "A", "C"),   // no: C
		mk("d", day-1, "B", "B"), // yes, a day earlier
		mk("e", day+30, "A"),     // no: after the period
		mk("f", day, "C"),        // no
		mk("g", day, "A"),        // shipped: after the open ones
		mk("h", day, "A"),        // cancelled: no
		NewOrder{Order: mk("s", day-2, "B").Order, Status: logistics.Shipped}, // shipped, earlier
	), "x")
	mustImport(t, db, newOrders(NewOrder{Order: mk("g", day, "A").Order, Status: logistics.Shipped},
		NewOrder{Order: mk("h", day, "A").Order, Status: logistics.Cancelled}), "status")
	in, err := db.PlanInput(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	planAll(t, db, in)
	got, err := db.ScenarioOrders(ctx, day-5, day+5, []string{"A", "B", "NEVER-SOLD"})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, o := range got {
		refs = append(refs, fmt.Sprintf("%s/%v/%d", o.Order.Ref, o.Shipped, len(o.Order.Lines)))
	}
	want := []string{"d/false/2", "a/false/2", "b/false/1", "s/true/1", "g/true/1"}
	if !slices.Equal(refs, want) {
		t.Errorf("got %v, want %v", refs, want)
	}
	for _, o := range got {
		if !o.Shipped && o.Mode == 0 {
			t.Errorf("order %s: no assignment read", o.Order.Ref)
		}
	}
	if none, err := db.ScenarioOrders(ctx, day-5, day+5, []string{"NEVER-SOLD"}); err != nil || len(none) != 0 {
		t.Errorf("a SKU no order names: got %d orders, %v", len(none), err)
	}
	if ok, err := db.HasOrders(ctx, day+31, day+40); ok || err != nil {
		t.Errorf("HasOrders of an empty period: got %v, %v", ok, err)
	}
	if ok, err := db.HasOrders(ctx, day+30, day+30); !ok || err != nil {
		t.Errorf("HasOrders of a day with order e: got %v, %v", ok, err)
	}
	seen := 0
	ok, err := db.AnyDestination(ctx, day-5, day+5, func(c, p string) bool { seen++; return c == "FR" })
	if ok || err != nil || seen != 7 { // d, a, b, c, f, g, s: the period's orders but h (cancelled)
		t.Errorf("AnyDestination FR: got %v, %v after %d orders, want false after 7", ok, err, seen)
	}
}

// A pack is its entries' varints: the id's difference from the previous id, the
// units of the SKU and the order's units (signed varints: n is 2n).
func TestPackEncoding(t *testing.T) {
	entries := []dayEntry{{order: 3, qty: 1, units: 1}, {order: 5, qty: 2, units: 4}, {order: 300, qty: 1, units: 64}}
	pack := encodePack(entries)
	want := []byte{
		3, 2, 2, // order 3 (3 − 0), 1 unit of 1
		2, 4, 8, // order 5 (5 − 3), 2 units of 4
		0xa7, 0x02, 2, 0x80, 0x01, // order 300: 295 = 0x27 + 2·128; 1 unit; of 64 (128 = 0x00 + 1·128)
	}
	if !slices.Equal(pack, want) {
		t.Fatalf("pack: got % x, want % x", pack, want)
	}
	var got []dayEntry
	if err := eachEntry(pack, func(e dayEntry) { got = append(got, e) }); err != nil || !slices.Equal(got, entries) {
		t.Errorf("decoded: got %v, %v; want %v", got, err, entries)
	}
	if err := eachEntry(pack[:len(pack)-1], func(dayEntry) {}); err == nil {
		t.Error("a pack cut short: no error")
	}
}
