package ops

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"shipmode/crash"
	"shipmode/ingest"
	"shipmode/store"
)

// ImportInvoicesResult is the account of a carrier invoice import.
type ImportInvoicesResult struct {
	// Read is what the file held: rows read, invoice header rows, rows imported
	// and rejected (its Lines are dropped once stored).
	Read   ingest.InvoicesResult
	Stored store.InvoiceImportResult // what the database did with the invoices
	// RejectedFile is where the rejected rows were written (next to the file); ""
	// when none was rejected.
	RejectedFile string
	// Remembered: the import's column mapping is kept for the file's header
	// layout (the next invoice of that layout previews with it).
	Remembered bool
}

// Summary is the account in a few lines for a person: rows read = matched +
// unmatched + rejected (SPEC §8), the invoices new, unchanged and re-issued, and
// the lines of earlier invoices that found their order now.
func (r *ImportInvoicesResult) Summary() string {
	rd, st := &r.Read, &r.Stored
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %d lines read = %d matched + %d unmatched + %d rejected", rd.File, rd.Format,
		rd.RowsRead-rd.HeaderRows, st.RowsMatched, st.RowsUnmatched, len(rd.Rejected))
	if rd.HeaderRows > 0 {
		fmt.Fprintf(&b, " (and %d invoice header rows)", rd.HeaderRows)
	}
	if r.RejectedFile != "" {
		fmt.Fprintf(&b, " → %s", r.RejectedFile)
	}
	fmt.Fprintf(&b, "\n%d charge lines (%d matched, %d unmatched) in %d invoices: %d new, %d unchanged, %d re-issued",
		st.Lines, st.Matched, st.Unmatched, st.New+st.Unchanged+len(st.Reissued), st.New, st.Unchanged, len(st.Reissued))
	for i, k := range st.Reissued {
		if i == 5 {
			fmt.Fprintf(&b, "\n… and %d more re-issued invoices", len(st.Reissued)-5)
			break
		}
		fmt.Fprintf(&b, "\ninvoice %s %s was issued again with other lines: its lines replace the earlier ones", k.Carrier, k.Number)
	}
	if st.Rematched > 0 {
		fmt.Fprintf(&b, "\n%d lines of earlier invoices found their order", st.Rematched)
	}
	if rd.DateWhy.Key != "" {
		fmt.Fprintf(&b, "\ndates %s", rd.DateWhy.String())
	}
	return b.String()
}

// ImportInvoices imports a carrier invoice file (SPEC §8) in one transaction: its
// invoices are added, left alone when known with the same lines, or replaced when
// known with other lines (a corrected re-issue); its lines are matched to orders
// (and lines kept unmatched earlier are matched again); its rejected rows are
// written to FILE.rejected.csv before the transaction commits, so that an import
// whose rejected rows cannot be written stores nothing. A cancelled ctx stores
// nothing. progress counts the bytes of the file read.
//
// The file is read on a goroutine of its own, its lines handed to the store in
// batches, so that reading the file and finding the lines' orders use both cores.
func (s *Service) ImportInvoices(ctx context.Context, path string, opt ingest.InvoiceOptions, progress Progress) (ImportInvoicesResult, error) {
	var out ImportInvoicesResult
	f, size, err := openInput(path, &opt.Name)
	if err != nil {
		return out, err
	}
	defer f.Close()
	sc := scanInvoices(ctx, &countingReader{r: f, size: size, progress: progress}, opt)
	defer sc.stop()
	// The first batch, or the end of a file without lines: a file that cannot be
	// read, or holds no line to store, does not open a transaction.
	first, ok := sc.next()
	if !ok && sc.err != nil {
		return out, importError(path, sc.err)
	}
	read := sc.res
	writeRejected := func() error {
		if len(read.Rejected) == 0 {
			return nil
		}
		out.RejectedFile = path + ".rejected.csv"
		return WriteFile(out.RejectedFile, func(w io.Writer) error {
			if err := writeRejectedRows(w, read.Semicolons, read.Header, read.Rejected); err != nil {
				return &InputError{Path: out.RejectedFile, Err: err}
			}
			return nil
		})
	}
	var stored store.InvoiceImportResult
	if ok {
		var scanErr error // the reading's, as the file's problem
		batches := func(yield func(store.InvoiceLines, error) bool) {
			for b, ok := first, true; ok; b, ok = sc.next() {
				if !yield(b, nil) {
					return
				}
			}
			if scanErr = sc.err; scanErr != nil {
				yield(nil, scanErr)
			}
		}
		stored, err = s.db.ImportInvoiceBatches(ctx, batches, store.InvoiceImportOptions{Source: opt.Name,
			BeforeCommit: writeRejected})
		if err != nil && scanErr != nil {
			err = scanErr
		}
	} else {
		err = writeRejected() // nothing to store: the rejected rows are all there is
	}
	if err != nil {
		out.RejectedFile = ""
		return out, importError(path, err)
	}
	out.Read, out.Stored = *read, stored
	if len(opt.Map)+len(opt.Set) > 0 {
		// the mapping is confirmed: the next file of this layout is read with it
		out.Remembered = s.keepMapping(ctx, mappingInvoices, read.Header, Mapping{Map: opt.Map, Set: opt.Set}) == nil
	}
	s.audit(ctx, "import invoices", fmt.Sprintf("%s: %d invoices new, %d unchanged, %d re-issued; %d lines, %d matched",
		filepath.Base(path), stored.New, stored.Unchanged, len(stored.Reissued), stored.Lines, stored.Matched))
	progress.report(size, size)
	return out, nil
}

