package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"shipmode/crash"
	"shipmode/logistics"
)

// PlanRun describes one planning run.
type PlanRun struct {
	ID         int64          // set by SavePlan
	StartedAt  time.Time      // when planning started; zero: when SavePlan was called
	FinishedAt time.Time      // set by SavePlan
	From, To   logistics.Date // the period planned (0: open)
	RateBookID int64          // the RateBookVersion.ID planned with; 0: unknown
	Rounds     int            // logistics.PlanStats.Rounds
	Decisions  int            // set by SavePlan: how many decisions it saved
	// ReadAt is the row version the orders were read at (PlanInput.ReadAt): the
	// orders changed since — imported again, overridden, cancelled by another
	// desktop while the plan ran — keep no decision of this run and are planned
	// next time. 0: not known, nothing is dropped.
	ReadAt  int64
	Dropped int // set by SavePlan: decisions dropped for orders changed since ReadAt
	// Orders is how many decisions the plan is expected to save (len of the
	// PlanInput's Orders), a hint for how to write them; 0: not known.
	Orders int
}

// SavePlan stores the decisions of a planning run, each replacing the previous
// decision of its order. plan is called once and calls save for every decision,
// typically from logistics.Engine.Plan's emit, which gives the index of the order:
//
//	run, err := db.SavePlan(ctx, run, func(save func(int64, *logistics.Decision) error) error {
//		_, err := engine.Plan(in.Orders, func(i int, d *logistics.Decision) error {
//			return save(in.IDs[i], d)
//		})
//		return err
//	})
//
// save copies what it needs (d may be reused after it returns) and fails once
// storing has failed; plan should return that error. Everything is written in one
// transaction, which begins at the first save (so that planning rounds before the
// first decision do not hold the write lock) and commits when plan returns nil; if
// plan or storing fails or ctx is cancelled, nothing is stored. Rows are written by
// another goroutine while planning goes on. A decision for an order id that does not
// exist fails the whole plan with ErrConflict.
func (db *DB) SavePlan(ctx context.Context, run PlanRun, plan func(save func(orderID int64, d *logistics.Decision) error) error) (PlanRun, error) {
	if run.StartedAt.IsZero() {
		run.StartedAt = time.Now()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ps := &planSaver{db: db, ctx: ctx, cancel: cancel, run: &run,
		chunks: make(chan planChunk, 4), ready: make(chan struct{}), trace: logistics.PlanTraceOf(ctx)}
	perr := plan(ps.save)
	if perr == nil {
		// The last rows, or none at all: a run that decided nothing is still recorded.
		perr = ps.send(true)
	}
	if ps.trace != nil && perr == nil {
		ps.trace.Mark(fmt.Sprintf("planner: last decisions sent (it waited %.2f s in all for the writer)", ps.waited.Seconds()))
	}
	if perr != nil {
		writerFirst := ps.failed() != nil
		cancel()
		if ps.started {
			close(ps.chunks)
			ps.wg.Wait()
		}
		ps.panics.Raise()
		if writerFirst {
			return PlanRun{}, ps.failed()
		}
		return PlanRun{}, fmt.Errorf("save plan: %w", perr)
	}
	close(ps.chunks)
	ps.wg.Wait()
	ps.panics.Raise()
	if err := ps.failed(); err != nil {
		return PlanRun{}, err
	}
	return run, nil
}

// writerCacheKiB is the page cache of the connection writing a plan.
const writerCacheKiB = 16384

// errWriterPanicked fails a plan whose writer panicked (SavePlan raises the panic
// itself once the writer is done).
var errWriterPanicked = errors.New("the plan's writer stopped")

// planSaver is one SavePlan: the planner's goroutine turns decisions into rows
// (save); a writer goroutine, started at the first save, holds the transaction.
type planSaver struct {
	db     *DB
	ctx    context.Context
	cancel func()
	run    *PlanRun
	chunks chan planChunk
	ready  chan struct{} // closed once the writer has loaded texts (or failed)
	wg     sync.WaitGroup
	panics crash.Group // the writer's panic, raised again by SavePlan

	mu   sync.Mutex
	werr error // the writer's error

	// The planner's goroutine's, once ready is closed.
	started       bool
	texts         map[string]int64 // the texts table
	recent        textCache        // in front of texts
	recentReasons reasonCache      // in front of texts
	scratch       []byte           // the text of a reason
	nextText      int64
	written       *idSet    // the orders decided (the writer's once the chunks are closed)
	cells         planCells // the dashboard's sums of the decisions (the writer's, as written)
	// window holds the latest decisions, up to windowRows, and sends the half with
	// the smallest order ids when it is full: see add.
	window []decisionRow
	spare  []decisionRow // the window's next array (see send)
	order  []rowAt       // window's rows by order id, once sorted
	keys   []uint64      // scratch of send
	boxed  [64]boxedText
	chunk  planChunk
	trace  logistics.PlanTrace // (from ctx)
	waited time.Duration       // for trace: how long send waited for the writer
}

// boxedText is a text as a parameter (boxing it costs an allocation): the few
// option ids of a plan are boxed once each.
type boxedText struct {
	s string
	v any
}

// box returns s as a parameter.
func (ps *planSaver) box(s string) any {
	e := &ps.boxed[(uintptr(unsafe.Pointer(unsafe.StringData(s)))>>3^uintptr(len(s)))%uintptr(len(ps.boxed))]
	if e.v == nil || e.s != s {
		e.s, e.v = s, s
	}
	return e.v
}

// rowAt is a row of the window by its order id.
type rowAt struct {
	id  int64
	row int
}

// decisionRow is a decision's row before it is written.
type decisionRow struct {
	key  stmtKey
	args [stmtParams]any
}

// planChunk is what the planner hands the writer: texts first, then decisions,
// each full statement's worth (and, in the last chunk, the rest).
type planChunk struct {
	texts []textRow
	stmts []stmtDecisions
	rows  int // decisions in stmts
}

// stmtDecisions are decisions that one statement writes: what they share, and the
// values of their parameters (decisionCols), stmtParams per decision.
type stmtDecisions struct {
	key  stmtKey
	args []any
}

// stmtParams is the number of parameters per decision of decisionCols, and
// stmtRows the decisions of a full statement.
const (
	stmtParams = 9
	stmtRows   = 64
)

// windowRows is how many decisions the planner's goroutine keeps to put them in
// the order of their ids (see add); it sends the half with the smallest ids when it
// has that many, a chunk of windowRows/2/stmtRows statements.
const windowRows = 8192

type textRow struct {
	id   int64
	text string
}

func (ps *planSaver) failed() error {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return ps.werr
}

func (ps *planSaver) fail(err error) {
	ps.mu.Lock()
	if ps.werr == nil {
		ps.werr = err
	}
	ps.mu.Unlock()
	ps.cancel()
}

// start begins the transaction on the writer goroutine and waits until it has read
// the texts table.
func (ps *planSaver) start() error {
	ps.started = true
	ps.wg.Go(func() {
		loaded := false
		var exists bool
		first := ps.db.sql.QueryRowContext(ps.ctx, `SELECT EXISTS (SELECT 1 FROM decisions)`).Scan(&exists) == nil && !exists
		defer ps.panics.Catch(func() {
			// The planner goes on until it hears: fail it, and take what it sends.
			if !loaded {
				close(ps.ready)
			}
			ps.fail(errWriterPanicked)
			for range ps.chunks {
			}
		})
		save := func(tx *sql.Tx, conn *sql.Conn) error {
			if !ps.db.pg {
				// Decisions are written once, in the order of their pages (see send): a
				// small page cache writes them as well as a large one, and a million
				// of them do not take the memory of the connection's usual cache.
				var size int64
				if conn.QueryRowContext(ps.ctx, `PRAGMA cache_size`).Scan(&size) == nil && size < -writerCacheKiB {
					if _, err := conn.ExecContext(ps.ctx, `PRAGMA cache_size = -`+strconv.Itoa(writerCacheKiB)); err == nil {
						defer conn.ExecContext(context.WithoutCancel(ps.ctx), `PRAGMA cache_size = `+strconv.FormatInt(size, 10))
					}
				}
			}
			texts, next, err := loadTexts(ps.ctx, tx)
			if err != nil {
				return err
			}
			written, err := newIDSet(ps.ctx, tx)
			if err != nil {
				return err
			}
			sums, err := ps.db.trackSummary(ps.ctx, tx)
			if err != nil {
				return err
			}
			ps.texts, ps.nextText, ps.written, loaded = texts, next, written, true
			ps.trace.Mark("writer: transaction begun, texts read")
			close(ps.ready)
			if err := writeDecisions(ps.ctx, tx, conn, ps.run, ps.chunks, written, ps.db.pg); err != nil {
				return err
			}
			return sums.finishPlan(ps.ctx, tx, ps.run, &ps.cells)
		}
		// The first plan on SQLite: every page is new (a rollback journal). On
		// PostgreSQL the statistics a bulk write gathers after are those of its
		// tables, decisions (empty before) and texts, not every table's.
		err := ps.db.writeConn(ps.ctx, "save plan", first && !ps.db.pg, save)
		if err == nil {
			ps.trace.Mark("writer: committed")
		}
		if !loaded {
			close(ps.ready)
		}
		if err == nil && first && ps.db.pg {
			ps.db.sql.ExecContext(context.WithoutCancel(ps.ctx), `ANALYZE decisions, texts`)
		}
		if err != nil {
			ps.fail(err)
			for range ps.chunks { // unblock the planner
			}
		}
	})
	<-ps.ready
	if err := ps.failed(); err != nil {
		return err
	}
	ps.window = make([]decisionRow, 0, windowRows)
	return nil
}

func (ps *planSaver) save(orderID int64, d *logistics.Decision) error {
	if err := ps.ctx.Err(); err != nil {
		if werr := ps.failed(); werr != nil {
			return werr
		}
		return err
	}
	if !ps.started {
		if err := ps.start(); err != nil {
			return err
		}
	}
	ps.add(orderID, d)
	if len(ps.window) == windowRows {
		return ps.send(false)
	}
	return nil
}

// send hands the writer the half of the window with the smallest order ids, in
// their order; the last one (end) takes every decision still waiting.
//
// Decisions come in planning order (date, then reference), and an import gives
// the orders of a file their ids in its order, which is mostly by date: within
// a few thousand decisions, the ids are those of a few dates, in any order. In the
// order of their ids the rows go into the table's B-tree at its end, each page
// filled once, rather than into pages written before (a first plan of a million
// orders writes a third less CPU time and a tenth fewer pages).
func (ps *planSaver) send(end bool) error {
	if !ps.started {
		if err := ps.start(); err != nil {
			return err
		}
	}
	w := ps.window
	ps.order = ps.order[:0]
	packed := true // every id in [0, 2⁴⁹): sorted as numbers, id << 14 | row
	for i := range w {
		id := w[i].args[0].(int64)
		packed = packed && id >= 0 && id < 1<<49
		ps.order = append(ps.order, rowAt{id, i})
	}
	if packed && len(w) <= 1<<14 {
		keys := ps.keys[:0]
		for _, r := range ps.order {
			keys = append(keys, uint64(r.id)<<14|uint64(r.row))
		}
		slices.Sort(keys)
		for k, v := range keys {
			ps.order[k] = rowAt{int64(v >> 14), int(v & (1<<14 - 1))}
		}
		ps.keys = keys
	} else {
		slices.SortFunc(ps.order, func(a, b rowAt) int { return cmp.Compare(a.id, b.id) })
	}
	n := len(w)
	if !end {
		n /= 2
	}
	stmts := ps.chunk.stmts
	for k := 0; k < n; {
		key := w[ps.order[k].row].key
		m := k + 1
		for m < n && m-k < stmtRows && w[ps.order[m].row].key == key {
			m++
		}
		args := make([]any, 0, stmtParams*(m-k))
		for _, r := range ps.order[k:m] {
			args = append(args, w[r.row].args[:]...)
		}
		stmts = append(stmts, stmtDecisions{key: key, args: args})
		ps.chunk.rows += m - k
		k = m
	}
	ps.chunk.stmts = stmts
	// The rest stay, in the order of their ids (sorted again faster), in the spare
	// window; w, whose values the statements copied, is the next spare (a new
	// window per send would be a tenth of what a plan allocates).
	if cap(ps.spare) < len(w)-n {
		ps.spare = make([]decisionRow, 0, cap(w))
	}
	rest := ps.spare[:len(w)-n]
	for k, r := range ps.order[n:] {
		rest[k] = w[r.row]
	}
	clear(w) // (what the statements hold is theirs)
	ps.window, ps.spare = rest, w[:0]
	if ps.trace != nil {
		defer func(start time.Time) { ps.waited += time.Since(start) }(time.Now())
	}
	select {
	case ps.chunks <- ps.chunk:
		ps.chunk = planChunk{}
		return nil
	case <-ps.ctx.Done():
		if err := ps.failed(); err != nil {
			return err
		}
		return ps.ctx.Err()
	}
}

// add turns d into the parameters of a decisions row, in the window.
func (ps *planSaver) add(orderID int64, d *logistics.Decision) {
	k := stmtKey{currency: d.Currency}
	var sla, total, chosen int64 = 0, 0, -1
	var mode any // NULL when unassignable
	option := ps.box("")
	if d.SLARisk {
		sla = 1
	}
	if o, ok := d.ChosenOption(); ok {
		mode, option, total, chosen = int64(o.Mode), ps.box(o.ID), o.Total, int64(d.Chosen)
	}
	var bestDirect, bestTotal any // NULL without a feasible option
	if c, ok := logistics.DirectBaseline(d.Options, d.Promise); ok {
		bestDirect = c
	}
	if c := cheapest(d.Options)[0]; c.Feasible {
		bestTotal = c.Minor
	}
	options := encodeOptions(d, ps.text, ps.reason) // (the explanation is rebuilt when read)
	ps.window = append(ps.window, decisionRow{key: k,
		args: [stmtParams]any{orderID, sla, total, bestDirect, bestTotal, chosen, options, mode, option}})
	ps.written.add(orderID)
	ps.cells.add(d, mode, sla, total, bestDirect, bestTotal)
}

// cheapest is logistics.Cheapest as Costs.
func cheapest(opts []logistics.Option) [len(logistics.Modes) + 1]Cost {
	total, ok := logistics.Cheapest(opts)
	var best [len(logistics.Modes) + 1]Cost
	for k := range best {
		best[k] = Cost{Minor: total[k], Feasible: ok[k]}
	}
	return best
}

// decisionCols are the decisions columns a plan writes, the parameters first. The
// rest are the same for every decision of a statement: the currency (the base
// currency: one statement for a plan), the reason (always ”: the explanation is
// rebuilt when read) and the run. The chosen option's mode and id are parameters,
// so that the rows of a statement are consecutive decisions by order id (see send).
const decisionCols = `order_id, sla_risk, total, best_direct, best_total, chosen, options,
	mode, option_id, currency, reason, run_id`

// stmtKey is what the decisions of one statement share.
type stmtKey struct {
	currency string
}

// literals are the values of k's columns in decisionCols, for run (on
// PostgreSQL with pg).
func (k stmtKey) literals(run int64, pg bool) string {
	return sqlString(k.currency, pg) + ", '', " + strconv.FormatInt(run, 10)
}

// writeDecisions writes the decisions the planner sends: inserted only into an
// empty table (the first plan: no conflict to look for), else each replacing the
// order's decision. written are the orders the planner has sent decisions for
// once it has closed chunks.
func writeDecisions(ctx context.Context, tx *sql.Tx, conn *sql.Conn, run *PlanRun, chunks <-chan planChunk, written *idSet, pg bool) error {
	var exists bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM decisions)`).Scan(&exists); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO plan_runs (started_at, finished_at, from_date, to_date, rate_book_id, rounds, orders, read_at)
		VALUES (?, 0, ?, ?, ?, ?, 0, ?) RETURNING id`, run.StartedAt.UnixMilli(), int64(run.From), int64(run.To), nullID(run.RateBookID), run.Rounds, run.ReadAt).Scan(&run.ID); err != nil {
		return fmt.Errorf("record run: %w", err)
	}
	upsert := `ON CONFLICT (order_id) DO UPDATE SET mode = excluded.mode, option_id = excluded.option_id, sla_risk = excluded.sla_risk, total = excluded.total,
			currency = excluded.currency, best_direct = excluded.best_direct, best_total = excluded.best_total,
			chosen = excluded.chosen, reason = excluded.reason, options = excluded.options, run_id = excluded.run_id`
	if !exists {
		upsert = "" // (a decision for an order twice fails the plan: the primary key)
	}
	var rebuild []string // the decisions' indexes to create again (see dropDecisionIndexes)
	if !pg {
		var existing int64
		if exists && run.Orders > 0 {
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM decisions`).Scan(&existing); err != nil {
				return err
			}
		}
		if (!exists || existing > 0) && rebuildWorthIt(int64(run.Orders), existing) {
			var err error
			if rebuild, err = dropDecisionIndexes(ctx, tx); err != nil {
				return err
			}
		}
	}
	texts, err := newBatcher(ctx, tx, conn, batchSpec{head: "INSERT INTO texts (id, text)", cols: 2, rowsPer: 64})
	if err != nil {
		return err
	}
	defer texts.close()
	var n int
	if pg {
		var textRows []textRow
		if n, textRows, err = copyDecisions(ctx, tx, conn, run.ID, chunks, upsert); err != nil {
			return err
		}
		for _, t := range textRows {
			texts.add(t.id, t.text)
		}
	} else if n, err = insertDecisions(ctx, tx, conn, run.ID, chunks, upsert, texts); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := texts.flush(ctx); err != nil {
		return err
	}
	trace := logistics.PlanTraceOf(ctx)
	// Decisions have no foreign key (see the schema): check the orders once.
	if orphan, err := missingOrder(ctx, tx, written); err != nil {
		return err
	} else if orphan != 0 {
		return fmt.Errorf("%w: decision for order %d, which does not exist", ErrConflict, orphan)
	}
	if run.ReadAt > 0 {
		if now, err := changeCounter(ctx, tx); err != nil {
			return err
		} else if now > run.ReadAt {
			res, err := tx.ExecContext(ctx, `DELETE FROM decisions WHERE run_id = ?
				AND order_id IN (SELECT id FROM orders WHERE changed_in > ?)`, run.ID, run.ReadAt)
			if err != nil {
				return err
			}
			dropped, err := res.RowsAffected()
			if err != nil {
				return err
			}
			run.Dropped = int(dropped)
			n -= run.Dropped
		}
	}
	trace.Mark("writer: orders checked")
	if err := rebuildIndexes(ctx, tx, rebuild); err != nil {
		return err
	}
	run.FinishedAt = time.Now()
	run.Decisions = n
	_, err = tx.ExecContext(ctx, `UPDATE plan_runs SET finished_at = ?, orders = ? WHERE id = ?`,
		run.FinishedAt.UnixMilli(), n, run.ID)
	return err
}

// insertDecisions writes the decisions of chunks with multi-row INSERTs (each
// replacing the order's decision with upsert, its ON CONFLICT clause), and their
// texts with texts (full statements only: flush it after). It returns how many
// decisions it wrote.
func insertDecisions(ctx context.Context, tx *sql.Tx, conn *sql.Conn, runID int64, chunks <-chan planChunk, upsert string, texts *batcher) (int, error) {
	decisions := map[stmtKey]*batcher{}
	defer func() {
		for _, b := range decisions {
			b.close()
		}
	}()
	n := 0
	// For a trace: how long the writer waited for decisions.
	trace, idle := logistics.PlanTraceOf(ctx), time.Duration(0)
	for {
		var chunk planChunk
		var ok bool
		if trace != nil {
			start := time.Now()
			chunk, ok = <-chunks
			idle += time.Since(start)
		} else {
			chunk, ok = <-chunks
		}
		if !ok {
			break
		}
		for _, t := range chunk.texts { // (only full statements: the rest waits for the next chunk)
			if texts.add(t.id, t.text) {
				if err := texts.execFull(ctx); err != nil {
					return 0, err
				}
			}
		}
		for _, st := range chunk.stmts {
			b := decisions[st.key]
			if b == nil {
				var err error
				b, err = newBatcher(ctx, tx, conn, batchSpec{
					head: "INSERT INTO decisions (" + decisionCols + ")", cols: stmtParams, rowsPer: stmtRows, tail: upsert,
					literals: st.key.literals(runID, false),
				})
				if err != nil {
					return 0, err
				}
				decisions[st.key] = b
			}
			if err := b.exec(ctx, st.args); err != nil {
				return 0, err
			}
		}
		n += chunk.rows
	}
	if trace != nil {
		trace.Mark(fmt.Sprintf("writer: every decision inserted (it waited %.2f s in all for the planner)", idle.Seconds()))
	}
	return n, nil
}

// idSet is a set of order ids, a bit each, up to the largest id of the orders
// table; it remembers the smallest id added beyond that.
type idSet struct {
	bits   []uint64
	maxID  int64 // the largest id of the orders table
	beyond int64 // smallest id added outside 1..maxID; 0: none
}

func newIDSet(ctx context.Context, tx *sql.Tx) (*idSet, error) {
	var maxID int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM orders`).Scan(&maxID); err != nil {
		return nil, err
	}
	return &idSet{bits: make([]uint64, maxID/64+1), maxID: maxID}, nil
}

