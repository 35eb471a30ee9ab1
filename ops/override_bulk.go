package ops

import (
	"context"
	"errors"
	"strings"

	"shipmode/logistics"
)

// MaxBulkOverride is the most orders one bulk override takes: each is checked
// and saved on its own, as a seller picks a handful or a filter of a day.
const MaxBulkOverride = 5000

// ErrTooManyOrders refuses a bulk override of more than MaxBulkOverride orders.
var ErrTooManyOrders = errors.New("too many orders for one override")

// OrderKey names one order.
type OrderKey struct{ Marketplace, Ref string }

// BulkOverrideRequest keeps several orders on one mode (or option) with one
// reason, or removes their overrides (Mode 0).
type BulkOverrideRequest struct {
	Orders []OrderKey
	Mode   logistics.Mode
	Option string
	Reason string
}

// BulkRefusal is an order a bulk override left as it was, and why.
type BulkRefusal struct {
	Order OrderKey
	Err   error // an *OverrideError when no allowed option is feasible for it
}

// BulkOverrideResult counts the orders overridden and lists the refused ones.
type BulkOverrideResult struct {
	Saved   int
	Refused []BulkRefusal
}

// OverrideOrders applies one override to each order through Override, with its
// checks: an order none of whose allowed options is feasible is refused with the
// reason and the others are saved. An error that is no order's own (the
// database, a cancelled ctx, a missing reason) stops it; the orders saved before
// stay saved. progress counts the orders.
func (s *Service) OverrideOrders(ctx context.Context, r BulkOverrideRequest, progress Progress) (BulkOverrideResult, error) {
	var res BulkOverrideResult
	if len(r.Orders) > MaxBulkOverride {
		return res, &InputError{Err: ErrTooManyOrders}
	}
	if r.Mode != 0 && strings.TrimSpace(r.Reason) == "" {
		return res, &InputError{Err: ErrNoReason}
	}
	for i, k := range r.Orders {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		_, err := s.Override(ctx, OverrideRequest{Marketplace: k.Marketplace, Ref: k.Ref, Mode: r.Mode, Option: r.Option, Reason: r.Reason}, nil)
		var oe *OverrideError
		switch {
		case err == nil:
			res.Saved++
		case errors.As(err, &oe), errors.Is(err, ErrNoOrder):
			res.Refused = append(res.Refused, BulkRefusal{Order: k, Err: err})
		default:
			return res, err
		}
		progress.report(int64(i+1), int64(len(r.Orders)))
	}
	return res, nil
}
