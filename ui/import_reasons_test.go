package ui

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"shipmode/ingest"
	"shipmode/logistics"
)

// TestEveryImportReasonHasChinese walks the import's catalog: a reason added to
// ingest without its Chinese fails here.
func TestEveryImportReasonHasChinese(t *testing.T) {
	checkChinese(t, "import reason", ingest.Phrases(), zhImport)
}

// cliOption matches a command-line option with its field ("--set currency="), which
// the Chinese keeps as it is typed.
var cliOption = regexp.MustCompile(`--[a-z]+ [^=\s]*=`)

// importWords are the words in Latin letters a Chinese import reason may keep:
// abbreviations, the values a cell must hold, and column names of the files.
var importWords = []string{"SKU", "ISO", "eBay", "open", "shipped", "fulfilled", "cancelled", "true", "false",
	"warehouse_id", "on_hand", "weight_g", "weight_kg", "M", "D", "YY", "name", "UTF", "NUL", "Excel", "CSV", "TSV", "xlsx", "xls", "Unicode", "uFFFD",
	// invoices: the charge kinds a cell holds, DHL's Line Type column and its values
	"freight", "fuel", "surcharge", "fee", "duty", "credit", "Line", "Type", "I", "S"}

// englishLeft returns the words of s in Latin letters that are no value of a
// reason and not among importWords.
func englishLeft(s string) []string {
	s = cliOption.ReplaceAllString(s, " ")
	words := strings.FieldsFunc(s, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) && r != '_' })
	return slices.DeleteFunc(words, func(w string) bool { return slices.Contains(importWords, w) })
}

// TestImportReasonsInChinese says every phrase of the catalog in Chinese with its
// values masked: no English may be left.
func TestImportReasonsInChinese(t *testing.T) {
	e := &env{tr: newTranslator(langChinese)}
	mask := func(logistics.Arg) string { return "·" }
	for _, p := range ingest.Phrases() {
		s := logistics.Sentence{Phrase: p}
		for _, n := range placeholders(p.Text) {
			if !slices.ContainsFunc(s.Args, func(a logistics.Arg) bool { return a.Name == n }) {
				s.Args = append(s.Args, logistics.Arg{Name: n, Text: "x"})
			}
		}
		got := e.renderImportReason(&s, p.Text, mask)
		if left := englishLeft(got); len(left) > 0 {
			t.Errorf("%s: %q left %v in English", p.Key, got, left)
		}
		if strings.Contains(got, "{") {
			t.Errorf("%s: %q left a placeholder", p.Key, got)
		}
	}
	// a reason made by hand, without its sentence, is shown as it is
	if got := e.importReason(&logistics.Sentence{}, "missing"); got != "missing" {
		t.Errorf("got %q, want the English of a reason without a sentence", got)
	}
}

// argTexts lists the values of a sentence, nested ones' too.
func argTexts(s *logistics.Sentence) []string {
	var out []string
	for _, a := range s.Args {
		if a.Inner != nil {
			out = append(out, argTexts(a.Inner)...)
		} else if a.Text != "" {
			out = append(out, a.Text)
		}
	}
	return out
}

