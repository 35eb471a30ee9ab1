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

// SKUDemands reads the demand of every SKU ordered from..to (0 or NoDate: open)
// through order_lines, most units first (then by SKU).
func (db *DB) SKUDemands(ctx context.Context, from, to logistics.Date) ([]SKUDemand, error) {
	by := map[string]*SKUDemand{}
	err := db.read(ctx, "read the demand per SKU", func(tx *sql.Tx) error {
		lo, hi := dateBounds(from, to)
		return eachRow(ctx, tx, `SELECT s.sku, o.country, sum(l.qty), count(*)
			FROM order_lines l JOIN skus s ON s.id = l.sku_id JOIN orders o ON o.id = l.order_id
			WHERE l.sku_id IN (SELECT id FROM skus) AND l.order_date BETWEEN ? AND ? AND o.status IN (1, 2)
			GROUP BY l.sku_id, o.country`, []any{lo, hi}, func(r *sql.Rows) error {
			var c CountryDemand
			var sku string
			if err := r.Scan(&sku, &c.Country, &c.Units, &c.Orders); err != nil {
				return err
			}
			d := by[sku]
			if d == nil {
				d = &SKUDemand{SKU: sku}
				by[sku] = d
			}
			d.Units += c.Units
			d.Orders += c.Orders
			d.ByCountry = append(d.ByCountry, c)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	out := make([]SKUDemand, 0, len(by))
	for _, d := range by {
		slices.SortFunc(d.ByCountry, func(a, b CountryDemand) int {
			return cmp.Or(cmp.Compare(b.Units, a.Units), cmp.Compare(a.Country, b.Country))
		})
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b SKUDemand) int { return cmp.Or(cmp.Compare(b.Units, a.Units), cmp.Compare(a.SKU, b.SKU)) })
	return out, nil
}
