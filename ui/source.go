package ui

import (
	"context"
	"errors"
	"os"
	"slices"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/reports"
	"shipmode/store"
)

// Deps is what the window needs from main.go: the operations over the open
// database, which the command line runs too.
type Deps struct {
	Ops *ops.Service
	// Options choose the first screen, language and theme of this run.
	Options Options
	// Crashed, if set, reports a fault of the program met by a background task
	// (a panic, with the stack of the goroutine that panicked) and returns where the
	// report is; the window says so and stays open.
	Crashed func(value any, stack []byte) string
}

// settingsStore reads and writes app settings.
type settingsStore interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// source is everything the screens use: the read interfaces, and the long
// operations as functions (nil: not available).
type source struct {
	orderSource
	orderDetails
	summarizer
	lookups
	settingsStore
	rateBooks
	departures
	orderImporter

	Demo func(ctx context.Context, n int, progress func(float64)) error
	Plan func(ctx context.Context, progress func(float64)) error
	// WriteReport writes the spend workbook of a period; summary leaves its order
	// register out, as a CSV file beside it.
	WriteReport func(ctx context.Context, path string, from, to logistics.Date, summary bool, progress func(done int)) error
	// Handoff writes the period's assigned open orders for a label tool.
	Handoff func(ctx context.Context, path string, from, to logistics.Date, progress func(float64)) (ops.HandoffResult, error)
	Backup  func(ctx context.Context, path string) error
	Restore func(ctx context.Context, path string) error
	DBPath  string
	Crashed func(value any, stack []byte) string // Deps.Crashed
	Version string
	// PlanState tells whether the plan is out of date (nil: never).
	PlanState func(ctx context.Context) (ops.PlanState, error)
	// CheckReport tells what the workbook of a period rests on (nil: the screen
	// counts the planned orders and warns of nothing).
	CheckReport func(ctx context.Context, from, to logistics.Date) (ops.ReportCheck, error)
}

// newSource builds the screens' source over the operations of d.
func newSource(d Deps) source {
	a := &storeAdapter{ops: d.Ops, db: d.Ops.DB()}
	return source{
		orderSource: a, orderDetails: a, summarizer: a, lookups: a, settingsStore: a,
		rateBooks: a, departures: a, orderImporter: a,
		Demo: func(ctx context.Context, n int, progress func(float64)) error {
			_, err := d.Ops.LoadDemo(ctx, ops.DemoRequest{Orders: n, Seed: 1}, ops.Fraction(progress))
			return err
		},
		Plan: func(ctx context.Context, progress func(float64)) error {
			_, err := d.Ops.Plan(ctx, ops.PlanRequest{From: logistics.NoDate, To: logistics.NoDate}, ops.Fraction(progress))
			return err
		},
		WriteReport: func(ctx context.Context, path string, from, to logistics.Date, summary bool, progress func(done int)) error {
			_, err := d.Ops.WriteReport(ctx, ops.ReportRequest{Path: path, From: from, To: to, Summary: summary,
				Paper: reports.PaperFromEnv(os.Getenv)},
				func(done, _ int64) { progress(int(done)) })
			return err
		},
		Handoff: func(ctx context.Context, path string, from, to logistics.Date, progress func(float64)) (ops.HandoffResult, error) {
			return d.Ops.ExportHandoff(ctx, ops.HandoffRequest{Path: path, From: from, To: to}, ops.Fraction(progress))
		},
		CheckReport: d.Ops.CheckReport,
		PlanState:   d.Ops.PlanState,
		Backup: func(ctx context.Context, path string) error {
			_, err := d.Ops.Backup(ctx, path, nil)
			return err
		},
		Restore: func(ctx context.Context, path string) error {
			_, err := d.Ops.Restore(ctx, path, nil)
			return err
		},
		DBPath:  a.db.Path(),
		Crashed: d.Crashed,
		Version: d.Ops.Version(),
	}
}

// storeAdapter implements the screens' interfaces over the real store.
type storeAdapter struct {
	ops *ops.Service
	db  *store.DB // the operations' database, for the screens' reads
}

func (a *storeAdapter) Setting(ctx context.Context, key string) (string, error) {
	return a.db.Setting(ctx, key)
}

func (a *storeAdapter) SetSetting(ctx context.Context, key, value string) error {
	return a.db.SetSetting(ctx, key, value)
}

