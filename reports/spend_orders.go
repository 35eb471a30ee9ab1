package reports

import (
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// Columns of the Orders sheet, 1-based. The Summary's formulas refer to them.
const (
	ocDate = iota + 1
	ocMarketplace
	ocRef
	ocCountry
	ocStatus
	ocUnits
	ocKg
	ocMode
	ocOption
	ocFreight
	ocSurcharges
	ocFuel
	ocFees
	ocStorage
	ocHeadhaul
	ocDuties
	ocTotal
	ocWarehouse // cost under each mode, in logistics.Modes order
	ocLocal
	ocConsolidation
	ocDirect
	ocBaseline // direct-mail baseline (SpendRow.DirectBaseline), else the plan's cost
	ocBest     // engine's best plan: best, else the plan's cost
	ocSavings  // baseline − total where direct mail is feasible
	ocSLA
	ocReason
	ocOverride
	ocInvoiced
	ocVariance
	ocRun      // the plan run that made the decision
	ocRateBook // the rate-book version that priced it
	ocCount    = ocRateBook
)

// unassignable is the Mode column's text for an order with no feasible option.
const spendUnassignable = "unassignable"

// spendMaxOrders is how many orders fit the Orders sheet under its header.
const spendMaxOrders = 1_048_576 - 1

// spendDimensionPlaceholder is the Orders sheet's dimension while it is streamed;
// the zip writer replaces it with the real range (it must precede the rows).
const spendDimensionPlaceholder = "A1:AE1048576"

type spendColumn struct {
	header string
	width  float64
	format spendFormat
}

// spendOrdersColumns describes the Orders sheet, indexed by oc* − 1.
var spendOrdersColumns = [ocCount]spendColumn{
	{"Date", 12, sfDateCentered},
	{"Marketplace", 14, sfTextIndented},
	{"Order reference", 18, sfTextIndented},
	{"Country", 8.5, sfCode},
	{"Status", 9, sfCode},
	{"Units", 7, sfInt},
	{"Chargeable kg", 12, sfKg},
	{"Mode", 14.5, sfTextIndented},
	{"Option", 16, sfTextIndented},
	{"Freight", 13, sfMoney},
	{"Surcharges", 12, sfMoney},
	{"Fuel", 12, sfMoney},
	{"Fees", 12, sfMoney},
	{"Storage", 12, sfMoney},
	{"Head-haul", 12, sfMoney},
	{"Duties", 12, sfMoney},
	{"Total", 13, sfMoney},
	{"Cost by warehouse", 13, sfMoney},
	{"Cost by local", 13, sfMoney},
	{"Cost by consolidation", 14, sfMoney},
	{"Cost by direct mail", 13, sfMoney},
	{"Direct-mail baseline", 13, sfMoney},
	{"Engine best plan", 13, sfMoney},
	{"Savings vs direct mail", 13, sfMoney},
	{"SLA risk", 7, sfCode},
	{"Explanation", 60, sfTextIndented},
	{"Override reason", 28, sfTextIndented},
	{"Invoiced", 13, sfMoney},
	{"Invoice variance", 13, sfMoney},
	{"Plan run", 9, sfInt},
	{"Rate book version", 10, sfInt},
}

// spendWorkbook is one spend workbook being written.
type spendWorkbook struct {
	f      *excelize.File
	meta   SpendMeta
	digits int
	style  spendStyleSet
	tally  spendTally
	// invoices is the period's reconciliation (SpendMeta.Invoices), known once
	// the Orders sheet is written; nil: none.
	invoices *SpendInvoices
	// ordersLast is the last row of the Orders sheet's data (at least 2, so that the
	// table and the formulas' ranges are never empty).
	ordersLast int
	// The plan run and rate-book version of the last order, boxed once: orders
	// come in long runs of the same ones, and boxing an int64 allocates.
	runBox, versionBox spendBox
}

// spendBox is the last int64 put in an interface, kept.
type spendBox struct {
	n   int64
	box any
}

func (b *spendBox) of(n int64) any {
	if b.box == nil || b.n != n {
		b.n, b.box = n, n
	}
	return b.box
}

// newSpendWorkbook creates the sheets in workbook order and the styles.
func newSpendWorkbook(f *excelize.File, meta SpendMeta) (*spendWorkbook, error) {
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return nil, fmt.Errorf("create sheets: %w", err)
	}
	for _, name := range []string{SheetByMonth, SheetByCountry, SheetByMarketplace, SheetOrders, SheetAssumptions} {
		if _, err := f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("create sheets: %w", err)
		}
	}
	f.SetActiveSheet(0)
	st, err := newSpendStyleSet(f, meta.BaseCurrency)
	if err != nil {
		return nil, err
	}
	return &spendWorkbook{
		f:      f,
		meta:   meta,
		digits: logistics.CurrencyDigits(meta.BaseCurrency),
		style:  st,
		tally:  newSpendTally(),
	}, nil
}

