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
var cellPhrases = [numCellPhrases]logistics.Phrase{
	ceUnknownSheet:     {Key: "cell.unknownSheet", Text: "unknown sheet {sheet} (a rate book has the sheets {sheets})"},
	ceSheetRepeats:     {Key: "cell.sheetRepeats", Text: "sheet {sheet} repeats sheet {other}"},
	ceUnreadableSheet:  {Key: "cell.unreadableSheet", Text: "unreadable sheet: {error}"},
	ceUnreadableRow:    {Key: "cell.unreadableRow", Text: "unreadable row: {error}"},
	ceHeader:           {Key: "cell.header", Text: "column header: {reason}"},
	ceUnknownColumn:    {Key: "cell.unknownColumn", Text: "unknown column {column} ({sheet} has the columns {columns})"},
	ceColumnRepeats:    {Key: "cell.columnRepeats", Text: "column {column} repeats column {letter}"},
	ceMissingColumn:    {Key: "cell.missingColumn", Text: "missing column {column}"},
	ceNoHeader:         {Key: "cell.noHeader", Text: "column {letter} has values but no header"},
	ceValueWithoutKey:  {Key: "cell.valueWithoutKey", Text: "value without a key"},
	ceUnknownSetting:   {Key: "cell.unknownSetting", Text: "unknown setting {key} (the settings are {keys})"},
	ceSettingRepeats:   {Key: "cell.settingRepeats", Text: "setting {key} repeats row {row}"},
	ceErrorValue:       {Key: "cell.errorValue", Text: "cell holds the error {value}"},
	ceUnreadableNumber: {Key: "cell.unreadableNumber", Text: "unreadable number {value}: {error}"},
	cePercent:          {Key: "cell.percent", Text: "cell is formatted as a percentage: write the plain number (26.25 for 26.25 %) without the % format"},
	ceDateFormat:       {Key: "cell.dateFormat", Text: "cell is formatted as a date: write a plain number"},
	ceNotDecimal:       {Key: "cell.notDecimal", Text: "not a decimal number {value}"},
	ceDecimalComma:     {Key: "cell.decimalComma", Text: "not a decimal number {value} (use a decimal point)"},
	ceTooManyPlaces:    {Key: "cell.tooManyPlaces", Text: "number {value} has more than {places} decimal places"},
	ceTooLarge:         {Key: "cell.tooLarge", Text: "number {value} is too large"},
	ceNotWhole:         {Key: "cell.notWhole", Text: "not a whole number: {value}"},
	ceNotDate:          {Key: "cell.notDate", Text: "not a date {value}"},
	ceNumberNotDate:    {Key: "cell.numberNotDate", Text: "number {value} is not a date: format the cell as a date or write YYYY-MM-DD"},
	ceTimeOfDay:        {Key: "cell.timeOfDay", Text: "date {value} has a time of day: write the date alone"},
	ceSerialRange:      {Key: "cell.serialRange", Text: "date serial {value} is out of range"},
	ceNotISODate:       {Key: "cell.notISODate", Text: "not a YYYY-MM-DD date {value}"},
	ceServiceMode:      {Key: "cell.serviceMode", Text: "unknown mode {value} (want direct, last_mile or local)"},
	ceSurchargeKind:    {Key: "cell.surchargeKind", Text: "unknown kind {value} (want remote, oversize or peak)"},
	ceWarehouseKind:    {Key: "cell.warehouseKind", Text: "unknown kind {value} (want overseas or forward)"},
	ceAllocation:       {Key: "cell.allocation", Text: "unknown allocation {value} (want chargeable, volume or value)"},
	ceValuation:        {Key: "cell.valuation", Text: "unknown valuation {value} (want CIF or FOB)"},
	ceWeekday:          {Key: "cell.weekday", Text: "unknown weekday {value} (want Mon, Tue, Wed, Thu, Fri, Sat or Sun)"},
	ceMode:             {Key: "cell.mode", Text: "unknown mode {value} (want warehouse, local, consolidation or direct)"},
}

// RateBookPhrases returns the catalog of every shape of reason the rate-book reader
// gives for a sheet, a column or a cell it refuses. The problems of
// logistics.RateBook.Validate it locates at their cells keep the phrases of
// logistics.ValidationPhrases.
func RateBookPhrases() []logistics.Phrase { return slices.Clone(cellPhrases[:]) }

// cellSay is cell phrase p with the values of its placeholders, in order.
func cellSay(p cellID, vals ...logistics.Arg) logistics.Sentence {
	return cellPhrases[p].Say(vals...)
}

// cellFault is a reason of the reader as an error, for the checks of a cell.
type cellFault struct{ why logistics.Sentence }

func (e *cellFault) Error() string { return e.why.String() }

// cellErr is cell phrase p with its values as an error.
func cellErr(p cellID, vals ...logistics.Arg) error { return &cellFault{cellSay(p, vals...)} }

// cellWhy is the reason an error of a cell check gives: its sentence, or the error's
// text as a reason without a sentence.
func cellWhy(err error) (logistics.Sentence, string) {
	if f, ok := err.(*cellFault); ok {
		return f.why, f.why.String()
	}
	return logistics.Sentence{}, err.Error()
}

// nestedVal is the error of a cell check as the {reason} of another phrase.
func nestedVal(err error) logistics.Arg {
	why, english := cellWhy(err)
	if why.Key == "" {
		return cv(english)
	}
	return logistics.Arg{Inner: &why}
}
