package ui

import (
	"context"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shipmode/assets"
	"shipmode/ops"
	"shipmode/store"
)

// Screen names, for Options.Screen and drill-downs.
const (
	screenDashboard     = "dashboard"
	screenOrders        = "orders"
	screenImport        = "import"
	screenInvoices      = "invoices"
	screenRateBook      = "ratebook"
	screenConsolidation = "consolidation"
	screenScenarios     = "scenarios"
	screenReports       = "reports"
	screenSettings      = "settings"
)

var screenNames = []string{screenDashboard, screenOrders, screenImport, screenInvoices, screenRateBook, screenConsolidation, screenScenarios, screenReports, screenSettings}

// Options choose how the window opens; they are meant for scripts (screenshots,
// demos) and override the stored settings for this run only.
type Options struct {
	Screen string // a screen name: dashboard, orders, import, invoices, ratebook, consolidation, scenarios, reports, settings
	Lang   string // "en" or "zh"
	Theme  string // "light", "dark" or "system"
	// Scenario, with Screen "scenarios", works out a scenario once the screen has
	// loaded: "WAREHOUSE:SKU,SKU" (or "WAREHOUSE" alone: its two best sellers), and
	// ScenarioTab shows one of its tabs: result, moved, suggestions (ranked first)
	// or saved (compared first).
	Scenario, ScenarioTab string
	// Ready, if set, is a file the app creates once the screen has loaded its data
	// and painted it: a script may then capture the window (scripts/screenshots.sh).
	Ready string
}

// EnvOptions reads Options from SHIPMODE_SCREEN, SHIPMODE_LANG, SHIPMODE_THEME and
// SHIPMODE_READY (pass os.Getenv).
func EnvOptions(getenv func(string) string) Options {
	return Options{
		Screen: strings.ToLower(getenv("SHIPMODE_SCREEN")),
		Lang:   strings.ToLower(getenv("SHIPMODE_LANG")),
		Theme:  strings.ToLower(getenv("SHIPMODE_THEME")),
		Ready:  getenv("SHIPMODE_READY"),
		// SHIPMODE_SCENARIO and SHIPMODE_SCENARIO_TAB: Options.Scenario, ScenarioTab
		Scenario:    getenv("SHIPMODE_SCENARIO"),
		ScenarioTab: getenv("SHIPMODE_SCENARIO_TAB"),
	}
}

// Settings keys the interface stores.
const (
	settingLanguage = "language"
	settingTheme    = "theme"
)

// shell is the main window: one tab per screen, built when first shown.
type shell struct {
	app  fyne.App
	e    *env
	src  source
	opts Options

	lang, theme   string
	tabs          *container.AppTabs
	built         map[string]bool
	orders        *ordersScreen
	dashboard     *dashboardScreen
	settings      *settingsScreen
	importScreen  *importScreen
	reports       *reportsScreen
	invoices      *invoicesScreen
	scenarios     *scenariosScreen
	consolidation *consolidationScreen
	rateBook      *rateBookScreen
	stoppers      []func()
	shotTaken     bool
	// ops is the database the window works on (Run closes it at the end).
	ops *ops.Service
}

// newShell prepares the window's state; content builds the tabs.
func newShell(a fyne.App, w fyne.Window, src source, opts Options, run runner) *shell {
	s := &shell{app: a, src: src, opts: opts, built: map[string]bool{}}
	s.e = &env{win: w, run: run, today: today, crashed: src.Crashed}
	s.e.navigate = s.navigate
	s.e.onChange = s.refresh
	s.lang = parseLang(opts.Lang)
	s.theme = opts.Theme
	s.e.tr = newTranslator(s.lang)
	return s
}

