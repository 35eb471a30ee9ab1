package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// sofficePath finds LibreOffice, or skips the test saying why.
func sofficePath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("LibreOffice (soffice or libreoffice) is not on PATH: install libreoffice-calc-nogui to run this check (CI does)")
	return ""
}

// loSentinel replaces every cached formula value in the copy LibreOffice opens: a
// value that survives the conversion was not recalculated.
const loSentinel = "987654321"

// TestLibreOfficeRecalculatesSummary opens a workbook in LibreOffice with every
// cached formula value replaced by a sentinel and recalculation on load forced,
// saves it as xlsx, and checks that each recalculated formula of the summary sheets
// and of the Invoices sheet equals the cached value WriteSpend wrote, and that the Summary equals the totals
// computed here from the rows, to the minor unit. SHIPMODE_LO_ORDERS=1000000 runs it
// on a million orders instead of 200 (about 7 minutes on 2 cores).
func TestLibreOfficeRecalculatesSummary(t *testing.T) {
	soffice := sofficePath(t)
	n := 200
	if s := os.Getenv("SHIPMODE_LO_ORDERS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 3 {
			t.Fatalf("SHIPMODE_LO_ORDERS=%q: want a number of orders, at least 3", s)
		}
	}
	rows := spendTestRows(n, 21)
	rows[0].Ref = `=HYPERLINK("http://x","y")`
	rows[1].Ref = "+1"
	rows[2].Ref = "@SUM(A1)"
	for _, tc := range []struct {
		name      string
		sheetRows int  // > 1: the register continues on further sheets
		summary   bool // a summary workbook: the register is a CSV file
	}{
		{"one register sheet", 0, false},
		{"register over several sheets", n/3 + 1, false},
		{"summary workbook", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			meta := withInvoices(withBasis(spendTestMeta(), rows), rows)
			meta.sheetRows = tc.sheetRows
			var csvFile bytes.Buffer
			if tc.summary {
				meta.OrdersCSV, meta.OrdersCSVName = &csvFile, "spend-orders.csv"
			}
			checkLibreOffice(t, soffice, t.TempDir(), meta, rows, n, tc.summary)
		})
	}
}

// checkLibreOffice writes the workbook of rows, has LibreOffice recalculate it and
// checks its formulas against their cached values and its Summary against rows.
func checkLibreOffice(t *testing.T, soffice, dir string, meta SpendMeta, rows []SpendRow, n int, summary bool) {
	t.Helper()
	orig := writeSpendFile(t, meta, rows)
	poisoned := filepath.Join(dir, "poisoned.xlsx")
	poisonCachedValues(t, orig, poisoned)

	out := filepath.Join(dir, "out")
	profile := filepath.Join(dir, "profile")
	writeRecalcProfile(t, profile)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute+time.Duration(n)*time.Millisecond)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation="+(&url.URL{Scheme: "file", Path: profile}).String(),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, poisoned)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	conv := openSpend(t, filepath.Join(out, "poisoned.xlsx"))
	want := openSpend(t, orig)

	checked := 0
	for _, sheet := range []string{SheetSummary, SheetByMonth, SheetByCountry, SheetByMarketplace, SheetInvoices} {
		cells := formulaCells(t, orig, sheet)
		if len(cells) == 0 {
			t.Fatalf("%s: no formulas", sheet)
		}
		for _, cell := range cells {
			cached, err := want.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			got, err := conv.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if got == loSentinel {
				t.Fatalf("%s!%s: LibreOffice kept the sentinel: it did not recalculate", sheet, cell)
			}
			if !sameValue(cached, got, cellFormat(t, want, sheet, cell), logistics.CurrencyDigits(meta.BaseCurrency)) {
				f, _ := want.GetCellFormula(sheet, cell)
				t.Errorf("%s!%s = %s: LibreOffice got %q, cached %q", sheet, cell, f, got, cached)
			}
			checked++
		}
	}
	t.Logf("%d formulas recalculated by LibreOffice match their cached values", checked)
	checkSummary(t, conv, expectSpend(rows), logistics.CurrencyDigits(meta.BaseCurrency))
	checkReconciled(t, conv, n)
	if summary {
		return // no Orders sheet
	}

	// Injected text is still text after LibreOffice saved it.
	for i, ref := range []string{`=HYPERLINK("http://x","y")`, "+1", "@SUM(A1)"} {
		cell := spendCellName(i+2, ocRef)
		if f, _ := conv.GetCellFormula(SheetOrders, cell); f != "" {
			t.Errorf("Orders!%s: LibreOffice made it formula %q", cell, f)
		}
		if got, _ := conv.GetCellValue(SheetOrders, cell); got != ref {
			t.Errorf("Orders!%s: got %q, want %q", cell, got, ref)
		}
	}
	// … and so is the text of an unmatched invoice line.
	un := findRow(t, conv, SheetInvoices, "dhl", findRow(t, conv, SheetInvoices, "Unmatched invoice lines — kept until their order arrives", 0))
	for col, want := range map[int]string{2: "+INV-9", 5: "@SUM(A1)", 6: `=HYPERLINK("http://x","y")`} {
		cell := spendCellName(un, col)
		if f, _ := conv.GetCellFormula(SheetInvoices, cell); f != "" {
			t.Errorf("Invoices!%s: LibreOffice made it formula %q", cell, f)
		}
		if got, _ := conv.GetCellValue(SheetInvoices, cell); got != want {
			t.Errorf("Invoices!%s: got %q, want %q", cell, got, want)
		}
	}
}

