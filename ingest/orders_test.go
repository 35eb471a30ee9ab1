package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"

	"shipmode/logistics"
)

// orderText is a compact, comparable form of an imported order:
// "LINE REF MARKET DATE CC "POSTAL" CUR pd=N STATUS SKU×QTY@PRICE …".
func orderText(o ImportedOrder) string {
	var lines []string
	for _, l := range o.Order.Lines {
		lines = append(lines, fmt.Sprintf("%s×%d@%s", l.SKU, l.Qty, l.UnitPrice))
	}
	return fmt.Sprintf("%d %s %s %s %s %q %s pd=%d %s %s", o.Line, o.Order.Ref, o.Order.Marketplace, o.Order.Date,
		o.Order.Country, o.Order.PostalCode, o.Order.Currency, o.Order.PromisedDays, o.Status, strings.Join(lines, " "))
}

// rejectText is "LINE COLUMN: reason".
func rejectText(r RowError) string { return fmt.Sprintf("%d %s: %s", r.Line, r.Column, r.Reason) }

func openFixture(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// checkInvariants asserts what every import must satisfy.
func checkInvariants(t *testing.T, res *OrdersResult) {
	t.Helper()
	if got := res.RowsImported + len(res.LeftOut) + len(res.Rejected); got != res.RowsRead {
		t.Errorf("imported %d + left out %d + rejected %d = %d, want rows read %d", res.RowsImported, len(res.LeftOut), len(res.Rejected), got, res.RowsRead)
	}
	for _, r := range res.LeftOut {
		if r.Line < 1 || r.Column == "" || r.Reason == "" || r.File != res.File || r.Record != nil {
			t.Errorf("left out %+v: want line ≥ 1, a column, a reason, file %q and no record", r, res.File)
		}
	}
	for _, r := range res.Rejected {
		if r.Line < 1 || r.Column == "" || r.Reason == "" || r.File != res.File {
			t.Errorf("rejection %+v: want line ≥ 1, a column, a reason and file %q", r, res.File)
		}
	}
	if res.Orders != nil && len(res.Orders) != res.OrderCount {
		t.Errorf("got %d orders, OrderCount %d", len(res.Orders), res.OrderCount)
	}
}

func TestOrdersFixtures(t *testing.T) {
	// "Channel=marketplace": a --map may be written either way round.
	genericMap := map[string]string{"order_ref": "Order ID", "Channel": "marketplace", "order_date": "Date",
		"country": "Ship Country", "postal_code": "Zip", "sku": "Item", "qty": "Units", "unit_price": "Price"}
	tests := []struct {
		file      string
		opt       OrderOptions
		format    Format
		rowsRead  int
		orders    []string
		rejected  []string // "LINE COLUMN: reason" prefixes
		leftOut   []string // the same, of the rows left out as the file says
		cancelled []string
		dateOrder DateOrder
		dateNote  string // substring
	}{
		{
			file: "orders-amazon.tsv", format: Amazon, rowsRead: 10,
			orders: []string{
				// item-price is the line total: 25.98 for two mugs.
				`2 111-0000001-0000001 amazon 2026-05-11 US "98052-1234" USD pd=0 open MUG-CERAMIC×2@12.99 TEAPOT-CI×1@52`,
				// the calendar date as written in the stamp's own offset; 25.00 / 3 rounded to 9 places
				`4 111-0000002-0000002 amazon 2026-05-11 GB "SW1A 1AA" GBP pd=0 open SCARF-SILK×3@8.333333333`,
				// an empty SKU is kept: the caller flags "needs product data"
				`5 111-0000003-0000003 amazon 2026-05-12 DE "10115" EUR pd=0 open ×1@9.99`,
				`6 111-0000004-0000004 amazon 2026-05-12 US "10001" USD pd=0 open PUZZLE-1000×1@27.5`,
			},
			rejected: []string{
				`7 quantity-purchased: quantity 0`,
				`8 purchase-date: order date "yesterday" is not a date`,
				`9 purchase-date: order 111-0000005-0000005 not imported: line 8:`,
				`10 ship-country: unknown country "ZZ"`,
				`11 quantity-purchased: negative quantity -1`,
			},
			cancelled: []string{"111-0000007-0000007"},
		},
		{
			// Extra status columns and a different column order: matched by name.
			file: "orders-amazon-status.tsv", format: Amazon, rowsRead: 5,
			orders: []string{
				`2 112-0000001-0000001 amazon 2026-05-10 FR "75011" EUR pd=0 shipped SCARF-SILK×1@24.9`,
				`4 112-0000003-0000003 amazon 2026-05-10 IT "98055" EUR pd=0 open TEAPOT-CI×2@52`,
				`6 112-0000004-0000004 amazon 2026-05-10 ES "08001" EUR pd=0 open THERMO-IR×1@39`,
			},
			leftOut: []string{
				`3 item-status: the line is cancelled`,
				`4 item-status: the line is cancelled`,
			},
			cancelled: []string{"112-0000002-0000002"},
		},
		{
			file: "orders-amazon-unshipped.tsv", format: AmazonUnshipped, rowsRead: 4,
			orders: []string{
				// promised days = promise-date − purchase-date; no prices in this report
				`2 113-0000001-0000001 amazon 2026-05-11 CA "M5V 2T6"  pd=7 open TEAPOT-CI×2@0 MUG-CERAMIC×1@0`,
				// quantity-to-ship: one of the three already left
				`4 113-0000002-0000002 amazon 2026-05-12 AU "2000"  pd=3 open PUZZLE-1000×2@0`,
			},
			rejected: []string{`5 promise-date: promise date 2026-05-10 is before the order date 2026-05-12`},
		},
		{
			// BOM, CRLF, quoted newline in the summary row (lines 2–3), summary row,
			// currency symbols, country names, a return row, the export's footer lines.
			file: "orders-ebay.csv", format: Ebay, rowsRead: 10,
			orders: []string{
				`2 12-11111-11111 ebay 2026-05-11 GB "SW1A 1AA" GBP pd=0 open SCARF-SILK×2@12.99 MUG-CERAMIC×1@14.99`,
				`6 12-22222-22222 ebay 2026-05-12 US "10001" USD pd=0 shipped TEAPOT-CI×1@52`,
				`7 12-33333-33333 ebay 2026-05-12 KR "06000" USD pd=0 open ×1@31.5`,
				`8 12-44444-44444 ebay 2026-05-13 CA "M5V 2T6" CAD pd=0 open PUZZLE-1000×1@20`,
			},
			rejected: []string{
				`9 Quantity: negative quantity -1`,
				`10 Ship To Country: unknown country "Narnia"`,
				`12 Order Number: eBay export footer`,
				`13 Order Number: eBay export footer`,
			},
			cancelled: []string{"12-55555-55555"},
		},
		{
			// Re-saved by US Excel: Windows-1252 (£, €), M/D/YY H:MM decided on line 4.
			file: "orders-ebay-excel.csv", format: Ebay, rowsRead: 5,
			orders: []string{
				`2 12-70001-70001 ebay 2026-05-11 US "10001" USD pd=0 open MUG-CERAMIC×1@12.5`,
				`3 12-70002-70002 ebay 2026-05-12 IE "D02 X285" EUR pd=0 open SCARF-SILK×1@12.5`,
				`4 12-70003-70003 ebay 2026-05-13 HK "" HKD pd=0 open TEAPOT-CI×1@99`,
				`5 12-70004-70004 ebay 2026-05-14 DE "10115" EUR pd=0 open PUZZLE-1000×2@8.99`,
				`6 12-70005-70005 ebay 2026-05-14 GB "EC1A 1BB" GBP pd=0 open MUG-CERAMIC×1@3.99`,
			},
			dateOrder: MonthDay, dateNote: `"5/13/26 9:30" on line 4`,
		},
		{
			// Order-level fields on the first row only, a gift card, a cancelled order, a
			// quoted newline in Notes (lines 9–10), a late row of an ended order (read
			// again with Regroup: it joins its order).
			file: "orders-shopify.csv", format: Shopify, rowsRead: 9,
			orders: []string{
				// Lineitem sku is empty: the line is keyed by its Lineitem name
				`2 #1001 shopify 2026-05-11 US "02134" USD pd=0 open LYCHEE-1KG×2@18.5 name:Handmade soap×1@9.99 MUG-CERAMIC×1@5`,
				`5 #1002 shopify 2026-05-12 FR "75011" EUR pd=0 shipped SCARF-SILK×1@24.9`,
				`9 #1005 shopify 2026-05-13 CA "M5V 2T6" CAD pd=0 open TEAPOT-CI×1@52`,
			},
			rejected: []string{
				`8 Lineitem quantity: quantity "two" is not a whole number`,
			},
			leftOut: []string{
				`4 Lineitem requires shipping: the line needs no shipping`,
				`6 Cancelled at: the order is cancelled`,
				`7 Cancelled at: the order is cancelled`,
			},
			cancelled: []string{"#1003"},
		},
		{
			// BOM, ";", decimal commas, DD/MM/YYYY decided on line 4, country names.
			file: "orders-shopify-eu.csv", format: Shopify, rowsRead: 4,
			orders: []string{
				`2 #2001 shopify 2026-05-04 AT "1010" EUR pd=0 open MUG-CERAMIC×1@12.5 BIKE-CITY×1@1234.56`,
				`4 #2002 shopify 2026-05-23 DE "10115" EUR pd=0 open SCARF-SILK×3@8.99`,
				`5 #2003 shopify 2026-07-06 BE "1000" EUR pd=0 open SCARF-SILK×1@24.9`,
			},
			dateOrder: DayMonth, dateNote: `"23/05/2026 09:15" on line 4 has a first field above 12`,
		},
		{
			// Not every date is ambiguous-free: only 04/05 and 05/06, so the generic default.
			file: "orders-generic-mapped.csv", format: Generic, rowsRead: 3,
			opt: OrderOptions{Map: genericMap, Set: map[string]string{"currency": "PLN"}},
			orders: []string{
				`2 A-1 ozon 2026-05-04 PL "00-950" PLN pd=0 open TEAPOT-CI×2@52`,
				`3 A-2 ozon 2026-06-05 PL "31-042" PLN pd=0 open MUG-CERAMIC×1@1.5 TEAPOT-CI×1@52`,
			},
			dateOrder: DayMonth, dateNote: "no value shows the order, the generic default",
		},
		{
			file: "orders-generic-mapped.csv", format: Generic, rowsRead: 3,
			opt: OrderOptions{Map: genericMap, Set: map[string]string{"currency": "PLN"}, DateOrder: MonthDay},
			orders: []string{
				`2 A-1 ozon 2026-04-05 PL "00-950" PLN pd=0 open TEAPOT-CI×2@52`,
				`3 A-2 ozon 2026-05-06 PL "31-042" PLN pd=0 open MUG-CERAMIC×1@1.5 TEAPOT-CI×1@52`,
			},
			dateOrder: MonthDay, dateNote: "as requested",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file+tt.opt.DateOrder.String(), func(t *testing.T) {
			tt.opt.Name = tt.file
			res, err := Orders(openFixture(t, tt.file), tt.opt)
			if err != nil {
				t.Fatalf("Orders: %v", err)
			}
			checkInvariants(t, res)
			if res.Format != tt.format {
				t.Errorf("format: got %v, want %v", res.Format, tt.format)
			}
			if res.RowsRead != tt.rowsRead {
				t.Errorf("rows read: got %d, want %d", res.RowsRead, tt.rowsRead)
			}
			var got []string
			for _, o := range res.Orders {
				got = append(got, orderText(o))
			}
			if !slices.Equal(got, tt.orders) {
				t.Errorf("orders:\ngot  %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.orders, "\n     "))
			}
			if len(res.Rejected) != len(tt.rejected) {
				t.Errorf("got %d rejections, want %d", len(res.Rejected), len(tt.rejected))
			}
			for i, r := range res.Rejected {
				if i < len(tt.rejected) && !strings.HasPrefix(rejectText(r), tt.rejected[i]) {
					t.Errorf("rejection %d: got %q, want prefix %q", i, rejectText(r), tt.rejected[i])
				}
				if len(r.Record) == 0 {
					t.Errorf("rejection %d has no record", i)
				}
			}
			var leftOut []string
			for _, r := range res.LeftOut {
				leftOut = append(leftOut, rejectText(r))
			}
			if len(leftOut) != len(tt.leftOut) {
				t.Errorf("left out:\ngot  %s\nwant %s", strings.Join(leftOut, "\n     "), strings.Join(tt.leftOut, "\n     "))
			}
			for i := range min(len(leftOut), len(tt.leftOut)) {
				if !strings.HasPrefix(leftOut[i], tt.leftOut[i]) {
					t.Errorf("left out %d: got %q, want prefix %q", i, leftOut[i], tt.leftOut[i])
				}
			}
			var cancelled []string
			for _, c := range res.Cancelled {
				cancelled = append(cancelled, c.Ref)
			}
			if !slices.Equal(cancelled, tt.cancelled) {
				t.Errorf("cancelled: got %v, want %v", cancelled, tt.cancelled)
			}
			if res.DateOrder != tt.dateOrder || !strings.Contains(res.DateNote, tt.dateNote) {
				t.Errorf("date order: got %v %q, want %v and a note with %q", res.DateOrder, res.DateNote, tt.dateOrder, tt.dateNote)
			}
		})
	}
}

// sharedFile opens a file of the shared folder (beside the repository, or /work/shared).
func sharedFile(t *testing.T, rel string) *os.File {
	t.Helper()
	for _, dir := range []string{"../../shared", "/work/shared"} {
		if f, err := os.Open(filepath.Join(dir, rel)); err == nil {
			t.Cleanup(func() { f.Close() })
			return f
		}
	}
	t.Skipf("shared/%s not found", rel)
	return nil
}

// The real header rows of shared/formats are told apart and bind every field their
// preset needs.
func TestOrdersRealHeaders(t *testing.T) {
	tests := []struct {
		file string
		want Format
	}{
		{"amazon-order-report.tsv", Amazon},
		{"amazon-unshipped-orders.tsv", AmazonUnshipped},
		{"ebay-orders.csv", Ebay},
		{"shopify-orders.csv", Shopify},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			pv, err := PreviewOrders(sharedFile(t, "formats/"+tt.file), OrderOptions{Name: tt.file}, 1)
			if err != nil {
				t.Fatal(err)
			}
			if pv.Format != tt.want || len(pv.Missing) > 0 || len(pv.Rows) != 0 {
				t.Errorf("got %v missing %v with %d rows, want %v missing none and no rows", pv.Format, pv.Missing, len(pv.Rows), tt.want)
			}
		})
	}
}

