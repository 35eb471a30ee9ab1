package logistics

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// SheetColumns names one sheet of the rate-book workbook and its columns, in the
// order of SPEC §4.
type SheetColumns struct {
	Name    string
	Columns []string
}

// Rate-book sheet names (SPEC §4).
const (
	SheetSettings      = "settings"
	SheetFX            = "fx"
	SheetServices      = "services"
	SheetZones         = "zones"
	SheetRates         = "rates"
	SheetSurcharges    = "surcharges"
	SheetWarehouses    = "warehouses"
	SheetConsolidation = "consolidation"
	SheetTiers         = "linehaul_tiers"
	SheetDuties        = "duties"
	SheetCompliance    = "compliance"
	SheetProducts      = "products"
	SheetStock         = "stock"
)

// Settings keys of the `settings` sheet.
const (
	KeyBaseCurrency       = "base_currency"
	KeyOriginCountry      = "origin_country"
	KeyOriginHandlingDays = "origin_handling_days"
	KeyPackagingG         = "packaging_g"
	KeyCoverDays          = "cover_days"            // SPEC §9
	KeyCapitalCostPct     = "capital_cost_pct"      // SPEC §9
	KeyToleranceAbs       = "invoice_tolerance_abs" // SPEC §8
	KeyTolerancePct       = "invoice_tolerance_pct" // SPEC §8
)

// RateBookSheets lists the 13 sheets of the rate-book workbook with their columns,
// in SPEC §4 order. The `settings` sheet has the columns key and value; its rows are
// the Key… constants. It returns a fresh copy on every call.
func RateBookSheets() []SheetColumns {
	return []SheetColumns{
		{SheetSettings, []string{"key", "value"}},
		{SheetFX, []string{"currency", "rate_to_base", "valid_from"}},
		{SheetServices, []string{"service_id", "mode", "carrier", "name", "currency", "divisor",
			"volumetric_ratio", "increment_g", "min_charge_g", "max_weight_g", "max_side_mm",
			"transit_min_days", "transit_max_days", "fuel_pct", "forbidden_categories"}},
		{SheetZones, []string{"service_id", "country", "postal_prefix", "zone"}},
		{SheetRates, []string{"service_id", "zone", "from_g", "to_g", "fixed", "per_kg"}},
		{SheetSurcharges, []string{"service_id", "kind", "country", "postal_prefix", "from_date",
			"to_date", "min_side_mm", "fixed", "per_kg", "min", "pct"}},
		{SheetWarehouses, []string{"warehouse_id", "kind", "country", "serves", "currency",
			"pick_per_order", "pick_per_extra_unit", "storage_per_m3_day", "days_in_stock",
			"headhaul_per_kg", "handling_days", "delivery_service", "cold_chain_fee"}},
		{SheetConsolidation, []string{"lane_id", "destination", "currency", "first_mile_per_parcel",
			"departure_weekdays", "hub_cutoff_days", "linehaul_days", "dest_handling_per_parcel",
			"dest_handling_days", "delivery_service", "allocation", "divisor"}},
		{SheetTiers, []string{"lane_id", "from_kg", "per_kg", "min_batch_charge"}},
		{SheetDuties, []string{"country", "valid_from", "currency", "duty_free_threshold",
			"duty_rate_pct", "flat_duty_per_line", "valuation", "clearance_fee_per_parcel"}},
		{SheetCompliance, []string{"country", "category", "allowed_modes", "note"}},
		{SheetProducts, []string{"sku", "title", "weight_g", "length_mm", "width_mm", "height_mm",
			"category", "unit_cost", "currency", "hs_code"}},
		{SheetStock, []string{"warehouse_id", "sku", "on_hand"}},
	}
}

// SettingsKeys lists the keys of the `settings` sheet in SPEC §4 order.
func SettingsKeys() []string {
	return []string{KeyBaseCurrency, KeyOriginCountry, KeyOriginHandlingDays, KeyPackagingG,
		KeyCoverDays, KeyCapitalCostPct, KeyToleranceAbs, KeyTolerancePct}
}

