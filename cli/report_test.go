package cli_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
	"shipmode/store"
)

// The accountant's workbook ties out to the store: exported from demo data and
// recalculated by LibreOffice, the Summary's per-mode orders and totals equal what
// the store computes, to the minor unit.
func TestReportRecalculatedTiesToStore(t *testing.T) {
	soffice := ""
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			soffice = p
			break
		}
	}
	if soffice == "" {
		t.Skip("LibreOffice is not on PATH: install libreoffice-calc-nogui to run this check (CI does)")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	mustRun(t, "--db", db, "demo", "--orders", "3000")
	book := filepath.Join(dir, "spend.xlsx")
	mustRun(t, "--db", db, "report", book)

	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.Summary(context.Background(), logistics.NoDate, logistics.NoDate)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}

	profile := filepath.Join(dir, "profile")
	xcu := `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(profile, "user", "registrymodifications.xcu"), xcu)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	out := filepath.Join(dir, "out")
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation="+(&url.URL{Scheme: "file", Path: profile}).String(),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, book)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	f, err := excelize.OpenFile(filepath.Join(out, "spend.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	// the "Spend by mode — plan as assigned" table: a header row with Mode, Orders
	// and Total, then one row per mode and a Total row
	var ordersCol, totalCol, start = -1, -1, -1
	for i, r := range rows {
		if len(r) > 2 && r[0] == "Mode" {
			for j, h := range r {
				switch h {
				case "Orders":
					ordersCol = j
				case "Total":
					totalCol = j
				}
			}
			start = i + 1
			break
		}
	}
	if start < 0 || ordersCol < 0 || totalCol < 0 {
		t.Fatalf("no spend-by-mode table in the Summary sheet: %q", rows[:min(len(rows), 30)])
	}
	digits := logistics.CurrencyDigits(sum.Currency)
	want := map[string][2]string{}
	names := map[logistics.Mode]string{logistics.ModeWarehouse: "Overseas warehouse", logistics.ModeLocal: "Local delivery",
		logistics.ModeConsolidation: "Consolidation", logistics.ModeDirect: "Direct mail"} // the workbook's names of the modes
	for _, m := range logistics.Modes {
		want[names[m]] = [2]string{itoa(sum.ByMode[m].Orders), logistics.FormatMinor(sum.ByMode[m].Spend, digits)}
	}
	want["Total"] = [2]string{itoa(sum.Orders), logistics.FormatMinor(sum.Spend, digits)}
	seen := 0
	for _, r := range rows[start:] {
		if len(r) <= totalCol || r[0] == "" {
			break
		}
		w, ok := want[r[0]]
		if !ok {
			continue
		}
		seen++
		gotTotal := roundTo(t, r[totalCol], digits)
		if r[ordersCol] != w[0] || gotTotal != w[1] {
			t.Errorf("Summary %s: %s orders, total %s after LibreOffice recalculated; the store says %s orders, %s", r[0], r[ordersCol], gotTotal, w[0], w[1])
		}
	}
	if seen != len(want) {
		t.Errorf("checked %d rows of the summary, want %d", seen, len(want))
	}
}

func itoa(n int) string { return logistics.FormatMinor(int64(n), 0) }

// roundTo reads a recalculated number (a binary double in the file, so 12.3 may be
// 12.299999999999999) as an amount rounded half away from zero to the minor unit.
func roundTo(t *testing.T, s string, digits int) string {
	t.Helper()
	if strings.ContainsAny(s, "eE") {
		t.Fatalf("unexpected exponent in %q", s)
	}
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	frac = (frac + strings.Repeat("0", logistics.DecDigits))[:logistics.DecDigits]
	d, err := logistics.ParseDec(whole + "." + frac)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	unit := int64(1)
	for range logistics.DecDigits - digits {
		unit *= 10
	}
	n := (int64(d) + unit/2) / unit
	if neg {
		n = -n
	}
	return logistics.FormatMinor(n, digits)
}

// The workbook prints on the locale's paper — Letter in the United States, A4 in
// Germany — unless --paper says which; another paper is a usage error.
func TestReportPaper(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustRun(t, "--db", db, "demo", "--orders", "200")
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "LC_ALL" && k != "LC_PAPER" && k != "LANG" {
			env = append(env, kv)
		}
	}
	for _, tc := range []struct {
		name, lang string
		flags      []string
		want       string // the page setup's paper size: 1 Letter, 9 A4
	}{
		{"us", "LANG=en_US.UTF-8", nil, "1"},
		{"de", "LANG=de_DE.UTF-8", nil, "9"},
		{"paper over locale", "LANG=en_US.UTF-8", []string{"--paper", "A4"}, "9"},
		{"LC_PAPER over LANG", "LC_PAPER=en_CA.UTF-8", []string{}, "1"},
		{"no locale", "", nil, "9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			book := filepath.Join(dir, tc.name+".xlsx")
			e := env
			if tc.lang != "" {
				e = append(append([]string{}, env...), tc.lang)
			}
			if r := runEnv(t, e, append([]string{"--db", db, "report", book}, tc.flags...)...); r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			f, err := excelize.OpenFile(book)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for _, sheet := range f.GetSheetList() {
				pl, err := f.GetPageLayout(sheet)
				if err != nil || pl.Size == nil || strconv.Itoa(*pl.Size) != tc.want {
					t.Errorf("%s: page layout %+v (%v), want paper size %s", sheet, pl, err, tc.want)
				}
			}
		})
	}
	if r := shipmode(t, "--db", db, "report", filepath.Join(dir, "x.xlsx"), "--paper", "legal"); r.code != 2 || !strings.Contains(r.stderr, `--paper "legal": want a4 or letter`) {
		t.Errorf("--paper legal: exit %d, %q; want 2 and a usage line", r.code, r.stderr)
	}
}

// report --summary writes the workbook without its register and the register as
// CSV beside it: one row per order written, under the Orders sheet's header.
func TestReportSummaryWorkbook(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	mustRun(t, "--db", db, "demo", "--orders", "300")
	book := filepath.Join(dir, "spend.xlsx")
	out := mustRun(t, "--db", db, "report", book, "--summary")
	csvPath := filepath.Join(dir, "spend-orders.csv")
	var n int
	if _, err := fmt.Sscanf(out, "wrote "+book+" and its orders "+csvPath+": %d orders", &n); err != nil || n == 0 {
		t.Fatalf("output %q (%v)", out, err)
	}
	body, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(body), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != n+1 || recs[0][0] != "Date" || recs[0][2] != "Order reference" {
		t.Errorf("%s: %d records (want %d), header %q", csvPath, len(recs), n+1, recs[0])
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, s := range f.GetSheetList() {
		if strings.HasPrefix(s, "Orders") {
			t.Errorf("sheets %v: a summary workbook has no register", f.GetSheetList())
		}
	}
}
