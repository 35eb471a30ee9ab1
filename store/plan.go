package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"shipmode/logistics"
)

// PlanInput is what planning a period needs, read by DB.PlanInput.
type PlanInput struct {
	// Orders are the open orders of the period in planning order (order date, then
	// reference), each with its override: pass them to logistics.Engine.Plan, which
	// emits decisions in the same order. Their Lines share one backing array.
	Orders []logistics.PlanOrder
	// IDs[i] is the store id of Orders[i]: hand it to SavePlan with its decision.
	IDs []int64
	// Current[i] is what the latest plan assigned to Orders[i] (Mode 0: not planned or
	// unassignable).
	Current []Assignment
	// Shipped are the shipped orders of the period, in planning order, with the
	// assignment of their last decision: their mode and cost are final.
	Shipped []ShippedOrder
}

// Assignment is the chosen option of a decision and its total (base-currency minor
// units).
type Assignment struct {
	Mode   logistics.Mode // 0: none
	Option string
	Total  int64
}

// ShippedOrder is a shipped order with the assignment it shipped under.
type ShippedOrder struct {
	ID    int64
	Order logistics.Order
	Assignment
}

// Planned lists the open orders that the latest plan assigned, for
// logistics.Engine.Quote.
func (in *PlanInput) Planned() []logistics.Planned {
	var ps []logistics.Planned
	for i := range in.Orders {
		if a := in.Current[i]; a.Mode != 0 {
			ps = append(ps, logistics.Planned{Order: in.Orders[i].Order, Mode: a.Mode, Option: a.Option})
		}
	}
	return ps
}

// dateBounds turns an inclusive period into SQL bounds; 0 or NoDate is open.
func dateBounds(from, to logistics.Date) (int64, int64) {
	lo, hi := int64(from), int64(to)
	if from == 0 || from == logistics.NoDate {
		lo = -1 << 62
	}
	if to == 0 || to == logistics.NoDate {
		hi = 1 << 62
	}
	return lo, hi
}

// PlanInput reads the open and shipped orders dated from..to (inclusive; 0 or
// logistics.NoDate leaves an end open) in planning order. Cancelled orders are left
// out. Memory is about 250 bytes per order (measured: 250 MiB for a million): one
// slice of orders, one of lines, and marketplace, country, currency and SKU strings
// shared.
func (db *DB) PlanInput(ctx context.Context, from, to logistics.Date) (PlanInput, error) {
	return db.planInput(ctx, from, to, true, nil)
}

// readyEvery is how many more open orders PlanInputFunc reads between calls of ready.
const readyEvery = 4096

// PlanInputFunc is PlanInput that also hands the open orders over while it reads
// them, so that planning can start on them (logistics.Planner.Add): ready, if not
// nil, is called with in.Orders[:n] each time a few thousand more orders are final
// (whole days, in planning order), and once at the end with all of them. The
// orders it is given are never changed or moved afterwards. It leaves out what
// planning does not need: the latest assignments (Current is nil, Shipped have none).
func (db *DB) PlanInputFunc(ctx context.Context, from, to logistics.Date, ready func([]logistics.PlanOrder)) (PlanInput, error) {
	return db.planInput(ctx, from, to, false, ready)
}

// linesSlab is how many order lines planInput allocates at a time.
const linesSlab = 1 << 16

