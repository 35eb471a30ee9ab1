// Command genxlsx turns a CSV on stdin into a one-sheet .xlsx workbook, written as
// Excel writes a large export (shared strings off, rows streamed), for the hostile-
// file figures: a genuine workbook of Excel's full 1,048,576 rows must still import.
//
//	gencsv -lines 1048575 | genxlsx -o orders.xlsx
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/xuri/excelize/v2"
)

func main() {
	out := flag.String("o", "orders.xlsx", "the workbook to write")
	flag.Parse()
	if err := run(os.Stdin, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genxlsx:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out string) error {
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	r.ReuseRecord = true
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	for row := 1; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		vals := make([]any, len(rec))
		for i, c := range rec {
			vals[i] = c
			if n, err := strconv.ParseFloat(c, 64); err == nil && row > 1 && i >= 6 && i != 8 {
				vals[i] = n // quantities, prices and promises as numbers, as an export has them
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(out)
}
