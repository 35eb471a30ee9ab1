package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"unsafe"
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

// textCache remembers the texts ids of recent strings by the address of their
// bytes. The engine gives every decision the same few hundred option ids and
// reasons as the very same strings (a service's id, a zone's reason), so most of a
// plan's ten million lookups end here without hashing a sentence. An entry holds
// its string, so that its bytes cannot be freed and reused for another text.
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
