package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"shipmode/ops"
)

func reportCmd(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	pf := periodFlags(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want: report FILE.xlsx [--from DATE] [--to DATE]")
	}
	p, err := pf()
	if err != nil {
		return err
	}
	svc, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer svc.Close()
	start := time.Now()
	res, err := svc.WriteReport(ctx, ops.ReportRequest{Path: pos[0], From: p.from, To: p.to}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %d orders in %.1f s\n", pos[0], res.Orders, time.Since(start).Seconds())
	return nil
}
