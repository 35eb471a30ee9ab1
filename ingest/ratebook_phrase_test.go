package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// rbRetype rewrites, in every worksheet of a workbook, the number cells holding
// marker into cells of type typ holding value (an error cell, a date cell), which
// excelize cannot write itself.
func rbRetype(t *testing.T, data []byte, marker, typ, value string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(<c r="[A-Z]+[0-9]+"[^>]*?)(?: t="[a-z]+")?><v>` + regexp.QuoteMeta(marker) + `</v>`)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	n := 0
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			n += len(re.FindAll(body, -1))
			body = re.ReplaceAll(body, []byte(`$1 t="`+typ+`"><v>`+value+`</v>`))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("no cell holds %s", marker)
	}
	return out.Bytes()
}

// rateBookCatalog is every phrase a reason of the rate-book reader may hold, by
// key: the reader's and validation's.
func rateBookCatalog() map[string]logistics.Phrase {
	c := map[string]logistics.Phrase{}
	for _, p := range append(RateBookPhrases(), logistics.ValidationPhrases()...) {
		c[p.Key] = p
	}
	return c
}

// checkCellReason asserts that a reason's sentence is a phrase of the reader's or of
// validation's catalog, that its arguments are that phrase's placeholders, and that
// it says what the English says; it counts the keys, nested ones too.
func checkCellReason(t *testing.T, where string, r *logistics.Sentence, english string, seen map[string]int) {
	t.Helper()
	if got := r.String(); got != english {
		t.Errorf("%s: got %q from the sentence %+v, want the reason %q", where, got, *r, english)
	}
	p, ok := rateBookCatalog()[r.Key]
	if !ok {
		t.Errorf("%s: key %q of %q is no phrase", where, r.Key, english)
		return
	}
	if r.Text != p.Text {
		t.Errorf("%s: %s carries the English %q, want %q", where, r.Key, r.Text, p.Text)
	}
	seen[r.Key]++
	var names []string
	for _, a := range r.Args {
		names = append(names, a.Name)
		if a.Inner != nil {
			checkCellReason(t, where, a.Inner, a.Text, seen)
		}
	}
	if want := p.Placeholders(); !slices.Equal(names, want) {
		t.Errorf("%s: %s has the arguments %v, want %v", where, r.Key, names, want)
	}
}

// TestEveryRateBookPhraseIsWritten reads broken workbooks that give every reason of
// the reader's catalog: each problem's sentence says exactly its English, and no
// phrase is left that nothing writes, apart from the reader's failures on a
// workbook excelize opened but cannot read further.
func TestEveryRateBookPhraseIsWritten(t *testing.T) {
	const marker = "777777"
	tests := []struct {
		name   string
		change func(t *testing.T, f *excelize.File)
		retype func(t *testing.T, data []byte) []byte
	}{
		{name: "sheets and columns", change: func(t *testing.T, f *excelize.File) {
			for _, name := range []string{"notes", "RATES "} {
				if _, err := f.NewSheet(name); err != nil {
					t.Fatal(err)
				}
			}
			rbSet(t, f, "services", "P1", "fule_pct", "P3", 3)
			rbSet(t, f, "stock", "D1", "on_hand", "F3", 7)
		}},
		{name: "missing column", change: func(t *testing.T, f *excelize.File) {
			if err := f.RemoveCol("zones", "D"); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "settings", change: func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "settings", "A6", "currency", "B6", "EUR", "A7", "packaging_g", "B7", 10, "B8", 3)
		}},
		{name: "numbers", change: func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "rates", "E3", "abc", "F3", "12,5", "E4", "0.0000000001", "F4", "99999999999999999999")
			rbSet(t, f, "services", "H2", 1.5)
			style, err := f.NewStyle(&excelize.Style{NumFmt: 10})
			if err != nil {
				t.Fatal(err)
			}
			rbSet(t, f, "services", "N3", 0.245)
			if err := f.SetCellStyle("services", "N3", "N3", style); err != nil {
				t.Fatal(err)
			}
			date, _ := f.GetCellStyle("fx", "C2")
			rbSet(t, f, "rates", "F2", 46083)
			if err := f.SetCellStyle("rates", "F2", "F2", date); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "dates", change: func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "fx", "C4", 46083)
			if err := f.SetCellStyle("fx", "C4", "C4", 0); err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellDefault("fx", "C3", "46083.5"); err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellDefault("fx", "C2", "3000000"); err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellDefault("surcharges", "E3", "abc"); err != nil {
				t.Fatal(err)
			}
			rbSet(t, f, "duties", "B2", "02/03/2026")
		}},
		{name: "words", change: func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "services", "B2", "air")
			rbSet(t, f, "surcharges", "B4", "huge")
			rbSet(t, f, "warehouses", "B3", "cellar")
			rbSet(t, f, "consolidation", "K2", "weight", "E2", "Wed,Funday")
			rbSet(t, f, "duties", "G2", "DDP")
			rbSet(t, f, "compliance", "C3", "local, air")
		}},
		{name: "error and date cells", change: func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "stock", "D1", 777777, "B3", 777777)
			if err := f.SetCellDefault("surcharges", "F3", "888888"); err != nil {
				t.Fatal(err)
			}
		}, retype: func(t *testing.T, data []byte) []byte {
			data = rbRetype(t, data, marker, "e", "#DIV/0!")
			return rbRetype(t, data, "888888", "d", "soon")
		}},
		{name: "validation", change: func(t *testing.T, f *excelize.File) {
			rbSet(t, f, "rates", "C3", 400)
			rbSet(t, f, "stock", "A3", "WH-DE")
		}},
	}
	seen := map[string]int{}
	for _, tt := range tests {
		data := rbMutated(t, func(f *excelize.File) { tt.change(t, f) })
		if tt.retype != nil {
			data = tt.retype(t, data)
		}
		_, err := RateBook(bytes.NewReader(data), "book.xlsx")
		var rbe *RateBookError
		if !errors.As(err, &rbe) {
			t.Fatalf("%s: got %v, want a *RateBookError", tt.name, err)
		}
		if len(rbe.Why) != len(rbe.Problems) {
			t.Fatalf("%s: got %d sentences for %d problems", tt.name, len(rbe.Why), len(rbe.Problems))
		}
		for i, p := range rbe.Problems {
			checkCellReason(t, tt.name+" "+p.String(), &rbe.Why[i], p.Reason, seen)
		}
	}
	unreachable := map[string]bool{ // excelize failing on a workbook it opened
		"cell.unreadableSheet": true, "cell.unreadableRow": true, "cell.unreadableNumber": true,
	}
	for _, p := range RateBookPhrases() {
		if seen[p.Key] == 0 && !unreachable[p.Key] {
			t.Errorf("no workbook writes %s (%q)", p.Key, p.Text)
		}
	}
	for key := range unreachable {
		r := logistics.Sentence{Phrase: rateBookCatalog()[key], Args: []logistics.Arg{{Name: "value", Text: `"1"`}, {Name: "error", Text: "boom"}}}
		if got := r.String(); !strings.Contains(got, "boom") || strings.Contains(got, "{") {
			t.Errorf("%s: got %q, want its English with the error", key, got)
		}
	}
	if !slices.ContainsFunc(slices.Collect(maps.Keys(seen)), func(k string) bool { return strings.HasPrefix(k, "problem.") }) {
		t.Errorf("got keys %v, want problems of validation located at their cells", seen)
	}
}

// TestRateBookPhrasesAreDistinct checks that no key of the reader's catalog is one
// of validation's or of the import's.
func TestRateBookPhrasesAreDistinct(t *testing.T) {
	keys := map[string]bool{}
	for _, p := range Phrases() {
		keys[p.Key] = true
	}
	for _, p := range logistics.ValidationPhrases() {
		keys[p.Key] = true
	}
	for _, p := range RateBookPhrases() {
		if keys[p.Key] {
			t.Errorf("key %s is used twice", p.Key)
		}
		keys[p.Key] = true
	}
}
