package ingest

import (
	"strings"
	"testing"
)

// TestOrdersKeepTracking: the generic tracking field and eBay's Tracking Number
// give the order its tracking number (SPEC §8), from the first row that has one.
func TestOrdersKeepTracking(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string
	}{
		{"generic", "order_ref,marketplace,order_date,country,sku,qty,tracking\n" +
			"A1,shop,2026-05-01,DE,S1,1,\n" +
			"A1,shop,2026-05-01,DE,S2,1,JD0001\n" +
			"A2,shop,2026-05-01,DE,S1,1,\n", []string{"A1 JD0001", "A2 "}},
		{"generic, a header guessed", "order_ref,marketplace,order_date,country,sku,qty,运单号\n" +
			"A1,shop,2026-05-01,DE,S1,1,YT2612300000001\n", []string{"A1 YT2612300000001"}},
		{"ebay", "Order Number,Sale Date,Ship To Country,Item Number,Custom Label,Quantity,Tracking Number\n" +
			"12-1,May-11-26,United Kingdom,,,2,LX123456789CN\n" +
			"12-1,May-11-26,United Kingdom,111,S1,1,\n" +
			"12-1,May-11-26,United Kingdom,112,S2,1,\n", []string{"12-1 LX123456789CN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Orders(strings.NewReader(tt.file), OrderOptions{Name: tt.name + ".csv"})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range res.Orders {
				got = append(got, o.Order.Ref+" "+o.Tracking)
			}
			if g, w := strings.Join(got, "|"), strings.Join(tt.want, "|"); g != w {
				t.Errorf("got %q, want %q (rejected %v)", g, w, res.Rejected)
			}
		})
	}
}
