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
	for len(pv.Rows) < n {
		rec, line, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		pv.Rows = append(pv.Rows, slices.Clone(rec))
		pv.Lines = append(pv.Lines, line)
	}
	return pv, nil
}
