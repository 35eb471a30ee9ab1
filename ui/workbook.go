package ui

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/reports"
)

// The rate book is shown and edited as its workbook: the screen displays the cells
// reports.WriteRateBook writes, and an edit changes one cell and reads the workbook
// back with ingest.RateBook — the very checks an imported workbook passes, with
// problems located at their cells.

// bookSheet is one sheet of the rate-book workbook as text: the header, then rows.
type bookSheet struct {
	Name string
	Rows [][]string // Rows[0] is the header
}

// workbook is a rate book in its workbook form.
type workbook struct {
	data   []byte
	sheets []bookSheet
}

// newWorkbook writes rb as a workbook and reads its cells back as text.
func newWorkbook(rb logistics.RateBook) (*workbook, error) {
	var buf bytes.Buffer
	if err := reports.WriteRateBook(&buf, rb); err != nil {
		return nil, fmt.Errorf("write rate book: %w", err)
	}
	return readWorkbook(buf.Bytes())
}

func readWorkbook(data []byte) (*workbook, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read rate book workbook: %w", err)
	}
	defer f.Close()
	wb := &workbook{data: data}
	for _, sc := range logistics.RateBookSheets() {
		rows, err := f.GetRows(sc.Name)
		if err != nil {
			return nil, fmt.Errorf("read sheet %s: %w", sc.Name, err)
		}
		if len(rows) == 0 {
			rows = [][]string{sc.Columns}
		}
		wb.sheets = append(wb.sheets, bookSheet{Name: sc.Name, Rows: rows})
	}
	return wb, nil
}

// sheet returns the sheet named name (nil if none).
func (wb *workbook) sheet(name string) *bookSheet {
	for i := range wb.sheets {
		if wb.sheets[i].Name == name {
			return &wb.sheets[i]
		}
	}
	return nil
}

// edit sets the cell at (row, col) of sheet (row 0 is the header) to value and reads
// the changed workbook as ingest.RateBook would read an imported one. The error is
// an *ingest.RateBookError listing every problem at its cell.
func (wb *workbook) edit(sheet string, row, col int, value string) (logistics.RateBook, error) {
	f, err := excelize.OpenReader(bytes.NewReader(wb.data))
	if err != nil {
		return logistics.RateBook{}, fmt.Errorf("read rate book workbook: %w", err)
	}
	defer f.Close()
	cell, err := excelize.CoordinatesToCellName(col+1, row+1)
	if err != nil {
		return logistics.RateBook{}, fmt.Errorf("edit rate book: %w", err)
	}
	if err := f.SetCellStr(sheet, cell, value); err != nil {
		return logistics.RateBook{}, fmt.Errorf("edit rate book %s!%s: %w", sheet, cell, err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return logistics.RateBook{}, fmt.Errorf("edit rate book: %w", err)
	}
	return ingest.RateBook(&buf, "rate book")
}

// setting edits the value of a `settings` key (adding the row if the sheet has none).
func (wb *workbook) setting(key, value string) (logistics.RateBook, error) {
	sh := wb.sheet(logistics.SheetSettings)
	row := len(sh.Rows)
	for i, r := range sh.Rows {
		if i > 0 && len(r) > 0 && r[0] == key {
			row = i
		}
	}
	if row == len(sh.Rows) {
		f, err := excelize.OpenReader(bytes.NewReader(wb.data))
		if err != nil {
			return logistics.RateBook{}, fmt.Errorf("read rate book workbook: %w", err)
		}
		cell, _ := excelize.CoordinatesToCellName(1, row+1)
		err = f.SetCellStr(logistics.SheetSettings, cell, key)
		var buf bytes.Buffer
		if err == nil {
			_, err = f.WriteTo(&buf)
		}
		f.Close()
		if err != nil {
			return logistics.RateBook{}, fmt.Errorf("edit rate book: %w", err)
		}
		wb = &workbook{data: buf.Bytes(), sheets: wb.sheets}
	}
	return wb.edit(logistics.SheetSettings, row, 1, value)
}
