package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"html"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"pgregory.net/rapid"

	"shipmode/logistics"
)

// The golden files are rewritten by `go test ./reports -run Golden -update`. The flag
// is registered here unless another test file of the package already has it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata")
	}
}

func spendUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var spendTestCountries = []string{"US", "GB", "DE", "FR", "IT", "ES", "PL", "NL", "BE", "SE", "CA", "AU",
	"JP", "KR", "BR", "MX", "TR", "AE", "SA", "IL", "CH", "AT", "CZ"}

// spendTestRows makes n varied orders: every mode, unassignable ones, infeasible
// modes, SLA risks, overrides, invoices, an empty marketplace, 23 countries.
func spendTestRows(n int, seed uint64) []SpendRow {
	rng := rand.New(rand.NewPCG(seed, 7))
	markets := []string{"Amazon", "eBay", "Shopify", "AliExpress", ""}
	rows := make([]SpendRow, n)
	for i := range rows {
		r := SpendRow{
			Date:        logistics.DateOf(2026, 3, 1) + logistics.Date(rng.IntN(92)),
			Marketplace: markets[rng.IntN(len(markets))],
			Ref:         fmt.Sprintf("R-%05d", i),
			Country:     spendTestCountries[(i*7+rng.IntN(3))%len(spendTestCountries)],
			Status:      logistics.Status(1 + rng.IntN(2)),
			Units:       1 + rng.Int64N(5),
		}
		if rng.IntN(12) == 0 {
			r.Reason = "no feasible option: nothing serves " + r.Country
			rows[i] = r
			continue
		}
		r.Mode = logistics.Modes[rng.IntN(4)]
		r.Option = "OPT-" + r.Mode.String()
		r.ChargeableG = 50 + rng.Int64N(20000)
		r.Components = logistics.Components{
			Freight: 100 + rng.Int64N(9000), Surcharges: rng.Int64N(3) * rng.Int64N(500),
			Fuel: rng.Int64N(700), Fees: rng.Int64N(400), Storage: rng.Int64N(90),
			Headhaul: rng.Int64N(300), Duties: rng.Int64N(2) * rng.Int64N(1500),
		}
		total := r.Components.Total()
		best := total
		for k, m := range logistics.Modes {
			switch {
			case m == r.Mode:
				r.ModeTotals[k] = Cost{total, true}
			case rng.IntN(4) != 0:
				v := total - 300 + rng.Int64N(2000)
				r.ModeTotals[k] = Cost{v, true}
				best = min(best, v)
			}
		}
		if rng.IntN(10) != 0 {
			r.BestTotal = Cost{best, true}
		}
		// the direct-mail baseline: the cheapest direct option, except for every
		// 5th order not on direct mail, whose cheapest direct option breaks the
		// promise and a dearer one keeps it
		r.DirectBaseline = r.ModeTotals[3]
		if r.DirectBaseline.Valid && r.Mode != logistics.ModeDirect && i%5 == 0 {
			r.DirectBaseline.Minor += 250
		}
		r.SLARisk = rng.IntN(9) == 0
		r.Reason = fmt.Sprintf("%s wins at %s", r.Option, logistics.FormatMinor(total, 2))
		if rng.IntN(11) == 0 {
			r.OverrideReason = "buyer paid for express"
		}
		if rng.IntN(4) == 0 {
			r.Invoiced = Cost{total + rng.Int64N(201) - 100, true}
		}
		spendTestAudit(&r, i)
		rows[i] = r
	}
	return rows
}

