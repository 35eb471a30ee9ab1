package cli

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

func importInvoices(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("import invoices", flag.ContinueOnError)
	format, dates, maps, sets := tableFlags(fs, "dhl, yunexpress or generic")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want: import invoices FILE [--format dhl|yunexpress|generic] [--dates auto|dmy|mdy|ymd] [--map field=Header ...] [--set field=value ...]")
	}
	opt := ingest.InvoiceOptions{Map: maps, Set: sets}
	if opt.Format, err = ingest.ParseInvoiceFormat(*format); err != nil {
		return usagef("--format: %v", err)
	}
	if opt.DateOrder, err = ingest.ParseDateOrder(*dates); err != nil {
		return usagef("--dates: %v", err)
	}
	svc, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer svc.Close()
	res, err := svc.ImportInvoices(ctx, pos[0], opt, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, res.Summary())
	printRejected(env.Stdout, res.Read.Rejected)
	return nil
}

func reconcileCmd(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("reconcile", flag.ContinueOnError)
	jsonPath := fs.String("json", "", "write the reconciled orders as a JSON array to this file (unmatched lines to FILE.unmatched.csv)")
	_, p, svc, err := periodCommand(ctx, g, fs, args, 0, "reconcile [--from DATE] [--to DATE] [--json FILE]")
	if err != nil {
		return err
	}
	defer svc.Close()
	const show = 10
	top := ops.TopFindings{N: show} // the orders whose findings weigh most, for the summary
	currency := svcCurrency(ctx, svc)
	digits := logistics.CurrencyDigits(currency)
	collect := top.Add
	req := ops.ReconcileRequest{From: p.from, To: p.to}
	var res ops.ReconcileResult
	unmatchedPath := ""
	if *jsonPath != "" {
		err = ops.WriteFile(*jsonPath, func(w io.Writer) error {
			jw := &jsonArray{w: w}
			req.Orders = func(o *ops.ReconciledOrder) error {
				collect(o)
				return jw.addValue(reconciledJSON(o, currency, digits))
			}
			if res, err = svc.Reconcile(ctx, req, nil); err != nil {
				return err
			}
			return jw.close()
		})
		if err == nil {
			unmatchedPath = *jsonPath + ".unmatched.csv"
			err = ops.WriteFile(unmatchedPath, func(w io.Writer) error { return writeUnmatched(w, res.Unmatched) })
		}
	} else {
		req.Orders = func(o *ops.ReconciledOrder) error { collect(o); return nil }
		res, err = svc.Reconcile(ctx, req, nil)
	}
	if err != nil {
		return err
	}
	printReconcile(env.Stdout, &res, findingLines(top.Orders()), unmatchedPath)
	return nil
}

// findingLines are the findings of the ranked orders, one line each, in English.
func findingLines(orders []ops.ReconciledOrder) []string {
	var out []string
	for i := range orders {
		o := &orders[i]
		for _, f := range o.Findings {
			out = append(out, fmt.Sprintf("%s %s (%s): %s", o.Marketplace, o.Ref, f.Kind, f.Detail.String()))
		}
	}
	return out
}

// svcCurrency is the base currency of the current rate book (without one,
// Reconcile says so).
func svcCurrency(ctx context.Context, svc *ops.Service) string {
	rb, _, err := svc.DB().RateBook(ctx)
	if err != nil {
		return "USD"
	}
	return rb.BaseCurrency()
}

// reconcileJSON is the object of SPEC §11 reconcile --json: components are the
// invoiced amounts per component (the credit on its own).
type reconcileJSON struct {
	OrderRef      string        `json:"order_ref"`
	Marketplace   string        `json:"marketplace"`
	Mode          *string       `json:"mode"`
	Option        *string       `json:"option"`
	Planned       *string       `json:"planned"`
	Invoiced      string        `json:"invoiced"`
	Variance      string        `json:"variance"`
	Components    chargesJSON   `json:"components"`
	BilledWeightG *int64        `json:"billed_weight_g"`
	Rerated       *string       `json:"rerated"`
	Findings      []findingJSON `json:"findings"`
}

type chargesJSON struct {
	Freight    string `json:"freight"`
	Surcharges string `json:"surcharges"`
	Fuel       string `json:"fuel"`
	Fees       string `json:"fees"`
	Duties     string `json:"duties"`
	Credit     string `json:"credit"`
}

type findingJSON struct {
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
}

func reconciledJSON(o *ops.ReconciledOrder, currency string, digits int) reconcileJSON {
	m := func(v int64) string { return logistics.FormatMinor(v, digits) }
	c := o.Components
	out := reconcileJSON{OrderRef: o.Ref, Marketplace: o.Marketplace, Invoiced: m(o.Invoiced), Variance: m(o.Variance),
		Components: chargesJSON{Freight: m(c.Freight), Surcharges: m(c.Surcharges), Fuel: m(c.Fuel), Fees: m(c.Fees),
			Duties: m(c.Duties), Credit: m(c.Credit)},
		Findings: make([]findingJSON, 0, len(o.Findings))}
	if o.Mode != 0 {
		mode, option, planned := o.Mode.String(), o.Option, m(o.Planned)
		out.Mode, out.Option, out.Planned = &mode, &option, &planned
	}
	if o.BilledWeightG > 0 {
		g := o.BilledWeightG
		out.BilledWeightG = &g
	}
	if o.Reratable {
		r := m(o.Rerated)
		out.Rerated = &r
	}
	for _, f := range o.Findings {
		out.Findings = append(out.Findings, findingJSON{Kind: f.Kind.String(), Detail: f.Detail.String()})
	}
	return out
}

