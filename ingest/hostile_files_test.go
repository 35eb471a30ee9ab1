package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// This file builds hostile and genuine workbooks for the tests: zip bombs in time
// proportional to their compressed size, parts that lie about their size, and the
// largest sheet Excel allows.

// rawPart is one member of a zip written as given: a deflate stream or stored bytes
// with the sizes and checksum its header declares (which may lie).
type rawPart struct {
	name       string
	method     uint16
	data       []byte // the member's bytes as stored (compressed for Deflate)
	crc        uint32
	size       uint64 // declared uncompressed size
	compressed uint64 // declared compressed size; 0: len(data)
}

// deflated is a part whose content is compressed here, with true sizes.
func deflated(name string, content []byte) rawPart {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestSpeed)
	w.Write(content)
	w.Close()
	return rawPart{name: name, method: zip.Deflate, data: b.Bytes(), crc: crc32.ChecksumIEEE(content), size: uint64(len(content))}
}

// repeated is a deflated part holding head, then unit n times, then tail, made
// without compressing it all: deflate blocks after a sync flush are byte aligned, and
// once the 32 KiB window holds nothing but whole units, the block that encodes one
// more chunk of units is the same every time, so it is written once and copied.
func repeated(name string, head, unit []byte, n int64, tail []byte) rawPart {
	per := int64(max(1, (256<<10)/len(unit))) // units in a chunk (≥ 256 KiB: many windows)
	chunk := bytes.Repeat(unit, int(per))
	q, r := n/per, n%per
	if q < 3 {
		return deflated(name, append(append(append([]byte(nil), head...), bytes.Repeat(unit, int(n))...), tail...))
	}
	var out bytes.Buffer
	w, _ := flate.NewWriter(&out, flate.BestCompression)
	w.Write(head)
	w.Write(chunk)
	w.Flush()
	w.Write(chunk)
	w.Flush()
	a := out.Len()
	w.Write(chunk)
	w.Flush()
	b := out.Len()
	w.Write(bytes.Repeat(unit, int(r)))
	w.Write(tail)
	w.Close()
	s := out.Bytes()
	steady, end := s[a:b], s[b:]
	data := make([]byte, 0, a+int(q-2)*len(steady)+len(end))
	data = append(data, s[:a]...)
	for range q - 2 {
		data = append(data, steady...)
	}
	data = append(data, end...)
	crc := crc32.Update(0, crc32.IEEETable, head)
	for range q {
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	crc = crc32.Update(crc, crc32.IEEETable, bytes.Repeat(unit, int(r)))
	crc = crc32.Update(crc, crc32.IEEETable, tail)
	return rawPart{name: name, method: zip.Deflate, data: data, crc: crc, size: uint64(len(head)) + uint64(n)*uint64(len(unit)) + uint64(len(tail))}
}

// writeZip writes parts as a zip archive.
func writeZip(w io.Writer, parts ...rawPart) error {
	zw := zip.NewWriter(w)
	for _, p := range parts {
		c := p.compressed
		if c == 0 {
			c = uint64(len(p.data))
		}
		fw, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: p.method, CRC32: p.crc, CompressedSize64: c, UncompressedSize64: p.size})
		if err != nil {
			return err
		}
		if _, err := fw.Write(p.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

const (
	nsMain = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	nsRel  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
)

// skeleton is the parts of a one-sheet workbook other than its sheet and shared
// strings.
func skeleton() []rawPart {
	return []rawPart{
		deflated("[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`)),
		deflated("_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="`+nsRel+`/officeDocument" Target="xl/workbook.xml"/></Relationships>`)),
		deflated("xl/workbook.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<workbook `+nsMain+` xmlns:r="`+nsRel+`"><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>`)),
		deflated("xl/_rels/workbook.xml.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="`+nsRel+`/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="`+nsRel+`/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="`+nsRel+`/styles" Target="styles.xml"/></Relationships>`)),
	}
}

// stylesXML is a minimal style sheet.
var stylesXML = []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<styleSheet ` + nsMain + `><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf/></cellXfs></styleSheet>`)

// sheetHead opens a sheet whose first row holds the cells of header as inline
// strings; sheetTail closes it.
func sheetHead(header ...string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet ` + nsMain + `><sheetData>`)
	b.WriteString(inlineRow(1, header...))
	return []byte(b.String())
}

var sheetTail = []byte(`</sheetData></worksheet>`)

// inlineRow is row r with inline-string cells.
func inlineRow(r int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, r)
	for i, c := range cells {
		col, _ := excelize.ColumnNumberToName(i + 1)
		fmt.Fprintf(&b, `<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, col, r, xmlEscaped(c))
	}
	b.WriteString(`</row>`)
	return b.String()
}

func xmlEscaped(s string) string {
	var b bytes.Buffer
	xmlEscape(&b, s)
	return b.String()
}

// xmlEscape writes s as XML text, byte for byte but for <, > and & (bytes that are
// no XML stay, for the tests of damaged sheets).
func xmlEscape(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteByte(c)
		}
	}
}

var genericCols = strings.Split(strings.TrimSpace(genericHeader), ",")

// testWorkbook is a one-sheet workbook of the given sheet (and shared strings, when
// not zero) with a minimal style sheet; more parts are added as given.
func testWorkbook(sheet rawPart, sst *rawPart, more ...rawPart) []byte {
	parts := append(skeleton(), deflated("xl/styles.xml", stylesXML))
	sheet.name = "xl/worksheets/sheet1.xml"
	parts = append(parts, sheet)
	if sst != nil {
		sst.name = "xl/sharedStrings.xml"
		parts = append(parts, *sst)
	} else {
		parts = append(parts, deflated("xl/sharedStrings.xml", []byte(`<sst `+nsMain+` count="0" uniqueCount="0"></sst>`)))
	}
	var b bytes.Buffer
	if err := writeZip(&b, append(parts, more...)...); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// sheetBomb is a workbook whose sheet has the generic header, then n empty rows.
func sheetBomb(n int64) []byte {
	return testWorkbook(repeated("", sheetHead(genericCols...), []byte(`<row/>`), n, sheetTail), nil)
}

// partBomb is a workbook with a genuine sheet and one more part of n spaces in an
// element.
func partBomb(name string, n int64) []byte {
	sheet := deflated("", []byte(string(sheetHead(genericCols...))+inlineRow(2, "A-1", "amazon", "2026-05-11", "FR", "75011", "MUG", "1", "12.50", "EUR", "")+string(sheetTail)))
	sheet.name = "xl/worksheets/sheet1.xml"
	parts := skeleton()
	bomb := repeated(name, []byte(`<?xml version="1.0" encoding="UTF-8"?><x>`), []byte("                "), n/16, []byte(`</x>`))
	var b bytes.Buffer
	all := append(parts, sheet, deflated("xl/sharedStrings.xml", []byte(`<sst `+nsMain+`></sst>`)))
	if name != "xl/styles.xml" {
		all = append(all, deflated("xl/styles.xml", stylesXML))
	}
	if err := writeZip(&b, append(all, bomb)...); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// sstBomb is a workbook whose sheet uses shared string 0 and whose shared strings
// are n copies of a short string.
func sstBomb(n int64) []byte {
	sheet := deflated("", []byte(string(sheetHead(genericCols...))+`<row r="2"><c r="A2" t="s"><v>0</v></c></row>`+string(sheetTail)))
	sst := repeated("", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst `+nsMain+`>`), []byte(`<si><t>x</t></si>`), n, []byte(`</sst>`))
	return testWorkbook(sheet, &sst)
}

// streamedOrders writes n generic order rows after the header with excelize's
// StreamWriter (inline strings, numbers as numbers), the way a program exports.
func streamedOrders(w io.Writer, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetDimension("Sheet1", fmt.Sprintf("A1:J%d", n+1)); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	row := make([]any, 10)
	for i, h := range genericCols {
		row[i] = h
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	r := 2
	genericOrderRows(n, func(cells []string) {
		if err != nil {
			return
		}
		for i, c := range cells {
			row[i] = c
		}
		row[6] = int(cells[6][0] - '0')
		cell, _ := excelize.CoordinatesToCellName(1, r)
		err = sw.SetRow(cell, row)
		r++
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// sharedOrders writes n generic order rows after the header the way Excel saves a
// sheet: every text in the shared strings, cells that refer to them.
func sharedOrders(w io.Writer, n int) error {
	index := map[string]int{}
	var sst bytes.Buffer
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<sst ` + nsMain + `>`)
	var sheet bytes.Buffer
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet ` + nsMain + `><dimension ref="A1:J` + fmt.Sprint(n+1) + `"/><sheetData>`)
	r := 1
	put := func(cells []string) {
		fmt.Fprintf(&sheet, `<row r="%d" spans="1:10">`, r)
		for i, c := range cells {
			col := string(rune('A' + i))
			if c == "" {
				continue
			}
			if i == 6 && r > 1 {
				fmt.Fprintf(&sheet, `<c r="%s%d"><v>%s</v></c>`, col, r, c)
				continue
			}
			k, ok := index[c]
			if !ok {
				k = len(index)
				index[c] = k
				sst.WriteString("<si><t>")
				xmlEscape(&sst, c)
				sst.WriteString("</t></si>")
			}
			fmt.Fprintf(&sheet, `<c r="%s%d" t="s"><v>%d</v></c>`, col, r, k)
		}
		sheet.WriteString(`</row>`)
		r++
	}
	put(genericCols)
	genericOrderRows(n, put)
	sheet.Write(sheetTail)
	sst.WriteString(`</sst>`)
	s, ss := deflated("", sheet.Bytes()), deflated("", sst.Bytes())
	return writeZip(w, append(append(skeleton(), deflated("xl/styles.xml", stylesXML)), rawPart{name: "xl/worksheets/sheet1.xml", method: s.method, data: s.data, crc: s.crc, size: s.size}, rawPart{name: "xl/sharedStrings.xml", method: ss.method, data: ss.data, crc: ss.crc, size: ss.size})...)
}

// TestWriteHostileFiles writes the files of the hardening issue's hostile-input
// points, and the largest genuine export, into $SHIPMODE_HOSTILE_DIR, for the
// by-hand measurements of the binary (time, peak memory, exit status, message). It is
// skipped without that variable: the files are gigabytes once inflated.
func TestWriteHostileFiles(t *testing.T) {
	dir := os.Getenv("SHIPMODE_HOSTILE_DIR")
	if dir == "" {
		t.Skip("set SHIPMODE_HOSTILE_DIR to write the hostile files")
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes", name, len(data))
	}
	writeWith := func(name string, fn func(io.Writer) error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := fn(f); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write("bomb-3g.xlsx", sheetBomb(3<<30/6))
	write("part-4g.xlsx", partBomb("xl/styles.xml", 4<<30))
	write("sst-4g.xlsx", sstBomb(4<<30/17))
	// a 50 MB cell, as CSV and in a workbook (random letters: it does not compress)
	rng := rand.New(rand.NewPCG(3, 4))
	big := make([]byte, 50<<20)
	for i := range big {
		big[i] = byte('a' + rng.IntN(26))
	}
	write("cell-50mb.csv", []byte(genericHeader+"A-1,amazon,2026-05-11,FR,75011,"+string(big)+",1,12.50,EUR,\n"))
	write("cell-50mb.xlsx", testWorkbook(deflated("", []byte(string(sheetHead(genericCols...))+inlineRow(2, "A-1", "amazon", "2026-05-11", "FR", "75011", string(big), "1", "12.50", "EUR", "")+string(sheetTail))), nil))
	if os.Getenv("SHIPMODE_HOSTILE_BIG") != "" {
		writeWith("orders-1m-stream.xlsx", func(w io.Writer) error { return streamedOrders(w, 1<<20-1) })
		writeWith("orders-1m-shared.xlsx", func(w io.Writer) error { return sharedOrders(w, 1<<20-1) })
	}
}
