package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// refIndex keeps every order reference in memory for a search anywhere in them:
// looking through a million references in memory takes 15 to 40 ms, where reading
// them from the database for each search took 70 ms of CPU on a connection whose
// page cache holds the orders_key index and 0.4 s on one that does not — the
// first search after opening, and its count and id list, each on a connection
// of its own — and more on PostgreSQL (a scan of the orders table; a trigram
// index there made an import of a million orders 35 s slower). About 16 bytes
// an order (16 MB for a million): the references alone, without the orders' ids,
// which a search that finds few references reads from orders_key by reference.
//
// It is read by a goroutine of its own, started by PrepareSearch (the orders
// screen, when it opens) or by the first search, and again by the first search
// once the references may have changed (refKey). On SQLite the read takes 0.16 s
// of CPU at 1M (one statement over the index, its file mapped) and a search waits
// for it (awaitRefs); on PostgreSQL, until it is ready, searches read the
// references from the database.
type refIndex struct {
	mu    sync.Mutex
	off   bool // tests: every search reads the references from the database
	built bool
	key   refKey
	// text holds every reference, joined by 0s; folded is text with its ASCII
	// letters in lower case (text itself when it has no upper-case letter, as the
	// references of most marketplaces).
	text, folded string
	// reading is closed when the read under way ends (nil: none is).
	reading chan struct{}
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

// PrepareSearch starts reading the order references into memory in the
// background, for the searches to come (the orders screen calls it when it opens),
// unless they are read or being read.
func (db *DB) PrepareSearch() {
	x := &db.refs
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.built {
		x.startReadLocked(db)
	}
}

// awaitRefs, on SQLite, before a search starts its transaction (the read needs a
// connection of its own), waits until the references in memory are those the
// database holds now, starting a read of them if none is under way: reading them
// costs no more than one search reading them from the database, which the search's
// count and id list would each do again. A change meanwhile (an import) leaves
// the search to read them from the database (see find).
func (db *DB) awaitRefs(ctx context.Context, f OrderFilter) error {
	if db.pg || strings.TrimSpace(f.Search) == "" {
		return nil
	}
	x := &db.refs
	x.mu.Lock()
	if x.off {
		x.mu.Unlock()
		return nil
	}
	built, key, wait := x.built, x.key, x.reading
	x.mu.Unlock()
	if built && wait == nil {
		var now refKey
		err := db.read(ctx, "read the order references' key", func(tx *sql.Tx) error {
			var err error
			now, err = readRefKey(ctx, tx)
			return err
		})
		if err != nil || now == key {
			return err
		}
	}
	x.mu.Lock()
	wait = x.startReadLocked(db)
	x.mu.Unlock()
	if wait == nil {
		return nil
	}
	select {
	case <-wait:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// find returns the ids of the orders (as tx sees them) whose reference contains s
// (not empty), ASCII letters in any case as LIKE compares them, and ok true; or
// ok false when more than few orders (or references) hold it. When the references
// in memory are not those tx sees, it reports ready false: see startRead.
func (x *refIndex) find(ctx context.Context, tx *sql.Tx, s string, few int) (ids []int64, ok, ready bool, err error) {
	key, err := readRefKey(ctx, tx)
	if err != nil {
		return nil, false, false, err
	}
	x.mu.Lock()
	if x.off || !x.built || x.key != key {
		x.mu.Unlock()
		return nil, false, false, nil
	}
	text, folded := x.text, x.folded
	x.mu.Unlock()
	needle := lowerASCII(s)
	if needle == "" || strings.IndexByte(needle, 0) >= 0 {
		return nil, true, true, nil // (no reference holds a 0)
	}
	var refs []any
	for at := 0; at < len(folded); {
		j := strings.Index(folded[at:], needle)
		if j < 0 {
			break
		}
		// the reference the match is in (it does not cross a 0)
		start := strings.LastIndexByte(folded[:at+j], 0) + 1
		end := strings.IndexByte(folded[at+j:], 0)
		if end < 0 {
			end = len(folded) // (the last)
		} else {
			end += at + j
		}
		refs = append(refs, text[start:end])
		if len(refs) > few {
			return nil, false, true, nil
		}
		at = end + 1
	}
	if len(refs) == 0 {
		return nil, true, true, nil
	}
	// their orders, from orders_key (a reference is in it once per marketplace)
	marks := strings.Repeat("?, ", len(refs))
	err = eachRow(ctx, tx, "SELECT id FROM orders WHERE ref IN ("+marks[:len(marks)-2]+")", refs, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return nil, false, false, err
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return ids, len(ids) <= few, true, nil
}

// startRead starts reading the references into memory, unless that is under way
// (or off).
func (x *refIndex) startRead(db *DB) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.startReadLocked(db)
}

// startReadLocked is startRead with x.mu held; it returns what is closed when the
// read under way ends (nil when off).
func (x *refIndex) startReadLocked(db *DB) chan struct{} {
	if x.off {
		return nil
	}
	if x.reading == nil {
		x.reading = make(chan struct{})
		go x.read(db, x.reading)
	}
	return x.reading
}

// read reads every reference into x, in a read transaction of its own, then
// closes done; a failure (the database closed meanwhile) leaves x as it was, to
// be read again.
func (x *refIndex) read(db *DB, done chan struct{}) {
	var key refKey
	var text string
	var err error
	if db.pg {
		key, text, err = readRefsPG(db)
	} else {
		key, text, err = readRefsSQLite(db)
	}
	folded := foldASCII(text)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.reading = nil
	close(done)
	if err == nil {
		x.built, x.key, x.text, x.folded = true, key, text, folded
	}
}

// refsMmap is how much of the database file the connection that reads the
// references maps.
const refsMmap = 1 << 40

// readRefsSQLite reads the references in one statement, every reference of the
// narrow orders_key index joined by 0s (row by row through database/sql, a
// million of them cost 0.7 s of CPU), on a connection of its own whose reads go
// to the file mapped in memory rather than through its page cache: on a
// connection that had not read the index, 0.16 s of CPU at 1M instead of 0.4 to
// 0.8 s (measured on a busy machine).
// The map is given back before the connection returns to the pool.
func readRefsSQLite(db *DB) (key refKey, text string, err error) {
	ctx := context.Background()
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return key, "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA mmap_size = `+strconv.Itoa(refsMmap)); err == nil {
		defer conn.ExecContext(ctx, `PRAGMA mmap_size = 0`)
	}
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return key, "", err
	}
	defer tx.Rollback()
	if key, err = readRefKey(ctx, tx); err != nil {
		return key, "", err
	}
	var all sql.NullString // (NULL: no order)
	if err := tx.QueryRowContext(ctx, `SELECT group_concat(ref, char(0)) FROM orders`).Scan(&all); err != nil {
		return key, "", err
	}
	return key, all.String, tx.Commit()
}

// readRefsPG reads the references row by row (PostgreSQL's text holds no 0 to
// join them with).
func readRefsPG(db *DB) (key refKey, text string, err error) {
	ctx := context.Background()
	var b strings.Builder
	err = db.read(ctx, "read order references", func(tx *sql.Tx) error {
		var err error
		if key, err = readRefKey(ctx, tx); err != nil {
			return err
		}
		return eachRow(ctx, tx, `SELECT ref FROM orders`, nil, func(r *sql.Rows) error {
			var ref sql.RawBytes
			if err := r.Scan(&ref); err != nil {
				return err
			}
			if b.Len() > 0 {
				b.WriteByte(0)
			}
			b.Write(ref)
			return nil
		})
	})
	return key, b.String(), err
}

// foldASCII is text with its ASCII letters in lower case: text itself when it
// has none in upper case.
func foldASCII(text string) string {
	for i := 0; i < len(text); i++ {
		if 'A' <= text[i] && text[i] <= 'Z' {
			folded := []byte(text)
			for j := i; j < len(folded); j++ {
				if c := folded[j]; 'A' <= c && c <= 'Z' {
					folded[j] = c + 'a' - 'A'
				}
			}
			return string(folded)
		}
	}
	return text
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