// writeUnmatched writes the unmatched invoice lines as CSV, every cell safe from
// spreadsheet formulas.
func writeUnmatched(w io.Writer, lines []store.UnmatchedLine) error {
	cw := csv.NewWriter(w)
	row := []string{"carrier", "invoice_number", "invoice_date", "tracking", "order_ref", "marketplace", "service",
		"charge", "amount", "currency", "billed_weight_g", "line", "reason"}
	if err := cw.Write(row); err != nil {
		return err
	}
	for _, l := range lines {
		row = append(row[:0], l.Carrier, l.Invoice, l.InvoiceDate.String(), l.Tracking, l.OrderRef, l.Marketplace, l.Service,
			l.Charge.String(), l.Amount.String(), l.Currency, strconv.FormatInt(l.BilledWeightG, 10), strconv.Itoa(l.Row), unmatchedReason(l))
		for i := range row {
			if i != 8 { // the amount is a number Shipmode wrote, not text from a file
				row[i] = ingest.SafeCell(row[i])
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func unmatchedReason(l store.UnmatchedLine) string {
	if l.Several {
		return "several orders have its tracking number or reference"
	}
	return "no order has its tracking number or reference"
}

// printReconcile prints the one-screen summary of a reconciliation.
func printReconcile(w io.Writer, r *ops.ReconcileResult, shown []string, unmatchedPath string) {
	digits := logistics.CurrencyDigits(r.Currency)
	m := func(v int64) string { return logistics.FormatMinor(v, digits) + " " + r.Currency }
	pct := func(v, of int64) string {
		if of == 0 {
			return "—"
		}
		return fmt.Sprintf("%+.1f %%", 100*float64(v)/float64(of))
	}
	latest := "none"
	if r.LatestInvoice != logistics.NoDate {
		latest = r.LatestInvoice.String()
	}
	fmt.Fprintf(w, "%d invoice lines matched to %d orders; %d unmatched lines; latest invoice %s\n",
		r.Lines, r.MatchedOrders, len(r.Unmatched), latest)
	if r.Rematched > 0 {
		fmt.Fprintf(w, "%d lines found their order since they were imported\n", r.Rematched)
	}
	fmt.Fprintf(w, "planned %s, invoiced %s, variance %s (%s); tolerance max(%s, %s %% of planned)\n",
		m(r.Planned), m(r.Invoiced), m(r.Variance), pct(r.Variance, r.Planned), m(r.Tolerance.Of(0, digits)), r.Tolerance.Pct)
	if r.UnplannedInvoiced != 0 {
		fmt.Fprintf(w, "invoiced for orders without a plan: %s\n", m(r.UnplannedInvoiced))
	}
	if r.NoFX > 0 {
		fmt.Fprintf(w, "%d lines left out: no FX rate on their invoice date (add it to the rate book)\n", r.NoFX)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, gs := range []struct {
		title string
		rows  []ops.ReconcileGroup
	}{{"carrier", r.ByCarrier}, {"mode", r.ByMode}} {
		if len(gs.rows) == 0 {
			continue
		}
		fmt.Fprintf(tw, "\n%s\torders\tplanned\tinvoiced\tvariance\t\t\n", gs.title)
		for _, g := range gs.rows {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t\n", g.Key, g.Orders, m(g.Planned), m(g.Invoiced), m(g.Variance), pct(g.Variance, g.Planned))
		}
	}
	tw.Flush()
	fmt.Fprint(w, "\nfindings:")
	for _, k := range logistics.FindingKinds {
		fmt.Fprintf(w, " %s %d", k, r.Findings[k])
	}
	fmt.Fprintln(w)
	if len(shown) > 0 {
		fmt.Fprintln(w, "the orders whose bills differ most:")
	}
	for _, s := range shown {
		fmt.Fprintf(w, "  %s\n", s)
	}
	if len(r.Unmatched) > 0 {
		fmt.Fprintf(w, "\nunmatched lines: %d", len(r.Unmatched))
		if unmatchedPath != "" {
			fmt.Fprintf(w, " → %s", unmatchedPath)
		}
		fmt.Fprintln(w)
		for i, l := range r.Unmatched {
			if i == 5 {
				fmt.Fprintf(w, "  … and %d more\n", len(r.Unmatched)-5)
				break
			}
			key := l.Tracking
			if key == "" {
				key = l.OrderRef
			}
			fmt.Fprintf(w, "  %s %s line %d: %s %s %s %s: %s\n", l.Carrier, l.Invoice, l.Row, key, l.Charge, l.Amount, l.Currency, unmatchedReason(l))
		}
	}
	if len(r.Calibration) > 0 {
		fmt.Fprintln(w, "\ncalibration per service:")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "carrier\tservice\torders\tinvoiced ÷ planned\tfuel % billed\tbilled ÷ planned weight\t")
		for _, c := range r.Calibration {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t\n", c.Carrier, c.Service, c.Orders, round3(c.InvoicedOverPlanned), round3(c.FuelPct), round3(c.BilledOverPlannedWeight))
		}
		tw.Flush()
	}
}

// round3 writes a ratio with three decimals ("1.188"), "—" for none.
func round3(d logistics.Dec) string {
	if d == 0 {
		return "—"
	}
	const unit = logistics.DecScale / 1000
	v := int64(d)
	q := (v + unit/2) / unit // ratios are not negative
	return logistics.FormatMinor(q, 3)
}
