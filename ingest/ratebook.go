package ingest

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// CellError is one problem of a workbook, located at a cell.
type CellError struct {
	Sheet  string // sheet name as in the file
	Cell   string // A1 reference: column letters from the header position, the row in the file
	Reason string
}

// String renders the problem as "sheet!A1: reason" (the sheet name quoted the way
// Excel quotes it when it is not a plain word).
func (e CellError) String() string { return SheetRef(e.Sheet) + "!" + e.Cell + ": " + e.Reason }

// SheetRef returns a sheet name the way a cell reference writes it: as is when it
// is a plain word ("rates"), else in single quotes with quotes doubled ('my rates').
// Control characters are escaped so that a reference stays on one line.
func SheetRef(name string) string {
	plain := name != ""
	for i, r := range name {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r >= '0' && r <= '9' || r == '.')) {
			plain = false
			break
		}
	}
	if plain {
		return name
	}
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range name {
		switch {
		case r == '\'':
			b.WriteString("''")
		case r < ' ' || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// RateBookError lists every problem of a rate-book workbook; RateBook returns it
// instead of a rate book when there is at least one.
type RateBookError struct {
	File     string
	Problems []CellError
	// Why holds, index for index, each problem's Reason as a sentence, so that a user
	// interface can say it in another language (a RateBookError made by hand may have
	// fewer, or zero ones).
	Why []logistics.Sentence
}

// Error is a count on the first line, then one "sheet!A1: reason" per line.
func (e *RateBookError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	fmt.Fprintf(&b, "rate book %s: %d problem", e.File, n)
	if n != 1 {
		b.WriteByte('s')
	}
	for _, p := range e.Problems {
		b.WriteByte('\n')
		b.WriteString(p.String())
	}
	return b.String()
}

// rbUnzipLimit bounds what a workbook may unpack to: a rate book is small, and a
// zip bomb must not take the machine down.
const rbUnzipLimit = 512 << 20

// RateBook reads a rate-book workbook (SPEC §4, including the products and stock
// sheets) following SPEC §5 "Exact readings". name is used in messages only. The
// result is either a rate book that passes logistics.RateBook.Validate, or a
// *RateBookError listing every problem of the file, each at its cell: unknown
// sheets and columns, missing required columns, cells that are not the number,
// date, code or list their column holds, and the Validate problems located at the
// cell (or row) they concern (those of a row that already has a bad cell are left
// out as its echoes; while a sheet lacks a required column, the semantic checks wait
// for it). Any other error means the file is not a readable workbook.
//
// The header is the first non-empty row; sheet and column names match ignoring case
// and surrounding spaces, and so do the words of mode, kind, allocation, valuation,
// weekday and allowed_modes cells. A text cell in a number column must hold a plain
// decimal ("12.5"), read exactly; a number cell formatted as a percentage or a date
// there is refused, since Excel would show a different number than the one stored.
func RateBook(r io.Reader, name string) (logistics.RateBook, error) {
	f, err := openRateBook(r, name)
	if err != nil {
		return logistics.RateBook{}, err
	}
	defer f.Close()
	rd := &rbReader{f: f, formats: map[int]rbFormat{}, locs: map[string]*rbLoc{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		rd.date1904 = *props.Date1904
	}
	rb := rd.read()
	if len(rd.problems) > 0 {
		slices.SortStableFunc(rd.problems, func(a, b rbProblem) int {
			return cmp.Or(cmp.Compare(a.order, b.order), cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col))
		})
		e := &RateBookError{File: name}
		for _, p := range rd.problems {
			e.Problems = append(e.Problems, p.CellError)
			e.Why = append(e.Why, p.why)
		}
		return logistics.RateBook{}, e
	}
	return rb, nil
}

// DisplayedNumber returns the decimal Excel displays in General format for the raw
// value of a numeric cell: the binary double rounded to 15 significant digits, as
// plain decimal text without exponent or trailing zeros ("0.8745000000000001" gives
// "0.8745", "1E-3" gives "0.001"). It parses the float but does no arithmetic on it.
func DisplayedNumber(raw string) (string, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return "", fmt.Errorf("not a number %q", raw)
	}
	if v == 0 {
		return "0", nil
	}
	s := strconv.FormatFloat(v, 'e', 14, 64) // -d.dddddddddddddde±dd
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	mant, expText, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expText)
	digits := mant[:1] + mant[2:] // 15 digits, the point after the first
	point := exp + 1              // digits before the decimal point
	var out string
	switch {
	case point <= 0:
		out = "0." + strings.Repeat("0", -point) + digits
	case point >= len(digits):
		out = digits + strings.Repeat("0", point-len(digits))
	default:
		out = digits[:point] + "." + digits[point:]
	}
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	return sign + out, nil
}

// rbProblem is a CellError with its sort key: sheet (SPEC order), row, column.
type rbProblem struct {
	CellError
	why             logistics.Sentence
	order, row, col int
}

