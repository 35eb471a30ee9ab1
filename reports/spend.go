package reports

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// SpendTitle is the title of the spend workbook (SPEC §6).
const SpendTitle = "Shipping spend by logistics model"

// Cost is an optional amount in minor units of the base currency, like
// sql.NullInt64: Valid is false when there is none (an infeasible mode, no invoice).
type Cost struct {
	Minor int64
	Valid bool
}

// SpendRow is one order of the spend report: its plan decision and what each mode
// would have cost it. Amounts are minor units of SpendMeta.BaseCurrency.
type SpendRow struct {
	Date        logistics.Date
	Marketplace string
	Ref         string
	Country     string
	Status      logistics.Status
	Units       int64
	ChargeableG int64          // of the chosen option
	Mode        logistics.Mode // chosen mode; 0 = unassignable
	Option      string         // chosen service, warehouse or lane id
	// Components of the chosen option; the order's total is Components.Total().
	// Ignored when Mode is 0.
	Components logistics.Components
	// ModeTotals is the total of the cheapest feasible option of each mode, in
	// logistics.Modes order (warehouse, local, consolidation, direct); not Valid when
	// the mode is infeasible.
	ModeTotals [len(logistics.Modes)]Cost
	// DirectBaseline is what the order would cost by direct mail alone (SPEC §6
	// "All direct mail", logistics.DirectBaseline of its options and promise); not
	// Valid when no direct option is feasible. It differs from ModeTotals[3] when the
	// cheapest direct option breaks the promise.
	DirectBaseline Cost
	// BestTotal is the cheapest feasible option ignoring the delivery promise: the
	// engine's unconstrained best plan.
	BestTotal      Cost
	SLARisk        bool
	Reason         string // why the chosen option won (or why none is feasible)
	OverrideReason string // the user's reason when the mode was overridden
	Invoiced       Cost   // the carrier's invoiced cost, when known
	// Variance is invoiced − planned as reconciliation measured it (SPEC §8);
	// not Valid: Invoiced − the plan's total. ComponentVariance is its split by
	// component, when invoiced.
	Variance          Cost
	ComponentVariance logistics.ChargeComponents
	// RunID is the plan run that made the decision (0: not known) and
	// RateBookVersion the rate-book version it priced with (0: not recorded).
	RunID           int64
	RateBookVersion int64
	OrderCurrency   string // of the order's prices ("": not known)

	// How the order was priced, so that an auditor can price it again from the
	// workbook's rate-book sheets: its postal code and goods value (Σ quantity ×
	// unit price in OrderCurrency; GoodsValueOK false when not known), the carrier
	// and delivery service of its last leg with the zone that service priced it in
	// ("": not recorded), its transit against the promise (0: none), the rate-card
	// currency of that service and the FX rate that converted it on the order date
	// (0: none), and of a consolidation order its batch.
	PostalCode      string
	GoodsValue      logistics.Dec
	GoodsValueOK    bool
	Carrier         string
	Service         string
	Zone            string
	TransitDays     int
	PromiseDays     int
	ServiceCurrency string
	FXRate          logistics.Dec
	Batch           SpendBatch
}

// SpendBatch is the line-haul batch a consolidation order travelled in (its lane is
// the order's option): the departure, the batch's chargeable kilograms and parcels,
// and the tier they priced it at. Parcels 0: no batch.
type SpendBatch struct {
	Departure  logistics.Date
	Kg         logistics.Dec
	Parcels    int64
	TierFromKg logistics.Dec
}

// RateBookInfo identifies the rate book a report was priced with.
type RateBookInfo struct {
	Version    int64
	ImportedAt time.Time
	Source     string
	Hash       string
}

// RateBookUse is a rate-book version that priced orders of a report.
type RateBookUse struct {
	RateBookInfo
	// Book is that version's rate book: the Assumptions list the FX rates and
	// duty rules of it that the orders priced by it used (logistics.Usage).
	Book *logistics.RateBook
	// Superseded: a newer version was imported after the plans that used it, so
	// its orders are not priced as the current rate book would price them.
	Superseded bool
}

// SpendCounts reconciles the orders of a period with the report's: Orders −
// Cancelled − Unplanned = the orders reported (the rows given to WriteSpend).
type SpendCounts struct {
	Orders    int // orders dated in the period, any status
	Cancelled int
	Unplanned int // not cancelled and not planned: not in the report
}

