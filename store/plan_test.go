package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"shipmode/logistics"

	"pgregory.net/rapid"
)

// sentence is the engine's phrase of key with vals, the values of its
// placeholders in order, as the engine says it.
func sentence(key string, vals ...logistics.Arg) *logistics.Sentence {
	p, ok := logistics.PhraseOf(key)
	if !ok {
		panic("no phrase " + key)
	}
	s := &logistics.Sentence{Phrase: p}
	for i, name := range p.Placeholders() {
		a := vals[i]
		a.Name = name
		s.Args = append(s.Args, a)
	}
	return s
}

func textArg(s string) logistics.Arg { return logistics.Arg{Kind: logistics.ArgText, Text: s} }
func intArg(n int64) logistics.Arg   { return logistics.Arg{Kind: logistics.ArgInt, Num: n} }

// The reasons that decisions share, as the engine shares a zone's or a batch's.
var (
	zone3   = sentence("reason.zone", textArg("CN-POST-ECO"), textArg("3"))
	zoneEU  = sentence("reason.zone", textArg("FDX-IP"), textArg("EU"))
	departs = sentence("reason.batch", textArg("LANE-SZX-CDG"), logistics.Arg{Kind: logistics.ArgDate, Num: int64(logistics.DateOf(2026, 5, 6))},
		logistics.Arg{Kind: logistics.ArgDec, Num: 8_030_000_000}, intArg(1), logistics.Arg{Kind: logistics.ArgDec})
	noStock = sentence("reason.stock", textArg("WH-PL-WAW"), intArg(0), textArg("SKU-001"), intArg(1))
)

// testDecision is a deterministic decision for order o (the i-th): five options of
// all four modes, some infeasible; every 50th order is unassignable, every 7th at
// SLA risk. Its reasons are shared but one, made for the order.
func testDecision(o logistics.Order, i int) logistics.Decision {
	opt := func(m logistics.Mode, id string, feasible bool, reason *logistics.Sentence, days int, freight, fees int64) logistics.Option {
		c := logistics.Components{Freight: freight, Surcharges: freight / 10, Fuel: freight / 20, Fees: fees, Storage: fees / 3, Headhaul: 11, Duties: int64(i % 13)}
		op := logistics.Option{Mode: m, ID: id, Feasible: feasible, Reason: reason}
		if feasible {
			op.TransitDays, op.ChargeableG, op.Components, op.Total = days, 500+int64(i%900), c, c.Total()
		}
		if m == logistics.ModeConsolidation {
			op.Departure = o.Date + 3
		}
		return op
	}
	all := i%50 != 0
	opts := []logistics.Option{
		opt(logistics.ModeDirect, "CN-POST-ECO", all && i%8 != 5, zone3, 24, 900+int64(i%300), 0),
		opt(logistics.ModeDirect, "FDX-IP", all && i%4 != 1, zoneEU, 6, 2100+int64(i%500), 0),
		opt(logistics.ModeConsolidation, "LANE-SZX-CDG", all && i%3 != 0, departs, 12, 400+int64(i%200), 120),
		opt(logistics.ModeWarehouse, "WH-PL-WAW", all && i%5 == 1, noStock, 3, 300, 450),
		opt(logistics.ModeLocal, "FW-FR-PAR", false, sentence("reason.notServed", textArg("FW-FR-PAR"), textArg(o.Country)), 0, 0, 0),
	}
	d := logistics.Decision{OrderRef: o.Ref, Date: o.Date, Country: o.Country, Currency: "EUR", Chosen: -1,
		SLARisk: all && i%7 == 0, Options: opts, Promise: o.PromisedDays}
	for k := range opts {
		if opts[k].Feasible && (d.Chosen < 0 || opts[k].Total < opts[d.Chosen].Total) {
			d.Chosen = k
		}
	}
	d.Reason = reasonOf(&d)
	return d
}

// wantDirectBaseline is the direct-mail baseline of d (SPEC §6), computed here
// without logistics: the cheapest direct option that keeps the promise, else the
// fastest (testDecision's direct options never tie).
func wantDirectBaseline(d *logistics.Decision) Cost {
	var keep, fast Cost
	fastDays := 0
	for _, o := range d.Options {
		if !o.Feasible || o.Mode != logistics.ModeDirect {
			continue
		}
		if (d.Promise == 0 || o.TransitDays <= d.Promise) && (!keep.Feasible || o.Total < keep.Minor) {
			keep = Cost{o.Total, true}
		}
		if !fast.Feasible || o.TransitDays < fastDays {
			fast, fastDays = Cost{o.Total, true}, o.TransitDays
		}
	}
	if keep.Feasible {
		return keep
	}
	return fast
}

// reasonOf is the explanation the engine gives d.
func reasonOf(d *logistics.Decision) string {
	x := logistics.Explain(d.Options, d.Promise, d.Override)
	return string(x.AppendText(nil, d.Options, d.Currency))
}

