package logistics

import (
	"errors"
	"strconv"
	"strings"
)

// ArgKind is the type of a placeholder's value, which says how to write it in a
// language.
type ArgKind uint8

const (
	ArgText   ArgKind = iota + 1 // an id, code or rate-book text (Text): the same in every language
	ArgMode                      // a Mode (Num)
	ArgReason                    // a nested sentence (Inner), or words a user wrote (Text) when Inner is nil
	ArgInt                       // a whole number (Num): grams, millimetres, days, a count
	ArgDec                       // a decimal (Num, a Dec): kilograms
	ArgDate                      // a Date (Num); NoDate is written as nothing
	ArgMoney                     // an amount (Num, minor units) of the currency Text
)

// Arg is the value of one placeholder of a Sentence.
type Arg struct {
	Name string // the placeholder ("id")
	Kind ArgKind
	// digits is 1 + the minor-unit digits of an ArgMoney's currency when the engine
	// wrote it (0: look them up), so that writing an explanation does not.
	digits uint8
	// Text is the value of an ArgText, the currency of an ArgMoney, and the words a
	// user wrote of an ArgReason without Inner (Say also gives Inner's English).
	Text  string
	Num   int64     // the value of an ArgInt, ArgDec, ArgDate, ArgMode or ArgMoney
	Inner *Sentence // ArgReason: the nested sentence; nil for words a user wrote
}

// AppendValue appends the value of a, which is not a nested sentence, as the
// English writes it.
func (a *Arg) AppendValue(b []byte) []byte {
	switch a.Kind {
	case ArgInt:
		return strconv.AppendInt(b, a.Num, 10)
	case ArgDec:
		return appendDec(b, Dec(a.Num))
	case ArgDate:
		if Date(a.Num) == NoDate {
			return b
		}
		return Date(a.Num).AppendText(b)
	case ArgMode:
		return append(b, Mode(a.Num).String()...)
	case ArgMoney:
		digits := int(a.digits) - 1
		if a.digits == 0 {
			digits = CurrencyDigits(a.Text)
		}
		return append(append(appendMinor(b, a.Num, digits), ' '), a.Text...)
	}
	return append(b, a.Text...)
}

// Value is the value of a, which is not a nested sentence, as the English writes
// it.
func (a *Arg) Value() string {
	if a.Kind == ArgText || a.Kind == ArgReason || a.Kind == 0 {
		return a.Text
	}
	var buf [32]byte
	return string(a.AppendValue(buf[:0]))
}

// Sentence is a phrase with the values of its placeholders: an option's reason,
// one part of an explanation, a problem of validation, or a reason of another
// package's catalog (ingest). It carries its phrase, so its English needs no
// catalog; a user interface says it in another language by its key. The zero
// Sentence, and a nil *Sentence, is no sentence: its English is "". A sentence the
// engine made is shared (by options, by decisions): it and its Args are never
// changed once made.
type Sentence struct {
	Phrase // the key, and the English with its {placeholders}
	Args   []Arg
}

// Verbatim is text said as it is in every language: a sentence of no phrase (its
// Key is ""). A reason kept in English before reasons were sentences reads back as
// one.
func Verbatim(text string) *Sentence { return &Sentence{Phrase: Phrase{Text: text}} }

// IsZero reports whether s is no sentence.
func (s *Sentence) IsZero() bool { return s == nil || s.Text == "" }

// The values the engine writes into placeholders, without fmt.
func str(s string) Arg          { return Arg{Kind: ArgText, Text: s} }
func num(n int64) Arg           { return Arg{Kind: ArgInt, Num: n} }
func dateVal(d Date) Arg        { return Arg{Kind: ArgDate, Num: int64(d)} }
func decVal(d Dec) Arg          { return Arg{Kind: ArgDec, Num: int64(d)} }
func modeVal(m Mode) Arg        { return Arg{Kind: ArgMode, Num: int64(m)} }
func reasonVal(s *Sentence) Arg { return Arg{Kind: ArgReason, Inner: s} }

func moneyVal(v int64, cur string, digits int) Arg {
	return Arg{Kind: ArgMoney, Num: v, Text: cur, digits: uint8(digits + 1)}
}

// noReason is the sentence of an override without a reason.
var noReason = Sentence{Phrase: phrases[exNoReason]}

