package ingest

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"shipmode/logistics"
)

// byKey finds a phrase of the catalog by its key.
var byKey = func() map[string]phraseID {
	keys := make(map[string]phraseID, numPhrases)
	for i := range phrases {
		keys[phrases[i].Key] = phraseID(i)
	}
	return keys
}()

// checkSentence asserts that a reason's sentence is a phrase of the catalog, that
// its arguments are that phrase's placeholders, and that it says what the English
// says; it counts the keys it holds, nested ones too.
func checkSentence(t *testing.T, where string, s *logistics.Sentence, english string, seen map[string]int) {
	t.Helper()
	if got := s.String(); got != english {
		t.Errorf("%s: got %q from the sentence %+v, want the reason %q", where, got, *s, english)
	}
	p, ok := byKey[s.Key]
	if !ok {
		t.Errorf("%s: key %q of %q is no phrase", where, s.Key, english)
		return
	}
	seen[s.Key]++
	if got, want := len(s.Args), len(phrases[p].Placeholders()); got != want {
		t.Errorf("%s: %s has %d arguments, want %d", where, s.Key, got, want)
	}
	for _, a := range s.Args {
		if !slices.Contains(phrases[p].Placeholders(), a.Name) {
			t.Errorf("%s: %s has an argument %q that is no placeholder of %q", where, s.Key, a.Name, phrases[p].Text)
		}
		if a.Inner != nil {
			checkSentence(t, where, a.Inner, a.Text, seen)
		}
	}
}

func checkRows(t *testing.T, where string, rows []RowError, seen map[string]int) {
	t.Helper()
	for _, r := range rows {
		checkSentence(t, where+" line "+itoa(r.Line), &r.Why, r.Reason, seen)
	}
}

func checkNotes(t *testing.T, where string, res *OrdersResult, seen map[string]int) {
	t.Helper()
	for _, n := range res.Notes() {
		checkSentence(t, where+" note", &n, n.String(), seen)
		if !strings.Contains(res.Summary(), n.String()) {
			t.Errorf("%s: the summary %q does not say the note %q", where, res.Summary(), n.String())
		}
	}
}

func checkColumnError(t *testing.T, where string, err error, seen map[string]int) {
	t.Helper()
	var ce *ColumnError
	if !errors.As(err, &ce) {
		t.Errorf("%s: got %v, want a column error", where, err)
		return
	}
	checkSentence(t, where, &ce.Why, ce.Reason, seen)
}

const allFieldsHeader = "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days,promise_date,status,line_total,item_status,cancelled_date,requires_shipping\n"

