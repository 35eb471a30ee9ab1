//go:build unix

package cli_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The hostile-input points of the hardening issue, on the real binary: a file no
// import may read is refused with exit status 1 and one line, within seconds and
// well under 500 MB, leaving nothing in the temporary folder; a cell of 50 MB costs
// little and is echoed cut; an import of a large workbook stops on SIGTERM.

// part is a zip member written raw.
type part struct {
	name string
	data []byte // deflated
	crc  uint32
	size uint64
}

func deflate(name string, content string) part {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestSpeed)
	w.Write([]byte(content))
	w.Close()
	return part{name, b.Bytes(), crc32.ChecksumIEEE([]byte(content)), uint64(len(content))}
}

// bomb is a member holding head, unit n times and tail, deflated in time
// proportional to its packed size: once the window holds only whole units, the
// deflate block of one more chunk of units is the same every time.
func bomb(name, head, unit string, n int64, tail string) part {
	per := int64((256 << 10) / len(unit))
	chunk := []byte(strings.Repeat(unit, int(per)))
	q, r := n/per, n%per
	var out bytes.Buffer
	w, _ := flate.NewWriter(&out, flate.BestCompression)
	w.Write([]byte(head))
	w.Write(chunk)
	w.Flush()
	w.Write(chunk)
	w.Flush()
	a := out.Len()
	w.Write(chunk)
	w.Flush()
	b := out.Len()
	w.Write([]byte(strings.Repeat(unit, int(r)) + tail))
	w.Close()
	s := out.Bytes()
	data := append([]byte(nil), s[:a]...)
	for range q - 2 {
		data = append(data, s[a:b]...)
	}
	data = append(data, s[b:]...)
	crc := crc32.ChecksumIEEE([]byte(head))
	for range q {
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	crc = crc32.Update(crc, crc32.IEEETable, []byte(strings.Repeat(unit, int(r))+tail))
	return part{name, data, crc, uint64(len(head)) + uint64(n)*uint64(len(unit)) + uint64(len(tail))}
}

const (
	ns      = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	rel     = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	header  = `<row r="1"><c r="A1" t="inlineStr"><is><t>order_ref</t></is></c><c r="B1" t="inlineStr"><is><t>marketplace</t></is></c><c r="C1" t="inlineStr"><is><t>order_date</t></is></c><c r="D1" t="inlineStr"><is><t>country</t></is></c><c r="E1" t="inlineStr"><is><t>sku</t></is></c><c r="F1" t="inlineStr"><is><t>qty</t></is></c></row>`
	sheetAt = `<?xml version="1.0" encoding="UTF-8"?><worksheet ` + ns + `><sheetData>`
)

// hostileWorkbook writes a one-sheet workbook with the parts given (sheet, shared
// strings, styles) and returns its path.
func hostileWorkbook(t *testing.T, name string, sheet, sst, styles part) string {
	t.Helper()
	parts := []part{
		deflate("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`),
		deflate("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="`+rel+`/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		deflate("xl/workbook.xml", `<workbook `+ns+` xmlns:r="`+rel+`"><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		deflate("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="`+rel+`/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="`+rel+`/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="`+rel+`/styles" Target="styles.xml"/></Relationships>`),
		sheet, sst, styles,
	}
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, p := range parts {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: p.crc, CompressedSize64: uint64(len(p.data)), UncompressedSize64: p.size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// measured is one run of the binary with its own temporary folder.
type measured struct {
	result
	took   time.Duration
	peakMB int64
	tmp    string
}

// measure runs the binary with args and a temporary folder of its own, sending
// SIGTERM after term when it is not 0.
func measure(t *testing.T, term time.Duration, args ...string) measured {
	t.Helper()
	tmp := t.TempDir()
	cmd := exec.Command(binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8", "TMPDIR="+tmp)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if term > 0 {
		timer := time.AfterFunc(term, func() { cmd.Process.Signal(syscall.SIGTERM) })
		defer timer.Stop()
	}
	err := cmd.Wait()
	m := measured{took: time.Since(start), tmp: tmp}
	if ee, ok := err.(*exec.ExitError); ok {
		m.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	m.stdout, m.stderr = out.String(), errb.String()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.peakMB = int64(ru.Maxrss) >> 10 // kilobytes
		if runtime.GOOS == "darwin" {
			m.peakMB >>= 10 // bytes there
		}
	}
	size := ""
	if st, err := os.Stat(args[len(args)-1]); err == nil {
		size = fmt.Sprintf(" (%.1f MB)", float64(st.Size())/1e6)
	}
	// the figures, for bench/hostile.sh (go test -v)
	t.Logf("measured: %s%s: exit %d in %.2f s, peak %d MB; %q", strings.Join(args[2:], " "), size, m.code, m.took.Seconds(), m.peakMB, firstLine(m.stderr))
	return m
}

func (m measured) leftovers() []string {
	var left []string
	filepath.WalkDir(m.tmp, func(p string, d os.DirEntry, err error) error {
		if p != m.tmp {
			left = append(left, p)
		}
		return nil
	})
	return left
}

func TestHostileWorkbooksRefused(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "--db", db, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	sheet := deflate("xl/worksheets/sheet1.xml", sheetAt+header+`</sheetData></worksheet>`)
	sst := deflate("xl/sharedStrings.xml", `<sst `+ns+`></sst>`)
	styles := deflate("xl/styles.xml", `<styleSheet `+ns+`/>`)
	cases := []struct {
		name, words string
		path        string
	}{
		{"a sheet of 1 GiB of empty rows", "xl/worksheets/sheet1.xml unpacks", hostileWorkbook(t, "rows.xlsx",
			bomb("xl/worksheets/sheet1.xml", sheetAt+header, "<row/>", 1<<30/6, `</sheetData></worksheet>`), sst, styles)},
		{"a style sheet of 4 GiB", "xl/styles.xml unpacks", hostileWorkbook(t, "styles.xlsx",
			sheet, sst, bomb("xl/styles.xml", `<styleSheet `+ns+`>`, "                ", 4<<30/16, `</styleSheet>`))},
		{"shared strings of 4 GiB", "xl/sharedStrings.xml unpacks", hostileWorkbook(t, "strings.xlsx",
			sheet, bomb("xl/sharedStrings.xml", `<sst `+ns+`>`, "<si><t>x</t></si>", 4<<30/17, `</sst>`), styles)},
	}
	for _, c := range cases {
		for _, what := range []string{"orders", "products", "stock", "invoices"} {
			m := measure(t, 0, "--db", db, "import", what, c.path)
			if m.code != 1 || strings.Count(m.stderr, "\n") != 1 || !strings.Contains(m.stderr, c.words) || !strings.Contains(m.stderr, "zip bomb") {
				t.Errorf("%s as %s: got exit %d and %q, want 1 and one line with %q", c.name, what, m.code, m.stderr, c.words)
			}
			if m.took > 10*time.Second || m.peakMB > 500 {
				t.Errorf("%s as %s: took %v and %d MB, want seconds and under 500 MB", c.name, what, m.took, m.peakMB)
			}
			if left := m.leftovers(); len(left) > 0 {
				t.Errorf("%s as %s: left %v in the temporary folder", c.name, what, left)
			}
		}
	}
}

func TestHugeCellBounded(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	mustRun(t, "--db", db, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	path := filepath.Join(dir, "cell.csv")
	body := "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency\n" +
		"A-1,amazon,2026-05-11,FR,75011,MUG,1,12.50,EUR\n" +
		"A-2,amazon,2026-05-11,FR,75011," + strings.Repeat("x", 50<<20) + ",1,12.50,EUR\n" +
		"A-3,amazon,2026-05-11,FR,75011,MUG,1,12.50,EUR\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	m := measure(t, 0, "--db", db, "import", "orders", path)
	if m.code != 0 || !strings.Contains(m.stdout, "3 rows read, 2 imported as 2 orders, 1 rejected") {
		t.Fatalf("got exit %d, %q %q; want the two other orders imported", m.code, m.stdout, m.stderr)
	}
	// The cell passes through the reader's buffer once (50 MB) and the collector
	// may let the heap grow to a few times that while an import runs (GOGC 400):
	// 190–210 MB measured; storing the cell took 677 MB.
	if m.peakMB > 256 || len(m.stdout) > 4096 {
		t.Errorf("got %d MB and %d bytes of output, want under 256 MB and a few lines", m.peakMB, len(m.stdout))
	}
	rej, err := os.ReadFile(path + ".rejected.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rej) > 64<<10 || !strings.Contains(string(rej), "longer than Excel's 32,767 characters (50 MB)") {
		t.Errorf("the rejected-rows file has %d bytes: %.300q; want the row cut to 32,767 characters and the reason", len(rej), rej)
	}
}

// TestImportWorkbookTerminated: SIGTERM stops the import of a large workbook
// within seconds, storing nothing and leaving nothing in the temporary folder.
func TestImportWorkbookTerminated(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	mustRun(t, "--db", db, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	path := filepath.Join(dir, "orders.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"order_ref", "marketplace", "order_date", "country", "postal_code", "sku", "qty", "unit_price", "currency"})
	const n = 300_000
	for i := 2; i <= n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		sw.SetRow(cell, []any{fmt.Sprintf("T-%07d", i), "amazon", "2026-05-11", "FR", fmt.Sprintf("%05d", i%99999), "MUG", 1, 12.5, "EUR"})
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	m := measure(t, 1500*time.Millisecond, "--db", db, "import", "orders", path)
	if m.code != 1 || !strings.Contains(m.stderr, "cancelled") {
		t.Fatalf("got exit %d, %q %q; want 1 and cancelled", m.code, m.stdout, m.stderr)
	}
	if m.took > 6500*time.Millisecond {
		t.Errorf("exited %v after the start, want within 5 s of the SIGTERM", m.took)
	}
	if left := m.leftovers(); len(left) > 0 {
		t.Errorf("left %v in the temporary folder", left)
	}
	if got := countOrders(t, db); got != 0 {
		t.Errorf("got %d orders stored, want none", got)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
