package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

func planCmd(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	jsonPath := fs.String("json", "", "write the decisions as a JSON array to this file")
	wait := fs.Bool("wait", false, "on a database server, wait while another desktop plans")
	_, period, svc, err := periodCommand(ctx, g, fs, args, 0, "plan [--from DATE] [--to DATE] [--json FILE] [--wait]")
	if err != nil {
		return err
	}
	defer svc.Close()
	req := ops.PlanRequest{From: period.from, To: period.to, Wait: *wait, Waiting: func(e *store.PlanLockedError) {
		fmt.Fprintf(env.Stderr, "shipmode: %v; waiting for it to finish (Ctrl-C to stop)\n", e)
	}}
	var res ops.PlanResult
	if *jsonPath != "" {
		// The JSON is written under a temporary name and takes the file's name
		// only once the plan is stored.
		err = ops.WriteFile(*jsonPath, func(w io.Writer) error {
			jw := &jsonArray{w: w}
			req.Decisions = jw.add
			if res, err = svc.Plan(ctx, req, nil); err != nil {
				return err
			}
			return jw.close()
		})
	} else {
		res, err = svc.Plan(ctx, req, nil)
	}
	if err != nil {
		return err
	}
	printPlan(env.Stdout, &res)
	return nil
}

type period struct{ from, to logistics.Date }

// periodFlags adds --from and --to to fs; the function it returns parses them once
// fs has parsed.
// periodCommand parses the arguments of a command that takes --from and --to
// besides the flags fs already has: it wants n positional arguments (else a usage
// error saying want) and opens the database, which the caller closes.
func periodCommand(ctx context.Context, g *globals, fs *flag.FlagSet, args []string, n int, want string) ([]string, period, *ops.Service, error) {
	pf := periodFlags(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return nil, period{}, nil, err
	}
	if len(pos) != n {
		return nil, period{}, nil, usagef("want: %s", want)
	}
	p, err := pf()
	if err != nil {
		return nil, period{}, nil, err
	}
	svc, err := g.open(ctx)
	return pos, p, svc, err
}

func periodFlags(fs *flag.FlagSet) func() (period, error) {
	from := fs.String("from", "", "first order date (YYYY-MM-DD)")
	to := fs.String("to", "", "last order date (YYYY-MM-DD)")
	return func() (period, error) { return parsePeriod(*from, *to) }
}

func parsePeriod(from, to string) (period, error) {
	p := period{logistics.NoDate, logistics.NoDate}
	var err error
	if from != "" {
		if p.from, err = logistics.ParseDate(from); err != nil {
			return p, usagef("--from: %v", err)
		}
	}
	if to != "" {
		if p.to, err = logistics.ParseDate(to); err != nil {
			return p, usagef("--to: %v", err)
		}
	}
	if p.from != logistics.NoDate && p.to != logistics.NoDate && p.to < p.from {
		return p, usagef("--to %s is before --from %s", p.to, p.from)
	}
	return p, nil
}

// printPlan prints the one-screen account of a plan.
func printPlan(w io.Writer, s *ops.PlanResult) {
	digits := logistics.CurrencyDigits(s.Currency)
	m := func(v int64) string { return logistics.FormatMinor(v, digits) + " " + s.Currency }
	conv := "converged"
	if !s.Converged {
		conv = "stopped at the round limit"
	}
	fmt.Fprintf(w, "planned %d open orders in %d rounds (%s) in %.1f s; %d shipped orders kept as shipped\n\n",
		s.Orders, s.Rounds, conv, s.Elapsed.Seconds(), s.Shipped)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "mode\torders\tspend\t")
	for _, mode := range logistics.Modes {
		pm := s.PerMode[mode]
		fmt.Fprintf(tw, "%s\t%d\t%s\t\n", mode, pm.Orders, m(pm.Spend))
	}
	fmt.Fprintf(tw, "unassignable\t%d\t\t\n", s.Unassignable)
	fmt.Fprintf(tw, "total\t%d\t%s\t\n", s.Orders-s.Unassignable, m(s.Spend))
	tw.Flush()
	saving := s.Savings.Saved()
	pct := 0.0
	if s.Savings.Baseline > 0 {
		pct = 100 * float64(saving) / float64(s.Savings.Baseline)
	}
	fmt.Fprintf(w, "\nsavings against all direct mail: %s (%.1f %%)\nSLA risks: %d   unassignable: %d\n", m(saving), pct, s.SLARisks, s.Unassignable)
	if n := s.Run.Dropped; n > 0 {
		fmt.Fprintf(w, "%d %s changed (another import, override or cancellation) while this plan ran: %s unplanned until the next plan\n",
			n, plural(n, "order", "orders"), plural(n, "it stays", "they stay"))
	}
}

// plural is one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
