package ui

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2/widget"

	"shipmode/demo"
	"shipmode/logistics"
)

// placeholders lists the {names} of a phrase text, sorted.
func placeholders(s string) []string {
	var names []string
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[max(i, 0):], '}')
		if i < 0 || j < 0 {
			slices.Sort(names)
			return names
		}
		names = append(names, s[i+1:i+j])
		s = s[i+j+1:]
	}
}

// checkChinese fails t unless zh has the Chinese of every phrase of catalog, with
// the same placeholders, and nothing else. what names the catalog's phrases.
func checkChinese(t *testing.T, what string, catalog []logistics.Phrase, zh map[string]string) {
	t.Helper()
	known := map[string]bool{}
	for _, p := range catalog {
		known[p.Key] = true
		zhText, ok := zh[p.Key]
		if !ok {
			t.Errorf("%s %q (%q) has no Chinese text", what, p.Key, p.Text)
			continue
		}
		// each placeholder at least once: a translation may say a value once where
		// the English says it twice
		if got, want := slices.Compact(placeholders(zhText)), slices.Compact(placeholders(p.Text)); !slices.Equal(got, want) {
			t.Errorf("%s %q: got placeholders %v in Chinese, want %v as in English", what, p.Key, got, want)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(zh)) {
		if !known[k] {
			t.Errorf("Chinese %s %q is in no catalog", what, k)
		}
	}
}

// TestEveryPhraseHasChinese walks the engine's catalog: a sentence shape added to
// logistics without its Chinese fails here.
func TestEveryPhraseHasChinese(t *testing.T) {
	checkChinese(t, "phrase", logistics.Phrases(), zhPhrases)
}

// latinLeft returns the words in Latin letters left in s, apart from the
// abbreviations the Chinese interface uses as they are.
func latinLeft(s string) []string {
	words := strings.FieldsFunc(s, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) })
	return slices.DeleteFunc(words, func(w string) bool { return w == "SKU" || w == "kg" })
}

