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
	"slices"
	"strings"

	"shipmode/logistics"
	"shipmode/reports"
)

// reportInvoices is the reconciliation of a report's period, ready for the
// workbook: the Invoices sheet's content and the Orders sheet's invoiced orders.
type reportInvoices struct {
	sheet *reports.SpendInvoices // nil: the period has no invoices and no findings
	// invoiced holds the invoiced orders by order id: only they, so that a
	// million orders of which few are billed cost little.
	invoiced []invoicedOrder
	// findings is the scratch file the findings are spilled to while the
	// reconciliation streams, read back once when the sheet is written.
	findings *os.File
}

// invoicedOrder is what the Orders sheet shows of an invoiced order.
type invoicedOrder struct {
	id                 int64
	invoiced, variance int64
	components         logistics.ChargeComponents // variance per component
}

// close removes the scratch file.
func (ri *reportInvoices) close() {
	if ri.findings != nil {
		ri.findings.Close()
		os.Remove(ri.findings.Name())
	}
}

// fill sets the invoice columns of an order's row, when it is invoiced.
func (ri *reportInvoices) fill(id int64, r *reports.SpendRow) {
	i, ok := slices.BinarySearchFunc(ri.invoiced, id, func(o invoicedOrder, id int64) int { return cmp.Compare(o.id, id) })
	if !ok {
		return
	}
	o := &ri.invoiced[i]
	r.Invoiced = reports.Cost{Minor: o.invoiced, Valid: true}
	r.Variance = reports.Cost{Minor: o.variance, Valid: true}
	r.ComponentVariance = o.components
}

// reconcileForReport reconciles the orders dated from..to as Reconcile does, the
// lines as they are matched (a report does not write), in one streaming pass: the invoiced orders are kept by id for the Orders sheet and
// the findings spilled to a scratch file under dir for the Invoices sheet.
func (s *Service) reconcileForReport(ctx context.Context, from, to logistics.Date, dir string) (*reportInvoices, error) {
	ri := &reportInvoices{}
	f, err := os.CreateTemp(dir, "findings-*.gob")
	if err != nil {
		return nil, fmt.Errorf("reconcile for the report: %w", err)
	}
	ri.findings = f
	bw := bufio.NewWriterSize(f, 1<<16)
	enc := gob.NewEncoder(bw)
	var byKind [len(logistics.FindingKinds) + 1]int
	var fd reports.InvoiceFinding
	res, err := s.Reconcile(ctx, ReconcileRequest{From: from, To: to, AsMatched: true, Orders: func(o *ReconciledOrder) error {
		if o.Lines > 0 {
			ri.invoiced = append(ri.invoiced, invoicedOrder{id: o.OrderID, invoiced: o.Invoiced, variance: o.Variance,
				components: o.ComponentVariance})
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
		ri.close()
		return nil, fmt.Errorf("reconcile for the report: %w", err)
	}
	slices.SortFunc(ri.invoiced, func(a, b invoicedOrder) int { return cmp.Compare(a.id, b.id) })
	if res.MatchedOrders == 0 && len(res.Unmatched) == 0 && byKind == [len(byKind)]int{} {
		return ri, nil
	}
	sheet := &reports.SpendInvoices{
		Lines: res.Lines, Orders: res.MatchedOrders, Tolerance: res.Tolerance, LatestInvoice: res.LatestInvoice,
		FindingsByKind: byKind, Calibration: res.Calibration,
		Findings: ri.readFindings,
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
	ri.sheet = sheet
	return ri, nil
}

// readFindings streams the spilled findings back.
func (ri *reportInvoices) readFindings(yield func(*reports.InvoiceFinding) error) error {
	if _, err := ri.findings.Seek(0, io.SeekStart); err != nil {
		return err
	}
	dec := gob.NewDecoder(bufio.NewReaderSize(ri.findings, 1<<16))
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