// content builds every tab (the screens themselves are built when first selected).
func (s *shell) content() fyne.CanvasObject {
	e := s.e
	s.built = map[string]bool{}
	s.stopAll()
	s.orders, s.reports, s.invoices = nil, nil, nil
	s.dashboard, s.importScreen, s.consolidation, s.rateBook = nil, nil, nil, nil
	items := make([]*container.TabItem, len(screenNames))
	for i, name := range screenNames {
		items[i] = container.NewTabItem(e.T("tab."+name), widget.NewLabel(""))
	}
	s.tabs = container.NewAppTabs(items...)
	s.tabs.SetTabLocation(container.TabLocationLeading)
	first := max(0, indexOf(screenNames, s.opts.Screen))
	s.build(first)
	s.tabs.SelectIndex(first)
	s.tabs.OnSelected = func(ti *container.TabItem) {
		i := s.tabs.SelectedIndex()
		if s.built[screenReports] && s.reports != nil && screenNames[i] == screenReports {
			// a plan or an import since it was built changes what it warns of
			s.reports.countPeriod()
		}
		s.build(i)
	}
	return s.tabs
}

// build makes the screen of tab i if it was not made yet.
func (s *shell) build(i int) {
	if i < 0 || i >= len(screenNames) {
		return
	}
	name := screenNames[i]
	if s.built[name] {
		return
	}
	s.built[name] = true
	ti := s.tabs.Items[i]
	ti.Content = s.screen(name)
	s.tabs.Refresh()
}

// screen builds one screen.
func (s *shell) screen(name string) fyne.CanvasObject {
	e, src := s.e, s.src
	switch name {
	case screenDashboard:
		d := newDashboardScreen(e, src)
		s.dashboard = d
		s.stoppers = append(s.stoppers, d.stop)
		return d.content()
	case screenOrders:
		o := newOrdersScreen(e, src, src, src)
		o.bulk = src.OverrideOrders
		s.orders = o
		s.stoppers = append(s.stoppers, o.stop)
		return o.content()
	case screenImport:
		im := newImportScreen(e, src)
		s.importScreen = im
		s.stoppers = append(s.stoppers, im.stop)
		return im.content()
	case screenInvoices:
		iv := newInvoicesScreen(e, src)
		s.invoices = iv
		s.stoppers = append(s.stoppers, iv.stop)
		return iv.content()
	case screenRateBook:
		r := newRateBookScreen(e, src)
		r.saveTemplate = src.Setup.SaveTemplate
		s.rateBook = r
		s.stoppers = append(s.stoppers, r.stop)
		return r.content()
	case screenConsolidation:
		c := newConsolidationScreen(e, src)
		s.consolidation = c
		s.stoppers = append(s.stoppers, c.stop)
		return c.content()
	case screenScenarios:
		sc := newScenariosScreen(e, src)
		s.scenarios = sc
		s.stoppers = append(s.stoppers, sc.stop)
		c := sc.content()
		if s.opts.Scenario != "" && s.opts.Screen == screenScenarios {
			sc.preset(s.opts.Scenario, s.opts.ScenarioTab)
			s.opts.Scenario = "" // once, not again when the window is rebuilt
		}
		return c
	case screenReports:
		r := newReportsScreen(e, src)
		s.reports = r
		s.stoppers = append(s.stoppers, r.stop)
		return r.content()
	case screenSettings:
		st := newSettingsScreen(e, src, s)
		s.settings = st
		s.stoppers = append(s.stoppers, st.stop)
		return st.content()
	}
	return widget.NewLabel(name)
}

// refresh shows the database's new state on every screen built: after an
// import, plan, override or rate-book edit (env.changed), wherever it was made.
func (s *shell) refresh() {
	if s.dashboard != nil {
		s.dashboard.load()
	}
	if s.orders != nil {
		s.orders.reload()
	}
	if s.consolidation != nil {
		s.consolidation.load()
	}
	if s.importScreen != nil && s.importScreen.setup != nil {
		s.importScreen.setup.load()
	}
	if s.rateBook != nil {
		s.rateBook.reload()
	}
	if s.reports != nil {
		s.reports.countPeriod()
	}
}

// selectScreen shows the screen name.
func (s *shell) selectScreen(name string) {
	for i, n := range screenNames {
		if n == name {
			s.build(i)
			s.tabs.SelectIndex(i)
		}
	}
}

