package ui

import "maps"

// The texts of the first-run path (the Import screen's steps, the rate book's
// empty state) in English and Chinese. They join the tables en and zh
// (messages.go) when the package loads. No text names a command, an option or a
// file of the program: a seller reaches every step in the window.
func init() {
	maps.Copy(en, enSetup)
	maps.Copy(zh, zhSetup)
}

var enSetup = map[string]string{
	"setup.title":            "Getting started",
	"setup.titleSteps":       "Getting started: %d of %d steps done",
	"setup.titleDone":        "Rate book, products and stock files",
	"setup.step":             "%d. %s",
	"setup.template.text":    "Save the rate-book template and fill in your carriers' prices, warehouses, products and stock in Excel (it holds example values to replace).",
	"setup.template.action":  "Save the rate-book template…",
	"setup.ratebook.text":    "Import the filled-in rate book; its products and stock sheets come with it.",
	"setup.ratebook.action":  "Import the rate book…",
	"setup.products.text":    "Products (SKU, weight, dimensions, category, unit cost) from a CSV or Excel file, if they are not in the rate book.",
	"setup.products.action":  "Import products…",
	"setup.stock.text":       "Stock per warehouse abroad (warehouse_id, sku, on_hand); without it orders go by direct mail or consolidation.",
	"setup.stock.action":     "Import stock…",
	"setup.orders.text":      "Import your orders: a marketplace export or any CSV, TSV or Excel file (below).",
	"setup.orders.action":    "Choose an orders file…",
	"setup.plan.text":        "Plan: the best logistics mode for every open order.",
	"setup.plan.action":      "Plan now",
	"setup.productCount":     "%s products",
	"setup.productCount.one": "%s product",
	"setup.stockCount":       "%s stock rows",
	"setup.stockCount.one":   "%s stock row",
	"setup.templateFile":     "rate-book.xlsx",
	"setup.templateSaved":    "Template saved as %s. Open it in Excel, replace the example values with yours, save it, then import it (step 2).",
	"setup.rateBookImported": "%s imported as rate-book version #%d, with its products and stock sheets.",
	"setup.productsImported": "%s: %s products stored.",
	"setup.stockImported":    "%s: %s stock rows stored.",
	"setup.rejected":         "%s rows rejected.",
	"setup.rejected.one":     "%s row rejected.",
	"setup.rejectedRow":      "Line %d, column %s: %s",
	"setup.moreRejected":     "… and %s more in the rejected-rows file.",
	"setup.working":          "Working…",
	"setup.planned":          "The orders are planned: the Dashboard and Orders screens show the result.",
	"rb.none":                "There is no rate book yet. Save the rate-book template, fill in your carriers' prices in Excel, then import it with “Import workbook…”.",
	"rb.template":            "Save the rate-book template…",
	"rb.templateSaved":       "Template saved as %s. Open it in Excel, replace the example values with yours, save it, then import it with “Import workbook…”.",
}

var zhSetup = map[string]string{
	"setup.title":            "入门步骤",
	"setup.titleSteps":       "入门步骤：已完成 %d / %d 步",
	"setup.titleDone":        "费率表、商品和库存文件",
	"setup.step":             "%d. %s",
	"setup.template.text":    "保存费率表模板，在 Excel 中填写你的承运商价格、仓库、商品和库存（模板中的示例值请替换为你的数据）。",
	"setup.template.action":  "保存费率表模板…",
	"setup.ratebook.text":    "导入填好的费率表；其中的商品和库存工作表会一并导入。",
	"setup.ratebook.action":  "导入费率表…",
	"setup.products.text":    "商品资料（SKU、重量、尺寸、类别、单位成本），来自 CSV 或 Excel 文件（如未写在费率表中）。",
	"setup.products.action":  "导入商品…",
	"setup.stock.text":       "海外各仓库的库存（warehouse_id、sku、on_hand）；没有库存时订单走直邮或集运。",
	"setup.stock.action":     "导入库存…",
	"setup.orders.text":      "导入你的订单：平台导出文件，或任意 CSV、TSV、Excel 文件（见下方）。",
	"setup.orders.action":    "选择订单文件…",
	"setup.plan.text":        "规划：为每个未发货订单选出最佳物流模式。",
	"setup.plan.action":      "立即规划",
	"setup.productCount":     "%s 个商品",
	"setup.stockCount":       "%s 行库存",
	"setup.stockCount.one":   "%s 行库存",
	"setup.productCount.one": "%s 个商品",
	"setup.templateFile":     "费率表.xlsx",
	"setup.templateSaved":    "模板已保存为 %s。请用 Excel 打开，把示例值替换为你的数据并保存，然后导入（第 2 步）。",
	"setup.rateBookImported": "%s 已导入为费率表版本 #%d，其中的商品和库存工作表也已导入。",
	"setup.productsImported": "%s：已保存 %s 个商品。",
	"setup.stockImported":    "%s：已保存 %s 行库存。",
	"setup.rejected":         "拒绝 %s 行。",
	"setup.rejected.one":     "拒绝 %s 行。",
	"setup.rejectedRow":      "第 %d 行，%s 列：%s",
	"setup.moreRejected":     "……另有 %s 行，见拒绝行文件。",
	"setup.working":          "正在处理…",
	"setup.planned":          "订单已规划：仪表盘和订单页面会显示结果。",
	"rb.none":                "还没有费率表。请保存费率表模板，在 Excel 中填写承运商价格，然后用“导入工作簿…”导入。",
	"rb.template":            "保存费率表模板…",
	"rb.templateSaved":       "模板已保存为 %s。请用 Excel 打开，把示例值替换为你的数据并保存，然后用“导入工作簿…”导入。",
}
