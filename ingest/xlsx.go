package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"shipmode/crash"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits of a workbook export (orders, products, stock). They leave room for the
// largest sheet Excel holds — 1,048,576 rows, some hundreds of MB of XML — and
// refuse what a zip bomb unpacks to before excelize unpacks anything: excelize
// reads a whole part into memory, or unpacks a large sheet to a temporary file,
// without asking, and without a way to stop it. (Variables only so that tests and
// fuzzing can lower them.)
var (
	xlsxMaxFile     int64  = 256 << 20 // bytes of the file
	xlsxMaxParts    uint64 = 10000     // members of its zip
	xlsxMaxUnzip    uint64 = 2 << 30   // bytes of all its parts, unpacked
	xlsxMaxInMemory uint64 = 128 << 20 // bytes of the parts excelize holds in memory, unpacked
	xlsxMaxStrings         = 8 << 20   // texts in the shared strings (excelize indexes each in memory)
	xlsxMaxRatio    uint64 = 100       // unpacked ÷ packed size of a part (Apache POI's default)
	xlsxRatioFrom   uint64 = 1 << 20   // parts up to this size may compress better
	xlsxStream      uint64 = 16 << 20  // parts larger than this go to temporary files (excelize's UnzipXMLSizeLimit)
	xlsxMaxRowXML   int64  = 64 << 20  // bytes of a sheet's XML in one row (or before the first, after the last)
)

const xlsxMaxRows = excelize.TotalRows

