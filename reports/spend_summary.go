package reports

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// spendModeLabel is the Mode column's text of a tally slot.
func spendModeLabel(slot int) string { return spendModeName(logistics.Mode(slot)) }

// modeCrit is the criterion that an order's mode is that of a tally slot.
func modeCrit(slot int) spendCrit { return spendCrit{ocMode, spendLiteral(spendModeLabel(slot))} }

// modeSlots lists the tally slots of the summary tables: the four modes, then
// unassignable when some order is.
func (sw *spendWorkbook) modeSlots() []int {
	slots := []int{1, 2, 3, 4}
	if sw.tally.byMode[0].orders > 0 {
		slots = append(slots, 0)
	}
	return slots
}

// subtitle is the line under each summary sheet's title.
func (sw *spendWorkbook) subtitle() string {
	s := "Period " + sw.period() + " · amounts in " + sw.meta.BaseCurrency +
		" · " + strconv.Itoa(sw.tally.orders) + " orders"
	if b := sw.basisPhrase(); b != "" {
		s += " · " + b
	}
	return s
}

// period describes the report's period; an open end names the orders' own dates.
func (sw *spendWorkbook) period() string {
	p := spendPeriod(sw.meta.From, sw.meta.To)
	if (sw.meta.From == logistics.NoDate || sw.meta.To == logistics.NoDate) && sw.tally.orders > 0 {
		p += " (orders of " + sw.tally.minDate.String() + " to " + sw.tally.maxDate.String() + ")"
	}
	return p
}

func spendPeriod(from, to logistics.Date) string {
	switch {
	case from == logistics.NoDate && to == logistics.NoDate:
		return "all dates"
	case from == logistics.NoDate:
		return "up to " + to.String()
	case to == logistics.NoDate:
		return "from " + from.String()
	}
	return from.String() + " to " + to.String()
}

// Summary sheet columns.
const (
	scMode = iota + 1
	scOrders
	scUnits
	scKg
	scFreight  // then the six other components
	scTotal    = scFreight + 7
	scAverage  = scTotal + 1
	scPerKg    = scTotal + 2
	scShare    = scTotal + 3
	scKPIValue = 5 // the key figures' value column
)