// Problem is one semantic problem of a rate book, located in the workbook's terms.
// Row is the index into that sheet's slice of the RateBook (-1: the sheet, or for
// `settings` the setting named by Column). Column is the column name of SPEC §4 (for
// `settings`, the key), "" for the whole row.
type Problem struct {
	Sheet  string
	Row    int
	Column string
	Reason string
	// Why is Reason as a sentence of ValidationPhrases, so that a user interface can
	// say it in another language; zero in a Problem made by hand.
	Why Sentence
}

// String locates and explains the problem: "rates row 3, to_g: …" (row 1 is the
// sheet's first row).
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Sheet)
	if p.Row >= 0 {
		fmt.Fprintf(&b, " row %d", p.Row+1)
	}
	if p.Column != "" {
		if p.Row >= 0 {
			b.WriteByte(',')
		}
		b.WriteByte(' ')
		b.WriteString(p.Column)
	}
	b.WriteString(": ")
	b.WriteString(p.Reason)
	return b.String()
}

func (p Problem) Error() string { return p.String() }

// Validate returns every semantic problem of rb: duplicate ids and keys, references
// to rows that do not exist, weight bands that overlap or leave gaps, lanes without a
// tier from 0 kg, currencies that are not ISO 4217 or have no fx row, numbers out of
// range, bad countries, modes and date ranges. The problems are sorted by sheet (SPEC
// §4 order), row and column. A nil result means the rate book can be priced.
func (rb *RateBook) Validate() []Problem {
	v := &validator{rb: rb, fx: map[string]bool{}}
	v.settings()
	v.fxRows()
	v.services()
	v.zones()
	v.rates()
	v.surcharges()
	v.warehouses()
	v.lanes()
	v.tiers()
	v.duties()
	v.compliance()
	v.products()
	v.stock()
	v.sort()
	return v.problems
}

type validator struct {
	rb       *RateBook
	problems []Problem
	fx       map[string]bool // currencies with a valid fx row
	svc      map[string]*Service
	zoneSet  map[[2]string]bool // service, zone
	laneIDs  map[string]bool
	whs      map[string]bool
	skus     map[string]bool
}

// add records the problem p with the values of its placeholders at a sheet's row and
// column.
func (v *validator) add(sheet string, row int, col string, p problemID, vals ...Arg) {
	why := problemOf(p, vals...)
	v.problems = append(v.problems, Problem{Sheet: sheet, Row: row, Column: col, Reason: why.String(), Why: why})
}

func (v *validator) sort() {
	sheetIdx := map[string]int{}
	colIdx := map[[2]string]int{}
	for i, s := range RateBookSheets() {
		sheetIdx[s.Name] = i
		cols := s.Columns
		if s.Name == SheetSettings {
			cols = SettingsKeys()
		}
		for j, c := range cols {
			colIdx[[2]string{s.Name, c}] = j + 1 // "" (whole row) sorts first
		}
	}
	slices.SortStableFunc(v.problems, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(sheetIdx[a.Sheet], sheetIdx[b.Sheet]),
			cmp.Compare(a.Row, b.Row),
			cmp.Compare(colIdx[[2]string{a.Sheet, a.Column}], colIdx[[2]string{b.Sheet, b.Column}]),
		)
	})
}

