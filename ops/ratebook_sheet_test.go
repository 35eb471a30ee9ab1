package ops_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/reports"
	"shipmode/store"
)

// smallRateBook is a hand-made rate book: one postal service to France and
// Germany (zone EU), two weight bands, one product with stock.
func smallRateBook() logistics.RateBook {
	rb := logistics.RateBook{Settings: logistics.DefaultSettings()}
	rb.Services = []logistics.Service{{ID: "POST", Mode: logistics.ServiceDirect, Carrier: "Post", Name: "Post Air",
		Currency: "USD", VolumetricRatio: logistics.DecInt(1), IncrementG: 1, MaxWeightG: 2000, MaxSideMM: 600,
		TransitMinDays: 8, TransitMaxDays: 14}}
	rb.Zones = []logistics.Zone{{ServiceID: "POST", Country: "FR", Zone: "EU"}, {ServiceID: "POST", Country: "DE", Zone: "EU"}}
	rb.Rates = []logistics.Rate{
		{ServiceID: "POST", Zone: "EU", FromG: 0, ToG: 500, Fixed: logistics.DecInt(5)},
		{ServiceID: "POST", Zone: "EU", FromG: 500, ToG: 2000, Fixed: logistics.DecInt(8), PerKg: logistics.DecInt(1)},
	}
	return rb
}

