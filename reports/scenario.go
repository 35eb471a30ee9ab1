package reports

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// ScenarioTitle is the title of a scenario workbook (SPEC §6, §9).
const ScenarioTitle = "Scenario: pre-position stock abroad"

// Scenario workbook sheet names, in workbook order.
const (
	SheetScenario    = "Scenario"
	SheetMoved       = "Moved orders"
	SheetStock       = "Stock"
	SheetSuggestions = "Suggestions"
)

// ScenarioBook is what a scenario workbook shows: the scenario's inputs and result
// (logistics.Engine.Scenario, with its moved orders), and the ranked suggestions
// worked out over the same period and cover days.
type ScenarioBook struct {
	Currency string // the base currency of every amount
	Result   logistics.ScenarioResult
	// Suggestions are single-SKU scenarios, ranked (logistics.RankSuggestions);
	// SuggestionsOf says which pairs were weighed ("every warehouse", "WH-GB-BHX").
	Suggestions   []logistics.ScenarioResult
	SuggestionsOf string
	Titles        map[string]string // SKU → product title, where known
	GeneratedAt   time.Time         // zero: now
	AppVersion    string
	TmpDir        string // for the workbook's scratch files ("": the system's)
}

// Rows of the Scenario sheet that formulas name.
const (
	scRowFrom = 7 + iota
	scRowTo
	scRowDays
	scRowCover
	scRowPct
	scRowCurrency
)

const (
	scRowMoved = 15 + iota
	scRowNewly
	scRowSavings
	scRowStorage
	scRowHeadhaul
	scRowMonthly
	scRowCapital
	scRowCapitalCost
	scRowNet
	scRowPayback
)

// scRowMonths is the header row of the 12-month table.
const scRowMonths = scRowPayback + 3

// Columns of the Moved orders sheet; the units of each SKU follow mvUnits.
const (
	mvDate = 1 + iota
	mvMarketplace
	mvRef
	mvCountry
	mvPostal
	mvBaseline
	mvTotal
	mvSaving
	mvStorage
	mvHeadhaul
	mvUnits
)

// Columns of the Stock sheet.
const (
	stSKU = 1 + iota
	stTitle
	stUnits
	stNeeded
	stUnitCost
	stCurrency
	stRate
	stUnitBase
	stCapital
)

// WriteScenario writes a scenario workbook (SPEC §6: the inputs, the result as live
// formulas with their values cached over the sheet of the moved orders, the stock
// per SKU and the suggestions) to w. Every text — SKUs, titles, order references —
// is written as text, never as a formula. Cancelling ctx stops it with ctx's error.
func WriteScenario(ctx context.Context, w io.Writer, b ScenarioBook) error {
	if err := logistics.CheckCurrency(b.Currency); err != nil {
		return fmt.Errorf("write scenario workbook: base currency: %w", err)
	}
	if b.GeneratedAt.IsZero() {
		b.GeneratedAt = time.Now()
	}
	f := excelize.NewFile(excelize.Options{TmpDir: b.TmpDir})
	defer f.Close()
	sb, err := newScenarioWorkbook(f, &b)
	if err != nil {
		return fmt.Errorf("write scenario workbook: %w", err)
	}
	for _, step := range []struct {
		what string
		fn   func(context.Context) error
	}{
		{"scenario", sb.writeScenario},
		{"moved orders", sb.writeMoved},
		{"stock", sb.writeStock},
		{"suggestions", sb.writeSuggestions},
		{"document properties", sb.writeDocProps},
	} {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("write scenario workbook: %w", err)
		}
		if err := step.fn(ctx); err != nil {
			return fmt.Errorf("write scenario workbook: %s: %w", step.what, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("write scenario workbook: %w", err)
	}
	if err := f.Write(spendCtxWriter{ctx, w}); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return fmt.Errorf("write scenario workbook: %w", cerr)
		}
		return fmt.Errorf("write scenario workbook: %w", err)
	}
	return nil
}

type scenarioWorkbook struct {
	f      *excelize.File
	b      *ScenarioBook
	r      *logistics.ScenarioResult
	digits int
	st     scenarioStyles
}

type scenarioStyles struct {
	title, note, section, header, label, text, code int
	date, int, money, moneyBold, rate, amount       int
	months, payback, paybackBold                    int
}

