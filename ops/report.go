package ops

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"shipmode/logistics"
	"shipmode/reports"
	"shipmode/store"
)

// ReportRequest says which workbook to write where.
type ReportRequest struct {
	Path     string
	From, To logistics.Date // order dates (NoDate: open)
	Paper    reports.Paper  // the paper the sheets print on (0: A4)
	// Summary writes a summary workbook: every sheet but the order register, which
	// goes to a CSV file beside it (SummaryCSVPath), for periods too large to open
	// comfortably.
	Summary bool
	// Checked, if set, is given the period's check before the workbook is
	// written, so that a face can warn first (ReportCheck.Warns).
	Checked func(ReportCheck)
}

// ReportResult is what WriteReport wrote.
type ReportResult struct {
	Orders int // orders in the workbook
	// InvoicedOrders counts the period's orders with invoice lines (some may be
	// cancelled or unplanned, and so not in the Orders sheet).
	InvoicedOrders int
	Check          ReportCheck // what the workbook rests on
	CSVPath        string      // the register of a summary workbook ("": none)
}

// SummaryCSVPath is where a summary workbook's register goes: beside the
// workbook, named after it ("spend.xlsx" → "spend-orders.csv").
func SummaryCSVPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + "-orders.csv"
}

// ReportCheck is what the report of a period rests on (SPEC §6, issue 16): the
// period's orders reconciled with the reported ones (Orders − Cancelled −
// Unplanned = Reported), the rate-book versions that priced them, and how many were
// priced by a superseded version.
type ReportCheck struct {
	store.ReportBasis
}

// Warns says whether a report of the period should be preceded by a warning: some
// of its orders were priced by a superseded rate book, or some are not planned.
func (c ReportCheck) Warns() bool { return c.Superseded > 0 || c.Unplanned > 0 }

// SupersededVersions lists the rate-book versions, superseded since, that priced
// orders of the period (0: a version the plan did not record).
func (c ReportCheck) SupersededVersions() []int64 {
	var vs []int64
	for _, v := range c.Versions {
		if v.Superseded {
			vs = append(vs, v.ID)
		}
	}
	return vs
}

// CheckReport counts the orders dated from..to for a report and tells which
// rate-book versions priced the planned ones, without writing anything: the faces
// show it before a workbook is written.
func (s *Service) CheckReport(ctx context.Context, from, to logistics.Date) (ReportCheck, error) {
	b, err := s.db.ReportBasis(ctx, from, to)
	if err != nil {
		return ReportCheck{}, fmt.Errorf("check the report: %w", err)
	}
	return ReportCheck{b}, nil
}

