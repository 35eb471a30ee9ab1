package ingest

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"shipmode/logistics"
)

var errNumber = errors.New("not a number")

// parseMoney reads a money or quantity cell exactly: a number with an optional sign,
// currency symbol or ISO code before or after it, thousands separators and a decimal
// point or comma ("12.50", "$12.50", "US $12.50", "EUR 12,50", "1.234,56 €",
// "1,234.56", "-£3.99", "(3.00)"). sym is the symbol or code as written, upper-cased
// and without spaces ("US$", "€", "EUR"), or "" when there is none.
//
// Separators: when a cell has both "." and ",", the last one is the decimal mark. A
// single "," is the decimal mark unless exactly three digits follow it in a file that
// uses "." for decimals ("1,234" is 1234 in a comma-delimited CSV, 1.234 in a
// semicolon-delimited one). A single "." is the decimal mark unless exactly three
// digits follow it in a decimal-comma file and the part before it is not 0. Several
// equal marks are thousands separators and must group by three.
func parseMoney(s string, decimalComma bool) (v logistics.Dec, sym string, err error) {
	// Fast path: plain digits with at most one dot, the shape of machine-written files
	// (in a decimal-comma file a dot may group thousands: "1.234").
	if !decimalComma || strings.IndexByte(s, '.') < 0 {
		if v, ok := plainDec(s); ok {
			return v, "", nil
		}
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, "", fmt.Errorf("%w: empty", errNumber)
	}
	neg := false
	if len(t) >= 2 && t[0] == '(' && t[len(t)-1] == ')' { // accounting negative
		neg, t = true, strings.TrimSpace(t[1:len(t)-1])
	}
	// The numeric core runs from the first digit (or a mark just before it) to the
	// last digit; the rest is sign and symbol.
	first, last := -1, -1
	for i := 0; i < len(t); i++ {
		if t[i] >= '0' && t[i] <= '9' {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return 0, "", fmt.Errorf("%w: %q", errNumber, s)
	}
	if first > 0 && (t[first-1] == '.' || t[first-1] == ',') {
		first--
	}
	prefix, core, suffix := t[:first], t[first:last+1], t[last+1:]
	var signs int
	prefix, signs = stripSigns(prefix)
	neg = neg != (signs%2 == 1)
	suffix, signs = stripSigns(suffix)
	neg = neg != (signs%2 == 1)
	prefix, suffix = symbolText(prefix), symbolText(suffix)
	switch {
	case prefix != "" && suffix != "":
		return 0, "", fmt.Errorf("%w: %q", errNumber, s)
	case prefix != "":
		sym = prefix
	default:
		sym = suffix
	}
	v, err = parseCore(core, decimalComma)
	if err != nil {
		return 0, "", fmt.Errorf("%w: %q", errNumber, s)
	}
	if neg {
		v = -v
	}
	return v, sym, nil
}

// plainDec reads "123" or "123.45" (no sign, no separators, up to nine decimals).
func plainDec(s string) (logistics.Dec, bool) {
	if s == "" || len(s) > 19 {
		return 0, false
	}
	var whole, frac int64
	digits, dot := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if dot < 0 {
				whole = whole*10 + int64(c-'0')
				if whole > math.MaxInt64/logistics.DecScale {
					return 0, false
				}
			} else {
				frac = frac*10 + int64(c-'0')
			}
			digits++
		case c == '.' && dot < 0:
			dot = i
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	nfrac := 0
	if dot >= 0 {
		nfrac = len(s) - dot - 1
	}
	if nfrac > logistics.DecDigits || whole > math.MaxInt64/logistics.DecScale-1 {
		return 0, false
	}
	for i := nfrac; i < logistics.DecDigits; i++ {
		frac *= 10
	}
	return logistics.Dec(whole*logistics.DecScale + frac), true
}

// stripSigns removes "-", "+" and "−" from a prefix or suffix and counts the minus signs.
func stripSigns(s string) (string, int) {
	if !strings.ContainsAny(s, "-+−") {
		return s, 0
	}
	n := strings.Count(s, "-") + strings.Count(s, "−")
	s = strings.Map(func(r rune) rune {
		if r == '-' || r == '+' || r == '−' {
			return -1
		}
		return r
	}, s)
	return s, n
}

// symbolText removes spaces from a currency prefix or suffix and upper-cases it
// ("US $" → "US$", "zł" → "ZŁ").
func symbolText(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	var b strings.Builder
	for _, r := range s {
		if r == ' ' || r == 0xA0 || r == 0x202F {
			continue
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

// parseCore reads the digits and marks of a number (see parseMoney).
func parseCore(s string, decimalComma bool) (logistics.Dec, error) {
	// Drop grouping spaces and apostrophes; they may stand only between digits.
	var buf [64]byte
	b := buf[:0]
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= '0' && r <= '9', r == '.', r == ',':
			b = append(b, byte(r))
		case r == ' ' || r == 0xA0 || r == 0x202F || r == 0x2009 || r == '\'' || r == '’':
			if len(b) == 0 || i+size >= len(s) || b[len(b)-1] < '0' || b[len(b)-1] > '9' {
				return 0, errNumber
			}
			b = append(b, '_') // grouping mark
		default:
			return 0, errNumber
		}
		i += size
	}
	dots, commas := 0, 0
	lastDot, lastComma := -1, -1
	for i, c := range b {
		switch c {
		case '.':
			dots++
			lastDot = i
		case ',':
			commas++
			lastComma = i
		}
	}
	dec := byte(0) // the decimal mark, 0 = none
	switch {
	case dots > 0 && commas > 0:
		if lastDot > lastComma {
			dec = '.'
		} else {
			dec = ','
		}
	case commas == 1:
		dec = ','
		if len(b)-lastComma-1 == 3 && !decimalComma {
			dec = 0
		}
	case dots == 1:
		dec = '.'
		if len(b)-lastDot-1 == 3 && decimalComma && !(lastDot == 1 && b[0] == '0') && lastDot > 0 {
			dec = 0
		}
	}
	intPart, frac := string(b), ""
	if dec != 0 {
		i := strings.LastIndexByte(intPart, dec)
		intPart, frac = intPart[:i], intPart[i+1:]
		if strings.ContainsAny(frac, ".,_") {
			return 0, errNumber
		}
	}
	// What is left of the integer part is digits and grouping marks that group by 3.
	if strings.ContainsAny(intPart, ".,_") {
		groups := strings.FieldsFunc(intPart, func(r rune) bool { return r == '.' || r == ',' || r == '_' })
		if len(groups) < 2 || strings.Count(intPart, ".")+strings.Count(intPart, ",")+strings.Count(intPart, "_") != len(groups)-1 {
			return 0, errNumber
		}
		// All separators in the integer part must be the same character.
		var sepc rune
		for _, r := range intPart {
			if r == '.' || r == ',' || r == '_' {
				if sepc == 0 {
					sepc = r
				} else if r != sepc {
					return 0, errNumber
				}
			}
		}
		for i, g := range groups {
			if (i == 0 && (len(g) == 0 || len(g) > 3)) || (i > 0 && len(g) != 3) {
				return 0, errNumber
			}
		}
		intPart = strings.Join(groups, "")
	}
	if intPart == "" && frac == "" {
		return 0, errNumber
	}
	num := intPart
	if num == "" {
		num = "0"
	}
	if frac != "" {
		num += "." + frac
	}
	v, err := logistics.ParseDec(num)
	if err != nil {
		return 0, errNumber
	}
	return v, nil
}

// parseCount reads a whole number of units: digits with an optional sign and an
// optional all-zero fraction of one or two digits ("2", "-1", "2.0", "3,00"); "1,000"
// is refused, since it reads as one or as a thousand.
func parseCount(s string) (int64, error) {
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		if f := s[i+1:]; len(f) > 2 || strings.Trim(f, "0") != "" {
			return 0, fault(rsNotWhole)
		}
		s = s[:i]
	}
	if s == "" || len(s) > 12 {
		return 0, fault(rsNotWhole)
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fault(rsNotWhole)
		}
		n = n*10 + int64(s[i]-'0')
	}
	if neg {
		n = -n
	}
	return n, nil
}

