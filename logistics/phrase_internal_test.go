package logistics

import (
	"fmt"
	"reflect"
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
	// the errors that reasons embed are phrases too
	for _, err := range []error{ErrOverflow, errNegative} {
		if s := ParseReason(err.Error()); s.Key == phrases[rsNote].Key {
			t.Errorf("error %q is no phrase of the catalog", err)
		}
	}
	if got := Phrases(); len(got) != int(numPhrases) || got[0] != phrases[0] {
		t.Errorf("got %d phrases, want %d", len(got), numPhrases)
	}
}

// TestReasonsKeepTheirEnglish compares each reason the engine writes with the text it
// wrote with fmt before the catalog: the store, the CLI and the reports hold those.
func TestReasonsKeepTheirEnglish(t *testing.T) {
	d := DateOf(2026, 5, 6)
	tests := []struct{ got, want string }{
		{phraseText(rsUnknownSKU, str("MUG-1")), "unknown SKU MUG-1: needs product data"},
		{phraseText(rsForbidden, str("fresh_food"), modeVal(ModeDirect), str("AU")), fmt.Sprintf("%s may not ship by %s to %s", "fresh_food", ModeDirect, "AU")},
		{phraseText(rsUnknownService, str("WH-1"), str("DPD")), fmt.Sprintf("%s: unknown delivery service %s", "WH-1", "DPD")},
		{phraseText(rsVia, str("WH-1"), reasonVal("DPD does not serve FR")), "WH-1 via DPD does not serve FR"},
		{failed("WH-1", errNegative), fmt.Sprintf("%s: %v", "WH-1", errNegative)},
		{failed("L-1", ErrOverflow), fmt.Sprintf("%s: %v", "L-1", ErrOverflow)},
		{phraseText(rsNoTiers, str("L-1")), "L-1 has no line-haul tiers"},
		{phraseText(rsNoDepartures, str("L-1")), "L-1 has no departure days"},
		{fxMissing("PLN", d), fmt.Sprintf("no FX rate for %s on %s", "PLN", d)},
		{fxMissing("PLN", NoDate), fmt.Sprintf("no FX rate for %s on %s", "PLN", NoDate)},
		{phraseText(rsBatch, str("LANE-SZX-CDG"), dateVal(d), decVal(Dec(28002*1e6)), num(3), decVal(DecInt(20))), "LANE-SZX-CDG departs 2026-05-06, batch 28.002 kg (3 parcels), tier from 20 kg"},
		{phraseText(rsBatch, str("L"), dateVal(d), decVal(Dec(1600*1e6)), num(1), decVal(Dec(500_000_000))), "L departs 2026-05-06, batch 1.6 kg (1 parcels), tier from 0.5 kg"},
		{phraseText(rsStock, str("WH-PL-WAW"), num(0), str("TEAPOT-CI"), num(1)), fmt.Sprintf("%s has %d of %s, needs %d", "WH-PL-WAW", 0, "TEAPOT-CI", 1)},
		{phraseText(rsDuties, reasonVal(errNegative.Error())), fmt.Sprintf("duties: %v", errNegative)},
		{phraseText(rsDuties, reasonVal(phrases[rsNegativeCost].Text)), "duties: negative unit cost"},
		{phraseText(rsDuties, reasonVal(ErrOverflow.Error())), "duties: amount too large"},
		{phraseText(rsNotServed, str("SUNYOU-EU"), str("AU")), "SUNYOU-EU does not serve AU"},
		{phraseText(rsNoPostal, str("S"), str("CA")), fmt.Sprintf("%s does not serve %s without a postal code", "S", "CA")},
		{phraseText(rsPostalNotServed, str("S"), str("FR"), str("20000")), fmt.Sprintf("%s does not serve %s %s", "S", "FR", "20000")},
		{phraseText(rsOverWeight, str("CN-POST-ECO"), num(2190), num(2000)), "CN-POST-ECO: 2190 g is over its limit of 2000 g"},
		{phraseText(rsOverSide, str("S"), num(610), num(600)), fmt.Sprintf("%s: the longest side, %d mm, is over its limit of %d mm", "S", 610, 600)},
		{phraseText(rsCategory, str("S"), str("battery")), fmt.Sprintf("%s does not carry %s", "S", "battery")},
		{phraseText(rsNoRate, str("S"), num(31000), str("Z1")), fmt.Sprintf("%s has no rate for %d g in zone %s", "S", 31000, "Z1")},
		{phraseText(rsZone, str("FDX-IP"), str("EU")), "FDX-IP zone EU"},
		{phraseText(rsViaZone, str("WH-PL-WAW"), str("DPD-PL"), str("PL")), "WH-PL-WAW via DPD-PL zone PL"},
		{phrases[rsOverflow].Text, "the order's quantities or amounts are too large to price"},
		{phrases[rsNoSKU].Text, "a line has no SKU: needs product data"},
		{errNegative.Error(), "negative price in the rate book"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
		if s := ParseReason(tt.want); s.String() != tt.want || s.Key == phrases[rsNote].Key {
			t.Errorf("ParseReason(%q): got %s %q, want a phrase that reads the same", tt.want, s.Key, s.String())
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

// genSentence draws a sentence of phrases [from, to) with clean values: ids and codes
// without the words of any phrase, so that reading its English back must give it again.
func genSentence(t *rapid.T, from, to, depth int, label string) Sentence {
	p := rapid.IntRange(from, to-1).Filter(func(p int) bool { return p != rsNote && p != exNoReason }).Draw(t, label)
	c := &catalog[p]
	s := Sentence{Phrase: phrases[p]}
	for i, name := range c.names {
		a := Arg{Name: name, Kind: c.kinds[i].public()}
		l := label + "." + name
		switch c.kinds[i] {
		case kInt:
			a.Text = fmt.Sprint(rapid.Int64Range(-5, 1e7).Draw(t, l))
		case kDec:
			a.Text = Dec(rapid.Int64Range(0, 1e15).Draw(t, l)).String()
		case kDate:
			a.Text = DateOf(2000, 1, 1).AddDays(rapid.IntRange(0, 40000).Draw(t, l)).String()
		case kMoney:
			a.Text = string(appendMinor(nil, rapid.Int64Range(-1e6, 1e9).Draw(t, l), rapid.IntRange(0, 3).Draw(t, l+".digits"))) +
				" " + rapid.SampledFrom([]string{"USD", "JPY", "BHD", "EUR"}).Draw(t, l+".cur")
		case kMode:
			a.Text = rapid.SampledFrom(Modes[:]).Draw(t, l).String()
		case kReason:
			if depth >= 2 {
				p := rapid.SampledFrom([]int{rsAmountTooLarge, rsNegativePrice, rsNegativeCost, rsNoSKU, rsOverflow}).Draw(t, l)
				a.Inner = &Sentence{Phrase: phrases[p]}
			} else {
				in := genSentence(t, rsOverflow, rsNote, depth+1, l)
				if p == rsVia && (in.Key == phrases[rsZone].Key) {
					// "W via S zone Z" reads as the feasible note of a warehouse
					in = Sentence{Phrase: phrases[rsAmountTooLarge]}
				}
				a.Inner = &in
			}
			a.Text = a.Inner.String()
		case kWhy:
			if rapid.Bool().Draw(t, l+".none") {
				a.Inner = &Sentence{Phrase: phrases[exNoReason]}
				a.Text = a.Inner.String()
			} else {
				a.Text = rapid.StringMatching(`[a-z]+( [a-z]+)*`).Draw(t, l)
			}
		default:
			a.Text = rapid.StringMatching(`[A-Za-z0-9][A-Za-z0-9_-]{0,9}`).Draw(t, l)
		}
		s.Args = append(s.Args, a)
	}
	return s
}

func TestParseReasonRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var want Sentence
		var got reading
		var ok bool
		if rapid.Bool().Draw(t, "explain") {
			want = genSentence(t, exOverride, numPhrases, 0, "phrase")
			got, ok = parse(want.String(), exOverride, numPhrases, 0)
		} else {
			want = genSentence(t, rsOverflow, rsNote, 0, "phrase")
			got.s, ok = ParseReason(want.String()), true
		}
		text := want.String()
		if !ok {
			t.Fatalf("%q: got no reading", text)
		}
		if got.s.String() != text {
			t.Fatalf("%q: got %q read back", text, got.s.String())
		}
		if !reflect.DeepEqual(got.s, want) {
			t.Fatalf("%q: got %s, want %s", text, dump(&got.s), dump(&want))
		}
	})
}

// TestParseReasonReadsAnyText: whatever a reason holds (a rate-book note, an id with
// the words of a phrase in it), reading it back gives the same English.
func TestParseReasonReadsAnyText(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		words := []string{" via ", ": ", " zone ", " does not serve ", " has ", " of ", ", needs ", "duties: ", "amount too large", "A", "1", " g", " "}
		var b strings.Builder
		for range rapid.IntRange(0, 8).Draw(t, "n") {
			b.WriteString(rapid.SampledFrom(words).Draw(t, "w"))
		}
		s := b.String()
		if got := ParseReason(s); got.String() != s {
			t.Fatalf("%q: got %q (%s)", s, got.String(), dump(&got))
		}
	})
}

