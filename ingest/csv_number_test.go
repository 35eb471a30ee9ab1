package ingest

import (
	"testing"

	"shipmode/logistics"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in     string
		dc     bool // decimal-comma file
		want   string
		sym    string
		hasErr bool
	}{
		{in: "12.50", want: "12.5"},
		{in: "0", want: "0"},
		{in: "52", want: "52"},
		{in: ".5", want: "0.5"},
		{in: "0.123456789", want: "0.123456789"},
		{in: "$12.50", want: "12.5", sym: "$"},
		{in: "£3.99", want: "3.99", sym: "£"},
		{in: "US $12.50", want: "12.5", sym: "US$"},
		{in: "C $20.00", want: "20", sym: "C$"},
		{in: "AU $1,234.50", want: "1234.5", sym: "AU$"},
		{in: "EUR 12,50", want: "12.5", sym: "EUR"},
		{in: "12,50 €", want: "12.5", sym: "€"},
		{in: "1.234,56 €", want: "1234.56", sym: "€"},
		{in: "€1.234,56", want: "1234.56", sym: "€"},
		{in: "1,234.56", want: "1234.56"},
		{in: "1,234", want: "1234"},
		{in: "1,234", dc: true, want: "1.234"},
		{in: "1.234", want: "1.234"},
		{in: "1.234", dc: true, want: "1234"},
		{in: "0.125", dc: true, want: "0.125"},
		{in: "12,5", want: "12.5"},
		{in: "1 234,56", dc: true, want: "1234.56"},
		{in: "1\u00a0234,56", dc: true, want: "1234.56"},
		{in: "1'234.50", want: "1234.5"},
		{in: "1.234.567", want: "1234567"},
		{in: "1,234,567.89", want: "1234567.89"},
		{in: "-£3.99", want: "-3.99", sym: "£"},
		{in: "$-3.00", want: "-3", sym: "$"},
		{in: "(3.00)", want: "-3"},
		{in: "3.00-", want: "-3"},
		{in: "zł 15,99", want: "15.99", sym: "ZŁ"},
		{in: "¥1200", want: "1200", sym: "¥"},
		{in: "  7  ", want: "7"},
		{in: "", hasErr: true},
		{in: "abc", hasErr: true},
		{in: "1e3", hasErr: true},
		{in: "1.2.3", hasErr: true},
		{in: "12,34,5", hasErr: true},
		{in: "1.234,5.6", hasErr: true},
		{in: "$ 12 €", hasErr: true},
		{in: "12 345", want: "12345"}, // a grouping space
		{in: "12 34", hasErr: true},
		{in: "0.0000000001", hasErr: true},
		{in: "99999999999999999999", hasErr: true},
	}
	for _, tt := range tests {
		v, sym, err := parseMoney(tt.in, tt.dc)
		if (err != nil) != tt.hasErr {
			t.Errorf("parseMoney(%q, %v): got error %v, want error %v", tt.in, tt.dc, err, tt.hasErr)
			continue
		}
		if err == nil && (v.String() != tt.want || sym != tt.sym) {
			t.Errorf("parseMoney(%q, %v): got %s %q, want %s %q", tt.in, tt.dc, v, sym, tt.want, tt.sym)
		}
	}
}

func TestCurrencyFor(t *testing.T) {
	tests := []struct {
		sym, declared, want string
		hasErr              bool
	}{
		{"", "", "", false},
		{"", "EUR", "EUR", false},
		{"$", "", "USD", false},
		{"$", "CAD", "CAD", false},
		{"$", "EUR", "", true},
		{"US$", "CAD", "", true},
		{"£", "", "GBP", false},
		{"€", "", "EUR", false},
		{"¥", "", "JPY", false},
		{"¥", "CNY", "CNY", false},
		{"RMB", "", "CNY", false},
		{"EUR", "", "EUR", false},
		{"PLN", "PLN", "PLN", false},
		{"KR", "", "", true},
		{"KR", "SEK", "SEK", false},
		{"XYZ", "", "", true},
		{"@", "", "", true},
	}
	for _, tt := range tests {
		got, err := currencyFor(tt.sym, tt.declared)
		if got != tt.want || (err != nil) != tt.hasErr {
			t.Errorf("currencyFor(%q, %q): got %q, %v, want %q (error %v)", tt.sym, tt.declared, got, err, tt.want, tt.hasErr)
		}
	}
	// Every symbol's currencies are ISO 4217 codes.
	for sym, codes := range symbolCurrencies {
		for _, c := range codes {
			if c != "" && logistics.CheckCurrency(c) != nil {
				t.Errorf("symbol %q lists %q, not an ISO 4217 code", sym, c)
			}
		}
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		in     string
		want   int64
		hasErr bool
	}{
		{"2", 2, false}, {" 12 ", 12, false}, {"-1", -1, false}, {"+3", 3, false}, {"2.0", 2, false}, {"3,00", 3, false},
		{"", 0, true}, {"1.5", 0, true}, {"two", 0, true}, {"1,000", 0, true}, {"-", 0, true}, {"9999999999999", 0, true},
	}
	for _, tt := range tests {
		got, err := parseCount(tt.in)
		if got != tt.want || (err != nil) != tt.hasErr {
			t.Errorf("parseCount(%q): got %d, %v, want %d (error %v)", tt.in, got, err, tt.want, tt.hasErr)
		}
	}
}

func TestDivRound(t *testing.T) {
	tests := []struct {
		v    string
		n    int64
		want string
	}{
		{"25.98", 2, "12.99"}, {"25", 3, "8.333333333"}, {"20", 3, "6.666666667"}, {"-20", 3, "-6.666666667"},
		{"0.000000001", 2, "0.000000001"}, {"0.000000001", 3, "0"},
	}
	for _, tt := range tests {
		v, err := logistics.ParseDec(tt.v)
		if err != nil {
			t.Fatal(err)
		}
		if got := divRound(v, tt.n).String(); got != tt.want {
			t.Errorf("divRound(%s, %d): got %s, want %s", tt.v, tt.n, got, tt.want)
		}
	}
}
