package ui

import (
	"context"

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
	var res ops.HandoffResult
	s.write(path, func(ctx context.Context, progress func(float64)) error {
		var err error
		res, err = s.src.Handoff(ctx, path, p.From, p.To, progress)
		return err
	}, func() string {
		text := e.Tn("handoff.done", res.Orders, path, count(res.Orders))
		if left := res.Unassignable + res.Unplanned; left > 0 {
			text += " " + e.Tf("handoff.left", count(res.Unassignable), count(res.Unplanned))
		}
		return text
	})
}
