package logistics_test

import (
	"strings"
	"testing"
	"time"

	"shipmode/logistics"
)

// miniBook is a small rate book for hand-computed cases: base EUR, one direct
// service POST (EUR, no volumetric weight), one product WIDGET.
func miniBook() logistics.RateBook {
	return logistics.RateBook{
		Settings: logistics.Settings{BaseCurrency: "EUR", OriginCountry: "CN", OriginHandlingDays: 1},
		FX: []logistics.FXRate{
			{Currency: "USD", RateToBase: d("0.9"), ValidFrom: date("2026-01-01")},
			{Currency: "USD", RateToBase: d("0.8"), ValidFrom: date("2026-02-01")},
			{Currency: "JPY", RateToBase: d("0.0061"), ValidFrom: date("2026-01-01")},
		},
		Services: []logistics.Service{
			{ID: "POST", Mode: logistics.ServiceDirect, Currency: "EUR", IncrementG: 1, TransitMaxDays: 10},
		},
		Zones: []logistics.Zone{{ServiceID: "POST", Country: "DE", Zone: "Z1"}},
		Rates: []logistics.Rate{
			{ServiceID: "POST", Zone: "Z1", FromG: 0, ToG: 1000, Fixed: d("2"), PerKg: d("10")},
			{ServiceID: "POST", Zone: "Z1", FromG: 1000, ToG: 0, Fixed: d("5"), PerKg: d("8")},
		},
		Products: []logistics.Product{
			{SKU: "WIDGET", WeightG: 400, LengthMM: 200, WidthMM: 100, HeightMM: 50, Category: "general", UnitCost: d("10"), Currency: "EUR", HSCode: "8501.10"},
		},
	}
}

func miniOrder() logistics.Order {
	return logistics.Order{Ref: "T-1", Date: date("2026-03-10"), Country: "DE", PostalCode: "10115", Currency: "EUR",
		Lines: []logistics.Line{{SKU: "WIDGET", Qty: 1, UnitPrice: d("20")}}}
}

func quote(t *testing.T, rb logistics.RateBook, o logistics.Order) logistics.Decision {
	t.Helper()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	return e.Quote(o, nil)
}

func option(t *testing.T, dec logistics.Decision, id string) logistics.Option {
	t.Helper()
	for _, o := range dec.Options {
		if o.ID == id {
			return o
		}
	}
	t.Fatalf("no option %s in %+v", id, dec.Options)
	return logistics.Option{}
}