// TestEveryPhraseIsWritten imports files that give every reason of the catalog:
// each rejection's sentence says exactly its English, and no phrase is left that
// nothing writes.
func TestEveryPhraseIsWritten(t *testing.T) {
	orders := []struct {
		body string
		opt  OrderOptions
	}{
		{body: allFieldsHeader +
			",s,2026-05-11,FR,,X,1,,,,,,,,,\n" + // empty reference
			",3 record(s) downloaded,,,,,,,,,,,,,,\n" + // eBay footer
			"A1,,2026-05-11,FR,,X,1,,,,,,,,,\n" + // empty marketplace
			"A2,s,2026-05-11,FR,,X,1,,,,,,,,,\nA3,s,2026-05-11,FR,,X,1,,,,,,,,,\nA2,s,2026-05-11,FR,,X,1,,,,,,,,,\n" + // apart: regrouped
			"A4,s,2026-05-11,FR,,X,1,,,,,,,,,,oops\n" + // extra cells
			"A5,s,yesterday,FR,,X,1,,,,,,,,,\n" +
			"A6,s,2026-05-11,FR,,X,1,,,,,,,,,\nA6,s,2026-05-12,FR,,Y,1,,,,,,,,,\n" + // date differs; not imported
			"A7,s,2026-05-11,ZZ,,X,1,,,,,,,,,\n" +
			"A8,s,2026-05-11,FR,,X,1,,,,,,,,,\nA8,s,2026-05-11,DE,,X,1,,,,,,,,,\n" +
			"A9,s,2026-05-11,FR,75011,X,1,,,,,,,,,\nA9,s,2026-05-11,FR,75012,X,1,,,,,,,,,\n" +
			"B1,s,2026-05-11,FR,,X,1,,EURO,,,,,,,\n" +
			"B2,s,2026-05-11,FR,,X,1,,EUR,,,,,,,\nB2,s,2026-05-11,FR,,X,1,,USD,,,,,,,\n" +
			"B3,s,2026-05-11,FR,,X,1,,,-2,,,,,,\n" +
			"B4,s,2026-05-11,FR,,X,1,,,3,,,,,,\nB4,s,2026-05-11,FR,,X,1,,,4,,,,,,\n" +
			"B5,s,2026-05-11,FR,,X,1,,,,soon,,,,,\n" +
			"B6,s,2026-05-11,FR,,X,1,,,,,lost,,,,\n" +
			"B7,s,2026-05-11,FR,,X,1,,,,,cancelled,,,,\n" +
			"B8,s,2026-05-11,FR,,X,1,,,,,,,,2026-05-12,\n" +
			"B9,s,2026-05-11,FR,,X,,,,,,,,,,\n" +
			"C1,s,2026-05-11,FR,,X,two,,,,,,,,,\n" +
			"C2,s,2026-05-11,FR,,X,-1,,,,,,,,,\nC2,s,2026-05-11,FR,,Y,1,,,,,,,,,\n" +
			"C3,s,2026-05-11,FR,,X,0,,,,,,,,,\n" + // every line cancelled
			"C4,s,2026-05-11,FR,,X,1000001,,,,,,,,,\n" +
			"C5,s,2026-05-11,FR,,X,1,,,,,,,cancelled,,\nC5,s,2026-05-11,FR,,Y,1,,,,,,,,,\n" +
			"C6,s,2026-05-11,FR,,X,1,,,,,,,,,maybe\n" +
			"C7,s,2026-05-11,FR,,X,1,,,,,,,,,false\n" + // no line to ship
			"C8,s,2026-05-11,FR,,X,1,abc,EUR,,,,,,,\n" +
			"C9,s,2026-05-11,FR,,X,1,,EUR,,,,abc,,,\n" +
			"D1,s,2026-05-11,FR,,X,1,-5,EUR,,,,,,,\n" +
			"D2,s,2026-05-11,FR,,X,1,ABC 5,,,,,,,,\n" +
			"D3,s,2026-05-11,FR,,X,1,kr 5,,,,,,,,\n" +
			"D4,s,2026-05-11,FR,,X,1,£10,EUR,,,,,,,\n" +
			"D5,s,2026-05-11,FR,,X,1,10,,,,,,,,\n" +
			"D6,s,2026-05-11,FR,,X,1,€10,,,,,,,,\nD6,s,2026-05-11,FR,,Y,1,£10,,,,,,,,\n" +
			"D7,s,,FR,,X,1,,,,,,,,,\n" +
			"D8,s,2026-05-11,,,X,1,,,,,,,,,\n" +
			"D9,s,13/04/2026,FR,,X,1,,,,,,,,,\nE1,s,4/13/2026,FR,,X,1,,,,,,,,,\n" + // day/month, then not one
			"E2,s,2026-05-11,FR,,X,1,,,,4/13/2026,,,,,\n" +
			"E3,s,2026-05-11,FR,,X,1,,,,2026-05-10,,,,,\n"},
		{body: allFieldsHeader + "F1,s,13/04/2026,FR,,X,1,,,,,,,,,\n", opt: OrderOptions{DateOrder: MonthDay}},
		// notes on dates: requested (with a value it rejects), decided by a second
		// field, by the M/D/YY style, by the defaults
		{body: allFieldsHeader + "F2,s,26/04/13,FR,,X,1,,,,,,,,,\nF3,s,13/04/2026,FR,,X,1,,,,,,,,,\n", opt: OrderOptions{DateOrder: YearMonthDay}},
		{body: allFieldsHeader + "F4,s,4/13/2026,FR,,X,1,,,,,,,,,\n"},
		{body: allFieldsHeader + "F5,s,12/1/10 8:26,FR,,X,1,,,,,,,,,\n"},
		{body: allFieldsHeader + "F6,s,03/04/2026,FR,,X,1,,,,,,,,,\n"},
		{body: "order_ref;marketplace;order_date;country;sku;qty\nF7;s;03/04/2026;FR;X;1\n"},
		// a line without a SKU, keyed by its name
		{body: "Name,Created at,Shipping Country,Lineitem quantity,Lineitem name,Lineitem sku\n#1,2026-05-11,FR,1,Soap,\n"},
		// eBay summary rows: an order whose only line is cancelled, and one with no line
		{body: "Order Number,Sale Date,Ship To Country,Custom Label,Quantity,Item Number\n" +
			"E1,2026-05-11,FR,,,\nE1,,,X,0,123\nE2,2026-05-11,FR,,,\n"},
	}
	seen := map[string]int{}
	for i, tt := range orders {
		tt.opt.Name = "every" + itoa(i) + ".csv"
		res, err := Orders(strings.NewReader(tt.body), tt.opt)
		if err != nil {
			t.Fatalf("%s: %v", tt.opt.Name, err)
		}
		checkRows(t, tt.opt.Name, res.Rejected, seen)
		checkRows(t, tt.opt.Name, res.LeftOut, seen)
		checkNotes(t, tt.opt.Name, res, seen)
	}
	products, rows, err := Products(strings.NewReader("sku,weight_g,length_mm,unit_cost,currency\n"+
		",1,,,\nP1,1,,,\nP1,1,,,\nP2,,,,\nP3,heavy,,,\nP4,1,-3,,\nP5,1,,abc,\nP6,1,,2,\nP7,1,,2,EURO\nP8,1,,ABC 2,\nP9,1,,kr 2,\nQ1,1,,£2,EUR\n"), "p.csv")
	if err != nil || len(products) != 1 {
		t.Fatalf("products: got %d and %v, want 1 and no error", len(products), err)
	}
	checkRows(t, "p.csv", rows, seen)
	_, rows, err = Stock(strings.NewReader("warehouse_id,sku,on_hand\n,X,1\nW,,1\nW,X,1\nW,X,2\nW,Y,lots\n"), "s.csv")
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, "s.csv", rows, seen)

	_, err = Orders(strings.NewReader(allFieldsHeader), OrderOptions{Name: "m.csv", Map: map[string]string{"order_ref": "Nope"}})
	checkColumnError(t, "--map", err, seen)
	_, err = Orders(strings.NewReader("order_ref,marketplace,order_date,country,qty\n"), OrderOptions{Name: "m.csv"})
	checkColumnError(t, "no sku column", err, seen)
	_, _, err = Stock(strings.NewReader("warehouse_id,sku\n"), "s.csv")
	checkColumnError(t, "no on_hand column", err, seen)
	_, _, err = Products(strings.NewReader("sku,title\n"), "p.csv")
	checkColumnError(t, "no weight column", err, seen)

	for field, value := range map[string]string{"order_ref": " ", "country": "Narnia", "qty": "x", "requires_shipping": "maybe", "currency": "RMB"} {
		_, err := Orders(strings.NewReader(allFieldsHeader), OrderOptions{Name: "o.csv", Set: map[string]string{field: value}})
		var oe *OptionError
		if !errors.As(err, &oe) || !errors.Is(err, ErrOption) || oe.Field != field || oe.Value != value {
			t.Errorf("--set %s=%s: got %v, want an option error wrapping ErrOption", field, value, err)
			continue
		}
		checkSentence(t, "--set "+field, &oe.Why, oe.Reason, seen)
	}

	// rows past the limits or not text, and files that are no table (hostile_test.go):
	// one file for each phrase
	for _, c := range rowCases() {
		if seen[c.key] > 0 {
			continue
		}
		res, err := Orders(strings.NewReader(c.file), OrderOptions{Name: "limits.csv"})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		checkRows(t, c.name, res.Rejected, seen)
		checkRows(t, c.name, res.LeftOut, seen)
	}
	for _, c := range refusals() {
		if seen[c.key] > 0 {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			if c.lower != nil {
				withLimits(t, c.lower)
			}
			_, err := Orders(bytes.NewReader(c.data(t)), OrderOptions{Name: "refused.xlsx"})
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a file error", err)
			}
			checkSentence(t, c.name, &fe.Why, fe.Reason, seen)
		})
	}

	for _, c := range []struct {
		format InvoiceFormat
		file   string
	}{
		{InvoiceGeneric, "carrier,invoice_number,invoice_date,tracking,order_ref,charge,amount,currency,billed_weight_g\n" +
			",I,2026-05-01,T,,,1,USD,\n" + // carrier empty
			"ups,I,2026-05-01,,,,1,USD,\n" + // no tracking or reference
			"ups,I,someday,T,,,1,USD,\n" +
			"ups,I,13/05/2026,T,,,1,USD,\n" +
			"ups,I,05/13/2026,T,,,1,USD,\n" + // not day/month, as line 5 showed
			"ups,I,2026-05-01,T,,,lots,USD,\n" +
			"ups,I,2026-05-01,T,,handling,1,USD,\n" +
			"ups,I,2026-05-01,T,,,1,USD,-5\n" +
			"ups,I,2026-05-01,T,,,1,,\n" + // no currency
			"ups,I,2026-05-01,T,,,£1,USD,\n"},
		{InvoiceGeneric, "carrier,invoice_number,invoice_date,tracking,freight,fuel\n" +
			"ups,I,2026-05-01,T,$1,€1\n" +
			"ups,I,2026-05-01,T,,\n"},
		{InvoiceYunExpress, "CustomerOrderNumber,WayBillNumber,Freight,TotalFee,OccurrenceTime\nR,W,1,2,2026-05-01\n"},
		{InvoiceDHL, "Line Type,Invoice Number,Invoice Date,Shipment Number,Weight Charge,Currency\n" +
			"S,,,123,1,EUR\n" + // no invoice header before it
			"X,I1,2026-05-01,123,1,EUR\n"},
	} {
		res, err := Invoices(context.Background(), strings.NewReader(c.file), InvoiceOptions{Name: "i.csv", Format: c.format})
		if err != nil {
			t.Fatalf("invoices %v: %v", c.format, err)
		}
		checkRows(t, "i.csv", res.Rejected, seen)
	}

	// a rate book that is no workbook
	var fe *FileError
	if _, err := RateBook(strings.NewReader("service_id,mode\n"), "rates.csv"); !errors.As(err, &fe) {
		t.Errorf("rate book from a CSV: got %v, want a file error", err)
	} else {
		checkSentence(t, "rate book from a CSV", &fe.Why, fe.Reason, seen)
	}

	for _, p := range phrases {
		if seen[p.Key] == 0 && p.Key != phrases[rsText].Key {
			t.Errorf("no input gave %s (%q)", p.Key, p.Text)
		}
	}
}

