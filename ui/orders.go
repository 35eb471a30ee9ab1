package ui

import (
	"context"

	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// orderColumn is one column of the orders table.
type orderColumn struct {
	key   string // header message key
	sort  store.OrderSort
	width float32
}

var orderColumns = []orderColumn{
	{colTick, 0, 40}, // a check box: the ticked orders can be overridden together
	{"col.date", store.SortDate, 105},
	{"col.marketplace", store.SortMarketplace, 120},
	{"col.ref", store.SortRef, 170},
	{"col.country", store.SortCountry, 85},
	{"col.mode", store.SortMode, 185},
	{"col.option", 0, 150},
	{"col.cost", store.SortTotal, 125},
	{"col.sla", store.SortSLARisk, 80},
	{"col.status", store.SortStatus, 95},
}

// colTick is the key of the check column (it has no header text).
const colTick = "tick"

// modeFilterKeys are the mode filter choices, indexed by modeFilter.
var modeFilterKeys = []string{"filter.anyMode", "mode.warehouse", "mode.local", "mode.consolidation", "mode.direct", "mode.unassignable", "mode.unplanned"}

// statusKeys are the status filter choices, indexed by logistics.Status.
var statusKeys = []string{"filter.anyStatus", "status.open", "status.shipped", "status.cancelled"}

// ordersScreen is the orders table with its filters and the detail panel of the
// selected order.
type ordersScreen struct {
	e    *env
	src  orderSource
	det  orderDetails
	look lookups

	filter   store.OrderFilter
	query    *orderQuery
	total    int // -1 while counting
	rows     *rowBlocks[store.OrderRow]
	counting *task
	listing  *task
	// firstRows, if set, is called when the first block of a new filter is shown.
	firstRows    func()
	waitingFirst bool

	countries, marketplaces []string // filter choices; index 0 is "any"

	table      *widget.Table
	countLabel *widget.Label
	clearBtn   *widget.Button // "Clear filters", beside a count of 0 under filters
	custom     period         // the custom date range (the period choice after the presets)
	periodIdx  int            // the period choice in effect (a cancelled custom range goes back to it)
	periodSel  *widget.Select
	countrySel *widget.Select
	marketSel  *widget.Select
	modeSel    *widget.Select
	statusSel  *widget.Select
	slaCheck   *widget.Check
	search     *widget.Entry
	quiet      bool // filter widgets are being set by code

	detail *orderDetailPanel
	// bulk overrides the orders the filters select (nil: no such button)
	bulk    bulkOverride
	bulkBtn *widget.Button
	// ticked are the ids of the orders ticked in the check column, to override
	// together; lastTick is the row ticked last (-1: none), the start of a
	// shift-click range.
	ticked    map[int64]bool
	lastTick  int
	tickedBtn *widget.Button // "Override the N ticked orders…"
	untickBtn *widget.Button
	// countBar holds the search, the count and its buttons: laid out again when
	// they change, so that a longer count ("1,000,000 个订单") is never cut off
	countBar *fyne.Container
}

func newOrdersScreen(e *env, src orderSource, det orderDetails, look lookups) *ordersScreen {
	s := &ordersScreen{e: e, src: src, det: det, look: look, total: -1, ticked: map[int64]bool{}, lastTick: -1}
	s.filter = newestFirst(store.OrderFilter{})
	s.query = &orderQuery{}
	s.rows = newRowBlocks(e.run, s.query.fetch(src), s.onRowsLoaded, e.fail)
	s.detail = newOrderDetailPanel(e, det, func() { s.refreshRows() })
	return s
}

// orderQuery is one filter's query. Blocks are read by offset until the ids of
// every selected order have arrived (a background read started with the query);
// from then on a block is read by its ids, which costs the same at any depth.
type orderQuery struct {
	f   store.OrderFilter
	ids atomic.Pointer[[]int64]
}

// fetch reads one block of the query.
func (q *orderQuery) fetch(src orderSource) func(ctx context.Context, offset, limit int) ([]store.OrderRow, error) {
	return func(ctx context.Context, offset, limit int) ([]store.OrderRow, error) {
		if ids := q.ids.Load(); ids != nil {
			all := *ids
			if offset >= len(all) {
				return nil, nil
			}
			return src.OrderRows(ctx, all[offset:min(len(all), offset+limit)])
		}
		return src.ListOrders(ctx, q.f, offset, limit)
	}
}

func (s *ordersScreen) content() fyne.CanvasObject {
	e := s.e
	s.periodSel = widget.NewSelect(append(translated(e, periodKeys), e.T("period.custom")), func(string) { s.onPeriodChosen() })
	s.periodSel.SetSelectedIndex(0)
	s.countrySel = widget.NewSelect([]string{e.T("filter.anyCountry")}, func(string) { s.onFilterChanged() })
	s.countrySel.SetSelectedIndex(0)
	s.marketSel = widget.NewSelect([]string{e.T("filter.anyMarketplace")}, func(string) { s.onFilterChanged() })
	s.marketSel.SetSelectedIndex(0)
	s.modeSel = widget.NewSelect(translated(e, modeFilterKeys), func(string) { s.onFilterChanged() })
	s.modeSel.SetSelectedIndex(0)
	s.statusSel = widget.NewSelect(translated(e, statusKeys), func(string) { s.onFilterChanged() })
	s.statusSel.SetSelectedIndex(0)
	s.slaCheck = widget.NewCheck(e.T("filter.slaRisk"), func(bool) { s.onFilterChanged() })
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(e.T("orders.search"))
	s.search.OnChanged = func(string) { s.onFilterChanged() }
	s.countLabel = widget.NewLabel("")
	s.clearBtn = widget.NewButtonWithIcon(e.T("orders.clearFilters"), theme.ContentClearIcon(), s.clearFilters)
	s.clearBtn.Hide()
	s.bulkBtn = widget.NewButton(e.T("bulk.button"), s.onBulkOverride)
	s.bulkBtn.Hide()
	s.tickedBtn = widget.NewButton("", s.onTickedOverride)
	s.tickedBtn.Importance = widget.HighImportance
	s.tickedBtn.Hide()
	s.untickBtn = widget.NewButtonWithIcon(e.T("tick.clear"), theme.ContentClearIcon(), s.untickAll)
	s.untickBtn.Hide()

	s.table = widget.NewTableWithHeaders(s.length, s.createCell, s.updateCell)
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		b.IconPlacement = widget.ButtonIconTrailingText
		return b
	}
	s.table.UpdateHeader = s.updateHeader
	for i, c := range orderColumns {
		s.table.SetColumnWidth(i, c.width)
	}
	s.table.OnSelected = s.onSelected

	s.countBar = container.NewBorder(nil, nil, s.slaCheck, container.NewHBox(s.countLabel, s.clearBtn, s.bulkBtn, s.tickedBtn, s.untickBtn), s.search)
	filters := container.NewVBox(
		container.NewGridWithColumns(5, s.periodSel, s.countrySel, s.marketSel, s.modeSel, s.statusSel),
		s.countBar)
	top := container.NewBorder(filters, nil, nil, nil, s.table)
	split := container.NewVSplit(top, s.detail.content())
	split.Offset = 0.58
	s.apply()
	s.loadLookups()
	// a seller who opens the orders screen may type a reference at once
	prepareSearch(s.src)
	return split
}

