package ui

import (
	"cmp"
	"context"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/reports"
)

// appearance is what the settings screen changes in the window.
type appearance interface {
	setLanguage(lang string)
	setTheme(variant string)
	currentLanguage() string
	currentTheme() string
	reload()
}

func (s *shell) currentLanguage() string { return s.lang }
func (s *shell) currentTheme() string    { return s.theme }

// reload rebuilds every screen on the current data (after a restore).
func (s *shell) reload() {
	current := s.tabs.SelectedIndex()
	s.e.win.SetContent(s.content())
	s.build(current)
	s.tabs.SelectIndex(current)
}

var themeKeys = []string{"settings.themeSystem", "settings.themeLight", "settings.themeDark"}
var themeValues = []string{themeSystem, themeLight, themeDark}

// settingsScreen: the rate book's base currency, origin handling days, scenario
// settings (cover days, capital cost) and invoice tolerances (a new rate-book
// version), database location, backup and restore, language and theme.
type settingsScreen struct {
	e   *env
	src source
	app appearance

	version int64 // the rate-book version the settings were read from; 0: none
	loading *task
	working *task

	langSel   *widget.Select
	themeSel  *widget.RadioGroup
	currency  *widget.Entry
	handling  *widget.Entry
	cover     *widget.Entry // cover_days
	capital   *widget.Entry // capital_cost_pct
	tolAbs    *widget.Entry // invoice_tolerance_abs
	tolPct    *widget.Entry // invoice_tolerance_pct
	saveBook  *widget.Button
	bookNote  *widget.Label
	backupMsg *widget.Label
}

func newSettingsScreen(e *env, src source, app appearance) *settingsScreen {
	return &settingsScreen{e: e, src: src, app: app}
}