// The example plan file of the golden examples imports as nine one-line orders.
func TestOrdersPlanExample(t *testing.T) {
	f := sharedFile(t, "examples/plan-orders.csv")
	res, err := Orders(f, OrderOptions{Name: "plan-orders.csv", Format: Generic})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, res)
	if res.OrderCount != 9 || len(res.Rejected) != 0 {
		t.Fatalf("got %d orders and %d rejections, want 9 and 0", res.OrderCount, len(res.Rejected))
	}
	want := map[string]string{
		"ORD-1001": `2 ORD-1001 ozon 2026-05-11 PL "00-950" EUR pd=0 open TEAPOT-CI×2@52`,
		"ORD-1005": `6 ORD-1005 shopify 2026-05-13 FR "75015" EUR pd=2 open LYCHEE-1KG×2@18.5`,
		"ORD-1008": `9 ORD-1008 aliexpress 2026-05-15 ES "08001" EUR pd=0 open THERMO-IR×1@39`,
	}
	for _, o := range res.Orders {
		if w, ok := want[o.Order.Ref]; ok && orderText(o) != w {
			t.Errorf("got %s, want %s", orderText(o), w)
		}
	}
}

// importCSV runs Orders over inline text.
func importCSV(t *testing.T, text string, opt OrderOptions) *OrdersResult {
	t.Helper()
	if opt.Name == "" {
		opt.Name = "inline.csv"
	}
	res, err := Orders(strings.NewReader(text), opt)
	if err != nil {
		t.Fatalf("Orders: %v", err)
	}
	checkInvariants(t, res)
	return res
}

