package reports

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// RateBookTitle is the title property of the rate-book workbook.
const RateBookTitle = "Shipmode rate book"

// rbKind is how a rate-book column is written and formatted.
type rbKind uint8

const (
	rbText   rbKind = iota + 1 // a text cell; the column is formatted "@" so typed codes stay text
	rbNumber                   // a numeric cell holding the exact decimal
	rbDate                     // a date serial formatted yyyy-mm-dd
)

// rbCol is one column of a rate-book sheet: its SPEC §4 name, how it is written, the
// comment on its header cell, and whether a zero is left empty (where empty means
// the same and reads better: no limit, unbounded, not used by this row's kind).
type rbCol struct {
	name     string
	kind     rbKind
	omitZero bool
	comment  string
}

// rbSheet is a sheet's columns and its rows, one value per column: string (text),
// logistics.Dec or int64 (number), logistics.Date (date).
type rbSheet struct {
	name string
	cols []rbCol
	rows [][]any
}

// WriteRateBook writes rb as the rate-book workbook of SPEC §4: the 13 sheets in
// order, each with its columns in order, a bold frozen header row whose every cell
// carries a comment explaining the column (units, default, what empty means), ids,
// postal prefixes and HS codes as text cells, numbers as numeric cells holding the
// exact decimal (so Excel displays the same decimal), dates as date cells formatted
// yyyy-mm-dd. A number with more than the 15 significant digits Excel keeps is
// written as text, which ingest.RateBook reads back exactly.
func WriteRateBook(w io.Writer, rb logistics.RateBook) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newRBStyles(f)
	if err != nil {
		return fmt.Errorf("write rate book: %w", err)
	}
	for i, sh := range rateBookSheets(rb) {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), sh.name)
		} else {
			_, err = f.NewSheet(sh.name)
		}
		if err == nil {
			err = writeRBSheet(f, st, sh)
		}
		if err == nil && sh.name == logistics.SheetSettings {
			err = commentSettingKeys(f)
		}
		if err != nil {
			return fmt.Errorf("write rate book sheet %s: %w", sh.name, err)
		}
	}
	f.SetActiveSheet(0)
	now := time.Now().UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          RateBookTitle,
		Subject:        "Every cost assumption Shipmode prices orders with",
		Description:    "Sheets and columns as in the Shipmode specification; hover a header cell for its meaning.",
		Creator:        "Shipmode",
		LastModifiedBy: "Shipmode",
		Category:       "rate book",
		Created:        now,
		Modified:       now,
		Language:       "en",
	}); err != nil {
		return fmt.Errorf("write rate book properties: %w", err)
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "Shipmode"}); err != nil {
		return fmt.Errorf("write rate book properties: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write rate book: %w", err)
	}
	return nil
}

type rbStyles struct{ header, text, number, date int }

func newRBStyles(f *excelize.File) (rbStyles, error) {
	var s rbStyles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		NumFmt:    49,
		Alignment: &excelize.Alignment{Vertical: "center"},
	}); err != nil {
		return s, err
	}
	if s.text, err = f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil {
		return s, err
	}
	if s.number, err = f.NewStyle(&excelize.Style{NumFmt: 0}); err != nil {
		return s, err
	}
	dateFmt := "yyyy-mm-dd"
	s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	return s, err
}

func (s rbStyles) of(k rbKind) int {
	switch k {
	case rbText:
		return s.text
	case rbDate:
		return s.date
	}
	return s.number
}