// planAll plans every open order of in with testDecision.
func planAll(t *testing.T, db *DB, in PlanInput) PlanRun {
	t.Helper()
	run, err := db.SavePlan(context.Background(), PlanRun{From: 1, To: 2, Rounds: 3}, func(save func(int64, *logistics.Decision) error) error {
		for i := range in.Orders {
			d := testDecision(in.Orders[i].Order, int(in.IDs[i]))
			if err := save(in.IDs[i], &d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("SavePlan: %v", err)
	}
	return run
}

func TestPlanInput(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, genOrders(0, 400), "a")
	var ids []int64
	for _, i := range []int{3, 4, 5} {
		o, _ := db.FindOrder(ctx, genOrder(i).Marketplace, genOrder(i).Ref)
		ids = append(ids, o.ID)
	}
	db.SetStatus(ctx, ids[0], logistics.Shipped)
	db.SetStatus(ctx, ids[1], logistics.Cancelled)
	if _, err := db.SetOverride(ctx, "", genOrder(5).Ref, logistics.ModeLocal, "FW-FR-PAR", "fresh food \x1f 1 2", 0); err != nil {
		t.Fatal(err)
	}

	in, err := db.PlanInput(ctx, logistics.NoDate, logistics.NoDate)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Orders) != 398 || len(in.IDs) != 398 || len(in.Current) != 398 || len(in.Shipped) != 1 {
		t.Fatalf("sizes: got %d orders, %d ids, %d current, %d shipped; want 398, 398, 398, 1",
			len(in.Orders), len(in.IDs), len(in.Current), len(in.Shipped))
	}
	if s := in.Shipped[0]; s.ID != ids[0] || !reflect.DeepEqual(s.Order, genOrder(3)) {
		t.Errorf("shipped: got %d %+v, want %d %+v", s.ID, s.Order, ids[0], genOrder(3))
	}
	for i := range in.Orders {
		o := &in.Orders[i].Order
		if i > 0 {
			p := &in.Orders[i-1].Order
			if p.Date > o.Date || p.Date == o.Date && p.Ref > o.Ref {
				t.Fatalf("not in planning order at %d: %s %s after %s %s", i, o.Date, o.Ref, p.Date, p.Ref)
			}
		}
		stored, err := db.Order(ctx, in.IDs[i])
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*o, stored.Order) {
			t.Errorf("order %d: got %+v, want %+v", in.IDs[i], *o, stored.Order)
		}
		ov := in.Orders[i].Override
		if in.IDs[i] == ids[2] {
			if ov == nil || *ov != (logistics.Override{Mode: logistics.ModeLocal, Option: "FW-FR-PAR", Reason: "fresh food \x1f 1 2"}) {
				t.Errorf("override: got %+v", ov)
			}
		} else if ov != nil {
			t.Errorf("order %d: unexpected override %+v", in.IDs[i], ov)
		}
		if in.Current[i] != (Assignment{}) {
			t.Errorf("order %d before any plan: got assignment %+v", in.IDs[i], in.Current[i])
		}
	}
	// A period: genOrder dates step by a day every ~1667 orders, so use the date of
	// the first order only.
	day := genOrder(0).Date
	part, err := db.PlanInput(ctx, day, day)
	if err != nil {
		t.Fatal(err)
	}
	if len(part.Orders) != 398 {
		t.Errorf("period of one day: got %d orders, want 398", len(part.Orders))
	}
	if none, _ := db.PlanInput(ctx, day+1, 0); len(none.Orders)+len(none.Shipped) != 0 {
		t.Errorf("period after every order: got %d orders", len(none.Orders))
	}

	// After a plan, Current and Shipped carry the assignments.
	planAll(t, db, in)
	db.SetStatus(ctx, in.IDs[7], logistics.Shipped)
	in2, err := db.PlanInput(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range in2.Orders {
		d := testDecision(in2.Orders[i].Order, int(in2.IDs[i]))
		want := Assignment{}
		if c, ok := d.ChosenOption(); ok {
			want = Assignment{Mode: c.Mode, Option: c.ID, Total: c.Total}
		}
		if in2.Current[i] != want {
			t.Errorf("order %d: assignment got %+v, want %+v", in2.IDs[i], in2.Current[i], want)
		}
	}
	if len(in2.Planned()) == 0 || len(in2.Planned()) >= len(in2.Orders) {
		t.Errorf("Planned: got %d of %d orders, want some but not the unassignable ones", len(in2.Planned()), len(in2.Orders))
	}
	var found bool
	for _, s := range in2.Shipped {
		if s.ID == in.IDs[7] {
			found = true
			d := testDecision(s.Order, int(s.ID))
			c, _ := d.ChosenOption()
			if s.Assignment != (Assignment{Mode: c.Mode, Option: c.ID, Total: c.Total}) {
				t.Errorf("shipped assignment: got %+v, want %v %s %d", s.Assignment, c.Mode, c.ID, c.Total)
			}
		}
	}
	if !found {
		t.Errorf("order %d set shipped is not in Shipped", in.IDs[7])
	}
}

func TestSavePlanAndDecision(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, genOrders(0, 300), "a")
	in, _ := db.PlanInput(ctx, 0, 0)
	run := planAll(t, db, in)
	if run.ID == 0 || run.Decisions != 300 || run.FinishedAt.Before(run.StartedAt) || run.Rounds != 3 {
		t.Errorf("run: got %+v", run)
	}
	for i, id := range in.IDs {
		want := testDecision(in.Orders[i].Order, int(id))
		got, err := db.Decision(ctx, id)
		if err != nil {
			t.Fatalf("Decision(%d): %v", id, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Decision(%d):\ngot  %+v\nwant %+v", id, got, want)
		}
	}
	// The derived columns: per-mode cheapest, best, chosen components.
	if _, err := db.SetOverride(ctx, "", in.Orders[4].Order.Ref, logistics.ModeDirect, "", "VIP customer", 0); err != nil {
		t.Fatal(err)
	}
	var rows []ReportRow
	if err := db.EachReportRow(ctx, 0, 0, func(r ReportRow) error { rows = append(rows, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 300 {
		t.Fatalf("report rows: got %d, want 300", len(rows))
	}
	for _, r := range rows {
		d := testDecision(genOrderByRef(t, db, r.OrderID), int(r.OrderID))
		var want [5]Cost
		var best Cost
		for _, o := range d.Options {
			if !o.Feasible {
				continue
			}
			if c := &want[o.Mode]; !c.Feasible || o.Total < c.Minor {
				*c = Cost{o.Total, true}
			}
			if !best.Feasible || o.Total < best.Minor {
				best = Cost{o.Total, true}
			}
		}
		o := genOrderByRef(t, db, r.OrderID)
		var units int64
		for _, l := range o.Lines {
			units += l.Qty
		}
		wantOverride := ""
		if r.OrderID == in.IDs[4] {
			wantOverride = "VIP customer"
		}
		if r.Units != units || r.OverrideReason != wantOverride || r.Ref != o.Ref || r.Date != o.Date ||
			r.Country != o.Country || r.Marketplace != o.Marketplace || r.Status != logistics.Open || r.Currency != "EUR" {
			t.Errorf("order %d: report row %+v, want units %d override %q of order %+v", r.OrderID, r, units, wantOverride, o)
		}
		if r.ByMode != want || r.Best != best {
			t.Errorf("order %d: by mode got %+v best %+v, want %+v %+v", r.OrderID, r.ByMode, r.Best, want, best)
		}
		if w := wantDirectBaseline(&d); r.DirectBaseline != w {
			t.Errorf("order %d: direct-mail baseline got %+v, want %+v", r.OrderID, r.DirectBaseline, w)
		}
		c, ok := d.ChosenOption()
		if !ok {
			c = logistics.Option{}
		}
		if r.Mode != c.Mode || r.Option != c.ID || r.Components != c.Components || r.Total != c.Total ||
			r.ChargeableG != c.ChargeableG || r.TransitDays != c.TransitDays || r.SLARisk != d.SLARisk || r.Reason != d.Reason {
			t.Errorf("order %d: report row %+v does not match decision %+v", r.OrderID, r, d)
		}
	}

	// A second plan replaces decisions; a decision of an order not in it stays.
	d0, _ := db.Decision(ctx, in.IDs[0])
	var second string
	_, err := db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
		for i := 1; i < len(in.IDs); i++ {
			d := testDecision(in.Orders[i].Order, int(in.IDs[i]))
			d.Promise = 3 // another explanation
			d.Reason = reasonOf(&d)
			if i == 1 {
				second = d.Reason
			}
			if err := save(in.IDs[i], &d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, "decisions"); got != 300 {
		t.Errorf("decisions after a second plan: got %d, want 300", got)
	}
	if d, _ := db.Decision(ctx, in.IDs[1]); d.Reason != second || d.Promise != 3 {
		t.Errorf("replaced decision: got reason %q, promise %d; want %q, 3", d.Reason, d.Promise, second)
	}
	if d, _ := db.Decision(ctx, in.IDs[0]); !reflect.DeepEqual(d, d0) {
		t.Errorf("decision outside the second plan changed")
	}
	if got := count(t, db, "plan_runs"); got != 2 {
		t.Errorf("plan runs: got %d, want 2", got)
	}
	// A run names the rate book version it planned with; an unknown one is refused.
	v, err := db.SaveRateBook(ctx, sampleRateBook(), "book.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   int64
		want error
	}{{v.ID, nil}, {v.ID + 100, ErrConflict}} {
		_, err := db.SavePlan(ctx, PlanRun{RateBookID: tc.id}, func(func(int64, *logistics.Decision) error) error { return nil })
		if (tc.want == nil) != (err == nil) || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("SavePlan with rate book %d: got %v, want %v", tc.id, err, tc.want)
		}
	}

	// Cancelling drops the decision; so does a changed open order; a changed shipped
	// order keeps its decision with its new date.
	db.SetStatus(ctx, in.IDs[0], logistics.Cancelled)
	if _, err := db.Decision(ctx, in.IDs[0]); !errors.Is(err, ErrNotFound) {
		t.Errorf("decision of a cancelled order: got %v, want ErrNotFound", err)
	}
	db.SetStatus(ctx, in.IDs[2], logistics.Shipped)
	o1, o2 := in.Orders[1].Order, in.Orders[2].Order
	o1.PromisedDays, o2.Date = 99, o2.Date+40
	mustImport(t, db, OrderSlice([]logistics.Order{o1, o2}), "b")
	if _, err := db.Decision(ctx, in.IDs[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("decision of a changed open order: got %v, want ErrNotFound", err)
	}
	if d, err := db.Decision(ctx, in.IDs[2]); err != nil || d.Date != o2.Date {
		t.Errorf("decision of a changed shipped order: got date %v, %v; want %v", d.Date, err, o2.Date)
	}
}

// genOrderByRef returns the stored order with id.
func genOrderByRef(t *testing.T, db *DB, id int64) logistics.Order {
	t.Helper()
	o, err := db.Order(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o.Order
}

func TestSavePlanAtomic(t *testing.T) {
	errEngine := errors.New("engine broke")
	for _, tc := range []struct {
		name string
		fail func(i int, cancel func()) error // called before saving the i-th decision
		bad  bool                             // save an unknown order id at 2500
		want error
	}{
		{"plan error", func(i int, _ func()) error {
			if i == 2500 {
				return errEngine
			}
			return nil
		}, false, errEngine},
		{"cancel", func(i int, cancel func()) error {
			if i == 2500 {
				cancel()
			}
			return nil
		}, false, context.Canceled},
		{"error before any save", func(i int, _ func()) error { return errEngine }, false, errEngine},
		{"unknown order", nil, true, ErrConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			mustImport(t, db, genOrders(0, 3000), "a")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			in, _ := db.PlanInput(ctx, 0, 0)
			_, err := db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
				for i := range in.Orders {
					if tc.fail != nil {
						if err := tc.fail(i, cancel); err != nil {
							return err
						}
					}
					id := in.IDs[i]
					if tc.bad && i == 2500 {
						id = 1 << 40
					}
					d := testDecision(in.Orders[i].Order, i)
					if err := save(id, &d); err != nil {
						return err
					}
				}
				return nil
			})
			if !errors.Is(err, tc.want) {
				t.Errorf("SavePlan: got %v, want %v", err, tc.want)
			}
			if n := count(t, db, "decisions") + count(t, db, "plan_runs"); n != 0 {
				t.Errorf("rows stored by a failed plan: got %d, want 0", n)
			}
			// Still usable.
			planAll(t, db, in)
			if n := count(t, db, "decisions"); n != 3000 {
				t.Errorf("decisions after a good plan: got %d, want 3000", n)
			}
		})
	}
}

func TestOptionsCodec(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		optionIDs := []string{"", "FDX-IP", "LANE-SZX-CDG", "仓库", "WH"}
		n := rapid.IntRange(0, 12).Draw(t, "n")
		opts := make([]logistics.Option, n)
		for i := range opts {
			num := func(name string) int64 { return rapid.Int64().Draw(t, name) }
			opts[i] = logistics.Option{
				Mode:        logistics.Mode(rapid.IntRange(0, 4).Draw(t, "mode")),
				ID:          rapid.SampledFrom(optionIDs).Draw(t, "id"),
				Feasible:    rapid.Bool().Draw(t, "feasible"),
				Reason:      genReason(t, 0, "reason"),
				TransitDays: rapid.IntRange(-1, 400).Draw(t, "days"),
				ChargeableG: num("g"),
				Components: logistics.Components{Freight: num("a"), Surcharges: num("b"), Fuel: num("c"), Fees: num("d"),
					Storage: num("e"), Headhaul: num("f"), Duties: num("h")},
				Total:     num("total"),
				Departure: logistics.Date(rapid.Int32().Draw(t, "dep")),
			}
		}
		d := logistics.Decision{Options: opts, Promise: rapid.IntRange(0, 60).Draw(t, "promise")}
		want := slices.Clone(opts)
		for i := range want {
			if want[i].Reason.IsZero() { // Verbatim(""): no reason
				want[i].Reason = nil
			}
			if !want[i].Feasible { // only its mode, id, reason and departure are kept
				want[i] = logistics.Option{Mode: want[i].Mode, ID: want[i].ID, Reason: want[i].Reason, Departure: want[i].Departure}
			}
		}
		if rapid.Bool().Draw(t, "overridden") {
			d.Override = &logistics.Override{Mode: logistics.Mode(rapid.IntRange(1, 4).Draw(t, "ovmode")),
				Option: rapid.SampledFrom(optionIDs).Draw(t, "ovopt"), Reason: rapid.String().Draw(t, "ovwhy")}
		}
		var texts testTexts
		b := encodeOptions(&d, texts.id, texts.reason)
		dec, err := decodeOptions(b)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if err := dec.resolve(texts.book()); err != nil {
			t.Fatalf("resolve: %v", err)
		}
		if dec.promise != d.Promise || !reflect.DeepEqual(dec.override, d.Override) {
			t.Fatalf("promise, override: got %d %+v, want %d %+v", dec.promise, dec.override, d.Promise, d.Override)
		}
		got := dec.opts
		if len(opts) == 0 && len(got) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round trip:\ngot  %+v\nwant %+v", got, want)
		}
		// Cut short or with a byte changed it fails or decodes without panicking.
		if len(b) > 1 {
			decodeOptions(b[:rapid.IntRange(0, len(b)-1).Draw(t, "cut")])
			c := append([]byte(nil), b...)
			c[rapid.IntRange(0, len(c)-1).Draw(t, "at")] ^= byte(rapid.IntRange(1, 255).Draw(t, "x"))
			decodeOptions(c)
		}
	})
}

