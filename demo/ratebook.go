package demo

import (
	"fmt"
	"strings"
	"time"

	"shipmode/logistics"
)

// RateBook returns the demo rate book: a seller in Shenzhen (origin CN, base currency
// USD) selling to North America, Europe, Japan and Australia. Every call returns a
// fresh copy the caller may change. The values are realistic for 2025–2026 but made
// up; they are a starting point to edit, not a carrier's tariff.
func RateBook() logistics.RateBook {
	return logistics.RateBook{
		Settings: logistics.Settings{
			BaseCurrency:        "USD",
			OriginCountry:       "CN",
			OriginHandlingDays:  1,
			PackagingG:          40,
			CoverDays:           logistics.DefaultCoverDays,
			CapitalCostPct:      logistics.DecInt(logistics.DefaultCapitalCostPct),
			InvoiceToleranceAbs: logistics.DefaultTolerance().Abs,
			InvoiceTolerancePct: logistics.DefaultTolerance().Pct,
		},
		FX:         fxRates(),
		Services:   services(),
		Zones:      zones(),
		Rates:      rates(),
		Surcharges: surcharges(),
		Warehouses: warehouses(),
		Lanes:      lanes(),
		Tiers:      tiers(),
		Duties:     duties(),
		Compliance: compliance(),
		Products:   products(),
		Stock:      stock(),
	}
}

// fxRates is the `fx` sheet: US dollars per unit, valid from the date on. Every
// currency a service, warehouse, lane, duty row, product or demo order uses is here.
func fxRates() []logistics.FXRate {
	rows := []struct{ currency, rate, validFrom string }{
		{"USD", "1", "2024-01-01"},

		{"CNY", "0.1408", "2024-01-01"},
		{"CNY", "0.1370", "2025-01-01"},
		{"CNY", "0.1396", "2025-07-01"},
		{"CNY", "0.1418", "2026-01-01"},
		{"CNY", "0.1431", "2026-07-01"},

		{"EUR", "1.104", "2024-01-01"},
		{"EUR", "1.035", "2025-01-01"},
		{"EUR", "1.178", "2025-07-01"},
		{"EUR", "1.172", "2026-01-01"},
		{"EUR", "1.158", "2026-07-01"},

		{"GBP", "1.273", "2024-01-01"},
		{"GBP", "1.252", "2025-01-01"},
		{"GBP", "1.373", "2025-07-01"},
		{"GBP", "1.345", "2026-01-01"},
		{"GBP", "1.338", "2026-07-01"},

		{"PLN", "0.2540", "2024-01-01"},
		{"PLN", "0.2420", "2025-01-01"},
		{"PLN", "0.2770", "2025-07-01"},
		{"PLN", "0.2775", "2026-01-01"},
		{"PLN", "0.2742", "2026-07-01"},

		{"JPY", "0.00709", "2024-01-01"},
		{"JPY", "0.00636", "2025-01-01"},
		{"JPY", "0.00695", "2025-07-01"},
		{"JPY", "0.00641", "2026-01-01"},
		{"JPY", "0.00652", "2026-07-01"},

		{"AUD", "0.681", "2024-01-01"},
		{"AUD", "0.619", "2025-01-01"},
		{"AUD", "0.657", "2025-07-01"},
		{"AUD", "0.667", "2026-01-01"},
		{"AUD", "0.671", "2026-07-01"},

		{"CAD", "0.755", "2024-01-01"},
		{"CAD", "0.695", "2025-01-01"},
		{"CAD", "0.734", "2025-07-01"},
		{"CAD", "0.728", "2026-01-01"},
		{"CAD", "0.733", "2026-07-01"},

		// Order currencies only (Amazon.se, Shopify in Czechia).
		{"SEK", "0.0993", "2024-01-01"},
		{"SEK", "0.0905", "2025-01-01"},
		{"SEK", "0.1050", "2025-07-01"},
		{"SEK", "0.1085", "2026-01-01"},
		{"SEK", "0.1061", "2026-07-01"},

		{"CZK", "0.0447", "2024-01-01"},
		{"CZK", "0.0412", "2025-01-01"},
		{"CZK", "0.0476", "2025-07-01"},
		{"CZK", "0.0482", "2026-01-01"},
		{"CZK", "0.0474", "2026-07-01"},
	}
	out := make([]logistics.FXRate, len(rows))
	for i, r := range rows {
		out[i] = logistics.FXRate{Currency: r.currency, RateToBase: dec(r.rate), ValidFrom: date(r.validFrom)}
	}
	return out
}

// services is the `services` sheet: three direct services from China, one last-mile
// carrier per overseas warehouse or lane, and four same-day couriers.
func services() []logistics.Service {
	rows := []struct {
		id, mode, carrier, name, currency string
		divisor                           int64
		ratio                             string
		incrementG, minChargeG            int64
		maxWeightG, maxSideMM             int64
		transitMin, transitMax            int
		fuelPct, forbidden                string
	}{
		// id, mode, carrier, name, currency, divisor, volumetric_ratio, increment_g, min_charge_g, max_weight_g, max_side_mm, transit_min_days, transit_max_days, fuel_pct, forbidden_categories
		{"CP-ECO", "direct", "China Post", "Postal Economy Air (registered)", "CNY", 0, "1", 1, 50, 2000, 600, 12, 22, "", "battery,liquid"},
		{"YW-LINE", "direct", "Yanwen", "Special Line e-Packet", "CNY", 8000, "2", 50, 100, 20000, 1200, 6, 9, "3", "liquid"},
		{"DHL-EXP", "direct", "DHL Express", "Express Worldwide", "USD", 5000, "1", 500, 500, 70000, 3000, 2, 4, "24", ""},

		{"USPS-GA", "last_mile", "USPS", "Ground Advantage", "USD", 0, "1", 1, 0, 31750, 1500, 2, 5, "", ""},
		{"DHL-PAKET", "last_mile", "DHL", "DHL Paket (DE and neighbours)", "EUR", 0, "1", 1, 0, 31500, 1200, 1, 3, "", ""},
		{"COLISSIMO-FR", "last_mile", "La Poste", "Colissimo Domicile", "EUR", 0, "1", 1, 0, 30000, 1500, 1, 2, "", ""},
		{"RM-TRACKED48", "last_mile", "Royal Mail", "Tracked 48", "GBP", 0, "1", 1, 0, 20000, 610, 2, 3, "", ""},
		{"DPD-PL", "last_mile", "DPD Polska", "DPD Classic", "PLN", 0, "1", 1, 0, 31500, 1750, 1, 2, "", ""},
		{"YAMATO-JP", "last_mile", "Yamato Transport", "TA-Q-BIN", "JPY", 0, "1", 1, 0, 25000, 1700, 1, 2, "", ""},
		{"AUSPOST-PP", "last_mile", "Australia Post", "Parcel Post", "AUD", 4000, "1", 1, 0, 22000, 1050, 2, 6, "", ""},
		{"CP-EXPEDITED", "last_mile", "Canada Post", "Expedited Parcel", "CAD", 6000, "1", 1, 0, 30000, 2000, 1, 7, "15.25", ""},

		{"STUART-LDN", "local", "Stuart", "Same-day courier London", "GBP", 0, "1", 1, 0, 15000, 1000, 0, 1, "5", ""},
		{"STUART-PAR", "local", "Stuart", "Same-day courier Paris", "EUR", 0, "1", 1, 0, 20000, 1000, 0, 1, "6", "battery"},
		{"VEHO-LAX", "local", "Veho", "Same-day Los Angeles", "USD", 0, "1", 1, 0, 23000, 1200, 0, 1, "8", ""},
		{"YAMATO-TYO", "local", "Yamato Transport", "Same-day TA-Q-BIN Tokyo", "JPY", 0, "1", 1, 0, 25000, 1600, 0, 1, "", ""},
	}
	out := make([]logistics.Service, len(rows))
	for i, r := range rows {
		mode, err := logistics.ParseServiceMode(r.mode)
		if err != nil {
			panic(fmt.Sprintf("demo service %s: %v", r.id, err))
		}
		out[i] = logistics.Service{
			ID:                  r.id,
			Mode:                mode,
			Carrier:             r.carrier,
			Name:                r.name,
			Currency:            r.currency,
			Divisor:             r.divisor,
			VolumetricRatio:     dec(r.ratio),
			IncrementG:          r.incrementG,
			MinChargeG:          r.minChargeG,
			MaxWeightG:          r.maxWeightG,
			MaxSideMM:           r.maxSideMM,
			TransitMinDays:      r.transitMin,
			TransitMaxDays:      r.transitMax,
			FuelPct:             dec(r.fuelPct),
			ForbiddenCategories: list(r.forbidden),
		}
	}
	return out
}

