package ingest

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

const rbFixture = "testdata/ratebook.xlsx"

func readRBFixture(t *testing.T) logistics.RateBook {
	t.Helper()
	f, err := os.Open(rbFixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rb, err := RateBook(f, "ratebook.xlsx")
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	return rb
}

func rbD(t *testing.T, s string) logistics.Dec {
	t.Helper()
	v, err := logistics.ParseDec(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func rbDay(y int, m time.Month, dd int) logistics.Date { return logistics.DateOf(y, m, dd) }

// TestRateBookFixture reads the example rate book and checks it value by value.
func TestRateBookFixture(t *testing.T) {
	rb := readRBFixture(t)
	no := logistics.NoDate

	// the fixture predates cover_days, capital_cost_pct and the invoice tolerances:
	// they keep their defaults
	if want := (logistics.Settings{BaseCurrency: "EUR", OriginCountry: "CN", OriginHandlingDays: 2, PackagingG: 30,
		CoverDays: 30, CapitalCostPct: logistics.DecInt(25), InvoiceToleranceAbs: logistics.DecScale / 2, InvoiceTolerancePct: logistics.DecInt(2)}); rb.Settings != want {
		t.Errorf("settings: got %+v, want %+v", rb.Settings, want)
	}

	s1, s2, s3 := rbDay(2025, 9, 1), rbDay(2026, 3, 2), rbDay(2026, 6, 1)
	wantFX := []logistics.FXRate{
		{Currency: "EUR", RateToBase: rbD(t, "1"), ValidFrom: s1},
		{Currency: "CNY", RateToBase: rbD(t, "0.1265"), ValidFrom: s1}, {Currency: "CNY", RateToBase: rbD(t, "0.1232"), ValidFrom: s2}, {Currency: "CNY", RateToBase: rbD(t, "0.1248"), ValidFrom: s3},
		// stored as the double 0.8745000000000001: Excel shows 0.8745
		{Currency: "USD", RateToBase: rbD(t, "0.918"), ValidFrom: s1}, {Currency: "USD", RateToBase: rbD(t, "0.8745"), ValidFrom: s2}, {Currency: "USD", RateToBase: rbD(t, "0.8812"), ValidFrom: s3},
		{Currency: "PLN", RateToBase: rbD(t, "0.2342"), ValidFrom: s1}, {Currency: "PLN", RateToBase: rbD(t, "0.2368"), ValidFrom: s2},
		{Currency: "CAD", RateToBase: rbD(t, "0.6415"), ValidFrom: s1}, {Currency: "CAD", RateToBase: rbD(t, "0.629"), ValidFrom: s2}, {Currency: "CAD", RateToBase: rbD(t, "0.6335"), ValidFrom: s3},
		{Currency: "AUD", RateToBase: rbD(t, "0.587"), ValidFrom: s1}, {Currency: "AUD", RateToBase: rbD(t, "0.5795"), ValidFrom: s2},
	}
	if !reflect.DeepEqual(rb.FX, wantFX) {
		t.Errorf("fx: got %+v, want %+v", rb.FX, wantFX)
	}

	one := rbD(t, "1")
	wantServices := []logistics.Service{
		{ID: "CN-POST-ECO", Mode: logistics.ServiceDirect, Carrier: "Cainiao", Name: "Postal Economy Air", Currency: "CNY",
			Divisor: 0, VolumetricRatio: one, IncrementG: 1, MinChargeG: 50, MaxWeightG: 2000, MaxSideMM: 600,
			TransitMinDays: 12, TransitMaxDays: 22, ForbiddenCategories: []string{"battery", "liquid"}},
		{ID: "FDX-IP", Mode: logistics.ServiceDirect, Carrier: "FedEx", Name: "International Priority", Currency: "USD",
			Divisor: 5000, VolumetricRatio: one, IncrementG: 500, MinChargeG: 500, MaxWeightG: 68000, MaxSideMM: 2740,
			TransitMinDays: 3, TransitMaxDays: 4, FuelPct: rbD(t, "24.5")},
		{ID: "SUNYOU-EU", Mode: logistics.ServiceDirect, Carrier: "Sunyou", Name: "Europe Dedicated Line", Currency: "CNY",
			Divisor: 8000, VolumetricRatio: rbD(t, "2"), IncrementG: 50, MinChargeG: 250, MaxWeightG: 15000, MaxSideMM: 1200,
			TransitMinDays: 8, TransitMaxDays: 12, FuelPct: rbD(t, "5"), ForbiddenCategories: []string{"liquid"}},
		{ID: "COLISSIMO-FR", Mode: logistics.ServiceLastMile, Carrier: "La Poste", Name: "Colissimo Domicile", Currency: "EUR",
			VolumetricRatio: one, IncrementG: 1, MaxWeightG: 30000, MaxSideMM: 1500, TransitMinDays: 1, TransitMaxDays: 2},
		{ID: "DPD-PL", Mode: logistics.ServiceLastMile, Carrier: "DPD Polska", Name: "DPD Classic", Currency: "PLN",
			VolumetricRatio: one, IncrementG: 1, MaxWeightG: 31500, MaxSideMM: 1750, TransitMinDays: 1, TransitMaxDays: 2},
		{ID: "STUART-PAR", Mode: logistics.ServiceLocal, Carrier: "Stuart", Name: "Same-day courier Paris", Currency: "EUR",
			VolumetricRatio: one, IncrementG: 1, MaxWeightG: 20000, MaxSideMM: 1000, TransitMinDays: 0, TransitMaxDays: 1,
			FuelPct: rbD(t, "6"), ForbiddenCategories: []string{"battery"}},
	}
	if !reflect.DeepEqual(rb.Services, wantServices) {
		t.Errorf("services:\ngot  %+v\nwant %+v", rb.Services, wantServices)
	}

	if len(rb.Zones) != 23 {
		t.Errorf("zones: got %d rows, want 23", len(rb.Zones))
	} else {
		for i, want := range map[int]logistics.Zone{
			0:  {ServiceID: "CN-POST-ECO", Country: "FR", Zone: "EU1"},
			17: {ServiceID: "COLISSIMO-FR", Country: "FR", PostalPrefix: "20", Zone: "CORSE"},
			21: {ServiceID: "STUART-PAR", Country: "FR", PostalPrefix: "75", Zone: "P1"},
			22: {ServiceID: "STUART-PAR", Country: "FR", PostalPrefix: "92", Zone: "P2"},
		} {
			if rb.Zones[i] != want {
				t.Errorf("zones[%d]: got %+v, want %+v", i, rb.Zones[i], want)
			}
		}
	}

	if len(rb.Rates) != 27 {
		t.Errorf("rates: got %d rows, want 27", len(rb.Rates))
	} else {
		for i, want := range map[int]logistics.Rate{
			0:  {ServiceID: "CN-POST-ECO", Zone: "EU1", FromG: 0, ToG: 500, Fixed: rbD(t, "16.8"), PerKg: rbD(t, "72")},
			8:  {ServiceID: "FDX-IP", Zone: "EU", FromG: 0, ToG: 500, Fixed: rbD(t, "38.5"), PerKg: 0},
			10: {ServiceID: "FDX-IP", Zone: "EU", FromG: 2500, ToG: 0, Fixed: rbD(t, "41"), PerKg: rbD(t, "14.2")}, // empty to_g: unbounded
			12: {ServiceID: "FDX-IP", Zone: "NA", FromG: 500, ToG: 0, Fixed: rbD(t, "33.5"), PerKg: rbD(t, "21.4")},
			14: {ServiceID: "FDX-IP", Zone: "OC", FromG: 500, ToG: 0, Fixed: rbD(t, "31"), PerKg: rbD(t, "20.6")},
			20: {ServiceID: "COLISSIMO-FR", Zone: "FR", FromG: 5000, ToG: 30000, Fixed: rbD(t, "9.4"), PerKg: rbD(t, "0.38")},
			26: {ServiceID: "STUART-PAR", Zone: "P2", FromG: 0, ToG: 20000, Fixed: rbD(t, "9.6"), PerKg: rbD(t, "0.4")},
		} {
			if rb.Rates[i] != want {
				t.Errorf("rates[%d]: got %+v, want %+v", i, rb.Rates[i], want)
			}
		}
	}

	wantSurcharges := []logistics.Surcharge{
		{ServiceID: "FDX-IP", Kind: logistics.Remote, Country: "IT", PostalPrefix: "98", FromDate: no, ToDate: no,
			PerKg: rbD(t, "0.62"), Min: rbD(t, "26.5")},
		{ServiceID: "FDX-IP", Kind: logistics.Remote, Country: "IT", PostalPrefix: "9805", FromDate: no, ToDate: no, Fixed: rbD(t, "42")},
		{ServiceID: "FDX-IP", Kind: logistics.Oversize, FromDate: no, ToDate: no, MinSideMM: 1200, Fixed: rbD(t, "85")},
		{ServiceID: "FDX-IP", Kind: logistics.Peak, FromDate: rbDay(2026, 11, 16), ToDate: rbDay(2027, 1, 10), PerKg: rbD(t, "0.85")},
		{ServiceID: "SUNYOU-EU", Kind: logistics.Remote, Country: "IT", PostalPrefix: "9805", FromDate: no, ToDate: no,
			Fixed: rbD(t, "18"), Pct: rbD(t, "8")},
		{ServiceID: "COLISSIMO-FR", Kind: logistics.Remote, Country: "FR", PostalPrefix: "20", FromDate: no, ToDate: no, Fixed: rbD(t, "3.9")},
	}
	if !reflect.DeepEqual(rb.Surcharges, wantSurcharges) {
		t.Errorf("surcharges:\ngot  %+v\nwant %+v", rb.Surcharges, wantSurcharges)
	}

	wantWarehouses := []logistics.Warehouse{
		{ID: "WH-PL-WAW", Kind: logistics.Overseas, Country: "PL", Serves: []string{"PL", "CZ", "SK"}, Currency: "PLN",
			PickPerOrder: rbD(t, "6.5"), PickPerExtraUnit: rbD(t, "1.2"), StoragePerM3Day: rbD(t, "2.4"), DaysInStock: 60,
			HeadhaulPerKg: rbD(t, "5.8"), HandlingDays: 1, DeliveryService: "DPD-PL"},
		{ID: "FW-FR-PAR", Kind: logistics.Forward, Country: "FR", Serves: []string{"FR:75", "FR:92"}, Currency: "EUR",
			PickPerOrder: rbD(t, "2.4"), PickPerExtraUnit: rbD(t, "0.35"), StoragePerM3Day: rbD(t, "1.8"), DaysInStock: 15,
			HeadhaulPerKg: rbD(t, "2.9"), HandlingDays: 0, DeliveryService: "STUART-PAR", ColdChainFee: rbD(t, "4.2")},
	}
	if !reflect.DeepEqual(rb.Warehouses, wantWarehouses) {
		t.Errorf("warehouses:\ngot  %+v\nwant %+v", rb.Warehouses, wantWarehouses)
	}

	wantLanes := []logistics.Lane{{ID: "LANE-SZX-CDG", Destination: "FR", Currency: "USD", FirstMilePerParcel: rbD(t, "0.45"),
		DepartureWeekdays: []time.Weekday{time.Wednesday, time.Saturday}, HubCutoffDays: 2, LinehaulDays: 5,
		DestHandlingPerParcel: rbD(t, "0.85"), DestHandlingDays: 1, DeliveryService: "COLISSIMO-FR",
		Allocation: logistics.ByChargeable, Divisor: 6000}}
	if !reflect.DeepEqual(rb.Lanes, wantLanes) {
		t.Errorf("consolidation:\ngot  %+v\nwant %+v", rb.Lanes, wantLanes)
	}
	wantTiers := []logistics.Tier{
		{LaneID: "LANE-SZX-CDG", FromKg: 0, PerKg: rbD(t, "6.1"), MinBatchCharge: rbD(t, "55")},
		{LaneID: "LANE-SZX-CDG", FromKg: rbD(t, "20"), PerKg: rbD(t, "4.4")},
	}
	if !reflect.DeepEqual(rb.Tiers, wantTiers) {
		t.Errorf("tiers: got %+v, want %+v", rb.Tiers, wantTiers)
	}

	if len(rb.Duties) != 10 {
		t.Errorf("duties: got %d rows, want 10", len(rb.Duties))
	} else {
		for i, want := range map[int]logistics.Duty{
			0: {Country: "FR", ValidFrom: rbDay(2022, 1, 1), Currency: "EUR", DutyFreeThreshold: rbD(t, "150"), DutyRatePct: rbD(t, "3.7"), Valuation: logistics.CIF},
			1: {Country: "FR", ValidFrom: rbDay(2026, 7, 1), Currency: "EUR", DutyFreeThreshold: rbD(t, "150"), DutyRatePct: rbD(t, "3.7"), FlatDutyPerLine: rbD(t, "3"), Valuation: logistics.CIF},
			// clearance stored as the double 9.949999999999999: Excel shows 9.95
			8: {Country: "CA", ValidFrom: rbDay(2018, 6, 1), Currency: "CAD", DutyFreeThreshold: rbD(t, "20"), DutyRatePct: rbD(t, "8"), Valuation: logistics.FOB, ClearanceFeePerParcel: rbD(t, "9.95")},
			9: {Country: "AU", ValidFrom: rbDay(2018, 7, 1), Currency: "AUD", DutyFreeThreshold: rbD(t, "1000"), DutyRatePct: rbD(t, "5"), Valuation: logistics.FOB},
		} {
			if rb.Duties[i] != want {
				t.Errorf("duties[%d]: got %+v, want %+v", i, rb.Duties[i], want)
			}
		}
	}

	wantRules := []logistics.Rule{
		{Country: "*", Category: "fresh_food", AllowedModes: []logistics.Mode{logistics.ModeLocal},
			Note: "fresh food is delivered chilled from a forward warehouse only"},
		{Country: "*", Category: "medical", AllowedModes: []logistics.Mode{logistics.ModeLocal, logistics.ModeWarehouse},
			Note: "medical devices ship only from registered stock in the destination market"},
	}
	if !reflect.DeepEqual(rb.Compliance, wantRules) {
		t.Errorf("compliance:\ngot  %+v\nwant %+v", rb.Compliance, wantRules)
	}

	if len(rb.Products) != 14 {
		t.Errorf("products: got %d rows, want 14", len(rb.Products))
	} else {
		for i, want := range map[int]logistics.Product{
			0:  {SKU: "SCARF-SILK", Title: "Silk scarf 90 cm", WeightG: 85, LengthMM: 250, WidthMM: 180, HeightMM: 15, Category: "apparel", UnitCost: rbD(t, "38"), Currency: "CNY", HSCode: "6214.10"},
			2:  {SKU: "CHOPSTICKS", Title: "Chopsticks, 5 pairs", WeightG: 60, LengthMM: 260, WidthMM: 60, HeightMM: 25, Category: "general", UnitCost: rbD(t, "6.5"), Currency: "CNY", HSCode: "4419.90"},
			10: {SKU: "LYCHEE-1KG", Title: "Fresh lychees 1 kg", WeightG: 1080, LengthMM: 300, WidthMM: 200, HeightMM: 120, Category: "fresh_food", UnitCost: rbD(t, "28"), Currency: "CNY", HSCode: "0810.90"},
			13: {SKU: "STAND-MIXER", Title: "Stand mixer 5 l", WeightG: 8000, LengthMM: 380, WidthMM: 230, HeightMM: 360, Category: "electronics", UnitCost: rbD(t, "320"), Currency: "CNY", HSCode: "8509.40"},
		} {
			if rb.Products[i] != want {
				t.Errorf("products[%d]: got %+v, want %+v", i, rb.Products[i], want)
			}
		}
	}

	wantStock := []logistics.Stock{
		{WarehouseID: "WH-PL-WAW", SKU: "TEAPOT-CI", OnHand: 3}, {WarehouseID: "WH-PL-WAW", SKU: "MUG-350", OnHand: 12}, {WarehouseID: "WH-PL-WAW", SKU: "PUZZLE-1000", OnHand: 6},
		{WarehouseID: "WH-PL-WAW", SKU: "THERMO-IR", OnHand: 10}, {WarehouseID: "FW-FR-PAR", SKU: "LYCHEE-1KG", OnHand: 4}, {WarehouseID: "FW-FR-PAR", SKU: "THERMO-IR", OnHand: 5},
		{WarehouseID: "FW-FR-PAR", SKU: "SCARF-SILK", OnHand: 8},
	}
	if !reflect.DeepEqual(rb.Stock, wantStock) {
		t.Errorf("stock: got %+v, want %+v", rb.Stock, wantStock)
	}
	if p := rb.Validate(); len(p) != 0 {
		t.Errorf("rbFixture: got Validate problems %v, want none", p)
	}
}

// mutated returns the rbFixture changed by change, as workbook bytes.
func rbMutated(t testing.TB, change func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenFile(rbFixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	change(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// set writes cells: a string value becomes a text cell, numbers number cells.
func rbSet(t testing.TB, f *excelize.File, sheet string, cellValues ...any) {
	t.Helper()
	for i := 0; i+1 < len(cellValues); i += 2 {
		if err := f.SetCellValue(sheet, cellValues[i].(string), cellValues[i+1]); err != nil {
			t.Fatal(err)
		}
	}
}

func rbProblems(t *testing.T, data []byte) []string {
	t.Helper()
	_, err := RateBook(bytes.NewReader(data), "book.xlsx")
	if err == nil {
		return nil
	}
	var rbe *RateBookError
	if !errors.As(err, &rbe) {
		t.Fatalf("got error %v, want a *RateBookError", err)
	}
	var out []string
	for _, p := range rbe.Problems {
		out = append(out, p.String())
	}
	return out
}

func TestRateBookProblems(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, f *excelize.File)
		want   []string
	}{
		{"bad decimal", func(t *testing.T, f *excelize.File) { rbSet(t, f, "rates", "E3", "abc") },
			[]string{`rates!E3: not a decimal number "abc"`}},
		{"decimal comma", func(t *testing.T, f *excelize.File) { rbSet(t, f, "rates", "F3", "12,5") },
			[]string{`rates!F3: not a decimal number "12,5" (use a decimal point)`}},
		{"too many decimal places", func(t *testing.T, f *excelize.File) { rbSet(t, f, "rates", "F3", "0.0000000001") },
			[]string{`rates!F3: number 0.0000000001 has more than 9 decimal places`}},
		{"unknown mode echoes nothing else", func(t *testing.T, f *excelize.File) { rbSet(t, f, "services", "B2", "air") },
			[]string{`services!B2: unknown mode "air" (want direct, last_mile or local)`}},
		{"not a whole number", func(t *testing.T, f *excelize.File) { rbSet(t, f, "services", "H2", 1.5) },
			[]string{`services!H2: not a whole number: 1.5`}},
		{"percent format", func(t *testing.T, f *excelize.File) {
			style, err := f.NewStyle(&excelize.Style{NumFmt: 10})
			if err != nil {
				t.Fatal(err)
			}
			rbSet(t, f, "services", "N3", 0.245)
			if err := f.SetCellStyle("services", "N3", "N3", style); err != nil {
				t.Fatal(err)
			}
		}, []string{`services!N3: cell is formatted as a percentage: write the plain number (26.25 for 26.25 %) without the % format`}},
		{"date formatted number in a number column", func(t *testing.T, f *excelize.File) {
			style, _ := f.GetCellStyle("fx", "C2")
			rbSet(t, f, "rates", "F2", 46083)
			if err := f.SetCellStyle("rates", "F2", "F2", style); err != nil {
				t.Fatal(err)
			}
		}, []string{`rates!F2: cell is formatted as a date: write a plain number`}},
		{"number in a date column", func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "fx", "C4", 46083)
			if err := f.SetCellStyle("fx", "C4", "C4", 0); err != nil {
				t.Fatal(err)
			}
		}, []string{`fx!C4: number 46083 is not a date: format the cell as a date or write YYYY-MM-DD`}},
		{"date with a time", func(t *testing.T, f *excelize.File) {
			if err := f.SetCellDefault("fx", "C4", "46083.5"); err != nil {
				t.Fatal(err)
			}
		}, []string{`fx!C4: date 46083.5 has a time of day: write the date alone`}},
		{"bad text date", func(t *testing.T, f *excelize.File) { rbSet(t, f, "fx", "C4", "02/03/2026") },
			[]string{`fx!C4: not a YYYY-MM-DD date "02/03/2026"`}},
		{"unknown weekday", func(t *testing.T, f *excelize.File) { rbSet(t, f, "consolidation", "E2", "Wed,Funday") },
			[]string{`consolidation!E2: unknown weekday "Funday" (want Mon, Tue, Wed, Thu, Fri, Sat or Sun)`}},
		{"unknown allowed mode", func(t *testing.T, f *excelize.File) { rbSet(t, f, "compliance", "C3", "local, air") },
			[]string{`compliance!C3: unknown mode "air" (want warehouse, local, consolidation or direct)`}},
		{"unknown enum values", func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "surcharges", "B4", "huge")
			rbSet(t, f, "warehouses", "B3", "cellar")
			rbSet(t, f, "consolidation", "K2", "weight")
			rbSet(t, f, "duties", "G2", "DDP")
		}, []string{
			`surcharges!B4: unknown kind "huge" (want remote, oversize or peak)`,
			`warehouses!B3: unknown kind "cellar" (want overseas or forward)`,
			`consolidation!K2: unknown allocation "weight" (want chargeable, volume or value)`,
			`duties!G2: unknown valuation "DDP" (want CIF or FOB)`,
		}},
		{"overlapping bands", func(t *testing.T, f *excelize.File) { rbSet(t, f, "rates", "C3", 400) },
			[]string{`rates!C3: band (400, 2000 g] of CN-POST-ECO zone EU1 overlaps band (0, 500 g]`}},
		{"gap between bands", func(t *testing.T, f *excelize.File) { rbSet(t, f, "rates", "C3", 600) },
			[]string{`rates!C3: band (600, 2000 g] of CN-POST-ECO zone EU1 leaves a gap after band (0, 500 g] (from_g must be 500)`}},
		{"unbounded band not last", func(t *testing.T, f *excelize.File) {
			if err := f.SetCellValue("rates", "D2", nil); err != nil {
				t.Fatal(err)
			}
		}, []string{`rates!D2: the unbounded band (0 g, unbounded) of CN-POST-ECO zone EU1 must be the last, but (500, 2000 g] starts above it`}},
		{"unknown service reference", func(t *testing.T, f *excelize.File) { rbSet(t, f, "surcharges", "A7", "COLISIMO-FR") },
			[]string{`surcharges!A7: unknown service "COLISIMO-FR"`}},
		{"unknown zone", func(t *testing.T, f *excelize.File) { rbSet(t, f, "rates", "B28", "P3") },
			[]string{`rates!B28: zone "P3" of STUART-PAR has no row in zones`}},
		{"duplicate id", func(t *testing.T, f *excelize.File) { rbSet(t, f, "products", "A3", "SCARF-SILK") },
			[]string{`products!A3: duplicate sku "SCARF-SILK"`}},
		{"delivery service of mode direct", func(t *testing.T, f *excelize.File) { rbSet(t, f, "consolidation", "J2", "FDX-IP") },
			[]string{`consolidation!J2: service "FDX-IP" has mode direct; a delivery service must be last_mile or local`}},
		{"lane without a 0 kg tier", func(t *testing.T, f *excelize.File) { rbSet(t, f, "linehaul_tiers", "B2", 5) },
			[]string{`consolidation!A2: lane LANE-SZX-CDG has no linehaul_tiers row with from_kg 0`}},
		{"currency without fx", func(t *testing.T, f *excelize.File) { rbSet(t, f, "services", "E3", "GBP") },
			[]string{`services!E3: no fx row for currency GBP (base currency EUR)`}},
		{"bad settings", func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "settings", "B2", "EURO", "B3", "cn", "B5", -1)
		}, []string{
			`settings!B2: "EURO" is not an ISO 4217 currency code`,
			`settings!B3: country "cn" is not two upper-case letters (ISO 3166-1 alpha-2)`,
			`settings!B5: must not be negative, got -1`,
		}},
		{"unknown and repeated settings", func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "settings", "A6", "currency", "B6", "EUR", "A7", "packaging_g", "B7", 10)
		}, []string{
			`settings!A6: unknown setting "currency" (the settings are base_currency, origin_country, origin_handling_days, packaging_g, cover_days, capital_cost_pct, invoice_tolerance_abs, invoice_tolerance_pct)`,
			`settings!A7: setting packaging_g repeats row 5`,
		}},
		{"scenario and tolerance settings", func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "settings", "A6", "cover_days", "B6", 7.5, "A7", "capital_cost_pct", "B7", -3,
				"A8", "invoice_tolerance_abs", "B8", "0,5", "A9", "invoice_tolerance_pct", "B9", 1001)
		}, []string{
			`settings!B6: not a whole number: 7.5`,
			`settings!B7: must not be negative, got -3`,
			`settings!B8: not a decimal number "0,5" (use a decimal point)`,
			`settings!B9: must be at most 1000, got 1001`,
		}},
		{"cover days beyond ten years", func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "settings", "A6", "Cover_Days", "B6", 3651)
		}, []string{
			`settings!B6: must be at most 3650, got 3651`,
		}},
		{"stock references", func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "stock", "A3", "WH-DE", "B4", "PUZZLE-2000", "C5", -3)
		}, []string{
			`stock!A3: unknown warehouse "WH-DE"`,
			`stock!B4: unknown sku "PUZZLE-2000"`,
			`stock!C5: must not be negative, got -3`,
		}},
		{"unknown sheet", func(t *testing.T, f *excelize.File) {
			if _, err := f.NewSheet("notes"); err != nil {
				t.Fatal(err)
			}
			rbSet(t, f, "notes", "A1", "hello")
		}, []string{`notes!A1: unknown sheet "notes" (a rate book has the sheets settings, fx, services, zones, rates, surcharges, warehouses, consolidation, linehaul_tiers, duties, compliance, products, stock)`}},
		{"unknown sheet with spaces", func(t *testing.T, f *excelize.File) {
			if _, err := f.NewSheet("my rates"); err != nil {
				t.Fatal(err)
			}
		}, []string{`'my rates'!A1: unknown sheet "my rates" (a rate book has the sheets settings, fx, services, zones, rates, surcharges, warehouses, consolidation, linehaul_tiers, duties, compliance, products, stock)`}},
		{"unknown column", func(t *testing.T, f *excelize.File) { rbSet(t, f, "services", "P1", "fule_pct", "P3", 3) },
			[]string{`services!P1: unknown column "fule_pct" (services has the columns service_id, mode, carrier, name, currency, divisor, volumetric_ratio, increment_g, min_charge_g, max_weight_g, max_side_mm, transit_min_days, transit_max_days, fuel_pct, forbidden_categories)`}},
		{"repeated column", func(t *testing.T, f *excelize.File) { rbSet(t, f, "stock", "D1", "on_hand") },
			[]string{`stock!D1: column "on_hand" repeats column C`}},
		{"values without a header", func(t *testing.T, f *excelize.File) { rbSet(t, f, "stock", "E3", 7, "E5", 8) },
			[]string{`stock!E1: column E has values but no header`}},
		{"missing column", func(t *testing.T, f *excelize.File) {
			if err := f.RemoveCol("zones", "D"); err != nil {
				t.Fatal(err)
			}
		}, []string{`zones!A1: missing column "zone"`}},
		{"several problems, sorted", func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "stock", "C2", "many")
			rbSet(t, f, "rates", "F3", "x", "E3", "y")
			rbSet(t, f, "services", "B2", "air")
		}, []string{
			`services!B2: unknown mode "air" (want direct, last_mile or local)`,
			`rates!E3: not a decimal number "y"`,
			`rates!F3: not a decimal number "x"`,
			`stock!C2: not a decimal number "many"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rbProblems(t, rbMutated(t, func(f *excelize.File) { tt.change(t, f) }))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestRateBookErrorText(t *testing.T) {
	data := rbMutated(t, func(f *excelize.File) { rbSet(t, f, "rates", "E3", "abc", "E4", "def") })
	_, err := RateBook(bytes.NewReader(data), "book.xlsx")
	want := "rate book book.xlsx: 2 problems\nrates!E3: not a decimal number \"abc\"\nrates!E4: not a decimal number \"def\""
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
	one := &RateBookError{File: "x.xlsx", Problems: []CellError{{"fx", "B2", "bad"}}}
	if got, want := one.Error(), "rate book x.xlsx: 1 problem\nfx!B2: bad"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestRateBookReadings checks the exact readings of SPEC §5 on cells the rbFixture
// does not have.
func TestRateBookReadings(t *testing.T) {
	data := rbMutated(t, func(f *excelize.File) {
		// a double with 17 significant digits: Excel displays 0.1232
		if err := f.SetCellDefault("fx", "B4", "0.12320000000000001"); err != nil {
			t.Fatal(err)
		}
		// an ISO date as text
		rbSet(t, f, "fx", "C5", "2026-06-01")
		// a numeric postal prefix with a leading-zero format reads as displayed: "08"
		style, err := f.NewStyle(&excelize.Style{CustomNumFmt: rbPtr("00")})
		if err != nil {
			t.Fatal(err)
		}
		rbSet(t, f, "zones", "C19", 8)
		if err := f.SetCellStyle("zones", "C19", "C19", style); err != nil {
			t.Fatal(err)
		}
		rbSet(t, f, "zones", "B19", "FR", "D19", "CORSE")
		// serves entries normalised: upper case, no spaces
		rbSet(t, f, "warehouses", "D3", "fr:75, fr : 92,")
		// a number in a text column reads as its displayed text
		rbSet(t, f, "products", "J3", 6214.1)
		// header case and spaces do not matter; enums are read case-insensitively
		rbSet(t, f, "rates", "A1", " Service_ID ")
		rbSet(t, f, "services", "B3", "Direct")
		rbSet(t, f, "consolidation", "E2", "wed, SAT")
		// an empty row in the middle is skipped
		if err := f.InsertRows("stock", 3, 1); err != nil {
			t.Fatal(err)
		}
		// the scenario and tolerance settings: numbers or decimal text
		rbSet(t, f, "settings", "A6", "cover_days", "B6", 45, "A7", "capital_cost_pct", "B7", "12.5",
			"A8", "invoice_tolerance_abs", "B8", 0.25, "A9", "INVOICE_TOLERANCE_PCT", "B9", "0")
		// a missing sheet is empty
		if err := f.DeleteSheet("surcharges"); err != nil {
			t.Fatal(err)
		}
	})
	rb, err := RateBook(bytes.NewReader(data), "book.xlsx")
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"fx[2].RateToBase", rb.FX[2].RateToBase, rbD(t, "0.1232")},
		{"fx[3].ValidFrom", rb.FX[3].ValidFrom, rbDay(2026, 6, 1)},
		{"zones[17].PostalPrefix", rb.Zones[17].PostalPrefix, "08"},
		{"surcharges", len(rb.Surcharges), 0},
		{"warehouses[1].Serves", rb.Warehouses[1].Serves, []string{"FR:75", "FR:92"}},
		{"products[1].HSCode", rb.Products[1].HSCode, "6214.1"},
		{"rates[0].ServiceID", rb.Rates[0].ServiceID, "CN-POST-ECO"},
		{"services[1].Mode", rb.Services[1].Mode, logistics.ServiceDirect},
		{"lanes[0].DepartureWeekdays", rb.Lanes[0].DepartureWeekdays, []time.Weekday{time.Wednesday, time.Saturday}},
		{"stock", len(rb.Stock), 7},
		{"settings.CoverDays", rb.Settings.CoverDays, 45},
		{"settings.CapitalCostPct", rb.Settings.CapitalCostPct, rbD(t, "12.5")},
		{"settings.InvoiceToleranceAbs", rb.Settings.InvoiceToleranceAbs, rbD(t, "0.25")},
		{"settings.InvoiceTolerancePct", rb.Settings.InvoiceTolerancePct, logistics.Dec(0)},
		{"stock[1]", rb.Stock[1], logistics.Stock{WarehouseID: "WH-PL-WAW", SKU: "MUG-350", OnHand: 12}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %v, want %v", c.what, c.got, c.want)
		}
	}

	// the remote prefix " 9 8" normalised: checked on a book that keeps surcharges
	data = rbMutated(t, func(f *excelize.File) { rbSet(t, f, "surcharges", "D2", " 9 8", "C2", "IT") })
	rb, err = RateBook(bytes.NewReader(data), "book.xlsx")
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	if got := rb.Surcharges[0].PostalPrefix; got != "98" {
		t.Errorf("surcharges[0].PostalPrefix: got %q, want 98", got)
	}
}

// TestRateBookDefaults reads a workbook with only the header rows and the required
// columns: every empty cell takes its SPEC default.
func TestRateBookDefaults(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sheets := map[string][][]any{
		"Sheet1": nil,
		"services": {
			{"service_id", "mode", "currency", "volumetric_ratio", "increment_g"},
			{"S", "last_mile", "USD"},
		},
		"zones":      {{"service_id", "country", "zone"}, {"S", "US", "Z"}},
		"rates":      {{"service_id", "zone", "from_g", "to_g"}, {"S", "Z", 0}},
		"surcharges": {{"service_id", "kind", "from_date", "to_date"}, {"S", "peak"}},
		"warehouses": {{"warehouse_id", "kind", "country", "serves", "currency", "delivery_service"}, {"W", "overseas", "US", "US", "USD", "S"}},
		"consolidation": {
			{"lane_id", "destination", "currency", "departure_weekdays", "delivery_service", "allocation"},
			{"L", "US", "USD", "Mon", "S"},
		},
		"linehaul_tiers": {{"lane_id", "from_kg", "per_kg"}, {"L", 0, 3}},
		"duties":         {{"country", "currency", "valuation", "valid_from"}, {"US", "USD"}},
	}
	for name, rows := range sheets {
		if name != "Sheet1" {
			if _, err := f.NewSheet(name); err != nil {
				t.Fatal(err)
			}
		}
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rb, err := RateBook(&buf, "defaults.xlsx")
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	no := logistics.NoDate
	want := logistics.RateBook{
		Settings: logistics.DefaultSettings(),
		Services: []logistics.Service{{ID: "S", Mode: logistics.ServiceLastMile, Currency: "USD",
			VolumetricRatio: logistics.DecInt(1), IncrementG: 1}},
		Zones:      []logistics.Zone{{ServiceID: "S", Country: "US", Zone: "Z"}},
		Rates:      []logistics.Rate{{ServiceID: "S", Zone: "Z"}},
		Surcharges: []logistics.Surcharge{{ServiceID: "S", Kind: logistics.Peak, FromDate: no, ToDate: no}},
		Warehouses: []logistics.Warehouse{{ID: "W", Kind: logistics.Overseas, Country: "US", Serves: []string{"US"},
			Currency: "USD", DeliveryService: "S"}},
		Lanes: []logistics.Lane{{ID: "L", Destination: "US", Currency: "USD", DepartureWeekdays: []time.Weekday{time.Monday},
			DeliveryService: "S", Allocation: logistics.ByChargeable}},
		Tiers:  []logistics.Tier{{LaneID: "L", PerKg: logistics.DecInt(3)}},
		Duties: []logistics.Duty{{Country: "US", ValidFrom: no, Currency: "USD", Valuation: logistics.CIF}},
	}
	if !reflect.DeepEqual(rb, want) {
		t.Errorf("got  %+v\nwant %+v", rb, want)
	}
}

func TestRateBookNotAWorkbook(t *testing.T) {
	ole := append(append([]byte{}, oleSignature...), make([]byte, 1024)...)
	tests := []struct{ name, data, key string }{
		{"rates.csv", "service_id,mode\n", "file.notWorkbook"},
		{"old.xls", string(ole), "file.oldXLS"},
		{"cut.xlsx", "PK\x03\x04garbage", "file.damagedXLSX"},
	}
	for _, tt := range tests {
		for _, read := range []func() error{
			func() error { _, err := RateBook(strings.NewReader(tt.data), tt.name); return err },
			func() error { _, err := RateBookCells(strings.NewReader(tt.data), tt.name); return err },
		} {
			err := read()
			var fe *FileError
			if !errors.As(err, &fe) || fe.Why.Key != tt.key || fe.File != tt.name || !strings.HasPrefix(err.Error(), tt.name+": ") {
				t.Errorf("%s: got %v, want a *FileError %s naming the file", tt.name, err, tt.key)
			}
		}
	}
}

func TestDisplayedNumber(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"0", "0"},
		{"-0", "0"},
		{"46083", "46083"},
		{"0.8745000000000001", "0.8745"},
		{"9.949999999999999", "9.95"},
		{"0.30000000000000004", "0.3"},
		{"1.0000000000000002", "1"},
		{"-26.25", "-26.25"},
		{"1E-3", "0.001"},
		{"1.5e-10", "0.00000000015"},
		{"123456789012345678", "123456789012346000"},
		{"1e21", "1000000000000000000000"},
		{"1234567.1234567891", "1234567.12345679"},
		{" 12.5 ", "12.5"},
	}
	for _, tt := range tests {
		got, err := DisplayedNumber(tt.raw)
		if err != nil || got != tt.want {
			t.Errorf("DisplayedNumber(%q): got %q, %v, want %q", tt.raw, got, err, tt.want)
		}
	}
	for _, raw := range []string{"", "abc", "1e400", "NaN", "Inf", "1,5"} {
		if got, err := DisplayedNumber(raw); err == nil {
			t.Errorf("DisplayedNumber(%q): got %q, want an error", raw, got)
		}
	}
}

func TestSheetRef(t *testing.T) {
	tests := []struct{ name, want string }{
		{"rates", "rates"},
		{"linehaul_tiers", "linehaul_tiers"},
		{"my rates", "'my rates'"},
		{"it's", "'it''s'"},
		{"2026", "'2026'"},
		{"a\nb", `'a\x0ab'`},
		{"", "''"},
	}
	for _, tt := range tests {
		if got := SheetRef(tt.name); got != tt.want {
			t.Errorf("SheetRef(%q): got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func rbPtr[T any](v T) *T { return &v }

// TestRateBookDate1904 reads date serials of a workbook in the 1904 date system
// (Excel for Mac before 2011): the same serial is 1462 days later.
func TestRateBookDate1904(t *testing.T) {
	data := rbMutated(t, func(f *excelize.File) {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	})
	rb, err := RateBook(bytes.NewReader(data), "mac.xlsx")
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	if got, want := rb.FX[0].ValidFrom, rbDay(2025, 9, 1).AddDays(1462); got != want {
		t.Errorf("fx[0].ValidFrom: got %s, want %s", got, want)
	}
}
