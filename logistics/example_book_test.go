package logistics_test

import (
	"time"

	"shipmode/logistics"
)

// exampleBook is ../shared/examples/ratebook.xlsx transcribed to Go, so the engine's
// tests do not depend on the workbook reader.
func exampleBook() logistics.RateBook {
	return logistics.RateBook{
		Settings: logistics.Settings{BaseCurrency: "EUR", OriginCountry: "CN", OriginHandlingDays: 2, PackagingG: 30},
		FX: []logistics.FXRate{
			{Currency: "EUR", RateToBase: d("1"), ValidFrom: date("2025-09-01")},
			{Currency: "CNY", RateToBase: d("0.1265"), ValidFrom: date("2025-09-01")},
			{Currency: "CNY", RateToBase: d("0.1232"), ValidFrom: date("2026-03-02")},
			{Currency: "CNY", RateToBase: d("0.1248"), ValidFrom: date("2026-06-01")},
			{Currency: "USD", RateToBase: d("0.918"), ValidFrom: date("2025-09-01")},
			{Currency: "USD", RateToBase: d("0.8745"), ValidFrom: date("2026-03-02")},
			{Currency: "USD", RateToBase: d("0.8812"), ValidFrom: date("2026-06-01")},
			{Currency: "PLN", RateToBase: d("0.2342"), ValidFrom: date("2025-09-01")},
			{Currency: "PLN", RateToBase: d("0.2368"), ValidFrom: date("2026-03-02")},
			{Currency: "CAD", RateToBase: d("0.6415"), ValidFrom: date("2025-09-01")},
			{Currency: "CAD", RateToBase: d("0.629"), ValidFrom: date("2026-03-02")},
			{Currency: "CAD", RateToBase: d("0.6335"), ValidFrom: date("2026-06-01")},
			{Currency: "AUD", RateToBase: d("0.587"), ValidFrom: date("2025-09-01")},
			{Currency: "AUD", RateToBase: d("0.5795"), ValidFrom: date("2026-03-02")},
		},
		Services: []logistics.Service{
			{ID: "CN-POST-ECO", Mode: logistics.ServiceDirect, Carrier: "Cainiao", Name: "Postal Economy Air", Currency: "CNY", Divisor: 0, VolumetricRatio: d("1"), IncrementG: 1, MinChargeG: 50, MaxWeightG: 2000, MaxSideMM: 600, TransitMinDays: 12, TransitMaxDays: 22, FuelPct: d("0"), ForbiddenCategories: []string{"battery", "liquid"}},
			{ID: "FDX-IP", Mode: logistics.ServiceDirect, Carrier: "FedEx", Name: "International Priority", Currency: "USD", Divisor: 5000, VolumetricRatio: d("1"), IncrementG: 500, MinChargeG: 500, MaxWeightG: 68000, MaxSideMM: 2740, TransitMinDays: 3, TransitMaxDays: 4, FuelPct: d("24.5"), ForbiddenCategories: nil},
			{ID: "SUNYOU-EU", Mode: logistics.ServiceDirect, Carrier: "Sunyou", Name: "Europe Dedicated Line", Currency: "CNY", Divisor: 8000, VolumetricRatio: d("2"), IncrementG: 50, MinChargeG: 250, MaxWeightG: 15000, MaxSideMM: 1200, TransitMinDays: 8, TransitMaxDays: 12, FuelPct: d("5"), ForbiddenCategories: []string{"liquid"}},
			{ID: "COLISSIMO-FR", Mode: logistics.ServiceLastMile, Carrier: "La Poste", Name: "Colissimo Domicile", Currency: "EUR", Divisor: 0, VolumetricRatio: d("1"), IncrementG: 1, MinChargeG: 0, MaxWeightG: 30000, MaxSideMM: 1500, TransitMinDays: 1, TransitMaxDays: 2, FuelPct: d("0"), ForbiddenCategories: nil},
			{ID: "DPD-PL", Mode: logistics.ServiceLastMile, Carrier: "DPD Polska", Name: "DPD Classic", Currency: "PLN", Divisor: 0, VolumetricRatio: d("1"), IncrementG: 1, MinChargeG: 0, MaxWeightG: 31500, MaxSideMM: 1750, TransitMinDays: 1, TransitMaxDays: 2, FuelPct: d("0"), ForbiddenCategories: nil},
			{ID: "STUART-PAR", Mode: logistics.ServiceLocal, Carrier: "Stuart", Name: "Same-day courier Paris", Currency: "EUR", Divisor: 0, VolumetricRatio: d("1"), IncrementG: 1, MinChargeG: 0, MaxWeightG: 20000, MaxSideMM: 1000, TransitMinDays: 0, TransitMaxDays: 1, FuelPct: d("6"), ForbiddenCategories: []string{"battery"}},
		},
		Zones: []logistics.Zone{
			{ServiceID: "CN-POST-ECO", Country: "FR", PostalPrefix: "", Zone: "EU1"},
			{ServiceID: "CN-POST-ECO", Country: "IT", PostalPrefix: "", Zone: "EU1"},
			{ServiceID: "CN-POST-ECO", Country: "ES", PostalPrefix: "", Zone: "EU1"},
			{ServiceID: "CN-POST-ECO", Country: "PL", PostalPrefix: "", Zone: "EU2"},
			{ServiceID: "CN-POST-ECO", Country: "CA", PostalPrefix: "", Zone: "CA"},
			{ServiceID: "CN-POST-ECO", Country: "AU", PostalPrefix: "", Zone: "AU"},
			{ServiceID: "FDX-IP", Country: "FR", PostalPrefix: "", Zone: "EU"},
			{ServiceID: "FDX-IP", Country: "IT", PostalPrefix: "", Zone: "EU"},
			{ServiceID: "FDX-IP", Country: "ES", PostalPrefix: "", Zone: "EU"},
			{ServiceID: "FDX-IP", Country: "PL", PostalPrefix: "", Zone: "EU"},
			{ServiceID: "FDX-IP", Country: "CA", PostalPrefix: "", Zone: "NA"},
			{ServiceID: "FDX-IP", Country: "AU", PostalPrefix: "", Zone: "OC"},
			{ServiceID: "SUNYOU-EU", Country: "FR", PostalPrefix: "", Zone: "F"},
			{ServiceID: "SUNYOU-EU", Country: "IT", PostalPrefix: "", Zone: "I"},
			{ServiceID: "SUNYOU-EU", Country: "ES", PostalPrefix: "", Zone: "I"},
			{ServiceID: "SUNYOU-EU", Country: "PL", PostalPrefix: "", Zone: "P"},
			{ServiceID: "COLISSIMO-FR", Country: "FR", PostalPrefix: "", Zone: "FR"},
			{ServiceID: "COLISSIMO-FR", Country: "FR", PostalPrefix: "20", Zone: "CORSE"},
			{ServiceID: "DPD-PL", Country: "PL", PostalPrefix: "", Zone: "PL"},
			{ServiceID: "DPD-PL", Country: "CZ", PostalPrefix: "", Zone: "CE"},
			{ServiceID: "DPD-PL", Country: "SK", PostalPrefix: "", Zone: "CE"},
			{ServiceID: "STUART-PAR", Country: "FR", PostalPrefix: "75", Zone: "P1"},
			{ServiceID: "STUART-PAR", Country: "FR", PostalPrefix: "92", Zone: "P2"},
		},
		Rates: []logistics.Rate{
			{ServiceID: "CN-POST-ECO", Zone: "EU1", FromG: 0, ToG: 500, Fixed: d("16.8"), PerKg: d("72")},
			{ServiceID: "CN-POST-ECO", Zone: "EU1", FromG: 500, ToG: 2000, Fixed: d("21.3"), PerKg: d("63")},
			{ServiceID: "CN-POST-ECO", Zone: "EU2", FromG: 0, ToG: 500, Fixed: d("15.6"), PerKg: d("66")},
			{ServiceID: "CN-POST-ECO", Zone: "EU2", FromG: 500, ToG: 2000, Fixed: d("19.6"), PerKg: d("58")},
			{ServiceID: "CN-POST-ECO", Zone: "CA", FromG: 0, ToG: 500, Fixed: d("22.4"), PerKg: d("95")},
			{ServiceID: "CN-POST-ECO", Zone: "CA", FromG: 500, ToG: 2000, Fixed: d("27.9"), PerKg: d("84")},
			{ServiceID: "CN-POST-ECO", Zone: "AU", FromG: 0, ToG: 500, Fixed: d("19.9"), PerKg: d("88")},
			{ServiceID: "CN-POST-ECO", Zone: "AU", FromG: 500, ToG: 2000, Fixed: d("24.8"), PerKg: d("79")},
			{ServiceID: "FDX-IP", Zone: "EU", FromG: 0, ToG: 500, Fixed: d("38.5"), PerKg: d("0")},
			{ServiceID: "FDX-IP", Zone: "EU", FromG: 500, ToG: 2500, Fixed: d("29"), PerKg: d("19")},
			{ServiceID: "FDX-IP", Zone: "EU", FromG: 2500, ToG: 0, Fixed: d("41"), PerKg: d("14.2")},
			{ServiceID: "FDX-IP", Zone: "NA", FromG: 0, ToG: 500, Fixed: d("42"), PerKg: d("0")},
			{ServiceID: "FDX-IP", Zone: "NA", FromG: 500, ToG: 0, Fixed: d("33.5"), PerKg: d("21.4")},
			{ServiceID: "FDX-IP", Zone: "OC", FromG: 0, ToG: 500, Fixed: d("40.5"), PerKg: d("0")},
			{ServiceID: "FDX-IP", Zone: "OC", FromG: 500, ToG: 0, Fixed: d("31"), PerKg: d("20.6")},
			{ServiceID: "SUNYOU-EU", Zone: "F", FromG: 0, ToG: 15000, Fixed: d("24"), PerKg: d("61.5")},
			{ServiceID: "SUNYOU-EU", Zone: "I", FromG: 0, ToG: 15000, Fixed: d("26.5"), PerKg: d("64.8")},
			{ServiceID: "SUNYOU-EU", Zone: "P", FromG: 0, ToG: 15000, Fixed: d("22"), PerKg: d("58.2")},
			{ServiceID: "COLISSIMO-FR", Zone: "FR", FromG: 0, ToG: 1000, Fixed: d("6.25"), PerKg: d("0")},
			{ServiceID: "COLISSIMO-FR", Zone: "FR", FromG: 1000, ToG: 5000, Fixed: d("7.9"), PerKg: d("0")},
			{ServiceID: "COLISSIMO-FR", Zone: "FR", FromG: 5000, ToG: 30000, Fixed: d("9.4"), PerKg: d("0.38")},
			{ServiceID: "COLISSIMO-FR", Zone: "CORSE", FromG: 0, ToG: 30000, Fixed: d("11.2"), PerKg: d("0.55")},
			{ServiceID: "DPD-PL", Zone: "PL", FromG: 0, ToG: 5000, Fixed: d("14.9"), PerKg: d("0")},
			{ServiceID: "DPD-PL", Zone: "PL", FromG: 5000, ToG: 31500, Fixed: d("17.5"), PerKg: d("0.45")},
			{ServiceID: "DPD-PL", Zone: "CE", FromG: 0, ToG: 31500, Fixed: d("32"), PerKg: d("1.1")},
			{ServiceID: "STUART-PAR", Zone: "P1", FromG: 0, ToG: 20000, Fixed: d("7.8"), PerKg: d("0.4")},
			{ServiceID: "STUART-PAR", Zone: "P2", FromG: 0, ToG: 20000, Fixed: d("9.6"), PerKg: d("0.4")},
		},
		Surcharges: []logistics.Surcharge{
			{ServiceID: "FDX-IP", Kind: logistics.Remote, Country: "IT", PostalPrefix: "98", FromDate: logistics.NoDate, ToDate: logistics.NoDate, MinSideMM: 0, Fixed: d("0"), PerKg: d("0.62"), Min: d("26.5"), Pct: d("0")},
			{ServiceID: "FDX-IP", Kind: logistics.Remote, Country: "IT", PostalPrefix: "9805", FromDate: logistics.NoDate, ToDate: logistics.NoDate, MinSideMM: 0, Fixed: d("42"), PerKg: d("0"), Min: d("0"), Pct: d("0")},
			{ServiceID: "FDX-IP", Kind: logistics.Oversize, Country: "", PostalPrefix: "", FromDate: logistics.NoDate, ToDate: logistics.NoDate, MinSideMM: 1200, Fixed: d("85"), PerKg: d("0"), Min: d("0"), Pct: d("0")},
			{ServiceID: "FDX-IP", Kind: logistics.Peak, Country: "", PostalPrefix: "", FromDate: date("2026-11-16"), ToDate: date("2027-01-10"), MinSideMM: 0, Fixed: d("0"), PerKg: d("0.85"), Min: d("0"), Pct: d("0")},
			{ServiceID: "SUNYOU-EU", Kind: logistics.Remote, Country: "IT", PostalPrefix: "9805", FromDate: logistics.NoDate, ToDate: logistics.NoDate, MinSideMM: 0, Fixed: d("18"), PerKg: d("0"), Min: d("0"), Pct: d("8")},
			{ServiceID: "COLISSIMO-FR", Kind: logistics.Remote, Country: "FR", PostalPrefix: "20", FromDate: logistics.NoDate, ToDate: logistics.NoDate, MinSideMM: 0, Fixed: d("3.9"), PerKg: d("0"), Min: d("0"), Pct: d("0")},
		},
		Warehouses: []logistics.Warehouse{
			{ID: "WH-PL-WAW", Kind: logistics.Overseas, Country: "PL", Serves: []string{"PL", "CZ", "SK"}, Currency: "PLN", PickPerOrder: d("6.5"), PickPerExtraUnit: d("1.2"), StoragePerM3Day: d("2.4"), DaysInStock: 60, HeadhaulPerKg: d("5.8"), HandlingDays: 1, DeliveryService: "DPD-PL", ColdChainFee: d("0")},
			{ID: "FW-FR-PAR", Kind: logistics.Forward, Country: "FR", Serves: []string{"FR:75", "FR:92"}, Currency: "EUR", PickPerOrder: d("2.4"), PickPerExtraUnit: d("0.35"), StoragePerM3Day: d("1.8"), DaysInStock: 15, HeadhaulPerKg: d("2.9"), HandlingDays: 0, DeliveryService: "STUART-PAR", ColdChainFee: d("4.2")},
		},
		Lanes: []logistics.Lane{
			{ID: "LANE-SZX-CDG", Destination: "FR", Currency: "USD", FirstMilePerParcel: d("0.45"), DepartureWeekdays: []time.Weekday{time.Wednesday, time.Saturday}, HubCutoffDays: 2, LinehaulDays: 5, DestHandlingPerParcel: d("0.85"), DestHandlingDays: 1, DeliveryService: "COLISSIMO-FR", Allocation: logistics.ByChargeable, Divisor: 6000},
		},
		Tiers: []logistics.Tier{
			{LaneID: "LANE-SZX-CDG", FromKg: d("0"), PerKg: d("6.1"), MinBatchCharge: d("55")},
			{LaneID: "LANE-SZX-CDG", FromKg: d("20"), PerKg: d("4.4"), MinBatchCharge: d("0")},
		},
		Duties: []logistics.Duty{
			{Country: "FR", ValidFrom: date("2022-01-01"), Currency: "EUR", DutyFreeThreshold: d("150"), DutyRatePct: d("3.7"), FlatDutyPerLine: d("0"), Valuation: logistics.CIF, ClearanceFeePerParcel: d("0")},
			{Country: "FR", ValidFrom: date("2026-07-01"), Currency: "EUR", DutyFreeThreshold: d("150"), DutyRatePct: d("3.7"), FlatDutyPerLine: d("3"), Valuation: logistics.CIF, ClearanceFeePerParcel: d("0")},
			{Country: "IT", ValidFrom: date("2022-01-01"), Currency: "EUR", DutyFreeThreshold: d("150"), DutyRatePct: d("4.4"), FlatDutyPerLine: d("0"), Valuation: logistics.CIF, ClearanceFeePerParcel: d("0")},
			{Country: "IT", ValidFrom: date("2026-07-01"), Currency: "EUR", DutyFreeThreshold: d("150"), DutyRatePct: d("4.4"), FlatDutyPerLine: d("3"), Valuation: logistics.CIF, ClearanceFeePerParcel: d("0")},
			{Country: "ES", ValidFrom: date("2022-01-01"), Currency: "EUR", DutyFreeThreshold: d("150"), DutyRatePct: d("4"), FlatDutyPerLine: d("0"), Valuation: logistics.CIF, ClearanceFeePerParcel: d("0")},
			{Country: "ES", ValidFrom: date("2026-07-01"), Currency: "EUR", DutyFreeThreshold: d("150"), DutyRatePct: d("4"), FlatDutyPerLine: d("3"), Valuation: logistics.CIF, ClearanceFeePerParcel: d("0")},
			{Country: "PL", ValidFrom: date("2022-01-01"), Currency: "EUR", DutyFreeThreshold: d("150"), DutyRatePct: d("4.1"), FlatDutyPerLine: d("0"), Valuation: logistics.CIF, ClearanceFeePerParcel: d("0")},
			{Country: "PL", ValidFrom: date("2026-07-01"), Currency: "EUR", DutyFreeThreshold: d("150"), DutyRatePct: d("4.1"), FlatDutyPerLine: d("3"), Valuation: logistics.CIF, ClearanceFeePerParcel: d("0")},
			{Country: "CA", ValidFrom: date("2018-06-01"), Currency: "CAD", DutyFreeThreshold: d("20"), DutyRatePct: d("8"), FlatDutyPerLine: d("0"), Valuation: logistics.FOB, ClearanceFeePerParcel: d("9.95")},
			{Country: "AU", ValidFrom: date("2018-07-01"), Currency: "AUD", DutyFreeThreshold: d("1000"), DutyRatePct: d("5"), FlatDutyPerLine: d("0"), Valuation: logistics.FOB, ClearanceFeePerParcel: d("0")},
		},
		Compliance: []logistics.Rule{
			{Country: "*", Category: "fresh_food", AllowedModes: []logistics.Mode{logistics.ModeLocal}, Note: "fresh food is delivered chilled from a forward warehouse only"},
			{Country: "*", Category: "medical", AllowedModes: []logistics.Mode{logistics.ModeLocal, logistics.ModeWarehouse}, Note: "medical devices ship only from registered stock in the destination market"},
		},
		Products: []logistics.Product{
			{SKU: "SCARF-SILK", Title: "Silk scarf 90 cm", WeightG: 85, LengthMM: 250, WidthMM: 180, HeightMM: 15, Category: "apparel", UnitCost: d("38"), Currency: "CNY", HSCode: "6214.10"},
			{SKU: "SCARF-SILK-XL", Title: "Silk scarf 140 cm", WeightG: 120, LengthMM: 300, WidthMM: 220, HeightMM: 20, Category: "apparel", UnitCost: d("52"), Currency: "CNY", HSCode: "6214.10"},
			{SKU: "CHOPSTICKS", Title: "Chopsticks, 5 pairs", WeightG: 60, LengthMM: 260, WidthMM: 60, HeightMM: 25, Category: "general", UnitCost: d("6.5"), Currency: "CNY", HSCode: "4419.90"},
			{SKU: "PHONE-STAND", Title: "Aluminium phone stand", WeightG: 140, LengthMM: 150, WidthMM: 80, HeightMM: 30, Category: "electronics", UnitCost: d("7.8"), Currency: "CNY", HSCode: "7616.99"},
			{SKU: "BASKET-RATTAN", Title: "Rattan storage basket", WeightG: 870, LengthMM: 350, WidthMM: 300, HeightMM: 120, Category: "general", UnitCost: d("21"), Currency: "CNY", HSCode: "4602.12"},
			{SKU: "TEAPOT-CI", Title: "Cast-iron teapot 0.9 l", WeightG: 1450, LengthMM: 200, WidthMM: 170, HeightMM: 140, Category: "general", UnitCost: d("62"), Currency: "CNY", HSCode: "7323.91"},
			{SKU: "MUG-350", Title: "Ceramic mug 350 ml", WeightG: 380, LengthMM: 125, WidthMM: 95, HeightMM: 105, Category: "general", UnitCost: d("9.5"), Currency: "CNY", HSCode: "6912.00"},
			{SKU: "PUZZLE-1000", Title: "Jigsaw puzzle 1000 pieces", WeightG: 680, LengthMM: 380, WidthMM: 270, HeightMM: 55, Category: "general", UnitCost: d("24"), Currency: "CNY", HSCode: "9503.00"},
			{SKU: "HANDBAG-LTH", Title: "Leather handbag", WeightG: 720, LengthMM: 320, WidthMM: 250, HeightMM: 120, Category: "apparel", UnitCost: d("160"), Currency: "CNY", HSCode: "4202.21"},
			{SKU: "PLANTER-SET", Title: "Ceramic planters, set of 3", WeightG: 6800, LengthMM: 400, WidthMM: 400, HeightMM: 350, Category: "general", UnitCost: d("88"), Currency: "CNY", HSCode: "6913.90"},
			{SKU: "LYCHEE-1KG", Title: "Fresh lychees 1 kg", WeightG: 1080, LengthMM: 300, WidthMM: 200, HeightMM: 120, Category: "fresh_food", UnitCost: d("28"), Currency: "CNY", HSCode: "0810.90"},
			{SKU: "THERMO-IR", Title: "Infrared thermometer", WeightG: 160, LengthMM: 160, WidthMM: 100, HeightMM: 50, Category: "medical", UnitCost: d("42"), Currency: "CNY", HSCode: "9025.19"},
			{SKU: "POWERBANK-10K", Title: "Power bank 10000 mAh", WeightG: 230, LengthMM: 145, WidthMM: 70, HeightMM: 25, Category: "battery", UnitCost: d("35"), Currency: "CNY", HSCode: "8507.60"},
			{SKU: "STAND-MIXER", Title: "Stand mixer 5 l", WeightG: 8000, LengthMM: 380, WidthMM: 230, HeightMM: 360, Category: "electronics", UnitCost: d("320"), Currency: "CNY", HSCode: "8509.40"},
		},
		Stock: []logistics.Stock{
			{WarehouseID: "WH-PL-WAW", SKU: "TEAPOT-CI", OnHand: 3},
			{WarehouseID: "WH-PL-WAW", SKU: "MUG-350", OnHand: 12},
			{WarehouseID: "WH-PL-WAW", SKU: "PUZZLE-1000", OnHand: 6},
			{WarehouseID: "WH-PL-WAW", SKU: "THERMO-IR", OnHand: 10},
			{WarehouseID: "FW-FR-PAR", SKU: "LYCHEE-1KG", OnHand: 4},
			{WarehouseID: "FW-FR-PAR", SKU: "THERMO-IR", OnHand: 5},
			{WarehouseID: "FW-FR-PAR", SKU: "SCARF-SILK", OnHand: 8},
		},
	}
}

func d(s string) logistics.Dec {
	v, err := logistics.ParseDec(s)
	if err != nil {
		panic(err)
	}
	return v
}

func date(s string) logistics.Date {
	v, err := logistics.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}
