package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// withLimits lowers workbook limits for one test (or fuzz target), and puts them
// back after it.
func withLimits(tb testing.TB, set func()) {
	saved := []any{xlsxMaxFile, xlsxMaxParts, xlsxMaxUnzip, xlsxMaxInMemory, xlsxMaxStrings, xlsxMaxRatio, xlsxRatioFrom, xlsxStream, xlsxMaxRowXML}
	tb.Cleanup(func() {
		xlsxMaxFile, xlsxMaxParts, xlsxMaxUnzip = saved[0].(int64), saved[1].(uint64), saved[2].(uint64)
		xlsxMaxInMemory, xlsxMaxStrings, xlsxMaxRatio = saved[3].(uint64), saved[4].(int), saved[5].(uint64)
		xlsxRatioFrom, xlsxStream, xlsxMaxRowXML = saved[6].(uint64), saved[7].(uint64), saved[8].(int64)
	})
	set()
}

// sheetOf is a workbook whose sheet has the generic header, then rows given as XML.
func sheetOf(rows ...string) []byte {
	return testWorkbook(deflated("", []byte(string(sheetHead(genericCols...))+strings.Join(rows, "")+string(sheetTail))), nil)
}

// orderRow is a generic order row as sheet XML, with sku as given.
func orderRow(r int, ref, sku string) string {
	return inlineRow(r, ref, "amazon", "2026-05-11", "FR", "75011", sku, "1", "12.50", "EUR", "")
}

// randomText is n letters that do not compress much.
func randomText(n int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + rng.IntN(26))
	}
	return string(b)
}