// invoiceScan reads an invoice file on a goroutine of its own (ingest.ScanInvoices)
// and hands its lines over a batch at a time.
type invoiceScan struct {
	batches chan ingest.InvoiceLines
	done    chan struct{} // closed when the reading has ended and res, err are set
	cancel  context.CancelFunc
	panics  crash.Group
	res     *ingest.InvoicesResult // complete once next has reported the end
	err     error
}

func scanInvoices(ctx context.Context, r io.Reader, opt ingest.InvoiceOptions) *invoiceScan {
	ctx, cancel := context.WithCancel(ctx)
	sc := &invoiceScan{batches: make(chan ingest.InvoiceLines, 4), done: make(chan struct{}), cancel: cancel,
		res: &ingest.InvoicesResult{}}
	go func() {
		defer close(sc.done)
		defer close(sc.batches)
		defer sc.panics.Catch(cancel)
		res, err := ingest.ScanInvoices(ctx, r, opt, func(b ingest.InvoiceLines) error {
			select {
			case sc.batches <- b:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		if res != nil {
			*sc.res = *res
		}
		sc.err = err
	}()
	return sc
}

// next returns the next batch; at the end (false) the result and error are set.
func (sc *invoiceScan) next() (ingest.InvoiceLines, bool) {
	b, ok := <-sc.batches
	if !ok {
		<-sc.done
		sc.panics.Raise()
	}
	return b, ok
}

// stop ends the reading if it still runs.
func (sc *invoiceScan) stop() {
	sc.cancel()
	for range sc.batches {
	}
	<-sc.done
}

// InvoicePreview is an invoice file's preview for the mapping step, with the
// file's first rows as they are (RawRows, their line numbers RawLines) to show beside
// the fields. Remembered: the options had no mapping, the file's header layout
// had one confirmed by an earlier import (Mapping), and the preview used it.
type InvoicePreview struct {
	*ingest.InvoicePreview
	RawRows    [][]string
	RawLines   []int
	Remembered bool
	Mapping    Mapping
}

// PreviewInvoices reads the header and first n rows of an invoice file under opt,
// for the mapping step: where each field is read from, what is still missing, and
// the first rows as they would be imported or rejected. A file with required
// fields missing, given no mapping, is read with the mapping an earlier import of
// its header layout confirmed, if that one fits (Remembered).
func (s *Service) PreviewInvoices(ctx context.Context, path string, opt ingest.InvoiceOptions, n int) (InvoicePreview, error) {
	pv, err := s.previewInvoices(ctx, path, opt, n)
	if err != nil {
		return InvoicePreview{}, err
	}
	out := InvoicePreview{InvoicePreview: pv}
	out.raw(ctx, path, n)
	if len(pv.Missing) == 0 || opt.Map != nil || opt.Set != nil {
		return out, nil
	}
	m, ok, err := s.RememberedInvoiceMapping(ctx, pv.Header)
	if err != nil || !ok {
		return out, err
	}
	m.Map = headersOf(m.Map, pv.Header)
	opt.Map, opt.Set = m.Map, m.Set
	q, err := s.previewInvoices(ctx, path, opt, n)
	if err != nil || len(q.Missing) > 0 {
		return out, nil // the remembered mapping no longer fits: the seller maps again
	}
	out.InvoicePreview, out.Remembered, out.Mapping = q, true, m
	return out, nil
}

// raw reads the file's first n rows as they are; a file whose rows cannot be
// read this way leaves them nil (the preview said why).
func (p *InvoicePreview) raw(ctx context.Context, path string, n int) {
	f, err := openFile(path)
	if err != nil {
		return
	}
	defer f.Close()
	if tp, err := ingest.PreviewTable(ctx, f, filepath.Base(path), n); err == nil {
		p.RawRows, p.RawLines = tp.Rows, tp.Lines
	}
}

func (s *Service) previewInvoices(ctx context.Context, path string, opt ingest.InvoiceOptions, n int) (*ingest.InvoicePreview, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if opt.Name == "" {
		opt.Name = filepath.Base(path)
	}
	pv, err := ingest.PreviewInvoices(ctx, f, opt, n)
	if err != nil {
		return nil, importError(path, err)
	}
	return pv, nil
}
