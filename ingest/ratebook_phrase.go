package ingest

import (
	"slices"

	"shipmode/logistics"
)

// cellID indexes cellPhrases.
type cellID uint8

// The shapes of the reasons the rate-book reader gives for a sheet, a column or a
// cell it refuses, by index into cellPhrases.
const (
	ceUnknownSheet cellID = iota
	ceSheetRepeats
	ceUnreadableSheet
	ceUnreadableRow
	ceHeader
	ceUnknownColumn
	ceColumnRepeats
	ceMissingColumn
	ceNoHeader
	ceValueWithoutKey
	ceUnknownSetting
	ceSettingRepeats
	ceErrorValue
	ceUnreadableNumber
	cePercent
	ceDateFormat
	ceNotDecimal
	ceDecimalComma
	ceTooManyPlaces
	ceTooLarge
	ceNotWhole
	ceNotDate
	ceNumberNotDate
	ceTimeOfDay
	ceSerialRange
	ceNotISODate
	ceServiceMode
	ceSurchargeKind
	ceWarehouseKind
	ceAllocation
	ceValuation
	ceWeekday
	ceMode

	numCellPhrases
)

// cellPhrases is the catalog of the rate-book reader: every shape of reason it
// writes into CellError.Reason, apart from the problems of
// logistics.RateBook.Validate (logistics.ValidationPhrases). A quoted value holds
// its quotes.
var cellPhrases = [numCellPhrases]Phrase{
	ceUnknownSheet:     {"cell.unknownSheet", "unknown sheet {sheet} (a rate book has the sheets {sheets})"},
	ceSheetRepeats:     {"cell.sheetRepeats", "sheet {sheet} repeats sheet {other}"},
	ceUnreadableSheet:  {"cell.unreadableSheet", "unreadable sheet: {error}"},
	ceUnreadableRow:    {"cell.unreadableRow", "unreadable row: {error}"},
	ceHeader:           {"cell.header", "column header: {reason}"},
	ceUnknownColumn:    {"cell.unknownColumn", "unknown column {column} ({sheet} has the columns {columns})"},
	ceColumnRepeats:    {"cell.columnRepeats", "column {column} repeats column {letter}"},
	ceMissingColumn:    {"cell.missingColumn", "missing column {column}"},
	ceNoHeader:         {"cell.noHeader", "column {letter} has values but no header"},
	ceValueWithoutKey:  {"cell.valueWithoutKey", "value without a key"},
	ceUnknownSetting:   {"cell.unknownSetting", "unknown setting {key} (the settings are {keys})"},
	ceSettingRepeats:   {"cell.settingRepeats", "setting {key} repeats row {row}"},
	ceErrorValue:       {"cell.errorValue", "cell holds the error {value}"},
	ceUnreadableNumber: {"cell.unreadableNumber", "unreadable number {value}: {error}"},
	cePercent:          {"cell.percent", "cell is formatted as a percentage: write the plain number (26.25 for 26.25 %) without the % format"},
	ceDateFormat:       {"cell.dateFormat", "cell is formatted as a date: write a plain number"},
	ceNotDecimal:       {"cell.notDecimal", "not a decimal number {value}"},
	ceDecimalComma:     {"cell.decimalComma", "not a decimal number {value} (use a decimal point)"},
	ceTooManyPlaces:    {"cell.tooManyPlaces", "number {value} has more than {places} decimal places"},
	ceTooLarge:         {"cell.tooLarge", "number {value} is too large"},
	ceNotWhole:         {"cell.notWhole", "not a whole number: {value}"},
	ceNotDate:          {"cell.notDate", "not a date {value}"},
	ceNumberNotDate:    {"cell.numberNotDate", "number {value} is not a date: format the cell as a date or write YYYY-MM-DD"},
	ceTimeOfDay:        {"cell.timeOfDay", "date {value} has a time of day: write the date alone"},
	ceSerialRange:      {"cell.serialRange", "date serial {value} is out of range"},
	ceNotISODate:       {"cell.notISODate", "not a YYYY-MM-DD date {value}"},
	ceServiceMode:      {"cell.serviceMode", "unknown mode {value} (want direct, last_mile or local)"},
	ceSurchargeKind:    {"cell.surchargeKind", "unknown kind {value} (want remote, oversize or peak)"},
	ceWarehouseKind:    {"cell.warehouseKind", "unknown kind {value} (want overseas or forward)"},
	ceAllocation:       {"cell.allocation", "unknown allocation {value} (want chargeable, volume or value)"},
	ceValuation:        {"cell.valuation", "unknown valuation {value} (want CIF or FOB)"},
	ceWeekday:          {"cell.weekday", "unknown weekday {value} (want Mon, Tue, Wed, Thu, Fri, Sat or Sun)"},
	ceMode:             {"cell.mode", "unknown mode {value} (want warehouse, local, consolidation or direct)"},
}

