package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"shipmode/logistics"
)

// A file whose rows of one order are apart: streaming stops with ErrSplitOrders
// before it emits anything more, and Regroup reads every order whole.
func TestScanOrdersSplitOrder(t *testing.T) {
	text := genericHeader +
		"A,s,2026-05-11,FR,,X,1,,,\n" +
		"B,s,2026-05-11,FR,,Y,1,,,\n" +
		"C,s,2026-05-11,FR,,Y,1,,,\n" +
		"A,s,2026-05-11,FR,,Z,2,,,\n" +
		"D,s,2026-05-11,FR,,Y,1,,,\n"
	var emitted []string
	res, err := ScanOrders(context.Background(), strings.NewReader(text), OrderOptions{Name: "split.csv"}, func(o ImportedOrder) error {
		emitted = append(emitted, o.Order.Ref)
		return nil
	})
	var se *SplitError
	if !errors.Is(err, ErrSplitOrders) || !errors.As(err, &se) {
		t.Fatalf("got %v, want a *SplitError wrapping ErrSplitOrders", err)
	}
	if se.File != "split.csv" || se.Ref != "A" || se.Marketplace != "s" || se.First != 2 || se.Line != 5 {
		t.Errorf("got %+v, want order A of s in split.csv, first on line 2, again on line 5", *se)
	}
	// A and B ended before A came back (the caller rolls them back); C, which was
	// being read, and D after it are not emitted.
	if want := []string{"A", "B"}; !slices.Equal(emitted, want) {
		t.Errorf("emitted %v before the error, want %v", emitted, want)
	}
	if res == nil || res.File != "split.csv" {
		t.Errorf("got result %+v, want the partial result of split.csv", res)
	}

	emitted = nil
	res, err = ScanOrders(context.Background(), strings.NewReader(text), OrderOptions{Name: "split.csv", Regroup: true}, func(o ImportedOrder) error {
		emitted = append(emitted, orderText(o))
		return nil
	})
	if err != nil {
		t.Fatalf("Regroup: %v", err)
	}
	checkInvariants(t, res)
	want := []string{
		`2 A s 2026-05-11 FR ""  pd=0 open X×1@0 Z×2@0`,
		`3 B s 2026-05-11 FR ""  pd=0 open Y×1@0`,
		`4 C s 2026-05-11 FR ""  pd=0 open Y×1@0`,
		`6 D s 2026-05-11 FR ""  pd=0 open Y×1@0`,
	}
	if !slices.Equal(emitted, want) {
		t.Errorf("Regroup:\ngot  %q\nwant %q", emitted, want)
	}
	if res.OrderCount != 4 || res.RowsImported != 5 || res.SplitOrders != 1 {
		t.Errorf("Regroup: got %d orders, %d rows imported, %d split, want 4, 5, 1", res.OrderCount, res.RowsImported, res.SplitOrders)
	}
}

