package reports

import (
	"context"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// Columns of the Orders sheet, 1-based. The Summary's formulas refer to them. The
// first ones, up to the explanation, are the register that prints one page wide
// (ocPrinted); the rest — the cost components, the other modes, the invoice and
// how the order was priced — are there to audit and recompute an order on screen.
const (
	ocDate = iota + 1
	ocMarketplace
	ocRef
	ocCountry
	ocMode
	ocOption
	ocKg
	ocTotal
	ocBaseline // direct-mail baseline (SpendRow.DirectBaseline), else the plan's cost
	ocSavings  // baseline − total where direct mail is feasible
	ocSLA
	ocReason // the explanation: the last printed column, wrapped
	ocStatus
	ocUnits
	ocFreight
	ocSurcharges
	ocFuel
	ocFees
	ocStorage
	ocHeadhaul
	ocDuties
	ocWarehouse // cost under each mode, in logistics.Modes order
	ocLocal
	ocConsolidation
	ocDirect
	ocBest // engine's best plan: best, else the plan's cost
	ocOverride
	ocInvoiced
	ocVariance
	ocRun      // the plan run that made the decision
	ocRateBook // the rate-book version that priced it
	// How it was priced (SpendRow's audit fields).
	ocPostal
	ocOrderCurrency
	ocGoodsValue
	ocCarrier
	ocService
	ocZone
	ocTransit
	ocPromise
	ocServiceCurrency
	ocFXRate
	ocDeparture
	ocBatchKg
	ocBatchParcels
	ocTierFrom
	// What the order weighed and what the rate cards charged it (SpendPricing).
	ocActualG
	ocVolumetricG
	ocServiceG
	ocFreightRC
	ocRemoteRC
	ocOversizeRC
	ocPeakRC
	ocFuelRC
	ocOwnCurrency
	ocOwnFX
	ocFeesRC
	ocColdChainRC
	ocStorageRC
	ocHeadhaulRC
	ocLineHaulRC
	ocDutyCurrency
	ocDutyFX
	ocDutyRC
	ocClearanceRC
	ocUnitCost
	ocUnitCostCurrency
	ocOrderFX
	ocCount   = ocOrderFX
	ocPrinted = ocReason // the register: the columns printed
)

// unassignable is the Mode column's text for an order with no feasible option.
const spendUnassignable = "Unassignable"

// spendModeNames are the modes' names as the workbook writes them (the window's
// English), by logistics.Mode; 0 is an order without a feasible option.
var spendModeNames = [...]string{spendUnassignable, "Overseas warehouse", "Local delivery", "Consolidation", "Direct mail"}

// spendModeName is the name of mode m (0: unassignable).
func spendModeName(m logistics.Mode) string {
	if int(m) < len(spendModeNames) {
		return spendModeNames[m]
	}
	return m.String()
}

// spendMaxOrders is how many orders fit the Orders sheet under its header.
const spendMaxOrders = 1_048_576 - 1

type spendColumn struct {
	header string
	width  float64
	format spendFormat
}

// spendOrdersColumns describes the Orders sheet, indexed by oc* − 1.
var spendOrdersColumns = [ocCount]spendColumn{
	ocDate - 1:             {"Date", 10.5, sfDateCentered},
	ocMarketplace - 1:      {"Marketplace", 12, sfTextIndented},
	ocRef - 1:              {"Order reference", 22, sfTextIndented},
	ocCountry - 1:          {"Country", 8, sfCode},
	ocMode - 1:             {"Mode", 20, sfTextIndented},
	ocOption - 1:           {"Option", 14, sfTextIndented},
	ocKg - 1:               {"Chargeable kg", 11, sfKg},
	ocTotal - 1:            {"Total", 12, sfMoney},
	ocBaseline - 1:         {"Direct-mail baseline", 12, sfMoney},
	ocSavings - 1:          {"Savings vs direct mail", 12, sfMoney},
	ocSLA - 1:              {"SLA risk", 6, sfCode},
	ocReason - 1:           {"Explanation", 64, sfTextIndented},
	ocStatus - 1:           {"Status", 9, sfCode},
	ocUnits - 1:            {"Units", 7, sfInt},
	ocFreight - 1:          {"Freight", 12, sfMoney},
	ocSurcharges - 1:       {"Surcharges", 12, sfMoney},
	ocFuel - 1:             {"Fuel", 12, sfMoney},
	ocFees - 1:             {"Fees", 12, sfMoney},
	ocStorage - 1:          {"Storage", 12, sfMoney},
	ocHeadhaul - 1:         {"Head-haul", 12, sfMoney},
	ocDuties - 1:           {"Duties", 12, sfMoney},
	ocWarehouse - 1:        {"Cost by overseas warehouse", 13, sfMoney},
	ocLocal - 1:            {"Cost by local delivery", 13, sfMoney},
	ocConsolidation - 1:    {"Cost by consolidation", 14, sfMoney},
	ocDirect - 1:           {"Cost by direct mail", 13, sfMoney},
	ocBest - 1:             {"Engine best plan", 13, sfMoney},
	ocOverride - 1:         {"Override reason", 28, sfTextIndented},
	ocInvoiced - 1:         {"Invoiced", 13, sfMoney},
	ocVariance - 1:         {"Invoice variance", 13, sfMoney},
	ocRun - 1:              {"Plan run", 9, sfInt},
	ocRateBook - 1:         {"Rate book version", 10, sfInt},
	ocPostal - 1:           {"Postal code", 11, sfTextIndented},
	ocOrderCurrency - 1:    {"Order currency", 9, sfCode},
	ocGoodsValue - 1:       {"Goods value (order currency)", 13, sfAmount},
	ocCarrier - 1:          {"Carrier", 14, sfTextIndented},
	ocService - 1:          {"Delivery service (last leg)", 15, sfTextIndented},
	ocZone - 1:             {"Zone", 9, sfCode},
	ocTransit - 1:          {"Transit days", 8, sfInt},
	ocPromise - 1:          {"Promised days", 9, sfInt},
	ocServiceCurrency - 1:  {"Service currency", 9, sfCode},
	ocFXRate - 1:           {"FX rate to base (service currency, order date)", 14, sfRate},
	ocDeparture - 1:        {"Line-haul departure", 11, sfDateCentered},
	ocBatchKg - 1:          {"Batch kg", 10, sfKg},
	ocBatchParcels - 1:     {"Batch parcels", 8, sfInt},
	ocTierFrom - 1:         {"Tier from kg", 9, sfKg},
	ocActualG - 1:          {"Actual g", 9, sfInt},
	ocVolumetricG - 1:      {"Volumetric g (last leg)", 11, sfInt},
	ocServiceG - 1:         {"Chargeable g (last leg)", 11, sfInt},
	ocFreightRC - 1:        {"Freight (service currency)", 12, sfAmount},
	ocRemoteRC - 1:         {"Remote (service currency)", 12, sfAmount},
	ocOversizeRC - 1:       {"Oversize (service currency)", 12, sfAmount},
	ocPeakRC - 1:           {"Peak (service currency)", 12, sfAmount},
	ocFuelRC - 1:           {"Fuel (service currency)", 12, sfAmount},
	ocOwnCurrency - 1:      {"Warehouse or lane currency", 10, sfCode},
	ocOwnFX - 1:            {"FX rate to base (warehouse or lane currency)", 14, sfRate},
	ocFeesRC - 1:           {"Fees (warehouse or lane currency)", 12, sfAmount},
	ocColdChainRC - 1:      {"Cold-chain fee (warehouse currency)", 12, sfAmount},
	ocStorageRC - 1:        {"Storage (warehouse currency)", 12, sfAmount},
	ocHeadhaulRC - 1:       {"Head-haul (warehouse currency)", 12, sfAmount},
	ocLineHaulRC - 1:       {"Line-haul share (lane currency)", 12, sfAmount},
	ocDutyCurrency - 1:     {"Duty currency", 9, sfCode},
	ocDutyFX - 1:           {"FX rate to base (duty currency)", 14, sfRate},
	ocDutyRC - 1:           {"Duty (duty currency)", 12, sfAmount},
	ocClearanceRC - 1:      {"Clearance fee (duty currency)", 12, sfAmount},
	ocUnitCost - 1:         {"Unit cost (bulk-duty basis)", 13, sfAmount},
	ocUnitCostCurrency - 1: {"Unit cost currency", 9, sfCode},
	ocOrderFX - 1:          {"FX rate to base (order currency)", 14, sfRate},
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
	// orderSheets are the sheets of the register: Orders, then Orders 2, … when
	// the orders do not fit one sheet.
	orderSheets []spendOrderSheet
	// styles are the styles made on demand (styleFor).
	styles map[spendStyleKey]int
	// unpriced counts the assigned orders whose pricing columns are empty
	// (SpendPricing not Known).
	unpriced int
	// chartCache holds the values of the charts' references, which the zip writer
	// caches in the charts.
	chartCache map[string]spendSeriesCache
	// invMoney and invTotalMoney are the Invoices sheet's amounts and totals:
	// money without the currency's code (made with the sheet).
	invMoney, invTotalMoney int
	invFit                  int // its tables' text, wrapped to the findings list's widths (fitCell)
}

// spendOrderSheet is one sheet of the register.
type spendOrderSheet struct {
	name string
	// last is the last row of its data (at least 2, so that the table and the
	// formulas' ranges are never empty).
	last int
	// dimension is the placeholder of its dimension while it is streamed.
	dimension string
	// rows are its rows after the header, which the zip writer splices in.
	rows *spendRowWriter
}

// newSpendWorkbook creates the sheets in workbook order and the styles.
func newSpendWorkbook(f *excelize.File, meta SpendMeta) (*spendWorkbook, error) {
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return nil, fmt.Errorf("create sheets: %w", err)
	}
	// The sheets after the register are created once it is written: it may take
	// more than one sheet.
	for _, name := range []string{SheetByMonth, SheetByCountry, SheetByMarketplace, SheetOrders} {
		if name == SheetOrders && meta.OrdersCSV != nil {
			continue // a summary workbook: the register goes to the CSV file
		}
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
		f:          f,
		meta:       meta,
		digits:     logistics.CurrencyDigits(meta.BaseCurrency),
		style:      st,
		tally:      newSpendTally(),
		styles:     map[spendStyleKey]int{},
		chartCache: map[string]spendSeriesCache{},
	}, nil
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

// spendSheetRows is how many rows a sheet has.
const spendSheetRows = 1_048_576

// ordersPerSheet is how many orders one sheet of the register holds, under its
// header.
func (sw *spendWorkbook) ordersPerSheet() int {
	if n := sw.meta.sheetRows; n > 1 {
		return n - 1
	}
	return spendSheetRows - 1
}

// orderSheetName is the name of the i-th sheet of the register (from 0).
func orderSheetName(i int) string {
	if i == 0 {
		return SheetOrders
	}
	return SheetOrders + " " + strconv.Itoa(i+1)
}

// writeOrders streams the register from rows — the Orders sheet, continued on
// Orders 2, … when a sheet is full — and tallies the summaries.
func (sw *spendWorkbook) writeOrders(ctx context.Context, rows SpendRows, progress func(int)) error {
	perSheet := sw.ordersPerSheet()
	var s *excelize.StreamWriter
	var pipe *spendPipe
	defer func() {
		if pipe != nil {
			pipe.close() // an error's path: the encoder stops before the scratch files go
		}
	}()
	// end ends the current sheet once its rows are all encoded.
	end := func(n int) error {
		if pipe != nil {
			err := pipe.close()
			pipe = nil
			if err != nil {
				return err
			}
		}
		return sw.endOrderSheet(s, n)
	}
	n, onSheet := 0, 0
	err := rows(func(r SpendRow) error {
		if n%spendProgressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil && n > 0 {
				progress(n)
			}
		}
		if err := sw.take(&r); err != nil {
			return err
		}
		if s == nil || onSheet == perSheet {
			if err := end(onSheet); err != nil {
				return err
			}
			var err error
			if s, err = sw.startOrderSheet(len(sw.orderSheets)); err != nil {
				return err
			}
			pipe = sw.encodeRows(sw.orderSheets[len(sw.orderSheets)-1].rows)
			onSheet = 0
		}
		n++
		onSheet++
		sw.tally.add(&r)
		pipe.add(&r)
		return nil
	})
	if err != nil {
		sheet := SheetOrders
		if k := len(sw.orderSheets); k > 0 {
			sheet = sw.orderSheets[k-1].name
		}
		return fmt.Errorf("%s sheet row %d: %w", sheet, onSheet+2, err)
	}
	if s == nil { // no orders: the sheet has its header and an empty table
		if s, err = sw.startOrderSheet(0); err != nil {
			return err
		}
	}
	if err := end(onSheet); err != nil {
		return err
	}
	if progress != nil {
		progress(n)
	}
	return nil
}