// TestFixtureReasonsAreSentences reads every fixture: each rejection's sentence says
// exactly its reason.
func TestFixtureReasonsAreSentences(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.?sv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("got fixtures %v, %v", files, err)
	}
	seen := map[string]int{}
	for _, fn := range files {
		f, err := os.Open(fn)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(fn)
		var rows []RowError
		switch {
		case strings.Contains(name, "stock"):
			_, rows, err = Stock(f, name)
		case strings.HasPrefix(name, "products"):
			_, rows, err = Products(f, name)
		default:
			var res *OrdersResult
			if res, err = Orders(f, OrderOptions{Name: name}); res != nil {
				rows = append(res.Rejected, res.LeftOut...)
			}
		}
		f.Close()
		var ce *ColumnError
		if errors.As(err, &ce) { // a file that needs a --map
			checkColumnError(t, name, err, seen)
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkRows(t, name, rows, seen)
	}
	if len(seen) < 10 {
		t.Errorf("got %d kinds of reason from the fixtures, want at least 10: %v", len(seen), slices.Sorted(maps.Keys(seen)))
	}
}

func TestPhraseCatalog(t *testing.T) {
	keys := map[string]bool{}
	for i, p := range Phrases() {
		if p.Key == "" || p.Text == "" {
			t.Errorf("phrase %d: got key %q and text %q, want both", i, p.Key, p.Text)
		}
		if keys[p.Key] {
			t.Errorf("phrase key %q twice", p.Key)
		}
		keys[p.Key] = true
		if strings.Count(p.Text, "{") != strings.Count(p.Text, "}") {
			t.Errorf("phrase %s: unbalanced braces in %q", p.Key, p.Text)
		}
	}
	if len(keys) != int(numPhrases) {
		t.Errorf("got %d phrases, want %d", len(keys), numPhrases)
	}
}

