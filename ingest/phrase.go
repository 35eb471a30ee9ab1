package ingest

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// Phrase is one shape of the reasons an import gives for a rejected row
// (RowError.Reason), a missing column (ColumnError.Reason) or a --set value it
// cannot use (OptionError.Reason): a stable key and its English text, with {name}
// placeholders. Every reason is written through its phrase and kept beside its
// English as a Sentence (the errors' Why), so that a user interface can say it in
// another language while the rejected-rows file and the command line keep the
// English.
type Phrase struct {
	Key  string // "row.badQuantity"
	Text string // "quantity {value} is not a whole number"
}

// Arg is the value of one placeholder of a Sentence.
type Arg struct {
	Name string // the placeholder ("value")
	// Text is the value as the English writes it: a cell as read (quoted where the
	// English quotes it), a header, a field name, a number, a code, a date.
	Text  string
	Inner *Sentence // a nested reason ({reason}); nil for any other value
}

// Sentence is a phrase with the values of its placeholders, one Arg per distinct
// placeholder. The zero Sentence is no reason.
type Sentence struct {
	Key  string
	Args []Arg
}

// phraseID indexes phrases.
type phraseID uint8

const (
	// rows of an order file
	rsEmptyRef phraseID = iota
	rsEbayFooter
	rsEmptyMarketplace
	rsOrderEnded
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
	rsPromiseBeforeOrder
	rsOrderNotImported
	rsNoLines
	rsAllCancelled

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

	rsText // words ingest did not write itself (no reason today)

	numPhrases
)

