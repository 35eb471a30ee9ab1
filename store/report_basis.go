package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"shipmode/logistics"
)

// ReportBasis is what a report of a period rests on: how its orders reconcile
// (Orders − Cancelled − Unplanned = Reported) and which rate-book versions priced
// the reported ones.
type ReportBasis struct {
	Orders    int // orders dated in the period, any status
	Cancelled int // of them, cancelled: never planned, never reported
	Unplanned int // of them, not cancelled and without a decision: left out of a report
	Reported  int // of them, not cancelled and with a decision: the report's orders
	// Current is the latest rate-book version (ID 0: none was ever imported).
	Current RateBookVersion
	// Versions lists the versions that priced the reported orders, by ID (ID 0:
	// decisions of plans that did not record their version).
	Versions []VersionUse
	// Superseded counts the reported orders priced by a superseded version: one a
	// newer version was imported after their plan.
	Superseded int
}

// VersionUse is a rate-book version and the reported orders it priced.
type VersionUse struct {
	RateBookVersion
	Orders     int
	Superseded bool // a newer version was imported after the plans that used it
}

// planRunInfo is what a report needs of a plan run.
type planRunInfo struct {
	rateBook  int64
	startedAt int64 // Unix ms
}

// planRuns reads every plan run (they are few: one per plan).
func planRuns(ctx context.Context, tx *sql.Tx) (map[int64]planRunInfo, error) {
	runs := map[int64]planRunInfo{}
	err := eachRow(ctx, tx, `SELECT id, coalesce(rate_book_id, 0), started_at FROM plan_runs`, nil, func(r *sql.Rows) error {
		var id int64
		var ri planRunInfo
		if err := r.Scan(&id, &ri.rateBook, &ri.startedAt); err != nil {
			return err
		}
		runs[id] = ri
		return nil
	})
	return runs, err
}

// ReportBasis counts the orders dated from..to (inclusive; 0 or NoDate leaves an
// end open) and tells which rate-book versions priced the planned ones. It reads
// the period once, counted in the database, not order by order.
func (db *DB) ReportBasis(ctx context.Context, from, to logistics.Date) (ReportBasis, error) {
	return db.reportBasis(ctx, from, to, basisClasses)
}

// reportBasis is ReportBasis counting up to maxClasses classes of plan runs in one
// pass of sums, more by a grouping (tests: either way).
func (db *DB) reportBasis(ctx context.Context, from, to logistics.Date, maxClasses int) (ReportBasis, error) {
	var b ReportBasis
	lo, hi := dateBounds(from, to)
	uses := map[int64]*VersionUse{}
	err := db.readMapped(ctx, "read report basis", func(tx *sql.Tx) error {
		runs, err := planRuns(ctx, tx)
		if err != nil {
			return err
		}
		versions := map[int64]RateBookVersion{}
		err = eachRow(ctx, tx, `SELECT id, imported_at, source, hash FROM rate_books`, nil, func(r *sql.Rows) error {
			var v RateBookVersion
			var at int64
			if err := r.Scan(&v.ID, &at, &v.Source, &v.Hash); err != nil {
				return err
			}
			v.ImportedAt = timeOf(at)
			versions[v.ID] = v
			if v.ID > b.Current.ID {
				b.Current = v
			}
			return nil
		})
		if err != nil {
			return err
		}
		// count adds n reported orders of a run to its version.
		count := func(ri planRunInfo, n int) {
			b.Reported += n
			u := uses[ri.rateBook]
			if u == nil {
				u = &VersionUse{RateBookVersion: versions[ri.rateBook]}
				u.ID = ri.rateBook
				uses[ri.rateBook] = u
			}
			u.Orders += n
			if b.supersedes(ri) {
				u.Superseded = true
				b.Superseded += n
			}
		}
		// Every date: one pass over the table, which at 300,000 orders takes half
		// the time of walking the date index and looking each order up.
		where, args := " WHERE o.order_date BETWEEN ? AND ?", []any{lo, hi}
		if (from == 0 || from == logistics.NoDate) && (to == 0 || to == logistics.NoDate) {
			where, args = "", nil
		}
		if classes := b.runClasses(runs); len(classes) <= maxClasses {
			return b.countByClass(ctx, tx, where, args, classes, count)
		}
		err = eachRow(ctx, tx, `SELECT o.status = 3, d.run_id, count(*)
			FROM orders o LEFT JOIN decisions d ON d.order_id = o.id`+where+`
			GROUP BY 1, 2`, args, func(r *sql.Rows) error {
			var cancelled bool
			var run sql.NullInt64
			var n int
			if err := r.Scan(&cancelled, &run, &n); err != nil {
				return err
			}
			b.Orders += n
			switch {
			case cancelled:
				b.Cancelled += n
			case !run.Valid:
				b.Unplanned += n
			default:
				count(runs[run.Int64], n)
			}
			return nil
		})
		return err
	})
	b.Versions = sortedUses(uses)
	if err != nil {
		return ReportBasis{}, err
	}
	return b, nil
}

