package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"shipmode/logistics"
	"shipmode/ops"
)

func overrideCmd(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("override", flag.ContinueOnError)
	option := fs.String("option", "", "the service, warehouse or lane id to keep (default: the best of the mode)")
	reason := fs.String("reason", "", "why (kept with the order and shown in reports)")
	market := fs.String("marketplace", "", "the order's marketplace, when the reference is not unique")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("want: override ORDER_REF MODE [--option ID] --reason TEXT")
	}
	if strings.TrimSpace(*reason) == "" {
		return usagef("override needs --reason TEXT")
	}
	mode, err := logistics.ParseMode(pos[1])
	if err != nil {
		return usagef("%v", err)
	}
	svc, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer svc.Close()
	res, err := svc.Override(ctx, ops.OverrideRequest{Marketplace: *market, Ref: pos[0], Mode: mode, Option: *option, Reason: *reason}, nil)
	switch {
	case errors.Is(err, ops.ErrNoOrder):
		return userErrorf("override: no order %q", pos[0])
	case errors.Is(err, ops.ErrAmbiguousOrder):
		return userErrorf("override: %q is the reference of orders in several marketplaces; add --marketplace NAME", pos[0])
	case err != nil:
		return err
	}
	fmt.Fprintf(env.Stdout, "order %s (id %d) is kept on %s", pos[0], res.OrderID, mode)
	if *option != "" {
		fmt.Fprintf(env.Stdout, " %s", *option)
	}
	fmt.Fprintln(env.Stdout, " in later plans; run 'shipmode plan' to price it")
	return nil
}