// phrases is the catalog: every shape of reason an import writes.
var phrases = [numPhrases]Phrase{
	rsEmptyRef:             {"row.emptyRef", "order reference is empty"},
	rsEbayFooter:           {"row.ebayFooter", "eBay export footer, not an order"},
	rsEmptyMarketplace:     {"row.emptyMarketplace", "marketplace is empty"},
	rsOrderEnded:           {"row.orderEnded", "order {ref} already ended (it starts on line {line}): rows of one order must be together"},
	rsExtraCells:           {"row.extraCells", "the row has {cells} cells but the header has {columns} columns (a stray delimiter or quote?)"},
	rsBadOrderDate:         {"row.badOrderDate", "order date {value} is not a date"},
	rsOrderDateDiffers:     {"row.orderDateDiffers", "order date {value} differs from line {line}"},
	rsUnknownCountry:       {"row.unknownCountry", "unknown country {value} (want an ISO 3166 code or an English name)"},
	rsCountryDiffers:       {"row.countryDiffers", "country {code} differs from {earlier} on an earlier row of the order"},
	rsPostalDiffers:        {"row.postalDiffers", "postal code {value} differs from {earlier} on an earlier row of the order"},
	rsBadCurrency:          {"row.badCurrency", "currency {value} is not an ISO 4217 code"},
	rsCurrencyDiffers:      {"row.currencyDiffers", "currency {code} differs from {earlier} on an earlier row of the order"},
	rsBadPromisedDays:      {"row.badPromisedDays", "promised days {value} is not a whole number of days"},
	rsPromisedDaysDiffer:   {"row.promisedDaysDiffer", "promised days {days} differs from {earlier} on an earlier row of the order"},
	rsBadPromiseDate:       {"row.badPromiseDate", "promise date {value} is not a date"},
	rsUnknownStatus:        {"row.unknownStatus", "unknown status {value} (want open, shipped, fulfilled or cancelled)"},
	rsOrderCancelled:       {"row.orderCancelled", "the order is cancelled ({column} {value})"},
	rsNoQuantity:           {"row.noQuantity", "quantity is empty"},
	rsBadQuantity:          {"row.badQuantity", "quantity {value} is not a whole number"},
	rsNegativeQuantity:     {"row.negativeQuantity", "negative quantity {qty}: a return or cancellation row, not an order line"},
	rsZeroQuantity:         {"row.zeroQuantity", "quantity 0: nothing to ship (a cancelled line)"},
	rsQuantityTooLarge:     {"row.quantityTooLarge", "quantity {qty} is more than {max} units on one line"},
	rsLineCancelled:        {"row.lineCancelled", "the line is cancelled ({column} {value})"},
	rsBadBool:              {"row.badBool", "{value} is not true or false"},
	rsNoShipping:           {"row.noShipping", "the line needs no shipping (a gift card or digital item)"},
	rsBadUnitPrice:         {"row.badUnitPrice", "unit price {value} is not an amount"},
	rsBadLinePrice:         {"row.badLinePrice", "line price {value} is not an amount"},
	rsNegativePrice:        {"row.negativePrice", "the price is negative"},
	rsUnknownSymbol:        {"row.unknownSymbol", "unknown currency symbol {symbol}"},
	rsAmbiguousSymbol:      {"row.ambiguousSymbol", "currency symbol {symbol} is ambiguous: add a currency column or --set currency=CODE"},
	rsSymbolDiffers:        {"row.symbolDiffers", "price is in {symbol} but the order currency is {currency}"},
	rsPriceNoCurrency:      {"row.priceNoCurrency", "the price has no currency: add a currency column or --set currency=CODE"},
	rsPriceCurrencyDiffers: {"row.priceCurrencyDiffers", "price in {currency} but an earlier line of the order is in {earlier}"},
	rsNoOrderDate:          {"row.noOrderDate", "order date is empty"},
	rsNoCountry:            {"row.noCountry", "country is empty"},
	rsOrderDateInvalid:     {"row.orderDateInvalid", "order date {reason}"},
	rsPromiseDateInvalid:   {"row.promiseDateInvalid", "promise date {reason}"},
	rsNotDayMonth:          {"row.notDayMonth", "{date} is not a day/month date"},
	rsNotMonthDay:          {"row.notMonthDay", "{date} is not a month/day date"},
	rsPromiseBeforeOrder:   {"row.promiseBeforeOrder", "promise date {date} is before the order date {orderDate}"},
	rsOrderNotImported:     {"row.orderNotImported", "order {ref} not imported: line {line}: {reason}"},
	rsNoLines:              {"row.noLines", "the order has no line to ship"},
	rsAllCancelled:         {"row.allCancelled", "every line of the order is cancelled"},

	rsEmptySKU:       {"row.emptySKU", "sku is empty"},
	rsSKURepeated:    {"row.skuRepeated", "sku {sku} is already on line {line}"},
	rsNoWeight:       {"row.noWeight", "weight is empty"},
	rsWeight:         {"row.weight", "weight {reason}"},
	rsDimension:      {"row.dimension", "dimension {reason}"},
	rsNotNumber:      {"row.notNumber", "{value} is not a number"},
	rsNegative:       {"row.negative", "{value} is negative"},
	rsBadUnitCost:    {"row.badUnitCost", "unit cost {value} is not an amount"},
	rsCostNoCurrency: {"row.costNoCurrency", "the unit cost has no currency: add a currency column"},
	rsEmptyWarehouse: {"row.emptyWarehouse", "warehouse_id is empty"},
	rsStockRepeated:  {"row.stockRepeated", "{warehouse} {sku} is already on line {line}"},
	rsBadOnHand:      {"row.badOnHand", "on_hand {value} is not a whole number of units ≥ 0"},

	rsMapNoColumn:   {"column.mapNoColumn", "--map {field}={header}: the file has no such column"},
	rsMissingField:  {"column.missingField", "missing required column for {field} (name a header with --map {field}=HEADER or a value with --set {field}=VALUE)"},
	rsMissingColumn: {"column.missing", "missing required column"},
	rsMissingWeight: {"column.missingWeight", "missing required column (weight_g or weight_kg)"},

	rsEmptyValue:          {"value.empty", "empty"},
	rsUnknownCountryValue: {"value.unknownCountry", "unknown country"},
	rsNotWhole:            {"value.notWhole", "not a whole number"},
	rsNotTrueOrFalse:      {"value.notTrueOrFalse", "not true or false"},

	rsText: {"text", "{text}"},
}

// Phrases returns the catalog of every shape of reason an import writes.
func Phrases() []Phrase { return slices.Clone(phrases[:]) }

// phraseNames are the distinct placeholders of each phrase, in order of first
// appearance; byKey finds a phrase by its key.
var phraseNames, byKey = compilePhrases()

