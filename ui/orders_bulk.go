package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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
	e := s.e
	if s.bulk == nil || s.total <= 0 {
		return
	}
	n, f := s.total, s.filter
	labels := []string{e.T("override.none")}
	for _, m := range logistics.Modes {
		labels = append(labels, e.T("mode."+m.String()))
	}
	modeSel := widget.NewSelect(labels, nil)
	modeSel.SetSelectedIndex(0)
	reason := widget.NewEntry()
	reason.SetPlaceHolder(e.T("override.reasonHint"))
	intro := widget.NewLabel(e.Tn("bulk.intro", n, count(n)))
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
			s.runBulk(f, mode, why)
		}, e.win)
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	d.Show()
}

// runBulk reads the orders of filter f and overrides them.
func (s *ordersScreen) runBulk(f store.OrderFilter, mode logistics.Mode, reason string) {
	e := s.e
	p := newProgressDialog(e, e.T("bulk.working"))
	var res ops.BulkOverrideResult
	p.task = e.start(func(ctx context.Context) error {
		ids, err := s.src.OrderIDs(ctx, f)
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