// zones is the `zones` sheet. Postal prefixes carve out islands, remote regions and
// the same-day couriers' metro areas.
func zones() []logistics.Zone {
	rows := []struct{ service, country, prefix, zone string }{
		// service_id, country, postal_prefix, zone
		{"CP-ECO", "US", "", "US"},
		{"CP-ECO", "CA", "", "CA"},
		{"CP-ECO", "AU", "", "AU"},
		{"CP-ECO", "JP", "", "JP"},
		{"CP-ECO", "GB", "", "GB"},
		{"CP-ECO", "DE", "", "EU1"},
		{"CP-ECO", "FR", "", "EU1"},
		{"CP-ECO", "NL", "", "EU1"},
		{"CP-ECO", "BE", "", "EU1"},
		{"CP-ECO", "AT", "", "EU1"},
		{"CP-ECO", "IE", "", "EU1"},
		{"CP-ECO", "IT", "", "EU2"},
		{"CP-ECO", "ES", "", "EU2"},
		{"CP-ECO", "PL", "", "EU3"},
		{"CP-ECO", "CZ", "", "EU3"},
		{"CP-ECO", "SE", "", "NORD"},

		{"YW-LINE", "US", "", "US"},
		{"YW-LINE", "CA", "", "CA"},
		{"YW-LINE", "AU", "", "AU"},
		{"YW-LINE", "JP", "", "JP"},
		{"YW-LINE", "GB", "", "GB"},
		{"YW-LINE", "DE", "", "EU-W"},
		{"YW-LINE", "FR", "", "EU-W"},
		{"YW-LINE", "NL", "", "EU-W"},
		{"YW-LINE", "BE", "", "EU-W"},
		{"YW-LINE", "AT", "", "EU-W"},
		{"YW-LINE", "IE", "", "EU-W"},
		{"YW-LINE", "IT", "", "EU-S"},
		{"YW-LINE", "ES", "", "EU-S"},
		{"YW-LINE", "PL", "", "EU-E"},
		{"YW-LINE", "CZ", "", "EU-E"},
		{"YW-LINE", "SE", "", "EU-N"},

		{"DHL-EXP", "US", "", "AM"},
		{"DHL-EXP", "CA", "", "AM"},
		{"DHL-EXP", "JP", "", "AS"},
		{"DHL-EXP", "AU", "", "OC"},
		{"DHL-EXP", "GB", "", "EU"},
		{"DHL-EXP", "DE", "", "EU"},
		{"DHL-EXP", "FR", "", "EU"},
		{"DHL-EXP", "NL", "", "EU"},
		{"DHL-EXP", "BE", "", "EU"},
		{"DHL-EXP", "AT", "", "EU"},
		{"DHL-EXP", "IE", "", "EU"},
		{"DHL-EXP", "IT", "", "EU"},
		{"DHL-EXP", "ES", "", "EU"},
		{"DHL-EXP", "PL", "", "EU"},
		{"DHL-EXP", "CZ", "", "EU"},
		{"DHL-EXP", "SE", "", "EU"},

		// USPS: the lower 48 states, Alaska (995–999) and Hawaii (967–968).
		{"USPS-GA", "US", "", "L48"},
		{"USPS-GA", "US", "995", "NC"},
		{"USPS-GA", "US", "996", "NC"},
		{"USPS-GA", "US", "997", "NC"},
		{"USPS-GA", "US", "998", "NC"},
		{"USPS-GA", "US", "999", "NC"},
		{"USPS-GA", "US", "967", "NC"},
		{"USPS-GA", "US", "968", "NC"},

		{"DHL-PAKET", "DE", "", "DE"},
		{"DHL-PAKET", "AT", "", "EU1"},
		{"DHL-PAKET", "NL", "", "EU1"},
		{"DHL-PAKET", "BE", "", "EU1"},
		{"DHL-PAKET", "LU", "", "EU1"},
		{"DHL-PAKET", "FR", "", "EU2"},
		{"DHL-PAKET", "DK", "", "EU2"},

		{"COLISSIMO-FR", "FR", "", "FR"},
		{"COLISSIMO-FR", "FR", "20", "CORSE"},

		{"RM-TRACKED48", "GB", "", "UK"},

		{"DPD-PL", "PL", "", "PL"},
		{"DPD-PL", "CZ", "", "CE"},
		{"DPD-PL", "SK", "", "CE"},

		// Yamato: Hokkaido is 040–099, Okinawa 900–907.
		{"YAMATO-JP", "JP", "", "HONSHU"},
		{"YAMATO-JP", "JP", "04", "HOKKAIDO"},
		{"YAMATO-JP", "JP", "05", "HOKKAIDO"},
		{"YAMATO-JP", "JP", "06", "HOKKAIDO"},
		{"YAMATO-JP", "JP", "07", "HOKKAIDO"},
		{"YAMATO-JP", "JP", "08", "HOKKAIDO"},
		{"YAMATO-JP", "JP", "09", "HOKKAIDO"},
		{"YAMATO-JP", "JP", "90", "OKINAWA"},

		// Australia Post: Northern Territory 08xx, northern WA 67xx, Tasmania 7xxx.
		{"AUSPOST-PP", "AU", "", "METRO"},
		{"AUSPOST-PP", "AU", "08", "REMOTE"},
		{"AUSPOST-PP", "AU", "67", "REMOTE"},
		{"AUSPOST-PP", "AU", "7", "TAS"},

		// Canada Post: X = Northwest Territories and Nunavut, Y = Yukon.
		{"CP-EXPEDITED", "CA", "", "CA"},
		{"CP-EXPEDITED", "CA", "X", "NORTH"},
		{"CP-EXPEDITED", "CA", "Y", "NORTH"},

		// Same-day London: central (EC, WC, W1, SW1) and inner districts. No country
		// row: the rest of Great Britain is not served.
		{"STUART-LDN", "GB", "EC", "C"},
		{"STUART-LDN", "GB", "WC", "C"},
		{"STUART-LDN", "GB", "W1", "C"},
		{"STUART-LDN", "GB", "SW1", "C"},
		{"STUART-LDN", "GB", "E1", "I"},
		{"STUART-LDN", "GB", "N1", "I"},
		{"STUART-LDN", "GB", "NW1", "I"},
		{"STUART-LDN", "GB", "SE1", "I"},

		{"STUART-PAR", "FR", "75", "P1"},
		{"STUART-PAR", "FR", "92", "P2"},
		{"STUART-PAR", "FR", "93", "P2"},
		{"STUART-PAR", "FR", "94", "P2"},

		// Same-day Los Angeles: 900–908 and the valleys 910–918.
		{"VEHO-LAX", "US", "90", "LA1"},
		{"VEHO-LAX", "US", "910", "LA2"},
		{"VEHO-LAX", "US", "911", "LA2"},
		{"VEHO-LAX", "US", "912", "LA2"},
		{"VEHO-LAX", "US", "913", "LA2"},
		{"VEHO-LAX", "US", "914", "LA2"},
		{"VEHO-LAX", "US", "915", "LA2"},
		{"VEHO-LAX", "US", "916", "LA2"},
		{"VEHO-LAX", "US", "917", "LA2"},
		{"VEHO-LAX", "US", "918", "LA2"},

		// Same-day Tokyo: every 1xx code is in Tokyo.
		{"YAMATO-TYO", "JP", "1", "TOKYO"},
	}
	out := make([]logistics.Zone, len(rows))
	for i, r := range rows {
		out[i] = logistics.Zone{ServiceID: r.service, Country: r.country, PostalPrefix: r.prefix, Zone: r.zone}
	}
	return out
}

