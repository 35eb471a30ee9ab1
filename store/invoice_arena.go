package store

import (
	"encoding/binary"
	"unsafe"

	"shipmode/logistics"
)

// lineArena keeps the lines of an invoice import, which are written once every
// batch is in, encoded in large byte chunks rather than as structs of strings: a
// tenth of the memory for a million lines, and nothing for the garbage collector to
// trace. The texts that repeat (marketplace, service, currency) are kept once, by
// number. A line's carrier and invoice number are its group's, not kept.
//
// A line is: uvarint row, varints invoice_date and amount and billed_weight_g, a
// charge byte, varint order id (0: none), an unmatched byte, uvarint numbers of its
// marketplace, service and currency, then its tracking number and reference, each a
// uvarint length and its bytes.
type lineArena struct {
	chunks [][]byte
	words  []string
	number map[string]uint32
	last   [3]lastWord // of the marketplace, service and currency: lines in a row mostly share them
	buf    []byte
}

// lastWord is the number of a text kept last.
type lastWord struct {
	s  string
	n  uint64
	ok bool
}

// lineRef is where a line is in the arena: chunk c, from byte at.
type lineRef struct{ c, at int32 }

const arenaChunk = 1 << 20

// word is the number of text s, the field'th of a line (see lineArena.last).
func (a *lineArena) word(field int, s string) uint64 {
	if w := a.last[field]; w.ok && w.s == s {
		return w.n
	}
	n, ok := a.number[s]
	if !ok {
		if a.number == nil {
			a.number = map[string]uint32{}
		}
		n = uint32(len(a.words))
		a.number[s] = n
		a.words = append(a.words, s)
	}
	a.last[field] = lastWord{s, uint64(n), true}
	return uint64(n)
}

// add keeps line l, from row row, matched as m.
func (a *lineArena) add(l *logistics.InvoiceLine, row int, m lineMatch) lineRef {
	b := a.buf[:0]
	b = binary.AppendUvarint(b, uint64(row))
	b = binary.AppendVarint(b, int64(l.InvoiceDate))
	b = binary.AppendVarint(b, int64(l.Amount))
	b = binary.AppendVarint(b, l.BilledWeightG)
	b = append(b, byte(l.Charge))
	b = binary.AppendVarint(b, m.orderID)
	b = append(b, byte(m.unmatched))
	b = binary.AppendUvarint(b, a.word(0, l.Marketplace))
	b = binary.AppendUvarint(b, a.word(1, l.Service))
	b = binary.AppendUvarint(b, a.word(2, l.Currency))
	b = binary.AppendUvarint(b, uint64(len(l.Tracking)))
	b = append(b, l.Tracking...)
	b = binary.AppendUvarint(b, uint64(len(l.OrderRef)))
	b = append(b, l.OrderRef...)
	a.buf = b
	last := len(a.chunks) - 1
	if last < 0 || len(a.chunks[last])+len(b) > cap(a.chunks[last]) {
		a.chunks = append(a.chunks, make([]byte, 0, max(arenaChunk, len(b))))
		last++
	}
	ref := lineRef{int32(last), int32(len(a.chunks[last]))}
	a.chunks[last] = append(a.chunks[last], b...)
	return ref
}

// get reads line r into l (its carrier and invoice number untouched) and returns
// its row and match. l's tracking number and reference are views of the arena:
// they must not outlive it.
func (a *lineArena) get(r lineRef, l *logistics.InvoiceLine) (int, lineMatch) {
	b := a.chunks[r.c][r.at:]
	uvarint := func() uint64 {
		v, n := binary.Uvarint(b)
		b = b[n:]
		return v
	}
	varint := func() int64 {
		v, n := binary.Varint(b)
		b = b[n:]
		return v
	}
	text := func() string {
		n := int(uvarint())
		if n == 0 {
			return ""
		}
		s := unsafe.String(&b[0], n)
		b = b[n:]
		return s
	}
	var m lineMatch
	row := int(uvarint())
	l.InvoiceDate = logistics.Date(varint())
	l.Amount = logistics.Dec(varint())
	l.BilledWeightG = varint()
	l.Charge = logistics.Charge(b[0])
	b = b[1:]
	m.orderID = varint()
	m.unmatched = int64(b[0])
	b = b[1:]
	l.Marketplace, l.Service, l.Currency = a.words[uvarint()], a.words[uvarint()], a.words[uvarint()]
	l.Tracking = text()
	l.OrderRef = text()
	return row, m
}
