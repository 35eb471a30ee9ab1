package ui

import (
	"cmp"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"shipmode/ingest"
	"shipmode/logistics"
)

// rateBookCatalog is every phrase a rate-book problem can hold: validation's and the
// workbook reader's.
func rateBookCatalog() []logistics.Phrase {
	return append(ingest.RateBookPhrases(), logistics.ValidationPhrases()...)
}

// TestEveryRateBookProblemHasChinese walks both catalogs: a problem added to
// logistics' validation or to ingest's workbook reader without its Chinese fails
// here.
func TestEveryRateBookProblemHasChinese(t *testing.T) {
	checkChinese(t, "rate-book problem", rateBookCatalog(), zhRateBook)
}

// rateBookWords are the words in Latin letters a Chinese rate-book problem may keep:
// the workbook's sheet and column names and settings keys, the words its cells hold
// (modes, kinds, weekdays, a date's pattern, a country code of an example) and
// abbreviations.
func rateBookWords() []string {
	words := []string{"ISO", "SKU", "kg", "CIF", "FOB", "direct", "last_mile", "local", "remote", "oversize", "peak",
		"overseas", "forward", "chargeable", "volume", "value", "warehouse", "consolidation",
		"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "YYYY", "MM", "DD", "FR"}
	for _, s := range logistics.RateBookSheets() {
		words = append(append(words, s.Name), s.Columns...)
	}
	return append(words, logistics.SettingsKeys()...)
}

// rateBookEnglishLeft returns the words of s in Latin letters that are not among
// rateBookWords.
func rateBookEnglishLeft(s string) []string {
	allowed := rateBookWords()
	words := strings.FieldsFunc(s, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) && r != '_' })
	return slices.DeleteFunc(words, func(w string) bool { return slices.Contains(allowed, w) })
}

