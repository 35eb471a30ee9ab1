package logistics

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestPhraseCatalog(t *testing.T) {
	keys := map[string]bool{}
	for i, p := range phrases {
		if p.Key == "" || p.Text == "" {
			t.Fatalf("phrase %d: got key %q text %q, want both", i, p.Key, p.Text)
		}
		if keys[p.Key] {
			t.Errorf("phrase %q: key declared twice", p.Key)
		}
		keys[p.Key] = true
		class := "reason."
		if i >= exOverride {
			class = "explain."
		}
		if !strings.HasPrefix(p.Key, class) {
			t.Errorf("phrase %q: got key without the prefix %q", p.Key, class)
		}
		c := &catalog[i]
		names := map[string]bool{}
		for j, n := range c.names {
			if n == "" || names[n] {
				t.Errorf("phrase %q: placeholder %q empty or repeated", p.Key, n)
			}
			names[n] = true
			if j > 0 && c.lits[j] == "" {
				t.Errorf("phrase %q: placeholders %q and %q touch: the text cannot be read back", p.Key, c.names[j-1], n)
			}
		}
		if strings.ContainsAny(strings.Join(c.lits, ""), "{}") {
			t.Errorf("phrase %q: got a stray brace in %q", p.Key, p.Text)
		}
	}
	// the errors that reasons embed are phrases too, with the errors' English
	for _, err := range []error{ErrOverflow, errNegative} {
		s := errSentence(err)
		if _, ok := PhraseOf(s.Key); !ok || s.String() != err.Error() {
			t.Errorf("error %q: got %s %q, want a phrase of the catalog that reads the same", err, s.Key, s.String())
		}
	}
	if s := errSentence(errors.New("boom")); s.Key != "" || s.String() != "boom" {
		t.Errorf("an error of no phrase: got %s %q, want it verbatim", s.Key, s.String())
	}
	for _, p := range phrases {
		if got, ok := PhraseOf(p.Key); !ok || got != p {
			t.Errorf("PhraseOf(%q): got %v, %v; want %v", p.Key, got, ok, p)
		}
	}
	if _, ok := PhraseOf("reason.nonesuch"); ok {
		t.Errorf("PhraseOf(reason.nonesuch): got a phrase, want none")
	}
	if got := Phrases(); len(got) != int(numPhrases) || got[0] != phrases[0] {
		t.Errorf("got %d phrases, want %d", len(got), numPhrases)
	}
}