func newScenarioWorkbook(f *excelize.File, b *ScenarioBook) (*scenarioWorkbook, error) {
	sb := &scenarioWorkbook{f: f, b: b, r: &b.Result, digits: logistics.CurrencyDigits(b.Currency)}
	if err := f.SetSheetName("Sheet1", SheetScenario); err != nil {
		return nil, err
	}
	for _, name := range []string{SheetMoved, SheetStock, SheetSuggestions} {
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
	}
	money := spendMoneyFormat(b.Currency, sb.digits)
	font := func(bold bool, size float64, color string) *excelize.Font {
		return &excelize.Font{Family: "Calibri", Bold: bold, Size: size, Color: color}
	}
	styles := []struct {
		id *int
		s  excelize.Style
	}{
		{&sb.st.title, excelize.Style{Font: font(true, 14, "1F3864")}},
		{&sb.st.note, excelize.Style{Font: font(false, 10, "595959"), NumFmt: 49}},
		{&sb.st.section, excelize.Style{Font: font(true, 12, "1F3864")}},
		{&sb.st.header, excelize.Style{Font: font(true, 11, "FFFFFF"), NumFmt: 49,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}},
		{&sb.st.label, excelize.Style{Font: font(false, 11, "000000"), NumFmt: 49}},
		{&sb.st.text, excelize.Style{NumFmt: 49}},
		{&sb.st.code, excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&sb.st.date, excelize.Style{CustomNumFmt: spendPtr("yyyy-mm-dd"), Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&sb.st.int, excelize.Style{NumFmt: 3}},
		{&sb.st.money, excelize.Style{CustomNumFmt: &money}},
		{&sb.st.moneyBold, excelize.Style{CustomNumFmt: &money, Font: font(true, 11, "000000")}},
		{&sb.st.rate, excelize.Style{CustomNumFmt: spendPtr("0.000######")}},
		{&sb.st.amount, excelize.Style{CustomNumFmt: spendPtr("#,##0.00####")}},
		{&sb.st.months, excelize.Style{NumFmt: 1, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&sb.st.payback, excelize.Style{CustomNumFmt: spendPtr("0.0"), Alignment: &excelize.Alignment{Horizontal: "right"}}},
		{&sb.st.paybackBold, excelize.Style{CustomNumFmt: spendPtr("0.0"), Font: font(true, 11, "000000"), Alignment: &excelize.Alignment{Horizontal: "right"}}},
	}
	for _, s := range styles {
		id, err := f.NewStyle(&s.s)
		if err != nil {
			return nil, err
		}
		*s.id = id
	}
	return sb, nil
}

// money is an amount of minor units as a number of major units.
func (sb *scenarioWorkbook) money(minor int64) float64 {
	v, _ := strconv.ParseFloat(logistics.FormatMinor(minor, sb.digits), 64)
	return v
}

// round is Excel's ROUND of a formula to the base currency's minor digits.
func (sb *scenarioWorkbook) round(formula string) string {
	return "ROUND(" + formula + "," + strconv.Itoa(sb.digits) + ")"
}

// payback is a payback cell's cached value: months to one decimal, or "none".
func payback(r *logistics.ScenarioResult) any {
	if !r.HasPayback {
		return "none"
	}
	v, _ := strconv.ParseFloat(logistics.FormatMinor(r.PaybackTenths, 1), 64)
	return v
}

func dec(d logistics.Dec) float64 {
	v, _ := strconv.ParseFloat(d.String(), 64)
	return v
}

func cell(v any, style int) excelize.Cell { return excelize.Cell{Value: v, StyleID: style} }

func formula(f string, v any, style int) excelize.Cell {
	return excelize.Cell{Formula: f, Value: v, StyleID: style}
}

// setRows writes rows from row 1 (a nil row is left empty).
func setRows(w *excelize.StreamWriter, rows [][]any) error {
	for i, r := range rows {
		if r == nil {
			continue
		}
		if err := w.SetRow(spendCellName(i+1, 1), r); err != nil {
			return err
		}
	}
	return nil
}

func (sb *scenarioWorkbook) writeScenario(context.Context) error {
	b, r, st := sb.b, sb.r, &sb.st
	B := func(row int) string { return "$B$" + strconv.Itoa(row) }
	moved := spendQuoteSheet(SheetMoved) + "!"
	col := func(c int) string {
		name, _ := excelize.ColumnNumberToName(c)
		return moved + name + ":" + name
	}
	capRange := fmt.Sprintf("%s!%s%d:%s%d", SheetStock, colName(stCapital), 2, colName(stCapital), len(r.Stock)+1)
	rows := make([][]any, scRowMonths+13)
	rows[0] = []any{cell("Stock "+strings.Join(r.SKUs, ", ")+" in "+r.Warehouse, st.title)}
	rows[1] = []any{cell("What the order history says would happen if the warehouse held these SKUs (Shipmode scenario planner, SPEC §9). "+
		"The result is formulas over the Moved orders and Stock sheets; change an input to see its effect.", st.note)}
	rows[3] = []any{cell("Inputs", st.section)}
	rows[4] = []any{cell("Warehouse", st.label), cell(r.Warehouse, st.text)}
	rows[5] = []any{cell("SKUs", st.label), cell(strings.Join(r.SKUs, ", "), st.text)}
	rows[scRowFrom-1] = []any{cell("History from", st.label), cell(spendSerial(r.From), st.date)}
	rows[scRowTo-1] = []any{cell("History to", st.label), cell(spendSerial(r.To), st.date),
		cell("the FX rates of the unit costs are those valid on this date", st.note)}
	rows[scRowDays-1] = []any{cell("Days in the period (D)", st.label),
		formula(fmt.Sprintf("%s-%s+1", B(scRowTo), B(scRowFrom)), r.Days, st.int)}
	rows[scRowCover-1] = []any{cell("Cover days", st.label), cell(r.CoverDays, st.int),
		cell("days of demand the stock must cover", st.note)}
	rows[scRowPct-1] = []any{cell("Capital cost (% a year)", st.label), cell(dec(r.CapitalCostPct), st.amount)}
	rows[scRowCurrency-1] = []any{cell("Base currency", st.label), cell(b.Currency, st.text)}

	rows[scRowMoved-2] = []any{cell("Result", st.section)}
	rows[scRowMoved-1] = []any{cell("Orders moved", st.label), formula("COUNT("+col(mvBaseline)+")", r.OrdersMoved, st.int),
		cell("orders whose every line is of the SKUs, which the warehouse serves in time for less than their recorded decision", st.note)}
	rows[scRowNewly-1] = []any{cell("Newly served", st.label), cell(r.NewlyServed, st.int),
		cell("orders the plan left unassignable that the warehouse would serve (no saving counted)", st.note)}
	rows[scRowSavings-1] = []any{cell("Savings over the period", st.label), formula("SUM("+col(mvSaving)+")", sb.money(r.Savings), st.money)}
	rows[scRowStorage-1] = []any{cell("  storage inside them", st.label), formula("SUM("+col(mvStorage)+")", sb.money(r.Storage), st.money),
		cell("the warehouse option's storage and head-haul, already in its cost", st.note)}
	rows[scRowHeadhaul-1] = []any{cell("  head-haul inside them", st.label), formula("SUM("+col(mvHeadhaul)+")", sb.money(r.Headhaul), st.money)}
	rows[scRowMonthly-1] = []any{cell("Monthly savings", st.label),
		formula(sb.round(fmt.Sprintf("%s*365/(12*%s)", B(scRowSavings), B(scRowDays))), sb.money(r.MonthlySavings), st.money),
		cell("savings × 365 / (12 × D)", st.note)}
	rows[scRowCapital-1] = []any{cell("Capital tied", st.label), formula("SUM("+capRange+")", sb.money(r.CapitalTied), st.money),
		cell("stock needed × unit cost, per SKU (Stock sheet)", st.note)}
	rows[scRowCapitalCost-1] = []any{cell("Monthly capital cost", st.label),
		formula(sb.round(fmt.Sprintf("%s*%s/100/12", B(scRowCapital), B(scRowPct))), sb.money(r.MonthlyCapitalCost), st.money),
		cell("capital tied × capital cost % / 12", st.note)}
	rows[scRowNet-1] = []any{cell("Monthly net", st.label),
		formula(fmt.Sprintf("%s-%s", B(scRowMonthly), B(scRowCapitalCost)), sb.money(r.MonthlyNet), st.moneyBold)}
	rows[scRowPayback-1] = []any{cell("Payback (months)", st.label),
		formula(fmt.Sprintf(`IF(%s>0,ROUND(%s/%s,1),"none")`, B(scRowNet), B(scRowCapital), B(scRowNet)), payback(r), st.paybackBold),
		cell("capital tied / monthly net; none when the net is not positive", st.note)}

	rows[scRowMonths-2] = []any{cell("Cumulative net savings against the capital tied, 12 months", st.section)}
	rows[scRowMonths-1] = []any{cell("Month", st.header), cell("Cumulative net savings", st.header), cell("Capital tied", st.header)}
	for m := 0; m <= 12; m++ {
		row := scRowMonths + 1 + m
		rows[row-1] = []any{cell(m, st.months),
			formula(fmt.Sprintf("A%d*%s", row, B(scRowNet)), sb.money(int64(m)*r.MonthlyNet), st.money),
			formula(B(scRowCapital), sb.money(r.CapitalTied), st.money)}
	}
	rows = append(rows, nil, []any{cell(fmt.Sprintf("Generated %s UTC by Shipmode %s.", b.GeneratedAt.UTC().Format("2006-01-02 15:04:05"), b.AppVersion), st.note)})

	first, lastRow := scRowMonths+1, scRowMonths+13
	series := func(c int, color string) excelize.ChartSeries {
		return excelize.ChartSeries{
			Name:       spendQuoteSheet(SheetScenario) + "!$" + colName(c) + "$" + strconv.Itoa(scRowMonths),
			Categories: fmt.Sprintf("%s!$A$%d:$A$%d", spendQuoteSheet(SheetScenario), first, lastRow),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", spendQuoteSheet(SheetScenario), colName(c), first, colName(c), lastRow),
			Line:       excelize.LineOptions{Width: 2.25, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}},
			Marker:     excelize.ChartMarker{Symbol: "none"},
		}
	}
	axisFont := excelize.Font{Family: "Calibri", Size: 9, Color: "262626"}
	chart := &excelize.Chart{
		Type:   excelize.Line,
		Series: []excelize.ChartSeries{series(2, "2E7D32"), series(3, "C62828")},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Break-even: cumulative net savings reach the capital tied",
			Font: &excelize.Font{Family: "Calibri", Bold: true, Size: 12, Color: "1F3864"}}}},
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &axisFont},
		Dimension: excelize.ChartDimension{Width: 560, Height: 300},
		XAxis:     excelize.ChartAxis{Font: axisFont, Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "months"}}}},
		YAxis: excelize.ChartAxis{MajorGridLines: true, Font: axisFont,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: `#,##0 "` + b.Currency + `"`}},
		Format: excelize.GraphicOptions{AltText: "Cumulative net savings over 12 months against the capital tied"},
	}
	if err := sb.f.AddChart(SheetScenario, fmt.Sprintf("E%d", scRowMonths-1), chart); err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	// Printed: the whole sheet, notes and chart, one page wide.
	if err := sb.f.SetPageLayout(SheetScenario, &excelize.PageLayoutOptions{Orientation: spendPtr("landscape"),
		FitToWidth: spendPtr(1), FitToHeight: spendPtr(0)}); err != nil {
		return err
	}
	if err := sb.f.SetSheetProps(SheetScenario, &excelize.SheetPropsOptions{FitToPage: spendPtr(true)}); err != nil {
		return err
	}
	w, err := sb.f.NewStreamWriter(SheetScenario)
	if err != nil {
		return err
	}
	for c, width := range map[int]float64{1: 34, 2: 24, 3: 16} {
		if err := w.SetColWidth(c, c, width); err != nil {
			return err
		}
	}
	if err := setRows(w, rows); err != nil {
		return err
	}
	return w.Flush()
}