// writeSummary writes the Summary sheet: key figures, spend by mode for the plan as
// assigned, and the plan against the two baselines. Every figure is a formula over
// the Orders sheet with its cached value.
func (sw *spendWorkbook) writeSummary() error {
	s := newSpendSheet(SheetSummary)
	st := sw.style
	t := &sw.tally
	all := t.sum()

	s.put(1, 1, sw.overflowCell(sw.meta.Title, st.title))
	s.heights[1] = 24
	s.put(2, 1, sw.overflowCell(sw.subtitle(), st.subtitle))

	row, err := sw.writeBasis(s, 3)
	if err != nil {
		return err
	}

	// Key figures.
	s.put(row, 1, sw.overflowCell("Key figures", st.section))
	row++
	kpi := map[string]int{} // key → row, for formulas that refer to other figures
	type figure struct {
		key, label string
		cell       func() spendCell
		name       string // the workbook's defined name of the figure ("": none)
	}
	ref := func(key string) string { return spendCellName(kpi[key], scKPIValue) }
	figures := []figure{
		{"orders", "Orders in the report", func() spendCell {
			return sw.intCell(int64(t.orders), sw.fAgg("COUNT", ocDate), st.int)
		}, "OrdersReported"},
		{"assigned", "Orders assigned a mode", func() spendCell {
			return sw.intCell(all.orders-t.byMode[0].orders, sw.fAgg("COUNT", ocTotal), st.int)
		}, "OrdersAssigned"},
		{"unassignable", "Unassignable orders (no feasible option)", func() spendCell {
			return sw.intCell(t.byMode[0].orders, sw.fCountIfs(modeCrit(0)), st.int)
		}, "OrdersUnassignable"},
		{"plan", "Spend, plan as assigned", func() spendCell {
			return sw.moneyCell(all.total, sw.fAgg("SUM", ocTotal), st.money)
		}, "TotalSpend"},
		{"direct", "All direct mail (baseline)", func() spendCell {
			return sw.moneyCell(all.direct, sw.fAgg("SUM", ocBaseline), st.money)
		}, "AllDirectMail"},
		{"savings", "Savings against all direct mail", func() spendCell {
			return sw.moneyCell(all.direct-all.total, ref("direct")+"-"+ref("plan"), st.money)
		}, "Savings"},
		{"savingsPct", "Savings against all direct mail, %", func() spendCell {
			return sw.ratioCell(sw.majorRat(all.direct-all.total), sw.majorRat(all.direct),
				fmt.Sprintf(`IF(%s=0,"",%s/%s)`, ref("direct"), ref("savings"), ref("direct")), st.pct, true)
		}, "SavingsPct"},
		{"best", "Engine's best plan (ignoring promises)", func() spendCell {
			return sw.moneyCell(all.best, sw.fAgg("SUM", ocBest), st.money)
		}, "EngineBestPlan"},
		{"aboveBest", "Plan above the engine's best plan", func() spendCell {
			return sw.moneyCell(all.total-all.best, ref("plan")+"-"+ref("best"), st.money)
		}, "PlanAboveBest"},
		{"sla", "Orders at SLA risk", func() spendCell {
			return sw.intCell(t.sla, sw.fCountIfs(spendCrit{ocSLA, `"yes"`}), st.int)
		}, "OrdersAtSLARisk"},
		{"overridden", "Orders with an overridden mode", func() spendCell {
			return sw.intCell(t.overridden, sw.fAgg("COUNTA", ocOverride), st.int)
		}, "OrdersOverridden"},
		{"fallback", "Orders without a direct-mail option (baseline at plan cost)", func() spendCell {
			return sw.intCell(all.directFallback, sw.fAgg("COUNT", ocBaseline)+"-"+sw.fAgg("COUNT", ocSavings), st.int)
		}, "OrdersWithoutDirectMail"},
	}
	if sw.hasInvoices() {
		figures = append(figures, []figure{
			{"invoicedN", "Invoiced orders", func() spendCell {
				return sw.intCell(t.invoicedN, sw.fAgg("COUNT", ocInvoiced), st.int)
			}, "OrdersInvoiced"},
			{"invoiced", "Invoiced cost", func() spendCell {
				return sw.moneyCell(t.invoiced, sw.fAgg("SUM", ocInvoiced), st.money)
			}, "InvoicedCost"},
			{"variance", "Invoice variance (invoiced − planned)", func() spendCell {
				return sw.moneyCell(t.variance, sw.fAgg("SUM", ocVariance), st.money)
			}, "InvoiceVariance"},
			{"invPlanned", "Planned cost of the invoiced orders", func() spendCell {
				return sw.moneyCell(t.invoiced-t.variance, ref("invoiced")+"-"+ref("variance"), st.money)
			}, "InvoicedPlannedCost"},
			{"variancePct", "Invoice variance, % of planned", func() spendCell {
				return sw.ratioCell(sw.majorRat(t.variance), sw.majorRat(t.invoiced-t.variance),
					fmt.Sprintf(`IF(%s=0,"",%s/%s)`, ref("invPlanned"), ref("variance"), ref("invPlanned")), st.pct, true)
			}, "InvoiceVariancePct"},
		}...)
	}
	for _, fg := range figures {
		kpi[fg.key] = row
		s.put(row, 1, sw.overflowCell(fg.label, 0))
		s.put(row, scKPIValue, fg.cell())
		if err := sw.nameCell(fg.name, SheetSummary, row, scKPIValue); err != nil {
			return err
		}
		row++
	}

	// Spend by mode, plan as assigned.
	row++
	s.put(row, 1, sw.overflowCell("Spend by mode — plan as assigned", st.section))
	row++
	headers := []string{"Mode", "Orders", "Units", "Chargeable kg", "Freight", "Surcharges", "Fuel", "Fees",
		"Storage", "Head-haul", "Duties", "Total", "Average per order", "Per kg", "Share of spend"}
	sw.headerRow(s, row, headers)
	row++
	first := row
	slots := sw.modeSlots()
	totalRow := first + len(slots)
	compCols := [...]int{ocFreight, ocSurcharges, ocFuel, ocFees, ocStorage, ocHeadhaul, ocDuties}
	grand := sw.majorRat(all.total)
	for _, slot := range slots {
		m := &t.byMode[slot]
		name := spendModeLabel(slot)
		crit := func(col int) string { return sw.fSumIfs(col, modeCrit(slot)) }
		s.put(row, scMode, sw.textCell(name, st.label))
		s.put(row, scOrders, sw.intCell(m.orders, sw.fCountIfs(modeCrit(slot)), st.int))
		s.put(row, scUnits, sw.intCell(m.units, crit(ocUnits), st.int))
		s.put(row, scKg, sw.kgCell(m.chargeableG, crit(ocKg), st.kg))
		for i, v := range spendComponents(m.comp) {
			s.put(row, scFreight+i, sw.moneyCell(v, crit(compCols[i]), st.money))
		}
		s.put(row, scTotal, sw.moneyCell(m.total, crit(ocTotal), st.money))
		if slot != 0 { // unassignable orders have no spend to average
			sw.ratios(s, row, totalRow, spendCellName(row, scOrders), m.orders, m.chargeableG, m.total, grand, st.money, st.pct)
		}
		row++
	}
	sum := func(col int) string {
		return fmt.Sprintf("SUM(%s:%s)", spendCellName(first, col), spendCellName(totalRow-1, col))
	}
	s.put(row, scMode, sw.textCell("Total", st.totalLabel))
	s.put(row, scOrders, sw.intCell(all.orders, sum(scOrders), st.totalInt))
	s.put(row, scUnits, sw.intCell(all.units, sum(scUnits), st.totalInt))
	s.put(row, scKg, sw.kgCell(all.chargeableG, sum(scKg), st.totalKg))
	for i, v := range spendComponents(all.comp) {
		s.put(row, scFreight+i, sw.moneyCell(v, sum(scFreight+i), st.totalMoney))
	}
	s.put(row, scTotal, sw.moneyCell(all.total, sum(scTotal), st.totalMoney))
	// The average is over the assigned orders: the unassignable ones have no spend.
	assignedCell := spendCellName(row, scOrders)
	if i := slices.Index(slots, 0); i >= 0 {
		assignedCell += "-" + spendCellName(first+i, scOrders)
	}
	sw.ratios(s, row, totalRow, assignedCell, all.orders-t.byMode[0].orders, all.chargeableG, all.total, grand, st.totalMoney, st.totalPct)
	row += 2

	// Against the baselines.
	s.put(row, 1, sw.overflowCell("Plan against the baselines — assigned orders", st.section))
	row++
	sw.headerRow(s, row, []string{"Mode", "Orders", "Plan spend", "All direct mail", "Savings vs direct mail",
		"Savings %", "Engine's best plan", "Plan above best", "Above best %"})
	row++
	bFirst := row
	bTotal := bFirst + len(logistics.Modes)
	for i, slot := range []int{1, 2, 3, 4} {
		m := &t.byMode[slot]
		name := spendModeLabel(slot)
		r1 := first + i // the mode's row in the table above
		sw.baselineRow(s, row, name, st.label, st.int, st.money, st.pct,
			spendCellName(r1, scOrders), spendCellName(r1, scTotal),
			sw.fSumIfs(ocBaseline, modeCrit(slot)), sw.fSumIfs(ocBest, modeCrit(slot)),
			m.orders, m.total, m.direct, m.best)
		row++
	}
	bsum := func(col int) string {
		return fmt.Sprintf("SUM(%s:%s)", spendCellName(bFirst, col), spendCellName(bTotal-1, col))
	}
	assigned := all.orders - t.byMode[0].orders
	sw.baselineRow(s, row, "Total", st.totalLabel, st.totalInt, st.totalMoney, st.totalPct,
		bsum(2), bsum(3), bsum(4), bsum(7), assigned, all.total, all.direct, all.best)
	row += 2

	s.put(row, 1, sw.overflowCell("Notes", st.section))
	row++
	for _, note := range []string{
		sw.figuresNote(),
		"Amounts are in " + sw.meta.BaseCurrency + ": each priced piece is rounded to the minor unit in its own currency, converted at the order date's FX rate and rounded again.",
		"All direct mail: every order by its direct-mail options alone, the cheapest that keeps the delivery promise, else the fastest; an order with none is counted at its plan cost.",
		"Engine's best plan: every order by its cheapest feasible option, ignoring delivery promises, overrides and shipped status.",
		"Plan above best: what delivery promises, overrides and already shipped orders cost against the engine's best plan.",
		"Unassignable orders have no feasible option: they carry no spend and are left out of both baselines.",
	} {
		s.put(row, 1, sw.overflowCell(note, st.note))
		row++
	}

	s.width(scMode, 16)
	for c := scOrders; c <= scShare; c++ {
		s.width(c, 11)
	}
	if err := sw.printSetup(SheetSummary, spendPrint{}); err != nil {
		return err
	}
	return sw.flushSheet(s, nil)
}

