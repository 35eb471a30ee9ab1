package ops_test

import (
	"context"
	"errors"
	"testing"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// TestOverrideOrders: one reason keeps several orders on a mode; an order the
// mode cannot serve is refused with its reason and left as it was, the others
// are saved.
func TestOverrideOrders(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 3000, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := svc.DB().ListOrders(ctx, store.OrderFilter{Country: "US", Mode: logistics.ModeDirect, Status: logistics.Open}, 0, 5)
	if err != nil || len(rows) != 5 {
		t.Fatalf("got %d open direct-mail orders to the US, %v; want 5", len(rows), err)
	}
	var keys []ops.OrderKey
	for _, r := range rows {
		keys = append(keys, ops.OrderKey{Marketplace: r.Marketplace, Ref: r.Ref})
	}
	if _, err := svc.OverrideOrders(ctx, ops.BulkOverrideRequest{Orders: keys, Mode: logistics.ModeDirect}, nil); !errors.Is(err, ops.ErrNoReason) {
		t.Errorf("no reason: got %v, want ErrNoReason", err)
	}
	res, err := svc.OverrideOrders(ctx, ops.BulkOverrideRequest{Orders: keys, Mode: logistics.ModeDirect, Reason: "customer paid for tracking"}, nil)
	if err != nil || res.Saved != 5 || len(res.Refused) != 0 {
		t.Fatalf("direct mail, which they are on: got %+v, %v; want 5 saved", res, err)
	}
	// local delivery: the first order's option is infeasible (TestOverrideRefusedWhenInfeasible)
	res, err = svc.OverrideOrders(ctx, ops.BulkOverrideRequest{Orders: keys, Mode: logistics.ModeLocal, Reason: "same day"}, nil)
	if err != nil || res.Saved+len(res.Refused) != 5 || len(res.Refused) == 0 {
		t.Fatalf("local: got %+v, %v; want every order saved or refused, some refused", res, err)
	}
	for _, r := range res.Refused {
		var oe *ops.OverrideError
		if !errors.As(r.Err, &oe) {
			t.Errorf("%s refused with %v, want an *OverrideError with the reason", r.Order.Ref, r.Err)
		}
		if o, _ := svc.DB().FindOrder(ctx, r.Order.Marketplace, r.Order.Ref); o.Override.Mode != logistics.ModeDirect {
			t.Errorf("%s: a refused override changed it to %v, want it kept on direct mail", r.Order.Ref, o.Override.Mode)
		}
	}
	many := make([]ops.OrderKey, ops.MaxBulkOverride+1)
	if _, err := svc.OverrideOrders(ctx, ops.BulkOverrideRequest{Orders: many, Mode: logistics.ModeDirect, Reason: "x"}, nil); !errors.Is(err, ops.ErrTooManyOrders) {
		t.Errorf("too many: got %v, want ErrTooManyOrders", err)
	}
}
