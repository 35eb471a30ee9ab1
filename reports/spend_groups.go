package reports

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// spendTopGroups is how many countries or marketplaces get their own row.
const spendTopGroups = 20

// spendModeColors are the chart colours of the tally slots (unassignable, then
// logistics.Modes), the same on every chart.
var spendModeColors = [spendModes]string{"A5A5A5", "4472C4", "70AD47", "ED7D31", "7F5FA8"}

// spendGroupSheet is one mode × group sheet.
type spendGroupSheet struct {
	sheet, title, group string
	rows                []spendGroupRow
	bars                bool // horizontal bars: many, long labels
	// col is the Orders column the groups are of; the months are the dates'.
	col int
}

// crits are the criteria that select a group's orders on the Orders sheet; the
// group's label is in column A of row (a month's first day, which the criteria
// read, so that a month edited there re-slices).
func (gs *spendGroupSheet) crits(r spendGroupRow, row int) []spendCrit {
	if gs.col == ocDate {
		a := "$A" + strconv.Itoa(row)
		return []spendCrit{{ocDate, `">="&` + a}, {ocDate, `"<"&EDATE(` + a + `,1)`}}
	}
	return []spendCrit{{gs.col, spendEquals(r.key)}}
}

func (sw *spendWorkbook) writeByMonth() error {
	var rows []spendGroupRow
	for _, k := range sw.months() {
		g := spendGroup{}
		if p, ok := sw.tally.months[k]; ok {
			g = *p
		}
		rows = append(rows, spendGroupRow{label: fmt.Sprintf("%04d-%02d", k/12, k%12+1), g: g, month: k})
	}
	return sw.writeGroups(spendGroupSheet{sheet: SheetByMonth, title: "Spend by month", group: "Month", rows: rows, col: ocDate})
}

// spendMaxMonths bounds the months listed without orders (an open period).
const spendMaxMonths = 120