// Orders reads a file again with Regroup when it finds an order split.
func TestOrdersSplitOrders(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		orders   []string
		rejected []string
		split    int
	}{
		{
			name:   "lines of one order apart",
			body:   "A,s,2026-05-11,FR,,X,1,,,\nB,s,2026-05-11,FR,,Y,1,,,\nA,s,2026-05-11,FR,,Z,2,,,\n",
			orders: []string{`2 A s 2026-05-11 FR ""  pd=0 open X×1@0 Z×2@0`, `3 B s 2026-05-11 FR ""  pd=0 open Y×1@0`},
			split:  1,
		},
		{
			// A bad row anywhere rejects every row of its order, wherever they are.
			name:   "a bad row of a split order rejects all of it",
			body:   "A,s,2026-05-11,FR,,X,1,,,\nB,s,2026-05-11,FR,,Y,1,,,\nA,s,2026-05-11,FR,,Z,two,,,\nA,s,2026-05-11,FR,,W,1,,,\n",
			orders: []string{`3 B s 2026-05-11 FR ""  pd=0 open Y×1@0`},
			rejected: []string{
				`2 qty: order A not imported: line 4: quantity "two" is not a whole number`,
				`4 qty: quantity "two" is not a whole number`,
				`5 qty: order A not imported: line 4: quantity "two" is not a whole number`,
			},
			split: 1,
		},
		{
			name:   "a later row differs from the first",
			body:   "A,s,2026-05-11,FR,,X,1,,,\nB,s,2026-05-11,FR,,Y,1,,,\nA,s,2026-05-11,DE,,Z,1,,,\n",
			orders: []string{`3 B s 2026-05-11 FR ""  pd=0 open Y×1@0`},
			rejected: []string{
				`2 country: order A not imported: line 4: country DE differs from FR`,
				`4 country: country DE differs from FR`,
			},
			split: 1,
		},
		{
			name: "a cancelled order split",
			body: "order_ref,marketplace,order_date,country,sku,qty,status\n" +
				"A,s,2026-05-11,FR,X,1,open\nB,s,2026-05-11,FR,Y,1,\nA,s,2026-05-11,FR,Z,1,cancelled\n",
			orders:   []string{`3 B s 2026-05-11 FR ""  pd=0 open Y×1@0`},
			rejected: []string{`left out 2 status: the order is cancelled`, `left out 4 status: the order is cancelled`},
			split:    1,
		},
		{
			name:   "the same reference on two marketplaces is two orders, not a split",
			body:   "A,s,2026-05-11,FR,,X,1,,,\nA,t,2026-05-11,FR,,Y,1,,,\nA,s,2026-05-11,FR,,Z,1,,,\nA,t,2026-05-11,FR,,W,1,,,\n",
			orders: []string{`2 A s 2026-05-11 FR ""  pd=0 open X×1@0 Z×1@0`, `3 A t 2026-05-11 FR ""  pd=0 open Y×1@0 W×1@0`},
			split:  2,
		},
		{
			name:   "rows together need no regrouping",
			body:   "A,s,2026-05-11,FR,,X,1,,,\nA,s,2026-05-11,FR,,Z,2,,,\nB,s,2026-05-11,FR,,Y,1,,,\n",
			orders: []string{`2 A s 2026-05-11 FR ""  pd=0 open X×1@0 Z×2@0`, `4 B s 2026-05-11 FR ""  pd=0 open Y×1@0`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.body
			if !strings.HasPrefix(text, "order_ref") {
				text = genericHeader + text
			}
			// Orders reads again from a seekable reader and from one that is not.
			for _, r := range []func() *OrdersResult{
				func() *OrdersResult { return importCSV(t, text, OrderOptions{}) },
				func() *OrdersResult {
					res, err := Orders(struct{ *strings.Reader }{strings.NewReader(text)}, OrderOptions{Name: "inline.csv"})
					if err != nil {
						t.Fatal(err)
					}
					checkInvariants(t, res)
					return res
				},
			} {
				res := r()
				var got, rej []string
				for _, o := range res.Orders {
					got = append(got, orderText(o))
				}
				for _, r := range res.Rejected {
					rej = append(rej, rejectText(r))
				}
				for _, r := range res.LeftOut {
					rej = append(rej, "left out "+rejectText(r))
				}
				if !slices.Equal(got, tt.orders) {
					t.Errorf("orders:\ngot  %q\nwant %q", got, tt.orders)
				}
				if len(rej) != len(tt.rejected) {
					t.Fatalf("rejections:\ngot  %q\nwant %q", rej, tt.rejected)
				}
				for i := range rej {
					if !strings.HasPrefix(rej[i], tt.rejected[i]) {
						t.Errorf("rejection %d: got %q, want prefix %q", i, rej[i], tt.rejected[i])
					}
				}
				if res.SplitOrders != tt.split {
					t.Errorf("split orders: got %d, want %d", res.SplitOrders, tt.split)
				}
			}
		})
	}
}

// shuffledLines returns a generic file with the rows of data in a random order.
func shuffledLines(data []byte, seed uint64) []byte {
	lines := bytes.SplitAfter(data, []byte("\n"))
	header, rows := lines[0], lines[1:]
	if len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return bytes.Join(append([][]byte{header}, rows...), nil)
}

