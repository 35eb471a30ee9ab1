package logistics

import (
	"slices"
	"strconv"
	"strings"
)

// Phrase is one shape of the sentences the engine writes into Option.Reason and
// Decision.Reason: a stable key and its English text, with {name} placeholders. The
// engine writes every reason and explanation through its phrase, and ParseReason
// and ParseExplanation read them back, so that a user interface can say the same
// thing in another language while the store keeps the English.
type Phrase struct {
	Key  string // "reason.overWeight"
	Text string // "{id}: {g} g is over its limit of {max} g"
}

// ArgKind says how to render the value of a placeholder in another language.
type ArgKind uint8

const (
	ArgText   ArgKind = iota + 1 // an id, code, number, amount, date or rate-book text: the same in every language
	ArgMode                      // the name of a Mode ("direct")
	ArgReason                    // a nested sentence (Arg.Inner), or text a user wrote when Inner is nil
)

// Arg is the value of one placeholder of a Sentence.
type Arg struct {
	Name  string // the placeholder ("id")
	Kind  ArgKind
	Text  string    // the value as the English writes it
	Inner *Sentence // ArgReason: the nested sentence; nil for text a user wrote
}

// Sentence is a phrase with the values of its placeholders: a reason, one part of
// an explanation, a problem of validation, or a reason of another package's
// catalog (ingest). It carries its phrase, so its English needs no catalog. The
// zero Sentence is no sentence: its English is "".
type Sentence struct {
	Phrase // the key, and the English with its {placeholders}
	Args   []Arg
}

// The phrases, by index into catalog. Parsing prefers, among the phrases that match
// a text, the reading that explains most of it by the phrases' own words, then the
// one with fewest sentences, then the first here.
const (
	rsOverflow = iota
	rsNoSKU
	rsUnknownSKU
	rsForbidden
	rsUnknownService
	rsNoTiers
	rsNoDepartures
	rsNoFX
	rsBatch
	rsStock
	rsNoPostal
	rsPostalNotServed
	rsNotServed
	rsOverWeight
	rsOverSide
	rsCategory
	rsNoRate
	rsViaZone
	rsZone
	rsVia
	rsDuties
	rsFailed
	rsAmountTooLarge
	rsNegativePrice
	rsNegativeCost
	rsNote // a compliance note of the rate book: its own words

	exOverride
	exNoReason
	exCheapest
	exInDays
	exRunnerUpTie
	exRunnerUp
	exSaver
	exFastest
	exUnassignable
	exItem
	exSep
	exNoOverrideOption
	exNoOption

	numPhrases
)

