package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"shipmode/logistics"
	"shipmode/store"
)

func newShellHarness(t *testing.T, f *fakeStore, opts Options) (*harness, *shell) {
	h := newHarness(t)
	src := sourceOf(f)
	s := startWith(test.NewTempApp(t), h.w, src, opts, h.q.run)
	s.e.showErr = func(err error) { h.errs = append(h.errs, err) }
	s.e.today = h.e.today
	h.e = s.e
	h.q.drain()
	return h, s
}

func dashboardFake() *fakeStore {
	f := &fakeStore{orders: smallOrders()}
	f.summary = store.Summary{Currency: "EUR", Orders: 2, Spend: 1794, DirectBaseline: 2500, Savings: 706, SLARisks: 1, Unassignable: 0,
		ByMode:  [5]store.ModeStat{logistics.ModeWarehouse: {Orders: 1, Spend: 560}, logistics.ModeDirect: {Orders: 1, Spend: 1234}},
		ByMonth: []store.MonthStat{{Year: 2026, Month: 3, ByMode: [5]store.ModeStat{logistics.ModeWarehouse: {Orders: 1, Spend: 560}, logistics.ModeDirect: {Orders: 1, Spend: 1234}}}},
		ByCountry: []store.CountryStat{{Country: "FR", Orders: 1, Spend: 1234, ByMode: [5]store.ModeStat{logistics.ModeDirect: {Orders: 1, Spend: 1234}}},
			{Country: "DE", Orders: 1, Spend: 560, ByMode: [5]store.ModeStat{logistics.ModeWarehouse: {Orders: 1, Spend: 560}}}}}
	return f
}

func TestDashboardShowsTheKPIs(t *testing.T) {
	h, s := newShellHarness(t, dashboardFake(), Options{})
	h.noErrors()
	tab := s.tabs.Items[0].Content
	for _, want := range []string{"17.94 EUR", "7.06 EUR", "28 % less than the 25.00 EUR that shipping everything by direct mail would cost", "50 % of orders · 12.34 EUR"} {
		if !hasText(tab, want) {
			t.Errorf("dashboard does not show %q", want)
		}
	}
}

func TestDashboardModeTileOpensTheFilteredOrders(t *testing.T) {
	f := dashboardFake()
	h, s := newShellHarness(t, f, Options{})
	// Choose a period first: the drill-down keeps it.
	d := s.dashboard
	d.periodSel.SetSelectedIndex(2) // last month
	h.q.drain()
	test.Tap(d.modes[logistics.ModeWarehouse])
	h.q.drain()
	h.noErrors()
	if got := screenNames[s.tabs.SelectedIndex()]; got != screenOrders {
		t.Fatalf("got screen %s after tapping a mode tile, want orders", got)
	}
	got := f.filters[len(f.filters)-1]
	if got.Mode != logistics.ModeWarehouse || got.From != logistics.DateOf(2026, 5, 1) || got.To != logistics.DateOf(2026, 5, 31) {
		t.Errorf("got orders filter %+v, want warehouse orders of May 2026", got)
	}
	if s.orders.modeSel.Selected != "Overseas warehouse" {
		t.Errorf("got mode filter %q shown, want Overseas warehouse", s.orders.modeSel.Selected)
	}
}

func TestDashboardRiskTileOpensSLARisks(t *testing.T) {
	f := dashboardFake()
	h, s := newShellHarness(t, f, Options{})
	test.Tap(s.dashboard.sla)
	h.q.drain()
	if got := f.filters[len(f.filters)-1]; !got.SLARisk {
		t.Errorf("got filter %+v, want SLA risks only", got)
	}
	if rows, _ := s.orders.length(); rows != 1 {
		t.Errorf("got %d orders, want the 1 at risk", rows)
	}
	if !s.orders.slaCheck.Checked {
		t.Errorf("SLA filter not shown as checked")
	}
}

func TestLanguageSwitchTranslatesTheWindow(t *testing.T) {
	f := dashboardFake()
	h, s := newShellHarness(t, f, Options{Screen: screenSettings})
	if got := s.tabs.Items[1].Text; got != "Orders" {
		t.Fatalf("got tab %q, want Orders", got)
	}
	st := s.settings
	st.langSel.SetSelectedIndex(1)
	h.q.drain()
	if got := s.tabs.Items[1].Text; got != "订单" {
		t.Errorf("got tab %q after switching to Chinese, want 订单", got)
	}
	if got := screenNames[s.tabs.SelectedIndex()]; got != screenSettings {
		t.Errorf("got screen %s after switching, want settings", got)
	}
	if f.settings[settingLanguage] != langChinese {
		t.Errorf("language setting stored as %q, want zh", f.settings[settingLanguage])
	}
	if at, ok := s.app.Settings().Theme().(*appTheme); !ok || at.Font(fyneTextStyle()) != cjkFont {
		t.Errorf("theme does not use the CJK font in Chinese")
	}
}

