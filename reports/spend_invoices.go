package reports

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// SheetInvoices is the spend workbook's sheet of carrier invoices against the
// plan (SPEC §6, §8); it follows Assumptions when the period has invoices.
const SheetInvoices = "Invoices"

// SpendInvoices is the reconciliation of the report's period (SPEC §8) for the
// Invoices sheet. Amounts are minor units of the base currency.
type SpendInvoices struct {
	// Lines counts the invoice lines matched to the period's orders; Orders the
	// orders they are matched to.
	Lines, Orders int
	Tolerance     logistics.Tolerance
	LatestInvoice logistics.Date // logistics.NoDate: none
	// All adds up every invoiced order of the period, those the Orders sheet does
	// not list (not planned, cancelled) included; the Orders sheet's invoiced rows
	// are a part of it and the rest is shown as its own row.
	All InvoiceGroup
	// ByCarrier subtotals every invoiced order by the carrier of its first line.
	ByCarrier []InvoiceGroup
	// FindingsByKind counts the findings Findings yields, by logistics.FindingKind.
	FindingsByKind [len(logistics.FindingKinds) + 1]int
	// Findings streams every finding of the period; it is read once.
	Findings    func(yield func(*InvoiceFinding) error) error
	Unmatched   []UnmatchedLine
	Calibration []logistics.CalibrationRow
}

// InvoiceGroup is a subtotal of invoiced orders.
type InvoiceGroup struct {
	Key                         string
	Orders                      int64
	Planned, Invoiced, Variance int64
	// ComponentVariance is invoiced − planned per component (a credit is its own).
	ComponentVariance logistics.ChargeComponents
}

func (g *InvoiceGroup) add(h InvoiceGroup) {
	g.Orders += h.Orders
	g.Planned += h.Planned
	g.Invoiced += h.Invoiced
	g.Variance += h.Variance
	g.ComponentVariance = g.ComponentVariance.Plus(h.ComponentVariance)
}

// InvoiceFinding is one finding of reconciliation about an order (logistics.Finding
// with the order it is about and its sentence in English).
type InvoiceFinding struct {
	Date        logistics.Date
	Marketplace string
	Ref         string
	Mode        logistics.Mode // 0: no chosen option
	Option      string
	Kind        logistics.FindingKind
	// The numbers of logistics.Finding; which of them a kind has is in the sheet.
	Planned, Invoiced, Variance, Tolerance int64
	BilledG, PlannedG                      int64
	Rerated, DataPart, PricePart           int64
	Reratable                              bool
	Service                                string // as billed (service)
	Invoices                               string // "carrier number, …" (duplicate)
	Sentence                               string
}

// UnmatchedLine is an invoice line that matches no order, or several.
type UnmatchedLine struct {
	logistics.InvoiceLine
	Row     int // its line in the imported file
	Several bool
}

// spendUnlisted labels the invoiced orders the Orders sheet does not list.
const spendUnlisted = "Unplanned or cancelled"

// invoiceComponents are the component variance columns, in sheet order.
var invoiceComponents = [...]string{"Freight", "Fuel", "Surcharges", "Fees", "Duties", "Credit"}

func invoiceComponentValues(c logistics.ChargeComponents) [6]int64 {
	return [...]int64{c.Freight, c.Fuel, c.Surcharges, c.Fees, c.Duties, c.Credit}
}