// months lists every month of the period (when it is bounded) and of the orders,
// without gaps, in order.
func (sw *spendWorkbook) months() []int {
	t := &sw.tally
	var lo, hi int
	have := false
	if t.orders > 0 {
		lo, hi, have = spendMonth(t.minDate), spendMonth(t.maxDate), true
	}
	if sw.meta.From != logistics.NoDate && sw.meta.To != logistics.NoDate && sw.meta.From <= sw.meta.To {
		a, b := spendMonth(sw.meta.From), spendMonth(sw.meta.To)
		if b-a < spendMaxMonths {
			if !have {
				lo, hi, have = a, b, true
			}
			lo, hi = min(lo, a), max(hi, b)
		}
	}
	if !have {
		return nil
	}
	if hi-lo >= spendMaxMonths { // orders over a very long span: list only months with orders
		keys := make([]int, 0, len(t.months))
		for k := range t.months {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return keys
	}
	keys := make([]int, 0, hi-lo+1)
	for k := lo; k <= hi; k++ {
		keys = append(keys, k)
	}
	return keys
}

func (sw *spendWorkbook) writeByCountry() error {
	rows := spendTopGroupRows(sw.tally.countries, spendTopGroups, "(none)", "countries")
	return sw.writeGroups(spendGroupSheet{sheet: SheetByCountry, title: "Spend by destination country", group: "Country", rows: rows, bars: true, col: ocCountry})
}

func (sw *spendWorkbook) writeByMarketplace() error {
	rows := spendTopGroupRows(sw.tally.markets, spendTopGroups, "(none)", "marketplaces")
	return sw.writeGroups(spendGroupSheet{sheet: SheetByMarketplace, title: "Spend by marketplace", group: "Marketplace", rows: rows, bars: true, col: ocMarketplace})
}

// writeGroups writes a mode × group sheet: spend by mode per group and orders by
// mode per group, each with totals, and a chart of each.
func (sw *spendWorkbook) writeGroups(gs spendGroupSheet) error {
	s := newSpendSheet(gs.sheet)
	st := sw.style
	t := &sw.tally
	all := t.sum()
	modes := []int{1, 2, 3, 4}
	mix := sw.modeSlots() // orders table: unassignable too, when there are any

	s.put(1, 1, sw.overflowCell(gs.title, st.title))
	s.heights[1] = 24
	s.put(2, 1, sw.overflowCell(sw.subtitle(), st.subtitle))

	// Spend by mode.
	s.put(4, 1, sw.overflowCell("Spend by mode ("+sw.meta.BaseCurrency+")", st.section))
	const head = 5
	hdr := []string{gs.group}
	for _, m := range modes {
		hdr = append(hdr, spendModeLabel(m))
	}
	totalCol := len(hdr) + 1
	hdr = append(hdr, "Total spend", "Share of spend", "Orders assigned", "Average per order")
	shareCol, ordersCol, avgCol := totalCol+1, totalCol+2, totalCol+3
	sw.headerRow(s, head, hdr)
	first := head + 1
	total := first + len(gs.rows)

	// Orders by mode, below.
	oHead := total + 3
	oFirst := oHead + 1
	oTotal := oFirst + len(gs.rows)
	oTotalCol := len(mix) + 2

	grand := sw.majorRat(all.total)
	grandCell := "$" + spendColName(totalCol) + "$" + strconv.Itoa(total)
	monthSt, err := sw.styleFor(spendStyleKey{format: sfMonth})
	if err != nil {
		return err
	}
	// labelCell is a group's label: a month as the date of its first day.
	labelCell := func(label string, month int, style int) spendCell {
		if gs.col == ocDate && month > 0 {
			return spendCell{v: spendSerial(logistics.DateOf(month/12, time.Month(month%12+1), 1)), style: monthSt, width: 10}
		}
		return sw.textCell(label, style)
	}
	spendRow := func(row int, label spendCell, moneySt, intSt, pctSt int, spend [spendModes]int64, orders int64, formula func(col int) string, ordersRow int) {
		s.put(row, 1, label)
		var sum int64
		for i, m := range modes {
			sum += spend[m]
			s.put(row, 2+i, sw.moneyCell(spend[m], formula(2+i), moneySt))
		}
		s.put(row, totalCol, sw.moneyCell(sum, fmt.Sprintf("SUM(%s:%s)", spendCellName(row, 2), spendCellName(row, totalCol-1)), moneySt))
		tot := spendCellName(row, totalCol)
		s.put(row, shareCol, sw.ratioCell(sw.majorRat(sum), grand, fmt.Sprintf(`IF(%s=0,"",%s/%s)`, grandCell, tot, grandCell), pctSt, true))
		// The average is over the assigned orders: the four modes' columns of the
		// orders table, without the unassignable ones.
		s.put(row, ordersCol, sw.intCell(orders, fmt.Sprintf("SUM(%s:%s)", spendCellName(ordersRow, 2), spendCellName(ordersRow, 1+len(modes))), intSt))
		oc := spendCellName(row, ordersCol)
		s.put(row, avgCol, sw.ratioCell(sw.majorRat(sum), spendIntRat(orders), fmt.Sprintf(`IF(%s=0,"",%s/%s)`, oc, tot, oc), moneySt, false))
	}
	// live is the formula of a group's cell of a mode's column: over the Orders
	// sheet with the group's criteria, or for the groups not listed everything of
	// the mode but the rows above. of makes the formula of a mode's criteria.
	live := func(r spendGroupRow, row, firstRow, col int, slots []int, of func(crits ...spendCrit) string) string {
		crit := modeCrit(slots[col-2])
		if r.other {
			return of(crit) + fmt.Sprintf("-SUM(%s:%s)", spendCellName(firstRow, col), spendCellName(row-1, col))
		}
		return of(append([]spendCrit{crit}, gs.crits(r, row)...)...)
	}
	spendOf := func(crits ...spendCrit) string { return sw.fSumIfs(ocTotal, crits...) }
	for i, r := range gs.rows {
		_, orders := r.g.total()
		orders -= r.g.orders[0] // the assigned ones
		row := first + i
		spendRow(row, labelCell(r.label, r.month, st.text), st.money, st.int, st.pct, r.g.spend, orders,
			func(col int) string { return live(r, row, first, col, modes, spendOf) }, oFirst+i)
	}
	var allSpend [spendModes]int64
	for m := range allSpend {
		allSpend[m] = t.byMode[m].total
	}
	colSum := func(col int) string {
		return fmt.Sprintf("SUM(%s:%s)", spendCellName(first, col), spendCellName(max(total-1, first), col))
	}
	if len(gs.rows) == 0 {
		colSum = func(int) string { return "" }
	}
	spendRow(total, sw.textCell("Total", st.totalLabel), st.totalMoney, st.totalInt, st.totalPct, allSpend, all.orders-t.byMode[0].orders, colSum, oTotal)

	s.put(oHead-1, 1, sw.overflowCell("Orders by mode", st.section))
	ohdr := []string{gs.group}
	for _, m := range mix {
		ohdr = append(ohdr, spendModeLabel(m))
	}
	ohdr = append(ohdr, "Total orders")
	sw.headerRow(s, oHead, ohdr)
	ordersRow := func(row int, label spendCell, intSt int, orders [spendModes]int64, formula func(col int) string) {
		s.put(row, 1, label)
		var sum int64
		for i, m := range mix {
			sum += orders[m]
			s.put(row, 2+i, sw.intCell(orders[m], formula(2+i), intSt))
		}
		s.put(row, oTotalCol, sw.intCell(sum, fmt.Sprintf("SUM(%s:%s)", spendCellName(row, 2), spendCellName(row, oTotalCol-1)), intSt))
	}
	for i, r := range gs.rows {
		row := oFirst + i
		ordersRow(row, labelCell(r.label, r.month, st.text), st.int, r.g.orders,
			func(col int) string { return live(r, row, oFirst, col, mix, sw.fCountIfs) })
	}
	var allOrders [spendModes]int64
	for m := range allOrders {
		allOrders[m] = t.byMode[m].orders
	}
	oColSum := func(col int) string {
		return fmt.Sprintf("SUM(%s:%s)", spendCellName(oFirst, col), spendCellName(max(oTotal-1, oFirst), col))
	}
	if len(gs.rows) == 0 {
		oColSum = func(int) string { return "" }
	}
	ordersRow(oTotal, sw.textCell("Total", st.totalLabel), st.totalInt, allOrders, oColSum)

	s.width(1, 12)
	for c := 2; c <= avgCol; c++ {
		s.width(c, 12)
	}
	if err := sw.printSetup(gs.sheet, spendPrint{}); err != nil {
		return err
	}
	if len(gs.rows) > 0 {
		if err := sw.groupCharts(s, gs, head, first, total-1, oHead, oFirst, oTotal-1, modes, mix, avgCol+2); err != nil {
			return err
		}
	}
	return sw.flushSheet(s, &excelize.Panes{
		Freeze: true, XSplit: 1, TopLeftCell: "B1", ActivePane: "topRight",
		Selection: []excelize.Selection{{SQRef: "B1", ActiveCell: "B1", Pane: "topRight"}},
	})
}

// groupCharts adds the two charts of a group sheet to the right of its tables:
// spend by mode stacked, and the mode mix of the orders as 100 % stacked.
func (sw *spendWorkbook) groupCharts(s *spendSheet, gs spendGroupSheet, head, first, last, oHead, oFirst, oLast int, modes, mix []int, col int) error {
	// The groups' labels as the chart shows them (a month as yyyy-mm).
	labels := make([]string, len(gs.rows))
	for i, r := range gs.rows {
		labels[i] = r.label
	}
	series := func(headRow, firstRow, lastRow int, slots []int) []excelize.ChartSeries {
		out := make([]excelize.ChartSeries, len(slots))
		for i, m := range slots {
			out[i] = excelize.ChartSeries{
				Name:       s.ref(headRow, 2+i),
				Categories: s.ref(firstRow, 1) + ":" + spendAbsCell(lastRow, 1),
				Values:     s.ref(firstRow, 2+i) + ":" + spendAbsCell(lastRow, 2+i),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{spendModeColors[m]}},
			}
			// Their values, cached in the chart for viewers that do not recalculate.
			vals := make([]float64, 0, lastRow-firstRow+1)
			for r := firstRow; r <= lastRow; r++ {
				vals = append(vals, s.number(r, 2+i))
			}
			sw.chartCache[out[i].Name] = spendSeriesCache{texts: []string{spendModeLabel(m)}}
			sw.chartCache[out[i].Categories] = spendSeriesCache{texts: labels}
			sw.chartCache[out[i].Values] = spendSeriesCache{nums: vals}
		}
		return out
	}
	stacked, mixType := excelize.ColStacked, excelize.ColPercentStacked
	if gs.bars {
		stacked, mixType = excelize.BarStacked, excelize.BarPercentStacked
	}
	// Height grows with the number of bars so that every label shows.
	height := uint(320)
	if gs.bars {
		height = uint(max(320, 80+18*(last-first+1)))
	}
	gap := uint(60)
	overlap := 100
	moneyAxis := excelize.ChartNumFmt{CustomNumFmt: spendAmountFormat(sw.meta.BaseCurrency, 0, 0)}
	axisFont := excelize.Font{Family: "Calibri", Size: 9, Color: "262626"}
	title := func(s string) excelize.ChartTitle {
		return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: s, Font: &excelize.Font{Family: "Calibri", Bold: true, Size: 12, Color: "1F3864"}}}}
	}
	// The months are dates: their axis says them as the sheet does.
	xAxis := excelize.ChartAxis{ReverseOrder: gs.bars, Font: axisFont}
	if gs.col == ocDate {
		xAxis.NumFmt = excelize.ChartNumFmt{CustomNumFmt: "yyyy-mm"}
	}
	charts := []*excelize.Chart{
		{
			Type:       stacked,
			VaryColors: spendPtr(false),
			Series:     series(head, first, last, modes),
			Title:      title(gs.title + " and mode"),
			Legend:     excelize.ChartLegend{Position: "bottom", Font: &axisFont},
			Dimension:  excelize.ChartDimension{Width: 640, Height: height},
			XAxis:      xAxis,
			YAxis:      excelize.ChartAxis{MajorGridLines: true, NumFmt: moneyAxis, Font: axisFont},
			GapWidth:   &gap,
			Overlap:    &overlap,
			Format:     excelize.GraphicOptions{AltText: gs.title + " by mode, stacked"},
		},
		{
			Type:       mixType,
			VaryColors: spendPtr(false),
			Series:     series(oHead, oFirst, oLast, mix),
			Title:      title("Mode mix (share of orders)"),
			Legend:     excelize.ChartLegend{Position: "bottom", Font: &axisFont},
			Dimension:  excelize.ChartDimension{Width: 640, Height: height},
			XAxis:      xAxis,
			YAxis:      excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}, Font: axisFont},
			GapWidth:   &gap,
			Overlap:    &overlap,
			Format:     excelize.GraphicOptions{AltText: "Share of orders by mode per " + gs.group},
		},
	}
	// Rows are 20 px high in Excel (a little less in LibreOffice); leave a margin so
	// that the first chart's legend is not under the second chart.
	rowsPerChart := (int(height)+19)/20 + 5
	for i, c := range charts {
		cell := spendCellName(head-1+i*rowsPerChart, col)
		if err := sw.f.AddChart(gs.sheet, cell, c); err != nil {
			return fmt.Errorf("chart: %w", err)
		}
	}
	return nil
}

// spendAbsCell is $C$R.
func spendAbsCell(r, c int) string {
	name, _ := excelize.CoordinatesToCellName(c, r, true)
	return name
}
