package ingest

import "testing"

func TestGuessColumn(t *testing.T) {
	header := []string{"Order No", "Invoice Date", "Ship-Country", "QTY", "unit_price"}
	tests := []struct{ field, want string }{
		{"invoice_date", "Invoice Date"},
		{"qty", "QTY"},
		{"unit_price", "unit_price"},
		{"country", "Ship-Country"}, // "shipcountry" holds "country"
		{"sku", ""},
	}
	for _, tt := range tests {
		if got := GuessColumn(tt.field, header); got != tt.want {
			t.Errorf("GuessColumn(%q): got %q, want %q", tt.field, got, tt.want)
		}
	}
}
