package ui

import (
	"maps"
	"path/filepath"

	"shipmode/ops"
)

// The rate book's sheets and columns by readable names, in English and Chinese:
// the Rate book screen titles its picker and columns with them (the workbook
// keeps the ids of SPEC §4, which the cell editor names beside them).
func init() {
	maps.Copy(en, enRateBookNames)
	maps.Copy(zh, zhRateBookNames)
}

var enRateBookNames = map[string]string{
	"rb.sheetName.settings":       "Settings",
	"rb.sheetName.fx":             "Exchange rates",
	"rb.sheetName.services":       "Carrier services",
	"rb.sheetName.zones":          "Zones",
	"rb.sheetName.rates":          "Rates",
	"rb.sheetName.surcharges":     "Surcharges",
	"rb.sheetName.warehouses":     "Warehouses",
	"rb.sheetName.consolidation":  "Consolidation lanes",
	"rb.sheetName.linehaul_tiers": "Line-haul tiers",
	"rb.sheetName.duties":         "Duties",
	"rb.sheetName.compliance":     "Compliance",
	"rb.sheetName.products":       "Products",
	"rb.sheetName.stock":          "Stock",

	"rb.col.key":                      "Setting",
	"rb.col.value":                    "Value",
	"rb.col.currency":                 "Currency",
	"rb.col.rate_to_base":             "Rate to base currency",
	"rb.col.valid_from":               "Valid from",
	"rb.col.service_id":               "Service",
	"rb.col.mode":                     "Mode",
	"rb.col.carrier":                  "Carrier",
	"rb.col.name":                     "Name",
	"rb.col.divisor":                  "Volumetric divisor (cm³/kg)",
	"rb.col.volumetric_ratio":         "Volumetric ratio",
	"rb.col.increment_g":              "Weight step (g)",
	"rb.col.min_charge_g":             "Minimum charged (g)",
	"rb.col.max_weight_g":             "Maximum weight (g)",
	"rb.col.max_side_mm":              "Longest side max (mm)",
	"rb.col.transit_min_days":         "Transit min (days)",
	"rb.col.transit_max_days":         "Transit max (days)",
	"rb.col.fuel_pct":                 "Fuel (%)",
	"rb.col.forbidden_categories":     "Forbidden categories",
	"rb.col.country":                  "Country",
	"rb.col.postal_prefix":            "Postal code prefix",
	"rb.col.zone":                     "Zone",
	"rb.col.from_g":                   "Above (g)",
	"rb.col.to_g":                     "Up to (g)",
	"rb.col.fixed":                    "Fixed",
	"rb.col.per_kg":                   "Per kg",
	"rb.col.kind":                     "Kind",
	"rb.col.from_date":                "From date",
	"rb.col.to_date":                  "To date",
	"rb.col.min_side_mm":              "From longest side (mm)",
	"rb.col.min":                      "Minimum",
	"rb.col.pct":                      "Percent of freight",
	"rb.col.warehouse_id":             "Warehouse",
	"rb.col.serves":                   "Serves",
	"rb.col.pick_per_order":           "Pick per order",
	"rb.col.pick_per_extra_unit":      "Pick per extra unit",
	"rb.col.storage_per_m3_day":       "Storage per m³ a day",
	"rb.col.days_in_stock":            "Days in stock",
	"rb.col.headhaul_per_kg":          "Head-haul per kg",
	"rb.col.handling_days":            "Handling (days)",
	"rb.col.delivery_service":         "Delivery service",
	"rb.col.cold_chain_fee":           "Cold-chain fee",
	"rb.col.lane_id":                  "Lane",
	"rb.col.destination":              "Destination",
	"rb.col.first_mile_per_parcel":    "First mile per parcel",
	"rb.col.departure_weekdays":       "Departure days",
	"rb.col.hub_cutoff_days":          "Hub cut-off (days)",
	"rb.col.linehaul_days":            "Line-haul (days)",
	"rb.col.dest_handling_per_parcel": "Destination handling per parcel",
	"rb.col.dest_handling_days":       "Destination handling (days)",
	"rb.col.allocation":               "Cost shared by",
	"rb.col.from_kg":                  "From batch (kg)",
	"rb.col.min_batch_charge":         "Minimum batch charge",
	"rb.col.duty_free_threshold":      "Duty-free up to",
	"rb.col.duty_rate_pct":            "Duty rate (%)",
	"rb.col.flat_duty_per_line":       "Flat duty per line",
	"rb.col.valuation":                "Valuation",
	"rb.col.clearance_fee_per_parcel": "Clearance fee per parcel",
	"rb.col.category":                 "Category",
	"rb.col.allowed_modes":            "Allowed modes",
	"rb.col.note":                     "Note",
	"rb.col.sku":                      "SKU",
	"rb.col.title":                    "Title",
	"rb.col.weight_g":                 "Weight (g)",
	"rb.col.length_mm":                "Length (mm)",
	"rb.col.width_mm":                 "Width (mm)",
	"rb.col.height_mm":                "Height (mm)",
	"rb.col.unit_cost":                "Unit cost",
	"rb.col.hs_code":                  "HS code",
	"rb.col.on_hand":                  "On hand",

	"rb.editColumn":      "%s (%s)",
	"rb.source.demo":     "demo data",
	"rb.source.window":   "edited in the window",
	"rb.source.settings": "changed in Settings",
}