// TestReasonsKeepTheirEnglish compares each reason the engine writes with the text it
// wrote with fmt before the catalog: the CLI, the JSON and the reports print it.
func TestReasonsKeepTheirEnglish(t *testing.T) {
	d := DateOf(2026, 5, 6)
	tests := []struct {
		got  *Sentence
		want string
	}{
		{sentenceOf(rsUnknownSKU, str("MUG-1")), "unknown SKU MUG-1: needs product data"},
		{sentenceOf(rsForbidden, str("fresh_food"), modeVal(ModeDirect), str("AU")), fmt.Sprintf("%s may not ship by %s to %s", "fresh_food", ModeDirect, "AU")},
		{sentenceOf(rsUnknownService, str("WH-1"), str("DPD")), fmt.Sprintf("%s: unknown delivery service %s", "WH-1", "DPD")},
		{nestedOf(rsVia, sentenceOf(rsNotServed, str("DPD"), str("FR")), str("WH-1")), "WH-1 via DPD does not serve FR"},
		{failed("WH-1", errNegative), fmt.Sprintf("%s: %v", "WH-1", errNegative)},
		{failed("L-1", ErrOverflow), fmt.Sprintf("%s: %v", "L-1", ErrOverflow)},
		{sentenceOf(rsNoTiers, str("L-1")), "L-1 has no line-haul tiers"},
		{sentenceOf(rsNoDepartures, str("L-1")), "L-1 has no departure days"},
		{fxMissing("PLN", d), fmt.Sprintf("no FX rate for %s on %s", "PLN", d)},
		{fxMissing("PLN", NoDate), fmt.Sprintf("no FX rate for %s on %s", "PLN", NoDate)},
		{sentenceOf(rsBatch, str("LANE-SZX-CDG"), dateVal(d), decVal(Dec(28002*1e6)), num(3), decVal(DecInt(20))), "LANE-SZX-CDG departs 2026-05-06, batch 28.002 kg (3 parcels), tier from 20 kg"},
		{sentenceOf(rsBatch, str("L"), dateVal(d), decVal(Dec(1600*1e6)), num(1), decVal(Dec(500_000_000))), "L departs 2026-05-06, batch 1.6 kg (1 parcels), tier from 0.5 kg"},
		{sentenceOf(rsStock, str("WH-PL-WAW"), num(0), str("TEAPOT-CI"), num(1)), fmt.Sprintf("%s has %d of %s, needs %d", "WH-PL-WAW", 0, "TEAPOT-CI", 1)},
		{nestedOf(rsDuties, errSentence(errNegative)), fmt.Sprintf("duties: %v", errNegative)},
		{nestedOf(rsDuties, said(rsNegativeCost)), "duties: negative unit cost"},
		{nestedOf(rsDuties, said(rsAmountTooLarge)), "duties: amount too large"},
		{sentenceOf(rsNotServed, str("SUNYOU-EU"), str("AU")), "SUNYOU-EU does not serve AU"},
		{sentenceOf(rsNoPostal, str("S"), str("CA")), fmt.Sprintf("%s does not serve %s without a postal code", "S", "CA")},
		{sentenceOf(rsPostalNotServed, str("S"), str("FR"), str("20000")), fmt.Sprintf("%s does not serve %s %s", "S", "FR", "20000")},
		{sentenceOf(rsOverWeight, str("CN-POST-ECO"), num(2190), num(2000)), "CN-POST-ECO: 2190 g is over its limit of 2000 g"},
		{sentenceOf(rsOverSide, str("S"), num(610), num(600)), fmt.Sprintf("%s: the longest side, %d mm, is over its limit of %d mm", "S", 610, 600)},
		{sentenceOf(rsCategory, str("S"), str("battery")), fmt.Sprintf("%s does not carry %s", "S", "battery")},
		{sentenceOf(rsNoRate, str("S"), num(31000), str("Z1")), fmt.Sprintf("%s has no rate for %d g in zone %s", "S", 31000, "Z1")},
		{sentenceOf(rsZone, str("FDX-IP"), str("EU")), "FDX-IP zone EU"},
		{sentenceOf(rsViaZone, str("WH-PL-WAW"), str("DPD-PL"), str("PL")), "WH-PL-WAW via DPD-PL zone PL"},
		{sentenceOf(rsNote, str("chilled only {below 5 °C}")), "chilled only {below 5 °C}"},
		{said(rsOverflow), "the order's quantities or amounts are too large to price"},
		{said(rsNoSKU), "a line has no SKU: needs product data"},
		{errSentence(errNegative), "negative price in the rate book"},
	}
	for _, tt := range tests {
		if got := tt.got.String(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.got.Key, got, tt.want)
		}
		if got := string(tt.got.Append(nil, nil, nil)); got != tt.want {
			t.Errorf("%s: Append: got %q, want %q", tt.got.Key, got, tt.want)
		}
		checkShape(t, tt.got)
	}
}

