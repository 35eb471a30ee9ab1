package ingest

import (
	"context"
	"io"
	"slices"
)

// TablePreview is a file's header and first rows as they are, with their line
// numbers: what a mapping step shows beside the fields, whatever the file's kind.
type TablePreview struct {
	Header []string
	Rows   [][]string
	Lines  []int
}

// PreviewTable reads the header and up to n rows of a CSV, TSV or XLSX file as
// they are (name is the file's name, for its kind).
func PreviewTable(ctx context.Context, r io.Reader, name string, n int) (*TablePreview, error) {
	t, err := openTableContext(ctx, r, name)
	if err != nil {
		return nil, err
	}
	defer t.close()
	pv := &TablePreview{Header: t.header}
	if err := t.body(false); err != nil {
		return nil, err
	}
	if pv.Rows, pv.Lines, err = t.firstRows(n); err != nil {
		return nil, err
	}
	return pv, nil
}

// firstRows reads up to n rows of the body, as they are, with their lines.
func (t *table) firstRows(n int) (rows [][]string, lines []int, err error) {
	for len(rows) < n {
		rec, line, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, slices.Clone(rec))
		lines = append(lines, line)
	}
	return rows, lines, nil
}
