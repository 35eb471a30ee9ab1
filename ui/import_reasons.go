package ui

import (
	"slices"
	"strings"

	"shipmode/ingest"
	"shipmode/logistics"
)

// zhImport is the Chinese of every reason an import gives for a rejected row or a
// missing column (the catalog of ingest.Phrases), with the same {placeholders}. The
// values — cells as read, headers, field names, numbers, codes — stay as the file
// has them.
var zhImport = map[string]string{
	"row.emptyRef":             "订单号为空",
	"row.ebayFooter":           "eBay 导出文件的页脚，不是订单",
	"row.emptyMarketplace":     "平台为空",
	"row.extraCells":           "该行有 {cells} 个单元格，但表头只有 {columns} 列（多了分隔符或引号？）",
	"row.badOrderDate":         "下单日期 {value} 不是日期",
	"row.orderDateDiffers":     "下单日期 {value} 与第 {line} 行不同",
	"row.unknownCountry":       "未知国家 {value}（应为 ISO 3166 代码或英文国名）",
	"row.countryDiffers":       "国家 {code} 与该订单前面一行的 {earlier} 不同",
	"row.postalDiffers":        "邮编 {value} 与该订单前面一行的 {earlier} 不同",
	"row.badCurrency":          "币种 {value} 不是 ISO 4217 代码",
	"row.currencyDiffers":      "币种 {code} 与该订单前面一行的 {earlier} 不同",
	"row.badPromisedDays":      "承诺天数 {value} 不是整数天",
	"row.promisedDaysDiffer":   "承诺天数 {days} 与该订单前面一行的 {earlier} 不同",
	"row.badPromiseDate":       "承诺日期 {value} 不是日期",
	"row.unknownStatus":        "未知状态 {value}（应为 open、shipped、fulfilled 或 cancelled）",
	"row.orderCancelled":       "订单已取消（{column} {value}）",
	"row.noQuantity":           "数量为空",
	"row.badQuantity":          "数量 {value} 不是整数",
	"row.negativeQuantity":     "数量为负（{qty}）：这是退货或取消行，不是订单行",
	"row.zeroQuantity":         "数量为 0：无需发货（已取消的订单行）",
	"row.quantityTooLarge":     "数量 {qty} 超过单行上限 {max} 件",
	"row.lineCancelled":        "该订单行已取消（{column} {value}）",
	"row.badBool":              "{value} 不是 true 或 false",
	"row.noShipping":           "该订单行无需发货（礼品卡或数字商品）",
	"row.badUnitPrice":         "单价 {value} 不是金额",
	"row.badLinePrice":         "行金额 {value} 不是金额",
	"row.negativePrice":        "价格为负",
	"row.unknownSymbol":        "未知的货币符号 {symbol}",
	"row.ambiguousSymbol":      "货币符号 {symbol} 有歧义：请添加币种列，或在列映射中为币种填写所有行通用的值",
	"row.symbolDiffers":        "价格以 {symbol} 标示，但订单币种是 {currency}",
	"row.priceNoCurrency":      "价格没有币种：请添加币种列，或在列映射中为币种填写所有行通用的值",
	"row.priceCurrencyDiffers": "价格币种为 {currency}，但该订单前面一行的币种是 {earlier}",
	"row.noOrderDate":          "下单日期为空",
	"row.noCountry":            "国家为空",
	"row.orderDateInvalid":     "下单日期 {reason}",
	"row.promiseDateInvalid":   "承诺日期 {reason}",
	"row.notDayMonth":          "{date} 按“日/月”顺序不是有效日期",
	"row.notMonthDay":          "{date} 按“月/日”顺序不是有效日期",
	"row.promiseBeforeOrder":   "承诺日期 {date} 早于下单日期 {orderDate}",
	"row.orderNotImported":     "订单 {ref} 未导入：第 {line} 行：{reason}",
	"row.noLines":              "该订单没有需要发货的订单行",
	"row.allCancelled":         "该订单的所有订单行都已取消",

	"row.emptySKU":       "SKU 为空",
	"row.skuRepeated":    "SKU {sku} 已在第 {line} 行出现",
	"row.noWeight":       "重量为空",
	"row.weight":         "重量 {reason}",
	"row.dimension":      "尺寸 {reason}",
	"row.notNumber":      "{value} 不是数字",
	"row.negative":       "{value} 为负数",
	"row.badUnitCost":    "单位成本 {value} 不是金额",
	"row.costNoCurrency": "单位成本没有币种：请添加币种列",
	"row.emptyWarehouse": "仓库编号（warehouse_id）为空",
	"row.stockRepeated":  "{warehouse} {sku} 已在第 {line} 行出现",
	"row.badOnHand":      "库存数（on_hand）{value} 不是大于等于 0 的整数",

	"column.mapNoColumn":   "为 {field} 选择的列 {header} 不在文件中",
	"column.missingField":  "没有哪一列是 {field}：请在列映射中为它选择一列，或填写所有行通用的值",
	"column.missing":       "缺少必需的列",
	"column.missingWeight": "缺少必需的列（weight_g 或 weight_kg）",

	"value.empty":          "值为空",
	"value.unknownCountry": "未知国家",
	"value.notWhole":       "不是整数",
	"value.notTrueOrFalse": "不是 true 或 false",

	"row.notYearMonthDay":   "{date} 按“年/月/日”顺序不是有效日期",
	"note.splitOrders":      "文件中各行不相邻的订单：{count} 个，每个都已按其全部行完整读取",
	"note.namedLines":       "没有 SKU 的订单行：{count} 行，各以商品名称（name:…）为键，需要商品资料",
	"date.dayMonth":         "日/月",
	"date.monthDay":         "月/日",
	"date.yearMonthDay":     "年/月/日",
	"date.requested":        "{order}，按所选顺序",
	"date.dayMonthByValue":  "日/月：第 {line} 行的 {value} 第一个字段大于 12",
	"date.monthDayByValue":  "月/日：第 {line} 行的 {value} 第二个字段大于 12",
	"date.byStyle":          "月/日：没有值能确定顺序，但第 {line} 行的 {value} 是 M/D/YY 写法（第二个字段只有一位；日在前的导出文件会把月份写成两位）",
	"date.semicolonDefault": "日/月：没有值能确定顺序，这是分号分隔文件的默认（推测：如不对，请选择日期顺序）",
	"date.byDefault":        "{order}：没有值能确定顺序，这是 {format} 格式的默认（推测：如不对，请选择日期顺序）",

	"row.quoteRunsOn":       "从第 {line} 行开始的带引号单元格跨越 {lines} 行、超过 32,767 个字符：是否有未闭合的引号？（拒绝行文件只保留前 32,767 个字符）",
	"row.cellTooLong":       "该单元格超过 Excel 的 32,767 个字符（{size}）：拒绝行文件只保留前 32,767 个",
	"row.rowTooLong":        "该行超过 {max}（{size}）：拒绝行文件中从这一列起的单元格留空",
	"row.tooManyCells":      "该行有 {cells} 个单元格，超过 Excel 的 16,384 列：拒绝行文件只保留前 16,384 个",
	"row.notUTF8":           "该单元格不是 UTF-8 文本（第 {chars} 个字符后的字节 {byte}）：请将文件另存为 UTF-8；拒绝行文件以 \uFFFD 显示这类字节",
	"row.nul":               "该单元格在第 {chars} 个字符后含有 NUL 字符（二进制数据，不是文本）：拒绝行文件会省略它",
	"row.openQuote":         "从第 {line} 行开始的带引号单元格没有闭合：文件在其中结束（文件被截断？）",
	"file.noHeader":         "文件为空：没有表头行",
	"file.noHeaderSheet":    "工作表 {sheet} 为空：没有表头行",
	"file.headerTooLong":    "表头行超过 {max}：不是表头",
	"file.headerTooWide":    "表头行有 {columns} 列，超过 Excel 的 16,384 列",
	"file.binary":           "文件是二进制数据，不是文本：不是 CSV、TSV 或 .xlsx 导出文件",
	"file.utf16":            "文件是没有字节顺序标记的 UTF-16 文本：请另存为 CSV UTF-8（或带标记的 Unicode 文本）",
	"file.notWorkbook":      "不是 .xlsx 工作簿：运费表必须是工作簿（可从运费表模板开始）",
	"file.oldXLS":           "旧版 .xls 工作簿（Excel 97–2003）：请另存为 .xlsx 或 CSV",
	"file.encrypted":        "受密码保护的工作簿：请另存一份不带密码的副本再导入",
	"file.damagedXLSX":      "损坏的 .xlsx 工作簿：请在 Excel 中打开并重新保存",
	"file.noSheet":          "没有可读的工作表：文件不是 .xlsx 工作簿，或是空工作簿",
	"file.xlsxTooLarge":     "工作簿大于 {max}：超出导出文件所需",
	"file.unpacksTooLarge":  "工作簿解压后超过 {max}：超出导出文件所需",
	"file.tooManyParts":     "工作簿由 {count} 个部件组成，超过导出文件所需的 {max} 个",
	"file.partTooLarge":     "工作簿部件 {part} 解压后为 {size}，超过此类部件所需的 {max}",
	"file.tooManyStrings":   "工作簿的共享字符串超过 {max} 条：超出导出文件所需",
	"file.zipBomb":          "工作簿部件 {part} 解压后是其大小的 {ratio} 倍（达 {size}）：这是压缩炸弹，不是导出文件",
	"file.tooManyRows":      "工作表 {sheet} 超过 Excel 的 1,048,576 行",
	"file.sheetRowTooLarge": "工作表 {sheet} 的第 {row} 行在工作簿中超过 {max}：超出一行所需",
	"file.sheetNotText":     "损坏的 .xlsx 工作簿：工作表 {sheet} 的第 {row} 行含有非文本字节",
	"file.sheetCut":         "损坏的 .xlsx 工作簿：工作表 {sheet} 从第 {row} 行起无法读取",

	"invoice.empty":            "{field} 为空",
	"invoice.noTrackingOrRef":  "既没有运单号也没有订单号：无法将该行对应到订单",
	"invoice.badDate":          "账单日期 {value} 不是日期",
	"invoice.dateInvalid":      "账单日期 {reason}",
	"invoice.badAmount":        "金额 {value} 不是金额",
	"invoice.unknownCharge":    "未知费用类型 {value}（应为 freight、fuel、surcharge、fee、duty 或 credit）",
	"invoice.badWeight":        "计费重量 {value} 不是大于等于 0 的整克数",
	"invoice.totalMismatch":    "各项费用合计为 {sum}，与总费用 {total} 不符",
	"invoice.noHeader":         "没有账单号：该行没有，前面也没有账单表头行（Line Type I）",
	"invoice.unknownLineType":  "未知行类型 {value}（I 为账单表头，S 为运单）",
	"invoice.amountNoCurrency": "金额没有币种：请添加币种列，或在列映射中为币种填写所有行通用的值",
	"invoice.symbolDiffers":    "金额的币种符号是 {symbol}，但该行的币种是 {currency}",
	"invoice.currencyDiffers":  "同一行的金额分别是 {currency} 和 {other}",
	"invoice.noCharge":         "该行没有任何费用：所有费用列都没有金额",

	"text": "{text}",
}

