package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/store"
)

// errEnough stops a preview scan once it has enough orders.
var errEnough = errors.New("preview complete")

// PreviewOrders reads the start of an order file under opt. A file whose columns do
// not fit (no preset recognised, a required column missing) is not an error: the
// preview carries the header and the Problem, for the mapping step.
func (a *storeAdapter) PreviewOrders(ctx context.Context, path string, opt ingest.OrderOptions) (importPreview, error) {
	var p importPreview
	scan := func(opt ingest.OrderOptions) (*ingest.OrdersResult, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		defer f.Close()
		p.Orders = p.Orders[:0]
		return ingest.ScanOrders(ctx, f, opt, func(o ingest.ImportedOrder) error {
			p.Orders = append(p.Orders, o.Order)
			if len(p.Orders) >= previewOrders {
				return errEnough
			}
			return nil
		})
	}
	res, err := scan(opt)
	if res == nil && errors.Is(err, ingest.ErrOption) && opt.Format == 0 {
		// No preset matches the header: read it as the generic layout to get the
		// header for the mapping step.
		opt.Format = ingest.Generic
		res, err = scan(opt)
	}
	if res != nil {
		p.Format, p.Header = res.Format, res.Header
		p.Rejected = res.Rejected
		if len(p.Rejected) > previewOrders {
			p.Rejected = p.Rejected[:previewOrders]
		}
	}
	var colErr *ingest.ColumnError
	switch {
	case err == nil, errors.Is(err, errEnough):
		return p, nil
	case errors.As(err, &colErr), errors.Is(err, ingest.ErrOption) && res != nil:
		p.Problem = err
		return p, nil
	}
	return p, err
}

// countingReader counts the bytes read, for progress.
type countingReader struct {
	r    io.Reader
	n    int64
	size int64
	fn   func(float64)
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	if c.fn != nil && c.size > 0 {
		c.fn(min(0.99, float64(c.n)/float64(c.size)))
	}
	return n, err
}

// ImportOrders imports an order file: open orders and shipped ones each with their
// status, orders the file cancels marked cancelled, and the rejected rows written to
// FILE.rejected.csv next to it.
func (a *storeAdapter) ImportOrders(ctx context.Context, path string, opt ingest.OrderOptions, progress func(float64)) (importOutcome, error) {
	f, err := os.Open(path)
	if err != nil {
		return importOutcome{}, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	// The file is read while the store writes: ScanOrders pushes each order into the
	// iterator the store ranges over.
	var res *ingest.OrdersResult
	seq := func(yield func(store.NewOrder, error) bool) {
		stopped := errors.New("stopped")
		var err error
		res, err = ingest.ScanOrders(ctx, &countingReader{r: f, size: size, fn: progress}, opt, func(o ingest.ImportedOrder) error {
			if !yield(store.NewOrder{Order: o.Order, Status: o.Status}, nil) {
				return stopped
			}
			return nil
		})
		if err != nil && !errors.Is(err, stopped) {
			yield(store.NewOrder{}, err)
		}
	}
	r, err := a.db.ImportOrders(ctx, seq, store.ImportOptions{Source: path})
	if err != nil {
		return importOutcome{}, err
	}
	out := importOutcome{File: res.File, Format: res.Format, RowsRead: res.RowsRead, RowsImported: res.RowsImported,
		Orders: res.OrderCount, Rejected: len(res.Rejected), Cancelled: len(res.Cancelled), DateNote: res.DateNote,
		Inserted: r.Inserted, Updated: r.Updated, Unchanged: r.Unchanged}
	for _, k := range res.Cancelled {
		o, err := a.db.FindOrder(ctx, k.Marketplace, k.Ref)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return out, err
		}
		if err := a.db.SetStatus(ctx, o.ID, logistics.Cancelled); err != nil {
			return out, err
		}
	}
	if len(res.Rejected) > 0 {
		out.RejectedFile = path + ".rejected.csv"
		w, err := os.Create(out.RejectedFile)
		if err != nil {
			return out, fmt.Errorf("write rejected rows: %w", err)
		}
		err = ingest.WriteRejected(w, res.Header, res.Rejected)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return out, fmt.Errorf("write rejected rows %s: %w", out.RejectedFile, err)
		}
	}
	if progress != nil {
		progress(1)
	}
	return out, nil
}