func TestStoredSettingsApplyAtStart(t *testing.T) {
	f := dashboardFake()
	f.settings = map[string]string{settingLanguage: "zh", settingTheme: themeDark}
	_, s := newShellHarness(t, f, Options{})
	if got := s.tabs.Items[0].Text; got != "总览" {
		t.Errorf("got tab %q, want 总览", got)
	}
	at, ok := s.app.Settings().Theme().(*appTheme)
	if !ok || at.variant != themeDark {
		t.Errorf("got theme %+v, want dark", s.app.Settings().Theme())
	}
}

func TestOptionsOverrideStoredSettings(t *testing.T) {
	f := dashboardFake()
	f.settings = map[string]string{settingLanguage: "zh"}
	opts := EnvOptions(func(k string) string {
		return map[string]string{"SHIPMODE_LANG": "en", "SHIPMODE_SCREEN": "orders", "SHIPMODE_THEME": "light"}[k]
	})
	_, s := newShellHarness(t, f, opts)
	if got := s.tabs.Items[0].Text; got != "Dashboard" {
		t.Errorf("got tab %q, want Dashboard", got)
	}
	if got := screenNames[s.tabs.SelectedIndex()]; got != screenOrders {
		t.Errorf("got screen %s, want orders", got)
	}
}

func TestEmptyDatabaseOffersTheDemo(t *testing.T) {
	f := &fakeStore{}
	h := newHarness(t)
	src := sourceOf(f)
	var loaded int
	src.Demo = func(ctx context.Context, n int, progress func(float64)) error {
		loaded = n
		progress(1)
		f.orders = smallOrders()
		return nil
	}
	s := startWith(test.NewTempApp(t), h.w, src, Options{}, h.q.run)
	h.q.drain()
	b := findButton(h.w.Canvas().Overlays().Top(), "Load demo data")
	if b == nil {
		t.Fatal("no demo offer on an empty database")
	}
	test.Tap(b)
	h.q.drain()
	if loaded != demoOrders {
		t.Errorf("got demo of %d orders, want %d", loaded, demoOrders)
	}
	_ = s
}

// TestSavingsTileTurnsRedWhenNegative: a plan that costs more than direct mail
// alone says so against the baseline, on a red edge.
func TestSavingsTileTurnsRedWhenNegative(t *testing.T) {
	f := dashboardFake()
	// spend 17.94, all direct mail 15.00: 2.94 more, 20 % of 15.00 (2.94/15 = 19.6 %)
	f.summary.DirectBaseline, f.summary.Savings = 1500, -294
	h, s := newShellHarness(t, f, Options{})
	h.noErrors()
	tab := s.tabs.Items[0].Content
	if !hasText(tab, "20 % more than the 15.00 EUR that shipping everything by direct mail would cost") {
		t.Errorf("savings tile does not say the plan costs more than direct mail")
	}
	if got, want := s.dashboard.savings.accent.FillColor, theme.Color(theme.ColorNameError); got != want {
		t.Errorf("savings edge %v, want the error colour %v", got, want)
	}
}

// TestChangesRefreshTheScreens: a plan started on the Import screen (or an
// import, override or rate-book edit anywhere) reloads the dashboard and the
// orders already built, without a manual refresh.
func TestChangesRefreshTheScreens(t *testing.T) {
	f := dashboardFake()
	h, s := newShellHarness(t, f, Options{})
	s.selectScreen(screenOrders)
	h.q.drain()
	s.selectScreen(screenImport)
	h.q.drain()
	h.noErrors()
	summaries, lists := len(f.summaries), f.lists
	s.e.changed()
	h.q.drain()
	h.noErrors()
	if len(f.summaries) != summaries+1 {
		t.Errorf("got %d dashboard reads after a change, want %d", len(f.summaries), summaries+1)
	}
	if f.lists <= lists {
		t.Errorf("orders not read again after a change (%d reads, %d before)", f.lists, lists)
	}
}
