package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"

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
// out. Memory is a few hundred bytes per order: one slice of orders, one of lines,
// and marketplace, country, currency, postal code and SKU strings shared.
func (db *DB) PlanInput(ctx context.Context, from, to logistics.Date) (PlanInput, error) {
	var in PlanInput
	err := db.read(ctx, "read orders to plan", func(tx *sql.Tx) error {
		skus, err := skuNames(ctx, tx)
		if err != nil {
			return err
		}
		lo, hi := dateBounds(from, to)
		// Size the slices first: no growing copies of a million orders.
		var n, nLines int
		if err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(length(lines) - length(replace(lines, ';', ''))), 0)
			FROM orders WHERE order_date BETWEEN ? AND ? AND status IN (1, 2)`, lo, hi).Scan(&n, &nLines); err != nil {
			return err
		}
		in.Orders = make([]logistics.PlanOrder, 0, n)
		in.IDs = make([]int64, 0, n)
		in.Current = make([]Assignment, 0, n)
		lines := make([]logistics.Line, 0, nLines)
		rows, err := tx.QueryContext(ctx, `SELECT o.id, o.marketplace, o.ref, o.order_date, o.country, o.postal_code,
			o.currency, o.promised_days, o.parcel_length_mm, o.parcel_width_mm, o.parcel_height_mm, o.parcel_weight_g,
			o.lines, o.status, o.override_mode, o.override_option, o.override_reason, d.mode, d.option_id, d.total
			FROM orders o LEFT JOIN decisions d ON d.order_id = o.id
			WHERE o.order_date BETWEEN ? AND ? AND o.status IN (1, 2)
			ORDER BY o.order_date, o.ref, o.marketplace, o.id`, lo, hi)
		if err != nil {
			return err
		}
		defer rows.Close()
		var intern interner
		for rows.Next() {
			var (
				id, date, promised, status                 int64
				market, ref, country, postal, cur, lineTxt sql.RawBytes
				pl, pw, ph, pg, ovMode, dMode, dTotal      sql.NullInt64
				ovOption, ovReason, dOption                sql.NullString
			)
			if err := rows.Scan(&id, &market, &ref, &date, &country, &postal, &cur, &promised, &pl, &pw, &ph, &pg,
				&lineTxt, &status, &ovMode, &ovOption, &ovReason, &dMode, &dOption, &dTotal); err != nil {
				return err
			}
			o := logistics.Order{Ref: string(ref), Marketplace: intern.get(market), Date: logistics.Date(date),
				Country: intern.get(country), PostalCode: intern.get(postal), Currency: intern.get(cur),
				PromisedDays: int(promised)}
			if pl.Valid {
				o.Parcel = &logistics.Parcel{LengthMM: pl.Int64, WidthMM: pw.Int64, HeightMM: ph.Int64, WeightG: pg.Int64}
			}
			start := len(lines)
			err := eachLine(string(lineTxt), func(skuID, qty int64, price logistics.Dec) error {
				if skuID <= 0 || skuID >= int64(len(skus)) || skus[skuID] == "" {
					return fmt.Errorf("unknown SKU id %d", skuID)
				}
				lines = append(lines, logistics.Line{SKU: skus[skuID], Qty: qty, UnitPrice: price})
				return nil
			})
			if err != nil {
				return fmt.Errorf("order %d: %w", id, err)
			}
			o.Lines = lines[start:len(lines):len(lines)]
			a := Assignment{Mode: logistics.Mode(dMode.Int64), Option: intern.get([]byte(dOption.String)), Total: dTotal.Int64}
			if logistics.Status(status) == logistics.Shipped {
				in.Shipped = append(in.Shipped, ShippedOrder{ID: id, Order: o, Assignment: a})
				continue
			}
			po := logistics.PlanOrder{Order: o}
			if ovMode.Valid {
				po.Override = &logistics.Override{Mode: logistics.Mode(ovMode.Int64), Option: ovOption.String, Reason: ovReason.String}
			}
			in.Orders = append(in.Orders, po)
			in.IDs = append(in.IDs, id)
			in.Current = append(in.Current, a)
		}
		return rows.Err()
	})
	if err != nil {
		return PlanInput{}, err
	}
	return in, nil
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
type interner struct{ m map[string]string }

func (in *interner) get(b []byte) string {
	if s, ok := in.m[string(b)]; ok {
		return s
	}
	if in.m == nil {
		in.m = map[string]string{}
	}
	s := string(b)
	in.m[s] = s
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
// typically from logistics.Engine.Plan's emit:
//
//	run, err := db.SavePlan(ctx, run, func(save func(int64, *logistics.Decision) error) error {
//		i := 0
//		_, err := engine.Plan(in.Orders, func(d *logistics.Decision) error {
//			err := save(in.IDs[i], d)
//			i++
//			return err
//		})
//		return err
//	})
//
// save copies what it needs (d may be reused after it returns) and fails once
// storing has failed; its error should be returned by plan. Everything is written in
// one transaction, which begins at the first save (so that planning rounds before the
// first decision do not hold the write lock) and commits when plan returns nil; if
// plan or storing fails or ctx is cancelled, nothing is stored. The stored rows are
// written by another goroutine while planning goes on.
func (db *DB) SavePlan(ctx context.Context, run PlanRun, plan func(save func(orderID int64, d *logistics.Decision) error) error) (PlanRun, error) {
	if run.StartedAt.IsZero() {
		run.StartedAt = time.Now()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan []decisionRow, 4)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		werr    error // the writer's error
		started bool
	)
	failed := func() error {
		mu.Lock()
		defer mu.Unlock()
		return werr
	}
	startWriter := func() {
		started = true
		wg.Go(func() {
			err := db.write(ctx, "save plan", func(tx *sql.Tx) error {
				return writeDecisions(ctx, tx, &run, chunks)
			})
			if err != nil {
				mu.Lock()
				werr = err
				mu.Unlock()
				cancel()
				for range chunks { // unblock the planner
				}
			}
		})
	}
	var chunk []decisionRow
	send := func() error {
		if !started {
			startWriter()
		}
		select {
		case chunks <- chunk:
			chunk = make([]decisionRow, 0, chunkRows)
			return nil
		case <-ctx.Done():
			if err := failed(); err != nil {
				return err
			}
			return ctx.Err()
		}
	}
	chunk = make([]decisionRow, 0, chunkRows)
	save := func(orderID int64, d *logistics.Decision) error {
		if err := ctx.Err(); err != nil {
			if werr := failed(); werr != nil {
				return werr
			}
			return err
		}
		chunk = append(chunk, newDecisionRow(orderID, d))
		if len(chunk) == chunkRows {
			return send()
		}
		return nil
	}
	perr := plan(save)
	if perr == nil {
		// The last rows, or none at all: a run that decided nothing is still recorded.
		perr = send()
	}
	if perr != nil {
		writerFirst := failed() != nil
		cancel()
		if started {
			close(chunks)
			wg.Wait()
		}
		if writerFirst {
			return PlanRun{}, failed()
		}
		return PlanRun{}, fmt.Errorf("save plan: %w", perr)
	}
	close(chunks)
	wg.Wait()
	if err := failed(); err != nil {
		return PlanRun{}, err
	}
	return run, nil
}

// decisionRow is a decision ready to be written.
type decisionRow struct {
	orderID    int64
	date       int64
	country    string
	mode       any // int64, or nil when unassignable
	option     string
	chosen     int64
	sla        int64
	transit    int64
	chargeable int64
	comps      logistics.Components
	total      int64
	currency   string
	best       [5]any // by logistics.Mode: int64, or nil without a feasible option
	bestTotal  any
	reason     string
	options    []byte
}

func newDecisionRow(orderID int64, d *logistics.Decision) decisionRow {
	r := decisionRow{orderID: orderID, date: int64(d.Date), country: d.Country, chosen: -1,
		currency: d.Currency, reason: d.Reason, options: encodeOptions(d.Options)}
	if d.SLARisk {
		r.sla = 1
	}
	if o, ok := d.ChosenOption(); ok {
		r.mode, r.option, r.chosen = int64(o.Mode), o.ID, int64(d.Chosen)
		r.transit, r.chargeable, r.comps, r.total = int64(o.TransitDays), o.ChargeableG, o.Components, o.Total
	}
	for i := range d.Options {
		o := &d.Options[i]
		if !o.Feasible || o.Mode < logistics.ModeWarehouse || o.Mode > logistics.ModeDirect {
			continue
		}
		if b, ok := r.best[o.Mode].(int64); !ok || o.Total < b {
			r.best[o.Mode] = o.Total
		}
		if b, ok := r.bestTotal.(int64); !ok || o.Total < b {
			r.bestTotal = o.Total
		}
	}
	return r
}

const decisionCols = `order_id, order_date, country, mode, option_id, sla_risk, transit_days, chargeable_g,
	freight, surcharges, fuel, fees, storage, headhaul, duties, total, currency,
	best_warehouse, best_local, best_consolidation, best_direct, best_total, run_id`

func writeDecisions(ctx context.Context, tx *sql.Tx, run *PlanRun, chunks <-chan []decisionRow) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO plan_runs (started_at, finished_at, from_date, to_date, rate_book_id, rounds, orders)
		VALUES (?, 0, ?, ?, ?, ?, 0)`, run.StartedAt.UnixMilli(), int64(run.From), int64(run.To), nullID(run.RateBookID), run.Rounds)
	if err != nil {
		return fmt.Errorf("record run: %w", err)
	}
	if run.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	const rowsPer = 32
	decisions, err := newBatcher(ctx, tx, batchSpec{
		head: "INSERT INTO decisions (" + decisionCols + ")", cols: 22, literals: fmt.Sprint(run.ID), rowsPer: rowsPer,
		tail: `ON CONFLICT (order_id) DO UPDATE SET order_date = excluded.order_date, country = excluded.country,
			mode = excluded.mode, option_id = excluded.option_id, sla_risk = excluded.sla_risk,
			transit_days = excluded.transit_days, chargeable_g = excluded.chargeable_g, freight = excluded.freight,
			surcharges = excluded.surcharges, fuel = excluded.fuel, fees = excluded.fees, storage = excluded.storage,
			headhaul = excluded.headhaul, duties = excluded.duties, total = excluded.total, currency = excluded.currency,
			best_warehouse = excluded.best_warehouse, best_local = excluded.best_local,
			best_consolidation = excluded.best_consolidation, best_direct = excluded.best_direct,
			best_total = excluded.best_total, run_id = excluded.run_id`,
	})
	if err != nil {
		return err
	}
	defer decisions.close()
	details, err := newBatcher(ctx, tx, batchSpec{
		head: "INSERT INTO decision_details (order_id, chosen, reason, options)", cols: 4, rowsPer: rowsPer,
		tail: `ON CONFLICT (order_id) DO UPDATE SET chosen = excluded.chosen, reason = excluded.reason, options = excluded.options`,
	})
	if err != nil {
		return err
	}
	defer details.close()
	n := 0
	for chunk := range chunks {
		for i := range chunk {
			r := &chunk[i]
			c := &r.comps
			details.add(r.orderID, r.chosen, r.reason, r.options)
			full := decisions.add(r.orderID, r.date, r.country, r.mode, r.option, r.sla, r.transit, r.chargeable,
				c.Freight, c.Surcharges, c.Fuel, c.Fees, c.Storage, c.Headhaul, c.Duties, r.total, r.currency,
				r.best[logistics.ModeWarehouse], r.best[logistics.ModeLocal], r.best[logistics.ModeConsolidation],
				r.best[logistics.ModeDirect], r.bestTotal)
			if full {
				// Details reference their decision: write the decisions first.
				if err := decisions.execFull(ctx); err != nil {
					return err
				}
				if err := details.execFull(ctx); err != nil {
					return err
				}
			}
		}
		n += len(chunk)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := decisions.flush(ctx); err != nil {
		return err
	}
	if err := details.flush(ctx); err != nil {
		return err
	}
	run.FinishedAt = time.Now()
	run.Decisions = n
	_, err = tx.ExecContext(ctx, `UPDATE plan_runs SET finished_at = ?, orders = ? WHERE id = ?`,
		run.FinishedAt.UnixMilli(), n, run.ID)
	return err
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
		err := tx.QueryRowContext(ctx, `SELECT o.ref, d.order_date, d.country, d.currency, d.sla_risk,
			x.chosen, x.reason, x.options
			FROM decisions d JOIN decision_details x ON x.order_id = d.order_id JOIN orders o ON o.id = d.order_id
			WHERE d.order_id = ?`, orderID).Scan(&d.OrderRef, &date, &d.Country, &d.Currency, &sla, &chosen, &d.Reason, &blob)
		if err != nil {
			return mapErr(err)
		}
		d.Date, d.Chosen, d.SLARisk = logistics.Date(date), int(chosen), sla != 0
		d.Options, err = decodeOptions(blob)
		return err
	})
	if err != nil {
		return logistics.Decision{}, err
	}
	return d, nil
}