// invoiceFindingColumns describes the findings list, streamed at the sheet's end.
// The columns to ifcPrinted print (the key columns, the sentence and the numbers
// of the commonest findings), one page wide on landscape paper at above 80 %; the
// columns after them — the re-rating, the service billed, a duplicate's invoices —
// are on the screen only: the sentence states them.
var invoiceFindingColumns = [...]spendColumn{
	{"Order date", 10.5, sfDate},
	{"Marketplace", 12, sfText},
	{"Order reference", 20, sfText}, // a marketplace's reference: 112-2654443-8271234
	{"Finding", 10, sfText},
	{"Mode", 10, sfText},   // wraps, in smaller text
	{"Option", 12, sfText}, // wraps, in smaller text
	{"Planned", 10, sfMoney},
	{"Invoiced", 10, sfMoney},
	{"Variance", 11, sfMoney},
	{"Tolerance", 9.5, sfMoney},
	{"Billed kg", 8, sfKg},
	{"Planned kg", 8, sfKg},
	{"What it means", 28, sfText}, // wraps, in smaller text
	{"Re-rated", 10, sfMoney},
	{"Our data", 10, sfMoney},
	{"Carrier's price", 10, sfMoney},
	{"Service billed", 12, sfText},
	{"Invoices", 24, sfText}, // wraps, in smaller text: a duplicate's invoices
}

// The findings list's columns.
const (
	ifcMode      = 5
	ifcOption    = 6
	ifcPlanned   = 7
	ifcInvoiced  = 8
	ifcVariance  = 9
	ifcTolerance = 10
	ifcBilledKg  = 11
	ifcPlannedKg = 12
	ifcMeaning   = 13
	ifcRerated   = 14
	ifcDataPart  = 15
	ifcPricePart = 16
	ifcService   = 17
	ifcInvoices  = 18
)

// ifcPrinted is the last column of the findings list that prints (the sheet's
// print area ends there; the tables above it are as wide).
const ifcPrinted = ifcMeaning

// ifcWrapped are the findings list's columns whose text wraps, in smaller text,
// each row as tall as the longest.
var ifcWrapped = [...]int{ifcMode, ifcOption, ifcMeaning, ifcInvoices}

// ifcKind is the findings list's column of the kind, which the counts by kind count.
const ifcKind = 4