func TestServicePricing(t *testing.T) {
	tests := []struct {
		name   string
		book   func(*logistics.RateBook)
		order  func(*logistics.Order)
		id     string
		wantG  int64  // chargeable grams; 0 = infeasible
		want   string // total, EUR
		reason string // part of the reason when infeasible
	}{
		// 400 g, band (0,1000]: 2 + 10 × 0.4 = 6.00
		{name: "plain band", id: "POST", wantG: 400, want: "6.00"},
		// 1000 g sits in (0, 1000]: 2 + 10 × 1 = 12.00, not 5 + 8 = 13.00
		{name: "band edge inclusive", order: func(o *logistics.Order) { o.Parcel = &logistics.Parcel{WeightG: 1000} }, id: "POST", wantG: 1000, want: "12.00"},
		// 1001 g: 5 + 8 × 1.001 = 13.008 → 13.01
		{name: "above the edge", order: func(o *logistics.Order) { o.Parcel = &logistics.Parcel{WeightG: 1001} }, id: "POST", wantG: 1001, want: "13.01"},
		// packaging 35 g: 435 g → 2 + 4.35 = 6.35
		{name: "packaging", book: func(rb *logistics.RateBook) { rb.Settings.PackagingG = 35 }, id: "POST", wantG: 435, want: "6.35"},
		// 400 g → increment 250 → 500 g: 2 + 5 = 7.00
		{name: "increment", book: func(rb *logistics.RateBook) { rb.Services[0].IncrementG = 250 }, id: "POST", wantG: 500, want: "7.00"},
		// min 600 g after the increment: 2 + 6 = 8.00
		{name: "min charge", book: func(rb *logistics.RateBook) { rb.Services[0].IncrementG = 250; rb.Services[0].MinChargeG = 600 }, id: "POST", wantG: 600, want: "8.00"},
		// volume 200×100×50 = 1 000 000 mm³ / 1000 = 1000 g ≥ 400 → 1000 g → 12.00
		{name: "volumetric", book: func(rb *logistics.RateBook) { rb.Services[0].Divisor = 1000 }, id: "POST", wantG: 1000, want: "12.00"},
		// ⌈1 000 000 / 3000⌉ = 334 g < 400 → actual 400 g
		{name: "volumetric under actual", book: func(rb *logistics.RateBook) { rb.Services[0].Divisor = 3000 }, id: "POST", wantG: 400, want: "6.00"},
		// ratio 3: 1000 g < 3 × 400 = 1200 → actual weight only
		{name: "volumetric ratio not reached", book: func(rb *logistics.RateBook) { rb.Services[0].Divisor = 1000; rb.Services[0].VolumetricRatio = d("3") }, id: "POST", wantG: 400, want: "6.00"},
		// ratio 2.5: 1000 g ≥ 2.5 × 400 = 1000 (equal counts) → 1000 g
		{name: "volumetric ratio equal", book: func(rb *logistics.RateBook) { rb.Services[0].Divisor = 1000; rb.Services[0].VolumetricRatio = d("2.5") }, id: "POST", wantG: 1000, want: "12.00"},
		// ⌈1 000 000 / 7⌉ = 142 858 g (ceil of 142857.14)
		{name: "volumetric ceiling", book: func(rb *logistics.RateBook) { rb.Services[0].Divisor = 7 }, id: "POST", wantG: 142858, want: "1147.86"}, // 5 + 8 × 142.858 = 1147.864
		// limits: equal allowed, one over not
		{name: "weight limit equal", book: func(rb *logistics.RateBook) { rb.Services[0].MaxWeightG = 400 }, id: "POST", wantG: 400, want: "6.00"},
		{name: "weight limit over", book: func(rb *logistics.RateBook) { rb.Services[0].MaxWeightG = 399 }, id: "POST", reason: "400 g is over its limit of 399 g"},
		{name: "side limit equal", book: func(rb *logistics.RateBook) { rb.Services[0].MaxSideMM = 200 }, id: "POST", wantG: 400, want: "6.00"},
		{name: "side limit over", book: func(rb *logistics.RateBook) { rb.Services[0].MaxSideMM = 199 }, id: "POST", reason: "over its limit of 199 mm"},
		{name: "forbidden category", book: func(rb *logistics.RateBook) { rb.Services[0].ForbiddenCategories = []string{"liquid", "general"} }, id: "POST", reason: "does not carry general"},
		{name: "no zone", order: func(o *logistics.Order) { o.Country = "FR" }, id: "POST", reason: "does not serve FR"},
		{name: "no band", book: func(rb *logistics.RateBook) { rb.Rates = rb.Rates[:1]; rb.Rates[0].FromG = 500 }, id: "POST", reason: "no rate for 400 g"},
		// fuel 12.5 % of 6.00 = 0.75 → 6.75
		{name: "fuel", book: func(rb *logistics.RateBook) { rb.Services[0].FuelPct = d("12.5") }, id: "POST", wantG: 400, want: "6.75"},
		// fuel 0.25 % of 6.00 = 0.015 → 0.02 (half away from zero) → 6.02
		{name: "fuel rounds half away from zero", book: func(rb *logistics.RateBook) { rb.Services[0].FuelPct = d("0.25") }, id: "POST", wantG: 400, want: "6.02"},
		// service in USD on 2026-03-10: rate 0.8 (from 02-01, not 0.9 from 01-01):
		// 6.00 USD × 0.8 = 4.80
		{name: "fx date", book: func(rb *logistics.RateBook) { rb.Services[0].Currency = "USD" }, id: "POST", wantG: 400, want: "4.80"},
		// before every USD row: no rate → infeasible
		{name: "fx missing", book: func(rb *logistics.RateBook) { rb.Services[0].Currency = "USD" }, order: func(o *logistics.Order) { o.Date = date("2025-12-31") }, id: "POST", reason: "no FX rate for USD"},
		// JPY (0 decimals): 2 + 10 × 0.4 = 6 → 6 JPY × 0.0061 = 0.0366 → 0.04
		{name: "zero-decimal currency", book: func(rb *logistics.RateBook) { rb.Services[0].Currency = "JPY" }, id: "POST", wantG: 400, want: "0.04"},
		// JPY: 2.5 + 10 × 0.4 = 6.5 JPY → 7 JPY (rounded in JPY first) → 0.0427 → 0.04
		{name: "round in the row currency first", book: func(rb *logistics.RateBook) { rb.Services[0].Currency = "JPY"; rb.Rates[0].Fixed = d("2.5") }, id: "POST", wantG: 400, want: "0.04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rb := miniBook()
			if tt.book != nil {
				tt.book(&rb)
			}
			o := miniOrder()
			if tt.order != nil {
				tt.order(&o)
			}
			got := option(t, quote(t, rb, o), tt.id)
			if tt.reason != "" {
				if got.Feasible || !strings.Contains(got.Reason.String(), tt.reason) {
					t.Fatalf("got feasible=%v reason %q, want infeasible with %q", got.Feasible, got.Reason, tt.reason)
				}
				return
			}
			if !got.Feasible {
				t.Fatalf("got infeasible: %s", got.Reason)
			}
			if got.ChargeableG != tt.wantG || money(got.Total) != tt.want {
				t.Errorf("got %d g %s, want %d g %s", got.ChargeableG, money(got.Total), tt.wantG, tt.want)
			}
		})
	}
}

