package ingest

import (
	"errors"
	"slices"
	"strconv"
	"unicode/utf8"

	"shipmode/logistics"
)

// phraseID indexes phrases.
type phraseID uint8

const (
	// rows of an order file
	rsEmptyRef phraseID = iota
	rsEbayFooter
	rsEmptyMarketplace
	rsExtraCells
	rsBadOrderDate
	rsOrderDateDiffers
	rsUnknownCountry
	rsCountryDiffers
	rsPostalDiffers
	rsBadCurrency
	rsCurrencyDiffers
	rsBadPromisedDays
	rsPromisedDaysDiffer
	rsBadPromiseDate
	rsUnknownStatus
	rsOrderCancelled
	rsNoQuantity
	rsBadQuantity
	rsNegativeQuantity
	rsZeroQuantity
	rsQuantityTooLarge
	rsLineCancelled
	rsBadBool
	rsNoShipping
	rsBadUnitPrice
	rsBadLinePrice
	rsNegativePrice
	rsUnknownSymbol
	rsAmbiguousSymbol
	rsSymbolDiffers
	rsPriceNoCurrency
	rsPriceCurrencyDiffers
	rsNoOrderDate
	rsNoCountry
	rsOrderDateInvalid
	rsPromiseDateInvalid
	rsNotDayMonth
	rsNotMonthDay
	rsNotYearMonthDay
	rsPromiseBeforeOrder
	rsOrderNotImported
	rsNoLines
	rsAllCancelled

	// notes of an order import (OrdersResult.Notes)
	rsSplitOrders
	rsNamedLines
	rsDayMonth // the names of the date orders, the {order} of the notes below
	rsMonthDay
	rsYearMonthDay
	rsDateRequested
	rsDateDayMonthByValue
	rsDateMonthDayByValue
	rsDateByStyle
	rsDateSemicolonDefault
	rsDateByDefault

	// rows of a products or stock file
	rsEmptySKU
	rsSKURepeated
	rsNoWeight
	rsWeight
	rsDimension
	rsNotNumber
	rsNegative
	rsBadUnitCost
	rsCostNoCurrency
	rsEmptyWarehouse
	rsStockRepeated
	rsBadOnHand

	// a row or cell past the limits, or not text
	rsCellTooLong
	rsQuoteRunsOn
	rsRowTooLong
	rsTooManyCells
	rsNotUTF8
	rsNUL
	rsOpenQuote

	// columns
	rsMapNoColumn
	rsMissingField
	rsMissingColumn
	rsMissingWeight

	// --set values
	rsEmptyValue
	rsUnknownCountryValue
	rsNotWhole
	rsNotTrueOrFalse

	// a whole file that cannot be read as a table
	rsNoHeader
	rsNoHeaderSheet
	rsHeaderTooLong
	rsHeaderTooWide
	rsBinary
	rsUTF16
	rsOldXLS
	rsEncrypted
	rsDamagedXLSX
	rsNoSheet
	rsXLSXTooLarge
	rsUnpacksTooLarge
	rsTooManyParts
	rsPartTooLarge
	rsTooManyStrings
	rsZipBomb
	rsTooManyRows
	rsSheetRowTooLarge
	rsSheetNotText
	rsSheetCut
	rsNotWorkbook

	// rows of a carrier invoice file
	rsInvoiceEmpty
	rsNoTrackingOrRef
	rsBadInvoiceDate
	rsInvoiceDateInvalid
	rsBadAmount
	rsUnknownCharge
	rsBadBilledWeight
	rsTotalMismatch
	rsNoInvoiceHeader
	rsUnknownLineType
	rsAmountNoCurrency
	rsAmountSymbolDiffers
	rsAmountCurrencyDiffers
	rsNoCharge

	rsText // words ingest did not write itself (no reason today)

	numPhrases
)

