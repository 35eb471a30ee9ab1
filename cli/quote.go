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
	"shipmode/store"
)

func quoteCmd(ctx context.Context, g globals, env Env, args []string) error {
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
	db, err := openDB(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	eng, err := loadEngine(ctx, db)
	if err != nil {
		return err
	}
	in, err := db.PlanInput(ctx, logistics.NoDate, logistics.NoDate)
	if err != nil {
		return fmt.Errorf("read the plan: %w", err)
	}
	dec := eng.Quote(o, in.Planned())
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(toJSON(&dec))
	}
	printDecision(env.Stdout, &dec)
	return nil
}

// loadEngine builds the engine from the latest rate book.
func loadEngine(ctx context.Context, db *store.DB) (*logistics.Engine, error) {
	rb, _, err := db.RateBook(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return nil, userErrorf("no rate book yet: run 'shipmode import ratebook FILE.xlsx' or 'shipmode demo' first")
	}
	if err != nil {
		return nil, fmt.Errorf("read the rate book: %w", err)
	}
	eng, err := logistics.NewEngine(&rb)
	if err != nil {
		return nil, userErrorf("rate book: %v", err)
	}
	return eng, nil
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