// readMapped is DB.read on a connection with the database file mapped into memory
// (reportMmapPragma) while fn runs, on SQLite: a count over every order of a
// period reads most of the file's pages once.
func (db *DB) readMapped(ctx context.Context, what string, fn func(*sql.Tx) error) error {
	if db.pg || db.readOnly {
		return db.read(ctx, what, fn)
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", what, mapCtxErr(ctx, err))
	}
	defer func() {
		// The connection goes back to the pool unmapped, or not at all.
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA mmap_size = 0`); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}()
	if _, err := conn.ExecContext(ctx, reportMmapPragma); err != nil {
		return fmt.Errorf("%s: %w", what, mapCtxErr(ctx, err))
	}
	return readIn(ctx, what, conn.BeginTx, &sql.TxOptions{ReadOnly: true}, fn)
}

// supersedes says whether the orders of plan run ri were priced by a superseded
// rate book: a plan priced with the latest version when it started, so a version
// imported since supersedes it. A plan that did not record its version is taken
// as superseded by a version imported in or after the millisecond it started.
func (b *ReportBasis) supersedes(ri planRunInfo) bool {
	return ri.rateBook != 0 && ri.rateBook < b.Current.ID ||
		ri.rateBook == 0 && b.Current.ID != 0 && !b.Current.ImportedAt.Before(time.UnixMilli(ri.startedAt))
}

// basisClasses is how many classes of plan runs ReportBasis counts in one pass
// of sums; more are counted by a grouping (which sorts every order of the period).
const basisClasses = 8

// runClass is the plan runs whose orders a report counts alike: those of one
// rate-book version, superseded or not, with a representative run.
type runClass struct {
	info planRunInfo
	ids  []int64
}

// runClasses sorts the plan runs into their classes, by version and then
// superseded, each run's ids in order.
func (b *ReportBasis) runClasses(runs map[int64]planRunInfo) []runClass {
	type key struct {
		version    int64
		superseded bool
	}
	at := map[key]int{}
	var classes []runClass
	ids := slices.Sorted(maps.Keys(runs))
	for _, id := range ids {
		ri := runs[id]
		k := key{ri.rateBook, b.supersedes(ri)}
		i, ok := at[k]
		if !ok {
			i = len(classes)
			at[k] = i
			classes = append(classes, runClass{info: ri})
		}
		classes[i].ids = append(classes[i].ids, id)
	}
	return classes
}

// countByClass counts the period's orders in one pass without grouping (a
// grouping sorts every order: a third of the count's time at a million orders):
// the orders, the cancelled, the unplanned and the reported of each class of plan
// runs; a reported order of a run not recorded counts as that of a run with
// nothing recorded (runs[id] is the zero planRunInfo), as the grouping counts it.
func (b *ReportBasis) countByClass(ctx context.Context, tx *sql.Tx, where string, args []any, classes []runClass,
	count func(planRunInfo, int)) error {
	var q strings.Builder
	q.WriteString(`SELECT count(*), count(CASE WHEN o.status = 3 THEN 1 END), count(CASE WHEN o.status <> 3 AND d.run_id IS NULL THEN 1 END)`)
	for _, c := range classes {
		q.WriteString(`, count(CASE WHEN o.status <> 3 AND d.run_id IN (`)
		for i, id := range c.ids {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(strconv.FormatInt(id, 10))
		}
		q.WriteString(`) THEN 1 END)`)
	}
	q.WriteString(` FROM orders o LEFT JOIN decisions d ON d.order_id = o.id` + where)
	n := make([]int64, 3+len(classes))
	dest := make([]any, len(n))
	for i := range n {
		dest[i] = &n[i]
	}
	if err := tx.QueryRowContext(ctx, q.String(), args...).Scan(dest...); err != nil {
		return err
	}
	b.Orders, b.Cancelled, b.Unplanned = int(n[0]), int(n[1]), int(n[2])
	rest := n[0] - n[1] - n[2]
	for i, c := range classes {
		if k := n[3+i]; k > 0 {
			count(c.info, int(k))
			rest -= k
		}
	}
	if rest > 0 {
		count(planRunInfo{}, int(rest))
	}
	return nil
}

// sortedUses lists uses by version id.
func sortedUses(uses map[int64]*VersionUse) []VersionUse {
	out := make([]VersionUse, 0, len(uses))
	for _, u := range uses {
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b VersionUse) int { return int(a.ID - b.ID) })
	return out
}

// RateBookVersion returns the rate book of version id with the current products
// and stock filled in (they are not versioned); ErrNotFound when there is none.
func (db *DB) RateBookVersion(ctx context.Context, id int64) (logistics.RateBook, RateBookVersion, error) {
	// a version stored before a setting existed has that setting's default
	rb := logistics.RateBook{Settings: logistics.DefaultSettings()}
	var v RateBookVersion
	err := db.read(ctx, fmt.Sprintf("read rate book version %d", id), func(tx *sql.Tx) error {
		var at int64
		var body []byte
		err := tx.QueryRowContext(ctx, `SELECT id, imported_at, source, hash, body FROM rate_books WHERE id = ?`, id).
			Scan(&v.ID, &at, &v.Source, &v.Hash, &body)
		if err != nil {
			return mapErr(err)
		}
		v.ImportedAt = timeOf(at)
		if err := json.Unmarshal(body, &rb); err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		if rb.Products, err = products(ctx, tx); err != nil {
			return err
		}
		rb.Stock, err = stock(ctx, tx)
		return err
	})
	if err != nil {
		return logistics.RateBook{}, RateBookVersion{}, err
	}
	return rb, v, nil
}
