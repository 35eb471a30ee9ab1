package store

import (
	"context"
	"database/sql"
	"fmt"

	"shipmode/logistics"
)

// DayStat is the orders and spend of one order date by mode.
type DayStat struct {
	Date   logistics.Date
	ByMode [5]ModeStat
}

// SpendByDay aggregates the decisions of the orders dated from..to (inclusive;
// 0 or NoDate leaves an end open) by date and mode, oldest first, as Summary does
// by month: the dashboard's chart of a short period by day or by week.
func (db *DB) SpendByDay(ctx context.Context, from, to logistics.Date) ([]DayStat, error) {
	var out []DayStat
	lo, hi := dateBounds(from, to)
	err := db.read(ctx, "summarise decisions by day", func(tx *sql.Tx) error {
		out = out[:0]
		return eachRow(ctx, tx, `SELECT o.order_date, coalesce(d.mode, 0), count(*), sum(d.total)
			FROM orders o JOIN decisions d ON d.order_id = o.id
			WHERE o.order_date BETWEEN ? AND ? AND o.status <> 3
			GROUP BY o.order_date, d.mode ORDER BY o.order_date`, []any{lo, hi}, func(r *sql.Rows) error {
			var date, mode, orders, spend int64
			if err := r.Scan(&date, &mode, &orders, &spend); err != nil {
				return err
			}
			if mode < 0 || mode > int64(logistics.ModeDirect) {
				return fmt.Errorf("decision with mode %d", mode)
			}
			if len(out) == 0 || out[len(out)-1].Date != logistics.Date(date) {
				out = append(out, DayStat{Date: logistics.Date(date)})
			}
			d := &out[len(out)-1]
			d.ByMode[mode].Orders += int(orders)
			d.ByMode[mode].Spend += spend
			return nil
		})
	})
	return out, err
}