// newestFirst sorts an unsorted filter by date, newest first (what a seller looks at).
func newestFirst(f store.OrderFilter) store.OrderFilter {
	if f.Sort == 0 {
		f.Sort, f.Desc = store.SortDate, true
	}
	return f
}

// translated maps message keys to the current language.
func translated(e *env, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = e.T(k)
	}
	return out
}

// loadLookups fills the country and marketplace filters.
func (s *ordersScreen) loadLookups() {
	if s.look == nil {
		return
	}
	var countries, markets []string
	s.e.start(func(ctx context.Context) error {
		var err error
		countries, markets, err = s.look.Lookups(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.e.fail(err)
			return
		}
		s.countries, s.marketplaces = countries, markets
		s.quiet = true
		s.countrySel.Options = []string{s.e.T("filter.anyCountry")}
		for _, c := range countries {
			s.countrySel.Options = append(s.countrySel.Options, s.e.countryLabel(c))
		}
		s.marketSel.Options = append([]string{s.e.T("filter.anyMarketplace")}, markets...)
		s.syncWidgets()
		s.quiet = false
	})
}

// onFilterChanged reads the filter widgets and starts the new query.
func (s *ordersScreen) onFilterChanged() {
	if s.quiet || s.table == nil {
		return
	}
	f := s.filter
	p := periodOf(keyAt(periodKeys, s.periodSel.SelectedIndex()), s.e.today())
	if s.periodSel.SelectedIndex() == len(periodKeys) {
		p = s.custom
	}
	s.periodIdx = s.periodSel.SelectedIndex()
	f.From, f.To = p.From, p.To
	f.Country = ""
	if i := s.countrySel.SelectedIndex(); i > 0 && i-1 < len(s.countries) {
		f.Country = s.countries[i-1]
	}
	f.Marketplace = ""
	if i := s.marketSel.SelectedIndex(); i > 0 && i-1 < len(s.marketplaces) {
		f.Marketplace = s.marketplaces[i-1]
	}
	modeFilter(max(0, s.modeSel.SelectedIndex())).apply(&f)
	f.Status = logistics.Status(max(0, s.statusSel.SelectedIndex()))
	f.SLARisk = s.slaCheck.Checked
	f.Search = s.search.Text
	if f == s.filter {
		return
	}
	s.filter = f
	s.apply()
}

