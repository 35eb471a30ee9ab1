package ui

import "shipmode/logistics"

// zhPhrases is the Chinese of every sentence shape the engine writes (the catalog of
// logistics.Phrases), with the same {placeholders}: the order detail says an
// option's reason and a decision's explanation, which are sentences of those
// phrases, in Chinese by their keys.
var zhPhrases = map[string]string{
	"reason.overflow":        "订单的数量或金额过大，无法计价",
	"reason.noSKU":           "有一行没有 SKU：需要商品资料",
	"reason.unknownSKU":      "未知 SKU {sku}：需要商品资料",
	"reason.forbidden":       "{category} 不得以{mode}方式寄往 {country}",
	"reason.unknownService":  "{id}：未知的配送服务 {svc}",
	"reason.noTiers":         "{id} 没有干线运价档",
	"reason.noDepartures":    "{id} 没有发运日",
	"reason.noFX":            "缺少 {cur} 在 {date} 的汇率",
	"reason.batch":           "{id} 于 {date} 发运，批次 {kg} kg（{parcels} 件），适用 {tier} kg 起的运价档",
	"reason.stock":           "{id} 的 {sku} 库存 {have} 件，需要 {need} 件",
	"reason.noPostal":        "{id} 不服务没有邮编的 {country} 地址",
	"reason.postalNotServed": "{id} 不服务 {country} {postal}",
	"reason.notServed":       "{id} 不服务 {country}",
	"reason.overWeight":      "{id}：{g} 克，超过其重量上限 {max} 克",
	"reason.overSide":        "{id}：最长边 {mm} 毫米，超过其上限 {max} 毫米",
	"reason.category":        "{id} 不承运 {category}",
	"reason.noRate":          "{id} 在分区 {zone} 没有 {g} 克的运价",
	"reason.viaZone":         "{id} 经 {svc} 配送，分区 {zone}",
	"reason.zone":            "{id} 分区 {zone}",
	"reason.via":             "{id} 的尾程配送：{reason}",
	"reason.duties":          "关税：{reason}",
	"reason.failed":          "{id}：{reason}",
	"reason.amountTooLarge":  "金额过大",
	"reason.negativePrice":   "运价表中有负价格",
	"reason.negativeCost":    "单位成本为负",
	"reason.note":            "合规规则：{note}",

	"explain.override":         "按指定模式保留为{mode}（{why}）：",
	"explain.noReason":         "未说明原因",
	"explain.cheapest":         "承诺时效内最便宜的方案：{mode} {id}，{money}",
	"explain.inDays":           "，{days} 天送达（承诺 {promise} 天）",
	"explain.runnerUpTie":      "；次优方案 {mode} {id} 价格相同，但按规则排在其后",
	"explain.runnerUp":         "；次优方案 {mode} {id} 贵 {more}",
	"explain.saver":            "；{mode} {id} 可省 {save}，但需要 {days} 天",
	"explain.fastest":          "没有方案能满足 {promise} 天的承诺；最快的是 {mode} {id}，{days} 天，{money}",
	"explain.unassignable":     "无法分配：",
	"explain.item":             "{mode} {id}：{reason}",
	"explain.separator":        "；",
	"explain.noOverrideOption": "指定的模式下没有能送达该目的地的方案",
	"explain.noOption":         "没有任何服务、仓库或线路能送达该目的地",
	"explain.inDay":            "，{days} 天送达（承诺 {promise} 天）",
	"explain.saverDay":         "；{mode} {id} 可省 {save}，但需要 {days} 天",
	"explain.fastestDay":       "没有方案能满足 {promise} 天的承诺；最快的是 {mode} {id}，{days} 天，{money}",
}

// phrasesIn is the lookup Sentence.Append takes for a catalog whose Chinese is zh:
// the text of a phrase key in t's language ("": the English). One for the engine's
// phrases (zhPhrases), the import's (zhImport) and the rate book's (zhRateBook).
func (t *translator) phrasesIn(zh map[string]string) func(key string) string {
	return func(key string) string {
		if t.lang == langChinese {
			return zh[key]
		}
		return ""
	}
}

// phraseArg is the text of a value in a sentence of the engine: a mode's name in the
// current language, else the value as the engine writes it (ids, codes, numbers,
// amounts, dates, and text the user wrote).
func (e *env) phraseArg(a logistics.Arg) string {
	if a.Kind == logistics.ArgMode {
		return e.T("mode." + logistics.Mode(a.Num).String())
	}
	return a.Value()
}

// reasonText is an option's reason in the current language. A reason kept in
// English before reasons were sentences (logistics.Verbatim) reads the same in
// every language until the next plan.
func (e *env) reasonText(reason *logistics.Sentence) string {
	return e.renderReason(reason, e.phraseArg)
}

func (e *env) renderReason(reason *logistics.Sentence, value func(logistics.Arg) string) string {
	if e.tr.lang == langEnglish {
		return reason.String()
	}
	return string(reason.Append(nil, e.tr.phrasesIn(zhPhrases), value))
}

// explanationText is a decision's explanation in the current language: the
// sentences of logistics.Explain of its options, promise and override. A decision
// that carries another text (one a plan stored with its English before the
// explanation was derived) keeps that text, in every language, until the next plan.
func (e *env) explanationText(d *logistics.Decision) string {
	return e.renderExplanation(d, e.phraseArg)
}

func (e *env) renderExplanation(d *logistics.Decision, value func(logistics.Arg) string) string {
	if e.tr.lang == langEnglish {
		return d.Reason
	}
	x := logistics.Explain(d.Options, d.Promise, d.Override)
	if d.Reason != "" && string(x.AppendText(nil, d.Options, d.Currency)) != d.Reason {
		return d.Reason
	}
	var b []byte
	zh := e.tr.phrasesIn(zhPhrases)
	for _, s := range x.Sentences(d.Options, d.Currency) {
		b = s.Append(b, zh, value)
	}
	return string(b)
}
