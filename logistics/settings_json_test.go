package logistics_test

import (
	"encoding/json"
	"strings"
	"testing"

	"shipmode/logistics"
)

// TestSettingsJSON: the settings added with the scenarios and the invoices are
// left out of the stored JSON while they hold their defaults — the JSON of a rate
// book stored before them — and come back from it when decoded into the defaults.
func TestSettingsJSON(t *testing.T) {
	st := logistics.DefaultSettings()
	st.BaseCurrency, st.PackagingG = "EUR", 30
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"BaseCurrency":"EUR","OriginCountry":"CN","OriginHandlingDays":1,"PackagingG":30}`; string(b) != want {
		t.Errorf("defaults: got %s, want %s", b, want)
	}
	st.CoverDays, st.InvoiceTolerancePct = 45, logistics.DecInt(3)
	if b, err = json.Marshal(st); err != nil {
		t.Fatal(err)
	}
	got := logistics.DefaultSettings()
	if err := json.Unmarshal(b, &got); err != nil || got != st {
		t.Errorf("round trip of %s: got %+v, %v; want %+v", b, got, err, st)
	}
	if !strings.Contains(string(b), `"CoverDays":45`) || strings.Contains(string(b), "CapitalCostPct") {
		t.Errorf("cover days 45 and tolerance 3 %%: got %s, want CoverDays and InvoiceTolerancePct only", b)
	}
}