// IsCountry reports whether s looks like an ISO 3166-1 alpha-2 code: two upper-case
// ASCII letters.
func IsCountry(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

func (v *validator) country(sheet string, row int, col, s string) {
	if s == "" {
		v.add(sheet, row, col, pbMissingCountry)
	} else if !IsCountry(s) {
		v.add(sheet, row, col, pbBadCountry, pQuote(s))
	}
}

// currency checks an ISO code that prices something: it needs an fx row unless it is
// the base currency.
func (v *validator) currency(sheet string, row int, col, s string) {
	switch {
	case s == "":
		v.add(sheet, row, col, pbMissingCurrency)
	case CheckCurrency(s) != nil:
		v.add(sheet, row, col, pbBadCurrency, pQuote(s))
	case s != v.rb.Settings.BaseCurrency && !v.fx[s]:
		v.add(sheet, row, col, pbNoFX, pText(s), pText(v.rb.Settings.BaseCurrency))
	}
}

func (v *validator) id(sheet string, row int, col, s string, seen map[string]bool) {
	if s == "" {
		v.add(sheet, row, col, pbMissingColumn, pText(col))
		return
	}
	if s != strings.TrimSpace(s) {
		v.add(sheet, row, col, pbSpaces, pText(col), pQuote(s))
	}
	if seen[s] {
		v.add(sheet, row, col, pbDuplicateID, pText(col), pQuote(s))
		return
	}
	seen[s] = true
}

// datedOnce reports a row whose (code, valid_from) an earlier row of the sheet
// already has (FX rates, duty rules): atStart when valid_from is empty, dated
// otherwise.
func (v *validator) datedOnce(sheet string, row int, seen map[[2]any]bool, code string, from Date, atStart, dated problemID) {
	key := [2]any{code, from}
	switch {
	case !seen[key]:
		seen[key] = true
	case from == NoDate:
		v.add(sheet, row, "valid_from", atStart, pText(code))
	default:
		v.add(sheet, row, "valid_from", dated, pText(code), pDate(from))
	}
}

func (v *validator) nonNeg(sheet string, row int, col string, d Dec) {
	if d < 0 {
		v.add(sheet, row, col, pbNegative, pDec(d))
	}
}

func (v *validator) nonNegInt(sheet string, row int, col string, n int64) {
	if n < 0 {
		v.add(sheet, row, col, pbNegative, pInt(n))
	}
}

// deliveryService checks a warehouse's or lane's delivery_service reference.
func (v *validator) deliveryService(sheet string, row int, id string) {
	const col = "delivery_service"
	if id == "" {
		v.add(sheet, row, col, pbMissingColumn, pText(col))
		return
	}
	s := v.svc[id]
	if s == nil {
		v.add(sheet, row, col, pbUnknownService, pQuote(id))
		return
	}
	if s.Mode != ServiceLastMile && s.Mode != ServiceLocal {
		v.add(sheet, row, col, pbNotDelivery, pQuote(id), pText(s.Mode.String()))
	}
}

func (v *validator) settings() {
	st := v.rb.Settings
	if err := CheckCurrency(st.BaseCurrency); err != nil {
		v.add(SheetSettings, -1, KeyBaseCurrency, pbBadCurrency, pQuote(st.BaseCurrency))
	}
	if !IsCountry(st.OriginCountry) {
		v.add(SheetSettings, -1, KeyOriginCountry, pbBadCountry, pQuote(st.OriginCountry))
	}
	v.nonNegInt(SheetSettings, -1, KeyOriginHandlingDays, int64(st.OriginHandlingDays))
	v.nonNegInt(SheetSettings, -1, KeyPackagingG, st.PackagingG)
	v.nonNegInt(SheetSettings, -1, KeyCoverDays, int64(st.CoverDays))
	if st.CoverDays > MaxCoverDays {
		v.add(SheetSettings, -1, KeyCoverDays, pbTooLarge, pInt(MaxCoverDays), pInt(st.CoverDays))
	}
	for _, k := range []struct {
		key string
		d   Dec
		max bool
	}{{KeyCapitalCostPct, st.CapitalCostPct, true}, {KeyToleranceAbs, st.InvoiceToleranceAbs, false}, {KeyTolerancePct, st.InvoiceTolerancePct, true}} {
		v.nonNeg(SheetSettings, -1, k.key, k.d)
		if k.max && k.d > DecInt(MaxPct) {
			v.add(SheetSettings, -1, k.key, pbTooLarge, pInt(MaxPct), pDec(k.d))
		}
	}
}

func (v *validator) fxRows() {
	base := v.rb.Settings.BaseCurrency
	seen := map[[2]any]bool{}
	for i, r := range v.rb.FX {
		if r.Currency == "" {
			v.add(SheetFX, i, "currency", pbMissingCurrency)
		} else if CheckCurrency(r.Currency) != nil {
			v.add(SheetFX, i, "currency", pbBadCurrency, pQuote(r.Currency))
		} else {
			v.fx[r.Currency] = true
		}
		switch {
		case r.RateToBase <= 0:
			v.add(SheetFX, i, "rate_to_base", pbNotPositive, pDec(r.RateToBase))
		case r.Currency == base && r.RateToBase != DecInt(1):
			v.add(SheetFX, i, "rate_to_base", pbBaseRate, pText(base), pDec(r.RateToBase))
		}
		v.datedOnce(SheetFX, i, seen, r.Currency, r.ValidFrom, pbDuplicateFXStart, pbDuplicateFX)
	}
}

func (v *validator) services() {
	v.svc = map[string]*Service{}
	seen := map[string]bool{}
	for i := range v.rb.Services {
		s := &v.rb.Services[i]
		const sh = SheetServices
		v.id(sh, i, "service_id", s.ID, seen)
		if _, ok := v.svc[s.ID]; !ok && s.ID != "" {
			v.svc[s.ID] = s
		}
		if s.Mode < ServiceDirect || s.Mode > ServiceLocal {
			v.add(sh, i, "mode", pbServiceMode)
		}
		v.currency(sh, i, "currency", s.Currency)
		v.nonNegInt(sh, i, "divisor", s.Divisor)
		v.nonNeg(sh, i, "volumetric_ratio", s.VolumetricRatio)
		if s.IncrementG < 1 {
			v.add(sh, i, "increment_g", pbIncrement, pInt(s.IncrementG))
		}
		v.nonNegInt(sh, i, "min_charge_g", s.MinChargeG)
		v.nonNegInt(sh, i, "max_weight_g", s.MaxWeightG)
		v.nonNegInt(sh, i, "max_side_mm", s.MaxSideMM)
		v.nonNegInt(sh, i, "transit_min_days", int64(s.TransitMinDays))
		if s.TransitMaxDays < 0 {
			v.nonNegInt(sh, i, "transit_max_days", int64(s.TransitMaxDays))
		} else if s.TransitMaxDays < s.TransitMinDays {
			v.add(sh, i, "transit_max_days", pbTransitOrder, pInt(s.TransitMaxDays), pInt(s.TransitMinDays))
		}
		v.nonNeg(sh, i, "fuel_pct", s.FuelPct)
		for _, c := range s.ForbiddenCategories {
			if c == "" || c != strings.TrimSpace(c) {
				v.add(sh, i, "forbidden_categories", pbCategorySpaces, pQuote(c))
			}
		}
	}
}

// service checks a service_id reference and returns the service (nil if unknown).
func (v *validator) service(sheet string, row int, id string) *Service {
	if id == "" {
		v.add(sheet, row, "service_id", pbMissingColumn, pText("service_id"))
		return nil
	}
	s := v.svc[id]
	if s == nil {
		v.add(sheet, row, "service_id", pbUnknownService, pQuote(id))
	}
	return s
}

func (v *validator) zones() {
	v.zoneSet = map[[2]string]bool{}
	seen := map[[3]string]bool{}
	for i, z := range v.rb.Zones {
		const sh = SheetZones
		v.service(sh, i, z.ServiceID)
		v.country(sh, i, "country", z.Country)
		if z.Zone == "" {
			v.add(sh, i, "zone", pbMissingZone)
		}
		v.zoneSet[[2]string{z.ServiceID, z.Zone}] = true
		key := [3]string{z.ServiceID, z.Country, NormalizePostal(z.PostalPrefix)}
		if seen[key] {
			where := z.Country
			if key[2] != "" {
				where += " " + key[2]
			}
			v.add(sh, i, "postal_prefix", pbDuplicateZone, pText(z.ServiceID), pText(where))
		} else {
			seen[key] = true
		}
	}
}

func (v *validator) rates() {
	type band struct {
		row        int
		from, to   int64
		service, z string
	}
	groups := map[[2]string][]band{}
	var order [][2]string
	for i, r := range v.rb.Rates {
		const sh = SheetRates
		known := v.service(sh, i, r.ServiceID) != nil
		switch {
		case r.Zone == "":
			v.add(sh, i, "zone", pbMissingZone)
		case known && !v.zoneSet[[2]string{r.ServiceID, r.Zone}]:
			v.add(sh, i, "zone", pbZoneNotInZones, pQuote(r.Zone), pText(r.ServiceID))
		}
		v.nonNegInt(sh, i, "from_g", r.FromG)
		badTo := false
		if r.ToG < 0 {
			v.nonNegInt(sh, i, "to_g", r.ToG)
			badTo = true
		} else if r.ToG != 0 && r.ToG <= r.FromG {
			v.add(sh, i, "to_g", pbToNotAboveFrom, pInt(r.ToG), pInt(r.FromG))
			badTo = true
		}
		v.nonNeg(sh, i, "fixed", r.Fixed)
		v.nonNeg(sh, i, "per_kg", r.PerKg)
		if badTo || r.FromG < 0 {
			continue
		}
		key := [2]string{r.ServiceID, r.Zone}
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], band{i, r.FromG, r.ToG, r.ServiceID, r.Zone})
	}
	show := func(b band) Arg {
		s := problemOf(pbBand, pInt(b.from), pInt(b.to))
		if b.to == 0 {
			s = problemOf(pbBandUnbounded, pInt(b.from))
		}
		return Arg{Inner: &s}
	}
	for _, key := range order {
		bands := groups[key]
		slices.SortStableFunc(bands, func(a, b band) int { return cmp.Compare(a.from, b.from) })
		for j := 1; j < len(bands); j++ {
			prev, cur := bands[j-1], bands[j]
			switch {
			case prev.to == 0:
				v.add(SheetRates, prev.row, "to_g", pbUnboundedNotLast, show(prev), pText(key[0]), pText(key[1]), show(cur))
			case cur.from < prev.to:
				v.add(SheetRates, cur.row, "from_g", pbBandOverlap, show(cur), pText(key[0]), pText(key[1]), show(prev))
			case cur.from > prev.to:
				v.add(SheetRates, cur.row, "from_g", pbBandGap, show(cur), pText(key[0]), pText(key[1]), show(prev), pInt(prev.to))
			}
		}
	}
}