func keyAt(keys []string, i int) string {
	if i < 0 || i >= len(keys) {
		return ""
	}
	return keys[i]
}

// setFilter shows the orders of f (a drill-down from the dashboard).
func (s *ordersScreen) setFilter(f store.OrderFilter) {
	s.filter = newestFirst(f)
	if s.table == nil {
		return
	}
	s.quiet = true
	s.syncWidgets()
	s.quiet = false
	s.apply()
}

// syncWidgets makes the filter widgets show s.filter.
func (s *ordersScreen) syncWidgets() {
	f := s.filter
	if k := periodKeyOf(periodOfFilter(f), s.e.today()); k != "" {
		for i, pk := range periodKeys {
			if pk == k {
				s.periodSel.SetSelectedIndex(i)
			}
		}
	} else {
		s.setCustom(periodOfFilter(f))
	}
	s.periodIdx = max(0, s.periodSel.SelectedIndex())
	s.countrySel.SetSelectedIndex(indexOf(s.countries, f.Country) + 1)
	s.marketSel.SetSelectedIndex(indexOf(s.marketplaces, f.Marketplace) + 1)
	s.modeSel.SetSelectedIndex(int(modeFilterOfStore(f)))
	s.statusSel.SetSelectedIndex(int(f.Status))
	s.slaCheck.SetChecked(f.SLARisk)
	s.search.SetText(f.Search)
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// apply starts the query of s.filter. The first block is read alone, so that on a
// busy machine nothing competes with the rows the user waits for; the count and the
// id list (for deep scrolling) start when it has arrived.
func (s *ordersScreen) apply() {
	s.counting.Cancel()
	s.listing.Cancel()
	s.counting, s.listing = nil, nil
	s.total = -1
	s.waitingFirst = true
	q := &orderQuery{f: s.filter}
	s.query = q
	s.rows.reset(q.fetch(s.src))
	s.rows.prefetch(0)
	s.countLabel.SetText(s.e.T("orders.counting"))
	s.clearBtn.Hide()
	s.bulkBtn.Hide()
	s.relayoutCount()
	s.table.UnselectAll()
	s.untickAll()
	s.table.ScrollToTop()
	s.table.Refresh()
	s.detail.clear()
}

// reload reads the current filter's orders again after the database changed
// (an import, a plan, an override): the rows, the count and the selected order's
// detail, without moving the table.
func (s *ordersScreen) reload() {
	if s.table == nil {
		return
	}
	s.counting.Cancel()
	s.listing.Cancel()
	s.counting, s.listing = nil, nil
	s.waitingFirst = true
	q := &orderQuery{f: s.filter}
	s.query = q
	s.rows.reset(q.fetch(s.src))
	s.rows.prefetch(0)
	s.table.Refresh()
	if s.detail.current != nil {
		s.detail.show(s.detail.row)
	}
}

// showCount says how many orders the filters select; none under active filters
// says how many are active, with a way to clear them.
func (s *ordersScreen) showCount(n int) {
	active := activeFilters(s.filter)
	if n == 0 && active > 0 {
		s.countLabel.SetText(s.e.Tn("orders.noneFiltered", active, active))
		s.clearBtn.Show()
		s.relayoutCount()
		return
	}
	s.countLabel.SetText(s.e.Tn("orders.count", n, count(n)))
	s.clearBtn.Hide()
	// a selection of orders to override with one reason: what the filters select
	s.bulkBtn.Hidden = s.bulk == nil || n == 0 || n > ops.MaxBulkOverride || active == 0
	s.bulkBtn.Refresh()
	s.relayoutCount()
}

// relayoutCount lays the count and its buttons out again after they changed.
func (s *ordersScreen) relayoutCount() {
	if s.countBar != nil {
		s.countBar.Refresh()
	}
}

// activeFilters counts the filters that narrow f: period, country,
// marketplace, mode, status, SLA risk and search.
func activeFilters(f store.OrderFilter) int {
	n := 0
	for _, on := range []bool{periodOfFilter(f) != allTime, f.Country != "", f.Marketplace != "",
		modeFilterOfStore(f) != 0, f.Status != 0, f.SLARisk, f.Search != ""} {
		if on {
			n++
		}
	}
	return n
}

// clearFilters shows every order again (the sort stays).
func (s *ordersScreen) clearFilters() {
	s.setFilter(store.OrderFilter{Sort: s.filter.Sort, Desc: s.filter.Desc})
}

// onPeriodChosen applies a period choice; the last one asks for a custom range.
func (s *ordersScreen) onPeriodChosen() {
	if s.quiet || s.table == nil {
		return
	}
	if s.periodSel.SelectedIndex() != len(periodKeys) {
		s.onFilterChanged()
		return
	}
	cur := periodOfFilter(s.filter)
	if cur == allTime {
		cur = period{s.e.today() - 29, s.e.today()}
	}
	askRange(s.e, cur, func(p period) {
		s.setCustom(p)
		s.onFilterChanged()
	}, func() {
		s.quiet = true
		s.periodSel.SetSelectedIndex(s.periodIdx)
		s.quiet = false
	})
}

// setCustom makes the last period choice the range p, named by its dates.
func (s *ordersScreen) setCustom(p period) {
	s.custom = p
	s.periodSel.Options[len(periodKeys)] = s.e.Tf("period.range", dateText(p.From), dateText(p.To))
	quiet := s.quiet
	s.quiet = true
	s.periodSel.SetSelectedIndex(len(periodKeys))
	s.periodSel.Refresh()
	s.quiet = quiet
}

// countAndList starts the count and then the id list of the current query (one
// after the other: fewer concurrent reads, less memory); a first block shorter than
// a block already tells the count.
func (s *ordersScreen) countAndList() {
	q, f := s.query, s.filter
	if n := s.rows.firstLen(); n < blockSize {
		s.total = n
		s.showCount(n)
		return
	}
	var n int
	s.e.latest(&s.counting, func(ctx context.Context) error {
		var err error
		n, err = s.src.CountOrders(ctx, f)
		return err
	}, func(err error) {
		if err != nil {
			s.e.fail(err)
			s.countLabel.SetText("")
			return
		}
		s.total = n
		s.showCount(n)
		s.table.Refresh()
		s.listIDs(q, f)
	})
}

// listIDs reads the ids of every order of the query, for deep scrolling.
func (s *ordersScreen) listIDs(q *orderQuery, f store.OrderFilter) {
	var ids []int64
	var lt *task
	lt = s.e.start(func(ctx context.Context) error {
		var err error
		ids, err = s.src.OrderIDs(ctx, f)
		return err
	}, func(err error) {
		if lt != s.listing {
			return
		}
		s.listing = nil
		if err != nil {
			s.e.fail(err)
			return
		}
		q.ids.Store(&ids)
	})
	s.listing = lt
}

// refreshRows fetches the current rows again (after an override) without moving.
func (s *ordersScreen) refreshRows() {
	s.rows.reset(s.query.fetch(s.src))
	s.table.Refresh()
}

func (s *ordersScreen) onRowsLoaded() {
	if s.waitingFirst && s.rows.firstLen() >= 0 {
		s.waitingFirst = false
		s.countAndList()
		if s.firstRows != nil {
			s.firstRows()
		}
	}
	s.table.Refresh()
}

// length is the table size: the count once known, the first block before.
func (s *ordersScreen) length() (int, int) {
	n := s.total
	if n < 0 {
		n = max(0, s.rows.firstLen())
	}
	return n, len(orderColumns)
}

// A cell is a label, or in the check column a check box.
func (s *ordersScreen) createCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	c := widget.NewCheck("", nil)
	c.Hide()
	return container.NewStack(l, c)
}

