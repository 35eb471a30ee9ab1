package logistics

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"strconv"
	"strings"

	"golang.org/x/text/currency"
)

// Money is an amount in integer minor units of an ISO 4217 currency (cents for EUR,
// yen for JPY, fils/1000 for KWD). It is never a float.
type Money struct {
	Minor    int64
	Currency string
}

// String formats m with exactly its currency's minor digits ("12.30", "1230" for JPY).
func (m Money) String() string { return FormatMinor(m.Minor, CurrencyDigits(m.Currency)) }

// FormatMinor formats an amount of minor units with the given number of fraction digits.
func FormatMinor(minor int64, digits int) string {
	var buf [32]byte
	return string(appendMinor(buf[:0], minor, digits))
}

// appendMinor appends FormatMinor's text to b.
func appendMinor(b []byte, minor int64, digits int) []byte {
	u := uint64(minor)
	if minor < 0 {
		b = append(b, '-')
		u = -u
	}
	var tmp [24]byte
	s := strconv.AppendUint(tmp[:0], u, 10)
	if digits == 0 {
		return append(b, s...)
	}
	for len(s) <= digits {
		s = append([]byte{'0'}, s...)
	}
	b = append(b, s[:len(s)-digits]...)
	b = append(b, '.')
	return append(b, s[len(s)-digits:]...)
}

// ErrCurrency is returned for a code that is not an ISO 4217 currency.
var ErrCurrency = errors.New("not an ISO 4217 currency code")

// CheckCurrency reports whether code is an ISO 4217 currency (upper-case, e.g. "EUR").
func CheckCurrency(code string) error {
	if len(code) != 3 || strings.ToUpper(code) != code {
		return fmt.Errorf("%w: %q", ErrCurrency, code)
	}
	if _, err := currency.ParseISO(code); err != nil {
		return fmt.Errorf("%w: %q", ErrCurrency, code)
	}
	return nil
}

// CurrencyDigits is the number of minor-unit digits of an ISO 4217 currency (2 for
// EUR, 0 for JPY, 3 for KWD); 2 for an unknown code.
func CurrencyDigits(code string) int {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

var pow10 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// ErrOverflow is returned when an amount does not fit the exact integer arithmetic.
var ErrOverflow = errors.New("amount too large")

// u128 is an unsigned 128-bit integer for exact intermediate products.
type u128 struct{ hi, lo uint64 }

func mul64(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

func (x u128) add(y u128) u128 {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	hi, _ := bits.Add64(x.hi, y.hi, c)
	return u128{hi, lo}
}

// sub is x − y (modulo 2¹²⁸, as add is: x.add(y).sub(y) is x).
func (x u128) sub(y u128) u128 {
	lo, b := bits.Sub64(x.lo, y.lo, 0)
	hi, _ := bits.Sub64(x.hi, y.hi, b)
	return u128{hi, lo}
}

// mul multiplies by a 64-bit factor; ok is false on overflow.
func (x u128) mul(m uint64) (u128, bool) {
	h1, l1 := bits.Mul64(x.lo, m)
	h2, l2 := bits.Mul64(x.hi, m)
	if h2 != 0 {
		return u128{}, false
	}
	hi, c := bits.Add64(h1, l2, 0)
	if c != 0 {
		return u128{}, false
	}
	return u128{hi, l1}, true
}

func (x u128) less(y u128) bool { return x.hi < y.hi || (x.hi == y.hi && x.lo < y.lo) }

func (x u128) big() *big.Int {
	b := new(big.Int).SetUint64(x.hi)
	b.Lsh(b, 64)
	return b.Or(b, new(big.Int).SetUint64(x.lo))
}

// divRound divides by d, rounding half away from zero (half up: x is not negative).
func (x u128) divRound(d uint64) (int64, error) {
	if d == 0 {
		return 0, ErrOverflow
	}
	if x.hi >= d {
		return 0, ErrOverflow
	}
	q, r := bits.Div64(x.hi, x.lo, d)
	// round half up: r >= d - r  <=>  2r >= d, without overflow
	if r >= d-r {
		q++
	}
	if q > 1<<63-1 {
		return 0, ErrOverflow
	}
	return int64(q), nil
}

// roundRat rounds num/den (both non-negative) half away from zero to an integer.
func roundRat(num, den *big.Int) (int64, error) {
	if den.Sign() == 0 {
		return 0, ErrOverflow
	}
	q, r := new(big.Int), new(big.Int)
	q.QuoRem(num, den, r)
	r.Lsh(r, 1)
	if r.CmpAbs(den) >= 0 {
		if num.Sign()*den.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	if !q.IsInt64() {
		return 0, ErrOverflow
	}
	return q.Int64(), nil
}

// divU64 divides x by d, returning the full 128-bit quotient and the remainder.
func (x u128) divU64(d uint64) (u128, uint64) {
	qhi, r := x.hi/d, x.hi%d
	qlo, r := bits.Div64(r, x.lo, d)
	return u128{qhi, qlo}, r
}

// roundDiv2 rounds n / (d1 × d2) half away from zero (n is not negative), exactly:
// round(n/D) = ⌊(2n + D) / 2D⌋, and ⌊⌊x/a⌋/b⌋ = ⌊x/(ab)⌋ for positive integers.
// d1 must be below 2⁶³.
func roundDiv2(n u128, d1, d2 uint64) (int64, error) {
	if d1 == 0 || d2 == 0 || d1 >= 1<<63 || n.hi >= 1<<63 {
		return 0, ErrOverflow
	}
	two := u128{n.hi<<1 | n.lo>>63, n.lo << 1}
	x := two.add(mul64(d1, d2))
	if x.less(two) {
		return 0, ErrOverflow
	}
	q, _ := x.divU64(2 * d1)
	q, _ = q.divU64(d2)
	if q.hi != 0 || q.lo > 1<<63-1 {
		return 0, ErrOverflow
	}
	return int64(q.lo), nil
}

// mul128 multiplies two u128 values; ok is false on overflow.
func (x u128) mul128(y u128) (u128, bool) {
	if x.hi != 0 && y.hi != 0 {
		return u128{}, false
	}
	if x.hi != 0 {
		x, y = y, x
	}
	// x fits 64 bits
	return y.mul(x.lo)
}
