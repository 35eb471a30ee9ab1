package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"shipmode/logistics"
)

// summaryCell is the decisions of the not-cancelled orders of one order date,
// destination, mode (0: unassignable), base currency and status (open or shipped),
// summed: a row of summary_cells (migrations 12 and 14), the grain of Summary.
type summaryCell struct {
	date              int64 // a logistics.Date, as the orders keep it
	country, currency string
	mode              int64
	status            int64 // logistics.Status: 1 open, 2 shipped
	orders, spend     int64
	sla, best         int64
	nDirect, direct   int64
	spendDirect       int64
}

// summaryStamp is what summary cells were summed at: the latest plan run, row
// version, order and import (as unplannedKey). Decisions change only by a plan;
// the orders they count (date, destination, cancelled or not) only with a new row
// version, a new order or an import that deletes some: cells whose stamp is
// current are the sums of the data as it is.
type summaryStamp struct{ run, change, maxOrder, maxImport int64 }

const summaryCellCols = `order_date, country, mode, currency, status, orders, spend, sla, best, n_direct, direct, spend_direct`

// sumCellsSQL sums every decision into cells, in the key's order.
const sumCellsSQL = `SELECT o.order_date, o.country, coalesce(d.mode, 0), d.currency, o.status, count(*), coalesce(sum(d.total), 0),
	sum(d.sla_risk), coalesce(sum(d.best_total), 0), count(d.best_direct), coalesce(sum(d.best_direct), 0),
	coalesce(sum(d.total) FILTER (WHERE d.best_direct IS NOT NULL), 0)
	FROM orders o JOIN decisions d ON d.order_id = o.id
	WHERE o.status <> 3
	GROUP BY o.order_date, o.country, d.mode, d.currency, o.status
	ORDER BY o.order_date, o.country, coalesce(d.mode, 0), d.currency, o.status`

