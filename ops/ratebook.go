package ops

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"shipmode/demo"
	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/reports"
	"shipmode/store"
)

// RateBookResult says which rate-book version an operation stored.
type RateBookResult struct {
	Version  store.RateBookVersion
	RateBook logistics.RateBook
	// Same: the content equals the version the change was made on, so no new
	// version was stored (Version is that one).
	Same bool
}

// ImportRateBook reads a rate-book workbook (SPEC §4), with its products and stock
// sheets, and stores it as a new version. On any problem nothing is stored and the
// error is an *InputError over an *ingest.RateBookError listing every bad cell.
func (s *Service) ImportRateBook(ctx context.Context, path string, progress Progress) (RateBookResult, error) {
	defer progress.report(1, 1)
	data, err := os.ReadFile(path)
	if err != nil {
		return RateBookResult{}, &InputError{Path: path, Err: pathErr(err)}
	}
	rb, err := ingest.RateBook(bytes.NewReader(data), filepath.Base(path))
	if err != nil {
		return RateBookResult{}, &InputError{Err: err} // it names the file and every cell
	}
	v, err := s.db.SaveRateBook(ctx, rb, filepath.Base(path))
	if err != nil {
		return RateBookResult{}, fmt.Errorf("save rate book: %w", err)
	}
	s.audit(ctx, "rate book", fmt.Sprintf("version %d from %s", v.ID, v.Source))
	return RateBookResult{Version: v, RateBook: rb}, nil
}

// RateBookView is the current rate book as a person sees and edits it: its
// version and the text of every sheet's cells.
type RateBookView struct {
	RateBook logistics.RateBook
	Version  store.RateBookVersion
	Versions []store.RateBookVersion // every version, newest first
	Sheets   []ingest.Sheet
}

// RateBookView returns the current rate book with its sheets' cells (ErrNoRateBook
// when there is none: the view then has the versions and empty sheets).
func (s *Service) RateBookView(ctx context.Context) (RateBookView, error) {
	var v RateBookView
	var err error
	if v.Versions, err = s.db.RateBookVersions(ctx); err != nil {
		return v, err
	}
	rb, ver, err := s.db.RateBook(ctx)
	if errors.Is(err, store.ErrNotFound) {
		v.Sheets, _ = Sheets(logistics.RateBook{})
		return v, ErrNoRateBook
	}
	if err != nil {
		return v, fmt.Errorf("read the rate book: %w", err)
	}
	v.RateBook, v.Version = rb, ver
	v.Sheets, err = Sheets(rb)
	return v, err
}

// Sheets is rb as the text of its workbook's cells (SPEC §4), as a person sees
// and edits it.
func Sheets(rb logistics.RateBook) ([]ingest.Sheet, error) {
	var buf bytes.Buffer
	if err := reports.WriteRateBook(&buf, rb); err != nil {
		return nil, fmt.Errorf("write rate book: %w", err)
	}
	return ingest.RateBookCells(&buf, "rate book")
}

// ErrStaleRateBook is returned by EditRateBook when the rate book changed since
// the version the edit was made on.
var ErrStaleRateBook = errors.New("the rate book changed since it was loaded")

// RateBookEdit is a change a person made to the rate book's cells.
type RateBookEdit struct {
	// Base is the version the edit was made on: if another version was stored
	// since, the edit is refused with ErrStaleRateBook (0: do not check).
	Base   int64
	Cells  []reports.CellEdit
	Source string // kept with the new version ("edited in Shipmode")
}

// EditRateBook applies cell edits to the current rate book and stores the result
// as a new version, after the very checks an imported workbook passes: on any
// problem nothing is stored and the error is an *InputError over an
// *ingest.RateBookError locating every problem at its cell.
func (s *Service) EditRateBook(ctx context.Context, e RateBookEdit, progress Progress) (RateBookResult, error) {
	defer progress.report(1, 1)
	rb, ver, err := s.db.RateBook(ctx)
	switch {
	case errors.Is(err, store.ErrNotFound):
		rb = logistics.RateBook{}
	case err != nil:
		return RateBookResult{}, fmt.Errorf("read the rate book: %w", err)
	case e.Base != 0 && ver.ID != e.Base:
		return RateBookResult{}, fmt.Errorf("%w (version %d, now %d)", ErrStaleRateBook, e.Base, ver.ID)
	}
	sheets := make([]string, len(e.Cells))
	for i, c := range e.Cells {
		sheets[i] = c.Sheet
	}
	edited, err := ApplyEdits(versioned(rb, sheets...), e.Cells)
	if err != nil {
		return RateBookResult{}, err
	}
	if e.Source == "" {
		e.Source = "edited in Shipmode"
	}
	v, err := s.db.SaveRateBookOn(ctx, edited, e.Source, e.Base)
	var stale *store.RateBookStaleError
	switch {
	case errors.As(err, &stale):
		return RateBookResult{}, fmt.Errorf("%w (version %d, now %d)", ErrStaleRateBook, stale.Base, stale.Now)
	case err != nil:
		return RateBookResult{}, fmt.Errorf("save rate book: %w", err)
	}
	s.audit(ctx, "rate book", fmt.Sprintf("version %d: %d cells %s", v.ID, len(e.Cells), e.Source))
	return RateBookResult{Version: v, RateBook: edited}, nil
}

