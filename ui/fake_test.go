package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/reports"
	"shipmode/store"
)

// queue is the tests' runner: work waits in the queue until drain runs it, on the
// test goroutine, so a test sees the UI before and after the background work
// without sleeping.
type queue struct{ fns []func() }

func (q *queue) run(f func()) { q.fns = append(q.fns, f) }

// drain runs queued work (and the work it queues) until none is left.
func (q *queue) drain() {
	for len(q.fns) > 0 {
		f := q.fns[0]
		q.fns = q.fns[1:]
		f()
	}
}

// fakeStore implements every interface the screens use, in memory, and records
// what they asked for.
type fakeStore struct {
	orders []store.OrderRow // small data sets: filtered and searched
	n      int              // large data sets: n generated rows, no filtering

	counts, lists, idLists, rowReads int
	filters                          []store.OrderFilter // of every ListOrders
	offsets                          []int

	details   map[int64]orderDetail
	overrides []overrideCall

	summary   store.Summary
	summaries []period

	settings map[string]string

	rb       logistics.RateBook
	versions []store.RateBookVersion
	saved    []logistics.RateBook

	deps []departure

	preview     importPreview
	outcome     importOutcome
	importOpts  []ingest.OrderOptions
	importErr   error
	importCalls int

	inv fakeInvoices // the carrier invoices (invoices_test.go)
}

type overrideCall struct {
	marketplace, ref string
	mode             logistics.Mode
	option, reason   string
}

// genRow is row i of a generated data set.
func genRow(i int) store.OrderRow {
	return store.OrderRow{ID: int64(i + 1), Date: logistics.DateOf(2026, 1, 1) + logistics.Date(i%365),
		Marketplace: "amazon", Ref: fmt.Sprintf("AMZ-%07d", i), Country: "FR", Status: logistics.Open,
		Planned: true, Mode: logistics.Modes[i%4], Option: "SVC", Total: int64(1000 + i%500), Currency: "EUR"}
}

func (f *fakeStore) match(flt store.OrderFilter) []store.OrderRow {
	var out []store.OrderRow
	for _, r := range f.orders {
		if flt.Search != "" && !strings.HasPrefix(r.Ref, flt.Search) {
			continue
		}
		if flt.Mode != 0 && r.Mode != flt.Mode {
			continue
		}
		if flt.SLARisk && !r.SLARisk {
			continue
		}
		if flt.Country != "" && r.Country != flt.Country {
			continue
		}
		out = append(out, r)
	}
	return out
}

func (f *fakeStore) CountOrders(ctx context.Context, flt store.OrderFilter) (int, error) {
	f.counts++
	if f.n > 0 {
		return f.n, nil
	}
	return len(f.match(flt)), nil
}

func (f *fakeStore) ListOrders(ctx context.Context, flt store.OrderFilter, offset, limit int) ([]store.OrderRow, error) {
	f.lists++
	f.filters = append(f.filters, flt)
	f.offsets = append(f.offsets, offset)
	if f.n > 0 {
		var rows []store.OrderRow
		for i := offset; i < min(f.n, offset+limit); i++ {
			rows = append(rows, genRow(i))
		}
		return rows, nil
	}
	m := f.match(flt)
	if offset >= len(m) {
		return nil, nil
	}
	return m[offset:min(len(m), offset+limit)], nil
}

func (f *fakeStore) OrderIDs(ctx context.Context, flt store.OrderFilter) ([]int64, error) {
	f.idLists++
	if f.n > 0 {
		ids := make([]int64, f.n)
		for i := range ids {
			ids[i] = int64(i + 1)
		}
		return ids, nil
	}
	var ids []int64
	for _, r := range f.match(flt) {
		ids = append(ids, r.ID)
	}
	return ids, nil
}

func (f *fakeStore) OrderRows(ctx context.Context, ids []int64) ([]store.OrderRow, error) {
	f.rowReads++
	var rows []store.OrderRow
	for _, id := range ids {
		if f.n > 0 {
			rows = append(rows, genRow(int(id-1)))
			continue
		}
		for _, r := range f.orders {
			if r.ID == id {
				rows = append(rows, r)
			}
		}
	}
	return rows, nil
}

func (f *fakeStore) OrderDetail(ctx context.Context, id int64) (orderDetail, error) {
	d, ok := f.details[id]
	if !ok {
		return orderDetail{}, fmt.Errorf("order %d: %w", id, store.ErrNotFound)
	}
	return d, nil
}

func (f *fakeStore) SetOverride(ctx context.Context, marketplace, ref string, mode logistics.Mode, option, reason string, version int64) (int64, error) {
	f.overrides = append(f.overrides, overrideCall{marketplace, ref, mode, option, reason})
	return 1, nil
}

func (f *fakeStore) Summary(ctx context.Context, from, to logistics.Date) (store.Summary, error) {
	f.summaries = append(f.summaries, period{from, to})
	return f.summary, nil
}

func (f *fakeStore) Lookups(ctx context.Context) ([]string, []string, error) {
	return []string{"DE", "FR"}, []string{"amazon", "ebay"}, nil
}

