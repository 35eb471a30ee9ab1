package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shipmode/store"
)

// TestFirstRunInTheWindow walks an empty database to its first plan on the Import
// screen alone, over the real operations: the template saved and imported as
// the rate book, a products file with a bad row (its reason in full), orders,
// a plan; each step is marked done as it is.
func TestFirstRunInTheWindow(t *testing.T) {
	src, svc := realSource(t)
	dir := t.TempDir()
	h := newHarness(t)
	s := newImportScreen(h.e, src)
	h.show(s.content())
	h.q.drain()
	h.noErrors()
	p := s.setup
	if got := p.acc.Items[0].Title; got != "Getting started: 0 of 6 steps done" {
		t.Errorf("empty database: got title %q", got)
	}
	if b := findButton(p.acc, "Save the rate-book template…"); b == nil || b.Importance != widget.HighImportance {
		t.Fatal("no Save the rate-book template button as the step to take first")
	}

	tpl := filepath.Join(dir, "rate-book.xlsx")
	p.saveTemplate(tpl)
	h.q.drain()
	h.noErrors()
	if _, err := os.Stat(tpl); err != nil {
		t.Fatalf("template not written: %v", err)
	}
	if !strings.Contains(p.result.Text, "Template saved as "+tpl) {
		t.Errorf("got %q, want the template's place", p.result.Text)
	}
	// the first step is done, the rate book's import is the one to take now
	if got := p.acc.Items[0].Title; got != "Getting started: 1 of 6 steps done" {
		t.Errorf("after the template: got title %q", got)
	}
	if b := findButton(p.acc, "Import the rate book…"); b == nil || b.Importance != widget.HighImportance {
		t.Error("the rate book's import is not the step to take after the template")
	}
	p.importRateBook(tpl)
	h.q.drain()
	h.noErrors()
	if !p.state.RateBook || p.state.Products == 0 {
		t.Fatalf("after the rate book: got %+v, want a rate book with products", p.state)
	}
	// template, rate book, products and stock (the template's sheets) are done: 4 of 6
	if got := p.acc.Items[0].Title; got != "Getting started: 4 of 6 steps done" {
		t.Errorf("after the rate book: got title %q", got)
	}

	products := filepath.Join(dir, "products.csv")
	body := "sku,title,weight_g,length_mm,width_mm,height_mm,category,unit_cost,currency\n" +
		"NEW-SKU,New mug,400,100,100,50,general,3.00,USD\n" +
		"BAD-SKU,Bad,heavy,100,100,50,general,3.00,USD\n"
	if err := os.WriteFile(products, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	before := p.state.Products
	p.importProducts(products)
	h.q.drain()
	h.noErrors()
	// line 3 is BAD-SKU (the header is line 1); its reason is said in full
	for _, want := range []string{"products.csv: 1 products stored.", "1 row rejected.", "Line 3, column weight_g: "} {
		if !strings.Contains(p.result.Text, want) {
			t.Errorf("got %q, want %q in it", p.result.Text, want)
		}
	}
	if !p.openRej.Visible() || p.state.Products != before+1 {
		t.Errorf("got rejected-rows button %v, %d products; want it shown and %d", p.openRej.Visible(), p.state.Products, before+1)
	}

	orders := filepath.Join(dir, "orders.csv")
	if err := os.WriteFile(orders, []byte("order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days\n"+
		"ORD-1,ebay,2026-05-12,FR,31000,NEW-SKU,1,59.00,EUR,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.onFile(orders)
	h.q.drain()
	if p.acc.Items[0].Open {
		t.Errorf("the steps stay open over a chosen orders file")
	}
	test.Tap(s.importBtn)
	h.q.drain()
	h.noErrors()
	if !p.state.Orders || p.state.Planned {
		t.Fatalf("after the orders: got %+v, want orders, no plan", p.state)
	}
	p.onPlan()
	h.q.drain()
	h.noErrors()
	if got := p.acc.Items[0].Title; got != "Rate book, products and stock files" || !p.state.Planned {
		t.Errorf("after the plan: got title %q, state %+v", got, p.state)
	}
	if n, err := svc.DB().CountOrders(t.Context(), store.OrderFilter{Planned: true}); err != nil || n != 1 {
		t.Errorf("got %d planned orders, %v; want 1", n, err)
	}
}

// TestMappingKeptInTheWindow: a file of unknown columns is mapped once on the
// Import screen (every field with its column, the file's rows beside them);
// the next file of that layout is ready to import as soon as it is chosen.
func TestMappingKeptInTheWindow(t *testing.T) {
	src, svc := realSource(t)
	dir := t.TempDir()
	const head = "Beleg,Kanal,Datum,Land,PLZ,Artikelnummer,Menge,Preis,Currency\n"
	june, july := filepath.Join(dir, "june.csv"), filepath.Join(dir, "july.csv")
	for path, body := range map[string]string{
		june: head + "B-1,myshop,2026-06-01,FR,31000,MUG-01,2,9.50,EUR\n",
		july: head + "B-2,myshop,2026-07-01,DE,10115,MUG-01,1,9.50,EUR\n",
	} {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t)
	s := newImportScreen(h.e, src)
	h.show(s.content())
	s.onFile(june)
	h.q.drain()
	h.noErrors()
	if !s.mapBox.Visible() || !s.rawBox.Visible() || !s.importBtn.Disabled() {
		t.Fatalf("got mapping %v, rows %v, import enabled %v; want the mapping step with the rows", s.mapBox.Visible(), s.rawBox.Visible(), !s.importBtn.Disabled())
	}
	if s.mapSels["currency"].Selected != "Currency" || len(s.raw) != 1 || s.raw[0][0] != "B-1" {
		t.Errorf("got currency %q and rows %v; want the guess and the file's row", s.mapSels["currency"].Selected, s.raw)
	}
	for f, col := range map[string]string{"order_ref": "Beleg", "marketplace": "Kanal", "order_date": "Datum", "country": "Land",
		"postal_code": "PLZ", "sku": "Artikelnummer", "qty": "Menge", "unit_price": "Preis"} {
		s.mapSels[f].SetSelected(col)
		h.q.drain()
	}
	h.noErrors()
	if s.importBtn.Disabled() {
		t.Fatalf("Import disabled after every field was mapped: %q", s.previewMsg.Text)
	}
	test.Tap(s.importBtn)
	h.q.drain()
	h.noErrors()
	if !strings.Contains(s.result.Text, "The column mapping is kept") {
		t.Errorf("got %q, want it to say the mapping is kept", s.result.Text)
	}

	s.onFile(july)
	h.q.drain()
	h.noErrors()
	if s.importBtn.Disabled() || !strings.HasPrefix(s.previewMsg.Text, "These columns were mapped when a file with the same header was imported before") {
		t.Fatalf("next file of the layout: import enabled %v, message %q", !s.importBtn.Disabled(), s.previewMsg.Text)
	}
	if s.mapSels["order_ref"].Selected != "Beleg" || s.fieldOf("Artikelnummer") != "sku" {
		t.Errorf("got order_ref from %q, Artikelnummer as %q; want the kept mapping shown", s.mapSels["order_ref"].Selected, s.fieldOf("Artikelnummer"))
	}
	test.Tap(s.importBtn) // one click
	h.q.drain()
	h.noErrors()
	if _, err := svc.DB().FindOrder(t.Context(), "myshop", "B-2"); err != nil {
		t.Errorf("B-2 not imported: %v", err)
	}
}
