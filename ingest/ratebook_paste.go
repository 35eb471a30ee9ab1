package ingest

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// RateBookBlock reads a block of cells copied from a spreadsheet (Excel, LibreOffice,
// Numbers, Google Sheets): one row a line, cells separated by tabs, a cell holding a
// tab, a line break or a quote wrapped in quotes with its quotes doubled. The line
// break after the last row is not a row; nor is a line without any cell. Cells keep
// their text as copied (the rate-book reader checks them).
func RateBookBlock(text string) ([][]string, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = '\t'
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, rec)
	}
	return rows, nil
}