// spendTestAudit fills the audit columns of an assigned order, from its index alone
// (the generator's draws stay as they were).
func spendTestAudit(r *SpendRow, i int) {
	r.PostalCode = fmt.Sprintf("%05d", 10000+i*37%90000)
	r.OrderCurrency = []string{"EUR", "USD"}[i%2]
	r.GoodsValue, r.GoodsValueOK = logistics.DecInt(int64(10+i%50))+990_000_000, i%17 != 0 // x.99
	r.Carrier, r.Service = "Carrier "+r.Mode.String(), "SVC-"+strings.ToUpper(r.Mode.String())
	r.TransitDays, r.PromiseDays = 2+i%9, (i%4)*5
	r.ServiceCurrency, r.FXRate = "CNY", 123_200_000
	if i%3 == 0 {
		r.ServiceCurrency, r.FXRate = "EUR", logistics.DecScale
	}
	if r.Mode == logistics.ModeConsolidation {
		r.Batch = SpendBatch{Departure: r.Date + 3, Kg: logistics.Dec(int64(100+i) * 10_000_000), Parcels: int64(2 + i%5),
			TierFromKg: logistics.DecInt(int64(i%2) * 20)}
	} else {
		r.Zone = fmt.Sprintf("Z%d", i%3)
	}
}

func spendTestMeta() SpendMeta {
	return SpendMeta{
		From:         logistics.DateOf(2026, 3, 1),
		To:           logistics.DateOf(2026, 5, 31),
		BaseCurrency: "EUR",
		RateBook: RateBookInfo{Version: 3, ImportedAt: time.Date(2026, 2, 27, 8, 15, 0, 0, time.UTC),
			Source: "ratebook.xlsx", Hash: "9f2c"},
		FX: []logistics.FXRate{
			{Currency: "USD", RateToBase: 874_500_000, ValidFrom: logistics.DateOf(2026, 3, 2)},
			{Currency: "CNY", RateToBase: 123_200_000, ValidFrom: logistics.DateOf(2026, 3, 2)},
		},
		Duties: []logistics.Duty{{Country: "FR", ValidFrom: logistics.DateOf(2025, 1, 1), Currency: "EUR",
			DutyFreeThreshold: logistics.DecInt(150), DutyRatePct: 3_700_000_000, Valuation: logistics.CIF}},
		GeneratedAt: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC),
		AppVersion:  "1.0.0",
	}
}

