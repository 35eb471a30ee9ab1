package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"shipmode/logistics"

	"github.com/xuri/excelize/v2"
)

func readFixture(t *testing.T, name string, opt InvoiceOptions) *InvoicesResult {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opt.Name = name
	res, err := Invoices(context.Background(), f, opt)
	if err != nil {
		t.Fatalf("Invoices(%s): %v", name, err)
	}
	checkInvoiceCounts(t, res)
	return res
}

// checkInvoiceCounts checks what every invoice read must satisfy: every row read is
// a header row, imported or rejected; every rejection has a line and a column.
func checkInvoiceCounts(t *testing.T, res *InvoicesResult) {
	t.Helper()
	if got, want := res.RowsRead, res.HeaderRows+res.RowsImported+len(res.Rejected); got != want {
		t.Errorf("rows read %d, want header %d + imported %d + rejected %d = %d", got, res.HeaderRows, res.RowsImported, len(res.Rejected), want)
	}
	for _, r := range res.Rejected {
		if r.Line < 1 || r.Column == "" || r.Reason == "" || r.Why.Key == "" {
			t.Errorf("rejection without line, column or reason: %+v", r)
		}
	}
	rows := map[int]bool{}
	for _, l := range res.Lines {
		rows[l.Row] = true
		if l.Carrier == "" || l.Invoice == "" || l.InvoiceDate == 0 || l.Currency == "" || l.Charge == 0 || l.Tracking == "" && l.OrderRef == "" {
			t.Errorf("line of row %d lacks a required field: %+v", l.Row, l.InvoiceLine)
		}
	}
	if len(rows) != res.RowsImported {
		t.Errorf("lines come from %d rows, want the %d imported", len(rows), res.RowsImported)
	}
}

// lineText writes a line as the tests compare it.
func invoiceLineText(l InvoiceLineRow) string {
	return fmt.Sprintf("%d %s %s %s %s %s %s %s %s %s %s %dg", l.Row, l.Carrier, l.Invoice, l.InvoiceDate, l.Tracking, l.OrderRef,
		l.Marketplace, l.Service, l.Charge, l.Amount, l.Currency, l.BilledWeightG)
}

func rejectedText(res *InvoicesResult) []string {
	var s []string
	for _, r := range res.Rejected {
		s = append(s, fmt.Sprintf("%d %s: %s", r.Line, r.Column, r.Reason))
	}
	return s
}

func checkLines(t *testing.T, res *InvoicesResult, want []string) {
	t.Helper()
	var got []string
	for _, l := range res.Lines {
		got = append(got, invoiceLineText(l))
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("lines:\n%s\nwant:\n%s", g, w)
	}
}

func checkRejected(t *testing.T, res *InvoicesResult, want []string) {
	t.Helper()
	if g, w := strings.Join(rejectedText(res), "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("rejected:\n%s\nwant:\n%s", g, w)
	}
}

func TestInvoicesDHL(t *testing.T) {
	res := readFixture(t, "invoices-dhl.csv", InvoiceOptions{})
	if res.Format != InvoiceDHL {
		t.Fatalf("format %v, want dhl", res.Format)
	}
	if res.HeaderRows != 1 || res.RowsImported != 4 {
		t.Errorf("header rows %d imported %d, want 1 and 4", res.HeaderRows, res.RowsImported)
	}
	checkLines(t, res, []string{
		"3 dhl MUCIR00012345 2026-05-10 1234567890 A-1001  EXPRESS WORLDWIDE freight 40 EUR 1500g",
		"3 dhl MUCIR00012345 2026-05-10 1234567890 A-1001  EXPRESS WORLDWIDE fuel 10.5 EUR 1500g",
		"4 dhl MUCIR00012345 2026-05-10 1234567891 A-1002  EXPRESS WORLDWIDE freight 62 EUR 3000g",
		"4 dhl MUCIR00012345 2026-05-10 1234567891 A-1002  EXPRESS WORLDWIDE fuel 16.28 EUR 3000g",
		"4 dhl MUCIR00012345 2026-05-10 1234567891 A-1002  EXPRESS WORLDWIDE surcharge 25 EUR 3000g",
		"5 dhl MUCIR00012345 2026-05-10 1234567892 A-1003  EXPRESS WORLDWIDE freight -12 EUR 500g",
		// no invoice number or date of its own: the invoice header row's
		"7 dhl MUCIR00012345 2026-05-10 1234567894 A-1005  EXPRESS WORLDWIDE freight 21.57 EUR 2000g",
	})
	checkRejected(t, res, []string{
		"6 Total amount (excl. VAT): the charges add up to 37.88, not to the total 40",
		`8 Currency: currency "XYZ" is not an ISO 4217 code`,
	})
}