const genericHeader = "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days\n"

func TestOrdersGeneric(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		opt      OrderOptions
		orders   []string
		rejected []string
	}{
		{
			name: "rows of one order with the same order values",
			body: "A,Shop,2026-05-11,FR,75011,X,1,10.00,EUR,3\nA,shop,2026-05-11T10:00:00+02:00,France,75011,Y,2,5,eur,3\n",
			// Marketplace is lower-cased; "France" and "FR" agree.
			orders: []string{`2 A shop 2026-05-11 FR "75011" EUR pd=3 open X×1@10 Y×2@5`},
		},
		{
			name:     "a differing order value rejects the whole order",
			body:     "A,shop,2026-05-11,FR,75011,X,1,10,EUR,\nA,shop,2026-05-12,FR,75011,Y,1,10,EUR,\nB,shop,2026-05-12,FR,75011,Y,1,10,EUR,\n",
			orders:   []string{`4 B shop 2026-05-12 FR "75011" EUR pd=0 open Y×1@10`},
			rejected: []string{`2 order_date: order A not imported: line 3: order date "2026-05-12" differs from line 2`, `3 order_date: order date "2026-05-12" differs from line 2`},
		},
		{
			name:     "same reference on another marketplace is another order",
			body:     "A,ebay,2026-05-11,FR,,X,1,,,\nA,ozon,2026-05-11,FR,,X,1,,,\n",
			orders:   []string{`2 A ebay 2026-05-11 FR ""  pd=0 open X×1@0`, `3 A ozon 2026-05-11 FR ""  pd=0 open X×1@0`},
			rejected: nil,
		},
		{
			name:     "price without currency",
			body:     "A,shop,2026-05-11,FR,,X,1,10,,\n",
			rejected: []string{`2 unit_price: the price has no currency`},
		},
		{
			name:   "price symbol gives the currency; --set says otherwise for $",
			body:   "A,shop,2026-05-11,CA,,X,1,$10.00,,\n",
			opt:    OrderOptions{Set: map[string]string{"currency": "CAD"}},
			orders: []string{`2 A shop 2026-05-11 CA "" CAD pd=0 open X×1@10`},
		},
		{
			name:     "symbol that contradicts the currency column",
			body:     "A,shop,2026-05-11,FR,,X,1,£10.00,EUR,\n",
			rejected: []string{`2 unit_price: price is in £ but the order currency is EUR`},
		},
		{
			name:     "lines in two currencies",
			body:     "A,shop,2026-05-11,FR,,X,1,€10,,\nA,shop,2026-05-11,FR,,Y,1,£10,,\n",
			rejected: []string{`2 unit_price: order A not imported: line 3: price in GBP`, `3 unit_price: price in GBP`},
		},
		{
			name:     "empty reference, empty country, bad promised days, extra cells",
			body:     ",shop,2026-05-11,FR,,X,1,,,\nB,shop,2026-05-11,,,X,1,,,\nC,shop,2026-05-11,FR,,X,1,,,-2\nD,shop,2026-05-11,FR,,X,1,,,,oops\n",
			rejected: []string{`2 order_ref: order reference is empty`, `3 country: country is empty`, `4 promised_days: promised days "-2"`, `5 column 11: the row has 11 cells but the header has 10 columns`},
		},
		{
			name:     "a quantity too large for one line",
			body:     "A,s,2026-05-11,FR,,X,1000001,,,\n",
			rejected: []string{`2 qty: quantity 1000001 is more than 1000000 units on one line`},
		},
		{
			name:   "trailing empty cells are not extra",
			body:   "A,shop,2026-05-11,FR,,X,1,,,,,\n",
			orders: []string{`2 A shop 2026-05-11 FR ""  pd=0 open X×1@0`},
		},
		{
			name:   "blank and all-empty rows are not rows",
			body:   "\n,,,,,,,,,\nA,shop,2026-05-11,FR,,X,1,,,\n\n",
			orders: []string{`4 A shop 2026-05-11 FR ""  pd=0 open X×1@0`},
		},
		{
			name:   "status and promise date columns by --map",
			body:   "A,shop,2026-05-11,FR,,X,1,,,\n",
			opt:    OrderOptions{Set: map[string]string{"status": "Shipped", "promise_date": "2026-05-20"}},
			orders: []string{`2 A shop 2026-05-11 FR ""  pd=9 shipped X×1@0`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := importCSV(t, genericHeader+tt.body, tt.opt)
			var got, rej []string
			for _, o := range res.Orders {
				got = append(got, orderText(o))
			}
			if !slices.Equal(got, tt.orders) {
				t.Errorf("orders:\ngot  %q\nwant %q", got, tt.orders)
			}
			for _, r := range res.Rejected {
				rej = append(rej, rejectText(r))
			}
			if len(rej) != len(tt.rejected) {
				t.Fatalf("rejections:\ngot  %q\nwant %q", rej, tt.rejected)
			}
			for i := range rej {
				if !strings.HasPrefix(rej[i], tt.rejected[i]) {
					t.Errorf("rejection %d: got %q, want prefix %q", i, rej[i], tt.rejected[i])
				}
			}
		})
	}
}

