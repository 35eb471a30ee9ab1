package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"html"
	"io"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/klauspost/compress/flate"

	"github.com/xuri/excelize/v2"
)

// spendZipLevel is the deflate level of the workbook: the zip of a million-row sheet
// dominates the writing time, and the fastest level costs little in size.
const spendZipLevel = flate.BestSpeed

// save zips the workbook straight into w. excelize's Write would first build the
// whole zip in memory; through SetZipWriter the archive streams to w instead (the
// buffer excelize hands the zip writer stays empty). The register's sheets get
// their real dimension and their rows on the way.
func (sw *spendWorkbook) save(ctx context.Context, w io.Writer) error {
	dims := map[string]string{}
	rows := map[string]*spendRowWriter{}
	for _, os := range sw.orderSheets {
		if os.dimension == "" {
			continue // a summary workbook's register, not a sheet
		}
		last, _ := excelize.CoordinatesToCellName(ocCount, os.last)
		dims[os.dimension] = "A1:" + last
		rows[os.dimension] = os.rows
	}
	zw := zip.NewWriter(spendCtxWriter{ctx, w})
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, spendZipLevel)
	})
	sz := &spendZip{zw: zw, dims: dims, rows: rows, charts: sw.chartCache}
	sw.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return sz })
	if err := sw.f.Write(io.Discard); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		return fmt.Errorf("save: %w", err)
	}
	if sz.err != nil {
		return fmt.Errorf("save: %w", sz.err)
	}
	return nil
}

// spendZip is the excelize.ZipWriter of save: a zip.Writer whose worksheet entries
// get their real dimension, the register's sheets their rows (spliced in,
// deflated already), the charts their cached values, and whose entries are
// checked against the 4 GiB an entry may hold for Excel.
type spendZip struct {
	zw     *zip.Writer
	dims   map[string]string           // dimension placeholder → the real range
	rows   map[string]*spendRowWriter  // dimension placeholder → the rows to splice in
	charts map[string]spendSeriesCache // a chart's reference → its values
	cur    *spendEntry
	err    error
}

// The kinds of zip entry, by what save does with them.
const (
	entryPlain    = iota // written on as it comes
	entrySheet           // a worksheet whose head is held until its dimension is seen
	entryRegister        // a sheet of the register: held whole (it is small) and its rows spliced in
	entryChart           // held whole, then its references' values added
)

func (z *spendZip) Create(name string) (io.Writer, error) {
	if err := z.closeEntry(); err != nil {
		return nil, err
	}
	e := &spendEntry{z: z, name: name}
	switch {
	case strings.HasPrefix(name, "xl/worksheets/sheet"):
		e.kind = entrySheet
	case strings.HasPrefix(name, "xl/charts/chart"):
		e.kind = entryChart
	default:
		if err := e.create(); err != nil {
			return nil, err
		}
	}
	z.cur = e
	return e, nil
}

func (z *spendZip) closeEntry() error {
	e := z.cur
	if e == nil {
		return nil
	}
	z.cur = nil
	switch e.kind {
	case entrySheet:
		return e.decide(true)
	case entryChart:
		if err := e.create(); err != nil {
			return err
		}
		return e.out(spendCacheChart(e.held, z.charts))
	case entryRegister:
		return e.spliceRegister()
	}
	return nil
}

func (z *spendZip) AddFS(fsys fs.FS) error { return z.zw.AddFS(fsys) }

func (z *spendZip) Close() error {
	if err := z.closeEntry(); err != nil {
		z.err = err
		return err
	}
	err := z.zw.Close()
	if err != nil {
		z.err = err
	}
	return err
}

// errEntryTooLarge: Excel refuses zip entries over 4 GiB written this way.
var errEntryTooLarge = errors.New("a sheet is larger than 4 GiB: choose a shorter period")

// spendEntry is one zip entry being written.
type spendEntry struct {
	z    *spendZip
	name string
	kind int
	w    io.Writer // the zip entry, once created
	n    int64     // bytes written to it
	held []byte    // what is held back (see the kinds)
	// rows are the register's rows of an entryRegister.
	rows *spendRowWriter
}

