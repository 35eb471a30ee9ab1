package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"shipmode/logistics"
)

// sampleRateBook has a row in every sheet, with every field set.
func sampleRateBook() logistics.RateBook {
	d := func(s string) logistics.Dec {
		v, err := logistics.ParseDec(s)
		if err != nil {
			panic(err)
		}
		return v
	}
	return logistics.RateBook{
		Settings: logistics.Settings{BaseCurrency: "EUR", OriginCountry: "CN", OriginHandlingDays: 2, PackagingG: 30},
		FX:       []logistics.FXRate{{Currency: "CNY", RateToBase: d("0.1232"), ValidFrom: logistics.DateOf(2026, 3, 2)}},
		Services: []logistics.Service{{ID: "FDX-IP", Mode: logistics.ServiceDirect, Carrier: "FedEx", Name: "International Priority",
			Currency: "USD", Divisor: 5000, VolumetricRatio: d("1"), IncrementG: 500, MinChargeG: 500, MaxWeightG: 68000,
			MaxSideMM: 2740, TransitMinDays: 2, TransitMaxDays: 4, FuelPct: d("24.5"), ForbiddenCategories: []string{"battery", "liquid"}}},
		Zones: []logistics.Zone{{ServiceID: "FDX-IP", Country: "IT", PostalPrefix: "98", Zone: "EU-R"}},
		Rates: []logistics.Rate{{ServiceID: "FDX-IP", Zone: "EU", FromG: 0, ToG: 500, Fixed: d("21.40"), PerKg: d("0")}},
		Surcharges: []logistics.Surcharge{{ServiceID: "FDX-IP", Kind: logistics.Peak, Country: "", FromDate: logistics.DateOf(2026, 11, 20),
			ToDate: logistics.NoDate, MinSideMM: 0, Fixed: d("1.5"), PerKg: d("0.25"), Min: d("2"), Pct: d("3.5")}},
		Warehouses: []logistics.Warehouse{{ID: "WH-PL-WAW", Kind: logistics.Overseas, Country: "PL", Serves: []string{"PL", "CZ", "FR:75"},
			Currency: "PLN", PickPerOrder: d("4.5"), PickPerExtraUnit: d("0.8"), StoragePerM3Day: d("1.2"), DaysInStock: 45,
			HeadhaulPerKg: d("6.1"), HandlingDays: 1, DeliveryService: "DPD-PL", ColdChainFee: d("0")}},
		Lanes: []logistics.Lane{{ID: "LANE-SZX-CDG", Destination: "FR", Currency: "USD", FirstMilePerParcel: d("0.35"),
			DepartureWeekdays: []time.Weekday{time.Wednesday, time.Saturday}, HubCutoffDays: 2, LinehaulDays: 5,
			DestHandlingPerParcel: d("0.9"), DestHandlingDays: 1, DeliveryService: "COLISSIMO-FR", Allocation: logistics.ByChargeable, Divisor: 6000}},
		Tiers:      []logistics.Tier{{LaneID: "LANE-SZX-CDG", FromKg: d("20"), PerKg: d("4.4"), MinBatchCharge: d("55")}},
		Duties:     []logistics.Duty{{Country: "CA", ValidFrom: logistics.DateOf(2025, 9, 1), Currency: "CAD", DutyFreeThreshold: d("20"), DutyRatePct: d("8"), FlatDutyPerLine: d("0"), Valuation: logistics.FOB, ClearanceFeePerParcel: d("9.95")}},
		Compliance: []logistics.Rule{{Country: "*", Category: "fresh_food", AllowedModes: []logistics.Mode{logistics.ModeLocal}, Note: "needs the cold chain"}},
		Products: []logistics.Product{
			{SKU: "MUG-01", Title: "Mug", WeightG: 350, LengthMM: 120, WidthMM: 90, HeightMM: 100, Category: "general", UnitCost: d("1.8"), Currency: "CNY", HSCode: "0691"},
			{SKU: "TEA-01", Title: "Teapot", WeightG: 800, LengthMM: 200, WidthMM: 150, HeightMM: 150, Category: "general", UnitCost: d("7.25"), Currency: "CNY", HSCode: "691200"},
		},
		Stock: []logistics.Stock{{WarehouseID: "WH-PL-WAW", SKU: "MUG-01", OnHand: 12}, {WarehouseID: "WH-PL-WAW", SKU: "TEA-01", OnHand: 3}},
	}
}

func TestRateBookRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if _, _, err := db.RateBook(ctx); !errors.Is(err, ErrNotFound) {
		t.Fatalf("RateBook of a new database: got %v, want ErrNotFound", err)
	}
	rb := sampleRateBook()
	v1, err := db.SaveRateBook(ctx, rb, "book.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if v1.ID == 0 || v1.Source != "book.xlsx" || len(v1.Hash) != 64 || v1.ImportedAt.IsZero() {
		t.Errorf("version: got %+v", v1)
	}
	got, v, err := db.RateBook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rb) {
		t.Errorf("RateBook:\ngot  %+v\nwant %+v", got, rb)
	}
	if v != v1 {
		t.Errorf("RateBook version: got %+v, want %+v", v, v1)
	}

	// The same content again makes no new version; products and stock still update.
	rb.Stock[0].OnHand = 7
	same, err := db.SaveRateBook(ctx, rb, "copy.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if same != v1 {
		t.Errorf("same content: got version %+v, want %+v", same, v1)
	}
	if got, _, _ := db.RateBook(ctx); got.Stock[0].OnHand != 7 {
		t.Errorf("stock after re-save: got %d, want 7", got.Stock[0].OnHand)
	}

	// A change makes a new version, which becomes the current one.
	rb.Settings.PackagingG = 45
	v2, err := db.SaveRateBook(ctx, rb, "book-v2.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if v2.ID == v1.ID || v2.Hash == v1.Hash {
		t.Errorf("changed content: got version %+v, first %+v", v2, v1)
	}
	if got, v, _ := db.RateBook(ctx); got.Settings.PackagingG != 45 || v.ID != v2.ID {
		t.Errorf("current after change: got packaging %d version %d, want 45 and %d", got.Settings.PackagingG, v.ID, v2.ID)
	}
	vs, err := db.RateBookVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].ID != v2.ID || vs[1].ID != v1.ID {
		t.Errorf("versions: got %+v, want v2 then v1", vs)
	}
}