// streamed is streamedOrders' workbook of n rows.
func streamed(tb testing.TB, n int) []byte {
	var b bytes.Buffer
	if err := streamedOrders(&b, n); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// zipFlip returns data with the byte at the middle of the named member's stored
// bytes changed.
func zipFlip(tb testing.TB, data []byte, member string) []byte {
	i := bytes.Index(data, []byte(member))
	if i < 0 {
		tb.Fatalf("no member %s", member)
	}
	// the first occurrence is the local header: 30 bytes before the name
	h := i - 30
	csize := int(binary.LittleEndian.Uint32(data[h+18:]))
	body := i + len(member) + int(binary.LittleEndian.Uint16(data[h+28:]))
	out := bytes.Clone(data)
	out[body+csize/2] ^= 0x55
	return out
}

// oleFile is a compound file of 512-byte sectors whose directory holds a root entry
// and one stream entry named stream: the shape of an old .xls ("Workbook") or of a
// password-protected workbook ("EncryptionInfo").
func oleFile(stream string, shift int) []byte {
	sector := 1 << shift
	b := make([]byte, sector*3)
	copy(b, oleSignature)
	binary.LittleEndian.PutUint16(b[0x1A:], uint16(shift-6)) // major version: 3 for 512-byte sectors, 4 for 4096
	binary.LittleEndian.PutUint16(b[0x1C:], 0xFFFE)          // byte order
	binary.LittleEndian.PutUint16(b[0x1E:], uint16(shift))
	binary.LittleEndian.PutUint32(b[0x30:], 1) // the directory starts in sector 1
	entry := func(off int, name string, typ byte) {
		u := utf16.Encode([]rune(name + "\x00"))
		for i, c := range u {
			binary.LittleEndian.PutUint16(b[off+2*i:], c)
		}
		binary.LittleEndian.PutUint16(b[off+0x40:], uint16(2*len(u)))
		b[off+0x42] = typ
	}
	entry(2*sector, "Root Entry", 5)
	entry(2*sector+128, stream, 2)
	return b
}

// encryptedWorkbook is a genuine password-protected workbook, as excelize writes it.
func encryptedWorkbook(tb testing.TB) []byte {
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "order_ref")
	var b bytes.Buffer
	if err := f.Write(&b, excelize.Options{Password: "secret"}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// tooManyParts is a workbook of n members.
func tooManyParts(n int) []byte {
	parts := append(skeleton(), deflated("xl/styles.xml", stylesXML), deflated("xl/worksheets/sheet1.xml", []byte(string(sheetHead(genericCols...))+string(sheetTail))))
	x := []byte("<x/>")
	for i := len(parts); i < n; i++ { // stored: a compressor each would cost the test seconds
		parts = append(parts, rawPart{name: fmt.Sprintf("docProps/x%d.xml", i), method: zip.Store, data: x, crc: crc32.ChecksumIEEE(x), size: uint64(len(x))})
	}
	var b bytes.Buffer
	writeZip(&b, parts...)
	return b.Bytes()
}

// lying is a workbook with one more part whose directory entry claims size
// unpacked and packed bytes, holding only a little.
func lying(size, packed uint64) []byte {
	p := deflated("docProps/custom.xml", []byte("<x/>"))
	p.size, p.compressed = size, packed
	return testWorkbook(deflated("", []byte(string(sheetHead(genericCols...))+orderRow(2, "A-1", "MUG")+string(sheetTail))), nil, p)
}

// refusal is a file no import may read, and what it must say.
type refusal struct {
	name  string
	data  func(tb testing.TB) []byte
	key   string // the phrase
	words string // in the message
	lower func() // workbook limits lowered for the case
	only  string // the one import it is for ("orders"): the others stop at a missing column first
}

func refusals() []refusal {
	oneRow := string(sheetHead(genericCols...)) + orderRow(2, "A-1", "MUG")
	return []refusal{
		{name: "sheet bomb", data: func(testing.TB) []byte { return sheetBomb(4 << 20) }, key: "file.zipBomb", words: "zip bomb"},
		{name: "styles bomb", data: func(testing.TB) []byte { return partBomb("xl/styles.xml", 64<<20) }, key: "file.zipBomb", words: "xl/styles.xml"},
		{name: "shared strings bomb", data: func(testing.TB) []byte { return sstBomb(4 << 20) }, key: "file.zipBomb", words: "xl/sharedStrings.xml"},
		{name: "a part that claims 4 GiB", data: func(testing.TB) []byte { return lying(4<<30, 1000) }, key: "file.zipBomb", words: "4 GB"},
		{name: "parts that claim 3 GiB, packed as text is", data: func(testing.TB) []byte { return lying(3<<30, 3<<30/20) }, key: "file.unpacksTooLarge", words: "unpacks to more than 2 GB"},
		{name: "parts that claim more bytes than the file has", data: func(testing.TB) []byte { return lying(1<<20, 1<<20) }, key: "file.damagedXLSX", words: "damaged .xlsx"},
		{name: "10,001 parts", data: func(testing.TB) []byte { return tooManyParts(10001) }, key: "file.tooManyParts", words: "10001 parts"},
		{name: "a part held in memory too large", data: func(testing.TB) []byte {
			return testWorkbook(deflated("", []byte(oneRow+string(sheetTail))), nil, deflated("docProps/custom.xml", []byte("<x>"+randomText(300<<10, 1)+"</x>")))
		}, lower: func() { xlsxMaxInMemory = 256 << 10 }, key: "file.partTooLarge", words: "docProps/custom.xml unpacks to 300 KB"},
		{name: "too many shared strings", data: func(testing.TB) []byte {
			var sst strings.Builder
			sst.WriteString(`<sst ` + nsMain + `>`)
			for i := range 5000 {
				fmt.Fprintf(&sst, "<si><t>%s-%d</t></si>", randomText(8, uint64(i)), i)
			}
			sst.WriteString(`</sst>`)
			s := deflated("", []byte(sst.String()))
			return testWorkbook(deflated("", []byte(oneRow+string(sheetTail))), &s)
		}, lower: func() { xlsxStream, xlsxMaxStrings = 16<<10, 1000 }, key: "file.tooManyStrings", words: "more than 1000 texts"},
		{name: "row 1,048,577", data: func(testing.TB) []byte { return sheetOf(orderRow(1048577, "A-1", "MUG")) }, key: "file.tooManyRows", words: "more than Excel's 1,048,576 rows"},
		{name: "a row larger than a row can be", data: func(testing.TB) []byte { return sheetOf(orderRow(2, "A-1", randomText(200<<10, 2))) },
			lower: func() { xlsxMaxRowXML = 128 << 10 }, key: "file.sheetRowTooLarge", words: "row 2 of sheet Orders takes more than 128 KB"},
		{name: "a file larger than an export", data: func(tb testing.TB) []byte { return streamed(tb, 3000) },
			lower: func() { xlsxMaxFile = 32 << 10 }, key: "file.xlsxTooLarge", words: "larger than 32 KB"},
		{name: "a control character in a sheet", data: func(testing.TB) []byte {
			return sheetOf(orderRow(2, "A-1", "MUG"), orderRow(3, "A-2", "MU\x01G"), orderRow(4, "A-3", "MUG"))
		}, key: "file.sheetNotText", words: "row 3 of sheet Orders holds bytes that are not text"},
		{name: "bytes that are not UTF-8 in a sheet", data: func(testing.TB) []byte {
			return sheetOf(orderRow(2, "A-1", "MUG"), orderRow(3, "A-2", "TH\xe9"), orderRow(4, "A-3", "MUG"))
		}, key: "file.sheetNotText", words: "row 3"},
		{name: "a sheet cut short", data: func(testing.TB) []byte {
			return testWorkbook(deflated("", []byte(oneRow+orderRow(3, "A-2", "MUG"))), nil)
		}, key: "file.sheetCut", words: "cannot be read from row 3 on"},
		{name: "a sheet excelize stops reading", data: func(testing.TB) []byte {
			return sheetOf(orderRow(2, "A-1", "MUG"), strings.Replace(orderRow(3, "A-2", "MU@G"), "@", "&#1;", 1), orderRow(4, "A-3", "MUG"))
		}, key: "file.sheetCut", words: "cannot be read from row 3 on", only: "orders"},
		{name: "a cut zip", data: func(tb testing.TB) []byte { b := streamed(tb, 10); return b[:len(b)-100] }, key: "file.damagedXLSX", words: "damaged .xlsx"},
		{name: "a damaged part", data: func(tb testing.TB) []byte { return zipFlip(tb, streamed(tb, 50), "xl/worksheets/sheet1.xml") }, key: "file.damagedXLSX", words: "damaged .xlsx"},
		{name: "a damaged style sheet", data: func(tb testing.TB) []byte { return zipFlip(tb, streamed(tb, 50), "xl/styles.xml") }, key: "file.damagedXLSX", words: "damaged .xlsx"},
		{name: "a password-protected workbook", data: encryptedWorkbook, key: "file.encrypted", words: "password-protected"},
		{name: "an old .xls workbook", data: func(testing.TB) []byte { return oleFile("Workbook", 9) }, key: "file.oldXLS", words: "old .xls workbook"},
		{name: "a zip that is no workbook", data: func(testing.TB) []byte {
			var b bytes.Buffer
			writeZip(&b, deflated("word/document.xml", []byte("<w/>")))
			return b.Bytes()
		}, key: "file.noSheet", words: "no sheet to read"},
		{name: "an empty sheet", data: func(testing.TB) []byte {
			return testWorkbook(deflated("", []byte(`<worksheet `+nsMain+`><sheetData/></worksheet>`)), nil)
		}, key: "file.noHeaderSheet", words: "sheet Orders is empty"},
		{name: "an empty file", data: func(testing.TB) []byte { return nil }, key: "file.noHeader", words: "empty"},
		{name: "a header longer than 64 KB", data: func(testing.TB) []byte { return []byte(strings.Repeat("order_ref", 8000) + "\n") }, key: "file.headerTooLong", words: "longer than 64 KB"},
		{name: "a header of 16,385 columns", data: func(testing.TB) []byte { return []byte(strings.Repeat("x,", 16384) + "x\n") }, key: "file.headerTooWide", words: "16385 columns"},
		{name: "binary data", data: func(testing.TB) []byte {
			rng := rand.New(rand.NewPCG(5, 6))
			b := make([]byte, 4096)
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			return append([]byte("\x89PNG\r\n\x1a\n"), b...)
		}, key: "file.binary", words: "binary data"},
		{name: "UTF-16 without a byte-order mark", data: func(testing.TB) []byte {
			var b []byte
			for _, u := range utf16.Encode([]rune(genericHeader + "A-1,amazon,2026-05-11,FR,75011,MUG,1,12.50,EUR,\n")) {
				b = binary.LittleEndian.AppendUint16(b, u)
			}
			return b
		}, key: "file.utf16", words: "UTF-16 text without a byte-order mark"},
	}
}

// read is one of the imports of a table: orders, products, stock.
type read struct {
	name string
	run  func(ctx context.Context, data []byte) error
}

var reads = []read{
	{"orders", func(ctx context.Context, data []byte) error {
		_, err := ScanOrders(ctx, bytes.NewReader(data), OrderOptions{Name: "in.xlsx", Format: Generic}, func(ImportedOrder) error { return nil })
		return err
	}},
	{"products", func(ctx context.Context, data []byte) error {
		_, _, err := ReadProducts(ctx, bytes.NewReader(data), "in.xlsx")
		return err
	}},
	{"stock", func(ctx context.Context, data []byte) error {
		_, _, err := ReadStock(ctx, bytes.NewReader(data), "in.xlsx")
		return err
	}},
}

// TestHostileFilesRefused reads every hostile file as orders, products and stock:
// each is refused within seconds with one line saying what the file is (a phrase
// of the catalog), allocating far less than it would unpack to, and leaving nothing
// in the temporary folder.
func TestHostileFilesRefused(t *testing.T) {
	for _, c := range refusals() {
		t.Run(c.name, func(t *testing.T) {
			if c.lower != nil {
				withLimits(t, c.lower)
			}
			data := c.data(t)
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			for _, rd := range reads {
				if c.only != "" && rd.name != c.only {
					continue
				}
				var m0, m1 runtime.MemStats
				runtime.ReadMemStats(&m0)
				start := time.Now()
				err := rd.run(context.Background(), data)
				took := time.Since(start)
				runtime.ReadMemStats(&m1)
				if err == nil {
					t.Errorf("%s: got no error, want %q", rd.name, c.words)
					continue
				}
				msg := err.Error()
				if !strings.Contains(msg, c.words) || strings.Contains(msg, "\n") {
					t.Errorf("%s: got %q, want one line with %q", rd.name, msg, c.words)
				}
				if k := whyKey(err); k != c.key {
					t.Errorf("%s: got phrase %q (%v), want %q", rd.name, k, err, c.key)
				}
				if took > 5*time.Second {
					t.Errorf("%s: took %v, want under 5 s", rd.name, took)
				}
				if a := m1.TotalAlloc - m0.TotalAlloc; a > 64<<20 {
					t.Errorf("%s: allocated %d MB, want under 64 MB", rd.name, a>>20)
				}
				if left, _ := os.ReadDir(tmp); len(left) > 0 {
					t.Errorf("%s: left %d entries in the temporary folder: %v", rd.name, len(left), left[0].Name())
				}
			}
		})
	}
}

// TestGenuineWorkbooks reads workbooks as a program (inline strings, excelize's
// StreamWriter) and as Excel (shared strings) write them: every row is imported,
// with the orders of the same rows as CSV, and nothing is left in the temporary
// folder. TestWriteHostileFiles writes the 1,048,576-row ones for the by-hand
// check of the binary.
func TestGenuineWorkbooks(t *testing.T) {
	const n = 3000
	var csvText strings.Builder
	csvText.WriteString(genericHeader)
	genericOrderRows(n, func(cells []string) { csvText.WriteString(strings.Join(cells, ",") + "\n") })
	want, err := Orders(strings.NewReader(csvText.String()), OrderOptions{Name: "in.csv"})
	if err != nil {
		t.Fatal(err)
	}
	var shared bytes.Buffer
	if err := sharedOrders(&shared, n); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"streamed": streamed(t, n), "shared strings": shared.Bytes()} {
		t.Run(name, func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			// the shared strings and the sheet go to temporary files, as a big export's do
			withLimits(t, func() { xlsxStream = 16 << 10 })
			got, err := Orders(bytes.NewReader(data), OrderOptions{Name: "in.xlsx"})
			if err != nil {
				t.Fatal(err)
			}
			if got.RowsRead != n || got.RowsImported != n || got.OrderCount != want.OrderCount {
				t.Errorf("got %d rows read, %d imported, %d orders; want %d, %d, %d", got.RowsRead, got.RowsImported, got.OrderCount, n, n, want.OrderCount)
			}
			for i := range min(len(got.Orders), len(want.Orders)) {
				if g, w := orderText(got.Orders[i]), orderText(want.Orders[i]); g != w {
					t.Fatalf("order %d: got %s, want %s", i, g, w)
				}
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("left %d entries in the temporary folder", len(left))
			}
		})
	}
}

