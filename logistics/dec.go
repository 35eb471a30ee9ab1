package logistics

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Dec is an exact decimal with nine fraction digits, stored as an integer number of
// nano-units (1.5 is Dec(1_500_000_000)). Rate-book prices, rates and percentages are
// Decs; they are never binary floating point.
type Dec int64

// DecScale is the number of nano-units in one unit.
const DecScale = 1_000_000_000

// DecDigits is the number of fraction digits a Dec keeps exactly.
const DecDigits = 9

// ErrDecimal is returned by ParseDec for text that is not an exact decimal it can hold.
var ErrDecimal = errors.New("not a decimal number")

// DecInt returns the Dec of a whole number.
func DecInt(n int64) Dec { return Dec(n * DecScale) }

// ParseDec reads a plain decimal ("12", "-0.45", "26.25", "1e3" is rejected) exactly.
// A decimal comma is not accepted here; callers that read locale text convert first.
func ParseDec(s string) (Dec, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("%w: empty", ErrDecimal)
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && (!hasDot || frac == "") {
		return 0, fmt.Errorf("%w: %q", ErrDecimal, s)
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, fmt.Errorf("%w: %q", ErrDecimal, s)
			}
		}
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > DecDigits {
		return 0, fmt.Errorf("%w: %q has more than %d decimal places", ErrDecimal, s, DecDigits)
	}
	var whole int64
	if intPart != "" {
		w, err := strconv.ParseInt(intPart, 10, 64)
		if err != nil || w > math.MaxInt64/DecScale-1 {
			return 0, fmt.Errorf("%w: %q is too large", ErrDecimal, s)
		}
		whole = w
	}
	var f int64
	if frac != "" {
		f, _ = strconv.ParseInt(frac+strings.Repeat("0", DecDigits-len(frac)), 10, 64)
	}
	v := whole*DecScale + f
	if neg {
		v = -v
	}
	return Dec(v), nil
}

// String formats d with as few fraction digits as it needs ("12", "0.1232", "26.25").
func (d Dec) String() string {
	v := int64(d)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	whole, frac := v/DecScale, v%DecScale
	if frac == 0 {
		return sign + strconv.FormatInt(whole, 10)
	}
	fs := strconv.FormatInt(frac+DecScale, 10)[1:]
	return sign + strconv.FormatInt(whole, 10) + "." + strings.TrimRight(fs, "0")
}

// IsZero reports whether d is zero.
func (d Dec) IsZero() bool { return d == 0 }