func TestOrdersDateOrder(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		opt      OrderOptions
		dates    []string
		rejected []string
		order    DateOrder
		note     string
	}{
		{
			name:  "a later value decides; earlier orders wait",
			text:  genericHeader + "A,s,03/04/2026,FR,,X,1,,,\nB,s,13/04/2026,FR,,X,1,,,\n",
			dates: []string{"2026-04-03", "2026-04-13"}, order: DayMonth, note: `"13/04/2026" on line 3`,
		},
		{
			name:  "second field above 12",
			text:  genericHeader + "A,s,03/04/2026,FR,,X,1,,,\nB,s,4/13/2026,FR,,X,1,,,\n",
			dates: []string{"2026-03-04", "2026-04-13"}, order: MonthDay,
		},
		{
			name:     "a value against the decided order is rejected",
			text:     genericHeader + "A,s,13/04/2026,FR,,X,1,,,\nB,s,4/13/2026,FR,,X,1,,,\n",
			dates:    []string{"2026-04-13"},
			rejected: []string{"3 order_date: order date 4/13/2026 is not a day/month date"},
			order:    DayMonth,
		},
		{
			name:  "semicolon files default to day/month",
			text:  "order_ref;marketplace;order_date;country;sku;qty\nA;s;03/04/2026;FR;X;1\n",
			opt:   OrderOptions{Format: Generic},
			dates: []string{"2026-04-03"}, order: DayMonth, note: "default for ;-separated files",
		},
		{
			name:  "dots are day first, ISO needs no decision",
			text:  genericHeader + "A,s,03.04.2026,FR,,X,1,,,\nB,s,2026-04-05,FR,,X,1,,,\n",
			dates: []string{"2026-04-03", "2026-04-05"}, order: 0,
		},
		{
			name:  "promise date waits for the order too",
			text:  "order_ref,marketplace,order_date,promise_date,country,sku,qty\nA,s,1/2/26,1/9/26,FR,X,1\nB,s,1/20/26,1/22/26,FR,X,1\n",
			dates: []string{"2026-01-02 pd=7", "2026-01-20 pd=2"}, order: MonthDay,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := importCSV(t, tt.text, tt.opt)
			var dates []string
			for _, o := range res.Orders {
				d := o.Order.Date.String()
				if o.Order.PromisedDays != 0 {
					d += fmt.Sprintf(" pd=%d", o.Order.PromisedDays)
				}
				dates = append(dates, d)
			}
			if !slices.Equal(dates, tt.dates) {
				t.Errorf("dates: got %v, want %v", dates, tt.dates)
			}
			var rej []string
			for _, r := range res.Rejected {
				rej = append(rej, rejectText(r))
			}
			if len(rej) != len(tt.rejected) || len(rej) > 0 && !strings.HasPrefix(rej[0], tt.rejected[0]) {
				t.Errorf("rejections: got %q, want %q", rej, tt.rejected)
			}
			if res.DateOrder != tt.order || !strings.Contains(res.DateNote, tt.note) {
				t.Errorf("date order: got %v %q, want %v with %q", res.DateOrder, res.DateNote, tt.order, tt.note)
			}
		})
	}
}

