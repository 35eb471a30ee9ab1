package ui

import (
	"strconv"
	"strings"

	"shipmode/ingest"
)

// rbProblem is one problem of a refused rate-book change, located as the table
// shows it.
type rbProblem struct {
	where  string // "Rates, row 7, Per kg"
	reason string // in the current language
}

// cellProblems locates each problem of err by sheet, row and column name and says
// its reason in the current language.
func (s *rateBookScreen) cellProblems(err *ingest.RateBookError) []rbProblem {
	e := s.e
	zh := e.tr.phrasesIn(zhRateBook)
	var out []rbProblem
	for i, p := range err.Problems {
		reason := p.Reason
		if e.tr.lang != langEnglish && i < len(err.Why) && err.Why[i].Key != "" {
			reason = string(err.Why[i].Append(nil, zh, nil))
		}
		where := ingest.SheetRef(p.Sheet) + "!" + p.Cell
		if row, col, ok := cellRef(p.Cell); ok {
			where = s.where(rbKey{sheet: p.Sheet, row: row - 1, col: col})
		}
		out = append(out, rbProblem{where: where, reason: strings.TrimSpace(reason)})
	}
	return out
}

// where names cell k for a person: the sheet's and column's readable names and the
// workbook's row number (the header is row 1), as the table numbers it.
func (s *rateBookScreen) where(k rbKey) string {
	col := ""
	for _, sh := range s.book {
		if sh.Name == k.sheet && k.col < len(sh.Rows[0]) {
			col = s.e.columnText(sh.Rows[0][k.col])
		}
	}
	if col == "" {
		return s.e.Tf("rb.whereRow", s.e.sheetText(k.sheet), k.row+1)
	}
	return s.e.Tf("rb.where", s.e.sheetText(k.sheet), k.row+1, col)
}

// cellRef reads an A1 reference: the 1-based row and the 0-based column.
func cellRef(ref string) (row, col int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	row, err := strconv.Atoi(ref[i:])
	if i == 0 || err != nil || row < 1 {
		return 0, 0, false
	}
	return row, col - 1, true
}
