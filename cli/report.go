package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"shipmode/ops"
)

func reportCmd(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	pos, p, svc, err := periodCommand(ctx, g, fs, args, 1, "report FILE.xlsx [--from DATE] [--to DATE]")
	if err != nil {
		return err
	}
	defer svc.Close()
	start := time.Now()
	req := ops.ReportRequest{Path: pos[0], From: p.from, To: p.to, Checked: func(c ops.ReportCheck) {
		if c.Warns() {
			fmt.Fprintln(env.Stderr, reportWarning(c))
		}
	}}
	res, err := svc.WriteReport(ctx, req, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %d orders in %.1f s\n", pos[0], res.Orders, time.Since(start).Seconds())
	return nil
}

// reportWarning is the one line said before a workbook whose figures do not rest on
// the current rate book or leave orders of the period out; the exit status is
// unchanged.
func reportWarning(c ops.ReportCheck) string {
	var parts []string
	if c.Superseded > 0 {
		vs := c.SupersededVersions()
		names := make([]string, len(vs))
		for i, v := range vs {
			names[i] = strconv.FormatInt(v, 10)
			if v == 0 {
				names[i] = "unrecorded"
			}
		}
		noun := "version"
		if len(vs) > 1 {
			noun = "versions"
		}
		parts = append(parts, fmt.Sprintf("%s priced by a superseded rate book (%s %s; current version %d)",
			orders(c.Superseded), noun, strings.Join(names, ", "), c.Current.ID))
	}
	if c.Unplanned > 0 {
		verb := "are"
		if c.Unplanned == 1 {
			verb = "is"
		}
		parts = append(parts, fmt.Sprintf("%s of the period %s not planned and left out", orders(c.Unplanned), verb))
	}
	return "shipmode: warning: " + strings.Join(parts, "; ") + ": run 'shipmode plan' to re-price and include the open ones (shipped orders keep their planned cost)"
}

// orders is "1 order" or "12 orders".
func orders(n int) string {
	if n == 1 {
		return "1 order"
	}
	return strconv.Itoa(n) + " orders"
}