func (v *validator) surcharges() {
	for i, s := range v.rb.Surcharges {
		const sh = SheetSurcharges
		v.service(sh, i, s.ServiceID)
		if s.Kind < Remote || s.Kind > Peak {
			v.add(sh, i, "kind", pbSurchargeKind)
		}
		if s.Country != "" && !IsCountry(s.Country) {
			v.add(sh, i, "country", pbBadCountry, pQuote(s.Country))
		}
		if s.FromDate != NoDate && s.ToDate != NoDate && s.ToDate < s.FromDate {
			v.add(sh, i, "to_date", pbDateOrder, pDate(s.ToDate), pDate(s.FromDate))
		}
		v.nonNegInt(sh, i, "min_side_mm", s.MinSideMM)
		v.nonNeg(sh, i, "fixed", s.Fixed)
		v.nonNeg(sh, i, "per_kg", s.PerKg)
		v.nonNeg(sh, i, "min", s.Min)
		v.nonNeg(sh, i, "pct", s.Pct)
	}
}

func (v *validator) warehouses() {
	v.whs = map[string]bool{}
	seen := map[string]bool{}
	for i, w := range v.rb.Warehouses {
		const sh = SheetWarehouses
		v.id(sh, i, "warehouse_id", w.ID, seen)
		v.whs[w.ID] = true
		if w.Kind < Overseas || w.Kind > Forward {
			v.add(sh, i, "kind", pbWarehouseKind)
		}
		v.country(sh, i, "country", w.Country)
		for _, e := range w.Serves {
			cc, prefix, hasPrefix := strings.Cut(e, ":")
			switch {
			case !IsCountry(cc):
				v.add(sh, i, "serves", pbServesEntry, pQuote(e))
			case hasPrefix && (prefix == "" || prefix != NormalizePostal(prefix)):
				v.add(sh, i, "serves", pbServesPrefix, pQuote(e))
			}
		}
		v.currency(sh, i, "currency", w.Currency)
		v.nonNeg(sh, i, "pick_per_order", w.PickPerOrder)
		v.nonNeg(sh, i, "pick_per_extra_unit", w.PickPerExtraUnit)
		v.nonNeg(sh, i, "storage_per_m3_day", w.StoragePerM3Day)
		v.nonNegInt(sh, i, "days_in_stock", int64(w.DaysInStock))
		v.nonNeg(sh, i, "headhaul_per_kg", w.HeadhaulPerKg)
		v.nonNegInt(sh, i, "handling_days", int64(w.HandlingDays))
		v.deliveryService(sh, i, w.DeliveryService)
		v.nonNeg(sh, i, "cold_chain_fee", w.ColdChainFee)
	}
}