// rates is the `rates` sheet. The bands of a zone chain: each starts where the last
// ended; an empty (0) to_g is unbounded. Prices are in the service's currency.
func rates() []logistics.Rate {
	rows := []struct {
		service, zone string
		fromG, toG    int64
		fixed, perKg  string
	}{
		// service_id, zone, from_g, to_g, fixed, per_kg
		// China Post economy, CNY: a registration fee plus a price per kg.
		{"CP-ECO", "US", 0, 500, "22.50", "98"},
		{"CP-ECO", "US", 500, 2000, "27.00", "89"},
		{"CP-ECO", "CA", 0, 500, "22.40", "95"},
		{"CP-ECO", "CA", 500, 2000, "27.90", "84"},
		{"CP-ECO", "AU", 0, 500, "19.90", "88"},
		{"CP-ECO", "AU", 500, 2000, "24.80", "79"},
		{"CP-ECO", "JP", 0, 500, "14.50", "55"},
		{"CP-ECO", "JP", 500, 2000, "17.50", "49"},
		{"CP-ECO", "GB", 0, 500, "17.00", "74"},
		{"CP-ECO", "GB", 500, 2000, "21.50", "66"},
		{"CP-ECO", "EU1", 0, 500, "16.80", "72"},
		{"CP-ECO", "EU1", 500, 2000, "21.30", "63"},
		{"CP-ECO", "EU2", 0, 500, "17.50", "76"},
		{"CP-ECO", "EU2", 500, 2000, "22.00", "68"},
		{"CP-ECO", "EU3", 0, 500, "15.60", "66"},
		{"CP-ECO", "EU3", 500, 2000, "19.60", "58"},
		{"CP-ECO", "NORD", 0, 500, "18.50", "80"},
		{"CP-ECO", "NORD", 500, 2000, "23.00", "72"},

		// Yanwen dedicated line, CNY.
		{"YW-LINE", "US", 0, 2000, "28.00", "80"},
		{"YW-LINE", "US", 2000, 20000, "36.00", "76"},
		{"YW-LINE", "CA", 0, 2000, "26.00", "82"},
		{"YW-LINE", "CA", 2000, 20000, "34.00", "78"},
		{"YW-LINE", "AU", 0, 2000, "24.00", "75"},
		{"YW-LINE", "AU", 2000, 20000, "32.00", "71"},
		{"YW-LINE", "JP", 0, 2000, "16.00", "42"},
		{"YW-LINE", "JP", 2000, 20000, "22.00", "39"},
		{"YW-LINE", "GB", 0, 2000, "22.00", "66"},
		{"YW-LINE", "GB", 2000, 20000, "30.00", "62"},
		{"YW-LINE", "EU-W", 0, 2000, "24.00", "61.50"},
		{"YW-LINE", "EU-W", 2000, 20000, "30.00", "58.50"},
		{"YW-LINE", "EU-S", 0, 2000, "26.50", "64.80"},
		{"YW-LINE", "EU-S", 2000, 20000, "32.50", "61.80"},
		{"YW-LINE", "EU-E", 0, 2000, "22.00", "58.20"},
		{"YW-LINE", "EU-E", 2000, 20000, "28.00", "55.20"},
		{"YW-LINE", "EU-N", 0, 2000, "27.00", "70"},
		{"YW-LINE", "EU-N", 2000, 20000, "33.00", "67"},

		// DHL Express, USD: a flat first 500 g, then per kg, cheaper from 2.5 kg.
		{"DHL-EXP", "AM", 0, 500, "42.00", ""},
		{"DHL-EXP", "AM", 500, 2500, "33.50", "21.40"},
		{"DHL-EXP", "AM", 2500, 0, "48.50", "15.40"},
		{"DHL-EXP", "EU", 0, 500, "38.50", ""},
		{"DHL-EXP", "EU", 500, 2500, "29.00", "19.00"},
		{"DHL-EXP", "EU", 2500, 0, "41.00", "14.20"},
		{"DHL-EXP", "AS", 0, 500, "32.00", ""},
		{"DHL-EXP", "AS", 500, 2500, "24.50", "15.00"},
		{"DHL-EXP", "AS", 2500, 0, "33.50", "11.40"},
		{"DHL-EXP", "OC", 0, 500, "40.50", ""},
		{"DHL-EXP", "OC", 500, 2500, "31.00", "20.60"},
		{"DHL-EXP", "OC", 2500, 0, "44.50", "15.20"},

		// USPS Ground Advantage, USD (commercial rates through a 3PL).
		{"USPS-GA", "L48", 0, 250, "4.35", ""},
		{"USPS-GA", "L48", 250, 500, "4.95", ""},
		{"USPS-GA", "L48", 500, 1000, "6.30", ""},
		{"USPS-GA", "L48", 1000, 2000, "8.45", ""},
		{"USPS-GA", "L48", 2000, 5000, "6.90", "1.95"},
		{"USPS-GA", "L48", 5000, 31750, "9.40", "1.55"},
		{"USPS-GA", "NC", 0, 1000, "11.90", ""},
		{"USPS-GA", "NC", 1000, 31750, "8.50", "5.90"},

		// DHL Paket, EUR.
		{"DHL-PAKET", "DE", 0, 2000, "4.49", ""},
		{"DHL-PAKET", "DE", 2000, 5000, "5.49", ""},
		{"DHL-PAKET", "DE", 5000, 10000, "6.99", ""},
		{"DHL-PAKET", "DE", 10000, 31500, "9.49", ""},
		{"DHL-PAKET", "EU1", 0, 2000, "9.90", ""},
		{"DHL-PAKET", "EU1", 2000, 5000, "12.90", ""},
		{"DHL-PAKET", "EU1", 5000, 31500, "15.90", "0.30"},
		{"DHL-PAKET", "EU2", 0, 2000, "10.90", ""},
		{"DHL-PAKET", "EU2", 2000, 5000, "13.90", ""},
		{"DHL-PAKET", "EU2", 5000, 31500, "16.90", "0.35"},

		// Colissimo, EUR.
		{"COLISSIMO-FR", "FR", 0, 1000, "6.25", ""},
		{"COLISSIMO-FR", "FR", 1000, 5000, "7.90", ""},
		{"COLISSIMO-FR", "FR", 5000, 30000, "9.40", "0.38"},
		{"COLISSIMO-FR", "CORSE", 0, 30000, "11.20", "0.55"},

		// Royal Mail Tracked 48, GBP.
		{"RM-TRACKED48", "UK", 0, 1000, "3.35", ""},
		{"RM-TRACKED48", "UK", 1000, 2000, "4.25", ""},
		{"RM-TRACKED48", "UK", 2000, 10000, "6.45", ""},
		{"RM-TRACKED48", "UK", 10000, 20000, "9.95", ""},

		// DPD Polska, PLN.
		{"DPD-PL", "PL", 0, 5000, "14.90", ""},
		{"DPD-PL", "PL", 5000, 31500, "17.50", "0.45"},
		{"DPD-PL", "CE", 0, 31500, "32.00", "1.10"},

		// Yamato TA-Q-BIN, JPY (no minor unit).
		{"YAMATO-JP", "HONSHU", 0, 2000, "720", ""},
		{"YAMATO-JP", "HONSHU", 2000, 5000, "940", ""},
		{"YAMATO-JP", "HONSHU", 5000, 10000, "1250", ""},
		{"YAMATO-JP", "HONSHU", 10000, 25000, "1680", ""},
		{"YAMATO-JP", "HOKKAIDO", 0, 2000, "980", ""},
		{"YAMATO-JP", "HOKKAIDO", 2000, 5000, "1240", ""},
		{"YAMATO-JP", "HOKKAIDO", 5000, 10000, "1620", ""},
		{"YAMATO-JP", "HOKKAIDO", 10000, 25000, "2150", ""},
		{"YAMATO-JP", "OKINAWA", 0, 2000, "1380", ""},
		{"YAMATO-JP", "OKINAWA", 2000, 5000, "1760", ""},
		{"YAMATO-JP", "OKINAWA", 5000, 10000, "2350", ""},
		{"YAMATO-JP", "OKINAWA", 10000, 25000, "3200", ""},

		// Australia Post Parcel Post, AUD.
		{"AUSPOST-PP", "METRO", 0, 500, "9.35", ""},
		{"AUSPOST-PP", "METRO", 500, 1000, "11.60", ""},
		{"AUSPOST-PP", "METRO", 1000, 3000, "14.40", ""},
		{"AUSPOST-PP", "METRO", 3000, 5000, "17.85", ""},
		{"AUSPOST-PP", "METRO", 5000, 22000, "12.00", "2.25"},
		{"AUSPOST-PP", "TAS", 0, 1000, "13.20", ""},
		{"AUSPOST-PP", "TAS", 1000, 5000, "18.90", ""},
		{"AUSPOST-PP", "TAS", 5000, 22000, "14.50", "2.60"},
		{"AUSPOST-PP", "REMOTE", 0, 1000, "16.50", ""},
		{"AUSPOST-PP", "REMOTE", 1000, 22000, "14.00", "3.60"},

		// Canada Post Expedited, CAD.
		{"CP-EXPEDITED", "CA", 0, 1000, "13.40", ""},
		{"CP-EXPEDITED", "CA", 1000, 5000, "11.50", "3.40"},
		{"CP-EXPEDITED", "CA", 5000, 30000, "18.90", "1.95"},
		{"CP-EXPEDITED", "NORTH", 0, 30000, "29.00", "7.20"},

		// Same-day couriers.
		{"STUART-LDN", "C", 0, 15000, "7.20", "0.40"},
		{"STUART-LDN", "I", 0, 15000, "8.40", "0.40"},
		{"STUART-PAR", "P1", 0, 20000, "7.80", "0.40"},
		{"STUART-PAR", "P2", 0, 20000, "9.60", "0.40"},
		{"VEHO-LAX", "LA1", 0, 23000, "8.90", "0.55"},
		{"VEHO-LAX", "LA2", 0, 23000, "10.40", "0.55"},
		{"YAMATO-TYO", "TOKYO", 0, 25000, "980", "30"},
	}
	out := make([]logistics.Rate, len(rows))
	for i, r := range rows {
		out[i] = logistics.Rate{ServiceID: r.service, Zone: r.zone, FromG: r.fromG, ToG: r.toG, Fixed: dec(r.fixed), PerKg: dec(r.perKg)}
	}
	return out
}

