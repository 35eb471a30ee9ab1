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

// ReportRequest says which workbook to write where.
type ReportRequest struct {
	Path     string
	From, To logistics.Date // order dates (NoDate: open)
}

// ReportResult is what WriteReport wrote.
type ReportResult struct {
	Orders int // orders in the workbook
}

// WriteReport writes the spend workbook (SPEC §6) of the orders dated from..to to
// path, through a temporary file: a failed or cancelled export leaves no file and
// an existing one as it was. progress counts the orders written against the
// planned orders of the period.
func (s *Service) WriteReport(ctx context.Context, req ReportRequest, progress Progress) (ReportResult, error) {
	rb, ver, err := s.db.RateBook(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return ReportResult{}, ErrNoRateBook
	}
	if err != nil {
		return ReportResult{}, fmt.Errorf("read the rate book: %w", err)
	}
	var total int64
	if progress != nil {
		n, err := s.db.CountOrders(ctx, store.OrderFilter{From: req.From, To: req.To, Planned: true})
		if err != nil {
			return ReportResult{}, err
		}
		total = int64(n)
	}
	scratch, err := ScratchDir()
	if err != nil {
		return ReportResult{}, err
	}
	meta := reports.SpendMeta{
		TmpDir: scratch,
		From:   req.From, To: req.To, BaseCurrency: rb.BaseCurrency(),
		RateBook:    reports.RateBookInfo{Version: ver.ID, ImportedAt: ver.ImportedAt, Source: ver.Source, Hash: ver.Hash},
		FX:          rb.FX,
		Duties:      rb.Duties,
		GeneratedAt: s.now(),
		AppVersion:  s.version,
	}
	var res ReportResult
	rows := func(yield func(reports.SpendRow) error) error {
		return s.db.EachReportRow(ctx, req.From, req.To, func(r store.ReportRow) error {
			res.Orders++
			return yield(spendRow(&r))
		})
	}
	err = WriteFile(req.Path, func(w io.Writer) error {
		return reports.WriteSpend(ctx, w, meta, rows, func(done int) { progress.report(int64(done), total) })
	})
	if err != nil {
		return ReportResult{}, err
	}
	return res, nil
}

// spendRow adapts a stored report row to the workbook's row.
func spendRow(r *store.ReportRow) reports.SpendRow {
	s := reports.SpendRow{
		Date: r.Date, Marketplace: r.Marketplace, Ref: r.Ref, Country: r.Country, Status: r.Status,
		Units: r.Units, ChargeableG: r.ChargeableG, Mode: r.Mode, Option: r.Option, Components: r.Components,
		BestTotal:      reports.Cost{Minor: r.Best.Minor, Valid: r.Best.Feasible},
		DirectBaseline: reports.Cost{Minor: r.DirectBaseline.Minor, Valid: r.DirectBaseline.Feasible},
		SLARisk:        r.SLARisk, Reason: r.Reason, OverrideReason: r.OverrideReason,
	}
	for i, m := range logistics.Modes {
		c := r.ByMode[m]
		s.ModeTotals[i] = reports.Cost{Minor: c.Minor, Valid: c.Feasible}
	}
	return s
}