// rbFormat is what a cell style's number format means for reading.
type rbFormat struct{ date, percent bool }

// rbLoc remembers where a sheet's rows and columns are in the file, to locate the
// Validate problems.
type rbLoc struct {
	name   string         // sheet name in the file
	header int            // header row number; 0 when the sheet is empty
	cols   map[string]int // column name → column number
	rows   []int          // file row of each element of the sheet's slice
	bad    map[int]bool   // elements with a cell error
	keys   map[string]int // settings: key → file row
}

type rbReader struct {
	f        *excelize.File
	date1904 bool
	formats  map[int]rbFormat
	sheets   map[string]string // SPEC sheet name → name in the file
	order    map[string]int    // SPEC sheet name → SPEC index
	locs     map[string]*rbLoc // by SPEC sheet name
	problems []rbProblem
	broken   bool // a sheet could not be read as a table: Validate would only add noise
}

// add records a problem at a cell (row and col from 1) with its reason.
func (rd *rbReader) add(sheet string, row, col int, why logistics.Sentence) {
	rd.addReason(sheet, row, col, why, why.String())
}

// addErr records a problem at a cell with the reason of a cell check's error.
func (rd *rbReader) addErr(sheet string, row, col int, err error) {
	why, english := cellWhy(err)
	rd.addReason(sheet, row, col, why, english)
}

func (rd *rbReader) addReason(sheet string, row, col int, why logistics.Sentence, english string) {
	if row < 1 {
		row = 1
	}
	if col < 1 {
		col = 1
	}
	ref, _ := excelize.CoordinatesToCellName(col, row)
	order, ok := rd.order[strings.ToLower(strings.TrimSpace(sheet))]
	if !ok {
		order = -1
	}
	rd.problems = append(rd.problems, rbProblem{
		CellError: CellError{Sheet: sheet, Cell: ref, Reason: english},
		why:       why,
		order:     order, row: row, col: col,
	})
}

func (rd *rbReader) read() logistics.RateBook {
	specs := logistics.RateBookSheets()
	rd.order = map[string]int{}
	var names []string
	for i, s := range specs {
		rd.order[s.Name] = i
		names = append(names, s.Name)
	}
	rd.sheets = map[string]string{}
	for _, name := range rd.f.GetSheetList() {
		key := strings.ToLower(strings.TrimSpace(name))
		switch _, known := rd.order[key]; {
		case !known:
			rd.add(name, 1, 1, cellSay(ceUnknownSheet, cvq(name), cv(strings.Join(names, ", "))))
		case rd.sheets[key] != "":
			rd.add(name, 1, 1, cellSay(ceSheetRepeats, cvq(name), cvq(rd.sheets[key])))
		default:
			rd.sheets[key] = name
		}
	}
	var rb logistics.RateBook
	rb.Settings = rd.settings()
	rb.FX = rbSheet(rd, logistics.SheetFX, logistics.FXRate{ValidFrom: logistics.NoDate}, rbFXColumns)
	rb.Services = rbSheet(rd, logistics.SheetServices, logistics.Service{VolumetricRatio: logistics.DecInt(1), IncrementG: 1}, rbServiceColumns)
	rb.Zones = rbSheet(rd, logistics.SheetZones, logistics.Zone{}, rbZoneColumns)
	rb.Rates = rbSheet(rd, logistics.SheetRates, logistics.Rate{}, rbRateColumns)
	rb.Surcharges = rbSheet(rd, logistics.SheetSurcharges, logistics.Surcharge{FromDate: logistics.NoDate, ToDate: logistics.NoDate}, rbSurchargeColumns)
	rb.Warehouses = rbSheet(rd, logistics.SheetWarehouses, logistics.Warehouse{}, rbWarehouseColumns)
	rb.Lanes = rbSheet(rd, logistics.SheetConsolidation, logistics.Lane{Allocation: logistics.ByChargeable}, rbLaneColumns)
	rb.Tiers = rbSheet(rd, logistics.SheetTiers, logistics.Tier{}, rbTierColumns)
	rb.Duties = rbSheet(rd, logistics.SheetDuties, logistics.Duty{ValidFrom: logistics.NoDate, Valuation: logistics.CIF}, rbDutyColumns)
	rb.Compliance = rbSheet(rd, logistics.SheetCompliance, logistics.Rule{}, rbRuleColumns)
	rb.Products = rbSheet(rd, logistics.SheetProducts, logistics.Product{}, rbProductColumns)
	rb.Stock = rbSheet(rd, logistics.SheetStock, logistics.Stock{}, rbStockColumns)
	if !rd.broken {
		rd.locate(rb.Validate())
	}
	return rb
}

