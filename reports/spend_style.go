package reports

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// spendFormat names a number format of the spend workbook.
type spendFormat uint8

const (
	sfNone         spendFormat = iota // General
	sfText                            // "@": typed input stays text
	sfInt                             // #,##0
	sfKg                              // #,##0.000
	sfMoney                           // #,##0.00 "USD"_);(#,##0.00 "USD") (the base currency's minor digits)
	sfPct                             // 0.0%
	sfDate                            // yyyy-mm-dd
	sfDateTime                        // yyyy-mm-dd hh:mm:ss "UTC"
	sfDateCentered                    // yyyy-mm-dd, centred
	sfTextIndented                    // "@", indented from the left border
	sfCode                            // "@", centred (country, currency, status)
	sfRatio                           // 0.000
	sfAmount                          // #,##0.00####_);(#,##0.00####) (an amount in its own currency)
	sfMonth                           // yyyy-mm: a month as the date of its first day
	sfRate                            // 0.0000####: an FX rate
)

// spendStyleSet holds every style of the spend workbook, each created once.
type spendStyleSet struct {
	title, subtitle, section, header, label, note int
	warning                                       int
	text, int, kg, money, pct, date, dateTime     int
	code, leftInt, leftDate                       int
	dateCentered, textIndented                    int
	totalLabel, totalInt, totalKg, totalMoney     int
	totalPct                                      int
	ratio, amount                                 int
}

func spendNumFmt(f spendFormat, currency string) (builtin int, custom string) {
	switch f {
	case sfText, sfTextIndented, sfCode:
		return 49, ""
	case sfInt:
		return 3, "" // #,##0
	case sfKg:
		return 0, "#,##0.000"
	case sfMoney:
		return 0, spendMoneyFormat(currency, logistics.CurrencyDigits(currency))
	case sfPct:
		return 0, "0.0%"
	case sfDate, sfDateCentered:
		return 0, "yyyy-mm-dd"
	case sfDateTime:
		return 0, `yyyy-mm-dd hh:mm:ss "UTC"`
	case sfRatio:
		return 0, "0.000"
	case sfAmount:
		return 0, "#,##0.00####_);(#,##0.00####)"
	case sfMonth:
		return 0, "yyyy-mm"
	case sfRate:
		return 0, "0.0000#####"
	}
	return 0, ""
}

// spendMoneyFormat is the currency number format of the base currency, with exactly its
// minor digits and negatives in parentheses as accountants write them:
// `#,##0.00 "USD"_);(#,##0.00 "USD")` shows −433.76 as (433.76 USD), and a positive
// amount leaves the parenthesis' width free so that the digits line up.
func spendMoneyFormat(currency string, digits int) string {
	return spendAmountFormat(currency, digits, 0)
}

// spendBareMoneyFormat is spendMoneyFormat without the currency's code:
// `#,##0.00_);(#,##0.00)`.
func spendBareMoneyFormat(digits int) string {
	n := "#,##0"
	if digits > 0 {
		n += "." + strings.Repeat("0", digits)
	}
	return n + "_);(" + n + ")"
}

// spendAmountFormat is a money format of currency with digits fixed decimals and up
// to extra more when the amount has them (a rate-book price of 0.125 EUR per kg):
// `#,##0.00## "EUR"_);(#,##0.00## "EUR")`.
func spendAmountFormat(currency string, digits, extra int) string {
	n := "#,##0"
	if digits+extra > 0 {
		n += "." + strings.Repeat("0", digits) + strings.Repeat("#", extra)
	}
	q := strings.ReplaceAll(currency, `"`, "")
	return fmt.Sprintf(`%s "%s"_);(%s "%s")`, n, q, n, q)
}

