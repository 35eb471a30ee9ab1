package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"shipmode/logistics"
)

// RateBookVersion describes one stored version of the rate book.
type RateBookVersion struct {
	ID         int64
	ImportedAt time.Time
	Source     string // the file it was imported from
	Hash       string // SHA-256 (hex) of its content without products and stock
}

// SaveRateBook stores rb as the new current rate book, imported from source, and in
// the same transaction upserts rb.Products (by SKU) and rb.Stock (by warehouse and
// SKU). Products and stock are current data, not versioned: they are not part of the
// version's content. When the content equals the latest version's, no new version is
// made and the latest is returned.
func (db *DB) SaveRateBook(ctx context.Context, rb logistics.RateBook, source string) (RateBookVersion, error) {
	return db.SaveRateBookOn(ctx, rb, source, 0)
}

// RateBookStaleError is SaveRateBookOn's error when another version was stored
// after the one an edit was made on (by another desktop, or another window).
type RateBookStaleError struct{ Base, Now int64 }

func (e *RateBookStaleError) Error() string {
	return fmt.Sprintf("the rate book was %s (version %d, now %d): look at it again and redo the change", ErrStale.Error(), e.Base, e.Now)
}

func (e *RateBookStaleError) Unwrap() error { return ErrStale }

// SaveRateBookOn is SaveRateBook for an edit made on version base: when the
// current version is another (checked in the writing transaction, so that two
// desktops editing the same version cannot both land), nothing is stored and the
// error is a *RateBookStaleError. base 0 does not check.
func (db *DB) SaveRateBookOn(ctx context.Context, rb logistics.RateBook, source string, base int64) (RateBookVersion, error) {
	products, stock := rb.Products, rb.Stock
	rb.Products, rb.Stock = nil, nil
	body, err := json.Marshal(rb)
	if err != nil {
		return RateBookVersion{}, fmt.Errorf("save rate book: %w", err)
	}
	sum := sha256.Sum256(body)
	v := RateBookVersion{ImportedAt: timeOf(nowMilli()), Source: source, Hash: hex.EncodeToString(sum[:])}
	err = db.write(ctx, "save rate book", func(tx *sql.Tx) error {
		latest, err := latestRateBook(ctx, tx)
		switch {
		case base != 0 && err == nil && latest.ID != base:
			return &RateBookStaleError{Base: base, Now: latest.ID}
		case err == nil && latest.Hash == v.Hash:
			v = latest.RateBookVersion
		case err == nil || isNotFound(err):
			if err := tx.QueryRowContext(ctx, `INSERT INTO rate_books (imported_at, source, hash, body) VALUES (?, ?, ?, ?) RETURNING id`,
				v.ImportedAt.UnixMilli(), v.Source, v.Hash, body).Scan(&v.ID); err != nil {
				return err
			}
		default:
			return err
		}
		if _, err := upsertProducts(ctx, tx, products); err != nil {
			return err
		}
		_, err = upsertStock(ctx, tx, stock)
		return err
	})
	if err != nil {
		return RateBookVersion{}, err
	}
	return v, nil
}

type storedRateBook struct {
	RateBookVersion
	body []byte
}

func latestRateBook(ctx context.Context, tx *sql.Tx) (storedRateBook, error) {
	var r storedRateBook
	var at int64
	err := tx.QueryRowContext(ctx, `SELECT id, imported_at, source, hash, body FROM rate_books ORDER BY id DESC LIMIT 1`).
		Scan(&r.ID, &at, &r.Source, &r.Hash, &r.body)
	if err != nil {
		return r, fmt.Errorf("latest rate book: %w", mapErr(err))
	}
	r.ImportedAt = timeOf(at)
	return r, nil
}

// decodeRateBook decodes the body of version id into rb and fills in the current
// products and stock (they are current data, kept by no version).
func decodeRateBook(ctx context.Context, tx *sql.Tx, id int64, body []byte, rb *logistics.RateBook) error {
	if err := json.Unmarshal(body, rb); err != nil {
		return fmt.Errorf("decode version %d: %w", id, err)
	}
	var err error
	if rb.Products, err = products(ctx, tx); err != nil {
		return err
	}
	rb.Stock, err = stock(ctx, tx)
	return err
}

