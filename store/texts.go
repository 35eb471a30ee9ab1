package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"unsafe"

	"shipmode/logistics"
)

// interner shares the strings of a column with few distinct values.
type interner struct {
	m    map[string]string
	last string
}

func (in *interner) get(b []byte) string {
	if string(b) == in.last {
		return in.last
	}
	if s, ok := in.m[string(b)]; ok {
		in.last = s
		return s
	}
	if in.m == nil {
		in.m = map[string]string{}
	}
	s := string(b)
	in.m[s] = s
	in.last = s
	return s
}

// text returns the texts id of s, adding it to the chunk on first sight.
func (ps *planSaver) text(s string) int64 {
	if s == "" {
		return 0
	}
	e := ps.recent.entry(s)
	if e.is(s) {
		return e.id
	}
	id, ok := ps.texts[s]
	if !ok {
		id = ps.nextText
		ps.nextText++
		ps.texts[s] = id
		ps.chunk.texts = append(ps.chunk.texts, textRow{id, s})
	}
	e.s, e.id = s, id
	return id
}

// reason returns the texts id of the text of reason s (appendSentence), adding it
// to the chunk on first sight.
func (ps *planSaver) reason(s *logistics.Sentence) int64 {
	if s.IsZero() {
		return 0
	}
	p := uintptr(unsafe.Pointer(s))
	e := &ps.recentReasons[(p>>4^p>>14)%uintptr(len(ps.recentReasons))]
	if e.s == s {
		return e.id
	}
	ps.scratch = appendSentence(ps.scratch[:0], s)
	id, ok := ps.texts[string(ps.scratch)]
	if !ok {
		t := string(ps.scratch)
		id = ps.nextText
		ps.nextText++
		ps.texts[t] = id
		ps.chunk.texts = append(ps.chunk.texts, textRow{id, t})
	}
	e.s, e.id = s, id
	return id
}

// textCache remembers the texts ids of recent strings by the address of their
// bytes. The engine gives every decision the same few hundred option ids as the
// very same strings (a service's id), so most of a plan's lookups end here without
// hashing. An entry holds its string, so that its bytes cannot be freed and reused
// for another text.
type textCache [1024]textEntry

type textEntry struct {
	s  string
	id int64
}

func (c *textCache) entry(s string) *textEntry {
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	return &c[(p>>4^p>>14^uintptr(len(s)))%uintptr(len(c))]
}

// is reports whether e holds s itself: the same bytes at the same address.
func (e *textEntry) is(s string) bool {
	return len(e.s) == len(s) && unsafe.StringData(e.s) == unsafe.StringData(s)
}

// reasonCache is textCache for reasons, by their address. The engine gives every
// decision the same few hundred reasons as the very same sentences (a zone's, a
// warehouse's, a compliance note), so most of a plan's ten million lookups end
// here without writing and hashing the text of a sentence. An entry holds its
// sentence, so that it cannot be freed and its memory reused for another; a
// sentence never changes once made.
type reasonCache [4096]reasonEntry

type reasonEntry struct {
	s  *logistics.Sentence
	id int64
}

func loadTexts(ctx context.Context, tx *sql.Tx) (map[string]int64, int64, error) {
	byID, err := textsByID(ctx, tx, nil)
	if err != nil {
		return nil, 0, err
	}
	texts := make(map[string]int64, len(byID))
	next := int64(1)
	for id, s := range byID {
		texts[s] = id
		next = max(next, id+1)
	}
	return texts, next, nil
}

// textsByID reads the texts with the given ids (0s are skipped), or every text when
// ids is nil.
func textsByID(ctx context.Context, tx *sql.Tx, ids []int64) (map[int64]string, error) {
	query := `SELECT id, text FROM texts`
	if ids != nil {
		var list strings.Builder
		for _, id := range ids {
			if id != 0 {
				if list.Len() > 0 {
					list.WriteByte(',')
				}
				list.WriteString(strconv.FormatInt(id, 10))
			}
		}
		if list.Len() == 0 {
			return map[int64]string{}, nil
		}
		query += ` WHERE id IN (` + list.String() + `)`
	}
	texts := map[int64]string{}
	err := eachRow(ctx, tx, query, nil, func(r *sql.Rows) error {
		var id int64
		var s string
		err := r.Scan(&id, &s)
		texts[id] = s
		return err
	})
	return texts, err
}

// textBook is texts read back by id, with the reasons decoded from them: a plan's
// reasons repeat, so each is decoded once, and shared by the options that give it.
// The texts table numbers its texts from 1, so a book of most of them (a report's)
// keeps them in a slice by id: a report looks up two texts per option of every
// order, a million orders' tens of millions of map look-ups otherwise.
type textBook struct {
	byID    map[int64]string
	reasons map[int64]*logistics.Sentence
	dense   []textEntryByID // by id, when byID's ids are dense enough (else nil)
}

type textEntryByID struct {
	text   string
	known  bool
	reason *logistics.Sentence // decoded once: nil until then
}

func newTextBook(byID map[int64]string) *textBook {
	tb := &textBook{byID: byID, reasons: map[int64]*logistics.Sentence{}}
	top := int64(0)
	for id := range byID {
		top = max(top, id)
	}
	if len(byID) >= 1024 && top < 2*int64(len(byID)) {
		tb.dense = make([]textEntryByID, top+1)
		for id, t := range byID {
			if id >= 0 {
				tb.dense[id] = textEntryByID{text: t, known: true}
			}
		}
	}
	return tb
}

// entry is the dense entry of id (nil: none, or the book is not dense).
func (tb *textBook) entry(id int64) *textEntryByID {
	if uint64(id) < uint64(len(tb.dense)) && tb.dense[id].known {
		return &tb.dense[id]
	}
	return nil
}

// text is the text with id.
func (tb *textBook) text(id int64) (string, error) {
	if e := tb.entry(id); e != nil {
		return e.text, nil
	}
	s, ok := tb.byID[id]
	if !ok {
		return "", fmt.Errorf("%w: unknown text %d", errOptionsBlob, id)
	}
	return s, nil
}

// reason is the reason kept as the text with id (appendSentence).
func (tb *textBook) reason(id int64) (*logistics.Sentence, error) {
	e := tb.entry(id)
	if e != nil && e.reason != nil {
		return e.reason, nil
	}
	if e == nil {
		if s, ok := tb.reasons[id]; ok {
			return s, nil
		}
	}
	t, err := tb.text(id)
	if err != nil {
		return nil, err
	}
	s, err := parseSentence(t)
	if err != nil {
		return nil, fmt.Errorf("%w: text %d: %w", errOptionsBlob, id, err)
	}
	if e != nil {
		e.reason = s
	} else {
		tb.reasons[id] = s
	}
	return s, nil
}
