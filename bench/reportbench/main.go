// Command reportbench writes the spend workbook for N synthetic orders, for
// bench/report.sh (timing, peak memory, comparison with openpyxl) and for looking at
// the result. The invoiced orders (a sixth) are reconciled as ops would give them,
// so the workbook has its Invoices sheet, with a finding per order billed more than
// 0.50 off its plan. The orders come from a splitmix64 generator that
// bench/report_openpyxl.py reproduces value for value.
//
//	go run ./bench/reportbench -orders 1000000 -out /tmp/spend.xlsx
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"shipmode/logistics"
	"shipmode/reports"
)

func main() {
	orders := flag.Int("orders", 1_000_000, "number of orders")
	seed := flag.Uint64("seed", 1, "generator seed")
	out := flag.String("out", "spend.xlsx", "workbook to write")
	summary := flag.Bool("summary", false, "a summary workbook: the register as CSV beside it (OUT-orders.csv)")
	letter := flag.Bool("letter", false, "print on Letter paper (default: A4)")
	profile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if *profile != "" {
		pf, err := os.Create(*profile)
		if err == nil {
			err = pprof.StartCPUProfile(pf)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "reportbench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	paper := reports.PaperA4
	if *letter {
		paper = reports.PaperLetter
	}
	if err := run(*orders, *seed, *out, *summary, paper); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "reportbench:", err)
		os.Exit(1)
	}
}

func run(n int, seed uint64, path string, summary bool, paper reports.Paper) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var register *os.File
	if summary {
		if register, err = os.Create(strings.TrimSuffix(path, filepath.Ext(path)) + "-orders.csv"); err != nil {
			return err
		}
		defer register.Close()
	}
	meta := reports.SpendMeta{
		Paper:        paper,
		From:         logistics.DateOf(2026, 1, 1),
		To:           logistics.DateOf(2026, 6, 30),
		BaseCurrency: "USD",
		RateBook: reports.RateBookInfo{
			Version: 7, ImportedAt: time.Date(2025, 12, 20, 9, 30, 0, 0, time.UTC), Source: "ratebook-2026H1.xlsx",
		},
		FX: []logistics.FXRate{
			{Currency: "CNY", RateToBase: 138_700_000, ValidFrom: logistics.DateOf(2025, 9, 1)},
			{Currency: "EUR", RateToBase: 1_085_000_000, ValidFrom: logistics.DateOf(2025, 9, 1)},
			{Currency: "PLN", RateToBase: 251_000_000, ValidFrom: logistics.DateOf(2025, 9, 1)},
		},
		Duties: []logistics.Duty{
			{Country: "FR", ValidFrom: logistics.DateOf(2025, 1, 1), Currency: "EUR", DutyFreeThreshold: 150_000_000_000, DutyRatePct: 3_700_000_000, Valuation: logistics.CIF},
			{Country: "CA", ValidFrom: logistics.DateOf(2025, 1, 1), Currency: "CAD", DutyFreeThreshold: 20_000_000_000, DutyRatePct: 8_000_000_000, Valuation: logistics.FOB, ClearanceFeePerParcel: 9_950_000_000},
		},
		GeneratedAt: time.Now(),
		AppVersion:  "bench",
	}
	if register != nil {
		meta.OrdersCSV, meta.OrdersCSVName = register, filepath.Base(register.Name())
	}
	// The invoiced orders' reconciliation, as ops gives it, is added up while the
	// rows stream: WriteSpend reads it after the Orders sheet.
	inv := &reports.SpendInvoices{Tolerance: logistics.DefaultTolerance(), LatestInvoice: logistics.DateOf(2026, 7, 15)}
	meta.Invoices = func() (*reports.SpendInvoices, error) { return inv, nil }
	var found []int // the orders with a finding, regenerated when the sheet lists them
	carriers := map[string]*reports.InvoiceGroup{}
	start := time.Now()
	err = reports.WriteSpend(context.Background(), f, meta, func(yield func(reports.SpendRow) error) error {
		for i := range n {
			r := Row(seed, i)
			if r.Invoiced.Valid {
				g := invoiceGroup(&r)
				r.ComponentVariance = g.ComponentVariance
				inv.Orders++
				inv.Lines += 2
				inv.All = addGroup(inv.All, g)
				c := carriers[r.Option]
				if c == nil {
					c = &reports.InvoiceGroup{Key: r.Option}
					carriers[r.Option] = c
				}
				*c = addGroup(*c, g)
				if k := findingKind(g.Variance); k != 0 {
					found = append(found, i)
					inv.FindingsByKind[k]++
				}
			}
			if err := yield(r); err != nil {
				return err
			}
		}
		for _, o := range options[1:] {
			if c := carriers[o]; c != nil {
				inv.ByCarrier = append(inv.ByCarrier, *c)
			}
		}
		inv.Findings = func(yield func(*reports.InvoiceFinding) error) error {
			for _, i := range found {
				r := Row(seed, i)
				g := invoiceGroup(&r)
				f := reports.InvoiceFinding{Date: r.Date, Marketplace: r.Marketplace, Ref: r.Ref, Mode: r.Mode, Option: r.Option,
					Kind: findingKind(g.Variance), Planned: g.Planned, Invoiced: g.Invoiced, Variance: g.Variance, Tolerance: 50,
					Sentence: fmt.Sprintf("invoiced %s against %s planned", logistics.FormatMinor(g.Invoiced, 2), logistics.FormatMinor(g.Planned, 2))}
				if err := yield(&f); err != nil {
					return err
				}
			}
			return nil
		}
		return nil
	}, nil)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if register != nil {
		if err := register.Close(); err != nil {
			return err
		}
	}
	st, _ := os.Stat(path)
	fmt.Printf("orders=%d seconds=%.2f bytes=%d\n", n, time.Since(start).Seconds(), st.Size())
	return nil
}