// colName is the letters of column c.
func colName(c int) string {
	name, _ := excelize.ColumnNumberToName(c)
	return name
}

// skuColumnHeader is the header of a SKU's units column of the Moved orders sheet.
func skuColumnHeader(sku string) string { return sku + " units" }

func (sb *scenarioWorkbook) writeMoved(ctx context.Context) error {
	r, st := sb.r, &sb.st
	w, err := sb.f.NewStreamWriter(SheetMoved)
	if err != nil {
		return err
	}
	if err := w.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	widths := []float64{12, 14, 22, 9, 12, 15, 15, 14, 13, 13}
	for i, width := range widths {
		if err := w.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	lastCol := mvUnits + len(r.SKUs) - 1
	for i, sku := range r.SKUs {
		if err := w.SetColWidth(mvUnits+i, mvUnits+i, float64(max(10, len([]rune(sku))+8))); err != nil {
			return err
		}
	}
	head := []any{cell("Date", st.header), cell("Marketplace", st.header), cell("Order", st.header), cell("Country", st.header),
		cell("Postal code", st.header), cell("Recorded cost", st.header), cell("Warehouse cost", st.header), cell("Saving", st.header),
		cell("Storage", st.header), cell("Head-haul", st.header)}
	for _, sku := range r.SKUs {
		head = append(head, cell(skuColumnHeader(sku), st.header))
	}
	if err := w.SetRow("A1", head, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	col := map[string]int{}
	for i, sku := range r.SKUs {
		col[sku] = i
	}
	row := make([]any, lastCol)
	units := make([]int64, len(r.SKUs))
	for i, m := range r.Moved {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		n := i + 2
		o := m.Order
		clear(units)
		for _, l := range o.Lines {
			units[col[l.SKU]] += l.Qty
		}
		row[mvDate-1] = cell(spendSerial(o.Date), st.date)
		row[mvMarketplace-1] = cell(o.Marketplace, st.text)
		row[mvRef-1] = cell(o.Ref, st.text)
		row[mvCountry-1] = cell(o.Country, st.code)
		row[mvPostal-1] = cell(o.PostalCode, st.text)
		row[mvBaseline-1] = cell(sb.money(m.Baseline), st.money)
		row[mvTotal-1] = cell(sb.money(m.Total), st.money)
		row[mvSaving-1] = formula(fmt.Sprintf("%s%d-%s%d", colName(mvBaseline), n, colName(mvTotal), n), sb.money(m.Saving), st.money)
		row[mvStorage-1] = cell(sb.money(m.Storage), st.money)
		row[mvHeadhaul-1] = cell(sb.money(m.Headhaul), st.money)
		for j, u := range units {
			row[mvUnits-1+j] = cell(u, st.int)
		}
		if err := w.SetRow(spendCellName(n, 1), row); err != nil {
			return err
		}
	}
	if len(r.Moved) > 0 {
		if err := w.AddTable(&excelize.Table{Range: "A1:" + spendCellName(len(r.Moved)+1, lastCol), Name: "MovedOrders",
			StyleName: "TableStyleLight9"}); err != nil {
			return err
		}
	}
	return w.Flush()
}

func (sb *scenarioWorkbook) writeStock(context.Context) error {
	r, st := sb.r, &sb.st
	w, err := sb.f.NewStreamWriter(SheetStock)
	if err != nil {
		return err
	}
	if err := w.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, width := range []float64{20, 30, 12, 12, 14, 10, 14, 16, 16} {
		if err := w.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	head := []any{cell("SKU", st.header), cell("Title", st.header), cell("Units moved", st.header), cell("Stock needed", st.header),
		cell("Unit cost", st.header), cell("Currency", st.header), cell("FX rate to "+sb.b.Currency, st.header),
		cell("Unit cost in "+sb.b.Currency, st.header), cell("Capital", st.header)}
	if err := w.SetRow("A1", head, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	scen := spendQuoteSheet(SheetScenario) + "!"
	for i, s := range r.Stock {
		n := i + 2
		unitsCol := colName(mvUnits + i)
		c := func(col int) string { return colName(col) + strconv.Itoa(n) }
		row := []any{
			cell(s.SKU, st.text),
			cell(sb.b.Titles[s.SKU], st.text),
			formula(fmt.Sprintf("SUM(%s!%s:%s)", spendQuoteSheet(SheetMoved), unitsCol, unitsCol), s.UnitsMoved, st.int),
			formula(fmt.Sprintf("ROUNDUP(%s*%s$B$%d/%s$B$%d,0)", c(stUnits), scen, scRowCover, scen, scRowDays), s.StockNeeded, st.int),
			cell(dec(s.UnitCost), st.amount),
			cell(s.Currency, st.code),
			cell(dec(s.Rate), st.rate),
			formula(sb.round(c(stUnitCost)+"*"+c(stRate)), sb.money(s.UnitCapital), st.money),
			formula(sb.round(c(stNeeded)+"*"+c(stUnitCost)+"*"+c(stRate)), sb.money(s.Capital), st.money),
		}
		if err := w.SetRow(spendCellName(n, 1), row); err != nil {
			return err
		}
	}
	return w.Flush()
}

func (sb *scenarioWorkbook) writeSuggestions(ctx context.Context) error {
	st := &sb.st
	w, err := sb.f.NewStreamWriter(SheetSuggestions)
	if err != nil {
		return err
	}
	if err := w.SetPanes(&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, width := range []float64{7, 20, 30, 14, 10, 16, 16, 16, 16, 11} {
		if err := w.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	r := sb.r
	note := fmt.Sprintf("Single-SKU scenarios of %s with a positive monthly net, best first (by monthly net, then payback), "+
		"over the same history (%s to %s) and %d cover days.", sb.b.SuggestionsOf, r.From, r.To, r.CoverDays)
	if len(sb.b.Suggestions) == 0 {
		note += " None pays."
	}
	if err := w.SetRow("A1", []any{cell("Suggestions: which SKUs to pre-position first", st.section)}); err != nil {
		return err
	}
	if err := w.SetRow("A2", []any{cell(note, st.note)}); err != nil {
		return err
	}
	head := []any{cell("Rank", st.header), cell("SKU", st.header), cell("Title", st.header), cell("Warehouse", st.header),
		cell("Orders moved", st.header), cell("Monthly savings", st.header), cell("Capital tied", st.header),
		cell("Monthly capital cost", st.header), cell("Monthly net", st.header), cell("Payback (months)", st.header)}
	if err := w.SetRow("A3", head, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	for i := range sb.b.Suggestions {
		if err := ctx.Err(); err != nil {
			return err
		}
		s := &sb.b.Suggestions[i]
		n := i + 4
		sku := strings.Join(s.SKUs, ", ")
		row := []any{
			cell(i+1, st.months),
			cell(sku, st.text),
			cell(sb.b.Titles[sku], st.text),
			cell(s.Warehouse, st.text),
			cell(s.OrdersMoved, st.int),
			cell(sb.money(s.MonthlySavings), st.money),
			cell(sb.money(s.CapitalTied), st.money),
			cell(sb.money(s.MonthlyCapitalCost), st.money),
			formula(fmt.Sprintf("F%d-H%d", n, n), sb.money(s.MonthlyNet), st.money),
			formula(fmt.Sprintf(`IF(I%d>0,ROUND(G%d/I%d,1),"none")`, n, n, n), payback(s), st.payback),
		}
		if err := w.SetRow(spendCellName(n, 1), row); err != nil {
			return err
		}
	}
	return w.Flush()
}

func (sb *scenarioWorkbook) writeDocProps(context.Context) error {
	r := sb.r
	created := sb.b.GeneratedAt.UTC().Format(time.RFC3339)
	subject := "Stock " + strings.Join(r.SKUs, ", ") + " in " + r.Warehouse + ", history " + r.From.String() + " to " + r.To.String()
	if err := sb.f.SetDocProps(&excelize.DocProperties{
		Title:          ScenarioTitle,
		Subject:        subject,
		Creator:        "Shipmode",
		LastModifiedBy: "Shipmode",
		Description: fmt.Sprintf("%s: %d orders moved, monthly net %s %s.", subject, r.OrdersMoved,
			logistics.FormatMinor(r.MonthlyNet, sb.digits), sb.b.Currency),
		Keywords: "shipping; logistics; scenario; overseas warehouse; " + sb.b.Currency,
		Category: "Report",
		Language: "en-US",
		Version:  sb.b.AppVersion,
		Created:  created,
		Modified: created,
	}); err != nil {
		return err
	}
	return sb.f.SetAppProps(&excelize.AppProperties{Application: "Shipmode"})
}