// whyVal is the reason of an override: the words its user wrote, or noReason.
func whyVal(s string) Arg {
	if s == "" {
		return reasonVal(&noReason)
	}
	return Arg{Kind: ArgReason, Text: s}
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
func appendPhrase(b []byte, p int, args ...Arg) []byte {
	c := &catalog[p]
	for i := range c.names {
		b = append(b, c.lits[i]...)
		if i < len(args) {
			if in := args[i].Inner; in != nil {
				b = in.Append(b, nil, nil)
			} else {
				b = args[i].AppendValue(b)
			}
		}
	}
	return append(b, c.lits[len(c.names)]...)
}

// saidPhrases are the phrases as sentences, for said.
var saidPhrases = func() (s [numPhrases]Sentence) {
	for p := range s {
		s[p].Phrase = phrases[p]
	}
	return s
}()

// said is phrase p, which has no placeholders, as a Sentence (shared).
func said(p int) *Sentence { return &saidPhrases[p] }

// sentenceOf is phrase p with args, the values of its placeholders in order, as a
// Sentence: one allocation holds it and its Args.
func sentenceOf(p int, args ...Arg) *Sentence {
	c := &catalog[p]
	s := newSentence(len(c.names))
	s.Phrase = phrases[p]
	name(s.Args, c.names, args)
	return s
}

// newSentence allocates a Sentence with n Args, in one piece up to five.
func newSentence(n int) *Sentence {
	switch n {
	case 0:
		return new(Sentence)
	case 1:
		b := new(struct {
			s Sentence
			a [1]Arg
		})
		b.s.Args = b.a[:]
		return &b.s
	case 2:
		b := new(struct {
			s Sentence
			a [2]Arg
		})
		b.s.Args = b.a[:]
		return &b.s
	case 3:
		b := new(struct {
			s Sentence
			a [3]Arg
		})
		b.s.Args = b.a[:]
		return &b.s
	case 4:
		b := new(struct {
			s Sentence
			a [4]Arg
		})
		b.s.Args = b.a[:]
		return &b.s
	case 5:
		b := new(struct {
			s Sentence
			a [5]Arg
		})
		b.s.Args = b.a[:]
		return &b.s
	}
	return &Sentence{Args: make([]Arg, n)}
}

// nestedOf is phrase p, whose last placeholder is {reason} and which has at most
// two, with args the values of the others and inner the nested sentence.
func nestedOf(p int, inner *Sentence, args ...Arg) *Sentence {
	var vals [2]Arg
	n := copy(vals[:1], args)
	vals[n] = reasonVal(inner)
	return sentenceOf(p, vals[:n+1]...)
}

// name sets dst, zero, to vals, named after names. It stores only the fields that
// are set, rather than copying whole Args: a plan names millions of values, and
// copying a struct of pointers into the heap costs a write barrier per pointer.
func name(dst []Arg, names []string, vals []Arg) {
	for i, n := range names {
		d := &dst[i]
		d.Name = n
		if i >= len(vals) {
			continue
		}
		v := &vals[i]
		d.Kind, d.digits, d.Num = v.Kind, v.digits, v.Num
		if v.Text != "" {
			d.Text = v.Text
		}
		if v.Inner != nil {
			d.Inner = v.Inner
		}
	}
}

// errSentence is the sentence of an error of the engine's arithmetic.
func errSentence(err error) *Sentence {
	switch {
	case errors.Is(err, ErrOverflow):
		return said(rsAmountTooLarge)
	case errors.Is(err, errNegative):
		return said(rsNegativePrice)
	}
	return Verbatim(err.Error())
}

// failed is the reason of an option whose pricing by id ran into err.
func failed(id string, err error) *Sentence {
	return nestedOf(rsFailed, errSentence(err), str(id))
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
// as the English writes it, AppendValue). A placeholder without an argument is
// written as is.
func (s *Sentence) Append(b []byte, text func(key string) string, value func(Arg) string) []byte {
	if s == nil {
		return b
	}
	t := ""
	if text != nil && s.Key != "" {
		t = text(s.Key)
	}
	if t == "" {
		t = s.Text
	}
	for k := 0; ; k++ {
		before, name, after, ok := cutPlaceholder(t)
		b = append(b, before...)
		if !ok {
			return b
		}
		var a *Arg
		if k < len(s.Args) && s.Args[k].Name == name {
			a = &s.Args[k] // the usual order: the placeholders'
		} else {
			a = s.arg(name)
		}
		switch {
		case a == nil:
			b = append(append(append(b, '{'), name...), '}')
		case a.Inner != nil:
			b = a.Inner.Append(b, text, value)
		case value != nil:
			b = append(b, value(*a)...)
		default:
			b = a.AppendValue(b)
		}
		t = after
	}
}

// String is s in English: the text its writer wrote.
func (s *Sentence) String() string {
	if s.IsZero() {
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