func TestZones(t *testing.T) {
	book := func() logistics.RateBook {
		rb := miniBook()
		rb.Zones = []logistics.Zone{
			{ServiceID: "POST", Country: "DE", Zone: "Z1"},
			{ServiceID: "POST", Country: "DE", PostalPrefix: "2", Zone: "Z2"},
			{ServiceID: "POST", Country: "DE", PostalPrefix: "27 4", Zone: "Z3"}, // normalised to "274"
			{ServiceID: "POST", Country: "AT", PostalPrefix: "1", Zone: "Z2"},
		}
		rb.Rates = append(rb.Rates,
			logistics.Rate{ServiceID: "POST", Zone: "Z2", FromG: 0, Fixed: d("3")},
			logistics.Rate{ServiceID: "POST", Zone: "Z3", FromG: 0, Fixed: d("4")})
		return rb
	}
	tests := []struct {
		country, postal string
		want            string // reason of the feasible option, or part of the infeasible reason
	}{
		{"DE", "10115", "POST zone Z1"},
		{"DE", "20095", "POST zone Z2"},
		{"DE", "27498", "POST zone Z3"},     // longest prefix wins
		{"DE", "27 498", "POST zone Z3"},    // spaces removed
		{"DE", "", "POST zone Z1"},          // an empty code matches only the country row
		{"AT", "1010", "POST zone Z2"},      // prefix row without a country row
		{"AT", "5020", "does not serve AT"}, // … serves no other code of that country
		{"AT", "", "does not serve AT"},
	}
	for _, tt := range tests {
		t.Run(tt.country+" "+tt.postal, func(t *testing.T) {
			o := miniOrder()
			o.Country, o.PostalCode = tt.country, tt.postal
			got := option(t, quote(t, book(), o), "POST")
			if !strings.Contains(got.Reason.String(), tt.want) {
				t.Errorf("got %q, want %q", got.Reason, tt.want)
			}
		})
	}
}

func TestSurcharges(t *testing.T) {
	// freight 6.00 EUR for 400 g (see TestServicePricing)
	tests := []struct {
		name       string
		rows       []logistics.Surcharge
		fuel       string
		order      func(*logistics.Order)
		surcharges string
		fuelWant   string
	}{
		// remote: max(min 1, 0.5 + 2 × 0.4 + 10 % × 6.00) = 0.5 + 0.8 + 0.6 = 1.90
		{name: "remote formula", rows: []logistics.Surcharge{{Kind: logistics.Remote, Country: "DE", PostalPrefix: "10", Fixed: d("0.5"), PerKg: d("2"), Pct: d("10"), Min: d("1")}}, surcharges: "1.90"},
		// min wins: max(3, 0.5) = 3.00
		{name: "remote minimum", rows: []logistics.Surcharge{{Kind: logistics.Remote, Country: "DE", PostalPrefix: "10", Fixed: d("0.5"), Min: d("3")}}, surcharges: "3.00"},
		// longest prefix: "101" (2.00) beats "10" (1.00); only one remote row applies
		{name: "remote longest prefix", rows: []logistics.Surcharge{
			{Kind: logistics.Remote, Country: "DE", PostalPrefix: "10", Fixed: d("1")},
			{Kind: logistics.Remote, Country: "DE", PostalPrefix: "101", Fixed: d("2")}}, surcharges: "2.00"},
		// empty prefix: the whole country
		{name: "remote whole country", rows: []logistics.Surcharge{{Kind: logistics.Remote, Country: "DE", Fixed: d("1.25")}}, surcharges: "1.25"},
		{name: "remote other country", rows: []logistics.Surcharge{{Kind: logistics.Remote, Country: "FR", Fixed: d("1.25")}}, surcharges: "0.00"},
		// oversize: highest min_side_mm ≤ 200: the 150 row (4.00), not 100 (3.00), not 250
		{name: "oversize", rows: []logistics.Surcharge{
			{Kind: logistics.Oversize, MinSideMM: 100, Fixed: d("3")},
			{Kind: logistics.Oversize, MinSideMM: 150, Fixed: d("4")},
			{Kind: logistics.Oversize, MinSideMM: 250, Fixed: d("9")}}, surcharges: "4.00"},
		// peak: the row with the latest from_date holding 2026-03-10; ends inclusive
		{name: "peak latest from_date", rows: []logistics.Surcharge{
			{Kind: logistics.Peak, FromDate: date("2026-03-01"), ToDate: date("2026-03-10"), Fixed: d("1")},
			{Kind: logistics.Peak, FromDate: date("2026-03-10"), ToDate: date("2026-03-31"), Fixed: d("2")},
			{Kind: logistics.Peak, FromDate: date("2026-03-11"), ToDate: date("2026-03-31"), Fixed: d("5")}}, surcharges: "2.00"},
		{name: "peak ended", rows: []logistics.Surcharge{
			{Kind: logistics.Peak, FromDate: date("2026-03-01"), ToDate: date("2026-03-09"), Fixed: d("1")}}, surcharges: "0.00"},
		// one of each kind adds up: 1 + 2 + 4 = 7.00; fuel 10 % × (6 + 1 + 2) = 0.90 — peak is not fuelled
		{name: "fuel on freight, remote and oversize", fuel: "10", rows: []logistics.Surcharge{
			{Kind: logistics.Remote, Country: "DE", Fixed: d("1")},
			{Kind: logistics.Oversize, MinSideMM: 1, Fixed: d("2")},
			{Kind: logistics.Peak, FromDate: date("2026-01-01"), ToDate: logistics.NoDate, Fixed: d("4")}}, surcharges: "7.00", fuelWant: "0.90"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rb := miniBook()
			for _, r := range tt.rows {
				r.ServiceID = "POST"
				if r.FromDate == 0 && r.Kind != logistics.Peak {
					r.FromDate, r.ToDate = logistics.NoDate, logistics.NoDate
				}
				rb.Surcharges = append(rb.Surcharges, r)
			}
			if tt.fuel != "" {
				rb.Services[0].FuelPct = d(tt.fuel)
			}
			got := option(t, quote(t, rb, miniOrder()), "POST")
			if money(got.Components.Surcharges) != tt.surcharges {
				t.Errorf("surcharges %s, want %s", money(got.Components.Surcharges), tt.surcharges)
			}
			if tt.fuelWant != "" && money(got.Components.Fuel) != tt.fuelWant {
				t.Errorf("fuel %s, want %s", money(got.Components.Fuel), tt.fuelWant)
			}
		})
	}
}

