package reports

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// spendCell is one cell of a small sheet: a value (nil = none), an optional formula
// whose cached value is v, and a style.
type spendCell struct {
	v       any
	formula string
	style   int
	width   float64 // the columns it needs to show v; 0 = let it overflow
}

// spendSheet collects a small sheet (summary, groups, assumptions) so that its
// dimension and column widths are known before it is streamed.
type spendSheet struct {
	name    string
	rows    [][]spendCell // rows[r-1][c-1]
	heights map[int]float64
	minW    map[int]float64
	merges  [][2]string
	// tail, when set, streams tailRows more rows after rows (a long list); the
	// columns' widths must be set with width.
	tail     func(w *excelize.StreamWriter) error
	tailRows int
	// table, when set, makes rows an Excel table of that name (the first row its
	// header), so that the sheet filters and a lookup can name its columns.
	table string
}

func newSpendSheet(name string) *spendSheet {
	return &spendSheet{name: name, heights: map[int]float64{}, minW: map[int]float64{}}
}

// put sets the cell at row r, column c (1-based).
func (s *spendSheet) put(r, c int, cell spendCell) {
	for len(s.rows) < r {
		s.rows = append(s.rows, nil)
	}
	row := s.rows[r-1]
	for len(row) < c {
		row = append(row, spendCell{})
	}
	row[c-1] = cell
	s.rows[r-1] = row
}

// number is the value of a numeric cell (0 when it has none).
func (s *spendSheet) number(r, c int) float64 {
	if r > len(s.rows) || c > len(s.rows[r-1]) {
		return 0
	}
	switch v := s.rows[r-1][c-1].v.(type) {
	case float64:
		return v
	case int64:
		return float64(v)
	}
	return 0
}

// width sets a column's minimum width.
func (s *spendSheet) width(c int, w float64) { s.minW[c] = max(s.minW[c], w) }

// ref is an absolute reference to a cell of this sheet, for charts: 'By month'!$B$5.
func (s *spendSheet) ref(r, c int) string {
	name, _ := excelize.CoordinatesToCellName(c, r, true)
	return spendQuoteSheet(s.name) + "!" + name
}

// spendQuoteSheet quotes a sheet name for a formula or a chart reference.
func spendQuoteSheet(name string) string {
	if strings.ContainsAny(name, " -'!") {
		return "'" + strings.ReplaceAll(name, "'", "''") + "'"
	}
	return name
}

// spendCellName is the relative A1 name of a cell.
func spendCellName(r, c int) string {
	name, _ := excelize.CoordinatesToCellName(c, r)
	return name
}