func TestInvoicesDHLSemicolon(t *testing.T) {
	res := readFixture(t, "invoices-dhl-semicolon.csv", InvoiceOptions{})
	checkLines(t, res, []string{
		"3 dhl BRUIR00077 2026-05-15 2234567890 A-2001  EXPRESS 12:00 freight 45 EUR 500g",
		"3 dhl BRUIR00077 2026-05-15 2234567890 A-2001  EXPRESS 12:00 fuel 10.9 EUR 500g",
	})
	checkRejected(t, res, nil)
	if res.DateOrder != DayMonth || res.DateBasis != DateByValue {
		t.Errorf("date order %v by %v, want day/month by value", res.DateOrder, res.DateBasis)
	}
}

func TestInvoicesYunExpress(t *testing.T) {
	res := readFixture(t, "invoices-yunexpress.csv", InvoiceOptions{})
	if res.Format != InvoiceYunExpress {
		t.Fatalf("format %v, want yunexpress", res.Format)
	}
	checkLines(t, res, []string{
		// no invoice number: the statement of the month
		"2 yunexpress 2026-05 2026-05-06 YT2612300000001 Y-3001  YUN-STD freight 32.5 CNY 250g",
		"2 yunexpress 2026-05 2026-05-06 YT2612300000001 Y-3001  YUN-STD fuel 2.6 CNY 250g",
		"2 yunexpress 2026-05 2026-05-06 YT2612300000001 Y-3001  YUN-STD fee 18 CNY 250g",
		"3 yunexpress 2026-05 2026-05-06 YT2612300000002 Y-3002  YUN-STD freight 62.4 CNY 480g",
		"3 yunexpress 2026-05 2026-05-06 YT2612300000002 Y-3002  YUN-STD fuel 4.99 CNY 480g",
		"3 yunexpress 2026-05 2026-05-06 YT2612300000002 Y-3002  YUN-STD fee 18 CNY 480g",
		"3 yunexpress 2026-05 2026-05-06 YT2612300000002 Y-3002  YUN-STD fee 1 CNY 480g",
		// a refund: negative parts
		"5 yunexpress 2026-05 2026-05-08 YT2612300000004 Y-3004  YUN-STD freight -39 CNY 300g",
		"5 yunexpress 2026-05 2026-05-08 YT2612300000004 Y-3004  YUN-STD fuel -3.12 CNY 300g",
	})
	checkRejected(t, res, []string{
		"4 TotalFee: the charges add up to 60.12, not to the total 61",
		"6 WayBillNumber: neither a tracking number nor an order reference: the line cannot be tied to an order",
	})
}

func TestInvoicesYunExpressChinese(t *testing.T) {
	res := readFixture(t, "invoices-yunexpress-zh.csv", InvoiceOptions{Set: map[string]string{"invoice_number": "YT-202606"}})
	if res.Format != InvoiceYunExpress {
		t.Fatalf("format %v, want yunexpress", res.Format)
	}
	checkLines(t, res, []string{
		"2 yunexpress YT-202606 2026-06-02 YT2612300000101 Y-4001  云途全球专线挂号 freight 110.16 CNY 1020g",
		"2 yunexpress YT-202606 2026-06-02 YT2612300000101 Y-4001  云途全球专线挂号 fuel 8.81 CNY 1020g",
		"2 yunexpress YT-202606 2026-06-02 YT2612300000101 Y-4001  云途全球专线挂号 fee 18 CNY 1020g",
		"2 yunexpress YT-202606 2026-06-02 YT2612300000101 Y-4001  云途全球专线挂号 fee 2 CNY 1020g",
		"2 yunexpress YT-202606 2026-06-02 YT2612300000101 Y-4001  云途全球专线挂号 surcharge 5 CNY 1020g",
		"3 yunexpress YT-202606 2026-06-02 YT2612300000102 Y-4002  云途全球专线挂号 freight 13 CNY 100g",
		"3 yunexpress YT-202606 2026-06-02 YT2612300000102 Y-4002  云途全球专线挂号 fuel 1.04 CNY 100g",
		"3 yunexpress YT-202606 2026-06-02 YT2612300000102 Y-4002  云途全球专线挂号 fee 18 CNY 100g",
	})
	checkRejected(t, res, nil)
}