// testTexts is a texts table for the options codec.
type testTexts struct {
	dict map[string]int64
	list []string
}

func (tt *testTexts) id(s string) int64 {
	if s == "" {
		return 0
	}
	if tt.dict == nil {
		tt.dict = map[string]int64{}
	}
	if _, ok := tt.dict[s]; !ok {
		tt.list = append(tt.list, s)
		tt.dict[s] = int64(len(tt.list))
	}
	return tt.dict[s]
}

func (tt *testTexts) reason(s *logistics.Sentence) int64 {
	if s.IsZero() {
		return 0
	}
	return tt.id(string(appendSentence(nil, s)))
}

func (tt *testTexts) book() *textBook {
	byID := map[int64]string{}
	for i, s := range tt.list {
		byID[int64(i+1)] = s
	}
	return newTextBook(byID)
}

// genReason draws a reason: none, Verbatim, or a phrase of the engine with values
// of every kind (with any text in them) and nested reasons.
func genReason(t *rapid.T, depth int, label string) *logistics.Sentence {
	switch rapid.IntRange(0, 4).Draw(t, label) {
	case 0:
		return nil
	case 1:
		return logistics.Verbatim(rapid.String().Draw(t, label+".text"))
	}
	p := rapid.SampledFrom(logistics.Phrases()).Draw(t, label+".phrase")
	var vals []logistics.Arg
	for _, name := range p.Placeholders() {
		l := label + "." + name
		a := logistics.Arg{Kind: logistics.ArgKind(rapid.IntRange(1, 7).Draw(t, l+".kind"))}
		switch a.Kind {
		case logistics.ArgText:
			a.Text = rapid.SampledFrom([]string{"", "FDX-IP", "a (b) \"c\" 1:2", rapid.String().Draw(t, l)}).Draw(t, l)
		case logistics.ArgReason:
			if depth < 3 && rapid.Bool().Draw(t, l+".nested") {
				if a.Inner = genReason(t, depth+1, l); a.Inner == nil {
					a.Inner = logistics.Verbatim("")
				}
			} else {
				a.Text = rapid.String().Draw(t, l)
			}
		case logistics.ArgMoney:
			a.Text = rapid.SampledFrom([]string{"EUR", "JPY", "", "X Y)"}).Draw(t, l+".cur")
			a.Num = rapid.Int64().Draw(t, l)
		default:
			a.Num = rapid.Int64().Draw(t, l)
		}
		vals = append(vals, a)
	}
	return sentence(p.Key, vals...)
}