// locate adds the Validate problems at their cells. A problem in a row that already
// has a cell error is left out: it is most likely that error's echo.
func (rd *rbReader) locate(problems []logistics.Problem) {
	for _, p := range problems {
		why := p.Why
		loc := rd.locs[p.Sheet]
		if loc == nil || loc.name == "" {
			rd.addReason(p.Sheet, 1, 1, why, p.Reason)
			continue
		}
		if p.Sheet == logistics.SheetSettings {
			if loc.bad[loc.keys[p.Column]] {
				continue
			}
			row, col := loc.keys[p.Column], loc.cols["value"]
			if row == 0 {
				row, col = loc.header, 1
			}
			rd.addReason(loc.name, row, col, why, p.Reason)
			continue
		}
		if p.Row < 0 || p.Row >= len(loc.rows) {
			rd.addReason(loc.name, loc.header, 1, why, p.Reason)
			continue
		}
		if loc.bad[p.Row] {
			continue
		}
		rd.addReason(loc.name, loc.rows[p.Row], loc.cols[p.Column], why, p.Reason)
	}
}

// rbColumn reads one column of a sheet into a row of type T.
type rbColumn[T any] struct {
	name     string
	required bool // the header must have it
	set      func(row *T, c rbCell) error
}

// rbRow is a data row of a sheet: its file row and its non-empty cells by column.
type rbRow struct {
	num   int
	cells map[string]rbCell // non-empty cells of the known columns
}

// table reads a sheet as a header row and data rows. It reports unknown, repeated
// and missing columns; known is the SPEC column list, required those the header must
// have. It returns nil rows when the sheet cannot be read as a table.
func (rd *rbReader) table(spec string, known, required []string) (*rbLoc, []rbRow) {
	loc := &rbLoc{cols: map[string]int{}, bad: map[int]bool{}, keys: map[string]int{}}
	rd.locs[spec] = loc
	name, ok := rd.sheets[spec]
	if !ok {
		return loc, nil
	}
	loc.name = name
	rows, err := rd.f.Rows(name)
	if err != nil {
		rd.add(name, 1, 1, cellSay(ceUnreadableSheet, cv(err.Error())))
		rd.broken = true
		return loc, nil
	}
	defer rows.Close()
	var (
		out     []rbRow
		byCol   = map[int]string{} // column number → known column name
		unnamed = map[int]bool{}   // columns with values but no header
		num     int
	)
	for rows.Next() {
		num++
		raw, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			rd.add(name, num, 1, cellSay(ceUnreadableRow, cv(err.Error())))
			rd.broken = true
			return loc, nil
		}
		if !rbNonEmpty(raw) {
			continue
		}
		if loc.header == 0 {
			loc.header = num
			for j, v := range raw {
				if strings.TrimSpace(v) == "" {
					continue
				}
				c := rd.cell(name, num, j+1, v)
				text, err := c.text()
				if err != nil {
					rd.add(name, num, j+1, cellSay(ceHeader, nestedVal(err)))
					continue
				}
				col := strings.ToLower(text)
				switch {
				case !slices.Contains(known, col):
					rd.add(name, num, j+1, cellSay(ceUnknownColumn, cvq(text), cv(spec), cv(strings.Join(known, ", "))))
				case loc.cols[col] != 0:
					rd.add(name, num, j+1, cellSay(ceColumnRepeats, cvq(text), cv(rbColName(loc.cols[col]))))
				default:
					loc.cols[col] = j + 1
					byCol[j+1] = col
				}
			}
			missing := false
			for _, col := range required {
				if loc.cols[col] == 0 {
					rd.add(name, num, 1, cellSay(ceMissingColumn, cvq(col)))
					missing = true
				}
			}
			if missing {
				rd.broken = true
				return loc, nil
			}
			continue
		}
		row := rbRow{num: num, cells: map[string]rbCell{}}
		for j, v := range raw {
			if strings.TrimSpace(v) == "" {
				continue
			}
			col, ok := byCol[j+1]
			if !ok {
				if _, headed := rd.header(loc, j+1); !headed && !unnamed[j+1] {
					unnamed[j+1] = true
					rd.add(name, loc.header, j+1, cellSay(ceNoHeader, cv(rbColName(j+1))))
				}
				continue
			}
			row.cells[col] = rd.cell(name, num, j+1, v)
		}
		if len(row.cells) > 0 {
			out = append(out, row)
		}
	}
	if err := rows.Error(); err != nil {
		rd.add(name, num+1, 1, cellSay(ceUnreadableRow, cv(err.Error())))
		rd.broken = true
	}
	return loc, out
}

// header tells whether column col has a header text (known or not).
func (rd *rbReader) header(loc *rbLoc, col int) (string, bool) {
	ref, _ := excelize.CoordinatesToCellName(col, loc.header)
	v, err := rd.f.GetCellValue(loc.name, ref, excelize.Options{RawCellValue: true})
	if err != nil || strings.TrimSpace(v) == "" {
		return "", false
	}
	return v, true
}

