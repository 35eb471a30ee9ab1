package ops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/reports"
	"shipmode/store"
)

// The rate book edited like a spreadsheet: rows added, deleted and pasted in one
// sheet, each change checked as a whole with the very checks an imported workbook
// passes and stored as one new version (all or nothing); earlier versions opened
// and rolled back to. Rows count as in the workbook: row 0 is a sheet's header, row
// 1 its first row of values.

// ErrKeptRows is returned when rows of the products or stock sheet would be
// deleted: those are current data, which a rate-book version does not remove (a
// product stays known; stock is set to 0).
var ErrKeptRows = errors.New("products and stock rows are not deleted from the rate book")

// ErrEmptyRows is returned when the rows to add or paste have no value at all.
var ErrEmptyRows = errors.New("the rows have no value")

// RateBookRowAdd adds one row of values to Sheet before row At (At past the last
// row: at the end), on version Base (0: do not check).
type RateBookRowAdd struct {
	Base   int64
	Sheet  string
	At     int
	Values []string // by column, as a person types them
}

// RateBookRowDelete deletes Count rows of Sheet from row From, on version Base.
type RateBookRowDelete struct {
	Base        int64
	Sheet       string
	From, Count int
}

// RateBookPaste writes a block of cells (as copied from a spreadsheet, see
// ingest.RateBookBlock) into Sheet with its first cell at Row and Col, over the
// cells there; rows past the last are added. On version Base.
type RateBookPaste struct {
	Base     int64
	Sheet    string
	Row, Col int
	Block    [][]string
}

// RateBookRollBack stores the content of version To as the new current version,
// on version Base.
type RateBookRollBack struct {
	Base, To int64
}

// RolledBackSource is the source kept with a version made by rolling back to
// version n.
func RolledBackSource(n int64) string { return fmt.Sprintf("rolled back to version %d", n) }

// RolledBackTo is the version a source says it rolled back to (ok false: the
// source is another).
func RolledBackTo(source string) (n int64, ok bool) {
	rest, found := strings.CutPrefix(source, "rolled back to version ")
	if !found {
		return 0, false
	}
	_, err := fmt.Sscanf(rest, "%d", &n)
	return n, err == nil && RolledBackSource(n) == source
}

// AddRateBookRow adds a row to a sheet and stores the result as a new version
// after the checks of an imported workbook: on any problem nothing is stored and
// the error is an *InputError over an *ingest.RateBookError locating every problem
// at its cell.
func (s *Service) AddRateBookRow(ctx context.Context, a RateBookRowAdd, progress Progress) (RateBookResult, error) {
	defer progress.report(1, 1)
	return s.changeSheet(ctx, a.Base, a.Sheet, fmt.Sprintf("row %d added to %s", a.At, a.Sheet),
		func(rb logistics.RateBook) (logistics.RateBook, error) { return AddRow(rb, a) })
}

// DeleteRateBookRows deletes rows of a sheet and stores the result as a new
// version after the checks of an imported workbook (a row others refer to cannot
// go: the error names where it is referred to). Products and stock rows are not
// deleted (ErrKeptRows).
func (s *Service) DeleteRateBookRows(ctx context.Context, d RateBookRowDelete, progress Progress) (RateBookResult, error) {
	defer progress.report(1, 1)
	return s.changeSheet(ctx, d.Base, d.Sheet, fmt.Sprintf("%d rows from row %d deleted from %s", d.Count, d.From, d.Sheet),
		func(rb logistics.RateBook) (logistics.RateBook, error) { return DeleteRows(rb, d) })
}

// PasteRateBookRows writes a pasted block into a sheet and stores the result as a
// new version after the checks of an imported workbook: the whole block or
// nothing, the error locating every bad cell.
func (s *Service) PasteRateBookRows(ctx context.Context, p RateBookPaste, progress Progress) (RateBookResult, error) {
	defer progress.report(1, 1)
	return s.changeSheet(ctx, p.Base, p.Sheet, fmt.Sprintf("%d rows pasted into %s at row %d", len(p.Block), p.Sheet, p.Row),
		func(rb logistics.RateBook) (logistics.RateBook, error) { return PasteRows(rb, p) })
}

