package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// maxCountries is how many destinations the country chart shows.
const maxCountries = 12

// dashboardScreen shows the KPIs of a period and the spend charts; its mode and risk
// tiles open the orders behind them.
type dashboardScreen struct {
	e    *env
	sum  summarizer
	plan func(ctx context.Context, progress func(float64)) error
	// planState tells whether the plan is out of date (nil: never shown)
	planState func(ctx context.Context) (ops.PlanState, error)
	// invoiceTotals gives the invoiced-vs-planned tile (nil: no tile)
	invoiceTotals invoiceViews
	// days gives a short period's spend by day (nil: its chart is by month)
	days func(ctx context.Context, from, to logistics.Date) ([]store.DayStat, error)

	period   period
	cur      string // base currency of the last summary
	loading  *task
	billing  *task // the invoiced-vs-planned figure, read after the summary
	charting *task // a short period's spend by day, read after the summary
	planner  *progressDialog

	periodSel                            *widget.Select
	picker                               *periodPicker
	orders, spend, savings, sla, unassgn *tile
	invoiced                             *tile // invoiced vs planned; nil without invoiceTotals
	modes                                [5]*tile
	byMonth, byCountry                   *barChart
	byTimeTitle                          *widget.Label // per month, week or day
	status                               *widget.Label
	stale                                *fyne.Container // "Plan is out of date" and Plan now
	staleText                            *widget.Label
	root                                 *fyne.Container // laid out again when the banner shows or hides
}

func newDashboardScreen(e *env, src source) *dashboardScreen {
	return &dashboardScreen{e: e, sum: src, plan: src.Plan, planState: src.PlanState, invoiceTotals: src.invoiceViews,
		days: src.SpendByDay, period: allTime}
}