// surcharges is the `surcharges` sheet: remote areas by postal prefix, oversize
// handling and the Q4 peak season (16 November – 10 January).
func surcharges() []logistics.Surcharge {
	rows := []struct {
		service, kind, country, prefix, from, to string
		minSideMM                                int64
		fixed, perKg, min, pct                   string
	}{
		// service_id, kind, country, postal_prefix, from_date, to_date, min_side_mm, fixed, per_kg, min, pct
		// DHL Express remote area: 0.75 USD/kg, at least 31.00 USD.
		{"DHL-EXP", "remote", "US", "995", "", "", 0, "", "0.75", "31", ""}, // Alaska
		{"DHL-EXP", "remote", "US", "996", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "US", "997", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "US", "998", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "US", "999", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "US", "967", "", "", 0, "", "0.75", "31", ""}, // Hawaii
		{"DHL-EXP", "remote", "US", "968", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "FR", "20", "", "", 0, "", "0.75", "31", ""}, // Corsica
		{"DHL-EXP", "remote", "IT", "90", "", "", 0, "", "0.75", "31", ""}, // Sicily
		{"DHL-EXP", "remote", "IT", "91", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "IT", "92", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "IT", "93", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "IT", "94", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "IT", "95", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "IT", "96", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "IT", "97", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "IT", "98", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "IT", "9805", "", "", 0, "42", "", "", ""},   // Aeolian Islands
		{"DHL-EXP", "remote", "IT", "07", "", "", 0, "", "0.75", "31", ""}, // Sardinia
		{"DHL-EXP", "remote", "IT", "08", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "IT", "09", "", "", 0, "", "0.75", "31", ""},
		{"DHL-EXP", "remote", "GB", "IV", "", "", 0, "", "0.75", "31", ""}, // Highlands
		{"DHL-EXP", "remote", "GB", "HS", "", "", 0, "", "0.75", "31", ""}, // Outer Hebrides
		{"DHL-EXP", "remote", "GB", "KW", "", "", 0, "", "0.75", "31", ""}, // Orkney, Caithness
		{"DHL-EXP", "remote", "GB", "ZE", "", "", 0, "", "0.75", "31", ""}, // Shetland
		{"DHL-EXP", "remote", "ES", "35", "", "", 0, "", "0.75", "31", ""}, // Las Palmas
		{"DHL-EXP", "remote", "ES", "38", "", "", 0, "", "0.75", "31", ""}, // Santa Cruz de Tenerife
		{"DHL-EXP", "remote", "ES", "07", "", "", 0, "", "0.75", "31", ""}, // Balearic Islands
		{"DHL-EXP", "oversize", "", "", "", "", 1200, "85", "", "", ""},
		{"DHL-EXP", "peak", "", "", "2024-11-16", "2025-01-10", 0, "", "0.75", "", ""},
		{"DHL-EXP", "peak", "", "", "2025-11-16", "2026-01-10", 0, "", "0.85", "", ""},
		{"DHL-EXP", "peak", "", "", "2026-11-16", "2027-01-10", 0, "", "0.95", "", ""},

		// Yanwen: a flat fee plus a share of the freight for outlying areas.
		{"YW-LINE", "remote", "US", "995", "", "", 0, "30", "", "", "10"},
		{"YW-LINE", "remote", "US", "996", "", "", 0, "30", "", "", "10"},
		{"YW-LINE", "remote", "US", "997", "", "", 0, "30", "", "", "10"},
		{"YW-LINE", "remote", "US", "998", "", "", 0, "30", "", "", "10"},
		{"YW-LINE", "remote", "US", "999", "", "", 0, "30", "", "", "10"},
		{"YW-LINE", "remote", "US", "967", "", "", 0, "30", "", "", "10"},
		{"YW-LINE", "remote", "US", "968", "", "", 0, "30", "", "", "10"},
		{"YW-LINE", "remote", "ES", "35", "", "", 0, "25", "", "", ""},
		{"YW-LINE", "remote", "ES", "38", "", "", 0, "25", "", "", ""},
		{"YW-LINE", "remote", "IT", "9805", "", "", 0, "18", "", "", "8"},
		{"YW-LINE", "oversize", "", "", "", "", 600, "25", "", "", ""},
		{"YW-LINE", "peak", "", "", "2024-11-16", "2025-01-10", 0, "", "", "", "8"},
		{"YW-LINE", "peak", "", "", "2025-11-16", "2026-01-10", 0, "", "", "", "8"},
		{"YW-LINE", "peak", "", "", "2026-11-16", "2027-01-10", 0, "", "", "", "10"},

		// USPS nonstandard length fees (over 22 in and over 30 in) and the holiday
		// surcharge.
		{"USPS-GA", "oversize", "", "", "", "", 560, "4.00", "", "", ""},
		{"USPS-GA", "oversize", "", "", "", "", 770, "15.00", "", "", ""},
		{"USPS-GA", "peak", "", "", "2024-11-16", "2025-01-10", 0, "0.40", "", "", ""},
		{"USPS-GA", "peak", "", "", "2025-11-16", "2026-01-10", 0, "0.45", "", "", ""},
		{"USPS-GA", "peak", "", "", "2026-11-16", "2027-01-10", 0, "0.50", "", "", ""},

		{"DHL-PAKET", "remote", "FR", "20", "", "", 0, "6.50", "", "", ""},    // Corsica
		{"DHL-PAKET", "remote", "DE", "27498", "", "", 0, "8.00", "", "", ""}, // Heligoland
		{"COLISSIMO-FR", "remote", "FR", "20", "", "", 0, "3.90", "", "", ""},
		{"CP-EXPEDITED", "oversize", "", "", "", "", 1000, "12.50", "", "", ""},
	}
	out := make([]logistics.Surcharge, len(rows))
	for i, r := range rows {
		kind, err := logistics.ParseSurchargeKind(r.kind)
		if err != nil {
			panic(fmt.Sprintf("demo surcharge %s: %v", r.service, err))
		}
		out[i] = logistics.Surcharge{
			ServiceID:    r.service,
			Kind:         kind,
			Country:      r.country,
			PostalPrefix: r.prefix,
			FromDate:     date(r.from),
			ToDate:       date(r.to),
			MinSideMM:    r.minSideMM,
			Fixed:        dec(r.fixed),
			PerKg:        dec(r.perKg),
			Min:          dec(r.min),
			Pct:          dec(r.pct),
		}
	}
	return out
}