// figuresNote says what the figures are: formulas over the register, or in a
// summary workbook values, the orders being in the CSV file beside it.
func (sw *spendWorkbook) figuresNote() string {
	if sw.summaryOnly() {
		return "This summary workbook leaves the order register out: its " + spendOrders(int64(sw.tally.orders)) +
			" are in " + sw.registerName() + " beside it, one row each with the columns of a full workbook's Orders sheet. The figures are values, computed when the workbook was written."
	}
	return "Every figure above is a formula over the Orders sheet; the values shown were computed when the workbook was written."
}

// nameCell gives a sheet's cell a workbook-wide defined name, so that a formula
// elsewhere can say =TotalSpend.
func (sw *spendWorkbook) nameCell(name, sheet string, row, col int) error {
	if name == "" {
		return nil
	}
	return sw.f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: spendQuoteSheet(sheet) + "!" + spendAbsCell(row, col)})
}

// hasInvoices says whether the period has carrier invoices: the Summary then shows
// the invoiced figures.
func (sw *spendWorkbook) hasInvoices() bool {
	return sw.invoices != nil || sw.tally.invoicedN > 0
}

// writeInvoicesIfAny writes the Invoices sheet when the period has invoices.
func (sw *spendWorkbook) writeInvoicesIfAny() error {
	if sw.invoices == nil {
		return nil
	}
	// The sheet is created now that it is known to exist: it comes last.
	if _, err := sw.f.NewSheet(SheetInvoices); err != nil {
		return err
	}
	return sw.writeInvoices()
}