func TestOrdersOptionErrors(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		opt    OrderOptions
		column string // want a *ColumnError naming it; "" = want ErrOption
	}{
		{"missing required column", "order_ref,marketplace,order_date,country,qty\nA,s,2026-05-11,FR,1\n", OrderOptions{}, "sku"},
		{"missing eBay column names the eBay header", "Order Number,Sale Date,Ship To Country,Quantity\n1,May-11-26,US,1\n", OrderOptions{}, "custom label"},
		{"--map to a header the file lacks", genericHeader, OrderOptions{Map: map[string]string{"sku": "Item code"}}, "Item code"},
		{"--map of an unknown field", genericHeader, OrderOptions{Map: map[string]string{"weight": "height"}}, ""},
		{"--set of an unknown field", genericHeader, OrderOptions{Set: map[string]string{"colour": "red"}}, ""},
		{"--set of a bad country", genericHeader, OrderOptions{Set: map[string]string{"country": "Narnia"}}, ""},
		{"--set of a bad currency", genericHeader, OrderOptions{Set: map[string]string{"currency": "EURO"}}, ""},
		{"bad format value", genericHeader, OrderOptions{Format: Format(42)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.Name = "in.csv"
			_, err := Orders(strings.NewReader(tt.text), tt.opt)
			var ce *ColumnError
			switch {
			case err == nil:
				t.Fatal("got no error")
			case tt.column == "":
				if !errors.Is(err, ErrOption) {
					t.Errorf("got %v, want an ErrOption", err)
				}
			case !errors.As(err, &ce):
				t.Errorf("got %v, want a *ColumnError", err)
			case ce.Column != tt.column || ce.File != "in.csv":
				t.Errorf("got column %q in %q, want %q in in.csv (%v)", ce.Column, ce.File, tt.column, err)
			}
		})
	}
	if _, err := Orders(strings.NewReader(""), OrderOptions{Name: "empty.csv"}); err == nil || !strings.Contains(err.Error(), "empty.csv") {
		t.Errorf("empty file: got %v, want an error naming the file", err)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range []Format{Generic, Amazon, AmazonUnshipped, Ebay, Shopify} {
		got, err := ParseFormat(strings.ToUpper(f.String()))
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q): got %v, %v, want %v", f, got, err, f)
		}
	}
	if got, err := ParseFormat(""); got != 0 || err != nil {
		t.Errorf("ParseFormat(\"\"): got %v, %v, want 0 (detect)", got, err)
	}
	if _, err := ParseFormat("etsy"); !errors.Is(err, ErrOption) {
		t.Errorf("ParseFormat(etsy): got %v, want ErrOption", err)
	}
}

