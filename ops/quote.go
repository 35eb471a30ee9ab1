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
	Mode        logistics.Mode // 0: remove the order's override
	Option      string         // the service, warehouse or lane id; "": the best of the mode
	Reason      string         // required with a mode: kept with the order and shown in reports
	// Version, if not 0, is the store.Order.Version the override was chosen on
	// (the window's order detail): when another desktop changed the order since,
	// nothing changes and the error is a *store.StaleError.
	Version int64
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

// Override stores an override (SPEC §2.4): later plans keep the order on the mode
// (and the option, when one is named). An override that would leave the order
// unassignable — no option it allows is feasible, by the order's latest decision
// or, for an order not yet planned, by a quote — is refused with an *OverrideError
// that says why, and nothing is stored.
func (s *Service) Override(ctx context.Context, r OverrideRequest, progress Progress) (OverrideResult, error) {
	defer progress.report(1, 1)
	if r.Mode != 0 && strings.TrimSpace(r.Reason) == "" {
		return OverrideResult{}, &InputError{Err: ErrNoReason}
	}
	o, err := s.db.FindOrder(ctx, r.Marketplace, r.Ref)
	if err != nil {
		return OverrideResult{}, overrideError(r.Ref, err)
	}
	if r.Mode == 0 { // the override removed: the plan chooses again
		return s.setOverride(ctx, o.Marketplace, r)
	}
	ov := &logistics.Override{Mode: r.Mode, Option: r.Option, Reason: r.Reason}
	d, err := s.db.Decision(ctx, o.ID)
	switch {
	case errors.Is(err, store.ErrNotFound): // not planned yet: as a plan would price it next
		q, err := s.Quote(ctx, o.Order, nil)
		if err != nil {
			return OverrideResult{}, err
		}
		d = q.Decision
	case err != nil:
		return OverrideResult{}, fmt.Errorf("override: %w", err)
	}
	if why := logistics.RefusedOverride(d.Options, o.PromisedDays, ov, d.Currency); why != nil {
		return OverrideResult{}, &InputError{Err: &OverrideError{Ref: r.Ref, Mode: r.Mode, Option: r.Option, Why: why}}
	}
	return s.setOverride(ctx, o.Marketplace, r)
}

func (s *Service) setOverride(ctx context.Context, marketplace string, r OverrideRequest) (OverrideResult, error) {
	id, err := s.db.SetOverride(ctx, marketplace, r.Ref, r.Mode, r.Option, r.Reason, r.Version)
	if err != nil {
		return OverrideResult{}, overrideError(r.Ref, err)
	}
	what := "removed"
	if r.Mode != 0 {
		what = strings.TrimSpace(r.Mode.String()+" "+r.Option) + ": " + r.Reason
	}
	s.audit(ctx, "override", fmt.Sprintf("%s %s: %s", marketplace, r.Ref, what))
	return OverrideResult{OrderID: id}, nil
}

// overrideError classifies a store error about the order to override.
func overrideError(ref string, err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return &InputError{Err: fmt.Errorf("%w %q", ErrNoOrder, ref)}
	case errors.Is(err, store.ErrAmbiguous):
		return &InputError{Err: fmt.Errorf("%q: %w", ref, ErrAmbiguousOrder)}
	}
	return fmt.Errorf("override: %w", err)
}

// OverrideError is an override refused because no option it allows is feasible
// for the order: Why says why, as the order's explanation would
// (logistics.RefusedOverride).
type OverrideError struct {
	Ref    string
	Mode   logistics.Mode
	Option string
	Why    []logistics.Sentence
}

func (e *OverrideError) Error() string {
	what := e.Mode.String()
	if e.Option != "" {
		what += " " + e.Option
	}
	var b strings.Builder
	for i := range e.Why {
		b.WriteString(e.Why[i].String())
	}
	return fmt.Sprintf("order %q cannot be kept on %s: %s", e.Ref, what, b.String())
}