// TestRateBookProblemsInChinese says every phrase of both catalogs in Chinese with
// its values masked: no English may be left.
func TestRateBookProblemsInChinese(t *testing.T) {
	e := &env{tr: newTranslator(langChinese)}
	mask := func(logistics.Arg) string { return "·" }
	for _, p := range rateBookCatalog() {
		r := logistics.Sentence{Phrase: p}
		for _, n := range placeholders(p.Text) {
			r.Args = append(r.Args, logistics.Arg{Name: n, Text: "x"})
		}
		rbe := &ingest.RateBookError{Problems: []ingest.CellError{{Sheet: "rates", Cell: "B2", Reason: p.Text}}, Why: []logistics.Sentence{r}}
		got := e.renderRateBookProblems(rbe, mask)
		if left := rateBookEnglishLeft(strings.TrimPrefix(got, "rates!B2：")); len(left) > 0 {
			t.Errorf("%s: %q left %v in English", p.Key, got, left)
		}
		if strings.Contains(got, "{") || !strings.HasPrefix(got, "rates!B2：") {
			t.Errorf("%s: got %q, want the cell and no placeholder", p.Key, got)
		}
	}
	// a problem made by hand, without its sentence, is shown as it is
	rbe := &ingest.RateBookError{File: "x.xlsx", Problems: []ingest.CellError{{Sheet: "my fx", Cell: "B2", Reason: "bad"}}}
	if got, want := e.rateBookProblems(rbe), "'my fx'!B2：bad"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// cellArgTexts lists the values of a reason, nested ones' too.
func cellArgTexts(r *logistics.Sentence) []string {
	var out []string
	for _, a := range r.Args {
		if a.Inner != nil {
			out = append(out, cellArgTexts(a.Inner)...)
		} else if a.Text != "" {
			out = append(out, a.Text)
		}
	}
	return out
}

// checkRateBookMessage asserts that the Chinese message of a rate-book error says
// its introduction and every problem at its cell with, apart from the values, no
// English; it returns the keys of the problems.
func checkRateBookMessage(t *testing.T, e *env, err error) []string {
	t.Helper()
	var rbe *ingest.RateBookError
	if !errors.As(err, &rbe) {
		t.Fatalf("got error %v, want a rate-book error", err)
	}
	msg := e.explain(err)
	lines := strings.Split(msg, "\n")
	if lines[0] != e.T("err.rateBook") || len(lines) != len(rbe.Problems)+1 {
		t.Fatalf("got message %q, want the introduction and %d problems", msg, len(rbe.Problems))
	}
	var keys []string
	for i, p := range rbe.Problems {
		line := lines[i+1]
		ref := ingest.SheetRef(p.Sheet) + "!" + p.Cell + "："
		if !strings.HasPrefix(line, ref) {
			t.Errorf("got %q, want it at %s", line, ref)
		}
		keys = append(keys, rbe.Why[i].Key)
		vals := cellArgTexts(&rbe.Why[i])
		slices.SortFunc(vals, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
		masked := strings.TrimPrefix(line, ref)
		for _, v := range vals {
			masked = strings.ReplaceAll(masked, v, "·")
		}
		if left := rateBookEnglishLeft(masked); len(left) > 0 {
			t.Errorf("got %q for %q: %v left in English", line, p.Reason, left)
		}
	}
	en := &env{tr: newTranslator(langEnglish)}
	if got, want := en.explain(err), en.T("err.rateBook")+"\n"+err.Error(); got != want {
		t.Errorf("got English %q, want %q", got, want)
	}
	return keys
}

// TestRateBookScreenSaysProblemsInChinese edits cells of the rate book into invalid
// values and imports a broken workbook on the Chinese Rate book screen: the problems
// it shows hold, apart from the values, cells and sheet names, no English.
func TestRateBookScreenSaysProblemsInChinese(t *testing.T) {
	f := rateBookFake()
	h := newHarness(t)
	h.e.tr = newTranslator(langChinese)
	s := newRateBookScreen(h.e, f)
	h.show(s.content())
	h.q.drain()
	h.noErrors()
	edits := []struct {
		sheet, column, value, key string
	}{
		{logistics.SheetServices, "currency", "XYZ", "problem.badCurrency"},
		{logistics.SheetServices, "mode", "air", "cell.serviceMode"},
		{logistics.SheetServices, "increment_g", "0", "problem.increment"},
		{logistics.SheetRates, "fixed", "12,5", "cell.decimalComma"},
		{logistics.SheetRates, "to_g", "1", "problem.bandGap"},
	}
	for _, ed := range edits {
		h.errs = nil
		s.sheet = ed.sheet
		sh := s.currentSheet()
		s.saveEdit(ed.sheet, 1, indexOf(sh.Rows[0], ed.column), ed.value)
		h.q.drain()
		h.noErrors() // a refused cell keeps its text and says why above the table, no dialog
		if s.refusal == nil {
			t.Fatalf("%s %s=%s: not refused", ed.sheet, ed.column, ed.value)
		}
		if keys := checkRateBookMessage(t, h.e, s.refusal); !slices.Contains(keys, ed.key) {
			t.Errorf("%s %s=%s: got problems %v, want %s", ed.sheet, ed.column, ed.value, keys, ed.key)
		}
	}
	if len(f.saved) != 0 {
		t.Fatalf("an invalid rate book was saved")
	}

	// a broken workbook: testdata/ratebook-broken.xlsx is ingest's example rate book
	// (ingest/testdata/ratebook.xlsx) with a sheet "notes" added and these cells set:
	// services!P1 "fule_pct", rates!C3 400 (bands overlap), rates!E4 "abc",
	// fx!C4 "02/03/2026", consolidation!E2 "Wed,Funday", stock!A3 "WH-DE",
	// settings!A6 "currency" (a fixture: the ui writes no workbook itself)
	path := filepath.Join("testdata", "ratebook-broken.xlsx")
	h.errs = nil
	s.onImport(path)
	h.q.drain()
	if len(h.errs) != 1 {
		t.Fatalf("got errors %v, want one", h.errs)
	}
	keys := checkRateBookMessage(t, h.e, h.errs[0])
	for _, k := range []string{"cell.unknownSheet", "cell.unknownColumn", "problem.bandOverlap", "cell.notDecimal",
		"cell.notISODate", "cell.weekday", "problem.unknownWarehouse", "cell.unknownSetting"} {
		if !slices.Contains(keys, k) {
			t.Errorf("got problems %v, want %s", keys, k)
		}
	}
	if len(f.saved) != 0 {
		t.Fatalf("a broken workbook was saved")
	}
}