func spendSlice(rows []SpendRow) SpendRows {
	return func(yield func(SpendRow) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// writeSpendFile writes a workbook under t.TempDir and returns its path.
func writeSpendFile(t testing.TB, meta SpendMeta, rows []SpendRow) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "spend.xlsx")
	var buf bytes.Buffer
	if err := WriteSpend(context.Background(), &buf, meta, spendSlice(rows), nil); err != nil {
		t.Fatalf("WriteSpend: %v", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func openSpend(t testing.TB, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// spendExpect is what the summary must show, computed here from the rows without
// the package's tally.
type spendExpect struct {
	orders, unassignable, sla, overridden, invoicedN, fallback int64
	plan, direct, best, invoiced, variance                     int64
	byMode                                                     map[string][11]int64 // orders, units, g, 7 components, total
}

func expectSpend(rows []SpendRow) spendExpect {
	e := spendExpect{byMode: map[string][11]int64{}}
	for _, r := range rows {
		e.orders++
		name := spendModeName(r.Mode)
		v := e.byMode[name]
		v[0]++
		v[1] += r.Units
		if r.SLARisk {
			e.sla++
		}
		if r.OverrideReason != "" {
			e.overridden++
		}
		if r.Invoiced.Valid {
			e.invoicedN++
			e.invoiced += r.Invoiced.Minor
		}
		if r.Mode == 0 {
			e.unassignable++
			e.byMode[name] = v
			continue
		}
		c := r.Components
		total := c.Freight + c.Surcharges + c.Fuel + c.Fees + c.Storage + c.Headhaul + c.Duties
		v[2] += r.ChargeableG
		for i, x := range []int64{c.Freight, c.Surcharges, c.Fuel, c.Fees, c.Storage, c.Headhaul, c.Duties, total} {
			v[3+i] += x
		}
		e.byMode[name] = v
		e.plan += total
		if d := r.DirectBaseline; d.Valid {
			e.direct += d.Minor
		} else {
			e.direct += total
			e.fallback++
		}
		if r.BestTotal.Valid {
			e.best += r.BestTotal.Minor
		} else {
			e.best += total
		}
		if r.Invoiced.Valid {
			e.variance += r.Invoiced.Minor - total
		}
	}
	return e
}

// findRow returns the row of the Summary whose column A is label, after row from.
func findRow(t testing.TB, f *excelize.File, sheet, label string, from int) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i := from; i < len(rows); i++ {
		if len(rows[i]) > 0 && rows[i][0] == label {
			return i + 1
		}
	}
	t.Fatalf("%s: no row %q after row %d", sheet, label, from)
	return 0
}

// rawNumber reads a cell's stored number.
func rawNumber(t testing.TB, f *excelize.File, sheet, cell string) float64 {
	t.Helper()
	s, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s!%s: got %q, want a number", sheet, cell, s)
	}
	return v
}

// checkSummary asserts that the Summary's values in f (cached, or recalculated by
// another program) equal e to the minor unit (digits).
func checkSummary(t *testing.T, f *excelize.File, e spendExpect, digits int) {
	t.Helper()
	unit := math.Pow10(-digits)
	near := func(cell string, got float64, wantMinor int64, scale float64) {
		t.Helper()
		want := float64(wantMinor) * scale
		if math.Abs(got-want) > scale/2 {
			t.Errorf("Summary!%s: got %v, want %v", cell, got, want)
		}
	}
	figure := func(label string, want int64, scale float64) {
		t.Helper()
		r := findRow(t, f, SheetSummary, label, 0)
		cell := spendCellName(r, scKPIValue)
		near(cell, rawNumber(t, f, SheetSummary, cell), want, scale)
	}
	figure("Orders in the report", e.orders, 1)
	figure("Orders assigned a mode", e.orders-e.unassignable, 1)
	figure("Unassignable orders (no feasible option)", e.unassignable, 1)
	figure("Spend, plan as assigned", e.plan, unit)
	figure("All direct mail (baseline)", e.direct, unit)
	figure("Savings against all direct mail", e.direct-e.plan, unit)
	figure("Engine's best plan (ignoring promises)", e.best, unit)
	figure("Plan above the engine's best plan", e.plan-e.best, unit)
	figure("Orders at SLA risk", e.sla, 1)
	figure("Orders with an overridden mode", e.overridden, 1)
	figure("Orders without a direct-mail option (baseline at plan cost)", e.fallback, 1)
	if e.invoicedN > 0 { // without invoices the Summary has no invoice figures (spend_invoices_test.go)
		figure("Invoiced orders", e.invoicedN, 1)
		figure("Invoiced cost", e.invoiced, unit)
		figure("Invoice variance (invoiced − planned)", e.variance, unit)
		figure("Planned cost of the invoiced orders", e.invoiced-e.variance, unit)
	}

	table := findRow(t, f, SheetSummary, "Spend by mode — plan as assigned", 0)
	var sum [11]int64
	for _, name := range []string{"Overseas warehouse", "Local delivery", "Consolidation", "Direct mail", "Unassignable"} {
		want, ok := e.byMode[name]
		if !ok && name == "Unassignable" {
			continue
		}
		r := findRow(t, f, SheetSummary, name, table)
		scales := []float64{1, 1, 0.001, unit, unit, unit, unit, unit, unit, unit, unit}
		for i := range want {
			cell := spendCellName(r, scOrders+i)
			near(cell, rawNumber(t, f, SheetSummary, cell), want[i], scales[i])
			sum[i] += want[i]
		}
	}
	r := findRow(t, f, SheetSummary, "Total", table)
	for i, s := range sum {
		cell := spendCellName(r, scOrders+i)
		scale := unit
		switch i {
		case 0, 1:
			scale = 1
		case 2:
			scale = 0.001
		}
		near(cell, rawNumber(t, f, SheetSummary, cell), s, scale)
	}
}

func TestWriteSpendSummaryTiesOut(t *testing.T) {
	for _, tc := range []struct {
		name     string
		currency string
		rows     []SpendRow
	}{
		{"varied EUR", "EUR", spendTestRows(500, 1)},
		{"JPY has no minor digits", "JPY", spendTestRows(120, 2)},
		{"KWD has three", "KWD", spendTestRows(120, 3)},
		{"no orders", "USD", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			meta := spendTestMeta()
			meta.BaseCurrency = tc.currency
			f := openSpend(t, writeSpendFile(t, meta, tc.rows))
			checkSummary(t, f, expectSpend(tc.rows), logistics.CurrencyDigits(tc.currency))
			// Money cells carry the base currency's format.
			r := findRow(t, f, SheetSummary, "Spend, plan as assigned", 0)
			want := spendMoneyFormat(tc.currency, logistics.CurrencyDigits(tc.currency))
			if got := cellFormat(t, f, SheetSummary, spendCellName(r, scKPIValue)); got != want {
				t.Errorf("money format: got %q, want %q", got, want)
			}
		})
	}
}

// A plan that is all direct mail saves exactly 0 against all direct mail (SPEC §6):
// every assigned order on its direct-mail baseline, some of them dearer than the
// cheapest direct option (it broke the promise).
func TestWriteSpendAllDirectMailSavesZero(t *testing.T) {
	rows := spendTestRows(200, 4)
	for i := range rows {
		r := &rows[i]
		if r.Mode == 0 {
			continue
		}
		r.Mode, r.Option = logistics.ModeDirect, "OPT-direct"
		total := r.Components.Total()
		r.DirectBaseline = Cost{total, true}
		r.ModeTotals[3] = Cost{total - int64(i%3)*100, true}
	}
	f := openSpend(t, writeSpendFile(t, spendTestMeta(), rows))
	e := expectSpend(rows)
	if e.direct != e.plan || e.fallback != 0 || e.plan == 0 {
		t.Fatalf("fixture: baseline %d, plan %d, %d without direct mail; want a plan on its baseline", e.direct, e.plan, e.fallback)
	}
	checkSummary(t, f, e, 2)
	r := findRow(t, f, SheetSummary, "Savings against all direct mail", 0)
	if got := rawNumber(t, f, SheetSummary, spendCellName(r, scKPIValue)); got != 0 {
		t.Errorf("savings against all direct mail: got %v, want 0", got)
	}
}

// cellFormat is the number format of a cell (built-in formats by their code).
func cellFormat(t testing.TB, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return "builtin:" + strconv.Itoa(st.NumFmt)
}

func TestWriteSpendOrdersSheet(t *testing.T) {
	rows := spendTestRows(300, 4)
	path := writeSpendFile(t, spendTestMeta(), rows)
	f := openSpend(t, path)

	if got, want := f.GetSheetList(), []string{SheetSummary, SheetByMonth, SheetByCountry, SheetByMarketplace, SheetOrders, SheetAssumptions}; !slices.Equal(got, want) {
		t.Fatalf("sheets: got %v, want %v", got, want)
	}
	dim, err := f.GetSheetDimension(SheetOrders)
	if err != nil {
		t.Fatal(err)
	}
	if want := "A1:AS301"; dim != want {
		t.Errorf("Orders dimension: got %q, want %q", dim, want)
	}
	tables, err := f.GetTables(SheetOrders)
	if err != nil || len(tables) != 1 || tables[0].Range != "A1:AS301" {
		t.Errorf("Orders table: got %+v (%v), want one table over A1:AS301", tables, err)
	}
	panes, err := f.GetPanes(SheetOrders)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 3 {
		t.Errorf("Orders panes: got %+v (%v), want frozen header row and three columns", panes, err)
	}
	got, err := f.GetRows(SheetOrders, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows)+1 {
		t.Fatalf("Orders rows: got %d, want %d", len(got), len(rows)+1)
	}
	for i, r := range rows {
		line := got[i+1]
		cell := func(col int) string {
			if col-1 < len(line) {
				return line[col-1]
			}
			return ""
		}
		if want := strconv.FormatInt(int64(r.Date)+25569, 10); cell(ocDate) != want {
			t.Errorf("row %d date: got %q, want %q", i+2, cell(ocDate), want)
		}
		if cell(ocRef) != r.Ref {
			t.Errorf("row %d ref: got %q, want %q", i+2, cell(ocRef), r.Ref)
		}
		wantMode := []string{"Unassignable", "Overseas warehouse", "Local delivery", "Consolidation", "Direct mail"}[r.Mode]
		if cell(ocMode) != wantMode {
			t.Errorf("row %d mode: got %q, want %q", i+2, cell(ocMode), wantMode)
		}
		for k := range logistics.Modes {
			want := ""
			if c := r.ModeTotals[k]; c.Valid {
				want = spendDecimal(c.Minor, 2)
			}
			if got := cell(ocWarehouse + k); got != want {
				t.Errorf("row %d cost by %s: got %q, want %q", i+2, logistics.Modes[k], got, want)
			}
		}
		wantTotal := ""
		if r.Mode != 0 {
			wantTotal = spendDecimal(r.Components.Total(), 2)
		}
		if cell(ocTotal) != wantTotal {
			t.Errorf("row %d total: got %q, want %q", i+2, cell(ocTotal), wantTotal)
		}
		// the direct-mail baseline and the saving against it; without a direct
		// option the plan's cost and no saving
		wantBase, wantSaving := wantTotal, ""
		if d := r.DirectBaseline; d.Valid && r.Mode != 0 {
			wantBase, wantSaving = spendDecimal(d.Minor, 2), spendDecimal(d.Minor-r.Components.Total(), 2)
		}
		if cell(ocBaseline) != wantBase || cell(ocSavings) != wantSaving {
			t.Errorf("row %d baseline and savings: got %q and %q, want %q and %q", i+2, cell(ocBaseline), cell(ocSavings), wantBase, wantSaving)
		}
	}
	for _, tc := range []struct {
		col  int
		want string
	}{
		{ocDate, "yyyy-mm-dd"},
		{ocRef, "builtin:49"},
		{ocKg, "#,##0.000"},
		{ocTotal, `#,##0.00 "EUR"_);(#,##0.00 "EUR")`},
		{ocDirect, `#,##0.00 "EUR"_);(#,##0.00 "EUR")`},
	} {
		if got := cellFormat(t, f, SheetOrders, spendCellName(2, tc.col)); got != tc.want {
			t.Errorf("Orders column %d format: got %q, want %q", tc.col, got, tc.want)
		}
	}
}

// spendDecimal is minor units as the shortest decimal text ("12.3", "12").
func spendDecimal(minor int64, digits int) string {
	s := logistics.FormatMinor(minor, digits)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// TestSpendMoneyExact checks that a money cell's text is the exact decimal amount.
func TestSpendMoneyExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		digits := rapid.SampledFrom([]int{0, 2, 3}).Draw(t, "digits")
		minor := rapid.Int64Range(-999_999_999_999_999, 999_999_999_999_999).Draw(t, "minor")
		sw := &spendWorkbook{digits: digits}
		got := strconv.FormatFloat(sw.money(minor), 'f', -1, 64)
		if want := spendDecimal(minor, digits); got != want {
			t.Fatalf("money(%d) with %d digits: got %s, want %s", minor, digits, got, want)
		}
	})
}

