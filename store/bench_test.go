package store

import (
	"context"
	"testing"
	"time"

	"shipmode/logistics"
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
	var elapsed, cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		db := openTest(b)
		b.StartTimer()
		start, c := time.Now(), cpuTime()
		res, err := db.ImportOrders(ctx, genOrders(0, n), ImportOptions{Source: "bench.csv"})
		elapsed += time.Since(start)
		cpu += cpuTime() - c
		if err != nil || res.Inserted != n {
			b.Fatalf("ImportOrders: got %+v, %v; want %d inserted", res, err, n)
		}
	}
	b.ReportMetric(float64(lines)*float64(b.N)/elapsed.Seconds(), "lines/s")
	b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "orders/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkSavePlan stores decisions (five options each) for 100,000 orders.
func BenchmarkSavePlan(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	db := openTest(b)
	if _, err := db.ImportOrders(ctx, genOrders(0, n), ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	in, err := db.PlanInput(ctx, 0, 0)
	if err != nil {
		b.Fatal(err)
	}
	ds := make([]logistics.Decision, n)
	for i := range ds {
		ds[i] = testDecision(in.Orders[i].Order, i)
	}
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		_, err := db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
			for i := range ds {
				if err := save(in.IDs[i], &ds[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkReimportOrders imports the same 100,000 orders again: every one is looked
// up and found unchanged.
func BenchmarkReimportOrders(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	db := openTest(b)
	if _, err := db.ImportOrders(ctx, genOrders(0, n), ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		res, err := db.ImportOrders(ctx, genOrders(0, n), ImportOptions{})
		if err != nil || res.Unchanged != n {
			b.Fatalf("got %+v, %v; want %d unchanged", res, err, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "orders/s")
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkPlanInput reads 100,000 orders in planning order.
func BenchmarkPlanInput(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	db := openTest(b)
	if _, err := db.ImportOrders(ctx, genOrders(0, n), ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		in, err := db.PlanInput(ctx, 0, 0)
		if err != nil || len(in.Orders) != n {
			b.Fatalf("got %d orders, %v; want %d", len(in.Orders), err, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "orders/s")
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkSummary aggregates the decisions of 100,000 orders.
func BenchmarkSummary(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	db := openTest(b)
	if _, err := db.ImportOrders(ctx, genOrders(0, n), ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	in, err := db.PlanInput(ctx, 0, 0)
	if err != nil {
		b.Fatal(err)
	}
	_, err = db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
		for i := range in.Orders {
			d := testDecision(in.Orders[i].Order, i)
			if err := save(in.IDs[i], &d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		s, err := db.Summary(ctx, 0, 0)
		if err != nil || s.Orders != n {
			b.Fatalf("got %d orders, %v; want %d", s.Orders, err, n)
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}