// --format amazon reads both Amazon reports; the header picks the right one.
func TestOrdersAmazonFormatFlag(t *testing.T) {
	res, err := Orders(openFixture(t, "orders-amazon-unshipped.tsv"), OrderOptions{Name: "u.tsv", Format: Amazon})
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != AmazonUnshipped || res.OrderCount != 2 {
		t.Errorf("got %v with %d orders, want amazon-unshipped with 2", res.Format, res.OrderCount)
	}
}

func TestOrdersXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"order_ref", "marketplace", "order_date", "country", "postal_code", "sku", "qty", "unit_price", "currency", "promised_days"},
		{"X-1", "ozon", 46153, "Poland", "00-950", "TEAPOT-CI", 2, 52.5, "EUR", nil},      // 46153 = 2026-05-11
		{"X-2", "ozon", "2026-05-12", "DE", 10115, "MUG-CERAMIC", 1, "12,50 €", "EUR", 4}, // a number as postal code
		{"X-3", "ozon", 46154, "FR", "75011", "SCARF-SILK", -1, 24.9, "EUR", nil},         // a cancellation row
		{"X-4", "ozon", 46155, "FR", "75011", "SCARF-SILK", 1, 0.1 + 0.2, "EUR", nil},     // 0.30000000000000004 shows as 0.3
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellStyle(sh, "C2", "C5", dateStyle); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "orders.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	res, err := Orders(in, OrderOptions{Name: "orders.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, res)
	var got []string
	for _, o := range res.Orders {
		got = append(got, orderText(o))
	}
	want := []string{
		`2 X-1 ozon 2026-05-11 PL "00-950" EUR pd=0 open TEAPOT-CI×2@52.5`,
		`3 X-2 ozon 2026-05-12 DE "10115" EUR pd=4 open MUG-CERAMIC×1@12.5`,
		`5 X-4 ozon 2026-05-13 FR "75011" EUR pd=0 open SCARF-SILK×1@0.3`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("orders:\ngot  %q\nwant %q", got, want)
	}
	if len(res.Rejected) != 1 || res.Rejected[0].Line != 4 || res.Rejected[0].Column != "qty" {
		t.Errorf("rejected: got %+v, want row 4 column qty", res.Rejected)
	}
}