// encodeRows starts the encoder of a sheet of the register: its rows, from row 2,
// each as tall as its explanation's lines.
func (sw *spendWorkbook) encodeRows(rw *spendRowWriter) *spendPipe {
	width := spendOrdersColumns[ocReason-1].width
	row := 1
	return newSpendPipe(func(rows []SpendRow) error {
		for i := range rows {
			r := &rows[i]
			row++
			rw.startRow(row, spendWrapHeight(spendWrapLines(r.Reason, width, spendSmallFont)))
			sw.orderCells(r, rw)
			rw.endRow()
		}
		return nil
	})
}

// take checks an order of the register and completes what the meta says of it.
func (sw *spendWorkbook) take(r *SpendRow) error {
	if int(r.Mode) > len(logistics.Modes) {
		return fmt.Errorf("order %q: unknown mode %d", r.Ref, r.Mode)
	}
	if r.Date == logistics.NoDate {
		return fmt.Errorf("order %q has no date", r.Ref)
	}
	if r.RateBookVersion == 0 && sw.meta.RateBooks == nil {
		r.RateBookVersion = sw.meta.RateBook.Version // without versions, it priced every order
	}
	if r.Mode != 0 && !r.Pricing.Known {
		sw.unpriced++
	}
	return nil
}

// startOrderSheet starts the i-th sheet of the register (from 0): its dimension
// placeholder, print setup, panes, columns and header.
func (sw *spendWorkbook) startOrderSheet(i int) (*excelize.StreamWriter, error) {
	f := sw.f
	name := orderSheetName(i)
	fail := func(err error) (*excelize.StreamWriter, error) { return nil, fmt.Errorf("%s sheet: %w", name, err) }
	if i > 0 {
		if _, err := f.NewSheet(name); err != nil {
			return fail(err)
		}
	}
	// Each sheet's placeholder differs, so that the zip writer tells them apart.
	os := spendOrderSheet{name: name, dimension: "A1:" + spendColName(ocCount) + strconv.Itoa(spendSheetRows-i)}
	if err := f.SetSheetDimension(name, os.dimension); err != nil {
		return fail(err)
	}
	sw.orderSheets = append(sw.orderSheets, os)
	// Printed, the register runs one page wide down many pages with its header on
	// each: the columns up to the explanation, which wraps.
	if err := sw.printSetup(name, spendPrint{}); err != nil {
		return fail(err)
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: spendQuoteSheet(name) + "!$1:$1", Scope: name}); err != nil {
		return fail(err)
	}
	s, err := f.NewStreamWriter(name)
	if err != nil {
		return fail(err)
	}
	if err := s.SetPanes(&excelize.Panes{
		Freeze: true, XSplit: ocRef, YSplit: 1, TopLeftCell: "D2", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "D2", ActiveCell: "D2", Pane: "bottomRight"}},
	}); err != nil {
		return fail(err)
	}
	header := make([]any, ocCount)
	styles := make([]int, ocCount)
	for j, c := range spendOrdersColumns {
		if err := s.SetColWidth(j+1, j+1, c.width); err != nil {
			return fail(err)
		}
		st, err := sw.styleFor(spendStyleKey{format: c.format, top: true, wrap: j+1 == ocReason, small: j+1 == ocReason})
		if err != nil {
			return fail(err)
		}
		if err := s.SetColStyle(j+1, j+1, st); err != nil {
			return fail(err)
		}
		styles[j] = st
		header[j] = excelize.Cell{StyleID: sw.style.header, Value: c.header}
	}
	if err := s.SetRow("A1", header, excelize.RowOpts{Height: 30}); err != nil {
		return fail(err)
	}
	// The rows after the header go to a scratch file of their own.
	rw, err := newSpendRowWriter(sw.meta.TmpDir, styles)
	if err != nil {
		return fail(err)
	}
	sw.orderSheets[len(sw.orderSheets)-1].rows = rw
	return s, nil
}

