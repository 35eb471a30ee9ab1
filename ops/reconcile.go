package ops

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"

	"shipmode/logistics"
	"shipmode/store"
)

// ReconcileRequest says what to reconcile.
type ReconcileRequest struct {
	// From, To bound the orders by order date (unmatched lines by invoice date);
	// 0 or NoDate leaves an end open.
	From, To logistics.Date
	// Tolerance, when not nil, replaces the rate book's (its settings
	// invoice_tolerance_abs and invoice_tolerance_pct).
	Tolerance *logistics.Tolerance
	// AsMatched reconciles the invoice lines as they are matched, without
	// matching the waiting ones first: a report reads and does not write (imports
	// of orders and of invoices match as they store).
	AsMatched bool
	// Orders, when set, is given each reconciled order — every invoiced order and
	// every order with a finding — as it is reconciled, instead of the result
	// keeping them (ReconcileResult.Orders): a million orders stream through it.
	Orders func(*ReconciledOrder) error
}

// ReconciledOrder is one order's bill against its plan.
type ReconciledOrder struct {
	OrderID     int64
	Ref         string
	Marketplace string
	Date        logistics.Date
	Mode        logistics.Mode // 0: no chosen option
	Option      string
	// Lines counts the invoice lines matched to the order; 0: a shipped order
	// never billed (its one finding is not_billed).
	Lines int
	logistics.Reconciliation
}

// ReconcileGroup is a subtotal of the summary (by carrier or by mode).
type ReconcileGroup struct {
	Key                         string
	Orders                      int
	Planned, Invoiced, Variance int64
	// Components invoiced and their variance against the planned components.
	Components, ComponentVariance logistics.ChargeComponents
}

// ReconcileResult is the account of a reconciliation: what the one-screen summary
// of `shipmode reconcile` shows.
type ReconcileResult struct {
	Currency  string // of every amount
	Tolerance logistics.Tolerance
	// Lines counts the invoice lines of the reconciled orders; MatchedOrders the
	// orders that have lines; Unmatched the lines that match no order or several.
	Lines, MatchedOrders int
	Unmatched            []store.UnmatchedLine
	// Rematched counts the lines that found their order at the start of this
	// reconciliation (orders imported after their invoices).
	Rematched int
	// Planned, Invoiced and Variance are over the invoiced orders that are planned.
	Planned, Invoiced, Variance int64
	UnplannedInvoiced           int64 // invoiced for orders without a chosen option
	ByCarrier, ByMode           []ReconcileGroup
	Findings                    [len(logistics.FindingKinds) + 1]int // by logistics.FindingKind
	Calibration                 []logistics.CalibrationRow
	NoFX                        int               // lines left out: no FX rate on their invoice date
	LatestInvoice               logistics.Date    // NoDate when there are no invoices
	Orders                      []ReconciledOrder // when the request has no Orders function
}

