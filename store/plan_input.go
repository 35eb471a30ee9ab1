package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

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
	// ReadAt is the row version they were read at: give it to SavePlan
	// (PlanRun.ReadAt).
	ReadAt int64
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
// them, so that planning can start on them (logistics.Planner.Add; PlanOrders does
// the same faster, in another order): ready, if not nil, is called with
// in.Orders[:n] each time a few thousand more orders are final (whole days, in
// planning order), and once at the end with all of them. The orders it is given
// are never changed or moved afterwards. It leaves out what planning does not
// need: the latest assignments (Current is nil, Shipped have none).
func (db *DB) PlanInputFunc(ctx context.Context, from, to logistics.Date, ready func([]logistics.PlanOrder)) (PlanInput, error) {
	return db.planInput(ctx, from, to, false, ready)
}

// linesSlab is how many order lines planInput allocates at a time.
const linesSlab = 1 << 16

func (db *DB) planInput(ctx context.Context, from, to logistics.Date, assignments bool, ready func([]logistics.PlanOrder)) (PlanInput, error) {
	var in PlanInput
	err := db.read(ctx, "read orders to plan", func(tx *sql.Tx) error {
		var err error
		if in.ReadAt, err = changeCounter(ctx, tx); err != nil {
			return err
		}
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
		// Few, wide columns: each column of each row costs the driver several calls
		// (each behind SQLite's connection mutex), more than SQLite spends joining
		// them. The numbers come as one text (id, date, promise, status and, when
		// the order has one, the parcel); country and currency are codes, without
		// the separator (unitSep), as are override modes and option ids.
		cols := `o.id || ' ' || o.order_date || ' ' || o.promised_days || ' ' || o.status ||
				coalesce(' ' || o.parcel_length_mm || ' ' || o.parcel_width_mm || ' ' || o.parcel_height_mm || ' ' || o.parcel_weight_g, ''),
			o.ref, o.postal_code, o.marketplace,
			o.country || ` + unitSep + ` || o.currency || ` + unitSep + ` || o.lines,
			o.override_mode || ` + unitSep + ` || o.override_option || ` + unitSep + ` || o.override_reason`
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
		// One set of destinations for every row: Scan's arguments escape.
		var (
			numTxt, ref, postal, market, ccl, ovTxt sql.RawBytes
			dMode, dTotal                           sql.NullInt64
			dOption                                 sql.RawBytes
		)
		dest := []any{&numTxt, &ref, &postal, &market, &ccl, &ovTxt}
		if assignments {
			dest = append(dest, &dMode, &dOption, &dTotal)
		}
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			var num [8]int64
			k, err := parseInts(numTxt, num[:])
			if err != nil || (k != 4 && k != 8) {
				return fmt.Errorf("order numbers %q: want 4 or 8 integers", numTxt)
			}
			id, date, promised, status := num[0], num[1], num[2], num[3]
			country, rest, _ := bytes.Cut(ccl, []byte{31})
			cur, lineTxt, _ := bytes.Cut(rest, []byte{31})
			o := logistics.Order{Ref: string(ref), Marketplace: markets.get(market), Date: logistics.Date(date),
				Country: countries.get(country), PostalCode: string(postal), Currency: currencies.get(cur),
				PromisedDays: int(promised)}
			if k == 8 {
				o.Parcel = &logistics.Parcel{LengthMM: num[4], WidthMM: num[5], HeightMM: num[6], WeightG: num[7]}
			}
			if cap(lines)-len(lines) < 256 {
				lines = make([]logistics.Line, 0, linesSlab) // (an order with more lines grows it by append)
			}
			start := len(lines)
			err = eachLine(string(lineTxt), func(skuID, qty int64, price logistics.Dec) error {
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
			if ovTxt != nil {
				if po.Override, err = parseOverride(ovTxt); err != nil {
					return fmt.Errorf("order %d: %w", id, err)
				}
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

// parseInts reads the integers of b, separated by one space each, into v and
// returns how many there were.
func parseInts(b []byte, v []int64) (int, error) {
	k := 0
	var over error
	err := eachInt(b, func(n int64) {
		if k == len(v) {
			over = fmt.Errorf("more than %d numbers", len(v))
			return
		}
		v[k] = n
		k++
	})
	if err == nil {
		err = over
	}
	return k, err
}

// parseOverride reads "mode␟option␟reason" (␟ is char 31; the reason may hold
// anything).
func parseOverride(b []byte) (*logistics.Override, error) {
	mode, rest, ok1 := bytes.Cut(b, []byte{31})
	option, reason, ok2 := bytes.Cut(rest, []byte{31})
	m, err := strconv.ParseInt(string(mode), 10, 64)
	if !ok1 || !ok2 || err != nil {
		return nil, fmt.Errorf("override %q: want mode, option and reason", b)
	}
	return &logistics.Override{Mode: logistics.Mode(m), Option: string(option), Reason: string(reason)}, nil
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

// unitSep is the SQL literal of the separator (char 31, the ASCII unit separator)
// between the codes of a plan input row: a quoted character, which SQLite and
// PostgreSQL read alike.
const unitSep = "'\x1f'"
