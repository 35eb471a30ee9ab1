package ui

import (
	"container/list"
	"context"
	"sync"

	"fyne.io/fyne/v2"
)

// blockSize is the number of table rows fetched in one query.
const blockSize = 256

// maxBlocks is how many blocks the cache keeps (64 × 256 rows ≈ 16k rows, a few MB).
const maxBlocks = 64

// maxWanted bounds the queue of blocks waiting to be fetched: when the user scrolls
// fast, blocks that scrolled past are dropped and fetched again only if they come back
// into view.
const maxWanted = 8

// rowBlocks serves the rows of a virtualised table from a cache of blocks. The table
// asks for a row on the UI goroutine; a missing block is queued and fetched by one
// worker on the runner, most recently wanted first, and the table is refreshed when it
// arrives — the UI never waits on the database. reset starts a new query (a filter
// change): it cancels the fetch in flight and forgets every block.
type rowBlocks[R any] struct {
	run    runner
	fetch  func(ctx context.Context, offset, limit int) ([]R, error)
	loaded func()      // on the UI goroutine, after a block arrived
	failed func(error) // on the UI goroutine, after a fetch failed

	mu      sync.Mutex
	gen     int
	ctx     context.Context
	cancel  context.CancelFunc
	lru     *list.List // of *block[R], most recently used first
	byIndex map[int]*list.Element
	pending map[int]bool
	wanted  []int // most recent last
	working bool
	broken  bool // a fetch failed: fetch nothing more until reset
}

type block[R any] struct {
	index int
	rows  []R
}

func newRowBlocks[R any](run runner, fetch func(ctx context.Context, offset, limit int) ([]R, error), loaded func(), failed func(error)) *rowBlocks[R] {
	b := &rowBlocks[R]{run: run, fetch: fetch, loaded: loaded, failed: failed}
	b.clear()
	return b
}

// clear forgets everything; mu must be held (or b not yet shared).
func (b *rowBlocks[R]) clear() {
	if b.cancel != nil {
		b.cancel()
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.gen++
	b.lru = list.New()
	b.byIndex = map[int]*list.Element{}
	b.pending = map[int]bool{}
	b.wanted = nil
	b.broken = false
}

// reset starts over with a new fetch function (a new filter).
func (b *rowBlocks[R]) reset(fetch func(ctx context.Context, offset, limit int) ([]R, error)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.fetch = fetch
	b.clear()
}

// stop cancels the fetch in flight (the screen is going away).
func (b *rowBlocks[R]) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cancel()
}

// row returns row i if its block is cached; otherwise it queues the block and
// returns false (show a placeholder).
func (b *rowBlocks[R]) row(i int) (R, bool) {
	var zero R
	if i < 0 {
		return zero, false
	}
	idx := i / blockSize
	b.mu.Lock()
	defer b.mu.Unlock()
	if el, ok := b.byIndex[idx]; ok {
		b.lru.MoveToFront(el)
		blk := el.Value.(*block[R])
		if j := i - idx*blockSize; j < len(blk.rows) {
			return blk.rows[j], true
		}
		return zero, false
	}
	b.want(idx)
	return zero, false
}

// firstLen is the number of rows of block 0 if it is cached, or -1: before the count
// arrives the table shows the first block.
func (b *rowBlocks[R]) firstLen() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if el, ok := b.byIndex[0]; ok {
		return len(el.Value.(*block[R]).rows)
	}
	return -1
}

// prefetch queues block idx without asking for a row.
func (b *rowBlocks[R]) prefetch(idx int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.byIndex[idx]; !ok {
		b.want(idx)
	}
}

// want queues block idx; mu is held.
func (b *rowBlocks[R]) want(idx int) {
	if b.pending[idx] || b.broken {
		return
	}
	b.pending[idx] = true
	b.wanted = append(b.wanted, idx)
	if len(b.wanted) > maxWanted {
		drop := b.wanted[0]
		delete(b.pending, drop)
		b.wanted = b.wanted[1:]
	}
	if !b.working {
		b.working = true
		b.run(b.work)
	}
}

// work fetches wanted blocks, most recent first, until none is left.
func (b *rowBlocks[R]) work() {
	for {
		b.mu.Lock()
		if len(b.wanted) == 0 {
			b.working = false
			b.mu.Unlock()
			return
		}
		idx := b.wanted[len(b.wanted)-1]
		b.wanted = b.wanted[:len(b.wanted)-1]
		gen, ctx, fetch := b.gen, b.ctx, b.fetch
		b.mu.Unlock()

		rows, err := fetch(ctx, idx*blockSize, blockSize)
		fyne.Do(func() { b.arrive(gen, idx, rows, err) })
	}
}

// arrive stores a fetched block (unless the query changed meanwhile) and tells the
// table. It runs on the UI goroutine.
func (b *rowBlocks[R]) arrive(gen, idx int, rows []R, err error) {
	b.mu.Lock()
	if gen != b.gen {
		b.mu.Unlock()
		return
	}
	delete(b.pending, idx)
	if err != nil {
		cancelled := b.ctx.Err() != nil
		b.broken = !cancelled
		b.mu.Unlock()
		if !cancelled && b.failed != nil {
			b.failed(err)
		}
		return
	}
	b.byIndex[idx] = b.lru.PushFront(&block[R]{index: idx, rows: rows})
	for b.lru.Len() > maxBlocks {
		old := b.lru.Back()
		b.lru.Remove(old)
		delete(b.byIndex, old.Value.(*block[R]).index)
	}
	b.mu.Unlock()
	if b.loaded != nil {
		b.loaded()
	}
}