// newSpendStyleSet creates the workbook's styles.
func newSpendStyleSet(f *excelize.File, currency string) (spendStyleSet, error) {
	var set spendStyleSet
	var firstErr error
	mk := func(format spendFormat, st excelize.Style) int {
		builtin, custom := spendNumFmt(format, currency)
		st.NumFmt = builtin
		if custom != "" {
			st.CustomNumFmt = &custom
		}
		id, err := f.NewStyle(&st)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("create style: %w", err)
		}
		return id
	}
	// Every font names its family: a font without one is drawn in the viewer's
	// default (a serif in LibreOffice).
	font := func(f excelize.Font) *excelize.Font {
		f.Family = "Calibri"
		if f.Size == 0 {
			f.Size = 11
		}
		return &f
	}
	bold := font(excelize.Font{Bold: true})
	grey := font(excelize.Font{Italic: true, Color: "595959"})
	left := &excelize.Alignment{Horizontal: "left"}
	top := []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	set.title = mk(sfNone, excelize.Style{Font: font(excelize.Font{Bold: true, Size: 16, Color: "1F3864"})})
	set.subtitle = mk(sfNone, excelize.Style{Font: grey})
	set.section = mk(sfNone, excelize.Style{Font: font(excelize.Font{Bold: true, Size: 12, Color: "1F3864"})})
	set.header = mk(sfNone, excelize.Style{
		Font:      bold,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
	})
	set.label = mk(sfText, excelize.Style{Font: bold})
	set.note = mk(sfNone, excelize.Style{Font: grey})
	set.warning = mk(sfNone, excelize.Style{Font: font(excelize.Font{Bold: true, Color: "C00000"})})
	set.text = mk(sfText, excelize.Style{})
	set.int = mk(sfInt, excelize.Style{})
	set.kg = mk(sfKg, excelize.Style{})
	set.money = mk(sfMoney, excelize.Style{})
	set.pct = mk(sfPct, excelize.Style{})
	set.date = mk(sfDate, excelize.Style{})
	set.dateTime = mk(sfDateTime, excelize.Style{Alignment: left})
	set.code = mk(sfCode, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}})
	set.dateCentered = mk(sfDateCentered, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}})
	set.textIndented = mk(sfTextIndented, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Indent: 1}})
	set.leftInt = mk(sfInt, excelize.Style{Alignment: left})
	set.leftDate = mk(sfDate, excelize.Style{Alignment: left})
	set.totalLabel = mk(sfText, excelize.Style{Font: bold, Border: top})
	set.totalInt = mk(sfInt, excelize.Style{Font: bold, Border: top})
	set.totalKg = mk(sfKg, excelize.Style{Font: bold, Border: top})
	set.totalMoney = mk(sfMoney, excelize.Style{Font: bold, Border: top})
	set.totalPct = mk(sfPct, excelize.Style{Font: bold, Border: top})
	set.ratio = mk(sfRatio, excelize.Style{})
	set.amount = mk(sfAmount, excelize.Style{})
	return set, firstErr
}

// spendStyleKey describes a style made on demand, once (spendWorkbook.styleFor).
type spendStyleKey struct {
	format spendFormat
	// currency is that of an sfMoney amount other than the base currency; extra
	// the optional decimals it shows beyond its minor unit (a rate-book price).
	currency string
	extra    int
	top      bool // aligned to the top of its cell (a row that wraps is taller)
	wrap     bool // text wraps within the column's width
	small    bool // 9-point text (the register's explanation), else 11
	// bare: an sfMoney amount of the base currency without the currency's code
	// (a sheet that names its currency once: the Invoices sheet's many amounts);
	// total: bold, with a rule above (a table's total row).
	bare, total bool
}

// styleFor returns the style of k, made the first time it is asked for.
func (sw *spendWorkbook) styleFor(k spendStyleKey) (int, error) {
	if id, ok := sw.styles[k]; ok {
		return id, nil
	}
	st := excelize.Style{Font: &excelize.Font{Family: "Calibri", Size: 11}}
	if k.small {
		st.Font.Size = spendSmallFont
	}
	cur := sw.meta.BaseCurrency
	if k.currency != "" {
		cur = k.currency
	}
	builtin, custom := spendNumFmt(k.format, cur)
	if k.format == sfMoney && (k.currency != "" || k.extra > 0) {
		custom = spendAmountFormat(cur, logistics.CurrencyDigits(cur), k.extra)
	}
	if k.format == sfMoney && k.bare {
		custom = spendBareMoneyFormat(logistics.CurrencyDigits(cur))
	}
	if k.total {
		st.Font.Bold = true
		st.Border = []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	}
	st.NumFmt = builtin
	if custom != "" {
		st.CustomNumFmt = &custom
	}
	al := excelize.Alignment{WrapText: k.wrap}
	switch k.format {
	case sfCode, sfDateCentered:
		al.Horizontal = "center"
	case sfTextIndented:
		al.Horizontal, al.Indent = "left", 1
	}
	if k.top {
		al.Vertical = "top"
	}
	if al != (excelize.Alignment{}) {
		st.Alignment = &al
	}
	id, err := sw.f.NewStyle(&st)
	if err != nil {
		return 0, fmt.Errorf("create style: %w", err)
	}
	sw.styles[k] = id
	return id, nil
}