// TestWorkbookCancelled: a cancelled context stops a workbook's reading before
// it is unpacked, and while its rows — empty ones too — are read.
func TestWorkbookCancelled(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var rows strings.Builder
	for r := 2; r < 1<<20; r++ {
		fmt.Fprintf(&rows, `<row r="%d"/>`, r)
	}
	data := sheetOf(orderRow(2, "A-1", "MUG"), orderRow(3, "A-2", "MUG"), rows.String()[len(`<row r="2"/><row r="3"/>`):])
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, rd := range reads {
		if err := rd.run(ctx, data); !errors.Is(err, context.Canceled) {
			t.Errorf("%s, cancelled before: got %v, want context.Canceled", rd.name, err)
		}
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	emitted := make(chan struct{})
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		var once sync.Once
		_, err = ScanOrders(ctx, bytes.NewReader(data), OrderOptions{Name: "in.xlsx"}, func(ImportedOrder) error {
			once.Do(func() { close(emitted) })
			return nil
		})
	}()
	select {
	case <-emitted:
	case <-done:
		t.Fatalf("got %v before the first order", err)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("still reading 5 s after the cancel")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while reading: got %v, want context.Canceled", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left %d entries in the temporary folder", len(left))
	}
}

// TestCancelWhileUnpacking: a cancel does not wait for excelize, which cannot be
// stopped; excelize's files are gone at once, and the rest when it is done.
func TestCancelWhileUnpacking(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithCancel(context.Background())
	hold, release := make(chan struct{}), make(chan struct{})
	unpacking = func() { close(hold); <-release }
	defer func() { unpacking = func() {} }()
	go func() { <-hold; cancel() }()
	start := time.Now()
	_, err := ScanOrders(ctx, bytes.NewReader(streamed(t, 200)), OrderOptions{Name: "in.xlsx"}, func(ImportedOrder) error { return nil })
	if !errors.Is(err, context.Canceled) || time.Since(start) > 2*time.Second {
		t.Errorf("got %v after %v, want context.Canceled at once", err, time.Since(start))
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left %d entries in the temporary folder while excelize works", len(left))
	}
	close(release)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if left, _ := os.ReadDir(tmp); len(left) == 0 {
			return
		}
	}
	t.Errorf("left entries in the temporary folder after excelize was done")
}