func (s *dashboardScreen) content() fyne.CanvasObject {
	e := s.e
	s.picker = newPeriodPicker(e, func(p period) {
		s.period = p
		s.load()
	})
	s.periodSel = s.picker.sel
	s.periodSel.SetSelectedIndex(0)
	planBtn := widget.NewButtonWithIcon(e.T("dash.plan"), theme.MediaPlayIcon(), s.onPlan)
	if s.plan == nil {
		planBtn.Disable()
	}
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.load)
	s.status = widget.NewLabel("")
	bar := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(e.T("dash.period")), s.picker.object(), refresh), planBtn, s.status)
	s.staleText = widget.NewLabel("")
	s.staleText.Wrapping = fyne.TextWrapWord
	planNow := widget.NewButtonWithIcon(e.T("dash.planNow"), theme.MediaPlayIcon(), s.onPlan)
	planNow.Importance = widget.HighImportance
	if s.plan == nil {
		planNow.Disable()
	}
	s.stale = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), planNow, s.staleText)
	s.stale.Hide()

	s.orders = newTile(e.T("dash.orders"), theme.ColorNamePrimary, func() { s.open(store.OrderFilter{}) })
	s.spend = newTile(e.T("dash.spend"), theme.ColorNamePrimary, nil)
	s.savings = newTile(e.T("dash.savings"), theme.ColorNameSuccess, nil)
	s.sla = newTile(e.T("dash.slaRisks"), theme.ColorNameWarning, func() { s.open(store.OrderFilter{SLARisk: true}) })
	s.unassgn = newTile(e.T("dash.unassignable"), theme.ColorNameError, func() { s.open(store.OrderFilter{Unassignable: true}) })
	kpiTiles := []fyne.CanvasObject{s.orders, s.spend, s.savings, s.sla, s.unassgn}
	if s.invoiceTotals != nil {
		s.invoiced = newTile(e.T("inv.dash.tile"), theme.ColorNamePrimary, s.openInvoices)
		kpiTiles = append(kpiTiles, s.invoiced)
	}
	kpis := container.NewGridWithColumns(len(kpiTiles), kpiTiles...)
	var modeTiles []fyne.CanvasObject
	for _, m := range logistics.Modes {
		t := newTile(e.T("mode."+m.String()), theme.ColorNamePrimary, func() { s.open(store.OrderFilter{Mode: m}) })
		t.setAccent(*canvas.NewRectangle(modeColors[m]))
		s.modes[m] = t
		modeTiles = append(modeTiles, t)
	}
	mix := container.NewGridWithColumns(4, modeTiles...)

	money := func(v int64) string { return money(v, s.currency()) }
	s.byMonth = newBarChart(false, money, e.T("dash.noData"))
	s.byCountry = newBarChart(true, money, e.T("dash.noData"))
	s.byTimeTitle = widget.NewLabelWithStyle(e.T("dash.byMonth"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	monthBox := container.NewBorder(s.byTimeTitle, nil, nil, nil, s.byMonth)
	countryBox := container.NewBorder(widget.NewLabelWithStyle(e.T("dash.byCountry"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, s.byCountry)
	charts := container.NewGridWithColumns(2, monthBox, countryBox)
	leg := legend(e, func(m logistics.Mode) { s.open(store.OrderFilter{Mode: m}) })

	top := container.NewVBox(bar, s.stale, kpis, widget.NewLabelWithStyle(e.T("dash.modeMix"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), mix)
	s.load()
	s.root = container.NewBorder(top, leg, nil, nil, charts)
	return s.root
}

func (s *dashboardScreen) currency() string { return s.cur }

// open shows the orders of the dashboard's period narrowed by f.
func (s *dashboardScreen) open(f store.OrderFilter) {
	f.From, f.To = s.period.From, s.period.To
	if s.e.navigate != nil {
		s.e.navigate(screenOrders, f)
	}
}

// load reads the summary of the chosen period.
func (s *dashboardScreen) load() {
	if s.status == nil {
		return
	}
	p := s.period
	var sum store.Summary
	var state ops.PlanState
	s.status.SetText(s.e.T("dash.loading"))
	s.e.latest(&s.loading, func(ctx context.Context) error {
		var err error
		if sum, err = s.sum.Summary(ctx, p.From, p.To); err != nil {
			return err
		}
		if s.planState != nil {
			state, err = s.planState(ctx)
		}
		return err
	}, func(err error) {
		s.status.SetText("")
		if err != nil {
			s.e.fail(err)
			return
		}
		s.show(&sum)
		s.loadDays(chartRange(p, &sum))
		s.showState(state, sum.Unplanned)
		s.loadInvoiced(p)
	})
}

// loadDays charts a short period by day or week, read after the summary (its
// figures do not wait for the chart, which shows the months until the days
// arrive); a long one stays by month.
func (s *dashboardScreen) loadDays(p period) {
	e := s.e
	s.charting.Cancel()
	step := chartStep(p)
	if step == stepMonth || s.days == nil {
		s.byTimeTitle.SetText(e.T("dash.byMonth"))
		return
	}
	var days []store.DayStat
	e.latest(&s.charting, func(ctx context.Context) error {
		var err error
		days, err = s.days(ctx, p.From, p.To)
		return err
	}, func(err error) {
		if err != nil {
			e.fail(err)
			return
		}
		s.byTimeTitle.SetText(e.T(stepKeys[step]))
		s.byMonth.setGroups(dayGroups(days, step, p))
	})
}

// loadInvoiced reads the invoiced-vs-planned figure of period p, on its own: a
// reconciliation of many orders takes longer than the summary.
func (s *dashboardScreen) loadInvoiced(p period) {
	e := s.e
	if s.invoiced == nil {
		return
	}
	var res ops.ReconcileResult
	var ok bool
	e.latest(&s.billing, func(ctx context.Context) error {
		var err error
		res, ok, err = s.invoiceTotals.InvoiceTotals(ctx, p.From, p.To)
		return err
	}, func(err error) {
		if err != nil {
			e.fail(err)
			return
		}
		switch {
		case !ok:
			s.invoiced.set("–", e.T("inv.dash.none"))
		case res.Invoiced == 0 && res.Planned == 0:
			s.invoiced.set(money(0, res.Currency), e.T("inv.dash.noneInPeriod"))
		default:
			s.invoiced.set(money(res.Invoiced, res.Currency), e.Tf("inv.dash.note", money(res.Planned, res.Currency),
				signedMoney(res.Variance, res.Currency), signedPercent(res.Variance, res.Planned)))
		}
	})
}

// openInvoices shows the Invoices screen on the dashboard's period.
func (s *dashboardScreen) openInvoices() {
	if s.e.navigate != nil {
		s.e.navigate(screenInvoices, store.OrderFilter{From: s.period.From, To: s.period.To})
	}
}

// showState shows, above the figures, that the plan is out of date — the rate book
// changed since the latest plan, orders were overridden or changed since it, or
// open orders of the period are not planned — with a button that plans now.
func (s *dashboardScreen) showState(st ops.PlanState, unplanned int) {
	e := s.e
	var why []string
	if st.RateBookChanged {
		why = append(why, e.T("dash.staleRateBook"))
	}
	if unplanned > 0 && st.RateBook {
		why = append(why, e.Tn("dash.staleOrders", unplanned, count(unplanned)))
	} else if st.OrdersChanged {
		why = append(why, e.T("dash.staleChanged"))
	}
	if len(why) == 0 {
		s.stale.Hide()
	} else {
		s.staleText.SetText(e.T("dash.stale") + " " + strings.Join(why, " "))
		s.stale.Show()
	}
	if s.root != nil {
		s.root.Refresh()
	}
}

// show puts a summary on the tiles and charts.
func (s *dashboardScreen) show(sum *store.Summary) {
	e := s.e
	s.cur = sum.Currency
	cur := sum.Currency
	note := ""
	if sum.Unplanned > 0 {
		note = e.Tf("dash.unplanned", count(sum.Unplanned))
	}
	s.orders.set(count(sum.Orders), note)
	avg := ""
	if sum.Orders > 0 {
		avg = e.Tf("dash.perOrder", money(sum.Spend/int64(sum.Orders), cur))
	}
	s.spend.set(money(sum.Spend, cur), avg)
	// the savings say what they compare with, and turn red when the plan costs
	// more than direct mail alone would (overrides, or a rate book that changed)
	switch {
	case sum.DirectBaseline == 0:
		// nothing planned in the period: nothing to compare with
		s.savings.set(money(0, cur), "")
		s.savings.setAccent(*canvas.NewRectangle(theme.Color(theme.ColorNameSuccess)))
	case sum.Savings < 0:
		s.savings.set(money(sum.Savings, cur), e.Tf("dash.vsDirectMore", percent(-sum.Savings, sum.DirectBaseline), money(sum.DirectBaseline, cur)))
		s.savings.setAccent(*canvas.NewRectangle(theme.Color(theme.ColorNameError)))
	default:
		s.savings.set(money(sum.Savings, cur), e.Tf("dash.vsDirectBase", percent(sum.Savings, sum.DirectBaseline), money(sum.DirectBaseline, cur)))
		s.savings.setAccent(*canvas.NewRectangle(theme.Color(theme.ColorNameSuccess)))
	}
	s.sla.set(count(sum.SLARisks), e.T("dash.slaNote"))
	s.unassgn.set(count(sum.Unassignable), e.T("dash.unassignableNote"))
	for _, m := range logistics.Modes {
		mt := sum.ByMode[m]
		s.modes[m].set(count(mt.Orders), e.Tf("dash.modeNote", percent(int64(mt.Orders), int64(sum.Orders)), money(mt.Spend, cur)))
	}
	months := make([]barGroup, len(sum.ByMonth))
	for i, m := range sum.ByMonth {
		months[i] = barGroup{Label: fmt.Sprintf("%02d-%02d", m.Year%100, int(m.Month)), ByMode: spendByMode(m.ByMode)}
	}
	s.byMonth.setGroups(months)
	cs := sum.ByCountry
	if len(cs) > maxCountries {
		cs = cs[:maxCountries]
	}
	countries := make([]barGroup, len(cs))
	for i, c := range cs {
		countries[i] = barGroup{Label: c.Country, ByMode: spendByMode(c.ByMode)}
	}
	s.byCountry.setGroups(countries)
}

// spendByMode takes the spend of each mode.
func spendByMode(ms [5]store.ModeStat) [5]int64 {
	var v [5]int64
	for i, m := range ms {
		v[i] = m.Spend
	}
	return v
}

// onPlan plans every open order, with progress and cancel, then reloads.
func (s *dashboardScreen) onPlan() {
	e := s.e
	p := newProgressDialog(e, e.T("dash.planning"))
	p.task = e.start(func(ctx context.Context) error {
		return s.plan(ctx, p.set)
	}, func(err error) {
		p.hide()
		if err != nil {
			e.fail(err)
			return
		}
		s.load()
		e.changed()
	})
	s.planner = p
	p.show()
}

func (s *dashboardScreen) stop() {
	s.loading.Cancel()
	s.billing.Cancel()
	s.charting.Cancel()
	if s.planner != nil {
		s.planner.task.Cancel()
	}
}
