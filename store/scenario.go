package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"shipmode/logistics"
)

// LatestOrderDate returns the latest order date of the orders that are not
// cancelled; ok is false when there are none.
func (db *DB) LatestOrderDate(ctx context.Context) (d logistics.Date, ok bool, err error) {
	err = db.read(ctx, "latest order date", func(tx *sql.Tx) error {
		var v sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT max(order_date) FROM orders WHERE status IN (1, 2)`).Scan(&v); err != nil {
			return err
		}
		d, ok = logistics.Date(v.Int64), v.Valid
		return nil
	})
	return d, ok, err
}

// ScenarioOrder is an order of a scenario's history with what its latest decision
// chose (SPEC §9).
type ScenarioOrder struct {
	ID      int64
	Order   logistics.Order
	Shipped bool // shipped, else open
	Assignment
}

// ScenarioOrders reads the orders (open and shipped, not cancelled) dated from..to
// (inclusive; 0 or NoDate leaves an end open) whose every line is of one of skus —
// the only orders a scenario of those SKUs can move — with their latest decision's
// assignment. It finds them through sku_days: the range of each SKU's key in the
// period gives the packs of the orders with a line of the SKUs, with their units of
// them and all their units; an order whose units are all of them (every line's qty
// being positive) has no line of another SKU, and only those are read, by id.
// (Reading every order with a line of the SKUs took 0.6 s of CPU for two best
// sellers of the million-order demo, whose 65,000 such orders are mostly of several
// SKUs.) The open orders come first, then the shipped ones, each in planning order
// (as PlanInput lists them).
func (db *DB) ScenarioOrders(ctx context.Context, from, to logistics.Date, skus []string) ([]ScenarioOrder, error) {
	var out []ScenarioOrder
	err := db.read(ctx, "read the orders of the SKUs", func(tx *sql.Tx) error {
		names, err := skuNames(ctx, tx)
		if err != nil {
			return err
		}
		want := map[string]bool{}
		for _, s := range skus {
			want[s] = true
		}
		var skuIDs []string
		for id, name := range names {
			if id > 0 && want[name] {
				skuIDs = append(skuIDs, strconv.Itoa(id))
			}
		}
		if len(skuIDs) == 0 {
			return nil // no order ever named them
		}
		ids, err := ordersOfSKUs(ctx, tx, from, to, strings.Join(skuIDs, ", "))
		if err != nil {
			return err
		}
		sr := scenarioReader{names: names, want: want}
		for len(ids) > 0 {
			n := min(len(ids), scenarioOrdersPage)
			if err := sr.read(ctx, tx, ids[:n]); err != nil {
				return err
			}
			ids = ids[n:]
		}
		out = sr.out
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b ScenarioOrder) int {
		if a.Shipped != b.Shipped {
			if b.Shipped {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(a.Order.Date, b.Order.Date); c != 0 {
			return c
		}
		return planningOrder(&a.Order, &b.Order, a.ID, b.ID)
	})
	return out, nil
}

// scenarioOrdersPage is how many orders scenarioReader.read reads a query.
const scenarioOrdersPage = 1000

// ordersOfSKUs returns the ids, in increasing order, of the orders dated from..to
// whose every unit is of the SKUs of the ids in (a list of integers of ours), any
// status.
func ordersOfSKUs(ctx context.Context, tx *sql.Tx, from, to logistics.Date, in string) ([]int64, error) {
	type tally struct{ qty, units int64 }
	by := map[int64]*tally{}
	lo, hi := dateBounds(from, to)
	var pack sql.RawBytes
	err := eachRow(ctx, tx, `SELECT orders FROM sku_days WHERE sku_id IN (`+in+`) AND order_date BETWEEN ? AND ?`,
		[]any{lo, hi}, func(r *sql.Rows) error {
			if err := r.Scan(&pack); err != nil {
				return err
			}
			return eachEntry(pack, func(e dayEntry) {
				t := by[e.order]
				if t == nil {
					t = &tally{units: e.units}
					by[e.order] = t
				}
				t.qty += e.qty
			})
		})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for id, t := range by {
		if t.qty == t.units {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// scenarioReader reads a scenario's orders, a page of ids at a time.
type scenarioReader struct {
	names                                []string        // skuNames
	want                                 map[string]bool // the scenario's SKUs
	markets, countries, currencies, opts interner
	out                                  []ScenarioOrder
}

// read appends the orders of ids (open and shipped) whose every line is of a SKU
// of want, with their decisions.
func (sr *scenarioReader) read(ctx context.Context, tx *sql.Tx, ids []int64) error {
	var in strings.Builder
	for i, id := range ids {
		if i > 0 {
			in.WriteString(", ")
		}
		in.WriteString(strconv.FormatInt(id, 10))
	}
	// Few, wide columns, as PlanInput reads them: the numbers as one text (id,
	// date, promise, status and, when the order has one, the parcel); country,
	// currency and lines as another.
	rows, err := tx.QueryContext(ctx, `SELECT o.id || ' ' || o.order_date || ' ' || o.promised_days || ' ' || o.status ||
			coalesce(' ' || o.parcel_length_mm || ' ' || o.parcel_width_mm || ' ' || o.parcel_height_mm || ' ' || o.parcel_weight_g, ''),
			o.ref, o.postal_code, o.marketplace, o.country || `+unitSep+` || o.currency || `+unitSep+` || o.lines,
			d.mode, d.option_id, d.total
		FROM orders o
		LEFT JOIN decisions d ON d.order_id = o.id
		WHERE o.id IN (`+in.String()+`) AND o.status IN (1, 2)`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		numTxt, ref, postal, market, ccl, option sql.RawBytes
		mode, total                              sql.NullInt64
	)
	for rows.Next() {
		if err := rows.Scan(&numTxt, &ref, &postal, &market, &ccl, &mode, &option, &total); err != nil {
			return err
		}
		var num [8]int64
		k, err := parseInts(numTxt, num[:])
		if err != nil || (k != 4 && k != 8) {
			return fmt.Errorf("order numbers %q: want 4 or 8 integers", numTxt)
		}
		country, rest, _ := bytes.Cut(ccl, []byte{31})
		cur, lineTxt, _ := bytes.Cut(rest, []byte{31})
		so := ScenarioOrder{ID: num[0]}
		so.Order = logistics.Order{Ref: string(ref), Marketplace: sr.markets.get(market), Date: logistics.Date(num[1]),
			Country: sr.countries.get(country), PostalCode: string(postal), Currency: sr.currencies.get(cur),
			PromisedDays: int(num[2])}
		status := num[3]
		if k == 8 {
			so.Order.Parcel = &logistics.Parcel{LengthMM: num[4], WidthMM: num[5], HeightMM: num[6], WeightG: num[7]}
		}
		other := false // a line of another SKU
		err = eachLine(string(lineTxt), func(skuID, qty int64, price logistics.Dec) error {
			if skuID <= 0 || skuID >= int64(len(sr.names)) {
				return fmt.Errorf("unknown SKU id %d", skuID)
			}
			other = other || !sr.want[sr.names[skuID]]
			so.Order.Lines = append(so.Order.Lines, logistics.Line{SKU: sr.names[skuID], Qty: qty, UnitPrice: price})
			return nil
		})
		if err != nil {
			return fmt.Errorf("order %d: %w", so.ID, err)
		}
		if other {
			continue
		}
		so.Shipped = logistics.Status(status) == logistics.Shipped
		so.Assignment = Assignment{Mode: logistics.Mode(mode.Int64), Option: sr.opts.get(option), Total: total.Int64}
		sr.out = append(sr.out, so)
	}
	return rows.Err()
}

// HasOrders reports whether orders (not cancelled) are dated from..to.
func (db *DB) HasOrders(ctx context.Context, from, to logistics.Date) (bool, error) {
	var ok bool
	err := db.read(ctx, "look for orders", func(tx *sql.Tx) error {
		lo, hi := dateBounds(from, to)
		return tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM orders
			WHERE order_date BETWEEN ? AND ? AND status IN (1, 2))`, lo, hi).Scan(&ok)
	})
	return ok, err
}

// AnyDestination reports whether fn holds for the destination (country, postal
// code) of an order (not cancelled) dated from..to; it stops at the first.
func (db *DB) AnyDestination(ctx context.Context, from, to logistics.Date, fn func(country, postalCode string) bool) (bool, error) {
	found := false
	err := db.read(ctx, "read the destinations of the period", func(tx *sql.Tx) error {
		lo, hi := dateBounds(from, to)
		rows, err := tx.QueryContext(ctx, `SELECT country, postal_code FROM orders
			WHERE order_date BETWEEN ? AND ? AND status IN (1, 2)`, lo, hi)
		if err != nil {
			return err
		}
		defer rows.Close()
		var country, postal string
		for rows.Next() {
			if err := rows.Scan(&country, &postal); err != nil {
				return err
			}
			if fn(country, postal) {
				found = true
				return nil
			}
		}
		return rows.Err()
	})
	return found, err
}
