package reports

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Formulas over the Orders sheet. The register may continue on further sheets
// (Orders 2, …) when it has more orders than a sheet has rows: every formula over
// it is built here and spans them all, so that the sheets that add it up stay
// live.

// spendCrit is one criterion of a SUMIFS or COUNTIFS over the Orders sheets: the
// Orders column it tests and the criterion as a formula expression (`"Direct
// mail"`, `">="&$A6`).
type spendCrit struct {
	col  int
	expr string
}

// ordersRange is the absolute range of an Orders column's data on sheet i of the
// register.
func (sw *spendWorkbook) ordersRangeOn(i, col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	s := sw.orderSheets[i]
	return fmt.Sprintf("%s!$%s$2:$%s$%d", spendQuoteSheet(s.name), c, c, s.last)
}

// ordersRanges lists the ranges of an Orders column, one per sheet of the register.
func (sw *spendWorkbook) ordersRanges(col int) []string {
	out := make([]string, len(sw.orderSheets))
	for i := range sw.orderSheets {
		out[i] = sw.ordersRangeOn(i, col)
	}
	return out
}

// fAgg is fn over a column of every sheet of the register: SUM, COUNT and COUNTA
// take several ranges.
func (sw *spendWorkbook) fAgg(fn string, col int) string {
	return fn + "(" + strings.Join(sw.ordersRanges(col), ",") + ")"
}

// fEach adds up one formula per sheet of the register: of(i) is the formula of
// sheet i, whose ranges come from sw.ordersRangeOn(i, …).
func (sw *spendWorkbook) fEach(of func(i int) string) string {
	parts := make([]string, len(sw.orderSheets))
	for i := range sw.orderSheets {
		parts[i] = of(i)
	}
	return strings.Join(parts, "+")
}

// fSumIfs sums a column of the register over the rows that meet every criterion.
func (sw *spendWorkbook) fSumIfs(col int, crits ...spendCrit) string {
	return sw.fEach(func(i int) string {
		var b strings.Builder
		b.WriteString("SUMIFS(")
		b.WriteString(sw.ordersRangeOn(i, col))
		for _, c := range crits {
			b.WriteString("," + sw.ordersRangeOn(i, c.col) + "," + c.expr)
		}
		b.WriteString(")")
		return b.String()
	})
}

// fCountIfs counts the rows of the register that meet every criterion.
func (sw *spendWorkbook) fCountIfs(crits ...spendCrit) string {
	return sw.fEach(func(i int) string {
		parts := make([]string, len(crits))
		for j, c := range crits {
			parts[j] = sw.ordersRangeOn(i, c.col) + "," + c.expr
		}
		return "COUNTIFS(" + strings.Join(parts, ",") + ")"
	})
}

// fCountBlank counts the empty cells of a column of the register.
func (sw *spendWorkbook) fCountBlank(col int) string {
	return sw.fEach(func(i int) string { return "COUNTBLANK(" + sw.ordersRangeOn(i, col) + ")" })
}

// spendLiteral is s as a formula's string literal.
func spendLiteral(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// spendEquals is the criterion that a cell equals the text s exactly: "=" first,
// so that text starting with <, > or = is not read as a comparison, and the
// wildcards *, ? and ~ escaped with ~. Empty text matches the empty cells.
func spendEquals(s string) string {
	r := strings.NewReplacer("~", "~~", "*", "~*", "?", "~?")
	return spendLiteral("=" + r.Replace(s))
}

// isOrdersFormula says whether a formula refers to the register (a summary
// workbook, which has no register, keeps its cached value instead).
func (sw *spendWorkbook) isOrdersFormula(f string) bool {
	for _, s := range sw.orderSheets {
		if strings.Contains(f, spendQuoteSheet(s.name)+"!") {
			return true
		}
	}
	return false
}
