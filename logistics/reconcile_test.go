package logistics_test

import (
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"

	"shipmode/logistics"

	"pgregory.net/rapid"
)

// reconcileBook is miniBook with a 10 % fuel surcharge on POST: the 400 g WIDGET
// costs freight 2 + 10 × 0.4 = 6.00 and fuel 10 % × 6.00 = 0.60, total 6.60 EUR.
func reconcileBook() logistics.RateBook {
	rb := miniBook()
	rb.Services[0].FuelPct = d("10")
	rb.Services[0].Name = "Deutsche Post Economy"
	return rb
}

func bill(invoice, charge, amount, cur, day string, billedG int64, service string) logistics.InvoiceLine {
	ch, err := logistics.ParseCharge(charge)
	if err != nil {
		panic(err)
	}
	return logistics.InvoiceLine{Carrier: "post", Invoice: invoice, InvoiceDate: date(day), Tracking: "T1", Charge: ch,
		Amount: d(amount), Currency: cur, BilledWeightG: billedG, Service: service}
}

func TestReconcile(t *testing.T) {
	rb := reconcileBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	o := miniOrder()
	dec := e.Quote(o, nil)
	chosen, ok := dec.ChosenOption()
	if !ok || chosen.Total != 660 || chosen.ChargeableG != 400 {
		t.Fatalf("chosen %+v, want POST at 6.60 for 400 g", chosen)
	}
	tests := []struct {
		name      string
		lines     []logistics.InvoiceLine
		unplanned bool
		invoiced  int64
		variance  int64
		comps     logistics.ChargeComponents // invoiced
		findings  []string                   // kind: detail
	}{
		{
			name:     "as planned",
			lines:    []logistics.InvoiceLine{bill("I1", "freight", "6.00", "EUR", "2026-03-20", 400, "POST"), bill("I1", "fuel", "0.60", "EUR", "2026-03-20", 400, "")},
			invoiced: 660, variance: 0,
			comps: logistics.ChargeComponents{Freight: 600, Fuel: 60},
		},
		{
			// FX at each line's invoice date, each line rounded on its own:
			// freight 9.995 USD on 2026-01-20 at 0.9 = 8.9955 → 9.00
			// fuel 0.8125 USD on 2026-02-15 at 0.8 (the rate from 2026-02-01) = 0.65
			// two surcharges of 0.00625 USD at 0.8 = 0.005 each → 0.01 each (0.02,
			// where rounding their sum would give 0.01)
			// invoiced 9.67, variance 9.67 − 6.60 = 3.07 > max(0.50, 2 % × 6.60 = 0.13)
			name: "FX at the invoice date, rounded per line, over",
			lines: []logistics.InvoiceLine{
				bill("I1", "freight", "9.995", "USD", "2026-01-20", 0, ""),
				bill("I2", "fuel", "0.8125", "USD", "2026-02-15", 0, ""),
				bill("I2", "surcharge", "0.00625", "USD", "2026-02-15", 0, ""),
				bill("I2", "surcharge", "0.00625", "USD", "2026-02-15", 0, ""),
			},
			invoiced: 967, variance: 307,
			comps:    logistics.ChargeComponents{Freight: 900, Fuel: 65, Surcharges: 2},
			findings: []string{"over: invoiced 9.67 EUR against 6.60 EUR planned: 3.07 EUR over, more than the tolerance of 0.50 EUR"},
		},
		{
			// 6.00 + 0.60 − 1.00 = 5.60: 1.00 under, more than 0.50
			name: "a credit, under",
			lines: []logistics.InvoiceLine{bill("I1", "freight", "6.00", "EUR", "2026-03-20", 0, ""), bill("I1", "fuel", "0.60", "EUR", "2026-03-20", 0, ""),
				bill("I1", "credit", "-1.00", "EUR", "2026-03-25", 0, "")},
			invoiced: 560, variance: -100,
			comps:    logistics.ChargeComponents{Freight: 600, Fuel: 60, Credit: -100},
			findings: []string{"under: invoiced 5.60 EUR against 6.60 EUR planned: 1.00 EUR under, more than the tolerance of 0.50 EUR"},
		},
		{
			// within the tolerance: 6.60 + 0.50 = 7.10 is not over
			name:     "at the tolerance",
			lines:    []logistics.InvoiceLine{bill("I1", "freight", "6.50", "EUR", "2026-03-20", 0, ""), bill("I1", "fuel", "0.60", "EUR", "2026-03-20", 0, "")},
			invoiced: 710, variance: 50,
			comps: logistics.ChargeComponents{Freight: 650, Fuel: 60},
		},
		{
			// billed 1500 g against 400 g planned: re-rated at 1500 g, band (1000, ∞):
			// 5 + 8 × 1.5 = 17.00, fuel 1.70, total 18.70. Invoiced 20.00 + 2.00 =
			// 22.00: data 18.70 − 6.60 = 12.10, price 22.00 − 18.70 = 3.30.
			name:     "weight, re-rated",
			lines:    []logistics.InvoiceLine{bill("I1", "freight", "20.00", "EUR", "2026-03-20", 1500, ""), bill("I1", "fuel", "2.00", "EUR", "2026-03-20", 1500, "")},
			invoiced: 2200, variance: 1540,
			comps: logistics.ChargeComponents{Freight: 2000, Fuel: 200},
			findings: []string{
				"over: invoiced 22.00 EUR against 6.60 EUR planned: 15.40 EUR over, more than the tolerance of 0.50 EUR",
				"weight: billed at 1500 g, planned at 400 g: re-rated at that weight the option costs 18.70 EUR; our weights or dimensions account for 12.10 EUR, the carrier's price for 3.30 EUR",
			},
		},
		{
			name: "freight on two invoices",
			lines: []logistics.InvoiceLine{bill("I1", "freight", "6.00", "EUR", "2026-03-20", 0, ""), bill("I1", "fuel", "0.60", "EUR", "2026-03-20", 0, ""),
				bill("I2", "freight", "6.00", "EUR", "2026-04-20", 0, "")},
			invoiced: 1260, variance: 600,
			comps: logistics.ChargeComponents{Freight: 1200, Fuel: 60},
			findings: []string{
				"over: invoiced 12.60 EUR against 6.60 EUR planned: 6.00 EUR over, more than the tolerance of 0.50 EUR",
				"duplicate: freight billed on 2 invoices: post I1, post I2",
			},
		},
		{
			name:     "another service",
			lines:    []logistics.InvoiceLine{bill("I1", "freight", "6.60", "EUR", "2026-03-20", 0, "EXPRESS")},
			invoiced: 660, comps: logistics.ChargeComponents{Freight: 660},
			findings: []string{"service: billed as EXPRESS, planned by direct POST"},
		},
		{
			// the service's id or name, in any case, is the planned service
			name: "the planned service by its name",
			lines: []logistics.InvoiceLine{bill("I1", "freight", "6.00", "EUR", "2026-03-20", 0, "DEUTSCHE POST ECONOMY"),
				bill("I1", "fuel", "0.60", "EUR", "2026-03-20", 0, "post")},
			invoiced: 660, comps: logistics.ChargeComponents{Freight: 600, Fuel: 60},
		},
		{
			name:      "unplanned",
			lines:     []logistics.InvoiceLine{bill("I1", "freight", "6.60", "EUR", "2026-03-20", 0, "")},
			unplanned: true,
			invoiced:  660, variance: 660, comps: logistics.ChargeComponents{Freight: 660},
			findings: []string{"unplanned: invoiced 6.60 EUR, but the order has no chosen option: plan it to compare"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := logistics.ReconcileInput{Order: &o, Planned: !tt.unplanned, Chosen: chosen, Lines: tt.lines}
			if tt.unplanned {
				in.Chosen = logistics.Option{}
			}
			r := e.Reconcile(in, logistics.DefaultTolerance())
			if r.Invoiced != tt.invoiced || r.Variance != tt.variance || r.Components != tt.comps {
				t.Errorf("got invoiced %d variance %d components %+v, want %d %d %+v", r.Invoiced, r.Variance, r.Components, tt.invoiced, tt.variance, tt.comps)
			}
			if r.Invoiced != r.Components.Total() {
				t.Errorf("invoiced %d is not the sum of its components %+v", r.Invoiced, r.Components)
			}
			var got []string
			for _, f := range r.Findings {
				got = append(got, f.Kind.String()+": "+f.Detail.String())
			}
			if !slices.Equal(got, tt.findings) {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.findings, "\n"))
			}
			for _, f := range r.Findings {
				if f.Kind == logistics.FindWeight && (!f.Reratable || f.DataPart+f.PricePart != r.Variance) {
					t.Errorf("weight split %d + %d, want the variance %d", f.DataPart, f.PricePart, r.Variance)
				}
			}
		})
	}
}