// TestSentenceCodec: a reason reads back as it was written, said the same; text
// that is not a reason fails or reads back as what it says, without panicking.
func TestSentenceCodec(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := genReason(t, 0, "reason")
		if want.IsZero() {
			return
		}
		text := string(appendSentence(nil, want))
		got, err := parseSentence(text)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\ngot  %+v\nwant %+v", text, got, want)
		}
		if got.String() != want.String() {
			t.Fatalf("%q: got %q, want %q", text, got.String(), want.String())
		}
		cut := text[:rapid.IntRange(0, len(text)-1).Draw(t, "cut")]
		if s, err := parseSentence(cut); err == nil {
			if again := string(appendSentence(nil, s)); again != cut {
				t.Fatalf("%q read back as %q", cut, again)
			}
		}
	})
}

func TestSentenceCodecText(t *testing.T) {
	over := sentence("reason.overWeight", textArg("CN-POST"), intArg(2190), intArg(2000))
	via := sentence("reason.via", textArg("WH-1"), logistics.Arg{Kind: logistics.ArgReason, Inner: over})
	tests := []struct {
		s    *logistics.Sentence
		want string
	}{
		{over, "reason.overWeight t7:CN-POST i2190 i2000"},
		{via, "reason.via t4:WH-1 r(reason.overWeight t7:CN-POST i2190 i2000)"},
		{logistics.Verbatim("kept: in (English)"), `"18:kept: in (English)`},
		{sentence("reason.batch", textArg("L"), logistics.Arg{Kind: logistics.ArgDate, Num: 20000},
			logistics.Arg{Kind: logistics.ArgDec, Num: 1.5e9}, intArg(3), logistics.Arg{Kind: logistics.ArgDec}), "reason.batch t1:L d20000 n1500000000 i3 n0"},
		// a sentence of another catalog is kept as its English
		{&logistics.Sentence{Phrase: logistics.Phrase{Key: "import.badQty", Text: "qty {v} is not a number"}, Args: []logistics.Arg{{Name: "v", Text: "x"}}},
			`"21:qty x is not a number`},
	}
	for _, tt := range tests {
		if got := string(appendSentence(nil, tt.s)); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
		s, err := parseSentence(tt.want)
		if err != nil || s.String() != tt.s.String() {
			t.Errorf("%q: got %q, %v; want %q", tt.want, s.String(), err, tt.s.String())
		}
	}
	for _, bad := range []string{"", "reason.nonesuch", "reason.zone t9:FDX", "reason.zone x1", "reason.via t1:W r(reason.zone t1:A t1:B",
		"reason.zone t1:A t1:B)", "reason.overWeight t1:S iX i2", `"5:abc`, "reason.zone  t1:A", strings.Repeat("reason.via t1:W r(", 20) + "reason.noSKU" + strings.Repeat(")", 20)} {
		if s, err := parseSentence(bad); err == nil {
			t.Errorf("%q: got %+v, want an error", bad, s)
		}
	}
}

