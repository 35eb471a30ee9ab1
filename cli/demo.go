package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"shipmode/ops"
)

func demoCmd(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	n := fs.Int("orders", 20000, "number of orders")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same data")
	invoices := fs.String("invoices", "", "where to write the demo carrier invoices (default: demo-invoices.csv beside the database file; for a server, in the current folder)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *n < 0 {
		return usagef("want: demo [--orders N] [--seed S] [--invoices FILE]")
	}
	svc, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer svc.Close()
	start := time.Now()
	res, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: *n, Seed: *seed}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "demo data: rate book version %d, %d orders (%d new, %d updated, %d unchanged), %d decisions, in %.1f s\n",
		res.RateBookVersion, *n, res.Import.Inserted, res.Import.Updated, res.Import.Unchanged, res.Decisions, time.Since(start).Seconds())
	if *invoices == "" {
		*invoices = svc.DemoInvoicesPath()
	}
	inv, err := svc.WriteDemoInvoices(ctx, *invoices)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "demo carrier invoices: %d lines → %s (import them with 'shipmode import invoices %s', then 'shipmode reconcile')\n",
		inv.Lines, inv.Path, inv.Path)
	return nil
}
