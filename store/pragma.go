package store

import (
	"context"
	"database/sql"
	"strconv"
)

// The SQLite settings an operation changes on its connection for a while, each
// with what restores it. They are the connection's, not the transaction's: a
// rollback keeps them, so each caller restores them itself.

// sortOnDisk lets SQLite's sorter keep the keys of an index it builds in one block
// of memory, spilling to a temporary file past the cache size, instead of a
// malloc'd piece per key (temp_store = MEMORY, the store's setting, keeps the
// sorter in memory piece by piece): building the indexes of a million-line import
// takes some 0.6 s less CPU (orders_country 0.85 s instead of 1.35). It returns
// what restores the setting. A connection whose temporary database is open cannot
// change it inside a transaction: it then keeps it. SQLite's tx only.
func sortOnDisk(ctx context.Context, tx *sql.Tx) (restore func()) {
	var was int
	if tx.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&was) != nil || was == 1 {
		return func() {}
	}
	if _, err := tx.ExecContext(ctx, `PRAGMA temp_store = FILE`); err != nil {
		return func() {}
	}
	return func() { tx.ExecContext(context.WithoutCancel(ctx), `PRAGMA temp_store = `+strconv.Itoa(was)) }
}

// sortCacheKiB is the page cache of the plan's writer while it builds the
// decisions' indexes: SQLite's sorter sorts runs of keys as large as the cache
// (cache_size) and merges them, and small runs sort within the CPU's caches.
// Building both indexes of 788,621 decisions: 1.14-1.21 s CPU instead of
// 2.05-2.26 with the writer's cache (16 MiB) and keys malloc'd one by one
// (temp_store = MEMORY), five runs each, alternating; 2 MiB and 512 KiB do about
// as well, 4 to 16 MiB worse.
const sortCacheKiB = 1024

// sortInSmallRuns lets SQLite's sorter keep the keys of the indexes rebuildIndexes
// builds in one block of memory, in runs of sortCacheKiB spilt to a temporary
// file, instead of a malloc'd piece per key (temp_store = MEMORY, the store's
// setting), as a first import does for its indexes (sortOnDisk). It
// returns what restores both settings. A connection whose temporary database is
// open cannot change temp_store inside a transaction: it then keeps it.
func sortInSmallRuns(ctx context.Context, tx *sql.Tx) (restore func()) {
	cache := pageCache(ctx, tx, sortCacheKiB)
	temp := sortOnDisk(ctx, tx)
	return func() {
		temp()
		cache()
	}
}

// pageCache sets the page cache of tx's connection to kib KiB (PRAGMA
// cache_size) and returns what restores it. Each page the cache holds is memory
// of its own, allocated when the cache first fills and given back a page at a time
// when the connection closes, so that a bulk writer appending pages does better
// with a small cache, which holds only pages already written, than with the
// store's 64 MiB; and SQLite's sorter sorts the keys of an index it builds in runs
// the size of the cache. SQLite's tx only.
func pageCache(ctx context.Context, tx *sql.Tx, kib int) (restore func()) {
	var was int
	if tx.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&was) != nil {
		return func() {}
	}
	if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -`+strconv.Itoa(kib)); err != nil {
		return func() {}
	}
	return func() { tx.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = `+strconv.Itoa(was)) }
}

// readMmap is how much of the database file a bulk reading reads mapped in
// memory (PRAGMA mmap_size; see mapFile).
const readMmap = 1 << 31

// mapFile lets tx's connection read pages that its page cache does not hold from
// the database file mapped in memory (PRAGMA mmap_size = readMmap), without a
// system call and a copy each, and returns what stops that. Pages the
// transaction writes are still written to the file. SQLite's tx only.
func mapFile(ctx context.Context, tx *sql.Tx) (restore func()) {
	if _, err := tx.ExecContext(ctx, `PRAGMA mmap_size = `+strconv.Itoa(readMmap)); err != nil {
		return func() {}
	}
	return func() { tx.ExecContext(context.WithoutCancel(ctx), `PRAGMA mmap_size = 0`) }
}