var zhRateBookNames = map[string]string{
	"rb.sheetName.settings":       "设置",
	"rb.sheetName.fx":             "汇率",
	"rb.sheetName.services":       "承运商服务",
	"rb.sheetName.zones":          "分区",
	"rb.sheetName.rates":          "运价",
	"rb.sheetName.surcharges":     "附加费",
	"rb.sheetName.warehouses":     "仓库",
	"rb.sheetName.consolidation":  "集运线路",
	"rb.sheetName.linehaul_tiers": "干线阶梯价",
	"rb.sheetName.duties":         "关税",
	"rb.sheetName.compliance":     "合规",
	"rb.sheetName.products":       "商品",
	"rb.sheetName.stock":          "库存",

	"rb.col.key":                      "设置项",
	"rb.col.value":                    "值",
	"rb.col.currency":                 "币种",
	"rb.col.rate_to_base":             "对本位币汇率",
	"rb.col.valid_from":               "生效日期",
	"rb.col.service_id":               "服务",
	"rb.col.mode":                     "模式",
	"rb.col.carrier":                  "承运商",
	"rb.col.name":                     "名称",
	"rb.col.divisor":                  "体积重除数（cm³/kg）",
	"rb.col.volumetric_ratio":         "体积重比例",
	"rb.col.increment_g":              "计重进位（克）",
	"rb.col.min_charge_g":             "最低计费重（克）",
	"rb.col.max_weight_g":             "最大重量（克）",
	"rb.col.max_side_mm":              "最长边上限（毫米）",
	"rb.col.transit_min_days":         "最短时效（天）",
	"rb.col.transit_max_days":         "最长时效（天）",
	"rb.col.fuel_pct":                 "燃油费（%）",
	"rb.col.forbidden_categories":     "禁运类别",
	"rb.col.country":                  "国家",
	"rb.col.postal_prefix":            "邮编前缀",
	"rb.col.zone":                     "分区",
	"rb.col.from_g":                   "高于（克）",
	"rb.col.to_g":                     "至（克）",
	"rb.col.fixed":                    "固定费",
	"rb.col.per_kg":                   "每公斤",
	"rb.col.kind":                     "类型",
	"rb.col.from_date":                "开始日期",
	"rb.col.to_date":                  "结束日期",
	"rb.col.min_side_mm":              "最长边起（毫米）",
	"rb.col.min":                      "最低收费",
	"rb.col.pct":                      "运费百分比",
	"rb.col.warehouse_id":             "仓库",
	"rb.col.serves":                   "服务范围",
	"rb.col.pick_per_order":           "每单拣货费",
	"rb.col.pick_per_extra_unit":      "每增加一件拣货费",
	"rb.col.storage_per_m3_day":       "每立方米每天仓储费",
	"rb.col.days_in_stock":            "在库天数",
	"rb.col.headhaul_per_kg":          "头程每公斤",
	"rb.col.handling_days":            "处理时间（天）",
	"rb.col.delivery_service":         "派送服务",
	"rb.col.cold_chain_fee":           "冷链费",
	"rb.col.lane_id":                  "线路",
	"rb.col.destination":              "目的国",
	"rb.col.first_mile_per_parcel":    "每件头公里费",
	"rb.col.departure_weekdays":       "发运日",
	"rb.col.hub_cutoff_days":          "集货截止（天）",
	"rb.col.linehaul_days":            "干线（天）",
	"rb.col.dest_handling_per_parcel": "目的地每件处理费",
	"rb.col.dest_handling_days":       "目的地处理（天）",
	"rb.col.allocation":               "费用分摊方式",
	"rb.col.from_kg":                  "批次起（公斤）",
	"rb.col.min_batch_charge":         "批次最低收费",
	"rb.col.duty_free_threshold":      "免税额度",
	"rb.col.duty_rate_pct":            "税率（%）",
	"rb.col.flat_duty_per_line":       "每行固定税额",
	"rb.col.valuation":                "计税方式",
	"rb.col.clearance_fee_per_parcel": "每件清关费",
	"rb.col.category":                 "类别",
	"rb.col.allowed_modes":            "允许的模式",
	"rb.col.note":                     "说明",
	"rb.col.sku":                      "SKU",
	"rb.col.title":                    "品名",
	"rb.col.weight_g":                 "重量（克）",
	"rb.col.length_mm":                "长（毫米）",
	"rb.col.width_mm":                 "宽（毫米）",
	"rb.col.height_mm":                "高（毫米）",
	"rb.col.unit_cost":                "单位成本",
	"rb.col.hs_code":                  "HS 编码",
	"rb.col.on_hand":                  "现有库存",

	"rb.editColumn":      "%s（%s）",
	"rb.source.demo":     "演示数据",
	"rb.source.window":   "在窗口中修改",
	"rb.source.settings": "在“设置”中修改",
}

// rateBookSources are the sources the program writes with a rate-book version,
// by their message keys (any other source is the file it was imported from).
var rateBookSources = map[string]string{
	"demo":                        "rb.source.demo",
	"edited in Shipmode":          "rb.source.window",
	"settings edited in Shipmode": "rb.source.settings",
}

// sourceText is a rate-book version's source in the current language: what the
// program wrote, translated, or the name of the file it came from.
func (e *env) sourceText(source string) string {
	if k, ok := rateBookSources[source]; ok {
		return e.T(k)
	}
	if n, ok := ops.RolledBackTo(source); ok {
		return e.Tf("rb.source.rolledBack", n)
	}
	return filepath.Base(source)
}

// columnText is a rate-book column's readable name ("" for a column without one).
func (e *env) columnText(id string) string {
	if _, ok := e.tr.table["rb.col."+id]; ok {
		return e.T("rb.col." + id)
	}
	return id
}

// sheetText is a rate-book sheet's readable name.
func (e *env) sheetText(name string) string {
	if _, ok := e.tr.table["rb.sheetName."+name]; ok {
		return e.T("rb.sheetName." + name)
	}
	return name
}