// maskValues replaces the values of why and the column in s, longest first.
func maskValues(s, column string, why *logistics.Sentence) string {
	vals := append(argTexts(why), column)
	slices.SortFunc(vals, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	for _, v := range vals {
		s = strings.ReplaceAll(s, v, "·")
	}
	return s
}

// TestImportScreenSaysRejectionsInChinese previews the order fixtures of ingest
// through the store adapter on the Chinese Import screen: the rejected rows and the
// rows left out as the file says that it lists hold, apart from the column and the values of the file, no English.
func TestImportScreenSaysRejectionsInChinese(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "ingest", "testdata", "orders-*"))
	if err != nil || len(files) < 5 {
		t.Fatalf("got fixtures %v, %v", files, err)
	}
	kinds := map[string]bool{}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			h := newHarness(t)
			h.e.tr = newTranslator(langChinese)
			s := newImportScreen(h.e, sourceOf(shotFake()))
			s.imp = previewAdapter(t)
			h.show(s.content())
			s.onFile(path)
			h.q.drain()
			h.noErrors()
			p := s.preview
			if p == nil {
				t.Fatal("no preview")
			}
			if p.Problem != nil {
				msg := s.previewMsg.Text
				var ce *ingest.ColumnError
				if !errors.As(p.Problem, &ce) {
					t.Fatalf("got problem %v, want a column error", p.Problem)
				}
				kinds[ce.Why.Key] = true
				if left := englishLeft(maskValues(msg, ce.Column, &ce.Why)); len(left) > 0 {
					t.Errorf("got %q: %v left in English", msg, left)
				}
				return
			}
			// the rejected rows, then the rows left out as the file says
			rej := s.rows[len(s.rows)-len(p.Rejected)-len(p.LeftOut):]
			for i, r := range append(slices.Clip(p.Rejected), p.LeftOut...) {
				kinds[r.Why.Key] = true
				got := rej[i][len(rej[i])-1]
				want := "已拒绝"
				if i >= len(p.Rejected) {
					want = "按文件未导入"
				}
				if !strings.HasPrefix(got, want) {
					t.Errorf("line %d: got %q, want it said in Chinese (%s …)", r.Line, got, want)
				}
				if left := englishLeft(maskValues(got, r.Column, &r.Why)); len(left) > 0 {
					t.Errorf("line %d: got %q for %q: %v left in English", r.Line, got, r.Reason, left)
				}
			}
		})
	}
	if len(kinds) < 8 {
		t.Errorf("got %d kinds of reason from the fixtures, want at least 8: %v", len(kinds), slices.Sorted(maps.Keys(kinds)))
	}
}

// TestColumnErrorInChinese: a file without a required column stops the preview with
// the column's problem in Chinese, and in English in the English interface.
func TestColumnErrorInChinese(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(path, []byte("order_ref,marketplace,order_date,country,qty\nA,s,2026-05-11,FR,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := previewAdapter(t).PreviewOrders(context.Background(), path, ingest.OrderOptions{Name: "orders.csv"})
	if err != nil || p.Problem == nil {
		t.Fatalf("got %v, problem %v; want a missing column", err, p.Problem)
	}
	tests := []struct{ lang, want string }{
		{langChinese, "文件的“SKU”列有问题：没有哪一列是 SKU：请在列映射中为它选择一列，或填写所有行通用的值"},
		{langEnglish, "The file has a problem with the column “SKU”: no column holds SKU: choose its column in the column mapping, or give it a value for every row"},
	}
	for _, tt := range tests {
		e := &env{tr: newTranslator(tt.lang)}
		if got := e.explain(p.Problem); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.lang, got, tt.want)
		}
	}
}

func TestRejectedRowInEachLanguage(t *testing.T) {
	res, err := ingest.Orders(strings.NewReader("order_ref,marketplace,order_date,country,sku,qty\nA,s,2026-05-11,FR,X,1\nA,s,2026-05-11,FR,Y,two\n"), ingest.OrderOptions{Name: "o.csv"})
	if err != nil || len(res.Rejected) != 2 {
		t.Fatalf("got %v and %d rejections, want 2", err, len(res.Rejected))
	}
	r := res.Rejected[0]
	tests := []struct{ lang, want string }{
		{langEnglish, `order A not imported: line 3: quantity "two" is not a whole number`},
		{langChinese, `订单 A 未导入：第 3 行：数量 "two" 不是整数`},
	}
	for _, tt := range tests {
		e := &env{tr: newTranslator(tt.lang)}
		if got := e.importReason(&r.Why, r.Reason); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.lang, got, tt.want)
		}
	}
}

