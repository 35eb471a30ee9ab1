package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"shipmode/logistics"
	"shipmode/store/storetest"

	"pgregory.net/rapid"
)

func invLine(carrier, number, tracking, ref, market string, charge logistics.Charge, amount string, row int) NewInvoiceLine {
	a, err := logistics.ParseDec(amount)
	if err != nil {
		panic(err)
	}
	return NewInvoiceLine{Row: row, InvoiceLine: logistics.InvoiceLine{Carrier: carrier, Invoice: number,
		InvoiceDate: logistics.DateOf(2026, 5, 20), Tracking: tracking, OrderRef: ref, Marketplace: market,
		Service: "EXP", Charge: charge, Amount: a, Currency: "EUR", BilledWeightG: 500}}
}

func orderWith(ref, market, tracking string) NewOrder {
	return NewOrder{Order: logistics.Order{Ref: ref, Marketplace: market, Date: logistics.DateOf(2026, 5, 1), Country: "DE",
		Currency: "EUR", Lines: []logistics.Line{{SKU: "S1", Qty: 1}}}, Tracking: tracking, Status: logistics.Shipped}
}

func importInvoices(t *testing.T, db *DB, lines ...NewInvoiceLine) InvoiceImportResult {
	t.Helper()
	res, err := db.ImportInvoices(context.Background(), NewInvoiceLines(lines), InvoiceImportOptions{Source: "inv.csv"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// matchedRefs is, for each stored line by id, the reference of its order or
// "-none" / "-several".
func matchedRefs(t *testing.T, db *DB) []string {
	t.Helper()
	var out []string
	rows, err := db.sql.Query(`SELECT coalesce(o.ref, CASE l.unmatched WHEN 2 THEN '-several' ELSE '-none' END)
		FROM invoice_lines l LEFT JOIN orders o ON o.id = l.order_id ORDER BY l.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestOrdersKeepTracking(t *testing.T) {
	db := openTest(t)
	mustImport(t, db, newOrders(orderWith("A1", "ebay", "T1"), orderWith("A2", "ebay", "")), "a")
	tracking := func() []string {
		var out []string
		rows, err := db.sql.Query(`SELECT ref || '=' || coalesce(tracking, 'NULL') FROM orders ORDER BY ref`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			rows.Scan(&s)
			out = append(out, s)
		}
		return out
	}
	if got, want := tracking(), []string{"A1=T1", "A2=NULL"}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// the same file again changes nothing; a file without the tracking number keeps it
	res := mustImport(t, db, newOrders(orderWith("A1", "ebay", "T1"), orderWith("A2", "ebay", "")), "b")
	if res.Unchanged != 2 {
		t.Errorf("re-import: got %+v, want 2 unchanged", res)
	}
	res = mustImport(t, db, newOrders(orderWith("A1", "ebay", ""), orderWith("A2", "ebay", "T2")), "c")
	if res.Unchanged != 1 || res.Updated != 1 {
		t.Errorf("a new tracking number: got %+v, want 1 updated and 1 unchanged", res)
	}
	if got, want := tracking(), []string{"A1=T1", "A2=T2"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestImportInvoicesMatchAndReissue(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	mustImport(t, db, newOrders(orderWith("A1", "ebay", "T1"), orderWith("A2", "ebay", ""), orderWith("A2", "amazon", ""),
		orderWith("A3", "shopify", "TDUP"), orderWith("A4", "shopify", "TDUP")), "orders")
	lines := []NewInvoiceLine{
		invLine("dhl", "INV1", "T1", "", "", logistics.ChargeFreight, "10", 2),           // by tracking
		invLine("dhl", "INV1", "T1", "", "", logistics.ChargeFuel, "2.5", 2),             // the same row's fuel
		invLine("dhl", "INV1", "", "A2", "ebay", logistics.ChargeFreight, "8", 3),        // by reference and marketplace
		invLine("dhl", "INV1", "", "A2", "", logistics.ChargeFreight, "8", 4),            // two marketplaces have A2
		invLine("dhl", "INV1", "TDUP", "", "", logistics.ChargeFreight, "8", 5),          // two orders have the tracking number
		invLine("dhl", "INV1", "TX", "A1", "", logistics.ChargeFreight, "8", 6),          // unknown tracking: by reference
		invLine("dhl", "INV2", "", "B9", "ebay", logistics.ChargeFreight, "8", 7),        // not imported yet
		invLine("dhl", "INV2", "T1", "", "", logistics.ChargeCredit, "-1", 8),            // a credit
		invLine("ups", "INV1", "T1", "", "", logistics.ChargeFreight, "10", 9),           // another carrier's INV1
		invLine("dhl", "INV1", "T1", "A9", "amazon", logistics.ChargeSurcharge, "1", 10), // tracking wins over reference
	}
	res := importInvoices(t, db, lines...)
	if res.New != 3 || res.Unchanged != 0 || len(res.Reissued) != 0 || res.Lines != 10 || res.Matched != 7 || res.Unmatched != 3 {
		t.Errorf("first import: got %+v", res)
	}
	if res.RowsMatched != 6 || res.RowsUnmatched != 3 {
		t.Errorf("rows: got %d matched %d unmatched, want 6 and 3", res.RowsMatched, res.RowsUnmatched)
	}
	// lines are stored invoice by invoice: INV1's, then INV2's, then ups INV1
	want := []string{"A1", "A1", "A2", "-several", "-several", "A1", "A1", "-none", "A1", "A1"}
	if got := matchedRefs(t, db); !slices.Equal(got, want) {
		t.Errorf("matched: got %v, want %v", got, want)
	}

	// the same lines again: nothing changes
	before := count(t, db, "invoice_lines")
	res = importInvoices(t, db, lines...)
	if res.New != 0 || res.Unchanged != 3 || len(res.Reissued) != 0 || res.Lines != 10 || res.Matched != 7 {
		t.Errorf("same file again: got %+v", res)
	}
	if got := count(t, db, "invoice_lines"); got != before {
		t.Errorf("lines: got %d, want %d", got, before)
	}

	// the order B9 arrives: its line is matched by the order import
	if res := mustImport(t, db, newOrders(orderWith("B9", "ebay", "")), "late"); res.InvoiceLinesMatched != 1 {
		t.Errorf("order import: got %+v, want 1 invoice line matched", res)
	}
	n, err := db.MatchInvoiceLines(ctx)
	if err != nil || n != 0 {
		t.Errorf("MatchInvoiceLines: got %d, %v; want 0 left to match", n, err)
	}

	// a corrected re-issue of INV2: its lines are replaced
	res = importInvoices(t, db, invLine("dhl", "INV2", "", "B9", "ebay", logistics.ChargeFreight, "7.5", 2))
	if res.New != 0 || len(res.Reissued) != 1 || res.Reissued[0] != (InvoiceKey{"dhl", "INV2"}) || res.Lines != 1 || res.Matched != 1 {
		t.Errorf("re-issue: got %+v", res)
	}
	if got := count(t, db, "invoice_lines"); got != before-1 {
		t.Errorf("lines after the re-issue: got %d, want %d", got, before-1)
	}
	var reissues int
	db.sql.QueryRow(`SELECT reissues FROM invoices WHERE carrier = 'dhl' AND number = 'INV2'`).Scan(&reissues)
	if reissues != 1 {
		t.Errorf("reissues: got %d, want 1", reissues)
	}

	// what reconciliation reads
	var got []string
	err = db.EachInvoicedOrder(ctx, 0, 0, func(o *InvoicedOrder) error {
		var amounts []string
		for _, l := range o.Lines {
			amounts = append(amounts, fmt.Sprintf("%s:%s:%v", l.Invoice, l.Charge, l.Amount))
		}
		got = append(got, fmt.Sprintf("%s %s planned=%v %v", o.Order.Ref, o.Order.Marketplace, o.Planned, amounts))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantOrders := []string{
		"A1 ebay planned=false [INV1:freight:10 INV1:fuel:2.5 INV1:freight:8 INV1:surcharge:1 INV1:freight:10]",
		"A2 ebay planned=false [INV1:freight:8]",
		"B9 ebay planned=false [INV2:freight:7.5]",
	}
	if !slices.Equal(got, wantOrders) {
		t.Errorf("invoiced orders:\n%v\nwant\n%v", got, wantOrders)
	}
	un, err := db.UnmatchedInvoiceLines(ctx, 0, 0)
	if err != nil || len(un) != 2 || !un[0].Several || !un[1].Several {
		t.Errorf("unmatched: got %+v, %v; want the two ambiguous lines", un, err)
	}
	var unbilled []string
	err = db.EachUnbilledOrder(ctx, 0, 0, logistics.DateOf(2027, 1, 1), func(u UnbilledOrder) error {
		unbilled = append(unbilled, u.Marketplace+" "+u.Ref)
		return nil
	})
	if err != nil || !slices.Equal(unbilled, []string{"amazon A2", "shopify A3", "shopify A4"}) {
		t.Errorf("unbilled: got %v, %v", unbilled, err)
	}
	if d, ok, err := db.LatestInvoiceDate(ctx); err != nil || !ok || d != logistics.DateOf(2026, 5, 20) {
		t.Errorf("latest invoice date: got %v %v %v", d, ok, err)
	}
}

// TestInvoicedLinesKeepTheirTexts: texts with quotes, backslashes and other
// scripts come back from the packed lines as they were.
func TestInvoicedLinesKeepTheirTexts(t *testing.T) {
	db := openTest(t)
	mustImport(t, db, newOrders(orderWith("A1", "ebay", `T"1\x`)), "a")
	l := invLine("云途", "INV/1", `T"1\x`, "A1", "ebay", logistics.ChargeFee, "-0.000000001", 7)
	l.Service, l.Currency = "云途全球专线挂号 \"快\"", "CNY"
	importInvoices(t, db, l)
	var got []InvoicedLine
	err := db.EachInvoicedOrder(context.Background(), 0, 0, func(o *InvoicedOrder) error {
		got = append(got, o.Lines...)
		return nil
	})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %v, %v", got, err)
	}
	g := got[0]
	if g.InvoiceLine != l.InvoiceLine || g.Row != 7 {
		t.Errorf("got %+v, want %+v", g, l)
	}
}

// TestImportInvoicesAtomic: a failing BeforeCommit stores nothing.
func TestImportInvoicesAtomic(t *testing.T) {
	db := openTest(t)
	_, err := db.ImportInvoices(context.Background(), NewInvoiceLines{invLine("dhl", "I", "T", "", "", logistics.ChargeFreight, "1", 2)},
		InvoiceImportOptions{BeforeCommit: func() error { return fmt.Errorf("disk full") }})
	if err == nil {
		t.Fatal("want the BeforeCommit error")
	}
	if n := count(t, db, "invoices") + count(t, db, "invoice_lines"); n != 0 {
		t.Errorf("got %d rows stored, want none", n)
	}
}

// BenchmarkImportInvoices imports b.N×10,000 invoice lines (100 an invoice) against
// as many orders with tracking numbers, half of them matched by tracking, half by
// reference.
func BenchmarkImportInvoices(b *testing.B) {
	const n = 10_000
	db := openTest(b)
	orders := func(yield func(NewOrder, error) bool) {
		for i := range n * b.N {
			o := NewOrder{Order: genOrder(i), Tracking: fmt.Sprintf("TRK%08d", i)}
			if !yield(o, nil) {
				return
			}
		}
	}
	if _, err := db.ImportOrders(context.Background(), orders, ImportOptions{Source: "bench"}); err != nil {
		b.Fatal(err)
	}
	lines := make([]NewInvoiceLine, 0, n*b.N)
	for i := range n * b.N {
		o := genOrder(i)
		l := invLine("dhl", fmt.Sprintf("INV%06d", i/100), "", o.Ref, o.Marketplace, logistics.ChargeFreight, "12.5", i+2)
		if i%2 == 0 {
			l.Tracking, l.OrderRef, l.Marketplace = fmt.Sprintf("TRK%08d", i), "", ""
		}
		lines = append(lines, l)
	}
	b.ResetTimer()
	res, err := db.ImportInvoices(context.Background(), NewInvoiceLines(lines), InvoiceImportOptions{Source: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	if res.Matched != len(lines) {
		b.Fatalf("matched %d of %d", res.Matched, len(lines))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(len(lines)), "ns/line")
}

// TestDecodeOption: option i of a blob decodes as decodeOptions decodes it, an
// option past the end is none, and damage decodeOption finds decodeOptions finds.
func TestDecodeOption(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 8).Draw(t, "n")
		opts := make([]logistics.Option, n)
		for i := range opts {
			num := func(name string) int64 { return rapid.Int64().Draw(t, name) }
			opts[i] = logistics.Option{Mode: logistics.Mode(rapid.IntRange(0, 4).Draw(t, "mode")),
				ID: rapid.SampledFrom([]string{"", "FDX-IP", "仓库"}).Draw(t, "id"), Feasible: rapid.Bool().Draw(t, "feasible"),
				TransitDays: rapid.IntRange(-1, 400).Draw(t, "days"), ChargeableG: num("g"),
				Components: logistics.Components{Freight: num("a"), Fuel: num("c"), Duties: num("h")}, Total: num("total"),
				Departure: logistics.Date(rapid.Int32().Draw(t, "dep"))}
		}
		var texts testTexts
		b := encodeOptions(&logistics.Decision{Options: opts}, texts.id, texts.reason)
		if rapid.Bool().Draw(t, "damaged") && len(b) > 1 {
			b = append([]byte(nil), b...)
			b[rapid.IntRange(0, len(b)-1).Draw(t, "at")] ^= byte(rapid.IntRange(1, 255).Draw(t, "x"))
		}
		// decodeOption reads the blob only up to option i: damage after it goes
		// unseen, damage it sees decodeOptions sees too, and a blob decodeOptions
		// reads gives decodeOption the same option.
		all, errAll := decodeOptions(b)
		for i := range n + 1 {
			o, ok, err := decodeOption(b, i)
			if err != nil && errAll == nil {
				t.Fatalf("option %d: error %v, decodeOptions none", i, err)
			}
			if errAll != nil {
				continue
			}
			if ok != (i < len(all.opts)) || ok && !reflect.DeepEqual(o, all.opts[i]) {
				t.Fatalf("option %d: got %+v %v, want %+v", i, o, ok, all.opts)
			}
		}
	})
}

// checkPacks: invoice_order_lines holds, for every order with matched lines, the
// pack of its lines by id, and nothing else; and each invoice's lines are its lines
// count of consecutive ids from its first_line.
func checkPacks(t errorer, db *DB, when string) {
	t.Helper()
	var bad int
	if err := db.sql.QueryRow(`SELECT count(*) FROM invoices i WHERE i.lines <> (SELECT count(*) FROM invoice_lines l
		WHERE l.invoice_id = i.id AND l.id BETWEEN i.first_line AND i.first_line + i.lines - 1)
		OR i.lines <> (SELECT count(*) FROM invoice_lines l WHERE l.invoice_id = i.id)`).Scan(&bad); err != nil || bad != 0 {
		t.Errorf("%s: %d invoices whose lines are not first_line … first_line + lines − 1 (%v)", when, bad, err)
	}
	want := map[int64][]byte{}
	var pk packer
	rows, err := db.sql.Query(`SELECT l.order_id, l.invoice_id, l.id - i.first_line, l.invoice_date, l.charge, l.amount,
			l.billed_weight_g, l.service, l.currency
		FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.order_id IS NOT NULL ORDER BY l.order_id, l.id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var orderID, invoiceID, place, date, charge, amount int64
		var l logistics.InvoiceLine
		if err := rows.Scan(&orderID, &invoiceID, &place, &date, &charge, &amount, &l.BilledWeightG, &l.Service, &l.Currency); err != nil {
			t.Fatal(err)
		}
		l.InvoiceDate, l.Charge, l.Amount = logistics.Date(date), logistics.Charge(charge), logistics.Dec(amount)
		if want[orderID] == nil {
			want[orderID] = pk.start(nil)
		}
		want[orderID] = pk.line(want[orderID], invoiceID, place, &l)
	}
	rows.Close()
	got := map[int64][]byte{}
	rows, err = db.sql.Query(`SELECT order_id, lines FROM invoice_order_lines`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			t.Fatal(err)
		}
		got[id] = b
	}
	rows.Close()
	// (compared as the lines they hold: a pack joined from pieces may write in
	// full a line that one packed at once writes without what the line before has)
	if g, w := packedContents(t, got), packedContents(t, want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: packs\n got %v\nwant %v", when, g, w)
	}
}

// packedContents is what the packs hold, line by line.
func packedContents(t errorer, packs map[int64][]byte) map[int64][]string {
	t.Helper()
	out := map[int64][]string{}
	for id, b := range packs {
		p := newPackReader(b)
		var l packedLine
		for p.next(&l) {
			out[id] = append(out[id], fmt.Sprintf("%d/%d %v %d %d %d %q %q", l.invoice, l.place, l.charge, l.amount, l.date,
				l.weight, l.service, l.currency))
		}
		if p.bad {
			t.Errorf("order %d: damaged pack %v", id, b)
		}
	}
	return out
}

// TestInvoicePacksKeptInStep: the packed lines of each order follow every change to
// its lines — an import (new orders, and an order billed again on a later
// invoice), a corrected re-issue, lines that wait for their order and find it at an
// order import or at MatchInvoiceLines.
func TestInvoicePacksKeptInStep(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	mustImport(t, db, newOrders(orderWith("A1", "ebay", "T1"), orderWith("A2", "ebay", ""), orderWith("A3", "ebay", "")), "orders")
	checkPacks(t, db, "no invoices")
	importInvoices(t, db,
		invLine("dhl", "INV1", "T1", "", "", logistics.ChargeFreight, "10", 2),
		invLine("dhl", "INV2", "", "A2", "ebay", logistics.ChargeFreight, "8", 3), // INV2 first appears here
		invLine("dhl", "INV1", "", "A2", "ebay", logistics.ChargeFuel, "1", 4),    // stored before line 3 (invoice by invoice)
		invLine("dhl", "INV1", "", "B9", "ebay", logistics.ChargeFreight, "5", 5), // waits for its order
		invLine("dhl", "INV1", "T1", "", "", logistics.ChargeFuel, "2.5", 6))
	checkPacks(t, db, "first import")
	// A1 billed again on a later invoice: its pack grows
	importInvoices(t, db, invLine("dhl", "INV3", "T1", "", "", logistics.ChargeFreight, "10", 2))
	checkPacks(t, db, "a later invoice")
	// INV1 re-issued without A2's fuel and with A3
	importInvoices(t, db,
		invLine("dhl", "INV1", "T1", "", "", logistics.ChargeFreight, "9", 2),
		invLine("dhl", "INV1", "", "A3", "ebay", logistics.ChargeFreight, "4", 3),
		invLine("dhl", "INV1", "", "B9", "ebay", logistics.ChargeFreight, "5", 4))
	checkPacks(t, db, "re-issue")
	// B9 arrives: its waiting line is matched by the order import
	mustImport(t, db, newOrders(orderWith("B9", "ebay", "")), "late")
	checkPacks(t, db, "an order that was waited for")
	// a line for C1 waits; C1 is written without matching (as by another version),
	// and MatchInvoiceLines finds it
	importInvoices(t, db, invLine("ups", "U1", "", "C1", "ebay", logistics.ChargeFreight, "3", 2))
	if _, err := db.sql.Exec(`INSERT INTO orders (id, marketplace, ref, order_date, country, postal_code, currency, promised_days,
		lines, units, status, needs_product_data, import_id, hash)
		SELECT max(id) + 1, 'ebay', 'C1', 20000, 'DE', '', 'EUR', 5, '', 0, 3, 0, 1, 0 FROM orders`); err != nil {
		t.Fatal(err)
	}
	if n, err := db.MatchInvoiceLines(ctx); err != nil || n != 1 {
		t.Fatalf("MatchInvoiceLines: got %d, %v; want 1", n, err)
	}
	checkPacks(t, db, "MatchInvoiceLines")
	// the migration's data step packs a database's lines from nothing
	err := db.write(ctx, "repack", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM invoice_order_lines`); err != nil {
			return err
		}
		return repackAll(ctx, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	checkPacks(t, db, "repackAll")
}

// A database of schema version 13 — packs of version 1, which name no line, and
// the index of the lines by order — gets its packs made again and the index
// dropped when it is opened: a SQLite file, and a PostgreSQL schema when the tests
// have a server.
func TestInvoiceLinePlacesMigration(t *testing.T) {
	ctx := context.Background()
	target := filepath.Join(t.TempDir(), "shipmode.db")
	downgrade := `UPDATE invoice_order_lines SET lines = x'01';
		CREATE INDEX invoice_lines_order ON invoice_lines (order_id) WHERE order_id IS NOT NULL; PRAGMA user_version = 13`
	if storetest.Server() != "" {
		target = storetest.NewSchema(t)
		downgrade = `UPDATE invoice_order_lines SET lines = '\x01';
			CREATE INDEX invoice_lines_order ON invoice_lines (order_id) WHERE order_id IS NOT NULL;
			UPDATE shipmode_meta SET value = '13' WHERE key = 'schema_version'`
	}
	db, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, newOrders(orderWith("A1", "ebay", "T1"), orderWith("A2", "ebay", "T2")), "orders")
	importInvoices(t, db,
		invLine("dhl", "D-1", "T1", "", "", logistics.ChargeFreight, "8.40", 2),
		invLine("dhl", "D-1", "T2", "", "", logistics.ChargeFreight, "5.00", 3),
		invLine("dhl", "D-1", "T1", "", "", logistics.ChargeFuel, "1.26", 4))
	importInvoices(t, db, invLine("ups", "U-1", "", "A1", "ebay", logistics.ChargeFreight, "3", 2))
	if _, err := db.sql.ExecContext(ctx, downgrade); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, target)
	if err != nil {
		t.Fatalf("open a version 13 database: %v", err)
	}
	defer db.Close()
	checkPacks(t, db, "migrated")
	var n int
	q := `SELECT count(*) FROM sqlite_schema WHERE name = 'invoice_lines_order'`
	if db.pg {
		q = `SELECT count(*) FROM pg_indexes WHERE indexname = 'invoice_lines_order' AND schemaname = current_schema()`
	}
	if err := db.sql.QueryRowContext(ctx, q).Scan(&n); err != nil || n != 0 {
		t.Errorf("the index of the lines by order: %d, %v; want none", n, err)
	}
	a1, err := db.FindOrder(ctx, "ebay", "A1")
	if err != nil {
		t.Fatal(err)
	}
	if lines, err := db.OrderInvoiceLines(ctx, a1.ID); err != nil || len(lines) != 3 || lines[2].Carrier != "ups" {
		t.Errorf("the lines of A1: got %+v, %v; want its three", lines, err)
	}
}

// TestEachReconciledInChunks reads what reconciliation reads with two connections
// in chunks of a few days (2 orders or more: a chunk per day or two here) and
// three workers, and with one query, decoded in turn: the same orders in the same
// order (by date, then id), the same lines, the unbilled orders after them.
func TestEachReconciledInChunks(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var orders []NewOrder
	var lines []NewInvoiceLine
	for i := range 40 {
		o := orderWith(fmt.Sprintf("R%02d", i), "ebay", fmt.Sprintf("T%02d", i))
		o.Order.Date = logistics.DateOf(2026, 5, 1+i*7%13) // 13 days, out of id order
		orders = append(orders, o)
		if i%4 != 3 { // every fourth order is not billed
			for c := range i%3 + 1 {
				lines = append(lines, invLine("dhl", fmt.Sprintf("INV%d", i%5), o.Tracking, "", "", logistics.Charge(c+1),
					fmt.Sprint(i+c), i+2))
			}
		}
	}
	mustImport(t, db, newOrders(orders...), "orders")
	importInvoices(t, db, lines...)
	type seen struct {
		id      int64
		date    logistics.Date
		lines   string
		planned bool
	}
	describe := func(o *InvoicedOrder) seen {
		s := seen{id: o.OrderID, date: o.Order.Date, planned: o.Planned}
		for _, l := range o.Lines {
			s.lines += fmt.Sprintf("%s/%s/%d/%v;", l.Carrier, l.Invoice, l.Charge, l.Amount)
		}
		return s
	}
	read := func(invoiced func(*InvoicedOrder) error) (ReconcileRead, *[]int64) {
		var unbilled []int64
		return ReconcileRead{Invoiced: invoiced, UnbilledBefore: logistics.DateOf(2026, 5, 10), Unbilled: func(u UnbilledOrder) error {
			unbilled = append(unbilled, u.OrderID)
			return nil
		}}, &unbilled
	}
	var want []seen
	r, wantUnbilled := read(func(o *InvoicedOrder) error {
		want = append(want, describe(o))
		return nil
	})
	if err := db.EachReconcilable(ctx, r); err != nil {
		t.Fatal(err)
	}
	// 40 orders, 30 billed; the unbilled ones are those of every fourth order dated before May 10
	if len(want) != 30 || len(*wantUnbilled) == 0 {
		t.Fatalf("one query: %d invoiced orders, %d unbilled; want 30 and some", len(want), len(*wantUnbilled))
	}
	for _, chunk := range []int{1, 2, 5, 1000} {
		var got []seen
		r, gotUnbilled := read(nil)
		err := eachReconciled(ctx, db, r, 3, chunk, func(w int, o *InvoicedOrder, out *seen) error {
			if w < 0 || w >= 3 {
				t.Errorf("worker %d of 3", w)
			}
			*out = describe(o)
			return nil
		}, func(s *seen) error {
			got = append(got, *s)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || !slices.Equal(*gotUnbilled, *wantUnbilled) {
			t.Errorf("chunks of %d orders: got %v, unbilled %v; want %v, unbilled %v", chunk, got, *gotUnbilled, want, *wantUnbilled)
		}
	}
	// an error of take ends the reading and is returned
	stop := fmt.Errorf("stop")
	r, _ = read(nil)
	n := 0
	err := eachReconciled(ctx, db, r, 2, 1, func(int, *InvoicedOrder, *seen) error { return nil }, func(*seen) error {
		if n++; n == 7 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 7 {
		t.Errorf("take's error: got %v after %d orders, want stop after 7", err, n)
	}
}

// TestStreamedLinesKeepTheirIDs imports invoices whose lines come together (they
// are written as they come), then one whose lines come apart (INV2 between INV3's:
// INV3's lines and those after them are written at the end): each invoice's lines
// are its ids first_line … first_line + lines − 1, invoice by invoice in the order
// they first appear, as if all were written at the end.
func TestStreamedLinesKeepTheirIDs(t *testing.T) {
	db := openTest(t)
	mustImport(t, db, newOrders(orderWith("A1", "ebay", "T1"), orderWith("A2", "ebay", "T2")), "orders")
	importInvoices(t, db,
		invLine("dhl", "INV1", "T1", "", "", logistics.ChargeFreight, "10", 2),
		invLine("dhl", "INV1", "T2", "", "", logistics.ChargeFreight, "11", 3),
		invLine("dhl", "INV3", "T1", "", "", logistics.ChargeFreight, "12", 4),
		invLine("dhl", "INV2", "T2", "", "", logistics.ChargeFreight, "13", 5),
		invLine("dhl", "INV3", "T2", "", "", logistics.ChargeFuel, "14", 6),
		invLine("dhl", "INV4", "T2", "", "", logistics.ChargeFuel, "15", 7))
	// ids 1-2 INV1 (rows 2, 3), 3-4 INV3 (rows 4, 6), 5 INV2 (row 5), 6 INV4 (row 7)
	want := []string{"INV1 2", "INV1 3", "INV3 4", "INV3 6", "INV2 5", "INV4 7"}
	var got []string
	rows, err := db.sql.Query(`SELECT i.number, l.row FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
		WHERE l.id BETWEEN i.first_line AND i.first_line + i.lines - 1 ORDER BY l.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		var r int
		if err := rows.Scan(&n, &r); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %d", n, r))
	}
	if !slices.Equal(got, want) {
		t.Errorf("lines by id within their invoices' ranges: got %v, want %v", got, want)
	}
	if n := count(t, db, "invoice_lines"); n != 6 {
		t.Errorf("%d lines stored, want 6", n)
	}
	checkPacks(t, db, "streamed and not")
}

// TestStreamedLineAfterTheStreaming imports INV1, INV2, INV3, INV2 again (INV2 and
// INV3 are written at the end), then INV1 again: a line of an invoice streamed
// before the streaming ended has its lines and those after them written at the
// end too, none lost.
func TestStreamedLineAfterTheStreaming(t *testing.T) {
	db := openTest(t)
	mustImport(t, db, newOrders(orderWith("A1", "ebay", "T1")), "orders")
	importInvoices(t, db,
		invLine("dhl", "INV1", "T1", "", "", logistics.ChargeFreight, "1", 2),
		invLine("dhl", "INV2", "T1", "", "", logistics.ChargeFreight, "2", 3),
		invLine("dhl", "INV3", "T1", "", "", logistics.ChargeFreight, "3", 4),
		invLine("dhl", "INV2", "T1", "", "", logistics.ChargeFuel, "4", 5),
		invLine("dhl", "INV1", "T1", "", "", logistics.ChargeFuel, "5", 6))
	// 1 + 2 + 2 lines: ids 1-2 INV1 (rows 2, 6), 3-4 INV2 (rows 3, 5), 5 INV3 (row 4)
	if n := count(t, db, "invoice_lines"); n != 5 {
		t.Errorf("%d lines stored, want 5", n)
	}
	checkPacks(t, db, "a line after the streaming")
}

// fataler is what importBatches and invoiceTables need of a *testing.T or a
// *rapid.T.
type fataler interface {
	Helper()
	Fatal(args ...any)
}

type errorer interface {
	fataler
	Errorf(format string, args ...any)
}

// importBatches imports lines one batch of per lines at a time (the last one
// shorter), with idle as the import's idleLines, and returns the invoices written
// whole as the lines were read.
func importBatches(t fataler, db *DB, lines []NewInvoiceLine, per, idle int) (InvoiceImportResult, []string) {
	t.Helper()
	var whole []string
	opts := InvoiceImportOptions{Source: "inv.csv", idleLines: idle, wroteWhole: func(k InvoiceKey) { whole = append(whole, k.Number) }}
	res, err := db.ImportInvoiceBatches(context.Background(), func(yield func(InvoiceLines, error) bool) {
		for i := 0; i < len(lines); i += per {
			if !yield(NewInvoiceLines(lines[i:min(i+per, len(lines))]), nil) {
				return
			}
		}
	}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, whole
}

// invoiceTables is what the invoice tables hold, line by line and invoice by
// invoice by id (the invoices without imported_at), each line's id its place
// among the lines: lines streamed before a re-issue deletes the lines it
// replaces take the ids after those, as lines written at the end do not.
func invoiceTables(t fataler, db *DB) string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT row_number() OVER (ORDER BY id), invoice_id, row, invoice_date, tracking, order_ref, marketplace, service,
			charge, amount, currency, billed_weight_g, coalesce(order_id, 0), unmatched FROM invoice_lines ORDER BY id`,
		`SELECT id, carrier, number, source, hash, lines, reissues, latest_date,
			(SELECT count(*) FROM invoice_lines l WHERE l.id < i.first_line) FROM invoices i ORDER BY id`,
		`SELECT order_id, lines FROM invoice_order_lines ORDER BY order_id`,
	} {
		rows, err := db.sql.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(vals...))
		}
		rows.Close()
		out = append(out, "--")
	}
	return fmt.Sprint(out)
}

// TestInvoicesWrittenWhole imports invoices whose lines come apart, a line a
// batch, with idleLines 2: once an invoice has had no line for more than 2 lines
// and every invoice before it is written, its lines are written whole; a later
// line of a written invoice has its lines and those after them written at the
// end. Each invoice's lines are then ids first_line … first_line + lines − 1, in
// the order the invoices first appear, as when every line is written at the end.
func TestInvoicesWrittenWhole(t *testing.T) {
	lines := []NewInvoiceLine{
		invLine("dhl", "INV1", "T1", "", "", logistics.ChargeFreight, "10", 2), // 1 line read: streamed, id 1
		invLine("dhl", "INV2", "T2", "", "", logistics.ChargeFreight, "11", 3), // 2: streamed, id 2
		invLine("dhl", "INV1", "T2", "", "", logistics.ChargeFuel, "12", 4),    // 3: INV1 apart: ids 1, 2 deleted
		invLine("dhl", "INV2", "T1", "", "", logistics.ChargeFuel, "13", 5),    // 4: INV1's last line 2 lines ago
		invLine("dhl", "INV3", "T1", "", "", logistics.ChargeFreight, "14", 6), // 5: INV1 idle (5 − 3 = 2 lines since): ids 1, 2
		invLine("dhl", "INV3", "T2", "", "", logistics.ChargeFuel, "15", 7),    // 6: INV2 idle (6 − 4 = 2): ids 3, 4
		invLine("dhl", "INV2", "T2", "", "", logistics.ChargeFee, "16", 8),     // 7: INV2 again: ids 3, 4 deleted
	}
	for _, c := range []struct {
		n         int
		wantWhole []string
		want      []string // number and row of the lines by id
	}{
		// INV3, not idle at the end, is written then
		{6, []string{"INV1", "INV2"}, []string{"INV1 2", "INV1 4", "INV2 3", "INV2 5", "INV3 6", "INV3 7"}},
		// INV2's line of row 8: INV2 and INV3 written at the end
		{7, []string{"INV1", "INV2"}, []string{"INV1 2", "INV1 4", "INV2 3", "INV2 5", "INV2 8", "INV3 6", "INV3 7"}},
	} {
		db, ref := openTest(t), openTest(t)
		for _, d := range []*DB{db, ref} {
			mustImport(t, d, newOrders(orderWith("A1", "ebay", "T1"), orderWith("A2", "ebay", "T2")), "orders")
		}
		res, whole := importBatches(t, db, lines[:c.n], 1, 2)
		if !slices.Equal(whole, c.wantWhole) {
			t.Errorf("%d lines: written whole %v, want %v", c.n, whole, c.wantWhole)
		}
		var got []string
		rows, err := db.sql.Query(`SELECT i.number, l.row FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
			WHERE l.id BETWEEN i.first_line AND i.first_line + i.lines - 1 ORDER BY l.id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n string
			var r int
			if err := rows.Scan(&n, &r); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%s %d", n, r))
		}
		rows.Close()
		if !slices.Equal(got, c.want) || count(t, db, "invoice_lines") != c.n {
			t.Errorf("%d lines: lines by id within their invoices' ranges %v (%d stored), want %v", c.n, got,
				count(t, db, "invoice_lines"), c.want)
		}
		checkPacks(t, db, fmt.Sprintf("%d lines", c.n))
		// the same database and result as with every line written at the end
		refRes, _ := importBatches(t, ref, lines[:c.n], len(lines), 1<<30)
		if !reflect.DeepEqual(res, refRes) || invoiceTables(t, db) != invoiceTables(t, ref) {
			t.Errorf("%d lines: written whole %+v\n%s\nall at the end %+v\n%s", c.n, res, invoiceTables(t, db), refRes, invoiceTables(t, ref))
		}
	}
}

// TestInvoicesWrittenWholeProperty imports random invoice lines twice in a row (new
// invoices, unchanged, re-issued ones) in random batches with a random idleLines,
// and with every line written at the end: the same results and tables.
func TestInvoicesWrittenWholeProperty(t *testing.T) {
	db, ref := openTest(t), openTest(t)
	for _, d := range []*DB{db, ref} {
		mustImport(t, d, newOrders(orderWith("A1", "ebay", "T1"), orderWith("A2", "ebay", "T2"), orderWith("A3", "ebay", "")), "orders")
	}
	rapid.Check(t, func(rt *rapid.T) {
		for _, d := range []*DB{db, ref} {
			if _, err := d.sql.Exec(`DELETE FROM invoice_lines; DELETE FROM invoices; DELETE FROM invoice_order_lines`); err != nil {
				rt.Fatal(err)
			}
		}
		for imp := range 2 {
			n := rapid.IntRange(0, 30).Draw(rt, "lines")
			var lines []NewInvoiceLine
			for i := range n {
				lines = append(lines, invLine("dhl", rapid.SampledFrom([]string{"INV1", "INV2", "INV3", "INV4"}).Draw(rt, "invoice"),
					rapid.SampledFrom([]string{"T1", "T2", "", "T9"}).Draw(rt, "tracking"),
					rapid.SampledFrom([]string{"", "A3", "B1"}).Draw(rt, "ref"), "ebay",
					logistics.Charge(rapid.IntRange(1, 6).Draw(rt, "charge")), fmt.Sprint(rapid.IntRange(-5, 20).Draw(rt, "amount")), i+2))
			}
			per, idle := rapid.IntRange(1, 4).Draw(rt, "per"), rapid.IntRange(1, 5).Draw(rt, "idle")
			res, _ := importBatches(rt, db, lines, per, idle)
			refRes, _ := importBatches(rt, ref, lines, max(n, 1), 1<<30)
			if !reflect.DeepEqual(res, refRes) {
				rt.Fatalf("import %d: result %+v, all at the end %+v", imp, res, refRes)
			}
			if got, want := invoiceTables(rt, db), invoiceTables(rt, ref); got != want {
				rt.Fatalf("import %d: tables\n%s\nall at the end\n%s", imp, got, want)
			}
			checkPacks(rt, db, fmt.Sprintf("import %d", imp))
		}
	})
}

// TestLinesBoundRaw imports lines enough for several full statements of lines
// (lineSpec.rowsPer), interleaved, matched and not, with empty and non-ASCII
// texts, with lines bound by rawInsert and by the driver: the tables are the same.
func TestLinesBoundRaw(t *testing.T) {
	db, ref := openTest(t), openTest(t)
	var lines []NewInvoiceLine
	for i := range 3*lineSpec.rowsPer + 57 {
		inv := []string{"INV1", "INV2", "INV3"}[min(i/150, 2)]
		if i%97 == 5 {
			inv = "INV1" // (a line of INV1 after the others: written at the end)
		}
		l := invLine("dhl", inv, []string{"T1", "T2", "", "T9"}[i%4], []string{"", "A3", "B1"}[i%3], "ebay",
			logistics.Charge(1+i%6), fmt.Sprint(i%23-5), i+2)
		l.Service = []string{"EXP", "", "Paket é中"}[i%3]
		l.BilledWeightG = int64(i % 5 * 100)
		lines = append(lines, l)
	}
	for _, d := range []*DB{db, ref} {
		mustImport(t, d, newOrders(orderWith("A1", "ebay", "T1"), orderWith("A2", "ebay", "T2"), orderWith("A3", "ebay", "")), "orders")
	}
	for imp := range 2 { // (the second: the lines of unchanged invoices are not written)
		ctx := context.Background()
		res, err := db.ImportInvoices(ctx, NewInvoiceLines(lines), InvoiceImportOptions{Source: "inv.csv"})
		if err != nil {
			t.Fatal(err)
		}
		refRes, err := ref.ImportInvoices(ctx, NewInvoiceLines(lines), InvoiceImportOptions{Source: "inv.csv", driverBinding: true})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(res, refRes) {
			t.Fatalf("import %d: result %+v, bound by the driver %+v", imp, res, refRes)
		}
		if got, want := invoiceTables(t, db), invoiceTables(t, ref); got != want {
			t.Fatalf("import %d: tables\n%s\nbound by the driver\n%s", imp, got, want)
		}
		if n := count(t, db, "invoice_lines"); n != len(lines) {
			t.Errorf("import %d: %d lines stored, want %d", imp, n, len(lines))
		}
		checkPacks(t, db, fmt.Sprintf("import %d", imp))
	}
}

// An invoice pack writes a line whose date, billed weight, service and currency
// are the line before's without them; it reads back as it was packed; a pack
// that starts with such a line, or is cut short, is damaged.
func TestInvoicePackEncoding(t *testing.T) {
	l1 := logistics.InvoiceLine{Charge: logistics.ChargeFreight, InvoiceDate: 20454, Amount: 8_450_000_000, BilledWeightG: 1140,
		Service: "WH", Currency: "USD"}
	l2 := l1
	l2.Charge, l2.Amount = logistics.ChargeFuel, 1_260_000_000
	var pk packer
	b := pk.start(nil)
	b = pk.line(b, 3, 0, &l1)
	b = pk.line(b, 3, 1, &l2)
	want := []byte{
		packVersion,
		0x31, 0, // invoice 3 × 16 + charge 1 (freight); place 0
		0x80, 0x92, 0xc6, 0xfa, 0x3e, // amount 8,450,000,000 as a signed varint: 2n = 16,900,000,000, 7 bits at a time
		0xcc, 0xbf, 0x02, 0xe8, 0x11, // date 20454 (2n = 40908 = 0x4c + 0x3f·128 + 2·128²), weight 1140 (2n = 2280 = 0x68 + 0x11·128)
		2, 'W', 'H', 3, 'U', 'S', 'D',
		0x3a, 1, // invoice 3 × 16 + same 8 + charge 2 (fuel); place 1
		0x80, 0xcc, 0xd0, 0xb1, 0x09, // amount 1,260,000,000 (2n = 2,520,000,000)
	}
	if !slices.Equal(b, want) {
		t.Fatalf("pack: got % x\nwant % x", b, want)
	}
	lines, err := unpackLines(b, nil, map[int64][2]string{3: {"dhl", "D-1"}}, &interner{})
	if err != nil || len(lines) != 2 || lines[1].Service != "WH" || lines[1].InvoiceDate != 20454 || lines[1].Amount != l2.Amount ||
		lines[1].Charge != logistics.ChargeFuel || lines[0].Invoice != "D-1" || lines[0].BilledWeightG != 1140 {
		t.Errorf("unpacked: got %+v, %v", lines, err)
	}
	if places, err := packPlaces(b, nil); err != nil || !slices.Equal(places, []packedPlace{{3, 0}, {3, 1}}) {
		t.Errorf("places: got %v, %v", places, err)
	}
	for name, bad := range map[string][]byte{
		"cut short":         b[:len(b)-1],
		"a same line first": append([]byte{packVersion}, b[len(b)-7:]...),
		"another version":   append([]byte{1}, b[1:]...),
		"empty":             nil,
	} {
		if _, err := unpackLines(bad, nil, nil, &interner{}); !errors.Is(err, errPack) {
			t.Errorf("%s: got %v, want errPack", name, err)
		}
	}
}
