package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"shipmode/logistics"
	"shipmode/store"
)

func planCmd(ctx context.Context, g globals, env Env, args []string) error {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	pf := periodFlags(fs)
	jsonPath := fs.String("json", "", "write the decisions as a JSON array to this file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("want: plan [--from DATE] [--to DATE] [--json FILE]")
	}
	period, err := pf()
	if err != nil {
		return err
	}
	db, err := openDB(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	var out io.Writer
	if *jsonPath != "" {
		f, err := os.Create(*jsonPath)
		if err != nil {
			return userErrorf("%s: %v", *jsonPath, errors.Unwrap(err))
		}
		defer f.Close()
		bw := bufio.NewWriterSize(f, 1<<20)
		out = bw
		defer bw.Flush()
	}
	sum, err := Plan(ctx, db, period.from, period.to, out, nil)
	if err != nil {
		return err
	}
	sum.print(env.Stdout)
	return nil
}

type period struct{ from, to logistics.Date }

// periodFlags adds --from and --to to fs; the function it returns parses them once
// fs has parsed.
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

// PlanSummary is the one-screen account of a plan.
type PlanSummary struct {
	currency  string
	orders    int
	rounds    int
	converged bool
	perMode   [len(logistics.Modes) + 1]struct {
		orders int
		spend  int64
	}
	spend        int64
	directSpend  int64 // all-direct-mail baseline of the orders that have one
	baselineOf   int64 // spend of the same orders as planned
	slaRisks     int
	unassignable int
	elapsed      time.Duration
	shipped      int
}

func (s *PlanSummary) add(d *logistics.Decision) {
	s.orders++
	c, ok := d.ChosenOption()
	if !ok {
		s.unassignable++
		return
	}
	s.perMode[c.Mode].orders++
	s.perMode[c.Mode].spend += c.Total
	s.spend += c.Total
	if d.SLARisk {
		s.slaRisks++
	}
	if total, ok := logistics.Cheapest(d.Options); ok[logistics.ModeDirect] {
		s.directSpend += total[logistics.ModeDirect]
		s.baselineOf += c.Total
	}
}

func (s *PlanSummary) print(w io.Writer) {
	digits := logistics.CurrencyDigits(s.currency)
	m := func(v int64) string { return logistics.FormatMinor(v, digits) + " " + s.currency }
	conv := "converged"
	if !s.converged {
		conv = "stopped at the round limit"
	}
	fmt.Fprintf(w, "planned %d open orders in %d rounds (%s) in %.1f s; %d shipped orders kept as shipped\n\n",
		s.orders, s.rounds, conv, s.elapsed.Seconds(), s.shipped)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "mode\torders\tspend\t")
	for _, mode := range logistics.Modes {
		pm := s.perMode[mode]
		fmt.Fprintf(tw, "%s\t%d\t%s\t\n", mode, pm.orders, m(pm.spend))
	}
	fmt.Fprintf(tw, "unassignable\t%d\t\t\n", s.unassignable)
	fmt.Fprintf(tw, "total\t%d\t%s\t\n", s.orders-s.unassignable, m(s.spend))
	tw.Flush()
	saving := s.directSpend - s.baselineOf
	pct := 0.0
	if s.directSpend > 0 {
		pct = 100 * float64(saving) / float64(s.directSpend)
	}
	fmt.Fprintf(w, "\nsavings against all direct mail: %s (%.1f %%)\nSLA risks: %d   unassignable: %d\n", m(saving), pct, s.slaRisks, s.unassignable)
}

// Plan plans the open orders dated from..to (NoDate: open) with the current rate
// book, stores the decisions in one transaction and, when out is not nil, writes
// them as a JSON array to it. progress, if not nil, is told the share of decisions
// made (0 to 1). The desktop app calls it too.
func Plan(ctx context.Context, db *store.DB, from, to logistics.Date, out io.Writer, progress func(float64)) (*PlanSummary, error) {
	p := period{from, to}
	start := time.Now()
	rb, ver, err := db.RateBook(ctx)
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
	// Pricing starts on the orders read so far while the rest are read.
	planner := eng.NewPlanner()
	planner.SkipReasons = out == nil // the store rebuilds them when read; JSON has them
	defer planner.Close()
	in, err := db.PlanInputFunc(ctx, p.from, p.to, planner.Add)
	if err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	sum := &PlanSummary{currency: eng.BaseCurrency(), shipped: len(in.Shipped)}
	jw := newJSONArray(out)
	run := store.PlanRun{StartedAt: start, From: p.from, To: p.to, RateBookID: ver.ID}
	run, err = db.SavePlan(ctx, run, func(save func(int64, *logistics.Decision) error) error {
		st, err := planner.Plan(ctx, in.Orders, func(i int, d *logistics.Decision) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			sum.add(d)
			if progress != nil && sum.orders%4096 == 0 {
				progress(float64(sum.orders) / float64(max(len(in.Orders), 1)))
			}
			if err := jw.add(d); err != nil {
				return err
			}
			return save(in.IDs[i], d)
		})
		sum.rounds, sum.converged = st.Rounds, st.Converged
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	if err := jw.close(); err != nil {
		return nil, fmt.Errorf("write JSON: %w", err)
	}
	sum.elapsed = time.Since(start)
	return sum, nil
}

// jsonArray streams decisions as an indented JSON array.
type jsonArray struct {
	w   io.Writer
	n   int
	err error
}

func newJSONArray(w io.Writer) *jsonArray { return &jsonArray{w: w} }

func (a *jsonArray) add(d *logistics.Decision) error {
	if a.w == nil || a.err != nil {
		return a.err
	}
	b, err := json.MarshalIndent(toJSON(d), "  ", "  ")
	if err != nil {
		a.err = err
		return err
	}
	sep := ",\n  "
	if a.n == 0 {
		sep = "[\n  "
	}
	a.n++
	if _, err := io.WriteString(a.w, sep); err != nil {
		a.err = err
		return err
	}
	_, a.err = a.w.Write(b)
	return a.err
}

func (a *jsonArray) close() error {
	if a.w == nil || a.err != nil {
		return a.err
	}
	end := "\n]\n"
	if a.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(a.w, end)
	return err
}