func TestInvoicesGeneric(t *testing.T) {
	res := readFixture(t, "invoices-generic.csv", InvoiceOptions{})
	if res.Format != InvoiceGeneric {
		t.Fatalf("format %v, want generic", res.Format)
	}
	checkLines(t, res, []string{
		// 03/05/2026 is day/month: 20/05/2026 on line 6 shows it
		"2 fedex INV-100 2026-05-03 FX100 G-1 ebay FDX-IP freight 25.1 USD 1200g",
		"3 fedex INV-100 2026-05-03 FX100 G-1 ebay FDX-IP fuel 3.9 USD 0g",
		"4 fedex INV-100 2026-05-03 FX101 G-2 ebay FDX-IP freight 18 USD 500g",
		"5 fedex INV-100 2026-05-03 FX101 G-2 ebay FDX-IP credit -2 USD 0g",
		"6 fedex INV-101 2026-05-20 FX101 G-2 ebay FDX-IP freight 18 USD 500g",
		"7 fedex INV-101 2026-05-20  G-9  FDX-IP surcharge 4.5 EUR 0g",
	})
	checkRejected(t, res, []string{
		`8 currency: currency "QQQ" is not an ISO 4217 code`,
		`9 invoice_date: invoice date "2026-13-40" is not a date`,
		"10 tracking: neither a tracking number nor an order reference: the line cannot be tied to an order",
		`11 charge: unknown charge "handling" (want freight, fuel, surcharge, fee, duty or credit)`,
	})
	if res.DateOrder != DayMonth {
		t.Errorf("date order %v, want day/month", res.DateOrder)
	}
	// Formula-looking text stays text in the rejected-rows file.
	var buf bytes.Buffer
	if err := WriteRejected(&buf, res.Header, res.Rejected); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "'=1+2") {
		t.Errorf("rejected rows keep a formula as a formula:\n%s", buf.String())
	}
}

func TestInvoicesBadCells(t *testing.T) {
	const head = "carrier,invoice_number,invoice_date,tracking,charge,amount,currency,billed_weight_g\n"
	tests := []struct {
		name, row, want string
	}{
		{"symbol differs", "ups,I1,2026-05-01,T1,,£3.00,USD,", "2 amount: the amount is in £ but the line's currency is USD"},
		{"no currency", "ups,I1,2026-05-01,T1,,3.00,,", "2 amount: the amount has no currency: add a currency column or --set currency=CODE"},
		{"symbol gives currency", "ups,I1,2026-05-01,T1,,€3.00,,", ""},
		{"not an amount", "ups,I1,2026-05-01,T1,,abc,USD,", `2 amount: amount "abc" is not an amount`},
		{"empty amount", "ups,I1,2026-05-01,T1,,,USD,", "2 amount: amount is empty"},
		{"bad weight", "ups,I1,2026-05-01,T1,,3,USD,1.5", `2 billed_weight_g: billed weight "1.5" is not a whole number of grams ≥ 0`},
		{"empty carrier", ",I1,2026-05-01,T1,,3,USD,", "2 carrier: carrier is empty"},
		{"empty invoice", "ups,,2026-05-01,T1,,3,USD,", "2 invoice_number: invoice_number is empty"},
		{"extra cells", "ups,I1,2026-05-01,T1,,3,USD,,x", "2 column 9: the row has 9 cells but the header has 8 columns (a stray delimiter or quote?)"},
		{"month/day date", "ups,I1,5/13/2026,T1,,3,USD,", ""},
		{"credit written positive", "ups,I1,2026-05-01,T1,credit,3,USD,", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Invoices(context.Background(), strings.NewReader(head+tt.row+"\n"), InvoiceOptions{Name: "f.csv"})
			if err != nil {
				t.Fatal(err)
			}
			checkInvoiceCounts(t, res)
			got := strings.Join(rejectedText(res), "\n")
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.want == "" && len(res.Lines) != 1 {
				t.Errorf("got %d lines, want 1", len(res.Lines))
			}
		})
	}
	res, err := Invoices(context.Background(), strings.NewReader(head+"ups,I1,2026-05-01,T1,credit,3,USD,\n"), InvoiceOptions{Name: "f.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Lines[0].Amount; got != -3*logistics.DecScale {
		t.Errorf("credit written 3: got %v, want -3", got)
	}
}