func TestParcelDuties(t *testing.T) {
	row := logistics.Duty{Country: "DE", ValidFrom: date("2026-01-01"), Currency: "EUR", DutyFreeThreshold: d("20"), DutyRatePct: d("10"), Valuation: logistics.CIF}
	tests := []struct {
		name   string
		rows   []logistics.Duty
		order  func(*logistics.Order)
		duties string
	}{
		// value 20.00 is not strictly above 20 → no percent duty, no flat → 0.00
		{name: "threshold is strict", rows: []logistics.Duty{row}, duties: "0.00"},
		// value 20.01: CIF 10 % × (20.01 + freight 6.00) = 2.601 → 2.60
		{name: "CIF above threshold", rows: []logistics.Duty{row}, order: func(o *logistics.Order) { o.Lines[0].UnitPrice = d("20.01") }, duties: "2.60"},
		// FOB 10 % × 20.01 = 2.001 → 2.00
		{name: "FOB", rows: []logistics.Duty{func() logistics.Duty { r := row; r.Valuation = logistics.FOB; return r }()}, order: func(o *logistics.Order) { o.Lines[0].UnitPrice = d("20.01") }, duties: "2.00"},
		// flat 1.50 × 2 distinct HS codes (8501.10 and an empty code) = 3.00, plus clearance 0.75
		{name: "flat per distinct HS code and clearance", rows: []logistics.Duty{func() logistics.Duty {
			r := row
			r.FlatDutyPerLine, r.ClearanceFeePerParcel = d("1.5"), d("0.75")
			return r
		}()}, order: func(o *logistics.Order) {
			o.Lines = append(o.Lines, logistics.Line{SKU: "NOCODE", Qty: 1}, logistics.Line{SKU: "NOCODE2", Qty: 1})
		}, duties: "3.75"},
		// the row valid on the order date: from 2026-04-01 is not yet in force
		{name: "dated rows", rows: []logistics.Duty{row, {Country: "DE", ValidFrom: date("2026-04-01"), Currency: "EUR", DutyRatePct: d("50")}},
			order: func(o *logistics.Order) { o.Lines[0].UnitPrice = d("20.01") }, duties: "2.60"},
		// order paid in USD (0.8 on the date): value 30 USD = 24 EUR > 20 →
		// CIF 10 % × (24 + 6) = 3.00
		{name: "goods value converted exactly", rows: []logistics.Duty{row}, order: func(o *logistics.Order) { o.Currency = "USD"; o.Lines[0].UnitPrice = d("30") }, duties: "3.00"},
		// duty row in USD: value 20 EUR = 25 USD > 20 USD; freight 6 EUR = 7.5 USD;
		// 10 % × 32.5 = 3.25 USD → × 0.8 = 2.60 EUR
		{name: "duty row in another currency", rows: []logistics.Duty{func() logistics.Duty { r := row; r.Currency = "USD"; return r }()}, duties: "2.60"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rb := miniBook()
			rb.Duties = tt.rows
			rb.Products = append(rb.Products,
				logistics.Product{SKU: "NOCODE", WeightG: 1, LengthMM: 1, WidthMM: 1, HeightMM: 1, Category: "general", Currency: "EUR"},
				logistics.Product{SKU: "NOCODE2", WeightG: 1, LengthMM: 1, WidthMM: 1, HeightMM: 1, Category: "general", Currency: "EUR", HSCode: " "})
			o := miniOrder()
			if tt.order != nil {
				tt.order(&o)
			}
			got := option(t, quote(t, rb, o), "POST")
			if !got.Feasible || money(got.Components.Duties) != tt.duties {
				t.Errorf("duties %s (feasible %v %s), want %s", money(got.Components.Duties), got.Feasible, got.Reason, tt.duties)
			}
		})
	}
}

