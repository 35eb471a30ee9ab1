package ops

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"shipmode/logistics"
	"shipmode/store"
)

// The views of the carrier invoices the window shows: the Invoices screen's
// overview of a period, one order's bill for its detail panel, and the dashboard's
// invoiced against planned. They read and write nothing else: the invoice lines are
// reconciled as they are matched (imports match as they store).

// InvoiceOverview is a period's reconciliation as the Invoices screen shows it.
type InvoiceOverview struct {
	// ReconcileResult holds the totals, the findings by kind and the unmatched
	// lines of the period (its orders with findings are in Flagged).
	ReconcileResult
	// Flagged are the period's orders with findings: the billed ones by the size
	// of their variance, largest first (TopFindings), then those only not billed,
	// by order date.
	Flagged []ReconciledOrder
	// Carriers are the carriers of the period's invoiced orders and unmatched
	// lines, sorted.
	Carriers []string
	// Invoices says whether the database has any invoice line, of any period.
	Invoices bool
}

// InvoiceOverview reconciles the orders dated from..to (0 or NoDate leaves an end open)
// as their invoice lines are matched, and keeps the orders with findings in the
// order a seller should look at them. progress counts the orders reconciled.
func (s *Service) InvoiceOverview(ctx context.Context, from, to logistics.Date, progress Progress) (InvoiceOverview, error) {
	var out InvoiceOverview
	top := TopFindings{}
	var notBilled []ReconciledOrder
	carriers := map[string]bool{}
	req := ReconcileRequest{From: from, To: to, AsMatched: true, Orders: func(o *ReconciledOrder) error {
		if o.Carrier != "" {
			carriers[o.Carrier] = true
		}
		if _, ok := Ranked(o); ok {
			top.Add(o)
		} else if len(o.Findings) > 0 {
			notBilled = append(notBilled, *o)
		}
		return nil
	}}
	res, err := s.Reconcile(ctx, req, progress)
	if err != nil {
		return out, err
	}
	out.ReconcileResult = res
	out.Invoices = res.LatestInvoice != logistics.NoDate
	// (Reconcile gives the unbilled orders by date; a stable sort keeps that
	// promise here whatever it does)
	slices.SortStableFunc(notBilled, func(a, b ReconciledOrder) int { return cmp.Compare(a.Date, b.Date) })
	out.Flagged = append(top.Orders(), notBilled...)
	for _, l := range res.Unmatched {
		carriers[l.Carrier] = true
	}
	for c := range carriers {
		out.Carriers = append(out.Carriers, c)
	}
	slices.Sort(out.Carriers)
	return out, nil
}

// InvoiceTotals is the dashboard's figure: the period's invoiced against planned
// (Reconcile's totals, without its orders); ok is false when the database has no
// invoice lines at all, and nothing is reconciled.
func (s *Service) InvoiceTotals(ctx context.Context, from, to logistics.Date) (res ReconcileResult, ok bool, err error) {
	if _, ok, err = s.db.LatestInvoiceDate(ctx); err != nil || !ok {
		return res, ok, err
	}
	res, err = s.Reconcile(ctx, ReconcileRequest{From: from, To: to, AsMatched: true,
		Orders: func(*ReconciledOrder) error { return nil }}, nil)
	return res, err == nil, err
}

// OrderInvoice is one order's bill: its invoice lines, each in the base currency,
// and their reconciliation against the order's plan.
type OrderInvoice struct {
	Currency string // the base currency; "" when there is no rate book
	Lines    []OrderInvoiceLine
	// Reconciled says whether Reconciliation holds the order's reconciliation (a
	// rate book is needed to convert and re-rate).
	Reconciled bool
	// HasPlan says whether the order has a chosen option of the base currency to
	// compare with (else its one finding is unplanned).
	HasPlan bool
	logistics.Reconciliation
}

// OrderInvoiceLine is an invoice line of an order with its amount in the base
// currency at the rate of its invoice date.
type OrderInvoiceLine struct {
	store.InvoicedLine
	Base      int64 // minor units of the base currency
	Converted bool  // false: no FX rate on its invoice date (left out of the total)
}

// OrderInvoice reads the invoice lines matched to an order and reconciles them
// with its recorded decision as Reconcile would: invoiced, variance, the
// components, the re-rated cost and its split into data and price, and the
// findings. An order without lines has an OrderInvoice without lines.
func (s *Service) OrderInvoice(ctx context.Context, orderID int64) (OrderInvoice, error) {
	var out OrderInvoice
	lines, err := s.db.OrderInvoiceLines(ctx, orderID)
	if err != nil || len(lines) == 0 {
		return out, err
	}
	out.Lines = make([]OrderInvoiceLine, len(lines))
	for i := range lines {
		out.Lines[i].InvoicedLine = lines[i]
	}
	eng, _, _, err := s.engine(ctx)
	if errors.Is(err, ErrNoRateBook) {
		return out, nil // the lines as billed; nothing to convert or compare with
	}
	if err != nil {
		return out, err
	}
	out.Currency = eng.BaseCurrency()
	for i := range out.Lines {
		l := &out.Lines[i]
		l.Base, l.Converted = eng.ConvertOn(l.Amount, l.Currency, l.InvoiceDate)
	}
	o, err := s.db.Order(ctx, orderID)
	if err != nil {
		return out, err
	}
	in := logistics.ReconcileInput{Order: &o.Order, Lines: make([]logistics.InvoiceLine, len(lines))}
	for i := range lines {
		in.Lines[i] = lines[i].InvoiceLine
	}
	dec, err := s.db.Decision(ctx, orderID)
	switch {
	case err == nil:
		// a decision in another currency cannot be compared (as Reconcile)
		in.Planned = dec.Currency == out.Currency
		in.Chosen, _ = dec.ChosenOption()
	case !errors.Is(err, store.ErrNotFound):
		return out, err
	}
	out.HasPlan = in.Planned && in.Chosen.Mode != 0
	out.Reconciliation = eng.Reconcile(in, eng.Settings().Tolerance())
	out.Reconciled = true
	return out, nil
}