func TestInvoicesMapSet(t *testing.T) {
	const file = "Rechnung;Datum;Sendung;Betrag\nR-1;03.05.2026;S-1;12,50\n"
	res, err := Invoices(context.Background(), strings.NewReader(file), InvoiceOptions{
		Name: "de.csv",
		Map:  map[string]string{"invoice_number": "Rechnung", "invoice_date": "Datum", "tracking": "Sendung", "amount": "Betrag"},
		Set:  map[string]string{"carrier": "DPD", "currency": "EUR"},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, res, []string{"2 dpd R-1 2026-05-03 S-1    freight 12.5 EUR 0g"})

	_, err = Invoices(context.Background(), strings.NewReader(file), InvoiceOptions{Name: "de.csv"})
	var ce *ColumnError
	if !errors.As(err, &ce) || ce.Column != "carrier" {
		t.Errorf("without a mapping: got %v, want a missing carrier column", err)
	}
	_, err = Invoices(context.Background(), strings.NewReader(file), InvoiceOptions{Name: "de.csv", Set: map[string]string{"currency": "EURO"}})
	var oe *OptionError
	if !errors.As(err, &oe) {
		t.Errorf("--set currency=EURO: got %v, want an *OptionError", err)
	}
	_, err = Invoices(context.Background(), strings.NewReader(file), InvoiceOptions{Name: "de.csv", Map: map[string]string{"weight": "Betrag"}})
	if !errors.Is(err, ErrOption) {
		t.Errorf("--map of an unknown field: got %v, want ErrOption", err)
	}
}

func TestParseInvoiceFormat(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want InvoiceFormat
		ok   bool
	}{{"", 0, true}, {"DHL", InvoiceDHL, true}, {"yunexpress", InvoiceYunExpress, true}, {"generic", InvoiceGeneric, true}, {"ups", 0, false}} {
		got, err := ParseInvoiceFormat(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseInvoiceFormat(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// fuzzInvoices checks what every invoice read must satisfy, whatever the bytes: no
// panic, every rejection located, every row read a header row, imported or rejected.
func fuzzInvoices(t *testing.T, data []byte, format InvoiceFormat) {
	res, err := Invoices(context.Background(), bytes.NewReader(data), InvoiceOptions{Name: "fuzz", Format: format})
	if err != nil || res == nil {
		return
	}
	checkInvoiceCounts(t, res)
}

func addInvoiceSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzInvoicesDHL(f *testing.F) {
	addInvoiceSeeds(f, "invoices-dhl.csv", "invoices-dhl-semicolon.csv")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzInvoices(t, data, InvoiceDHL) })
}

func FuzzInvoicesYunExpress(f *testing.F) {
	addInvoiceSeeds(f, "invoices-yunexpress.csv", "invoices-yunexpress-zh.csv")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzInvoices(t, data, InvoiceYunExpress) })
}

func FuzzInvoicesGeneric(f *testing.F) {
	addInvoiceSeeds(f, "invoices-generic.csv")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzInvoices(t, data, InvoiceGeneric) })
}

