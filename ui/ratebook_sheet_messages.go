package ui

import "maps"

// The words of the Rate book screen as a spreadsheet: rows added, deleted and
// pasted, refused cells, earlier versions opened and rolled back to.
func init() {
	maps.Copy(en, enRateBookSheet)
	maps.Copy(zh, zhRateBookSheet)
}

var enRateBookSheet = map[string]string{
	"rb.sheetHelp":      "Type in a cell and press Enter (or leave it) to save; Esc puts the stored value back. Paste rows copied from Excel into a cell, or with Paste rows. Every change is checked like an imported workbook and saved as a new version.",
	"rb.addRow":         "Add row",
	"rb.deleteRow":      "Delete row",
	"rb.pasteRows":      "Paste rows",
	"rb.currentTag":     "current",
	"rb.addTitle":       "Add a row to %s",
	"rb.addWhere":       "The new row becomes row %d. It starts as a copy of the row you were in: change what differs.",
	"rb.rowAdded":       "Row %d added: saved as version #%d. Plan again to use it.",
	"rb.pickRow":        "First click a cell of the row to delete.",
	"rb.deleteTitle":    "Delete a row",
	"rb.deleteAsk":      "Delete row %d of %s? It is saved as a new version; earlier versions keep it.",
	"rb.rowDeleted":     "Row %d deleted: saved as version #%d. Plan again to use it.",
	"rb.notDeleted":     "The row was not deleted.",
	"rb.clipboardEmpty": "The clipboard holds no cells: select rows in your spreadsheet, copy them, then click the cell where they go.",
	"rb.pasted.one":     "1 row pasted from row %[2]d: saved as version #%[3]d. Plan again to use it.",
	"rb.pasted":         "%d rows pasted from row %d: saved as version #%d. Plan again to use it.",
	"rb.notPasted":      "Nothing was pasted: the rows are saved together or not at all.",
	"rb.refused":        "Not saved, because of:",
	"rb.more":           "… and %d more",
	"rb.problem":        "%s: %s",
	"rb.cellRefused":    "%s was not saved: the cell keeps what you typed, marked in red, and the reason is below. Correct it, or press Esc to put back “%s”.",
	"rb.where":          "%s, row %d, %s",
	"rb.whereRow":       "%s, row %d",
	"rb.same":           "Nothing changed: the rate book already has that content.",
	"rb.stale":          "The rate book was changed elsewhere since this screen read it. It is shown again now: redo the change.",
	"rb.keptRows":       "Products and stock rows are not deleted here: a product stays known, and stock is set to 0 instead.",
	"rb.emptyRows":      "The row has no values: fill in its cells first.",
	"rb.viewing":        "Version #%d of %s, from %s — read only. Products and stock are not kept by versions: the current ones are shown.",
	"rb.rollBack":       "Roll back to version #%d",
	"rb.backToCurrent":  "Back to the current rate book",
	"rb.rollBackTitle":  "Roll back the rate book",
	"rb.rollBackAsk":    "Make version #%d the current rate book again? It is saved as a new version (nothing is lost) and the plan will need to be run again.",
	"rb.rolledBack":     "Saved as version #%d: rolled back to version #%d. Plan again to use it.",

	"rb.source.rolledBack": "rolled back to version #%d",
}

var zhRateBookSheet = map[string]string{
	"rb.sheetHelp":      "在单元格中输入后按回车（或离开该单元格）即保存；按 Esc 恢复已保存的值。从 Excel 复制的行可粘贴到单元格中，或使用“粘贴行”。每次修改都会像导入工作簿一样校验，并保存为新版本。",
	"rb.addRow":         "添加行",
	"rb.deleteRow":      "删除行",
	"rb.pasteRows":      "粘贴行",
	"rb.currentTag":     "当前",
	"rb.addTitle":       "向%s添加一行",
	"rb.addWhere":       "新行将成为第 %d 行。它先复制您所在的行：请修改不同之处。",
	"rb.rowAdded":       "已添加第 %d 行：保存为版本 #%d。请重新规划以使用它。",
	"rb.pickRow":        "请先点击要删除的行中的一个单元格。",
	"rb.deleteTitle":    "删除行",
	"rb.deleteAsk":      "删除%[2]s的第 %[1]d 行？修改将保存为新版本；之前的版本仍保留该行。",
	"rb.rowDeleted":     "已删除第 %d 行：保存为版本 #%d。请重新规划以使用它。",
	"rb.notDeleted":     "该行未删除。",
	"rb.clipboardEmpty": "剪贴板中没有单元格：请在电子表格中选中并复制行，然后点击要放置的单元格。",
	"rb.pasted.one":     "已从第 %[2]d 行起粘贴 1 行：保存为版本 #%[3]d。请重新规划以使用它。",
	"rb.pasted":         "已从第 %[2]d 行起粘贴 %[1]d 行：保存为版本 #%[3]d。请重新规划以使用它。",
	"rb.notPasted":      "未粘贴任何内容：这些行要么全部保存，要么全部不保存。",
	"rb.refused":        "未保存，原因如下：",
	"rb.more":           "……另有 %d 处",
	"rb.problem":        "%s：%s",
	"rb.cellRefused":    "%s 未保存：单元格保留了您输入的内容（红色标记），原因见下方。请更正，或按 Esc 恢复为“%s”。",
	"rb.where":          "%s，第 %d 行，%s",
	"rb.whereRow":       "%s，第 %d 行",
	"rb.same":           "没有变化：费率表已经是这些内容。",
	"rb.stale":          "此页面读取费率表后，费率表已在别处被修改。现已重新显示：请重新修改。",
	"rb.keptRows":       "商品和库存行不在这里删除：商品会一直保留，库存请改为 0。",
	"rb.emptyRows":      "该行没有任何值：请先填写单元格。",
	"rb.viewing":        "版本 #%d，保存于 %s，来源 %s —— 只读。版本不保存商品和库存：显示的是当前的商品和库存。",
	"rb.rollBack":       "回滚到版本 #%d",
	"rb.backToCurrent":  "返回当前费率表",
	"rb.rollBackTitle":  "回滚费率表",
	"rb.rollBackAsk":    "将版本 #%d 重新设为当前费率表？它会保存为新版本（不会丢失任何内容），之后需要重新规划。",
	"rb.rolledBack":     "已保存为版本 #%d：回滚到版本 #%d。请重新规划以使用它。",

	"rb.source.rolledBack": "回滚到版本 #%d",
}
