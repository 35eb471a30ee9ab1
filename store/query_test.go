package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"shipmode/logistics"
)

// fixture is a database of n generated orders with statuses, overrides, products for
// some SKUs and a plan for most open orders, and the truth about each order.
type fixture struct {
	db     *DB
	orders []truth // by id - 1
}

type truth struct {
	id         int64
	order      logistics.Order
	status     logistics.Status
	decision   *logistics.Decision
	needs      bool
	overridden bool
}

func newFixture(t *testing.T, n int) *fixture {
	t.Helper()
	ctx := context.Background()
	db := openTest(t)
	var ps []logistics.Product
	for i := range 100 {
		ps = append(ps, logistics.Product{SKU: fmt.Sprintf("SKU-%03d", i), WeightG: 100, Currency: "EUR"})
	}
	if _, err := db.UpsertProducts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	// Spread the orders over several months.
	seq := func(yield func(NewOrder, error) bool) {
		for i := range n {
			o := genOrder(i)
			o.Date += logistics.Date(i % 120)
			if !yield(NewOrder{Order: o}, nil) {
				return
			}
		}
	}
	mustImport(t, db, seq, "fixture")
	f := &fixture{db: db}
	for o := range seq {
		// A first import numbers orders in blocks sorted by reference: ask for the id.
		stored, err := db.FindOrder(ctx, o.Order.Marketplace, o.Order.Ref)
		if err != nil {
			t.Fatal(err)
		}
		f.orders = append(f.orders, truth{id: stored.ID, order: o.Order, status: logistics.Open})
	}
	for k := range f.orders {
		tr := &f.orders[k]
		for _, l := range tr.order.Lines {
			if l.SKU >= "SKU-100" {
				tr.needs = true
			}
		}
		switch {
		case k%11 == 3:
			tr.status = logistics.Shipped
		case k%13 == 4:
			tr.status = logistics.Cancelled
		}
		if tr.status != logistics.Open {
			if err := db.SetStatus(ctx, tr.id, tr.status); err != nil {
				t.Fatal(err)
			}
		}
		if k%17 == 5 {
			if _, err := db.SetOverride(ctx, tr.order.Marketplace, tr.order.Ref, logistics.ModeDirect, "", "test", 0); err != nil {
				t.Fatal(err)
			}
			tr.overridden = true
		}
	}
	// Plan every order that is not cancelled, but every 19th.
	_, err := db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
		for k := range f.orders {
			tr := &f.orders[k]
			if tr.status == logistics.Cancelled || k%19 == 7 {
				continue
			}
			d := testDecision(tr.order, k)
			tr.decision = &d
			if err := save(tr.id, &d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (tr *truth) row() OrderRow {
	r := OrderRow{ID: tr.id, Date: tr.order.Date, Marketplace: tr.order.Marketplace, Ref: tr.order.Ref,
		Country: tr.order.Country, Status: tr.status, NeedsProductData: tr.needs, Overridden: tr.overridden}
	if d := tr.decision; d != nil {
		r.Planned, r.Currency, r.SLARisk = true, d.Currency, d.SLARisk
		if c, ok := d.ChosenOption(); ok {
			r.Mode, r.Option, r.Total = c.Mode, c.ID, c.Total
		}
	}
	return r
}

func (f *OrderFilter) matches(tr *truth) bool {
	o, d := &tr.order, tr.decision
	switch {
	case f.From != 0 && o.Date < f.From, f.To != 0 && o.Date > f.To,
		f.Country != "" && o.Country != f.Country,
		f.Marketplace != "" && o.Marketplace != f.Marketplace,
		f.Status != 0 && tr.status != f.Status,
		f.NeedsProductData && !tr.needs,
		f.Mode != 0 && tr.row().Mode != f.Mode,
		f.SLARisk && (d == nil || !d.SLARisk),
		f.Unassignable && (d == nil || d.Chosen >= 0),
		f.Unplanned && d != nil,
		f.Planned && d == nil:
		return false
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		hit := containsFold(o.Ref, s)
		for _, l := range o.Lines {
			hit = hit || containsFold(l.SKU, s)
		}
		return hit
	}
	return true
}

// containsFold reports whether s contains sub, ASCII letters in any case (as
// SQLite's LIKE and PostgreSQL's ILIKE on the C collation compare them).
func containsFold(s, sub string) bool {
	lower := func(s string) string {
		b := []byte(s)
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return string(b)
	}
	return strings.Contains(lower(s), lower(sub))
}

// sortKey is the value of the sort column, NULL (no decision) sorting first.
func (f *OrderFilter) sortKey(r *OrderRow) (int64, string) {
	null := int64(math.MinInt64)
	switch f.Sort {
	case SortID:
		return r.ID, ""
	case SortMarketplace:
		return 0, r.Marketplace
	case SortRef:
		return 0, r.Ref
	case SortCountry:
		return 0, r.Country
	case SortStatus:
		return int64(r.Status), ""
	case SortMode:
		if r.Mode == 0 {
			return null, ""
		}
		return int64(r.Mode), ""
	case SortTotal:
		if !r.Planned {
			return null, ""
		}
		return r.Total, ""
	case SortSLARisk:
		if !r.Planned {
			return null, ""
		}
		if r.SLARisk {
			return 1, ""
		}
		return 0, ""
	}
	return int64(r.Date), ""
}

func (f *fixture) want(flt OrderFilter) []OrderRow {
	var rows []OrderRow
	for k := range f.orders {
		if flt.matches(&f.orders[k]) {
			rows = append(rows, f.orders[k].row())
		}
	}
	slices.SortFunc(rows, func(a, b OrderRow) int {
		ka, sa := flt.sortKey(&a)
		kb, sb := flt.sortKey(&b)
		c := cmpInt(ka, kb)
		if c == 0 {
			c = strings.Compare(sa, sb)
		}
		if c == 0 && flt.Sort == SortRef {
			c = strings.Compare(a.Marketplace, b.Marketplace)
		}
		if c == 0 && flt.Sort != SortRef {
			c = cmpInt(int64(a.Date), int64(b.Date))
		}
		if c == 0 {
			c = cmpInt(a.ID, b.ID)
		}
		if flt.Desc {
			c = -c
		}
		return c
	})
	return rows
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestOrderQueries compares every query with the truth: as the window's database
// has them (a rare condition read from its index, fewOrders 2000 of 1200 orders),
// and with every condition tested row by row (fewOrders 3).
func TestOrderQueries(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 1200)
	for _, few := range []int{0, 3} {
		for _, memory := range []bool{false, true} {
			t.Run(fmt.Sprintf("few %d, references in memory %v", few, memory), func(t *testing.T) {
				f.db.fewOrders = few
				useRefIndex(t, f.db, memory)
				testOrderQueries(ctx, t, f)
			})
		}
	}
}

// useRefIndex makes searches find references in memory, once read (on), or read
// them from the database (off).
func useRefIndex(t *testing.T, db *DB, on bool) {
	t.Helper()
	db.refs.mu.Lock()
	db.refs.off = !on
	db.refs.mu.Unlock()
	if !on {
		return
	}
	ctx := context.Background()
	for range 500 {
		var ready bool
		err := db.read(ctx, "test", func(tx *sql.Tx) error {
			var err error
			_, _, ready, err = db.refs.find(ctx, tx, "x", 1)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if ready {
			return
		}
		db.refs.startRead(db)
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the references were not read into memory in 5 s")
}

func testOrderQueries(ctx context.Context, t *testing.T, f *fixture) {
	d0 := genOrder(0).Date
	filters := []OrderFilter{
		{},
		{From: d0 + 30, To: d0 + 59},
		{From: d0 + 100},
		{To: d0 + 5, Desc: true},
		{Country: "FR"},
		{Marketplace: "ebay", Sort: SortTotal},
		{Mode: logistics.ModeConsolidation, Sort: SortRef, Desc: true},
		{Mode: logistics.ModeDirect, Country: "DE", From: d0 + 10},
		{Status: logistics.Shipped, Sort: SortMode},
		{Status: logistics.Cancelled},
		{SLARisk: true, Sort: SortCountry},
		{Unassignable: true},
		{Unplanned: true, Sort: SortStatus, Desc: true},
		{Planned: true, Sort: SortTotal},
		{NeedsProductData: true, Sort: SortSLARisk},
		{Search: "00"},
		{Search: "sku-007"},
		{Search: "SKU-150", Country: "IT"},
		{Search: "no such thing"},
		// anywhere in the reference: genOrder(1111)'s is "777-8798009-0001111" (1111 × 7
		// = 7777, 1111 × 7919 = 8798009), the only one with "98009-00"
		{Search: "98009-00", Desc: true},
		{Search: "-0001111"},
		{Search: " 0001111 "}, // (spaces around are dropped)
		// anywhere in a SKU, any case: "Ku-01" is in SKU-010 … SKU-019 and SKU-101 (not
		// in the products: those orders need product data)
		{Search: "Ku-01", Sort: SortTotal, Desc: true},
		{Search: "u-10", NeedsProductData: true},
		// LIKE's wildcards are only themselves
		{Search: "_"},
		{Search: "%"},
		{Search: "7%0"},
		{Search: "00", Mode: logistics.ModeDirect, Sort: SortTotal},
		{Mode: logistics.ModeWarehouse, Desc: true},
		{Sort: SortTotal},
		{Sort: SortTotal, Desc: true, Country: "DE"},
		{Sort: SortTotal, Unplanned: true},
		{Sort: SortTotal, Desc: true, Planned: true},
		{Sort: SortMode, Desc: true},
		{Sort: SortMode, Unassignable: true},
		{Sort: SortMode, Mode: logistics.ModeDirect},
		{Sort: SortSLARisk, SLARisk: true, Desc: true},
		{Sort: SortSLARisk, Unplanned: true, Desc: true},
		{Sort: SortID, Desc: true},
		{Sort: SortTotal, Desc: true},
		{Sort: SortMarketplace},
		// a mode's orders by shipping cost within a period: read by date and sorted
		// (periodDriven) on SQLite
		{Mode: logistics.ModeConsolidation, Sort: SortTotal, From: d0 + 30, To: d0 + 59},
		{Mode: logistics.ModeDirect, Sort: SortTotal, Desc: true, From: d0 + 10},
		{Mode: logistics.ModeWarehouse, Sort: SortTotal, To: d0 + 40, Country: "DE"},
	}
	for _, flt := range filters {
		t.Run(fmt.Sprintf("%+v", flt), func(t *testing.T) {
			want := f.want(flt)
			n, err := f.db.CountOrders(ctx, flt)
			if err != nil || n != len(want) {
				t.Errorf("CountOrders: got %d, %v; want %d", n, err, len(want))
			}
			ids, err := f.db.OrderIDs(ctx, flt)
			if err != nil {
				t.Fatal(err)
			}
			var wantIDs []int64
			for _, r := range want {
				wantIDs = append(wantIDs, r.ID)
			}
			if !slices.Equal(ids, wantIDs) {
				t.Errorf("OrderIDs: got %d ids %v…, want %d %v…", len(ids), head(ids), len(wantIDs), head(wantIDs))
			}
			for _, page := range [][2]int{{0, 50}, {37, 256}, {len(want) - 3, 10}, {len(want) + 5, 10}} {
				off, lim := max(page[0], 0), page[1]
				got, err := f.db.ListOrders(ctx, flt, off, lim)
				if err != nil {
					t.Fatal(err)
				}
				exp := want[min(off, len(want)):min(off+lim, len(want))]
				if len(got) != len(exp) || (len(exp) > 0 && !reflect.DeepEqual(got, exp)) {
					t.Errorf("ListOrders(%d, %d): got %d rows, want %d; first got %+v want %+v", off, lim, len(got), len(exp), first(got), first(exp))
				}
			}
			if len(ids) > 0 {
				block := ids[len(ids)/3 : min(len(ids)/3+256, len(ids))]
				got, err := f.db.OrderRows(ctx, block)
				if err != nil {
					t.Fatal(err)
				}
				exp := want[len(ids)/3 : len(ids)/3+len(block)]
				if !reflect.DeepEqual(got, exp) {
					t.Errorf("OrderRows: got %d rows, first %+v; want %d, first %+v", len(got), first(got), len(exp), first(exp))
				}
			}
		})
	}
	if got, err := f.db.OrderRows(ctx, []int64{5, 1 << 40, 3}); err != nil || len(got) != 2 || got[0].ID != 5 || got[1].ID != 3 {
		t.Errorf("OrderRows with an unknown id: got %+v, %v; want ids 5, 3", got, err)
	}
}

// TestOrderSearchAnywhere counts what a search finds in the fixture's 1200 orders
// (genOrder), on both engines and both ways of reading (see TestOrderQueries).
func TestOrderSearchAnywhere(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 1200)
	cases := []struct {
		search string
		want   int
	}{
		// order 1111's reference is "777-8798009-0001111": 1111 × 7919 = 8798009
		{"98009-00", 1},
		{"8798009", 1},
		// SKU-019 is line 1 of orders i ≡ 19 (mod 200): 19, 219 … 1019 (6), and line 2
		// (SKU (i + 13) mod 200, when i mod 5 < 2) of i ≡ 6 (mod 200): 6, 206 … 1006,
		// each ≡ 1 (mod 5) (6): 12, in any case
		{"ku-019", 12},
		{"SKU-019", 12},
		// no reference or SKU has an underscore or a percent sign
		{"_", 0},
		{"%", 0},
	}
	for _, few := range []int{0, 3} {
		f.db.fewOrders = few
		for _, memory := range []bool{false, true} {
			useRefIndex(t, f.db, memory)
			for _, c := range cases {
				flt := OrderFilter{Search: c.search}
				if n, err := f.db.CountOrders(ctx, flt); err != nil || n != c.want {
					t.Errorf("few %d: CountOrders(%q): got %d, %v; want %d", few, c.search, n, err, c.want)
				}
				if rows, err := f.db.ListOrders(ctx, flt, 0, 50); err != nil || len(rows) != c.want {
					t.Errorf("few %d: ListOrders(%q): got %d rows, %v; want %d", few, c.search, len(rows), err, c.want)
				}
			}
		}
	}
}

// TestOrderSearchSeesNewOrders: the references kept in memory for a search are read
// again after an import adds orders.
func TestOrderSearchSeesNewOrders(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, genOrders(0, 10), "first")
	// order 15's reference is "105-0118785-0000015" (15 × 7 = 105, 15 × 7919 = 118785)
	flt := OrderFilter{Search: "0118785"}
	useRefIndex(t, db, true)
	if n, err := db.CountOrders(ctx, flt); err != nil || n != 0 {
		t.Fatalf("before the import: got %d, %v; want 0", n, err)
	}
	useRefIndex(t, db, true)
	mustImport(t, db, genOrders(10, 20), "second")
	// the first search after the import reads them from the database; once the
	// references are read again, from memory
	rows, err := db.ListOrders(ctx, flt, 0, 50)
	if err != nil || len(rows) != 1 || rows[0].Ref != "105-0118785-0000015" {
		t.Fatalf("after the import: got %+v, %v; want order 105-0118785-0000015", rows, err)
	}
	useRefIndex(t, db, true)
	rows, err = db.ListOrders(ctx, flt, 0, 50)
	if err != nil || len(rows) != 1 || rows[0].Ref != "105-0118785-0000015" {
		t.Fatalf("after the import: got %+v, %v; want order 105-0118785-0000015", rows, err)
	}
}

func head(ids []int64) []int64 { return ids[:min(len(ids), 5)] }

func first(rows []OrderRow) any {
	if len(rows) == 0 {
		return nil
	}
	return rows[0]
}

func TestSummary(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 1500)
	d0 := genOrder(0).Date
	for _, p := range [][2]logistics.Date{{0, 0}, {d0 + 31, d0 + 90}, {d0 + 500, 0}} {
		t.Run(fmt.Sprintf("%v..%v", p[0], p[1]), func(t *testing.T) {
			var want Summary
			months := map[[2]int]*MonthStat{}
			countries := map[string]*CountryStat{}
			for k := range f.orders {
				tr := &f.orders[k]
				if (p[0] != 0 && tr.order.Date < p[0]) || (p[1] != 0 && tr.order.Date > p[1]) {
					continue
				}
				d := tr.decision
				if d == nil {
					if tr.status == logistics.Open {
						want.Unplanned++
					}
					continue
				}
				want.Currency = d.Currency
				want.Orders++
				if d.SLARisk {
					want.SLARisks++
				}
				r := tr.row()
				direct := wantDirectBaseline(d)
				var best Cost
				for _, o := range d.Options {
					if o.Feasible && (!best.Feasible || o.Total < best.Minor) {
						best = Cost{o.Total, true}
					}
				}
				want.BestTotal += best.Minor
				if d.Chosen < 0 {
					want.Unassignable++
				} else {
					want.Spend += r.Total
					if direct.Feasible {
						want.DirectBaseline += direct.Minor
						want.Savings += direct.Minor - r.Total
					} else { // at its planned cost, saving 0
						want.NoDirect++
						want.DirectBaseline += r.Total
					}
				}
				want.ByMode[r.Mode].Orders++
				want.ByMode[r.Mode].Spend += r.Total
				y, m, _ := tr.order.Date.Time().Date()
				ms := months[[2]int{y, int(m)}]
				if ms == nil {
					ms = &MonthStat{Year: y, Month: m}
					months[[2]int{y, int(m)}] = ms
				}
				ms.ByMode[r.Mode].Orders++
				ms.ByMode[r.Mode].Spend += r.Total
				cs := countries[r.Country]
				if cs == nil {
					cs = &CountryStat{Country: r.Country}
					countries[r.Country] = cs
				}
				cs.Orders++
				cs.Spend += r.Total
				cs.ByMode[r.Mode].Orders++
				cs.ByMode[r.Mode].Spend += r.Total
			}
			for _, m := range months {
				want.ByMonth = append(want.ByMonth, *m)
			}
			slices.SortFunc(want.ByMonth, func(a, b MonthStat) int { return (a.Year*12 + int(a.Month)) - (b.Year*12 + int(b.Month)) })
			for _, c := range countries {
				want.ByCountry = append(want.ByCountry, *c)
			}
			slices.SortFunc(want.ByCountry, func(a, b CountryStat) int {
				if c := cmpInt(b.Spend, a.Spend); c != 0 {
					return c
				}
				return strings.Compare(a.Country, b.Country)
			})
			got, err := f.db.Summary(ctx, p[0], p[1])
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Summary:\ngot  %+v\nwant %+v", got, want)
			}
			if p[0] == 0 && (want.Orders == 0 || want.Unassignable == 0 || want.NoDirect == 0 || len(want.ByMonth) < 3 || want.Unplanned == 0) {
				t.Errorf("fixture too plain to test: %+v", want)
			}
		})
	}
}

func TestSummaryMixedCurrency(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, genOrders(0, 2), "a")
	_, err := db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
		for i, cur := range []string{"EUR", "USD"} {
			d := testDecision(genOrder(i), i+1)
			d.Currency = cur
			if err := save(int64(i+1), &d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Summary(ctx, 0, 0); err == nil || !strings.Contains(err.Error(), "currency") {
		t.Errorf("Summary of EUR and USD decisions: got %v, want ErrMixedCurrency", err)
	}
}

func TestSetOverride(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a := genOrder(1)
	b := a
	b.Marketplace = "shopify"
	mustImport(t, db, OrderSlice([]logistics.Order{a, b, genOrder(2)}), "a")
	for _, tc := range []struct {
		name, market, ref string
		mode              logistics.Mode
		reason            string
		want              error
	}{
		{"unknown ref", "", "nope", logistics.ModeDirect, "x", ErrNotFound},
		{"unknown in marketplace", "amazon", genOrder(2).Ref, logistics.ModeDirect, "x", ErrNotFound},
		{"ambiguous", "", a.Ref, logistics.ModeDirect, "x", ErrAmbiguous},
		{"no reason", a.Marketplace, a.Ref, logistics.ModeDirect, " ", ErrInvalid},
		{"bad mode", a.Marketplace, a.Ref, 9, "x", ErrInvalid},
		{"with marketplace", a.Marketplace, a.Ref, logistics.ModeWarehouse, "stock is there", nil},
		{"unique ref", "", genOrder(2).Ref, logistics.ModeLocal, "same day", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.SetOverride(ctx, tc.market, tc.ref, tc.mode, "WH-1", tc.reason, 0)
			if (tc.want == nil && err != nil) || (tc.want != nil && !errorsIs(err, tc.want)) {
				t.Errorf("SetOverride: got %v, want %v", err, tc.want)
			}
		})
	}
	got, _ := db.FindOrder(ctx, a.Marketplace, a.Ref)
	if ov := got.Override; ov.Mode != logistics.ModeWarehouse || ov.Option != "WH-1" || ov.Reason != "stock is there" || ov.At.IsZero() {
		t.Errorf("override: got %+v", ov)
	}
	if other, _ := db.FindOrder(ctx, b.Marketplace, b.Ref); other.Override.Mode != 0 {
		t.Errorf("the other marketplace's order got an override %+v", other.Override)
	}
	if _, err := db.SetOverride(ctx, a.Marketplace, a.Ref, 0, "", "", 0); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindOrder(ctx, a.Marketplace, a.Ref); got.Override != (Override{}) {
		t.Errorf("cleared override: got %+v", got.Override)
	}
	if err := db.SetStatus(ctx, 999, logistics.Shipped); !errorsIs(err, ErrNotFound) {
		t.Errorf("SetStatus of unknown order: got %v, want ErrNotFound", err)
	}
	if err := db.SetStatus(ctx, 1, 0); !errorsIs(err, ErrInvalid) {
		t.Errorf("SetStatus 0: got %v, want ErrInvalid", err)
	}
}

// TestSummaryCellsFollowTheData: Summary keeps its sums (summary_cells) and reads
// them back while nothing has moved — a kept sum changed by hand shows — and has
// them right after a change of the orders (a cancellation) or a plan.
func TestSummaryCellsFollowTheData(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 300)
	first, err := f.db.Summary(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var cells int64
	if err := f.db.sql.QueryRowContext(ctx, `SELECT count(*) FROM summary_cells WHERE mode >= 0`).Scan(&cells); err != nil || cells == 0 {
		t.Fatalf("kept cells: %d, %v", cells, err)
	}
	// kept and read back: 7 more in every cell's spend shows as 7 × cells, and the
	// open orders not planned are kept per date (mode -1)
	var unplanned int
	if err := f.db.sql.QueryRowContext(ctx, `SELECT coalesce(sum(orders), 0) FROM summary_cells WHERE mode = -1`).Scan(&unplanned); err != nil || unplanned != first.Unplanned || unplanned == 0 {
		t.Fatalf("kept unplanned: %d, %v; want %d", unplanned, err, first.Unplanned)
	}
	if _, err := f.db.sql.ExecContext(ctx, `UPDATE summary_cells SET spend = spend + 7 WHERE mode >= 0`); err != nil {
		t.Fatal(err)
	}
	kept, err := f.db.Summary(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if kept.Spend != first.Spend+7*cells {
		t.Fatalf("spend from the kept cells: got %d, want %d + 7 × %d", kept.Spend, first.Spend, cells)
	}
	// a cancelled order: the cells kept current by SetStatus, one order fewer
	if _, err := f.db.sql.ExecContext(ctx, `UPDATE summary_cells SET spend = spend - 7 WHERE mode >= 0`); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := f.db.sql.QueryRowContext(ctx, `SELECT d.order_id FROM decisions d JOIN orders o ON o.id = d.order_id
		WHERE o.status = 1 ORDER BY d.order_id LIMIT 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetStatus(ctx, id, logistics.Cancelled); err != nil {
		t.Fatal(err)
	}
	after, err := f.db.Summary(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if after.Orders != first.Orders-1 {
		t.Errorf("orders after a cancellation: got %d, want %d", after.Orders, first.Orders-1)
	}
	// the same as summed from nothing kept
	if _, err := f.db.sql.ExecContext(ctx, `DELETE FROM summary_stamp`); err != nil {
		t.Fatal(err)
	}
	again, err := f.db.Summary(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, again) {
		t.Errorf("after a cancellation:\nkept %+v\nsummed %+v", after, again)
	}
	// a plan moves it too
	if _, err := f.db.sql.ExecContext(ctx, `UPDATE summary_cells SET spend = spend + 7`); err != nil {
		t.Fatal(err)
	}
	in, err := f.db.PlanInput(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	planAll(t, f.db, in)
	replanned, err := f.db.Summary(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.sql.ExecContext(ctx, `DELETE FROM summary_stamp`); err != nil {
		t.Fatal(err)
	}
	if fresh, err := f.db.Summary(ctx, 0, 0); err != nil || !reflect.DeepEqual(replanned, fresh) {
		t.Errorf("after a plan:\nkept %+v\nsummed %+v (%v)", replanned, fresh, err)
	}
}

// TestOrderSearchRefsByReference: the references kept in memory find their orders
// by reference — a reference in two marketplaces is two orders, letters in any
// case — as reading them from the database does; and the first search after the
// database opened waits (SQLite) for them to be read, then finds them in memory.
func TestOrderSearchRefsByReference(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	orders := func(yield func(NewOrder, error) bool) {
		for i, r := range []struct{ ref, market string }{
			{"AB-77x", "amazon"}, {"AB-77x", "ebay"}, {"ab-770", "amazon"}, {"Q-9", "shopify"}, {"#1001", "shopify"},
		} {
			o := genOrder(i)
			o.Ref, o.Marketplace = r.ref, r.market
			if !yield(NewOrder{Order: o}, nil) {
				return
			}
		}
		for i := 5; i < 40; i++ {
			if !yield(NewOrder{Order: genOrder(i)}, nil) {
				return
			}
		}
	}
	mustImport(t, db, orders, "refs")
	cases := []struct {
		search string
		want   int
	}{{"b-77", 3}, {"AB-77X", 2}, {"q-9", 1}, {"#10", 1}, {"b-77x", 2}, {"zz", 0}}
	check := func(how string) {
		t.Helper()
		for _, c := range cases {
			flt := OrderFilter{Search: c.search}
			if n, err := db.CountOrders(ctx, flt); err != nil || n != c.want {
				t.Errorf("%s: CountOrders(%q): got %d, %v; want %d", how, c.search, n, err, c.want)
			}
			if ids, err := db.OrderIDs(ctx, flt); err != nil || len(ids) != c.want {
				t.Errorf("%s: OrderIDs(%q): got %v, %v; want %d", how, c.search, ids, err, c.want)
			}
		}
	}
	if !db.pg {
		// (nothing read yet: the search reads the references and waits)
		check("first search")
		db.refs.mu.Lock()
		built := db.refs.built
		db.refs.mu.Unlock()
		if !built {
			t.Error("the first search did not leave the references in memory")
		}
	}
	for _, few := range []int{1, 2, 0} {
		db.fewOrders = few
		for _, memory := range []bool{false, true} {
			useRefIndex(t, db, memory)
			check(fmt.Sprintf("few %d, in memory %v", few, memory))
		}
	}
}