// AddRow returns rb with the row a adds, read back through the checks of an
// imported workbook (errors as ApplyEdits's; ErrEmptyRows for a row without a
// value).
func AddRow(rb logistics.RateBook, a RateBookRowAdd) (logistics.RateBook, error) {
	if !hasValue([][]string{a.Values}) {
		return logistics.RateBook{}, ErrEmptyRows
	}
	return changeRows(rb, a.Sheet, func(rows [][]string) ([][]string, error) {
		at := min(max(a.At, 1), len(rows))
		return slices.Insert(rows, at, slices.Clone(a.Values)), nil
	})
}

// DeleteRows returns rb without the rows d deletes, read back through the checks
// of an imported workbook (ErrKeptRows for products and stock).
func DeleteRows(rb logistics.RateBook, d RateBookRowDelete) (logistics.RateBook, error) {
	if d.Sheet == logistics.SheetProducts || d.Sheet == logistics.SheetStock {
		return logistics.RateBook{}, ErrKeptRows
	}
	return changeRows(rb, d.Sheet, func(rows [][]string) ([][]string, error) {
		if d.Count < 1 || d.From < 1 || d.From+d.Count > len(rows) {
			return nil, fmt.Errorf("delete rows %d to %d of %s: %w", d.From, d.From+d.Count-1, d.Sheet, store.ErrNotFound)
		}
		return slices.Delete(rows, d.From, d.From+d.Count), nil
	})
}

// PasteRows returns rb with the block p pastes, read back through the checks of
// an imported workbook.
func PasteRows(rb logistics.RateBook, p RateBookPaste) (logistics.RateBook, error) {
	if !hasValue(p.Block) {
		return logistics.RateBook{}, ErrEmptyRows
	}
	return changeRows(rb, p.Sheet, func(rows [][]string) ([][]string, error) {
		row, col := max(p.Row, 1), max(p.Col, 0)
		for i, values := range p.Block {
			r := row + i
			for r >= len(rows) {
				rows = append(rows, nil)
			}
			cells := slices.Clone(rows[r])
			for len(cells) < col+len(values) {
				cells = append(cells, "")
			}
			copy(cells[col:], values)
			rows[r] = cells
		}
		return rows, nil
	})
}

// changeRows applies change to the rows of one sheet of rb (as the text of its
// cells) and reads the result back through the checks of an imported workbook.
func changeRows(rb logistics.RateBook, sheet string, change func(rows [][]string) ([][]string, error)) (logistics.RateBook, error) {
	sheets, err := Sheets(rb)
	if err != nil {
		return logistics.RateBook{}, err
	}
	i := slices.IndexFunc(sheets, func(sh ingest.Sheet) bool { return sh.Name == sheet })
	if i < 0 {
		return logistics.RateBook{}, fmt.Errorf("rate book sheet %q: %w", sheet, store.ErrNotFound)
	}
	old := sheets[i].Rows
	rows, err := change(slices.Clone(old))
	if err != nil {
		return logistics.RateBook{}, err
	}
	return ApplyEdits(rb, cellChanges(sheet, old, rows))
}

// RateBookVersions lists every stored version of the rate book, newest first.
func (s *Service) RateBookVersions(ctx context.Context) ([]store.RateBookVersion, error) {
	return s.db.RateBookVersions(ctx)
}

// OpenRateBookVersion is version id of the rate book as a person reads it, with
// its sheets' cells. Products and stock are the current ones: no version keeps
// them. Versions lists every version.
func (s *Service) OpenRateBookVersion(ctx context.Context, id int64) (RateBookView, error) {
	var v RateBookView
	var err error
	if v.Versions, err = s.db.RateBookVersions(ctx); err != nil {
		return v, err
	}
	if v.RateBook, v.Version, err = s.db.RateBookAt(ctx, id); err != nil {
		return v, fmt.Errorf("read rate book version %d: %w", id, err)
	}
	v.Sheets, err = Sheets(v.RateBook)
	return v, err
}