// currentSummaryStamp reads the stamp of the data in tx's snapshot.
func currentSummaryStamp(ctx context.Context, tx *sql.Tx) (summaryStamp, error) {
	var st summaryStamp
	err := tx.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM plan_runs),
		(SELECT n FROM change_counter WHERE id = 1), (SELECT coalesce(max(id), 0) FROM orders),
		(SELECT coalesce(max(id), 0) FROM imports)`).Scan(&st.run, &st.change, &st.maxOrder, &st.maxImport)
	return st, err
}

// keptSummaryStamp reads the stamp of the kept cells; false: none kept.
func keptSummaryStamp(ctx context.Context, tx *sql.Tx) (summaryStamp, bool, error) {
	var kept summaryStamp
	err := tx.QueryRowContext(ctx, `SELECT run_id, change, max_order, max_import FROM summary_stamp WHERE id = 1`).
		Scan(&kept.run, &kept.change, &kept.maxOrder, &kept.maxImport)
	if errors.Is(err, sql.ErrNoRows) {
		return kept, false, nil
	}
	return kept, err == nil, err
}

// unplannedByDate counts the open orders without a decision per order date, as
// cells of mode -1: by their ids when few (unplannedIDs), else an anti-join over
// the open orders.
func (db *DB) unplannedByDate(ctx context.Context, tx *sql.Tx) ([]summaryCell, error) {
	cond := "NOT EXISTS (SELECT 1 FROM decisions d WHERE d.order_id = o.id)"
	if ids, ok, err := db.unplannedIDs(ctx, tx, db.few()); err != nil {
		return nil, err
	} else if ok {
		if len(ids) == 0 {
			return nil, nil
		}
		cond = idsCond(ids)
	}
	var cells []summaryCell
	err := eachRow(ctx, tx, `SELECT o.order_date, count(*) FROM orders o WHERE o.status = 1 AND `+cond+`
		GROUP BY o.order_date ORDER BY o.order_date`, nil, func(r *sql.Rows) error {
		c := summaryCell{mode: -1, status: int64(logistics.Open)}
		if err := r.Scan(&c.date, &c.orders); err != nil {
			return err
		}
		cells = append(cells, c)
		return nil
	})
	return cells, err
}

// summaryCells returns every summary cell of tx's snapshot, in key order (the
// unplanned orders' cells, mode -1, first on their date): the kept ones when
// their stamp is current, else summed from the orders and decisions (fresh, to be
// kept at stamp).
func (db *DB) summaryCells(ctx context.Context, tx *sql.Tx) (cells []summaryCell, stamp summaryStamp, fresh bool, err error) {
	if stamp, err = currentSummaryStamp(ctx, tx); err != nil {
		return nil, stamp, false, err
	}
	kept, ok, err := keptSummaryStamp(ctx, tx)
	if err != nil {
		return nil, stamp, false, err
	}
	if !ok || kept != stamp {
		cells, err = db.sumCells(ctx, tx)
		return cells, stamp, err == nil, err
	}
	cells, err = readCells(ctx, tx, `SELECT `+summaryCellCols+` FROM summary_cells ORDER BY order_date, country, mode, currency, status`)
	return cells, stamp, false, err
}

// readCells reads the cells query returns (summaryCellCols), with args.
func readCells(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]summaryCell, error) {
	var cells []summaryCell
	err := eachRow(ctx, tx, query, args, func(r *sql.Rows) error {
		var c summaryCell
		if err := r.Scan(&c.date, &c.country, &c.mode, &c.currency, &c.status, &c.orders, &c.spend, &c.sla, &c.best,
			&c.nDirect, &c.direct, &c.spendDirect); err != nil {
			return err
		}
		cells = append(cells, c)
		return nil
	})
	return cells, err
}

// sumCells sums every summary cell of tx's snapshot from the orders and
// decisions, in key order.
func (db *DB) sumCells(ctx context.Context, tx *sql.Tx) ([]summaryCell, error) {
	cells, err := readCells(ctx, tx, sumCellsSQL)
	if err != nil {
		return nil, err
	}
	unplanned, err := db.unplannedByDate(ctx, tx)
	if err != nil {
		return nil, err
	}
	// (merged by date: the cells of a date stay together)
	merged := make([]summaryCell, 0, len(cells)+len(unplanned))
	for len(cells) > 0 || len(unplanned) > 0 {
		if len(unplanned) > 0 && (len(cells) == 0 || unplanned[0].date <= cells[0].date) {
			merged, unplanned = append(merged, unplanned[0]), unplanned[1:]
		} else {
			merged, cells = append(merged, cells[0]), cells[1:]
		}
	}
	return merged, nil
}

// eachCell calls fn with each cell of the decisions dated lo..hi, and returns the
// open orders of those dates without a decision.
func eachCell(cells []summaryCell, lo, hi int64, fn func(date int64, country string, mode int64, currency string,
	orders, spend, sla, best, nDirect, direct, spendDirect int64) error) (unplanned int, err error) {
	for _, c := range cells {
		switch {
		case c.date < lo || c.date > hi:
		case c.mode < 0:
			unplanned += int(c.orders)
		default:
			if err := fn(c.date, c.country, c.mode, c.currency, c.orders, c.spend, c.sla, c.best, c.nDirect, c.direct, c.spendDirect); err != nil {
				return 0, err
			}
		}
	}
	return unplanned, nil
}

// keepSummaryCells stores cells summed at stamp for the next Summary, unless the
// data has moved since (another desktop planned or imported meanwhile). It is
// best effort: the figures were worked out either way, and a Summary that finds
// no current cells sums them again — so a database that cannot be written, or a
// writer busy for more than a moment, only costs the next open the same time.
func (db *DB) keepSummaryCells(ctx context.Context, cells []summaryCell, stamp summaryStamp) {
	if db.readOnly {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	_ = db.write(ctx, "keep the dashboard's sums", func(tx *sql.Tx) error {
		if now, err := currentSummaryStamp(ctx, tx); err != nil || now != stamp {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM summary_cells`); err != nil {
			return err
		}
		if err := insertCells(ctx, tx, cells); err != nil {
			return err
		}
		return writeSummaryStamp(ctx, tx, stamp)
	})
}

// insertCells inserts cells into summary_cells (none of their keys there).
func insertCells(ctx context.Context, tx *sql.Tx, cells []summaryCell) error {
	return writeCells(ctx, tx, cells, "")
}

// writeCells inserts cells into summary_cells, 64 to a statement, with onConflict
// after the values of each.
func writeCells(ctx context.Context, tx *sql.Tx, cells []summaryCell, onConflict string) error {
	const per = 64 // rows per statement: 768 parameters
	row := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	for len(cells) > 0 {
		n := min(per, len(cells))
		args := make([]any, 0, 12*n)
		for _, c := range cells[:n] {
			args = append(args, c.date, c.country, c.mode, c.currency, c.status, c.orders, c.spend, c.sla, c.best, c.nDirect, c.direct, c.spendDirect)
		}
		query := `INSERT INTO summary_cells (` + summaryCellCols + `) VALUES ` + strings.Repeat(row+", ", n-1) + row + onConflict
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return err
		}
		cells = cells[n:]
	}
	return nil
}

// writeSummaryStamp records that summary_cells are the sums of the data at stamp.
func writeSummaryStamp(ctx context.Context, tx *sql.Tx, stamp summaryStamp) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO summary_stamp (id, run_id, change, max_order, max_import) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, change = excluded.change,
		max_order = excluded.max_order, max_import = excluded.max_import`, stamp.run, stamp.change, stamp.maxOrder, stamp.maxImport)
	return err
}