// WriteReport writes the spend workbook (SPEC §6) of the orders dated from..to to
// path — with their carrier invoices reconciled as Reconcile does (SPEC §8), when
// the period has any — through a temporary file: a failed or cancelled export leaves no file and
// an existing one as it was. progress counts the orders written against the
// planned orders of the period.
func (s *Service) WriteReport(ctx context.Context, req ReportRequest, progress Progress) (ReportResult, error) {
	rb, ver, err := s.db.RateBook(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return ReportResult{}, ErrNoRateBook
	}
	if err != nil {
		return ReportResult{}, fmt.Errorf("read the rate book: %w", err)
	}
	check, err := s.CheckReport(ctx, req.From, req.To)
	if err != nil {
		return ReportResult{}, err
	}
	if req.Checked != nil {
		req.Checked(check)
	}
	total := int64(check.Reported)
	books, err := s.rateBookUses(ctx, check, rb, ver)
	if err != nil {
		return ReportResult{}, err
	}
	scratch, err := ScratchDir()
	if err != nil {
		return ReportResult{}, err
	}
	meta := reports.SpendMeta{
		TmpDir: scratch,
		From:   req.From, To: req.To, BaseCurrency: rb.BaseCurrency(),
		RateBook:    rateBookInfo(ver),
		RateBooks:   books,
		Counts:      &reports.SpendCounts{Orders: check.Orders, Cancelled: check.Cancelled, Unplanned: check.Unplanned},
		GeneratedAt: s.now(),
		AppVersion:  s.version,
		Paper:       req.Paper,
	}
	// The carrier invoices of the period, reconciled while the rows stream: the
	// Orders sheet shows each order's invoiced cost and variance, the Invoices
	// sheet the rest.
	inv, err := s.reconcileForReport(ctx, req.From, req.To, scratch)
	if err != nil {
		return ReportResult{}, err
	}
	defer inv.stop()
	meta.Invoices = inv.result
	res := ReportResult{Check: check}
	// The rows are read, decoded and priced by several workers (each with its own
	// pricer and caches) and written in order.
	workers := store.ReportWorkers()
	priced := make([]*pricingLookup, workers)
	for w := range priced {
		if priced[w], err = newPricingLookup(books); err != nil {
			return ReportResult{}, err
		}
	}
	type item struct {
		row  reports.SpendRow
		date logistics.Date
		id   int64
	}
	rows := func(yield func(reports.SpendRow) error) error {
		return store.EachReportRowPrepared(ctx, s.db, req.From, req.To, workers, func(w int, r *store.ReportRow, it *item) error {
			setSpendRow(&it.row, r)
			it.date, it.id = r.Date, r.OrderID
			priced[w].fill(r, &it.row)
			return nil
		}, func(it *item) error {
			res.Orders++
			if err := inv.fill(it.date, it.id, &it.row); err != nil {
				return err
			}
			return yield(it.row)
		})
	}
	book, err := createAtomic(req.Path)
	if err != nil {
		return ReportResult{}, err
	}
	defer book.Abort()
	var register *atomicFile
	if req.Summary {
		res.CSVPath = SummaryCSVPath(req.Path)
		if register, err = createAtomic(res.CSVPath); err != nil {
			return ReportResult{}, err
		}
		defer register.Abort()
		meta.OrdersCSV, meta.OrdersCSVName = register, filepath.Base(res.CSVPath)
	}
	if err := reports.WriteSpend(ctx, book, meta, rows, func(done int) { progress.report(int64(done), total) }); err != nil {
		return ReportResult{}, err
	}
	// Both files, or neither: the register first, so that a workbook never names
	// a file that is not there.
	if register != nil {
		if err := register.Commit(); err != nil {
			return ReportResult{}, err
		}
	}
	if err := book.Commit(); err != nil {
		return ReportResult{}, err
	}
	res.InvoicedOrders = inv.invoiced
	return res, nil
}

// rateBookUses reads the rate book of every version that priced the period's
// orders (the current one is read already), for the workbook's Assumptions.
func (s *Service) rateBookUses(ctx context.Context, check ReportCheck, cur logistics.RateBook, ver store.RateBookVersion) ([]reports.RateBookUse, error) {
	uses := make([]reports.RateBookUse, 0, len(check.Versions))
	for _, v := range check.Versions {
		u := reports.RateBookUse{RateBookInfo: rateBookInfo(v.RateBookVersion), Superseded: v.Superseded}
		switch {
		case v.ID == 0:
			// not recorded: no rate book to list rows from
		case v.ID == ver.ID:
			u.Book = &cur
		default:
			rb, _, err := s.db.RateBookVersion(ctx, v.ID)
			if err != nil {
				return nil, fmt.Errorf("read rate book version %d: %w", v.ID, err)
			}
			u.Book = &rb
		}
		uses = append(uses, u)
	}
	return uses, nil
}

func rateBookInfo(v store.RateBookVersion) reports.RateBookInfo {
	return reports.RateBookInfo{Version: v.ID, ImportedAt: v.ImportedAt, Source: v.Source, Hash: v.Hash}
}

// setSpendRow sets *s to the workbook's row of a stored report row (in place: a
// row is about a kilobyte).
func setSpendRow(s *reports.SpendRow, r *store.ReportRow) {
	*s = reports.SpendRow{
		Date: r.Date, Marketplace: r.Marketplace, Ref: r.Ref, Country: r.Country, Status: r.Status,
		Units: r.Units, ChargeableG: r.ChargeableG, Mode: r.Mode, Option: r.Option, Components: r.Components,
		BestTotal:      reports.Cost{Minor: r.Best.Minor, Valid: r.Best.Feasible},
		DirectBaseline: reports.Cost{Minor: r.DirectBaseline.Minor, Valid: r.DirectBaseline.Feasible},
		SLARisk:        r.SLARisk, Reason: r.Reason, OverrideReason: r.OverrideReason,
		RunID: r.RunID, RateBookVersion: r.RateBookID, OrderCurrency: r.OrderCurrency,
	}
	for i, m := range logistics.Modes {
		c := r.ByMode[m]
		s.ModeTotals[i] = reports.Cost{Minor: c.Minor, Valid: c.Feasible}
	}
}