// invoiceGroup is an invoiced order's reconciliation: its variance is all freight.
func invoiceGroup(r *reports.SpendRow) reports.InvoiceGroup {
	planned := r.Components.Total()
	v := r.Invoiced.Minor - planned
	return reports.InvoiceGroup{Orders: 1, Planned: planned, Invoiced: r.Invoiced.Minor, Variance: v,
		ComponentVariance: logistics.ChargeComponents{Freight: v}}
}

func addGroup(a, b reports.InvoiceGroup) reports.InvoiceGroup {
	a.Orders += b.Orders
	a.Planned += b.Planned
	a.Invoiced += b.Invoiced
	a.Variance += b.Variance
	a.ComponentVariance = a.ComponentVariance.Plus(b.ComponentVariance)
	return a
}

// findingKind is over or under beyond 0.50, else 0.
func findingKind(v int64) logistics.FindingKind {
	switch {
	case v > 50:
		return logistics.FindOver
	case v < -50:
		return logistics.FindUnder
	}
	return 0
}

func mix64(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}

var (
	markets   = []string{"Amazon", "eBay", "Shopify", "AliExpress", "Ozon"}
	countries = []string{"US", "GB", "DE", "FR", "IT", "ES", "PL", "NL", "BE", "SE", "CA", "AU", "JP", "KR", "BR", "MX", "RU", "TR", "AE", "SA", "IL", "CH", "AT", "CZ", "IE"}
	options   = []string{"", "WH-PL-WAW", "FW-FR-PAR", "LANE-SZX-CDG", "CN-POST-ECO"}
	// the last leg of each mode's option: carrier, delivery service, its currency
	// and FX rate to USD
	carriers     = []string{"", "InPost", "La Poste", "La Poste", "China Post"}
	services     = []string{"", "INPOST-PL", "COLISSIMO-FR", "COLISSIMO-FR", "CN-POST-ECO"}
	svcCurrency  = []string{"", "PLN", "EUR", "EUR", "CNY"}
	svcRates     = []logistics.Dec{0, 251_000_000, 1_085_000_000, 1_085_000_000, 138_700_000}
	promiseDays  = []int{0, 5, 10, 15}
	batchTierKgs = []logistics.Dec{0, 50_000_000_000, 100_000_000_000}
)

// the currency of a warehouse's or lane's own pieces, and its FX rate, by mode
var (
	ownCurrency = [...]string{"", "PLN", "EUR", "USD"}
	ownRates    = [...]logistics.Dec{0, 251_000_000, 1_085_000_000, 1_000_000_000}
)