// Options blob, version 1: a version byte, the number of options, then per option:
// mode byte, feasible byte, id, reason, transit days, chargeable g, the seven
// components, total, departure. Numbers are signed varints. A string is a varint k:
// 0 is followed by a new string (length varint and bytes), k > 0 repeats the k-th new
// string of this blob (reasons repeat between options).
const optionsVersion = 1

func encodeOptions(opts []logistics.Option) []byte {
	b := make([]byte, 0, 16+48*len(opts))
	b = append(b, optionsVersion)
	b = binary.AppendVarint(b, int64(len(opts)))
	var seen []string
	str := func(s string) {
		for k, t := range seen {
			if t == s {
				b = binary.AppendVarint(b, int64(k+1))
				return
			}
		}
		seen = append(seen, s)
		b = binary.AppendVarint(b, 0)
		b = binary.AppendVarint(b, int64(len(s)))
		b = append(b, s...)
	}
	for i := range opts {
		o := &opts[i]
		feasible := byte(0)
		if o.Feasible {
			feasible = 1
		}
		b = append(b, byte(o.Mode), feasible)
		str(o.ID)
		str(o.Reason)
		c := &o.Components
		for _, v := range [...]int64{int64(o.TransitDays), o.ChargeableG, c.Freight, c.Surcharges, c.Fuel, c.Fees,
			c.Storage, c.Headhaul, c.Duties, o.Total, int64(o.Departure)} {
			b = binary.AppendVarint(b, v)
		}
	}
	return b
}

