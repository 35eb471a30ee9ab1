package ingest

import (
	"bytes"
	"errors"
	"os"
	"regexp"
	"testing"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// rbProblemRef is what every rejection of a workbook must look like: a sheet, a cell
// and a reason.
var rbProblemRef = regexp.MustCompile(`^(?:[A-Za-z_][A-Za-z0-9_.]*|'(?:[^'\x00-\x1f]|'')*')![A-Z]{1,3}[1-9][0-9]*: \S`)

// rbCheckRead reads data and checks the contract of RateBook: a rate book that
// passes Validate, or a *RateBookError whose every problem names a cell, or another
// error when the bytes are not a readable workbook.
func rbCheckRead(t *testing.T, data []byte) {
	rb, err := RateBook(bytes.NewReader(data), "fuzz.xlsx")
	if err == nil {
		if p := rb.Validate(); len(p) > 0 {
			t.Fatalf("accepted a rate book with Validate problems %v", p)
		}
		return
	}
	var rbe *RateBookError
	if !errors.As(err, &rbe) {
		return // not a readable workbook at all
	}
	if len(rbe.Problems) == 0 {
		t.Fatalf("got a RateBookError without problems")
	}
	for _, p := range rbe.Problems {
		if s := p.String(); !rbProblemRef.MatchString(s) {
			t.Fatalf("problem %q does not name a cell like sheet!A1", s)
		}
	}
}

func rbFuzzSeeds(f *testing.F) [][]byte {
	fixture, err := os.ReadFile(rbFixture)
	if err != nil {
		f.Fatal(err)
	}
	return [][]byte{
		fixture,
		fixture[:len(fixture)/2],
		rbMutated(f, func(x *excelize.File) { rbSet(f, x, "rates", "E3", "abc", "C3", 400) }),
		rbMutated(f, func(x *excelize.File) { rbSet(f, x, "services", "B2", "air", "A3", "CN-POST-ECO") }),
		rbMutated(f, func(x *excelize.File) { _, _ = x.NewSheet("notes"); rbSet(f, x, "stock", "D1", "bin") }),
		rbMutated(f, func(x *excelize.File) { _ = x.RemoveCol("zones", "A") }),
		rbMutated(f, func(x *excelize.File) { _ = x.SetCellDefault("fx", "C3", "46083.25") }),
	}
}

// FuzzRateBook feeds whole files: it must not panic, and every rejection must name
// its cells.
func FuzzRateBook(f *testing.F) {
	for _, s := range rbFuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(rbCheckRead)
}

// FuzzRateBookCell writes one fuzzed cell into the example rate book, as text or as a
// raw number, and reads it back: far more inputs reach the cell readings than with
// random zip bytes.
func FuzzRateBookCell(f *testing.F) {
	f.Add(uint8(4), uint8(3), uint8(5), "abc", false)
	f.Add(uint8(1), uint8(4), uint8(3), "46083.5", true)
	f.Add(uint8(2), uint8(2), uint8(2), "Air", false)
	f.Add(uint8(0), uint8(2), uint8(2), "1e400", true)
	f.Add(uint8(7), uint8(2), uint8(5), "Wed,,sat", false)
	f.Add(uint8(3), uint8(1), uint8(4), "Zone", false)
	f.Add(uint8(12), uint8(9), uint8(3), "-0.000000000000001", true)
	sheets := logistics.RateBookSheets()
	fixture, err := os.ReadFile(rbFixture)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, sheet, row, col uint8, value string, number bool) {
		x, err := excelize.OpenReader(bytes.NewReader(fixture))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		name := sheets[int(sheet)%len(sheets)].Name
		cell, _ := excelize.CoordinatesToCellName(int(col)%20+1, int(row)%40+1)
		if number {
			err = x.SetCellDefault(name, cell, value)
		} else {
			err = x.SetCellStr(name, cell, value)
		}
		if err != nil {
			t.Skip(err)
		}
		var buf bytes.Buffer
		if err := x.Write(&buf); err != nil {
			t.Skip(err)
		}
		rbCheckRead(t, buf.Bytes())
	})
}
