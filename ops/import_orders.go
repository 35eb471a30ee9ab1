package ops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"

	"shipmode/crash"
	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/store"
)

// ImportOrdersResult is the account of an order import.
type ImportOrdersResult struct {
	Read   ingest.OrdersResult // what the file held: rows read, imported, rejected, cancelled
	Stored store.ImportResult  // what the database did with the orders
	// RejectedFile is where the rejected rows were written (next to the file); ""
	// when none was rejected.
	RejectedFile string
	// Remembered: the import's column mapping is kept for the file's header
	// layout (PreviewOrders uses it for the next file of that layout).
	Remembered bool
}

// ImportOrders imports an order file (SPEC §2.2) in one transaction: its orders are
// stored or updated, the orders it cancels are cancelled, and its rejected rows are
// written to FILE.rejected.csv — on disk before the transaction commits, so that
// an import whose rejected rows cannot be written stores nothing (a failed commit
// may leave that file behind; a later import writes it again). A cancelled ctx
// stores nothing. progress counts the bytes of the file read.
func (s *Service) ImportOrders(ctx context.Context, path string, opt ingest.OrderOptions, progress Progress) (ImportOrdersResult, error) {
	var out ImportOrdersResult
	f, size, err := openInput(path, &opt.Name)
	if err != nil {
		return out, err
	}
	defer f.Close()
	var read *ingest.OrdersResult
	// The rejected rows reach the disk, under their final name, before the
	// transaction commits: an import whose rejected rows cannot be written stores
	// nothing.
	// With nothing rejected, the file an earlier import of the same file left is
	// removed (best effort): it no longer says what is wrong in the file.
	writeRejected := func() error {
		name := path + ".rejected.csv"
		if read == nil || len(read.Rejected) == 0 {
			if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() {
				os.Remove(name)
			}
			return nil
		}
		out.RejectedFile = name
		return WriteFile(out.RejectedFile, func(w io.Writer) error {
			if err := writeRejectedRows(w, read.Semicolons, read.Header, read.Rejected); err != nil {
				return &InputError{Path: out.RejectedFile, Err: err}
			}
			return nil
		})
	}
	importOnce := func(opt ingest.OrderOptions) (store.ImportResult, error) {
		r := &countingReader{r: f, size: size, progress: progress}
		var orders iter.Seq2[store.NewOrder, error]
		orders, read = scanOrders(ctx, r, opt)
		return s.db.ImportOrders(ctx, orders, store.ImportOptions{Source: opt.Name, BeforeCommit: writeRejected})
	}
	stored, err := importOnce(opt)
	if errors.Is(err, ingest.ErrSplitOrders) && !opt.Regroup {
		// The rows of an order are apart in the file: the orders streamed so far
		// were rolled back with the transaction; read the whole file grouped by
		// order, so that every order is imported whole or rejected whole.
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return out, &InputError{Path: path, Err: err}
		}
		opt.Regroup = true
		stored, err = importOnce(opt)
	}
	if err != nil {
		out.RejectedFile = ""
		return out, importError(path, err)
	}
	out.Read, out.Stored = *read, stored
	if len(opt.Map)+len(opt.Set) > 0 {
		// the mapping is confirmed: the next file of this layout is read with it
		out.Remembered = s.rememberMapping(ctx, read.Header, Mapping{Map: opt.Map, Set: opt.Set}) == nil
	}
	s.audit(ctx, "import orders", fmt.Sprintf("%s: %d new, %d updated, %d unchanged, %d cancelled, %d rejected",
		filepath.Base(path), stored.Inserted, stored.Updated, stored.Unchanged, stored.Cancelled, len(read.Rejected)))
	progress.report(size, size)
	return out, nil
}

// importError classifies what an import returned: the file's problems are the
// user's.
func importError(path string, err error) error {
	var ce *ingest.ColumnError
	var re ingest.RowError
	var ie *InputError
	var fe *ingest.FileError
	switch {
	case errors.As(err, &ie), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.As(err, &ce):
		return &InputError{Path: path, Err: ce} // (each names the file: said once)
	case errors.As(err, &fe):
		return &InputError{Path: path, Err: fe}
	case errors.As(err, &re):
		return &InputError{Path: path, Err: re}
	case errors.Is(err, ingest.ErrOption):
		return &InputError{Path: path, Err: err}
	}
	return err
}