// writeInvoices writes the Invoices sheet: planned against invoiced by mode (live
// over the Orders sheet, the orders it does not list as a row of their own), by
// carrier and by month (live), the findings by kind (live over the list below),
// the calibration table per service, the unmatched lines, and every finding.
func (sw *spendWorkbook) writeInvoices() error {
	inv := sw.invoices
	s := newSpendSheet(SheetInvoices)
	st := sw.style
	t := &sw.tally
	// The sheet's amounts without the currency's code, which its subtitle names:
	// its tables fit the page at a readable size.
	var err error
	if sw.invMoney, err = sw.styleFor(spendStyleKey{format: sfMoney, bare: true}); err != nil {
		return err
	}
	if sw.invTotalMoney, err = sw.styleFor(spendStyleKey{format: sfMoney, bare: true, total: true}); err != nil {
		return err
	}
	if sw.invFit, err = sw.styleFor(spendStyleKey{format: sfTextIndented, wrap: true, small: true}); err != nil {
		return err
	}

	s.put(1, 1, sw.overflowCell("Carrier invoices against the plan", st.title))
	s.heights[1] = 24
	sub := fmt.Sprintf("Period %s · amounts in %s · %s matched to %s · %s",
		sw.period(), sw.meta.BaseCurrency, spendCount(inv.Lines, "invoice line"), spendCount(inv.Orders, "order"),
		spendCount(len(inv.Unmatched), "unmatched line"))
	if inv.LatestInvoice != logistics.NoDate {
		sub += " · latest invoice " + inv.LatestInvoice.String()
	}
	s.put(2, 1, sw.overflowCell(sub, st.subtitle))
	tol := fmt.Sprintf("An order is over or under its plan when its variance exceeds max(%s %s, %s %% of planned); variance = invoiced − planned.",
		inv.Tolerance.Abs, sw.meta.BaseCurrency, inv.Tolerance.Pct)
	s.put(3, 1, sw.overflowCell(tol, st.note))
	row := 5

	headers := []string{"", "Orders", "Planned", "Invoiced", "Variance", "Variance %"}
	for _, c := range invoiceComponents {
		headers = append(headers, c+" variance")
	}
	// table writes one planned-against-invoiced table; live gives the formulas of
	// a row's orders, invoiced and variance ("" for values), planned being
	// invoiced − variance.
	type tableRow struct {
		label               string
		g                   InvoiceGroup
		fOrders, fInv, fVar string
	}
	table := func(title, first string, rows []tableRow) {
		s.put(row, 1, sw.overflowCell(title, st.section))
		row++
		headers[0] = first
		sw.headerRow(s, row, headers)
		row++
		top := row
		var total InvoiceGroup
		for _, r := range rows {
			sw.invoiceRow(s, row, r.label, r.g, r.fOrders, r.fInv, r.fVar, false)
			total.add(r.g)
			row++
		}
		sum := func(c int) string {
			return fmt.Sprintf("SUM(%s:%s)", spendCellName(top, c), spendCellName(row-1, c))
		}
		sw.invoiceRow(s, row, "Total", total, sum(2), sum(4), sum(5), true)
		for i := range invoiceComponents {
			s.rows[row-1][6+i].formula = sum(7 + i)
		}
		row += 2
	}

	// By mode: the Orders sheet's invoiced rows, then the invoiced orders it does
	// not list.
	var modeRows []tableRow
	var listed InvoiceGroup
	for _, slot := range sw.modeSlots() {
		g := t.invByMode[slot]
		if slot == 0 && g.Orders == 0 {
			continue
		}
		name := spendModeLabel(slot)
		g.Key = name
		listed.add(g)
		modeRows = append(modeRows, tableRow{name, g,
			sw.fCountIfs(modeCrit(slot), spendCrit{ocInvoiced, `"<>"`}),
			sw.fSumIfs(ocInvoiced, modeCrit(slot)),
			sw.fSumIfs(ocVariance, modeCrit(slot))})
	}
	rest := inv.All
	rest.Orders -= listed.Orders
	rest.Planned -= listed.Planned
	rest.Invoiced -= listed.Invoiced
	rest.Variance -= listed.Variance
	rest.ComponentVariance = rest.ComponentVariance.Minus(listed.ComponentVariance)
	if rest != (InvoiceGroup{}) {
		modeRows = append(modeRows, tableRow{label: spendUnlisted, g: rest})
	}
	table("Planned against invoiced by mode", "Mode", modeRows)
	if rest != (InvoiceGroup{}) {
		s.put(row-1, 1, sw.overflowCell(spendUnlisted+": invoiced orders the Orders sheet does not list (no plan in the base currency, or cancelled); their figures are values, the others formulas over the Orders sheet.", st.note))
		row++
	}

	var carrierRows []tableRow
	for _, g := range inv.ByCarrier {
		carrierRows = append(carrierRows, tableRow{label: g.Key, g: g})
	}
	table("Planned against invoiced by carrier", "Carrier", carrierRows)

	var monthRows []tableRow
	for _, m := range spendSortedMonths(t.invMonths) {
		y, mo := m/12, m%12+1
		from := spendSerial(logistics.DateOf(y, time.Month(mo), 1))
		to := spendSerial(logistics.DateOf(y+mo/12, time.Month(mo%12+1), 1))
		when := []spendCrit{{ocDate, fmt.Sprintf(`">=%d"`, from)}, {ocDate, fmt.Sprintf(`"<%d"`, to)}}
		monthRows = append(monthRows, tableRow{fmt.Sprintf("%04d-%02d", y, mo), *t.invMonths[m],
			sw.fCountIfs(append(when, spendCrit{ocInvoiced, `"<>"`})...),
			sw.fSumIfs(ocInvoiced, when...),
			sw.fSumIfs(ocVariance, when...)})
	}
	table("Planned against invoiced by month of the order (orders of the Orders sheet)", "Month", monthRows)

	// Findings by kind, counted over the list at the sheet's end, whose first row
	// is known once the tables above it are laid out.
	s.put(row, 1, sw.overflowCell("Findings by kind", st.section))
	row++
	sw.headerRow(s, row, []string{"Finding", "Findings"})
	row++
	kindRows := row
	row += len(logistics.FindingKinds) + 3

	row = sw.invoiceCalibration(s, row, inv.Calibration)
	row = sw.invoiceUnmatched(s, row, inv.Unmatched)

	s.put(row, 1, sw.overflowCell("Findings", st.section))
	row++
	s.put(row, 1, sw.overflowCell(fmt.Sprintf("The list prints to %s; the re-rating, the service billed and a duplicate's invoices (%s to %s) are for the screen: What it means states them.",
		invoiceFindingColumns[ifcPrinted-1].header, spendColName(ifcRerated), spendColName(ifcInvoices)), st.note))
	row++
	findingHeader := row
	listFirst := row + 1
	count := inv.findingCount()
	n := min(count, spendMaxOrders-findingHeader)
	listLast := max(listFirst+n-1, listFirst)
	kc := spendColName(ifcKind)
	for i, k := range logistics.FindingKinds {
		r := kindRows + i
		s.put(r, 1, sw.textCell(k.String(), st.label))
		f := fmt.Sprintf(`COUNTIF($%s$%d:$%s$%d,"%s")`, kc, listFirst, kc, listLast, k)
		if n < count {
			f = "" // the list is cut: it does not count them all
		}
		s.put(r, 2, sw.intCell(int64(inv.FindingsByKind[k]), f, st.int))
	}
	total := kindRows + len(logistics.FindingKinds)
	s.put(total, 1, sw.textCell("Total", st.totalLabel))
	s.put(total, 2, sw.intCell(int64(count), fmt.Sprintf("SUM(%s:%s)", spendCellName(kindRows, 2), spendCellName(total-1, 2)), st.totalInt))
	if n < count {
		s.put(findingHeader-1, 3, sw.overflowCell(fmt.Sprintf("%d findings do not fit the sheet: the first %d are listed (shipmode reconcile --json lists all)", count, n), st.warning))
	}

	for i, c := range invoiceFindingColumns {
		s.width(i+1, c.width)
		s.put(findingHeader, i+1, spendCell{v: c.header, style: st.header})
	}
	s.heights[findingHeader] = 30
	if err := sw.printSetup(SheetInvoices, spendPrint{}); err != nil {
		return err
	}
	// The findings' header repeats at the top of every page the list prints on.
	titles := fmt.Sprintf("%s!$%d:$%d", spendQuoteSheet(SheetInvoices), findingHeader, findingHeader)
	if err := sw.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: SheetInvoices}); err != nil {
		return err
	}
	// The sheet prints to the findings list's last printed column, the findings'
	// header repeating at the top of every page.
	printed, _ := excelize.CoordinatesToCellName(ifcPrinted, max(listLast, findingHeader), true)
	if err := sw.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: spendQuoteSheet(SheetInvoices) + "!$A$1:" + printed, Scope: SheetInvoices}); err != nil {
		return err
	}
	// (at the foot of the row, as the cells beside them: a row of one line reads
	// as one)
	// (indented: apart from the number before the sentence)
	wrapped, err := sw.styleFor(spendStyleKey{format: sfTextIndented, wrap: true, small: true})
	if err != nil {
		return err
	}
	s.tailRows = n
	s.tail = func(w *excelize.StreamWriter) error {
		if inv.Findings == nil {
			return nil
		}
		vals := make([]any, len(invoiceFindingColumns))
		var got [len(logistics.FindingKinds) + 1]int
		i := 0
		err := inv.Findings(func(f *InvoiceFinding) error {
			if int(f.Kind) >= len(got) || f.Kind == 0 {
				return fmt.Errorf("order %q: unknown finding kind %d", f.Ref, f.Kind)
			}
			got[f.Kind]++
			if i == n {
				return nil
			}
			sw.findingValues(vals, f)
			i++
			// The wrapped columns in smaller text, the row as tall as the longer.
			lines := 1
			for _, c := range ifcWrapped {
				if cell, ok := vals[c-1].(excelize.Cell); ok {
					cell.StyleID = wrapped
					vals[c-1] = cell
					lines = max(lines, spendWrapLines(cell.Value.(string), invoiceFindingColumns[c-1].width, spendSmallFont))
				}
			}
			if h := spendWrapHeight(lines); h > 0 {
				return w.SetRow(spendCellName(listFirst+i-1, 1), vals, excelize.RowOpts{Height: h})
			}
			return w.SetRow(spendCellName(listFirst+i-1, 1), vals)
		})
		if err != nil {
			return fmt.Errorf("findings: %w", err)
		}
		if got != inv.FindingsByKind {
			return fmt.Errorf("findings: %v by kind streamed, %v counted", got, inv.FindingsByKind)
		}
		return nil
	}
	return sw.flushSheet(s, nil)
}