// openXLSX reads the first sheet of a workbook: cells as the spreadsheet displays
// them, except that built-in date formats are shown as ISO dates. The file is
// copied to a folder of its own and checked (checkWorkbook) before excelize unpacks
// it there; close removes the folder, and so does any error.
func (t *table) openXLSX(r io.Reader) (err error) {
	dir, err := os.MkdirTemp("", "shipmode-xlsx-")
	if err != nil {
		return fmt.Errorf("read %s: %w", t.name, err)
	}
	var f *excelize.File
	var rows *excelize.Rows
	t.closer = func() error {
		var err error
		if rows != nil {
			err = rows.Close()
		}
		if f != nil {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if rerr := os.RemoveAll(dir); err == nil {
			err = rerr
		}
		return err
	}
	defer func() {
		if err != nil {
			t.close()
		}
	}()
	file := filepath.Join(dir, "workbook.xlsx")
	size, err := copyFile(t.ctx, file, r, xlsxMaxFile)
	switch {
	case errors.Is(err, errTooLarge):
		return fileError(t.name, nil, rsXLSXTooLarge, byteSize(xlsxMaxFile))
	case err != nil && t.ctx.Err() != nil:
		return t.ctx.Err()
	case err != nil:
		return fmt.Errorf("read %s: %w", t.name, err)
	}
	wb, err := checkWorkbook(t.ctx, file, size, t.name)
	if err != nil {
		return err
	}
	// excelize unpacks the parts and indexes the shared strings (at the first cell
	// that uses one: mostly the header) with no way to stop it: within the limits
	// that takes seconds, which a cancel does not wait for. It goes on on its own,
	// closes the workbook and removes the folder when it is done; the folder is
	// removed now too (its files go at once on Unix, even while excelize writes them).
	done := make(chan *unpacked, 1)
	var panics crash.Group // excelize's panic, raised again here
	go func() {
		defer panics.Catch(func() { done <- &unpacked{err: errUnpackPanicked} })
		unpacking()
		done <- unpackXLSX(t.ctx, t.name, file, dir, wb)
	}()
	var u *unpacked
	select {
	case u = <-done:
		panics.Raise()
	case <-t.ctx.Done():
		go func() {
			u := <-done
			u.close()
			os.RemoveAll(dir)
		}()
		return t.ctx.Err()
	}
	f, rows = u.f, u.xrows
	if u.err != nil {
		return u.err
	}
	t.kind, t.next = "xlsx", t.nextXLSX
	t.xrows, t.xsheet, t.xline, t.xlast = u.xrows, u.xsheet, u.xline, u.xlast
	t.header, t.headerLine = u.header, u.headerLine
	return nil
}

// unpacking is called as excelize starts unpacking (a test holds it there).
var unpacking = func() {}

// unpacked is a workbook excelize opened, with its first sheet's header read.
type unpacked struct {
	*table
	f   *excelize.File
	err error
}

func (u *unpacked) close() {
	if u.xrows != nil {
		u.xrows.Close()
	}
	if u.f != nil {
		u.f.Close()
	}
}

// errUnpackPanicked is what the unpacking of a workbook that panicked hands over
// (its panic is raised again where it is received).
var errUnpackPanicked = errors.New("unpacking the workbook stopped")

// unpackXLSX opens a checked workbook with excelize, unpacking into dir, and reads
// the header of its first sheet.
func unpackXLSX(ctx context.Context, name, file, dir string, wb *workbook) *unpacked {
	u := &unpacked{table: &table{ctx: ctx, name: name}}
	fail := func(err error) *unpacked { u.err = err; return u }
	var err error
	u.f, err = excelize.OpenFile(file, excelize.Options{ShortDatePattern: "yyyy-mm-dd", LongTimePattern: "hh:mm:ss",
		UnzipSizeLimit: int64(xlsxMaxUnzip), UnzipXMLSizeLimit: int64(xlsxStream), TmpDir: dir})
	if err != nil {
		return fail(fileError(name, err, rsDamagedXLSX))
	}
	os.Remove(file) // unpacked: no longer needed
	sheets := u.f.GetSheetList()
	if len(sheets) == 0 {
		return fail(fileError(name, nil, rsNoSheet))
	}
	u.xsheet = SheetRef(sheets[0])
	if wb.sheet == sheets[0] {
		u.xlast = wb.lastRow
	}
	if u.xrows, err = u.f.Rows(sheets[0]); err != nil {
		return fail(fileError(name, err, rsDamagedXLSX))
	}
	rec, line, err := u.nextXLSX()
	switch {
	case err == io.EOF:
		return fail(fileError(name, nil, rsNoHeaderSheet, u.xsheet))
	case err != nil:
		return fail(err)
	}
	u.header, u.headerLine = trimHeader(rec), line
	if n := len(u.header); n > maxColumns {
		return fail(fileError(name, nil, rsHeaderTooWide, itoa(n)))
	}
	return u
}

// nextXLSX returns the next row of the sheet that has a cell, and sets t.fault. A
// row excelize cannot read, or a sheet it stops reading before the last row its
// XML has (excelize stops in silence at XML it cannot decode), is a damaged
// workbook.
func (t *table) nextXLSX() ([]string, int, error) {
	t.fault = nil
	for t.xrows.Next() {
		t.xline++
		if t.xline&1023 == 0 {
			if err := t.ctx.Err(); err != nil {
				return nil, 0, err
			}
		}
		rec, err := t.xrows.Columns()
		if err != nil {
			return nil, 0, fileError(t.name, err, rsSheetCut, t.xsheet, itoa(t.xline))
		}
		if allEmpty(rec) {
			continue
		}
		rec, t.fault = screen(rec, nil)
		return rec, t.xline, nil
	}
	if err := t.xrows.Error(); err != nil {
		return nil, 0, fileError(t.name, err, rsSheetCut, t.xsheet, itoa(t.xline))
	}
	if t.xline < t.xlast {
		return nil, 0, fileError(t.name, nil, rsSheetCut, t.xsheet, itoa(t.xline))
	}
	return nil, 0, io.EOF
}

var errTooLarge = errors.New("too large")

// copyFile copies r to a new file at name, up to limit bytes (errTooLarge past
// them), and returns its size. ctx stops it.
func copyFile(ctx context.Context, name string, r io.Reader, limit int64) (int64, error) {
	out, err := os.Create(name)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, &ctxReader{ctx: ctx, r: io.LimitReader(r, limit+1)})
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > limit {
		err = errTooLarge
	}
	return n, err
}