// checkShape fails t unless s is Verbatim or a sentence of the catalog with one
// typed value, named after it, for each of its placeholders, in their order; and so
// are the sentences nested in it.
func checkShape(t interface {
	Helper()
	Errorf(format string, args ...any)
}, s *Sentence) {
	t.Helper()
	if s.Key == "" && s.Args == nil {
		return // Verbatim: a legacy reason, or an error of no phrase
	}
	p, ok := PhraseOf(s.Key)
	if !ok || p != s.Phrase {
		t.Errorf("%q: got phrase %+v, want one of the catalog", s.String(), s.Phrase)
		return
	}
	names := p.Placeholders()
	if len(s.Args) != len(names) {
		t.Errorf("%s: got %d values, want %d", s.Key, len(s.Args), len(names))
		return
	}
	for i, a := range s.Args {
		if a.Name != names[i] || a.Kind == 0 {
			t.Errorf("%s: value %d: got %q of kind %d, want %q of a kind", s.Key, i, a.Name, a.Kind, names[i])
		}
		if want, ok := argKinds[a.Name]; ok && a.Kind != want {
			t.Errorf("%s: {%s}: got kind %d, want %d", s.Key, a.Name, a.Kind, want)
		}
		if a.Inner != nil {
			checkShape(t, a.Inner)
		}
	}
}

// argKinds is the kind of the value of each placeholder of the catalog but {why},
// which is words a user wrote or a sentence.
var argKinds = map[string]ArgKind{
	"id": ArgText, "sku": ArgText, "category": ArgText, "country": ArgText, "svc": ArgText, "cur": ArgText,
	"postal": ArgText, "zone": ArgText, "note": ArgText,
	"mode": ArgMode, "reason": ArgReason,
	"g": ArgInt, "max": ArgInt, "mm": ArgInt, "have": ArgInt, "need": ArgInt, "parcels": ArgInt, "days": ArgInt, "promise": ArgInt,
	"kg": ArgDec, "tier": ArgDec, "date": ArgDate,
	"money": ArgMoney, "more": ArgMoney, "save": ArgMoney,
}

func TestArgKindsCoverTheCatalog(t *testing.T) {
	for _, p := range phrases {
		for _, n := range p.Placeholders() {
			if _, ok := argKinds[n]; !ok && n != "why" {
				t.Errorf("%s: placeholder {%s} has no kind in argKinds", p.Key, n)
			}
		}
	}
}

func TestAppendDec(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := Dec(rapid.Int64().Draw(t, "d"))
		if d == -1<<63 {
			return
		}
		if got, want := string(appendDec(nil, d)), d.String(); got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
}

// genArgs draws values for the placeholders of phrase p, of their kinds.
func genArgs(t *rapid.T, p, depth int, label string) []Arg {
	var args []Arg
	for _, name := range catalog[p].names {
		l := label + "." + name
		var a Arg
		switch argKinds[name] {
		case ArgInt:
			a = num(rapid.Int64Range(-5, 1e7).Draw(t, l))
		case ArgDec:
			a = decVal(Dec(rapid.Int64Range(0, 1e15).Draw(t, l)))
		case ArgDate:
			a = dateVal(rapid.SampledFrom([]Date{NoDate, DateOf(2000, 1, 1).AddDays(rapid.IntRange(0, 40000).Draw(t, l))}).Draw(t, l+".nodate"))
		case ArgMoney:
			cur := rapid.SampledFrom([]string{"USD", "JPY", "BHD", "EUR"}).Draw(t, l+".cur")
			a = moneyVal(rapid.Int64Range(-1e6, 1e9).Draw(t, l), cur, CurrencyDigits(cur))
		case ArgMode:
			a = modeVal(rapid.SampledFrom(Modes[:]).Draw(t, l))
		case ArgReason:
			q := rapid.IntRange(rsOverflow, rsNote).Draw(t, l)
			var in *Sentence
			if depth >= 2 || len(catalog[q].names) == 0 {
				in = said(rapid.SampledFrom([]int{rsAmountTooLarge, rsNegativePrice, rsNegativeCost, rsNoSKU, rsOverflow}).Draw(t, l))
			} else {
				in = sentenceOf(q, genArgs(t, q, depth+1, l)...)
			}
			a = reasonVal(in)
		default:
			if name == "why" {
				a = whyVal(rapid.SampledFrom([]string{"", "customer asked {twice}: express"}).Draw(t, l))
			} else {
				a = str(rapid.StringMatching(`[A-Za-z0-9{}][A-Za-z0-9_ -]{0,9}`).Draw(t, l))
			}
		}
		args = append(args, a)
	}
	return args
}

