package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// textCell is a table cell: a label that truncates.
func textCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// newTextTable is a table of labels with a header row: cols keys (translated),
// widths, rows, and the text of each cell.
func newTextTable(e *env, cols []string, widths []float32, rows func() int, text func(row, col int) (string, bool)) *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return rows(), len(cols) },
		textCell,
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			s, right := text(id.Row, id.Col)
			l.Alignment = fyne.TextAlignLeading
			if right {
				l.Alignment = fyne.TextAlignTrailing
			}
			l.SetText(s)
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(cols) {
			o.(*widget.Label).SetText(e.T(cols[id.Col]))
		}
	}
	for i, w := range widths {
		t.SetColumnWidth(i, w)
	}
	return t
}

// resultView is the result tab: what the scenario is, four tiles, the payback
// chart, the stock per SKU, and saving it by name.
func (s *scenariosScreen) resultView() fyne.CanvasObject {
	e := s.e
	s.heading = widget.NewLabel(e.T("scen.noResult"))
	s.heading.Wrapping = fyne.TextWrapWord
	s.heading.TextStyle.Bold = true
	s.netTile = newTile(e.T("scen.monthlyNet"), theme.ColorNameSuccess, nil)
	s.payTile = newTile(e.T("scen.payback"), theme.ColorNamePrimary, nil)
	s.capTile = newTile(e.T("scen.capital"), theme.ColorNameWarning, nil)
	s.movedTile = newTile(e.T("scen.ordersMoved"), theme.ColorNamePrimary, func() {
		if s.result != nil {
			s.tabs.SelectIndex(1)
		}
	})
	for _, t := range []*tile{s.netTile, s.payTile, s.capTile, s.movedTile} {
		t.set("–", "")
	}
	tiles := container.NewGridWithColumns(4, s.netTile, s.payTile, s.capTile, s.movedTile)
	cur := func() string {
		if s.result != nil {
			return s.result.Currency
		}
		return ""
	}
	axis := func(v int64) string { // whole major units
		unit := int64(1)
		for range logistics.CurrencyDigits(cur()) {
			unit *= 10
		}
		return strings.TrimSpace(group(strconv.FormatInt(v/unit, 10)) + " " + cur())
	}
	s.chart = newPaybackChart(axis, e.T("scen.chartNet"), e.T("scen.chartCapital"), e.T("scen.chartMonths"), e.T("scen.chartEmpty"))
	chartBox := container.NewBorder(widget.NewLabelWithStyle(e.T("scen.chartTitle"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, s.chart)
	s.stockTable = newTextTable(e, []string{"scen.colSKU", "scen.colUnitsMoved", "scen.colStockNeeded", "scen.colUnitCost", "scen.colCapital"},
		[]float32{200, 110, 110, 130, 130},
		func() int {
			if s.result == nil {
				return 0
			}
			return len(s.result.Stock)
		},
		func(row, col int) (string, bool) {
			if s.result == nil || row >= len(s.result.Stock) {
				return "", false
			}
			st := &s.result.Stock[row]
			switch col {
			case 0:
				return st.SKU, false
			case 1:
				return group(strconv.FormatInt(st.UnitsMoved, 10)), true
			case 2:
				return group(strconv.FormatInt(st.StockNeeded, 10)), true
			case 3:
				return group(st.UnitCost.String()) + " " + st.Currency, true
			case 4:
				return money(st.Capital, s.result.Currency), true
			}
			return "", false
		})
	s.saveName = widget.NewEntry()
	s.saveName.SetPlaceHolder(e.T("scen.nameHint"))
	s.saveName.OnSubmitted = func(string) { s.onSave() }
	s.saveBtn = widget.NewButtonWithIcon(e.T("scen.save"), theme.DocumentSaveIcon(), s.onSave)
	save := container.NewBorder(nil, nil, widget.NewLabel(e.T("scen.saveAs")), s.saveBtn, s.saveName)
	split := container.NewVSplit(chartBox, s.stockTable)
	split.Offset = 0.72
	return container.NewBorder(container.NewVBox(s.heading, tiles), save, nil, nil, split)
}

// showResult puts the result on the tiles, chart and tables.
func (s *scenariosScreen) showResult() {
	e := s.e
	r := s.result
	cur := r.Currency
	s.heading.SetText(s.headingOf(&r.ScenarioResult))
	s.netTile.set(money(r.MonthlyNet, cur), e.Tf("scen.netNote", money(r.MonthlySavings, cur), money(r.MonthlyCapitalCost, cur)))
	payNote := e.T("scen.paybackNote")
	if !r.HasPayback {
		payNote = e.T("scen.noPaybackNote")
	}
	s.payTile.set(s.paybackText(&r.ScenarioResult), payNote)
	var units int64
	for _, st := range r.Stock {
		units += st.StockNeeded
	}
	s.capTile.set(money(r.CapitalTied, cur), e.Tf("scen.capitalNote", group(strconv.FormatInt(units, 10)), r.CoverDays, r.CapitalCostPct.String()))
	s.movedTile.set(count(r.OrdersMoved), e.Tf("scen.movedNote", money(r.Savings, cur), r.Days, count(r.NewlyServed)))
	pay := e.T("scen.noPayback")
	if r.HasPayback {
		pay = e.Tf("scen.breakEven", logistics.FormatMinor(r.PaybackTenths, 1))
	}
	unit := int64(1)
	for range logistics.CurrencyDigits(cur) {
		unit *= 10
	}
	s.chart.set(r.MonthlyNet, r.CapitalTied, unit, pay)
	s.stockTable.Refresh()
	s.movedNote.SetText(e.Tn("scen.movedCount", r.OrdersMoved, count(r.OrdersMoved), money(r.Savings, cur), money(r.Storage, cur), money(r.Headhaul, cur)))
	s.movedTable.Refresh()
	s.movedTable.ScrollToTop()
}

// movedCols are the columns of the moved orders.
var movedCols = []string{"col.date", "col.ref", "col.marketplace", "col.country", "scen.colBaseline", "scen.colWarehouseCost", "scen.colSaving"}

// movedView is the tab of the orders the scenario moves; a row opens its detail.
func (s *scenariosScreen) movedView() fyne.CanvasObject {
	e := s.e
	s.movedNote = widget.NewLabel(e.T("scen.noResult"))
	s.movedNote.Wrapping = fyne.TextWrapWord
	s.movedTable = newTextTable(e, movedCols, []float32{96, 170, 100, 64, 118, 118, 110},
		func() int {
			if s.result == nil {
				return 0
			}
			return len(s.result.Moved)
		},
		func(row, col int) (string, bool) {
			if s.result == nil || row >= len(s.result.Moved) {
				return "", false
			}
			m := &s.result.Moved[row]
			cur := s.result.Currency
			switch col {
			case 0:
				return m.Order.Date.String(), false
			case 1:
				return m.Order.Ref, false
			case 2:
				return m.Order.Marketplace, false
			case 3:
				return m.Order.Country, false
			case 4:
				return money(m.Baseline, cur), true
			case 5:
				return money(m.Total, cur), true
			case 6:
				return money(m.Saving, cur), true
			}
			return "", false
		})
	s.movedTable.OnSelected = func(id widget.TableCellID) {
		s.movedTable.UnselectAll()
		if s.result != nil && id.Row >= 0 && id.Row < len(s.result.MovedIDs) {
			m := &s.result.Moved[id.Row]
			s.openOrder(s.result.MovedIDs[id.Row], m.Order.Ref,
				s.e.Tf("scen.orderMoves", s.result.Warehouse, money(m.Total, s.result.Currency), money(m.Saving, s.result.Currency)))
		}
	}
	hint := widget.NewLabel(e.T("scen.movedHint"))
	hint.Importance = widget.MediumImportance
	return container.NewBorder(container.NewVBox(s.movedNote, hint), nil, nil, nil, s.movedTable)
}

// openOrder shows an order's detail (the per-mode comparison) in a dialog titled
// title.
func (s *scenariosScreen) openOrder(id int64, ref, title string) {
	e := s.e
	if s.det == nil {
		return
	}
	p := newOrderDetailPanel(e, s.det, nil)
	d := dialog.NewCustom(title, e.T("scen.close"), p.content(), e.win)
	d.SetOnClosed(p.stop)
	d.Resize(fyne.NewSize(1040, 600))
	d.Show()
	p.show(store.OrderRow{ID: id, Ref: ref})
}

// suggestionCols are the columns of the suggestions.
var suggestionCols = []string{"scen.colRank", "scen.colSKU", "scen.colWarehouse", "scen.colOrders", "scen.colMonthlyNet", "scen.colPayback", "scen.colCapital"}

// suggestionsView is the tab of the ranked suggestions; a row opens its scenario.
func (s *scenariosScreen) suggestionsView() fyne.CanvasObject {
	e := s.e
	s.sugScope = widget.NewSelect([]string{e.T("scen.allWarehouses")}, nil)
	s.sugScope.SetSelectedIndex(0)
	s.sugNote = widget.NewLabel(e.T("scen.sugHelp"))
	s.sugNote.Wrapping = fyne.TextWrapWord
	s.sugTable = newTextTable(e, suggestionCols, []float32{44, 190, 110, 72, 126, 100, 120},
		func() int {
			if s.sug == nil {
				return 0
			}
			return len(s.sug.Suggestions)
		},
		func(row, col int) (string, bool) {
			if s.sug == nil || row >= len(s.sug.Suggestions) {
				return "", false
			}
			r := &s.sug.Suggestions[row]
			cur := s.sug.Currency
			switch col {
			case 0:
				return strconv.Itoa(row + 1), true
			case 1:
				sku := strings.Join(r.SKUs, ", ")
				if t := s.choices.Products[sku]; t != "" {
					sku += " · " + t
				}
				return sku, false
			case 2:
				return r.Warehouse, false
			case 3:
				return count(r.OrdersMoved), true
			case 4:
				return money(r.MonthlyNet, cur), true
			case 5:
				return s.paybackText(r), true
			case 6:
				return money(r.CapitalTied, cur), true
			}
			return "", false
		})
	s.sugTable.OnSelected = func(id widget.TableCellID) {
		s.sugTable.UnselectAll()
		if s.sug == nil || id.Row < 0 || id.Row >= len(s.sug.Suggestions) || s.working != nil {
			return
		}
		r := s.sug.Suggestions[id.Row]
		if i := s.warehouseIndex(r.Warehouse); i >= 0 {
			s.whSel.SetSelectedIndex(i)
		}
		s.setPicked(r.SKUs)
		s.setPeriod(r.From, r.To)
		s.run(ops.ScenarioRequest{Warehouse: r.Warehouse, SKUs: r.SKUs, From: r.From, To: r.To, CoverDays: r.CoverDays})
	}
	run := widget.NewButtonWithIcon(e.T("scen.suggest"), theme.SearchIcon(), s.onSuggest)
	scope := container.NewGridWrap(fyne.NewSize(190, s.sugScope.MinSize().Height), s.sugScope)
	bar := container.NewHBox(widget.NewLabel(e.T("scen.scope")), scope, run)
	return container.NewBorder(container.NewVBox(bar, s.sugNote), nil, nil, nil, s.sugTable)
}

// showSuggestions puts the suggestions in their table.
func (s *scenariosScreen) showSuggestions() {
	e := s.e
	r := s.sug
	s.sugNote.SetText(e.Tf("scen.sugNote", count(r.Found), count(r.Pairs), r.From.String(), r.To.String(), r.CoverDays, r.CapitalCostPct.String()))
	s.sugTable.Refresh()
	s.sugTable.ScrollToTop()
}

// cmpRows are the figures of the comparison, one row each.
var cmpRows = []string{"scen.colWarehouse", "scen.skus", "scen.history", "scen.coverDays", "scen.ordersMoved",
	"scen.monthlySavings", "scen.capital", "scen.capitalCost", "scen.monthlyNet", "scen.payback"}

// savedView is the tab of the saved scenarios, side by side.
func (s *scenariosScreen) savedView() fyne.CanvasObject {
	e := s.e
	s.cmpNote = widget.NewLabel(e.T("scen.noSaved"))
	s.cmpNote.Wrapping = fyne.TextWrapWord
	s.cmpTable = widget.NewTable(
		func() (int, int) { return len(cmpRows) + 1, len(s.saved) + 1 },
		textCell,
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.TextStyle.Bold = id.Row == 0 || id.Col == 0
			l.Alignment = fyne.TextAlignLeading
			if id.Col > 0 && id.Row > 4 {
				l.Alignment = fyne.TextAlignTrailing
			}
			l.SetText(s.cmpText(id.Row, id.Col))
		})
	s.cmpTable.SetColumnWidth(0, 190)
	s.cmpTable.OnSelected = func(id widget.TableCellID) {
		if id.Col > 0 {
			s.cmpCol = id.Col - 1
		} else {
			s.cmpCol = -1
		}
		s.updateButtons()
	}
	s.cmpBtn = widget.NewButtonWithIcon(e.T("scen.compare"), theme.ViewRefreshIcon(), s.onCompare)
	s.openBtn = widget.NewButtonWithIcon(e.T("scen.open"), theme.MediaPlayIcon(), func() {
		if s.cmpCol >= 0 && s.cmpCol < len(s.saved) {
			s.openSaved(s.saved[s.cmpCol])
		}
	})
	s.deleteBtn = widget.NewButtonWithIcon(e.T("scen.delete"), theme.DeleteIcon(), s.onDelete)
	bar := container.NewHBox(s.cmpBtn, s.openBtn, s.deleteBtn)
	return container.NewBorder(container.NewVBox(bar, s.cmpNote), nil, nil, nil, s.cmpTable)
}

// showCompared refreshes the comparison.
func (s *scenariosScreen) showCompared() {
	e := s.e
	if len(s.saved) == 0 {
		s.cmpNote.SetText(e.T("scen.noSaved"))
	} else {
		s.cmpNote.SetText(e.T("scen.cmpHelp"))
	}
	for i := range s.saved {
		s.cmpTable.SetColumnWidth(i+1, 200)
	}
	s.cmpTable.Refresh()
}

// compared finds the worked-out result of saved scenario i (nil: not yet).
func (s *scenariosScreen) comparedOf(i int) *comparedScenario {
	for j := range s.compared {
		if s.compared[j].saved.Name == s.saved[i].Name && s.compared[j].saved.SavedAt.Equal(s.saved[i].SavedAt) {
			return &s.compared[j]
		}
	}
	return nil
}

// cmpText is a cell of the comparison: the names in row 0, the figure names in
// column 0.
func (s *scenariosScreen) cmpText(row, col int) string {
	e := s.e
	if col == 0 {
		if row == 0 {
			return e.T("scen.name")
		}
		return e.T(cmpRows[row-1])
	}
	i := col - 1
	if i >= len(s.saved) {
		return ""
	}
	sv := s.saved[i]
	if row == 0 {
		return sv.Name
	}
	switch cmpRows[row-1] {
	case "scen.colWarehouse":
		return sv.Warehouse
	case "scen.skus":
		return strings.Join(sv.SKUs, ", ")
	case "scen.history":
		if sv.To == 0 {
			return e.Tf("scen.lastDays", 90)
		}
		return sv.From.String() + " – " + sv.To.String()
	case "scen.coverDays":
		if sv.CoverDays == 0 {
			return e.T("scen.defaultCover")
		}
		return strconv.Itoa(sv.CoverDays)
	}
	c := s.comparedOf(i)
	if c == nil {
		return "…"
	}
	if c.err != nil {
		if row == 5 {
			return e.explain(c.err)
		}
		return ""
	}
	r, cur := &c.res, c.res.Currency
	switch cmpRows[row-1] {
	case "scen.ordersMoved":
		return count(r.OrdersMoved)
	case "scen.monthlySavings":
		return money(r.MonthlySavings, cur)
	case "scen.capital":
		return money(r.CapitalTied, cur)
	case "scen.capitalCost":
		return money(r.MonthlyCapitalCost, cur)
	case "scen.monthlyNet":
		return money(r.MonthlyNet, cur)
	case "scen.payback":
		return s.paybackText(&r.ScenarioResult)
	}
	return ""
}
