package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzOrders checks what every import must satisfy, whatever the bytes: no panic,
// every rejection located (line ≥ 1, a column, a reason), and every row read either
// imported or rejected.
func fuzzOrders(t *testing.T, data []byte, format Format) {
	emitted := 0
	res, err := ScanOrders(context.Background(), bytes.NewReader(data), OrderOptions{Name: "fuzz", Format: format}, func(o ImportedOrder) error {
		emitted++
		if len(o.Order.Lines) == 0 || o.Line < 1 || o.Order.Ref == "" || o.Order.Country == "" {
			t.Errorf("emitted an incomplete order %+v", o)
		}
		for _, l := range o.Order.Lines {
			if l.Qty <= 0 || l.UnitPrice < 0 {
				t.Errorf("emitted a line %+v", l)
			}
		}
		return nil
	})
	var ce *ColumnError
	if errors.As(err, &ce) || errors.Is(err, ErrOption) {
		if ce != nil && (ce.Column == "" || ce.Reason == "") {
			t.Errorf("column error without a column or reason: %v", err)
		}
		return
	}
	if err != nil {
		return // an unreadable file (empty, no header, a read error)
	}
	if got := res.RowsImported + len(res.Rejected); got != res.RowsRead {
		t.Errorf("imported %d + rejected %d != read %d", res.RowsImported, len(res.Rejected), res.RowsRead)
	}
	if emitted != res.OrderCount {
		t.Errorf("emitted %d orders, counted %d", emitted, res.OrderCount)
	}
	for _, r := range res.Rejected {
		if r.Line < 1 || r.Column == "" || r.Reason == "" {
			t.Errorf("rejection without line, column or reason: %+v", r)
		}
	}
}

func addFixtures(f *testing.F, names ...string) {
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		// A cut copy: a file that ends inside a quoted cell or a line.
		f.Add(b[:len(b)*2/3])
	}
}

func FuzzAmazon(f *testing.F) {
	addFixtures(f, "orders-amazon.tsv", "orders-amazon-status.tsv", "orders-amazon-unshipped.tsv")
	f.Add([]byte("order-id\tpurchase-date\tship-country\tsku\tquantity-purchased\titem-price\tcurrency\n1\t2026-05-11\tUS\tX\t3\t$10\t\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOrders(t, data, Amazon)
	})
}

func FuzzEbay(f *testing.F) {
	addFixtures(f, "orders-ebay.csv", "orders-ebay-excel.csv")
	f.Add([]byte("Order Number,Sale Date,Ship To Country,Custom Label,Quantity,Sold For,Item Number\n1,1/2/26,UK,X,1,£1,\n1,13/2/26,,X,1,$1,5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOrders(t, data, Ebay)
	})
}

func FuzzShopify(f *testing.F) {
	addFixtures(f, "orders-shopify.csv", "orders-shopify-eu.csv")
	f.Add([]byte("Name,Created at,Shipping Country,Lineitem sku,Lineitem quantity,Lineitem price,Currency,Cancelled at\n#1,2026-05-11,US,X,1,1,USD,\n#1,,,Y,-1,1,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOrders(t, data, Shopify)
	})
}

func FuzzGeneric(f *testing.F) {
	addFixtures(f, "orders-generic-mapped.csv")
	if b, err := os.ReadFile("/work/shared/examples/plan-orders.csv"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(genericHeader + "A,s,03/04/2026,FR,,X,1,\"1,5\",EUR,\nA,s,03/04/2026,FR,,Y,1,2,EUR,\nB,s,13/04/2026,\"Korea, Republic of\",,X,2,,,1\n"))
	f.Add([]byte(genericHeader + "A,s,\"2026-05-11\nx\",FR,,X,1,,,\nA,s,2026-05-11,FR,,X,\"1\n"))
	f.Add([]byte("\xef\xbb\xbforder_ref;marketplace;order_date;country;sku;qty;unit_price;currency\nA;s;1/2/26;FR;X;1;1.234,5;EUR\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOrders(t, data, Generic)
		fuzzOrders(t, data, 0) // detect the layout
	})
}

func FuzzScanDate(f *testing.F) {
	for _, s := range []string{"2026-05-11T10:00:00-07:00", "4/23/26 14:05", "23.04.2026", "Mar-05-24", "Tue, Mar 5, 2024 10:00", "1/2/3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := scanDate(s)
		if err != nil {
			return
		}
		for _, o := range []DateOrder{DayMonth, MonthDay} {
			d, err := v.resolve(o)
			if err == nil && (d < civilDate(minYear, 1, 1) || d > civilDate(maxYear, 12, 31)) {
				t.Errorf("scanDate(%q) as %v: %s is out of range", s, o, d)
			}
		}
	})
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"12.50", "$12.50", "US $1,234.50", "EUR 12,50", "1.234,56 €", "(3.00)", "-£3.99", "1 234,5"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, dc bool) {
		v, sym, err := parseMoney(s, dc)
		if err != nil {
			return
		}
		// A plain number without a symbol reads back to itself.
		if sym == "" && !strings.ContainsAny(s, ",()'_ \u00a0-+−") && strings.Count(s, ".") <= 1 && !dc {
			if w, _, err := parseMoney(v.String(), false); err != nil || w != v {
				t.Errorf("parseMoney(%q) = %s does not read back: %s, %v", s, v, w, err)
			}
		}
	})
}