func (inv *SpendInvoices) findingCount() int {
	n := 0
	for _, c := range inv.FindingsByKind {
		n += c
	}
	return n
}

// invoiceRow writes a row of a planned-against-invoiced table; fOrders, fInv and
// fVar are the formulas of its orders, invoiced and variance ("": values).
func (sw *spendWorkbook) invoiceRow(s *spendSheet, row int, label string, g InvoiceGroup, fOrders, fInv, fVar string, total bool) {
	st := sw.style
	labelSt, intSt, moneySt, pctSt := st.label, st.int, sw.invMoney, st.pct
	if total {
		labelSt, intSt, moneySt, pctSt = st.totalLabel, st.totalInt, sw.invTotalMoney, st.totalPct
	}
	c := func(col int) string { return spendCellName(row, col) }
	s.put(row, 1, sw.textCell(label, labelSt))
	s.put(row, 2, sw.intCell(g.Orders, fOrders, intSt))
	s.put(row, 3, sw.bareMoneyCell(g.Planned, c(4)+"-"+c(5), moneySt))
	s.put(row, 4, sw.bareMoneyCell(g.Invoiced, fInv, moneySt))
	s.put(row, 5, sw.bareMoneyCell(g.Variance, fVar, moneySt))
	s.put(row, 6, sw.ratioCell(sw.majorRat(g.Variance), sw.majorRat(g.Planned),
		fmt.Sprintf(`IF(%s=0,"",%s/%s)`, c(3), c(5), c(3)), pctSt, true))
	for i, v := range invoiceComponentValues(g.ComponentVariance) {
		s.put(row, 7+i, sw.bareMoneyCell(v, "", moneySt))
	}
}

