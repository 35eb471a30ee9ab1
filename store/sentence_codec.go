package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"shipmode/logistics"
)

// An option's reason is kept as the text of its phrase key and typed values, in
// the texts table (a reason repeats across orders: a zone, a batch, a missing
// stock), so that it can be said in the reader's language:
//
//	sentence = key { " " value } | `"` len ":" text   (a phrase of the engine's catalog, or Verbatim)
//	value    = "t" len ":" text                      ArgText
//	         | "w" len ":" text                      ArgReason: words a user wrote
//	         | "r(" sentence ")"                     ArgReason: a nested sentence
//	         | "m" int | "i" int | "n" int | "d" int ArgMode, ArgInt, ArgDec (10⁻⁹), ArgDate
//	         | "$" len ":" currency int              ArgMoney (minor units)
//
// Values follow the phrase's placeholders in order; len is a byte count, int a
// decimal integer. "reason.overWeight t7:CN-POST i2190 i2000" is "CN-POST: 2190 g
// is over its limit of 2000 g". A key never holds a space, a quote or a
// parenthesis.

// appendSentence appends the text of s. A sentence of no phrase of the engine's
// catalog is kept as its English, Verbatim.
func appendSentence(b []byte, s *logistics.Sentence) []byte {
	if s.Key == "" && s.Args == nil {
		return appendLen(append(b, '"'), s.Text)
	}
	if p, ok := logistics.PhraseOf(s.Key); !ok || p != s.Phrase {
		return appendLen(append(b, '"'), s.String())
	}
	b = append(b, s.Key...)
	for i := range s.Args {
		a := &s.Args[i]
		b = append(b, ' ')
		switch a.Kind {
		case logistics.ArgReason:
			if a.Inner != nil {
				b = append(appendSentence(append(b, "r("...), a.Inner), ')')
			} else {
				b = appendLen(append(b, 'w'), a.Text)
			}
		case logistics.ArgMode:
			b = strconv.AppendInt(append(b, 'm'), a.Num, 10)
		case logistics.ArgInt:
			b = strconv.AppendInt(append(b, 'i'), a.Num, 10)
		case logistics.ArgDec:
			b = strconv.AppendInt(append(b, 'n'), a.Num, 10)
		case logistics.ArgDate:
			b = strconv.AppendInt(append(b, 'd'), a.Num, 10)
		case logistics.ArgMoney:
			b = strconv.AppendInt(appendLen(append(b, '$'), a.Text), a.Num, 10)
		default:
			b = appendLen(append(b, 't'), a.Text)
		}
	}
	return b
}

func appendLen(b []byte, s string) []byte {
	return append(append(strconv.AppendInt(b, int64(len(s)), 10), ':'), s...)
}

var errSentence = errors.New("damaged reason")

// parseSentence reads the text appendSentence wrote. Its phrase is the engine's
// phrase of the key (its English may have changed since); values beyond the
// phrase's placeholders are dropped, and placeholders without one are left empty.
func parseSentence(text string) (*logistics.Sentence, error) {
	r := sentenceReader{rest: text}
	s := r.sentence(0)
	if r.err == nil && r.rest != "" {
		r.fail("text after the sentence")
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w %q: %v", errSentence, text, r.err)
	}
	return s, nil
}

// maxNesting bounds the sentences nested in a reason.
const maxNesting = 8

type sentenceReader struct {
	rest string
	err  error
}

func (r *sentenceReader) fail(what string) {
	if r.err == nil {
		r.err = errors.New(what)
	}
	r.rest = ""
}

func (r *sentenceReader) sentence(depth int) *logistics.Sentence {
	if depth > maxNesting {
		r.fail("nested too deep")
		return nil
	}
	if strings.HasPrefix(r.rest, `"`) {
		r.rest = r.rest[1:]
		return logistics.Verbatim(r.text())
	}
	end := strings.IndexAny(r.rest, " )")
	if end < 0 {
		end = len(r.rest)
	}
	key := r.rest[:end]
	r.rest = r.rest[end:]
	p, ok := logistics.PhraseOf(key)
	if !ok {
		r.fail("unknown phrase " + strconv.Quote(key))
		return nil
	}
	s := &logistics.Sentence{Phrase: p}
	names := p.Placeholders()
	for r.err == nil && strings.HasPrefix(r.rest, " ") {
		r.rest = r.rest[1:]
		a := r.value(depth)
		if len(s.Args) < len(names) {
			a.Name = names[len(s.Args)]
			s.Args = append(s.Args, a)
		}
	}
	return s
}

func (r *sentenceReader) value(depth int) logistics.Arg {
	if r.rest == "" {
		r.fail("missing value")
		return logistics.Arg{}
	}
	c := r.rest[0]
	r.rest = r.rest[1:]
	switch c {
	case 't':
		return logistics.Arg{Kind: logistics.ArgText, Text: r.text()}
	case 'w':
		return logistics.Arg{Kind: logistics.ArgReason, Text: r.text()}
	case 'r':
		if !strings.HasPrefix(r.rest, "(") {
			r.fail("want ( after r")
			return logistics.Arg{}
		}
		r.rest = r.rest[1:]
		in := r.sentence(depth + 1)
		if !strings.HasPrefix(r.rest, ")") {
			r.fail("want )")
			return logistics.Arg{}
		}
		r.rest = r.rest[1:]
		return logistics.Arg{Kind: logistics.ArgReason, Inner: in}
	case 'm':
		return logistics.Arg{Kind: logistics.ArgMode, Num: r.int()}
	case 'i':
		return logistics.Arg{Kind: logistics.ArgInt, Num: r.int()}
	case 'n':
		return logistics.Arg{Kind: logistics.ArgDec, Num: r.int()}
	case 'd':
		return logistics.Arg{Kind: logistics.ArgDate, Num: r.int()}
	case '$':
		cur := r.text()
		return logistics.Arg{Kind: logistics.ArgMoney, Text: cur, Num: r.int()}
	}
	r.fail("unknown value " + strconv.QuoteRune(rune(c)))
	return logistics.Arg{}
}

// text reads len ":" text.
func (r *sentenceReader) text() string {
	colon := strings.IndexByte(r.rest, ':')
	if colon < 0 {
		r.fail("want a length")
		return ""
	}
	n, err := strconv.Atoi(r.rest[:colon])
	if err != nil || n < 0 || n > len(r.rest)-colon-1 {
		r.fail("bad length")
		return ""
	}
	t := r.rest[colon+1 : colon+1+n]
	r.rest = r.rest[colon+1+n:]
	return t
}

// int reads a decimal integer.
func (r *sentenceReader) int() int64 {
	end := strings.IndexAny(r.rest, " )")
	if end < 0 {
		end = len(r.rest)
	}
	n, err := strconv.ParseInt(r.rest[:end], 10, 64)
	if err != nil {
		r.fail("bad number")
		return 0
	}
	r.rest = r.rest[end:]
	return n
}
