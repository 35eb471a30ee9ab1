package store

import (
	"context"
	"errors"
	"testing"

	"shipmode/logistics"
)

// TestOverrideRefusesStaleVersion: an override chosen on an order that another
// desktop changed since (an import, a status) is refused and changes nothing;
// on the order as it is now, or without a version (the command line), it is made.
func TestOverrideRefusesStaleVersion(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, genOrders(0, 20), "a")
	g := genOrder(3)
	seen, err := db.FindOrder(ctx, g.Marketplace, g.Ref)
	if err != nil || seen.Version == 0 {
		t.Fatalf("FindOrder: %+v %v", seen.Version, err)
	}
	// another desktop re-imports the order with another postal code
	g.PostalCode = "99999"
	mustImport(t, db, OrderSlice([]logistics.Order{g}), "b")
	_, err = db.SetOverride(ctx, g.Marketplace, g.Ref, logistics.ModeDirect, "", "VIP", seen.Version)
	var se *StaleError
	if !errors.Is(err, ErrStale) || !errors.As(err, &se) || se.Ref != g.Ref {
		t.Fatalf("override on a stale view: got %v, want a StaleError for %s", err, g.Ref)
	}
	now, _ := db.FindOrder(ctx, g.Marketplace, g.Ref)
	if now.Override.Mode != 0 || now.Version <= seen.Version {
		t.Errorf("after the refusal: override %v, version %d (seen %d)", now.Override.Mode, now.Version, seen.Version)
	}
	if _, err := db.SetOverride(ctx, g.Marketplace, g.Ref, logistics.ModeDirect, "", "VIP", now.Version); err != nil {
		t.Fatalf("override on the current view: %v", err)
	}
	// a status change is a change too
	after, _ := db.FindOrder(ctx, g.Marketplace, g.Ref)
	if err := db.SetStatus(ctx, after.ID, logistics.Shipped); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetOverride(ctx, g.Marketplace, g.Ref, 0, "", "", after.Version); !errors.Is(err, ErrStale) {
		t.Errorf("override after a status change: got %v, want ErrStale", err)
	}
	if _, err := db.SetOverride(ctx, g.Marketplace, g.Ref, 0, "", "", 0); err != nil {
		t.Errorf("override without a version: %v", err)
	}
}

// TestPlanDropsOrdersChangedWhilePlanning: the orders another desktop changes
// between a plan's read and its save keep no decision of that plan (they are
// planned next time); the others are saved.
func TestPlanDropsOrdersChangedWhilePlanning(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, genOrders(0, 50), "a")
	in, err := db.PlanInput(ctx, logistics.NoDate, logistics.NoDate)
	if err != nil || in.ReadAt == 0 || len(in.Orders) == 0 {
		t.Fatalf("PlanInput: ReadAt %d, %d orders, %v", in.ReadAt, len(in.Orders), err)
	}
	// while "planning": an override of one order, a re-import changing another
	a, b := in.Orders[0].Order, in.Orders[1].Order
	if _, err := db.SetOverride(ctx, a.Marketplace, a.Ref, logistics.ModeDirect, "", "VIP", 0); err != nil {
		t.Fatal(err)
	}
	b.PostalCode = "12121"
	mustImport(t, db, OrderSlice([]logistics.Order{b}), "b")
	run, err := db.SavePlan(ctx, PlanRun{ReadAt: in.ReadAt}, func(save func(int64, *logistics.Decision) error) error {
		for i := range in.Orders {
			d := testDecision(in.Orders[i].Order, int(in.IDs[i]))
			if err := save(in.IDs[i], &d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if run.Dropped != 2 || run.Decisions != len(in.Orders)-2 {
		t.Errorf("run: dropped %d, decisions %d; want 2 and %d", run.Dropped, run.Decisions, len(in.Orders)-2)
	}
	for i, id := range in.IDs {
		_, err := db.Decision(ctx, id)
		if changed := i < 2; changed != errors.Is(err, ErrNotFound) {
			t.Errorf("order %d (changed %v): decision error %v", id, changed, err)
		}
	}
}
