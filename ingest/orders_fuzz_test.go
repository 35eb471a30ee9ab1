package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzOrders checks what every import must satisfy, whatever the bytes: no panic,
// every rejection located (line ≥ 1, a column, a reason), every row read either
// imported or rejected; and that Regroup reads a file whose rows of an order are
// together exactly as the streaming scan does.
func fuzzOrders(t *testing.T, data []byte, format Format) {
	stream, err := fuzzScan(t, data, OrderOptions{Name: "fuzz", Format: format})
	if stream == nil {
		return
	}
	split := errors.Is(err, ErrSplitOrders)
	regroup, rerr := fuzzScan(t, data, OrderOptions{Name: "fuzz", Format: format, Regroup: true})
	if errors.Is(rerr, ErrSplitOrders) {
		t.Fatalf("Regroup: %v", rerr)
	}
	if split || regroup == nil {
		return
	}
	if got, want := regroup.text(), stream.text(); got != want {
		t.Errorf("Regroup of a file whose orders are together:\n%s\nstreaming:\n%s", got, want)
	}
}

// fuzzRun is what a scan gave, for comparing two scans of one file.
type fuzzRun struct {
	res    *OrdersResult
	orders []string
}

func (r *fuzzRun) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "read %d imported %d orders %d split %d dates %v %q\n", r.res.RowsRead, r.res.RowsImported, r.res.OrderCount, r.res.SplitOrders, r.res.DateOrder, r.res.DateNote)
	for _, o := range r.orders {
		b.WriteString(o + "\n")
	}
	for _, e := range r.res.Rejected {
		b.WriteString(rejectText(e) + "\n")
	}
	return b.String()
}

// fuzzScan scans data and checks the invariants; it returns nil for a file that
// cannot be read as orders (an unreadable file, a missing column, a bad option), and
// the scan's error (a split, with a partial result).
func fuzzScan(t *testing.T, data []byte, opt OrderOptions) (*fuzzRun, error) {
	run := &fuzzRun{}
	res, err := ScanOrders(context.Background(), bytes.NewReader(data), opt, func(o ImportedOrder) error {
		run.orders = append(run.orders, orderText(o))
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
		return nil, err
	}
	if errors.Is(err, ErrSplitOrders) {
		var se *SplitError
		if !errors.As(err, &se) || se.Line <= se.First || se.First < 1 || opt.Regroup {
			t.Errorf("split: got %v (%+v), want a *SplitError whose line is after the order's first", err, se)
		}
		return run, err
	}
	if err != nil {
		return nil, err // an unreadable file (empty, no header, a read error)
	}
	run.res = res
	if got := res.RowsImported + len(res.LeftOut) + len(res.Rejected); got != res.RowsRead {
		t.Errorf("imported %d + left out %d + rejected %d != read %d", res.RowsImported, len(res.LeftOut), len(res.Rejected), res.RowsRead)
	}
	if len(run.orders) != res.OrderCount {
		t.Errorf("emitted %d orders, counted %d", len(run.orders), res.OrderCount)
	}
	for _, r := range res.Rejected {
		if r.Line < 1 || r.Column == "" || r.Reason == "" {
			t.Errorf("rejection without line, column or reason: %+v", r)
		}
	}
	return run, nil
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
	// a date written M/D/YY, rows of one order apart
	f.Add([]byte(genericHeader + "A,s,12/1/10 8:26,FR,,X,1,,,\nB,s,12/2/10 8:26,FR,,Y,1,,,\nA,s,12/1/10 8:26,FR,,Z,1,,,\n"))
	// rows of one order apart, one of them bad; a date that decides on a later row
	f.Add([]byte(genericHeader + "A,s,1/2/26,FR,,X,1,,,\nB,s,1/3/26,FR,,Y,1,,,\nA,s,1/2/26,FR,,Z,x,,,\nB,s,1/3/26,FR,,Y,1,,,\nC,s,1/13/26,FR,,Y,1,,,\n"))
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
		if v.pending && !mayWait(strings.TrimSpace(s)) {
			t.Errorf("scanDate(%q) waits for the day/month order but mayWait says it cannot", s)
		}
		if o := v.decides(); o != 0 {
			if _, err := v.resolve(o); err != nil {
				t.Errorf("scanDate(%q) decides %v but does not read as it: %v", s, o, err)
			}
		}
		for _, o := range []DateOrder{DayMonth, MonthDay, YearMonthDay} {
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