func TestWriteSpendFormulaInjection(t *testing.T) {
	refs := []string{`=HYPERLINK("http://x","y")`, "+1", "-2", "@SUM(A1)", "\tTAB", "\rCR", "=1+1"}
	rows := spendTestRows(len(refs), 5)
	for i := range rows {
		rows[i].Ref = refs[i]
		rows[i].Marketplace = refs[len(refs)-1-i]
		rows[i].OverrideReason = refs[i]
		rows[i].Reason = refs[i]
	}
	path := writeSpendFile(t, spendTestMeta(), rows)

	// The sheet XML: every such cell is an inline string, and the sheet has no
	// formula at all.
	sheetXML := zipEntry(t, path, "xl/worksheets/sheet5.xml")
	if bytes.Contains(sheetXML, []byte("<f>")) || bytes.Contains(sheetXML, []byte("<f ")) {
		t.Errorf("Orders sheet XML has a formula element")
	}
	f := openSpend(t, path)
	for i, ref := range refs {
		for _, col := range []int{ocMarketplace, ocRef, ocReason, ocOverride} {
			cell := spendCellName(i+2, col)
			want := ref
			if col == ocMarketplace {
				want = refs[len(refs)-1-i]
			}
			typ, err := f.GetCellType(SheetOrders, cell)
			if err != nil {
				t.Fatal(err)
			}
			if typ != excelize.CellTypeInlineString {
				t.Errorf("%s: got cell type %v, want an inline string", cell, typ)
			}
			if fm, _ := f.GetCellFormula(SheetOrders, cell); fm != "" {
				t.Errorf("%s: got formula %q, want none", cell, fm)
			}
			if got, _ := f.GetCellValue(SheetOrders, cell); got != want {
				t.Errorf("%s: got %q, want %q", cell, got, want)
			}
		}
	}
	// Group labels come from imported data too.
	rowsOf, _ := f.GetRows(SheetByMarketplace)
	found := false
	for r, line := range rowsOf {
		if len(line) > 0 && line[0] == `=HYPERLINK("http://x","y")` {
			found = true
			cell := spendCellName(r+1, 1)
			if fm, _ := f.GetCellFormula(SheetByMarketplace, cell); fm != "" {
				t.Errorf("By marketplace!%s: got formula %q, want none", cell, fm)
			}
		}
	}
	if !found {
		t.Errorf("By marketplace: the injected marketplace is not listed as text")
	}
}

