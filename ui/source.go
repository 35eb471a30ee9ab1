package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"shipmode/logistics"
	"shipmode/store"
)

// Deps is what the window needs from main.go: the open database and the long
// operations, which main wires to the same implementations the command line runs
// (a nil function hides its button).
type Deps struct {
	DB *store.DB
	// Demo fills the database with the demo rate book, stock and n orders, reporting
	// progress from 0 to 1 (shipmode demo).
	Demo func(ctx context.Context, n int, progress func(float64)) error
	// Plan plans every open order with the current rate book (shipmode plan).
	Plan func(ctx context.Context, progress func(float64)) error
	// WriteReport writes the spend workbook of from..to (inclusive; NoDate = open) to
	// path, reporting the number of orders written (shipmode report).
	WriteReport func(ctx context.Context, path string, from, to logistics.Date, progress func(done int)) error
	// Backup writes a consistent copy of the database to path (shipmode backup).
	Backup func(ctx context.Context, path string) error
	// Restore replaces the database with the backup at path (shipmode restore).
	Restore func(ctx context.Context, path string) error
	// Version is the app version shown in Settings.
	Version string
	// Options choose the first screen, language and theme of this run.
	Options Options
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

	Demo        func(ctx context.Context, n int, progress func(float64)) error
	Plan        func(ctx context.Context, progress func(float64)) error
	WriteReport func(ctx context.Context, path string, from, to logistics.Date, progress func(done int)) error
	Backup      func(ctx context.Context, path string) error
	Restore     func(ctx context.Context, path string) error
	DBPath      string
	Version     string
}

// newSource builds the screens' source over deps.DB.
func newSource(d Deps) source {
	a := &storeAdapter{db: d.DB}
	s := source{
		orderSource: a, orderDetails: a, summarizer: a, lookups: a, settingsStore: a,
		rateBooks: a, departures: a, orderImporter: a,
		Demo: d.Demo, Plan: d.Plan, WriteReport: d.WriteReport, Backup: d.Backup, Restore: d.Restore,
		Version: d.Version,
	}
	if d.DB != nil {
		s.DBPath = d.DB.Path()
	}
	return s
}

// storeAdapter implements the screens' interfaces over the real store.
type storeAdapter struct {
	db *store.DB
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
	return a.db.SetOverride(ctx, marketplace, ref, mode, option, reason)
}

func (a *storeAdapter) RateBook(ctx context.Context) (logistics.RateBook, store.RateBookVersion, error) {
	rb, v, err := a.db.RateBook(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return rb, v, fmt.Errorf("%w: %w", errNoRateBook, err)
	}
	return rb, v, err
}

func (a *storeAdapter) RateBookVersions(ctx context.Context) ([]store.RateBookVersion, error) {
	return a.db.RateBookVersions(ctx)
}

func (a *storeAdapter) SaveRateBook(ctx context.Context, rb logistics.RateBook, source string) (store.RateBookVersion, error) {
	return a.db.SaveRateBook(ctx, rb, source)
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