func TestSentenceAppend(t *testing.T) {
	inner := say(rsBadQuantity, `"two"`)
	s := sayWith(rsOrderNotImported, nested(inner), "A-1", "3")
	zh := map[string]string{
		"row.orderNotImported": "订单 {ref} 未导入：第 {line} 行：{reason}",
		"row.badQuantity":      "数量 {value} 不是整数",
	}
	tests := []struct {
		name  string
		text  func(string) string
		value func(logistics.Arg) string
		want  string
	}{
		{"english", nil, nil, `order A-1 not imported: line 3: quantity "two" is not a whole number`},
		{"translated", func(k string) string { return zh[k] }, nil, `订单 A-1 未导入：第 3 行：数量 "two" 不是整数`},
		{"values masked", func(k string) string { return zh[k] }, func(logistics.Arg) string { return "·" }, `订单 · 未导入：第 · 行：数量 · 不是整数`},
		{"a key the language lacks is English", func(k string) string { return map[string]string{"row.badQuantity": zh["row.badQuantity"]}[k] },
			nil, `order A-1 not imported: line 3: 数量 "two" 不是整数`},
		{"a placeholder without a value shows its name", func(k string) string { return "{ref} {nope}" }, nil, "A-1 {nope}"},
	}
	for _, tt := range tests {
		if got := string(s.Append(nil, tt.text, tt.value)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := (&logistics.Sentence{}).String(); got != "" {
		t.Errorf("no sentence: got %q, want empty", got)
	}
	if got := whyOf(errors.New("disk on fire")); got.String() != "disk on fire" || got.Key != "text" {
		t.Errorf("an error without a phrase: got %+v, want its text as the phrase text", got)
	}
}
