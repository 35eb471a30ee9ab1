package logistics

import (
	"strings"
)

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
