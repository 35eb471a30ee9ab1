package logistics_test

import (
	"testing"

	"shipmode/demo"
	"shipmode/logistics"
)

// BenchmarkQuoteDemo quotes a stream of demo orders against the demo rate book on an
// empty plan (the figure of issue 2: ≥ 200,000 quotes/s on one core, run with -cpu 1).
func BenchmarkQuoteDemo(b *testing.B) {
	rb := demo.RateBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		b.Fatal(err)
	}
	var orders []logistics.Order
	if err := demo.Orders(demo.OrderSpec{N: 4096, Seed: 7, Start: logistics.DateOf(2025, 12, 1)}, func(o logistics.Order, _ logistics.Status) error {
		o.Lines = append([]logistics.Line(nil), o.Lines...)
		orders = append(orders, o)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = e.Quote(orders[i%len(orders)], nil)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "quotes/s")
}
