package reports

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"shipmode/ingest"
	"shipmode/logistics"
)

// The summary workbook: every sheet but the order register, which is written as a
// CSV file beside it — for periods whose register is too large to open
// comfortably in a spreadsheet.

// summaryOnly says whether the workbook is a summary workbook.
func (sw *spendWorkbook) summaryOnly() bool { return sw.meta.OrdersCSV != nil }

// registerName names where the orders are listed: the Orders sheet, or the CSV
// file of a summary workbook.
func (sw *spendWorkbook) registerName() string {
	switch {
	case !sw.summaryOnly():
		return "the Orders sheet"
	case sw.meta.OrdersCSVName != "":
		return "the CSV file " + sw.meta.OrdersCSVName
	}
	return "the CSV register"
}

// registerTitle is registerName at the start of a sentence.
func (sw *spendWorkbook) registerTitle() string {
	n := sw.registerName()
	return strings.ToUpper(n[:1]) + n[1:]
}

// flushSheet streams a small sheet. A summary workbook has no register, so a
// formula over it keeps only its cached value: the figure is a value.
func (sw *spendWorkbook) flushSheet(s *spendSheet, panes *excelize.Panes) error {
	if sw.summaryOnly() {
		for _, row := range s.rows {
			for i := range row {
				if row[i].formula != "" && sw.isOrdersFormula(row[i].formula) {
					row[i].formula = ""
				}
			}
		}
	}
	return s.flush(sw.f, panes)
}

// writeOrdersCSV writes the register to meta.OrdersCSV — UTF-8 with a byte-order
// mark (so that Excel reads it as UTF-8), a header, one row per order with the
// Orders sheet's columns: dates as yyyy-mm-dd, numbers as plain decimals, text
// through ingest.SafeCell (no spreadsheet runs it as a formula) — and tallies the
// summaries.
func (sw *spendWorkbook) writeOrdersCSV(ctx context.Context, rows SpendRows, progress func(int)) error {
	bw := bufio.NewWriterSize(sw.meta.OrdersCSV, 1<<20)
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return fmt.Errorf("orders file: %w", err)
	}
	cw := csv.NewWriter(bw)
	rec := make([]string, ocCount)
	for i, c := range spendOrdersColumns {
		rec[i] = c.header
	}
	if err := cw.Write(rec); err != nil {
		return fmt.Errorf("orders file: %w", err)
	}
	vals := make([]any, ocCount)
	var buf []byte
	n := 0
	err := rows(func(r SpendRow) error {
		if n%spendProgressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil && n > 0 {
				progress(n)
			}
		}
		if err := sw.take(&r); err != nil {
			return err
		}
		n++
		sw.orderValues(vals, r)
		sw.tally.add(r)
		for i, v := range vals {
			buf = buf[:0]
			switch v := v.(type) {
			case nil:
			case string:
				rec[i] = ingest.SafeCell(v)
				continue
			case int64:
				if f := spendOrdersColumns[i].format; f == sfDate || f == sfDateCentered {
					buf = logistics.Date(v - 25569).AppendText(buf) // a serial back to its date
				} else {
					buf = strconv.AppendInt(buf, v, 10)
				}
			case float64:
				buf = strconv.AppendFloat(buf, v, 'f', -1, 64)
			default:
				buf = fmt.Append(buf, v)
			}
			rec[i] = string(buf)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("orders file: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("orders file row %d: %w", n+2, err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("orders file: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("orders file: %w", err)
	}
	// The figures' formulas are made over a register of n rows, then kept as
	// values (flushSheet).
	sw.orderSheets = []spendOrderSheet{{name: SheetOrders, last: max(n+1, 2)}}
	if progress != nil {
		progress(n)
	}
	return nil
}