var errOptionsBlob = errors.New("damaged options data")

func decodeOptions(b []byte) ([]logistics.Option, error) {
	if len(b) == 0 || b[0] != optionsVersion {
		return nil, fmt.Errorf("%w: unknown version", errOptionsBlob)
	}
	b = b[1:]
	bad := false
	num := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			bad = true
			b = nil
			return 0
		}
		b = b[n:]
		return v
	}
	var seen []string
	str := func() string {
		k := num()
		if k > 0 {
			if int(k) > len(seen) {
				bad = true
				return ""
			}
			return seen[k-1]
		}
		n := num()
		if n < 0 || n > int64(len(b)) {
			bad = true
			return ""
		}
		s := string(b[:n])
		b = b[n:]
		seen = append(seen, s)
		return s
	}
	n := num()
	if n < 0 || n > int64(len(b)) {
		return nil, fmt.Errorf("%w: %d options", errOptionsBlob, n)
	}
	opts := make([]logistics.Option, n)
	for i := range opts {
		if len(b) < 2 {
			return nil, fmt.Errorf("%w: option %d cut short", errOptionsBlob, i)
		}
		o := &opts[i]
		o.Mode, o.Feasible = logistics.Mode(b[0]), b[1] == 1
		b = b[2:]
		o.ID = str()
		o.Reason = str()
		o.TransitDays = int(num())
		o.ChargeableG = num()
		c := &o.Components
		c.Freight, c.Surcharges, c.Fuel, c.Fees = num(), num(), num(), num()
		c.Storage, c.Headhaul, c.Duties = num(), num(), num()
		o.Total = num()
		o.Departure = logistics.Date(num())
		if bad {
			return nil, fmt.Errorf("%w: option %d", errOptionsBlob, i)
		}
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes left over", errOptionsBlob, len(b))
	}
	return opts, nil
}