func (a *storeAdapter) OrderDetail(ctx context.Context, id int64) (orderDetail, error) {
	o, err := a.db.Order(ctx, id)
	if err != nil {
		return orderDetail{}, err
	}
	d := orderDetail{Order: o}
	dec, err := a.db.Decision(ctx, id)
	switch {
	case err == nil:
		d.Decision = &dec
	case !errors.Is(err, store.ErrNotFound):
		return orderDetail{}, err
	}
	skus := make([]string, len(o.Lines))
	for i, l := range o.Lines {
		skus[i] = l.SKU
	}
	if d.Titles, err = a.db.ProductTitles(ctx, skus); err != nil {
		return orderDetail{}, err
	}
	return d, nil
}

func (a *storeAdapter) SetOverride(ctx context.Context, marketplace, ref string, mode logistics.Mode, option, reason string) (int64, error) {
	res, err := a.ops.Override(ctx, ops.OverrideRequest{Marketplace: marketplace, Ref: ref, Mode: mode, Option: option, Reason: reason}, nil)
	return res.OrderID, err
}

func (a *storeAdapter) RateBookView(ctx context.Context) (ops.RateBookView, error) {
	return a.ops.RateBookView(ctx)
}

func (a *storeAdapter) EditRateBook(ctx context.Context, e ops.RateBookEdit) (ops.RateBookResult, error) {
	return a.ops.EditRateBook(ctx, e, nil)
}

func (a *storeAdapter) ImportRateBook(ctx context.Context, path string) (ops.RateBookResult, error) {
	return a.ops.ImportRateBook(ctx, path, nil)
}

func (a *storeAdapter) ExportRateBook(ctx context.Context, path string) error {
	return a.ops.ExportRateBook(ctx, path)
}

func (a *storeAdapter) Departures(ctx context.Context, from logistics.Date) ([]departure, error) {
	res, err := a.ops.Departures(ctx, from, nil)
	return res.Departures, err
}

func (a *storeAdapter) PreviewOrders(ctx context.Context, path string, opt ingest.OrderOptions) (importPreview, error) {
	return a.ops.PreviewOrders(ctx, path, opt, previewOrders)
}

func (a *storeAdapter) ImportOrders(ctx context.Context, path string, opt ingest.OrderOptions, progress func(float64)) (importOutcome, error) {
	res, err := a.ops.ImportOrders(ctx, path, opt, ops.Fraction(progress))
	if err != nil {
		return importOutcome{}, err
	}
	r, st := &res.Read, res.Stored
	return importOutcome{File: r.File, Format: r.Format, RowsRead: r.RowsRead, RowsImported: r.RowsImported,
		Orders: r.OrderCount, Rejected: len(r.Rejected), Cancelled: st.Cancelled, Notes: r.Notes(),
		Inserted: st.Inserted, Updated: st.Updated, Unchanged: st.Unchanged, RejectedFile: res.RejectedFile}, nil
}

func (a *storeAdapter) CountOrders(ctx context.Context, f store.OrderFilter) (int, error) {
	return a.db.CountOrders(ctx, f)
}

func (a *storeAdapter) ListOrders(ctx context.Context, f store.OrderFilter, offset, limit int) ([]store.OrderRow, error) {
	return a.db.ListOrders(ctx, f, offset, limit)
}

func (a *storeAdapter) OrderIDs(ctx context.Context, f store.OrderFilter) ([]int64, error) {
	return a.db.OrderIDs(ctx, f)
}

func (a *storeAdapter) OrderRows(ctx context.Context, ids []int64) ([]store.OrderRow, error) {
	return a.db.OrderRows(ctx, ids)
}

func (a *storeAdapter) Summary(ctx context.Context, from, to logistics.Date) (store.Summary, error) {
	return a.db.Summary(ctx, from, to)
}

// lookupSample is how many of the latest orders the filter choices are taken from:
// one indexed read of a few milliseconds, where a scan of a million orders would
// take seconds and much memory (the store has no list of its own yet).
const lookupSample = 5000

// Lookups lists the destinations and marketplaces of the latest orders, sorted.
func (a *storeAdapter) Lookups(ctx context.Context) (countries, marketplaces []string, err error) {
	rows, err := a.db.ListOrders(ctx, store.OrderFilter{Sort: store.SortDate, Desc: true}, 0, lookupSample)
	if err != nil {
		return nil, nil, err
	}
	cs, ms := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		if !cs[r.Country] {
			cs[r.Country] = true
			countries = append(countries, r.Country)
		}
		if !ms[r.Marketplace] {
			ms[r.Marketplace] = true
			marketplaces = append(marketplaces, r.Marketplace)
		}
	}
	slices.Sort(countries)
	slices.Sort(marketplaces)
	return countries, marketplaces, nil
}