// pricingLookup fills a report row's audit columns from the rate book of the
// version that priced it: the carrier and delivery service of its last leg, that
// service's currency and its FX rate on the order date (each looked up once).
type pricingLookup struct {
	books   map[int64]*logistics.RateBook
	pricers map[int64]*logistics.Pricer // per version: prices the chosen option again
	legs    map[legKey]lastLeg
	fx      map[fxKey]logistics.Dec
}

type legKey struct {
	version int64
	mode    logistics.Mode
	option  string
}

type lastLeg struct{ carrier, service, currency string }

type fxKey struct {
	version  int64
	currency string
	date     logistics.Date
}

func newPricingLookup(uses []reports.RateBookUse) (*pricingLookup, error) {
	p := &pricingLookup{books: map[int64]*logistics.RateBook{}, pricers: map[int64]*logistics.Pricer{},
		legs: map[legKey]lastLeg{}, fx: map[fxKey]logistics.Dec{}}
	for _, u := range uses {
		if u.Book != nil {
			p.books[u.Version] = u.Book
			e, err := logistics.NewEngine(u.Book)
			if err != nil {
				return nil, fmt.Errorf("rate book version %d: %w", u.Version, err)
			}
			p.pricers[u.Version] = e.NewPricer()
		}
	}
	return p, nil
}

// rate is the FX rate of currency on d in version's rate book (0: none), each
// looked up once.
func (p *pricingLookup) rate(version int64, currency string, d logistics.Date) logistics.Dec {
	k := fxKey{version, currency, d}
	rate, ok := p.fx[k]
	if !ok {
		if fx, found := p.books[version].FXOn(currency, d); found {
			rate = fx.RateToBase
		}
		p.fx[k] = rate
	}
	return rate
}

// fill sets row's audit fields from r, the stored decision. The zone and the batch
// are read from the chosen option's reason, which names them; what the decision
// does not record (the zone of a consolidation order's delivery leg; a version
// not recorded) stays empty.
func (p *pricingLookup) fill(r *store.ReportRow, row *reports.SpendRow) {
	row.PostalCode = r.PostalCode
	row.GoodsValue, row.GoodsValueOK = r.GoodsValue, r.GoodsValueOK
	row.PromiseDays = r.Promise
	if r.Mode == 0 {
		return
	}
	row.TransitDays = r.TransitDays
	if s := r.ChosenReason; s != nil {
		switch s.Key {
		case "reason.zone", "reason.viaZone":
			row.Zone = sentenceText(s, "zone")
		case "reason.batch":
			if r.Mode == logistics.ModeConsolidation {
				row.Batch = reports.SpendBatch{
					Departure:  logistics.Date(sentenceNum(s, "date")),
					Kg:         logistics.Dec(sentenceNum(s, "kg")),
					Parcels:    sentenceNum(s, "parcels"),
					TierFromKg: logistics.Dec(sentenceNum(s, "tier")),
				}
			}
		}
	}
	rb := p.books[r.RateBookID]
	if rb == nil {
		return
	}
	k := legKey{r.RateBookID, r.Mode, r.Option}
	leg, ok := p.legs[k]
	if !ok {
		leg.carrier, leg.service, _ = rb.LastLeg(r.Mode, r.Option)
		for i := range rb.Services {
			if rb.Services[i].ID == leg.service {
				leg.currency = rb.Services[i].Currency
			}
		}
		p.legs[k] = leg
	}
	row.Carrier, row.Service, row.ServiceCurrency = leg.carrier, leg.service, leg.currency
	if leg.currency != "" {
		row.FXRate = p.rate(r.RateBookID, leg.currency, r.Date)
	}
	p.price(r, row)
}

