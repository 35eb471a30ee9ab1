package ui

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// scenarioPeriods are the histories a scenario can look at: the days ending at
// the latest order date (SPEC §9's default is 90).
var scenarioPeriods = []int{30, 90, 180, 365}

// defaultScenarioPeriod is the index of 90 days in scenarioPeriods.
const defaultScenarioPeriod = 1

// Tabs of the Scenarios screen's result side, for Options.ScenarioTab.
const (
	scenarioTabResult      = "result"
	scenarioTabMoved       = "moved"
	scenarioTabSuggestions = "suggestions"
	scenarioTabSaved       = "saved"
)

var scenarioTabs = []string{scenarioTabResult, scenarioTabMoved, scenarioTabSuggestions, scenarioTabSaved}

// scenariosScreen is the scenario planner (SPEC §2.9, §9): pick a warehouse and
// SKUs — the list shows each SKU's recent demand by destination — the history and
// the cover days, and read what stocking them there would save, tie up and when it
// pays back; the orders it would move (each opens its detail); the ranked
// suggestions (each opens its scenario); scenarios saved by name, side by side.
// Every piece of work runs off the UI goroutine with progress and Cancel.
type scenariosScreen struct {
	e   *env
	src scenarioSource // nil: not available
	det orderDetails

	choices  scenarioChoices
	loaded   bool
	demand   map[string]store.SKUDemand
	ranked   []string        // every SKU, best sellers to the warehouse's destinations first
	shown    []string        // ranked, filtered by the search
	picked   map[string]bool // the SKUs chosen
	order    []string        // and the order they were chosen in
	custom   *period         // a saved scenario's own history, when it is none of scenarioPeriods
	result   *ops.ScenarioResult
	lastReq  ops.ScenarioRequest // of result
	sug      *ops.SuggestResult
	saved    []store.SavedScenario
	compared []comparedScenario
	cmpCol   int // the saved scenario selected in the comparison (-1: none)
	pending  *scenarioPreset

	loading, demanding, working *task

	root                          fyne.CanvasObject
	whSel, periodSel, sugScope    *widget.Select
	cover                         *widget.Entry
	runBtn, suggestBtn, exportBtn *widget.Button
	cancelBtn, clearBtn           *widget.Button
	progress                      binding.Float
	workRow                       *fyne.Container // the bar and Cancel, shown while work runs
	bar                           *widget.ProgressBar
	status, notice, pickedLabel   *widget.Label
	search                        *widget.Entry
	list                          *widget.List
	tabs                          *container.AppTabs

	heading                    *widget.Label
	netTile, payTile           *tile
	capTile, movedTile         *tile
	chart                      *paybackChart
	stockTable                 *widget.Table
	saveName                   *widget.Entry
	saveBtn                    *widget.Button
	movedTable, sugTable       *widget.Table
	movedNote, sugNote         *widget.Label
	cmpTable                   *widget.Table
	cmpNote                    *widget.Label
	openBtn, deleteBtn, cmpBtn *widget.Button
}

// comparedScenario is a saved scenario worked out again for the comparison.
type comparedScenario struct {
	saved store.SavedScenario
	res   ops.ScenarioResult
	err   error
}

// scenarioPreset is a scenario a script asks the screen to show once it has
// loaded (Options.Scenario, Options.ScenarioTab).
type scenarioPreset struct {
	warehouse string
	skus      []string
	tab       string
}

func newScenariosScreen(e *env, src source) *scenariosScreen {
	return &scenariosScreen{e: e, src: src.scenarios, det: src, picked: map[string]bool{}, cmpCol: -1}
}

