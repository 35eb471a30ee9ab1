package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"shipmode/logistics"
)

// reportRowCopy is a ReportRow with its lines and parcel copied (the reader
// reuses their memory) and the worker that prepared it.
type reportRowCopy struct {
	row    ReportRow
	lines  []logistics.Line
	parcel logistics.Parcel
	worker int
}

func copyReportRow(r *ReportRow) reportRowCopy {
	c := reportRowCopy{row: *r, lines: append([]logistics.Line(nil), r.Lines...)}
	c.row.Lines, c.row.Parcel = nil, nil
	if r.Parcel != nil {
		c.parcel = *r.Parcel
	}
	return c
}

// TestEachReportRowPrepared reads the fixture's report rows with 1 to 3 workers
// and chunks of 1 order (every day of 3 or more orders cut by id, most parts of
// one order or none), 4 orders (chunks of a few days) and the real size (one
// chunk): each time the same rows as EachReportRow, in its order (date, then id).
func TestEachReportRowPrepared(t *testing.T) {
	f := newFixture(t, 400)
	ctx := context.Background()
	var want []reportRowCopy
	err := f.db.EachReportRow(ctx, logistics.NoDate, logistics.NoDate, func(r ReportRow) error {
		want = append(want, copyReportRow(&r))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 300 {
		t.Fatalf("the fixture has %d report rows: want at least 300", len(want))
	}
	from, to := logistics.DateOf(2025, 2, 1), logistics.DateOf(2025, 3, 31)
	var wantPeriod []reportRowCopy
	for _, r := range want {
		if r.row.Date >= from && r.row.Date <= to {
			wantPeriod = append(wantPeriod, r)
		}
	}
	if len(wantPeriod) == 0 || len(wantPeriod) == len(want) {
		t.Fatalf("the period has %d of %d rows: want some", len(wantPeriod), len(want))
	}
	for _, workers := range []int{1, 2, 3} {
		for _, chunk := range []int{1, 4, reportChunkRows} {
			for _, period := range []struct {
				from, to logistics.Date
				want     []reportRowCopy
			}{{logistics.NoDate, logistics.NoDate, want}, {from, to, wantPeriod}} {
				var got []reportRowCopy
				used := map[int]bool{}
				err := eachReportRowPrepared(ctx, f.db, period.from, period.to, workers, chunk,
					func(w int, r *ReportRow, out *reportRowCopy) error {
						*out = copyReportRow(r)
						out.worker = w
						return nil
					}, func(c *reportRowCopy) error {
						used[c.worker] = true
						c.worker = 0
						got = append(got, *c)
						return nil
					})
				name := fmt.Sprintf("%d workers, chunks of %d, %v..%v", workers, chunk, period.from, period.to)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if len(got) != len(period.want) {
					t.Fatalf("%s: got %d rows, want %d", name, len(got), len(period.want))
				}
				for i := range got {
					if !reflect.DeepEqual(got[i], period.want[i]) {
						t.Fatalf("%s: row %d: got %+v, want %+v", name, i, got[i], period.want[i])
					}
				}
				// SQLite reads a large enough period with every worker (PostgreSQL: one).
				if !f.db.pg && chunk == 1 && len(used) != workers {
					t.Errorf("%s: %d workers prepared rows, want %d", name, len(used), workers)
				}
			}
		}
	}
}

// TestEachReportRowPreparedStops: an error of prepare or of fn is returned, and
// every worker stops.
func TestEachReportRowPreparedStops(t *testing.T) {
	f := newFixture(t, 400)
	ctx := context.Background()
	errStop := errors.New("stop")
	var ids []int64
	if err := f.db.EachReportRow(ctx, logistics.NoDate, logistics.NoDate, func(r ReportRow) error {
		ids = append(ids, r.OrderID)
		return nil
	}); err != nil || len(ids) < 300 {
		t.Fatalf("got %d report rows (%v), want at least 300", len(ids), err)
	}
	for _, workers := range []int{1, 3} {
		n := 0
		err := eachReportRowPrepared(ctx, f.db, logistics.NoDate, logistics.NoDate, workers, 4,
			func(w int, r *ReportRow, out *int64) error {
				if r.OrderID == ids[200] {
					return errStop
				}
				*out = r.OrderID
				return nil
			}, func(*int64) error { n++; return nil })
		if !errors.Is(err, errStop) || n > 200 {
			t.Errorf("%d workers, prepare fails: got %v after %d rows, want stop before the end", workers, err, n)
		}
		n = 0
		err = eachReportRowPrepared(ctx, f.db, logistics.NoDate, logistics.NoDate, workers, 4,
			func(w int, r *ReportRow, out *int64) error { *out = r.OrderID; return nil },
			func(*int64) error {
				if n++; n == 10 {
					return errStop
				}
				return nil
			})
		if !errors.Is(err, errStop) || n != 10 {
			t.Errorf("%d workers, fn fails: got %v after %d rows, want stop at row 10", workers, err, n)
		}
		cctx, cancel := context.WithCancel(ctx)
		n = 0
		err = eachReportRowPrepared(cctx, f.db, logistics.NoDate, logistics.NoDate, workers, 4,
			func(w int, r *ReportRow, out *int64) error { *out = r.OrderID; return nil },
			func(*int64) error {
				if n++; n == 10 {
					cancel()
				}
				return nil
			})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%d workers, cancelled: got %v after %d rows, want context.Canceled", workers, err, n)
		}
	}
}

// TestEachReportRowPreparedWaitsForTheLock: a write lock another connection holds
// for a moment (as a report's own reconciliation takes it while the report starts)
// is waited for, and every worker reads; one held past reportLockWait is not, and
// one worker reads every row.
func TestEachReportRowPreparedWaitsForTheLock(t *testing.T) {
	f := newFixture(t, 400)
	if f.db.pg {
		t.Log("PostgreSQL: one worker, no lock to wait for")
	}
	ctx := context.Background()
	var all int
	if err := f.db.EachReportRow(ctx, logistics.NoDate, logistics.NoDate, func(ReportRow) error { all++; return nil }); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		hold    time.Duration
		workers int
	}{{50 * time.Millisecond, 2}, {reportLockWait + 300*time.Millisecond, 1}} {
		hold := c.hold
		var lock *readTx
		if !f.db.pg {
			var err error
			if lock, err = f.db.tryWriteLock(ctx); err != nil || lock == nil {
				t.Fatalf("take the write lock: %v", err)
			}
			time.AfterFunc(hold, lock.close)
		}
		used := map[int]bool{}
		n := 0
		err := eachReportRowPrepared(ctx, f.db, logistics.NoDate, logistics.NoDate, 2, 1,
			func(w int, r *ReportRow, out *int) error { *out = w; return nil },
			func(w *int) error { used[*w] = true; n++; return nil })
		if err != nil {
			t.Fatalf("lock held %v: %v", hold, err)
		}
		if n != all {
			t.Errorf("lock held %v: got %d rows, want %d", hold, n, all)
		}
		want := c.workers
		if f.db.pg {
			want = 1
		}
		if len(used) != want {
			t.Errorf("lock held %v: %d workers read, want %d", hold, len(used), want)
		}
		if lock != nil {
			time.Sleep(hold) // (the lock is given back before the next case)
		}
	}
}

