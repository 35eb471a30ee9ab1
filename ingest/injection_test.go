package ingest

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// TestRejectedRowsCarryNoFormula: every cell of the rejected-rows file that a
// spreadsheet would run (=, +, -, @, tab, CR first) is written as text.
func TestRejectedRowsCarryNoFormula(t *testing.T) {
	hostile := []string{"=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\")"}
	var rejected []RowError
	for i, h := range hostile {
		rejected = append(rejected, RowError{Line: i + 2, Column: h, Reason: h, Record: []string{h, "ok"}})
	}
	var buf bytes.Buffer
	if err := WriteRejected(&buf, []string{"=header", "b"}, rejected); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && bytes.IndexByte([]byte("=+-@\t\r"), cell[0]) >= 0 {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
	if got := rows[1][0]; got != "'=cmd|' /C calc'!A0" {
		t.Errorf("got %q, want the text with an apostrophe first", got)
	}
}