func dump(s *Sentence) string {
	var b strings.Builder
	b.WriteString(s.Key + "(")
	for i, a := range s.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		if a.Inner != nil {
			b.WriteString(a.Name + "=" + dump(a.Inner))
		} else {
			fmt.Fprintf(&b, "%s=%q", a.Name, a.Text)
		}
	}
	return b.String() + ")"
}

// genOptions draws options that tie and break promises often.
func genOptions(t *rapid.T) []Option {
	ids := []string{"A", "B", "WH-1", "L-1"}
	reasons := []string{"A does not serve FR", "WH-1 has 0 of MUG, needs 1", "fresh food is delivered chilled", ""}
	opts := make([]Option, rapid.IntRange(0, 6).Draw(t, "n"))
	for i := range opts {
		o := &opts[i]
		o.Mode = rapid.SampledFrom(Modes[:]).Draw(t, "mode")
		o.ID = rapid.SampledFrom(ids).Draw(t, "id")
		o.Feasible = rapid.Bool().Draw(t, "feasible")
		if o.Feasible {
			o.Total = rapid.Int64Range(0, 40).Draw(t, "total") * 25
			o.TransitDays = rapid.IntRange(1, 15).Draw(t, "days")
			o.Reason = rapid.SampledFrom([]string{"", o.ID + " zone Z"}).Draw(t, "note")
		} else {
			o.Reason = rapid.SampledFrom(reasons).Draw(t, "reason")
		}
	}
	return opts
}

