package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"shipmode/ingest"
	"shipmode/ops"
)

func importCmd(ctx context.Context, g *globals, env Env, kind string, args []string) error {
	switch kind {
	case "orders":
		return importOrders(ctx, g, env, args)
	case "products", "stock", "ratebook":
		if len(args) != 1 {
			return usagef("want: import %s FILE", kind)
		}
		svc, err := g.open(ctx)
		if err != nil {
			return err
		}
		defer svc.Close()
		path := args[0]
		switch kind {
		case "products":
			res, err := svc.ImportProducts(ctx, path, nil)
			if err != nil {
				return err
			}
			printRows(env.Stdout, "product", "products", res)
		case "stock":
			res, err := svc.ImportStock(ctx, path, nil)
			if err != nil {
				return err
			}
			printRows(env.Stdout, "stock row", "stock rows", res)
		case "ratebook":
			res, err := svc.ImportRateBook(ctx, path, nil)
			if err != nil {
				return err
			}
			rb := res.RateBook
			fmt.Fprintf(env.Stdout, "rate book version %d imported from %s: %d services, %d warehouses, %d lanes, %d products, %d stock rows\n",
				res.Version.ID, res.Version.Source, len(rb.Services), len(rb.Warehouses), len(rb.Lanes), len(rb.Products), len(rb.Stock))
		}
		return nil
	case "invoices":
		return importInvoices(ctx, g, env, args)
	}
	return usagef("unknown import kind %q (want orders, products, stock, ratebook or invoices)", kind)
}

// pairs is a repeatable field=value flag.
type pairs map[string]string

func (p pairs) String() string { return fmt.Sprint(map[string]string(p)) }

func (p pairs) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("want field=value, got %q", s)
	}
	p[strings.TrimSpace(k)] = v
	return nil
}

// tableFlags are the flags of an import of a table file: --format (one of formats),
// --dates, and the repeatable --map and --set.
func tableFlags(fs *flag.FlagSet, formats string) (format, dates *string, maps, sets pairs) {
	format = fs.String("format", "", formats+" (default: from the header)")
	dates = fs.String("dates", "auto", "the order of numeric dates: auto, dmy, mdy or ymd")
	maps, sets = pairs{}, pairs{}
	fs.Var(maps, "map", "field=Header: read a field from another column (repeatable)")
	fs.Var(sets, "set", "field=value: a constant for every row (repeatable)")
	return format, dates, maps, sets
}

func importOrders(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("import orders", flag.ContinueOnError)
	format, dates, maps, sets := tableFlags(fs, "amazon, ebay, shopify or generic")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want: import orders FILE [--format F] [--dates auto|dmy|mdy|ymd] [--map field=Header ...] [--set field=value ...]")
	}
	path := pos[0]
	opt := ingest.OrderOptions{Map: maps, Set: sets}
	if *format != "" {
		f, err := ingest.ParseFormat(*format)
		if err != nil {
			return usagef("--format: %v", err)
		}
		opt.Format = f
	}
	if opt.DateOrder, err = ingest.ParseDateOrder(*dates); err != nil {
		return usagef("--dates: %v", err)
	}
	svc, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer svc.Close()
	res, err := svc.ImportOrders(ctx, path, opt, nil)
	if err != nil {
		return err
	}
	rd, st := &res.Read, res.Stored
	fmt.Fprintf(env.Stdout, "%s (%s) imported, %s rejected", counted(rd.OrderCount, "order", "orders"),
		counted(rd.RowsImported, "line", "lines"), counted(len(rd.Rejected), "row", "rows"))
	if res.RejectedFile != "" {
		fmt.Fprintf(env.Stdout, " → %s", res.RejectedFile)
	}
	fmt.Fprintf(env.Stdout, "\n%s\n%d new, %d updated, %d unchanged", rd.Summary(), st.Inserted, st.Updated, st.Unchanged)
	if st.Cancelled > 0 || len(rd.Cancelled) > 0 {
		fmt.Fprintf(env.Stdout, ", %d cancelled", st.Cancelled)
	}
	if st.InvoiceLinesMatched > 0 {
		fmt.Fprintf(env.Stdout, "; %d invoice lines that waited for these orders are matched", st.InvoiceLinesMatched)
	}
	fmt.Fprintln(env.Stdout)
	printRejected(env.Stdout, rd.Rejected)
	return nil
}

// printRows prints what an import of products or stock did.
func printRows(w io.Writer, one, many string, res ops.TableResult) {
	fmt.Fprintf(w, "%s imported, %s rejected", counted(res.Stored, one, many), counted(len(res.Rejected), "row", "rows"))
	if res.RejectedFile != "" {
		fmt.Fprintf(w, " → %s", res.RejectedFile)
	}
	fmt.Fprintln(w)
	printRejected(w, res.Rejected)
}

// printRejected prints the first rejected rows.
func printRejected(w io.Writer, rejected []ingest.RowError) {
	for i, r := range rejected {
		if i == 5 {
			fmt.Fprintf(w, "… and %d more in the rejected-rows file\n", len(rejected)-5)
			break
		}
		fmt.Fprintf(w, "  %s\n", r.Error())
	}
}

// counted is "1 order", "2 orders".
func counted(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