// scanOrders reads orders from r on a goroutine of its own and hands them over in
// batches, so that reading the file and writing the database use both cores. The
// iterator yields the file's orders, then the keys the file cancels; the returned
// result is complete once the iterator has ended.
func scanOrders(ctx context.Context, r io.Reader, opt ingest.OrderOptions) (iter.Seq2[store.NewOrder, error], *ingest.OrdersResult) {
	res := &ingest.OrdersResult{}
	seq := func(yield func(store.NewOrder, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		const batchSize = 512
		batches := make(chan []store.NewOrder, 8)
		var scanErr error
		done := make(chan struct{})
		var panics crash.Group // the reader's panic, raised again on the importing goroutine
		go func() {
			defer close(done)
			defer close(batches)
			defer panics.Catch(cancel)
			batch := make([]store.NewOrder, 0, batchSize)
			var got *ingest.OrdersResult
			got, scanErr = ingest.ScanOrders(ctx, r, opt, func(o ingest.ImportedOrder) error {
				batch = append(batch, store.NewOrder{Order: o.Order, Status: o.Status, Tracking: o.Tracking})
				if len(batch) == batchSize {
					select {
					case batches <- batch:
					case <-ctx.Done():
						return ctx.Err()
					}
					batch = make([]store.NewOrder, 0, batchSize)
				}
				return nil
			})
			if got != nil {
				*res = *got
			}
			if scanErr == nil && len(batch) > 0 {
				select {
				case batches <- batch:
				case <-ctx.Done():
				}
			}
		}()
		stopped := false
		for batch := range batches {
			for _, o := range batch {
				if !yield(o, nil) {
					stopped = true
					cancel()
					break
				}
			}
			if stopped {
				break
			}
		}
		for range batches { // let the reader finish
		}
		<-done
		panics.Raise()
		if stopped {
			return
		}
		if scanErr != nil {
			yield(store.NewOrder{}, scanErr)
			return
		}
		for _, k := range res.Cancelled {
			if !yield(store.NewOrder{Order: logistics.Order{Marketplace: k.Marketplace, Ref: k.Ref}, Cancel: true}, nil) {
				return
			}
		}
	}
	return seq, res
}

// countingReader reports the bytes read.
type countingReader struct {
	r        io.Reader
	n, size  int64
	progress Progress
	next     int64 // report again at this many bytes
}

// Size is the size of the file, which the reader sizes its tables by.
func (c *countingReader) Size() int64 { return c.size }

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	if c.progress != nil && c.n >= c.next {
		c.progress(min(c.n, c.size), c.size)
		c.next = c.n + 1<<20
	}
	return n, err
}

// Preview is what an order file looks like under some import options: its layout,
// header and first orders and rejected rows.
type Preview struct {
	Format   ingest.Format
	Header   []string
	Orders   []logistics.Order
	Rejected []ingest.RowError
	// LeftOut are the first rows the file itself says not to ship (cancelled,
	// needing no shipping): not rejected.
	LeftOut []ingest.RowError
	// Problem is why the file cannot be imported as it is (a missing column, an
	// option that cannot be used): the mapping step fixes it.
	Problem error
	// Notes say how the file was read: the order of its dates and why, orders
	// whose rows were apart, lines keyed by their item name.
	Notes []logistics.Sentence
	// Rows are the file's first rows as they are (Lines: their line numbers) and
	// Fields where each field is read from under the options (a header, or
	// "=value" for a value every row gets): the mapping step shows every field
	// with its column and the rows at once. Missing lists the required fields
	// with neither. (nil when the file's rows cannot be read.)
	Rows    [][]string
	Lines   []int
	Fields  map[string]string
	Missing []string
	// Remembered: the options had no mapping, the file's header layout had one
	// confirmed by an earlier import (Mapping), and the preview used it.
	Remembered bool
	Mapping    Mapping
}