// rowCase is a file with one row that breaks a limit or is not text.
type rowCase struct {
	name   string
	file   string // generic orders, the bad row on line 3 (of 4) unless line says
	line   int    // 0: 3
	orders int    // orders imported around it; 0: 2
	column string
	key    string
	words  string
}

func rowCases() []rowCase {
	row := func(ref, sku string) string { return ref + ",amazon,2026-05-11,FR,75011," + sku + ",1,12.50,EUR,\n" }
	padLines := 70 << 10 / 36
	pad := strings.Repeat(row("P-0", "MUG"), padLines) // past the first 64 KiB
	file := func(bad string) string { return genericHeader + row("A-1", "MUG") + bad + row("A-3", "MUG") }
	wide := make([]string, 16400)
	for i := range wide {
		wide[i] = "x"
	}
	return []rowCase{
		{name: "a cell of 40,000 characters", file: file(row("A-2", strings.Repeat("é", 40000))), column: "sku", key: "row.cellTooLong", words: "longer than Excel's 32,767 characters (78 KB)"},
		{name: "a quoted cell of 40,000 characters", file: file(row("A-2", `"`+strings.Repeat("x", 40000)+`"`)), column: "sku", key: "row.cellTooLong", words: "32,767 characters (39 KB)"},
		{name: "a cell of 2 MB", file: file(row("A-2", strings.Repeat("x", 2<<20))), column: "sku", key: "row.cellTooLong", words: "(2 MB)"},
		{name: "a quote never closed, then closed", file: file("A-2,amazon,\"2026-05-11,FR,75011,MUG,1,12.50,EUR,\n" + strings.Repeat("more lines of text\n", 2000) + "\",FR,75011,MUG,1,1,EUR,\n"),
			column: "order_date", key: "row.quoteRunsOn", words: "starts on line 3 runs over 2002 lines"},
		{name: "a row of 1.2 MB", file: file("A-2,amazon,2026-05-11,FR,75011,MUG,1,12.50,EUR," + strings.Repeat(strings.Repeat("y", 30000)+",", 40) + "\n"),
			column: "column 44", key: "row.rowTooLong", words: "the row is longer than 1 MB (1.1 MB)"},
		{name: "a row of 16,400 cells", file: file(strings.Join(wide, ",") + "\n"), column: "column 16385", key: "row.tooManyCells", words: "16400 cells"},
		{name: "bytes that are not UTF-8, past 64 KB", file: genericHeader + row("A-1", "MUG") + pad + row("A-2", "TH\xe9") + row("A-3", "MUG"), line: 3 + padLines, orders: 3, column: "sku", key: "row.notUTF8", words: "byte 0xE9 after 2 characters"},
		{name: "a NUL", file: file(row("A-2", "MU\x00G")), column: "sku", key: "row.nul", words: "NUL character"},
		{name: "a quote the file ends inside", file: genericHeader + row("A-1", "MUG") + "A-2,amazon,2026-05-11,FR,75011,MUG,1,\"12.50,EUR,\n", orders: 1, column: "unit_price", key: "row.openQuote", words: "starts on line 3 is never closed"},
	}
}