func (e *spendEntry) create() error {
	w, err := e.z.zw.Create(e.name)
	e.w = w
	return err
}

// out writes to the zip entry, counting the bytes.
func (e *spendEntry) out(p []byte) error {
	e.n += int64(len(p))
	if e.n > math.MaxUint32 {
		return fmt.Errorf("%s: %w", e.name, errEntryTooLarge)
	}
	_, err := e.w.Write(p)
	return err
}

func (e *spendEntry) Write(p []byte) (int, error) {
	switch e.kind {
	case entryChart, entryRegister:
		e.held = append(e.held, p...)
		return len(p), nil
	case entrySheet:
		e.held = append(e.held, p...)
		return len(p), e.decide(false)
	}
	return len(p), e.out(p)
}

// spendDimensionHead is how far into a worksheet the dimension element may be.
const spendDimensionHead = 64 << 10

var (
	dimensionOpen  = []byte(`<dimension ref="`)
	sheetDataClose = []byte(`</sheetData>`)
)

// decide looks in a worksheet's head for its dimension; once it is there (or
// the head is longer than it could be, or the entry ends: final), a placeholder
// is replaced by its range and the entry is a sheet of the register or plain.
func (e *spendEntry) decide(final bool) error {
	i := bytes.Index(e.held, dimensionOpen)
	j := -1
	if i >= 0 {
		j = bytes.IndexByte(e.held[i+len(dimensionOpen):], '"')
	}
	if j < 0 && !final && len(e.held) <= spendDimensionHead {
		return nil // not all here yet
	}
	head := e.held
	e.held = nil
	if j >= 0 {
		from := i + len(dimensionOpen)
		placeholder := string(head[from : from+j])
		if to, ok := e.z.dims[placeholder]; ok {
			head = append(append(append([]byte{}, head[:from]...), to...), head[from+j:]...)
			if rows := e.z.rows[placeholder]; rows != nil {
				e.kind, e.rows, e.held = entryRegister, rows, head
				if final {
					return e.spliceRegister()
				}
				return nil
			}
		}
	}
	e.kind = entryPlain
	if err := e.create(); err != nil {
		return err
	}
	return e.out(head)
}

// spliceRegister writes a sheet of the register: its head up to the header row's
// end and its tail from </sheetData> on, both as excelize wrote them, with the
// rows between, deflated already. Each part ends on a byte boundary, so the three
// make one deflate stream; the entry's CRC is combined from theirs.
func (e *spendEntry) spliceRegister() error {
	i := bytes.LastIndex(e.held, sheetDataClose)
	if i < 0 {
		return fmt.Errorf("%s: no </sheetData> to put the rows before", e.name)
	}
	head, tail := e.held[:i], e.held[i:]
	rows := e.rows
	if err := rows.finish(); err != nil {
		return err
	}
	raw := int64(len(head)) + rows.raw + int64(len(tail))
	if raw > math.MaxUint32 {
		return fmt.Errorf("%s: %w", e.name, errEntryTooLarge)
	}
	deflate := func(p []byte, final bool) ([]byte, error) {
		var b bytes.Buffer
		fw, err := flate.NewWriter(&b, spendZipLevel)
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(p); err != nil {
			return nil, err
		}
		if final {
			err = fw.Close()
		} else {
			err = fw.Flush()
		}
		return b.Bytes(), err
	}
	cHead, err1 := deflate(head, false)
	cTail, err2 := deflate(tail, true)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	crc := crc32.ChecksumIEEE(head)
	crc = spendCRCCombine(crc, rows.crc, rows.raw)
	crc = spendCRCCombine(crc, crc32.ChecksumIEEE(tail), int64(len(tail)))
	w, err := e.z.zw.CreateRaw(&zip.FileHeader{
		Name: e.name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(cHead)) + uint64(rows.comp) + uint64(len(cTail)), UncompressedSize64: uint64(raw),
	})
	if err != nil {
		return err
	}
	if _, err := w.Write(cHead); err != nil {
		return err
	}
	if _, err := rows.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if n, err := io.Copy(w, rows.file); err != nil {
		return err
	} else if n != rows.comp {
		return fmt.Errorf("orders scratch file: %d bytes read, %d written", n, rows.comp)
	}
	_, err = w.Write(cTail)
	return err
}

