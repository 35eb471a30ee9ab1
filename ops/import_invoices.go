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

// PreviewInvoices reads the header and first n rows of an invoice file under opt,
// for the mapping step: where each field is read from, what is still missing, and
// the first rows as they would be imported or rejected.
func (s *Service) PreviewInvoices(ctx context.Context, path string, opt ingest.InvoiceOptions, n int) (*ingest.InvoicePreview, error) {
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