// phrases is the catalog: every shape of reason an import writes.
var phrases = [numPhrases]logistics.Phrase{
	rsEmptyRef:             {Key: "row.emptyRef", Text: "order reference is empty"},
	rsEbayFooter:           {Key: "row.ebayFooter", Text: "eBay export footer, not an order"},
	rsEmptyMarketplace:     {Key: "row.emptyMarketplace", Text: "marketplace is empty"},
	rsExtraCells:           {Key: "row.extraCells", Text: "the row has {cells} cells but the header has {columns} columns (a stray delimiter or quote?)"},
	rsBadOrderDate:         {Key: "row.badOrderDate", Text: "order date {value} is not a date"},
	rsOrderDateDiffers:     {Key: "row.orderDateDiffers", Text: "order date {value} differs from line {line}"},
	rsUnknownCountry:       {Key: "row.unknownCountry", Text: "unknown country {value} (want an ISO 3166 code or an English name)"},
	rsCountryDiffers:       {Key: "row.countryDiffers", Text: "country {code} differs from {earlier} on an earlier row of the order"},
	rsPostalDiffers:        {Key: "row.postalDiffers", Text: "postal code {value} differs from {earlier} on an earlier row of the order"},
	rsBadCurrency:          {Key: "row.badCurrency", Text: "currency {value} is not an ISO 4217 code"},
	rsCurrencyDiffers:      {Key: "row.currencyDiffers", Text: "currency {code} differs from {earlier} on an earlier row of the order"},
	rsBadPromisedDays:      {Key: "row.badPromisedDays", Text: "promised days {value} is not a whole number of days"},
	rsPromisedDaysDiffer:   {Key: "row.promisedDaysDiffer", Text: "promised days {days} differs from {earlier} on an earlier row of the order"},
	rsBadPromiseDate:       {Key: "row.badPromiseDate", Text: "promise date {value} is not a date"},
	rsUnknownStatus:        {Key: "row.unknownStatus", Text: "unknown status {value} (want open, shipped, fulfilled or cancelled)"},
	rsOrderCancelled:       {Key: "row.orderCancelled", Text: "the order is cancelled ({column} {value})"},
	rsNoQuantity:           {Key: "row.noQuantity", Text: "quantity is empty"},
	rsBadQuantity:          {Key: "row.badQuantity", Text: "quantity {value} is not a whole number"},
	rsNegativeQuantity:     {Key: "row.negativeQuantity", Text: "negative quantity {qty}: a return or cancellation row, not an order line"},
	rsZeroQuantity:         {Key: "row.zeroQuantity", Text: "quantity 0: nothing to ship (a cancelled line)"},
	rsQuantityTooLarge:     {Key: "row.quantityTooLarge", Text: "quantity {qty} is more than {max} units on one line"},
	rsLineCancelled:        {Key: "row.lineCancelled", Text: "the line is cancelled ({column} {value})"},
	rsBadBool:              {Key: "row.badBool", Text: "{value} is not true or false"},
	rsNoShipping:           {Key: "row.noShipping", Text: "the line needs no shipping (a gift card or digital item)"},
	rsBadUnitPrice:         {Key: "row.badUnitPrice", Text: "unit price {value} is not an amount"},
	rsBadLinePrice:         {Key: "row.badLinePrice", Text: "line price {value} is not an amount"},
	rsNegativePrice:        {Key: "row.negativePrice", Text: "the price is negative"},
	rsUnknownSymbol:        {Key: "row.unknownSymbol", Text: "unknown currency symbol {symbol}"},
	rsAmbiguousSymbol:      {Key: "row.ambiguousSymbol", Text: "currency symbol {symbol} is ambiguous: add a currency column or --set currency=CODE"},
	rsSymbolDiffers:        {Key: "row.symbolDiffers", Text: "price is in {symbol} but the order currency is {currency}"},
	rsPriceNoCurrency:      {Key: "row.priceNoCurrency", Text: "the price has no currency: add a currency column or --set currency=CODE"},
	rsPriceCurrencyDiffers: {Key: "row.priceCurrencyDiffers", Text: "price in {currency} but an earlier line of the order is in {earlier}"},
	rsNoOrderDate:          {Key: "row.noOrderDate", Text: "order date is empty"},
	rsNoCountry:            {Key: "row.noCountry", Text: "country is empty"},
	rsOrderDateInvalid:     {Key: "row.orderDateInvalid", Text: "order date {reason}"},
	rsPromiseDateInvalid:   {Key: "row.promiseDateInvalid", Text: "promise date {reason}"},
	rsNotDayMonth:          {Key: "row.notDayMonth", Text: "{date} is not a day/month date"},
	rsNotMonthDay:          {Key: "row.notMonthDay", Text: "{date} is not a month/day date"},
	rsNotYearMonthDay:      {Key: "row.notYearMonthDay", Text: "{date} is not a year/month/day date"},
	rsPromiseBeforeOrder:   {Key: "row.promiseBeforeOrder", Text: "promise date {date} is before the order date {orderDate}"},
	rsOrderNotImported:     {Key: "row.orderNotImported", Text: "order {ref} not imported: line {line}: {reason}"},
	rsNoLines:              {Key: "row.noLines", Text: "the order has no line to ship"},
	rsAllCancelled:         {Key: "row.allCancelled", Text: "every line of the order is cancelled"},

	rsSplitOrders:          {Key: "note.splitOrders", Text: "orders whose rows were apart in the file: {count}, each read whole from all its rows"},
	rsNamedLines:           {Key: "note.namedLines", Text: "lines without a SKU: {count}, each keyed by its item name (name:…) and needing product data"},
	rsDayMonth:             {Key: "date.dayMonth", Text: "day/month"},
	rsMonthDay:             {Key: "date.monthDay", Text: "month/day"},
	rsYearMonthDay:         {Key: "date.yearMonthDay", Text: "year/month/day"},
	rsDateRequested:        {Key: "date.requested", Text: "{order}, as requested"},
	rsDateDayMonthByValue:  {Key: "date.dayMonthByValue", Text: "day/month: {value} on line {line} has a first field above 12"},
	rsDateMonthDayByValue:  {Key: "date.monthDayByValue", Text: "month/day: {value} on line {line} has a second field above 12"},
	rsDateByStyle:          {Key: "date.byStyle", Text: "month/day: no value shows the order, but {value} on line {line} is written M/D/YY (a one-digit second field: day-first exports write the month with two digits)"},
	rsDateSemicolonDefault: {Key: "date.semicolonDefault", Text: "day/month: no value shows the order, the default for ;-separated files (a guess: choose the date order if it is wrong)"},
	rsDateByDefault:        {Key: "date.byDefault", Text: "{order}: no value shows the order, the {format} default (a guess: choose the date order if it is wrong)"},

	rsEmptySKU:       {Key: "row.emptySKU", Text: "sku is empty"},
	rsSKURepeated:    {Key: "row.skuRepeated", Text: "sku {sku} is already on line {line}"},
	rsNoWeight:       {Key: "row.noWeight", Text: "weight is empty"},
	rsWeight:         {Key: "row.weight", Text: "weight {reason}"},
	rsDimension:      {Key: "row.dimension", Text: "dimension {reason}"},
	rsNotNumber:      {Key: "row.notNumber", Text: "{value} is not a number"},
	rsNegative:       {Key: "row.negative", Text: "{value} is negative"},
	rsBadUnitCost:    {Key: "row.badUnitCost", Text: "unit cost {value} is not an amount"},
	rsCostNoCurrency: {Key: "row.costNoCurrency", Text: "the unit cost has no currency: add a currency column"},
	rsEmptyWarehouse: {Key: "row.emptyWarehouse", Text: "warehouse_id is empty"},
	rsStockRepeated:  {Key: "row.stockRepeated", Text: "{warehouse} {sku} is already on line {line}"},
	rsBadOnHand:      {Key: "row.badOnHand", Text: "on_hand {value} is not a whole number of units ≥ 0"},

	rsCellTooLong:  {Key: "row.cellTooLong", Text: "the cell is longer than Excel's 32,767 characters ({size}): the rejected-rows file keeps its first 32,767"},
	rsQuoteRunsOn:  {Key: "row.quoteRunsOn", Text: "the quoted cell that starts on line {line} runs over {lines} lines and more than 32,767 characters: a quote that is not closed? (the rejected-rows file keeps its first 32,767 characters)"},
	rsRowTooLong:   {Key: "row.rowTooLong", Text: "the row is longer than {max} ({size}): the rejected-rows file leaves its cells from this column on empty"},
	rsTooManyCells: {Key: "row.tooManyCells", Text: "the row has {cells} cells, more than Excel's 16,384 columns: the rejected-rows file keeps the first 16,384"},
	rsNotUTF8:      {Key: "row.notUTF8", Text: "the cell is not UTF-8 text (byte {byte} after {chars} characters): save the file as UTF-8; the rejected-rows file shows such bytes as \uFFFD"},
	rsNUL:          {Key: "row.nul", Text: "the cell holds a NUL character (binary data, not text) after {chars} characters: the rejected-rows file leaves it out"},
	rsOpenQuote:    {Key: "row.openQuote", Text: "the quoted cell that starts on line {line} is never closed: the file ends inside it (a cut file?)"},

	rsMapNoColumn:   {Key: "column.mapNoColumn", Text: "--map {field}={header}: the file has no such column"},
	rsMissingField:  {Key: "column.missingField", Text: "missing required column for {field} (name a header with --map {field}=HEADER or a value with --set {field}=VALUE)"},
	rsMissingColumn: {Key: "column.missing", Text: "missing required column"},
	rsMissingWeight: {Key: "column.missingWeight", Text: "missing required column (weight_g or weight_kg)"},

	rsEmptyValue:          {Key: "value.empty", Text: "empty"},
	rsUnknownCountryValue: {Key: "value.unknownCountry", Text: "unknown country"},
	rsNotWhole:            {Key: "value.notWhole", Text: "not a whole number"},
	rsNotTrueOrFalse:      {Key: "value.notTrueOrFalse", Text: "not true or false"},

	rsNoHeader:         {Key: "file.noHeader", Text: "the file is empty: no header row"},
	rsNoHeaderSheet:    {Key: "file.noHeaderSheet", Text: "sheet {sheet} is empty: no header row"},
	rsHeaderTooLong:    {Key: "file.headerTooLong", Text: "the header row is longer than {max}: not a header"},
	rsHeaderTooWide:    {Key: "file.headerTooWide", Text: "the header row has {columns} columns, more than Excel's 16,384"},
	rsBinary:           {Key: "file.binary", Text: "the file is binary data, not text: not a CSV, TSV or .xlsx export"},
	rsUTF16:            {Key: "file.utf16", Text: "the file is UTF-16 text without a byte-order mark: save it as CSV UTF-8 (or as Unicode Text, which has the mark)"},
	rsOldXLS:           {Key: "file.oldXLS", Text: "an old .xls workbook (Excel 97–2003): save it as .xlsx or CSV"},
	rsEncrypted:        {Key: "file.encrypted", Text: "a password-protected workbook: save a copy without the password and import that"},
	rsDamagedXLSX:      {Key: "file.damagedXLSX", Text: "a damaged .xlsx workbook: open it in Excel and save it again"},
	rsNoSheet:          {Key: "file.noSheet", Text: "no sheet to read: the file is not an .xlsx workbook, or an empty one"},
	rsXLSXTooLarge:     {Key: "file.xlsxTooLarge", Text: "the workbook is larger than {max}: more than an export can need"},
	rsUnpacksTooLarge:  {Key: "file.unpacksTooLarge", Text: "the workbook unpacks to more than {max}: more than an export can need"},
	rsTooManyParts:     {Key: "file.tooManyParts", Text: "the workbook is made of {count} parts, more than the {max} an export can need"},
	rsPartTooLarge:     {Key: "file.partTooLarge", Text: "the workbook's part {part} unpacks to {size}, more than the {max} such a part can need"},
	rsTooManyStrings:   {Key: "file.tooManyStrings", Text: "the workbook's shared strings hold more than {max} texts: more than an export can need"},
	rsZipBomb:          {Key: "file.zipBomb", Text: "the workbook's part {part} unpacks {ratio} times its size (to {size}): a zip bomb, not an export"},
	rsTooManyRows:      {Key: "file.tooManyRows", Text: "sheet {sheet} has more than Excel's 1,048,576 rows"},
	rsSheetRowTooLarge: {Key: "file.sheetRowTooLarge", Text: "row {row} of sheet {sheet} takes more than {max} in the workbook: more than a row can need"},
	rsSheetNotText:     {Key: "file.sheetNotText", Text: "a damaged .xlsx workbook: row {row} of sheet {sheet} holds bytes that are not text"},
	rsSheetCut:         {Key: "file.sheetCut", Text: "a damaged .xlsx workbook: sheet {sheet} cannot be read from row {row} on"},
	rsNotWorkbook:      {Key: "file.notWorkbook", Text: "not an .xlsx workbook: a rate book is a workbook (start from the rate-book template)"},

	rsInvoiceEmpty:          {Key: "invoice.empty", Text: "{field} is empty"},
	rsNoTrackingOrRef:       {Key: "invoice.noTrackingOrRef", Text: "neither a tracking number nor an order reference: the line cannot be tied to an order"},
	rsBadInvoiceDate:        {Key: "invoice.badDate", Text: "invoice date {value} is not a date"},
	rsInvoiceDateInvalid:    {Key: "invoice.dateInvalid", Text: "invoice date {reason}"},
	rsBadAmount:             {Key: "invoice.badAmount", Text: "amount {value} is not an amount"},
	rsUnknownCharge:         {Key: "invoice.unknownCharge", Text: "unknown charge {value} (want freight, fuel, surcharge, fee, duty or credit)"},
	rsBadBilledWeight:       {Key: "invoice.badWeight", Text: "billed weight {value} is not a whole number of grams ≥ 0"},
	rsTotalMismatch:         {Key: "invoice.totalMismatch", Text: "the charges add up to {sum}, not to the total {total}"},
	rsNoInvoiceHeader:       {Key: "invoice.noHeader", Text: "no invoice number: the row has none and no invoice header row (Line Type I) comes before it"},
	rsUnknownLineType:       {Key: "invoice.unknownLineType", Text: "unknown line type {value} (want I for an invoice header or S for a shipment)"},
	rsAmountNoCurrency:      {Key: "invoice.amountNoCurrency", Text: "the amount has no currency: add a currency column or --set currency=CODE"},
	rsAmountSymbolDiffers:   {Key: "invoice.symbolDiffers", Text: "the amount is in {symbol} but the line's currency is {currency}"},
	rsAmountCurrencyDiffers: {Key: "invoice.currencyDiffers", Text: "amounts of one row in {currency} and {other}"},
	rsNoCharge:              {Key: "invoice.noCharge", Text: "the row bills nothing: no amount in any charge column"},

	rsText: {Key: "text", Text: "{text}"},
}