// Row is the i-th synthetic order of a seed. bench/report_openpyxl.py computes the
// same values.
func Row(seed uint64, i int) reports.SpendRow {
	h := mix64(seed*0x100000001B3 ^ uint64(i))
	r := reports.SpendRow{
		Date:        logistics.DateOf(2026, 1, 1) + logistics.Date(h%181),
		Marketplace: markets[(h>>8)%5],
		Ref:         fmt.Sprintf("ORD-%07d", i),
		Country:     countries[(h>>16)%uint64(len(countries))],
		Status:      logistics.Open,
		Units:       int64(1 + (h>>28)%4),
		// three plan runs on rate book version 7
		RunID:           int64(40 + (h>>40)%3),
		RateBookVersion: 7,
		OrderCurrency:   "EUR",
	}
	if (h>>24)%3 == 0 {
		r.Status = logistics.Shipped
	}
	a := mix64(h)
	sel := a % 100
	switch {
	case sel < 3:
		r.Mode = 0
	case sel < 25:
		r.Mode = logistics.ModeWarehouse
	case sel < 35:
		r.Mode = logistics.ModeLocal
	case sel < 60:
		r.Mode = logistics.ModeConsolidation
	default:
		r.Mode = logistics.ModeDirect
	}
	b := mix64(a)
	c := mix64(b)
	if r.Mode == 0 {
		r.Reason = "no feasible option: no service, warehouse or lane serves " + r.Country + " for this parcel"
		return r
	}
	m := int64(r.Mode)
	r.Option = options[m]
	r.ChargeableG = int64(100 + (a>>8)%15000)
	freight := int64(300 + (a>>24)%5000)
	var sur int64
	if (a>>40)%4 == 0 {
		sur = int64((a >> 44) % 800)
	}
	comp := logistics.Components{Freight: freight, Surcharges: sur, Fuel: freight * int64(b%25) / 100}
	if m <= 3 {
		comp.Fees = int64(100 + (b>>8)%300)
	}
	if m <= 2 {
		comp.Storage = int64((b >> 20) % 200)
	}
	if m == 1 {
		comp.Headhaul = int64((b >> 30) % 400)
	}
	if (b>>40)%5 == 0 {
		comp.Duties = int64((b >> 44) % 2000)
	}
	r.Components = comp
	total := comp.Total()
	best := total
	for k := int64(1); k <= 4; k++ {
		switch {
		case k == m:
			r.ModeTotals[k-1] = reports.Cost{Minor: total, Valid: true}
		case (c>>(k*8))%4 != 0:
			v := total + int64((c>>(32+k*6))%2500) - 400
			r.ModeTotals[k-1] = reports.Cost{Minor: v, Valid: true}
			best = min(best, v)
		}
	}
	r.BestTotal = reports.Cost{Minor: best, Valid: true}
	r.DirectBaseline = r.ModeTotals[3]
	r.PostalCode = fmt.Sprintf("%05d", (h>>32)%100000)
	r.GoodsValue, r.GoodsValueOK = logistics.Dec(int64(1000+(b>>12)%20000)*10_000_000), true
	r.Carrier, r.Service, r.ServiceCurrency, r.FXRate = carriers[m], services[m], svcCurrency[m], svcRates[m]
	r.TransitDays, r.PromiseDays = int(2+(a>>56)%12), promiseDays[(c>>20)%4]
	if r.Mode == logistics.ModeConsolidation {
		g := int64(50000 + (c>>24)%200000) // batch grams
		r.Batch = reports.SpendBatch{Departure: r.Date + 3, Kg: logistics.Dec(g * 1_000_000), Parcels: int64(10 + (c>>40)%90),
			TierFromKg: batchTierKgs[min(g/50000, 3)-1]}
	} else {
		r.Zone = fmt.Sprintf("Z%d", (a>>50)%8)
	}
	// How the rate cards priced it: the pieces in their own currencies.
	d := mix64(c)
	p := &r.Pricing
	p.Known, p.ActualG, p.ServiceG = true, r.ChargeableG-int64(d%100), r.ChargeableG
	if m != 1 {
		p.VolumetricG, p.HasVolumetric = int64((d>>8)%20000), true
	}
	p.Freight = reports.SpendAmount{Minor: freight * 7, Digits: 2, Valid: true}
	p.Fuel = reports.SpendAmount{Minor: comp.Fuel * 7, Digits: 2, Valid: true}
	if sur > 0 {
		p.Remote = reports.SpendAmount{Minor: sur * 7, Digits: 2, Valid: true}
	}
	if m <= 3 {
		p.OwnCurrency, p.OwnFX = ownCurrency[m], ownRates[m]
		p.Fees = reports.SpendAmount{Minor: comp.Fees * 4, Digits: 2, Valid: true}
	}
	if m <= 2 {
		p.Storage = reports.SpendAmount{Minor: comp.Storage * 4, Digits: 2, Valid: true}
	}
	if m == 1 {
		p.Headhaul = reports.SpendAmount{Minor: comp.Headhaul * 4, Digits: 2, Valid: true}
	}
	if m == 3 {
		p.LineHaul = reports.SpendAmount{Minor: freight * 3, Digits: 2, Valid: true}
	}
	if comp.Duties > 0 {
		p.DutyCurrency, p.DutyFX = "EUR", 1_085_000_000
		p.Duty = reports.SpendAmount{Minor: comp.Duties, Digits: 2, Valid: true}
	}
	p.UnitCost, p.UnitCostCurrency = logistics.Dec(int64((d>>24)%50000)*10_000_000), "CNY"
	p.OrderFX = 1_085_000_000
	r.SLARisk = c>>60 == 0
	r.Reason = fmt.Sprintf("%s %s wins: the cheapest option that keeps the promise, %s",
		r.Mode, r.Option, logistics.FormatMinor(total, 2))
	if (c>>56)&31 == 0 {
		r.OverrideReason = "customer asked for express delivery"
	}
	if r.Status == logistics.Shipped && (b>>60)%2 == 0 {
		r.Invoiced = reports.Cost{Minor: total + int64((c>>50)%200) - 100, Valid: true}
	}
	return r
}
