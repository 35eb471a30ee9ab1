package ui

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// bulkOverride keeps the orders of a selection on one mode with one reason, or
// removes their overrides (ops.OverrideOrders; nil: not available).
type bulkOverride func(ctx context.Context, r ops.BulkOverrideRequest, progress func(float64)) (ops.BulkOverrideResult, error)

// bulkShown is how many refused orders the result says in full.
const bulkShown = 5

// onBulkOverride asks for a mode and a reason for every order the filters
// select, then overrides them with progress and Cancel.
func (s *ordersScreen) onBulkOverride() {
	if s.bulk == nil || s.total <= 0 {
		return
	}
	n, f := s.total, s.filter
	s.askBulk(s.e.Tn("bulk.intro", n, count(n)), func(mode logistics.Mode, why string) {
		s.runBulk(f, mode, why)
	})
}

// onTickedOverride asks for a mode and a reason for the ticked orders, then
// overrides them.
func (s *ordersScreen) onTickedOverride() {
	if s.bulk == nil || len(s.ticked) == 0 {
		return
	}
	ids := s.tickedIDs()
	s.askBulk(s.e.Tn("tick.intro", len(ids), count(len(ids))), func(mode logistics.Mode, why string) {
		s.runBulkIDs(ids, mode, why)
	})
}

// askBulk asks for the mode (or none: remove the overrides) and the reason of a
// bulk override whose orders intro names; run gets them.
func (s *ordersScreen) askBulk(introText string, run func(logistics.Mode, string)) {
	e := s.e
	labels := []string{e.T("override.none")}
	for _, m := range logistics.Modes {
		labels = append(labels, e.T("mode."+m.String()))
	}
	modeSel := widget.NewSelect(labels, nil)
	modeSel.SetSelectedIndex(0)
	reason := widget.NewEntry()
	reason.SetPlaceHolder(e.T("override.reasonHint"))
	intro := widget.NewLabel(introText)
	intro.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	d = dialog.NewCustomConfirm(e.T("bulk.title"), e.T("bulk.apply"), e.T("action.cancel"),
		container.NewVBox(intro, widget.NewForm(widget.NewFormItem(e.T("override.label"), modeSel),
			widget.NewFormItem(e.T("bulk.reason"), reason))), func(ok bool) {
			if !ok {
				return
			}
			var mode logistics.Mode
			if i := modeSel.SelectedIndex(); i > 0 {
				mode = logistics.Modes[i-1]
			}
			why := strings.TrimSpace(reason.Text)
			if mode != 0 && why == "" {
				dialog.ShowInformation(e.T("bulk.title"), e.T("override.needReason"), e.win)
				return
			}
			run(mode, why)
		}, e.win)
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	d.Show()
}

// runBulk reads the orders of filter f and overrides them.
func (s *ordersScreen) runBulk(f store.OrderFilter, mode logistics.Mode, reason string) {
	s.runBulkOf(func(ctx context.Context) ([]int64, error) { return s.src.OrderIDs(ctx, f) }, mode, reason)
}

// runBulkIDs overrides the orders of ids (the ticked ones) and unticks them.
func (s *ordersScreen) runBulkIDs(ids []int64, mode logistics.Mode, reason string) {
	s.runBulkOf(func(context.Context) ([]int64, error) { return ids, nil }, mode, reason)
	s.untickAll()
}

// runBulkOf overrides the orders whose ids list reads.
func (s *ordersScreen) runBulkOf(list func(context.Context) ([]int64, error), mode logistics.Mode, reason string) {
	e := s.e
	p := newProgressDialog(e, e.T("bulk.working"))
	var res ops.BulkOverrideResult
	p.task = e.start(func(ctx context.Context) error {
		ids, err := list(ctx)
		if err != nil {
			return err
		}
		if len(ids) > ops.MaxBulkOverride {
			return &ops.InputError{Err: ops.ErrTooManyOrders}
		}
		rows, err := s.src.OrderRows(ctx, ids)
		if err != nil {
			return err
		}
		keys := make([]ops.OrderKey, len(rows))
		for i, r := range rows {
			keys[i] = ops.OrderKey{Marketplace: r.Marketplace, Ref: r.Ref}
		}
		res, err = s.bulk(ctx, ops.BulkOverrideRequest{Orders: keys, Mode: mode, Reason: reason}, p.set)
		return err
	}, func(err error) {
		p.hide()
		if err != nil {
			e.fail(err)
			if res.Saved == 0 {
				return
			}
		}
		dialog.ShowInformation(e.T("bulk.title"), s.bulkText(mode, &res), e.win)
		e.changed()
	})
	p.show()
}

// tick ticks or unticks the order of row; with shift, every row from the row
// ticked last to this one alike (the rows whose ids are known: all of them once
// the id list of the filter has arrived, else the rows read so far).
func (s *ordersScreen) tick(row int, on, shift bool) {
	from, to := row, row
	if shift && s.lastTick >= 0 {
		from, to = min(row, s.lastTick), max(row, s.lastTick)
	}
	var all []int64
	if ids := s.query.ids.Load(); ids != nil {
		all = *ids
	}
	for i := from; i <= to; i++ {
		var id int64
		if i < len(all) {
			id = all[i]
		} else if r, ok := s.rows.row(i); ok {
			id = r.ID
		} else {
			continue
		}
		if on {
			s.ticked[id] = true
		} else {
			delete(s.ticked, id)
		}
	}
	s.lastTick = row
	s.showTicks()
	if from != to {
		s.table.Refresh()
	}
}

// untickAll clears the ticks.
func (s *ordersScreen) untickAll() {
	clear(s.ticked)
	s.lastTick = -1
	s.showTicks()
	if s.table != nil {
		s.table.Refresh()
	}
}

// showTicks offers to override the ticked orders, and to clear the ticks.
func (s *ordersScreen) showTicks() {
	if s.tickedBtn == nil {
		return
	}
	n := len(s.ticked)
	if n == 0 || s.bulk == nil {
		s.tickedBtn.Hide()
		s.untickBtn.Hide()
		s.relayoutCount()
		return
	}
	s.tickedBtn.SetText(s.e.Tn("tick.button", n, count(n)))
	s.tickedBtn.Show()
	s.untickBtn.Show()
	s.relayoutCount()
}

// tickedIDs are the ids of the ticked orders, ascending.
func (s *ordersScreen) tickedIDs() []int64 {
	ids := make([]int64, 0, len(s.ticked))
	for id := range s.ticked {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// shiftHeld tells whether a Shift key is down (a desktop window only).
func shiftHeld() bool {
	a := fyne.CurrentApp()
	if a == nil {
		return false
	}
	if d, ok := a.Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
	}
	return false
}

// bulkText says what a bulk override did: the orders saved, and each refused
// one with its reason (the first few).
func (s *ordersScreen) bulkText(mode logistics.Mode, res *ops.BulkOverrideResult) string {
	e := s.e
	var b strings.Builder
	if mode == 0 {
		b.WriteString(e.Tn("bulk.removed", res.Saved, count(res.Saved)))
	} else {
		b.WriteString(e.Tn("bulk.saved", res.Saved, count(res.Saved), e.T("mode."+mode.String())))
	}
	if len(res.Refused) > 0 {
		b.WriteString("\n" + e.Tn("bulk.refused", len(res.Refused), count(len(res.Refused))))
		for _, r := range res.Refused[:min(len(res.Refused), bulkShown)] {
			b.WriteString("\n" + e.explain(r.Err))
		}
		if more := len(res.Refused) - bulkShown; more > 0 {
			b.WriteString("\n" + e.Tf("bulk.more", count(more)))
		}
	}
	return b.String()
}