// Phrases returns the catalog of every shape of reason an import writes: for a
// rejected row (RowError.Reason), a missing column (ColumnError.Reason), a --set
// value it cannot use (OptionError.Reason) or a note of an order import
// (OrdersResult.Notes). Each reason is written through its
// phrase and kept beside its English as a logistics.Sentence (the errors' Why), so
// that a user interface can say it in another language while the rejected-rows
// file and the command line keep the English.
func Phrases() []logistics.Phrase { return slices.Clone(phrases[:]) }

// say is phrase p with the values of its placeholders, in the order they first
// appear in its text.
func say(p phraseID, vals ...string) logistics.Sentence {
	return sayWith(p, nil, vals...)
}

// sayWith is say for a phrase with a nested reason, the value of its {reason}, which
// comes after its other placeholders.
func sayWith(p phraseID, inner *logistics.Sentence, vals ...string) logistics.Sentence {
	var buf [4]logistics.Arg
	args := buf[:0]
	for _, v := range vals {
		args = append(args, cv(v))
	}
	if inner != nil {
		args = append(args, logistics.Arg{Inner: inner})
	}
	return phrases[p].Say(args...)
}

// nested is a copy of s on the heap, for the {reason} of another sentence.
func nested(s logistics.Sentence) *logistics.Sentence { return &s }

