package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"shipmode/logistics"
	"shipmode/ops"
)

// scenarioCmd works out "stock these SKUs in this warehouse" (SPEC §9, §11).
func scenarioCmd(ctx context.Context, g *globals, env Env, args []string) error {
	if len(args) > 0 && args[0] == "suggest" {
		return suggestCmd(ctx, g, env, args[1:])
	}
	fs := flag.NewFlagSet("scenario", flag.ContinueOnError)
	wh := fs.String("warehouse", "", "the warehouse id")
	skus := fs.String("sku", "", "the SKUs, separated by commas")
	cover := fs.Int("cover-days", 0, "days of demand the stock covers (default: the rate book's cover_days, 30 unless set)")
	jsonPath := fs.String("json", "", "also write the result as JSON to this file")
	xlsxPath := fs.String("xlsx", "", "also write the scenario and the warehouse's suggestions as a workbook to this file")
	pf := periodFlags(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *wh == "" || *skus == "" || *cover < 0 {
		return usagef("want: scenario --warehouse W --sku S[,S...] [--from DATE] [--to DATE] [--cover-days N] [--json FILE] [--xlsx FILE]")
	}
	p, err := pf()
	if err != nil {
		return err
	}
	var list []string
	for _, s := range strings.Split(*skus, ",") {
		if s = strings.TrimSpace(s); s != "" {
			list = append(list, s)
		}
	}
	svc, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer svc.Close()
	req := ops.ScenarioRequest{Warehouse: *wh, SKUs: list, From: p.from, To: p.to, CoverDays: *cover}
	var res ops.ScenarioResult
	if *xlsxPath != "" {
		bar := newProgressBar(env.Stderr, "writing", "steps")
		var rep ops.ScenarioReportResult
		rep, err = svc.WriteScenarioReport(ctx, ops.ScenarioReportRequest{ScenarioRequest: req, Path: *xlsxPath}, bar.progress())
		bar.done()
		res = rep.Scenario
	} else {
		res, err = svc.Scenario(ctx, req, nil)
	}
	if err != nil {
		return err
	}
	if *jsonPath != "" {
		if err := writeJSON(*jsonPath, scenarioJSON(&res)); err != nil {
			return err
		}
	}
	printScenario(env.Stdout, &res)
	if *xlsxPath != "" {
		fmt.Fprintf(env.Stdout, "\nworkbook: %s\n", *xlsxPath)
	}
	return nil
}

// suggestCmd ranks the (SKU, warehouse) pairs worth stocking (SPEC §9, §11).
func suggestCmd(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("scenario suggest", flag.ContinueOnError)
	wh := fs.String("warehouse", "", "only this warehouse (default: every warehouse)")
	top := fs.Int("top", 0, "show only the first N suggestions (default: all)")
	cover := fs.Int("cover-days", 0, "days of demand the stock covers (default: the rate book's cover_days)")
	jsonPath := fs.String("json", "", "also write the suggestions as a JSON array of scenarios to this file")
	pf := periodFlags(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *top < 0 || *cover < 0 {
		return usagef("want: scenario suggest [--warehouse W] [--top N] [--from DATE] [--to DATE] [--cover-days N] [--json FILE]")
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
	bar := newProgressBar(env.Stderr, "weighing", "pairs")
	res, err := svc.SuggestScenarios(ctx, ops.SuggestRequest{Warehouse: *wh, From: p.from, To: p.to, CoverDays: *cover, Top: *top}, bar.progress())
	bar.done()
	if err != nil {
		return err
	}
	if *jsonPath != "" {
		list := make([]any, 0, len(res.Suggestions))
		for i := range res.Suggestions {
			list = append(list, scenarioJSON(&ops.ScenarioResult{ScenarioResult: res.Suggestions[i], Currency: res.Currency}))
		}
		if err := writeJSON(*jsonPath, list); err != nil {
			return err
		}
	}
	printSuggestions(env.Stdout, &res)
	return nil
}

// writeJSON writes v, indented, to path (atomically).
func writeJSON(path string, v any) error {
	return ops.WriteFile(path, func(w io.Writer) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	})
}

// printSuggestions prints the ranked suggestions as a table.
func printSuggestions(w io.Writer, r *ops.SuggestResult) {
	digits := logistics.CurrencyDigits(r.Currency)
	m := func(v int64) string { return logistics.FormatMinor(v, digits) }
	fmt.Fprintf(w, "%d of %d (SKU, warehouse) pairs pay, history %s to %s (%d days), %d days of cover, capital at %s %% a year",
		r.Found, r.Pairs, r.From, r.To, int(r.To-r.From)+1, r.CoverDays, r.CapitalCostPct)
	if len(r.Suggestions) < r.Found {
		fmt.Fprintf(w, "; the first %d", len(r.Suggestions))
	}
	fmt.Fprintln(w)
	if len(r.Suggestions) == 0 {
		return
	}
	fmt.Fprintf(w, "\n  %4s  %-20s %-12s %7s %16s %16s %16s %8s\n", "rank", "sku", "warehouse", "orders",
		"monthly net "+r.Currency, "savings/month", "capital tied", "payback")
	for i, s := range r.Suggestions {
		fmt.Fprintf(w, "  %4d  %-20s %-12s %7d %16s %16s %16s %8s\n", i+1, s.SKUs[0], s.Warehouse, s.OrdersMoved,
			m(s.MonthlyNet), m(s.MonthlySavings), m(s.CapitalTied), logistics.FormatMinor(s.PaybackTenths, 1)+" mo")
	}
}

// printScenario prints a scenario's one-screen account.
func printScenario(w io.Writer, r *ops.ScenarioResult) {
	digits := logistics.CurrencyDigits(r.Currency)
	m := func(v int64) string { return logistics.FormatMinor(v, digits) + " " + r.Currency }
	fmt.Fprintf(w, "stock %s in %s, history %s to %s (%d days), %d days of cover\n\n",
		strings.Join(r.SKUs, ", "), r.Warehouse, r.From, r.To, r.Days, r.CoverDays)
	fmt.Fprintf(w, "  orders moved        %d (newly served: %d)\n", r.OrdersMoved, r.NewlyServed)
	fmt.Fprintf(w, "  savings             %s over the period (storage %s and head-haul %s inside)\n", m(r.Savings), m(r.Storage), m(r.Headhaul))
	fmt.Fprintf(w, "  monthly savings     %s\n", m(r.MonthlySavings))
	fmt.Fprintf(w, "  capital tied        %s\n", m(r.CapitalTied))
	fmt.Fprintf(w, "  monthly capital cost %s (%s %% a year)\n", m(r.MonthlyCapitalCost), r.CapitalCostPct)
	fmt.Fprintf(w, "  monthly net         %s\n", m(r.MonthlyNet))
	if r.HasPayback {
		fmt.Fprintf(w, "  payback             %s months\n", logistics.FormatMinor(r.PaybackTenths, 1))
	} else {
		fmt.Fprintf(w, "  payback             none: the monthly net is not positive\n")
	}
	fmt.Fprintf(w, "\n  %-20s %12s %12s %14s %16s\n", "sku", "units moved", "stock needed", "unit cost", "capital")
	for _, s := range r.Stock {
		fmt.Fprintf(w, "  %-20s %12d %12d %14s %16s\n", s.SKU, s.UnitsMoved, s.StockNeeded, s.UnitCost.String()+" "+s.Currency, m(s.Capital))
	}
}

// scenarioJSON is the JSON of SPEC §11 (scenario --json): money as decimal strings
// in the base currency.
func scenarioJSON(r *ops.ScenarioResult) any {
	digits := logistics.CurrencyDigits(r.Currency)
	m := func(v int64) string { return logistics.FormatMinor(v, digits) }
	type stock struct {
		SKU         string `json:"sku"`
		UnitsMoved  int64  `json:"units_moved"`
		StockNeeded int64  `json:"stock_needed"`
		UnitCost    string `json:"unit_cost"`
		Capital     string `json:"capital"`
	}
	type moved struct {
		Ref      string `json:"order_ref"`
		Baseline string `json:"baseline"`
		Total    string `json:"total"`
		Saving   string `json:"saving"`
	}
	out := struct {
		Warehouse          string   `json:"warehouse"`
		SKUs               []string `json:"skus"`
		From               string   `json:"from"`
		To                 string   `json:"to"`
		Days               int      `json:"days"`
		OrdersMoved        int      `json:"orders_moved"`
		NewlyServed        int      `json:"newly_served"`
		Savings            string   `json:"savings"`
		MonthlySavings     string   `json:"monthly_savings"`
		Storage            string   `json:"storage"`
		Headhaul           string   `json:"headhaul"`
		Stock              []stock  `json:"stock"`
		CapitalTied        string   `json:"capital_tied"`
		MonthlyCapitalCost string   `json:"monthly_capital_cost"`
		MonthlyNet         string   `json:"monthly_net"`
		PaybackMonths      *string  `json:"payback_months"`
		Moved              []moved  `json:"moved"`
	}{
		Warehouse: r.Warehouse, SKUs: r.SKUs, From: r.From.String(), To: r.To.String(), Days: r.Days,
		OrdersMoved: r.OrdersMoved, NewlyServed: r.NewlyServed, Savings: m(r.Savings), MonthlySavings: m(r.MonthlySavings),
		Storage: m(r.Storage), Headhaul: m(r.Headhaul), CapitalTied: m(r.CapitalTied),
		MonthlyCapitalCost: m(r.MonthlyCapitalCost), MonthlyNet: m(r.MonthlyNet),
		Stock: []stock{}, Moved: []moved{},
	}
	if r.HasPayback {
		p := logistics.FormatMinor(r.PaybackTenths, 1)
		out.PaybackMonths = &p
	}
	for _, s := range r.Stock {
		out.Stock = append(out.Stock, stock{SKU: s.SKU, UnitsMoved: s.UnitsMoved, StockNeeded: s.StockNeeded, UnitCost: m(s.UnitCapital), Capital: m(s.Capital)})
	}
	for _, mv := range r.Moved {
		out.Moved = append(out.Moved, moved{Ref: mv.Order.Ref, Baseline: m(mv.Baseline), Total: m(mv.Total), Saving: m(mv.Saving)})
	}
	return out
}