// warehouses is the `warehouses` sheet: seven overseas warehouses (3PLs) and four
// forward warehouses for same-day delivery. Fees are in the warehouse's currency.
func warehouses() []logistics.Warehouse {
	rows := []struct {
		id, kind, country, serves, currency string
		pick, pickExtra, storage            string
		daysInStock                         int
		headhaul                            string
		handlingDays                        int
		delivery, coldChain                 string
	}{
		// warehouse_id, kind, country, serves, currency, pick_per_order, pick_per_extra_unit, storage_per_m3_day, days_in_stock, headhaul_per_kg, handling_days, delivery_service, cold_chain_fee
		{"WH-US-ONT", "overseas", "US", "US", "USD", "3.25", "0.75", "0.85", 60, "2.40", 1, "USPS-GA", ""},
		{"WH-DE-LEJ", "overseas", "DE", "DE,AT,NL,BE,LU,FR,DK", "EUR", "2.60", "0.55", "0.75", 60, "2.10", 1, "DHL-PAKET", ""},
		{"WH-GB-BHX", "overseas", "GB", "GB", "GBP", "2.20", "0.45", "0.70", 60, "1.85", 1, "RM-TRACKED48", ""},
		{"WH-PL-WAW", "overseas", "PL", "PL,CZ,SK", "PLN", "6.50", "1.20", "2.40", 60, "8.50", 1, "DPD-PL", ""},
		{"WH-JP-NRT", "overseas", "JP", "JP", "JPY", "350", "80", "110", 60, "320", 1, "YAMATO-JP", ""},
		{"WH-AU-SYD", "overseas", "AU", "AU", "AUD", "3.90", "0.80", "1.20", 75, "3.60", 1, "AUSPOST-PP", ""},
		{"WH-CA-YYZ", "overseas", "CA", "CA", "CAD", "3.80", "0.80", "1.10", 60, "3.30", 1, "CP-EXPEDITED", ""},

		{"FW-US-LAX", "forward", "US", "US:90,US:910,US:911,US:912,US:913,US:914,US:915,US:916,US:917,US:918", "USD", "3.90", "0.60", "1.60", 20, "3.20", 0, "VEHO-LAX", "5.50"},
		{"FW-GB-LDN", "forward", "GB", "GB:EC,GB:WC,GB:W1,GB:SW1,GB:E1,GB:N1,GB:NW1,GB:SE1", "GBP", "2.80", "0.40", "1.50", 15, "2.40", 0, "STUART-LDN", "3.50"},
		{"FW-FR-PAR", "forward", "FR", "FR:75,FR:92,FR:93,FR:94", "EUR", "2.40", "0.35", "1.80", 15, "2.90", 0, "STUART-PAR", "4.20"},
		{"FW-JP-TYO", "forward", "JP", "JP:1", "JPY", "420", "60", "260", 15, "380", 0, "YAMATO-TYO", "440"},
	}
	out := make([]logistics.Warehouse, len(rows))
	for i, r := range rows {
		kind, err := logistics.ParseWarehouseKind(r.kind)
		if err != nil {
			panic(fmt.Sprintf("demo warehouse %s: %v", r.id, err))
		}
		out[i] = logistics.Warehouse{
			ID:               r.id,
			Kind:             kind,
			Country:          r.country,
			Serves:           list(r.serves),
			Currency:         r.currency,
			PickPerOrder:     dec(r.pick),
			PickPerExtraUnit: dec(r.pickExtra),
			StoragePerM3Day:  dec(r.storage),
			DaysInStock:      r.daysInStock,
			HeadhaulPerKg:    dec(r.headhaul),
			HandlingDays:     r.handlingDays,
			DeliveryService:  r.delivery,
			ColdChainFee:     dec(r.coldChain),
		}
	}
	return out
}

// lanes is the `consolidation` sheet: air line-haul lanes from the Shenzhen hub,
// handed to a domestic carrier at destination.
func lanes() []logistics.Lane {
	rows := []struct {
		id, destination, currency, firstMile, weekdays string
		hubCutoffDays, linehaulDays                    int
		destHandling                                   string
		destHandlingDays                               int
		delivery, allocation                           string
		divisor                                        int64
	}{
		// lane_id, destination, currency, first_mile_per_parcel, departure_weekdays, hub_cutoff_days, linehaul_days, dest_handling_per_parcel, dest_handling_days, delivery_service, allocation, divisor
		{"LANE-SZX-LAX", "US", "USD", "0.35", "Tue,Fri", 2, 4, "0.60", 1, "USPS-GA", "chargeable", 6000},
		{"LANE-SZX-FRA", "DE", "USD", "0.40", "Mon,Thu", 2, 5, "0.80", 1, "DHL-PAKET", "chargeable", 6000},
		{"LANE-SZX-CDG", "FR", "USD", "0.45", "Wed,Sat", 2, 5, "0.85", 1, "COLISSIMO-FR", "chargeable", 6000},
		{"LANE-SZX-LHR", "GB", "USD", "0.40", "Tue,Sat", 2, 5, "0.75", 1, "RM-TRACKED48", "chargeable", 6000},
		{"LANE-SZX-NRT", "JP", "CNY", "2.50", "Mon,Wed,Fri", 1, 2, "4.00", 1, "YAMATO-JP", "chargeable", 6000},
		{"LANE-SZX-SYD", "AU", "USD", "0.45", "Thu", 2, 6, "0.90", 2, "AUSPOST-PP", "volume", 5000},
		{"LANE-SZX-YYZ", "CA", "USD", "0.45", "Wed", 2, 5, "0.90", 1, "CP-EXPEDITED", "chargeable", 6000},
	}
	out := make([]logistics.Lane, len(rows))
	for i, r := range rows {
		alloc, err := logistics.ParseAllocation(r.allocation)
		if err != nil {
			panic(fmt.Sprintf("demo lane %s: %v", r.id, err))
		}
		out[i] = logistics.Lane{
			ID:                    r.id,
			Destination:           r.destination,
			Currency:              r.currency,
			FirstMilePerParcel:    dec(r.firstMile),
			DepartureWeekdays:     weekdays(r.weekdays),
			HubCutoffDays:         r.hubCutoffDays,
			LinehaulDays:          r.linehaulDays,
			DestHandlingPerParcel: dec(r.destHandling),
			DestHandlingDays:      r.destHandlingDays,
			DeliveryService:       r.delivery,
			Allocation:            alloc,
			Divisor:               r.divisor,
		}
	}
	return out
}