func (s *ordersScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	st := o.(*fyne.Container)
	l, c := st.Objects[0].(*widget.Label), st.Objects[1].(*widget.Check)
	r, ok := s.rows.row(id.Row)
	if orderColumns[id.Col].key == colTick {
		l.Hide()
		c.OnChanged = nil
		if !ok {
			c.Hide()
			return
		}
		c.SetChecked(s.ticked[r.ID])
		row := id.Row
		c.OnChanged = func(on bool) { s.tick(row, on, shiftHeld()) }
		c.Show()
		return
	}
	c.Hide()
	l.Show()
	if !ok {
		l.SetText("…")
		return
	}
	l.SetText(s.cellText(r, id.Col))
}

// cellText is the text of one cell of row r.
func (s *ordersScreen) cellText(r store.OrderRow, col int) string {
	e := s.e
	switch orderColumns[col].key {
	case "col.date":
		return r.Date.String()
	case "col.marketplace":
		return r.Marketplace
	case "col.ref":
		return r.Ref
	case "col.country":
		return r.Country
	case "col.mode":
		name := e.T("mode.unplanned")
		switch {
		case r.Mode != 0:
			name = e.T("mode." + r.Mode.String())
		case r.Planned:
			name = e.T("mode.unassignable")
		}
		if r.Overridden {
			return e.Tf("orders.overridden", name)
		}
		return name
	case "col.option":
		return r.Option
	case "col.cost":
		if r.Mode == 0 {
			return ""
		}
		return money(r.Total, r.Currency)
	case "col.sla":
		if r.SLARisk {
			return e.T("orders.atRisk")
		}
		return ""
	case "col.status":
		return e.T(keyAt(statusKeys, int(r.Status)))
	}
	return ""
}