func compilePhrases() (names [numPhrases][]string, keys map[string]phraseID) {
	keys = make(map[string]phraseID, numPhrases)
	for i, p := range phrases {
		keys[p.Key] = phraseID(i)
		for t := p.Text; ; {
			_, name, rest, ok := cutPlaceholder(t)
			if !ok {
				break
			}
			if !slices.Contains(names[i], name) {
				names[i] = append(names[i], name)
			}
			t = rest
		}
	}
	return names, keys
}

// cutPlaceholder splits t at its first {name}: the text before, the name, the text after.
func cutPlaceholder(t string) (before, name, after string, ok bool) {
	i := strings.IndexByte(t, '{')
	if i < 0 {
		return t, "", "", false
	}
	j := strings.IndexByte(t[i:], '}')
	if j < 0 {
		return t, "", "", false
	}
	return t[:i], t[i+1 : i+j], t[i+j+1:], true
}

// say is phrase p with the values of its placeholders other than {reason}, in the
// order they first appear in its text.
func say(p phraseID, vals ...string) Sentence {
	return sayWith(p, nil, vals...)
}

// sayWith is say for a phrase with a nested reason, the value of its {reason}.
func sayWith(p phraseID, inner *Sentence, vals ...string) Sentence {
	names := phraseNames[p]
	s := Sentence{Key: phrases[p].Key}
	if len(names) == 0 {
		return s
	}
	s.Args = make([]Arg, len(names))
	k := 0
	for i, n := range names {
		s.Args[i].Name = n
		if n == "reason" && inner != nil {
			s.Args[i].Text, s.Args[i].Inner = inner.String(), inner
			continue
		}
		if k < len(vals) {
			s.Args[i].Text = vals[k]
			k++
		}
	}
	return s
}

// nested is a copy of s on the heap, for the {reason} of another sentence.
func nested(s Sentence) *Sentence { return &s }

// Append appends s in a language: text gives the text of a phrase key in it, with
// the same placeholders as the English ("" or a key it does not know: the English),
// and value the text of an argument that is not a nested sentence (nil: as the
// English writes it).
func (s *Sentence) Append(b []byte, text func(key string) string, value func(Arg) string) []byte {
	t := ""
	if text != nil {
		t = text(s.Key)
	}
	if t == "" {
		t = english(s.Key)
	}
	for {
		before, name, after, ok := cutPlaceholder(t)
		b = append(b, before...)
		if !ok {
			return b
		}
		switch a := s.arg(name); {
		case a == nil:
			b = append(append(append(b, '{'), name...), '}')
		case a.Inner != nil:
			b = a.Inner.Append(b, text, value)
		case value != nil:
			b = append(b, value(*a)...)
		default:
			b = append(b, a.Text...)
		}
		t = after
	}
}

// String is s in English: the reason the import wrote.
func (s *Sentence) String() string {
	if s.Key == "" {
		return ""
	}
	var buf [128]byte
	return string(s.Append(buf[:0], nil, nil))
}

func (s *Sentence) arg(name string) *Arg {
	for i := range s.Args {
		if s.Args[i].Name == name {
			return &s.Args[i]
		}
	}
	return nil
}

// english is the English text of a phrase key ("" when unknown).
func english(key string) string {
	if p, ok := byKey[key]; ok {
		return phrases[p].Text
	}
	return ""
}

// reasonError is a reason as an error, for the checks that both reject a cell and
// validate a --set value.
type reasonError struct{ s Sentence }

func (e *reasonError) Error() string { return e.s.String() }

// fault is phrase p with its values as an error.
func fault(p phraseID, vals ...string) error { return &reasonError{say(p, vals...)} }

// whyOf is the reason an error gives.
func whyOf(err error) Sentence {
	var re *reasonError
	if errors.As(err, &re) {
		return re.s
	}
	return say(rsText, err.Error())
}

// quote writes a cell as the reasons quote it (%q).
func quote(s string) string { return strconv.Quote(s) }

// itoa writes a number as the reasons do.
func itoa[T ~int | ~int64 | ~int16 | ~uint8](n T) string { return strconv.FormatInt(int64(n), 10) }