func TestOrdersUTF16(t *testing.T) {
	text := "order_ref\tmarketplace\torder_date\tcountry\tsku\tqty\nÄ-1\tozon\t2026-05-11\tÖsterreich\tX\t1\n"
	enc, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	res := importCSV(t, enc, OrderOptions{})
	if res.OrderCount != 1 || res.Orders[0].Order.Ref != "Ä-1" || res.Orders[0].Order.Country != "AT" {
		t.Errorf("got %+v, want one order Ä-1 to AT", res.Orders)
	}
}

func TestScanOrdersStops(t *testing.T) {
	var b strings.Builder
	b.WriteString(genericHeader)
	for i := range 5000 {
		fmt.Fprintf(&b, "R%d,s,2026-05-11,FR,,X,1,,,\n", i)
	}
	stop := errors.New("stop")
	n := 0
	_, err := ScanOrders(context.Background(), strings.NewReader(b.String()), OrderOptions{}, func(ImportedOrder) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("emit error: got %v after %d orders, want stop after 3", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := ScanOrders(ctx, strings.NewReader(b.String()), OrderOptions{}, func(ImportedOrder) error { return nil })
	if !errors.Is(err, context.Canceled) || res.RowsRead >= 5000 {
		t.Errorf("cancelled: got %v after %d rows, want context.Canceled before the end", err, res.RowsRead)
	}
}

func TestWriteRejected(t *testing.T) {
	res, err := Orders(openFixture(t, "orders-shopify.csv"), OrderOptions{Name: "orders-shopify.csv"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteRejected(&buf, res.Header, res.Rejected); err != nil {
		t.Fatal(err)
	}
	written := bytes.Clone(buf.Bytes())
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(res.Rejected)+1 {
		t.Fatalf("got %d records, want header + %d", len(recs), len(res.Rejected))
	}
	n := len(res.Header)
	if got := recs[0][n:]; !slices.Equal(got, []string{"line", "column", "reason"}) {
		t.Errorf("extra header columns: got %q", got)
	}
	for i, r := range res.Rejected {
		rec := recs[i+1]
		if !slices.Equal(rec[:len(r.Record)], r.Record) {
			t.Errorf("row %d: the original cells changed", i)
		}
		if rec[n] != fmt.Sprint(r.Line) || rec[n+1] != r.Column || rec[n+2] != r.Reason {
			t.Errorf("row %d: got %q, want line %d, %q, %q", i, rec[n:], r.Line, r.Column, r.Reason)
		}
	}
	// The rejected file reads again with the same preset, and its rows stay rejected.
	again, err := Orders(bytes.NewReader(written), OrderOptions{Name: "rejected.csv", Format: Shopify})
	if err != nil {
		t.Fatal(err)
	}
	if again.OrderCount != 0 || again.RowsRead != len(res.Rejected) {
		t.Errorf("re-reading the rejected rows: got %d orders from %d rows, want 0 from %d", again.OrderCount, again.RowsRead, len(res.Rejected))
	}
}

func TestRowErrorText(t *testing.T) {
	e := RowError{File: "a.csv", Line: 7, Column: "qty", Reason: "quantity \"x\" is not a whole number"}
	if got, want := e.Error(), `a.csv line 7 column "qty": quantity "x" is not a whole number`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	var _ error = e
}

func TestPreviewOrders(t *testing.T) {
	pv, err := PreviewOrders(openFixture(t, "orders-ebay.csv"), OrderOptions{Name: "e.csv"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Format != Ebay || len(pv.Rows) != 3 || !slices.Equal(pv.Lines, []int{2, 4, 5}) || len(pv.Missing) != 0 {
		t.Errorf("got %v, %d rows on lines %v, missing %v; want ebay, 3 rows on lines 2, 4, 5, none missing", pv.Format, len(pv.Rows), pv.Lines, pv.Missing)
	}
	for field, want := range map[string]string{"order_ref": "Order Number", "sku": "Custom Label", "marketplace": "=ebay", "currency": ""} {
		if got := pv.Fields[field]; got != want {
			t.Errorf("field %s: got %q, want %q", field, got, want)
		}
	}
	// An unknown layout previews as generic with its missing fields listed.
	pv, err = PreviewOrders(strings.NewReader("Order ID,Item,Units\nA,X,1\n"), OrderOptions{Name: "x.csv", Map: map[string]string{"Order ID": "order_ref"}}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"marketplace", "order_date", "country", "sku"}; pv.Format != Generic || !slices.Equal(pv.Missing, want) || pv.Fields["order_ref"] != "Order ID" || pv.Fields["qty"] != "Units" {
		t.Errorf("got %v missing %v, order_ref from %q, qty from %q; want generic missing %v, order_ref from Order ID, qty from Units (a guess)",
			pv.Format, pv.Missing, pv.Fields["order_ref"], pv.Fields["qty"], want)
	}
}

// TestGenericGuessesHeaders: a seller's own export, with its own English or Chinese
// headers, imports without --map: the common names of each field are guessed
// (ignoring case, spaces and punctuation), each column for one field only, and
// --map still decides.
func TestGenericGuessesHeaders(t *testing.T) {
	tests := []struct {
		name, text string
		opt        OrderOptions
		want       string
	}{
		{"English", "Order No.,Channel,Order Date,Country Code,Zip,Seller SKU,Qty,Unit Price,Curr,Promise\n" +
			"A-1,ebay,2026-05-11,FR,75011,MUG,2,12.50,EUR,7\n",
			OrderOptions{}, `2 A-1 ebay 2026-05-11 FR "75011" EUR pd=7 open MUG×2@12.5`},
		{"Chinese", "订单号,平台,下单时间,国家,邮编,SKU,数量,单价,币种\n" +
			"订-1,淘宝,2026-05-11,DE,10115,MUG,1,9.90,EUR\n",
			OrderOptions{}, `2 订-1 淘宝 2026-05-11 DE "10115" EUR pd=0 open MUG×1@9.9`},
		{"own names first", "order_ref,Order No,marketplace,order_date,date,country,sku,qty\n" +
			"A-1,X-9,ebay,2026-05-11,2026-01-01,FR,MUG,1\n",
			OrderOptions{}, `2 A-1 ebay 2026-05-11 FR ""  pd=0 open MUG×1@0`},
		{"--map decides", "Order No,Ref,Channel,Date,Country,SKU,Qty\n" +
			"X-9,A-1,ebay,2026-05-11,FR,MUG,1\n",
			OrderOptions{Map: map[string]string{"order_ref": "Ref"}}, `2 A-1 ebay 2026-05-11 FR ""  pd=0 open MUG×1@0`},
	}
	for _, tt := range tests {
		tt.opt.Name = "own.csv"
		res, err := Orders(strings.NewReader(tt.text), tt.opt)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if len(res.Rejected) > 0 || len(res.Orders) != 1 || orderText(res.Orders[0]) != tt.want {
			var got []string
			for _, o := range res.Orders {
				got = append(got, orderText(o))
			}
			t.Errorf("%s: got %q, rejected %v; want %q", tt.name, got, res.Rejected, tt.want)
		}
	}
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in   string
		want logistics.Status
	}{
		{"Shipped", logistics.Shipped}, {"fulfilled", logistics.Shipped}, {"Shipped - Delivered to Buyer", logistics.Shipped},
		{"Cancelled", logistics.Cancelled}, {"Canceled", logistics.Cancelled}, {"restocked", logistics.Cancelled},
		{"Unshipped", logistics.Open}, {"PartiallyShipped", logistics.Open}, {"partial", logistics.Open},
		{"Pending", logistics.Open}, {"Awaiting Shipment", logistics.Open}, {"", logistics.Open},
	}
	for _, tt := range tests {
		got, err := parseStatus(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parseStatus(%q): got %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
	if _, err := parseStatus("lost"); err == nil {
		t.Error("parseStatus(lost): got no error")
	}
}

func TestOrdersOldExcel(t *testing.T) {
	_, err := Orders(bytes.NewReader([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}), OrderOptions{Name: "old.xls"})
	if err == nil || !strings.Contains(err.Error(), "old.xls") || !strings.Contains(err.Error(), ".xlsx") {
		t.Errorf("got %v, want an error naming old.xls and suggesting .xlsx", err)
	}
}
