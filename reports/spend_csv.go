package reports

import (
	"bufio"
	"context"
	"fmt"
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
	header := &spendCSVRow{}
	header.start()
	for i, c := range spendOrdersColumns {
		header.text(i+1, c.header)
	}
	if _, err := bw.Write(header.end()); err != nil {
		return fmt.Errorf("orders file: %w", err)
	}
	// The lines are made on another core while the rows are read and tallied.
	line := &spendCSVRow{}
	pipe := newSpendPipe(func(rows []SpendRow) error {
		for i := range rows {
			line.start()
			sw.orderCells(&rows[i], line)
			if _, err := bw.Write(line.end()); err != nil {
				return fmt.Errorf("orders file: %w", err)
			}
		}
		return nil
	})
	defer pipe.close()
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
		sw.tally.add(&r)
		pipe.add(&r)
		return nil
	})
	if err != nil {
		return fmt.Errorf("orders file row %d: %w", n+2, err)
	}
	if err := pipe.close(); err != nil {
		return err
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

// spendCSVRow writes an order's record of the CSV register straight into a line:
// text made safe (ingest.SafeCell) and quoted as encoding/csv quotes it, dates as
// yyyy-mm-dd, numbers as their shortest decimals.
type spendCSVRow struct {
	line []byte
	next int // the next column to write, from 1
}

func (c *spendCSVRow) start() { c.line, c.next = c.line[:0], 1 }

// to moves to column col, leaving the columns before it empty.
func (c *spendCSVRow) to(col int) {
	for ; c.next < col; c.next++ {
		if c.next > 1 || len(c.line) > 0 {
			c.line = append(c.line, ',')
		}
	}
	if col > 1 {
		c.line = append(c.line, ',')
	}
	c.next = col + 1
}

// end ends the line with its empty last columns.
func (c *spendCSVRow) end() []byte {
	for ; c.next <= ocCount; c.next++ {
		c.line = append(c.line, ',')
	}
	return append(c.line, '\n')
}

func (c *spendCSVRow) text(col int, s string) {
	if s == "" {
		return
	}
	c.to(col)
	if spendCSVUnsafeStart[s[0]] {
		s = ingest.SafeCell(s)
	}
	if s[0] != ' ' && s[0] != '\t' && !spendCSVQuoted(s) {
		c.line = append(c.line, s...)
		return
	}
	c.line = append(c.line, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			c.line = append(c.line, '"')
		}
		c.line = append(c.line, s[i])
	}
	c.line = append(c.line, '"')
}

func (c *spendCSVRow) dec(col int, v int64, digits int) {
	c.to(col)
	c.line = appendDecimal(c.line, v, digits)
}

func (c *spendCSVRow) date(col int, d logistics.Date) {
	c.to(col)
	c.line = d.AppendText(c.line)
}

// spendCSVUnsafeStart tells the first bytes of a text that ingest.SafeCell
// changes: the others are kept as they are without calling it.
var spendCSVUnsafeStart = func() (t [256]bool) {
	for i := range t {
		s := string([]byte{byte(i)})
		t[i] = ingest.SafeCell(s) != s
	}
	return t
}()

// spendCSVQuoted says whether a text holds a byte that makes encoding/csv quote
// it: a comma, a quote or a line end (searched for a byte at a time, each fast).
func spendCSVQuoted(s string) bool {
	return strings.IndexByte(s, ',') >= 0 || strings.IndexByte(s, '"') >= 0 ||
		strings.IndexByte(s, '\n') >= 0 || strings.IndexByte(s, '\r') >= 0
}
