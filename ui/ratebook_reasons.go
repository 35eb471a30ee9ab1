package ui

import (
	"strings"

	"shipmode/ingest"
	"shipmode/logistics"
)

// zhRateBook is the Chinese of every problem a rate book can have: the rules of
// logistics.RateBook.Validate (logistics.ValidationPhrases) and the cells the
// workbook reader refuses (ingest.RateBookPhrases), with the same {placeholders}.
// The values — cells as read, ids, codes, sheet and column names, numbers — stay as
// the workbook has them.
var zhRateBook = map[string]string{
	"problem.missingCountry":       "缺少国家",
	"problem.badCountry":           "国家 {value} 不是两个大写字母的 ISO 3166-1 代码",
	"problem.missingCurrency":      "缺少币种",
	"problem.badCurrency":          "{value} 不是 ISO 4217 币种代码",
	"problem.noFX":                 "币种 {currency} 在 fx 表中没有汇率行（基准币种 {base}）",
	"problem.missingColumn":        "缺少 {column}",
	"problem.spaces":               "{column} {value} 前后有空格",
	"problem.duplicateID":          "{column} {value} 重复",
	"problem.negative":             "不能为负数，当前为 {value}",
	"problem.unknownService":       "未知的服务 {id}",
	"problem.notDelivery":          "服务 {id} 的模式是 {mode}；尾程配送服务的模式必须是 last_mile 或 local",
	"problem.notPositive":          "必须大于 0，当前为 {value}",
	"problem.baseRate":             "基准币种 {currency} 的汇率必须为 1，当前为 {value}",
	"problem.duplicateFX":          "{currency} 自 {date} 起的汇率行重复",
	"problem.duplicateFXStart":     "{currency} 不限起始日期的汇率行重复",
	"problem.serviceMode":          "缺少模式或模式未知（应为 direct、last_mile 或 local）",
	"problem.increment":            "至少为 1 克，当前为 {value}",
	"problem.transitOrder":         "最长时效 transit_max_days {max} 小于最短时效 transit_min_days {min}",
	"problem.categorySpaces":       "品类 {value} 为空或前后有空格",
	"problem.missingZone":          "缺少分区",
	"problem.duplicateZone":        "{service} 在 {where} 的分区重复",
	"problem.zoneNotInZones":       "{service} 的分区 {zone} 在 zones 表中没有对应行",
	"problem.toNotAboveFrom":       "to_g {to} 必须大于 from_g {from}",
	"problem.unboundedNotLast":     "{service} 分区 {zone} 的无上限重量段 {band} 必须是最后一段，但 {next} 的起点更高",
	"problem.bandOverlap":          "{service} 分区 {zone} 的重量段 {band} 与重量段 {other} 重叠",
	"problem.bandGap":              "{service} 分区 {zone} 的重量段 {band} 与前一段 {other} 之间有空缺（from_g 应为 {from}）",
	"problem.band":                 "({from}, {to} 克]",
	"problem.bandUnbounded":        "({from} 克, 无上限)",
	"problem.surchargeKind":        "缺少类型或类型未知（应为 remote、oversize 或 peak）",
	"problem.dateOrder":            "结束日期 to_date {to} 早于开始日期 from_date {from}",
	"problem.warehouseKind":        "缺少类型或类型未知（应为 overseas 或 forward）",
	"problem.servesEntry":          "条目 {value} 必须是国家（FR）或“国家:邮编前缀”（FR:75）",
	"problem.servesPrefix":         "条目 {value} 的冒号后需要大写、不含空格的邮编前缀",
	"problem.noWeekday":            "没有发运日（例如 Tue,Fri）",
	"problem.badWeekday":           "无效的星期 {value}",
	"problem.allocation":           "缺少分摊方式或分摊方式未知（应为 chargeable、volume 或 value）",
	"problem.noZeroTier":           "线路 {lane} 在 linehaul_tiers 表中没有 from_kg 为 0 的行",
	"problem.unknownLane":          "未知的线路 {lane}",
	"problem.duplicateTier":        "{lane} 自 {kg} kg 起的干线运价档重复",
	"problem.duplicateDuties":      "{country} 自 {date} 起的关税行重复",
	"problem.duplicateDutiesStart": "{country} 不限起始日期的关税行重复",
	"problem.valuation":            "缺少完税价格基础或其值未知（应为 CIF 或 FOB）",
	"problem.missingCategory":      "缺少品类",
	"problem.duplicateRule":        "{country} 的品类 {category} 规则重复",
	"problem.unknownMode":          "未知的模式 {value}（应为 warehouse、local、consolidation 或 direct）",
	"problem.unknownWarehouse":     "未知的仓库 {id}",
	"problem.unknownSKU":           "未知的 SKU {sku}",
	"problem.duplicateStock":       "{warehouse} 中 {sku} 的库存行重复",
	"problem.tooLarge":             "不能大于 {max}，当前为 {value}",

	"cell.unknownSheet":     "未知的工作表 {sheet}（费率表的工作表为 {sheets}）",
	"cell.sheetRepeats":     "工作表 {sheet} 与工作表 {other} 重复",
	"cell.unreadableSheet":  "无法读取工作表：{error}",
	"cell.unreadableRow":    "无法读取该行：{error}",
	"cell.header":           "列标题：{reason}",
	"cell.unknownColumn":    "未知的列 {column}（{sheet} 的列为 {columns}）",
	"cell.columnRepeats":    "列 {column} 与 {letter} 列重复",
	"cell.missingColumn":    "缺少列 {column}",
	"cell.noHeader":         "{letter} 列有值，但没有列标题",
	"cell.valueWithoutKey":  "有值（value），但没有键（key）",
	"cell.unknownSetting":   "未知的设置项 {key}（设置项为 {keys}）",
	"cell.settingRepeats":   "设置项 {key} 与第 {row} 行重复",
	"cell.errorValue":       "单元格含有错误值 {value}",
	"cell.unreadableNumber": "无法读取数字 {value}：{error}",
	"cell.percent":          "单元格设为了百分比格式：请去掉百分比格式，直接写数值（26.25 % 写作 26.25）",
	"cell.dateFormat":       "单元格设为了日期格式：请写普通数字",
	"cell.notDecimal":       "{value} 不是十进制数",
	"cell.decimalComma":     "{value} 不是十进制数（请用小数点）",
	"cell.tooManyPlaces":    "数字 {value} 的小数超过 {places} 位",
	"cell.tooLarge":         "数字 {value} 过大",
	"cell.notWhole":         "不是整数：{value}",
	"cell.notDate":          "{value} 不是日期",
	"cell.numberNotDate":    "数字 {value} 不是日期：请把单元格设为日期格式，或写成 YYYY-MM-DD",
	"cell.timeOfDay":        "日期 {value} 带有时间：请只写日期",
	"cell.serialRange":      "日期序号 {value} 超出范围",
	"cell.notISODate":       "{value} 不是 YYYY-MM-DD 格式的日期",
	"cell.serviceMode":      "未知的模式 {value}（应为 direct、last_mile 或 local）",
	"cell.surchargeKind":    "未知的类型 {value}（应为 remote、oversize 或 peak）",
	"cell.warehouseKind":    "未知的类型 {value}（应为 overseas 或 forward）",
	"cell.allocation":       "未知的分摊方式 {value}（应为 chargeable、volume 或 value）",
	"cell.valuation":        "未知的完税价格基础 {value}（应为 CIF 或 FOB）",
	"cell.weekday":          "未知的星期 {value}（应为 Mon、Tue、Wed、Thu、Fri、Sat 或 Sun）",
	"cell.mode":             "未知的模式 {value}（应为 warehouse、local、consolidation 或 direct）",
}

// rateBookProblems lists the problems of a rate-book workbook, one "sheet!A1: reason"
// a line, in the current language: each reason said again from its sentence, or its
// English when it has none (an error made by hand). In English it is the error's
// own text.
func (e *env) rateBookProblems(err *ingest.RateBookError) string {
	return e.renderRateBookProblems(err, nil)
}

func (e *env) renderRateBookProblems(err *ingest.RateBookError, value func(logistics.Arg) string) string {
	if e.tr.lang == langEnglish {
		return err.Error()
	}
	var b []byte
	zh := e.tr.phrasesIn(zhRateBook)
	for i, p := range err.Problems {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, e.Tf("err.rateBookCell", ingest.SheetRef(p.Sheet), p.Cell)...)
		if i < len(err.Why) && err.Why[i].Key != "" {
			b = err.Why[i].Append(b, zh, value)
		} else {
			b = append(b, p.Reason...)
		}
	}
	return strings.TrimSpace(string(b))
}