func (s *scenariosScreen) content() fyne.CanvasObject {
	e := s.e
	s.whSel = widget.NewSelect(nil, func(string) { s.onWarehouse() })
	s.whSel.PlaceHolder = e.T("scen.pickWarehouse")
	var periods []string
	for _, d := range scenarioPeriods {
		periods = append(periods, e.Tf("scen.lastDays", d))
	}
	s.periodSel = widget.NewSelect(periods, func(string) { s.onPeriod() })
	s.periodSel.SetSelectedIndex(defaultScenarioPeriod)
	s.cover = widget.NewEntry()
	s.cover.SetPlaceHolder(strconv.Itoa(logistics.DefaultCoverDays))
	s.runBtn = widget.NewButtonWithIcon(e.T("scen.run"), theme.MediaPlayIcon(), s.onRun)
	s.runBtn.Importance = widget.HighImportance
	s.suggestBtn = widget.NewButtonWithIcon(e.T("scen.suggest"), theme.SearchIcon(), s.onSuggest)
	s.exportBtn = widget.NewButtonWithIcon(e.T("scen.export"), theme.DocumentSaveIcon(), s.onExportDialog)
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.load)
	s.cancelBtn = widget.NewButton(e.T("action.cancel"), func() { s.working.Cancel() })
	s.progress = binding.NewFloat()
	s.bar = widget.NewProgressBarWithData(s.progress)
	s.status = widget.NewLabel("")
	s.status.Truncation = fyne.TextTruncateEllipsis
	s.notice = widget.NewLabel("")
	s.notice.Wrapping = fyne.TextWrapWord
	s.notice.Importance = widget.WarningImportance
	s.notice.Hide()

	coverBox := container.NewGridWrap(fyne.NewSize(64, s.cover.MinSize().Height), s.cover)
	whBox := container.NewGridWrap(fyne.NewSize(190, s.whSel.MinSize().Height), s.whSel)
	controls := container.NewHBox(
		widget.NewLabel(e.T("scen.warehouse")), whBox,
		widget.NewLabel(e.T("scen.history")), s.periodSel,
		widget.NewLabel(e.T("scen.coverDays")), coverBox, refresh,
		s.runBtn, s.suggestBtn, s.exportBtn)
	// one line: what happens, and while work runs its progress and Cancel
	s.workRow = container.NewHBox(container.NewGridWrap(fyne.NewSize(280, s.bar.MinSize().Height), s.bar), s.cancelBtn)
	s.workRow.Hide()
	statusRow := container.NewBorder(nil, nil, nil, s.workRow, s.status)
	top := container.NewVBox(container.NewHScroll(controls), statusRow, s.notice)

	s.tabs = container.NewAppTabs(
		container.NewTabItem(e.T("scen.tabResult"), s.resultView()),
		container.NewTabItem(e.T("scen.tabMoved"), s.movedView()),
		container.NewTabItem(e.T("scen.tabSuggestions"), s.suggestionsView()),
		container.NewTabItem(e.T("scen.tabSaved"), s.savedView()),
	)
	s.tabs.OnSelected = func(ti *container.TabItem) {
		if s.tabs.SelectedIndex() == 3 {
			s.loadSaved(true)
		}
	}
	split := container.NewHSplit(s.skuPanel(), s.tabs)
	split.Offset = 0.28
	s.root = container.NewBorder(top, nil, nil, nil, split)
	s.updateButtons()
	if s.src == nil {
		s.showNotice(e.T("scen.unavailable"))
		return s.root
	}
	s.load()
	return s.root
}

