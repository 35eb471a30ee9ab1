package logistics

import (
	"strconv"
	"strings"
)

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

// failed is the reason of an option whose pricing by id ran into err.
func failed(id string, err error) string {
	return phraseText(rsFailed, str(id), reasonVal(err.Error()))
}
