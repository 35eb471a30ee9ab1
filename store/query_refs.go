package store

import (
	"bytes"
	"context"
	"database/sql"
	"sort"
	"strings"
	"sync"
)

// refIndex keeps every order reference in memory for a search anywhere in them:
// reading a million references from the database takes 0.15 s of CPU on SQLite (a
// walk of the orders_key index) and more on PostgreSQL (a scan of the orders table;
// a trigram index there made an import of a million orders 35 s slower), where
// looking through them in memory takes 15 to 40 ms. About 32 bytes an order (32 MB
// for a million). It is read by a goroutine of its own, started after the first
// search and again after the first search once the references may have changed
// (refKey); until it is ready, searches read the references from the database.
type refIndex struct {
	mu       sync.Mutex
	off      bool // tests: every search reads the references from the database
	built    bool
	building bool
	key      refKey
	ids      []int64 // of the orders, in the order of text
	ends     []int   // ends[i]: the offset in text of the 0 that ends reference i
	text     []byte  // every reference, ASCII letters in lower case, each followed by a 0
}

// refKey tells when the references may have changed: a reference never changes
// once its order is stored, a new order takes an id above every other, and an
// import that deletes orders (or empties the table) records itself in imports and
// takes a row version (nextChange).
type refKey struct {
	change, maxOrder, maxImport int64
}

func readRefKey(ctx context.Context, tx *sql.Tx) (refKey, error) {
	var k refKey
	err := tx.QueryRowContext(ctx, `SELECT (SELECT n FROM change_counter WHERE id = 1),
		(SELECT coalesce(max(id), 0) FROM orders), (SELECT coalesce(max(id), 0) FROM imports)`).Scan(&k.change, &k.maxOrder, &k.maxImport)
	return k, err
}

// find returns the ids of the orders (as tx sees them) whose reference contains s
// (not empty), ASCII letters in any case as LIKE compares them, and ok true; or
// more than few of them and ok false. When the references in memory are not those
// tx sees, it reports ready false: see startRead.
func (x *refIndex) find(ctx context.Context, tx *sql.Tx, s string, few int) (ids []int64, ok, ready bool, err error) {
	key, err := readRefKey(ctx, tx)
	if err != nil {
		return nil, false, false, err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.off {
		return nil, false, false, nil
	}
	if !x.built || x.key != key {
		return nil, false, false, nil
	}
	needle := []byte(lowerASCII(s))
	if len(needle) == 0 || bytes.IndexByte(needle, 0) >= 0 {
		return nil, true, true, nil // (no reference holds a 0)
	}
	for at := 0; at < len(x.text); {
		j := bytes.Index(x.text[at:], needle)
		if j < 0 {
			break
		}
		// the reference the match is in (it does not cross a 0)
		i := sort.SearchInts(x.ends, at+j)
		ids = append(ids, x.ids[i])
		if len(ids) > few {
			return ids, false, true, nil
		}
		at = x.ends[i] + 1
	}
	return ids, true, true, nil
}

// startRead starts reading the references into memory, unless that is under way
// (or off).
func (x *refIndex) startRead(db *DB) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.building && !x.off {
		x.building = true
		go x.read(db)
	}
}

// read reads every reference into x, in a read transaction of its own; a failure
// (the database closed meanwhile) leaves x as it was, to be read again.
func (x *refIndex) read(db *DB) {
	var key refKey
	var ids []int64
	var ends []int
	var text []byte
	// SQLite reads them from the narrow orders_key index in its order
	q := `SELECT id, ref FROM orders ORDER BY ref, marketplace`
	if db.pg {
		q = `SELECT id, ref FROM orders`
	}
	ctx := context.Background()
	err := db.read(ctx, "read order references", func(tx *sql.Tx) error {
		var err error
		if key, err = readRefKey(ctx, tx); err != nil {
			return err
		}
		return eachRow(ctx, tx, q, nil, func(r *sql.Rows) error {
			var id int64
			var ref sql.RawBytes
			if err := r.Scan(&id, &ref); err != nil {
				return err
			}
			for _, c := range ref {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				text = append(text, c)
			}
			ends = append(ends, len(text))
			text = append(text, 0)
			ids = append(ids, id)
			return nil
		})
	})
	x.mu.Lock()
	defer x.mu.Unlock()
	x.building = false
	if err == nil {
		x.built, x.key, x.ids, x.ends, x.text = true, key, ids, ends, text
	}
}

// lowerASCII is s with its ASCII letters in lower case.
func lowerASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
