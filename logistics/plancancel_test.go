package logistics_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"shipmode/logistics"
)

// cancelWithin is how soon a cancelled Plan must return (SPEC: Cancel stops within
// 1 s at 1,000,000 orders); it allows for a busy machine and the race detector, the
// planner itself takes milliseconds.
const cancelWithin = 500 * time.Millisecond

// A plan of a million orders cancelled in any phase — preparing the orders, the
// rounds, emitting — returns context.Canceled promptly, and emit is not called once
// Plan has returned.
func TestPlanCancel(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	rb := exampleBook()
	for i := range rb.Stock {
		rb.Stock[i].OnHand *= 1000
	}
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	orders := synthOrders(&rb, n)

	// plan plans with ctx, calling onEmit at each decision, and returns Plan's
	// error and when it returned; emit must not be called after that.
	plan := func(ctx context.Context, onEmit func()) (error, time.Time) {
		t.Helper()
		returned := make(chan struct{})
		_, err := e.NewPlanner().Plan(ctx, orders, func(int, *logistics.Decision) error {
			select {
			case <-returned:
				t.Error("emit called after Plan returned")
			default:
			}
			onEmit()
			return nil
		})
		end := time.Now()
		close(returned)
		return err, end
	}

	// Cancelled at the first decision, which also tells the time to it (preparation,
	// planning order and rounds) for the cancellations below.
	ctx, cancel := context.WithCancel(context.Background())
	start := time.Now()
	var cancelled time.Time
	err, end := plan(ctx, func() {
		if cancelled.IsZero() {
			cancelled = time.Now()
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled at the first decision: got %v, want context.Canceled", err)
	}
	firstEmit := cancelled.Sub(start)
	if lat := end.Sub(cancelled); lat > cancelWithin {
		t.Errorf("cancelled at the first decision: returned %v later, want ≤ %v", lat, cancelWithin)
	} else {
		t.Logf("%d orders: first decision after %v; cancelled there, returned %v later", n, firstEmit, lat)
	}

	for _, frac := range []float64{0.05, 0.35, 0.8} {
		at := time.Duration(frac * float64(firstEmit))
		t.Run(fmt.Sprintf("after %d%% of the time to the first decision", int(100*frac)), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var cancelled time.Time
			timer := time.AfterFunc(at, func() { cancelled = time.Now(); cancel() })
			defer timer.Stop()
			emitted := false
			err, end := plan(ctx, func() { emitted = true })
			if !errors.Is(err, context.Canceled) {
				if emitted && err == nil {
					t.Skipf("the plan finished before the cancellation at %v: a slow machine", at)
				}
				t.Fatalf("got %v, want context.Canceled", err)
			}
			if lat := end.Sub(cancelled); lat > cancelWithin {
				t.Errorf("returned %v after the cancellation, want ≤ %v", lat, cancelWithin)
			} else {
				t.Logf("returned %v after the cancellation (decisions emitted before it: %v)", lat, emitted)
			}
		})
	}

	t.Run("before Plan", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		start := time.Now()
		_, err := e.NewPlanner().Plan(ctx, orders, func(int, *logistics.Decision) error {
			t.Fatal("emit called with a cancelled context")
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
		if took := time.Since(start); took > cancelWithin {
			t.Errorf("returned after %v, want ≤ %v", took, cancelWithin)
		}
	})

	// Reading the orders failed or was cancelled after Add handed them all over: Close
	// does not wait for the million to be prepared.
	t.Run("Close after Add", func(t *testing.T) {
		p := e.NewPlanner()
		p.Add(orders)
		time.Sleep(10 * time.Millisecond)
		start := time.Now()
		p.Close()
		if took := time.Since(start); took > cancelWithin {
			t.Errorf("Close took %v, want ≤ %v", took, cancelWithin)
		}
	})

	// A deadline is a cancellation too, with its own error.
	t.Run("deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), firstEmit/3)
		defer cancel()
		_, err := e.NewPlanner().Plan(ctx, orders, func(int, *logistics.Decision) error { return nil })
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want context.DeadlineExceeded", err)
		}
	})
}