func zipEntry(t testing.TB, path, name string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("%s: no entry %s", path, name)
	return nil
}

func TestWriteSpendFormulasCarryCachedValues(t *testing.T) {
	path := writeSpendFile(t, spendTestMeta(), spendTestRows(50, 6))
	body := zipEntry(t, path, "xl/worksheets/sheet1.xml")
	cells := regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"[^>]*>(.*?)</c>`).FindAllSubmatch(body, -1)
	formulas := 0
	for _, c := range cells {
		inner := string(c[2])
		if !strings.Contains(inner, "<f>") {
			continue
		}
		formulas++
		if !strings.Contains(inner, "<v>") && !strings.Contains(inner, `t="str"`) {
			// an IF(…,"") result is an empty string: only allowed for ratios
			if !strings.Contains(inner, "IF(") {
				t.Errorf("Summary!%s: formula without a cached value: %s", c[1], inner)
			}
		}
	}
	if formulas < 80 {
		t.Errorf("Summary formulas: got %d, want at least 80", formulas)
	}
}

func TestWriteSpendErrors(t *testing.T) {
	boom := errors.New("boom")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		meta func(*SpendMeta)
		rows SpendRows
		want error
	}{
		{"row source fails", context.Background(), nil, func(yield func(SpendRow) error) error {
			if err := yield(SpendRow{Ref: "a", Date: 1}); err != nil {
				return err
			}
			return boom
		}, boom},
		{"cancelled", ctx, nil, spendSlice(spendTestRows(10, 1)), context.Canceled},
		{"bad currency", context.Background(), func(m *SpendMeta) { m.BaseCurrency = "usd" }, spendSlice(nil), logistics.ErrCurrency},
		{"bad mode", context.Background(), nil, spendSlice([]SpendRow{{Ref: "x", Mode: 9}}), nil},
		{"no date", context.Background(), nil, spendSlice([]SpendRow{{Ref: "x", Date: logistics.NoDate}}), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			meta := spendTestMeta()
			if tc.meta != nil {
				tc.meta(&meta)
			}
			err := WriteSpend(tc.ctx, io.Discard, meta, tc.rows, nil)
			if err == nil {
				t.Fatalf("got no error, want one")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestWriteSpendPeriodAndProperties(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to logistics.Date
		want     string
	}{
		{"closed", logistics.DateOf(2026, 3, 1), logistics.DateOf(2026, 5, 31), "Period 2026-03-01 to 2026-05-31 · amounts in EUR · 30 orders"},
		{"open", logistics.NoDate, logistics.NoDate, "Period all dates (orders of 2026-03-"},
		{"open start", logistics.NoDate, logistics.DateOf(2026, 5, 31), "Period up to 2026-05-31 (orders of 2026-03-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			meta := spendTestMeta()
			meta.From, meta.To = tc.from, tc.to
			f := openSpend(t, writeSpendFile(t, meta, spendTestRows(30, 9)))
			got, err := f.GetCellValue(SheetSummary, "A2")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("subtitle: got %q, want it to start with %q", got, tc.want)
			}
			p, err := f.GetDocProps()
			if err != nil {
				t.Fatal(err)
			}
			if p.Creator != "Shipmode" || p.Title != SpendTitle || p.Created != "2026-06-01T12:00:00Z" || !strings.Contains(p.Description, "30 orders") {
				t.Errorf("doc properties: got %+v", *p)
			}
		})
	}
}

