// Command gencsv writes demo orders as a generic order CSV (SPEC §7), one row per
// order line, for the import benchmarks: gencsv -lines N > orders.csv.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"

	"shipmode/demo"
	"shipmode/logistics"
)

func main() {
	lines := flag.Int("lines", 1_000_000, "number of order lines to write")
	seed := flag.Int64("seed", 1, "demo seed")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	fmt.Fprintln(w, "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days")
	n := 0
	done := errors.New("done")
	err := demo.Orders(demo.OrderSpec{N: *lines, Seed: *seed, Start: logistics.DateOf(2025, 12, 1)}, func(o logistics.Order, _ logistics.Status) error {
		promise := ""
		if o.PromisedDays > 0 {
			promise = strconv.Itoa(o.PromisedDays)
		}
		for _, l := range o.Lines {
			if n == *lines {
				return done
			}
			fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%d,%s,%s,%s\n", o.Ref, o.Marketplace, o.Date, o.Country, o.PostalCode, l.SKU, l.Qty, l.UnitPrice, o.Currency, promise)
			n++
		}
		return nil
	})
	if err != nil && !errors.Is(err, done) {
		fmt.Fprintln(os.Stderr, "gencsv:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gencsv:", err)
		os.Exit(1)
	}
}
