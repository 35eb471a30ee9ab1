package reports

import (
	"bytes"
	"os"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shipmode/ingest"
	"shipmode/logistics"
)

const rbFixture = "../ingest/testdata/ratebook.xlsx"

func readRB(t *testing.T, data []byte) logistics.RateBook {
	t.Helper()
	rb, err := ingest.RateBook(bytes.NewReader(data), "ratebook.xlsx")
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	return rb
}

func writeRB(t *testing.T, rb logistics.RateBook) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteRateBook(&buf, rb); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestWriteRateBookRoundTrip writes the example rate book and reads it back.
func TestWriteRateBookRoundTrip(t *testing.T) {
	data, err := os.ReadFile(rbFixture)
	if err != nil {
		t.Fatal(err)
	}
	want := readRB(t, data)
	out := writeRB(t, want)
	if err := os.WriteFile(t.TempDir()+"/ratebook.xlsx", out, 0o644); err != nil {
		t.Fatal(err)
	}
	got := readRB(t, out)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip differs:\ngot  %+v\nwant %+v", got, want)
	}
	// and once more: writing what was read gives the same book
	if again := readRB(t, writeRB(t, got)); !reflect.DeepEqual(again, want) {
		t.Errorf("second round trip differs:\ngot  %+v\nwant %+v", again, want)
	}
}

// TestWriteRateBookLayout checks the workbook itself: sheets and columns in SPEC
// order, a comment on every header cell, bold frozen headers, cell types and formats,
// document properties.
func TestWriteRateBookLayout(t *testing.T) {
	data, err := os.ReadFile(rbFixture)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(writeRB(t, readRB(t, data))))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	specs := logistics.RateBookSheets()
	var wantNames []string
	for _, s := range specs {
		wantNames = append(wantNames, s.Name)
	}
	if got := f.GetSheetList(); !slices.Equal(got, wantNames) {
		t.Fatalf("sheets: got %v, want %v", got, wantNames)
	}
	for _, s := range specs {
		rows, err := f.GetRows(s.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 || !slices.Equal(rows[0], s.Columns) {
			t.Errorf("%s header: got %v, want %v", s.Name, rows[0], s.Columns)
		}
		comments, err := f.GetComments(s.Name)
		if err != nil {
			t.Fatal(err)
		}
		commented := map[string]bool{}
		for _, c := range comments {
			text := c.Text
			for _, p := range c.Paragraph {
				text += p.Text
			}
			if len(text) < 20 {
				t.Errorf("%s!%s: comment %q is too short to explain anything", s.Name, c.Cell, text)
			}
			commented[c.Cell] = true
		}
		for j := range s.Columns {
			ref, _ := excelize.CoordinatesToCellName(j+1, 1)
			if !commented[ref] {
				t.Errorf("%s!%s (%s): no comment", s.Name, ref, s.Columns[j])
			}
			styleID, _ := f.GetCellStyle(s.Name, ref)
			st, err := f.GetStyle(styleID)
			if err != nil || st.Font == nil || !st.Font.Bold {
				t.Errorf("%s!%s: header not bold", s.Name, ref)
			}
		}
		panes, err := f.GetPanes(s.Name)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: got panes %+v, want the header row frozen", s.Name, panes)
		}
	}

	cells := []struct {
		sheet, cell string
		typ         excelize.CellType
		raw, shown  string
	}{
		{"settings", "B2", excelize.CellTypeSharedString, "EUR", "EUR"},
		{"settings", "B5", excelize.CellTypeUnset, "30", "30"},
		{"fx", "B4", excelize.CellTypeUnset, "0.1232", "0.1232"},
		{"fx", "B7", excelize.CellTypeUnset, "0.8745", "0.8745"},
		{"fx", "C4", excelize.CellTypeUnset, "46083", "2026-03-02"},
		{"zones", "C19", excelize.CellTypeSharedString, "20", "20"},
		{"rates", "D12", excelize.CellTypeUnset, "", ""}, // unbounded to_g stays empty
		{"rates", "E2", excelize.CellTypeUnset, "16.8", "16.8"},
		{"surcharges", "E5", excelize.CellTypeUnset, "46342", "2026-11-16"},
		{"warehouses", "D3", excelize.CellTypeSharedString, "FR:75,FR:92", "FR:75,FR:92"},
		{"consolidation", "E2", excelize.CellTypeSharedString, "Wed,Sat", "Wed,Sat"},
		{"duties", "H10", excelize.CellTypeUnset, "9.95", "9.95"},
		{"compliance", "C3", excelize.CellTypeSharedString, "local,warehouse", "local,warehouse"},
		{"products", "J12", excelize.CellTypeSharedString, "0810.90", "0810.90"},
		{"stock", "C3", excelize.CellTypeUnset, "12", "12"},
	}
	for _, c := range cells {
		raw, _ := f.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true})
		shown, _ := f.GetCellValue(c.sheet, c.cell)
		typ, _ := f.GetCellType(c.sheet, c.cell)
		if raw != c.raw || shown != c.shown || (raw != "" && typ != c.typ) {
			t.Errorf("%s!%s: got %q shown %q type %d, want %q shown %q type %d", c.sheet, c.cell, raw, shown, typ, c.raw, c.shown, c.typ)
		}
	}

	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Title != "Shipmode rate book" || props.Creator != "Shipmode" || props.LastModifiedBy != "Shipmode" {
		t.Errorf("doc props: got %+v, want title Shipmode rate book, creator Shipmode", props)
	}
	if created, err := time.Parse(time.RFC3339, props.Created); err != nil || time.Since(created) > time.Hour {
		t.Errorf("created: got %q, want the time of writing", props.Created)
	}
}