// spendComponents lists the seven components in the sheets' column order.
func spendComponents(c logistics.Components) [7]int64 {
	return [...]int64{c.Freight, c.Surcharges, c.Fuel, c.Fees, c.Storage, c.Headhaul, c.Duties}
}

// headerRow writes a table header.
func (sw *spendWorkbook) headerRow(s *spendSheet, row int, headers []string) {
	for i, h := range headers {
		s.put(row, i+1, spendCell{v: h, style: sw.style.header})
	}
	s.heights[row] = 30
}

// ratios writes a spend-by-mode row's average per order (over the orders that ord,
// an expression, counts: the assigned ones), per kg and share.
func (sw *spendWorkbook) ratios(s *spendSheet, row, totalRow int, ord string, orders, g, total int64, grand *big.Rat, money, pct int) {
	tot := spendCellName(row, scTotal)
	kgc := spendCellName(row, scKg)
	grandCell := "$" + spendColName(scTotal) + "$" + strconv.Itoa(totalRow)
	spend := sw.majorRat(total)
	s.put(row, scAverage, sw.ratioCell(spend, spendIntRat(orders),
		fmt.Sprintf(`IF((%s)=0,"",%s/(%s))`, ord, tot, ord), money, false))
	s.put(row, scPerKg, sw.ratioCell(spend, spendKgRat(g),
		fmt.Sprintf(`IF(%s=0,"",%s/%s)`, kgc, tot, kgc), money, false))
	s.put(row, scShare, sw.ratioCell(spend, grand,
		fmt.Sprintf(`IF(%s=0,"",%s/%s)`, grandCell, tot, grandCell), pct, true))
}

// baselineRow writes a row of the baselines table; the formulas are given for the
// orders, plan, direct and best columns, the rest derive from them.
func (sw *spendWorkbook) baselineRow(s *spendSheet, row int, label string, labelSt, intSt, moneySt, pctSt int,
	fOrders, fPlan, fDirect, fBest string, orders, plan, direct, best int64) {
	c := func(col int) string { return spendCellName(row, col) }
	s.put(row, 1, sw.textCell(label, labelSt))
	s.put(row, 2, sw.intCell(orders, fOrders, intSt))
	s.put(row, 3, sw.moneyCell(plan, fPlan, moneySt))
	s.put(row, 4, sw.moneyCell(direct, fDirect, moneySt))
	s.put(row, 5, sw.moneyCell(direct-plan, c(4)+"-"+c(3), moneySt))
	s.put(row, 6, sw.ratioCell(sw.majorRat(direct-plan), sw.majorRat(direct),
		fmt.Sprintf(`IF(%s=0,"",%s/%s)`, c(4), c(5), c(4)), pctSt, true))
	s.put(row, 7, sw.moneyCell(best, fBest, moneySt))
	s.put(row, 8, sw.moneyCell(plan-best, c(3)+"-"+c(7), moneySt))
	s.put(row, 9, sw.ratioCell(sw.majorRat(plan-best), sw.majorRat(best),
		fmt.Sprintf(`IF(%s=0,"",%s/%s)`, c(7), c(8), c(7)), pctSt, true))
}

func spendColName(c int) string {
	n, _ := excelize.ColumnNumberToName(c)
	return n
}
