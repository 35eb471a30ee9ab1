package ops_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"shipmode/ingest"
)

// TestMappingRememberedPerLayout: a file whose columns no preset knows is
// previewed with its rows and every field's column at once; once imported with a
// mapping, the next file of the same header layout previews with that mapping and
// imports in one step, and a file of another layout does not.
func TestMappingRememberedPerLayout(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	dir := t.TempDir()
	// "Beleg" and "Artikelnummer" are no header the generic reader guesses
	const shopHeader = "Beleg,Kanal,Datum,Land,PLZ,Artikelnummer,Menge,Preis,Currency\n"
	june := filepath.Join(dir, "june.csv")
	writeFile(t, june, shopHeader+"B-1,myshop,2026-06-01,FR,31000,MUG-01,2,9.50,EUR\nB-2,myshop,2026-06-02,DE,10115,MUG-01,1,9.50,EUR\n")
	p, err := svc.PreviewOrders(ctx, june, ingest.OrderOptions{}, 20)
	if err != nil || p.Problem == nil || p.Remembered {
		t.Fatalf("got %+v, %v; want a problem to map, nothing remembered", p.Problem, err)
	}
	if len(p.Rows) != 2 || p.Rows[1][0] != "B-2" || p.Lines[1] != 3 {
		t.Errorf("got rows %v lines %v, want the file's 2 rows at lines 2 and 3", p.Rows, p.Lines)
	}
	// Currency is guessed by name; the reference is not
	if p.Fields["currency"] != "Currency" || p.Fields["order_ref"] != "" {
		t.Errorf("got fields %v, want currency from Currency and no order_ref", p.Fields)
	}
	// (German headers: only Currency is guessed; the generic layout requires six)
	if want := []string{"order_ref", "marketplace", "order_date", "country", "sku", "qty"}; !reflect.DeepEqual(p.Missing, want) {
		t.Errorf("got missing %v, want %v", p.Missing, want)
	}
	opt := ingest.OrderOptions{Map: map[string]string{"order_ref": "Beleg", "marketplace": "Kanal", "order_date": "Datum",
		"country": "Land", "postal_code": "PLZ", "sku": "Artikelnummer", "qty": "Menge", "unit_price": "Preis"}}
	res, err := svc.ImportOrders(ctx, june, opt, nil)
	if err != nil || !res.Remembered || res.Stored.Inserted != 2 {
		t.Fatalf("import with a mapping: got %+v, %v; want 2 new orders and the mapping kept", res.Stored, err)
	}

	july := filepath.Join(dir, "july.csv")
	// the same layout, its headers in another case and with spaces around
	writeFile(t, july, " beleg ,KANAL,Datum,Land,PLZ,Artikelnummer,Menge,Preis,Currency\nB-3,myshop,2026-07-01,FR,31000,MUG-01,1,9.50,EUR\n")
	p, err = svc.PreviewOrders(ctx, july, ingest.OrderOptions{}, 20)
	if err != nil || p.Problem != nil || !p.Remembered || len(p.Orders) != 1 || p.Orders[0].Ref != "B-3" {
		t.Fatalf("next file of the layout: got remembered %v, problem %v, %d orders, %v; want its order read with the kept mapping",
			p.Remembered, p.Problem, len(p.Orders), err)
	}
	// the kept mapping, in the headers as this file spells them
	if p.Mapping.Map["order_ref"] != "beleg" || p.Mapping.Map["marketplace"] != "KANAL" || p.Mapping.Map["qty"] != "Menge" {
		t.Errorf("got mapping %v, want july's spelling of june's headers", p.Mapping.Map)
	}

	other := filepath.Join(dir, "other.csv")
	writeFile(t, other, "Beleg,Datum\nB-4,2026-07-01\n")
	if p, err = svc.PreviewOrders(ctx, other, ingest.OrderOptions{}, 20); err != nil || p.Remembered || p.Problem == nil {
		t.Errorf("another layout: got remembered %v, problem %v, %v; want it mapped anew", p.Remembered, p.Problem, err)
	}
}

// TestInvoiceMappingRememberedPerLayout: a carrier bill in a layout no preset
// knows is previewed with its rows as they are; imported with a mapping, the
// next bill of that header layout previews with it, while an order file of the
// same header keeps its own (none).
func TestInvoiceMappingRememberedPerLayout(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	dir := t.TempDir()
	const billHeader = "Rechnung,Datum,Sendung,Betrag,Waehrung\n"
	june := filepath.Join(dir, "june.csv")
	writeFile(t, june, billHeader+"R-1,2026-06-30,JD1,12.50,EUR\nR-1,2026-06-30,JD2,7.00,EUR\n")
	p, err := svc.PreviewInvoices(ctx, june, ingest.InvoiceOptions{}, 20)
	if err != nil || len(p.Missing) == 0 || p.Remembered {
		t.Fatalf("got missing %v, remembered %v, %v; want fields to map", p.Missing, p.Remembered, err)
	}
	if len(p.RawRows) != 2 || p.RawRows[1][2] != "JD2" || p.RawLines[1] != 3 {
		t.Errorf("got rows %v lines %v, want the file's 2 rows at lines 2 and 3", p.RawRows, p.RawLines)
	}
	opt := ingest.InvoiceOptions{Map: map[string]string{"invoice_number": "Rechnung", "invoice_date": "Datum",
		"tracking": "Sendung", "amount": "Betrag", "currency": "Waehrung"}, Set: map[string]string{"carrier": "dpd"}}
	res, err := svc.ImportInvoices(ctx, june, opt, nil)
	if err != nil || !res.Remembered || res.Read.RowsRead != 2 || len(res.Read.Rejected) != 0 {
		t.Fatalf("import with a mapping: got %+v, remembered %v, %v; want 2 lines and the mapping kept", res.Read, res.Remembered, err)
	}

	july := filepath.Join(dir, "july.csv")
	writeFile(t, july, "RECHNUNG, datum ,Sendung,Betrag,Waehrung\nR-2,2026-07-31,JD3,9.00,EUR\n")
	p, err = svc.PreviewInvoices(ctx, july, ingest.InvoiceOptions{}, 20)
	if err != nil || len(p.Missing) != 0 || !p.Remembered || len(p.Lines) != 1 || p.Lines[0].Tracking != "JD3" {
		t.Fatalf("next bill of the layout: got remembered %v, missing %v, %d lines, %v; want its line read with the kept mapping",
			p.Remembered, p.Missing, len(p.Lines), err)
	}
	if p.Mapping.Map["invoice_number"] != "RECHNUNG" || p.Mapping.Map["invoice_date"] != "datum" || p.Mapping.Set["carrier"] != "dpd" {
		t.Errorf("got mapping %+v, want july's spelling of june's headers and the carrier", p.Mapping)
	}
	// an order file of the same header: the invoices' mapping is not the orders'
	if m, ok, err := svc.RememberedMapping(ctx, []string{"Rechnung", "Datum", "Sendung", "Betrag", "Waehrung"}); err != nil || ok {
		t.Errorf("orders' mapping of the bill's header: got %+v, %v, %v; want none", m, ok, err)
	}
}