// price fills row.Pricing: the chosen option priced again with the rate book of
// its version, piece by piece (logistics.Engine.PriceChosen). It stays not Known
// when the pieces do not give the stored components exactly (the products or the
// order changed since the plan).
func (p *pricingLookup) price(r *store.ReportRow, row *reports.SpendRow) {
	pricer := p.pricers[r.RateBookID]
	if pricer == nil {
		return
	}
	o := logistics.Order{Ref: r.Ref, Marketplace: r.Marketplace, Date: r.Date, Country: r.Country,
		PostalCode: r.PostalCode, Currency: r.OrderCurrency, PromisedDays: r.Promise, Lines: r.Lines, Parcel: r.Parcel}
	chosen := logistics.Option{Mode: r.Mode, ID: r.Option, ChargeableG: r.ChargeableG, Components: r.Components, Total: r.Total}
	batchG := int64(row.Batch.Kg) / 1e6 // the batch's kg are exact grams
	pr, ok := pricer.Price(&o, &chosen, batchG)
	if !ok || !pr.Exact {
		return
	}
	sp := &row.Pricing
	sp.ActualG, sp.VolumetricG, sp.HasVolumetric = pr.ActualG, pr.VolumetricG, pr.HasVolumetric
	sp.UnitCost, sp.UnitCostCurrency = pr.UnitCost, pr.UnitCostCurrency
	if r.OrderCurrency != "" {
		sp.OrderFX = p.rate(r.RateBookID, r.OrderCurrency, r.Date)
	}
	// Each piece to its column; a column that two pieces would share (a bulk
	// duty in two currencies) stays empty.
	twice := false
	put := func(dst *reports.SpendAmount, cur *string, pc *logistics.Piece) {
		if dst.Valid || (cur != nil && *cur != "" && *cur != pc.Currency) {
			twice = true
			return
		}
		*dst = reports.SpendAmount{Minor: pc.Minor, Digits: logistics.CurrencyDigits(pc.Currency), Valid: true}
		if cur != nil {
			*cur = pc.Currency
		}
	}
	for i := range pr.Pieces {
		pc := &pr.Pieces[i]
		switch pc.Kind {
		case logistics.PieceFreight:
			sp.ServiceG = pc.ChargeableG
			put(&sp.Freight, nil, pc)
		case logistics.PieceRemote:
			put(&sp.Remote, nil, pc)
		case logistics.PieceOversize:
			put(&sp.Oversize, nil, pc)
		case logistics.PiecePeak:
			put(&sp.Peak, nil, pc)
		case logistics.PieceFuel:
			put(&sp.Fuel, nil, pc)
		case logistics.PieceFees:
			put(&sp.Fees, &sp.OwnCurrency, pc)
		case logistics.PieceColdChain:
			put(&sp.ColdChain, &sp.OwnCurrency, pc)
		case logistics.PieceStorage:
			put(&sp.Storage, &sp.OwnCurrency, pc)
		case logistics.PieceHeadhaul:
			put(&sp.Headhaul, &sp.OwnCurrency, pc)
		case logistics.PieceLineHaul:
			put(&sp.LineHaul, &sp.OwnCurrency, pc)
		case logistics.PieceDuty, logistics.PieceBulkDuty:
			put(&sp.Duty, &sp.DutyCurrency, pc)
		case logistics.PieceClearance:
			put(&sp.Clearance, &sp.DutyCurrency, pc)
		}
	}
	if twice {
		sp.Duty, sp.DutyCurrency = reports.SpendAmount{}, ""
	}
	if sp.OwnCurrency != "" {
		sp.OwnFX = p.rate(r.RateBookID, sp.OwnCurrency, r.Date)
	}
	if sp.DutyCurrency != "" {
		sp.DutyFX = p.rate(r.RateBookID, sp.DutyCurrency, r.Date)
	}
	sp.Known = true
}

// sentenceText is the text of a sentence's placeholder ("" when it has none).
func sentenceText(s *logistics.Sentence, name string) string {
	for i := range s.Args {
		if s.Args[i].Name == name {
			return s.Args[i].Text
		}
	}
	return ""
}

// sentenceNum is the number of a sentence's placeholder (0 when it has none).
func sentenceNum(s *logistics.Sentence, name string) int64 {
	for i := range s.Args {
		if s.Args[i].Name == name {
			return s.Args[i].Num
		}
	}
	return 0
}