// TestSentenceSaysWhatTheEnglishWriterWrites: a sentence of any phrase with any
// values says in English what the engine's writer of English (appendPhrase, the
// text of Decision.Reason) writes for the same values.
func TestSentenceSaysWhatTheEnglishWriterWrites(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.IntRange(0, numPhrases-1).Draw(t, "phrase")
		args := genArgs(t, p, 0, "phrase")
		s := sentenceOf(p, args...)
		want := string(appendPhrase(nil, p, args...))
		if got := s.String(); got != want {
			t.Fatalf("%s: got %q, want %q", s.Key, got, want)
		}
		checkShape(t, s)
	})
}

// genOptions draws options that tie and break promises often.
func genOptions(t *rapid.T) []Option {
	ids := []string{"A", "B", "WH-1", "L-1"}
	reasons := []*Sentence{sentenceOf(rsNotServed, str("A"), str("FR")), sentenceOf(rsStock, str("WH-1"), num(0), str("MUG"), num(1)),
		sentenceOf(rsNote, str("fresh food is delivered chilled")), Verbatim("kept in English: no {phrase}"), nil}
	opts := make([]Option, rapid.IntRange(0, 6).Draw(t, "n"))
	for i := range opts {
		o := &opts[i]
		o.Mode = rapid.SampledFrom(Modes[:]).Draw(t, "mode")
		o.ID = rapid.SampledFrom(ids).Draw(t, "id")
		o.Feasible = rapid.Bool().Draw(t, "feasible")
		if o.Feasible {
			o.Total = rapid.Int64Range(0, 40).Draw(t, "total") * 25
			o.TransitDays = rapid.IntRange(1, 15).Draw(t, "days")
			o.Reason = rapid.SampledFrom([]*Sentence{nil, sentenceOf(rsZone, str(o.ID), str("Z"))}).Draw(t, "note")
		} else {
			o.Reason = rapid.SampledFrom(reasons).Draw(t, "reason")
		}
	}
	return opts
}

// TestExplanationKeepsItsEnglish: the explanation written through the catalog is the
// old one word for word, and so is the English of its Sentences.
func TestExplanationKeepsItsEnglish(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		opts := genOptions(t)
		promise := rapid.SampledFrom([]int{0, 3, 7, 10}).Draw(t, "promise")
		cur := rapid.SampledFrom([]string{"USD", "JPY", "BHD"}).Draw(t, "cur")
		var ov *Override
		if rapid.Bool().Draw(t, "override") {
			ov = &Override{
				Mode:   rapid.SampledFrom(Modes[:]).Draw(t, "ovMode"),
				Option: rapid.SampledFrom([]string{"", "A", "WH-1", "Z"}).Draw(t, "ovOption"),
				Reason: rapid.SampledFrom([]string{"", "customer asked (twice): express", "no reason given"}).Draw(t, "ovReason"),
			}
		}
		want := legacyExplain(opts, promise, ov.allowFunc(), cur, CurrencyDigits(cur))
		if ov != nil {
			why := ov.Reason
			if why == "" {
				why = "no reason given"
			}
			want = fmt.Sprintf("kept on %s by override (%s): %s", ov.Mode, why, want)
		}
		e := &Engine{settings: Settings{BaseCurrency: cur}, base: &ccy{code: cur, digits: CurrencyDigits(cur), base: true}}
		if got := e.explain(opts, promise, ov); got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
		x := Explain(opts, promise, ov)
		if got := string(x.AppendText(nil, opts, cur)); got != want {
			t.Fatalf("AppendText: got %q, want %q", got, want)
		}
		var b []byte
		for _, s := range x.Sentences(opts, cur) {
			b = s.Append(b, nil, nil)
		}
		if string(b) != want {
			t.Fatalf("Sentences: got %q, want %q", b, want)
		}
		for _, x := range x.Sentences(opts, cur) {
			checkShape(t, &x)
		}
	})
}

