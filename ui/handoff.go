package ui

import (
	"context"
	"errors"

	"shipmode/ops"
)

// onHandoffDialog asks where to save the label tool's file of the chosen period.
func (s *reportsScreen) onHandoffDialog() {
	s.e.askSave("label-handoff.csv", s.onHandoff)
}

// onHandoff writes the period's assigned open orders, with their mode and service,
// for a label tool, and says what it left out.
func (s *reportsScreen) onHandoff(path string) {
	e := s.e
	p := s.period
	_ = s.progress.Set(0)
	s.bar.Show()
	s.cancelBtn.Show()
	s.exportBtn.Disable()
	s.handoffBtn.Disable()
	s.openFolder.Hide()
	s.status.SetText(e.T("reports.writing"))
	var res ops.HandoffResult
	s.working = e.start(func(ctx context.Context) error {
		var err error
		res, err = s.src.Handoff(ctx, path, p.From, p.To, func(f float64) { _ = s.progress.Set(f) })
		return err
	}, func(err error) {
		s.working = nil
		s.bar.Hide()
		s.cancelBtn.Hide()
		s.exportBtn.Enable()
		s.handoffBtn.Enable()
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
		text := e.Tn("handoff.done", res.Orders, path, count(res.Orders))
		if left := res.Unassignable + res.Unplanned; left > 0 {
			text += " " + e.Tf("handoff.left", count(res.Unassignable), count(res.Unplanned))
		}
		s.status.SetText(text)
		s.openFolder.Show()
	})
}
