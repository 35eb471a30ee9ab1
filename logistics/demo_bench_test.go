//go:build unix

package logistics_test

import (
	"syscall"
	"testing"
	"time"

	"shipmode/demo"
	"shipmode/logistics"
)

// BenchmarkQuoteDemo quotes a stream of demo orders against the demo rate book on an
// empty plan (the figure of issue 2: ≥ 200,000 quotes/s on one core; run with
// -cpu 1). Besides wall time it reports CPU time per quote, which other load on the
// machine does not inflate.
func BenchmarkQuoteDemo(b *testing.B) {
	rb := demo.RateBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		b.Fatal(err)
	}
	var orders []logistics.Order
	if err := demo.Orders(demo.OrderSpec{N: 4096, Seed: 7, Start: logistics.DateOf(2025, 12, 1)}, func(o logistics.Order, _ logistics.Status) error {
		orders = append(orders, o)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	i := 0
	for b.Loop() {
		_ = e.Quote(orders[i%len(orders)], nil)
		i++
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "quotes/cpu-s")
}

// cpuTime is the CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
