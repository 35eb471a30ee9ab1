package ui

import (
	"context"
	"errors"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
)

// invoicePreview is what a carrier invoice file looks like under some import
// options (ingest's preview: layout, header, where each field is read from, the
// required fields without a column, the first lines and rejected rows), and the
// Problem the mapping step fixes: a mapped column the file lacks or a value for
// every row that cannot be used.
type invoicePreview struct {
	ingest.InvoicePreview
	Problem error
	// RawRows are the file's first rows as they are (RawLines: their line numbers),
	// shown beside the mapping step. Remembered: the preview used the mapping an
	// earlier import of the file's header layout confirmed (Mapping).
	RawRows    [][]string
	RawLines   []int
	Remembered bool
	Mapping    ops.Mapping
}

// invoiceImporter reads carrier invoice files into the store.
type invoiceImporter interface {
	PreviewInvoices(ctx context.Context, path string, opt ingest.InvoiceOptions) (invoicePreview, error)
	ImportInvoices(ctx context.Context, path string, opt ingest.InvoiceOptions, progress func(float64)) (ops.ImportInvoicesResult, error)
}

// invoiceViews reads what the Invoices screen and the dashboard show of the
// reconciliation of a period.
type invoiceViews interface {
	InvoiceOverview(ctx context.Context, from, to logistics.Date) (ops.InvoiceOverview, error)
	// InvoiceTotals: ok is false when the database has no invoices.
	InvoiceTotals(ctx context.Context, from, to logistics.Date) (res ops.ReconcileResult, ok bool, err error)
}

// previewInvoiceRows is how many rows of an invoice file the preview reads.
const previewInvoiceRows = 20

func (a *storeAdapter) PreviewInvoices(ctx context.Context, path string, opt ingest.InvoiceOptions) (invoicePreview, error) {
	pv, err := a.ops.PreviewInvoices(ctx, path, opt, previewInvoiceRows)
	var ce *ingest.ColumnError
	switch {
	case err != nil && (errors.As(err, &ce) || errors.Is(err, ingest.ErrOption)):
		return invoicePreview{Problem: err}, nil
	case err != nil:
		return invoicePreview{}, err
	}
	return invoicePreview{InvoicePreview: *pv.InvoicePreview, RawRows: pv.RawRows, RawLines: pv.RawLines,
		Remembered: pv.Remembered, Mapping: pv.Mapping}, nil
}

func (a *storeAdapter) ImportInvoices(ctx context.Context, path string, opt ingest.InvoiceOptions, progress func(float64)) (ops.ImportInvoicesResult, error) {
	return a.ops.ImportInvoices(ctx, path, opt, ops.Fraction(progress))
}

func (a *storeAdapter) InvoiceOverview(ctx context.Context, from, to logistics.Date) (ops.InvoiceOverview, error) {
	return a.ops.InvoiceOverview(ctx, from, to, nil)
}

func (a *storeAdapter) InvoiceTotals(ctx context.Context, from, to logistics.Date) (ops.ReconcileResult, bool, error) {
	return a.ops.InvoiceTotals(ctx, from, to)
}
