package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrPlanLocked: another desktop is planning the same database.
var ErrPlanLocked = errors.New("being planned")

// PlanLockedError says who holds the plan lock, since when.
type PlanLockedError struct {
	By    string // "user@host" of the desktop planning
	Since time.Time
}

func (e *PlanLockedError) Error() string {
	return fmt.Sprintf("the database is %s by %s since %s", ErrPlanLocked, e.By, e.Since.Local().Format("2006-01-02 15:04:05 MST"))
}

func (e *PlanLockedError) Unwrap() error { return ErrPlanLocked }

// pgPlanLock is the advisory lock a plan holds on a PostgreSQL database for as
// long as it runs (with the schema's key, as pgWriteLock).
const pgPlanLock = 0x53484D45

// LockPlan takes the plan lock: on a database server one desktop plans at a time
// (SPEC §10). It returns what releases it. When another desktop holds it, it
// fails with a *PlanLockedError naming that desktop — or, with wait, calls
// waiting with that error once and waits until the lock is free or ctx ends. A
// desktop that dies while planning lets go of the lock with its connection.
//
// On a SQLite file there is nothing to take: saving a plan holds the file's write
// lock, and a second plan waits for it.
func (db *DB) LockPlan(ctx context.Context, who string, wait bool, waiting func(*PlanLockedError)) (release func(), err error) {
	if !db.pg {
		return func() {}, nil
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("take the plan lock: %w", mapCtxErr(ctx, err))
	}
	// who holds it is read from the holder's session name
	name := "shipmode plan|" + strings.ReplaceAll(who, "|", "/") + "|" + strconv.FormatInt(nowMilli(), 10)
	if _, err := conn.ExecContext(ctx, `SELECT set_config('application_name', ?, false)`, name); err != nil {
		conn.Close()
		return nil, fmt.Errorf("take the plan lock: %w", mapCtxErr(ctx, err))
	}
	told := false
	for {
		var got bool
		if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(?, hashtext(current_schema()))`, int64(pgPlanLock)).Scan(&got); err != nil {
			conn.Close()
			return nil, fmt.Errorf("take the plan lock: %w", mapCtxErr(ctx, err))
		}
		if got {
			return func() {
				bg := context.WithoutCancel(ctx)
				conn.ExecContext(bg, `SELECT pg_advisory_unlock(?, hashtext(current_schema()))`, int64(pgPlanLock))
				conn.ExecContext(bg, `SELECT set_config('application_name', 'shipmode', false)`)
				conn.Close()
			}, nil
		}
		held := planLockHolder(ctx, conn)
		if !wait {
			conn.Close()
			return nil, held
		}
		if !told && waiting != nil {
			waiting(held)
			told = true
		}
		select {
		case <-ctx.Done():
			conn.Close()
			return nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// planLockHolder reads who holds the plan lock from the holder's session name.
func planLockHolder(ctx context.Context, conn *sql.Conn) *PlanLockedError {
	e := &PlanLockedError{By: "another desktop"}
	var name string
	err := conn.QueryRowContext(ctx, `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ? AND l.objid = hashtext(current_schema())::oid
		AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
		int64(pgPlanLock)).Scan(&name)
	if err != nil {
		return e
	}
	if parts := strings.Split(name, "|"); len(parts) == 3 && parts[0] == "shipmode plan" {
		e.By = parts[1]
		if ms, err := strconv.ParseInt(parts[2], 10, 64); err == nil {
			e.Since = timeOf(ms)
		}
	}
	return e
}
