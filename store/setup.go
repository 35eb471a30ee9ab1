package store

import (
	"context"
	"database/sql"
)

// SetupCounts is how far a database is from its first plan: the products and
// stock rows it holds, and whether it holds any order.
type SetupCounts struct {
	Products, Stock int
	Orders          bool
}

// SetupCounts counts the products and stock rows and looks for an order (any
// status): three indexed reads, fast at a million orders.
func (db *DB) SetupCounts(ctx context.Context) (SetupCounts, error) {
	var c SetupCounts
	err := db.read(ctx, "count products, stock and orders", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM products`).Scan(&c.Products); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM stock`).Scan(&c.Stock); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM orders)`).Scan(&c.Orders)
	})
	return c, err
}