// Reconcile ties the carrier invoices to the orders' plans (SPEC §8): it first
// matches the invoice lines still unmatched (their orders may have arrived since),
// then reconciles every invoiced order of the period against its recorded decision
// — invoiced, variance in total and per component, findings over, under, weight
// (re-rated), duplicate, service and unplanned — and finds the shipped orders not
// billed 45 days before the latest invoice date. It totals by carrier and by mode,
// counts the findings by kind and builds the calibration table per service. A
// read-only database is reconciled as it is, without matching again. progress
// counts the orders reconciled (total not known).
func (s *Service) Reconcile(ctx context.Context, req ReconcileRequest, progress Progress) (ReconcileResult, error) {
	var res ReconcileResult
	eng, _, _, err := s.engine(ctx)
	if err != nil {
		return res, err
	}
	tol := req.Tolerance
	if tol == nil {
		t := eng.Settings().Tolerance()
		tol = &t
	}
	res.Currency, res.Tolerance = eng.BaseCurrency(), *tol
	if !s.db.ReadOnly() && !req.AsMatched {
		if res.Rematched, err = s.db.MatchInvoiceLines(ctx); err != nil {
			return res, err
		}
	}
	emit := req.Orders
	if emit == nil {
		emit = func(o *ReconciledOrder) error {
			res.Orders = append(res.Orders, *o)
			return nil
		}
	}
	byCarrier, byMode := map[string]*ReconcileGroup{}, map[string]*ReconcileGroup{}
	group := func(m map[string]*ReconcileGroup, k string, r *logistics.Reconciliation) {
		g := m[k]
		if g == nil {
			g = &ReconcileGroup{Key: k}
			m[k] = g
		}
		g.Orders++
		g.Planned += r.Planned
		g.Invoiced += r.Invoiced
		g.Variance += r.Variance
		g.Components = g.Components.Plus(r.Components)
		g.ComponentVariance = g.ComponentVariance.Plus(r.ComponentVariance)
	}
	var cal logistics.Calibration
	latest, ok, err := s.db.LatestInvoiceDate(ctx)
	if err != nil {
		return res, err
	}
	res.LatestInvoice = logistics.NoDate
	// The orders are reconciled on as many goroutines as there are cores (each
	// with lines of its own, reused order after order: Reconcile keeps none), and
	// totalled and emitted here in date order.
	workers := runtime.GOMAXPROCS(0)
	scratch := make([][]logistics.InvoiceLine, workers)
	work := func(w int, o *store.InvoicedOrder, out *reconciled) error {
		// A decision in another currency (planned before the base currency
		// changed) cannot be compared: the order counts as unplanned until the
		// next plan.
		in := logistics.ReconcileInput{Order: &o.Order, Planned: o.Planned && o.Currency == res.Currency, Chosen: o.Chosen}
		lines := scratch[w][:0]
		billedG := int64(0)
		for i := range o.Lines {
			lines = append(lines, o.Lines[i].InvoiceLine)
			billedG = max(billedG, o.Lines[i].BilledWeightG)
		}
		scratch[w] = lines
		in.Lines = lines
		if in.Planned && o.Chosen.Mode != 0 && billedG > o.Chosen.ChargeableG {
			// Billed heavier than planned: the chosen option is re-rated, which
			// takes the whole order (its lines, parcel and destination).
			if _, err := o.Full(); err != nil {
				return err
			}
		}
		r := eng.Reconcile(in, *tol)
		out.ro = ReconciledOrder{OrderID: o.OrderID, Ref: o.Order.Ref, Marketplace: o.Order.Marketplace, Date: o.Order.Date,
			Lines: len(o.Lines), Reconciliation: r}
		out.planned, out.chosen = in.Planned, o.Chosen
		if in.Planned {
			out.ro.Mode, out.ro.Option = o.Chosen.Mode, o.Chosen.ID
		}
		return nil
	}
	done := int64(0)
	take := func(t *reconciled) error {
		ro, r := &t.ro, &t.ro.Reconciliation
		res.MatchedOrders++
		res.Lines += ro.Lines
		res.NoFX += len(r.NoFX)
		mode := "unplanned"
		if t.planned && t.chosen.Mode != 0 {
			mode = t.chosen.Mode.String()
			res.Planned += r.Planned
			res.Invoiced += r.Invoiced
			res.Variance += r.Variance
			cal.Add(r, t.chosen)
		} else {
			res.UnplannedInvoiced += r.Invoiced
		}
		group(byCarrier, r.Carrier, r)
		group(byMode, mode, r)
		for _, f := range r.Findings {
			res.Findings[f.Kind]++
		}
		done++
		if done&1023 == 0 {
			progress.report(done, 0)
		}
		return emit(ro)
	}
	read := store.ReconcileRead{From: req.From, To: req.To}
	if ok {
		// The shipped orders never billed, 45 days before the latest invoice date,
		// come after the invoiced ones (read in the same pass).
		res.LatestInvoice = latest
		read.UnbilledBefore = latest.AddDays(-logistics.NotBilledDays)
		read.Unbilled = func(u store.UnbilledOrder) error {
			if !logistics.NotBilled(u.Date, latest) {
				return nil
			}
			f := eng.NotBilledFinding(u.Date, latest, u.Mode, u.Option, u.Total)
			res.Findings[f.Kind]++
			ro := ReconciledOrder{OrderID: u.OrderID, Ref: u.Ref, Marketplace: u.Marketplace, Date: u.Date, Mode: u.Mode, Option: u.Option,
				Reconciliation: logistics.Reconciliation{Planned: u.Total, Variance: -u.Total, Findings: []logistics.Finding{f}}}
			return emit(&ro)
		}
	}
	if err := store.EachReconciled(ctx, s.db, read, workers, work, take); err != nil {
		return res, fmt.Errorf("reconcile: %w", err)
	}
	if res.Unmatched, err = s.db.UnmatchedInvoiceLines(ctx, req.From, req.To); err != nil {
		return res, err
	}
	res.ByCarrier, res.ByMode = sortedGroups(byCarrier), sortedGroups(byMode)
	res.Calibration = cal.Rows()
	return res, nil
}

// reconciled is an order as a worker of Reconcile reconciled it: the order, and
// whether it was planned, with its chosen option.
type reconciled struct {
	ro      ReconciledOrder
	planned bool
	chosen  logistics.Option
}

func sortedGroups(m map[string]*ReconcileGroup) []ReconcileGroup {
	out := make([]ReconcileGroup, 0, len(m))
	for _, g := range m {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b ReconcileGroup) int { return cmp.Compare(a.Key, b.Key) })
	return out
}