func TestUpsertProductsAndStock(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ps := sampleRateBook().Products
	n, err := db.UpsertProducts(ctx, ps)
	if err != nil || n != 2 {
		t.Fatalf("first upsert: got %d, %v; want 2", n, err)
	}
	if n, err := db.UpsertProducts(ctx, ps); err != nil || n != 0 {
		t.Errorf("same products again: got %d changed, %v; want 0", n, err)
	}
	ps[1].WeightG = 810
	ps = append(ps, logistics.Product{SKU: "NEW-1", Title: "New", WeightG: 1, Currency: "EUR"})
	if n, err := db.UpsertProducts(ctx, ps); err != nil || n != 2 {
		t.Errorf("one changed, one new: got %d, %v; want 2", n, err)
	}
	got, err := db.Products(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].SKU != "MUG-01" || got[1].SKU != "NEW-1" || got[2].WeightG != 810 {
		t.Errorf("products: got %+v", got)
	}
	if _, err := db.UpsertProducts(ctx, []logistics.Product{{Title: "no sku"}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty SKU: got %v, want ErrInvalid", err)
	}

	ss := []logistics.Stock{{WarehouseID: "B", SKU: "X", OnHand: 1}, {WarehouseID: "A", SKU: "X", OnHand: 2}}
	if n, err := db.UpsertStock(ctx, ss); err != nil || n != 2 {
		t.Errorf("stock: got %d, %v; want 2", n, err)
	}
	ss[0].OnHand = 5
	if n, err := db.UpsertStock(ctx, ss); err != nil || n != 1 {
		t.Errorf("stock change: got %d, %v; want 1", n, err)
	}
	st, err := db.Stock(ctx)
	want := []logistics.Stock{{WarehouseID: "A", SKU: "X", OnHand: 2}, {WarehouseID: "B", SKU: "X", OnHand: 5}}
	if err != nil || !reflect.DeepEqual(st, want) {
		t.Errorf("Stock: got %+v, %v; want %+v", st, err, want)
	}
}

// TestRateBookStoredBeforeSettings: a version stored before cover_days,
// capital_cost_pct and the invoice tolerances existed reads with their defaults.
func TestRateBookStoredBeforeSettings(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	old := `{"Settings":{"BaseCurrency":"EUR","OriginCountry":"CN","OriginHandlingDays":2,"PackagingG":30}}`
	if _, err := db.sql.ExecContext(ctx, `INSERT INTO rate_books (imported_at, source, hash, body) VALUES (1, 'old.xlsx', 'x', ?)`, []byte(old)); err != nil {
		t.Fatal(err)
	}
	want := logistics.DefaultSettings()
	want.BaseCurrency, want.OriginHandlingDays, want.PackagingG = "EUR", 2, 30
	rb, v, err := db.RateBook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Settings != want {
		t.Errorf("current: got %+v, want %+v", rb.Settings, want)
	}
	if rb, _, err = db.RateBookVersion(ctx, v.ID); err != nil || rb.Settings != want {
		t.Errorf("version %d: got %+v, %v; want %+v", v.ID, rb.Settings, err, want)
	}
}

// Two desktops edit the same rate-book version at once: one edit lands, the other
// is refused as stale in its writing transaction, never stored over the first.
func TestSaveRateBookOnStaleBase(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	rb := sampleRateBook()
	base, err := db.SaveRateBook(ctx, rb, "book.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	for _, days := range []int{3, 4} {
		edited := rb
		edited.Settings.OriginHandlingDays = days
		go func() {
			_, err := db.SaveRateBookOn(ctx, edited, "edited in Shipmode", base.ID)
			errs <- err
		}()
	}
	var landed, stale int
	for range 2 {
		var se *RateBookStaleError
		switch err := <-errs; {
		case err == nil:
			landed++
		case errors.As(err, &se) && errors.Is(err, ErrStale) && se.Base == base.ID && se.Now == base.ID+1:
			stale++
		default:
			t.Errorf("an edit on version %d: %v", base.ID, err)
		}
	}
	if landed != 1 || stale != 1 {
		t.Errorf("two edits on one version: %d landed, %d refused as stale; want 1 and 1", landed, stale)
	}
	if vs, _ := db.RateBookVersions(ctx); len(vs) != 2 {
		t.Errorf("got %d versions, want 2", len(vs))
	}
	if _, err := db.SaveRateBookOn(ctx, rb, "import", 0); err != nil {
		t.Errorf("an import (base 0) after the edit: %v", err)
	}
}
