package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
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
	f, err := openRateBook(r, name)
	if err != nil {
		return nil, err
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

// openRateBook opens a rate-book workbook within its unpacking limit. A file that
// is no workbook, an old or password-protected one, a damaged one or one that
// unpacks beyond the limit is a *FileError that says which.
func openRateBook(r io.Reader, name string) (*excelize.File, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(len(oleSignature))
	switch {
	case bytes.HasPrefix(head, oleSignature):
		return nil, oleError(context.Background(), br, name)
	case !isZip(head):
		return nil, fileError(name, nil, rsNotWorkbook)
	}
	b, err := io.ReadAll(io.LimitReader(br, rbUnzipLimit+1)) // (excelize reads it all too)
	if err != nil {
		return nil, fmt.Errorf("read rate book %s: %w", name, err)
	}
	if len(b) > rbUnzipLimit {
		return nil, fileError(name, nil, rsXLSXTooLarge, byteSize(rbUnzipLimit))
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fileError(name, err, rsDamagedXLSX)
	}
	var total uint64
	for _, m := range zr.File {
		if total += m.UncompressedSize64; total > rbUnzipLimit {
			return nil, fileError(name, nil, rsUnpacksTooLarge, byteSize(rbUnzipLimit))
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: rbUnzipLimit, UnzipXMLSizeLimit: rbUnzipLimit})
	if err != nil {
		return nil, fileError(name, err, rsDamagedXLSX)
	}
	return f, nil
}