// FuzzParseSentence: whatever the texts table holds, reading a reason fails or
// gives a sentence whose text reads back the same.
func FuzzParseSentence(f *testing.F) {
	f.Add("reason.via t4:WH-1 r(reason.overWeight t7:CN-POST i2190 i2000)")
	f.Add(`"3:abc`)
	f.Add("explain.cheapest m4 t6:FDX-IP $3:EUR1230")
	f.Fuzz(func(t *testing.T, text string) {
		s, err := parseSentence(text)
		if err != nil {
			return
		}
		again, err := parseSentence(string(appendSentence(nil, s)))
		if err != nil || again.String() != s.String() {
			t.Fatalf("%q: read %q, again %q (%v)", text, s.String(), again.String(), err)
		}
	})
}

// PlanInputFunc hands over growing prefixes of the final, sorted orders, whole days
// at a time, and all of them at the end.
func TestPlanInputFuncPrefixes(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, genOrders(0, 20_000), "a")
	type call struct {
		n    int
		refs []string
	}
	var calls []call
	in, err := db.PlanInputFunc(ctx, 0, 0, func(orders []logistics.PlanOrder) {
		c := call{n: len(orders)}
		for i := range orders {
			c.refs = append(c.refs, orders[i].Order.Ref)
		}
		calls = append(calls, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) < 3 {
		t.Fatalf("got %d calls of ready, want several for 20,000 orders over many days", len(calls))
	}
	if in.Current != nil || len(in.IDs) != len(in.Orders) {
		t.Errorf("got %d assignments and %d ids for %d orders, want none and one each", len(in.Current), len(in.IDs), len(in.Orders))
	}
	if last := calls[len(calls)-1]; last.n != len(in.Orders) {
		t.Errorf("last call: got %d orders, want all %d", last.n, len(in.Orders))
	}
	for k, c := range calls {
		if k > 0 && c.n <= calls[k-1].n {
			t.Errorf("call %d: %d orders, not more than before (%d)", k, c.n, calls[k-1].n)
		}
		if c.n < len(in.Orders) && in.Orders[c.n].Order.Date == in.Orders[c.n-1].Order.Date {
			t.Errorf("call %d ends inside a day (%s)", k, in.Orders[c.n].Order.Date)
		}
		for i, ref := range c.refs {
			if ref != in.Orders[i].Order.Ref {
				t.Fatalf("call %d, order %d: got %s, the final order there is %s", k, i, ref, in.Orders[i].Order.Ref)
			}
		}
	}
}

// The explanation is not stored but rebuilt when read, from the options, the promise
// and the override the decision was made under: it reads back exactly as the engine
// wrote it, in the detail panel and in the report rows.
func TestDecisionExplanationRebuilt(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, genOrders(0, 40), "a")
	in, _ := db.PlanInput(ctx, 0, 0)
	want := map[int64]string{}
	_, err := db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
		for i := range in.Orders {
			d := testDecision(in.Orders[i].Order, i)
			if i%3 == 0 {
				d.Override = &logistics.Override{Mode: logistics.ModeDirect, Reason: "customer asked, 快递"}
			}
			d.Reason = reasonOf(&d)
			want[in.IDs[i]] = d.Reason
			if err := save(in.IDs[i], &d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stored := count(t, db, "decisions WHERE reason = ''"); stored != len(in.Orders) {
		t.Errorf("decisions without a stored explanation: got %d, want all %d", stored, len(in.Orders))
	}
	kept := 0
	for id, w := range want {
		d, err := db.Decision(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Reason != w {
			t.Errorf("order %d: got %q, want %q", id, d.Reason, w)
		}
		if strings.HasPrefix(d.Reason, "kept on direct by override (customer asked, 快递)") {
			kept++
		}
	}
	if kept != 14 {
		t.Errorf("overridden explanations read back: got %d, want 14", kept)
	}
	err = db.EachReportRow(ctx, 0, 0, func(r ReportRow) error {
		if r.Reason != want[r.OrderID] {
			t.Errorf("report row %d: got %q, want %q", r.OrderID, r.Reason, want[r.OrderID])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPlanSaverText: the ids of texts are those of the texts map whether a string
// comes again as the same bytes (the cache) or as a copy, and every new text is
// handed to the writer once.
func TestPlanSaverText(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ps := &planSaver{texts: map[string]int64{"known": 7}, nextText: 8}
		pool := []string{"known", "WH-PL-WAW via DPD-PL zone PL", "a", "b", "ab"}
		want := map[string]int64{"known": 7}
		for _, k := range rapid.SliceOfN(rapid.IntRange(0, 2*len(pool)-1), 1, 200).Draw(t, "picks") {
			s := pool[k%len(pool)]
			if k >= len(pool) {
				s = strings.Clone(s) // the same text at another address
			}
			got := ps.text(s)
			w, ok := want[s]
			if !ok {
				w = int64(len(want)) + 7
				want[s] = w
			}
			if got != w {
				t.Fatalf("text(%q): got %d, want %d", s, got, w)
			}
		}
		if got := ps.text(""); got != 0 {
			t.Fatalf(`text(""): got %d, want 0`, got)
		}
		seen := map[string]bool{}
		for _, r := range ps.chunk.texts {
			if seen[r.text] || want[r.text] != r.id || r.text == "known" {
				t.Fatalf("texts for the writer: %+v", ps.chunk.texts)
			}
			seen[r.text] = true
		}
		if len(seen) != len(want)-1 {
			t.Fatalf("texts for the writer: got %d, want %d", len(seen), len(want)-1)
		}
	})
}

// TestPlanSaverReason: the ids of reasons are those of the texts of their sentences
// whether a sentence comes again with the same values (the cache) or as a copy, two
// sentences that say the same have one id, and every new text is handed to the
// writer once.
func TestPlanSaverReason(t *testing.T) {
	stock := func(have int64) *logistics.Sentence {
		return sentence("reason.stock", textArg("WH-1"), intArg(have), textArg("MUG"), intArg(2))
	}
	noSKU, _ := logistics.PhraseOf("reason.noSKU")
	pool := []*logistics.Sentence{zone3, zoneEU, stock(0), stock(1), logistics.Verbatim("kept in English"),
		{Phrase: noSKU}, sentence("reason.note", textArg("kept in English"))}
	rapid.Check(t, func(t *rapid.T) {
		ps := &planSaver{texts: map[string]int64{"known": 7}, nextText: 8}
		want := map[string]int64{"known": 7}
		for _, k := range rapid.SliceOfN(rapid.IntRange(0, 2*len(pool)-1), 1, 200).Draw(t, "picks") {
			s := pool[k%len(pool)]
			if k >= len(pool) {
				c := *s // the same sentence elsewhere
				s = &c
			}
			text := string(appendSentence(nil, s))
			got := ps.reason(s)
			w, ok := want[text]
			if !ok {
				w = int64(len(want)) + 7
				want[text] = w
			}
			if got != w {
				t.Fatalf("reason(%q): got %d, want %d", text, got, w)
			}
		}
		if got := ps.reason(nil); got != 0 {
			t.Fatalf("no reason: got %d, want 0", got)
		}
		seen := map[string]bool{}
		for _, r := range ps.chunk.texts {
			if seen[r.text] || want[r.text] != r.id {
				t.Fatalf("texts for the writer: %+v", ps.chunk.texts)
			}
			seen[r.text] = true
		}
		if len(seen) != len(want)-1 {
			t.Fatalf("texts for the writer: got %d, want %d", len(seen), len(want)-1)
		}
	})
}

// TestDecisionOfVersion3: a decision a plan stored before reasons were sentences
// holds each option's reason as its English; it reads back as that text, Verbatim,
// and the explanation as before.
func TestDecisionOfVersion3(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, genOrders(0, 60), "a")
	in, _ := db.PlanInput(ctx, 0, 0)
	planAll(t, db, in)
	// Store every decision as version 3 would have: the English of each reason.
	texts := map[string]int64{}
	var maxID int64
	rs, err := db.sql.QueryContext(ctx, `SELECT id, text FROM texts`)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var id int64
		var s string
		if err := rs.Scan(&id, &s); err != nil {
			t.Fatal(err)
		}
		texts[s], maxID = id, max(maxID, id)
	}
	rs.Close()
	var rows [][2]any
	text := func(s string) int64 {
		if s == "" {
			return 0
		}
		if id, ok := texts[s]; ok {
			return id
		}
		maxID++
		texts[s] = maxID
		rows = append(rows, [2]any{maxID, s})
		return maxID
	}
	want := map[int64]logistics.Decision{}
	for i := range in.Orders {
		d := testDecision(in.Orders[i].Order, int(in.IDs[i]))
		d.Reason = reasonOf(&d)
		want[in.IDs[i]] = d
		b := encodeOptions(&d, text, func(s *logistics.Sentence) int64 { return text(s.String()) })
		b[0] = 3
		if _, err := db.sql.ExecContext(ctx, `UPDATE decisions SET options = ? WHERE order_id = ?`, b, in.IDs[i]); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range rows {
		if _, err := db.sql.ExecContext(ctx, `INSERT INTO texts (id, text) VALUES (?, ?)`, r[0], r[1]); err != nil {
			t.Fatal(err)
		}
	}
	for id, w := range want {
		d, err := db.Decision(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Reason != w.Reason {
			t.Errorf("order %d: got explanation %q, want %q", id, d.Reason, w.Reason)
		}
		for k, o := range d.Options {
			if got, want := o.Reason, logistics.Verbatim(w.Options[k].Reason.String()); !reflect.DeepEqual(got, want) && !(got.IsZero() && want.IsZero()) {
				t.Errorf("order %d option %s: got %+v, want %+v", id, o.ID, got, want)
			}
		}
	}
	err = db.EachReportRow(ctx, 0, 0, func(r ReportRow) error {
		if r.Reason != want[r.OrderID].Reason {
			t.Errorf("report row %d: got %q, want %q", r.OrderID, r.Reason, want[r.OrderID].Reason)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A decision for an order id that no order has fails the plan, whether the order
// ids have gaps or not: ids 1..3000 without a gap (the check looks only below the
// smallest id and beyond the largest), then with orders 1, 1500 and 3000 deleted
// (the check reads every id). Each case saves every other order plus the bad id.
func TestSavePlanUnknownOrder(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		deleted []int64
		bad     int64 // 0: none
	}{
		{"dense, all known", nil, 0},
		{"dense, beyond the largest id", nil, 3001},
		{"gaps, all known", []int64{1, 1500, 3000}, 0},
		{"gaps, the first deleted", []int64{1, 1500, 3000}, 1},
		{"gaps, one in the middle deleted", []int64{1, 1500, 3000}, 1500},
		{"gaps, the largest deleted", []int64{1, 1500, 3000}, 3000},
		{"gaps, beyond the largest id", []int64{1, 1500, 3000}, 3001},
		{"first deleted only: below the smallest id", []int64{1}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			mustImport(t, db, genOrders(0, 3000), "a")
			for _, id := range tc.deleted {
				if _, err := db.sql.ExecContext(ctx, `DELETE FROM orders WHERE id = ?`, id); err != nil {
					t.Fatal(err)
				}
			}
			in, err := db.PlanInput(ctx, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
				for i := 0; i < len(in.Orders); i += 2 {
					d := testDecision(in.Orders[i].Order, i)
					if err := save(in.IDs[i], &d); err != nil {
						return err
					}
				}
				if tc.bad != 0 {
					d := testDecision(in.Orders[0].Order, 0)
					return save(tc.bad, &d)
				}
				return nil
			})
			if tc.bad == 0 && err != nil {
				t.Errorf("SavePlan: %v, want no error", err)
			}
			if tc.bad != 0 && (!errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), fmt.Sprintf("order %d,", tc.bad))) {
				t.Errorf("SavePlan: got %v, want ErrConflict naming order %d", err, tc.bad)
			}
		})
	}
}

// A decision's chosen option (mode and id) and currency are written as literals of
// the statement: any text comes back as it was, quotes and bytes outside printable
// ASCII included, an unassignable decision has no mode, and decisions of several
// currencies and options in one plan each keep their own. The plan is saved twice:
// inserted, then replacing every decision.
func TestSavePlanLiterals(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, genOrders(0, 300), "a")
	in, err := db.PlanInput(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	currencies := []string{"EUR", "it's", "NUL\x00x", "é€", ""}
	if db.pg {
		currencies[2] = "NUL-x" // (PostgreSQL's text holds no NUL at all)
	}
	options := []string{"FDX-IP", "'; DROP TABLE orders; --", "tab\there", "区", ""}
	for pass := range 2 {
		want := map[int64][3]any{} // mode, option_id, currency
		_, err = db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
			for i := range in.Orders {
				d := testDecision(in.Orders[i].Order, i+pass)
				d.Currency = currencies[(i+pass)%len(currencies)]
				w := [3]any{nil, "", d.Currency}
				if d.Chosen >= 0 {
					d.Options[d.Chosen].ID = options[(i/3+pass)%len(options)]
					w[0], w[1] = int64(d.Options[d.Chosen].Mode), d.Options[d.Chosen].ID
				}
				want[in.IDs[i]] = w
				if err := save(in.IDs[i], &d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for id, w := range want {
			var mode sql.NullInt64
			var option, currency string
			if err := db.sql.QueryRowContext(ctx, `SELECT mode, option_id, currency FROM decisions WHERE order_id = ?`, id).Scan(&mode, &option, &currency); err != nil {
				t.Fatal(err)
			}
			got := [3]any{nil, option, currency}
			if mode.Valid {
				got[0] = mode.Int64
			}
			if got != w {
				t.Fatalf("pass %d, order %d: got mode, option, currency %q, want %q", pass, id, got, w)
			}
		}
	}
}

// TestSortInSmallRuns: a plan's writer builds the decisions' indexes with
// temp_store = FILE (1) and a cache of sortCacheKiB, and the connection's settings
// (MEMORY, 2, and the cache_size the writer had) are back after.
func TestSortInSmallRuns(t *testing.T) {
	ctx := context.Background()
	db := openFile(t)
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -16384`); err != nil {
		t.Fatal(err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	settings := func() (store, cache int) {
		t.Helper()
		if err := tx.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&store); err != nil {
			t.Fatal(err)
		}
		if err := tx.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
			t.Fatal(err)
		}
		return store, cache
	}
	if s, c := settings(); s != 2 || c != -16384 {
		t.Fatalf("before: temp_store %d, cache_size %d; want 2, -16384", s, c)
	}
	restore := sortInSmallRuns(ctx, tx)
	if s, c := settings(); s != 1 || c != -sortCacheKiB {
		t.Errorf("while building: temp_store %d, cache_size %d; want 1, %d", s, c, -sortCacheKiB)
	}
	restore()
	if s, c := settings(); s != 2 || c != -16384 {
		t.Errorf("after: temp_store %d, cache_size %d; want 2, -16384", s, c)
	}
}