// ctxReader is a reader that ctx stops.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(b)
}

// workbook is what checkWorkbook learnt of a workbook.
type workbook struct {
	sheet   string // its first sheet
	lastRow int    // the last row of that sheet, as its XML says
}

// checkWorkbook reads a workbook's zip directory and the parts excelize will read,
// before excelize reads any: the numbers and sizes its directory declares (which
// the zip reader holds the parts to) must be within the limits above, every part
// excelize holds in memory must unpack without error (excelize does not check), the
// shared strings must be within their count, and the first sheet's XML must be text
// with rows within their limits — its last row is noted, to tell a sheet excelize
// stops reading early.
func checkWorkbook(ctx context.Context, file string, size int64, name string) (*workbook, error) {
	zf, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer zf.Close()
	damaged := func(err error) error { return fileError(name, err, rsDamagedXLSX) }
	n, err := zipEntries(zf, size)
	if err != nil {
		return nil, damaged(err)
	}
	if n > xlsxMaxParts {
		return nil, fileError(name, nil, rsTooManyParts, strconv.FormatUint(n, 10), strconv.FormatUint(xlsxMaxParts, 10))
	}
	zr, err := zip.NewReader(zf, size)
	if err != nil {
		return nil, damaged(err)
	}
	var total, inMemory, packed uint64
	parts := make(map[string]*zip.File, len(zr.File)) // by name as excelize keys them
	var sst *zip.File
	for _, m := range zr.File {
		u, c := m.UncompressedSize64, m.CompressedSize64
		part := strings.ReplaceAll(m.Name, "\\", "/")
		if u > xlsxRatioFrom && u/max(c, 1) > xlsxMaxRatio {
			return nil, fileError(name, nil, rsZipBomb, part, strconv.FormatUint(u/max(c, 1), 10), byteSize(int64(min(u, 1<<62))))
		}
		if total += u; total > xlsxMaxUnzip || u > xlsxMaxUnzip {
			return nil, fileError(name, nil, rsUnpacksTooLarge, byteSize(int64(xlsxMaxUnzip)))
		}
		packed += c
		lower := strings.ToLower(part)
		isSST := lower == "xl/sharedstrings.xml"
		if !(u > xlsxStream && !m.FileInfo().IsDir() && (isSST || strings.HasPrefix(lower, "xl/worksheets/sheet"))) {
			if inMemory += u; inMemory > xlsxMaxInMemory {
				return nil, fileError(name, nil, rsPartTooLarge, part, byteSize(int64(min(u, 1<<62))), byteSize(int64(xlsxMaxInMemory)))
			}
			if err := unpack(ctx, m, io.Discard); err != nil {
				return nil, cancelled(ctx, damaged(err))
			}
		}
		if isSST {
			part, sst = "xl/sharedStrings.xml", m
		} else if lower == "[content_types].xml" {
			part = "[Content_Types].xml"
		}
		parts[part] = m
	}
	if packed > uint64(size) {
		return nil, damaged(fmt.Errorf("the parts claim %d bytes of a %d-byte file", packed, size))
	}
	if sst != nil && sst.UncompressedSize64 > xlsxStream {
		rc, err := sst.Open()
		if err != nil {
			return nil, damaged(err)
		}
		err = countStrings(ctx, rc, name)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	wb := &workbook{}
	sheet, at := firstSheet(parts)
	if sheet == "" {
		return nil, fileError(name, nil, rsNoSheet)
	}
	m := parts[at]
	if m == nil {
		return wb, nil // excelize finds no such sheet either
	}
	wb.sheet = sheet
	rc, err := m.Open()
	if err != nil {
		return nil, damaged(err)
	}
	defer rc.Close()
	if wb.lastRow, err = scanSheet(ctx, rc, name, SheetRef(sheet)); err != nil {
		return nil, err
	}
	return wb, nil
}

// cancelled is ctx's error when it ended, else err.
func cancelled(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// zipEntries is the number of members a zip's end record declares (from its
// ZIP64 record when it has one), read before archive/zip makes a record of each.
func zipEntries(ra io.ReaderAt, size int64) (uint64, error) {
	tail := make([]byte, min(size, 22+65535))
	if _, err := ra.ReadAt(tail, size-int64(len(tail))); err != nil {
		return 0, err
	}
	i := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if i < 0 || len(tail)-i < 22 {
		return 0, zip.ErrFormat
	}
	n := uint64(binary.LittleEndian.Uint16(tail[i+10:]))
	if n == 0xFFFF && i >= 20 && bytes.HasPrefix(tail[i-20:], []byte("PK\x06\x07")) {
		rec := make([]byte, 56)
		off := int64(binary.LittleEndian.Uint64(tail[i-20+8:]))
		if _, err := ra.ReadAt(rec, off); err != nil || !bytes.HasPrefix(rec, []byte("PK\x06\x06")) {
			return 0, zip.ErrFormat
		}
		n = binary.LittleEndian.Uint64(rec[32:])
	}
	return n, nil
}

// unpack writes a part to w, checked: the zip reader refuses a part that unpacks to
// more than its declared size or fails its checksum.
func unpack(ctx context.Context, m *zip.File, w io.Writer) error {
	rc, err := m.Open()
	if err != nil {
		return err
	}
	_, err = io.Copy(w, &ctxReader{ctx: ctx, r: rc})
	if cerr := rc.Close(); err == nil {
		err = cerr
	}
	return err
}

// xmlRels and xmlWorkbook are what firstSheet reads of a workbook's relationships
// and sheet list.
type xmlRels struct {
	Rel []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type xmlWorkbook struct {
	Sheets []struct {
		Name  string     `xml:"name,attr"`
		Attrs []xml.Attr `xml:",any,attr"`
	} `xml:"sheets>sheet"`
}

// firstSheet finds the first sheet of a workbook and the part that holds it, the
// way excelize does (getWorkbookPath, getSheetMap, getWorksheetPath).
func firstSheet(parts map[string]*zip.File) (name, part string) {
	read := func(p string, v any) bool {
		m := parts[p]
		if m == nil || m.UncompressedSize64 > xlsxMaxInMemory {
			return false
		}
		var b bytes.Buffer
		if unpack(context.Background(), m, &b) != nil {
			return false
		}
		return xml.Unmarshal(b.Bytes(), v) == nil
	}
	wbPath := "xl/workbook.xml"
	var rels xmlRels
	if read("_rels/.rels", &rels) {
		for _, r := range rels.Rel {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = strings.TrimPrefix(path.Clean("/"+r.Target), "/")
				break
			}
		}
	}
	var wb xmlWorkbook
	if !read(wbPath, &wb) || len(wb.Sheets) == 0 {
		return "", ""
	}
	s := wb.Sheets[0]
	id := ""
	for _, a := range s.Attrs {
		if a.Name.Local == "id" && a.Name.Space != "" {
			id = a.Value
		}
	}
	dir := path.Dir(wbPath)
	var wbRels xmlRels
	if !read(dir+"/_rels/"+path.Base(wbPath)+".rels", &wbRels) {
		return s.Name, ""
	}
	for _, r := range wbRels.Rel {
		if r.ID == id {
			target := strings.ReplaceAll(r.Target, "\\", "/")
			if strings.HasPrefix(target, "/") {
				return s.Name, strings.TrimPrefix(path.Clean(target), "/")
			}
			return s.Name, strings.TrimPrefix(path.Clean(dir+"/"+target), "/")
		}
	}
	return s.Name, ""
}
