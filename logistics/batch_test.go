package logistics_test

import (
	"errors"
	"testing"

	"shipmode/logistics"
)

// batchBook has lane L (USD) with tiers from 0 kg (6.10/kg, at least 55.00) and
// from 20 kg (4.40/kg), lane J (JPY) with tiers from 0 kg (610/kg) and from
// 10.0005 kg (400/kg, at least 9000), and lane OTHER.
func batchBook() logistics.RateBook {
	return logistics.RateBook{
		Lanes: []logistics.Lane{{ID: "L", Currency: "USD"}, {ID: "J", Currency: "JPY"}, {ID: "OTHER", Currency: "USD"},
			{ID: "BARE", Currency: "USD"}},
		Tiers: []logistics.Tier{
			{LaneID: "L", FromKg: logistics.DecInt(20), PerKg: d("4.4")},
			{LaneID: "L", FromKg: 0, PerKg: d("6.1"), MinBatchCharge: logistics.DecInt(55)},
			{LaneID: "OTHER", FromKg: logistics.DecInt(5), PerKg: logistics.DecInt(1)},
			{LaneID: "J", FromKg: 0, PerKg: d("610")},
			{LaneID: "J", FromKg: d("10.0005"), PerKg: d("400"), MinBatchCharge: d("9000")},
		},
	}
}

func TestPriceBatch(t *testing.T) {
	e, err := logistics.NewEngine(ptr(batchBook()))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                      string
		lane, cur                 string
		parcels                   int
		g                         int64
		tierFrom                  logistics.Dec
		charge, perParcel, saving int64
		hasNext                   bool
		missing                   int64
	}{
		// The first three are ui.TestPriceBatch's figures (the departures screen).
		// 5 kg × 6.10 = 30.50 < 55.00 minimum; at 20 kg: 88.00 shared 5/20 = 22.00.
		{"minimum charge", "L", "USD", 2, 5_000, 0, 5500, 2750, 5500 - 2200, true, 15_000},
		// 19.25 kg × 6.10 = 117.425 → 117.43; /57 = 2.06; at 20 kg: 88.00 × 19.25/20
		// = 84.70, saving 117.425 − 84.70 = 32.725 → 32.73.
		{"just below the next tier", "L", "USD", 57, 19_250, 0, 11743, 206, 3273, true, 750},
		// 702 kg × 4.40 = 3088.80; /903 = 3.4206 → 3.42; no tier after.
		{"top tier", "L", "USD", 903, 702_000, logistics.DecInt(20), 308880, 342, 0, false, 0},
		// from_kg is inclusive: 20 kg × 4.40 = 88.00
		{"exactly at a tier", "L", "USD", 4, 20_000, logistics.DecInt(20), 8800, 2200, 0, false, 0},
		{"no parcels booked", "L", "USD", 0, 0, 0, 5500, 0, 5500, true, 20_000},
		// JPY has no minor digits. 10 kg × 610 = 6100; the next tier starts at
		// 10000.5 g, reached at 10001 g: max(9000, 400 × 10.001 = 4000.4) = 9000,
		// shared 10000/10001 = 8999.10…; saving 6100 − 8999.10… = −2899.10… → −2899.
		{"the next tier costs more", "J", "JPY", 3, 10_000, 0, 6100, 2033, -2899, true, 1},
		// below every tier (a book without a 0 kg tier): the lowest tier, as the
		// engine prices it, and no tier above it
		{"below every tier", "OTHER", "USD", 1, 2_000, logistics.DecInt(5), 200, 200, 0, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := e.PriceBatch(tt.lane, tt.g, tt.parcels)
			if err != nil {
				t.Fatal(err)
			}
			if p.Currency != tt.cur || p.Tier.FromKg != tt.tierFrom || p.Tier.LaneID != tt.lane {
				t.Errorf("got currency %q tier %s of %q, want %q, %s of %q", p.Currency, p.Tier.FromKg, p.Tier.LaneID, tt.cur, tt.tierFrom, tt.lane)
			}
			if p.Charge != tt.charge || p.PerParcel != tt.perParcel {
				t.Errorf("got charge %d per parcel %d, want %d and %d", p.Charge, p.PerParcel, tt.charge, tt.perParcel)
			}
			if p.HasNext != tt.hasNext || p.MissingG != tt.missing || p.Saving != tt.saving {
				t.Errorf("got next %v missing %d g saving %d, want %v, %d, %d", p.HasNext, p.MissingG, p.Saving, tt.hasNext, tt.missing, tt.saving)
			}
			if p.HasNext && p.Next.FromKg <= p.Tier.FromKg {
				t.Errorf("next tier from %s kg is not above the tier reached (%s kg)", p.Next.FromKg, p.Tier.FromKg)
			}
		})
	}
	for _, lane := range []string{"NOPE", "BARE"} {
		if _, err := e.PriceBatch(lane, 1000, 1); !errors.Is(err, logistics.ErrNoLane) {
			t.Errorf("lane %s: got %v, want ErrNoLane", lane, err)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// PriceBatch charges what the engine shares among a batch's parcels: laneBook's
// batch of A, B and C (2.2 kg, tier 1 kg: 2.20 EUR), and an order alone (0.4 kg,
// the 10.00 minimum).
func TestPriceBatchIsTheEnginesCharge(t *testing.T) {
	rb := laneBook(logistics.ByChargeable)
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	var orders []logistics.PlanOrder
	for i, qty := range []int64{1, 2, 3} {
		o := miniOrder()
		o.Ref, o.Lines[0].Qty = string(rune('A'+i)), qty
		orders = append(orders, logistics.PlanOrder{Order: o, Override: &logistics.Override{Mode: logistics.ModeConsolidation}})
	}
	var pieces, g int64
	if _, err := e.Plan(orders, func(_ int, dec *logistics.Decision) error {
		c, ok := dec.ChosenOption()
		if !ok || c.ID != "LANE" {
			t.Fatalf("%s: chose %+v", dec.OrderRef, c)
		}
		pieces += c.Components.Freight - 300 // less the LM-DE delivery
		g += c.ChargeableG
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// 400 + 800 + 1200 g = 2.4 kg ≥ 1 kg: 1 × 2.4 = 2.40, shared 0.40, 0.80, 1.20
	p, err := e.PriceBatch("LANE", g, len(orders))
	if err != nil {
		t.Fatal(err)
	}
	if g != 2400 || p.Charge != 240 || pieces != p.Charge || p.Tier.FromKg != logistics.DecInt(1) || p.PerParcel != 80 {
		t.Errorf("batch of %d g: charge %d (tier %s kg, %d a parcel), the plan's pieces add up to %d; want 2400 g, 240, 1 kg, 80, 240",
			g, p.Charge, p.Tier.FromKg, p.PerParcel, pieces)
	}
	alone := option(t, quote(t, rb, miniOrder()), "LANE")
	p, err = e.PriceBatch("LANE", alone.ChargeableG, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p.Charge != alone.Components.Freight-300 || p.Charge != 1000 || !p.HasNext || p.MissingG != 600 {
		t.Errorf("alone: charge %d, missing %d g; the option's line-haul piece is %d; want 1000 and 600 g", p.Charge, p.MissingG, alone.Components.Freight-300)
	}
}