// warehouseBook adds an overseas warehouse WH-DE (USD) delivering with LM-DE (EUR)
// and a forward warehouse FW-BER serving DE:10.
func warehouseBook() logistics.RateBook {
	rb := miniBook()
	rb.Services = append(rb.Services,
		logistics.Service{ID: "LM-DE", Mode: logistics.ServiceLastMile, Currency: "EUR", IncrementG: 1, TransitMaxDays: 2},
		logistics.Service{ID: "SAMEDAY", Mode: logistics.ServiceLocal, Currency: "EUR", IncrementG: 1, TransitMaxDays: 0})
	rb.Zones = append(rb.Zones,
		logistics.Zone{ServiceID: "LM-DE", Country: "DE", Zone: "D"},
		logistics.Zone{ServiceID: "SAMEDAY", Country: "DE", PostalPrefix: "10", Zone: "B"})
	rb.Rates = append(rb.Rates,
		logistics.Rate{ServiceID: "LM-DE", Zone: "D", FromG: 0, Fixed: d("3")},
		logistics.Rate{ServiceID: "SAMEDAY", Zone: "B", FromG: 0, Fixed: d("4")})
	rb.Warehouses = []logistics.Warehouse{
		// pick 1.00 + 0.25 per extra unit; storage 2.00 per m³ per day for 30 days;
		// head-haul 1.50 per kg
		{ID: "WH-DE", Kind: logistics.Overseas, Country: "DE", Serves: []string{"DE", "AT"}, Currency: "USD",
			PickPerOrder: d("1"), PickPerExtraUnit: d("0.25"), StoragePerM3Day: d("2"), DaysInStock: 30, HeadhaulPerKg: d("1.5"),
			HandlingDays: 1, DeliveryService: "LM-DE"},
		{ID: "FW-BER", Kind: logistics.Forward, Country: "DE", Serves: []string{"DE:10"}, Currency: "EUR",
			PickPerOrder: d("2"), DeliveryService: "SAMEDAY", ColdChainFee: d("3")},
	}
	rb.Duties = []logistics.Duty{{Country: "DE", ValidFrom: date("2020-01-01"), Currency: "EUR", DutyFreeThreshold: d("150"), DutyRatePct: d("5")}}
	rb.Stock = []logistics.Stock{{WarehouseID: "WH-DE", SKU: "WIDGET", OnHand: 3}, {WarehouseID: "FW-BER", SKU: "WIDGET", OnHand: 1}}
	return rb
}

func TestWarehouseOption(t *testing.T) {
	o := miniOrder()
	o.Lines[0].Qty = 3 // 1200 g of units, 3 000 000 mm³
	dec := quote(t, warehouseBook(), o)
	wh := option(t, dec, "WH-DE")
	// fees: 1.00 + 0.25 × 2 = 1.50 USD (one piece) × 0.8 = 1.20
	// storage: 2 × (3 000 000 / 10⁹ m³) × 30 = 0.18 USD → 0.144 → 0.14
	// head-haul: 1.5 × 1.2 kg = 1.80 USD → 1.44
	// freight: LM-DE 3.00 EUR
	// bulk duty: 5 % × unit cost 3 × 10 EUR = 1.50 EUR (no threshold)
	// transit: handling 1 + 2 = 3
	want := logistics.Components{Freight: 300, Fees: 120, Storage: 14, Headhaul: 144, Duties: 150}
	if !wh.Feasible || wh.Components != want || wh.TransitDays != 3 || wh.Mode != logistics.ModeWarehouse {
		t.Errorf("got %+v (%s), want %+v in 3 days", wh.Components, wh.Reason, want)
	}
	if wh.Total != 728 {
		t.Errorf("total %s, want 7.28", money(wh.Total))
	}
	// the forward warehouse holds 1, the order needs 3
	fw := option(t, dec, "FW-BER")
	if fw.Feasible || !strings.Contains(fw.Reason.String(), "has 1 of WIDGET, needs 3") {
		t.Errorf("got %v %q, want out of stock", fw.Feasible, fw.Reason)
	}
	// 20149 is outside FW-BER's DE:10, so it is not an option at all
	o.PostalCode = "20149"
	for _, opt := range quote(t, warehouseBook(), o).Options {
		if opt.ID == "FW-BER" {
			t.Errorf("FW-BER offered outside the prefixes it serves")
		}
	}
}

