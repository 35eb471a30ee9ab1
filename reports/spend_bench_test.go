package reports

import (
	"context"
	"testing"
)

// countingWriter counts the bytes of the workbook.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkWriteSpend writes the workbook of 10,000 orders.
func BenchmarkWriteSpend(b *testing.B) {
	rows := spendTestRows(10_000, 1)
	meta := spendTestMeta()
	var size int64
	b.ReportAllocs()
	for b.Loop() {
		var w countingWriter
		if err := WriteSpend(context.Background(), &w, meta, spendSlice(rows), nil); err != nil {
			b.Fatal(err)
		}
		size = w.n
	}
	b.ReportMetric(float64(len(rows))*float64(b.N)/b.Elapsed().Seconds(), "orders/s")
	b.ReportMetric(float64(size), "xlsx-bytes")
}

// BenchmarkWriteSpendStamped writes the workbook of 10,000 orders, each with its
// plan run and rate-book version (issue 16): the columns and the Assumptions'
// usage must not add allocations per order.
func BenchmarkWriteSpendStamped(b *testing.B) {
	rows := spendTestRows(10_000, 1)
	meta := withBasis(spendTestMeta(), rows)
	for i := range rows {
		rows[i].RunID += 1000 // beyond the small integers Go boxes without allocating
	}
	benchWriteSpend(b, meta, rows)
}

// BenchmarkWriteSpendSummary writes the summary workbook of 10,000 orders and
// their register as CSV (issue 16: a million orders in at most 10 s).
func BenchmarkWriteSpendSummary(b *testing.B) {
	rows := spendTestRows(10_000, 1)
	meta := withBasis(spendTestMeta(), rows)
	var register countingWriter
	meta.OrdersCSV, meta.OrdersCSVName = &register, "spend-orders.csv"
	benchWriteSpend(b, meta, rows)
}

// benchWriteSpend times WriteSpend of rows with meta, in orders a second.
func benchWriteSpend(b *testing.B, meta SpendMeta, rows []SpendRow) {
	b.ReportAllocs()
	for b.Loop() {
		var w countingWriter
		if err := WriteSpend(context.Background(), &w, meta, spendSlice(rows), nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rows))*float64(b.N)/b.Elapsed().Seconds(), "orders/s")
}