// spendCRCCombine is the CRC-32 (IEEE) of a followed by b, from the CRC of a, the
// CRC of b and b's length: zlib's crc32_combine, which applies len2 zero bytes to
// crc1 by squaring the operator of one zero bit over GF(2).
func spendCRCCombine(crc1, crc2 uint32, len2 int64) uint32 {
	if len2 <= 0 {
		return crc1 ^ crc2
	}
	var even, odd [32]uint32
	odd[0] = 0xedb88320 // the operator of one zero bit
	row := uint32(1)
	for n := 1; n < 32; n++ {
		odd[n] = row
		row <<= 1
	}
	spendGF2Square(&even, &odd) // two zero bits
	spendGF2Square(&odd, &even) // four zero bits
	for {
		spendGF2Square(&even, &odd) // one zero byte, then two, four …
		if len2&1 != 0 {
			crc1 = spendGF2Times(&even, crc1)
		}
		len2 >>= 1
		if len2 == 0 {
			break
		}
		spendGF2Square(&odd, &even)
		if len2&1 != 0 {
			crc1 = spendGF2Times(&odd, crc1)
		}
		len2 >>= 1
		if len2 == 0 {
			break
		}
	}
	return crc1 ^ crc2
}

func spendGF2Times(mat *[32]uint32, vec uint32) uint32 {
	var sum uint32
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func spendGF2Square(square, mat *[32]uint32) {
	for n := range 32 {
		square[n] = spendGF2Times(mat, mat[n])
	}
}

// spendCtxWriter fails writes once its context is done, so that saving a large
// workbook can be cancelled.
type spendCtxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c spendCtxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// spendSeriesCache is what a chart's reference holds when the workbook is written:
// texts (a series' name, the categories) or numbers (the values).
type spendSeriesCache struct {
	texts []string
	nums  []float64
}

var (
	spendStrRef = regexp.MustCompile(`<strRef><f>([^<]*)</f>(?:<strCache>.*?</strCache>)?</strRef>`)
	spendNumRef = regexp.MustCompile(`<numRef><f>([^<]*)</f>(?:<numCache>.*?</numCache>)?</numRef>`)
)

// spendCacheChart adds to a chart part the values of its references, as Excel
// writes them, so that a viewer that does not recalculate draws the chart: a
// strCache of the series' names and categories, a numCache of their values.
func spendCacheChart(xml []byte, caches map[string]spendSeriesCache) []byte {
	ref := func(m []byte, re *regexp.Regexp) (string, spendSeriesCache, bool) {
		f := html.UnescapeString(string(re.FindSubmatch(m)[1]))
		c, ok := caches[f]
		return f, c, ok
	}
	xml = spendStrRef.ReplaceAllFunc(xml, func(m []byte) []byte {
		f, c, ok := ref(m, spendStrRef)
		if !ok {
			return m
		}
		var b strings.Builder
		fmt.Fprintf(&b, `<strRef><f>%s</f><strCache><ptCount val="%d"/>`, spendXMLText(f), len(c.texts))
		for i, t := range c.texts {
			fmt.Fprintf(&b, `<pt idx="%d"><v>%s</v></pt>`, i, spendXMLText(t))
		}
		b.WriteString(`</strCache></strRef>`)
		return []byte(b.String())
	})
	return spendNumRef.ReplaceAllFunc(xml, func(m []byte) []byte {
		f, c, ok := ref(m, spendNumRef)
		if !ok {
			return m
		}
		var b strings.Builder
		fmt.Fprintf(&b, `<numRef><f>%s</f><numCache><formatCode>General</formatCode><ptCount val="%d"/>`, spendXMLText(f), len(c.nums))
		for i, v := range c.nums {
			fmt.Fprintf(&b, `<pt idx="%d"><v>%s</v></pt>`, i, strconv.FormatFloat(v, 'g', -1, 64))
		}
		b.WriteString(`</numCache></numRef>`)
		return []byte(b.String())
	})
}

func spendXMLText(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