func TestWriteSpendProgress(t *testing.T) {
	var calls []int
	rows := spendTestRows(spendProgressEvery*2+5, 8)
	if err := WriteSpend(context.Background(), io.Discard, spendTestMeta(), spendSlice(rows), func(n int) { calls = append(calls, n) }); err != nil {
		t.Fatal(err)
	}
	want := []int{spendProgressEvery, 2 * spendProgressEvery, len(rows)}
	if !slices.Equal(calls, want) {
		t.Errorf("progress: got %v, want %v", calls, want)
	}
}

func TestSpendTopGroupRows(t *testing.T) {
	m := map[string]*spendGroup{}
	for i := range 25 {
		g := &spendGroup{}
		g.spend[1] = int64(100 * (i + 1))
		g.orders[1] = 1
		m[fmt.Sprintf("C%02d", i)] = g
	}
	m[""] = &spendGroup{orders: [spendModes]int64{0, 0, 0, 0, 3}}
	rows := spendTopGroupRows(m, 20, "(none)", "countries")
	if len(rows) != 21 {
		t.Fatalf("rows: got %d, want 21", len(rows))
	}
	if rows[0].label != "C24" || rows[19].label != "C05" {
		t.Errorf("order: got first %q, 20th %q, want C24, C05", rows[0].label, rows[19].label)
	}
	other := rows[20]
	if other.label != "Other (6 countries)" {
		t.Errorf("other label: got %q", other.label)
	}
	spend, orders := other.g.total()
	if spend != 100+200+300+400+500 || orders != 8 {
		t.Errorf("other: got spend %d orders %d, want 1500 and 8", spend, orders)
	}
}