func rbNonEmpty(raw []string) bool {
	for _, v := range raw {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

func rbColName(col int) string {
	s, _ := excelize.ColumnNumberToName(col)
	return s
}

// rbSheet reads the rows of one sheet into values of T, starting each from init
// (the defaults of empty cells).
func rbSheet[T any](rd *rbReader, spec string, init T, cols []rbColumn[T]) []T {
	var known, required []string
	for _, c := range cols {
		known = append(known, c.name)
		if c.required {
			required = append(required, c.name)
		}
	}
	loc, rows := rd.table(spec, known, required)
	var out []T
	for _, r := range rows {
		v := init
		for _, c := range cols {
			cell, ok := r.cells[c.name]
			if !ok {
				continue
			}
			if err := c.set(&v, cell); err != nil {
				rd.addErr(cell.sheet, cell.row, cell.col, err)
				loc.bad[len(out)] = true
			}
		}
		loc.rows = append(loc.rows, r.num)
		out = append(out, v)
	}
	return out
}

// settings reads the key/value sheet; a missing sheet or key keeps its default.
func (rd *rbReader) settings() logistics.Settings {
	st := logistics.DefaultSettings()
	loc, rows := rd.table(logistics.SheetSettings, []string{"key", "value"}, []string{"key", "value"})
	keys := logistics.SettingsKeys()
	for _, r := range rows {
		kc, ok := r.cells["key"]
		if !ok {
			vc := r.cells["value"]
			rd.add(vc.sheet, vc.row, vc.col, cellSay(ceValueWithoutKey))
			loc.bad[r.num] = true
			continue
		}
		key, err := kc.text()
		if err != nil {
			rd.addErr(kc.sheet, kc.row, kc.col, err)
			continue
		}
		key = strings.ToLower(key)
		switch {
		case !slices.Contains(keys, key):
			rd.add(kc.sheet, kc.row, kc.col, cellSay(ceUnknownSetting, cvq(key), cv(strings.Join(keys, ", "))))
			continue
		case loc.keys[key] != 0:
			rd.add(kc.sheet, kc.row, kc.col, cellSay(ceSettingRepeats, cv(key), cv(itoa(loc.keys[key]))))
			continue
		}
		loc.keys[key] = r.num
		vc, ok := r.cells["value"]
		if !ok {
			continue // empty: the default
		}
		if err := setSetting(&st, key, vc); err != nil {
			rd.addErr(vc.sheet, vc.row, vc.col, err)
			loc.bad[r.num] = true
		}
	}
	return st
}

func setSetting(st *logistics.Settings, key string, c rbCell) error {
	switch key {
	case logistics.KeyBaseCurrency:
		s, err := c.text()
		st.BaseCurrency = s
		return err
	case logistics.KeyOriginCountry:
		s, err := c.text()
		st.OriginCountry = s
		return err
	case logistics.KeyOriginHandlingDays:
		n, err := c.whole()
		st.OriginHandlingDays = int(n)
		return err
	case logistics.KeyPackagingG:
		n, err := c.whole()
		st.PackagingG = n
		return err
	case logistics.KeyCoverDays:
		n, err := c.whole() // Validate bounds it
		st.CoverDays = int(n)
		return err
	case logistics.KeyCapitalCostPct:
		d, err := c.dec()
		st.CapitalCostPct = d
		return err
	case logistics.KeyToleranceAbs:
		d, err := c.dec()
		st.InvoiceToleranceAbs = d
		return err
	case logistics.KeyTolerancePct:
		d, err := c.dec()
		st.InvoiceTolerancePct = d
		return err
	}
	return nil
}

// rbCell is one non-empty cell as stored in the file.
type rbCell struct {
	rd       *rbReader
	sheet    string
	row, col int
	ref      string
	raw      string // the raw value: a number's digits, a string's text
	typ      excelize.CellType
}

func (rd *rbReader) cell(sheet string, row, col int, raw string) rbCell {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	typ, _ := rd.f.GetCellType(sheet, ref)
	return rbCell{rd: rd, sheet: sheet, row: row, col: col, ref: ref, raw: raw, typ: typ}
}

func (c rbCell) isNumber() bool {
	return c.typ == excelize.CellTypeUnset || c.typ == excelize.CellTypeNumber
}

// format is what the cell's number format says about it.
func (c rbCell) format() rbFormat {
	id, err := c.rd.f.GetCellStyle(c.sheet, c.ref)
	if err != nil {
		return rbFormat{}
	}
	if f, ok := c.rd.formats[id]; ok {
		return f
	}
	var f rbFormat
	if st, err := c.rd.f.GetStyle(id); err == nil && st != nil {
		if st.CustomNumFmt != nil {
			f = rbFormatOf(*st.CustomNumFmt)
		} else {
			f = rbBuiltinFormat(st.NumFmt)
		}
	}
	c.rd.formats[id] = f
	return f
}

// rbBuiltinFormat classifies a built-in number format id (ECMA-376 18.8.30 and the
// East Asian ids Excel uses).
func rbBuiltinFormat(id int) rbFormat {
	switch {
	case id == 9 || id == 10:
		return rbFormat{percent: true}
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58, id >= 71 && id <= 81:
		return rbFormat{date: true}
	}
	return rbFormat{}
}

// rbFormatOf classifies a custom number format code: a date if it has date or time
// letters outside quotes, escapes and brackets; a percentage if it has a bare %.
func rbFormatOf(code string) rbFormat {
	var f rbFormat
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		ch := code[i]
		switch {
		case inQuote:
			inQuote = ch != '"'
		case inBracket:
			inBracket = ch != ']'
		case ch == '"':
			inQuote = true
		case ch == '[':
			inBracket = true
		case ch == '\\' || ch == '_' || ch == '*':
			i++ // the next character is literal (or a fill/space width)
		case ch == '%':
			f.percent = true
		case strings.IndexByte("yYmMdDhHsS", ch) >= 0:
			if !strings.HasPrefix(strings.ToLower(code[i:]), "general") {
				f.date = true
			}
		}
	}
	return f
}

// text is the cell as text: a string trimmed, a number as Excel displays it (its
// number format applied, so "00000" keeps leading zeros).
func (c rbCell) text() (string, error) {
	switch c.typ {
	case excelize.CellTypeError:
		return "", cellErr(ceErrorValue, cv(c.raw))
	case excelize.CellTypeBool:
		if c.raw == "1" {
			return "TRUE", nil
		}
		return "FALSE", nil
	}
	if c.isNumber() {
		v, err := c.rd.f.GetCellValue(c.sheet, c.ref)
		if err != nil {
			return "", cellErr(ceUnreadableNumber, cvq(c.raw), cv(err.Error()))
		}
		return strings.TrimSpace(v), nil
	}
	return strings.TrimSpace(c.raw), nil
}

// dec is the cell as an exact decimal: a number cell is the decimal Excel displays
// (15 significant digits); a text cell must hold a plain decimal ("12.5").
func (c rbCell) dec() (logistics.Dec, error) {
	if c.isNumber() {
		switch f := c.format(); {
		case f.percent:
			return 0, cellErr(cePercent)
		case f.date:
			return 0, cellErr(ceDateFormat)
		}
		s, err := DisplayedNumber(c.raw)
		if err != nil {
			return 0, cellErr(ceNotDecimal, cvq(c.raw))
		}
		return rbParseDec(s)
	}
	s, err := c.text()
	if err != nil {
		return 0, err
	}
	return rbParseDec(s)
}

func rbParseDec(s string) (logistics.Dec, error) {
	d, err := logistics.ParseDec(s)
	if err == nil {
		return d, nil
	}
	body := strings.TrimLeft(s, "+-")
	intPart, frac, _ := strings.Cut(body, ".")
	if body == "" || strings.Trim(intPart+frac, "0123456789") != "" {
		if strings.Count(s, ",") == 1 && strings.Trim(strings.Replace(body, ",", "", 1), "0123456789") == "" {
			return 0, cellErr(ceDecimalComma, cvq(s))
		}
		return 0, cellErr(ceNotDecimal, cvq(s))
	}
	if len(strings.TrimRight(frac, "0")) > logistics.DecDigits {
		return 0, cellErr(ceTooManyPlaces, cv(s), cv(itoa(logistics.DecDigits)))
	}
	return 0, cellErr(ceTooLarge, cv(s))
}

// whole is the cell as a whole number (grams, millimetres, days, a divisor, units).
func (c rbCell) whole() (int64, error) {
	d, err := c.dec()
	if err != nil {
		return 0, err
	}
	if d%logistics.DecScale != 0 {
		return 0, cellErr(ceNotWhole, cv(d.String()))
	}
	return int64(d / logistics.DecScale), nil
}

// date is the cell as a date: a number cell with a date format, or YYYY-MM-DD text.
func (c rbCell) date() (logistics.Date, error) {
	switch {
	case c.typ == excelize.CellTypeDate: // an ISO 8601 date-time stored as text
		if len(c.raw) >= 10 {
			if d, err := logistics.ParseDate(c.raw[:10]); err == nil {
				return d, nil
			}
		}
		return logistics.NoDate, cellErr(ceNotDate, cvq(c.raw))
	case c.isNumber():
		shown, err := DisplayedNumber(c.raw)
		if err != nil {
			return logistics.NoDate, cellErr(ceNotDate, cvq(c.raw))
		}
		if !c.format().date {
			return logistics.NoDate, cellErr(ceNumberNotDate, cv(shown))
		}
		serial, err := strconv.ParseInt(shown, 10, 64)
		if err != nil {
			return logistics.NoDate, cellErr(ceTimeOfDay, cv(shown))
		}
		if serial < 1 || serial > 2958465 { // 9999-12-31
			return logistics.NoDate, cellErr(ceSerialRange, cv(itoa(serial)))
		}
		t, err := excelize.ExcelDateToTime(float64(serial), c.rd.date1904)
		if err != nil {
			return logistics.NoDate, cellErr(ceNotDate, cv(shown))
		}
		return logistics.DateFromTime(t), nil
	}
	s, err := c.text()
	if err != nil {
		return logistics.NoDate, err
	}
	d, err := logistics.ParseDate(s)
	if err != nil {
		return logistics.NoDate, cellErr(ceNotISODate, cvq(s))
	}
	return d, nil
}

// list is a comma-separated list: entries trimmed, empty entries dropped.
func (c rbCell) list() ([]string, error) {
	s, err := c.text()
	if err != nil {
		return nil, err
	}
	var out []string
	for e := range strings.SplitSeq(s, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out, nil
}

// Column constructors. Each reads a non-empty cell into a field of the row.

func rbText[T any](name string, required bool, field func(*T) *string) rbColumn[T] {
	return rbColumn[T]{name, required, func(r *T, c rbCell) error {
		s, err := c.text()
		*field(r) = s
		return err
	}}
}

func rbPostal[T any](name string, field func(*T) *string) rbColumn[T] {
	return rbColumn[T]{name, false, func(r *T, c rbCell) error {
		s, err := c.text()
		*field(r) = logistics.NormalizePostal(s)
		return err
	}}
}

func rbDec[T any](name string, required bool, field func(*T) *logistics.Dec) rbColumn[T] {
	return rbColumn[T]{name, required, func(r *T, c rbCell) error {
		d, err := c.dec()
		*field(r) = d
		return err
	}}
}

func rbWhole[T any, N int | int64](name string, required bool, field func(*T) *N) rbColumn[T] {
	return rbColumn[T]{name, required, func(r *T, c rbCell) error {
		n, err := c.whole()
		if err == nil && int64(N(n)) != n {
			return cellErr(ceTooLarge, cv(itoa(n)))
		}
		*field(r) = N(n)
		return err
	}}
}

func rbDate[T any](name string, required bool, field func(*T) *logistics.Date) rbColumn[T] {
	return rbColumn[T]{name, required, func(r *T, c rbCell) error {
		d, err := c.date()
		if err == nil {
			*field(r) = d
		}
		return err
	}}
}

func rbList[T any](name string, required bool, field func(*T) *[]string, norm func(string) string) rbColumn[T] {
	return rbColumn[T]{name, required, func(r *T, c rbCell) error {
		l, err := c.list()
		if norm != nil {
			for i := range l {
				l[i] = norm(l[i])
			}
		}
		*field(r) = l
		return err
	}}
}

// rbEnum reads a word of a fixed set, case-insensitively.
func rbEnum[T any, E ~uint8](name string, required bool, unknown cellID, parse func(string) (E, error), field func(*T) *E) rbColumn[T] {
	return rbColumn[T]{name, required, func(r *T, c rbCell) error {
		s, err := c.text()
		if err != nil {
			return err
		}
		v, err := parse(strings.ToLower(s))
		if err != nil {
			return cellErr(unknown, cvq(s))
		}
		*field(r) = v
		return nil
	}}
}

var rbWeekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

var rbFXColumns = []rbColumn[logistics.FXRate]{
	rbText("currency", true, func(r *logistics.FXRate) *string { return &r.Currency }),
	rbDec("rate_to_base", true, func(r *logistics.FXRate) *logistics.Dec { return &r.RateToBase }),
	rbDate("valid_from", false, func(r *logistics.FXRate) *logistics.Date { return &r.ValidFrom }),
}

var rbServiceColumns = []rbColumn[logistics.Service]{
	rbText("service_id", true, func(r *logistics.Service) *string { return &r.ID }),
	rbEnum("mode", true, ceServiceMode, logistics.ParseServiceMode,
		func(r *logistics.Service) *logistics.ServiceMode { return &r.Mode }),
	rbText("carrier", false, func(r *logistics.Service) *string { return &r.Carrier }),
	rbText("name", false, func(r *logistics.Service) *string { return &r.Name }),
	rbText("currency", true, func(r *logistics.Service) *string { return &r.Currency }),
	rbWhole("divisor", false, func(r *logistics.Service) *int64 { return &r.Divisor }),
	rbDec("volumetric_ratio", false, func(r *logistics.Service) *logistics.Dec { return &r.VolumetricRatio }),
	rbWhole("increment_g", false, func(r *logistics.Service) *int64 { return &r.IncrementG }),
	rbWhole("min_charge_g", false, func(r *logistics.Service) *int64 { return &r.MinChargeG }),
	rbWhole("max_weight_g", false, func(r *logistics.Service) *int64 { return &r.MaxWeightG }),
	rbWhole("max_side_mm", false, func(r *logistics.Service) *int64 { return &r.MaxSideMM }),
	rbWhole("transit_min_days", false, func(r *logistics.Service) *int { return &r.TransitMinDays }),
	rbWhole("transit_max_days", false, func(r *logistics.Service) *int { return &r.TransitMaxDays }),
	rbDec("fuel_pct", false, func(r *logistics.Service) *logistics.Dec { return &r.FuelPct }),
	rbList("forbidden_categories", false, func(r *logistics.Service) *[]string { return &r.ForbiddenCategories }, nil),
}

var rbZoneColumns = []rbColumn[logistics.Zone]{
	rbText("service_id", true, func(r *logistics.Zone) *string { return &r.ServiceID }),
	rbText("country", true, func(r *logistics.Zone) *string { return &r.Country }),
	rbPostal("postal_prefix", func(r *logistics.Zone) *string { return &r.PostalPrefix }),
	rbText("zone", true, func(r *logistics.Zone) *string { return &r.Zone }),
}

var rbRateColumns = []rbColumn[logistics.Rate]{
	rbText("service_id", true, func(r *logistics.Rate) *string { return &r.ServiceID }),
	rbText("zone", true, func(r *logistics.Rate) *string { return &r.Zone }),
	rbWhole("from_g", true, func(r *logistics.Rate) *int64 { return &r.FromG }),
	rbWhole("to_g", true, func(r *logistics.Rate) *int64 { return &r.ToG }),
	rbDec("fixed", false, func(r *logistics.Rate) *logistics.Dec { return &r.Fixed }),
	rbDec("per_kg", false, func(r *logistics.Rate) *logistics.Dec { return &r.PerKg }),
}

var rbSurchargeColumns = []rbColumn[logistics.Surcharge]{
	rbText("service_id", true, func(r *logistics.Surcharge) *string { return &r.ServiceID }),
	rbEnum("kind", true, ceSurchargeKind, logistics.ParseSurchargeKind,
		func(r *logistics.Surcharge) *logistics.SurchargeKind { return &r.Kind }),
	rbText("country", false, func(r *logistics.Surcharge) *string { return &r.Country }),
	rbPostal("postal_prefix", func(r *logistics.Surcharge) *string { return &r.PostalPrefix }),
	rbDate("from_date", false, func(r *logistics.Surcharge) *logistics.Date { return &r.FromDate }),
	rbDate("to_date", false, func(r *logistics.Surcharge) *logistics.Date { return &r.ToDate }),
	rbWhole("min_side_mm", false, func(r *logistics.Surcharge) *int64 { return &r.MinSideMM }),
	rbDec("fixed", false, func(r *logistics.Surcharge) *logistics.Dec { return &r.Fixed }),
	rbDec("per_kg", false, func(r *logistics.Surcharge) *logistics.Dec { return &r.PerKg }),
	rbDec("min", false, func(r *logistics.Surcharge) *logistics.Dec { return &r.Min }),
	rbDec("pct", false, func(r *logistics.Surcharge) *logistics.Dec { return &r.Pct }),
}

var rbWarehouseColumns = []rbColumn[logistics.Warehouse]{
	rbText("warehouse_id", true, func(r *logistics.Warehouse) *string { return &r.ID }),
	rbEnum("kind", true, ceWarehouseKind, logistics.ParseWarehouseKind,
		func(r *logistics.Warehouse) *logistics.WarehouseKind { return &r.Kind }),
	rbText("country", true, func(r *logistics.Warehouse) *string { return &r.Country }),
	rbList("serves", true, func(r *logistics.Warehouse) *[]string { return &r.Serves }, logistics.NormalizePostal),
	rbText("currency", true, func(r *logistics.Warehouse) *string { return &r.Currency }),
	rbDec("pick_per_order", false, func(r *logistics.Warehouse) *logistics.Dec { return &r.PickPerOrder }),
	rbDec("pick_per_extra_unit", false, func(r *logistics.Warehouse) *logistics.Dec { return &r.PickPerExtraUnit }),
	rbDec("storage_per_m3_day", false, func(r *logistics.Warehouse) *logistics.Dec { return &r.StoragePerM3Day }),
	rbWhole("days_in_stock", false, func(r *logistics.Warehouse) *int { return &r.DaysInStock }),
	rbDec("headhaul_per_kg", false, func(r *logistics.Warehouse) *logistics.Dec { return &r.HeadhaulPerKg }),
	rbWhole("handling_days", false, func(r *logistics.Warehouse) *int { return &r.HandlingDays }),
	rbText("delivery_service", true, func(r *logistics.Warehouse) *string { return &r.DeliveryService }),
	rbDec("cold_chain_fee", false, func(r *logistics.Warehouse) *logistics.Dec { return &r.ColdChainFee }),
}

var rbLaneColumns = []rbColumn[logistics.Lane]{
	rbText("lane_id", true, func(r *logistics.Lane) *string { return &r.ID }),
	rbText("destination", true, func(r *logistics.Lane) *string { return &r.Destination }),
	rbText("currency", true, func(r *logistics.Lane) *string { return &r.Currency }),
	rbDec("first_mile_per_parcel", false, func(r *logistics.Lane) *logistics.Dec { return &r.FirstMilePerParcel }),
	{"departure_weekdays", true, func(r *logistics.Lane, c rbCell) error {
		l, err := c.list()
		if err != nil {
			return err
		}
		r.DepartureWeekdays = nil
		for _, e := range l {
			d, ok := rbWeekdays[strings.ToLower(e)]
			if !ok {
				return cellErr(ceWeekday, cvq(e))
			}
			r.DepartureWeekdays = append(r.DepartureWeekdays, d)
		}
		return nil
	}},
	rbWhole("hub_cutoff_days", false, func(r *logistics.Lane) *int { return &r.HubCutoffDays }),
	rbWhole("linehaul_days", false, func(r *logistics.Lane) *int { return &r.LinehaulDays }),
	rbDec("dest_handling_per_parcel", false, func(r *logistics.Lane) *logistics.Dec { return &r.DestHandlingPerParcel }),
	rbWhole("dest_handling_days", false, func(r *logistics.Lane) *int { return &r.DestHandlingDays }),
	rbText("delivery_service", true, func(r *logistics.Lane) *string { return &r.DeliveryService }),
	rbEnum("allocation", false, ceAllocation, logistics.ParseAllocation,
		func(r *logistics.Lane) *logistics.Allocation { return &r.Allocation }),
	rbWhole("divisor", false, func(r *logistics.Lane) *int64 { return &r.Divisor }),
}

var rbTierColumns = []rbColumn[logistics.Tier]{
	rbText("lane_id", true, func(r *logistics.Tier) *string { return &r.LaneID }),
	rbDec("from_kg", true, func(r *logistics.Tier) *logistics.Dec { return &r.FromKg }),
	rbDec("per_kg", true, func(r *logistics.Tier) *logistics.Dec { return &r.PerKg }),
	rbDec("min_batch_charge", false, func(r *logistics.Tier) *logistics.Dec { return &r.MinBatchCharge }),
}

var rbDutyColumns = []rbColumn[logistics.Duty]{
	rbText("country", true, func(r *logistics.Duty) *string { return &r.Country }),
	rbDate("valid_from", false, func(r *logistics.Duty) *logistics.Date { return &r.ValidFrom }),
	rbText("currency", true, func(r *logistics.Duty) *string { return &r.Currency }),
	rbDec("duty_free_threshold", false, func(r *logistics.Duty) *logistics.Dec { return &r.DutyFreeThreshold }),
	rbDec("duty_rate_pct", false, func(r *logistics.Duty) *logistics.Dec { return &r.DutyRatePct }),
	rbDec("flat_duty_per_line", false, func(r *logistics.Duty) *logistics.Dec { return &r.FlatDutyPerLine }),
	rbEnum("valuation", false, ceValuation, func(s string) (logistics.Valuation, error) {
		return logistics.ParseValuation(strings.ToUpper(s))
	}, func(r *logistics.Duty) *logistics.Valuation { return &r.Valuation }),
	rbDec("clearance_fee_per_parcel", false, func(r *logistics.Duty) *logistics.Dec { return &r.ClearanceFeePerParcel }),
}

var rbRuleColumns = []rbColumn[logistics.Rule]{
	rbText("country", true, func(r *logistics.Rule) *string { return &r.Country }),
	rbText("category", true, func(r *logistics.Rule) *string { return &r.Category }),
	{"allowed_modes", true, func(r *logistics.Rule, c rbCell) error {
		l, err := c.list()
		if err != nil {
			return err
		}
		r.AllowedModes = nil
		for _, e := range l {
			m, err := logistics.ParseMode(strings.ToLower(e))
			if err != nil {
				return cellErr(ceMode, cvq(e))
			}
			r.AllowedModes = append(r.AllowedModes, m)
		}
		return nil
	}},
	rbText("note", false, func(r *logistics.Rule) *string { return &r.Note }),
}

var rbProductColumns = []rbColumn[logistics.Product]{
	rbText("sku", true, func(r *logistics.Product) *string { return &r.SKU }),
	rbText("title", false, func(r *logistics.Product) *string { return &r.Title }),
	rbWhole("weight_g", false, func(r *logistics.Product) *int64 { return &r.WeightG }),
	rbWhole("length_mm", false, func(r *logistics.Product) *int64 { return &r.LengthMM }),
	rbWhole("width_mm", false, func(r *logistics.Product) *int64 { return &r.WidthMM }),
	rbWhole("height_mm", false, func(r *logistics.Product) *int64 { return &r.HeightMM }),
	rbText("category", false, func(r *logistics.Product) *string { return &r.Category }),
	rbDec("unit_cost", false, func(r *logistics.Product) *logistics.Dec { return &r.UnitCost }),
	rbText("currency", false, func(r *logistics.Product) *string { return &r.Currency }),
	rbText("hs_code", false, func(r *logistics.Product) *string { return &r.HSCode }),
}

var rbStockColumns = []rbColumn[logistics.Stock]{
	rbText("warehouse_id", true, func(r *logistics.Stock) *string { return &r.WarehouseID }),
	rbText("sku", true, func(r *logistics.Stock) *string { return &r.SKU }),
	rbWhole("on_hand", true, func(r *logistics.Stock) *int64 { return &r.OnHand }),
}