func (v *validator) lanes() {
	v.laneIDs = map[string]bool{}
	seen := map[string]bool{}
	hasZero := map[string]bool{}
	for _, t := range v.rb.Tiers {
		if t.FromKg == 0 {
			hasZero[t.LaneID] = true
		}
	}
	for i, l := range v.rb.Lanes {
		const sh = SheetConsolidation
		v.id(sh, i, "lane_id", l.ID, seen)
		v.laneIDs[l.ID] = true
		v.country(sh, i, "destination", l.Destination)
		v.currency(sh, i, "currency", l.Currency)
		v.nonNeg(sh, i, "first_mile_per_parcel", l.FirstMilePerParcel)
		if len(l.DepartureWeekdays) == 0 {
			v.add(sh, i, "departure_weekdays", pbNoWeekday)
		}
		for _, d := range l.DepartureWeekdays {
			if d < time.Sunday || d > time.Saturday {
				v.add(sh, i, "departure_weekdays", pbBadWeekday, pInt(int(d)))
			}
		}
		v.nonNegInt(sh, i, "hub_cutoff_days", int64(l.HubCutoffDays))
		v.nonNegInt(sh, i, "linehaul_days", int64(l.LinehaulDays))
		v.nonNeg(sh, i, "dest_handling_per_parcel", l.DestHandlingPerParcel)
		v.nonNegInt(sh, i, "dest_handling_days", int64(l.DestHandlingDays))
		v.deliveryService(sh, i, l.DeliveryService)
		if l.Allocation < ByChargeable || l.Allocation > ByValue {
			v.add(sh, i, "allocation", pbAllocation)
		}
		v.nonNegInt(sh, i, "divisor", l.Divisor)
		if l.ID != "" && !hasZero[l.ID] {
			v.add(sh, i, "", pbNoZeroTier, pText(l.ID))
		}
	}
}

