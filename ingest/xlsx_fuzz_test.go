package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// fuzzTable reads data as orders, products and stock and checks what every import
// of any bytes must satisfy: no panic; an error says what is wrong in words of the
// catalog (a file that is no table, a missing column, a bad option), never a
// library's message; every row read is imported or rejected, at a line and column,
// with an echo within the limits; and nothing is left in the temporary folder.
func fuzzTable(t *testing.T, data []byte, tmp string) {
	typed := func(what string, err error) {
		var fe *FileError
		var ce *ColumnError
		switch {
		case err == nil:
		case errors.As(err, &fe):
			if fe.Why.Key == "" || fe.Reason == "" || strings.Contains(fe.Error(), "\n") {
				t.Errorf("%s: a file error without a phrase or on several lines: %q", what, err)
			}
		case errors.As(err, &ce), errors.Is(err, ErrOption):
		default:
			t.Errorf("%s: got %q (%T), want a *FileError, *ColumnError or ErrOption", what, err, err)
		}
	}
	rejected := func(what string, rows []RowError) {
		for _, r := range rows {
			if r.Line < 1 || r.Column == "" || r.Reason == "" || r.Why.Key == "" {
				t.Errorf("%s: rejection without line, column or reason: %+v", what, r)
			}
			echoFits(t, r.Record)
		}
	}
	res, err := ScanOrders(context.Background(), bytes.NewReader(data), OrderOptions{Name: "fuzz.xlsx", Format: Generic}, func(ImportedOrder) error { return nil })
	typed("orders", err)
	if err == nil {
		if got := res.RowsImported + len(res.LeftOut) + len(res.Rejected); got != res.RowsRead {
			t.Errorf("orders: imported %d + left out %d + rejected %d != read %d", res.RowsImported, len(res.LeftOut), len(res.Rejected), res.RowsRead)
		}
		rejected("orders", res.Rejected)
	}
	_, rows, err := ReadProducts(context.Background(), bytes.NewReader(data), "fuzz.xlsx")
	typed("products", err)
	rejected("products", rows)
	_, rows, err = ReadStock(context.Background(), bytes.NewReader(data), "fuzz.xlsx")
	typed("stock", err)
	rejected("stock", rows)
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left %d entries in the temporary folder", len(left))
		for _, e := range left {
			os.RemoveAll(tmp + "/" + e.Name())
		}
	}
}

// FuzzXLSX feeds whole workbooks — genuine ones, damaged ones, bombs and files that
// are no workbook — to the orders, products and stock imports, with the workbook
// limits lowered so that every limit is in the fuzzer's reach and no input costs
// more than a few megabytes.
func FuzzXLSX(f *testing.F) {
	withLimits(f, func() {
		xlsxMaxFile, xlsxMaxParts, xlsxMaxUnzip = 1<<20, 200, 8<<20
		xlsxMaxInMemory, xlsxMaxStrings, xlsxRatioFrom = 2<<20, 5000, 64<<10
		xlsxStream, xlsxMaxRowXML = 2<<10, 256<<10 // sheets and shared strings past 2 KB go to temporary files
	})
	tmp := f.TempDir()
	f.Setenv("TMPDIR", tmp)
	var shared bytes.Buffer
	if err := sharedOrders(&shared, 100); err != nil {
		f.Fatal(err)
	}
	small := streamed(f, 20)
	var products bytes.Buffer
	if err := writeSheet(&products, [][]string{{"sku", "weight_g", "title"}, {"P1", "100", "mug"}, {"P2", "x", strings.Repeat("é", 40000)}}); err != nil {
		f.Fatal(err)
	}
	var stock bytes.Buffer
	if err := writeSheet(&stock, [][]string{{"warehouse_id", "sku", "on_hand"}, {"W", "P1", "3"}, {"W", "P1", "4"}, {"W", "P2", "-1"}}); err != nil {
		f.Fatal(err)
	}
	rb, err := os.ReadFile(rbFixture)
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][]byte{
		small, shared.Bytes(), products.Bytes(), stock.Bytes(), rb,
		small[:len(small)/2], zipFlip(f, small, "xl/worksheets/sheet1.xml"),
		sheetBomb(300 << 10), partBomb("xl/styles.xml", 4<<20), sstBomb(200 << 10), lying(1<<30, 1000), tooManyParts(201),
		sheetOf(orderRow(2, "A-1", "MUG"), orderRow(3, "A-2", "MU\x01G")),
		sheetOf(orderRow(2, "A-1", "MUG"), orderRow(1048577, "A-2", "MUG")),
		sheetOf(orderRow(2, "A-1", strings.Repeat("x", 40000)), orderRow(3, "A-2", "MU_x0000_G")),
		encryptedWorkbook(f), oleFile("Workbook", 9),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzTable(t, data, tmp)
	})
}

// writeSheet writes rows to a one-sheet workbook, as excelize writes one.
func writeSheet(w *bytes.Buffer, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, c := range r {
			vals[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			return err
		}
	}
	return f.Write(w)
}