func (f *fakeStore) Setting(ctx context.Context, key string) (string, error) {
	if v, ok := f.settings[key]; ok {
		return v, nil
	}
	return "", store.ErrNotFound
}

func (f *fakeStore) SetSetting(ctx context.Context, key, value string) error {
	if f.settings == nil {
		f.settings = map[string]string{}
	}
	f.settings[key] = value
	return nil
}

func (f *fakeStore) RateBookView(ctx context.Context) (ops.RateBookView, error) {
	v := ops.RateBookView{RateBook: f.rb, Versions: f.versions}
	var err error
	if v.Sheets, err = ops.Sheets(f.rb); err != nil {
		return v, err
	}
	if len(f.versions) == 0 {
		return v, fmt.Errorf("read rate book: %w", ops.ErrNoRateBook)
	}
	v.Version = f.versions[0]
	return v, nil
}

// EditRateBook applies the edits as ops does (ops.ApplyEdits), in memory.
func (f *fakeStore) EditRateBook(ctx context.Context, e ops.RateBookEdit) (ops.RateBookResult, error) {
	rb, err := ops.ApplyEdits(f.rb, e.Cells)
	if err != nil {
		return ops.RateBookResult{}, err
	}
	return f.save(rb, e.Source), nil
}

func (f *fakeStore) ImportRateBook(ctx context.Context, path string) (ops.RateBookResult, error) {
	file, err := os.Open(path)
	if err != nil {
		return ops.RateBookResult{}, err
	}
	defer file.Close()
	rb, err := ingest.RateBook(file, filepath.Base(path))
	if err != nil {
		return ops.RateBookResult{}, &ops.InputError{Err: err}
	}
	return f.save(rb, path), nil
}

func (f *fakeStore) ExportRateBook(ctx context.Context, path string) error {
	return ops.WriteFile(path, func(w io.Writer) error { return reports.WriteRateBook(w, f.rb) })
}

func (f *fakeStore) save(rb logistics.RateBook, source string) ops.RateBookResult {
	f.saved = append(f.saved, rb)
	v := store.RateBookVersion{ID: int64(len(f.versions) + 1), ImportedAt: time.Unix(0, 0), Source: source}
	f.rb = rb
	f.versions = append([]store.RateBookVersion{v}, f.versions...)
	return ops.RateBookResult{Version: v, RateBook: rb}
}

func (f *fakeStore) Departures(ctx context.Context, from logistics.Date) ([]departure, error) {
	return f.deps, nil
}

func (f *fakeStore) PreviewOrders(ctx context.Context, path string, opt ingest.OrderOptions) (importPreview, error) {
	f.importOpts = append(f.importOpts, opt)
	return f.preview, nil
}

func (f *fakeStore) ImportOrders(ctx context.Context, path string, opt ingest.OrderOptions, progress func(float64)) (importOutcome, error) {
	f.importCalls++
	f.importOpts = append(f.importOpts, opt)
	if err := ctx.Err(); err != nil {
		return importOutcome{}, err
	}
	progress(1)
	return f.outcome, f.importErr
}

// sourceOf wraps a fake in a source with the given operations.
func sourceOf(f *fakeStore) source {
	return source{orderSource: f, orderDetails: f, summarizer: f, lookups: f, settingsStore: f,
		rateBooks: f, departures: f, orderImporter: f, invoiceImporter: f, invoiceViews: f, DBPath: "/data/shipmode.db", Version: "test"}
}

// harness is a test window with an env on a queue runner; errors are recorded.
type harness struct {
	t      *testing.T
	q      *queue
	e      *env
	w      fyne.Window
	errs   []error
	opened []string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	test.NewTempApp(t)
	h := &harness{t: t, q: &queue{}}
	h.w = test.NewTempWindow(t, widget.NewLabel(""))
	h.w.Resize(fyne.NewSize(1280, 800))
	h.e = &env{win: h.w, tr: newTranslator(langEnglish), run: h.q.run,
		today:    func() logistics.Date { return logistics.DateOf(2026, 6, 15) },
		showErr:  func(err error) { h.errs = append(h.errs, err) },
		openFile: func(p string) { h.opened = append(h.opened, p) }}
	return h
}

// show puts o in the window.
func (h *harness) show(o fyne.CanvasObject) {
	h.w.SetContent(o)
	h.w.Resize(fyne.NewSize(1280, 800))
}

// noErrors fails the test if an error was shown.
func (h *harness) noErrors() {
	h.t.Helper()
	if len(h.errs) > 0 {
		h.t.Fatalf("errors shown: %v", h.errs)
	}
}

// findButton finds the visible button with text under o.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	return nil
}

// hasText reports whether a visible label, button or text under o shows s.
func hasText(o fyne.CanvasObject, s string) bool {
	for _, c := range test.LaidOutObjects(o) {
		switch w := c.(type) {
		case *widget.Label:
			if strings.Contains(w.Text, s) && w.Visible() {
				return true
			}
		case *widget.Button:
			if strings.Contains(w.Text, s) && w.Visible() {
				return true
			}
		}
	}
	return false
}

var errBoom = errors.New("boom")

var _ io.Writer = (*strings.Builder)(nil)