// TestRowLimits reads files with a row past the limits or not text: the row is
// rejected at its line and column with a reason that says what its echo keeps,
// the echo is cut to the limits, the rows around it are imported, and a cell of
// megabytes costs no more than the reader's buffers.
func TestRowLimits(t *testing.T) {
	for _, c := range rowCases() {
		t.Run(c.name, func(t *testing.T) {
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			res, err := Orders(strings.NewReader(c.file), OrderOptions{Name: "in.csv"})
			runtime.ReadMemStats(&m1)
			if err != nil {
				t.Fatal(err)
			}
			if a := m1.TotalAlloc - m0.TotalAlloc; a > 8<<20 {
				t.Errorf("allocated %d MB, want under 8 MB", a>>20)
			}
			if c.line == 0 {
				c.line = 3
			}
			var bad *RowError
			for i := range res.Rejected {
				if r := &res.Rejected[i]; r.Line == c.line {
					bad = r
				}
			}
			if bad == nil || bad.Column != c.column || !strings.Contains(bad.Reason, c.words) || innerKey(bad.Why) != c.key {
				t.Fatalf("got rejected %.500v, want line %d column %q with %s %q", res.Rejected, c.line, c.column, c.key, c.words)
			}
			if c.orders == 0 {
				c.orders = 2
			}
			if want := c.orders; res.OrderCount != want {
				t.Errorf("got %d orders, want the %d rows around it imported", res.OrderCount, want)
			}
			echoFits(t, bad.Record)
			var out bytes.Buffer
			if err := WriteRejected(&out, res.Header, res.Rejected); err != nil {
				t.Fatal(err)
			}
			if out.Len() > 1<<20+64<<10 {
				t.Errorf("the rejected-rows file has %d bytes, want at most about 1 MB", out.Len())
			}
		})
	}
}