func (s *ordersScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 || id.Col >= len(orderColumns) {
		b.SetText("")
		return
	}
	c := orderColumns[id.Col]
	b.SetIcon(nil)
	if c.key == colTick {
		b.SetText("")
		b.OnTapped = nil
		return
	}
	b.SetText(s.e.T(c.key))
	if c.sort != 0 && s.sortOf() == c.sort {
		if s.filter.Desc {
			b.SetIcon(theme.MoveDownIcon())
		} else {
			b.SetIcon(theme.MoveUpIcon())
		}
	}
	col := id.Col
	b.OnTapped = func() { s.onSort(col) }
}

// onSort sorts by a column; tapping the sorted column again reverses the order.
func (s *ordersScreen) onSort(col int) {
	c := orderColumns[col]
	if c.sort == 0 {
		return
	}
	if s.sortOf() == c.sort {
		s.filter.Desc = !s.filter.Desc
	} else {
		s.filter.Sort, s.filter.Desc = c.sort, false
	}
	s.apply()
}

func (s *ordersScreen) onSelected(id widget.TableCellID) {
	r, ok := s.rows.row(id.Row)
	if !ok {
		return
	}
	s.detail.show(r)
}

// stop cancels the screen's background work.
// sortOf is the sort column in effect (the zero value sorts by date).
func (s *ordersScreen) sortOf() store.OrderSort {
	if s.filter.Sort == 0 {
		return store.SortDate
	}
	return s.filter.Sort
}

func (s *ordersScreen) stop() {
	s.counting.Cancel()
	s.listing.Cancel()
	s.rows.stop()
	s.detail.stop()
}
