package logistics

import (
	"encoding/json"
	"time"
)

// RateBook holds every assumption the engine prices with: one row type per sheet of
// the rate-book workbook (SPEC §4). Field comments give the sheet column. Absent
// limits are 0 and documented per field; absent dates are NoDate.
type RateBook struct {
	Settings   Settings
	FX         []FXRate
	Services   []Service
	Zones      []Zone
	Rates      []Rate
	Surcharges []Surcharge
	Warehouses []Warehouse
	Lanes      []Lane
	Tiers      []Tier
	Duties     []Duty
	Compliance []Rule
	Products   []Product
	Stock      []Stock
}

// Settings is the `settings` sheet.
type Settings struct {
	BaseCurrency       string // base_currency, default USD
	OriginCountry      string // origin_country, default CN
	OriginHandlingDays int    // origin_handling_days, default 1
	PackagingG         int64  // packaging_g, default 0: added to every parcel's actual weight
	// CoverDays is cover_days (SPEC §9), default 30: the days of demand the stock of
	// a scenario covers; 0 means the default.
	CoverDays int
	// CapitalCostPct is capital_cost_pct (SPEC §9), default 25: the yearly cost of
	// the capital tied in stock, in percent.
	CapitalCostPct Dec
	// InvoiceToleranceAbs and InvoiceTolerancePct are invoice_tolerance_abs (in the
	// base currency, default 0.50) and invoice_tolerance_pct (percent of planned,
	// default 2): the variance reconciliation lets pass (SPEC §8).
	InvoiceToleranceAbs Dec
	InvoiceTolerancePct Dec
}

// DefaultSettings are the settings of an empty `settings` sheet.
func DefaultSettings() Settings {
	t := DefaultTolerance()
	return Settings{BaseCurrency: "USD", OriginCountry: "CN", OriginHandlingDays: 1,
		CoverDays: DefaultCoverDays, CapitalCostPct: DecInt(DefaultCapitalCostPct),
		InvoiceToleranceAbs: t.Abs, InvoiceTolerancePct: t.Pct}
}

// Tolerance is the reconciliation tolerance the settings give.
func (s Settings) Tolerance() Tolerance {
	return Tolerance{Abs: s.InvoiceToleranceAbs, Pct: s.InvoiceTolerancePct}
}

// Scenario limits of the settings: larger values are refused (they mean nothing
// and would overflow the arithmetic).
const (
	MaxCoverDays = 3650 // ten years
	MaxPct       = 1000 // capital_cost_pct and invoice_tolerance_pct
)

// FXRate is a row of the `fx` sheet: units of base currency per 1 unit of Currency
// from ValidFrom on.
type FXRate struct {
	Currency   string // currency
	RateToBase Dec    // rate_to_base
	ValidFrom  Date   // valid_from
}

// Service is a row of the `services` sheet: one carrier service.
type Service struct {
	ID                  string      // service_id
	Mode                ServiceMode // mode
	Carrier             string      // carrier
	Name                string      // name
	Currency            string      // currency
	Divisor             int64       // divisor: cm³ per kg; 0 = no volumetric weight
	VolumetricRatio     Dec         // volumetric_ratio, default 1
	IncrementG          int64       // increment_g, default 1
	MinChargeG          int64       // min_charge_g
	MaxWeightG          int64       // max_weight_g; 0 = no limit
	MaxSideMM           int64       // max_side_mm; 0 = no limit
	TransitMinDays      int         // transit_min_days
	TransitMaxDays      int         // transit_max_days
	FuelPct             Dec         // fuel_pct, in percent (24.5 = 24.5 %)
	ForbiddenCategories []string    // forbidden_categories
}

// Zone is a row of the `zones` sheet. PostalPrefix is normalised (upper case, no
// spaces); empty means the whole country.
type Zone struct {
	ServiceID    string // service_id
	Country      string // country (ISO 3166-1 alpha-2)
	PostalPrefix string // postal_prefix
	Zone         string // zone
}

// Rate is a row of the `rates` sheet: the band FromG < chargeable g <= ToG.
type Rate struct {
	ServiceID string // service_id
	Zone      string // zone
	FromG     int64  // from_g (exclusive)
	ToG       int64  // to_g (inclusive); 0 = no upper bound
	Fixed     Dec    // fixed
	PerKg     Dec    // per_kg
}

// Surcharge is a row of the `surcharges` sheet.
type Surcharge struct {
	ServiceID    string        // service_id
	Kind         SurchargeKind // kind
	Country      string        // country; empty = everywhere
	PostalPrefix string        // postal_prefix (remote only); empty = whole country
	FromDate     Date          // from_date; NoDate = open
	ToDate       Date          // to_date; NoDate = open
	MinSideMM    int64         // min_side_mm (oversize)
	Fixed        Dec           // fixed
	PerKg        Dec           // per_kg
	Min          Dec           // min
	Pct          Dec           // pct, in percent of the rounded freight
}