// navigate opens the orders screen filtered by f, or the invoices screen on f's
// period.
func (s *shell) navigate(name string, f store.OrderFilter) {
	s.selectScreen(name)
	if name == screenOrders && s.orders != nil {
		s.orders.setFilter(f)
	}
	if name == screenInvoices && s.invoices != nil {
		s.invoices.setPeriod(periodOfFilter(f))
	}
}

func (s *shell) stopAll() {
	for _, stop := range s.stoppers {
		stop()
	}
	s.stoppers = nil
}

// setLanguage switches the interface language: the window is rebuilt on the same
// screen, and the choice is stored.
func (s *shell) setLanguage(lang string) {
	lang = parseLang(lang)
	if lang == s.lang {
		return
	}
	s.lang = lang
	s.e.tr = newTranslator(lang)
	s.applyTheme()
	current := s.tabs.SelectedIndex()
	s.e.win.SetTitle(s.e.T("app.title"))
	s.e.win.SetContent(s.content())
	if current > 0 {
		s.build(current)
		s.tabs.SelectIndex(current)
	}
	s.saveSetting(settingLanguage, lang)
}

// setTheme switches between light, dark and the system's variant, and stores it.
func (s *shell) setTheme(variant string) {
	if variant == s.theme {
		return
	}
	s.theme = variant
	s.applyTheme()
	s.saveSetting(settingTheme, variant)
}

func (s *shell) applyTheme() {
	if err := applyFyneLanguage(s.lang); err != nil {
		fyne.LogError("Fyne's own words stay in the system's language", err)
	}
	s.app.Settings().SetTheme(newAppTheme(s.theme))
}

func (s *shell) saveSetting(key, value string) {
	s.e.start(func(ctx context.Context) error { return s.src.SetSetting(ctx, key, value) }, s.e.fail)
}

// loadSettings reads the stored language and theme; Options win over them.
func (s *shell) loadSettings(ctx context.Context) {
	if s.opts.Lang == "" {
		if v, err := s.src.Setting(ctx, settingLanguage); err == nil {
			s.lang = parseLang(v)
		} else {
			s.lang = parseLang(os.Getenv("LANG"))
		}
		s.e.tr = newTranslator(s.lang)
	}
	if s.opts.Theme == "" {
		if v, err := s.src.Setting(ctx, settingTheme); err == nil {
			s.theme = v
		}
	}
}

// offerStart asks, on an empty database, whether to load the demo data or import.
func (s *shell) offerStart() {
	e := s.e
	var n int
	e.start(func(ctx context.Context) error {
		var err error
		n, err = s.src.CountOrders(ctx, store.OrderFilter{})
		return err
	}, func(err error) {
		if err != nil {
			e.fail(err)
			return
		}
		if n > 0 {
			return
		}
		s.showWelcome()
	})
}

// showWelcome is the first-start dialog.
func (s *shell) showWelcome() {
	e := s.e
	msg := widget.NewLabel(e.T("welcome.text"))
	msg.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	demo := widget.NewButton(e.T("welcome.demo"), func() {
		d.Hide()
		s.loadDemo()
	})
	demo.Importance = widget.HighImportance
	imp := widget.NewButton(e.T("welcome.import"), func() {
		d.Hide()
		s.selectScreen(screenImport)
	})
	later := widget.NewButton(e.T("welcome.later"), func() { d.Hide() })
	if s.src.Demo == nil {
		demo.Disable()
	}
	box := container.NewVBox(msg, container.NewHBox(demo, imp, later))
	d = dialog.NewCustomWithoutButtons(e.T("welcome.title"), box, e.win)
	d.Resize(fyne.NewSize(520, 200))
	d.Show()
}

// demoOrders is the size of the demo data set offered on first start.
const demoOrders = 20000