func (s *idSet) add(id int64) {
	if id <= 0 || id > s.maxID {
		if s.beyond == 0 || id < s.beyond {
			s.beyond = id
		}
		return
	}
	s.bits[id/64] |= 1 << (id % 64)
}

// missingOrder returns the smallest id of ids that no order has (0: none). When
// the orders' ids are lo..max without a gap — no order was ever deleted, as after
// an import into an empty table — only ids below lo can be missing besides those
// beyond max, which costs two lookups; else it makes one pass over the order ids
// (rather than a lookup per id), emptying ids.
func missingOrder(ctx context.Context, tx *sql.Tx, ids *idSet) (int64, error) {
	var n, lo int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM orders`).Scan(&n); err != nil {
		return 0, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(min(id), 1) FROM orders`).Scan(&lo); err != nil {
		return 0, err
	}
	if n == ids.maxID-lo+1 {
		for id := int64(1); id < lo; id++ { // (lo is 1 unless the first orders were deleted)
			if ids.bits[id/64]&(1<<(id%64)) != 0 {
				return id, nil
			}
		}
		return ids.beyond, nil
	}
	err := eachRow(ctx, tx, `SELECT id FROM orders`, nil, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		if id > 0 && id <= ids.maxID {
			ids.bits[id/64] &^= 1 << (id % 64)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for w, b := range ids.bits {
		if b != 0 {
			return int64(w*64 + bits.TrailingZeros64(b)), nil
		}
	}
	return ids.beyond, nil
}

// sqlString is s as an SQL text literal: quoted when it is printable ASCII, else
// spelt out in hexadecimal (a NUL cannot be quoted), in PostgreSQL's words with pg.
func sqlString(s string, pg bool) string {
	for i := range len(s) {
		if s[i] < ' ' || s[i] > '~' {
			if pg {
				return "convert_from('\\x" + hex.EncodeToString([]byte(s)) + "'::bytea, 'UTF8')"
			}
			return "CAST(X'" + hex.EncodeToString([]byte(s)) + "' AS TEXT)"
		}
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// nullID is id, or NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