// RateBook returns the latest rate book version with the current products and stock
// filled in; ErrNotFound when no rate book was ever saved.
func (db *DB) RateBook(ctx context.Context) (logistics.RateBook, RateBookVersion, error) {
	// a version stored before a setting existed has that setting's default
	rb := logistics.RateBook{Settings: logistics.DefaultSettings()}
	var v RateBookVersion
	err := db.read(ctx, "read rate book", func(tx *sql.Tx) error {
		latest, err := latestRateBook(ctx, tx)
		if err != nil {
			return err
		}
		v = latest.RateBookVersion
		return decodeRateBook(ctx, tx, v.ID, latest.body, &rb)
	})
	if err != nil {
		return logistics.RateBook{}, RateBookVersion{}, err
	}
	return rb, v, nil
}

// RateBookVersions lists every stored rate book version, newest first.
func (db *DB) RateBookVersions(ctx context.Context) ([]RateBookVersion, error) {
	var vs []RateBookVersion
	err := db.read(ctx, "list rate book versions", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, imported_at, source, hash FROM rate_books ORDER BY id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v RateBookVersion
			var at int64
			if err := rows.Scan(&v.ID, &at, &v.Source, &v.Hash); err != nil {
				return err
			}
			v.ImportedAt = timeOf(at)
			vs = append(vs, v)
		}
		return rows.Err()
	})
	return vs, err
}

// UpsertProducts inserts or replaces products by SKU and returns how many were new
// or changed. Orders waiting for product data are re-checked.
func (db *DB) UpsertProducts(ctx context.Context, ps []logistics.Product) (int, error) {
	var n int
	err := db.write(ctx, "upsert products", func(tx *sql.Tx) error {
		var err error
		n, err = upsertProducts(ctx, tx, ps)
		return err
	})
	return n, err
}