// headersOf is the mapping m with each header spelled as header spells it (a
// layout is the same whatever the case and surrounding spaces of its headers).
func headersOf(m map[string]string, header []string) map[string]string {
	out := make(map[string]string, len(m))
	for f, h := range m {
		out[f] = h
		for _, c := range header {
			if strings.EqualFold(strings.TrimSpace(c), strings.TrimSpace(h)) {
				out[f] = c
				break
			}
		}
	}
	return out
}

// raw reads the first n rows of the file as they are, and where each field is
// read from, under opt in the format f the scan used. A file whose rows cannot be
// read this way leaves them nil: the scan said why.
func (p *Preview) raw(path string, opt ingest.OrderOptions, f ingest.Format, n int) {
	file, err := openFile(path)
	if err != nil {
		return
	}
	defer file.Close()
	opt.Format = f
	rp, err := ingest.PreviewOrders(file, opt, n)
	if err != nil {
		return
	}
	p.Rows, p.Lines, p.Fields, p.Missing = rp.Rows, rp.Lines, rp.Fields, rp.Missing
}

// errEnough stops a preview scan once it has enough orders.
var errEnough = errors.New("preview complete")

// PreviewOrders reads the first n orders of an order file under opt, for the
// mapping step. A file whose columns do not fit (no preset recognised, a required
// column missing) is not an error: the preview carries the header and the Problem.
// Such a file, given no mapping, is read with the mapping an earlier import of its
// header layout confirmed, if that one fits (Remembered).
func (s *Service) PreviewOrders(ctx context.Context, path string, opt ingest.OrderOptions, n int) (Preview, error) {
	p, err := s.previewOrders(ctx, path, opt, n)
	if err != nil || p.Problem == nil || opt.Map != nil || opt.Set != nil {
		return p, err
	}
	m, ok, err := s.RememberedMapping(ctx, p.Header)
	if err != nil || !ok {
		return p, err
	}
	m.Map = headersOf(m.Map, p.Header)
	opt.Map, opt.Set = m.Map, m.Set
	q, err := s.previewOrders(ctx, path, opt, n)
	if err != nil || q.Problem != nil {
		return p, nil // the remembered mapping no longer fits: the seller maps again
	}
	q.Remembered, q.Mapping = true, m
	return q, nil
}

func (s *Service) previewOrders(ctx context.Context, path string, opt ingest.OrderOptions, n int) (Preview, error) {
	var p Preview
	if opt.Name == "" {
		opt.Name = filepath.Base(path)
	}
	scan := func(opt ingest.OrderOptions) (*ingest.OrdersResult, error) {
		f, err := openFile(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		p.Orders = p.Orders[:0]
		return ingest.ScanOrders(ctx, f, opt, func(o ingest.ImportedOrder) error {
			p.Orders = append(p.Orders, o.Order)
			if len(p.Orders) >= n {
				return errEnough
			}
			return nil
		})
	}
	res, err := scan(opt)
	if errors.Is(err, ingest.ErrSplitOrders) {
		// Orders apart in the file: the preview shows them whole, as the import
		// will read them.
		opt.Regroup = true
		res, err = scan(opt)
	}
	if res == nil && errors.Is(err, ingest.ErrOption) && opt.Format == 0 {
		// No preset matches the header: read it as the generic layout to get the
		// header for the mapping step.
		opt.Format = ingest.Generic
		res, err = scan(opt)
	}
	if res != nil {
		p.raw(path, opt, res.Format, n)
		p.Format, p.Header = res.Format, res.Header
		p.Notes = res.Notes()
		p.Rejected = res.Rejected[:min(len(res.Rejected), n)]
		p.LeftOut = res.LeftOut[:min(len(res.LeftOut), n)]
	}
	var colErr *ingest.ColumnError
	switch {
	case err == nil, errors.Is(err, errEnough):
		return p, nil
	case errors.As(err, &colErr), errors.Is(err, ingest.ErrOption) && res != nil:
		p.Problem = err
		return p, nil
	}
	return p, importError(path, err)
}
