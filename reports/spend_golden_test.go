package reports

import (
	"archive/zip"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteSpendGolden compares a semantic dump of a small workbook (sheets, cells
// with their values, formulas and number formats, tables, panes, column widths, page
// setup, charts, defined names, document properties without times) with
// testdata/spend.golden. Regenerate it with `go test ./reports -run Golden -update`.
func TestWriteSpendGolden(t *testing.T) {
	rows := spendTestRows(40, 11)
	rows[3].Ref = `=HYPERLINK("http://x","y")`
	path := writeSpendFile(t, withInvoices(withBasis(spendTestMeta(), rows), rows), rows)
	got := dumpSpend(t, path)
	golden := filepath.Join("testdata", "spend.golden")
	if spendUpdating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s line %d:\ngot  %q\nwant %q\n(run with -update if the change is intended)", golden, i+1, g, w)
			}
		}
	}
}

// dumpSpend describes a workbook as text, one fact per line.
func dumpSpend(t *testing.T, path string) string {
	t.Helper()
	f := openSpend(t, path)
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }

	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	props.Created, props.Modified = "", ""
	p("docProps %+v", *props)
	app, err := f.GetAppProps()
	if err != nil {
		t.Fatal(err)
	}
	p("appProps application=%q", app.Application)
	for _, dn := range f.GetDefinedName() {
		p("definedName %s scope=%s refersTo=%s", dn.Name, dn.Scope, dn.RefersTo)
	}
	p("activeSheet %d", f.GetActiveSheetIndex())

	formats := map[int]string{}
	format := func(id int) string {
		if s, ok := formats[id]; ok {
			return s
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		s := "General"
		switch {
		case st.CustomNumFmt != nil:
			s = *st.CustomNumFmt
		case st.NumFmt != 0:
			s = "builtin:" + strconv.Itoa(st.NumFmt)
		}
		if st.Font != nil && st.Font.Bold {
			s += " bold"
		}
		formats[id] = s
		return s
	}

	for _, sheet := range f.GetSheetList() {
		p("")
		dim, _ := f.GetSheetDimension(sheet)
		p("sheet %q dimension=%s", sheet, dim)
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if panes.Freeze {
			p("  freeze xSplit=%d ySplit=%d topLeft=%s", panes.XSplit, panes.YSplit, panes.TopLeftCell)
		}
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		p("  page size=%s orientation=%s fitToWidth=%s fitToHeight=%s", deref(pl.Size), deref(pl.Orientation), deref(pl.FitToWidth), deref(pl.FitToHeight))
		if m, err := f.GetPageMargins(sheet); err == nil {
			p("  margins left=%s right=%s top=%s bottom=%s header=%s footer=%s", deref(m.Left), deref(m.Right), deref(m.Top), deref(m.Bottom), deref(m.Header), deref(m.Footer))
		}
		if hf, err := f.GetHeaderFooter(sheet); err == nil && hf != nil {
			p("  header %q footer %q", hf.OddHeader, hf.OddFooter)
		}
		tables, err := f.GetTables(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			p("  table %s range=%s style=%s", tb.Name, tb.Range, tb.StyleName)
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		maxCol := 0
		for _, r := range rows {
			maxCol = max(maxCol, len(r))
		}
		var widths []string
		for c := 1; c <= maxCol; c++ {
			w, err := f.GetColWidth(sheet, spendColName(c))
			if err != nil {
				t.Fatal(err)
			}
			widths = append(widths, strconv.FormatFloat(w, 'f', 1, 64))
		}
		p("  widths %s", strings.Join(widths, " "))
		for r := 1; r <= len(rows); r++ {
			for c := 1; c <= maxCol; c++ {
				cell := spendCellName(r, c)
				formula, err := f.GetCellFormula(sheet, cell)
				if err != nil {
					t.Fatal(err)
				}
				v := ""
				if c <= len(rows[r-1]) {
					v = rows[r-1][c-1]
				}
				if v == "" && formula == "" {
					continue
				}
				typ, _ := f.GetCellType(sheet, cell)
				style, _ := f.GetCellStyle(sheet, cell)
				line := fmt.Sprintf("  %s %s %q fmt=%q", cell, cellTypeName(typ), v, format(style))
				if formula != "" {
					line += " f=" + formula
				}
				p("%s", line)
			}
		}
	}
	p("")
	for _, c := range dumpCharts(t, path) {
		p("%s", c)
	}
	return b.String()
}

func deref[T any](p *T) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func cellTypeName(t excelize.CellType) string {
	switch t {
	case excelize.CellTypeUnset:
		return "n"
	case excelize.CellTypeBool:
		return "b"
	case excelize.CellTypeFormula:
		return "str"
	case excelize.CellTypeInlineString:
		return "inline"
	case excelize.CellTypeSharedString:
		return "s"
	case excelize.CellTypeNumber:
		return "n"
	}
	return strconv.Itoa(int(t))
}

// dumpCharts lists each chart part: its kind, grouping, title and series references.
func dumpCharts(t *testing.T, path string) []string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	kind := regexp.MustCompile(`<(?:c:)?(barChart|pieChart|lineChart|doughnutChart)>`)
	dir := regexp.MustCompile(`<(?:c:)?barDir val="(\w+)"`)
	grouping := regexp.MustCompile(`<(?:c:)?grouping val="(\w+)"`)
	refs := regexp.MustCompile(`<(?:c:)?f>([^<]*)</(?:c:)?f>(?:<(?:c:)?(?:str|num)Cache>(.*?)</(?:c:)?(?:str|num)Cache>)?`)
	points := regexp.MustCompile(`<(?:c:)?v>([^<]*)</(?:c:)?v>`)
	text := regexp.MustCompile(`<a:t>([^<]*)</a:t>`)
	var out []string
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		line := zf.Name
		for _, re := range []*regexp.Regexp{kind, dir, grouping} {
			if m := re.FindSubmatch(body); m != nil {
				line += " " + string(m[1])
			}
		}
		if m := text.FindSubmatch(body); m != nil {
			line += fmt.Sprintf(" title=%q", m[1])
		}
		var fs []string
		for _, m := range refs.FindAllSubmatch(body, -1) {
			f := html.UnescapeString(string(m[1]))
			var vs []string
			for _, p := range points.FindAllSubmatch(m[2], -1) {
				vs = append(vs, html.UnescapeString(string(p[1])))
			}
			fs = append(fs, f+"="+strings.Join(vs, "|")) // the cached values
		}
		out = append(out, line, "  series "+strings.Join(fs, " "))
	}
	out = append([]string{"charts " + strconv.Itoa(len(out)/2)}, out...)
	return out
}
