package ops

import (
	"bufio"
	"cmp"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"shipmode/logistics"
	"shipmode/reports"
)

// reportReconcile reconciles a report's period while the Orders sheet streams
// (SPEC §6, §8): Reconcile runs in its own goroutine and hands over its invoiced
// orders in the order the report's rows come (order date, then id), so the two
// streams are merged without keeping the invoiced orders — a million of them cost
// no memory, and the reconciliation's time overlaps the writing. Its findings are
// spilled to a scratch file, read back once for the Invoices sheet.
type reportReconcile struct {
	cancel   context.CancelFunc
	orders   chan invoicedOrder // closed when Reconcile returns
	done     chan struct{}      // closed after sheet and err are set
	head     invoicedOrder      // the next invoiced order not yet merged
	headOK   bool
	ended    bool // orders is drained
	invoiced int  // invoiced orders handed over
	findings *os.File
	sheet    *reports.SpendInvoices // nil: the period has no invoices and no findings
	err      error
}

// invoicedOrder is what the Orders sheet shows of an invoiced order.
type invoicedOrder struct {
	date               logistics.Date
	id                 int64
	invoiced, variance int64
	components         logistics.ChargeComponents // variance per component
}

func (o *invoicedOrder) before(date logistics.Date, id int64) bool {
	return cmp.Or(cmp.Compare(o.date, date), cmp.Compare(o.id, id)) < 0
}

