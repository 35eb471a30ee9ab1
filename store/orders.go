package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"shipmode/logistics"
)

// Order is a stored order: the marketplace's order plus what Shipmode keeps about it.
type Order struct {
	ID int64
	logistics.Order
	Status           logistics.Status
	NeedsProductData bool     // a line's SKU is not in the products
	Override         Override // Mode 0: none
	Source           string   // file it was last imported (or changed) from
	ImportedAt       time.Time
	// Version is the order's row version: the change that last changed it (an
	// import, an override, a status). SetOverride with it refuses to lay a change
	// over another desktop's (ErrStale). It is never 0 (orders not changed since
	// their first import are 1).
	Version int64
}

// Override is the user's choice of mode for an order, kept across re-imports and
// plans. Its Mode is 0 when the order has none.
type Override struct {
	Mode   logistics.Mode
	Option string // "" = the best option of Mode
	Reason string
	At     time.Time
}

const orderSelect = `SELECT o.id, o.marketplace, o.ref, o.order_date, o.country, o.postal_code, o.currency, o.promised_days,
	o.parcel_length_mm, o.parcel_width_mm, o.parcel_height_mm, o.parcel_weight_g, o.lines,
	o.status, o.needs_product_data, o.override_mode, o.override_option, o.override_reason, o.override_at,
	i.source, i.imported_at, o.changed_in + 1
	FROM orders o JOIN imports i ON i.id = o.import_id`

// Order returns the stored order with id, lines included; ErrNotFound if none.
func (db *DB) Order(ctx context.Context, id int64) (Order, error) {
	var o Order
	err := db.read(ctx, fmt.Sprintf("read order %d", id), func(tx *sql.Tx) error {
		var err error
		o, err = scanOrder(ctx, tx, tx.QueryRowContext(ctx, orderSelect+` WHERE o.id = ?`, id))
		return err
	})
	return o, err
}

// FindOrder returns the stored order with the reference ref. An empty marketplace
// matches any: ErrAmbiguous when ref is known in several marketplaces, ErrNotFound
// when it is not known.
func (db *DB) FindOrder(ctx context.Context, marketplace, ref string) (Order, error) {
	var o Order
	err := db.read(ctx, "find order "+ref, func(tx *sql.Tx) error {
		id, err := findOrderID(ctx, tx, marketplace, ref)
		if err != nil {
			return err
		}
		o, err = scanOrder(ctx, tx, tx.QueryRowContext(ctx, orderSelect+` WHERE o.id = ?`, id))
		return err
	})
	return o, err
}

func findOrderID(ctx context.Context, tx *sql.Tx, marketplace, ref string) (int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, marketplace FROM orders WHERE ref = ? AND (? = '' OR marketplace = ?) LIMIT 2`,
		ref, marketplace, marketplace)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var ids []int64
	var markets []string
	for rows.Next() {
		var id int64
		var m string
		if err := rows.Scan(&id, &m); err != nil {
			return 0, err
		}
		ids, markets = append(ids, id), append(markets, m)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	switch len(ids) {
	case 0:
		if marketplace != "" {
			return 0, fmt.Errorf("order %s in marketplace %q: %w", ref, marketplace, ErrNotFound)
		}
		return 0, fmt.Errorf("order %s: %w", ref, ErrNotFound)
	case 1:
		return ids[0], nil
	}
	return 0, fmt.Errorf("order %s is in marketplaces %q and %q (name one): %w", ref, markets[0], markets[1], ErrAmbiguous)
}

func scanOrder(ctx context.Context, tx *sql.Tx, row *sql.Row) (Order, error) {
	var o Order
	var pl, pw, ph, pg, omode, oat sql.NullInt64
	var oopt, oreason sql.NullString
	var date, status, importedAt int64
	var lines string
	err := row.Scan(&o.ID, &o.Marketplace, &o.Ref, &date, &o.Country, &o.PostalCode, &o.Currency, &o.PromisedDays,
		&pl, &pw, &ph, &pg, &lines, &status, &o.NeedsProductData, &omode, &oopt, &oreason, &oat, &o.Source, &importedAt, &o.Version)
	if err != nil {
		return Order{}, mapErr(err)
	}
	o.Date, o.Status, o.ImportedAt = logistics.Date(date), logistics.Status(status), timeOf(importedAt)
	if pl.Valid {
		o.Parcel = &logistics.Parcel{LengthMM: pl.Int64, WidthMM: pw.Int64, HeightMM: ph.Int64, WeightG: pg.Int64}
	}
	if omode.Valid {
		o.Override = Override{Mode: logistics.Mode(omode.Int64), Option: oopt.String, Reason: oreason.String, At: timeOf(oat.Int64)}
	}
	err = eachLine(lines, func(skuID, qty int64, price logistics.Dec) error {
		var sku string
		if err := tx.QueryRowContext(ctx, `SELECT sku FROM skus WHERE id = ?`, skuID).Scan(&sku); err != nil {
			return fmt.Errorf("SKU %d: %w", skuID, err)
		}
		o.Lines = append(o.Lines, logistics.Line{SKU: sku, Qty: qty, UnitPrice: price})
		return nil
	})
	if err != nil {
		return Order{}, fmt.Errorf("order %d: %w", o.ID, err)
	}
	return o, nil
}

// SetOverride makes planning keep mode (and option, if not "") for the order with the
// reference ref, for reason; mode 0 removes the override (reason may then be empty).
// An empty marketplace matches any: ErrAmbiguous when ref is in several
// marketplaces, ErrNotFound when it is unknown. It returns the order's id.
//
// version, if not 0, is the Order.Version the change was made on: when the order
// has changed since (another desktop's import, override or status), nothing is
// changed and the error is ErrStale.
func (db *DB) SetOverride(ctx context.Context, marketplace, ref string, mode logistics.Mode, option, reason string, version int64) (int64, error) {
	if mode > logistics.ModeDirect {
		return 0, fmt.Errorf("override order %s: %w: mode %d", ref, ErrInvalid, mode)
	}
	if mode != 0 && strings.TrimSpace(reason) == "" {
		return 0, fmt.Errorf("override order %s: %w: a reason is required", ref, ErrInvalid)
	}
	var id int64
	err := db.write(ctx, "override order "+ref, func(tx *sql.Tx) error {
		var err error
		if id, err = findOrderID(ctx, tx, marketplace, ref); err != nil {
			return err
		}
		if err := checkVersion(ctx, tx, id, version); err != nil {
			return err
		}
		// (the dashboard's sums stay current: an override changes no decision)
		sums, err := db.trackSummary(ctx, tx)
		if err != nil {
			return err
		}
		change, err := nextChange(ctx, tx)
		if err != nil {
			return err
		}
		if mode == 0 {
			_, err = tx.ExecContext(ctx, `UPDATE orders SET override_mode = NULL, override_option = NULL,
				override_reason = NULL, override_at = NULL, changed_in = ? WHERE id = ?`, change, id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE orders SET override_mode = ?, override_option = ?,
				override_reason = ?, override_at = ?, changed_in = ? WHERE id = ?`, int64(mode), option, reason, nowMilli(), change, id)
		}
		if err != nil {
			return err
		}
		return sums.finish(ctx, tx)
	})
	return id, err
}