func (v *validator) tiers() {
	seen := map[[2]any]bool{}
	for i, t := range v.rb.Tiers {
		const sh = SheetTiers
		switch {
		case t.LaneID == "":
			v.add(sh, i, "lane_id", pbMissingColumn, pText("lane_id"))
		case !v.laneIDs[t.LaneID]:
			v.add(sh, i, "lane_id", pbUnknownLane, pQuote(t.LaneID))
		}
		v.nonNeg(sh, i, "from_kg", t.FromKg)
		v.nonNeg(sh, i, "per_kg", t.PerKg)
		v.nonNeg(sh, i, "min_batch_charge", t.MinBatchCharge)
		key := [2]any{t.LaneID, t.FromKg}
		if seen[key] {
			v.add(sh, i, "from_kg", pbDuplicateTier, pText(t.LaneID), pDec(t.FromKg))
		} else {
			seen[key] = true
		}
	}
}

func (v *validator) duties() {
	seen := map[[2]any]bool{}
	for i, d := range v.rb.Duties {
		const sh = SheetDuties
		v.country(sh, i, "country", d.Country)
		v.datedOnce(sh, i, seen, d.Country, d.ValidFrom, pbDuplicateDutiesStart, pbDuplicateDuties)
		v.currency(sh, i, "currency", d.Currency)
		v.nonNeg(sh, i, "duty_free_threshold", d.DutyFreeThreshold)
		v.nonNeg(sh, i, "duty_rate_pct", d.DutyRatePct)
		v.nonNeg(sh, i, "flat_duty_per_line", d.FlatDutyPerLine)
		if d.Valuation != CIF && d.Valuation != FOB {
			v.add(sh, i, "valuation", pbValuation)
		}
		v.nonNeg(sh, i, "clearance_fee_per_parcel", d.ClearanceFeePerParcel)
	}
}

