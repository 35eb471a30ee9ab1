package logistics_test

import (
	"testing"

	"pgregory.net/rapid"

	"shipmode/logistics"
)

// TestPriceChosen prices two chosen options of the example book again, piece by
// piece, by hand (base EUR; on 2026-04-15 PLN is 0.2368, CNY 0.1232, USD 0.8745).
func TestPriceChosen(t *testing.T) {
	rb := exampleBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	day := date("2026-04-15")
	for _, c := range []struct {
		name   string
		order  logistics.Order
		mode   logistics.Mode
		option string
		want   logistics.Pricing
	}{
		{
			// 2 mugs from Warsaw: 2 × 380 g + 30 g packaging = 790 g actual; DPD-PL
			// has no divisor. Freight: zone PL band 0–5000 g, 14.90 PLN → 3.52832
			// → 3.53 EUR. Pick 6.50 + 1.20 × (2 − 1) = 7.70 PLN → 1.82336 → 1.82.
			// Storage 2.4 × 2 × 125 × 95 × 105 / 10⁹ m³ × 60 days = 0.3591 → 0.36
			// PLN → 0.085248 → 0.09. Head-haul 5.8 × 760 / 1000 = 4.408 → 4.41 PLN
			// → 1.044288 → 1.04. Bulk duty 4.1 % × 2 × 9.50 CNY = 0.779 → 0.78 CNY
			// → 0.096096 → 0.10.
			name: "warehouse",
			order: logistics.Order{Ref: "W1", Date: day, Country: "PL", PostalCode: "00-950", Currency: "EUR",
				Lines: []logistics.Line{{SKU: "MUG-350", Qty: 2, UnitPrice: d("12")}}},
			mode: logistics.ModeWarehouse, option: "WH-PL-WAW",
			want: logistics.Pricing{ActualG: 790, UnitCost: d("19"), UnitCostCurrency: "CNY", Exact: true, Pieces: []logistics.Piece{
				{Kind: logistics.PieceFreight, Currency: "PLN", Minor: 1490, Base: 353, ChargeableG: 790},
				{Kind: logistics.PieceFees, Currency: "PLN", Minor: 770, Base: 182},
				{Kind: logistics.PieceStorage, Currency: "PLN", Minor: 36, Base: 9},
				{Kind: logistics.PieceHeadhaul, Currency: "PLN", Minor: 441, Base: 104},
				{Kind: logistics.PieceBulkDuty, Currency: "CNY", Minor: 78, Base: 10},
			}},
		},
		{
			// A rattan basket by FedEx to Lyon: 870 + 30 = 900 g actual; volumetric
			// ⌈350 × 300 × 120 / 5000⌉ = 2520 g ≥ 1 × 900, so 2520 g, up to the
			// 500 g increment: 3000 g. Band 2500 g–: 41 + 14.2 × 3 = 83.60 USD →
			// 73.1082 → 73.11 EUR; fuel 24.5 % × 83.60 = 20.482 → 20.48 USD →
			// 17.90976 → 17.91. Goods 40 EUR ≤ 150: the flat duty per line, 0
			// before July 2026 — a duty piece of 0 EUR, no clearance fee.
			name: "direct",
			order: logistics.Order{Ref: "D1", Date: day, Country: "FR", PostalCode: "69002", Currency: "EUR",
				Lines: []logistics.Line{{SKU: "BASKET-RATTAN", Qty: 1, UnitPrice: d("40")}}},
			mode: logistics.ModeDirect, option: "FDX-IP",
			want: logistics.Pricing{ActualG: 900, VolumetricG: 2520, HasVolumetric: true, UnitCost: d("21"), UnitCostCurrency: "CNY", Exact: true,
				Pieces: []logistics.Piece{
					{Kind: logistics.PieceFreight, Currency: "USD", Minor: 8360, Base: 7311, ChargeableG: 3000},
					{Kind: logistics.PieceFuel, Currency: "USD", Minor: 2048, Base: 1791},
					{Kind: logistics.PieceDuty, Currency: "EUR", Minor: 0, Base: 0},
				}},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			dec := e.Quote(c.order, nil)
			var chosen *logistics.Option
			for i := range dec.Options {
				if o := &dec.Options[i]; o.Mode == c.mode && o.ID == c.option && o.Feasible {
					chosen = o
				}
			}
			if chosen == nil {
				t.Fatalf("no feasible %s option %s: %+v", c.mode, c.option, dec.Options)
			}
			got, ok := e.PriceChosen(&c.order, chosen, 0)
			if !ok {
				t.Fatal("not priced")
			}
			if got.ActualG != c.want.ActualG || got.VolumetricG != c.want.VolumetricG || got.HasVolumetric != c.want.HasVolumetric ||
				got.UnitCost != c.want.UnitCost || got.UnitCostCurrency != c.want.UnitCostCurrency || got.Exact != c.want.Exact {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
			if len(got.Pieces) != len(c.want.Pieces) {
				t.Fatalf("got pieces %+v, want %+v", got.Pieces, c.want.Pieces)
			}
			for i := range got.Pieces {
				if got.Pieces[i] != c.want.Pieces[i] {
					t.Errorf("piece %d: got %+v, want %+v", i, got.Pieces[i], c.want.Pieces[i])
				}
			}
		})
	}
}

// TestPropertyPriceChosen: every feasible option of a quote priced again gives its
// components exactly, each the sum of its pieces' base amounts (a consolidation
// option quoted alone is in a batch of its own weight).
func TestPropertyPriceChosen(t *testing.T) {
	rb := exampleBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	component := map[logistics.PieceKind]int{
		logistics.PieceFreight: 0, logistics.PieceLineHaul: 0, logistics.PieceRemote: 1, logistics.PieceOversize: 1, logistics.PiecePeak: 1,
		logistics.PieceFuel: 2, logistics.PieceFees: 3, logistics.PieceColdChain: 3, logistics.PieceStorage: 4, logistics.PieceHeadhaul: 5,
		logistics.PieceDuty: 6, logistics.PieceClearance: 6, logistics.PieceBulkDuty: 6,
	}
	rapid.Check(t, func(t *rapid.T) {
		o := genOrder(t, &rb)
		dec := e.Quote(o, nil)
		for i := range dec.Options {
			opt := &dec.Options[i]
			if !opt.Feasible {
				continue
			}
			pr, ok := e.PriceChosen(&o, opt, opt.ChargeableG)
			if !ok || !pr.Exact || (opt.Mode == logistics.ModeConsolidation) != pr.LineHaulKnown {
				t.Fatalf("%s: priced %v, %+v", opt.ID, ok, pr)
			}
			var sum [7]int64
			for _, p := range pr.Pieces {
				sum[component[p.Kind]] += p.Base
			}
			c := opt.Components
			if sum != [7]int64{c.Freight, c.Surcharges, c.Fuel, c.Fees, c.Storage, c.Headhaul, c.Duties} {
				t.Fatalf("%s: pieces %+v add up to %v, components %+v", opt.ID, pr.Pieces, sum, c)
			}
		}
	})
}