// A shuffled file imports the same orders, each whole, as the sorted file (lines of
// an order in the order the shuffled file has them).
func TestOrdersShuffled(t *testing.T) {
	const n = 20_000
	sorted := genericFile(n)
	want, err := Orders(bytes.NewReader(sorted), OrderOptions{Name: "sorted.csv"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Orders(bytes.NewReader(shuffledLines(sorted, 1)), OrderOptions{Name: "shuffled.csv"})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, got)
	if got.OrderCount != want.OrderCount || got.RowsImported != n || len(got.Rejected) != 0 {
		t.Fatalf("got %d orders from %d rows (%d rejected), want %d from %d", got.OrderCount, got.RowsImported, len(got.Rejected), want.OrderCount, n)
	}
	if got.SplitOrders == 0 {
		t.Error("got no split orders from a shuffled file")
	}
	canon := func(res *OrdersResult) map[string]string {
		m := make(map[string]string, len(res.Orders))
		for _, o := range res.Orders {
			o.Line = 0
			slices.SortFunc(o.Order.Lines, func(a, b logistics.Line) int { return strings.Compare(lineText(a), lineText(b)) })
			m[o.Order.Marketplace+" "+o.Order.Ref] = orderText(o)
		}
		return m
	}
	w, g := canon(want), canon(got)
	for k, v := range w {
		if g[k] != v {
			t.Errorf("order %s: got %s, want %s", k, g[k], v)
		}
	}
}

func lineText(l logistics.Line) string { return fmt.Sprintf("%s×%d@%s", l.SKU, l.Qty, l.UnitPrice) }

// Past the first earlyOrders orders, a split is found once the file is read: the
// scan reads every row, then ends with the lines of the first order that came back
// (the earliest return, whether its order started early or late), and Orders
// reads the file again grouped.
func TestScanOrdersSplitAfterEarlyOrders(t *testing.T) {
	n := earlyOrders + 5000
	var b strings.Builder
	b.WriteString(genericHeader)
	lineOf := map[int]int{} // order number → the line of its (first) row
	line := 1
	row := func(i int, sku string) {
		line++
		if _, ok := lineOf[i]; !ok {
			lineOf[i] = line
		}
		fmt.Fprintf(&b, "R%d,s,2026-05-11,FR,,%s,1,,,\n", i, sku)
	}
	for i := range n {
		row(i, "X")
		switch i {
		case earlyOrders + 100:
			row(7, "Y") // an early order comes back late
		case earlyOrders + 200:
			row(earlyOrders+10, "Y") // a late one comes back, after the first return
		}
	}
	text := b.String()
	emitted := 0
	_, err := ScanOrders(context.Background(), strings.NewReader(text), OrderOptions{Name: "late.csv"}, func(ImportedOrder) error {
		emitted++
		return nil
	})
	var se *SplitError
	if !errors.As(err, &se) || !errors.Is(err, ErrSplitOrders) {
		t.Fatalf("got %v, want a *SplitError", err)
	}
	if se.First != lineOf[7] || se.Line != lineOf[earlyOrders+100]+1 {
		t.Errorf("got lines %d and %d, want order R7's first line %d and its return on line %d", se.First, se.Line, lineOf[7], lineOf[earlyOrders+100]+1)
	}
	if want := n + 2 - 1; emitted != want { // every order start but the last
		t.Errorf("emitted %d orders before the error, want %d", emitted, want)
	}
	res, err := Orders(strings.NewReader(text), OrderOptions{Name: "late.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Orders) != n || res.SplitOrders != 2 {
		t.Errorf("Orders: got %d orders, %d split, want %d and 2", len(res.Orders), res.SplitOrders, n)
	}
	for _, o := range res.Orders {
		if o.Order.Ref == "R7" && len(o.Order.Lines) != 2 {
			t.Errorf("R7 read again: %d lines, want 2", len(o.Order.Lines))
		}
	}
}
