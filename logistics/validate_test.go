package logistics

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func dec(t *testing.T, s string) Dec {
	t.Helper()
	d, err := ParseDec(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// validBook is a small rate book that passes Validate: one direct service with two
// bands, a last-mile and a local service, a warehouse of each kind, one lane.
func validBook(t *testing.T) RateBook {
	return RateBook{
		Settings: Settings{BaseCurrency: "EUR", OriginCountry: "CN", OriginHandlingDays: 2, PackagingG: 30},
		FX: []FXRate{
			{Currency: "CNY", RateToBase: dec(t, "0.1232"), ValidFrom: DateOf(2026, 3, 2)},
			{Currency: "CNY", RateToBase: dec(t, "0.1248"), ValidFrom: DateOf(2026, 6, 1)},
			{Currency: "USD", RateToBase: dec(t, "0.8745"), ValidFrom: NoDate},
			{Currency: "EUR", RateToBase: DecInt(1), ValidFrom: NoDate},
		},
		Services: []Service{
			{ID: "POST", Mode: ServiceDirect, Currency: "CNY", VolumetricRatio: DecInt(1), IncrementG: 1,
				MinChargeG: 50, MaxWeightG: 2000, TransitMinDays: 12, TransitMaxDays: 22, ForbiddenCategories: []string{"battery"}},
			{ID: "COL", Mode: ServiceLastMile, Currency: "EUR", VolumetricRatio: DecInt(1), IncrementG: 1, TransitMaxDays: 2},
			{ID: "STU", Mode: ServiceLocal, Currency: "EUR", VolumetricRatio: DecInt(1), IncrementG: 1, TransitMaxDays: 1},
		},
		Zones: []Zone{
			{ServiceID: "POST", Country: "FR", Zone: "EU"},
			{ServiceID: "POST", Country: "IT", Zone: "EU"},
			{ServiceID: "COL", Country: "FR", Zone: "FR"},
			{ServiceID: "COL", Country: "FR", PostalPrefix: "20", Zone: "CORSE"},
			{ServiceID: "STU", Country: "FR", PostalPrefix: "75", Zone: "P"},
		},
		Rates: []Rate{
			{ServiceID: "POST", Zone: "EU", FromG: 500, ToG: 2000, Fixed: dec(t, "21.3"), PerKg: DecInt(63)},
			{ServiceID: "POST", Zone: "EU", FromG: 0, ToG: 500, Fixed: dec(t, "16.8"), PerKg: DecInt(72)},
			{ServiceID: "COL", Zone: "FR", FromG: 0, ToG: 0, Fixed: dec(t, "6.25")},
			{ServiceID: "COL", Zone: "CORSE", FromG: 100, ToG: 30000, Fixed: dec(t, "11.2")},
			{ServiceID: "STU", Zone: "P", FromG: 0, ToG: 20000, Fixed: dec(t, "7.8")},
		},
		Surcharges: []Surcharge{
			{ServiceID: "POST", Kind: Remote, Country: "IT", PostalPrefix: "98", FromDate: NoDate, ToDate: NoDate, Fixed: DecInt(3)},
			{ServiceID: "POST", Kind: Peak, FromDate: DateOf(2026, 11, 15), ToDate: DateOf(2026, 11, 15), PerKg: dec(t, "0.85")},
		},
		Warehouses: []Warehouse{
			{ID: "WH", Kind: Overseas, Country: "FR", Serves: []string{"FR", "IT"}, Currency: "EUR", DeliveryService: "COL"},
			{ID: "FW", Kind: Forward, Country: "FR", Serves: []string{"FR:75"}, Currency: "CNY", DeliveryService: "STU"},
		},
		Lanes: []Lane{
			{ID: "LANE", Destination: "FR", Currency: "USD", DepartureWeekdays: []time.Weekday{time.Wednesday, time.Saturday},
				DeliveryService: "COL", Allocation: ByChargeable, Divisor: 6000},
		},
		Tiers: []Tier{
			{LaneID: "LANE", FromKg: 0, PerKg: dec(t, "6.1"), MinBatchCharge: DecInt(55)},
			{LaneID: "LANE", FromKg: DecInt(20), PerKg: dec(t, "4.4")},
		},
		Duties: []Duty{
			{Country: "FR", ValidFrom: NoDate, Currency: "EUR", DutyFreeThreshold: DecInt(150), DutyRatePct: dec(t, "3.7"), Valuation: CIF},
			{Country: "FR", ValidFrom: DateOf(2026, 7, 1), Currency: "EUR", DutyRatePct: dec(t, "3.7"), Valuation: FOB},
		},
		Compliance: []Rule{
			{Country: "*", Category: "fresh_food", AllowedModes: []Mode{ModeLocal}},
			{Country: "FR", Category: "fresh_food", AllowedModes: []Mode{ModeLocal, ModeWarehouse}},
			{Country: "IT", Category: "weapons"},
		},
		Products: []Product{
			{SKU: "A", WeightG: 85, Currency: "CNY", UnitCost: DecInt(38), HSCode: "0810.90"},
			{SKU: "B", WeightG: 100},
		},
		Stock: []Stock{
			{WarehouseID: "WH", SKU: "A", OnHand: 3},
			{WarehouseID: "FW", SKU: "A", OnHand: 0},
		},
	}
}

func TestValidateValid(t *testing.T) {
	rb := validBook(t)
	if got := rb.Validate(); len(got) != 0 {
		t.Fatalf("got problems %v, want none", got)
	}
	var empty RateBook
	empty.Settings = DefaultSettings()
	if got := empty.Validate(); len(got) != 0 {
		t.Fatalf("empty book: got problems %v, want none", got)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(rb *RateBook)
		want   []string // Problem.String() substrings, in order; sheet, row and column must match exactly
	}{
		{"bad settings", func(rb *RateBook) {
			rb.Settings = Settings{BaseCurrency: "eur", OriginCountry: "China", OriginHandlingDays: -1, PackagingG: -5}
		}, []string{
			"settings base_currency: \"eur\" is not an ISO 4217",
			"settings origin_country: country \"China\"",
			"settings origin_handling_days: must not be negative",
			"settings packaging_g: must not be negative",
		}},
		{"fx rows", func(rb *RateBook) {
			rb.FX = append(rb.FX,
				FXRate{Currency: "CNY", RateToBase: dec(t, "0.2"), ValidFrom: DateOf(2026, 3, 2)},
				FXRate{Currency: "XXY", RateToBase: DecInt(1)},
				FXRate{Currency: "GBP", RateToBase: 0, ValidFrom: NoDate},
				FXRate{Currency: "EUR", RateToBase: DecInt(2), ValidFrom: DateOf(2026, 1, 1)})
		}, []string{
			"fx row 5, valid_from: duplicate fx row for CNY valid from 2026-03-02",
			"fx row 6, currency: \"XXY\" is not an ISO 4217 currency code",
			"fx row 7, rate_to_base: must be above 0",
			"fx row 8, rate_to_base: the base currency EUR has the rate 1",
		}},
		{"services", func(rb *RateBook) {
			rb.Services = append(rb.Services,
				Service{ID: "POST", Mode: ServiceDirect, Currency: "GBP", VolumetricRatio: DecInt(-1), IncrementG: 0,
					Divisor: -1, TransitMinDays: 5, TransitMaxDays: 3, FuelPct: DecInt(-2), MinChargeG: -1},
				Service{ID: "", Mode: 0, Currency: "usd", IncrementG: 1, MaxWeightG: -1, MaxSideMM: -1})
		}, []string{
			"services row 4, service_id: duplicate service_id \"POST\"",
			"services row 4, currency: no fx row for currency GBP (base currency EUR)",
			"services row 4, divisor: must not be negative, got -1",
			"services row 4, volumetric_ratio: must not be negative, got -1",
			"services row 4, increment_g: must be at least 1 g, got 0",
			"services row 4, min_charge_g: must not be negative",
			"services row 4, transit_max_days: transit_max_days 3 is below transit_min_days 5",
			"services row 4, fuel_pct: must not be negative, got -2",
			"services row 5, service_id: missing service_id",
			"services row 5, mode: missing or unknown mode",
			"services row 5, currency: \"usd\" is not an ISO 4217 currency code",
			"services row 5, max_weight_g: must not be negative",
			"services row 5, max_side_mm: must not be negative",
		}},
		{"zones", func(rb *RateBook) {
			rb.Zones = append(rb.Zones,
				Zone{ServiceID: "COL", Country: "FR", PostalPrefix: "20", Zone: "X"},
				Zone{ServiceID: "NOPE", Country: "fr", Zone: ""},
				Zone{ServiceID: "POST", Country: "FR", Zone: "EU2"})
		}, []string{
			"zones row 6, postal_prefix: duplicate zone of COL for FR 20",
			"zones row 7, service_id: unknown service \"NOPE\"",
			"zones row 7, country: country \"fr\" is not two upper-case letters",
			"zones row 7, zone: missing zone",
			"zones row 8, postal_prefix: duplicate zone of POST for FR",
		}},
		{"rates references and numbers", func(rb *RateBook) {
			rb.Rates = append(rb.Rates,
				Rate{ServiceID: "POST", Zone: "ASIA", FromG: 0, ToG: 100},
				Rate{ServiceID: "GONE", Zone: "EU", FromG: 0, ToG: 100},
				Rate{ServiceID: "STU", Zone: "P", FromG: 20000, ToG: 20000, Fixed: DecInt(-1), PerKg: DecInt(-1)})
		}, []string{
			"rates row 6, zone: zone \"ASIA\" of POST has no row in zones",
			"rates row 7, service_id: unknown service \"GONE\"",
			"rates row 8, to_g: to_g 20000 must be above from_g 20000",
			"rates row 8, fixed: must not be negative",
			"rates row 8, per_kg: must not be negative",
		}},
		{"overlapping band", func(rb *RateBook) {
			rb.Rates = append(rb.Rates, Rate{ServiceID: "POST", Zone: "EU", FromG: 400, ToG: 600})
		}, []string{
			"rates row 1, from_g: band (500, 2000 g] of POST zone EU overlaps band (400, 600 g]",
			"rates row 6, from_g: band (400, 600 g] of POST zone EU overlaps band (0, 500 g]",
		}},
		{"gap between bands", func(rb *RateBook) {
			rb.Rates[0].FromG = 600
		}, []string{
			"rates row 1, from_g: band (600, 2000 g] of POST zone EU leaves a gap after band (0, 500 g] (from_g must be 500)",
		}},
		{"unbounded band not last", func(rb *RateBook) {
			rb.Rates[1].ToG = 0
		}, []string{
			"rates row 2, to_g: the unbounded band (0 g, unbounded) of POST zone EU must be the last, but (500, 2000 g] starts above it",
		}},
		{"duplicate from_g", func(rb *RateBook) {
			rb.Rates = append(rb.Rates, Rate{ServiceID: "STU", Zone: "P", FromG: 0, ToG: 20000})
		}, []string{
			"rates row 6, from_g: band (0, 20000 g] of STU zone P overlaps band (0, 20000 g]",
		}},
		{"surcharges", func(rb *RateBook) {
			rb.Surcharges = append(rb.Surcharges,
				Surcharge{ServiceID: "X", Kind: 0, Country: "Italy", FromDate: DateOf(2026, 2, 1), ToDate: DateOf(2026, 1, 1),
					MinSideMM: -1, Fixed: DecInt(-1), PerKg: DecInt(-1), Min: DecInt(-1), Pct: DecInt(-1)})
		}, []string{
			"surcharges row 3, service_id: unknown service \"X\"",
			"surcharges row 3, kind: missing or unknown kind",
			"surcharges row 3, country: country \"Italy\"",
			"surcharges row 3, to_date: to_date 2026-01-01 is before from_date 2026-02-01",
			"surcharges row 3, min_side_mm: must not be negative",
			"surcharges row 3, fixed: must not be negative",
			"surcharges row 3, per_kg: must not be negative",
			"surcharges row 3, min: must not be negative",
			"surcharges row 3, pct: must not be negative",
		}},
		{"warehouses", func(rb *RateBook) {
			rb.Warehouses = append(rb.Warehouses,
				Warehouse{ID: "WH", Kind: 3, Country: "F", Serves: []string{"fr", "FR:", "FR:a b", "FR:75"}, Currency: "JPY",
					PickPerOrder: DecInt(-1), DaysInStock: -1, HandlingDays: -1, DeliveryService: "POST"},
				Warehouse{ID: "W2", Kind: Overseas, Country: "PL", Currency: "EUR", DeliveryService: "DPD"},
				Warehouse{ID: "W3", Kind: Overseas, Country: "PL", Currency: "EUR"})
		}, []string{
			"warehouses row 3, warehouse_id: duplicate warehouse_id \"WH\"",
			"warehouses row 3, kind: missing or unknown kind",
			"warehouses row 3, country: country \"F\"",
			"warehouses row 3, serves: entry \"fr\" must be a country",
			"warehouses row 3, serves: entry \"FR:\" needs a postal prefix",
			"warehouses row 3, serves: entry \"FR:a b\" needs a postal prefix",
			"warehouses row 3, currency: no fx row for currency JPY",
			"warehouses row 3, pick_per_order: must not be negative",
			"warehouses row 3, days_in_stock: must not be negative",
			"warehouses row 3, handling_days: must not be negative",
			"warehouses row 3, delivery_service: service \"POST\" has mode direct; a delivery service must be last_mile or local",
			"warehouses row 4, delivery_service: unknown service \"DPD\"",
			"warehouses row 5, delivery_service: missing delivery_service",
		}},
		{"lanes and tiers", func(rb *RateBook) {
			rb.Lanes = append(rb.Lanes,
				Lane{ID: "L2", Destination: "FR", Currency: "USD", DeliveryService: "POST", Allocation: 0, Divisor: -1, HubCutoffDays: -1})
			rb.Tiers = append(rb.Tiers,
				Tier{LaneID: "L2", FromKg: DecInt(5)},
				Tier{LaneID: "LANE", FromKg: DecInt(20), PerKg: DecInt(-1)},
				Tier{LaneID: "L9", FromKg: 0})
		}, []string{
			"consolidation row 2: lane L2 has no linehaul_tiers row with from_kg 0",
			"consolidation row 2, departure_weekdays: no departure weekday",
			"consolidation row 2, hub_cutoff_days: must not be negative",
			"consolidation row 2, delivery_service: service \"POST\" has mode direct",
			"consolidation row 2, allocation: missing or unknown allocation",
			"consolidation row 2, divisor: must not be negative",
			"linehaul_tiers row 4, from_kg: duplicate tier of LANE from 20 kg",
			"linehaul_tiers row 4, per_kg: must not be negative",
			"linehaul_tiers row 5, lane_id: unknown lane \"L9\"",
		}},
		{"duties", func(rb *RateBook) {
			rb.Duties = append(rb.Duties,
				Duty{Country: "FR", ValidFrom: DateOf(2026, 7, 1), Currency: "EUR", Valuation: CIF},
				Duty{Country: "FR", ValidFrom: NoDate, Currency: "EUR", Valuation: 0, DutyRatePct: DecInt(-4)},
				Duty{Country: "PL", ValidFrom: NoDate, Currency: "PLN", Valuation: FOB})
		}, []string{
			"duties row 3, valid_from: duplicate duties row for FR valid from 2026-07-01",
			"duties row 4, valid_from: duplicate duties row for FR valid from the start",
			"duties row 4, duty_rate_pct: must not be negative",
			"duties row 4, valuation: missing or unknown valuation",
			"duties row 5, currency: no fx row for currency PLN",
		}},
		{"compliance", func(rb *RateBook) {
			rb.Compliance = append(rb.Compliance,
				Rule{Country: "*", Category: "fresh_food", AllowedModes: []Mode{ModeLocal}},
				Rule{Country: "**", Category: "", AllowedModes: []Mode{9}})
		}, []string{
			"compliance row 4, category: duplicate rule for fresh_food in *",
			"compliance row 5, country: country \"**\"",
			"compliance row 5, category: missing category",
			"compliance row 5, allowed_modes: unknown mode 9",
		}},
		{"products and stock", func(rb *RateBook) {
			rb.Products = append(rb.Products,
				Product{SKU: "A", WeightG: -1, LengthMM: -1, WidthMM: -1, HeightMM: -1, UnitCost: DecInt(-1), Currency: "CNY"},
				Product{SKU: "C ", UnitCost: DecInt(2)})
			rb.Stock = append(rb.Stock,
				Stock{WarehouseID: "WH", SKU: "A", OnHand: 1},
				Stock{WarehouseID: "NOWH", SKU: "Z", OnHand: -2})
		}, []string{
			"products row 3, sku: duplicate sku \"A\"",
			"products row 3, weight_g: must not be negative",
			"products row 3, length_mm: must not be negative",
			"products row 3, width_mm: must not be negative",
			"products row 3, height_mm: must not be negative",
			"products row 3, unit_cost: must not be negative",
			"products row 4, sku: sku \"C \" has leading or trailing spaces",
			"products row 4, currency: missing currency",
			"stock row 3, sku: duplicate stock of A in WH",
			"stock row 4, warehouse_id: unknown warehouse \"NOWH\"",
			"stock row 4, sku: unknown sku \"Z\"",
			"stock row 4, on_hand: must not be negative",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rb := validBook(t)
			tt.change(&rb)
			got := rb.Validate()
			want := tt.want
			var gotText []string
			for _, p := range got {
				gotText = append(gotText, p.String())
			}
			if len(got) != len(want) {
				t.Fatalf("got %d problems:\n%s\nwant %d:\n%s", len(got), strings.Join(gotText, "\n"), len(want), strings.Join(want, "\n"))
			}
			for i := range want {
				if !strings.HasPrefix(gotText[i], want[i]) {
					t.Errorf("problem %d: got %q, want prefix %q", i, gotText[i], want[i])
				}
			}
		})
	}
}

// TestValidateOrder checks the sort: sheets in SPEC order, then row, then column in
// SPEC order (the whole row first), and that Validate is deterministic.
func TestValidateOrder(t *testing.T) {
	rb := validBook(t)
	rb.Stock[0].OnHand = -1
	rb.Services[1].FuelPct = DecInt(-1)
	rb.Services[1].Currency = "ZZZ"
	rb.Lanes[0].Destination = "fr"
	rb.Tiers = rb.Tiers[1:]
	rb.Settings.PackagingG = -1
	got := rb.Validate()
	var locs []string
	for _, p := range got {
		locs = append(locs, fmt.Sprintf("%s/%d/%s", p.Sheet, p.Row, p.Column))
	}
	want := []string{
		"settings/-1/packaging_g",
		"services/1/currency",
		"services/1/fuel_pct",
		"consolidation/0/",
		"consolidation/0/destination",
		"stock/0/on_hand",
	}
	if !slices.Equal(locs, want) {
		t.Fatalf("got %v, want %v", locs, want)
	}
	for range 5 {
		again := rb.Validate()
		if !reflect.DeepEqual(again, got) {
			t.Fatalf("got %v on a second run, want %v", again, got)
		}
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Sheet: SheetRates, Row: 2, Column: "to_g", Reason: "bad"}, "rates row 3, to_g: bad"},
		{Problem{Sheet: SheetConsolidation, Row: 0, Column: "", Reason: "no tier"}, "consolidation row 1: no tier"},
		{Problem{Sheet: SheetSettings, Row: -1, Column: KeyBaseCurrency, Reason: "bad"}, "settings base_currency: bad"},
		{Problem{Sheet: SheetFX, Row: -1, Column: "", Reason: "bad"}, "fx: bad"},
	}
	for _, tt := range tests {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestRateBookSheets(t *testing.T) {
	sheets := RateBookSheets()
	if len(sheets) != 13 {
		t.Fatalf("got %d sheets, want 13", len(sheets))
	}
	seen := map[string]bool{}
	for _, s := range sheets {
		if seen[s.Name] {
			t.Errorf("sheet %s listed twice", s.Name)
		}
		seen[s.Name] = true
		cols := map[string]bool{}
		for _, c := range s.Columns {
			if cols[c] {
				t.Errorf("sheet %s: column %s listed twice", s.Name, c)
			}
			cols[c] = true
		}
	}
	sheets[0].Columns[0] = "changed"
	if got := RateBookSheets()[0].Columns[0]; got != "key" {
		t.Errorf("got %q after changing a copy, want key", got)
	}
}