func TestLocalColdChain(t *testing.T) {
	rb := warehouseBook()
	rb.Products[0].Category = "fresh_food"
	rb.Compliance = []logistics.Rule{{Country: "*", Category: "fresh_food", AllowedModes: []logistics.Mode{logistics.ModeLocal}, Note: "chilled only"}}
	dec := quote(t, rb, miniOrder())
	fw := option(t, dec, "FW-BER")
	// fees: pick 2.00 and cold chain 3.00 are two pieces: 5.00; freight 4.00; bulk duty 5 % × 10 = 0.50
	if !fw.Feasible || fw.Components.Fees != 500 || fw.Components.Freight != 400 || fw.Components.Duties != 50 || fw.TransitDays != 0 {
		t.Errorf("got %+v %d days (%s)", fw.Components, fw.TransitDays, fw.Reason)
	}
	if c, ok := dec.ChosenOption(); !ok || c.ID != "FW-BER" {
		t.Errorf("chose %+v, want FW-BER", c)
	}
	for _, id := range []string{"POST", "WH-DE"} {
		if opt := option(t, dec, id); opt.Feasible || opt.Reason.String() != "chilled only" {
			t.Errorf("%s: got %v %q, want the compliance note", id, opt.Feasible, opt.Reason)
		}
	}
}

func TestCompliance(t *testing.T) {
	rb := warehouseBook()
	rb.Compliance = []logistics.Rule{
		{Country: "*", Category: "general", AllowedModes: []logistics.Mode{logistics.ModeWarehouse}, Note: "star rule"},
		{Country: "AT", Category: "general", AllowedModes: []logistics.Mode{logistics.ModeDirect}, Note: "austria rule"},
	}
	rb.Zones = append(rb.Zones, logistics.Zone{ServiceID: "POST", Country: "AT", Zone: "Z1"}, logistics.Zone{ServiceID: "LM-DE", Country: "AT", Zone: "D"})
	// DE: the * row allows only warehouse
	de := quote(t, rb, miniOrder())
	if opt := option(t, de, "POST"); opt.Feasible || opt.Reason.String() != "star rule" {
		t.Errorf("DE POST: %v %q", opt.Feasible, opt.Reason)
	}
	// AT: the country row replaces the * row: direct allowed, warehouse not
	o := miniOrder()
	o.Country = "AT"
	at := quote(t, rb, o)
	if opt := option(t, at, "POST"); !opt.Feasible {
		t.Errorf("AT POST infeasible: %s", opt.Reason)
	}
	if opt := option(t, at, "WH-DE"); opt.Feasible || opt.Reason.String() != "austria rule" {
		t.Errorf("AT WH-DE: %v %q", opt.Feasible, opt.Reason)
	}
}

// laneBook adds a consolidation lane to DE (EUR), departing Tuesdays, delivered by LM-DE.
func laneBook(alloc logistics.Allocation) logistics.RateBook {
	rb := warehouseBook()
	rb.Warehouses = nil
	rb.Stock = nil
	rb.Duties = nil
	rb.Lanes = []logistics.Lane{{ID: "LANE", Destination: "DE", Currency: "EUR", FirstMilePerParcel: d("0.3"),
		DepartureWeekdays: []time.Weekday{time.Tuesday}, HubCutoffDays: 1, LinehaulDays: 6, DestHandlingPerParcel: d("0.2"),
		DestHandlingDays: 1, DeliveryService: "LM-DE", Allocation: alloc, Divisor: 0}}
	rb.Tiers = []logistics.Tier{
		{LaneID: "LANE", FromKg: 0, PerKg: d("2"), MinBatchCharge: d("10")},
		{LaneID: "LANE", FromKg: d("1"), PerKg: d("1")},
	}
	return rb
}

func TestConsolidation(t *testing.T) {
	// 2026-03-10 is a Tuesday: earliest = +1 handling +1 cut-off = Thu 03-12; next Tuesday 03-17.
	dec := quote(t, laneBook(logistics.ByChargeable), miniOrder())
	ln := option(t, dec, "LANE")
	// alone: 0.4 kg < 1 kg → tier 0: max(10, 2 × 0.4) = 10.00, all of it; + LM-DE 3.00 = 13.00
	// fees 0.30 + 0.20 = 0.50 (one piece); transit 7 + 6 + 1 + 2 = 16
	if !ln.Feasible || ln.Components.Freight != 1300 || ln.Components.Fees != 50 || ln.TransitDays != 16 || ln.Departure != date("2026-03-17") {
		t.Errorf("got %+v %d days dep %s (%s)", ln.Components, ln.TransitDays, ln.Departure, ln.Reason)
	}
	// earliest date itself is a departure day: order on Sunday 03-15 → earliest Tue 03-17
	o := miniOrder()
	o.Date = date("2026-03-15")
	if ln := option(t, quote(t, laneBook(logistics.ByChargeable), o), "LANE"); ln.Departure != date("2026-03-17") || ln.TransitDays != 2+6+1+2 {
		t.Errorf("departure %s transit %d, want 2026-03-17 and 11", ln.Departure, ln.TransitDays)
	}
}

