package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"shipmode/logistics"
)

func TestTranslationTablesHaveTheSameKeys(t *testing.T) {
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("key %q has no Chinese text", k)
		}
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q has no English text", k)
		}
	}
	for k, v := range en {
		if strings.Count(v, "%") != strings.Count(zh[k], "%") {
			t.Errorf("key %q: got %d verbs in Chinese, want %d as in English", k, strings.Count(zh[k], "%"), strings.Count(v, "%"))
		}
	}
}

// TestEveryUsedKeyIsTranslated parses the package and checks every message key it
// uses: T/Tf arguments, key lists, and the keys built from modes, tabs and fields.
func TestEveryUsedKeyIsTranslated(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	prefixes := []string{"period.", "mode.", "status.", "filter.", "col.", "orders.", "detail.", "comp.", "override.",
		"err.", "import.", "rb.", "cons.", "reports.", "settings.", "dash.", "tab.", "welcome.", "demo.", "action.", "app.", "field.", "inv.", "scen."}
	used := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "messages.go" || name == "invoices_messages.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			for _, p := range prefixes {
				if strings.HasPrefix(s, p) && len(s) > len(p) && !strings.ContainsAny(s, " %") && !strings.HasSuffix(s, ".") { // "inv.kind." + kind: a prefix
					used[s] = true
				}
			}
			return true
		})
	}
	for _, m := range logistics.Modes {
		used["mode."+m.String()] = true
	}
	for _, n := range screenNames {
		used["tab."+n] = true
	}
	for _, f := range append(mappedFields, invoiceFields...) {
		used["field."+f] = true
	}
	for _, k := range logistics.FindingKinds {
		used["inv.kind."+k.String()] = true
	}
	for _, c := range logistics.Charges {
		used["inv.charge."+c.String()] = true
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys: the scan is broken", len(used))
	}
	for k := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q is used but has no text", k)
		}
	}
}

func TestTranslatorFallsBackAndParsesLocales(t *testing.T) {
	tests := []struct{ in, want string }{
		{"zh", langChinese}, {"zh_CN.UTF-8", langChinese}, {"ZH-Hans", langChinese},
		{"en_US.UTF-8", langEnglish}, {"", langEnglish}, {"fr", langEnglish},
	}
	for _, tt := range tests {
		if got := parseLang(tt.in); got != tt.want {
			t.Errorf("parseLang(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := newTranslator(langChinese).T("tab.orders"); got != "订单" {
		t.Errorf("got %q, want 订单", got)
	}
	if got := newTranslator(langChinese).T("no.such.key"); got != "no.such.key" {
		t.Errorf("got %q for an unknown key, want the key", got)
	}
}

// TestChineseTextUsesTheBundledFont: the CJK font is the text font in every
// language (an English window shows "简体中文" and Chinese titles). It holds no
// Latin letter, digit or punctuation (checked with go-text's NominalGlyph when
// this was written): Fyne's own font, its second face, draws those.
func TestChineseTextUsesTheBundledFont(t *testing.T) {
	th := newAppTheme(themeSystem)
	for _, st := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}} {
		if got := th.Font(st); got != cjkFont {
			t.Errorf("text font %+v is %v, want the bundled CJK font", st, got.Name())
		}
	}
	if got := th.Font(fyne.TextStyle{Monospace: true}); got == cjkFont {
		t.Errorf("monospace text uses the CJK font, want Fyne's")
	}
	if !slices.Contains([]int{4033420}, len(cjkFontTTF)) {
		t.Errorf("bundled font has %d bytes, want DroidSansFallbackFull (4033420)", len(cjkFontTTF))
	}
}

func fyneTextStyle() fyne.TextStyle { return fyne.TextStyle{} }
