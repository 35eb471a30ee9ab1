package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/ops"
	"shipmode/store"
)

// reportsScreen exports the spend workbook of a period, with progress and cancel.
type reportsScreen struct {
	e   *env
	src source

	period   period
	working  *task
	counting *task
	saved    string

	periodSel  *widget.Select
	picker     *periodPicker
	summaryChk *widget.Check // a summary workbook: the register as CSV beside it
	exportBtn  *widget.Button
	handoffBtn *widget.Button
	cancelBtn  *widget.Button
	progress   binding.Float
	bar        *widget.ProgressBar
	status     *widget.Label
	openFolder *widget.Button
	scope      *widget.Label
	warning    *widget.Label // what the workbook of the period will not rest on; hidden when nothing
}

func newReportsScreen(e *env, src source) *reportsScreen {
	return &reportsScreen{e: e, src: src, period: allTime}
}

func (s *reportsScreen) content() fyne.CanvasObject {
	e := s.e
	s.scope = widget.NewLabel("")
	s.warning = widget.NewLabel("")
	s.warning.Importance = widget.WarningImportance
	s.warning.Wrapping = fyne.TextWrapWord
	s.warning.Hide()
	s.picker = newPeriodPicker(e, func(p period) {
		s.period = p
		s.countPeriod()
	})
	s.periodSel = s.picker.sel
	s.periodSel.SetSelectedIndex(0)
	s.summaryChk = widget.NewCheck(e.T("reports.summaryOnly"), nil)
	s.exportBtn = widget.NewButtonWithIcon(e.T("reports.export"), theme.DocumentSaveIcon(), s.onExportDialog)
	s.exportBtn.Importance = widget.HighImportance
	if s.src.WriteReport == nil {
		s.exportBtn.Disable()
	}
	s.handoffBtn = widget.NewButtonWithIcon(e.T("handoff.export"), theme.DocumentSaveIcon(), s.onHandoffDialog)
	if s.src.Handoff == nil {
		s.handoffBtn.Disable()
	}
	s.cancelBtn = widget.NewButton(e.T("action.cancel"), func() { s.working.Cancel() })
	s.cancelBtn.Hide()
	s.progress = binding.NewFloat()
	s.bar = widget.NewProgressBarWithData(s.progress)
	s.bar.Hide()
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.openFolder = widget.NewButtonWithIcon(e.T("reports.openFolder"), theme.FolderIcon(), func() {
		s.e.open(filepath.Dir(s.saved))
	})
	s.openFolder.Hide()
	help := widget.NewLabel(e.T("reports.help"))
	help.Wrapping = fyne.TextWrapWord
	form := container.NewVBox(
		widget.NewLabelWithStyle(e.T("reports.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		help,
		container.NewHBox(widget.NewLabel(e.T("dash.period")), s.picker.object(), s.exportBtn, s.handoffBtn, s.cancelBtn),
		s.summaryChk,
		s.scope,
		s.warning,
		s.bar, s.status, container.NewHBox(s.openFolder))
	return container.NewBorder(form, nil, nil, nil)
}

// countPeriod tells how many orders the workbook of the chosen period will list,
// and warns when some were priced by a superseded rate book or some orders of the
// period are not planned.
func (s *reportsScreen) countPeriod() {
	e := s.e
	p := s.period
	var check ops.ReportCheck
	e.latest(&s.counting, func(ctx context.Context) error {
		if s.src.CheckReport != nil {
			var err error
			check, err = s.src.CheckReport(ctx, p.From, p.To)
			return err
		}
		n, err := s.src.CountOrders(ctx, store.OrderFilter{From: p.From, To: p.To, Planned: true})
		check.Reported = n
		return err
	}, func(err error) {
		if err != nil {
			s.scope.SetText("")
			s.warning.Hide()
			return
		}
		n := check.Reported
		s.scope.SetText(e.Tn("reports.scope", n, count(n)))
		if w := s.warningText(check); w != "" {
			s.warning.SetText(w)
			s.warning.Show()
		} else {
			s.warning.Hide()
		}
	})
}

// warningText is the screen's warning of a check, one sentence per problem; ""
// when there is nothing to warn of.
func (s *reportsScreen) warningText(c ops.ReportCheck) string {
	e := s.e
	var lines []string
	if c.Superseded > 0 {
		vs := c.SupersededVersions()
		names := make([]string, len(vs))
		for i, v := range vs {
			names[i] = strconv.FormatInt(v, 10)
			if v == 0 {
				names[i] = e.T("reports.unrecorded")
			}
		}
		lines = append(lines, e.Tn("reports.warnSuperseded", c.Superseded, count(c.Superseded),
			strings.Join(names, ", "), strconv.FormatInt(c.Current.ID, 10)))
	}
	if c.Unplanned > 0 {
		lines = append(lines, e.Tn("reports.warnUnplanned", c.Unplanned, count(c.Unplanned)))
	}
	return strings.Join(lines, "\n")
}

func (s *reportsScreen) onExportDialog() {
	s.e.askSave("shipping-spend.xlsx", s.onExport)
}

// onExport writes the workbook of the chosen period to path.
func (s *reportsScreen) onExport(path string) {
	p := s.period
	summary := s.summaryChk.Checked
	s.write(path, func(ctx context.Context, progress func(float64)) error {
		// The number of orders scales the progress bar.
		total, err := s.src.CountOrders(ctx, store.OrderFilter{From: p.From, To: p.To, Planned: true})
		if err != nil {
			return err
		}
		return s.src.WriteReport(ctx, path, p.From, p.To, summary, func(done int) {
			if total > 0 {
				progress(min(1, float64(done)/float64(total)))
			}
		})
	}, func() string {
		if summary {
			return s.e.Tf("reports.savedSummary", path, ops.SummaryCSVPath(path))
		}
		return s.e.Tf("reports.saved", path)
	})
}

// write runs one export to path off the UI goroutine, with the progress bar and
// Cancel; saved says what was written once it is.
func (s *reportsScreen) write(path string, work func(ctx context.Context, progress func(float64)) error, saved func() string) {
	e := s.e
	_ = s.progress.Set(0)
	s.bar.Show()
	s.cancelBtn.Show()
	s.exportBtn.Disable()
	s.handoffBtn.Disable()
	s.openFolder.Hide()
	s.status.SetText(e.T("reports.writing"))
	s.working = e.start(func(ctx context.Context) error {
		return work(ctx, func(f float64) { _ = s.progress.Set(f) })
	}, func(err error) {
		s.working = nil
		s.bar.Hide()
		s.cancelBtn.Hide()
		s.exportBtn.Enable()
		if s.src.Handoff != nil {
			s.handoffBtn.Enable()
		}
		switch {
		case errors.Is(err, context.Canceled):
			s.status.SetText(e.T("reports.cancelled"))
			return
		case err != nil:
			s.status.SetText("")
			e.fail(err)
			return
		}
		s.saved = path
		s.status.SetText(saved())
		s.openFolder.Show()
	})
}

func (s *reportsScreen) stop() {
	s.working.Cancel()
	s.counting.Cancel()
}