// TestSpendZipDimension: a worksheet written in chunks of any size gets its
// dimension placeholder replaced; another sheet's dimension stays.
func TestSpendZipDimension(t *testing.T) {
	const in = `<?xml?><worksheet><dimension ref="A1:AC1048576"></dimension><sheetData>rows</sheetData></worksheet>`
	for _, chunk := range []int{1, 3, 17, len(in)} {
		t.Run(strconv.Itoa(chunk), func(t *testing.T) {
			var out bytes.Buffer
			z := &spendZip{zw: zip.NewWriter(&out), dims: map[string]string{"A1:AC1048576": "A1:AC9", "A1:AC1048575": "A1:AC7"}}
			for _, name := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
				w, err := z.Create(name)
				if err != nil {
					t.Fatal(err)
				}
				body := in
				if name == "xl/worksheets/sheet2.xml" {
					body = strings.Replace(in, "A1:AC1048576", "A1:B2", 1)
				}
				for i := 0; i < len(body); i += chunk {
					if _, err := w.Write([]byte(body[i:min(i+chunk, len(body))])); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := z.Close(); err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range []string{strings.Replace(in, "A1:AC1048576", "A1:AC9", 1), strings.Replace(in, "A1:AC1048576", "A1:B2", 1)} {
				rc, err := zr.File[i].Open()
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(rc)
				rc.Close()
				if err != nil || string(got) != want {
					t.Errorf("%s: got %q (%v), want %q", zr.File[i].Name, got, err, want)
				}
			}
		})
	}
}

// TestSpendCRCCombine: the CRC of two parts combined equals the CRC of the whole,
// for parts of any length (the register's sheet is head, rows and tail).
func TestSpendCRCCombine(t *testing.T) {
	data := make([]byte, 70000)
	for i := range data {
		data[i] = byte(i*7 + i/251)
	}
	for _, cut := range []int{0, 1, 7, 8, 1000, 65536, 69999, 70000} {
		a, b := data[:cut], data[cut:]
		got := spendCRCCombine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b)))
		if want := crc32.ChecksumIEEE(data); got != want {
			t.Errorf("cut at %d: got %08x, want %08x", cut, got, want)
		}
	}
}

