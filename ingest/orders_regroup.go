package ingest

import (
	"hash/maphash"
	"strings"
)

// regroup reads an order file whose rows of one order may be apart
// (OrderOptions.Regroup): it keeps every row, with its line, in a rowStore, chaining
// the rows of each order; then it reads each order's rows together, in file order,
// through the same group logic as run, orders in the order of their first rows.
// The day/month order of numeric dates is decided in file order while the rows are
// kept, as run decides it.
func (im *importer) regroup() error {
	im.regrouped = true
	var rows rowStore
	var index orderIndex
	var other []string // the cells of an earlier row, to compare keys
	// faults are the rows' own faults (the table says only the last row's), by
	// row: rare, so not in the pointer-free rowStore
	faults := map[int32]*rowFault{}
	err := im.records(func(rec []string, line int) error {
		if im.keyFault(rec, line) {
			return nil
		}
		mkt, ref, ok := im.key(rec, line)
		if !ok {
			return nil
		}
		if err := im.noteDates(rec, line); err != nil {
			return err
		}
		i := rows.add(rec, line)
		if im.t.fault != nil {
			faults[i] = im.t.fault
		}
		sl, found := index.find(maphash.String(im.seed, ref)^mkt.salt, func(o *orderRows) bool {
			other = rows.row(o.head, other[:0])
			return im.cell(other, fRef) == ref && im.marketplace(im.cell(other, fMarketplace)).name == mkt.name
		})
		if !found {
			sl.head, sl.tail = i, i
			rows.at(i).head = true
			return nil
		}
		rows.at(sl.tail).next = i
		sl.tail = i
		return nil
	})
	if err != nil {
		return err
	}
	index = orderIndex{}

	rec := make([]string, 0, len(im.header))
	for i := range rows.n {
		if !rows.at(i).head {
			continue
		}
		split := false
		for j := i; j >= 0; j = rows.at(j).next {
			if j&1023 == 0 {
				if err := im.ctx.Err(); err != nil {
					return err
				}
			}
			rec = rows.row(j, rec[:0])
			im.t.fault = faults[j]
			if err := im.row(rec, int(rows.at(j).line)); err != nil {
				return err
			}
			if next := rows.at(j).next; next >= 0 && next != j+1 {
				split = true
			}
		}
		if split {
			im.res.SplitOrders++
		}
	}
	return im.end()
}

// noteDates decides the file's day/month order from the dates of a row, if one of
// them shows it, as add would: a row at fault (a cell the table could not read,
// cells beyond the header) shows nothing.
func (im *importer) noteDates(rec []string, line int) error {
	if im.t.fault != nil || im.extraCells(rec) {
		return nil
	}
	for _, f := range [...]field{fDate, fPromiseDate} {
		if im.order != 0 {
			return nil
		}
		s := im.cell(rec, f)
		if !mayWait(s) {
			continue
		}
		if v, err := scanDate(s); err == nil {
			if err := im.notePending(v, line, s); err != nil {
				return err
			}
		}
	}
	return nil
}

// mayWait reports whether a trimmed date cell may be one whose day and month could
// be swapped: those start with one or two digits and a "/" or "-" (scanDate).
func mayWait(s string) bool {
	return len(s) > 2 && (s[1] == '/' || s[1] == '-' || s[2] == '/' || s[2] == '-') && s[0] >= '0' && s[0] <= '9'
}

// rowStore keeps the rows of a file while they are regrouped, in few allocations
// that hold few pointers for the collector: each row's cells as one record of a
// text block (its number of cells and their lengths as uvarints, then their
// bytes), and per row where that record is, in pages of rows.
type rowStore struct {
	blocks []string        // full text blocks
	cur    strings.Builder // the block being filled (its String stays valid as it grows within its capacity)
	pages  [][]storedRow
	n      int32
}

// storedRow is one row of a rowStore.
type storedRow struct {
	line  int32
	block int32  // index into blocks; len(blocks) for cur
	off   uint32 // start of the row's record in its block
	next  int32  // the order's next row; -1 for none
	head  bool   // the order's first row
}

const (
	rowBlockSize = 1 << 20
	rowPageBits  = 16
	rowPageSize  = 1 << rowPageBits
)

func (s *rowStore) at(i int32) *storedRow { return &s.pages[i>>rowPageBits][i&(rowPageSize-1)] }

// add keeps a copy of a record and returns its index.
func (s *rowStore) add(rec []string, line int) int32 {
	size := 5 * (len(rec) + 1) // at most, for the uvarints
	for _, c := range rec {
		size += len(c)
	}
	if s.cur.Len()+size > s.cur.Cap() {
		s.blocks = append(s.blocks, s.cur.String()) // stays valid: cur is replaced, not reset
		s.cur = strings.Builder{}
		s.cur.Grow(max(rowBlockSize, size))
	}
	if s.n&(rowPageSize-1) == 0 {
		s.pages = append(s.pages, make([]storedRow, 0, rowPageSize))
	}
	p := &s.pages[len(s.pages)-1]
	*p = append(*p, storedRow{line: int32(line), block: int32(len(s.blocks)), off: uint32(s.cur.Len()), next: -1})
	putUvarint(&s.cur, len(rec))
	for _, c := range rec {
		putUvarint(&s.cur, len(c))
	}
	for _, c := range rec {
		s.cur.WriteString(c)
	}
	s.n++
	return s.n - 1
}

// row appends the cells of row i to rec, as substrings of the store's text.
func (s *rowStore) row(i int32, rec []string) []string {
	r := s.at(i)
	var text string
	if int(r.block) < len(s.blocks) {
		text = s.blocks[r.block]
	} else {
		text = s.cur.String()
	}
	text = text[r.off:]
	n, k := uvarint(text, 0)
	first := len(rec)
	for range n { // the lengths, then the cells
		var l int
		l, k = uvarint(text, k)
		rec = append(rec, text[:l])
	}
	for j := first; j < len(rec); j++ {
		l := len(rec[j])
		rec[j] = text[k : k+l]
		k += l
	}
	return rec
}

func putUvarint(b *strings.Builder, v int) {
	for v >= 0x80 {
		b.WriteByte(byte(v) | 0x80)
		v >>= 7
	}
	b.WriteByte(byte(v))
}

// uvarint reads the uvarint at s[i:] and returns it with the index after it.
func uvarint(s string, i int) (int, int) {
	v, shift := 0, 0
	for {
		c := s[i]
		i++
		v |= int(c&0x7f) << shift
		if c < 0x80 {
			return v, i
		}
		shift += 7
	}
}

// orderIndex finds the chain of rows of an order by the 64-bit hash of its key. Two
// orders whose keys share a hash have an entry each: an entry is the order's when
// the hash is the same and so is the order of its first row.
type orderIndex = hashTable[orderRows]

// orderRows are the first and last row of an order.
type orderRows struct{ head, tail int32 }