// sameValue compares a recalculated value with the cached one: numbers to half a
// unit of what the cell shows (a minor unit for money), texts exactly.
func sameValue(cached, got, format string, digits int) bool {
	c, err1 := strconv.ParseFloat(cached, 64)
	g, err2 := strconv.ParseFloat(got, 64)
	if err1 != nil || err2 != nil {
		return cached == got
	}
	tol := 1e-9 * max(1, math.Abs(c))
	if strings.Contains(format, `"`) { // money
		tol = math.Pow10(-digits) / 2
	}
	return math.Abs(c-g) <= tol
}

var loFormulaCell = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"([^>]*)>(<f>[^<]*</f>)(<v>[^<]*</v>)?</c>`)

// formulaCells lists the cells of a sheet that hold a formula.
func formulaCells(t *testing.T, path, sheet string) []string {
	t.Helper()
	f := openSpend(t, path)
	idx, err := f.GetSheetIndex(sheet)
	if err != nil {
		t.Fatal(err)
	}
	body := zipEntry(t, path, "xl/worksheets/sheet"+strconv.Itoa(idx+1)+".xml")
	var cells []string
	for _, m := range loFormulaCell.FindAllSubmatch(body, -1) {
		cells = append(cells, string(m[1]))
	}
	return cells
}

// poisonCachedValues copies a workbook, replacing every formula's cached value with
// loSentinel and asking for a full calculation on load.
func poisonCachedValues(t *testing.T, from, to string) {
	t.Helper()
	zr, err := zip.OpenReader(from)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	poisoned := 0
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasPrefix(zf.Name, "xl/worksheets/sheet"):
			body = loFormulaCell.ReplaceAllFunc(body, func(m []byte) []byte {
				s := loFormulaCell.FindSubmatch(m)
				poisoned++
				attrs := strings.Replace(string(s[2]), ` t="str"`, "", 1)
				return []byte(`<c r="` + string(s[1]) + `"` + attrs + `>` + string(s[3]) + `<v>` + loSentinel + `</v></c>`)
			})
		case zf.Name == "xl/workbook.xml":
			body = regexp.MustCompile(`<calcPr[^>]*>`).ReplaceAll(body, []byte(`<calcPr calcId="0" fullCalcOnLoad="1">`))
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if poisoned == 0 {
		t.Fatal("poisoning found no formula to poison")
	}
	if err := os.WriteFile(to, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeRecalcProfile makes a LibreOffice user profile that always recalculates
// formulas of the files it loads.
func writeRecalcProfile(t *testing.T, dir string) {
	t.Helper()
	const xcu = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`
	if err := os.MkdirAll(filepath.Join(dir, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "user", "registrymodifications.xcu"), []byte(xcu), 0o644); err != nil {
		t.Fatal(err)
	}
}
