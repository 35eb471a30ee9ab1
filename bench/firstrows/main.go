// Command firstrows times what a person waits for in the Orders screen: the first
// page of rows (50) after a filter, on a database file or a PostgreSQL URL (issue
// 13's target: ≤ 300 ms). It prints each filter's median of 5 runs, in ms.
//
//	go run ./bench/firstrows DB
package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"shipmode/logistics"
	"shipmode/store"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: firstrows DB|postgres://…")
		os.Exit(2)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer db.Close()
	filters := []struct {
		name string
		f    store.OrderFilter
	}{
		{"all, by date", store.OrderFilter{}},
		{"country DE", store.OrderFilter{Country: "DE"}},
		{"marketplace ebay, newest first", store.OrderFilter{Marketplace: "ebay", Desc: true}},
		{"mode warehouse", store.OrderFilter{Mode: logistics.ModeWarehouse}},
		{"SLA risk", store.OrderFilter{SLARisk: true}},
		{"search reference prefix", store.OrderFilter{Search: "40"}},
		{"sort by total, descending", store.OrderFilter{Sort: store.SortTotal, Desc: true}},
		{"open, one month", store.OrderFilter{Status: logistics.Open, From: logistics.DateOf(2026, 3, 1), To: logistics.DateOf(2026, 3, 31)}},
	}
	for _, c := range filters {
		var ms []float64
		var rows int
		for range 5 {
			start := time.Now()
			r, err := db.ListOrders(ctx, c.f, 0, 50)
			if err != nil {
				fmt.Fprintln(os.Stderr, c.name+":", err)
				os.Exit(1)
			}
			ms = append(ms, float64(time.Since(start).Microseconds())/1000)
			rows = len(r)
		}
		slices.Sort(ms)
		fmt.Printf("%-34s %8.1f ms  (%d rows)\n", c.name, ms[2], rows)
	}
}
