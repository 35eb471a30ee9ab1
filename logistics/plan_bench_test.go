package logistics_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"shipmode/logistics"
)

// synthOrders makes n orders over 2026 against the example book, deterministic.
func synthOrders(rb *logistics.RateBook, n int) []logistics.PlanOrder {
	r := rand.New(rand.NewPCG(1, 2))
	countries := []string{"FR", "FR", "FR", "IT", "ES", "PL", "PL", "CA", "AU"}
	postal := map[string][]string{
		"FR": {"75011", "92100", "33000", "20000", "69002"}, "IT": {"98055", "98100", "20121"}, "ES": {"28013", "08001"},
		"PL": {"00-950", "31-042"}, "CA": {"M5V 2T6"}, "AU": {"2000"},
	}
	out := make([]logistics.PlanOrder, n)
	for i := range out {
		c := countries[r.IntN(len(countries))]
		o := logistics.Order{
			Ref: fmt.Sprintf("S-%07d", i), Date: date("2026-01-01") + logistics.Date(r.IntN(365)), Country: c,
			PostalCode: postal[c][r.IntN(len(postal[c]))], Currency: "EUR",
			PromisedDays: []int{0, 0, 7, 14, 20}[r.IntN(5)],
		}
		for range 1 + r.IntN(2) {
			p := rb.Products[r.IntN(len(rb.Products))]
			o.Lines = append(o.Lines, logistics.Line{SKU: p.SKU, Qty: int64(1 + r.IntN(2)), UnitPrice: logistics.Dec(int64(5+r.IntN(200)) * logistics.DecScale)})
		}
		out[i].Order = o
	}
	return out
}

func BenchmarkPlan(b *testing.B) {
	for _, n := range []int{100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			rb := exampleBook()
			for i := range rb.Stock {
				rb.Stock[i].OnHand *= 1000
			}
			e, _ := logistics.NewEngine(&rb)
			orders := synthOrders(&rb, n)
			b.ReportAllocs()
			for b.Loop() {
				st, err := e.Plan(orders, func(int, *logistics.Decision) error { return nil })
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(st.Rounds), "rounds")
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapInuse)/1e6, "heapMB")
		})
	}
}