// TestEachReportRowPreparedShortOfConnections: with the connections of the pool
// held elsewhere but for the write lock's and one reader's (SQLite's pool has
// four), the report reads with one worker instead of waiting for ever.
func TestEachReportRowPreparedShortOfConnections(t *testing.T) {
	f := newFixture(t, 400)
	ctx := context.Background()
	var all int
	if err := f.db.EachReportRow(ctx, logistics.NoDate, logistics.NoDate, func(ReportRow) error { all++; return nil }); err != nil {
		t.Fatal(err)
	}
	if !f.db.pg {
		for range 2 { // of 4
			c, err := f.db.sql.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
		}
	}
	used := map[int]bool{}
	n := 0
	done := make(chan error, 1)
	go func() {
		done <- eachReportRowPrepared(ctx, f.db, logistics.NoDate, logistics.NoDate, 2, 1,
			func(w int, r *ReportRow, out *int) error { *out = w; return nil },
			func(w *int) error { used[*w] = true; n++; return nil })
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the report waits for a connection")
	}
	if n != all || len(used) != 1 {
		t.Errorf("got %d rows from %d workers, want %d from one", n, len(used), all)
	}
}

// TestCutSized reads the report query's free texts back: any bytes, empty ones,
// and damaged lengths refused.
func TestCutSized(t *testing.T) {
	in := "3 a\x1fb0 11 12 x, \"y\"\nzEC1A 1BB"
	var got []string
	rest := in
	for range 3 {
		s, r, ok := cutSized(rest)
		if !ok {
			t.Fatalf("cutSized(%q) failed", rest)
		}
		got, rest = append(got, s), r
	}
	if want := []string{"a\x1fb", "", "12 x, \"y\"\nz"}; !slices.Equal(got, want) || rest != "EC1A 1BB" {
		t.Errorf("got %q, rest %q; want %q, rest %q", got, rest, want, "EC1A 1BB")
	}
	if b, r, ok := cutSized([]byte(in)); !ok || string(b) != "a\x1fb" || string(r) != in[5:] {
		t.Errorf("cutSized: %q %q %v", b, r, ok)
	}
	for _, bad := range []string{"", " a", "4 abc", "x abc", "12345678901 a", "3"} {
		if _, _, ok := cutSized(bad); ok {
			t.Errorf("cutSized(%q) ok", bad)
		}
		if _, _, ok := cutSized([]byte(bad)); ok {
			t.Errorf("cutSized(%q) ok", bad)
		}
	}
}