// TestInvoicesXLSX reads a YunExpress fee detail saved as a workbook with its Chinese
// headers: numbers are the decimals Excel shows, a date cell is a date.
func TestInvoicesXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"客户订单号", "运单号", "运输方式", "计费重量", "运费", "燃油费", "挂号费", "处理费", "其他费用", "总费用", "发生时间"},
		{"Y-5001", "YT2612300000201", "云途全球专线挂号", 0.25, 32.5, 2.6, 18, 0, 0, 53.1, 46153.5}, // 2026-05-11 12:00
		{"Y-5002", "YT2612300000202", "云途全球专线挂号", 0.1, 0.1 + 0.2, 0, 18, 0, 0, 18.3, 46154}, // 0.30000000000000004 shows as 0.3
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellStyle(sh, "K2", "K3", dateStyle); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	res, err := Invoices(context.Background(), &buf, InvoiceOptions{Name: "yun.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	checkInvoiceCounts(t, res)
	checkLines(t, res, []string{
		"2 yunexpress 2026-05 2026-05-11 YT2612300000201 Y-5001  云途全球专线挂号 freight 32.5 CNY 250g",
		"2 yunexpress 2026-05 2026-05-11 YT2612300000201 Y-5001  云途全球专线挂号 fuel 2.6 CNY 250g",
		"2 yunexpress 2026-05 2026-05-11 YT2612300000201 Y-5001  云途全球专线挂号 fee 18 CNY 250g",
		"3 yunexpress 2026-05 2026-05-12 YT2612300000202 Y-5002  云途全球专线挂号 freight 0.3 CNY 100g",
		"3 yunexpress 2026-05 2026-05-12 YT2612300000202 Y-5002  云途全球专线挂号 fee 18 CNY 100g",
	})
	checkRejected(t, res, nil)
}

func TestPreviewInvoices(t *testing.T) {
	const file = "Rechnung;Datum;Sendung;Betrag\nR-1;03.05.2026;S-1;12,50\nR-1;03.05.2026;S-2;abc\nR-1;03.05.2026;S-3;1\n"
	pv, err := PreviewInvoices(context.Background(), strings.NewReader(file), InvoiceOptions{Name: "de.csv"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Format != InvoiceGeneric || !slices.Equal(pv.Missing, []string{"carrier", "invoice_number", "invoice_date", "amount", "tracking"}) || len(pv.Lines) != 0 {
		t.Errorf("without a mapping: %+v", pv)
	}
	pv, err = PreviewInvoices(context.Background(), strings.NewReader(file), InvoiceOptions{Name: "de.csv",
		Map: map[string]string{"invoice_number": "Rechnung", "invoice_date": "Datum", "tracking": "Sendung", "amount": "Betrag"},
		Set: map[string]string{"carrier": "DPD", "currency": "EUR"}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Missing) != 0 || len(pv.Lines) != 1 || len(pv.Rejected) != 1 || pv.Fields["amount"] != "Betrag" || pv.Fields["carrier"] != "=DPD" {
		t.Errorf("mapped: %+v", pv)
	}
}

// TestInvoicesDHLBadHeaderRow: the shipment rows after an invoice header row that
// cannot be read are not given the invoice before it.
func TestInvoicesDHLBadHeaderRow(t *testing.T) {
	const file = "Line Type,Invoice Number,Invoice Date,Shipment Number,Weight Charge,Currency\n" +
		"I,INV-1,2026-05-01,,,EUR\n" +
		"S,,,100,1,EUR\n" +
		"I,INV-2,someday,,,EUR\n" +
		"S,,,200,1,EUR\n"
	res, err := Invoices(context.Background(), strings.NewReader(file), InvoiceOptions{Name: "dhl.csv"})
	if err != nil {
		t.Fatal(err)
	}
	checkInvoiceCounts(t, res)
	checkLines(t, res, []string{"3 dhl INV-1 2026-05-01 100    freight 1 EUR 0g"})
	checkRejected(t, res, []string{
		`4 Invoice Date: invoice date "someday" is not a date`,
		"5 Invoice Number: no invoice number: the row has none and no invoice header row (Line Type I) comes before it",
	})
}