// ApplyEdits returns rb with the cell edits applied, read back through the very
// checks an imported workbook passes: on any problem the error is an *InputError
// over an *ingest.RateBookError locating every problem at its cell.
func ApplyEdits(rb logistics.RateBook, edits []reports.CellEdit) (logistics.RateBook, error) {
	var buf bytes.Buffer
	if err := reports.WriteRateBook(&buf, rb); err != nil {
		return logistics.RateBook{}, fmt.Errorf("write rate book: %w", err)
	}
	data, err := reports.EditRateBook(buf.Bytes(), edits)
	if err != nil {
		return logistics.RateBook{}, &InputError{Err: err}
	}
	edited, err := ingest.RateBook(bytes.NewReader(data), "rate book")
	if err != nil {
		return logistics.RateBook{}, &InputError{Err: err}
	}
	return edited, nil
}

// ExportRateBook writes the current rate book as a workbook to path (atomically).
func (s *Service) ExportRateBook(ctx context.Context, path string) error {
	rb, _, err := s.db.RateBook(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNoRateBook
	}
	if err != nil {
		return fmt.Errorf("read the rate book: %w", err)
	}
	return WriteFile(path, func(w io.Writer) error { return reports.WriteRateBook(w, rb) })
}

// WriteRateBookTemplate writes the rate-book template — the demo rate book with its
// header comments — to path, for a seller to fill in.
func WriteRateBookTemplate(path string) error {
	return WriteFile(path, func(w io.Writer) error { return reports.WriteRateBook(w, demo.RateBook()) })
}

// TableResult is the account of a products or stock import.
type TableResult struct {
	Stored       int               // rows stored
	Rejected     []ingest.RowError // rows rejected, with line, column and reason
	RejectedFile string            // where they were written; "" when none
}

// ImportProducts reads a products file (SKU, weight, dimensions, category, unit
// cost, HS code) and stores its rows; rejected rows go to FILE.rejected.csv.
func (s *Service) ImportProducts(ctx context.Context, path string, progress Progress) (TableResult, error) {
	defer progress.report(1, 1)
	res, err := importTable(ctx, path, ingest.ReadProducts, s.db.UpsertProducts)
	if err == nil {
		s.audit(ctx, "import products", fmt.Sprintf("%s: %d stored, %d rejected", filepath.Base(path), res.Stored, len(res.Rejected)))
	}
	return res, err
}

// ImportStock reads a stock file (warehouse, SKU, on hand) and stores its rows;
// rejected rows go to FILE.rejected.csv.
func (s *Service) ImportStock(ctx context.Context, path string, progress Progress) (TableResult, error) {
	defer progress.report(1, 1)
	res, err := importTable(ctx, path, ingest.ReadStock, s.db.UpsertStock)
	if err == nil {
		s.audit(ctx, "import stock", fmt.Sprintf("%s: %d stored, %d rejected", filepath.Base(path), res.Stored, len(res.Rejected)))
	}
	return res, err
}

func importTable[T any](ctx context.Context, path string,
	read func(context.Context, io.Reader, string) ([]T, []ingest.RowError, error),
	save func(context.Context, []T) (int, error)) (TableResult, error) {
	var res TableResult
	f, err := openFile(path)
	if err != nil {
		return res, err
	}
	defer f.Close()
	rows, rejected, err := read(ctx, f, filepath.Base(path))
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		return res, &InputError{Path: path, Err: err}
	}
	res.Rejected = rejected
	// The rejected rows reach the disk before the rows are stored.
	var rf *atomicFile
	if len(rejected) > 0 {
		res.RejectedFile = path + ".rejected.csv"
		if rf, err = createAtomic(res.RejectedFile); err != nil {
			return res, err
		}
		defer rf.Abort()
		if err := ingest.WriteRejected(rf, nil, rejected); err != nil {
			return res, &InputError{Path: res.RejectedFile, Err: err}
		}
		if err := rf.Commit(); err != nil {
			return res, err
		}
	}
	if res.Stored, err = save(ctx, rows); err != nil {
		return res, fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	return res, nil
}
