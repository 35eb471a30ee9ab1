package ops

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"shipmode/logistics"
	"shipmode/store"
)

// QuoteResult is the decision for a quoted order.
type QuoteResult struct {
	Decision logistics.Decision
}

// Quote prices one order with the current rate book as if it were planned next
// (SPEC §5 Quote): stock net of the planned open orders, each batch its planned
// members plus this order. progress is told the start and the end.
func (s *Service) Quote(ctx context.Context, o logistics.Order, progress Progress) (QuoteResult, error) {
	progress.report(0, 1)
	eng, _, _, err := s.engine(ctx)
	if err != nil {
		return QuoteResult{}, err
	}
	in, err := s.db.PlanInput(ctx, logistics.NoDate, logistics.NoDate)
	if err != nil {
		return QuoteResult{}, fmt.Errorf("read the plan: %w", err)
	}
	res := QuoteResult{Decision: eng.Quote(o, in.Planned())}
	progress.report(1, 1)
	return res, nil
}

// OverrideRequest keeps an order on a mode (and optionally one option of it) in
// later plans.
type OverrideRequest struct {
	Marketplace string // needed when the reference is not unique
	Ref         string
	Mode        logistics.Mode
	Option      string // the service, warehouse or lane id; "": the best of the mode
	Reason      string // required: kept with the order and shown in reports
}

// OverrideResult names the order overridden.
type OverrideResult struct {
	OrderID int64
}

// Errors of Override.
var (
	ErrNoOrder        = errors.New("no such order")
	ErrAmbiguousOrder = errors.New("the reference names orders in several marketplaces")
	ErrNoReason       = errors.New("an override needs a reason")
)

// Override stores an override (SPEC §2.4): later plans keep the order on the mode.
// progress is told the end.
func (s *Service) Override(ctx context.Context, r OverrideRequest, progress Progress) (OverrideResult, error) {
	defer progress.report(1, 1)
	if strings.TrimSpace(r.Reason) == "" {
		return OverrideResult{}, &InputError{Err: ErrNoReason}
	}
	id, err := s.db.SetOverride(ctx, r.Marketplace, r.Ref, r.Mode, r.Option, r.Reason)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return OverrideResult{}, &InputError{Err: fmt.Errorf("%w %q", ErrNoOrder, r.Ref)}
	case errors.Is(err, store.ErrAmbiguous):
		return OverrideResult{}, &InputError{Err: fmt.Errorf("%q: %w", r.Ref, ErrAmbiguousOrder)}
	case err != nil:
		return OverrideResult{}, fmt.Errorf("override: %w", err)
	}
	return OverrideResult{OrderID: id}, nil
}
