package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"shipmode/logistics"
)

// PlanOrders reads the orders PlanInputFunc reads, whatever the period, with one
// connection or two: the same open orders with the same ids and overrides (in
// another order), the same shipped orders. ready is given growing prefixes of the
// final orders, which never change afterwards, and all of them at the end.
func TestPlanOrders(t *testing.T) {
	ctx := context.Background()
	db := openFile(t)
	mustImport(t, db, genOrders(0, 5000), "a")
	// Some shipped, some cancelled, two overrides (one whose reason holds the
	// separator), and a reference that two marketplaces share on one day.
	for i, st := range map[int]logistics.Status{3: logistics.Shipped, 4: logistics.Cancelled, 2500: logistics.Shipped, 4999: logistics.Cancelled} {
		o, err := db.FindOrder(ctx, genOrder(i).Marketplace, genOrder(i).Ref)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetStatus(ctx, o.ID, st); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{5, 4000} {
		if _, err := db.SetOverride(ctx, "", genOrder(i).Ref, logistics.ModeLocal, "FW-FR-PAR", "fresh food \x1f 1 2", 0); err != nil {
			t.Fatal(err)
		}
	}
	twin := genOrder(7)
	twin.Marketplace = "zz"
	mustImport(t, db, newOrders(NewOrder{Order: twin}), "b")

	day := genOrder(0).Date
	for _, p := range []struct {
		name     string
		from, to logistics.Date
	}{
		{"open", logistics.NoDate, logistics.NoDate},
		{"zeros", 0, 0},
		{"first day", day, day},
		{"from the second day", day + 1, 0},
		{"until the second day", 0, day + 1},
		{"after every order", day + 100, 0},
	} {
		want, err := db.PlanInputFunc(ctx, p.from, p.to, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, split := range []int{0, 1} {
			type call struct {
				n    int
				refs []string
			}
			var calls []call
			got, err := db.planOrders(ctx, p.from, p.to, split, func(orders []logistics.PlanOrder) {
				c := call{n: len(orders)}
				for i := range orders {
					c.refs = append(c.refs, orders[i].Order.Ref)
				}
				calls = append(calls, c)
			})
			if err != nil {
				t.Fatalf("%s, split %d: %v", p.name, split, err)
			}
			if len(got.Orders) != len(want.Orders) || len(got.IDs) != len(want.IDs) || got.Current != nil {
				t.Fatalf("%s, split %d: got %d orders, %d ids, %d assignments; want %d, %d, none", p.name, split,
					len(got.Orders), len(got.IDs), len(got.Current), len(want.Orders), len(want.IDs))
			}
			byID := map[int64]logistics.PlanOrder{}
			for i, id := range want.IDs {
				byID[id] = want.Orders[i]
			}
			for i, id := range got.IDs {
				if w, ok := byID[id]; !ok || !reflect.DeepEqual(got.Orders[i], w) {
					t.Fatalf("%s, split %d: order %d: got %+v, want %+v (%v)", p.name, split, id, got.Orders[i], w, ok)
				}
				delete(byID, id)
			}
			if !reflect.DeepEqual(got.Shipped, want.Shipped) {
				t.Errorf("%s, split %d: shipped: got %+v, want %+v", p.name, split, got.Shipped, want.Shipped)
			}
			if len(calls) == 0 || calls[len(calls)-1].n != len(got.Orders) {
				t.Fatalf("%s, split %d: got %d calls of ready, the last not with every order", p.name, split, len(calls))
			}
			if len(got.Orders) > 2*readyEvery && len(calls) < 2 {
				t.Errorf("%s, split %d: got %d calls of ready for %d orders, want several", p.name, split, len(calls), len(got.Orders))
			}
			for k, c := range calls {
				if k > 0 && c.n <= calls[k-1].n {
					t.Errorf("%s, split %d: call %d: %d orders, not more than before (%d)", p.name, split, k, c.n, calls[k-1].n)
				}
				for i, ref := range c.refs {
					if ref != got.Orders[i].Order.Ref {
						t.Fatalf("%s, split %d: call %d, order %d: got %s, the final order there is %s", p.name, split, k, i, ref, got.Orders[i].Order.Ref)
					}
				}
			}
		}
	}
}

// The connections PlanOrders read with are given back as they were: every one
// of the pool's connections has the page cache of the dsn again.
func TestPlanOrdersGivesConnectionsBack(t *testing.T) {
	ctx := context.Background()
	db := openFile(t)
	mustImport(t, db, genOrders(0, 2000), "a")
	if _, err := db.planOrders(ctx, 0, 0, 1, nil); err != nil {
		t.Fatal(err)
	}
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range 4 { // (the pool's size: Open)
		c, err := db.sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var size, timeout int
		if err := c.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&size); err != nil || size != -65536 {
			t.Errorf("a connection's cache_size: got %d (%v), want -65536", size, err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&timeout); err != nil || timeout != 5000 {
			t.Errorf("a connection's busy_timeout: got %d (%v), want 5000", timeout, err)
		}
	}
}

// Cancelling PlanOrders stops both readers and returns the context's error.
func TestPlanOrdersCancel(t *testing.T) {
	db := openFile(t)
	mustImport(t, db, genOrders(0, 3*readyEvery), "a")
	for _, split := range []int{0, 1} {
		ctx, cancel := context.WithCancel(context.Background())
		calls := 0
		_, err := db.planOrders(ctx, 0, 0, split, func([]logistics.PlanOrder) {
			calls++
			cancel()
		})
		if !errors.Is(err, context.Canceled) || calls != 1 {
			t.Errorf("split %d: got %v after %d calls of ready, want context.Canceled after 1", split, err, calls)
		}
	}
	// The connections are back: the database is still usable.
	if in, err := db.PlanOrders(context.Background(), 0, 0, nil); err != nil || len(in.Orders) != 3*readyEvery {
		t.Errorf("after the cancels: got %d orders, %v; want %d", len(in.Orders), err, 3*readyEvery)
	}
}

// The two readers take their snapshots while PlanOrders holds the write lock, so
// that no write falls between them. When another connection holds the lock (an
// import, say), PlanOrders does not wait for it: one connection reads everything.
func TestPlanOrdersLockHeld(t *testing.T) {
	ctx := context.Background()
	db := openFile(t)
	mustImport(t, db, genOrders(0, 2000), "a")
	lock, err := db.tryWriteLock(ctx)
	if err != nil || lock == nil {
		t.Fatalf("tryWriteLock: %v", err)
	}
	var timeout int
	if err := lock.conn.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&timeout); err != nil || timeout != 5000 {
		t.Errorf("the lock's connection waits %d ms (%v), want the 5000 of every connection", timeout, err)
	}
	start := time.Now()
	in, err := db.planOrders(ctx, 0, 0, 1, nil)
	took := time.Since(start)
	lock.close()
	if err != nil || len(in.Orders) != 2000 {
		t.Fatalf("with the write lock held elsewhere: got %d orders, %v; want 2000", len(in.Orders), err)
	}
	if took > 2*time.Second {
		t.Errorf("took %v: it waited for the lock (the busy timeout is 5 s)", took)
	}
	ids := slices.Clone(in.IDs)
	slices.SortFunc(ids, cmp.Compare)
	for i, id := range ids {
		if i > 0 && id == ids[i-1] {
			t.Fatalf("order %d read twice", id)
		}
	}
	// Released, the lock is PlanOrders' again, and writes go on as before.
	if lock, err = db.tryWriteLock(ctx); err != nil || lock == nil {
		t.Fatalf("tryWriteLock after PlanOrders: %v", err)
	}
	lock.close()
	mustImport(t, db, genOrders(2000, 2010), "b")
}
