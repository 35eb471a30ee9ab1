package ingest

// hashTable maps 64-bit hashes of order keys to values of type V: an
// open-addressing table without a pointer for the collector, where a million
// strings in a map would cost more than the rest of the import. Keys of two orders
// may share a hash; find's same tells them apart where the caller can.
type hashTable[V any] struct {
	slots []hashSlot[V]
	n     int
}

type hashSlot[V any] struct {
	hash uint64 // 0 = empty
	v    V
}

// find returns the value of the entry of hash h for which same holds (nil same:
// any entry of h), or a new zero value for h to fill (found false).
func (t *hashTable[V]) find(h uint64, same func(*V) bool) (v *V, found bool) {
	if h == 0 {
		h = 1
	}
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		switch {
		case sl.hash == 0:
			sl.hash = h
			t.n++
			return &sl.v, false
		case sl.hash == h && (same == nil || same(&sl.v)):
			return &sl.v, true
		}
	}
}

func (t *hashTable[V]) grow() {
	old := t.slots
	t.slots = make([]hashSlot[V], max(1024, 2*len(old)))
	mask := uint64(len(t.slots) - 1)
	for _, sl := range old {
		if sl.hash == 0 {
			continue
		}
		i := sl.hash & mask
		for t.slots[i].hash != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = sl
	}
}
