package ingest

import "slices"

// refSet is the set of orders started so far, by a 64-bit hash of marketplace and
// reference, with the line each started on: a streaming scan finds with it an
// order whose rows are apart in the file. Two different orders share a hash with
// probability about n²/2⁶⁵ (3·10⁻⁸ for a million orders); the second would look
// like a split order, and the file would be read again with Regroup, which
// compares the orders themselves.
//
// The first earlyOrders orders are looked up as they start, in a table that the
// processor's caches hold, so that a split among them stops the scan at once (a
// preview, which reads the first orders only, sees it). Past those, the orders
// are only noted, in the order they started, and check looks for a split among
// all of them once the file is read: looking each of a million orders up as it
// starts, in a table of many megabytes, cost a cache miss or two per order and
// made the reader of a million-line import the slower of its two goroutines
// (0.4 to 0.57 s of its 1.5 s of CPU); check takes some 10 ms.
type refSet struct {
	early []uint64 // open addressing, 0: empty; the first earlyOrders orders
	keys  []uint64 // every order's hash (0 taken as 1), in the order they started
	lines []int32  // their first lines
}

const earlyOrders = 1 << 16

// reserve makes room for the orders of a file of size bytes.
func (s *refSet) reserve(size int64) {
	// A generic CSV's rows have 60 to 80 bytes, marketplaces' several hundred.
	n := int(min(size/64, 1<<26))
	s.keys, s.lines = make([]uint64, 0, n), make([]int32, 0, n)
}

// add notes an order of hash key that starts on line, and reports the line of an
// earlier order of the same key when both are among the first earlyOrders.
func (s *refSet) add(key uint64, line int) (first int, dup bool) {
	if key == 0 {
		key = 1
	}
	if len(s.keys) < earlyOrders {
		if s.early == nil {
			s.early = make([]uint64, 4*earlyOrders/2)
		}
		mask := uint64(len(s.early) - 1)
		for i := key & mask; ; i = (i + 1) & mask {
			if s.early[i] == 0 {
				s.early[i] = key
				break
			}
			if s.early[i] == key {
				return int(s.lines[slices.Index(s.keys, key)]), true
			}
		}
	}
	s.keys = append(s.keys, key)
	s.lines = append(s.lines, int32(line))
	return 0, false
}

// check looks for two orders of one key among all the orders noted, and reports
// the lines of the pair whose second order starts first.
func (s *refSet) check() (first, line int, split bool) {
	if len(s.keys) <= earlyOrders {
		return 0, 0, false // add looked every one up
	}
	// The orders by the top bits of their hash, in buckets of a few hundred, each
	// then looked at with a table of its own that stays in the processor's cache.
	const bits = 10
	var count [1<<bits + 1]int32
	for _, k := range s.keys {
		count[k>>(64-bits)+1]++
	}
	for b := 1; b < len(count); b++ {
		count[b] += count[b-1]
	}
	next := count
	byBucket := make([]int32, len(s.keys)) // order numbers, in start order within a bucket
	for i, k := range s.keys {
		b := k >> (64 - bits)
		byBucket[next[b]] = int32(i)
		next[b]++
	}
	var table []int32 // order number + 1; 0: empty
	second := -1      // the earliest order of a key seen before
	var firstOf int
	for b := range 1 << bits {
		bucket := byBucket[count[b]:count[b+1]]
		size := 16
		for size < 2*len(bucket) {
			size *= 2
		}
		if cap(table) < size {
			table = make([]int32, size)
		}
		table = table[:size]
		clear(table)
		mask := uint64(size - 1)
		for _, o := range bucket {
			k := s.keys[o]
			for i := k & mask; ; i = (i + 1) & mask {
				if table[i] == 0 {
					table[i] = o + 1
					break
				}
				if p := table[i] - 1; s.keys[p] == k {
					if second < 0 || int(o) < second {
						second, firstOf = int(o), int(p)
					}
					break
				}
			}
		}
	}
	if second < 0 {
		return 0, 0, false
	}
	return int(s.lines[firstOf]), int(s.lines[second]), true
}
