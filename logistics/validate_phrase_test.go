package logistics

import (
	"slices"
	"testing"
	"time"
)

// checkProblemSentence asserts that s is a validation phrase whose arguments are its
// placeholders and that it says english; it counts the keys, nested ones too.
func checkProblemSentence(t *testing.T, s *Sentence, english string, seen map[string]int) {
	t.Helper()
	if got := s.String(); got != english {
		t.Errorf("got %q from the sentence %+v, want the reason %q", got, *s, english)
	}
	i := slices.IndexFunc(problemPhrases[:], func(p Phrase) bool { return p.Key == s.Key })
	if i < 0 {
		t.Errorf("key %q of %q is no validation phrase", s.Key, english)
		return
	}
	seen[s.Key]++
	var names []string
	for _, a := range s.Args {
		names = append(names, a.Name)
		if a.Inner != nil {
			if a.Kind != ArgReason {
				t.Errorf("%s: nested argument %s has kind %d, want ArgReason", s.Key, a.Name, a.Kind)
			}
			checkProblemSentence(t, a.Inner, a.Text, seen)
		}
	}
	if want := problemPhrases[i].Placeholders(); !slices.Equal(names, want) {
		t.Errorf("%s: got arguments %v, want the placeholders %v", s.Key, names, want)
	}
}

// TestEveryValidationPhraseIsWritten validates broken rate books that give every
// shape of the catalog: each problem's sentence says exactly its Reason, and no
// phrase is left that nothing writes.
func TestEveryValidationPhraseIsWritten(t *testing.T) {
	changes := []func(rb *RateBook){
		func(rb *RateBook) {
			rb.Settings = Settings{BaseCurrency: "eur", OriginCountry: "China", OriginHandlingDays: -1, PackagingG: -5,
				CoverDays: MaxCoverDays + 1, CapitalCostPct: DecInt(-1), InvoiceToleranceAbs: DecInt(-1), InvoiceTolerancePct: DecInt(MaxPct + 1)}
		},
		func(rb *RateBook) {
			rb.FX = append(rb.FX,
				FXRate{Currency: "CNY", RateToBase: dec(t, "0.2"), ValidFrom: DateOf(2026, 3, 2)},
				FXRate{Currency: "USD", RateToBase: dec(t, "0.9"), ValidFrom: NoDate},
				FXRate{Currency: "XXY", RateToBase: DecInt(1)},
				FXRate{Currency: "", RateToBase: DecInt(1)},
				FXRate{Currency: "GBP", RateToBase: 0, ValidFrom: NoDate},
				FXRate{Currency: "EUR", RateToBase: DecInt(2), ValidFrom: DateOf(2026, 1, 1)})
			rb.Services = append(rb.Services,
				Service{ID: "POST", Mode: ServiceDirect, Currency: "JPY", VolumetricRatio: DecInt(-1), IncrementG: 0,
					TransitMinDays: 5, TransitMaxDays: 3, ForbiddenCategories: []string{" x"}},
				Service{ID: "", Currency: "usd", IncrementG: 1},
				Service{ID: "SP ", Mode: ServiceLastMile, Currency: "", IncrementG: 1})
			rb.Zones = append(rb.Zones,
				Zone{ServiceID: "COL", Country: "FR", PostalPrefix: "20", Zone: "X"},
				Zone{ServiceID: "NOPE", Country: "fr", Zone: ""},
				Zone{ServiceID: "", Country: "", Zone: "Z"})
			rb.Rates = append(rb.Rates,
				Rate{ServiceID: "POST", Zone: "NOZONE", FromG: 0, ToG: 100},
				Rate{ServiceID: "POST", Zone: "EU", FromG: 3000, ToG: 2500},
				Rate{ServiceID: "POST", Zone: "", FromG: 0, ToG: 100},
				Rate{ServiceID: "STU", Zone: "P", FromG: 10000, ToG: 25000},
				Rate{ServiceID: "STU", Zone: "P", FromG: 30000, ToG: 40000})
		},
		func(rb *RateBook) {
			rb.Rates = append(rb.Rates, Rate{ServiceID: "COL", Zone: "FR", FromG: 500, ToG: 1000})
			rb.Surcharges = append(rb.Surcharges,
				Surcharge{ServiceID: "POST", Kind: 0, Country: "it", FromDate: DateOf(2026, 5, 2), ToDate: DateOf(2026, 5, 1)})
			rb.Warehouses = append(rb.Warehouses,
				Warehouse{ID: "WH", Kind: 0, Country: "", Serves: []string{"france", "FR:", "FR:75 001"}, Currency: "EUR", DeliveryService: "POST"},
				Warehouse{ID: "W2", Kind: Overseas, Country: "FR", Currency: "EUR", DeliveryService: "NOPE"},
				Warehouse{ID: "W3", Kind: Overseas, Country: "FR", Currency: "EUR"})
			rb.Lanes = append(rb.Lanes,
				Lane{ID: "L2", Destination: "FR", Currency: "USD", DepartureWeekdays: []time.Weekday{9}, DeliveryService: "COL"})
			rb.Lanes[0].DepartureWeekdays = nil
			rb.Tiers = append(rb.Tiers, Tier{LaneID: "LANE", FromKg: DecInt(20)}, Tier{LaneID: "NOLANE"}, Tier{LaneID: ""})
			rb.Duties = append(rb.Duties,
				Duty{Country: "FR", ValidFrom: NoDate, Currency: "EUR", Valuation: 0},
				Duty{Country: "FR", ValidFrom: DateOf(2026, 7, 1), Currency: "EUR", Valuation: CIF})
			rb.Compliance = append(rb.Compliance,
				Rule{Country: "FR", Category: "fresh_food"}, Rule{Country: "IT", Category: "", AllowedModes: []Mode{9}})
			rb.Products = append(rb.Products, Product{SKU: "A"}, Product{SKU: ""})
			rb.Stock = append(rb.Stock,
				Stock{WarehouseID: "WH", SKU: "A"}, Stock{WarehouseID: "NOWH", SKU: "NOSKU"}, Stock{WarehouseID: "", SKU: ""})
		},
	}
	seen := map[string]int{}
	for _, change := range changes {
		rb := validBook(t)
		change(&rb)
		for _, p := range rb.Validate() {
			checkProblemSentence(t, &p.Why, p.Reason, seen)
		}
	}
	for _, p := range ValidationPhrases() {
		if seen[p.Key] == 0 {
			t.Errorf("no input writes %s (%q)", p.Key, p.Text)
		}
	}
	if len(ValidationPhrases()) != int(numProblemPhrases) {
		t.Errorf("got %d phrases, want %d", len(ValidationPhrases()), numProblemPhrases)
	}
}

// TestValidationPhrasesAreDistinct checks the catalog: unique keys whose sentences
// carry their English, and no key of the engine's.
func TestValidationPhrasesAreDistinct(t *testing.T) {
	keys := map[string]bool{}
	for _, p := range Phrases() {
		keys[p.Key] = true
	}
	for i, p := range ValidationPhrases() {
		if keys[p.Key] {
			t.Errorf("key %s is used twice", p.Key)
		}
		keys[p.Key] = true
		if s := problemOf(problemID(i)); s.Key != p.Key || s.Text != p.Text {
			t.Errorf("problemOf(%d): got the phrase %q %q, want %q %q", i, s.Key, s.Text, p.Key, p.Text)
		}
	}
}
