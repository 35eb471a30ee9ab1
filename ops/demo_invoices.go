package ops

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"shipmode/logistics"
	"shipmode/store"
)

// DemoInvoicesPath is where the demo's carrier invoice file goes: beside the
// database file, or for a database server, in the current folder.
func (s *Service) DemoInvoicesPath() string {
	if s.db.Server() {
		return "demo-invoices.csv"
	}
	return filepath.Join(filepath.Dir(s.db.Path()), "demo-invoices.csv")
}

// DemoInvoicesResult says what WriteDemoInvoices wrote.
type DemoInvoicesResult struct {
	Path  string
	Lines int
	// What the lines were made to show, by finding (orders), and the lines for
	// orders that do not exist (unmatched).
	Over, Weight, Duplicate, Credit, Service, NotBilled, Unmatched int
}

// WriteDemoInvoices writes a carrier invoice file in the generic layout (SPEC §8)
// that bills the shipped orders of the database as a seller's carriers would: most
// as planned, component by component, in monthly invoices per carrier, and some
// with what reconciliation should find — surcharges the plan did not expect
// (over), a heavier billed weight (weight), freight billed again on the next
// month's invoice (duplicate), credits (under), another service, orders never
// billed (not_billed) and lines for orders that are not in the database
// (unmatched). The same database gives the same file.
func (s *Service) WriteDemoInvoices(ctx context.Context, path string) (DemoInvoicesResult, error) {
	res := DemoInvoicesResult{Path: path}
	rb, _, err := s.db.RateBook(ctx)
	if err != nil {
		return res, fmt.Errorf("demo invoices: %w", err)
	}
	carriers := map[string]string{}
	for _, sv := range rb.Services {
		if c := strings.ToLower(strings.TrimSpace(sv.Carrier)); c != "" {
			carriers[sv.ID] = strings.ReplaceAll(c, " ", "-")
		}
	}
	err = WriteFile(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := cw.Write([]string{"carrier", "invoice_number", "invoice_date", "tracking", "order_ref", "marketplace",
			"service", "charge", "amount", "currency", "billed_weight_g"}); err != nil {
			return err
		}
		n := 0
		// Freight billed again goes on the next month's invoice, written at the end:
		// only when that invoice is one the carriers have issued (no later than the
		// latest month's), not an invoice from the future.
		var dups [][]string
		var lastBill logistics.Date
		err := s.db.EachReportRow(ctx, logistics.NoDate, logistics.NoDate, func(r store.ReportRow) error {
			if r.Status != logistics.Shipped || r.Mode == 0 {
				return nil
			}
			rng := rand.New(rand.NewPCG(uint64(r.OrderID), 0x5eed))
			if rng.IntN(100) < 3 {
				res.NotBilled++ // never billed: not_billed once 45 days older than the latest invoice
				return nil
			}
			digits := logistics.CurrencyDigits(r.Currency)
			money := func(v int64) string { return logistics.FormatMinor(v, digits) }
			carrier := carriers[r.Option]
			switch {
			case carrier != "":
			case r.Mode == logistics.ModeConsolidation:
				carrier = "consolidator"
			default:
				carrier = "3pl-" + strings.ToLower(r.Option)
			}
			billDate := firstOfNextMonth(r.Date, 0)
			lastBill = max(lastBill, billDate)
			number := strings.ToUpper(carrier) + "-" + billDate.String()[:7]
			service, weight := r.Option, r.ChargeableG
			c := logistics.PlannedCharges(r.Components)
			dup := false
			var extra []struct {
				charge string
				amount int64
			}
			switch k := rng.IntN(100); {
			case k < 6: // a remote-area surcharge the plan did not expect
				res.Over++
				extra = append(extra, struct {
					charge string
					amount int64
				}{"surcharge", 300 + r.Total/10})
			case k < 11: // billed heavier than planned: 40 % more weight, freight with it
				res.Weight++
				weight = (r.ChargeableG*14/10 + 99) / 100 * 100
				c.Freight = c.Freight * 14 / 10
			case k < 13: // freight billed again on next month's invoice
				dup = true
			case k < 16: // a credit for a late delivery
				res.Credit++
				extra = append(extra, struct {
					charge string
					amount int64
				}{"credit", -(r.Total/4 + 100)})
			case k < 18:
				res.Service++
				service = r.Option + "-PLUS"
			}
			for _, p := range []struct {
				charge string
				amount int64
			}{{"freight", c.Freight}, {"fuel", c.Fuel}, {"surcharge", c.Surcharges}, {"fee", c.Fees}, {"duty", c.Duties}} {
				if p.amount == 0 && p.charge != "freight" {
					continue
				}
				extra = append(extra, p)
			}
			for _, p := range extra {
				n++
				if err := cw.Write([]string{carrier, number, billDate.String(), "", r.Ref, r.Marketplace, service, p.charge,
					money(p.amount), r.Currency, strconv.FormatInt(weight, 10)}); err != nil {
					return err
				}
			}
			if dup {
				d := firstOfNextMonth(r.Date, 1)
				dups = append(dups, []string{carrier, strings.ToUpper(carrier) + "-" + d.String()[:7], d.String(), "", r.Ref, r.Marketplace,
					service, "freight", money(c.Freight), r.Currency, strconv.FormatInt(weight, 10)})
			}
			if rng.IntN(200) == 0 { // a parcel of an order the seller never imported
				res.Unmatched++
				n++
				if err := cw.Write([]string{carrier, number, billDate.String(), fmt.Sprintf("LX%09dCN", r.OrderID), "", "", service,
					"freight", money(r.Total), r.Currency, strconv.FormatInt(weight, 10)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		last := lastBill.String()
		for _, d := range dups {
			if d[2] > last { // yyyy-mm-dd: as text in date order
				continue
			}
			res.Duplicate++
			n++
			if err := cw.Write(d); err != nil {
				return err
			}
		}
		cw.Flush()
		res.Lines = n
		return cw.Error()
	})
	if err != nil {
		return res, err
	}
	return res, nil
}

// firstOfNextMonth is the first day of the month after d's, and months more.
func firstOfNextMonth(d logistics.Date, months int) logistics.Date {
	t := d.Time()
	return logistics.DateFromTime(time.Date(t.Year(), t.Month()+1+time.Month(months), 1, 0, 0, 0, 0, time.UTC))
}
