package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
)

// Period choices offered by the dashboard, orders and reports screens, by message key.
var periodKeys = []string{
	"period.all",
	"period.thisMonth",
	"period.lastMonth",
	"period.last3Months",
	"period.last12Months",
	"period.thisYear",
	"period.lastYear",
}

// periodOf is the date range of a period choice, relative to today.
func periodOf(key string, today logistics.Date) period {
	t := today.Time()
	y, m, _ := t.Date()
	month := func(y int, m time.Month) logistics.Date { return logistics.DateOf(y, m, 1) }
	switch key {
	case "period.thisMonth":
		return period{month(y, m), today}
	case "period.lastMonth":
		first := month(y, m)
		return period{month(y, m-1), first - 1}
	case "period.last3Months":
		return period{month(y, m-2), today}
	case "period.last12Months":
		return period{month(y, m-11), today}
	case "period.thisYear":
		return period{logistics.DateOf(y, 1, 1), today}
	case "period.lastYear":
		return period{logistics.DateOf(y-1, 1, 1), logistics.DateOf(y-1, 12, 31)}
	}
	return allTime
}

// periodKeyOf finds the choice whose range is p ("" when none is).
func periodKeyOf(p period, today logistics.Date) string {
	for _, k := range periodKeys {
		if periodOf(k, today) == p {
			return k
		}
	}
	return ""
}

// today is the current local date.
func today() logistics.Date { return logistics.DateFromTime(time.Now()) }

// periodPicker is the period choice of the dashboard, reports and invoices
// screens: the presets and, last, a custom date range asked in a dialog and then
// named by its dates (as on the orders screen). changed gets every new period; a
// cancelled custom range goes back to the choice before it.
type periodPicker struct {
	e       *env
	sel     *widget.Select
	custom  period
	idx     int  // the choice in effect
	quiet   bool // set while the picker changes its own selection
	changed func(period)
}

func newPeriodPicker(e *env, changed func(period)) *periodPicker {
	p := &periodPicker{e: e, changed: changed, custom: allTime}
	p.sel = widget.NewSelect(append(translated(e, periodKeys), e.T("period.custom")), func(string) { p.onChosen() })
	return p
}

// object is the picker as laid out beside other widgets: wide enough for a
// custom range's dates ("2026-11-01 – 2026-11-30") and every preset's name, so
// that the choice in effect is never cut off.
func (p *periodPicker) object() fyne.CanvasObject {
	texts := append([]string{p.e.Tf("period.range", "2026-11-01", "2026-11-30")}, p.sel.Options...)
	var w float32
	for _, t := range texts {
		w = max(w, fyne.MeasureText(t, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	// the select's padding on both sides and its drop-down icon
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(fyne.NewSize(w+4*theme.InnerPadding()+theme.IconInlineSize(), 0))
	return container.NewStack(spacer, p.sel)
}

// current is the period of the choice in effect.
func (p *periodPicker) current() period {
	if p.sel.SelectedIndex() == len(periodKeys) {
		return p.custom
	}
	return periodOf(keyAt(periodKeys, p.sel.SelectedIndex()), p.e.today())
}

func (p *periodPicker) onChosen() {
	if p.quiet {
		return
	}
	i := p.sel.SelectedIndex()
	if i != len(periodKeys) {
		p.idx = i
		p.changed(p.current())
		return
	}
	cur := p.custom
	if cur == allTime {
		cur = period{p.e.today() - 29, p.e.today()}
	}
	askRange(p.e, cur, p.choose, func() {
		p.quiet = true
		p.sel.SetSelectedIndex(p.idx)
		p.quiet = false
	})
}

// choose makes the custom range r the period in effect.
func (p *periodPicker) choose(r period) {
	p.setCustom(r)
	p.changed(r)
}

// setCustom makes the last choice the range r, named by its dates, without
// telling changed.
func (p *periodPicker) setCustom(r period) {
	p.custom = r
	p.sel.Options[len(periodKeys)] = p.e.Tf("period.range", dateText(r.From), dateText(r.To))
	p.quiet = true
	p.sel.SetSelectedIndex(len(periodKeys))
	p.sel.Refresh()
	p.quiet = false
	p.idx = len(periodKeys)
}

// show makes the picker show r (a preset when one has that range, else the
// custom range), without telling changed.
func (p *periodPicker) show(r period) {
	k := periodKeyOf(r, p.e.today())
	if k == "" && r != allTime {
		p.setCustom(r)
		return
	}
	p.idx = max(0, indexOf(periodKeys, k))
	p.quiet = true
	p.sel.SetSelectedIndex(p.idx)
	p.quiet = false
}
