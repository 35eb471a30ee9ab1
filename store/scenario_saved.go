package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"shipmode/logistics"
)

// SavedScenario is a scenario saved by name: its inputs, not its figures (SPEC §9;
// the window compares saved scenarios side by side, worked out again).
type SavedScenario struct {
	Name      string
	Warehouse string
	SKUs      []string
	From, To  logistics.Date // 0: that end is the default (the 90 days ending at the latest order date)
	CoverDays int            // 0: the rate book's
	SavedAt   time.Time
}

// SaveScenario stores s under its name, replacing a scenario of that name.
func (db *DB) SaveScenario(ctx context.Context, s SavedScenario) error {
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" || s.Warehouse == "" || len(s.SKUs) == 0 {
		return fmt.Errorf("save scenario: %w: a scenario needs a name, a warehouse and SKUs", ErrInvalid)
	}
	skus, err := json.Marshal(s.SKUs)
	if err != nil {
		return fmt.Errorf("save scenario %s: %w", s.Name, err)
	}
	if s.SavedAt.IsZero() {
		s.SavedAt = time.Now()
	}
	return db.write(ctx, "save scenario "+s.Name, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO scenarios (name, warehouse, skus, from_date, to_date, cover_days, saved_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET warehouse = excluded.warehouse, skus = excluded.skus,
			from_date = excluded.from_date, to_date = excluded.to_date, cover_days = excluded.cover_days, saved_at = excluded.saved_at`,
			s.Name, s.Warehouse, string(skus), int64(s.From), int64(s.To), s.CoverDays, s.SavedAt.UnixMilli())
		return err
	})
}

// SavedScenarios lists the saved scenarios by name.
func (db *DB) SavedScenarios(ctx context.Context) ([]SavedScenario, error) {
	var out []SavedScenario
	err := db.read(ctx, "read saved scenarios", func(tx *sql.Tx) error {
		return eachRow(ctx, tx, `SELECT name, warehouse, skus, from_date, to_date, cover_days, saved_at FROM scenarios ORDER BY name`,
			nil, func(r *sql.Rows) error {
				var s SavedScenario
				var skus string
				var from, to, at int64
				if err := r.Scan(&s.Name, &s.Warehouse, &skus, &from, &to, &s.CoverDays, &at); err != nil {
					return err
				}
				if err := json.Unmarshal([]byte(skus), &s.SKUs); err != nil {
					return fmt.Errorf("scenario %s: SKUs %q: %w", s.Name, skus, err)
				}
				s.From, s.To, s.SavedAt = logistics.Date(from), logistics.Date(to), time.UnixMilli(at)
				out = append(out, s)
				return nil
			})
	})
	return out, err
}

// DeleteScenario removes the saved scenario name (ErrNotFound: none).
func (db *DB) DeleteScenario(ctx context.Context, name string) error {
	return db.write(ctx, "delete scenario "+name, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM scenarios WHERE name = ?`, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// SKUDemand is what the orders of a period asked of one SKU: units and orders
// (not cancelled), in all and per destination country (most units first).
type SKUDemand struct {
	SKU           string
	Units, Orders int64
	ByCountry     []CountryDemand
}

// CountryDemand is the demand of one destination.
type CountryDemand struct {
	Country       string
	Units, Orders int64
}

// SKUDemands reads the demand of every SKU ordered from..to (0 or NoDate: open),
// most units first (then by SKU). It reads the period's orders through
// orders_date, in about the order they are stored, and their lines text: on the
// million-order demo, going through order_lines (migration 6) instead looked each line's order
// up out of order, five times the work.
func (db *DB) SKUDemands(ctx context.Context, from, to logistics.Date) ([]SKUDemand, error) {
	type key struct {
		sku     int64
		country string
	}
	type tally struct{ units, orders int64 }
	by := map[key]*tally{}
	var names []string
	err := db.read(ctx, "read the demand per SKU", func(tx *sql.Tx) error {
		var err error
		if names, err = skuNames(ctx, tx); err != nil {
			return err
		}
		lo, hi := dateBounds(from, to)
		rows, err := tx.QueryContext(ctx, `SELECT country, lines FROM orders
			WHERE order_date BETWEEN ? AND ? AND status IN (1, 2)`, lo, hi)
		if err != nil {
			return err
		}
		defer rows.Close()
		var countries interner
		var country, text sql.RawBytes
		var pairs []int64
		for rows.Next() {
			if err := rows.Scan(&country, &text); err != nil {
				return err
			}
			c := countries.get(country)
			pairs = pairs[:0]
			err := eachLine(string(text), func(skuID, qty int64, _ logistics.Dec) error {
				pairs = addSKUQty(pairs, skuID, qty)
				return nil
			})
			if err != nil {
				return err
			}
			for i := 0; i < len(pairs); i += 2 {
				k := key{pairs[i], c}
				t := by[k]
				if t == nil {
					t = &tally{}
					by[k] = t
				}
				t.units += pairs[i+1]
				t.orders++
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	per := map[string]*SKUDemand{}
	for k, t := range by {
		if k.sku <= 0 || k.sku >= int64(len(names)) {
			return nil, fmt.Errorf("read the demand per SKU: unknown SKU id %d", k.sku)
		}
		sku := names[k.sku]
		d := per[sku]
		if d == nil {
			d = &SKUDemand{SKU: sku}
			per[sku] = d
		}
		d.Units += t.units
		d.Orders += t.orders
		d.ByCountry = append(d.ByCountry, CountryDemand{Country: k.country, Units: t.units, Orders: t.orders})
	}
	out := make([]SKUDemand, 0, len(per))
	for _, d := range per {
		slices.SortFunc(d.ByCountry, func(a, b CountryDemand) int {
			return cmp.Or(cmp.Compare(b.Units, a.Units), cmp.Compare(a.Country, b.Country))
		})
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b SKUDemand) int { return cmp.Or(cmp.Compare(b.Units, a.Units), cmp.Compare(a.SKU, b.SKU)) })
	return out, nil
}