// fitCell is text of the calibration and unmatched tables, which share the
// findings list's columns: it wraps, in smaller text, within the list's width of
// its column instead of widening the column (and the sheet's print) to its
// length; fitRow makes the row as tall as its longest such text.
func (sw *spendWorkbook) fitCell(text string, col int, lines *int) spendCell {
	*lines = max(*lines, spendWrapLines(text, invoiceFindingColumns[col-1].width, spendSmallFont))
	return spendCell{v: spendText(text), style: sw.invFit}
}

func fitRow(s *spendSheet, row, lines int) {
	if h := spendWrapHeight(lines); h > 0 {
		s.heights[row] = h
	}
}

// invoiceCalibration writes the calibration table per carrier and service from
// row on and returns the next free row.
func (sw *spendWorkbook) invoiceCalibration(s *spendSheet, row int, rows []logistics.CalibrationRow) int {
	st := sw.style
	s.put(row, 1, sw.overflowCell("Calibration per service — the evidence for correcting the rate book", st.section))
	row++
	if len(rows) == 0 {
		s.put(row, 1, sw.overflowCell("No planned order was billed.", st.note))
		return row + 2
	}
	sw.headerRow(s, row, []string{"Carrier", "Service", "Orders billed", "Planned", "Invoiced", "Invoiced ÷ planned",
		"Fuel billed", "Freight and surcharges billed", "Fuel % billed", "Orders billed by weight", "Billed kg",
		"Planned kg", "Billed ÷ planned weight"})
	row++
	for _, r := range rows {
		c := func(col int) string { return spendCellName(row, col) }
		ratio := func(num, den int) string { return fmt.Sprintf(`IF(%s=0,"",%s/%s)`, c(den), c(num), c(den)) }
		lines := 1
		s.put(row, 1, sw.fitCell(r.Carrier, 1, &lines))
		s.put(row, 2, sw.fitCell(r.Service, 2, &lines))
		fitRow(s, row, lines)
		s.put(row, 3, sw.intCell(int64(r.Orders), "", st.int))
		s.put(row, 4, sw.bareMoneyCell(r.Planned, "", sw.invMoney))
		s.put(row, 5, sw.bareMoneyCell(r.Invoiced, "", sw.invMoney))
		s.put(row, 6, sw.ratioCell(sw.majorRat(r.Invoiced), sw.majorRat(r.Planned), ratio(5, 4), st.ratio, false))
		s.put(row, 7, sw.bareMoneyCell(r.Fuel, "", sw.invMoney))
		s.put(row, 8, sw.bareMoneyCell(r.FuelBase, "", sw.invMoney))
		s.put(row, 9, sw.ratioCell(sw.majorRat(r.Fuel), sw.majorRat(r.FuelBase), ratio(7, 8), st.pct, true))
		s.put(row, 10, sw.intCell(int64(r.WeightOrders), "", st.int))
		s.put(row, 11, sw.kgCell(r.BilledG, "", st.kg))
		s.put(row, 12, sw.kgCell(r.PlannedG, "", st.kg))
		s.put(row, 13, sw.ratioCell(spendKgRat(r.BilledG), spendKgRat(r.PlannedG), ratio(11, 12), st.ratio, false))
		row++
	}
	return row + 1
}