func writeRBSheet(f *excelize.File, st rbStyles, sh rbSheet) error {
	widths := make([]int, len(sh.cols))
	for j, c := range sh.cols {
		col := rbColName(j + 1)
		if err := f.SetColStyle(sh.name, col, st.of(c.kind)); err != nil {
			return err
		}
		widths[j] = utf8.RuneCountInString(c.name)
	}
	for j, c := range sh.cols {
		ref := rbCell(j+1, 1)
		if err := f.SetCellStr(sh.name, ref, c.name); err != nil {
			return err
		}
		if err := f.AddComment(sh.name, excelize.Comment{
			Cell: ref, Author: "Shipmode", Width: 320, Height: 110,
			Paragraph: []excelize.RichTextRun{
				{Text: c.name + "\n", Font: &excelize.Font{Bold: true}},
				{Text: c.comment},
			},
		}); err != nil {
			return err
		}
	}
	last := rbCell(len(sh.cols), 1)
	if err := f.SetCellStyle(sh.name, "A1", last, st.header); err != nil {
		return err
	}
	for i, row := range sh.rows {
		for j, v := range row {
			text, err := writeRBCell(f, st, sh.name, rbCell(j+1, i+2), sh.cols[j], v)
			if err != nil {
				return err
			}
			widths[j] = max(widths[j], utf8.RuneCountInString(text))
		}
	}
	for j, w := range widths {
		col := rbColName(j + 1)
		if err := f.SetColWidth(sh.name, col, col, float64(min(max(w, 6), 60))+2.5); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sh.name, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	if len(sh.rows) > 0 {
		return f.AutoFilter(sh.name, "A1:"+rbCell(len(sh.cols), len(sh.rows)+1), nil)
	}
	return nil
}

// writeRBCell writes one value and returns the text it shows (for the width).
func writeRBCell(f *excelize.File, st rbStyles, sheet, ref string, c rbCol, v any) (string, error) {
	var text string
	switch v := v.(type) {
	case string:
		if v == "" {
			return "", nil
		}
		return v, f.SetCellStr(sheet, ref, v)
	case logistics.Date:
		if v == logistics.NoDate {
			return "", nil
		}
		text = v.String()
		if v < logistics.DateOf(1900, time.March, 1) {
			// Before 1900-03-01 Excel's serials are off by its 1900 leap-day bug: ISO text
			// reads back the same.
			return text, f.SetCellStr(sheet, ref, text)
		}
		if err := f.SetCellDefault(sheet, ref, strconv.FormatInt(int64(v)+25569, 10)); err != nil {
			return "", err
		}
		return text, f.SetCellStyle(sheet, ref, ref, st.date)
	case logistics.Dec:
		if v == 0 && c.omitZero {
			return "", nil
		}
		text = v.String()
	case int64:
		if v == 0 && c.omitZero {
			return "", nil
		}
		text = strconv.FormatInt(v, 10)
	default:
		return "", fmt.Errorf("cell %s: unexpected value %T", ref, v)
	}
	if rbSignificant(text) > 15 {
		return text, f.SetCellStr(sheet, ref, text)
	}
	return text, f.SetCellDefault(sheet, ref, text)
}

// rbSignificant counts the significant digits of a plain decimal.
func rbSignificant(s string) int {
	digits := strings.TrimLeft(strings.ReplaceAll(strings.TrimPrefix(s, "-"), ".", ""), "0")
	if strings.Contains(s, ".") {
		return len(digits)
	}
	return len(strings.TrimRight(digits, "0"))
}

func rbColName(col int) string {
	s, _ := excelize.ColumnNumberToName(col)
	return s
}

func rbCell(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

var rbSettingComments = map[string]string{
	logistics.KeyBaseCurrency:       "ISO 4217 currency every total and report is in; its fx rate is 1. Default USD.",
	logistics.KeyOriginCountry:      "ISO 3166-1 alpha-2 country the goods ship from. Default CN.",
	logistics.KeyOriginHandlingDays: "Whole days from the order to the hand-over at the origin (direct mail and consolidation). Default 1.",
	logistics.KeyPackagingG:         "Grams of packaging added to every parcel's actual weight. Default 0.",
	logistics.KeyCoverDays:          "Scenarios: whole days of demand the stock placed in a warehouse must cover (1 to 3650). Empty or 0 = 30.",
	logistics.KeyCapitalCostPct:     "Scenarios: yearly cost of the capital tied in stock, in percent (25 = 25 % a year). Default 25.",
	logistics.KeyToleranceAbs:       "Reconciliation: a bill within this amount of the plan, in the base currency, is not over or under. Default 0.50.",
	logistics.KeyTolerancePct:       "Reconciliation: a bill within this percent of the planned cost is not over or under; the larger of the two tolerances counts. Default 2.",
}

// commentSettingKeys explains each setting on its key cell too.
func commentSettingKeys(f *excelize.File) error {
	for i, key := range logistics.SettingsKeys() {
		if err := f.AddComment(logistics.SheetSettings, excelize.Comment{
			Cell: rbCell(1, i+2), Author: "Shipmode", Width: 320, Height: 80,
			Paragraph: []excelize.RichTextRun{
				{Text: key + "\n", Font: &excelize.Font{Bold: true}},
				{Text: rbSettingComments[key]},
			},
		}); err != nil {
			return err
		}
	}
	return nil
}

func rbWhole[N int | int64](n N) int64 { return int64(n) }

func rbJoin[E any](items []E, name func(E) string) string {
	parts := make([]string, len(items))
	for i, e := range items {
		parts[i] = name(e)
	}
	return strings.Join(parts, ",")
}

// rateBookSheets lays rb out sheet by sheet, in SPEC §4 order.
func rateBookSheets(rb logistics.RateBook) []rbSheet {
	const (
		money  = "Exact decimal in the row's currency. Empty = 0."
		anySvc = "Service id (services sheet)."
	)
	st := rb.Settings
	sheets := []rbSheet{
		{name: logistics.SheetSettings, cols: []rbCol{
			{"key", rbText, false, "Setting name: base_currency, origin_country, origin_handling_days, packaging_g, cover_days, capital_cost_pct, invoice_tolerance_abs or invoice_tolerance_pct. A missing row keeps its default."},
			{"value", rbNumber, false, "The setting's value: a currency code, a country code, a whole number or a decimal. Empty = the default (USD, CN, 1, 0, 30, 25, 0.50, 2)."},
		}, rows: [][]any{
			{logistics.KeyBaseCurrency, st.BaseCurrency},
			{logistics.KeyOriginCountry, st.OriginCountry},
			{logistics.KeyOriginHandlingDays, rbWhole(st.OriginHandlingDays)},
			{logistics.KeyPackagingG, st.PackagingG},
			{logistics.KeyCoverDays, rbWhole(st.CoverDays)},
			{logistics.KeyCapitalCostPct, st.CapitalCostPct},
			{logistics.KeyToleranceAbs, st.InvoiceToleranceAbs},
			{logistics.KeyTolerancePct, st.InvoiceTolerancePct},
		}},
		{name: logistics.SheetFX, cols: []rbCol{
			{"currency", rbText, false, "ISO 4217 code (CNY). Every currency the book prices in needs a row, except the base currency."},
			{"rate_to_base", rbNumber, false, "Units of base currency per 1 unit of this currency, an exact decimal (0.1232)."},
			{"valid_from", rbDate, false, "Date (yyyy-mm-dd) from which the rate applies; an order uses the latest valid_from on or before its date. Empty = since always."},
		}},
		{name: logistics.SheetServices, cols: []rbCol{
			{"service_id", rbText, false, "Unique id of the carrier service; zones, rates, surcharges, warehouses and lanes refer to it."},
			{"mode", rbText, false, "direct (from the origin), last_mile (delivers for an overseas warehouse or a lane) or local (same/next day from a forward warehouse)."},
			{"carrier", rbText, false, "Carrier name, shown to users."},
			{"name", rbText, false, "Service name, shown to users."},
			{"currency", rbText, false, "ISO 4217 currency of this service's rates and surcharges."},
			{"divisor", rbNumber, false, "Volumetric divisor in cm³ per kg (5000), a whole number. Empty or 0 = no volumetric weight."},
			{"volumetric_ratio", rbNumber, false, "Volumetric weight counts only when it is at least this many times the actual weight. Empty = 1."},
			{"increment_g", rbNumber, false, "Chargeable weight is rounded up to a multiple of this many grams. Empty = 1."},
			{"min_charge_g", rbNumber, false, "Minimum chargeable weight in grams. Empty = 0."},
			{"max_weight_g", rbNumber, true, "Heaviest actual weight accepted, in grams (equal is allowed). Empty = no limit."},
			{"max_side_mm", rbNumber, true, "Longest side accepted, in millimetres (equal is allowed). Empty = no limit."},
			{"transit_min_days", rbNumber, false, "Fastest transit in whole days (for information)."},
			{"transit_max_days", rbNumber, false, "Transit in whole days used for delivery promises; not below transit_min_days."},
			{"fuel_pct", rbNumber, true, "Fuel surcharge in percent of freight + remote + oversize (24.5 = 24.5 %). Empty = 0."},
			{"forbidden_categories", rbText, false, "Comma-separated product categories the service refuses (battery,liquid). Empty = none."},
		}},
		{name: logistics.SheetZones, cols: []rbCol{
			{"service_id", rbText, false, anySvc},
			{"country", rbText, false, "Destination country, ISO 3166-1 alpha-2 (FR)."},
			{"postal_prefix", rbText, false, "Postal-code prefix, text in upper case without spaces; the longest match wins over the country row. Empty = the whole country."},
			{"zone", rbText, false, "Zone name; the rates sheet prices it."},
		}},
		{name: logistics.SheetRates, cols: []rbCol{
			{"service_id", rbText, false, anySvc},
			{"zone", rbText, false, "Zone of that service (zones sheet)."},
			{"from_g", rbNumber, false, "Band start in grams, exclusive: the band takes chargeable weights above it. Bands of a zone chain: each from_g is the previous to_g. Empty = 0."},
			{"to_g", rbNumber, true, "Band end in grams, inclusive. Empty = unbounded (the last band only)."},
			{"fixed", rbNumber, false, "Price of the band in the service currency. " + money},
			{"per_kg", rbNumber, false, "Price per chargeable kg, added to fixed, in the service currency. Empty = 0."},
		}},
		{name: logistics.SheetSurcharges, cols: []rbCol{
			{"service_id", rbText, false, anySvc},
			{"kind", rbText, false, "remote (by postal prefix), oversize (by longest side) or peak (by order date). At most one row of each kind applies."},
			{"country", rbText, false, "ISO country it applies to. Empty = every country."},
			{"postal_prefix", rbText, false, "remote only: postal-code prefix (text); the longest match wins. Empty = the whole country."},
			{"from_date", rbDate, false, "peak only: first day (yyyy-mm-dd), included. Empty = open."},
			{"to_date", rbDate, false, "peak only: last day, included. Empty = open."},
			{"min_side_mm", rbNumber, true, "oversize only: applies when the longest side is at least this many mm; the highest matching row wins."},
			{"fixed", rbNumber, true, "Fixed amount in the service currency. Empty = 0."},
			{"per_kg", rbNumber, true, "Amount per chargeable kg in the service currency. Empty = 0."},
			{"min", rbNumber, true, "Minimum of the surcharge in the service currency. Empty = 0."},
			{"pct", rbNumber, true, "Percent of the rounded freight (8 = 8 %). Empty = 0."},
		}},
		{name: logistics.SheetWarehouses, cols: []rbCol{
			{"warehouse_id", rbText, false, "Unique id of the warehouse; the stock sheet refers to it."},
			{"kind", rbText, false, "overseas (warehouse mode) or forward (local mode, same/next day)."},
			{"country", rbText, false, "ISO country the warehouse is in; its duties row gives the bulk duty."},
			{"serves", rbText, false, "Comma-separated destinations: countries (PL,CZ) or country:postal prefix (FR:75)."},
			{"currency", rbText, false, "ISO 4217 currency of the fees below."},
			{"pick_per_order", rbNumber, false, "Pick and pack fee per order. " + money},
			{"pick_per_extra_unit", rbNumber, false, "Fee per unit after the first. " + money},
			{"storage_per_m3_day", rbNumber, false, "Storage per cubic metre of units per day. " + money},
			{"days_in_stock", rbNumber, false, "Whole days a unit stays in stock before it sells (storage = rate × m³ × days)."},
			{"headhaul_per_kg", rbNumber, false, "Cost of bringing stock to the warehouse per kg of units. " + money},
			{"handling_days", rbNumber, false, "Whole days from the order to the hand-over to the delivery service."},
			{"delivery_service", rbText, false, "Service (last_mile or local) that delivers from this warehouse."},
			{"cold_chain_fee", rbNumber, true, "Fee per order holding fresh_food or medical goods. Empty = 0."},
		}},
		{name: logistics.SheetConsolidation, cols: []rbCol{
			{"lane_id", rbText, false, "Unique id of the line-haul lane; linehaul_tiers refers to it."},
			{"destination", rbText, false, "ISO country the lane delivers to."},
			{"currency", rbText, false, "ISO 4217 currency of the lane's fees and tiers."},
			{"first_mile_per_parcel", rbNumber, false, "Fee per parcel to reach the origin hub. " + money},
			{"departure_weekdays", rbText, false, "Comma-separated English three-letter weekday names of the departures (Tue,Fri)."},
			{"hub_cutoff_days", rbNumber, false, "Whole days a parcel must be at the hub before a departure."},
			{"linehaul_days", rbNumber, false, "Whole days from departure to arrival in the destination."},
			{"dest_handling_per_parcel", rbNumber, false, "Clearance and sorting fee per parcel at destination. " + money},
			{"dest_handling_days", rbNumber, false, "Whole days of handling at destination."},
			{"delivery_service", rbText, false, "Service (last_mile or local) that delivers the parcels."},
			{"allocation", rbText, false, "How a batch charge is shared: chargeable (weight), volume or value. Empty = chargeable."},
			{"divisor", rbNumber, false, "Lane volumetric divisor in cm³ per kg. Empty or 0 = actual weight only."},
		}},
		{name: logistics.SheetTiers, cols: []rbCol{
			{"lane_id", rbText, false, "Lane id (consolidation sheet)."},
			{"from_kg", rbNumber, false, "Batch chargeable kg at which the tier starts; the highest tier at or below the batch kg applies. Every lane needs a tier from 0."},
			{"per_kg", rbNumber, false, "Price per batch kg in the lane currency."},
			{"min_batch_charge", rbNumber, true, "Minimum charge of a batch in the lane currency. Empty = 0."},
		}},
		{name: logistics.SheetDuties, cols: []rbCol{
			{"country", rbText, false, "Destination (or warehouse) country, ISO 3166-1 alpha-2."},
			{"valid_from", rbDate, false, "Date from which the row applies; the latest on or before the order date is used. Empty = since always."},
			{"currency", rbText, false, "ISO 4217 currency of the threshold and fees."},
			{"duty_free_threshold", rbNumber, false, "Goods value at or under which only the flat duty applies. " + money},
			{"duty_rate_pct", rbNumber, false, "Duty in percent of the customs value above the threshold (4.1 = 4.1 %); also the bulk duty on the unit cost of stock. Empty = 0."},
			{"flat_duty_per_line", rbNumber, true, "Duty per distinct HS code at or under the threshold. Empty = 0."},
			{"valuation", rbText, false, "CIF (goods value + freight) or FOB (goods value alone). Empty = CIF."},
			{"clearance_fee_per_parcel", rbNumber, true, "Clearance fee per parcel cleared on its own. Empty = 0."},
		}},
		{name: logistics.SheetCompliance, cols: []rbCol{
			{"country", rbText, false, "ISO country, or * for every country without its own row for the category."},
			{"category", rbText, false, "Product category, a free word matched exactly (fresh_food)."},
			{"allowed_modes", rbText, false, "Comma-separated modes the category may ship by: warehouse, local, consolidation, direct. Empty = none."},
			{"note", rbText, false, "The reason shown for a mode this rule forbids."},
		}},
		{name: logistics.SheetProducts, cols: []rbCol{
			{"sku", rbText, false, "Unique product id, text."},
			{"title", rbText, false, "Product name shown to users (free text)."},
			{"weight_g", rbNumber, false, "Weight of one unit in grams."},
			{"length_mm", rbNumber, false, "Length of one unit in millimetres."},
			{"width_mm", rbNumber, false, "Width of one unit in millimetres."},
			{"height_mm", rbNumber, false, "Height of one unit in millimetres."},
			{"category", rbText, false, "A free word: general, electronics, battery, liquid, cosmetics, apparel, fresh_food, medical …"},
			{"unit_cost", rbNumber, false, "Cost of one unit, for bulk duty and capital tied in stock. Empty = 0."},
			{"currency", rbText, false, "ISO 4217 currency of unit_cost."},
			{"hs_code", rbText, false, "Harmonized System code, text: leading zeros stay (0810.90)."},
		}},
		{name: logistics.SheetStock, cols: []rbCol{
			{"warehouse_id", rbText, false, "Warehouse id (warehouses sheet)."},
			{"sku", rbText, false, "Product sku (products sheet)."},
			{"on_hand", rbNumber, false, "Units on hand, a whole number."},
		}},
	}
	add := func(i int, row ...any) { sheets[i].rows = append(sheets[i].rows, row) }
	for _, r := range rb.FX {
		add(1, r.Currency, r.RateToBase, r.ValidFrom)
	}
	for _, s := range rb.Services {
		add(2, s.ID, s.Mode.String(), s.Carrier, s.Name, s.Currency, s.Divisor, s.VolumetricRatio, s.IncrementG,
			s.MinChargeG, s.MaxWeightG, s.MaxSideMM, rbWhole(s.TransitMinDays), rbWhole(s.TransitMaxDays), s.FuelPct,
			strings.Join(s.ForbiddenCategories, ","))
	}
	for _, z := range rb.Zones {
		add(3, z.ServiceID, z.Country, z.PostalPrefix, z.Zone)
	}
	for _, r := range rb.Rates {
		add(4, r.ServiceID, r.Zone, r.FromG, r.ToG, r.Fixed, r.PerKg)
	}
	for _, s := range rb.Surcharges {
		add(5, s.ServiceID, s.Kind.String(), s.Country, s.PostalPrefix, s.FromDate, s.ToDate, s.MinSideMM,
			s.Fixed, s.PerKg, s.Min, s.Pct)
	}
	for _, w := range rb.Warehouses {
		add(6, w.ID, w.Kind.String(), w.Country, strings.Join(w.Serves, ","), w.Currency, w.PickPerOrder,
			w.PickPerExtraUnit, w.StoragePerM3Day, rbWhole(w.DaysInStock), w.HeadhaulPerKg, rbWhole(w.HandlingDays),
			w.DeliveryService, w.ColdChainFee)
	}
	for _, l := range rb.Lanes {
		days := rbJoin(l.DepartureWeekdays, func(d time.Weekday) string { return d.String()[:3] })
		add(7, l.ID, l.Destination, l.Currency, l.FirstMilePerParcel, days, rbWhole(l.HubCutoffDays),
			rbWhole(l.LinehaulDays), l.DestHandlingPerParcel, rbWhole(l.DestHandlingDays), l.DeliveryService,
			l.Allocation.String(), l.Divisor)
	}
	for _, t := range rb.Tiers {
		add(8, t.LaneID, t.FromKg, t.PerKg, t.MinBatchCharge)
	}
	for _, d := range rb.Duties {
		add(9, d.Country, d.ValidFrom, d.Currency, d.DutyFreeThreshold, d.DutyRatePct, d.FlatDutyPerLine,
			d.Valuation.String(), d.ClearanceFeePerParcel)
	}
	for _, r := range rb.Compliance {
		add(10, r.Country, r.Category, rbJoin(r.AllowedModes, logistics.Mode.String), r.Note)
	}
	for _, p := range rb.Products {
		add(11, p.SKU, p.Title, p.WeightG, p.LengthMM, p.WidthMM, p.HeightMM, p.Category, p.UnitCost, p.Currency, p.HSCode)
	}
	for _, s := range rb.Stock {
		add(12, s.WarehouseID, s.SKU, s.OnHand)
	}
	return sheets
}