// tiers is the `linehaul_tiers` sheet: the price per kg of a batch falls at 20, 100
// and 500 kg; a small batch pays the minimum charge.
func tiers() []logistics.Tier {
	rows := []struct{ lane, fromKg, perKg, minBatch string }{
		// lane_id, from_kg, per_kg, min_batch_charge
		{"LANE-SZX-LAX", "0", "7.20", "40"},
		{"LANE-SZX-LAX", "20", "5.80", ""},
		{"LANE-SZX-LAX", "100", "4.60", ""},
		{"LANE-SZX-LAX", "500", "3.90", ""},
		{"LANE-SZX-FRA", "0", "6.40", "35"},
		{"LANE-SZX-FRA", "20", "5.10", ""},
		{"LANE-SZX-FRA", "100", "4.20", ""},
		{"LANE-SZX-FRA", "500", "3.50", ""},
		{"LANE-SZX-CDG", "0", "6.10", "30"},
		{"LANE-SZX-CDG", "20", "4.40", ""},
		{"LANE-SZX-CDG", "100", "3.80", ""},
		{"LANE-SZX-CDG", "500", "3.20", ""},
		{"LANE-SZX-LHR", "0", "6.30", "35"},
		{"LANE-SZX-LHR", "20", "4.90", ""},
		{"LANE-SZX-LHR", "100", "4.10", ""},
		{"LANE-SZX-LHR", "500", "3.40", ""},
		{"LANE-SZX-NRT", "0", "27", "200"}, // CNY
		{"LANE-SZX-NRT", "20", "21", ""},
		{"LANE-SZX-NRT", "100", "17", ""},
		{"LANE-SZX-NRT", "500", "14", ""},
		{"LANE-SZX-SYD", "0", "6.90", "40"},
		{"LANE-SZX-SYD", "20", "5.40", ""},
		{"LANE-SZX-SYD", "100", "4.50", ""},
		{"LANE-SZX-SYD", "500", "3.80", ""},
		{"LANE-SZX-YYZ", "0", "7.50", "40"},
		{"LANE-SZX-YYZ", "20", "6.00", ""},
		{"LANE-SZX-YYZ", "100", "4.90", ""},
		{"LANE-SZX-YYZ", "500", "4.10", ""},
	}
	out := make([]logistics.Tier, len(rows))
	for i, r := range rows {
		out[i] = logistics.Tier{LaneID: r.lane, FromKg: dec(r.fromKg), PerKg: dec(r.perKg), MinBatchCharge: dec(r.minBatch)}
	}
	return out
}

// duties is the `duties` sheet. The duty rates are the average customs duty of this
// seller's product mix, not a tariff line; VAT/GST is collected by the marketplaces
// and not modelled.
//
//   - US: the 800 USD de minimis (Section 321) ended for every country on
//     2025-08-29 (for goods from China and Hong Kong already on 2025-05-02). From then
//     every parcel pays duty; 30 % stands for MFN duty plus the Section 301 and IEEPA
//     tariffs on Chinese goods. Before, bulk imports into the US warehouse paid ~25 %.
//   - EU: no customs duty up to 150 EUR; from 2026-07-01 a flat 3 EUR per tariff
//     line (distinct HS code) on those low-value parcels.
//   - GB 135 GBP, JP 10,000 JPY, AU 1,000 AUD (FOB), CA 20 CAD (FOB) with a broker's
//     clearance fee per parcel.
func duties() []logistics.Duty {
	rows := []struct {
		country, validFrom, currency, threshold, ratePct, flatPerLine, valuation, clearance string
	}{
		// country, valid_from, currency, duty_free_threshold, duty_rate_pct, flat_duty_per_line, valuation, clearance_fee_per_parcel
		{"US", "2016-03-10", "USD", "800", "25", "", "FOB", ""},
		{"US", "2025-08-29", "USD", "0", "30", "", "FOB", ""},

		{"DE", "2021-07-01", "EUR", "150", "4.2", "", "CIF", ""},
		{"DE", "2026-07-01", "EUR", "150", "4.2", "3", "CIF", ""},
		{"FR", "2021-07-01", "EUR", "150", "3.7", "", "CIF", ""},
		{"FR", "2026-07-01", "EUR", "150", "3.7", "3", "CIF", ""},
		{"IT", "2021-07-01", "EUR", "150", "4.4", "", "CIF", ""},
		{"IT", "2026-07-01", "EUR", "150", "4.4", "3", "CIF", ""},
		{"ES", "2021-07-01", "EUR", "150", "4.0", "", "CIF", ""},
		{"ES", "2026-07-01", "EUR", "150", "4.0", "3", "CIF", ""},
		{"NL", "2021-07-01", "EUR", "150", "4.0", "", "CIF", ""},
		{"NL", "2026-07-01", "EUR", "150", "4.0", "3", "CIF", ""},
		{"BE", "2021-07-01", "EUR", "150", "4.0", "", "CIF", ""},
		{"BE", "2026-07-01", "EUR", "150", "4.0", "3", "CIF", ""},
		{"AT", "2021-07-01", "EUR", "150", "4.0", "", "CIF", ""},
		{"AT", "2026-07-01", "EUR", "150", "4.0", "3", "CIF", ""},
		{"IE", "2021-07-01", "EUR", "150", "4.0", "", "CIF", ""},
		{"IE", "2026-07-01", "EUR", "150", "4.0", "3", "CIF", ""},
		{"LU", "2021-07-01", "EUR", "150", "4.0", "", "CIF", ""},
		{"LU", "2026-07-01", "EUR", "150", "4.0", "3", "CIF", ""},
		{"DK", "2021-07-01", "EUR", "150", "4.0", "", "CIF", ""},
		{"DK", "2026-07-01", "EUR", "150", "4.0", "3", "CIF", ""},
		{"SE", "2021-07-01", "EUR", "150", "4.0", "", "CIF", ""},
		{"SE", "2026-07-01", "EUR", "150", "4.0", "3", "CIF", ""},
		{"PL", "2021-07-01", "EUR", "150", "4.1", "", "CIF", ""},
		{"PL", "2026-07-01", "EUR", "150", "4.1", "3", "CIF", ""},
		{"CZ", "2021-07-01", "EUR", "150", "4.1", "", "CIF", ""},
		{"CZ", "2026-07-01", "EUR", "150", "4.1", "3", "CIF", ""},
		{"SK", "2021-07-01", "EUR", "150", "4.1", "", "CIF", ""},
		{"SK", "2026-07-01", "EUR", "150", "4.1", "3", "CIF", ""},

		{"GB", "2021-01-01", "GBP", "135", "4.0", "", "CIF", ""},
		{"JP", "2010-01-01", "JPY", "10000", "5.0", "", "CIF", ""},
		{"AU", "2018-07-01", "AUD", "1000", "5.0", "", "FOB", ""},
		{"CA", "2018-06-01", "CAD", "20", "8.0", "", "FOB", "9.95"},
	}
	out := make([]logistics.Duty, len(rows))
	for i, r := range rows {
		val, err := logistics.ParseValuation(r.valuation)
		if err != nil {
			panic(fmt.Sprintf("demo duty %s: %v", r.country, err))
		}
		out[i] = logistics.Duty{
			Country:               r.country,
			ValidFrom:             date(r.validFrom),
			Currency:              r.currency,
			DutyFreeThreshold:     dec(r.threshold),
			DutyRatePct:           dec(r.ratePct),
			FlatDutyPerLine:       dec(r.flatPerLine),
			Valuation:             val,
			ClearanceFeePerParcel: dec(r.clearance),
		}
	}
	return out
}

// compliance is the `compliance` sheet. Batteries are kept off the postal service by
// its forbidden_categories, not here.
func compliance() []logistics.Rule {
	rows := []struct{ country, category, modes, note string }{
		// country, category, allowed_modes, note
		{"*", "fresh_food", "local", "fresh food is delivered chilled from a forward warehouse only"},
		{"*", "medical", "local,warehouse", "medical devices ship only from registered stock in the destination market"},
		{"AU", "liquid", "warehouse,local", "liquids reach Australia by sea into local stock; air mail and air line-haul refuse them"},
		{"JP", "cosmetics", "warehouse,local,consolidation", "cosmetics for sale in Japan need a licensed importer of record; single parcels are held at customs"},
	}
	out := make([]logistics.Rule, len(rows))
	for i, r := range rows {
		var modes []logistics.Mode
		for _, s := range list(r.modes) {
			m, err := logistics.ParseMode(s)
			if err != nil {
				panic(fmt.Sprintf("demo compliance %s/%s: %v", r.country, r.category, err))
			}
			modes = append(modes, m)
		}
		out[i] = logistics.Rule{Country: r.country, Category: r.category, AllowedModes: modes, Note: r.note}
	}
	return out
}