// TestExplainAllocatesOnlyItsText: the explanation is written for every order of a
// plan; it allocates its string and nothing else.
func TestExplainAllocatesOnlyItsText(t *testing.T) {
	opts := []Option{
		{Mode: ModeWarehouse, ID: "WH-1", Reason: sentenceOf(rsStock, str("WH-1"), num(0), str("MUG"), num(1))},
		{Mode: ModeConsolidation, ID: "L-1", Feasible: true, Total: 700, TransitDays: 8},
		{Mode: ModeDirect, ID: "A", Feasible: true, Total: 500, TransitDays: 9},
		{Mode: ModeDirect, ID: "B", Feasible: true, Total: 300, TransitDays: 20},
	}
	e := &Engine{settings: Settings{BaseCurrency: "USD"}, base: &ccy{code: "USD", digits: 2, base: true}}
	var got string
	if n := testing.AllocsPerRun(100, func() { got = e.explain(opts, 10, nil) }); n > 1 {
		t.Errorf("got %v allocations, want 1", n)
	}
	if want := "cheapest option within the promise: direct A at 5.00 USD in 9 days (promise 10); the runner-up consolidation L-1 costs 2.00 USD more; direct B would save 2.00 USD but takes 20 days"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// a reason the engine makes for one order costs one allocation, nested or not
	var s *Sentence
	if n := testing.AllocsPerRun(100, func() { s = sentenceOf(rsStock, str("WH-1"), num(0), str("MUG"), num(1)) }); n > 1 {
		t.Errorf("sentenceOf: got %v allocations, want 1", n)
	}
	if n := testing.AllocsPerRun(100, func() { s = nestedOf(rsVia, opts[0].Reason, str("WH-2")) }); n > 1 {
		t.Errorf("nestedOf: got %v allocations, want 1", n)
	}
	if got, want := s.String(), "WH-2 via WH-1 has 0 of MUG, needs 1"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if n := testing.AllocsPerRun(100, func() { s = fxMissing("PLN", NoDate) }); n > 1 {
		t.Errorf("fxMissing: got %v allocations, want 1", n)
	}
}

// legacyDays is " day" for 1, else " days": the explanation says "in 1 day".
func legacyDays(n int) string {
	if n == 1 {
		return " day"
	}
	return " days"
}

// legacyExplain is explain as it was before the phrase catalog, kept to prove that
// the text has not changed (but for "1 day", singular since).
func legacyExplain(opts []Option, promise int, allowed func(*Option) bool, cur string, digits int) string {
	best, runner := -1, -1
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || !keeps(o, promise) || allowed != nil && !allowed(o) {
			continue
		}
		switch {
		case best < 0 || cheaper(o, &opts[best]):
			best, runner = i, best
		case runner < 0 || cheaper(o, &opts[runner]):
			runner = i
		}
	}
	b := legacySentence{buf: make([]byte, 0, 160), cur: cur, digits: digits}
	if best >= 0 {
		o := &opts[best]
		b.add("cheapest option within the promise: ").option(o).add(" at ").money(o.Total)
		if promise > 0 {
			b.add(" in ").int(o.TransitDays).add(legacyDays(o.TransitDays) + " (promise ").int(promise).add(")")
		}
		if runner >= 0 {
			r := &opts[runner]
			b.add("; the runner-up ").option(r)
			if r.Total == o.Total {
				b.add(" costs the same but loses the tie")
			} else {
				b.add(" costs ").money(r.Total - o.Total).add(" more")
			}
		}
		// a cheaper option that breaks the promise
		for i := range opts {
			x := &opts[i]
			if x.Feasible && !keeps(x, promise) && x.Total < o.Total && (allowed == nil || allowed(x)) {
				b.add("; ").option(x).add(" would save ").money(o.Total - x.Total).add(" but takes ").int(x.TransitDays).add(legacyDays(x.TransitDays))
				break
			}
		}
		return string(b.buf)
	}
	fast := -1
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || allowed != nil && !allowed(o) {
			continue
		}
		if fast < 0 || faster(o, &opts[fast]) {
			fast = i
		}
	}
	if fast >= 0 {
		f := &opts[fast]
		b.add("no option keeps the ").int(promise).add("-day promise; fastest is ").option(f).
			add(" in ").int(f.TransitDays).add(legacyDays(f.TransitDays) + " at ").money(f.Total)
		return string(b.buf)
	}
	b.add("unassignable: ")
	n := 0
	for i := range opts {
		if allowed != nil && !allowed(&opts[i]) {
			continue
		}
		if n > 0 {
			b.add("; ")
		}
		n++
		b.option(&opts[i]).add(": ").add(opts[i].Reason.String())
	}
	if n == 0 {
		if allowed != nil {
			b.add("no option of the overridden mode reaches this destination")
		} else {
			b.add("no service, warehouse or lane reaches this destination")
		}
	}
	return string(b.buf)
}