// RateBookPhrases returns the catalog of every shape of reason the rate-book reader
// gives for a sheet, a column or a cell it refuses. The problems of
// logistics.RateBook.Validate it locates at their cells keep the phrases of
// logistics.ValidationPhrases.
func RateBookPhrases() []Phrase { return slices.Clone(cellPhrases[:]) }

// cellNames are the placeholders of each cell phrase, in order; cellEnglish is the
// English of every key a CellReason may hold.
var cellNames, cellEnglish = compileCellPhrases()

func compileCellPhrases() (names [numCellPhrases][]string, text map[string]string) {
	text = map[string]string{}
	for i, p := range cellPhrases {
		text[p.Key] = p.Text
		for t := p.Text; ; {
			_, name, rest, ok := cutPlaceholder(t)
			if !ok {
				break
			}
			names[i] = append(names[i], name)
			t = rest
		}
	}
	for _, p := range logistics.ValidationPhrases() {
		text[p.Key] = p.Text
	}
	return names, text
}

// CellReason is why the rate-book reader refuses a sheet, a column or a cell, as a
// sentence beside its English (CellError.Reason): a phrase of RateBookPhrases, or of
// logistics.ValidationPhrases for a problem of logistics.RateBook.Validate located
// at the cell. The zero CellReason is no reason.
type CellReason Sentence

// Append appends r in a language: text gives the text of a phrase key in it, with
// the same placeholders as the English ("" or a key it does not know: the English),
// and value the text of an argument that is not a nested sentence (nil: as the
// English writes it).
func (r *CellReason) Append(b []byte, text func(key string) string, value func(Arg) string) []byte {
	return (*Sentence)(r).Append(b, func(key string) string {
		if text != nil {
			if t := text(key); t != "" {
				return t
			}
		}
		return cellEnglish[key]
	}, value)
}

// String is r in English: the reason the reader wrote.
func (r *CellReason) String() string {
	if r.Key == "" {
		return ""
	}
	var buf [128]byte
	return string(r.Append(buf[:0], nil, nil))
}

// cellVal is the value of a placeholder of a cell phrase: its text as the English
// writes it, or a nested reason.
type cellVal struct {
	text  string
	inner *CellReason
}

func cv(s string) cellVal  { return cellVal{text: s} }
func cvq(s string) cellVal { return cellVal{text: quote(s)} }

// cellSay is cell phrase p with the values of its placeholders, in order.
func cellSay(p cellID, vals ...cellVal) CellReason {
	names := cellNames[p]
	r := CellReason{Key: cellPhrases[p].Key}
	if len(names) == 0 {
		return r
	}
	r.Args = make([]Arg, len(names))
	for i, n := range names {
		r.Args[i].Name = n
		if i < len(vals) {
			r.Args[i].Text = vals[i].text
			if in := vals[i].inner; in != nil {
				r.Args[i].Text, r.Args[i].Inner = in.String(), (*Sentence)(in)
			}
		}
	}
	return r
}

// cellReasonOf is a problem of logistics.RateBook.Validate as a CellReason.
func cellReasonOf(s *logistics.Sentence) CellReason {
	r := CellReason{Key: s.Key}
	if len(s.Args) > 0 {
		r.Args = make([]Arg, len(s.Args))
	}
	for i, a := range s.Args {
		r.Args[i] = Arg{Name: a.Name, Text: a.Text}
		if a.Inner != nil {
			in := cellReasonOf(a.Inner)
			r.Args[i].Inner = (*Sentence)(&in)
		}
	}
	return r
}

// cellFault is a reason of the reader as an error, for the checks of a cell.
type cellFault struct{ why CellReason }

func (e *cellFault) Error() string { return e.why.String() }

// cellErr is cell phrase p with its values as an error.
func cellErr(p cellID, vals ...cellVal) error { return &cellFault{cellSay(p, vals...)} }

// cellWhy is the reason an error of a cell check gives: its sentence, or the error's
// text as a reason without a sentence.
func cellWhy(err error) (CellReason, string) {
	if f, ok := err.(*cellFault); ok {
		return f.why, f.why.String()
	}
	return CellReason{}, err.Error()
}

// nestedVal is the error of a cell check as the {reason} of another phrase.
func nestedVal(err error) cellVal {
	why, english := cellWhy(err)
	if why.Key == "" {
		return cv(english)
	}
	return cellVal{inner: &why}
}