// divRound divides a Dec by a positive count, rounding half away from zero to the
// nano-unit (Amazon gives a line total; the order line needs the unit price).
func divRound(v logistics.Dec, n int64) logistics.Dec {
	q, r := int64(v)/n, int64(v)%n
	if r < 0 {
		r = -r
	}
	if 2*r >= n {
		if v < 0 {
			q--
		} else {
			q++
		}
	}
	return logistics.Dec(q)
}

// symbolCurrencies lists, for each currency symbol as parseMoney returns it, the ISO
// codes it may stand for; the first is what it means when the file does not say (a
// nil first entry: the symbol is too ambiguous to guess). Choices: "$" is USD unless
// the order's currency is another dollar or peso; "¥" is JPY (Amazon.co.jp,
// Rakuten) unless the order says CNY; Chinese yuan is written "CN¥", "RMB" or "元";
// "kr" (SEK, NOK, DKK, ISK) needs a currency column.
var symbolCurrencies = map[string][]string{
	"$":    {"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN", "TWD", "ARS", "CLP", "COP", "UYU", "FJD", "BSD", "BBD", "BZD", "BMD", "BND", "KYD", "JMD", "LRD", "NAD", "SBD", "SRD", "TTD", "XCD", "GYD", "CUP", "DOP"},
	"US$":  {"USD"},
	"U$S":  {"USD"},
	"C$":   {"CAD"},
	"CA$":  {"CAD"},
	"CAN$": {"CAD"},
	"A$":   {"AUD"},
	"AU$":  {"AUD"},
	"NZ$":  {"NZD"},
	"HK$":  {"HKD"},
	"S$":   {"SGD"},
	"SG$":  {"SGD"},
	"MX$":  {"MXN"},
	"NT$":  {"TWD"},
	"R$":   {"BRL"},
	"£":    {"GBP", "GIP", "FKP", "SHP"},
	"€":    {"EUR"},
	"¥":    {"JPY", "CNY"},
	"￥":    {"JPY", "CNY"},
	"JP¥":  {"JPY"},
	"円":    {"JPY"},
	"CN¥":  {"CNY"},
	"RMB":  {"CNY"},
	"元":    {"CNY"},
	"₹":    {"INR"},
	"₩":    {"KRW"},
	"₽":    {"RUB"},
	"ZŁ":   {"PLN"},
	"₺":    {"TRY"},
	"₪":    {"ILS"},
	"฿":    {"THB"},
	"₫":    {"VND"},
	"₱":    {"PHP"},
	"₴":    {"UAH"},
	"KČ":   {"CZK"},
	"FT":   {"HUF"},
	"LEI":  {"RON"},
	"FR.":  {"CHF"},
	"RM":   {"MYR"},
	"RP":   {"IDR"},
	"KR":   {"", "SEK", "NOK", "DKK", "ISK"},
	"KR.":  {"", "SEK", "NOK", "DKK", "ISK"},
}

// currencyFor returns the order currency of a price written with sym when the file
// declares currency declared ("" when it declares none).
func currencyFor(sym, declared string) (string, error) {
	if sym == "" {
		return declared, nil
	}
	cands, ok := symbolCurrencies[sym]
	if !ok {
		if len(sym) == 3 && logistics.CheckCurrency(sym) == nil {
			cands = []string{sym}
		} else {
			return "", fault(rsUnknownSymbol, quote(sym))
		}
	}
	if declared == "" {
		if cands[0] == "" {
			return "", fault(rsAmbiguousSymbol, quote(sym))
		}
		return cands[0], nil
	}
	for _, c := range cands {
		if c == declared {
			return declared, nil
		}
	}
	return "", fault(rsSymbolDiffers, sym, declared)
}
