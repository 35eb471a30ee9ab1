package store

import (
	"context"
	"testing"
	"time"
)

// BenchmarkImportOrders imports 100,000 orders (~140,000 lines) into an empty
// database, the bulk path of a first import and of the demo.
func BenchmarkImportOrders(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	var lines int
	for i := range n {
		lines += len(genOrder(i).Lines)
	}
	b.ResetTimer()
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		db := openTest(b)
		b.StartTimer()
		start := time.Now()
		res, err := db.ImportOrders(ctx, genOrders(0, n), ImportOptions{Source: "bench.csv"})
		elapsed += time.Since(start)
		if err != nil || res.Inserted != n {
			b.Fatalf("ImportOrders: got %+v, %v; want %d inserted", res, err, n)
		}
	}
	b.ReportMetric(float64(lines)*float64(b.N)/elapsed.Seconds(), "lines/s")
	b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "orders/s")
}
