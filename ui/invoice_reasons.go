package ui

// zhFindings is the Chinese of every sentence reconciliation writes (the catalog of
// logistics.FindingPhrases), with the same {placeholders}, for the Invoices screen
// to say a finding's Detail through phrasesIn(zhFindings).
var zhFindings = map[string]string{
	"finding.over":           "账单金额 {invoiced}，计划 {planned}：多出 {variance}，超过容差 {tolerance}",
	"finding.under":          "账单金额 {invoiced}，计划 {planned}：少了 {variance}，超过容差 {tolerance}",
	"finding.weight":         "按 {billed} 克计费，计划为 {planned} 克：按该重量重新计价为 {rerated}；其中我们的重量或尺寸数据造成 {data}，承运商的价格造成 {price}",
	"finding.weightNoRerate": "按 {billed} 克计费，计划为 {planned} 克：{id} 无法按该重量重新计价（{reason}）",
	"finding.duplicate":      "运费在 {count} 张账单上重复计费：{invoices}",
	"finding.service":        "按 {service} 计费，计划为{mode} {id}",
	"finding.unplanned":      "账单金额 {invoiced}，但该订单没有选定方案：请先规划再对比",
	"finding.notBilled":      "{date} 下单并已发货，计划 {planned}，但 {days} 天后仍未收到账单（最新账单 {latest}）",
}