// RollBackRateBook stores the content of an earlier version as the new current
// version, its source saying "rolled back to version N", and logs it. Products and
// stock stay as they are. When the current version already has that content,
// nothing is stored and the result says Same.
func (s *Service) RollBackRateBook(ctx context.Context, r RateBookRollBack, progress Progress) (RateBookResult, error) {
	defer progress.report(1, 1)
	rb, _, err := s.db.RateBookAt(ctx, r.To)
	if err != nil {
		return RateBookResult{}, fmt.Errorf("read rate book version %d: %w", r.To, err)
	}
	rb.Products, rb.Stock = nil, nil // current data: left as they are
	res, err := s.saveOn(ctx, rb, RolledBackSource(r.To), r.Base)
	if err != nil {
		return res, err
	}
	if !res.Same {
		s.audit(ctx, "rate book", fmt.Sprintf("version %d: %s", res.Version.ID, RolledBackSource(r.To)))
	}
	return res, nil
}

// changeSheet applies change to the current rate book (made on version base)
// and stores the result as a new version.
func (s *Service) changeSheet(ctx context.Context, base int64, sheet, detail string, change func(logistics.RateBook) (logistics.RateBook, error)) (RateBookResult, error) {
	rb, ver, err := s.db.RateBook(ctx)
	switch {
	case errors.Is(err, store.ErrNotFound):
		rb = logistics.RateBook{Settings: logistics.DefaultSettings()}
	case err != nil:
		return RateBookResult{}, fmt.Errorf("read the rate book: %w", err)
	case base != 0 && ver.ID != base:
		return RateBookResult{}, fmt.Errorf("%w (version %d, now %d)", ErrStaleRateBook, base, ver.ID)
	}
	edited, err := change(versioned(rb, sheet))
	if err != nil {
		return RateBookResult{}, err
	}
	res, err := s.saveOn(ctx, edited, "edited in Shipmode", base)
	if err == nil && !res.Same {
		s.audit(ctx, "rate book", fmt.Sprintf("version %d: %s", res.Version.ID, detail))
	}
	return res, err
}

// versioned is rb as a change of sheets checks and stores it: without the
// products and stock (current data, which a change elsewhere leaves as they are)
// unless one of the sheets is theirs. Stock of a warehouse an earlier rate book
// had (the demo's, say) then does not block every edit of another sheet.
func versioned(rb logistics.RateBook, sheets ...string) logistics.RateBook {
	for _, sh := range sheets {
		if sh == logistics.SheetProducts || sh == logistics.SheetStock {
			return rb
		}
	}
	rb.Products, rb.Stock = nil, nil
	return rb
}

// saveOn stores rb as a new version made on version base.
func (s *Service) saveOn(ctx context.Context, rb logistics.RateBook, source string, base int64) (RateBookResult, error) {
	v, err := s.db.SaveRateBookOn(ctx, rb, source, base)
	var stale *store.RateBookStaleError
	switch {
	case errors.As(err, &stale):
		return RateBookResult{}, fmt.Errorf("%w (version %d, now %d)", ErrStaleRateBook, stale.Base, stale.Now)
	case err != nil:
		return RateBookResult{}, fmt.Errorf("save rate book: %w", err)
	}
	return RateBookResult{Version: v, RateBook: rb, Same: base != 0 && v.ID == base}, nil
}

// cellChanges are the cell edits that turn the rows old of sheet into rows: every
// cell whose text differs, emptied where rows are shorter.
func cellChanges(sheet string, old, rows [][]string) []reports.CellEdit {
	var edits []reports.CellEdit
	at := func(rs [][]string, r, c int) string {
		if r < len(rs) && c < len(rs[r]) {
			return rs[r][c]
		}
		return ""
	}
	for r := range max(len(old), len(rows)) {
		width := 0
		if r < len(old) {
			width = len(old[r])
		}
		if r < len(rows) {
			width = max(width, len(rows[r]))
		}
		for c := range width {
			if v := at(rows, r, c); v != at(old, r, c) {
				edits = append(edits, reports.CellEdit{Sheet: sheet, Row: r, Col: c, Value: v})
			}
		}
	}
	return edits
}

func hasValue(block [][]string) bool {
	for _, r := range block {
		for _, v := range r {
			if strings.TrimSpace(v) != "" {
				return true
			}
		}
	}
	return false
}