func (v *validator) compliance() {
	seen := map[[2]string]bool{}
	for i, r := range v.rb.Compliance {
		const sh = SheetCompliance
		if r.Country != "*" {
			v.country(sh, i, "country", r.Country)
		}
		if r.Category == "" {
			v.add(sh, i, "category", pbMissingCategory)
		}
		key := [2]string{r.Country, r.Category}
		if seen[key] {
			v.add(sh, i, "category", pbDuplicateRule, pText(r.Category), pText(r.Country))
		} else {
			seen[key] = true
		}
		for _, m := range r.AllowedModes {
			if m < ModeWarehouse || m > ModeDirect {
				v.add(sh, i, "allowed_modes", pbUnknownMode, pInt(m))
			}
		}
	}
}

func (v *validator) products() {
	v.skus = map[string]bool{}
	seen := map[string]bool{}
	for i, p := range v.rb.Products {
		const sh = SheetProducts
		v.id(sh, i, "sku", p.SKU, seen)
		v.skus[p.SKU] = true
		v.nonNegInt(sh, i, "weight_g", p.WeightG)
		v.nonNegInt(sh, i, "length_mm", p.LengthMM)
		v.nonNegInt(sh, i, "width_mm", p.WidthMM)
		v.nonNegInt(sh, i, "height_mm", p.HeightMM)
		v.nonNeg(sh, i, "unit_cost", p.UnitCost)
		if p.Currency != "" || p.UnitCost != 0 {
			v.currency(sh, i, "currency", p.Currency)
		}
	}
}

func (v *validator) stock() {
	seen := map[[2]string]bool{}
	for i, s := range v.rb.Stock {
		const sh = SheetStock
		switch {
		case s.WarehouseID == "":
			v.add(sh, i, "warehouse_id", pbMissingColumn, pText("warehouse_id"))
		case !v.whs[s.WarehouseID]:
			v.add(sh, i, "warehouse_id", pbUnknownWarehouse, pQuote(s.WarehouseID))
		}
		switch {
		case s.SKU == "":
			v.add(sh, i, "sku", pbMissingColumn, pText("sku"))
		case !v.skus[s.SKU]:
			v.add(sh, i, "sku", pbUnknownSKU, pQuote(s.SKU))
		}
		v.nonNegInt(sh, i, "on_hand", s.OnHand)
		key := [2]string{s.WarehouseID, s.SKU}
		if seen[key] {
			v.add(sh, i, "sku", pbDuplicateStock, pText(s.SKU), pText(s.WarehouseID))
		} else {
			seen[key] = true
		}
	}
}