func TestReconcileNoFX(t *testing.T) {
	rb := reconcileBook()
	e, _ := logistics.NewEngine(&rb)
	o := miniOrder()
	dec := e.Quote(o, nil)
	chosen, _ := dec.ChosenOption()
	// USD has no rate before 2026-01-01; GBP none at all
	r := e.Reconcile(logistics.ReconcileInput{Order: &o, Planned: true, Chosen: chosen, Lines: []logistics.InvoiceLine{
		bill("I1", "freight", "6.60", "EUR", "2026-03-20", 0, ""),
		bill("I1", "fuel", "1", "USD", "2025-12-31", 0, ""),
		bill("I1", "fuel", "1", "GBP", "2026-03-20", 0, ""),
	}}, logistics.DefaultTolerance())
	if r.Invoiced != 660 || !slices.Equal(r.NoFX, []string{"USD on 2025-12-31", "GBP on 2026-03-20"}) {
		t.Errorf("got invoiced %d, no FX %v", r.Invoiced, r.NoFX)
	}
}

func TestToleranceOf(t *testing.T) {
	tol := logistics.DefaultTolerance()
	tests := []struct {
		planned int64
		digits  int
		want    int64
	}{
		{660, 2, 50},      // 2 % × 6.60 = 0.132 < 0.50
		{10000, 2, 200},   // 2 % × 100.00 = 2.00 > 0.50
		{6625, 2, 133},    // 2 % × 66.25 = 1.325 → 1.33, half away from zero
		{-6625, 2, 133},   // of a negative plan, its size
		{1000, 0, 20},     // JPY: 0.50 → 1 yen (half away), 2 % × 1000 = 20
		{10, 0, 1},        // 0.50 yen rounds to 1
		{100000, 3, 2000}, // KWD: 0.500 = 500, 2 % × 100.000 = 2.000
	}
	for _, tt := range tests {
		if got := tol.Of(tt.planned, tt.digits); got != tt.want {
			t.Errorf("Of(%d, %d) = %d, want %d", tt.planned, tt.digits, got, tt.want)
		}
	}
}