// invoiceUnmatched lists the unmatched lines from row on and returns the next
// free row.
func (sw *spendWorkbook) invoiceUnmatched(s *spendSheet, row int, lines []UnmatchedLine) int {
	st := sw.style
	s.put(row, 1, sw.overflowCell("Unmatched invoice lines — kept until their order arrives", st.section))
	row++
	if len(lines) == 0 {
		s.put(row, 1, sw.overflowCell("Every invoice line of the period matches one order.", st.note))
		return row + 2
	}
	sw.headerRow(s, row, []string{"Carrier", "Invoice", "Invoice date", "Line", "Tracking", "Order reference",
		"Marketplace", "Service", "Charge", "Amount", "Currency", "Billed kg", "Why"})
	row++
	for _, l := range lines {
		why := "no order has its tracking number or reference"
		if l.Several {
			why = "several orders match it"
		}
		lines := 1
		s.put(row, 1, sw.fitCell(l.Carrier, 1, &lines))
		s.put(row, 2, sw.fitCell(l.Invoice, 2, &lines))
		s.put(row, 3, spendCell{v: spendSerial(l.InvoiceDate), style: st.date, width: 11})
		s.put(row, 4, spendCell{v: int64(l.Row), width: spendTextWidth(strconv.Itoa(l.Row))}) // a line number: no separators
		// (the tracking number and the reason indented: apart from the numbers before them)
		s.put(row, 5, sw.fitCell(l.Tracking, 5, &lines))
		s.put(row, 6, sw.fitCell(l.OrderRef, 6, &lines))
		s.put(row, 7, sw.fitCell(l.Marketplace, 7, &lines))
		s.put(row, 8, sw.fitCell(l.Service, 8, &lines))
		s.put(row, 9, sw.fitCell(l.Charge.String(), 9, &lines))
		s.put(row, 10, spendCell{v: float64(l.Amount) / logistics.DecScale, style: st.amount, width: spendTextWidth(l.Amount.String())})
		s.put(row, 11, sw.textCell(l.Currency, st.code))
		if l.BilledWeightG > 0 {
			s.put(row, 12, sw.kgCell(l.BilledWeightG, "", st.kg))
		}
		s.put(row, 13, sw.fitCell(why, 13, &lines))
		fitRow(s, row, lines)
		row++
	}
	return row + 1
}