func (db *DB) planInput(ctx context.Context, from, to logistics.Date, assignments bool, ready func([]logistics.PlanOrder)) (PlanInput, error) {
	var in PlanInput
	err := db.read(ctx, "read orders to plan", func(tx *sql.Tx) error {
		skus, err := skuNames(ctx, tx)
		if err != nil {
			return err
		}
		lo, hi := dateBounds(from, to)
		// Size the slices first: no growing copies of a million orders (lines come
		// in slabs). Counting the period's orders of any status reads only the date
		// index: a little more room than needed, at a fraction of the cost.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE order_date BETWEEN ? AND ?`,
			lo, hi).Scan(&n); err != nil {
			return err
		}
		in.Orders = make([]logistics.PlanOrder, 0, n)
		in.IDs = make([]int64, 0, n)
		// Fewer, wider columns: each column of each row costs the driver a few calls.
		// Country and currency are codes, without the separator (char 31).
		cols := `o.id, o.order_date, o.promised_days, o.status, o.ref, o.postal_code, o.marketplace,
			o.country || char(31) || o.currency || char(31) || o.lines,
			CASE WHEN o.parcel_length_mm IS NULL THEN NULL
				ELSE o.parcel_length_mm || ' ' || o.parcel_width_mm || ' ' || o.parcel_height_mm || ' ' || o.parcel_weight_g END,
			o.override_mode, o.override_option, o.override_reason`
		from := "orders o"
		if assignments {
			in.Current = make([]Assignment, 0, n)
			cols += ", d.mode, d.option_id, d.total"
			from += " LEFT JOIN decisions d ON d.order_id = o.id"
		}
		var lines []logistics.Line
		rows, err := tx.QueryContext(ctx, `SELECT `+cols+` FROM `+from+`
			WHERE o.order_date BETWEEN ? AND ? AND o.status IN (1, 2)
			ORDER BY o.order_date, o.id`, lo, hi) // the orders_date index's order: no sort
		if err != nil {
			return err
		}
		defer rows.Close()
		var markets, countries, currencies, options interner
		day, handed := 0, 0 // the first open order of the day being read; how many ready has
		endDay := func() {
			in.sortDay(day, len(in.Orders))
			day = len(in.Orders)
			if ready != nil && day-handed >= readyEvery {
				ready(in.Orders[:day])
				handed = day
			}
		}
		for rows.Next() {
			var (
				id, date, promised, status          int64
				ref, postal, market, ccl, parcelTxt sql.RawBytes
				ovMode, dMode, dTotal               sql.NullInt64
				ovOption, ovReason                  sql.NullString
				dOption                             sql.RawBytes
			)
			dest := []any{&id, &date, &promised, &status, &ref, &postal, &market, &ccl, &parcelTxt, &ovMode, &ovOption, &ovReason}
			if assignments {
				dest = append(dest, &dMode, &dOption, &dTotal)
			}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			country, rest, _ := bytes.Cut(ccl, []byte{31})
			cur, lineTxt, _ := bytes.Cut(rest, []byte{31})
			o := logistics.Order{Ref: string(ref), Marketplace: markets.get(market), Date: logistics.Date(date),
				Country: countries.get(country), PostalCode: string(postal), Currency: currencies.get(cur),
				PromisedDays: int(promised)}
			if parcelTxt != nil {
				p, err := parseParcel(parcelTxt)
				if err != nil {
					return fmt.Errorf("order %d: %w", id, err)
				}
				o.Parcel = &p
			}
			if cap(lines)-len(lines) < 256 {
				lines = make([]logistics.Line, 0, linesSlab) // (an order with more lines grows it by append)
			}
			start := len(lines)
			err := eachLine(string(lineTxt), func(skuID, qty int64, price logistics.Dec) error {
				if skuID <= 0 || skuID >= int64(len(skus)) { // (an empty SKU is a SKU: the line needs product data)
					return fmt.Errorf("unknown SKU id %d", skuID)
				}
				lines = append(lines, logistics.Line{SKU: skus[skuID], Qty: qty, UnitPrice: price})
				return nil
			})
			if err != nil {
				return fmt.Errorf("order %d: %w", id, err)
			}
			o.Lines = lines[start:len(lines):len(lines)]
			a := Assignment{Mode: logistics.Mode(dMode.Int64), Option: options.get(dOption), Total: dTotal.Int64}
			if logistics.Status(status) == logistics.Shipped {
				in.Shipped = append(in.Shipped, ShippedOrder{ID: id, Order: o, Assignment: a})
				continue
			}
			if day < len(in.Orders) && in.Orders[day].Order.Date != o.Date {
				endDay()
			}
			po := logistics.PlanOrder{Order: o}
			if ovMode.Valid {
				po.Override = &logistics.Override{Mode: logistics.Mode(ovMode.Int64), Option: ovOption.String, Reason: ovReason.String}
			}
			in.Orders = append(in.Orders, po)
			in.IDs = append(in.IDs, id)
			if assignments {
				in.Current = append(in.Current, a)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		in.sortDay(day, len(in.Orders))
		if ready != nil {
			ready(in.Orders)
		}
		return nil
	})
	if err != nil {
		return PlanInput{}, err
	}
	in.sortShipped()
	return in, nil
}

// parseParcel reads "length width height weight" (mm, mm, mm, g).
func parseParcel(b []byte) (logistics.Parcel, error) {
	var v [4]int64
	f := bytes.Fields(b)
	if len(f) != len(v) {
		return logistics.Parcel{}, fmt.Errorf("parcel %q: want 4 numbers", b)
	}
	for i := range v {
		n, err := strconv.ParseInt(string(f[i]), 10, 64)
		if err != nil {
			return logistics.Parcel{}, fmt.Errorf("parcel %q: %w", b, err)
		}
		v[i] = n
	}
	return logistics.Parcel{LengthMM: v[0], WidthMM: v[1], HeightMM: v[2], WeightG: v[3]}, nil
}

// planningOrder orders the orders of one day, read by id: by reference, then
// marketplace, then id.
func planningOrder(a, b *logistics.Order, ida, idb int64) int {
	if c := strings.Compare(a.Ref, b.Ref); c != 0 {
		return c
	}
	if c := strings.Compare(a.Marketplace, b.Marketplace); c != 0 {
		return c
	}
	return cmp.Compare(ida, idb)
}

// sortDay puts the open orders [lo, hi), all of one day, in planning order.
func (in *PlanInput) sortDay(lo, hi int) {
	if hi-lo > 1 {
		sort.Sort(openDay{in, lo, hi, planningOrder})
	}
}

// sortShipped puts the shipped orders of each day in planning order.
func (in *PlanInput) sortShipped() {
	less := planningOrder
	for lo := 0; lo < len(in.Shipped); {
		hi := lo + 1
		for hi < len(in.Shipped) && in.Shipped[hi].Order.Date == in.Shipped[lo].Order.Date {
			hi++
		}
		slices.SortFunc(in.Shipped[lo:hi], func(a, b ShippedOrder) int { return less(&a.Order, &b.Order, a.ID, b.ID) })
		lo = hi
	}
}

// openDay sorts the open orders [lo, hi) of a PlanInput with their ids and
// assignments.
type openDay struct {
	in     *PlanInput
	lo, hi int
	cmp    func(a, b *logistics.Order, ida, idb int64) int
}

func (d openDay) Len() int { return d.hi - d.lo }
func (d openDay) Less(i, j int) bool {
	i, j = i+d.lo, j+d.lo
	return d.cmp(&d.in.Orders[i].Order, &d.in.Orders[j].Order, d.in.IDs[i], d.in.IDs[j]) < 0
}
func (d openDay) Swap(i, j int) {
	i, j = i+d.lo, j+d.lo
	in := d.in
	in.Orders[i], in.Orders[j] = in.Orders[j], in.Orders[i]
	in.IDs[i], in.IDs[j] = in.IDs[j], in.IDs[i]
	if in.Current != nil {
		in.Current[i], in.Current[j] = in.Current[j], in.Current[i]
	}
}

// skuNames returns the skus table as a slice indexed by id ("" where none).
func skuNames(ctx context.Context, tx *sql.Tx) ([]string, error) {
	var max int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM skus`).Scan(&max); err != nil {
		return nil, err
	}
	names := make([]string, max+1)
	err := eachRow(ctx, tx, `SELECT id, sku FROM skus`, nil, func(r *sql.Rows) error {
		var id int64
		var sku string
		if err := r.Scan(&id, &sku); err != nil {
			return err
		}
		names[id] = sku
		return nil
	})
	return names, err
}

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

// PlanRun describes one planning run.
type PlanRun struct {
	ID         int64          // set by SavePlan
	StartedAt  time.Time      // when planning started; zero: when SavePlan was called
	FinishedAt time.Time      // set by SavePlan
	From, To   logistics.Date // the period planned (0: open)
	RateBookID int64          // the RateBookVersion.ID planned with; 0: unknown
	Rounds     int            // logistics.PlanStats.Rounds
	Decisions  int            // set by SavePlan: how many decisions it saved
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
		chunks: make(chan planChunk, 4), ready: make(chan struct{})}
	perr := plan(ps.save)
	if perr == nil {
		// The last rows, or none at all: a run that decided nothing is still recorded.
		perr = ps.send()
	}
	if perr != nil {
		writerFirst := ps.failed() != nil
		cancel()
		if ps.started {
			close(ps.chunks)
			ps.wg.Wait()
		}
		if writerFirst {
			return PlanRun{}, ps.failed()
		}
		return PlanRun{}, fmt.Errorf("save plan: %w", perr)
	}
	close(ps.chunks)
	ps.wg.Wait()
	if err := ps.failed(); err != nil {
		return PlanRun{}, err
	}
	return run, nil
}

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

	mu   sync.Mutex
	werr error // the writer's error

	// The planner's goroutine's, once ready is closed.
	started  bool
	texts    map[string]int64 // the texts table
	recent   textCache        // in front of texts
	nextText int64
	chunk    planChunk
}

// planChunk is what the planner hands the writer: texts first, then decisions.
type planChunk struct {
	texts []textRow
	rows  []decisionRow
}

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
		save := func(tx *sql.Tx, conn *sql.Conn) error {
			texts, next, err := loadTexts(ps.ctx, tx)
			if err != nil {
				return err
			}
			ps.texts, ps.nextText, loaded = texts, next, true
			close(ps.ready)
			return writeDecisions(ps.ctx, tx, conn, ps.run, ps.chunks)
		}
		var exists bool
		first := ps.db.sql.QueryRowContext(ps.ctx, `SELECT EXISTS (SELECT 1 FROM decisions)`).Scan(&exists) == nil && !exists
		err := ps.db.writeConn(ps.ctx, "save plan", first, save) // the first plan: every page is new
		if !loaded {
			close(ps.ready)
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
	ps.chunk.rows = make([]decisionRow, 0, chunkRows)
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
	ps.chunk.rows = append(ps.chunk.rows, ps.newDecisionRow(orderID, d))
	if len(ps.chunk.rows) == chunkRows {
		return ps.send()
	}
	return nil
}

func (ps *planSaver) send() error {
	if !ps.started {
		if err := ps.start(); err != nil {
			return err
		}
	}
	select {
	case ps.chunks <- ps.chunk:
		ps.chunk = planChunk{rows: make([]decisionRow, 0, chunkRows)}
		return nil
	case <-ps.ctx.Done():
		if err := ps.failed(); err != nil {
			return err
		}
		return ps.ctx.Err()
	}
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

// decisionRow is a decision ready to be written: the decisions columns.
type decisionRow struct {
	orderID    int64
	mode       any // int64, or nil when unassignable
	option     string
	sla        int64
	total      int64
	currency   string
	bestDirect any // int64 (logistics.DirectBaseline), or nil without a feasible direct option
	bestTotal  any
	chosen     int64
	options    []byte
}

func (ps *planSaver) newDecisionRow(orderID int64, d *logistics.Decision) decisionRow {
	r := decisionRow{orderID: orderID, chosen: -1,
		currency: d.Currency, options: encodeOptions(d, ps.text)} // the reason is rebuilt when read
	if d.SLARisk {
		r.sla = 1
	}
	if o, ok := d.ChosenOption(); ok {
		r.mode, r.option, r.total, r.chosen = int64(o.Mode), o.ID, o.Total, int64(d.Chosen)
	}
	if c, ok := logistics.DirectBaseline(d.Options, d.Promise); ok {
		r.bestDirect = c
	}
	if c := cheapest(d.Options)[0]; c.Feasible {
		r.bestTotal = c.Minor
	}
	return r
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

// decisionCols are the decisions columns a plan writes, the parameters first; the
// explanation is rebuilt when read, so reason is always ”.
const decisionCols = `order_id, mode, option_id, sla_risk, total, currency,
	best_direct, best_total, chosen, options, reason, run_id`

func writeDecisions(ctx context.Context, tx *sql.Tx, conn *sql.Conn, run *PlanRun, chunks <-chan planChunk) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO plan_runs (started_at, finished_at, from_date, to_date, rate_book_id, rounds, orders)
		VALUES (?, 0, ?, ?, ?, ?, 0)`, run.StartedAt.UnixMilli(), int64(run.From), int64(run.To), nullID(run.RateBookID), run.Rounds)
	if err != nil {
		return fmt.Errorf("record run: %w", err)
	}
	if run.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	decisions, err := newBatcher(ctx, tx, conn, batchSpec{
		head: "INSERT INTO decisions (" + decisionCols + ")", cols: 10, literals: "'', " + strconv.FormatInt(run.ID, 10), rowsPer: 64,
		tail: `ON CONFLICT (order_id) DO UPDATE SET mode = excluded.mode, option_id = excluded.option_id, sla_risk = excluded.sla_risk, total = excluded.total,
			currency = excluded.currency, best_direct = excluded.best_direct, best_total = excluded.best_total,
			chosen = excluded.chosen, reason = excluded.reason, options = excluded.options, run_id = excluded.run_id`,
	})
	if err != nil {
		return err
	}
	defer decisions.close()
	texts, err := newBatcher(ctx, tx, nil, batchSpec{head: "INSERT INTO texts (id, text)", cols: 2, rowsPer: 64})
	if err != nil {
		return err
	}
	defer texts.close()
	n := 0
	written, err := newIDSet(ctx, tx)
	if err != nil {
		return err
	}
	for chunk := range chunks {
		for _, t := range chunk.texts {
			texts.add(t.id, t.text)
		}
		if err := texts.flush(ctx); err != nil {
			return err
		}
		for i := range chunk.rows {
			r := &chunk.rows[i]
			written.add(r.orderID)
			if decisions.add(r.orderID, r.mode, r.option, r.sla, r.total, r.currency,
				r.bestDirect, r.bestTotal, r.chosen, r.options) {
				if err := decisions.execFull(ctx); err != nil {
					return err
				}
			}
		}
		n += len(chunk.rows)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := decisions.flush(ctx); err != nil {
		return err
	}
	// Decisions have no foreign key (see the schema): check the orders once.
	if orphan, err := missingOrder(ctx, tx, written); err != nil {
		return err
	} else if orphan != 0 {
		return fmt.Errorf("%w: decision for order %d, which does not exist", ErrConflict, orphan)
	}
	run.FinishedAt = time.Now()
	run.Decisions = n
	_, err = tx.ExecContext(ctx, `UPDATE plan_runs SET finished_at = ?, orders = ? WHERE id = ?`,
		run.FinishedAt.UnixMilli(), n, run.ID)
	return err
}

// idSet is a set of order ids, a bit each, up to the largest id of the orders
// table; it remembers the smallest id added beyond that.
type idSet struct {
	bits   []uint64
	beyond int64 // smallest id added outside 1..max; 0: none
}

func newIDSet(ctx context.Context, tx *sql.Tx) (*idSet, error) {
	var maxID int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM orders`).Scan(&maxID); err != nil {
		return nil, err
	}
	return &idSet{bits: make([]uint64, maxID/64+1)}, nil
}

func (s *idSet) add(id int64) {
	if w := id / 64; id <= 0 || w >= int64(len(s.bits)) {
		if s.beyond == 0 || id < s.beyond {
			s.beyond = id
		}
		return
	}
	s.bits[id/64] |= 1 << (id % 64)
}

// missingOrder returns the smallest id of ids that no order has (0: none), with
// one pass over the order ids rather than a lookup per id. It empties ids.
func missingOrder(ctx context.Context, tx *sql.Tx, ids *idSet) (int64, error) {
	err := eachRow(ctx, tx, `SELECT id FROM orders`, nil, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		if w := id / 64; id > 0 && w < int64(len(ids.bits)) {
			ids.bits[w] &^= 1 << (id % 64)
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

// nullID is id, or NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Decision returns the latest decision of the order with id, every option included;
// ErrNotFound when the order has none.
func (db *DB) Decision(ctx context.Context, orderID int64) (logistics.Decision, error) {
	var d logistics.Decision
	err := db.read(ctx, fmt.Sprintf("read decision of order %d", orderID), func(tx *sql.Tx) error {
		var date, chosen, sla int64
		var blob []byte
		err := tx.QueryRowContext(ctx, `SELECT o.ref, o.order_date, o.country, d.currency, d.sla_risk,
			d.chosen, d.reason, d.options
			FROM decisions d JOIN orders o ON o.id = d.order_id WHERE d.order_id = ?`, orderID).Scan(&d.OrderRef, &date, &d.Country, &d.Currency, &sla, &chosen, &d.Reason, &blob)
		if err != nil {
			return mapErr(err)
		}
		d.Date, d.Chosen, d.SLARisk = logistics.Date(date), int(chosen), sla != 0
		dec, err := decodeOptions(blob)
		if err != nil {
			return err
		}
		if err := resolveTexts(ctx, tx, &dec); err != nil {
			return err
		}
		d.Options, d.Promise, d.Override = dec.opts, dec.promise, dec.override
		d.Reason = dec.explanation(d.Reason, d.Currency)
		return nil
	})
	if err != nil {
		return logistics.Decision{}, err
	}
	return d, nil
}

// Options blob, version 3: a version byte; the order's promise (uvarint); the
// override the choice was made under: its mode byte (0: none) and, when there is
// one, its option and reason as texts ids; the number of options; then per option:
// mode byte, feasible byte, id and reason as texts ids (0: empty), then for a
// feasible option transit days, chargeable g, the seven components, total and
// departure, for an infeasible one only its departure. Numbers are varints. Option
// ids and reasons repeat across orders (a zone, a batch, a missing stock), so they
// are kept once in the texts table. The explanation is not stored: it is
// logistics.Explain of the rest (version 2, without the promise and override, came
// with the explanation in the reason column).
const optionsVersion = 3

func encodeOptions(d *logistics.Decision, text func(string) int64) []byte {
	opts := d.Options
	b := make([]byte, 0, 8+24*len(opts))
	b = append(b, optionsVersion)
	b = binary.AppendUvarint(b, uint64(max(d.Promise, 0)))
	if ov := d.Override; ov != nil {
		b = append(b, byte(ov.Mode))
		b = binary.AppendUvarint(b, uint64(text(ov.Option)))
		b = binary.AppendUvarint(b, uint64(text(ov.Reason)))
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(opts)))
	for i := range opts {
		o := &opts[i]
		feasible := byte(0)
		if o.Feasible {
			feasible = 1
		}
		b = append(b, byte(o.Mode), feasible)
		b = binary.AppendUvarint(b, uint64(text(o.ID)))
		b = binary.AppendUvarint(b, uint64(text(o.Reason)))
		if !o.Feasible {
			b = binary.AppendVarint(b, int64(o.Departure)) // its numbers mean nothing
			continue
		}
		c := &o.Components
		for _, v := range [...]int64{int64(o.TransitDays), o.ChargeableG, c.Freight, c.Surcharges, c.Fuel, c.Fees,
			c.Storage, c.Headhaul, c.Duties, o.Total, int64(o.Departure)} {
			b = binary.AppendVarint(b, v)
		}
	}
	return b
}

// decodedOptions is an options blob read back. Texts come back as ids, to be
// filled in by resolve.
type decodedOptions struct {
	opts     []logistics.Option // IDs and Reasons empty
	ids      []int64            // texts ids, two per option: id, reason
	promise  int
	override *logistics.Override // Option and Reason empty
	ovIDs    [2]int64            // texts ids of the override's option and reason
	v2       bool                // written without promise and override: the reason column has the explanation
}

var errOptionsBlob = errors.New("damaged options data")

// decodeOptions decodes an options blob of version 2 or 3.
func decodeOptions(b []byte) (decodedOptions, error) {
	var d decodedOptions
	if len(b) == 0 || b[0] != optionsVersion && b[0] != 2 {
		return d, fmt.Errorf("%w: unknown version", errOptionsBlob)
	}
	d.v2 = b[0] == 2
	b = b[1:]
	bad := false
	num := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			bad, b = true, nil
			return 0
		}
		b = b[n:]
		return v
	}
	unum := func() int64 {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > 1<<62 {
			bad, b = true, nil
			return 0
		}
		b = b[n:]
		return int64(v)
	}
	if !d.v2 {
		d.promise = int(min(unum(), 1<<30))
		if len(b) == 0 {
			return d, fmt.Errorf("%w: no override byte", errOptionsBlob)
		}
		mode := logistics.Mode(b[0])
		b = b[1:]
		if mode != 0 {
			d.override = &logistics.Override{Mode: mode}
			d.ovIDs = [2]int64{unum(), unum()}
		}
	}
	n := unum()
	if bad || n > int64(len(b)) {
		return d, fmt.Errorf("%w: %d options", errOptionsBlob, n)
	}
	opts := make([]logistics.Option, n)
	ids := make([]int64, 0, 2*n)
	for i := range opts {
		if len(b) < 2 {
			return d, fmt.Errorf("%w: option %d cut short", errOptionsBlob, i)
		}
		o := &opts[i]
		o.Mode, o.Feasible = logistics.Mode(b[0]), b[1] == 1
		b = b[2:]
		ids = append(ids, unum(), unum())
		if !o.Feasible && !d.v2 {
			o.Departure = logistics.Date(num())
			if bad {
				return d, fmt.Errorf("%w: option %d", errOptionsBlob, i)
			}
			continue
		}
		o.TransitDays = int(num())
		o.ChargeableG = num()
		c := &o.Components
		c.Freight, c.Surcharges, c.Fuel, c.Fees = num(), num(), num(), num()
		c.Storage, c.Headhaul, c.Duties = num(), num(), num()
		o.Total = num()
		o.Departure = logistics.Date(num())
		if bad {
			return d, fmt.Errorf("%w: option %d", errOptionsBlob, i)
		}
	}
	if len(b) != 0 {
		return d, fmt.Errorf("%w: %d bytes left over", errOptionsBlob, len(b))
	}
	d.opts, d.ids = opts, ids
	return d, nil
}

// resolve fills in the texts of d from texts (id → text).
func (d *decodedOptions) resolve(texts func(id int64) (string, bool)) error {
	set := func(dst *string, id int64) error {
		if id == 0 {
			return nil
		}
		s, ok := texts(id)
		if !ok {
			return fmt.Errorf("%w: unknown text %d", errOptionsBlob, id)
		}
		*dst = s
		return nil
	}
	for i := range d.opts {
		if err := set(&d.opts[i].ID, d.ids[2*i]); err != nil {
			return err
		}
		if err := set(&d.opts[i].Reason, d.ids[2*i+1]); err != nil {
			return err
		}
	}
	if ov := d.override; ov != nil {
		if err := set(&ov.Option, d.ovIDs[0]); err != nil {
			return err
		}
		return set(&ov.Reason, d.ovIDs[1])
	}
	return nil
}

// explanation is the decision's Reason: the stored text of a version 2 blob, else
// rebuilt from the options, the promise and the override (resolved first).
func (d *decodedOptions) explanation(stored, currency string) string {
	if d.v2 || stored != "" {
		return stored
	}
	x := logistics.Explain(d.opts, d.promise, d.override)
	return string(x.AppendText(nil, d.opts, currency))
}

// resolveTexts fills in the texts of d from the texts table.
func resolveTexts(ctx context.Context, tx *sql.Tx, d *decodedOptions) error {
	texts, err := textsByID(ctx, tx, append(d.ids, d.ovIDs[:]...))
	if err != nil {
		return err
	}
	return d.resolve(func(id int64) (string, bool) { s, ok := texts[id]; return s, ok })
}