// products is the `products` sheet: 42 SKUs over every demo category. Unit costs are
// the factory price in CNY.
func products() []logistics.Product {
	rows := []struct {
		sku, title                           string
		weightG, lengthMM, widthMM, heightMM int64
		category, unitCost, hsCode           string
	}{
		// sku, title, weight_g, length_mm, width_mm, height_mm, category, unit_cost, hs_code
		{"TEAPOT-CI", "Cast-iron teapot 0.9 l", 1450, 200, 170, 140, "general", "62", "7323.91"},
		{"MUG-350", "Ceramic mug 350 ml", 380, 125, 95, 105, "general", "9.5", "6912.00"},
		{"PUZZLE-1000", "Jigsaw puzzle 1000 pieces", 680, 380, 270, 55, "general", "24", "9503.00"},
		{"CHOPSTICKS", "Chopsticks, 5 pairs", 60, 260, 60, 25, "general", "6.5", "4419.90"},
		{"BASKET-RATTAN", "Rattan storage basket", 870, 350, 300, 120, "general", "21", "4602.12"},
		{"PLANTER-SET", "Ceramic planters, set of 3", 6800, 400, 400, 350, "general", "88", "6913.90"},
		{"YOGA-MAT", "TPE yoga mat 6 mm", 1100, 620, 130, 130, "general", "32", "9506.91"},
		{"SURF-ROD", "Telescopic carbon surf rod 3.6 m", 780, 1250, 80, 80, "general", "58", "9507.10"},
		{"CAMPING-TENT", "2-person dome tent", 2300, 550, 180, 180, "general", "95", "6306.22"},
		{"TEA-LONGJING", "Longjing green tea, 250 g tin", 330, 110, 110, 140, "general", "28", "0902.10"},
		{"BACKPACK-20L", "Hiking backpack 20 l", 520, 450, 300, 60, "general", "36", "4202.92"},

		{"PHONE-STAND", "Aluminium phone stand", 140, 150, 80, 30, "electronics", "7.8", "7616.99"},
		{"USB-C-CABLE", "Braided USB-C cable 2 m", 65, 120, 100, 20, "electronics", "3.2", "8544.42"},
		{"LED-STRIP-5M", "RGB LED strip 5 m", 280, 180, 150, 40, "electronics", "14", "9405.42"},
		{"SMART-PLUG", "Wi-Fi smart plug", 120, 80, 70, 60, "electronics", "12.5", "8536.50"},
		{"KEYBOARD-MECH", "Mechanical keyboard, 87 keys", 980, 420, 170, 55, "electronics", "85", "8471.60"},
		{"WEBCAM-1080P", "Webcam 1080p", 210, 140, 90, 80, "electronics", "29", "8525.89"},
		{"STAND-MIXER", "Stand mixer 5 l", 8000, 380, 230, 360, "electronics", "320", "8509.40"},

		{"POWERBANK-10K", "Power bank 10000 mAh", 230, 145, 70, 25, "battery", "35", "8507.60"},
		{"EARBUDS-TWS", "Wireless earbuds with charging case", 95, 100, 80, 40, "battery", "45", "8518.30"},
		{"SMARTWATCH", "Fitness smartwatch", 120, 110, 90, 60, "battery", "68", "8517.62"},
		{"BT-SPEAKER", "Bluetooth speaker 20 W", 540, 200, 90, 90, "battery", "55", "8518.22"},

		{"ESS-OIL-6", "Essential oils, 6 × 10 ml", 320, 150, 100, 40, "liquid", "18", "3301.29"},
		{"INK-BOTTLE-4", "Fountain pen ink, 4 × 50 ml", 420, 130, 130, 70, "liquid", "16", "3215.90"},
		{"PERFUME-50", "Eau de parfum 50 ml", 260, 110, 80, 60, "liquid", "22", "3303.00"},

		{"EYESHADOW-18", "Eyeshadow palette, 18 shades", 180, 190, 120, 20, "cosmetics", "15", "3304.20"},
		{"LIPSTICK-SET", "Matte lipstick set of 6", 150, 150, 100, 30, "cosmetics", "19", "3304.10"},
		{"SHEET-MASK-10", "Hydrating sheet masks, 10 pack", 280, 210, 150, 30, "cosmetics", "12", "3304.99"},
		{"BRUSH-SET-12", "Makeup brush set of 12", 210, 250, 90, 50, "cosmetics", "14", "9603.29"},

		{"SCARF-SILK", "Silk scarf 90 cm", 85, 250, 180, 15, "apparel", "38", "6214.10"},
		{"HOODIE", "Cotton hoodie", 620, 350, 280, 60, "apparel", "42", "6110.20"},
		{"HANDBAG-LTH", "Leather handbag", 720, 320, 250, 120, "apparel", "160", "4202.21"},
		{"RUN-SHOES", "Running shoes", 850, 330, 210, 120, "apparel", "78", "6404.11"},
		{"SOCKS-5", "Cotton socks, 5 pairs", 180, 220, 140, 40, "apparel", "11", "6115.95"},
		{"DOWN-JACKET", "Packable down jacket", 560, 320, 260, 90, "apparel", "135", "6201.40"},

		{"LYCHEE-1KG", "Fresh lychees 1 kg", 1080, 300, 200, 120, "fresh_food", "28", "0810.90"},
		{"MANGO-2KG", "Fresh mangoes 2 kg", 2200, 320, 240, 120, "fresh_food", "34", "0804.50"},
		{"MOONCAKE-4", "Lotus-seed mooncakes, box of 4", 720, 240, 240, 70, "fresh_food", "46", "1905.90"},

		{"THERMO-IR", "Infrared thermometer", 160, 160, 100, 50, "medical", "42", "9025.19"},
		{"BP-MONITOR", "Upper-arm blood pressure monitor", 420, 160, 140, 100, "medical", "88", "9018.90"},
		{"OXIMETER", "Fingertip pulse oximeter", 60, 100, 60, 40, "medical", "24", "9018.19"},
		{"MASK-KN95-50", "KN95 masks, 50 pack", 300, 260, 190, 60, "medical", "22", "6307.90"},
	}
	out := make([]logistics.Product, len(rows))
	for i, r := range rows {
		out[i] = logistics.Product{
			SKU:      r.sku,
			Title:    r.title,
			WeightG:  r.weightG,
			LengthMM: r.lengthMM,
			WidthMM:  r.widthMM,
			HeightMM: r.heightMM,
			Category: r.category,
			UnitCost: dec(r.unitCost),
			Currency: "CNY",
			HSCode:   r.hsCode,
		}
	}
	return out
}

