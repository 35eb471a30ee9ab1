package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"shipmode/logistics"
)

func quoteCmd(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("quote", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the decision as JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want: quote [--json] ORDER.json")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return userErrorf("%s: %v", pos[0], errors.Unwrap(err))
	}
	o, err := readOrder(pos[0], data)
	if err != nil {
		return err
	}
	svc, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer svc.Close()
	res, err := svc.Quote(ctx, o, nil)
	if err != nil {
		return err
	}
	dec := res.Decision
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(toJSON(&dec))
	}
	printDecision(env.Stdout, &dec)
	return nil
}

// printDecision writes a readable table of a decision's options.
func printDecision(w io.Writer, d *logistics.Decision) {
	digits := logistics.CurrencyDigits(d.Currency)
	m := func(v int64) string { return logistics.FormatMinor(v, digits) }
	fmt.Fprintf(w, "order %s, %s to %s — amounts in %s\n\n", d.OrderRef, d.Date, d.Country, d.Currency)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tmode\toption\tdays\tchg g\tfreight\tsurch.\tfuel\tfees\tstorage\thead-haul\tduties\ttotal\t")
	for i, o := range d.Options {
		mark := ""
		if i == d.Chosen {
			mark = "→"
		}
		if !o.Feasible {
			fmt.Fprintf(tw, "%s\t%s\t%s\t\t\t\t\t\t\t\t\t\t—\t\n", mark, o.Mode, o.ID)
			continue
		}
		c := o.Components
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", mark, o.Mode, o.ID, o.TransitDays, o.ChargeableG,
			m(c.Freight), m(c.Surcharges), m(c.Fuel), m(c.Fees), m(c.Storage), m(c.Headhaul), m(c.Duties), m(o.Total))
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, o := range d.Options {
		if !o.Feasible {
			fmt.Fprintf(w, "  %s %s: %s\n", o.Mode, o.ID, o.Reason)
		}
	}
	sla := ""
	if d.SLARisk {
		sla = " [SLA risk]"
	}
	fmt.Fprintf(w, "\nwhy: %s%s\n", d.Reason, sla)
}