// reconcileForReport starts reconciling the orders dated from..to as Reconcile
// does, the lines as they are matched (a report reads, it does not write); the
// findings go to a scratch file under dir. stop must be called.
func (s *Service) reconcileForReport(ctx context.Context, from, to logistics.Date, dir string) (*reportReconcile, error) {
	f, err := os.CreateTemp(dir, "findings-*.gob")
	if err != nil {
		return nil, fmt.Errorf("reconcile for the report: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	rr := &reportReconcile{cancel: cancel, orders: make(chan invoicedOrder, 1024), done: make(chan struct{}), findings: f}
	// Without an invoice there is nothing to reconcile: no invoiced order, no
	// finding, no Invoices sheet — and no pass over the period's orders beside
	// the report's own.
	_, invoiced, err := s.db.LatestInvoiceDate(ctx)
	if err != nil || !invoiced {
		close(rr.orders)
		close(rr.done)
		if err != nil {
			rr.stop()
			return nil, fmt.Errorf("reconcile for the report: %w", err)
		}
		return rr, nil
	}
	go func() {
		defer close(rr.done)
		rr.sheet, rr.err = s.reconcileInto(ctx, rr, from, to)
		if rr.err != nil {
			rr.err = fmt.Errorf("reconcile for the report: %w", rr.err)
		}
	}()
	return rr, nil
}

// reconcileInto runs Reconcile, handing the invoiced orders over and spilling the
// findings, and returns the Invoices sheet's content.
func (s *Service) reconcileInto(ctx context.Context, rr *reportReconcile, from, to logistics.Date) (*reports.SpendInvoices, error) {
	defer close(rr.orders)
	bw := bufio.NewWriterSize(rr.findings, 1<<16)
	enc := gob.NewEncoder(bw)
	var byKind [len(logistics.FindingKinds) + 1]int
	var fd reports.InvoiceFinding
	res, err := s.Reconcile(ctx, ReconcileRequest{From: from, To: to, AsMatched: true, Orders: func(o *ReconciledOrder) error {
		if o.Lines > 0 {
			select {
			case rr.orders <- invoicedOrder{date: o.Date, id: o.OrderID, invoiced: o.Invoiced, variance: o.Variance,
				components: o.ComponentVariance}:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		for i := range o.Findings {
			reportFinding(&fd, o, &o.Findings[i])
			byKind[fd.Kind]++
			if err := enc.Encode(&fd); err != nil {
				return err
			}
		}
		return nil
	}}, nil)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return nil, err
	}
	if res.MatchedOrders == 0 && len(res.Unmatched) == 0 && byKind == [len(byKind)]int{} {
		return nil, nil
	}
	sheet := &reports.SpendInvoices{
		Lines: res.Lines, Orders: res.MatchedOrders, Tolerance: res.Tolerance, LatestInvoice: res.LatestInvoice,
		FindingsByKind: byKind, Calibration: res.Calibration, Findings: rr.readFindings,
	}
	for _, g := range res.ByMode {
		sheet.All.Orders += int64(g.Orders)
		sheet.All.Planned += g.Planned
		sheet.All.Invoiced += g.Invoiced
		sheet.All.Variance += g.Variance
		sheet.All.ComponentVariance = sheet.All.ComponentVariance.Plus(g.ComponentVariance)
	}
	for _, g := range res.ByCarrier {
		sheet.ByCarrier = append(sheet.ByCarrier, reports.InvoiceGroup{Key: g.Key, Orders: int64(g.Orders),
			Planned: g.Planned, Invoiced: g.Invoiced, Variance: g.Variance, ComponentVariance: g.ComponentVariance})
	}
	for _, u := range res.Unmatched {
		sheet.Unmatched = append(sheet.Unmatched, reports.UnmatchedLine{InvoiceLine: u.InvoiceLine, Row: u.Row, Several: u.Several})
	}
	return sheet, nil
}

// fill sets the invoice columns of the report's row of the order id dated date,
// when it is invoiced. The rows must come by date, then id, as the invoiced
// orders do.
func (rr *reportReconcile) fill(date logistics.Date, id int64, r *reports.SpendRow) error {
	for !rr.ended && (!rr.headOK || rr.head.before(date, id)) {
		next, ok := <-rr.orders
		switch {
		case !ok:
			rr.ended, rr.headOK = true, false
		case rr.headOK && !rr.head.before(next.date, next.id):
			return fmt.Errorf("reconcile for the report: order %d came after order %d", next.id, rr.head.id)
		default:
			rr.head, rr.headOK = next, true
			rr.invoiced++
		}
	}
	if !rr.headOK || rr.head.date != date || rr.head.id != id {
		return nil
	}
	r.Invoiced = reports.Cost{Minor: rr.head.invoiced, Valid: true}
	r.Variance = reports.Cost{Minor: rr.head.variance, Valid: true}
	r.ComponentVariance = rr.head.components
	return nil
}

// result waits for the reconciliation (the rows are all merged) and gives the
// Invoices sheet's content.
func (rr *reportReconcile) result() (*reports.SpendInvoices, error) {
	for range rr.orders { // the invoiced orders after the last row's
		rr.invoiced++
	}
	<-rr.done
	return rr.sheet, rr.err
}

// stop ends the reconciliation if it still runs and removes the scratch file.
func (rr *reportReconcile) stop() {
	rr.cancel()
	for range rr.orders {
	}
	<-rr.done
	rr.findings.Close()
	os.Remove(rr.findings.Name())
}

// readFindings streams the spilled findings back.
func (rr *reportReconcile) readFindings(yield func(*reports.InvoiceFinding) error) error {
	if _, err := rr.findings.Seek(0, io.SeekStart); err != nil {
		return err
	}
	dec := gob.NewDecoder(bufio.NewReaderSize(rr.findings, 1<<16))
	for {
		var fd reports.InvoiceFinding
		err := dec.Decode(&fd)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read back the findings: %w", err)
		}
		if err := yield(&fd); err != nil {
			return err
		}
	}
}

// reportFinding is a finding of an order as the workbook lists it.
func reportFinding(dst *reports.InvoiceFinding, o *ReconciledOrder, f *logistics.Finding) {
	*dst = reports.InvoiceFinding{
		Date: o.Date, Marketplace: o.Marketplace, Ref: o.Ref, Mode: o.Mode, Option: cmp.Or(o.Option, f.Option),
		Kind: f.Kind, Planned: f.Planned, Invoiced: f.Invoiced, Variance: f.Variance, Tolerance: f.Tolerance,
		BilledG: f.BilledG, PlannedG: f.PlannedG, Rerated: f.Rerated, DataPart: f.DataPart, PricePart: f.PricePart,
		Reratable: f.Reratable, Service: f.Service, Invoices: strings.Join(f.Invoices, ", "), Sentence: f.Detail.String(),
	}
}