// legacySentence is the old byte builder of legacyExplain.
type legacySentence struct {
	buf    []byte
	cur    string
	digits int
}

func (s *legacySentence) add(t string) *legacySentence { s.buf = append(s.buf, t...); return s }

func (s *legacySentence) int(v int) *legacySentence {
	s.buf = strconv.AppendInt(s.buf, int64(v), 10)
	return s
}

func (s *legacySentence) option(o *Option) *legacySentence {
	return s.add(o.Mode.String()).add(" ").add(o.ID)
}

func (s *legacySentence) money(v int64) *legacySentence {
	s.buf = appendMinor(s.buf, v, s.digits)
	return s.add(" ").add(s.cur)
}

// TestRefusedOverride: an override is refused when no option it allows is feasible
// (a plan would leave the order unassignable), with the reasons of the options it
// allows; it is kept when one is feasible, even one that misses the promise.
func TestRefusedOverride(t *testing.T) {
	opts := []Option{
		{Mode: ModeWarehouse, ID: "WH-1", Reason: sentenceOf(rsStock, str("WH-1"), num(0), str("MUG"), num(1))},
		{Mode: ModeConsolidation, ID: "LANE-1", Feasible: true, TransitDays: 12, Total: 500},
		{Mode: ModeDirect, ID: "POST", Feasible: true, TransitDays: 9, Total: 900},
		{Mode: ModeDirect, ID: "EXP", Reason: sentenceOf(rsNotServed, str("EXP"), str("US"))},
	}
	text := func(s []Sentence) string {
		var b strings.Builder
		for i := range s {
			b.WriteString(s[i].String())
		}
		return b.String()
	}
	tests := []struct {
		mode   Mode
		option string
		want   string // "": kept
	}{
		{ModeWarehouse, "", "warehouse WH-1: WH-1 has 0 of MUG, needs 1"},
		{ModeWarehouse, "WH-1", "warehouse WH-1: WH-1 has 0 of MUG, needs 1"},
		{ModeLocal, "", "no option of the overridden mode reaches this destination"},
		{ModeDirect, "EXP", "direct EXP: EXP does not serve US"},
		{ModeDirect, "NOPE", "no option of the overridden mode reaches this destination"},
		{ModeDirect, "", ""},
		{ModeConsolidation, "", ""}, // 12 days against a 10-day promise: kept, an SLA risk
	}
	for _, tt := range tests {
		got := RefusedOverride(opts, 10, &Override{Mode: tt.mode, Option: tt.option, Reason: "asked"}, "USD")
		if text(got) != tt.want || (tt.want == "") != (got == nil) {
			t.Errorf("%v %q: got %q, want %q", tt.mode, tt.option, text(got), tt.want)
		}
	}
}