// Warehouse is a row of the `warehouses` sheet: an overseas or forward warehouse.
type Warehouse struct {
	ID               string        // warehouse_id
	Kind             WarehouseKind // kind
	Country          string        // country
	Serves           []string      // serves: "CC" or "CC:PREFIX" entries, normalised
	Currency         string        // currency
	PickPerOrder     Dec           // pick_per_order
	PickPerExtraUnit Dec           // pick_per_extra_unit
	StoragePerM3Day  Dec           // storage_per_m3_day
	DaysInStock      int           // days_in_stock
	HeadhaulPerKg    Dec           // headhaul_per_kg
	HandlingDays     int           // handling_days
	DeliveryService  string        // delivery_service
	ColdChainFee     Dec           // cold_chain_fee
}

// Lane is a row of the `consolidation` sheet: a line-haul lane from the origin hub.
type Lane struct {
	ID                    string         // lane_id
	Destination           string         // destination country
	Currency              string         // currency
	FirstMilePerParcel    Dec            // first_mile_per_parcel
	DepartureWeekdays     []time.Weekday // departure_weekdays ("Tue,Fri")
	HubCutoffDays         int            // hub_cutoff_days
	LinehaulDays          int            // linehaul_days
	DestHandlingPerParcel Dec            // dest_handling_per_parcel
	DestHandlingDays      int            // dest_handling_days
	DeliveryService       string         // delivery_service
	Allocation            Allocation     // allocation, default chargeable
	Divisor               int64          // divisor: cm³ per kg; 0 = actual weight only
}

// Tier is a row of the `linehaul_tiers` sheet.
type Tier struct {
	LaneID         string // lane_id
	FromKg         Dec    // from_kg: batch chargeable kg at which the tier starts
	PerKg          Dec    // per_kg
	MinBatchCharge Dec    // min_batch_charge
}

// Duty is a row of the `duties` sheet.
type Duty struct {
	Country               string    // country
	ValidFrom             Date      // valid_from
	Currency              string    // currency
	DutyFreeThreshold     Dec       // duty_free_threshold
	DutyRatePct           Dec       // duty_rate_pct, in percent
	FlatDutyPerLine       Dec       // flat_duty_per_line
	Valuation             Valuation // valuation, default CIF
	ClearanceFeePerParcel Dec       // clearance_fee_per_parcel
}

// Rule is a row of the `compliance` sheet: Category may ship only by AllowedModes to
// Country ("*" = any country without its own row).
type Rule struct {
	Country      string // country or "*"
	Category     string // category
	AllowedModes []Mode // allowed_modes
	Note         string // note: the reason shown for a mode it forbids
}

// Product is a row of the `products` sheet (also imported on its own).
type Product struct {
	SKU      string // sku
	Title    string // title
	WeightG  int64  // weight_g
	LengthMM int64  // length_mm
	WidthMM  int64  // width_mm
	HeightMM int64  // height_mm
	Category string // category
	UnitCost Dec    // unit_cost
	Currency string // currency of unit_cost
	HSCode   string // hs_code (text: leading zeros kept)
}

// Stock is a row of the `stock` sheet: units on hand of a SKU in a warehouse.
type Stock struct {
	WarehouseID string // warehouse_id
	SKU         string // sku
	OnHand      int64  // on_hand
}

// BaseCurrency is the currency of every amount planned with rb: its base_currency
// setting, else the default.
func (rb *RateBook) BaseCurrency() string {
	if rb.Settings.BaseCurrency == "" {
		return DefaultSettings().BaseCurrency
	}
	return rb.Settings.BaseCurrency
}

// MarshalJSON writes the settings as encoding/json writes any struct, except that
// the settings added after the first stored rate books (cover_days,
// capital_cost_pct and the invoice tolerances) are left out while they hold their
// defaults: a rate book stored before they existed and the same book read again
// have the same content, so importing it again makes no new version. Decoding
// into DefaultSettings gives them back.
func (s Settings) MarshalJSON() ([]byte, error) {
	def := DefaultSettings()
	out := struct {
		BaseCurrency        string
		OriginCountry       string
		OriginHandlingDays  int
		PackagingG          int64
		CoverDays           *int `json:",omitempty"`
		CapitalCostPct      *Dec `json:",omitempty"`
		InvoiceToleranceAbs *Dec `json:",omitempty"`
		InvoiceTolerancePct *Dec `json:",omitempty"`
	}{BaseCurrency: s.BaseCurrency, OriginCountry: s.OriginCountry, OriginHandlingDays: s.OriginHandlingDays, PackagingG: s.PackagingG}
	if s.CoverDays != def.CoverDays {
		out.CoverDays = &s.CoverDays
	}
	if s.CapitalCostPct != def.CapitalCostPct {
		out.CapitalCostPct = &s.CapitalCostPct
	}
	if s.InvoiceToleranceAbs != def.InvoiceToleranceAbs {
		out.InvoiceToleranceAbs = &s.InvoiceToleranceAbs
	}
	if s.InvoiceTolerancePct != def.InvoiceTolerancePct {
		out.InvoiceTolerancePct = &s.InvoiceTolerancePct
	}
	return json.Marshal(out)
}