// SetStatus sets the status of the order with id. Cancelling an order drops its
// decision: a cancelled order is neither planned nor counted.
func (db *DB) SetStatus(ctx context.Context, id int64, s logistics.Status) error {
	if s < logistics.Open || s > logistics.Cancelled {
		return fmt.Errorf("set status of order %d: %w: status %d", id, ErrInvalid, s)
	}
	return db.write(ctx, fmt.Sprintf("set status of order %d", id), func(tx *sql.Tx) error {
		sums, err := db.trackSummary(ctx, tx) // the dashboard's sums, told of the order
		if err != nil {
			return err
		}
		if err := sums.touch(ctx, tx, id); err != nil {
			return err
		}
		change, err := nextChange(ctx, tx)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE orders SET status = ?, changed_in = ? WHERE id = ?`, int64(s), change, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrNotFound
		}
		if s == logistics.Cancelled {
			if _, err = tx.ExecContext(ctx, `DELETE FROM decisions WHERE order_id = ?`, id); err != nil {
				return err
			}
		}
		return sums.finish(ctx, tx)
	})
}

// ErrStale: the row was changed (by another desktop) after the view the change
// was made on was read.
var ErrStale = errors.New("changed by someone else since it was read")

// StaleError names the order that changed since a change's view of it was read.
type StaleError struct{ Ref string }

func (e *StaleError) Error() string {
	return "order " + e.Ref + " was " + ErrStale.Error() + " (an import, an override or a status from another desktop): look at it again and redo the change"
}

func (e *StaleError) Unwrap() error { return ErrStale }

// checkVersion fails with a StaleError when version is not 0 and the order with
// id has changed since it.
func checkVersion(ctx context.Context, tx *sql.Tx, id, version int64) error {
	if version == 0 {
		return nil
	}
	var now int64
	var ref string
	if err := tx.QueryRowContext(ctx, `SELECT changed_in + 1, ref FROM orders WHERE id = ?`, id).Scan(&now, &ref); err != nil {
		return err
	}
	if now == version {
		return nil
	}
	return &StaleError{Ref: ref}
}

// nextChange takes the next row version.
func nextChange(ctx context.Context, tx *sql.Tx) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `UPDATE change_counter SET n = n + 1 WHERE id = 1 RETURNING n`).Scan(&n)
	return n, err
}

// LatestChange is the latest row version given to orders: an order imported,
// updated, overridden or cancelled takes the next one (compare PlanRun.ReadAt).
func (db *DB) LatestChange(ctx context.Context) (int64, error) {
	var n int64
	err := db.read(ctx, "latest change", func(tx *sql.Tx) error {
		var err error
		n, err = changeCounter(ctx, tx)
		return err
	})
	return n, err
}

// changeCounter is the latest row version.
func changeCounter(ctx context.Context, tx *sql.Tx) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT n FROM change_counter WHERE id = 1`).Scan(&n)
	return n, err
}