// stock is the `stock` sheet: a few months of the bestsellers in each warehouse,
// fresh food only in the forward warehouses. Slow movers are stocked thinly so they
// run out during a busy demo year.
func stock() []logistics.Stock {
	rows := []struct {
		warehouse, sku string
		onHand         int64
	}{
		// warehouse_id, sku, on_hand
		{"WH-US-ONT", "PHONE-STAND", 800},
		{"WH-US-ONT", "USB-C-CABLE", 1500},
		{"WH-US-ONT", "LED-STRIP-5M", 400},
		{"WH-US-ONT", "SMART-PLUG", 300},
		{"WH-US-ONT", "KEYBOARD-MECH", 80},
		{"WH-US-ONT", "WEBCAM-1080P", 120},
		{"WH-US-ONT", "STAND-MIXER", 25},
		{"WH-US-ONT", "POWERBANK-10K", 500},
		{"WH-US-ONT", "EARBUDS-TWS", 600},
		{"WH-US-ONT", "SMARTWATCH", 250},
		{"WH-US-ONT", "BT-SPEAKER", 200},
		{"WH-US-ONT", "MUG-350", 300},
		{"WH-US-ONT", "TEAPOT-CI", 120},
		{"WH-US-ONT", "YOGA-MAT", 150},
		{"WH-US-ONT", "CAMPING-TENT", 40},
		{"WH-US-ONT", "SURF-ROD", 30},
		{"WH-US-ONT", "HOODIE", 300},
		{"WH-US-ONT", "SOCKS-5", 600},
		{"WH-US-ONT", "RUN-SHOES", 90},
		{"WH-US-ONT", "ESS-OIL-6", 200},
		{"WH-US-ONT", "EYESHADOW-18", 250},
		{"WH-US-ONT", "THERMO-IR", 200},
		{"WH-US-ONT", "BP-MONITOR", 120},
		{"WH-US-ONT", "OXIMETER", 300},
		{"WH-US-ONT", "MASK-KN95-50", 400},

		{"WH-DE-LEJ", "PHONE-STAND", 400},
		{"WH-DE-LEJ", "USB-C-CABLE", 800},
		{"WH-DE-LEJ", "LED-STRIP-5M", 250},
		{"WH-DE-LEJ", "SMART-PLUG", 200},
		{"WH-DE-LEJ", "POWERBANK-10K", 300},
		{"WH-DE-LEJ", "EARBUDS-TWS", 350},
		{"WH-DE-LEJ", "SMARTWATCH", 150},
		{"WH-DE-LEJ", "MUG-350", 200},
		{"WH-DE-LEJ", "TEAPOT-CI", 80},
		{"WH-DE-LEJ", "PUZZLE-1000", 150},
		{"WH-DE-LEJ", "PLANTER-SET", 30},
		{"WH-DE-LEJ", "YOGA-MAT", 100},
		{"WH-DE-LEJ", "HOODIE", 150},
		{"WH-DE-LEJ", "SCARF-SILK", 120},
		{"WH-DE-LEJ", "THERMO-IR", 120},
		{"WH-DE-LEJ", "BP-MONITOR", 80},
		{"WH-DE-LEJ", "MASK-KN95-50", 200},

		{"WH-GB-BHX", "PHONE-STAND", 300},
		{"WH-GB-BHX", "USB-C-CABLE", 600},
		{"WH-GB-BHX", "EARBUDS-TWS", 300},
		{"WH-GB-BHX", "POWERBANK-10K", 250},
		{"WH-GB-BHX", "SMARTWATCH", 120},
		{"WH-GB-BHX", "TEA-LONGJING", 150},
		{"WH-GB-BHX", "MUG-350", 200},
		{"WH-GB-BHX", "PUZZLE-1000", 120},
		{"WH-GB-BHX", "HOODIE", 150},
		{"WH-GB-BHX", "SOCKS-5", 300},
		{"WH-GB-BHX", "THERMO-IR", 100},
		{"WH-GB-BHX", "OXIMETER", 120},

		{"WH-PL-WAW", "TEAPOT-CI", 60},
		{"WH-PL-WAW", "MUG-350", 150},
		{"WH-PL-WAW", "PUZZLE-1000", 80},
		{"WH-PL-WAW", "EARBUDS-TWS", 120},
		{"WH-PL-WAW", "POWERBANK-10K", 100},
		{"WH-PL-WAW", "LED-STRIP-5M", 80},
		{"WH-PL-WAW", "THERMO-IR", 60},
		{"WH-PL-WAW", "MASK-KN95-50", 100},

		{"WH-JP-NRT", "EARBUDS-TWS", 250},
		{"WH-JP-NRT", "POWERBANK-10K", 200},
		{"WH-JP-NRT", "PHONE-STAND", 200},
		{"WH-JP-NRT", "USB-C-CABLE", 400},
		{"WH-JP-NRT", "SHEET-MASK-10", 300},
		{"WH-JP-NRT", "EYESHADOW-18", 150},
		{"WH-JP-NRT", "LIPSTICK-SET", 150},
		{"WH-JP-NRT", "BRUSH-SET-12", 100},
		{"WH-JP-NRT", "OXIMETER", 100},
		{"WH-JP-NRT", "THERMO-IR", 80},
		{"WH-JP-NRT", "BP-MONITOR", 60},

		{"WH-AU-SYD", "EARBUDS-TWS", 150},
		{"WH-AU-SYD", "POWERBANK-10K", 120},
		{"WH-AU-SYD", "USB-C-CABLE", 300},
		{"WH-AU-SYD", "ESS-OIL-6", 120},
		{"WH-AU-SYD", "PERFUME-50", 60},
		{"WH-AU-SYD", "INK-BOTTLE-4", 40},
		{"WH-AU-SYD", "YOGA-MAT", 60},
		{"WH-AU-SYD", "HOODIE", 80},
		{"WH-AU-SYD", "THERMO-IR", 60},
		{"WH-AU-SYD", "MASK-KN95-50", 80},

		{"WH-CA-YYZ", "EARBUDS-TWS", 150},
		{"WH-CA-YYZ", "POWERBANK-10K", 120},
		{"WH-CA-YYZ", "PHONE-STAND", 150},
		{"WH-CA-YYZ", "USB-C-CABLE", 300},
		{"WH-CA-YYZ", "DOWN-JACKET", 80},
		{"WH-CA-YYZ", "HOODIE", 100},
		{"WH-CA-YYZ", "THERMO-IR", 60},
		{"WH-CA-YYZ", "BP-MONITOR", 40},

		{"FW-US-LAX", "LYCHEE-1KG", 120},
		{"FW-US-LAX", "MANGO-2KG", 80},
		{"FW-US-LAX", "MOONCAKE-4", 150},
		{"FW-US-LAX", "EARBUDS-TWS", 60},
		{"FW-US-LAX", "THERMO-IR", 40},
		{"FW-US-LAX", "OXIMETER", 50},

		{"FW-GB-LDN", "LYCHEE-1KG", 60},
		{"FW-GB-LDN", "MANGO-2KG", 40},
		{"FW-GB-LDN", "MOONCAKE-4", 80},
		{"FW-GB-LDN", "EARBUDS-TWS", 40},
		{"FW-GB-LDN", "THERMO-IR", 30},
		{"FW-GB-LDN", "SCARF-SILK", 30},

		{"FW-FR-PAR", "LYCHEE-1KG", 50},
		{"FW-FR-PAR", "MANGO-2KG", 30},
		{"FW-FR-PAR", "MOONCAKE-4", 60},
		{"FW-FR-PAR", "THERMO-IR", 30},
		{"FW-FR-PAR", "SCARF-SILK", 40},
		{"FW-FR-PAR", "PERFUME-50", 30},

		{"FW-JP-TYO", "LYCHEE-1KG", 60},
		{"FW-JP-TYO", "MANGO-2KG", 60},
		{"FW-JP-TYO", "MOONCAKE-4", 100},
		{"FW-JP-TYO", "SHEET-MASK-10", 120},
		{"FW-JP-TYO", "OXIMETER", 30},
		{"FW-JP-TYO", "THERMO-IR", 30},
	}
	out := make([]logistics.Stock, len(rows))
	for i, r := range rows {
		out[i] = logistics.Stock{WarehouseID: r.warehouse, SKU: r.sku, OnHand: r.onHand}
	}
	return out
}

// dec reads a decimal of the tables above ("" is 0). A typo panics; the package's
// tests build the whole book, so it never reaches a user.
func dec(s string) logistics.Dec {
	if s == "" {
		return 0
	}
	d, err := logistics.ParseDec(s)
	if err != nil {
		panic(fmt.Sprintf("demo rate book: %v", err))
	}
	return d
}

// date reads an ISO date of the tables above ("" is NoDate).
func date(s string) logistics.Date {
	if s == "" {
		return logistics.NoDate
	}
	d, err := logistics.ParseDate(s)
	if err != nil {
		panic(fmt.Sprintf("demo rate book: %v", err))
	}
	return d
}

// list splits a comma-separated cell ("" is nil).
func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// weekdays reads English three-letter day names ("Tue,Fri").
func weekdays(s string) []time.Weekday {
	var out []time.Weekday
	for _, name := range list(s) {
		found := false
		for d := time.Sunday; d <= time.Saturday; d++ {
			if d.String()[:3] == name {
				out = append(out, d)
				found = true
			}
		}
		if !found {
			panic(fmt.Sprintf("demo rate book: weekday %q", name))
		}
	}
	return out
}