func (sw *spendWorkbook) formatStyle(f spendFormat) int {
	switch f {
	case sfText:
		return sw.style.text
	case sfInt:
		return sw.style.int
	case sfKg:
		return sw.style.kg
	case sfMoney:
		return sw.style.money
	case sfPct:
		return sw.style.pct
	case sfDate:
		return sw.style.date
	case sfDateTime:
		return sw.style.dateTime
	case sfDateCentered:
		return sw.style.dateCentered
	case sfTextIndented:
		return sw.style.textIndented
	case sfCode:
		return sw.style.code
	}
	return 0
}

// money is the cell value of an amount of minor units: the number of major units.
// The division is correctly rounded and excelize writes the shortest decimal that
// reads back as the same double, so for amounts of at most 15 significant digits
// (every amount below 10¹³ major units) the cell text is exactly the decimal amount
// ("12.3" for 1230 cents); no arithmetic is done in floating point.
func (sw *spendWorkbook) money(minor int64) float64 {
	return float64(minor) / spendPow10[sw.digits]
}

var spendPow10 = [...]float64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

// writeOrders streams the Orders sheet from rows and tallies the summaries.
func (sw *spendWorkbook) writeOrders(ctx context.Context, rows SpendRows, progress func(int)) error {
	f := sw.f
	if err := f.SetSheetDimension(SheetOrders, spendDimensionPlaceholder); err != nil {
		return fmt.Errorf("orders sheet: %w", err)
	}
	// Printed, the sheet runs landscape over many pages with its header on each.
	if err := f.SetPageLayout(SheetOrders, &excelize.PageLayoutOptions{Size: spendPtr(9), Orientation: spendPtr("landscape")}); err != nil {
		return fmt.Errorf("orders sheet: %w", err)
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: SheetOrders + "!$1:$1", Scope: SheetOrders}); err != nil {
		return fmt.Errorf("orders sheet: %w", err)
	}
	s, err := f.NewStreamWriter(SheetOrders)
	if err != nil {
		return fmt.Errorf("orders sheet: %w", err)
	}
	if err := s.SetPanes(&excelize.Panes{
		Freeze: true, XSplit: ocRef, YSplit: 1, TopLeftCell: "D2", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "D2", ActiveCell: "D2", Pane: "bottomRight"}},
	}); err != nil {
		return fmt.Errorf("orders sheet: %w", err)
	}
	header := make([]any, ocCount)
	for i, c := range spendOrdersColumns {
		if err := s.SetColWidth(i+1, i+1, c.width); err != nil {
			return fmt.Errorf("orders sheet: %w", err)
		}
		if err := s.SetColStyle(i+1, i+1, sw.formatStyle(c.format)); err != nil {
			return fmt.Errorf("orders sheet: %w", err)
		}
		header[i] = excelize.Cell{StyleID: sw.style.header, Value: c.header}
	}
	if err := s.SetRow("A1", header, excelize.RowOpts{Height: 30}); err != nil {
		return fmt.Errorf("orders sheet: %w", err)
	}

	vals := make([]any, ocCount)
	n := 0
	err = rows(func(r SpendRow) error {
		if n%spendProgressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil && n > 0 {
				progress(n)
			}
		}
		if n == spendMaxOrders {
			return fmt.Errorf("more than %d orders do not fit one sheet: choose a shorter period", spendMaxOrders)
		}
		if int(r.Mode) > len(logistics.Modes) {
			return fmt.Errorf("order %q: unknown mode %d", r.Ref, r.Mode)
		}
		if r.Date == logistics.NoDate {
			return fmt.Errorf("order %q has no date", r.Ref)
		}
		n++
		if r.RateBookVersion == 0 && sw.meta.RateBooks == nil {
			r.RateBookVersion = sw.meta.RateBook.Version // without versions, it priced every order
		}
		sw.orderValues(vals, r)
		sw.tally.add(r)
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		if err := s.SetRow(cell, vals); err != nil {
			return fmt.Errorf("order %q: %w", r.Ref, err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("orders sheet row %d: %w", n+2, err)
	}
	sw.ordersLast = max(n+1, 2)
	last, _ := excelize.CoordinatesToCellName(ocCount, sw.ordersLast)
	if err := s.AddTable(&excelize.Table{
		Range:          "A1:" + last,
		Name:           "OrdersTable",
		StyleName:      "TableStyleLight9",
		ShowRowStripes: spendPtr(true),
	}); err != nil {
		return fmt.Errorf("orders sheet: %w", err)
	}
	if err := s.Flush(); err != nil {
		return fmt.Errorf("orders sheet: %w", err)
	}
	if progress != nil {
		progress(n)
	}
	return nil
}

// orderValues fills vals with the Orders sheet's cells of r (nil = empty cell).
func (sw *spendWorkbook) orderValues(vals []any, r SpendRow) {
	clear(vals)
	at := func(col int, v any) { vals[col-1] = v }
	money := func(col int, c Cost) {
		if c.Valid {
			vals[col-1] = sw.money(c.Minor)
		}
	}
	at(ocDate, spendSerial(r.Date))
	at(ocMarketplace, spendText(r.Marketplace))
	at(ocRef, spendText(r.Ref))
	at(ocCountry, spendText(r.Country))
	if r.Status != 0 {
		at(ocStatus, r.Status.String())
	}
	at(ocUnits, r.Units)
	for i := range logistics.Modes {
		money(ocWarehouse+i, r.ModeTotals[i])
	}
	if r.SLARisk {
		at(ocSLA, "yes")
	}
	at(ocReason, spendText(r.Reason))
	at(ocOverride, spendText(r.OverrideReason))
	money(ocInvoiced, r.Invoiced)
	money(ocVariance, r.invoiceVariance())
	if r.RunID != 0 {
		at(ocRun, sw.runBox.of(r.RunID))
	}
	if r.RateBookVersion != 0 {
		at(ocRateBook, sw.versionBox.of(r.RateBookVersion))
	}
	if r.Mode == 0 {
		at(ocMode, spendUnassignable)
		return
	}
	at(ocKg, spendKg(r.ChargeableG))
	at(ocMode, r.Mode.String())
	at(ocOption, spendText(r.Option))
	c := r.Components
	for i, v := range [...]int64{c.Freight, c.Surcharges, c.Fuel, c.Fees, c.Storage, c.Headhaul, c.Duties, c.Total()} {
		at(ocFreight+i, sw.money(v))
	}
	b := spendBaselines(r)
	money(ocBaseline, b.direct)
	money(ocBest, b.best)
	money(ocSavings, b.savings)
}

// spendRowBaselines are the per-order comparison amounts of an assigned order.
type spendRowBaselines struct {
	direct  Cost // direct-mail baseline (logistics.AgainstDirectMail): DirectBaseline, else the plan's cost
	best    Cost // engine's best plan: the unconstrained best, else the plan's cost
	savings Cost // direct − total; left blank (saving 0) where no direct option is feasible
}

// spendBaselines computes the comparison amounts of an order; all are invalid for an
// unassignable order, which the baselines leave out like the plan does.
func spendBaselines(r SpendRow) spendRowBaselines {
	if r.Mode == 0 {
		return spendRowBaselines{}
	}
	total := r.Components.Total()
	base, saving := logistics.AgainstDirectMail(r.DirectBaseline.Minor, r.DirectBaseline.Valid, total)
	b := spendRowBaselines{direct: Cost{base, true}, best: Cost{total, true}}
	if r.DirectBaseline.Valid {
		b.savings = Cost{saving, true}
	}
	if r.BestTotal.Valid {
		b.best = r.BestTotal
	}
	return b
}
