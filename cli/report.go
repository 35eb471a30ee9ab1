package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"shipmode/ops"
	"shipmode/reports"
)

func reportCmd(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	paperName := fs.String("paper", "", "paper the sheets print on: a4 or letter (default: the locale's, from LC_ALL, LC_PAPER or LANG)")
	summary := fs.Bool("summary", false, "write a summary workbook: every sheet but the order register, which goes to FILE-orders.csv beside it")
	pos, p, svc, err := periodCommand(ctx, g, fs, args, 1, "report FILE.xlsx [--from DATE] [--to DATE] [--paper a4|letter] [--summary]")
	if err != nil {
		return err
	}
	defer svc.Close()
	paper, err := parsePaper(*paperName, os.Getenv)
	if err != nil {
		return err
	}
	start := time.Now()
	req := ops.ReportRequest{Path: pos[0], From: p.from, To: p.to, Paper: paper, Summary: *summary, Checked: func(c ops.ReportCheck) {
		if c.Warns() {
			fmt.Fprintln(env.Stderr, reportWarning(c))
		}
	}}
	res, err := svc.WriteReport(ctx, req, nil)
	if err != nil {
		return err
	}
	if res.CSVPath != "" {
		fmt.Fprintf(env.Stdout, "wrote %s and its orders %s: %d orders in %.1f s\n", pos[0], res.CSVPath, res.Orders, time.Since(start).Seconds())
		return nil
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %d orders in %.1f s\n", pos[0], res.Orders, time.Since(start).Seconds())
	return nil
}

// parsePaper reads --paper; without it the paper is the locale's (the first of
// LC_ALL, LC_PAPER and LANG that is set, as the C library takes them).
func parsePaper(name string, getenv func(string) string) (reports.Paper, error) {
	switch strings.ToLower(name) {
	case "a4":
		return reports.PaperA4, nil
	case "letter":
		return reports.PaperLetter, nil
	case "":
		return reports.PaperFromEnv(getenv), nil
	}
	return 0, usagef("--paper %q: want a4 or letter", name)
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
