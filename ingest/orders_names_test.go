package ingest

import (
	"slices"
	"strings"
	"testing"
)

// A line without a SKU is keyed by its item name, marked as such, and counted; a
// line with neither keeps the empty SKU.
func TestOrdersLineWithoutSKU(t *testing.T) {
	const shopify = "Name,Created at,Shipping Country,Currency,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku\n"
	tests := []struct {
		name   string
		text   string
		opt    OrderOptions
		orders []string
		named  int
	}{
		{
			// Every line of a shop without SKUs used to become the one product "".
			name: "Shopify lines without a SKU are their own products",
			text: shopify +
				"#1,2026-05-11 10:00:00 +0200,FR,EUR,1,Handmade soap,9.99,\n" +
				"#1,,,,2,Lavender candle,12.00,\n" +
				"#1,,,,1,Mug,5.00,MUG-1\n" +
				"#2,2026-05-11 11:00:00 +0200,FR,EUR,1,Handmade soap,9.99,\n",
			orders: []string{
				`2 #1 shopify 2026-05-11 FR "" EUR pd=0 open name:Handmade soap×1@9.99 name:Lavender candle×2@12 MUG-1×1@5`,
				`5 #2 shopify 2026-05-11 FR "" EUR pd=0 open name:Handmade soap×1@9.99`,
			},
			named: 3,
		},
		{
			name:   "neither a SKU nor a name",
			text:   shopify + "#1,2026-05-11 10:00:00 +0200,FR,EUR,1,,9.99,\n",
			orders: []string{`2 #1 shopify 2026-05-11 FR "" EUR pd=0 open ×1@9.99`},
		},
		{
			name:   "lines of a rejected order are not counted",
			text:   shopify + "#1,2026-05-11 10:00:00 +0200,FR,EUR,1,Soap,9.99,\n#1,,,,x,Candle,1,\n#2,2026-05-11 10:00:00 +0200,FR,EUR,1,Soap,9.99,\n",
			orders: []string{`4 #2 shopify 2026-05-11 FR "" EUR pd=0 open name:Soap×1@9.99`},
			named:  1,
		},
		{
			name:   "any file through item_name",
			text:   "order_ref,marketplace,order_date,country,sku,Description,qty\nA,s,2026-05-11,GB,,WHITE METAL LANTERN,6\n",
			opt:    OrderOptions{Map: map[string]string{"item_name": "Description"}},
			orders: []string{`2 A s 2026-05-11 GB ""  pd=0 open name:WHITE METAL LANTERN×6@0`},
			named:  1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := importCSV(t, tt.text, tt.opt)
			var got []string
			for _, o := range res.Orders {
				got = append(got, orderText(o))
			}
			if !slices.Equal(got, tt.orders) {
				t.Errorf("orders:\ngot  %q\nwant %q", got, tt.orders)
			}
			if res.NamedLines != tt.named {
				t.Errorf("named lines: got %d, want %d", res.NamedLines, tt.named)
			}
			if say := "lines without a SKU: "; (tt.named > 0) != strings.Contains(res.Summary(), say) {
				t.Errorf("summary %q: want %q in it only when lines are named", res.Summary(), say)
			}
		})
	}
}

func TestProductName(t *testing.T) {
	tests := []struct {
		sku, name string
		ok        bool
	}{
		{NamePrefix + "Handmade soap", "Handmade soap", true},
		{"MUG-1", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if name, ok := ProductName(tt.sku); name != tt.name || ok != tt.ok {
			t.Errorf("ProductName(%q): got %q, %v, want %q, %v", tt.sku, name, ok, tt.name, tt.ok)
		}
	}
}