// phrases is the catalog: every shape of sentence the engine writes.
var phrases = [numPhrases]Phrase{
	rsOverflow:        {"reason.overflow", "the order's quantities or amounts are too large to price"},
	rsNoSKU:           {"reason.noSKU", "a line has no SKU: needs product data"},
	rsUnknownSKU:      {"reason.unknownSKU", "unknown SKU {sku}: needs product data"},
	rsForbidden:       {"reason.forbidden", "{category} may not ship by {mode} to {country}"},
	rsUnknownService:  {"reason.unknownService", "{id}: unknown delivery service {svc}"},
	rsNoTiers:         {"reason.noTiers", "{id} has no line-haul tiers"},
	rsNoDepartures:    {"reason.noDepartures", "{id} has no departure days"},
	rsNoFX:            {"reason.noFX", "no FX rate for {cur} on {date}"},
	rsBatch:           {"reason.batch", "{id} departs {date}, batch {kg} kg ({parcels} parcels), tier from {tier} kg"},
	rsStock:           {"reason.stock", "{id} has {have} of {sku}, needs {need}"},
	rsNoPostal:        {"reason.noPostal", "{id} does not serve {country} without a postal code"},
	rsPostalNotServed: {"reason.postalNotServed", "{id} does not serve {country} {postal}"},
	rsNotServed:       {"reason.notServed", "{id} does not serve {country}"},
	rsOverWeight:      {"reason.overWeight", "{id}: {g} g is over its limit of {max} g"},
	rsOverSide:        {"reason.overSide", "{id}: the longest side, {mm} mm, is over its limit of {max} mm"},
	rsCategory:        {"reason.category", "{id} does not carry {category}"},
	rsNoRate:          {"reason.noRate", "{id} has no rate for {g} g in zone {zone}"},
	rsViaZone:         {"reason.viaZone", "{id} via {svc} zone {zone}"},
	rsZone:            {"reason.zone", "{id} zone {zone}"},
	rsVia:             {"reason.via", "{id} via {reason}"},
	rsDuties:          {"reason.duties", "duties: {reason}"},
	rsFailed:          {"reason.failed", "{id}: {reason}"},
	rsAmountTooLarge:  {"reason.amountTooLarge", "amount too large"},
	rsNegativePrice:   {"reason.negativePrice", "negative price in the rate book"},
	rsNegativeCost:    {"reason.negativeCost", "negative unit cost"},
	rsNote:            {"reason.note", "{note}"},

	exOverride:         {"explain.override", "kept on {mode} by override ({why}): "},
	exNoReason:         {"explain.noReason", "no reason given"},
	exCheapest:         {"explain.cheapest", "cheapest option within the promise: {mode} {id} at {money}"},
	exInDays:           {"explain.inDays", " in {days} days (promise {promise})"},
	exRunnerUpTie:      {"explain.runnerUpTie", "; the runner-up {mode} {id} costs the same but loses the tie"},
	exRunnerUp:         {"explain.runnerUp", "; the runner-up {mode} {id} costs {more} more"},
	exSaver:            {"explain.saver", "; {mode} {id} would save {save} but takes {days} days"},
	exFastest:          {"explain.fastest", "no option keeps the {promise}-day promise; fastest is {mode} {id} in {days} days at {money}"},
	exUnassignable:     {"explain.unassignable", "unassignable: "},
	exItem:             {"explain.item", "{mode} {id}: {reason}"},
	exSep:              {"explain.separator", "; "},
	exNoOverrideOption: {"explain.noOverrideOption", "no option of the overridden mode reaches this destination"},
	exNoOption:         {"explain.noOption", "no service, warehouse or lane reaches this destination"},
}

// Phrases returns the catalog of every shape of sentence the engine writes.
func Phrases() []Phrase { return append([]Phrase(nil), phrases[:]...) }

// argKind is how a placeholder's value is written and read back.
type argKind uint8

const (
	kText   argKind = iota // anything
	kInt                   // -?[0-9]+
	kDec                   // -?[0-9]+(\.[0-9]+)?
	kDate                  // YYYY-MM-DD
	kMoney                 // a decimal, a space, a currency code
	kMode                  // a mode name
	kReason                // a nested sentence
	kWhy                   // a user's text, or the no-reason phrase
)

// kindOf is the kind of a placeholder, by its name.
func kindOf(name string) argKind {
	switch name {
	case "mode":
		return kMode
	case "reason":
		return kReason
	case "why":
		return kWhy
	case "g", "max", "mm", "have", "need", "parcels", "days", "promise":
		return kInt
	case "kg", "tier":
		return kDec
	case "money", "more", "save":
		return kMoney
	case "date":
		return kDate
	}
	return kText
}

func (k argKind) public() ArgKind {
	switch k {
	case kMode:
		return ArgMode
	case kReason, kWhy:
		return ArgReason
	}
	return ArgText
}

// template is a phrase's text split at its placeholders: lits[0] names[0] lits[1] …
// names[n-1] lits[n].
type template struct {
	lits  []string
	names []string
}

func splitTemplate(s string) template {
	var t template
	for {
		before, name, after, ok := cutPlaceholder(s)
		t.lits = append(t.lits, before)
		if !ok {
			return t
		}
		t.names = append(t.names, name)
		s = after
	}
}