// TestWriteRateBookEdges writes values the fixture does not have: more significant
// digits than Excel keeps, a date before 1900-03-01, empty lists, negative numbers.
func TestWriteRateBookEdges(t *testing.T) {
	dec := func(s string) logistics.Dec {
		d, err := logistics.ParseDec(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	rb := logistics.RateBook{
		Settings: logistics.Settings{BaseCurrency: "JPY", OriginCountry: "CN", OriginHandlingDays: 0, PackagingG: 0},
		FX: []logistics.FXRate{
			{Currency: "CNY", RateToBase: dec("20.123456789"), ValidFrom: logistics.DateOf(1899, time.December, 31)},
			{Currency: "CNY", RateToBase: dec("1234567890.123456789"), ValidFrom: logistics.DateOf(1900, time.March, 1)},
			{Currency: "USD", RateToBase: dec("150.5"), ValidFrom: logistics.NoDate},
		},
		Products: []logistics.Product{{SKU: "007", Title: "=HYPERLINK(\"x\")", WeightG: 1, UnitCost: dec("-0.000000001"), Currency: "USD", HSCode: "0101"}},
	}
	data := writeRB(t, rb)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if typ, _ := f.GetCellType("fx", "B3"); typ != excelize.CellTypeSharedString {
		t.Errorf("fx!B3 (19 significant digits): got cell type %d, want text", typ)
	}
	if formula, _ := f.GetCellFormula("products", "B2"); formula != "" {
		t.Errorf("products!B2: got formula %q, want text", formula)
	}
	got, err := ingest.RateBook(bytes.NewReader(data), "edges.xlsx")
	if err == nil {
		t.Fatalf("got no error, want the negative unit cost reported")
	}
	if want := "rate book edges.xlsx: 1 problem\nproducts!H2: must not be negative, got -0.000000001"; err.Error() != want {
		t.Fatalf("got %v, want %q", err, want)
	}
	rb.Products[0].UnitCost = dec("0.000000001")
	got = readRB(t, writeRB(t, rb))
	if !reflect.DeepEqual(got, rb) {
		t.Errorf("got  %+v\nwant %+v", got, rb)
	}
}

func TestWriteRateBookEmpty(t *testing.T) {
	rb := logistics.RateBook{Settings: logistics.DefaultSettings()}
	if got := readRB(t, writeRB(t, rb)); !reflect.DeepEqual(got, rb) {
		t.Errorf("got %+v, want %+v", got, rb)
	}
}

// BenchmarkRateBookLarge writes and reads a rate book of 20,000 zone rows, 20,000
// rates and 5,000 products (a carrier's full postal-prefix table).
func BenchmarkRateBookLarge(b *testing.B) {
	rb := logistics.RateBook{Settings: logistics.DefaultSettings()}
	rb.FX = []logistics.FXRate{{Currency: "EUR", RateToBase: logistics.DecInt(1), ValidFrom: logistics.NoDate}}
	rb.Services = []logistics.Service{{ID: "S", Mode: logistics.ServiceDirect, Currency: "EUR",
		VolumetricRatio: logistics.DecInt(1), IncrementG: 1}}
	for i := range 20_000 {
		zone := "Z" + strconv.Itoa(i)
		rb.Zones = append(rb.Zones, logistics.Zone{ServiceID: "S", Country: "FR", PostalPrefix: strconv.Itoa(10000 + i), Zone: zone})
		rb.Rates = append(rb.Rates, logistics.Rate{ServiceID: "S", Zone: zone, ToG: 30000, Fixed: logistics.Dec(1_250_000_000 + i)})
	}
	for i := range 5_000 {
		rb.Products = append(rb.Products, logistics.Product{SKU: "SKU-" + strconv.Itoa(i), Title: "a product", WeightG: 100,
			LengthMM: 10, WidthMM: 10, HeightMM: 10, UnitCost: logistics.DecInt(3), Currency: "EUR", HSCode: "0810.90"})
	}
	var buf bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := WriteRateBook(&buf, rb); err != nil {
			b.Fatal(err)
		}
		got, err := ingest.RateBook(bytes.NewReader(buf.Bytes()), "large.xlsx")
		if err != nil {
			b.Fatal(err)
		}
		if len(got.Rates) != len(rb.Rates) {
			b.Fatalf("got %d rates, want %d", len(got.Rates), len(rb.Rates))
		}
	}
	b.ReportMetric(float64(len(rb.Zones)+len(rb.Rates)+len(rb.Products))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