// skuPanel is the searchable list of SKUs with their recent demand.
func (s *scenariosScreen) skuPanel() fyne.CanvasObject {
	e := s.e
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(e.T("scen.searchSKU"))
	s.search.OnChanged = func(string) { s.filter() }
	s.list = widget.NewList(
		func() int { return len(s.shown) },
		func() fyne.CanvasObject {
			check := widget.NewCheck("", nil)
			demand := canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder))
			demand.TextSize = theme.Size(theme.SizeNameCaptionText)
			// the demand under the SKU's name, in line with it
			indent := theme.Size(theme.SizeNameInnerPadding)*2 + theme.Size(theme.SizeNameInlineIcon)
			line := container.New(layout.NewCustomPaddedLayout(-theme.Size(theme.SizeNamePadding), theme.Size(theme.SizeNamePadding), indent, 0), demand)
			return container.NewVBox(check, line)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(s.shown) {
				return
			}
			box := o.(*fyne.Container)
			check := box.Objects[0].(*widget.Check)
			demand := box.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text)
			sku := s.shown[id]
			check.OnChanged = nil
			text := sku
			if t := s.choices.Products[sku]; t != "" {
				text += " · " + t
			}
			check.Text = text
			check.SetChecked(s.picked[sku])
			check.Refresh()
			check.OnChanged = func(on bool) { s.pick(sku, on) }
			demand.Text = s.demandText(sku)
			demand.Color = theme.Color(theme.ColorNamePlaceHolder)
			demand.Refresh()
		})
	s.list.HideSeparators = false
	s.pickedLabel = widget.NewLabel(e.T("scen.nonePicked"))
	s.pickedLabel.Truncation = fyne.TextTruncateEllipsis
	s.clearBtn = widget.NewButton(e.T("scen.clear"), func() {
		s.picked, s.order = map[string]bool{}, nil
		s.list.Refresh()
		s.updatePicked()
	})
	head := container.NewVBox(widget.NewLabelWithStyle(e.T("scen.skus"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.search)
	foot := container.NewBorder(nil, nil, nil, s.clearBtn, s.pickedLabel)
	return container.NewBorder(head, foot, nil, nil, s.list)
}

// load reads the warehouses, products and latest order date, then the demand and
// the saved scenarios.
func (s *scenariosScreen) load() {
	if s.src == nil {
		return
	}
	e := s.e
	var c scenarioChoices
	s.status.SetText(e.T("scen.loading"))
	e.latest(&s.loading, func(ctx context.Context) error {
		var err error
		c, err = s.src.ScenarioChoices(ctx)
		return err
	}, func(err error) {
		s.status.SetText("")
		if err != nil {
			e.fail(err)
			return
		}
		s.choices, s.loaded = c, true
		var opts []string
		for _, w := range c.Warehouses {
			opts = append(opts, w.ID+" · "+strings.Join(w.Serves, ", "))
		}
		cur := s.warehouse()
		s.whSel.SetOptions(opts)
		if i := s.warehouseIndex(cur); i >= 0 {
			s.whSel.SetSelectedIndex(i)
		}
		scope := []string{e.T("scen.allWarehouses")}
		for _, w := range c.Warehouses {
			scope = append(scope, w.ID)
		}
		s.sugScope.SetOptions(scope)
		s.sugScope.SetSelectedIndex(0)
		s.cover.SetPlaceHolder(strconv.Itoa(cmp.Or(c.CoverDays, logistics.DefaultCoverDays)))
		switch {
		case !c.RateBook || len(c.Warehouses) == 0:
			s.showNotice(e.T("scen.noWarehouse"))
		case c.Latest == 0:
			s.showNotice(e.T("scen.noOrders"))
		default:
			s.hideNotice()
		}
		s.rank()
		s.updateButtons()
		s.loadDemand()
		s.loadSaved(false)
	})
}

// loadDemand reads each SKU's demand over the chosen history.
func (s *scenariosScreen) loadDemand() {
	e := s.e
	s.demanding.Cancel()
	if s.choices.Latest == 0 {
		s.demand = map[string]store.SKUDemand{} // no orders: no demand
		s.rank()
		return
	}
	from, to := s.period()
	var ds []store.SKUDemand
	e.latest(&s.demanding, func(ctx context.Context) error {
		var err error
		ds, err = s.src.SKUDemands(ctx, from, to)
		return err
	}, func(err error) {
		if err != nil {
			e.fail(err)
			return
		}
		s.demand = make(map[string]store.SKUDemand, len(ds))
		for _, d := range ds {
			s.demand[d.SKU] = d
		}
		s.rank()
		s.maybeRunPreset()
	})
}

// period is the chosen history.
func (s *scenariosScreen) period() (logistics.Date, logistics.Date) {
	if s.custom != nil {
		return s.custom.From, s.custom.To
	}
	days := scenarioPeriods[max(0, s.periodSel.SelectedIndex())]
	to := s.choices.Latest
	return to - logistics.Date(days-1), to
}

func (s *scenariosScreen) onPeriod() {
	if s.custom != nil && s.periodSel.SelectedIndex() < len(scenarioPeriods) {
		s.custom = nil
		s.periodSel.SetOptions(s.periodSel.Options[:len(scenarioPeriods)])
	}
	if s.loaded {
		s.loadDemand()
	}
}

// warehouse is the chosen warehouse's id ("" when none).
func (s *scenariosScreen) warehouse() string {
	i := s.whSel.SelectedIndex()
	if i < 0 || i >= len(s.choices.Warehouses) {
		return ""
	}
	return s.choices.Warehouses[i].ID
}

func (s *scenariosScreen) warehouseIndex(id string) int {
	return slices.IndexFunc(s.choices.Warehouses, func(w logistics.Warehouse) bool { return w.ID == id })
}

func (s *scenariosScreen) onWarehouse() {
	s.rank() // (and shows the stock on hand there)
	s.updateButtons()
}

// served reports whether the chosen warehouse serves a country (wholly or by
// postal prefix).
func (s *scenariosScreen) served(country string) bool {
	i := s.whSel.SelectedIndex()
	if i < 0 || i >= len(s.choices.Warehouses) {
		return false
	}
	for _, e := range s.choices.Warehouses[i].Serves {
		if e == country || strings.HasPrefix(e, country+":") {
			return true
		}
	}
	return false
}

// servedUnits is a SKU's demand to the chosen warehouse's destinations.
func (s *scenariosScreen) servedUnits(sku string) int64 {
	var n int64
	for _, c := range s.demand[sku].ByCountry {
		if s.served(c.Country) {
			n += c.Units
		}
	}
	return n
}

// rank orders the SKUs: most units to the chosen warehouse's destinations, then
// most units in all, then by SKU.
func (s *scenariosScreen) rank() {
	s.ranked = s.ranked[:0]
	for sku := range s.choices.Products {
		s.ranked = append(s.ranked, sku)
	}
	served := map[string]int64{}
	for _, sku := range s.ranked {
		served[sku] = s.servedUnits(sku)
	}
	slices.SortFunc(s.ranked, func(a, b string) int {
		return cmp.Or(cmp.Compare(served[b], served[a]), cmp.Compare(s.demand[b].Units, s.demand[a].Units), cmp.Compare(a, b))
	})
	s.filter()
}

// filter shows the ranked SKUs whose SKU or title holds the search text.
func (s *scenariosScreen) filter() {
	q := strings.ToLower(strings.TrimSpace(s.search.Text))
	s.shown = s.shown[:0]
	for _, sku := range s.ranked {
		if q == "" || strings.Contains(strings.ToLower(sku), q) || strings.Contains(strings.ToLower(s.choices.Products[sku]), q) {
			s.shown = append(s.shown, sku)
		}
	}
	s.list.Refresh()
}

// demandText is a SKU's line under its name: units over the history and the first
// destinations, the warehouse's marked.
func (s *scenariosScreen) demandText(sku string) string {
	e := s.e
	if s.demand == nil {
		return e.T("scen.demandLoading")
	}
	d, ok := s.demand[sku]
	if !ok || d.Units == 0 {
		return e.T("scen.noDemand")
	}
	// the warehouse's destinations first, then the others, most units first
	var served, others []string
	for _, c := range d.ByCountry {
		p := c.Country + " " + group(strconv.FormatInt(c.Units, 10))
		if s.served(c.Country) {
			served = append(served, "▸"+p)
		} else {
			others = append(others, p)
		}
	}
	parts := append(served, others...)
	if len(parts) > 5 {
		parts = append(parts[:5], "…")
	}
	text := group(strconv.FormatInt(d.Units, 10))
	if n := s.choices.OnHand[s.warehouse()][sku]; n > 0 {
		text = e.Tf("scen.demandOnHand", text, group(strconv.FormatInt(n, 10)))
	} else {
		text = e.Tf("scen.demandUnits", text)
	}
	return text + " · " + strings.Join(parts, " · ")
}

// pick chooses or drops a SKU.
func (s *scenariosScreen) pick(sku string, on bool) {
	if s.picked[sku] == on {
		return
	}
	s.picked[sku] = on
	if on {
		s.order = append(s.order, sku)
	} else {
		s.order = slices.DeleteFunc(s.order, func(x string) bool { return x == sku })
	}
	s.updatePicked()
}

func (s *scenariosScreen) updatePicked() {
	e := s.e
	s.list.Refresh()
	if len(s.order) == 0 {
		s.pickedLabel.SetText(e.T("scen.nonePicked"))
	} else {
		s.pickedLabel.SetText(e.Tn("scen.picked", len(s.order), len(s.order), strings.Join(s.order, ", ")))
	}
	s.updateButtons()
}

// updateButtons enables what can run now.
func (s *scenariosScreen) updateButtons() {
	ready := s.src != nil && s.loaded && s.choices.Latest != 0 && len(s.choices.Warehouses) > 0 && s.working == nil
	enable := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	enable(s.runBtn, ready && s.warehouse() != "" && len(s.order) > 0)
	enable(s.exportBtn, ready && s.warehouse() != "" && len(s.order) > 0)
	enable(s.suggestBtn, ready)
	enable(s.clearBtn, len(s.order) > 0)
	if s.saveBtn != nil {
		enable(s.saveBtn, s.result != nil && s.working == nil)
		enable(s.cmpBtn, s.src != nil && s.working == nil && len(s.saved) > 0)
		enable(s.openBtn, s.working == nil && s.cmpCol >= 0 && s.cmpCol < len(s.saved))
		enable(s.deleteBtn, s.working == nil && s.cmpCol >= 0 && s.cmpCol < len(s.saved))
	}
}

func (s *scenariosScreen) showNotice(text string) {
	s.notice.SetText(text)
	s.notice.Show()
	s.relayout()
}

func (s *scenariosScreen) hideNotice() {
	s.notice.Hide()
	s.relayout()
}

// relayout lays the screen out again after the notice showed or hid.
func (s *scenariosScreen) relayout() {
	if r, ok := s.root.(*fyne.Container); ok {
		r.Refresh()
	}
}

// request is the scenario the controls describe; ok is false (with the reason
// shown) when they describe none.
func (s *scenariosScreen) request() (ops.ScenarioRequest, bool) {
	e := s.e
	req := ops.ScenarioRequest{Warehouse: s.warehouse(), SKUs: slices.Clone(s.order)}
	req.From, req.To = s.period()
	if t := strings.TrimSpace(s.cover.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > logistics.MaxCoverDays {
			s.status.SetText(e.Tf("scen.badCover", t, logistics.MaxCoverDays))
			return req, false
		}
		req.CoverDays = n
	}
	if req.Warehouse == "" || len(req.SKUs) == 0 {
		s.status.SetText(e.T("scen.needInputs"))
		return req, false
	}
	return req, true
}

// begin starts work off the UI goroutine with the progress bar and Cancel;
// done runs on the UI goroutine with its error (a cancel says so in the status).
func (s *scenariosScreen) begin(what string, work func(ctx context.Context, progress func(float64)) error, done func(err error)) {
	e := s.e
	_ = s.progress.Set(0)
	s.workRow.Show()
	s.status.SetText(what)
	e.latest(&s.working, func(ctx context.Context) error {
		return work(ctx, func(f float64) { _ = s.progress.Set(f) })
	}, func(err error) {
		s.workRow.Hide()
		s.updateButtons()
		if errors.Is(err, context.Canceled) {
			s.status.SetText(e.T("scen.cancelled"))
			s.pending = nil
			return
		}
		if err != nil {
			s.status.SetText("")
			s.pending = nil
			e.fail(err)
			return
		}
		done(err)
	})
	s.updateButtons()
}

// onRun works out the scenario of the controls.
func (s *scenariosScreen) onRun() {
	req, ok := s.request()
	if !ok {
		return
	}
	s.run(req)
}

func (s *scenariosScreen) run(req ops.ScenarioRequest) {
	e := s.e
	var res ops.ScenarioResult
	start := time.Now()
	s.begin(e.T("scen.working"), func(ctx context.Context, progress func(float64)) error {
		var err error
		res, err = s.src.Scenario(ctx, req)
		progress(1)
		return err
	}, func(error) {
		s.result, s.lastReq = &res, req
		s.showResult()
		s.status.SetText(e.Tf("scen.doneIn", strconv.FormatFloat(time.Since(start).Seconds(), 'f', 2, 64)))
		s.updateButtons()
		if s.pending == nil || s.pending.tab == scenarioTabResult || s.pending.tab == "" {
			s.tabs.SelectIndex(0)
		}
		s.continuePreset()
	})
}

// onSuggest ranks the (SKU, warehouse) pairs worth stocking over the chosen
// history and cover days.
func (s *scenariosScreen) onSuggest() {
	e := s.e
	req := ops.SuggestRequest{}
	req.From, req.To = s.period()
	if i := s.sugScope.SelectedIndex(); i > 0 && i <= len(s.choices.Warehouses) {
		req.Warehouse = s.choices.Warehouses[i-1].ID
	}
	if t := strings.TrimSpace(s.cover.Text); t != "" {
		if n, err := strconv.Atoi(t); err == nil && n >= 1 && n <= logistics.MaxCoverDays {
			req.CoverDays = n
		}
	}
	var res ops.SuggestResult
	start := time.Now()
	s.tabs.SelectIndex(2)
	s.begin(e.T("scen.suggesting"), func(ctx context.Context, progress func(float64)) error {
		var err error
		res, err = s.src.Suggest(ctx, req, progress)
		return err
	}, func(error) {
		s.sug = &res
		s.showSuggestions()
		s.status.SetText(e.Tf("scen.doneIn", strconv.FormatFloat(time.Since(start).Seconds(), 'f', 2, 64)))
		s.continuePreset()
	})
}

func (s *scenariosScreen) onExportDialog() {
	req, ok := s.request()
	if !ok {
		return
	}
	s.e.askSave("scenario-"+req.Warehouse+".xlsx", func(path string) { s.onExport(path, req) })
}

// onExport writes the workbook of the scenario to path.
func (s *scenariosScreen) onExport(path string, req ops.ScenarioRequest) {
	e := s.e
	s.begin(e.T("scen.exporting"), func(ctx context.Context, progress func(float64)) error {
		return s.src.ScenarioReport(ctx, path, req, progress)
	}, func(error) {
		s.status.SetText(e.Tf("scen.exported", path))
	})
}

// onSave stores the inputs of the result shown under the name typed.
func (s *scenariosScreen) onSave() {
	e := s.e
	name := strings.TrimSpace(s.saveName.Text)
	if name == "" {
		s.status.SetText(e.T("scen.needName"))
		return
	}
	if s.result == nil {
		return
	}
	r := s.lastReq
	sv := store.SavedScenario{Name: name, Warehouse: r.Warehouse, SKUs: r.SKUs, From: s.result.From, To: s.result.To, CoverDays: r.CoverDays}
	s.begin(e.T("scen.saving"), func(ctx context.Context, progress func(float64)) error {
		return s.src.SaveScenario(ctx, sv)
	}, func(error) {
		s.status.SetText(e.Tf("scen.savedAs", name))
		s.loadSaved(false)
	})
}

// loadSaved reads the saved scenarios, and works each out again for the
// comparison when compare is set.
func (s *scenariosScreen) loadSaved(compare bool) {
	e := s.e
	if s.src == nil {
		return
	}
	var saved []store.SavedScenario
	e.start(func(ctx context.Context) error {
		var err error
		saved, err = s.src.SavedScenarios(ctx)
		return err
	}, func(err error) {
		if err != nil {
			e.fail(err)
			return
		}
		s.saved = saved
		if s.cmpCol >= len(saved) {
			s.cmpCol = -1
		}
		s.showCompared()
		s.updateButtons()
		if compare && len(saved) > 0 && s.working == nil {
			s.onCompare()
		}
	})
}

// onCompare works out every saved scenario again.
func (s *scenariosScreen) onCompare() {
	e := s.e
	saved := slices.Clone(s.saved)
	out := make([]comparedScenario, len(saved))
	s.begin(e.T("scen.comparing"), func(ctx context.Context, progress func(float64)) error {
		for i, sv := range saved {
			if err := ctx.Err(); err != nil {
				return err
			}
			res, err := s.src.Scenario(ctx, ops.ScenarioRequest{Warehouse: sv.Warehouse, SKUs: sv.SKUs, From: sv.From, To: sv.To, CoverDays: sv.CoverDays})
			if errors.Is(err, context.Canceled) {
				return err
			}
			out[i] = comparedScenario{saved: sv, res: res, err: err}
			progress(float64(i+1) / float64(len(saved)))
		}
		return nil
	}, func(error) {
		s.saved, s.compared = saved, out
		s.showCompared()
		s.status.SetText(e.Tn("scen.compared", len(saved), len(saved)))
		s.continuePreset()
	})
}

// openSaved puts a saved scenario's inputs on the controls and works it out.
func (s *scenariosScreen) openSaved(sv store.SavedScenario) {
	if i := s.warehouseIndex(sv.Warehouse); i >= 0 {
		s.whSel.SetSelectedIndex(i)
	}
	s.setPeriod(sv.From, sv.To)
	s.cover.SetText("")
	if sv.CoverDays > 0 {
		s.cover.SetText(strconv.Itoa(sv.CoverDays))
	}
	s.setPicked(sv.SKUs)
	s.saveName.SetText(sv.Name)
	req := ops.ScenarioRequest{Warehouse: sv.Warehouse, SKUs: sv.SKUs, From: sv.From, To: sv.To, CoverDays: sv.CoverDays}
	s.tabs.SelectIndex(0)
	s.run(req)
}

// setPeriod shows a history: one of scenarioPeriods when it is one, else as its
// own choice.
func (s *scenariosScreen) setPeriod(from, to logistics.Date) {
	opts := s.periodSel.Options[:len(scenarioPeriods)]
	if to == s.choices.Latest || to == 0 {
		for i, d := range scenarioPeriods {
			if from == 0 || int(to-from)+1 == d {
				s.custom = nil
				s.periodSel.SetOptions(opts)
				s.periodSel.SetSelectedIndex(i)
				return
			}
		}
	}
	p := period{from, to}
	s.custom = &p
	s.periodSel.SetOptions(append(slices.Clone(opts), from.String()+" – "+to.String()))
	s.periodSel.SetSelectedIndex(len(scenarioPeriods))
	s.loadDemand()
}

// setPicked chooses exactly skus.
func (s *scenariosScreen) setPicked(skus []string) {
	s.picked, s.order = map[string]bool{}, nil
	for _, sku := range skus {
		s.pick(sku, true)
	}
	s.list.Refresh()
	s.updatePicked()
}

// onDelete removes the saved scenario selected in the comparison.
func (s *scenariosScreen) onDelete() {
	e := s.e
	if s.cmpCol < 0 || s.cmpCol >= len(s.saved) {
		return
	}
	name := s.saved[s.cmpCol].Name
	s.begin(e.T("scen.deleting"), func(ctx context.Context, progress func(float64)) error {
		return s.src.DeleteScenario(ctx, name)
	}, func(error) {
		s.status.SetText(e.Tf("scen.deleted", name))
		s.compared = slices.DeleteFunc(s.compared, func(c comparedScenario) bool { return c.saved.Name == name })
		s.cmpCol = -1
		s.loadSaved(false)
	})
}

// preset asks the screen to show a scenario once it has loaded: "W:SKU,SKU" (or
// "W" alone with the two best sellers to W's destinations), on the result tab tab.
func (s *scenariosScreen) preset(spec, tab string) {
	w, list, _ := strings.Cut(spec, ":")
	p := &scenarioPreset{warehouse: strings.TrimSpace(w), tab: strings.ToLower(tab)}
	for _, sku := range strings.Split(list, ",") {
		if sku = strings.TrimSpace(sku); sku != "" {
			p.skus = append(p.skus, sku)
		}
	}
	s.pending = p
	s.maybeRunPreset()
}

// maybeRunPreset starts the preset once the choices and the demand are loaded.
func (s *scenariosScreen) maybeRunPreset() {
	p := s.pending
	if p == nil || !s.loaded || s.demand == nil || s.working != nil {
		return
	}
	if i := s.warehouseIndex(p.warehouse); i >= 0 {
		s.whSel.SetSelectedIndex(i)
	}
	if len(p.skus) == 0 && len(s.ranked) >= 2 {
		p.skus = slices.Clone(s.ranked[:2])
	}
	s.setPicked(p.skus)
	s.onRun()
}

// continuePreset goes on with the preset after a piece of work: the suggestions,
// then the comparison of the saved scenarios, as its tab asks.
func (s *scenariosScreen) continuePreset() {
	p := s.pending
	if p == nil {
		return
	}
	switch {
	case p.tab == scenarioTabMoved:
		s.tabs.SelectIndex(1)
	case p.tab == scenarioTabSuggestions && s.sug == nil:
		s.onSuggest()
		return
	case p.tab == scenarioTabSuggestions:
		s.tabs.SelectIndex(2)
	case p.tab == scenarioTabSaved && s.compared == nil && len(s.saved) > 0:
		s.tabs.SelectIndex(3)
		return // selecting the tab compares
	case p.tab == scenarioTabSaved:
		s.tabs.SelectIndex(3)
	}
	s.pending = nil
}

func (s *scenariosScreen) stop() {
	s.loading.Cancel()
	s.demanding.Cancel()
	s.working.Cancel()
}

// paybackText is a payback in months, or that there is none.
func (s *scenariosScreen) paybackText(r *logistics.ScenarioResult) string {
	if !r.HasPayback {
		return s.e.T("scen.noPayback")
	}
	return s.e.Tf("scen.months", logistics.FormatMinor(r.PaybackTenths, 1))
}

// heading is one line saying what a scenario is.
func (s *scenariosScreen) headingOf(r *logistics.ScenarioResult) string {
	return s.e.Tf("scen.heading", strings.Join(r.SKUs, ", "), r.Warehouse, r.From.String(), r.To.String(), r.Days, r.CoverDays)
}