// echoFits checks that a rejected row's cells are within the limits and text.
func echoFits(t *testing.T, rec []string) {
	t.Helper()
	sum := 0
	for i, s := range rec {
		sum += len(s)
		if utf16Len(s) > maxCellChars || strings.IndexByte(s, 0) >= 0 || !utf8Valid(s) {
			t.Errorf("echo cell %d: %d bytes, NUL %v, UTF-8 %v", i, len(s), strings.IndexByte(s, 0) >= 0, utf8Valid(s))
		}
	}
	if len(rec) > maxColumns || sum > maxRowBytes+cellKeep {
		t.Errorf("echo of %d cells and %d bytes, want at most %d and about %d", len(rec), sum, maxColumns, maxRowBytes)
	}
}

// TestRowLimitsProductsStockXLSX: the same limits for products and stock, and for
// a workbook's rows.
func TestRowLimitsProductsStockXLSX(t *testing.T) {
	long := strings.Repeat("x", 40000)
	products, rows, err := Products(strings.NewReader("sku,weight_g,title\nP1,100,a\nP2,100,"+long+"\nP3,1\x00,c\n"), "p.csv")
	if err != nil || len(products) != 1 || len(rows) != 2 || rows[0].Column != "title" || innerKey(rows[0].Why) != "row.cellTooLong" ||
		rows[1].Column != "weight_g" || innerKey(rows[1].Why) != "row.nul" {
		t.Errorf("products: got %d, %+v, %v", len(products), rows, err)
	}
	stock, rows, err := Stock(strings.NewReader("warehouse_id,sku,on_hand\nW,A,1\nW,\"B,1\n"), "s.csv")
	if err != nil || len(stock) != 1 || len(rows) != 1 || rows[0].Line != 3 || innerKey(rows[0].Why) != "row.openQuote" {
		t.Errorf("stock: got %d, %+v, %v", len(stock), rows, err)
	}
	data := sheetOf(orderRow(2, "A-1", "MUG"), orderRow(3, "A-2", long), orderRow(4, "A-3", "MU_x0000_G"), orderRow(5, "A-4", "MUG"))
	res, err := Orders(bytes.NewReader(data), OrderOptions{Name: "in.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	if res.OrderCount != 2 || len(res.Rejected) != 2 || res.Rejected[0].Line != 3 || res.Rejected[0].Column != "sku" || innerKey(res.Rejected[0].Why) != "row.cellTooLong" ||
		res.Rejected[1].Line != 4 || innerKey(res.Rejected[1].Why) != "row.nul" {
		t.Errorf("workbook: got %d orders, rejected %+v", res.OrderCount, res.Rejected)
	}
	for _, r := range res.Rejected {
		echoFits(t, r.Record)
	}
}

// TestOLEFiles tells a password-protected workbook from an old one by the
// directory of the compound file, also with 4096-byte sectors.
func TestOLEFiles(t *testing.T) {
	for name, c := range map[string]struct {
		data []byte
		enc  bool
	}{"xls": {oleFile("Workbook", 9), false}, "encrypted": {oleFile("EncryptionInfo", 9), true}, "encrypted, 4096": {oleFile("EncryptionInfo", 12), true},
		"xls, 4096": {oleFile("Workbook", 12), false}, "excelize": {encryptedWorkbook(t), true}, "signature only": {oleSignature, false}} {
		got, err := oleEncrypted(context.Background(), bytes.NewReader(c.data))
		if err != nil || got != c.enc {
			t.Errorf("%s: got %v, %v; want %v", name, got, err, c.enc)
		}
	}
	if b, err := os.ReadFile(filepath.Join(os.Getenv("GOMODCACHE"), "github.com/richardlehane/mscfb@v1.0.9/test/test.xls")); err == nil {
		if got, _ := oleEncrypted(context.Background(), bytes.NewReader(b)); got {
			t.Errorf("a real .xls: got encrypted")
		}
	}
}

// TestScanSheet checks the reading of a sheet's XML: rows numbered as excelize
// numbers them, and the bytes it refuses, also where they straddle the buffer.
func TestScanSheet(t *testing.T) {
	tests := []struct {
		xml  string
		last int
		key  string
	}{
		{`<worksheet><sheetData><row r="1"><c><v>1</v></c></row><row><c/></row><row r="7" spans="1:2"/></sheetData></worksheet>`, 7, ""},
		{`<x:worksheet><x:sheetData><x:row x:r="3"/><x:row/></x:sheetData></x:worksheet>`, 4, ""},
		{`<worksheet><sheetData><!-- <row r="9"/> --><row/><![CDATA[<row r="8">]]></sheetData></worksheet>`, 1, ""},
		{`<worksheet><sheetData/></worksheet>`, 0, ""},
		{`<worksheet></worksheet>`, 0, ""},
		{`<worksheet><sheetData><row r="2"/><rowBreaks/></sheetData></worksheet>`, 2, ""},
		{`<worksheet><sheetData><row r="2"/><row r="1048577"/></sheetData></worksheet>`, 0, "file.tooManyRows"},
		{`<worksheet><sheetData><row r="2"><c><v>` + strings.Repeat("é", 700000) + "\x02</v></c></row></sheetData></worksheet>", 0, "file.sheetNotText"},
		{`<worksheet><sheetData><row r="2"><c><v>` + strings.Repeat("a", 1<<20-40) + "é\xa9</v></c></row></sheetData></worksheet>", 0, "file.sheetNotText"},
		{`<worksheet><sheetData><row r="2"><c><v>` + strings.Repeat("a", 1<<20-40) + "ééé</v></c></row></sheetData></worksheet>", 2, ""},
		{`<worksheet><sheetData><row r="2"/>`, 0, "file.sheetCut"},
		{`<worksheet><sheetData><row r="2"/><`, 0, "file.sheetCut"},
		{`<worksheet><sheetData><row r="2"/><!-- never closed`, 0, "file.sheetCut"},
		{`<worksheet><sheetData><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>`, 2, ""},
	}
	for _, tt := range tests {
		last, err := scanSheet(context.Background(), strings.NewReader(tt.xml), "f", "s")
		if last != tt.last || whyKey(err) != tt.key {
			t.Errorf("%.60q: got %d, %v; want %d, %s", tt.xml, last, err, tt.last, tt.key)
		}
	}
}

func TestByteSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1 KB", 1536: "1.5 KB", 64 << 10: "64 KB", 1<<20 - 1: "1 MB",
		50 << 20: "50 MB", 52428940: "50 MB", 3 << 30: "3 GB", 3<<30 + 3<<29: "4.5 GB"} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestQuoteLongCell(t *testing.T) {
	if got, want := quote(strings.Repeat("ab", 50)), `"`+strings.Repeat("ab", 50)+`"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	got := quote(strings.Repeat("é", 40000))
	if !strings.HasSuffix(got, `… (40000 characters)`) || len(got) > 200 {
		t.Errorf("got %.200s, want the start of the cell and its length", got)
	}
}

// innerKey is the phrase of a reason, or of the reason it wraps (an order not
// imported for one of its rows).
func innerKey(s logistics.Sentence) string {
	for _, a := range s.Args {
		if a.Inner != nil {
			return innerKey(*a.Inner)
		}
	}
	return s.Key
}

// whyKey is the phrase of a file's refusal, "" for another error.
func whyKey(err error) string {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.Why.Key
	}
	return ""
}

func utf8Valid(s string) bool { return utf8.ValidString(s) }