// TestMappingConstantInChinese: a currency typed for every row in the mapping step
// that is no ISO code is refused in the interface's language.
func TestMappingConstantInChinese(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(path, []byte("Order No,Shop,Date,Country,Item,Qty,Price\nA,s,2026-05-11,FR,X,1,10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, want string }{
		{langChinese, `所有行的币种“RMB”无法使用：币种 "RMB" 不是 ISO 4217 代码`},
		{langEnglish, `Currency for all rows “RMB” cannot be used: currency "RMB" is not an ISO 4217 code`},
	}
	for _, tt := range tests {
		h := newHarness(t)
		h.e.tr = newTranslator(tt.lang)
		s := newImportScreen(h.e, sourceOf(shotFake()))
		s.imp = previewAdapter(t)
		h.show(s.content())
		s.onFile(path)
		h.q.drain()
		h.noErrors()
		if !s.mapBox.Visible() {
			t.Fatalf("%s: no mapping step for an unknown layout", tt.lang)
		}
		en := s.setEntries["currency"]
		en.SetText("RMB")
		en.OnSubmitted("RMB")
		h.q.drain()
		h.noErrors()
		if got := s.previewMsg.Text; !strings.HasSuffix(got, tt.want) {
			t.Errorf("%s: got %q, want it to end with %q", tt.lang, got, tt.want)
		}
	}
}

// commandWords match what the window must never say: a command-line option, the
// program's command or one of its files.
var commandWords = regexp.MustCompile(`--[a-z]|\bshipmode (import|demo|plan|ratebook|report)|\.go\b`)

// TestImportReasonsInWindowWords says every reason of the order, products, stock,
// rate-book and invoice imports in both languages, as the window shows it: none
// names a command-line option or command (the column mapping is the window's way).
func TestImportReasonsInWindowWords(t *testing.T) {
	for _, lang := range []string{langEnglish, langChinese} {
		e := &env{tr: newTranslator(lang)}
		for _, p := range ingest.Phrases() {
			s := logistics.Sentence{Phrase: p}
			for _, n := range placeholders(p.Text) {
				s.Args = append(s.Args, logistics.Arg{Name: n, Text: "x"})
			}
			if got := e.importReason(&s, p.Text); commandWords.MatchString(got) {
				t.Errorf("%s %s: %q names a command", lang, p.Key, got)
			}
		}
	}
	for k, v := range enImportWindow {
		i := slices.IndexFunc(ingest.Phrases(), func(p logistics.Phrase) bool { return p.Key == k })
		if i < 0 {
			t.Errorf("window English %q is in no catalog", k)
			continue
		}
		if got, want := slices.Compact(placeholders(v)), slices.Compact(placeholders(ingest.Phrases()[i].Text)); !slices.Equal(got, want) {
			t.Errorf("%s: got placeholders %v, want %v", k, got, want)
		}
	}
	// the window's English keeps the values: currency symbol ¥ is the file's
	e := &env{tr: newTranslator(langEnglish)}
	for _, p := range ingest.Phrases() {
		if p.Key != "row.ambiguousSymbol" {
			continue
		}
		s := logistics.Sentence{Phrase: p, Args: []logistics.Arg{{Name: "symbol", Text: "¥"}}}
		want := "currency symbol ¥ is ambiguous: add a currency column, or give the currency a value for every row in the column mapping"
		if got := e.importReason(&s, p.Text); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// TestWindowTextsNameNoCommand reads every message of the window in both
// languages: none names a command-line option, command or program file.
func TestWindowTextsNameNoCommand(t *testing.T) {
	for lang, table := range translations {
		for k, v := range table {
			if commandWords.MatchString(v) {
				t.Errorf("%s %s: %q names a command", lang, k, v)
			}
		}
	}
}

// previewAdapter is the store adapter over the operations on a new database: the
// previews of the real reader (and no mapping kept yet).
func previewAdapter(t *testing.T) orderImporter {
	src, _ := realSource(t)
	return src.orderImporter
}
