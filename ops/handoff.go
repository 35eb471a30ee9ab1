package ops

import (
	"context"
	"errors"
	"fmt"
	"io"

	"shipmode/logistics"
	"shipmode/reports"
	"shipmode/store"
)

// HandoffRequest says which orders to hand to a label tool, and where.
type HandoffRequest struct {
	Path     string
	From, To logistics.Date // order dates (NoDate: open)
}

// HandoffResult counts what ExportHandoff wrote and left out.
type HandoffResult struct {
	Orders       int // open orders written, each with its chosen mode and service
	Unassignable int // open orders of the period the plan could not assign (left out)
	Unplanned    int // open orders of the period without a plan yet (left out)
}

// ExportHandoff writes the open orders dated from..to that the plan assigned, with
// the mode and option chosen and the carrier and service of the last leg, as a CSV
// file for a label tool (SPEC §2; reports.WriteHandoff), through a temporary file.
// progress counts the orders written against the open planned orders of the period.
func (s *Service) ExportHandoff(ctx context.Context, req HandoffRequest, progress Progress) (HandoffResult, error) {
	rb, _, err := s.db.RateBook(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return HandoffResult{}, ErrNoRateBook
	}
	if err != nil {
		return HandoffResult{}, fmt.Errorf("read the rate book: %w", err)
	}
	var res HandoffResult
	open := store.OrderFilter{From: req.From, To: req.To, Status: logistics.Open}
	for _, c := range []struct {
		n *int
		f func(*store.OrderFilter)
	}{
		{&res.Unplanned, func(f *store.OrderFilter) { f.Unplanned = true }},
		{&res.Unassignable, func(f *store.OrderFilter) { f.Unassignable = true }},
	} {
		f := open
		c.f(&f)
		if *c.n, err = s.db.CountOrders(ctx, f); err != nil {
			return HandoffResult{}, err
		}
	}
	open.Planned = true
	total, err := s.db.CountOrders(ctx, open)
	if err != nil {
		return HandoffResult{}, err
	}
	rows := func(yield func(reports.HandoffRow) error) error {
		return s.db.EachReportRow(ctx, req.From, req.To, func(r store.ReportRow) error {
			if r.Status != logistics.Open || r.Mode == 0 {
				return nil
			}
			carrier, service, _ := rb.LastLeg(r.Mode, r.Option)
			res.Orders++
			if res.Orders%4096 == 0 {
				progress.report(int64(res.Orders), int64(total))
			}
			return yield(reports.HandoffRow{Ref: r.Ref, Marketplace: r.Marketplace, Mode: r.Mode.String(),
				Option: r.Option, Carrier: carrier, Service: service})
		})
	}
	if err := WriteFile(req.Path, func(w io.Writer) error { return reports.WriteHandoff(w, rows) }); err != nil {
		return HandoffResult{}, err
	}
	progress.report(int64(total), int64(total))
	return res, nil
}