// flush streams the sheet into f with its dimension, column widths and panes. Page
// setup and charts must be added to the sheet before flush.
func (s *spendSheet) flush(f *excelize.File, panes *excelize.Panes) error {
	cols := 1
	widths := map[int]float64{}
	for c, w := range s.minW {
		widths[c] = w
		cols = max(cols, c)
	}
	for _, row := range s.rows {
		cols = max(cols, len(row))
		for c, cell := range row {
			widths[c+1] = max(widths[c+1], cell.width)
		}
	}
	last, _ := excelize.CoordinatesToCellName(cols, max(len(s.rows)+s.tailRows, 1))
	if err := f.SetSheetDimension(s.name, "A1:"+last); err != nil {
		return err
	}
	w, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	if panes != nil {
		if err := w.SetPanes(panes); err != nil {
			return err
		}
	}
	for c := 1; c <= cols; c++ {
		if widths[c] > 0 {
			if err := w.SetColWidth(c, c, min(widths[c], 80)); err != nil {
				return err
			}
		}
	}
	vals := make([]any, cols)
	for i, row := range s.rows {
		if len(row) == 0 {
			continue
		}
		clear(vals)
		for c, cell := range row {
			switch {
			case cell.formula != "":
				vals[c] = excelize.Cell{StyleID: cell.style, Formula: cell.formula, Value: cell.v}
			case cell.v != nil || cell.style != 0:
				vals[c] = excelize.Cell{StyleID: cell.style, Value: cell.v}
			}
		}
		var opts []excelize.RowOpts
		if h, ok := s.heights[i+1]; ok {
			opts = append(opts, excelize.RowOpts{Height: h})
		}
		if err := w.SetRow(spendCellName(i+1, 1), vals[:len(row)], opts...); err != nil {
			return err
		}
	}
	if s.tail != nil {
		if err := s.tail(w); err != nil {
			return err
		}
	}
	if s.table != "" && len(s.rows) > 0 {
		last, _ := excelize.CoordinatesToCellName(cols, max(len(s.rows), 2))
		if err := w.AddTable(&excelize.Table{Range: "A1:" + last, Name: s.table, StyleName: "TableStyleLight1",
			ShowRowStripes: spendPtr(true)}); err != nil {
			return err
		}
	}
	for _, m := range s.merges {
		if err := w.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	return w.Flush()
}

// Cell makers. Widths are estimates in Excel's character units: digits and letters
// count one, separators half, plus a margin.

func (sw *spendWorkbook) textCell(s string, style int) spendCell {
	return spendCell{v: spendText(s), style: style, width: float64(len([]rune(s))) + 2}
}

// overflowCell is text that may run into the empty cells to its right.
func (sw *spendWorkbook) overflowCell(s string, style int) spendCell {
	return spendCell{v: spendText(s), style: style}
}

func (sw *spendWorkbook) moneyCell(minor int64, formula string, style int) spendCell {
	txt := spendGroupDigits(logistics.FormatMinor(minor, sw.digits)) + " " + sw.meta.BaseCurrency
	return spendCell{v: sw.money(minor), formula: formula, style: style, width: spendTextWidth(txt)}
}

// bareMoneyCell is moneyCell in a style without the currency's code, as wide as
// its digits.
func (sw *spendWorkbook) bareMoneyCell(minor int64, formula string, style int) spendCell {
	txt := spendGroupDigits(logistics.FormatMinor(minor, sw.digits))
	return spendCell{v: sw.money(minor), formula: formula, style: style, width: spendTextWidth(txt)}
}

func (sw *spendWorkbook) intCell(n int64, formula string, style int) spendCell {
	return spendCell{v: n, formula: formula, style: style, width: spendTextWidth(spendGroupDigits(strconv.FormatInt(n, 10)))}
}

func (sw *spendWorkbook) kgCell(g int64, formula string, style int) spendCell {
	return spendCell{v: spendKg(g), formula: formula, style: style, width: spendTextWidth(spendGroupDigits(logistics.FormatMinor(g, 3)))}
}

// ratioCell is num/den (exact rationals) as a cached formula value, or an empty
// text result when den is 0, as the formula's IF gives.
func (sw *spendWorkbook) ratioCell(num, den *big.Rat, formula string, style int, pct bool) spendCell {
	if den.Sign() == 0 {
		return spendCell{v: "", formula: formula, style: style}
	}
	q := new(big.Rat).Quo(num, den)
	v, _ := q.Float64()
	digits := 2
	if pct {
		q.Mul(q, big.NewRat(100, 1))
		digits = 1
	}
	txt := spendGroupDigits(q.FloatString(digits))
	if pct {
		txt += "%"
	} else {
		txt += " " + sw.meta.BaseCurrency
	}
	return spendCell{v: v, formula: formula, style: style, width: spendTextWidth(txt)}
}

// majorRat is an amount of minor units as an exact number of major units.
func (sw *spendWorkbook) majorRat(minor int64) *big.Rat {
	return new(big.Rat).SetFrac(big.NewInt(minor), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(sw.digits)), nil))
}

func spendKgRat(g int64) *big.Rat { return big.NewRat(g, 1000) }

func spendIntRat(n int64) *big.Rat { return big.NewRat(n, 1) }

// spendGroupDigits inserts thousands separators into a plain decimal ("-1234.5" →
// "-1,234.5").
func spendGroupDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// spendTextWidth estimates the column width that shows s without "####".
func spendTextWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch r {
		case ',', '.', ' ', '-':
			w += 0.6
		default:
			w++
		}
	}
	return w*1.15 + 2 // bold totals are wider
}

// spendText is a text cell value. Any text, including text from imported files that
// starts with "=", "+", "-", "@", a tab or a carriage return, is written as a string
// cell (excelize's inline string), never as a formula; text columns also carry the
// "@" number format, so editing such a cell in Excel keeps it text.
func spendText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func spendKg(g int64) float64 { return float64(g) / 1000 }

// spendSerial is the serial number of a date in Excel's 1900 date system.
func spendSerial(d logistics.Date) int64 { return int64(d) + 25569 }

func spendPtr[T any](v T) *T { return &v }
