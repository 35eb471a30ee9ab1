package ui

import (
	"context"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/ops"
	"shipmode/store"
)

// Team mode in the window (SPEC §10): Settings connects to a PostgreSQL server,
// tests the connection and switches back to the local file; a server that cannot
// be reached at start offers the local file instead; the audit log is shown.

// databases is what the window needs to change databases (nil: it cannot).
type databases struct {
	// Open opens the database at target: a file path or a postgres:// URL.
	Open func(ctx context.Context, target string) (*ops.Service, error)
	// Local is the local database file (the default one).
	Local string
	// Remember keeps the database the window switched to for the next start
	// (nil: not kept).
	Remember func(target string)
}

// connectDialog asks for a server's URL, tests it, and switches to it.
func (s *settingsScreen) connectDialog() {
	e := s.e
	url := widget.NewEntry()
	url.SetPlaceHolder("postgres://user:password@host:5432/shipmode?sslmode=disable")
	if s.src.Server {
		url.SetText(s.src.DBPath)
	}
	result := widget.NewLabel(e.T("team.urlHelp"))
	result.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	var busy *task
	test := widget.NewButtonWithIcon(e.T("team.test"), theme.SearchIcon(), nil)
	connect := widget.NewButtonWithIcon(e.T("team.connect"), theme.LoginIcon(), nil)
	run := func(switchTo bool) {
		target := strings.TrimSpace(url.Text)
		if !store.IsURL(target) {
			result.SetText(e.T("team.notURL"))
			return
		}
		busy.Cancel()
		result.SetText(e.T("team.testing"))
		var what string
		busy = e.start(func(ctx context.Context) error {
			svc, err := s.src.Databases.Open(ctx, target)
			if err != nil {
				return err
			}
			if switchTo {
				fyne.Do(func() {
					d.Hide()
					s.src.SwitchTo(svc, target)
				})
				return nil
			}
			defer svc.Close()
			n, err := svc.DB().CountOrders(ctx, store.OrderFilter{})
			what = e.Tf("team.ok", svc.Where(), n)
			return err
		}, func(err error) {
			if err != nil {
				result.SetText(e.explain(err))
				return
			}
			if !switchTo {
				result.SetText(what)
			}
		})
	}
	test.OnTapped = func() { run(false) }
	connect.OnTapped = func() { run(true) }
	body := container.NewVBox(url, container.NewHBox(test, connect), result)
	d = dialog.NewCustom(e.T("team.title"), e.T("action.ok"), container.NewGridWrap(fyne.NewSize(620, 220), body), e.win)
	d.SetOnClosed(func() { busy.Cancel() })
	d.Show()
}

// useLocal switches back to the local database file.
func (s *settingsScreen) useLocal() {
	e := s.e
	local := s.src.Databases.Local
	s.working.Cancel()
	s.working = e.start(func(ctx context.Context) error {
		svc, err := s.src.Databases.Open(ctx, local)
		if err != nil {
			return err
		}
		fyne.Do(func() { s.src.SwitchTo(svc, "") })
		return nil
	}, func(err error) {
		if err != nil {
			s.backupMsg.SetText(e.explain(err))
		}
	})
}

// auditList shows the newest entries of the audit log.
func (s *settingsScreen) auditList() fyne.CanvasObject {
	e := s.e
	lines := widget.NewLabel(e.T("team.logLoading"))
	lines.TextStyle = fyne.TextStyle{Monospace: true}
	lines.Wrapping = fyne.TextWrapOff
	if s.src.Log == nil {
		return lines
	}
	e.start(func(ctx context.Context) error {
		entries, err := s.src.Log(ctx, 12)
		if err != nil {
			return err
		}
		var b strings.Builder
		for _, a := range entries {
			fmt.Fprintf(&b, "%s  %s@%s  %s  %s\n", a.At.Local().Format("2006-01-02 15:04"), a.User, a.Host, a.Action, clip(a.Detail, 70))
		}
		text := strings.TrimRight(b.String(), "\n")
		if text == "" {
			text = e.T("team.logEmpty")
		}
		fyne.Do(func() { lines.SetText(text) })
		return nil
	}, func(err error) {
		if err != nil {
			lines.SetText(e.explain(err))
		}
	})
	return container.NewHScroll(lines)
}

// clip keeps s to n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// showUnavailable fills the window with what to do when the database could not
// be opened at start (a server down or unreachable): try again, or open the local
// file; ready builds the window on the database chosen.
func showUnavailable(a fyne.App, w fyne.Window, e *env, dbs databases, target string, openErr error, ready func(*ops.Service, string)) {
	msg := widget.NewLabel(e.Tf("team.unavailable", store.Redact(target)) + "\n\n" + e.explain(openErr))
	msg.Wrapping = fyne.TextWrapWord
	status := widget.NewLabel("")
	status.Wrapping = fyne.TextWrapWord
	var busy *task
	try := func(t string) {
		busy.Cancel()
		status.SetText(e.T("team.testing"))
		busy = e.start(func(ctx context.Context) error {
			svc, err := dbs.Open(ctx, t)
			if err != nil {
				return err
			}
			fyne.Do(func() { ready(svc, t) })
			return nil
		}, func(err error) {
			if err != nil {
				status.SetText(e.explain(err))
			}
		})
	}
	retry := widget.NewButtonWithIcon(e.T("team.retry"), theme.ViewRefreshIcon(), func() { try(target) })
	local := widget.NewButtonWithIcon(e.T("team.openLocal"), theme.StorageIcon(), func() { try(dbs.Local) })
	local.Importance = widget.HighImportance
	quit := widget.NewButton(e.T("team.quit"), func() { a.Quit() })
	w.SetContent(container.NewPadded(container.NewVBox(
		widget.NewLabelWithStyle(e.T("team.unavailableTitle"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		msg, container.NewHBox(local, retry, quit), status)))
}

// loadLanguageOnly chooses the language without a database: the run's option,
// else the system's.
func (s *shell) loadLanguageOnly() {
	if s.opts.Lang == "" {
		s.lang = parseLang(os.Getenv("LANG"))
		s.e.tr = newTranslator(s.lang)
	}
	s.applyTheme()
}