// loadDemo fills the database with the demo data, with progress and cancel.
func (s *shell) loadDemo() {
	e := s.e
	p := newProgressDialog(e, e.T("demo.loading"))
	p.task = e.start(func(ctx context.Context) error {
		return s.src.Demo(ctx, demoOrders, p.set)
	}, func(err error) {
		p.hide()
		if err != nil {
			e.fail(err)
			return
		}
		// Show the new data: rebuild every screen.
		current := s.tabs.SelectedIndex()
		e.win.SetContent(s.content())
		s.build(current)
		s.tabs.SelectIndex(current)
	})
	p.show()
}

// Run opens the main window on deps and runs the app until the window closes. It
// must be called on the main goroutine (it calls a.Run).
func Run(a fyne.App, deps Deps) {
	w := a.NewWindow("Shipmode")
	w.Resize(fyne.NewSize(1280, 800))
	var s *shell
	w.SetCloseIntercept(func() {
		if s != nil {
			s.e.cancelAll()
			s.stopAll()
			s.ops.Close()
		}
		w.Close()
	})
	if deps.Ops == nil {
		// The database (a server) could not be opened: offer to try again or to
		// open the local file, then build the window on what opened.
		pre := newShell(a, w, source{Crashed: deps.Crashed}, deps.Options, goRunner)
		pre.loadLanguageOnly()
		dbs := databases{Open: deps.Open, Local: deps.Local, Remember: deps.Remember}
		showUnavailable(a, w, pre.e, dbs, deps.Target, deps.OpenErr, func(svc *ops.Service, target string) {
			deps.Ops, deps.OpenErr = svc, nil
			if deps.Remember != nil && target != deps.Target {
				deps.Remember(target)
			}
			s = start(a, w, deps, goRunner)
		})
	} else {
		s = start(a, w, deps, goRunner)
	}
	w.SetMaster()
	w.Show()
	a.Run()
}

// start builds the window content on deps.
func start(a fyne.App, w fyne.Window, deps Deps, run runner) *shell {
	var s *shell
	var src func() source
	src = func() source {
		sr := newSource(deps)
		// Another database, chosen in Settings: the screens are built again on it.
		sr.SwitchTo = func(svc *ops.Service, target string) {
			old := deps.Ops
			deps.Ops, s.ops = svc, svc
			onBusy(s, deps, w)
			s.src = src()
			s.e.crashed = s.src.Crashed
			s.reload()
			old.Close()
			if deps.Remember != nil {
				deps.Remember(target)
			}
			dialog.ShowInformation(s.e.T("team.title"), s.e.Tf("team.switched", svc.Where()), w)
		}
		return sr
	}
	s = startWith(a, w, src(), deps.Options, run)
	s.ops = deps.Ops
	onBusy(s, deps, w)
	return s
}

// onBusy says so when a write meets another desktop's (or command's) write and
// waits for it. The task's own Cancel ends the wait.
func onBusy(s *shell, deps Deps, w fyne.Window) {
	deps.Ops.OnBusy(func() {
		fyne.Do(func() { dialog.ShowInformation(s.e.T("busy.title"), s.e.T("busy.waiting"), w) })
	})
}

// startWith builds the window content on src; tests call it with fakes and their
// runner.
func startWith(a fyne.App, w fyne.Window, src source, opts Options, run runner) *shell {
	s := newShell(a, w, src, opts, run)
	s.loadSettings(context.Background())
	a.SetIcon(assets.Icon())
	w.SetIcon(assets.Icon())
	s.applyTheme()
	w.SetTitle(s.e.T("app.title"))
	w.SetContent(s.content())
	if opts.Screen != "" {
		s.selectScreen(opts.Screen)
	}
	s.offerStart()
	if opts.Ready != "" {
		s.signalReady(opts.Ready)
	}
	return s
}

// signalReady creates the file path once no work has run for a while.
func (s *shell) signalReady(path string) {
	s.e.run(func() {
		waitIdle(s.e)
		if err := os.WriteFile(path, []byte("ready\n"), 0o644); err != nil {
			fyne.LogError("ready file", err)
		}
	})
}