func upsertProducts(ctx context.Context, tx *sql.Tx, ps []logistics.Product) (int, error) {
	if len(ps) == 0 {
		return 0, nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO products
		(sku, title, weight_g, length_mm, width_mm, height_mm, category, unit_cost, currency, hs_code)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (sku) DO UPDATE SET
			title = excluded.title, weight_g = excluded.weight_g, length_mm = excluded.length_mm,
			width_mm = excluded.width_mm, height_mm = excluded.height_mm, category = excluded.category,
			unit_cost = excluded.unit_cost, currency = excluded.currency, hs_code = excluded.hs_code
		WHERE (products.title, products.weight_g, products.length_mm, products.width_mm, products.height_mm, products.category, products.unit_cost, products.currency, products.hs_code) IS DISTINCT FROM
			(excluded.title, excluded.weight_g, excluded.length_mm, excluded.width_mm, excluded.height_mm,
				excluded.category, excluded.unit_cost, excluded.currency, excluded.hs_code)`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	n := 0
	for _, p := range ps {
		if p.SKU == "" {
			return n, fmt.Errorf("product %q: %w: empty SKU", p.Title, ErrInvalid)
		}
		res, err := stmt.ExecContext(ctx, p.SKU, p.Title, p.WeightG, p.LengthMM, p.WidthMM, p.HeightMM,
			p.Category, int64(p.UnitCost), p.Currency, p.HSCode)
		if err != nil {
			return n, fmt.Errorf("product %s: %w", p.SKU, err)
		}
		k, err := res.RowsAffected()
		if err != nil {
			return n, err
		}
		n += int(k)
	}
	if err := recheckProductData(ctx, tx); err != nil {
		return n, fmt.Errorf("re-check orders needing product data: %w", err)
	}
	return n, nil
}

// recheckProductData clears the needs_product_data flag of the orders whose SKUs are
// now all products. Products are never deleted, so a flag can only clear.
func recheckProductData(ctx context.Context, tx *sql.Tx) error {
	known := map[int64]bool{}
	err := eachRow(ctx, tx, `SELECT s.id FROM skus s JOIN products p ON p.sku = s.sku`, nil, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		known[id] = true
		return err
	})
	if err != nil {
		return err
	}
	var done []int64
	err = eachRow(ctx, tx, `SELECT id, lines FROM orders WHERE needs_product_data <> 0`, nil, func(r *sql.Rows) error {
		var id int64
		var lines string
		if err := r.Scan(&id, &lines); err != nil {
			return err
		}
		all := true
		err := eachLine(lines, func(sku, _ int64, _ logistics.Dec) error {
			all = all && known[sku]
			return nil
		})
		if all {
			done = append(done, id)
		}
		return err
	})
	if err != nil || len(done) == 0 {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE orders SET needs_product_data = 0 WHERE id = ?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, id := range done {
		if _, err := stmt.ExecContext(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// UpsertStock inserts or replaces stock rows by (warehouse, SKU) and returns how many
// were new or changed.
func (db *DB) UpsertStock(ctx context.Context, ss []logistics.Stock) (int, error) {
	var n int
	err := db.write(ctx, "upsert stock", func(tx *sql.Tx) error {
		var err error
		n, err = upsertStock(ctx, tx, ss)
		return err
	})
	return n, err
}

func upsertStock(ctx context.Context, tx *sql.Tx, ss []logistics.Stock) (int, error) {
	if len(ss) == 0 {
		return 0, nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO stock (warehouse_id, sku, on_hand) VALUES (?, ?, ?)
		ON CONFLICT (warehouse_id, sku) DO UPDATE SET on_hand = excluded.on_hand
		WHERE stock.on_hand IS DISTINCT FROM excluded.on_hand`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	n := 0
	for _, s := range ss {
		if s.WarehouseID == "" || s.SKU == "" {
			return n, fmt.Errorf("stock row %q/%q: %w: empty warehouse or SKU", s.WarehouseID, s.SKU, ErrInvalid)
		}
		res, err := stmt.ExecContext(ctx, s.WarehouseID, s.SKU, s.OnHand)
		if err != nil {
			return n, fmt.Errorf("stock %s/%s: %w", s.WarehouseID, s.SKU, err)
		}
		k, err := res.RowsAffected()
		if err != nil {
			return n, err
		}
		n += int(k)
	}
	return n, nil
}

// Products returns every product, by SKU.
func (db *DB) Products(ctx context.Context) ([]logistics.Product, error) {
	var ps []logistics.Product
	err := db.read(ctx, "list products", func(tx *sql.Tx) error {
		var err error
		ps, err = products(ctx, tx)
		return err
	})
	return ps, err
}

func products(ctx context.Context, tx *sql.Tx) ([]logistics.Product, error) {
	rows, err := tx.QueryContext(ctx, `SELECT sku, title, weight_g, length_mm, width_mm, height_mm,
		category, unit_cost, currency, hs_code FROM products ORDER BY sku`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ps []logistics.Product
	for rows.Next() {
		var p logistics.Product
		if err := rows.Scan(&p.SKU, &p.Title, &p.WeightG, &p.LengthMM, &p.WidthMM, &p.HeightMM,
			&p.Category, (*int64)(&p.UnitCost), &p.Currency, &p.HSCode); err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// ProductTitles returns the titles of the given SKUs that are products (an order's
// detail shows them), reading only those rows.
func (db *DB) ProductTitles(ctx context.Context, skus []string) (map[string]string, error) {
	titles := make(map[string]string, len(skus))
	err := db.read(ctx, "read product titles", func(tx *sql.Tx) error {
		for _, sku := range skus {
			var title string
			err := tx.QueryRowContext(ctx, `SELECT title FROM products WHERE sku = ?`, sku).Scan(&title)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return err
			default:
				titles[sku] = title
			}
		}
		return nil
	})
	return titles, err
}

// Stock returns every stock row, by warehouse and SKU.
func (db *DB) Stock(ctx context.Context) ([]logistics.Stock, error) {
	var ss []logistics.Stock
	err := db.read(ctx, "list stock", func(tx *sql.Tx) error {
		var err error
		ss, err = stock(ctx, tx)
		return err
	})
	return ss, err
}

func stock(ctx context.Context, tx *sql.Tx) ([]logistics.Stock, error) {
	rows, err := tx.QueryContext(ctx, `SELECT warehouse_id, sku, on_hand FROM stock ORDER BY warehouse_id, sku`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ss []logistics.Stock
	for rows.Next() {
		var s logistics.Stock
		if err := rows.Scan(&s.WarehouseID, &s.SKU, &s.OnHand); err != nil {
			return nil, err
		}
		ss = append(ss, s)
	}
	return ss, rows.Err()
}