// TestDemoReasonsInChinese plans demo orders, some overridden, and renders every
// explanation and every option's reason in Chinese: with the values (ids, codes,
// numbers, amounts, dates, rate-book notes, override reasons) masked, no English may
// be left. The explanation is said from the decision's options, promise and
// override, the reasons from their sentences: no English is read.
func TestDemoReasonsInChinese(t *testing.T) {
	rb := demo.RateBook()
	eng, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	var orders []logistics.PlanOrder
	err = demo.Orders(demo.OrderSpec{N: 3000, Seed: 5, Start: logistics.DateOf(2025, 12, 1)}, func(o logistics.Order, _ logistics.Status) error {
		po := logistics.PlanOrder{Order: o}
		if n := len(orders); n%29 == 0 {
			po.Override = &logistics.Override{Mode: logistics.Modes[n%4],
				Option: []string{"", "NO-SUCH-OPTION"}[n%2], Reason: []string{"", "customer asked: express"}[n%3%2]}
		}
		orders = append(orders, po)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{tr: newTranslator(langChinese)}
	mask := func(a logistics.Arg) string {
		if a.Kind == logistics.ArgMode {
			return e.phraseArg(a)
		}
		return "·"
	}
	n := 0
	_, err = eng.Plan(orders, func(i int, d *logistics.Decision) error {
		if left := latinLeft(e.renderExplanation(d, mask)); len(left) > 0 {
			t.Errorf("order %s: %q left %v in English: %q", d.OrderRef, d.Reason, left, e.explanationText(d))
		}
		// as the store gives it: the explanation rebuilt, not kept
		kept := *d
		kept.Reason = ""
		if got, want := e.explanationText(&kept), e.explanationText(d); got != want {
			t.Errorf("order %s: got %q without the English, want %q", d.OrderRef, got, want)
		}
		for _, o := range d.Options {
			if left := latinLeft(e.renderReason(o.Reason, mask)); len(left) > 0 {
				t.Errorf("order %s option %s: %q left %v in English: %q", d.OrderRef, o.ID, o.Reason, left, e.reasonText(o.Reason))
			}
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(orders) {
		t.Fatalf("got %d decisions, want %d", n, len(orders))
	}
}

// says is the engine's phrase of key with vals, the values of its placeholders in
// order.
func says(t *testing.T, key string, vals ...string) *logistics.Sentence {
	t.Helper()
	p, ok := logistics.PhraseOf(key)
	if !ok {
		t.Fatalf("no phrase %s", key)
	}
	var args []logistics.Arg
	for _, v := range vals {
		args = append(args, logistics.Arg{Text: v})
	}
	s := p.Say(args...)
	return &s
}

func TestReasonsInEachLanguage(t *testing.T) {
	dec := &logistics.Decision{Currency: "USD", Chosen: 1, Promise: 10,
		Reason: "cheapest option within the promise: direct YW-LINE at 5.16 USD in 7 days (promise 10); the runner-up warehouse WH-1 costs 1.13 USD more",
		Options: []logistics.Option{
			{Mode: logistics.ModeWarehouse, ID: "WH-1", Feasible: true, Total: 629, TransitDays: 4, Reason: says(t, "reason.viaZone", "WH-1", "DPD-PL", "PL")},
			{Mode: logistics.ModeDirect, ID: "YW-LINE", Feasible: true, Total: 516, TransitDays: 7, Reason: says(t, "reason.zone", "YW-LINE", "EU")},
			{Mode: logistics.ModeDirect, ID: "CN-POST", Reason: says(t, "reason.overWeight", "CN-POST", "2190", "2000")},
		}}
	tests := []struct {
		lang, explanation string
		notes             []string
	}{
		{langEnglish, dec.Reason, []string{"WH-1 via DPD-PL zone PL", "YW-LINE zone EU", "CN-POST: 2190 g is over its limit of 2000 g"}},
		{langChinese, "承诺时效内最便宜的方案：直邮 YW-LINE，5.16 USD，7 天送达（承诺 10 天）；次优方案 海外仓 WH-1 贵 1.13 USD",
			[]string{"WH-1 经 DPD-PL 配送，分区 PL", "YW-LINE 分区 EU", "CN-POST：2190 克，超过其重量上限 2000 克"}},
	}
	for _, tt := range tests {
		e := &env{tr: newTranslator(tt.lang)}
		if got := e.explanationText(dec); got != tt.explanation {
			t.Errorf("%s: got explanation %q, want %q", tt.lang, got, tt.explanation)
		}
		for i, o := range dec.Options {
			if got := e.reasonText(o.Reason); got != tt.notes[i] {
				t.Errorf("%s option %s: got %q, want %q", tt.lang, o.ID, got, tt.notes[i])
			}
		}
	}
	e := &env{tr: newTranslator(langChinese)}
	// an explanation a plan kept as its text, before it was derived, is shown as it is
	other := &logistics.Decision{Currency: "USD", Reason: "chosen by hand", Options: dec.Options}
	if got := e.explanationText(other); got != other.Reason {
		t.Errorf("got %q, want the stored text %q", got, other.Reason)
	}
	// so is a reason a plan kept in English before reasons were sentences, also
	// inside an explanation
	old := &logistics.Decision{Currency: "USD", Chosen: -1,
		Reason:  "unassignable: direct CN-POST: CN-POST: 2190 g is over its limit of 2000 g",
		Options: []logistics.Option{{Mode: logistics.ModeDirect, ID: "CN-POST", Reason: logistics.Verbatim("CN-POST: 2190 g is over its limit of 2000 g")}}}
	if got, want := e.reasonText(old.Options[0].Reason), "CN-POST: 2190 g is over its limit of 2000 g"; got != want {
		t.Errorf("got reason %q, want %q", got, want)
	}
	if got, want := e.explanationText(old), "无法分配：直邮 CN-POST：CN-POST: 2190 g is over its limit of 2000 g"; got != want {
		t.Errorf("got explanation %q, want %q", got, want)
	}
}

func TestOrderDetailSpeaksChinese(t *testing.T) {
	f := detailFake()
	d := f.details[1]
	d.Decision.Reason = "cheapest option within the promise: direct CN-POST at 12.34 EUR"
	d.Decision.Options[0].Reason = says(t, "reason.stock", "WH-PL", "0", "MUG", "2")
	f.details[1] = d
	h, s := newOrdersHarness(t, f)
	h.e.tr = newTranslator(langChinese)
	h.q.drain()
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	h.q.drain()
	h.noErrors()
	p := s.detail
	if got, want := p.explanation.Text, "承诺时效内最便宜的方案：直邮 CN-POST，12.34 EUR"; got != want {
		t.Errorf("got explanation %q, want %q", got, want)
	}
	col := slices.IndexFunc(optionColumns, func(c optionColumn) bool { return c.key == "col.note" })
	if got, want := p.optionText(0, col), "不可用：WH-PL 的 MUG 库存 0 件，需要 2 件"; got != want {
		t.Errorf("got note %q, want %q", got, want)
	}
}