// enImportWindow is the English of the import reasons whose catalog text names a
// command-line option (--map, --set): the window says what to do in its own
// words, with the same {placeholders}. The command line, the rejected-rows file
// and every other reason keep the catalog's English.
var enImportWindow = map[string]string{
	"row.ambiguousSymbol":      "currency symbol {symbol} is ambiguous: add a currency column, or give the currency a value for every row in the column mapping",
	"row.priceNoCurrency":      "the price has no currency: add a currency column, or give the currency a value for every row in the column mapping",
	"column.mapNoColumn":       "the column {header} chosen for {field} is not in the file",
	"column.missingField":      "no column holds {field}: choose its column in the column mapping, or give it a value for every row",
	"invoice.amountNoCurrency": "the amount has no currency: add a currency column, or give the currency a value for every row in the column mapping",
}

// importReason is why an import rejected a row or stopped at a column, in the
// current language: its sentence said again, or the English when it has none (an
// error made by hand).
func (e *env) importReason(why *logistics.Sentence, english string) string {
	return e.renderImportReason(why, english, nil)
}

func (e *env) renderImportReason(why *logistics.Sentence, english string, value func(logistics.Arg) string) string {
	if why.Key == "" {
		return english
	}
	if e.tr.lang == langEnglish {
		// (a reason nested in another may name an option too)
		return string(why.Append(nil, func(key string) string { return enImportWindow[key] }, value))
	}
	return string(why.Append(nil, e.tr.phrasesIn(zhImport), value))
}

// notes are how a file was read (ingest's notes), one per line after a line
// break, in the current language; "" when there are none.
func (e *env) notes(ns []logistics.Sentence) string {
	var b strings.Builder
	for i := range ns {
		b.WriteString("\n")
		b.WriteString(e.importReason(&ns[i], ns[i].String()))
	}
	return b.String()
}

// optionProblem is why a value given for every row (the mapping step's constants,
// --set) cannot be used, in the current language.
func (e *env) optionProblem(oe *ingest.OptionError) string {
	what := oe.Field
	if f := strings.ToLower(strings.TrimSpace(oe.Field)); slices.Contains(mappedFields, f) {
		what = e.Tf("import.setField", e.T("field."+f))
	}
	return e.Tf("err.option", what, oe.Value, e.importReason(&oe.Why, oe.Reason))
}
