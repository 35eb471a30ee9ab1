package reports

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// spendZipLevel is the deflate level of the workbook: the zip of a million-row sheet
// dominates the writing time, and the fastest level costs little in size.
const spendZipLevel = flate.BestSpeed

// save zips the workbook straight into w. excelize's Write would first build the
// whole zip in memory; through SetZipWriter the archive streams to w instead (the
// buffer excelize hands the zip writer stays empty). The Orders sheet's dimension
// placeholder is replaced on the way with the real range.
func (sw *spendWorkbook) save(ctx context.Context, w io.Writer) error {
	dims := map[string]string{}
	for _, os := range sw.orderSheets {
		if os.dimension == "" {
			continue // a summary workbook's register, not a sheet
		}
		last, _ := excelize.CoordinatesToCellName(ocCount, os.last)
		dims[os.dimension] = "A1:" + last
	}
	zw := zip.NewWriter(spendCtxWriter{ctx, w})
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, spendZipLevel)
	})
	sz := &spendZip{zw: zw, dims: dims, charts: sw.chartCache}
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
// pass through a dimensionFix and whose entries are checked against the 4 GiB an
// entry may hold for Excel.
type spendZip struct {
	zw     *zip.Writer
	dims   map[string]string           // dimension placeholder → the real range
	charts map[string]spendSeriesCache // a chart's reference → its values
	cur    *spendEntry
	err    error
}

func (z *spendZip) Create(name string) (io.Writer, error) {
	if err := z.closeEntry(); err != nil {
		return nil, err
	}
	w, err := z.zw.Create(name)
	if err != nil {
		return nil, err
	}
	e := &spendEntry{name: name, w: w}
	switch {
	case strings.HasPrefix(name, "xl/worksheets/sheet"):
		e.fix = &dimensionFix{dims: z.dims}
	case strings.HasPrefix(name, "xl/charts/chart"):
		e.chart = new(bytes.Buffer) // small: cached whole, then its references' values added
	}
	z.cur = e
	return e, nil
}

func (z *spendZip) closeEntry() error {
	if z.cur == nil {
		return nil
	}
	e := z.cur
	z.cur = nil
	if e.fix != nil {
		if err := e.fix.flush(e.w); err != nil {
			return err
		}
	}
	if e.chart != nil {
		if _, err := e.w.Write(spendCacheChart(e.chart.Bytes(), z.charts)); err != nil {
			return err
		}
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
	name  string
	w     io.Writer
	n     int64
	fix   *dimensionFix
	chart *bytes.Buffer
}

func (e *spendEntry) Write(p []byte) (int, error) {
	e.n += int64(len(p))
	if e.n > math.MaxUint32 {
		return 0, fmt.Errorf("%s: %w", e.name, errEntryTooLarge)
	}
	if e.fix != nil {
		return e.fix.write(e.w, p)
	}
	if e.chart != nil {
		return e.chart.Write(p)
	}
	return e.w.Write(p)
}

// dimensionFix replaces a sheet's dimension placeholder, within the head of its
// stream, with the real range: it holds back bytes only until the head is decided.
type dimensionFix struct {
	dims map[string]string // placeholder → range
	head []byte
	done bool
}

// dimensionFixHead is how far into a worksheet the dimension element may be.
const dimensionFixHead = 64 << 10

var dimensionOpen = []byte(`<dimension ref="`)

func (d *dimensionFix) write(w io.Writer, p []byte) (int, error) {
	if d.done {
		return w.Write(p)
	}
	d.head = append(d.head, p...)
	if i := bytes.Index(d.head, dimensionOpen); i >= 0 {
		from := i + len(dimensionOpen)
		j := bytes.IndexByte(d.head[from:], '"')
		if j < 0 && len(d.head) <= dimensionFixHead {
			return len(p), nil // the range is not all here yet
		}
		d.done = true
		out := d.head
		if j >= 0 {
			if to, ok := d.dims[string(d.head[from:from+j])]; ok {
				out = append(append(append([]byte{}, d.head[:from]...), to...), d.head[from+j:]...)
			}
		}
		d.head = nil
		if _, err := w.Write(out); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	if len(d.head) > dimensionFixHead {
		if err := d.flush(w); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

func (d *dimensionFix) flush(w io.Writer) error {
	d.done = true
	if len(d.head) == 0 {
		return nil
	}
	_, err := w.Write(d.head)
	d.head = nil
	return err
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