// findingValues fills vals with the findings list's cells of f: the numbers its
// kind has, the others blank.
func (sw *spendWorkbook) findingValues(vals []any, f *InvoiceFinding) {
	st := sw.style
	clear(vals)
	text := func(col int, s string) {
		if s != "" {
			vals[col-1] = excelize.Cell{StyleID: st.text, Value: s}
		}
	}
	money := func(col int, v int64) { vals[col-1] = excelize.Cell{StyleID: sw.invMoney, Value: sw.money(v)} }
	kg := func(col int, g int64) { vals[col-1] = excelize.Cell{StyleID: st.kg, Value: spendKg(g)} }
	vals[0] = excelize.Cell{StyleID: st.leftDate, Value: spendSerial(f.Date)} // (the column is as wide as the tables' labels)
	text(2, f.Marketplace)
	text(3, f.Ref)
	text(4, f.Kind.String())
	if f.Mode != 0 {
		text(ifcMode, spendModeName(f.Mode))
	}
	text(ifcOption, f.Option)
	switch f.Kind {
	case logistics.FindOver, logistics.FindUnder:
		money(ifcPlanned, f.Planned)
		money(ifcInvoiced, f.Invoiced)
		money(ifcVariance, f.Variance)
		money(ifcTolerance, f.Tolerance)
	case logistics.FindWeight:
		money(ifcPlanned, f.Planned)
		money(ifcInvoiced, f.Invoiced)
		money(ifcVariance, f.Invoiced-f.Planned)
		kg(ifcBilledKg, f.BilledG)
		kg(ifcPlannedKg, f.PlannedG)
		if f.Reratable {
			money(ifcRerated, f.Rerated)
			money(ifcDataPart, f.DataPart)
			money(ifcPricePart, f.PricePart)
		}
	case logistics.FindDuplicate:
		money(ifcPlanned, f.Planned)
		money(ifcInvoiced, f.Invoiced)
		money(ifcVariance, f.Invoiced-f.Planned)
		text(ifcInvoices, f.Invoices)
	case logistics.FindService:
		text(ifcService, f.Service)
	case logistics.FindUnplanned:
		money(ifcInvoiced, f.Invoiced)
		money(ifcVariance, f.Variance)
	case logistics.FindNotBilled:
		money(ifcPlanned, f.Planned)
	}
	text(ifcMeaning, f.Sentence)
}

// addInvoiced adds an invoiced row of the Orders sheet to the totals by mode slot
// and by month.
func (t *spendTally) addInvoiced(r *SpendRow, slot int) {
	v := r.invoiceVariance()
	g := InvoiceGroup{Orders: 1, Invoiced: r.Invoiced.Minor, Variance: v.Minor, Planned: r.Invoiced.Minor - v.Minor,
		ComponentVariance: r.ComponentVariance}
	t.invByMode[slot].add(g)
	m := spendMonth(r.Date)
	mg := t.invMonths[m]
	if mg == nil {
		mg = &InvoiceGroup{}
		t.invMonths[m] = mg
	}
	mg.add(g)
}

// invoiceVariance is the Invoice variance column of r: as reconciliation measured
// it, else invoiced − the plan's total; not Valid without an invoice.
func (r *SpendRow) invoiceVariance() Cost {
	switch {
	case !r.Invoiced.Valid:
		return Cost{}
	case r.Variance.Valid:
		return r.Variance
	case r.Mode == 0:
		return Cost{r.Invoiced.Minor, true} // nothing was planned
	}
	return Cost{r.Invoiced.Minor - r.Components.Total(), true}
}

// spendCount is "1 order", "2 orders".
func spendCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func spendSortedMonths(m map[int]*InvoiceGroup) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
