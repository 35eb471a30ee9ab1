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
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *n < 0 {
		return usagef("want: demo [--orders N] [--seed S]")
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
	inv, err := svc.WriteDemoInvoices(ctx, svc.DemoInvoicesPath())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "demo carrier invoices: %d lines → %s (import them with 'shipmode import invoices %s', then 'shipmode reconcile')\n",
		inv.Lines, inv.Path, inv.Path)
	return nil
}