// TestExplanationKeepsItsEnglish: the explanation written through the catalog is the
// old one word for word, and ParseExplanation and Sentences read it back.
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
		for _, p := range []int{promise, promise + 1} {
			y, ok := ParseExplanation(want, opts, p, cur)
			if !ok {
				t.Fatalf("ParseExplanation(%q, promise %d): got no explanation", want, p)
			}
			if got := string(y.AppendText(nil, opts, cur)); got != want {
				t.Fatalf("ParseExplanation(%q, promise %d): got %q", want, p, got)
			}
			if (y.Override == nil) != (ov == nil) || ov != nil && (y.Override.Mode != ov.Mode || y.Override.Reason != ov.Reason && !(ov.Reason == "" && y.Override.Reason == "no reason given" || ov.Reason == "no reason given" && y.Override.Reason == "")) {
				t.Fatalf("ParseExplanation(%q): got override %+v, want %+v", want, y.Override, ov)
			}
		}
	})
}

func TestParseExplanationRejectsOtherText(t *testing.T) {
	opts := []Option{{Mode: ModeDirect, ID: "A", Feasible: true, Total: 500, TransitDays: 5}}
	for _, reason := range []string{"", "A is the cheapest", "cheapest option within the promise: direct A at 5.00 USD in 5 days (promise 9)x",
		"kept on direct by override (x) cheapest option within the promise: direct A at 5.00 USD"} {
		if x, ok := ParseExplanation(reason, opts, 9, "USD"); ok {
			t.Errorf("ParseExplanation(%q): got %+v, want none", reason, x)
		}
	}
}

// TestExplainAllocatesOnlyItsText: the explanation is written for every order of a
// plan; it allocates its string and nothing else.
func TestExplainAllocatesOnlyItsText(t *testing.T) {
	opts := []Option{
		{Mode: ModeWarehouse, ID: "WH-1", Reason: "WH-1 has 0 of MUG, needs 1"},
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
	if n := testing.AllocsPerRun(100, func() { got = phraseText(rsStock, str("WH-1"), num(0), str("MUG"), num(1)) }); n > 1 {
		t.Errorf("phraseText: got %v allocations, want 1", n)
	}
}

// legacyExplain is explain as it was before the phrase catalog, kept to prove that
// the text has not changed.
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
			b.add(" in ").int(o.TransitDays).add(" days (promise ").int(promise).add(")")
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
				b.add("; ").option(x).add(" would save ").money(o.Total - x.Total).add(" but takes ").int(x.TransitDays).add(" days")
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
			add(" in ").int(f.TransitDays).add(" days at ").money(f.Total)
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
		b.option(&opts[i]).add(": ").add(opts[i].Reason)
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
