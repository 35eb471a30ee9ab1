package cli

import (
	"context"
	"flag"
	"fmt"

	"shipmode/ops"
)

// handoffCmd writes the plan's open orders for a label tool.
func handoffCmd(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("handoff", flag.ContinueOnError)
	pos, p, svc, err := periodCommand(ctx, g, fs, args, 1, "handoff FILE.csv [--from DATE] [--to DATE]")
	if err != nil {
		return err
	}
	defer svc.Close()
	res, err := svc.ExportHandoff(ctx, ops.HandoffRequest{Path: pos[0], From: p.from, To: p.to}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %s with their mode and service\n", pos[0], counted(res.Orders, "open order", "open orders"))
	if res.Unassignable+res.Unplanned > 0 {
		fmt.Fprintf(env.Stdout, "left out: %s the plan could not assign, %s not planned yet\n",
			counted(res.Unassignable, "order", "orders"), counted(res.Unplanned, "order", "orders"))
	}
	return nil
}