// cutPlaceholder splits t at its first {name}: the text before, the name, the text
// after; ok is false, and before all of t, when t has none.
func cutPlaceholder(t string) (before, name, after string, ok bool) {
	i := strings.IndexByte(t, '{')
	if i < 0 {
		return t, "", "", false
	}
	j := strings.IndexByte(t[i:], '}')
	if j < 0 {
		return t, "", "", false
	}
	return t[:i], t[i+1 : i+j], t[i+j+1:], true
}

// Placeholders returns the placeholders of p's text, each once, in the order they
// first appear: the names of the Args of a Sentence of p.
func (p *Phrase) Placeholders() []string {
	var names []string
	for t := p.Text; ; {
		_, name, after, ok := cutPlaceholder(t)
		if !ok {
			return names
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
		t = after
	}
}

// compiled is the catalog split into templates, with the kinds of the placeholders.
type compiled struct {
	template
	kinds []argKind
}

var catalog = compile()

func compile() (c [numPhrases]compiled) {
	for i, p := range phrases {
		c[i].template = splitTemplate(p.Text)
		for _, n := range c[i].names {
			c[i].kinds = append(c[i].kinds, kindOf(n))
		}
	}
	return c
}

// val is a value the engine writes into a placeholder, without fmt.
type val struct {
	kind   argKind
	s      string // kText, kReason (an engine reason), kMoney (the currency), kWhy (a user's text)
	n      int64  // kInt, kDate, kMoney (minor units), kMode, kDec (a Dec); kWhy: the phrase when s is ""
	digits int    // kMoney
}

func str(s string) val                        { return val{kind: kText, s: s} }
func num(n int64) val                         { return val{kind: kInt, n: n} }
func dateVal(d Date) val                      { return val{kind: kDate, n: int64(d)} }
func decVal(d Dec) val                        { return val{kind: kDec, n: int64(d)} }
func modeVal(m Mode) val                      { return val{kind: kMode, n: int64(m)} }
func reasonVal(s string) val                  { return val{kind: kReason, s: s} }
func moneyVal(v int64, cur string, d int) val { return val{kind: kMoney, n: v, s: cur, digits: d} }
func whyVal(s string) val                     { return val{kind: kWhy, s: s} }

func (v *val) append(b []byte) []byte {
	switch v.kind {
	case kInt:
		return strconv.AppendInt(b, v.n, 10)
	case kDate:
		if Date(v.n) == NoDate {
			return b
		}
		return Date(v.n).AppendText(b)
	case kDec:
		return appendDec(b, Dec(v.n))
	case kMode:
		return append(b, Mode(v.n).String()...)
	case kMoney:
		return append(append(appendMinor(b, v.n, v.digits), ' '), v.s...)
	case kWhy:
		if v.s == "" {
			return append(b, phrases[exNoReason].Text...)
		}
	}
	return append(b, v.s...)
}

// appendDec appends d as Dec.String writes it.
func appendDec(b []byte, d Dec) []byte {
	v := int64(d)
	if v < 0 {
		b, v = append(b, '-'), -v
	}
	b = strconv.AppendInt(b, v/DecScale, 10)
	frac := v % DecScale
	if frac == 0 {
		return b
	}
	var tmp [20]byte
	fs := strconv.AppendInt(tmp[:0], frac+DecScale, 10)[1:]
	for len(fs) > 0 && fs[len(fs)-1] == '0' {
		fs = fs[:len(fs)-1]
	}
	return append(append(b, '.'), fs...)
}

// appendPhrase appends the English of phrase p with args in the order of its
// placeholders.
func appendPhrase(b []byte, p int, args ...val) []byte {
	c := &catalog[p]
	for i := range c.names {
		b = append(b, c.lits[i]...)
		if i < len(args) {
			b = args[i].append(b)
		}
	}
	return append(b, c.lits[len(c.names)]...)
}

// phraseText is the English of phrase p with args, as a string.
func phraseText(p int, args ...val) string {
	var buf [128]byte
	return string(appendPhrase(buf[:0], p, args...))
}

// sentenceOf is phrase p with args as a Sentence.
func sentenceOf(p int, args ...val) Sentence {
	c := &catalog[p]
	s := Sentence{Phrase: phrases[p]}
	if len(c.names) > 0 {
		s.Args = make([]Arg, len(c.names))
	}
	for i, name := range c.names {
		a := Arg{Name: name, Kind: c.kinds[i].public()}
		if i < len(args) {
			v := &args[i]
			switch {
			case v.kind == kReason:
				in := ParseReason(v.s)
				a.Text, a.Inner = v.s, &in
			case v.kind == kWhy && v.s == "":
				a.Text, a.Inner = phrases[exNoReason].Text, &Sentence{Phrase: phrases[exNoReason]}
			default:
				a.Text = string(v.append(nil))
			}
		}
		s.Args[i] = a
	}
	return s
}

// Say is p with vals, the values of its placeholders in the order they first
// appear in its text (a value is a Text, or an Inner sentence), as a Sentence: one
// Arg per distinct placeholder, named after it, of kind ArgText, or ArgReason with
// the English of Inner as its Text. A placeholder without a value has no text.
func (p *Phrase) Say(vals ...Arg) Sentence {
	s := Sentence{Phrase: *p}
	n := strings.Count(p.Text, "{")
	if n == 0 {
		return s
	}
	s.Args = make([]Arg, 0, n)
	for t := p.Text; ; {
		_, name, after, ok := cutPlaceholder(t)
		if !ok {
			break
		}
		t = after
		if s.arg(name) != nil {
			continue
		}
		a := Arg{Name: name, Kind: ArgText}
		if i := len(s.Args); i < len(vals) {
			a.Text = vals[i].Text
			if in := vals[i].Inner; in != nil {
				a.Kind, a.Text, a.Inner = ArgReason, in.String(), in
			}
		}
		s.Args = append(s.Args, a)
	}
	if len(s.Args) == 0 {
		s.Args = nil
	}
	return s
}

// Append appends s in a language: text gives the text of a phrase key in it, with
// the same placeholders as the English ("" or a key it does not know: the English
// s carries), and value the text of an argument that is not a nested sentence (nil:
// as the English writes it). A placeholder without an argument is written as is.
func (s *Sentence) Append(b []byte, text func(key string) string, value func(Arg) string) []byte {
	t := ""
	if text != nil {
		t = text(s.Key)
	}
	if t == "" {
		t = s.Text
	}
	for {
		before, name, after, ok := cutPlaceholder(t)
		b = append(b, before...)
		if !ok {
			return b
		}
		switch a := s.arg(name); {
		case a == nil:
			b = append(append(append(b, '{'), name...), '}')
		case a.Inner != nil:
			b = a.Inner.Append(b, text, value)
		case value != nil:
			b = append(b, value(*a)...)
		default:
			b = append(b, a.Text...)
		}
		t = after
	}
}

// String is s in English: the text its writer wrote.
func (s *Sentence) String() string {
	if s.Text == "" {
		return ""
	}
	var buf [128]byte
	return string(s.Append(buf[:0], nil, nil))
}

func (s *Sentence) arg(name string) *Arg {
	for i := range s.Args {
		if s.Args[i].Name == name {
			return &s.Args[i]
		}
	}
	return nil
}

// ParseReason reads back a reason the engine wrote into Option.Reason. A text no
// phrase matches is a compliance note of the rate book, in the rate book's words.
func ParseReason(s string) Sentence {
	if r, ok := parse(s, rsOverflow, rsNote, 0); ok {
		return r.s
	}
	return Sentence{Phrase: phrases[rsNote], Args: []Arg{{Name: "note", Kind: ArgText, Text: s}}}
}

// reading is one way of reading a text as a sentence, with how much of the text the
// phrases' own words explain and how many sentences it takes.
type reading struct {
	s      Sentence
	words  int
	nested int
}

func (a *reading) better(b *reading) bool {
	if a.words != b.words {
		return a.words > b.words
	}
	return a.nested < b.nested
}

// maxDepth bounds the nesting of parsed reasons.
const maxDepth = 6

// parse reads s as the best of phrases [from, to).
func parse(s string, from, to, depth int) (reading, bool) {
	var best reading
	found := false
	for p := from; p < to; p++ {
		if r, ok := parseAs(s, p, depth); ok && (!found || r.better(&best)) {
			best, found = r, true
		}
	}
	return best, found
}

// parseAs reads s as phrase p, in its best reading.
func parseAs(s string, p, depth int) (reading, bool) {
	c := &catalog[p]
	if !strings.HasPrefix(s, c.lits[0]) {
		return reading{}, false
	}
	args := make([]Arg, len(c.names))
	var best reading
	found := false
	var walk func(j int, rest string, words, nested int)
	walk = func(j int, rest string, words, nested int) {
		if j == len(c.names) {
			if rest != "" {
				return
			}
			r := reading{Sentence{Phrase: phrases[p], Args: append([]Arg(nil), args...)}, words, nested}
			if !found || r.better(&best) {
				best, found = r, true
			}
			return
		}
		lit := c.lits[j+1]
		last := j == len(c.names)-1
		for end := 0; end <= len(rest); end++ {
			if last {
				end = len(rest) - len(lit)
				if end < 0 || rest[end:] != lit {
					return
				}
			} else {
				k := strings.Index(rest[end:], lit)
				if k < 0 {
					return
				}
				end += k
			}
			a, w, n, ok := readArg(rest[:end], c.names[j], c.kinds[j], depth)
			if ok {
				args[j] = a
				walk(j+1, rest[end+len(lit):], words+w, nested+n)
			}
			if last {
				return
			}
		}
	}
	if len(c.names) == 0 {
		if s != c.lits[0] {
			return reading{}, false
		}
		return reading{Sentence{Phrase: phrases[p]}, len(s), 1}, true
	}
	walk(0, s[len(c.lits[0]):], len(c.lits[0])+sumLen(c.lits[1:]), 1)
	return best, found
}

func sumLen(ss []string) int {
	n := 0
	for _, s := range ss {
		n += len(s)
	}
	return n
}

// readArg reads v as the value of a placeholder of kind k: how many words of nested
// phrases it holds and how many sentences.
func readArg(v, name string, k argKind, depth int) (Arg, int, int, bool) {
	a := Arg{Name: name, Kind: k.public(), Text: v}
	switch k {
	case kInt:
		return a, 0, 0, isInt(v)
	case kDec:
		return a, 0, 0, isDec(v)
	case kDate:
		_, err := ParseDate(v)
		return a, 0, 0, v == "" || len(v) == 10 && err == nil // "": NoDate
	case kMoney:
		amt, cur, ok := strings.Cut(v, " ")
		return a, 0, 0, ok && isDec(amt) && cur != "" && !strings.Contains(cur, " ")
	case kMode:
		_, err := ParseMode(v)
		return a, 0, 0, err == nil
	case kReason:
		if depth >= maxDepth {
			return a, 0, 0, false
		}
		r, ok := parse(v, rsOverflow, rsNote, depth+1)
		if !ok {
			return a, 0, 0, false
		}
		a.Inner = &r.s
		return a, r.words, r.nested, true
	case kWhy:
		if v == phrases[exNoReason].Text {
			a.Inner = &Sentence{Phrase: phrases[exNoReason]}
		}
	}
	return a, 0, 0, true
}

func isInt(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isDec(s string) bool {
	whole, frac, ok := strings.Cut(s, ".")
	return isInt(whole) && (!ok || frac != "" && frac[0] != '-' && isInt(frac))
}

// failed is the reason of an option whose pricing by id ran into err.
func failed(id string, err error) string {
	return phraseText(rsFailed, str(id), reasonVal(err.Error()))
}
