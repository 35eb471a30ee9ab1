package ingest

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// Sheet is one sheet of a rate-book workbook as the text of its cells: the header
// row, then the rows.
type Sheet struct {
	Name string
	Rows [][]string // Rows[0] is the header
}

// RateBookCells reads the sheets of a rate-book workbook (SPEC §4) as the text its
// cells show, in the order of logistics.RateBookSheets; a sheet the workbook lacks
// has only its header. It is the view a person edits cell by cell; RateBook reads
// the same workbook into a rate book.
func RateBookCells(r io.Reader, name string) ([]Sheet, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: rbUnzipLimit, UnzipXMLSizeLimit: rbUnzipLimit})
	if err != nil {
		return nil, fmt.Errorf("read rate book %s: %w", name, err)
	}
	defer f.Close()
	var out []Sheet
	for _, sc := range logistics.RateBookSheets() {
		rows, err := f.GetRows(sc.Name)
		if err != nil || len(rows) == 0 {
			rows = [][]string{sc.Columns}
		}
		out = append(out, Sheet{Name: sc.Name, Rows: rows})
	}
	return out, nil
}