func TestConvertOn(t *testing.T) {
	rb := miniBook()
	e, _ := logistics.NewEngine(&rb)
	tests := []struct {
		amount, cur, day string
		want             int64
		ok               bool
	}{
		{"10", "EUR", "2020-01-01", 1000, true},     // the base currency is 1 on any date
		{"10", "USD", "2026-01-31", 900, true},      // 0.9 until 2026-02-01
		{"10", "USD", "2026-02-01", 800, true},      // 0.8 from its valid_from on
		{"-0.00625", "USD", "2026-02-01", -1, true}, // −0.005 → −0.01, half away from zero
		{"1000", "JPY", "2026-03-01", 610, true},    // 1000 × 0.0061 = 6.10
		{"10", "USD", "2025-12-31", 0, false},       // before the first rate
		{"10", "GBP", "2026-03-01", 0, false},       // no rate at all
	}
	for _, tt := range tests {
		got, ok := e.ConvertOn(d(tt.amount), tt.cur, date(tt.day))
		if got != tt.want || ok != tt.ok {
			t.Errorf("ConvertOn(%s %s, %s) = %d, %v; want %d, %v", tt.amount, tt.cur, tt.day, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCalibrationAndNotBilled(t *testing.T) {
	rb := reconcileBook()
	e, _ := logistics.NewEngine(&rb)
	o := miniOrder()
	dec := e.Quote(o, nil)
	chosen, _ := dec.ChosenOption()
	var cal logistics.Calibration
	for _, lines := range [][]logistics.InvoiceLine{
		{bill("I1", "freight", "6.00", "EUR", "2026-03-20", 400, ""), bill("I1", "fuel", "0.72", "EUR", "2026-03-20", 400, "")},
		{bill("I1", "freight", "8.00", "EUR", "2026-03-20", 600, ""), bill("I1", "fuel", "0.96", "EUR", "2026-03-20", 600, "")},
	} {
		r := e.Reconcile(logistics.ReconcileInput{Order: &o, Planned: true, Chosen: chosen, Lines: lines}, logistics.DefaultTolerance())
		cal.Add(&r, chosen)
	}
	rows := cal.Rows()
	// invoiced 6.72 + 8.96 = 15.68 over planned 13.20: 1.187878787… → 1.187878788;
	// fuel 1.68 ÷ 14.00 = 12 %; weight 1000 g billed ÷ 800 g planned = 1.25
	want := logistics.CalibrationRow{CalibrationKey: logistics.CalibrationKey{Carrier: "post", Service: "POST"}, Orders: 2,
		Planned: 1320, Invoiced: 1568, Fuel: 168, FuelBase: 1400, BilledG: 1000, PlannedG: 800, WeightOrders: 2,
		InvoicedOverPlanned: d("1.187878788"), FuelPct: d("12"), BilledOverPlannedWeight: d("1.25")}
	if len(rows) != 1 || rows[0] != want {
		t.Errorf("calibration:\n%+v\nwant\n%+v", rows, want)
	}

	// 2026-04-20 − 45 days = 2026-03-06: an order of 2026-03-05 is not billed, one of
	// 2026-03-06 not yet
	latest := date("2026-04-20")
	if !logistics.NotBilled(date("2026-03-05"), latest) || logistics.NotBilled(date("2026-03-06"), latest) {
		t.Error("NotBilled: want 2026-03-05 not billed and 2026-03-06 not yet")
	}
	f := e.NotBilledFinding(date("2026-03-05"), latest, logistics.ModeDirect, "POST", 660)
	if got, want := f.Detail.String(), "ordered 2026-03-05 and shipped, planned at 6.60 EUR, but not billed 46 days later (latest invoice 2026-04-20)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestPropertyRerate: re-rating an option at the chargeable weight it was planned
// at gives its planned total back (direct, warehouse and forward warehouse, whose
// chargeable weight is their service's), and a heavier billed weight never costs
// less; a consolidation option keeps its line-haul share and re-rates its delivery.
func TestPropertyRerate(t *testing.T) {
	rb := exampleBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		o := genOrder(t, &rb)
		dec := e.Quote(o, nil)
		for _, opt := range dec.Options {
			if !opt.Feasible {
				continue
			}
			if opt.Mode != logistics.ModeConsolidation {
				re, why := e.Rerate(&o, opt, opt.ChargeableG)
				if why != nil || re.Total != opt.Total || re.Components != opt.Components {
					t.Fatalf("%s re-rated at its own %d g: %+v (%v), planned %+v", opt.ID, opt.ChargeableG, re, why, opt)
				}
			}
			heavier := opt.ChargeableG + int64(rapid.IntRange(1, 5000).Draw(t, "extra g"))
			re, why := e.Rerate(&o, opt, heavier)
			if why == nil && re.Total < opt.Total && opt.Mode != logistics.ModeConsolidation {
				t.Fatalf("%s at %d g costs %d, less than %d at %d g", opt.ID, heavier, re.Total, opt.Total, opt.ChargeableG)
			}
			if why == nil && re.ChargeableG != heavier {
				t.Fatalf("%s re-rated: chargeable %d g, want %d", opt.ID, re.ChargeableG, heavier)
			}
		}
	})
}

// TestToleranceOfLarge: amounts whose product passes 64 bits give what the
// rationals give (the 128-bit path and its fallback agree).
func TestToleranceOfLarge(t *testing.T) {
	tol := logistics.Tolerance{Abs: logistics.DecScale / 2, Pct: 2 * logistics.DecScale}
	tests := []struct {
		planned int64
		want    int64
	}{
		// 2e9 × 9e18 passes 64 bits; 2 % of 9e18 = 1.8e17 exactly
		{9_000_000_000_000_000_000, 180_000_000_000_000_000},
		// 2 % × 9223372036854775807 = 184467440737095516.14 → ...516
		{math.MaxInt64, 184_467_440_737_095_516},
		// 2 % × 25 = 0.5 minor units → 1, half away from zero; 0.50 = 50 is more
		{25, 50},
	}
	for _, tt := range tests {
		if got := tol.Of(tt.planned, 2); got != tt.want {
			t.Errorf("Of(%d, 2) = %d, want %d", tt.planned, got, tt.want)
		}
	}
}

// TestToleranceOfRationals: Of is max(Abs, Pct % × |planned|), each rounded half
// away from zero to the minor unit, as exact rationals compute it.
func TestToleranceOfRationals(t *testing.T) {
	round := func(r *big.Rat) int64 { // half away from zero
		n, d := new(big.Int).Abs(r.Num()), r.Denom()
		q, m := new(big.Int).QuoRem(n, d, new(big.Int))
		if m.Mul(m, big.NewInt(2)).Cmp(d) >= 0 {
			q.Add(q, big.NewInt(1))
		}
		if r.Sign() < 0 {
			q.Neg(q)
		}
		return q.Int64()
	}
	rapid.Check(t, func(t *rapid.T) {
		tol := logistics.Tolerance{Abs: logistics.Dec(rapid.Int64Range(0, 1e15).Draw(t, "abs")),
			Pct: logistics.Dec(rapid.Int64Range(0, 100*logistics.DecScale).Draw(t, "pct"))}
		planned := rapid.Int64Range(-1e15, 1e15).Draw(t, "planned")
		digits := rapid.IntRange(0, 3).Draw(t, "digits")
		scale := big.NewRat(1, 1)
		for range digits {
			scale.Mul(scale, big.NewRat(10, 1))
		}
		abs := round(new(big.Rat).Mul(big.NewRat(int64(tol.Abs), logistics.DecScale), scale))
		size := planned
		if size < 0 {
			size = -size
		}
		pct := round(new(big.Rat).Mul(big.NewRat(int64(tol.Pct), 100*logistics.DecScale), big.NewRat(size, 1)))
		if got, want := tol.Of(planned, digits), max(abs, pct); got != want {
			t.Fatalf("Of(%d, %d) with %v = %d, want %d", planned, digits, tol, got, want)
		}
	})
}
