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
	// Open opens another database: a file path or a postgres:// URL (nil: the
	// window cannot change databases); Local is the local database file.
	Open  func(ctx context.Context, target string) (*ops.Service, error)
	Local string
	// Remember, if set, keeps the database the window switched to for the next
	// start ("" = the local file).
	Remember func(target string)
	// OpenErr is why the database (Target) could not be opened at start: Ops is
	// then nil and the window offers to try again or open the local file.
	OpenErr error
	Target  string
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
	invoiceImporter
	invoiceViews
	// scenarios is the scenario planner's (nil: the Scenarios screen says it is
	// not available).
	scenarios scenarioSource

	// Setup is the first-run path's operations (zero: the Import screen shows no
	// steps).
	Setup setupOps

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
	// DemoInvoices is where the demo writes its carrier invoice file ("": no demo).
	DemoInvoices string
	Crashed      func(value any, stack []byte) string // Deps.Crashed
	Version      string
	// OverrideOrders keeps several orders on one mode with one reason.
	OverrideOrders bulkOverride
	// SpendByDay gives a short period's spend by day and mode, for the
	// dashboard's chart by day or week (nil: by month only).
	SpendByDay func(ctx context.Context, from, to logistics.Date) ([]store.DayStat, error)
	// PlanState tells whether the plan is out of date (nil: never).
	PlanState func(ctx context.Context) (ops.PlanState, error)
	// Server: the database is a team database on a PostgreSQL server (DBPath is
	// then its address without the password).
	Server bool
	// Databases changes databases (Settings: connect to a server, use the local
	// file); SwitchTo makes the window work on svc, opened at target ("" = the
	// local file), closing the database it leaves.
	Databases databases
	SwitchTo  func(svc *ops.Service, target string)
	// Log reads the newest entries of the audit log (nil: none).
	Log func(ctx context.Context, n int) ([]store.AuditEntry, error)
	// CheckReport tells what the workbook of a period rests on (nil: the screen
	// counts the planned orders and warns of nothing).
	CheckReport func(ctx context.Context, from, to logistics.Date) (ops.ReportCheck, error)
}

// newSource builds the screens' source over the operations of d.
func newSource(d Deps) source {
	a := &storeAdapter{ops: d.Ops, db: d.Ops.DB()}
	// The window's demo writes the demo's carrier invoices beside the database
	// file, as `shipmode demo` does, for the Invoices screen to offer; not for a
	// server, whose demo the window has no folder for.
	demoInvoices := ""
	if !a.db.Server() {
		demoInvoices = d.Ops.DemoInvoicesPath()
	}
	return source{
		orderSource: a, orderDetails: a, summarizer: a, lookups: a, settingsStore: a,
		rateBooks: a, departures: a, orderImporter: a, invoiceImporter: a, invoiceViews: a, scenarios: a,
		Demo: func(ctx context.Context, n int, progress func(float64)) error {
			if _, err := d.Ops.LoadDemo(ctx, ops.DemoRequest{Orders: n, Seed: 1}, ops.Fraction(progress)); err != nil {
				return err
			}
			if demoInvoices == "" {
				return nil
			}
			_, err := d.Ops.WriteDemoInvoices(ctx, demoInvoices)
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
		Setup: setupOps{State: d.Ops.SetupState, SaveTemplate: ops.WriteRateBookTemplate,
			ImportProducts: func(ctx context.Context, path string) (ops.TableResult, error) {
				return d.Ops.ImportProducts(ctx, path, nil)
			},
			ImportStock: func(ctx context.Context, path string) (ops.TableResult, error) {
				return d.Ops.ImportStock(ctx, path, nil)
			}},
		CheckReport: d.Ops.CheckReport,
		PlanState:   d.Ops.PlanState,
		SpendByDay:  a.db.SpendByDay,
		OverrideOrders: func(ctx context.Context, r ops.BulkOverrideRequest, progress func(float64)) (ops.BulkOverrideResult, error) {
			return d.Ops.OverrideOrders(ctx, r, ops.Fraction(progress))
		},
		Backup: func(ctx context.Context, path string) error {
			_, err := d.Ops.Backup(ctx, path, nil)
			return err
		},
		Restore: func(ctx context.Context, path string) error {
			_, err := d.Ops.Restore(ctx, path, nil)
			return err
		},
		DBPath:       a.db.Path(),
		DemoInvoices: demoInvoices,
		Server:       a.db.Server(),
		Log:          d.Ops.Log,
		Databases:    databases{Open: d.Open, Local: d.Local, Remember: d.Remember},
		Crashed:      d.Crashed,
		Version:      d.Ops.Version(),
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
	if d.Invoice, err = a.ops.OrderInvoice(ctx, id); err != nil {
		return orderDetail{}, err
	}
	return d, nil
}

func (a *storeAdapter) SetOverride(ctx context.Context, marketplace, ref string, mode logistics.Mode, option, reason string, version int64) (int64, error) {
	res, err := a.ops.Override(ctx, ops.OverrideRequest{Marketplace: marketplace, Ref: ref, Mode: mode, Option: option, Reason: reason, Version: version}, nil)
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
		Orders: r.OrderCount, Rejected: len(r.Rejected), LeftOut: len(r.LeftOut), Cancelled: st.Cancelled, Notes: r.Notes(),
		Inserted: st.Inserted, Updated: st.Updated, Unchanged: st.Unchanged, RejectedFile: res.RejectedFile,
		FirstRejected: r.Rejected[:min(len(r.Rejected), rejectedShown)], Remembered: res.Remembered}, nil
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