// endOrderSheet ends the current sheet of the register, which holds n orders: its
// table, print area and rows. s nil: none is started.
func (sw *spendWorkbook) endOrderSheet(s *excelize.StreamWriter, n int) error {
	if s == nil {
		return nil
	}
	k := len(sw.orderSheets)
	os := &sw.orderSheets[k-1]
	os.last = max(n+1, 2)
	fail := func(err error) error { return fmt.Errorf("%s sheet: %w", os.name, err) }
	last, _ := excelize.CoordinatesToCellName(ocCount, os.last)
	table := "OrdersTable"
	if k > 1 {
		table += strconv.Itoa(k)
	}
	if err := s.AddTable(&excelize.Table{
		Range:          "A1:" + last,
		Name:           table,
		StyleName:      "TableStyleLight9",
		ShowRowStripes: spendPtr(true),
	}); err != nil {
		return fail(err)
	}
	printed, _ := excelize.CoordinatesToCellName(ocPrinted, os.last, true)
	if err := sw.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: spendQuoteSheet(os.name) + "!$A$1:" + printed, Scope: os.name}); err != nil {
		return fail(err)
	}
	if err := s.Flush(); err != nil {
		return fail(err)
	}
	if err := os.rows.finish(); err != nil {
		return fail(err)
	}
	return nil
}

// removeScratch deletes the register's scratch files.
func (sw *spendWorkbook) removeScratch() {
	for _, os := range sw.orderSheets {
		if os.rows != nil {
			os.rows.remove()
		}
	}
}

// spendRowBaselines are the per-order comparison amounts of an assigned order.
type spendRowBaselines struct {
	direct  Cost // direct-mail baseline (logistics.AgainstDirectMail): DirectBaseline, else the plan's cost
	best    Cost // engine's best plan: the unconstrained best, else the plan's cost
	savings Cost // direct − total; left blank (saving 0) where no direct option is feasible
}

// spendBaselines computes the comparison amounts of an order; all are invalid for an
// unassignable order, which the baselines leave out like the plan does.
func spendBaselines(r *SpendRow) spendRowBaselines {
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
