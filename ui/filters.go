package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"shipmode/logistics"
)

// countryLabel is a destination's ISO code with its name in the current
// language ("FR · France", "FR · 法国"); the code alone when it names no region.
func (e *env) countryLabel(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	names := display.English.Regions()
	if e.tr.lang == langChinese {
		names = display.Chinese.Regions()
	}
	if name := names.Name(r); name != "" && !strings.EqualFold(name, code) {
		return code + " · " + name
	}
	return code
}

// dateText is a date of a range ("…" for an open end).
func dateText(d logistics.Date) string {
	if d == logistics.NoDate {
		return "…"
	}
	return d.String()
}

// askRange asks for a date range (YYYY-MM-DD, either end may stay empty: open),
// starting from cur; then gets it, cancelled runs when the seller cancels.
func askRange(e *env, cur period, then func(period), cancelled func()) {
	var fromText, toText string
	if cur.From != logistics.NoDate {
		fromText = cur.From.String()
	}
	if cur.To != logistics.NoDate {
		toText = cur.To.String()
	}
	askRangeText(e, fromText, toText, then, cancelled)
}

func askRangeText(e *env, fromText, toText string, then func(period), cancelled func()) {
	from, to := widget.NewEntry(), widget.NewEntry()
	from.SetPlaceHolder("2026-06-01")
	to.SetPlaceHolder("2026-06-30")
	from.SetText(fromText)
	to.SetText(toText)
	d := dialog.NewForm(e.T("range.title"), e.T("action.ok"), e.T("action.cancel"), []*widget.FormItem{
		widget.NewFormItem(e.T("range.from"), from), widget.NewFormItem(e.T("range.to"), to),
	}, func(ok bool) {
		if !ok {
			if cancelled != nil {
				cancelled()
			}
			return
		}
		p, good := parseRange(from.Text, to.Text)
		if !good {
			// said, and asked again with what was typed
			askRangeText(e, from.Text, to.Text, then, cancelled)
			dialog.ShowInformation(e.T("range.title"), e.T("range.bad"), e.win)
			return
		}
		then(p)
	}, e.win)
	d.Resize(fyne.NewSize(420, d.MinSize().Height))
	d.Show()
}

// parseRange reads a typed range: ISO dates, empty for an open end, from ≤ to.
func parseRange(from, to string) (period, bool) {
	p := allTime
	for _, x := range []struct {
		text string
		d    *logistics.Date
	}{{from, &p.From}, {to, &p.To}} {
		if t := strings.TrimSpace(x.text); t != "" {
			d, err := logistics.ParseDate(t)
			if err != nil {
				return allTime, false
			}
			*x.d = d
		}
	}
	if p.From != logistics.NoDate && p.To != logistics.NoDate && p.From > p.To {
		return allTime, false
	}
	return p, true
}
