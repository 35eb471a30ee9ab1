package store

import (
	"context"
	"database/sql"
	"fmt"

	"shipmode/logistics"
)

// directBaselines sets decisions.best_direct to logistics.DirectBaseline of each
// decision's options and promise, as a plan saves it now (migration 2: before, it
// was the cheapest direct option, blind to the promise). A decision of options
// version 2 has no promise: its baseline is its cheapest direct option, as stored.
// Only the figures that change are written.
func directBaselines(ctx context.Context, tx *sql.Tx) error {
	type fix struct {
		orderID int64
		direct  any // int64, or nil without a feasible direct option
	}
	var fixes []fix
	err := eachRow(ctx, tx, `SELECT order_id, best_direct, options FROM decisions`, nil, func(r *sql.Rows) error {
		var id int64
		var stored sql.NullInt64
		var blob sql.RawBytes
		if err := r.Scan(&id, &stored, &blob); err != nil {
			return err
		}
		dec, err := decodeOptions(blob) // the baseline needs no texts: ties have the same total
		if err != nil {
			return fmt.Errorf("decision of order %d: %w", id, err)
		}
		total, ok := logistics.DirectBaseline(dec.opts, dec.promise)
		if ok == stored.Valid && total == stored.Int64 {
			return nil
		}
		f := fix{orderID: id}
		if ok {
			f.direct = total
		}
		fixes = append(fixes, f)
		return nil
	})
	if err != nil {
		return fmt.Errorf("recompute direct-mail baselines: %w", err)
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE decisions SET best_direct = ? WHERE order_id = ?`)
	if err != nil {
		return fmt.Errorf("recompute direct-mail baselines: %w", err)
	}
	defer stmt.Close()
	for _, f := range fixes {
		if _, err := stmt.ExecContext(ctx, f.direct, f.orderID); err != nil {
			return fmt.Errorf("recompute direct-mail baseline of order %d: %w", f.orderID, err)
		}
	}
	return nil
}
