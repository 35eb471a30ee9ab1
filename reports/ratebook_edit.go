package reports

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// CellEdit is one change to a rate-book workbook: the text of the cell at Row and
// Col (0-based; row 0 is the header) of Sheet, or — when Key is set — the value of
// that key on the settings sheet (its row is added when the sheet has none).
type CellEdit struct {
	Sheet    string
	Row, Col int
	Key      string
	Value    string
}

// EditRateBook applies edits, in order, to the rate-book workbook data (as
// WriteRateBook writes it) and returns the changed workbook. Values are written as
// text, as a person types them; reading the result (ingest.RateBook) checks them.
func EditRateBook(data []byte, edits []CellEdit) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read rate book workbook: %w", err)
	}
	defer f.Close()
	for _, e := range edits {
		sheet, row, col := e.Sheet, e.Row, e.Col
		if e.Key != "" {
			sheet, col = logistics.SheetSettings, 1
			if row, err = settingRow(f, e.Key); err != nil {
				return nil, err
			}
		}
		if row < 0 || col < 0 {
			return nil, fmt.Errorf("edit rate book: no cell at row %d, column %d", row, col)
		}
		cell, err := excelize.CoordinatesToCellName(col+1, row+1)
		if err != nil {
			return nil, fmt.Errorf("edit rate book: %w", err)
		}
		if err := f.SetCellStr(sheet, cell, e.Value); err != nil {
			return nil, fmt.Errorf("edit rate book %s!%s: %w", sheet, cell, err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("edit rate book: %w", err)
	}
	return buf.Bytes(), nil
}

// settingRow is the row of key on the settings sheet, added (key in column A)
// when the sheet has none.
func settingRow(f *excelize.File, key string) (int, error) {
	rows, err := f.GetRows(logistics.SheetSettings)
	if err != nil {
		return 0, fmt.Errorf("read sheet %s: %w", logistics.SheetSettings, err)
	}
	for i, r := range rows {
		if i > 0 && len(r) > 0 && r[0] == key {
			return i, nil
		}
	}
	row := max(len(rows), 1)
	cell, _ := excelize.CoordinatesToCellName(1, row+1)
	if err := f.SetCellStr(logistics.SheetSettings, cell, key); err != nil {
		return 0, fmt.Errorf("edit rate book %s!%s: %w", logistics.SheetSettings, cell, err)
	}
	return row, nil
}
