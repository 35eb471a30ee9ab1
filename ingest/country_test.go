package ingest

import (
	"strings"
	"testing"
)

func TestCountryCode(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"PL", "PL"}, {"pl", "PL"}, {" fr ", "FR"}, {"POL", "PL"}, {"deu", "DE"},
		{"Poland", "PL"}, {"POLAND", "PL"},
		{"United Kingdom", "GB"}, {"Great Britain", "GB"}, {"UK", "GB"}, {"U.K.", "GB"}, {"England", "GB"},
		{"EIRE", "IE"}, {"Ireland", "IE"}, {"Éire", "IE"},
		{"Hong Kong", "HK"}, {"Hong Kong SAR", "HK"}, {"Hong Kong S.A.R.", "HK"},
		{"USA", "US"}, {"U.S.A.", "US"}, {"United States", "US"}, {"United States of America", "US"},
		{"Deutschland", "DE"}, {"Germany", "DE"}, {"Österreich", "AT"}, {"España", "ES"}, {"België", "BE"},
		{"Korea, Republic of", "KR"}, {"Republic of Korea", "KR"}, {"South Korea", "KR"}, {"Korea, South", "KR"},
		{"Korea, Democratic People's Republic of", "KP"}, {"North Korea", "KP"},
		{"Côte d'Ivoire", "CI"}, {"Cote d’Ivoire", "CI"}, {"Ivory Coast", "CI"},
		{"Russian Federation", "RU"}, {"Russia", "RU"}, {"Türkiye", "TR"}, {"Turkey", "TR"},
		{"Viet Nam", "VN"}, {"Vietnam", "VN"}, {"Czechia", "CZ"}, {"Czech Republic", "CZ"},
		{"Taiwan, Province of China", "TW"}, {"Taiwan", "TW"},
		{"The Netherlands", "NL"}, {"Netherlands", "NL"}, {"Holland", "NL"},
		{"Bosnia and Herzegovina", "BA"}, {"Bosnia & Herzegovina", "BA"},
		{"Saint Barthélemy", "BL"}, {"Åland Islands", "AX"}, {"Réunion", "RE"},
		{"Congo, The Democratic Republic of the", "CD"}, {"Congo", "CG"},
		{"Holy See (Vatican City State)", "VA"}, {"Macao", "MO"}, {"Macau", "MO"},
		{"中国", "CN"}, {"Kosovo", "XK"},
		{"", ""}, {"ZZ", ""}, {"Narnia", ""}, {"UK2", ""}, {"The", ""}, {"U", ""},
	}
	for _, tt := range tests {
		got, ok := CountryCode(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("CountryCode(%q): got %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
}

// Every ISO 3166-1 code of the table is known by its alpha-2 and alpha-3 codes and
// names, and no spelling names two countries.
func TestCountryTable(t *testing.T) {
	_, conflicts := buildCountryIndexChecked()
	if len(conflicts) > 0 {
		t.Errorf("spellings naming two countries: %q", conflicts)
	}
	n := 0
	for line := range strings.Lines(countryTable) {
		parts := strings.Split(strings.TrimSpace(line), "|")
		if len(parts) < 3 {
			continue
		}
		n++
		for _, s := range parts {
			if got, ok := CountryCode(s); !ok || got != parts[0] {
				t.Errorf("CountryCode(%q): got %q, %v, want %q", s, got, ok, parts[0])
			}
		}
	}
	if n != 249 {
		t.Errorf("got %d countries in the table, want the 249 of ISO 3166-1", n)
	}
	for code := range countryAliases {
		if got, ok := CountryCode(code); !ok || got != code {
			t.Errorf("alias key %q is not a known code", code)
		}
	}
}