// saveSmall stores the small rate book as version 1.
func saveSmall(t *testing.T, svc *ops.Service) store.RateBookVersion {
	t.Helper()
	v, err := svc.DB().SaveRateBook(context.Background(), smallRateBook(), "small.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRateBookAddAndDeleteRows: a row added to the rates sheet is a third band in a
// new version; a zone row deleted is gone in the next; deleting the rows a rate
// refers to is refused at the rate's cell and stores nothing; stock rows are not
// deleted; a change on an older version is refused.
func TestRateBookAddAndDeleteRows(t *testing.T) {
	ctx := context.Background()
	svc := open(t)
	v1 := saveSmall(t, svc)

	// add (2000, 5000 g] at 12 + 1.5/kg after the last band (row 3, under the header)
	added, err := svc.AddRateBookRow(ctx, ops.RateBookRowAdd{Base: v1.ID, Sheet: logistics.SheetRates, At: 3,
		Values: []string{"POST", "EU", "2000", "5000", "12", "1.5"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if added.Same || added.Version.ID == v1.ID {
		t.Fatalf("add: got version %d (same %v), want a new one after %d", added.Version.ID, added.Same, v1.ID)
	}
	wantBand := logistics.Rate{ServiceID: "POST", Zone: "EU", FromG: 2000, ToG: 5000, Fixed: logistics.DecInt(12), PerKg: mustDec(t, "1.5")}
	if rs := added.RateBook.Rates; len(rs) != 3 || !reflect.DeepEqual(rs[2], wantBand) {
		t.Fatalf("add: got rates %+v, want the two bands and %+v", rs, wantBand)
	}

	// delete zone row 2 (DE): the book then serves France only
	deleted, err := svc.DeleteRateBookRows(ctx, ops.RateBookRowDelete{Base: added.Version.ID, Sheet: logistics.SheetZones, From: 2, Count: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rb, cur, err := svc.DB().RateBook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cur.ID != deleted.Version.ID || len(rb.Zones) != 1 || rb.Zones[0].Country != "FR" || len(rb.Rates) != 3 {
		t.Fatalf("delete: got version %d with zones %+v and %d rates, want %d with FR only and 3 rates", cur.ID, rb.Zones, len(rb.Rates), deleted.Version.ID)
	}

	// the last zone row goes: the rates of zone EU then have no zone, so nothing is stored
	_, err = svc.DeleteRateBookRows(ctx, ops.RateBookRowDelete{Base: cur.ID, Sheet: logistics.SheetZones, From: 1, Count: 1}, nil)
	var rbe *ingest.RateBookError
	if !errors.As(err, &rbe) || !strings.Contains(err.Error(), "rates!") {
		t.Errorf("delete the last zone: got %v, want a rate-book error at the rates that need it", err)
	}
	if _, now, _ := svc.DB().RateBook(ctx); now.ID != cur.ID {
		t.Errorf("a refused delete stored version %d", now.ID)
	}
	if _, err := svc.DeleteRateBookRows(ctx, ops.RateBookRowDelete{Base: cur.ID, Sheet: logistics.SheetStock, From: 1, Count: 1}, nil); !errors.Is(err, ops.ErrKeptRows) {
		t.Errorf("delete a stock row: got %v, want ErrKeptRows", err)
	}
	if _, err := svc.AddRateBookRow(ctx, ops.RateBookRowAdd{Base: cur.ID, Sheet: logistics.SheetZones, At: 1, Values: []string{"", " "}}, nil); !errors.Is(err, ops.ErrEmptyRows) {
		t.Errorf("add an empty row: got %v, want ErrEmptyRows", err)
	}
	// made on version 1, two versions ago
	if _, err := svc.AddRateBookRow(ctx, ops.RateBookRowAdd{Base: v1.ID, Sheet: logistics.SheetZones, At: 1, Values: []string{"POST", "IT", "", "EU"}}, nil); !errors.Is(err, ops.ErrStaleRateBook) {
		t.Errorf("add on version %d: got %v, want ErrStaleRateBook", v1.ID, err)
	}
}

// TestRateBookPasteBlock: a 3×6 block of rates pasted over the two bands and one
// row past them, with one cell that is no number, stores nothing and names that
// cell; the block corrected is stored whole.
func TestRateBookPasteBlock(t *testing.T) {
	ctx := context.Background()
	svc := open(t)
	v1 := saveSmall(t, svc)
	text := "POST\tEU\t0\t250\t4.20\t0\r\n" +
		"POST\tEU\t250\t1000\t6.10\tabc\r\n" + // the bad cell: rates row 3 (header 1), column F (per_kg)
		"POST\tEU\t1000\t2000\t7.00\t1.10\r\n"
	block, err := ingest.RateBookBlock(text)
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.PasteRateBookRows(ctx, ops.RateBookPaste{Base: v1.ID, Sheet: logistics.SheetRates, Row: 1, Col: 0, Block: block}, nil)
	var rbe *ingest.RateBookError
	if !errors.As(err, &rbe) || len(rbe.Problems) != 1 || rbe.Problems[0].Sheet != logistics.SheetRates || rbe.Problems[0].Cell != "F3" {
		t.Fatalf("paste with abc: got %v, want one problem at rates!F3", err)
	}
	rb, now, err := svc.DB().RateBook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if now.ID != v1.ID || !reflect.DeepEqual(rb.Rates, smallRateBook().Rates) {
		t.Fatalf("a refused paste changed the rate book: version %d, rates %+v", now.ID, rb.Rates)
	}

	block[1][5] = "0.90"
	res, err := svc.PasteRateBookRows(ctx, ops.RateBookPaste{Base: v1.ID, Sheet: logistics.SheetRates, Row: 1, Col: 0, Block: block}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []logistics.Rate{
		{ServiceID: "POST", Zone: "EU", FromG: 0, ToG: 250, Fixed: mustDec(t, "4.20"), PerKg: logistics.DecInt(0)},
		{ServiceID: "POST", Zone: "EU", FromG: 250, ToG: 1000, Fixed: mustDec(t, "6.10"), PerKg: mustDec(t, "0.90")},
		{ServiceID: "POST", Zone: "EU", FromG: 1000, ToG: 2000, Fixed: mustDec(t, "7.00"), PerKg: mustDec(t, "1.10")},
	}
	if res.Version.ID == v1.ID || !reflect.DeepEqual(res.RateBook.Rates, want) {
		t.Errorf("paste: got version %d with rates %+v, want a new version with %+v", res.Version.ID, res.RateBook.Rates, want)
	}
}

// TestRateBookRollBack: versions 1, 2, 3 differ; rolling back from 3 to 1 stores
// version 4 with version 1's content, says so in its source and the audit log,
// and opening version 1 shows it read from the store; a plan made on 3 is then out
// of date.
func TestRateBookRollBack(t *testing.T) {
	ctx := context.Background()
	svc := open(t)
	v1 := saveSmall(t, svc)
	v2, err := svc.AddRateBookRow(ctx, ops.RateBookRowAdd{Base: v1.ID, Sheet: logistics.SheetZones, At: 3, Values: []string{"POST", "IT", "", "EU"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v3, err := svc.PasteRateBookRows(ctx, ops.RateBookPaste{Base: v2.Version.ID, Sheet: logistics.SheetRates, Row: 1, Col: 4, Block: [][]string{{"5.50"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v3.RateBook.Rates[0].Fixed != mustDec(t, "5.50") || len(v3.RateBook.Zones) != 3 {
		t.Fatalf("version 3: got rates %+v and zones %+v", v3.RateBook.Rates, v3.RateBook.Zones)
	}
	if _, err := svc.Plan(ctx, ops.PlanRequest{}, nil); err != nil {
		t.Fatal(err)
	}
	if st, err := svc.PlanState(ctx); err != nil || !st.Planned || st.RateBookChanged {
		t.Fatalf("planned on version 3: got %+v, %v", st, err)
	}
	old, err := svc.OpenRateBookVersion(ctx, v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if old.Version.ID != v1.ID || old.Version.Source != "small.xlsx" || len(old.Versions) != 3 || len(old.RateBook.Zones) != 2 {
		t.Errorf("open version 1: got %+v with %d versions and zones %+v", old.Version, len(old.Versions), old.RateBook.Zones)
	}
	if got := old.Sheets[3]; got.Name != logistics.SheetZones || len(got.Rows) != 3 || got.Rows[2][1] != "DE" {
		t.Errorf("open version 1: got zones sheet %q, want the header, FR and DE", got.Rows)
	}

	back, err := svc.RollBackRateBook(ctx, ops.RateBookRollBack{Base: v3.Version.ID, To: v1.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if back.Version.ID != v3.Version.ID+1 || back.Version.Source != "rolled back to version 1" || back.Version.Hash != v1.Hash || back.Same {
		t.Errorf("roll back: got %+v, want version %d rolled back to version 1 with version 1's hash", back.Version, v3.Version.ID+1)
	}
	rb, cur, err := svc.DB().RateBook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := smallRateBook()
	rb.Products, rb.Stock, want.Products, want.Stock = nil, nil, nil, nil
	if cur.ID != back.Version.ID || !reflect.DeepEqual(rb, want) {
		t.Errorf("after the roll back: version %d is\n%+v\nwant version 1's\n%+v", cur.ID, rb, want)
	}
	if n, ok := ops.RolledBackTo(cur.Source); !ok || n != 1 {
		t.Errorf("RolledBackTo(%q) = %d, %v", cur.Source, n, ok)
	}
	if st, err := svc.PlanState(ctx); err != nil || !st.RateBookChanged {
		t.Errorf("after the roll back: got plan state %+v, %v, want the rate book changed since the plan", st, err)
	}
	log, err := svc.Log(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) == 0 || !strings.Contains(log[0].Detail, "rolled back to version 1") {
		t.Errorf("audit log: got %+v, want the roll back first", log)
	}
	// rolling back to the same content again stores nothing; on an old version it is refused
	if again, err := svc.RollBackRateBook(ctx, ops.RateBookRollBack{Base: cur.ID, To: v1.ID}, nil); err != nil || !again.Same || again.Version.ID != cur.ID {
		t.Errorf("roll back again: got %+v, %v, want the same version %d", again.Version, err, cur.ID)
	}
	if _, err := svc.RollBackRateBook(ctx, ops.RateBookRollBack{Base: v3.Version.ID, To: v2.Version.ID}, nil); !errors.Is(err, ops.ErrStaleRateBook) {
		t.Errorf("roll back on version 3: got %v, want ErrStaleRateBook", err)
	}
	if _, err := svc.OpenRateBookVersion(ctx, 99); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("open version 99: got %v, want ErrNotFound", err)
	}
}

func mustDec(t *testing.T, s string) logistics.Dec {
	t.Helper()
	d, err := logistics.ParseDec(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRateBookEditKeepsOtherStock: after the demo, a seller imports their own rate
// book without the demo's warehouses; the demo's stock stays (current data). A
// service's name edited and a zone row added are stored all the same: the stock of
// a warehouse the book no longer has does not block a change of another sheet.
func TestRateBookEditKeepsOtherStock(t *testing.T) {
	ctx := context.Background()
	svc := open(t)
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 50, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	own := exampleRateBook(t, svc)
	res, err := svc.EditRateBook(ctx, ops.RateBookEdit{Base: own.Version.ID, Cells: []reports.CellEdit{
		{Sheet: logistics.SheetServices, Row: 2, Col: 3, Value: "International Priority Express"}}}, nil)
	if err != nil {
		t.Fatalf("edit a service name: %v", err)
	}
	if _, err := svc.AddRateBookRow(ctx, ops.RateBookRowAdd{Base: res.Version.ID, Sheet: logistics.SheetZones, At: 2,
		Values: []string{"CN-POST-ECO", "DE", "", "EU1"}}, nil); err != nil {
		t.Fatalf("add a zone: %v", err)
	}
	rb, _, err := svc.DB().RateBook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Services[1].Name != "International Priority Express" || len(rb.Stock) == 0 {
		t.Errorf("got service %q and %d stock rows, want the new name and the stock kept", rb.Services[1].Name, len(rb.Stock))
	}
}