// SpendMeta is what the spend report says about itself: its period, currency and
// the assumptions it was priced with.
type SpendMeta struct {
	Title        string         // "" = SpendTitle
	From, To     logistics.Date // the period; logistics.NoDate = an open end
	BaseCurrency string
	RateBook     RateBookInfo // the current rate-book version
	// RateBooks are the versions that priced the orders (SpendRow.RateBookVersion),
	// by version. When it is nil, RateBook priced every order and FX and Duties are
	// the rows it used.
	RateBooks []RateBookUse
	FX        []logistics.FXRate // FX rates used (units of base currency per unit), without RateBooks
	Duties    []logistics.Duty   // duty rules used, without RateBooks
	// Counts reconcile the period's orders with the report's; nil: the rows given
	// are every order of the period (none cancelled or unplanned).
	Counts      *SpendCounts
	GeneratedAt time.Time // zero: now
	AppVersion  string
	// Invoices gives the reconciliation of the period's carrier invoices. It is
	// called once, when the Orders sheet is written (so that the reconciliation
	// can run while the rows stream); nil, or a nil result: the period has none
	// (no Invoices sheet, no invoice figures on the Summary).
	Invoices func() (*SpendInvoices, error)
	// Paper is the paper the sheets print on (0: A4); PaperFor gives the locale's.
	Paper Paper
	// OrdersCSV, when set, makes a summary workbook: every sheet but the order
	// register, which goes to OrdersCSV as CSV instead (OrdersCSVName names that
	// file in the workbook). Its figures are values: there is no register for
	// formulas to add up.
	OrdersCSV     io.Writer
	OrdersCSVName string
	// TmpDir is where the workbook's scratch files go while it is written ("": the
	// system's temporary folder).
	TmpDir string
	// sheetRows, when above 1, is how many rows a sheet has (tests: the register
	// continues on a further sheet after a few orders).
	sheetRows int
}

// SpendRows streams the orders of a spend report: it calls yield once per order, in
// the order the Orders sheet should list them, and returns the first error yield
// returns (or its own).
type SpendRows func(yield func(SpendRow) error) error

// Spend workbook sheet names, in workbook order.
const (
	SheetSummary       = "Summary"
	SheetByMonth       = "By month"
	SheetByCountry     = "By country"
	SheetByMarketplace = "By marketplace"
	SheetOrders        = "Orders"
	SheetAssumptions   = "Assumptions"
)

// spendProgressEvery is how many orders pass between two progress calls.
const spendProgressEvery = 4096

// WriteSpend writes the "Shipping spend by logistics model" workbook (SPEC §6) to w:
// Summary, By month, By country, By marketplace, Orders (continued on Orders 2, …
// past a sheet's rows), Assumptions, Invoices when the period has invoices, and the
// rate-book sheets (RB services, RB zones, …) of the versions that priced the
// orders. rows is read once; the Orders sheet is streamed and the summaries are
// accumulated in the same pass, so memory does not grow with the number of orders
// (nor with the findings, which the Invoices sheet streams). progress, if not nil, is
// called with the number of orders written so far. Cancelling ctx stops the writer
// with ctx's error.
func WriteSpend(ctx context.Context, w io.Writer, meta SpendMeta, rows SpendRows, progress func(done int)) error {
	if err := logistics.CheckCurrency(meta.BaseCurrency); err != nil {
		return fmt.Errorf("write spend report: base currency: %w", err)
	}
	if meta.Title == "" {
		meta.Title = SpendTitle
	}
	if meta.GeneratedAt.IsZero() {
		meta.GeneratedAt = time.Now()
	}
	f := excelize.NewFile(excelize.Options{TmpDir: meta.TmpDir})
	defer f.Close()

	sw, err := newSpendWorkbook(f, meta)
	if err != nil {
		return fmt.Errorf("write spend report: %w", err)
	}
	defer sw.removeScratch()
	write := sw.writeOrders
	if sw.summaryOnly() {
		write = sw.writeOrdersCSV
	}
	if err := write(ctx, rows, progress); err != nil {
		return fmt.Errorf("write spend report: %w", err)
	}
	if _, err := f.NewSheet(SheetAssumptions); err != nil {
		return fmt.Errorf("write spend report: %w", err)
	}
	if meta.Invoices != nil {
		if sw.invoices, err = meta.Invoices(); err != nil {
			return fmt.Errorf("write spend report: invoices: %w", err)
		}
	}
	for _, step := range []struct {
		what string
		fn   func() error
	}{
		{"summary", sw.writeSummary},
		{"by month", sw.writeByMonth},
		{"by country", sw.writeByCountry},
		{"by marketplace", sw.writeByMarketplace},
		{"assumptions", sw.writeAssumptions},
		{"invoices", sw.writeInvoicesIfAny},
		{"rate book", sw.writeRateBooks},
		{"document properties", sw.writeDocProps},
	} {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("write spend report: %w", err)
		}
		if err := step.fn(); err != nil {
			return fmt.Errorf("write spend report: %s: %w", step.what, err)
		}
	}
	if err := sw.save(ctx, w); err != nil {
		return fmt.Errorf("write spend report: %w", err)
	}
	return nil
}
