package store

import (
	"context"
	"database/sql"
	"errors"
	"shipmode/logistics"
)

// LatestPlanRun returns the latest planning run; ok is false when there was none.
func (db *DB) LatestPlanRun(ctx context.Context) (run PlanRun, ok bool, err error) {
	err = db.read(ctx, "latest plan run", func(tx *sql.Tx) error {
		var id, started, finished, from, to, rounds, orders, readAt int64
		var rb sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT id, started_at, finished_at, from_date, to_date, rate_book_id, rounds, orders, read_at
			FROM plan_runs ORDER BY id DESC LIMIT 1`).Scan(&id, &started, &finished, &from, &to, &rb, &rounds, &orders, &readAt)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		run = PlanRun{ID: id, StartedAt: timeOf(started), FinishedAt: timeOf(finished), From: logistics.Date(from), To: logistics.Date(to),
			RateBookID: rb.Int64, Rounds: int(rounds), Decisions: int(orders), ReadAt: readAt}
		ok = true
		return nil
	})
	return run, ok, err
}
