package ui

import (
	"strconv"
	"strings"

	"shipmode/logistics"
)

// group puts thousands separators into the integer part of a plain number
// ("1234567.89" → "1,234,567.89").
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return sign + b.String()
}

// money formats minor units of cur with grouping and the currency code
// ("1,234.50 EUR").
func money(minor int64, cur string) string {
	s := group(logistics.FormatMinor(minor, logistics.CurrencyDigits(cur)))
	if cur == "" {
		return s
	}
	return s + " " + cur
}

// moneyShort formats minor units without the currency code.
func moneyShort(minor int64, cur string) string {
	return group(logistics.FormatMinor(minor, logistics.CurrencyDigits(cur)))
}

// count formats an integer with grouping.
func count(n int) string { return group(strconv.Itoa(n)) }

// kg formats grams as kilograms with up to three decimals ("1.25").
func kg(g int64) string { return logistics.Dec(g * 1_000_000).String() }

// percent formats part/whole as a whole percentage ("42 %"); "–" when whole is 0.
func percent(part, whole int64) string {
	if whole == 0 {
		return "–"
	}
	return strconv.FormatInt((part*100+whole/2)/whole, 10) + " %"
}