func TestConsolidationBatchShares(t *testing.T) {
	// Three orders leave on the same Tuesday: 400 g, 800 g (2 widgets) and a 1000 g parcel.
	// Batch 2.2 kg ≥ 1 → tier 1: max(0, 1 × 2.2) = 2.20 EUR shared.
	mk := func(ref string, qty int64, parcel *logistics.Parcel, price string) logistics.PlanOrder {
		o := miniOrder()
		o.Ref, o.Lines[0].Qty, o.Parcel, o.Lines[0].UnitPrice = ref, qty, parcel, d(price)
		return logistics.PlanOrder{Order: o, Override: &logistics.Override{Mode: logistics.ModeConsolidation}}
	}
	orders := []logistics.PlanOrder{
		mk("A", 1, nil, "10"),
		mk("B", 2, nil, "10"),
		mk("C", 1, &logistics.Parcel{LengthMM: 100, WidthMM: 100, HeightMM: 100, WeightG: 1000}, "20"),
	}
	tests := []struct {
		alloc logistics.Allocation
		want  []int64 // line-haul pieces in cents
	}{
		// chargeable: 2.20 × 400/2200 = 0.40, × 800/2200 = 0.80, × 1000/2200 = 1.00
		{logistics.ByChargeable, []int64{40, 80, 100}},
		// volume: 1e6, 2e6, 1e6 mm³ → 2.20 × ¼ = 0.55, ½ = 1.10, ¼ = 0.55
		{logistics.ByVolume, []int64{55, 110, 55}},
		// value: 10, 20, 20 EUR → 2.20 × 0.2 = 0.44, 0.4 = 0.88, 0.88
		{logistics.ByValue, []int64{44, 88, 88}},
	}
	for _, tt := range tests {
		t.Run(tt.alloc.String(), func(t *testing.T) {
			rb := laneBook(tt.alloc)
			e, err := logistics.NewEngine(&rb)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			if _, err := e.Plan(orders, func(_ int, dec *logistics.Decision) error {
				c, ok := dec.ChosenOption()
				if !ok || c.ID != "LANE" {
					t.Fatalf("%s: chose %+v", dec.OrderRef, c)
				}
				got = append(got, c.Components.Freight-300) // less the LM-DE delivery
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			for i := range tt.want {
				if got[i] != tt.want[i] {
					t.Errorf("pieces %v, want %v", got, tt.want)
					break
				}
			}
		})
	}
}

func TestChoice(t *testing.T) {
	book := func() logistics.RateBook {
		rb := miniBook()
		rb.Services = append(rb.Services,
			logistics.Service{ID: "EXPRESS", Mode: logistics.ServiceDirect, Currency: "EUR", IncrementG: 1, TransitMaxDays: 3},
			logistics.Service{ID: "ALSO", Mode: logistics.ServiceDirect, Currency: "EUR", IncrementG: 1, TransitMaxDays: 10})
		rb.Zones = append(rb.Zones,
			logistics.Zone{ServiceID: "EXPRESS", Country: "DE", Zone: "E"},
			logistics.Zone{ServiceID: "ALSO", Country: "DE", Zone: "A"})
		rb.Rates = append(rb.Rates,
			logistics.Rate{ServiceID: "EXPRESS", Zone: "E", FromG: 0, Fixed: d("20")},
			logistics.Rate{ServiceID: "ALSO", Zone: "A", FromG: 0, Fixed: d("6")})
		return rb
	}
	tests := []struct {
		name    string
		promise int
		want    string
		sla     bool
	}{
		// POST 6.00 in 11 days, ALSO 6.00 in 11 days, EXPRESS 20.00 in 4 days:
		// tie on total and days → option id in byte order: ALSO < POST
		{"tie goes to the smaller id", 0, "ALSO", false},
		{"promise rules out the cheap ones", 5, "EXPRESS", false},
		// nothing keeps 3 days: the fastest wins and is flagged
		{"sla risk", 3, "EXPRESS", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := miniOrder()
			o.PromisedDays = tt.promise
			dec := quote(t, book(), o)
			c, ok := dec.ChosenOption()
			if !ok || c.ID != tt.want || dec.SLARisk != tt.sla {
				t.Errorf("chose %s sla %v, want %s sla %v (%s)", c.ID, dec.SLARisk, tt.want, tt.sla, dec.Reason)
			}
			if dec.Reason == "" {
				t.Error("no explanation")
			}
		})
	}
	// unassignable: every option infeasible, each reason in the explanation
	rb := book()
	for i := range rb.Services {
		rb.Services[i].MaxWeightG = 100
	}
	dec := quote(t, rb, miniOrder())
	if _, ok := dec.ChosenOption(); ok || !strings.HasPrefix(dec.Reason, "unassignable") || strings.Count(dec.Reason, "over its limit") != 3 {
		t.Errorf("got chosen %d reason %q, want unassignable with three reasons", dec.Chosen, dec.Reason)
	}
}

func TestPlanStockAndOverrides(t *testing.T) {
	rb := warehouseBook()
	rb.Warehouses = rb.Warehouses[:1] // WH-DE only, 3 widgets
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(ref, day string, qty int64) logistics.PlanOrder {
		o := miniOrder()
		o.Ref, o.Date, o.Lines[0].Qty = ref, date(day), qty
		return logistics.PlanOrder{Order: o}
	}
	// planning order is date then ref, whatever the input order: B(03-01) A(03-02) C(03-02) D(03-03)
	orders := []logistics.PlanOrder{mk("C", "2026-03-02", 1), mk("A", "2026-03-02", 1), mk("B", "2026-03-01", 1), mk("D", "2026-03-03", 1)}
	orders[1].Override = &logistics.Override{Mode: logistics.ModeDirect, Reason: "customer asked"}
	var got []string
	if _, err := e.Plan(orders, func(_ int, dec *logistics.Decision) error {
		c, _ := dec.ChosenOption()
		got = append(got, dec.OrderRef+":"+c.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// B takes a widget, A is overridden to direct (takes none), C and D take the last two
	want := "B:WH-DE A:POST C:WH-DE D:WH-DE"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
	// a quote sees the plan: stock net of planned assignments (3 taken) → out of stock
	planned := []logistics.Planned{{Order: orders[2].Order, Mode: logistics.ModeWarehouse, Option: "WH-DE"},
		{Order: orders[0].Order, Mode: logistics.ModeWarehouse, Option: "WH-DE"},
		{Order: orders[3].Order, Mode: logistics.ModeWarehouse, Option: "WH-DE"}}
	q := e.Quote(mk("E", "2026-03-04", 1).Order, planned)
	if opt := option(t, q, "WH-DE"); opt.Feasible {
		t.Errorf("quote found stock after the plan took it all")
	}
	// quoting a planned order leaves it out of the planned set: its own unit is free again
	q = e.Quote(orders[3].Order, planned)
	if opt := option(t, q, "WH-DE"); !opt.Feasible {
		t.Errorf("re-quote of D: %s", opt.Reason)
	}
}

func TestHugeQuantitiesAreRefusedNotWrapped(t *testing.T) {
	o := miniOrder()
	o.Lines[0].Qty = 1 << 40
	o.Lines[0].UnitPrice = d("9000000")
	dec := quote(t, miniBook(), o)
	if _, ok := dec.ChosenOption(); ok || !strings.Contains(dec.Options[0].Reason.String(), "too large") {
		t.Errorf("got chosen=%d %q, want unassignable as too large", dec.Chosen, dec.Options[0].Reason)
	}
}

func TestDateText(t *testing.T) {
	for _, s := range []string{"2026-05-06", "1999-12-31", "2000-02-29", "0001-01-01", "9999-12-31"} {
		if got := date(s).String(); got != s {
			t.Errorf("got %s, want %s", got, s)
		}
	}
	if got := logistics.NoDate.String(); got != "" {
		t.Errorf("NoDate: got %q", got)
	}
}

func TestUnknownAndEmptySKU(t *testing.T) {
	for sku, want := range map[string]string{"NOPE": "unknown SKU NOPE: needs product data", "": "a line has no SKU: needs product data"} {
		o := miniOrder()
		o.Lines = append(o.Lines, logistics.Line{SKU: sku, Qty: 1})
		dec := quote(t, miniBook(), o)
		if _, ok := dec.ChosenOption(); ok || dec.Options[0].Reason.String() != want {
			t.Errorf("SKU %q: got chosen=%d %q, want unassignable with %q", sku, dec.Chosen, dec.Options[0].Reason, want)
		}
	}
}

func TestCheapest(t *testing.T) {
	opts := []logistics.Option{
		{Mode: logistics.ModeWarehouse, Feasible: true, Total: 900},
		{Mode: logistics.ModeDirect, Feasible: true, Total: 700},
		{Mode: logistics.ModeDirect, Feasible: false, Total: 100},
		{Mode: logistics.ModeDirect, Feasible: true, Total: 650},
	}
	total, ok := logistics.Cheapest(opts)
	if !ok[logistics.ModeDirect] || total[logistics.ModeDirect] != 650 || !ok[0] || total[0] != 650 ||
		total[logistics.ModeWarehouse] != 900 || ok[logistics.ModeLocal] || ok[logistics.ModeConsolidation] {
		t.Errorf("got %v %v", total, ok)
	}
}
