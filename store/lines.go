package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"shipmode/logistics"
)

// appendLine appends one line in the orders.lines format: ";<sku id> <qty> <price>".
func appendLine(b []byte, skuID, qty int64, price logistics.Dec) []byte {
	b = append(b, ';')
	b = strconv.AppendInt(b, skuID, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, qty, 10)
	b = append(b, ' ')
	return appendDec(b, price)
}

// appendDec appends d as a plain decimal ("12.99", "5", "-0.5").
func appendDec(b []byte, d logistics.Dec) []byte {
	v := int64(d)
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/logistics.DecScale, 10)
	frac := v % logistics.DecScale
	if frac == 0 {
		return b
	}
	var digits [logistics.DecDigits]byte
	for i := len(digits) - 1; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	n := len(digits)
	for digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}

// eachLine calls fn for each line of an orders.lines text.
func eachLine(s string, fn func(skuID, qty int64, price logistics.Dec) error) error {
	for s != "" {
		if s[0] != ';' {
			return fmt.Errorf("lines %q: want ';'", s)
		}
		s = s[1:]
		entry := s
		if i := strings.IndexByte(s, ';'); i >= 0 {
			entry, s = s[:i], s[i:]
		} else {
			s = ""
		}
		idText, rest, ok1 := strings.Cut(entry, " ")
		qtyText, priceText, ok2 := strings.Cut(rest, " ")
		if !ok1 || !ok2 {
			return fmt.Errorf("line %q: want 3 fields", entry)
		}
		id, err1 := strconv.ParseInt(idText, 10, 64)
		qty, err2 := strconv.ParseInt(qtyText, 10, 64)
		price, err3 := logistics.ParseDec(priceText)
		if err := errors.Join(err1, err2, err3); err != nil {
			return fmt.Errorf("line %q: %w", entry, err)
		}
		if err := fn(id, qty, price); err != nil {
			return err
		}
	}
	return nil
}

// orderHash is a 64-bit hash of everything ImportOrders stores of o, to tell an
// identical re-import from a changed order. It must not change between versions.
func orderHash(o *logistics.Order) int64 {
	h := hasher{h: 0x9e3779b97f4a7c15}
	h.str(o.Marketplace)
	h.str(o.Ref)
	h.int(int64(o.Date))
	h.str(o.Country)
	h.str(o.PostalCode)
	h.str(o.Currency)
	h.int(int64(o.PromisedDays))
	if p := o.Parcel; p != nil {
		h.int(1)
		h.int(p.LengthMM)
		h.int(p.WidthMM)
		h.int(p.HeightMM)
		h.int(p.WeightG)
	} else {
		h.int(0)
	}
	h.int(int64(len(o.Lines)))
	for i := range o.Lines {
		h.str(o.Lines[i].SKU)
		h.int(o.Lines[i].Qty)
		h.int(int64(o.Lines[i].UnitPrice))
	}
	return int64(h.sum())
}

// hasher mixes 64-bit words (a multiply-xorshift hash, not cryptographic).
type hasher struct{ h uint64 }

func (f *hasher) int(v int64) {
	f.h = (f.h ^ uint64(v)) * 0xff51afd7ed558ccd
	f.h ^= f.h >> 32
}

// str mixes s and its length, so that ("ab","c") and ("a","bc") differ.
func (f *hasher) str(s string) {
	f.int(int64(len(s)))
	for len(s) >= 8 {
		f.int(int64(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56))
		s = s[8:]
	}
	var w uint64
	for i := 0; i < len(s); i++ {
		w |= uint64(s[i]) << (8 * i)
	}
	f.int(int64(w))
}

func (f *hasher) sum() uint64 {
	h := f.h
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