// cv is a text as the value of a placeholder; cvq quotes it as the reasons quote a
// cell.
func cv(s string) logistics.Arg  { return logistics.Arg{Text: s} }
func cvq(s string) logistics.Arg { return cv(quote(s)) }

// reasonError is a reason as an error, for the checks that both reject a cell and
// validate a --set value.
type reasonError struct{ s logistics.Sentence }

func (e *reasonError) Error() string { return e.s.String() }

// fault is phrase p with its values as an error.
func fault(p phraseID, vals ...string) error { return &reasonError{say(p, vals...)} }

// whyOf is the reason an error gives.
func whyOf(err error) logistics.Sentence {
	var re *reasonError
	if errors.As(err, &re) {
		return re.s
	}
	return say(rsText, err.Error())
}

// quote writes a cell as the reasons quote it (%q); of a cell longer than 128
// bytes, its first 64 and its length in characters.
func quote(s string) string {
	const show = 64
	if len(s) <= 2*show {
		return strconv.Quote(s)
	}
	cut := show
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "… (" + itoa(utf8.RuneCountInString(s)) + " characters)"
}

// itoa writes a number as the reasons do.
func itoa[T ~int | ~int64 | ~int16 | ~uint8](n T) string { return strconv.FormatInt(int64(n), 10) }