// TestWriteSpendChartsCacheValues: every reference of every chart carries the
// values of its cells, so that a viewer that does not recalculate draws the chart.
func TestWriteSpendChartsCacheValues(t *testing.T) {
	rows := spendTestRows(150, 8)
	path := writeSpendFile(t, spendTestMeta(), rows)
	f := openSpend(t, path)
	ref := regexp.MustCompile(`<(str|num)Ref><f>([^<]*)</f><(?:str|num)Cache>(?:<formatCode>[^<]*</formatCode>)?<ptCount val="(\d+)"/>(.*?)</(?:str|num)Cache>`)
	pt := regexp.MustCompile(`<pt idx="(\d+)"><v>([^<]*)</v></pt>`)
	charts, refs := 0, 0
	for i := 1; ; i++ {
		name := fmt.Sprintf("xl/charts/chart%d.xml", i)
		body := zipEntryIf(t, path, name)
		if body == nil {
			break
		}
		charts++
		if n := strings.Count(string(body), "<f>"); n != len(ref.FindAllSubmatch(body, -1)) {
			t.Errorf("%s: %d references, %d of them cached", name, n, len(ref.FindAllSubmatch(body, -1)))
		}
		for _, m := range ref.FindAllSubmatch(body, -1) {
			refs++
			sheet, rng, _ := strings.Cut(html.UnescapeString(string(m[2])), "!")
			sheet = strings.ReplaceAll(strings.Trim(sheet, "'"), "''", "'")
			from, to, _ := strings.Cut(strings.ReplaceAll(rng, "$", ""), ":")
			if to == "" {
				to = from
			}
			c1, r1, _ := excelize.CellNameToCoordinates(from)
			c2, r2, _ := excelize.CellNameToCoordinates(to)
			var cells []string
			for r := r1; r <= r2; r++ {
				for c := c1; c <= c2; c++ {
					opt := excelize.Options{}
					if string(m[1]) == "num" {
						opt.RawCellValue = true
					}
					v, err := f.GetCellValue(sheet, spendCellName(r, c), opt)
					if err != nil {
						t.Fatal(err)
					}
					cells = append(cells, v)
				}
			}
			var cached []string
			for _, p := range pt.FindAllSubmatch(m[4], -1) {
				cached = append(cached, html.UnescapeString(string(p[2])))
			}
			if string(m[3]) != strconv.Itoa(len(cells)) || !slices.Equal(cached, cells) {
				t.Errorf("%s %s: cached %s points %q, the cells hold %q", name, m[2], m[3], cached, cells)
			}
		}
	}
	if charts != 6 || refs == 0 {
		t.Errorf("got %d charts and %d references, want 6 charts", charts, refs)
	}
}

// zipEntryIf is an entry of the zip at path, nil when it has none.
func zipEntryIf(t testing.TB, path, name string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	return nil
}