func (s *settingsScreen) content() fyne.CanvasObject {
	e := s.e
	s.langSel = widget.NewSelect([]string{e.T("lang.en"), e.T("lang.zh")}, nil)
	if s.app.currentLanguage() == langChinese {
		s.langSel.SetSelectedIndex(1)
	} else {
		s.langSel.SetSelectedIndex(0)
	}
	s.langSel.OnChanged = func(string) {
		lang := langEnglish
		if s.langSel.SelectedIndex() == 1 {
			lang = langChinese
		}
		s.app.setLanguage(lang)
	}
	s.themeSel = widget.NewRadioGroup(translated(e, themeKeys), nil)
	s.themeSel.Horizontal = true
	s.themeSel.SetSelected(e.T(themeKeys[max(0, indexOf(themeValues, s.app.currentTheme()))]))
	s.themeSel.OnChanged = func(v string) {
		if i := indexOf(translated(e, themeKeys), v); i >= 0 {
			s.app.setTheme(themeValues[i])
		}
	}

	s.currency = widget.NewEntry()
	s.handling = widget.NewEntry()
	s.cover = widget.NewEntry()
	s.capital = widget.NewEntry()
	s.tolAbs = widget.NewEntry()
	s.tolPct = widget.NewEntry()
	s.saveBook = widget.NewButton(e.T("settings.saveBook"), s.onSaveBook)
	s.bookNote = widget.NewLabel(e.T("settings.bookNote"))
	s.bookNote.Wrapping = fyne.TextWrapWord

	dbPath := widget.NewLabel(s.src.DBPath)
	dbPath.Wrapping = fyne.TextWrapBreak
	openDB := widget.NewButtonWithIcon(e.T("settings.openFolder"), theme.FolderIcon(), func() { e.open(filepath.Dir(s.src.DBPath)) })
	backup := widget.NewButtonWithIcon(e.T("settings.backup"), theme.DocumentSaveIcon(), s.onBackupDialog)
	restore := widget.NewButtonWithIcon(e.T("settings.restore"), theme.HistoryIcon(), s.onRestoreDialog)
	if s.src.Backup == nil {
		backup.Disable()
	}
	if s.src.Restore == nil {
		restore.Disable()
	}
	s.backupMsg = widget.NewLabel("")
	s.backupMsg.Wrapping = fyne.TextWrapWord
	dbButtons := container.NewHBox(openDB, backup, restore)
	if s.src.Server {
		openDB.Hide() // a server has no folder here
		dbPath.SetText(s.src.DBPath + "\n" + e.T("team.onServer"))
	}
	var teamRow fyne.CanvasObject = container.NewHBox()
	if s.src.Databases.Open != nil {
		server := widget.NewButtonWithIcon(e.T("team.server"), theme.ComputerIcon(), s.connectDialog)
		local := widget.NewButtonWithIcon(e.T("team.useLocal"), theme.StorageIcon(), s.useLocal)
		if !s.src.Server {
			local.Hide()
		}
		teamRow = container.NewHBox(server, local)
	}

	form := widget.NewForm(
		widget.NewFormItem(e.T("settings.language"), s.langSel),
		widget.NewFormItem(e.T("settings.theme"), s.themeSel),
		widget.NewFormItem(e.T("settings.baseCurrency"), s.currency),
		widget.NewFormItem(e.T("settings.handlingDays"), s.handling),
		widget.NewFormItem(e.T("settings.coverDays"), s.cover),
		widget.NewFormItem(e.T("settings.capitalCostPct"), s.capital),
		widget.NewFormItem(e.T("settings.toleranceAbs"), s.tolAbs),
		widget.NewFormItem(e.T("settings.tolerancePct"), s.tolPct),
		widget.NewFormItem("", container.NewVBox(container.NewHBox(s.saveBook), s.bookNote)),
		widget.NewFormItem(e.T("settings.database"), container.NewVBox(dbPath, dbButtons, teamRow, s.backupMsg)),
		widget.NewFormItem(e.T("team.log"), s.auditList()),
	)
	version := widget.NewLabel(e.Tf("settings.version", s.src.Version))
	s.load()
	return container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle(e.T("tab.settings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		form, version))
}

// load reads the rate book's settings.
func (s *settingsScreen) load() {
	e := s.e
	var view ops.RateBookView
	e.latest(&s.loading, func(ctx context.Context) error {
		var err error
		view, err = s.src.RateBookView(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.bookNote.SetText(e.explain(err))
			s.saveBook.Disable()
			return
		}
		s.version = view.Version.ID
		s.currency.SetText(view.RateBook.BaseCurrency())
		st := view.RateBook.Settings
		s.handling.SetText(strconv.Itoa(st.OriginHandlingDays))
		s.cover.SetText(strconv.Itoa(cmp.Or(st.CoverDays, logistics.DefaultCoverDays)))
		s.capital.SetText(st.CapitalCostPct.String())
		s.tolAbs.SetText(st.InvoiceToleranceAbs.String())
		s.tolPct.SetText(st.InvoiceTolerancePct.String())
	})
}

// onSaveBook stores the edited settings as a new rate-book version, checked as an
// imported workbook would be.
func (s *settingsScreen) onSaveBook() {
	e := s.e
	if s.version == 0 {
		return
	}
	cur := strings.ToUpper(strings.TrimSpace(s.currency.Text))
	edit := ops.RateBookEdit{Base: s.version, Source: "settings edited in Shipmode", Cells: []reports.CellEdit{
		{Key: logistics.KeyBaseCurrency, Value: cur},
		{Key: logistics.KeyOriginHandlingDays, Value: strings.TrimSpace(s.handling.Text)},
		{Key: logistics.KeyCoverDays, Value: strings.TrimSpace(s.cover.Text)},
		{Key: logistics.KeyCapitalCostPct, Value: strings.TrimSpace(s.capital.Text)},
		{Key: logistics.KeyToleranceAbs, Value: strings.TrimSpace(s.tolAbs.Text)},
		{Key: logistics.KeyTolerancePct, Value: strings.TrimSpace(s.tolPct.Text)},
	}}
	s.saveBook.Disable()
	s.bookNote.SetText(e.T("rb.saving"))
	s.working = e.start(func(ctx context.Context) error {
		_, err := s.src.EditRateBook(ctx, edit)
		return err
	}, func(err error) {
		s.working = nil
		s.saveBook.Enable()
		if err != nil {
			s.bookNote.SetText("")
			e.fail(err)
			return
		}
		s.bookNote.SetText(e.T("settings.bookSaved"))
		s.load()
		e.changed()
	})
}

func (s *settingsScreen) onBackupDialog() {
	s.e.askSave("shipmode-backup.db", s.onBackup)
}

// onBackup writes a consistent copy of the database while the app runs.
func (s *settingsScreen) onBackup(path string) {
	e := s.e
	p := newProgressDialog(e, e.T("settings.backingUp"))
	p.task = e.start(func(ctx context.Context) error { return s.src.Backup(ctx, path) }, func(err error) {
		p.hide()
		if err != nil {
			e.fail(err)
			return
		}
		s.backupMsg.SetText(e.Tf("settings.backedUp", path))
	})
	p.show()
}

func (s *settingsScreen) onRestoreDialog() {
	s.e.askOpen([]string{".db", ".bak"}, func(path string) {
		msg := widget.NewLabel(s.e.Tf("settings.restoreConfirm", path))
		msg.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustomConfirm(s.e.T("settings.restore"), s.e.T("settings.restoreNow"), s.e.T("action.cancel"), msg, func(ok bool) {
			if ok {
				s.onRestore(path)
			}
		}, s.e.win)
		d.Resize(fyne.NewSize(520, 220))
		d.Show()
	})
}

// onRestore replaces the database with a backup and reloads every screen.
func (s *settingsScreen) onRestore(path string) {
	e := s.e
	p := newProgressDialog(e, e.T("settings.restoring"))
	p.task = e.start(func(ctx context.Context) error { return s.src.Restore(ctx, path) }, func(err error) {
		p.hide()
		if err != nil {
			e.fail(err)
			return
		}
		s.app.reload()
		dialog.ShowInformation(e.T("settings.restore"), e.Tf("settings.restored", path), e.win)
	})
	p.show()
}

func (s *settingsScreen) stop() {
	s.loading.Cancel()
	s.working.Cancel()
}
