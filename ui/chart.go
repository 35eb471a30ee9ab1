package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
)

// modeColors are the chart colours of the four modes (indexed by logistics.Mode);
// they read well on the light and the dark theme.
var modeColors = [5]color.NRGBA{
	{},
	{R: 0x2e, G: 0x7d, B: 0xd1, A: 0xff}, // warehouse: blue
	{R: 0x2e, G: 0xa0, B: 0x5a, A: 0xff}, // local: green
	{R: 0xef, G: 0x8c, B: 0x1a, A: 0xff}, // consolidation: orange
	{R: 0x9b, G: 0x4d, B: 0xca, A: 0xff}, // direct: purple
}

// barGroup is one bar: a label and the value of each mode, stacked.
type barGroup struct {
	Label  string
	ByMode [5]int64
}

func (g barGroup) total() int64 {
	var t int64
	for _, v := range g.ByMode {
		t += v
	}
	return t
}

// barChart draws stacked bars with canvas rectangles: vertical bars (one per month)
// or horizontal ones (one per destination). No chart library is involved.
type barChart struct {
	widget.BaseWidget
	groups     []barGroup
	horizontal bool
	label      func(v int64) string // the scale's maximum
	empty      string               // shown when there is nothing to draw
}

func newBarChart(horizontal bool, label func(int64) string, empty string) *barChart {
	c := &barChart{horizontal: horizontal, label: label, empty: empty}
	c.ExtendBaseWidget(c)
	return c
}

// setGroups replaces the data.
func (c *barChart) setGroups(gs []barGroup) {
	c.groups = gs
	c.Refresh()
}

func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{c: c}
	r.rebuild()
	return r
}

type barRenderer struct {
	c       *barChart
	bars    [][4]*canvas.Rectangle // per group, per mode (1..4 → 0..3)
	labels  []*canvas.Text
	scale   *canvas.Text
	axis    *canvas.Line
	empty   *canvas.Text
	objects []fyne.CanvasObject
}

func (r *barRenderer) rebuild() {
	th := r.c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	small := th.Size(theme.SizeNameCaptionText)
	r.bars, r.labels, r.objects = nil, nil, nil
	for _, g := range r.c.groups {
		var bs [4]*canvas.Rectangle
		for m := 1; m <= 4; m++ {
			bs[m-1] = canvas.NewRectangle(modeColors[m])
			r.objects = append(r.objects, bs[m-1])
		}
		r.bars = append(r.bars, bs)
		t := canvas.NewText(g.Label, fg)
		t.TextSize = small
		r.labels = append(r.labels, t)
		r.objects = append(r.objects, t)
	}
	r.scale = canvas.NewText("", fg)
	r.scale.TextSize = small
	r.axis = canvas.NewLine(th.Color(theme.ColorNameSeparator, v))
	r.empty = canvas.NewText(r.c.empty, th.Color(theme.ColorNamePlaceHolder, v))
	r.empty.Alignment = fyne.TextAlignCenter
	r.objects = append(r.objects, r.scale, r.axis, r.empty)
}

func (r *barRenderer) maxTotal() int64 {
	var m int64
	for _, g := range r.c.groups {
		m = max(m, g.total())
	}
	return m
}

func (r *barRenderer) Layout(size fyne.Size) {
	top := r.maxTotal()
	r.empty.Hidden = top > 0
	r.empty.Move(fyne.NewPos(0, size.Height/2-10))
	r.empty.Resize(fyne.NewSize(size.Width, 20))
	r.scale.Hidden = top == 0
	if r.c.label != nil && top > 0 {
		r.scale.Text = r.c.label(top)
	}
	n := len(r.c.groups)
	if n == 0 || top == 0 {
		for _, bs := range r.bars {
			for _, b := range bs {
				b.Hide()
			}
		}
		r.axis.Hide()
		return
	}
	r.axis.Show()
	if r.c.horizontal {
		r.layoutHorizontal(size, top, n)
	} else {
		r.layoutVertical(size, top, n)
	}
}

func (r *barRenderer) layoutVertical(size fyne.Size, top int64, n int) {
	labelH := float32(18)
	scaleH := float32(16)
	plotH := size.Height - labelH - scaleH
	slot := size.Width / float32(n)
	barW := slot * 0.7
	r.scale.Move(fyne.NewPos(0, 0))
	r.axis.Position1 = fyne.NewPos(0, scaleH+plotH)
	r.axis.Position2 = fyne.NewPos(size.Width, scaleH+plotH)
	for i, g := range r.c.groups {
		x := float32(i)*slot + (slot-barW)/2
		y := scaleH + plotH
		for m := 1; m <= 4; m++ {
			b := r.bars[i][m-1]
			h := plotH * float32(g.ByMode[m]) / float32(top)
			b.Hidden = h <= 0
			y -= h
			b.Move(fyne.NewPos(x, y))
			b.Resize(fyne.NewSize(barW, h))
		}
		l := r.labels[i]
		l.Alignment = fyne.TextAlignCenter
		// Label every bar when there is room, else every other one.
		l.Hidden = slot < 40 && i%2 == 1
		l.Move(fyne.NewPos(float32(i)*slot, scaleH+plotH+2))
		l.Resize(fyne.NewSize(slot, labelH-2))
	}
}

func (r *barRenderer) layoutHorizontal(size fyne.Size, top int64, n int) {
	labelW := float32(44)
	scaleH := float32(16)
	plotW := size.Width - labelW - 8
	slot := (size.Height - scaleH) / float32(n)
	barH := slot * 0.7
	r.scale.Move(fyne.NewPos(labelW+plotW-r.scale.MinSize().Width, 0))
	r.axis.Position1 = fyne.NewPos(labelW, scaleH)
	r.axis.Position2 = fyne.NewPos(labelW, size.Height)
	for i, g := range r.c.groups {
		y := scaleH + float32(i)*slot + (slot-barH)/2
		x := labelW
		for m := 1; m <= 4; m++ {
			b := r.bars[i][m-1]
			w := plotW * float32(g.ByMode[m]) / float32(top)
			b.Hidden = w <= 0
			b.Move(fyne.NewPos(x, y))
			b.Resize(fyne.NewSize(w, barH))
			x += w
		}
		l := r.labels[i]
		l.Alignment = fyne.TextAlignTrailing
		l.Hidden = false
		l.Move(fyne.NewPos(0, y+barH/2-9))
		l.Resize(fyne.NewSize(labelW-6, 18))
	}
}

func (r *barRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 160) }

func (r *barRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *barRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *barRenderer) Destroy() {}

// legend shows the mode colours; tapping a mode calls onTap.
func legend(e *env, onTap func(m logistics.Mode)) fyne.CanvasObject {
	var items []fyne.CanvasObject
	for _, m := range logistics.Modes {
		sw := canvas.NewRectangle(modeColors[m])
		sw.SetMinSize(fyne.NewSize(12, 12))
		b := widget.NewButton(e.T("mode."+m.String()), func() {
			if onTap != nil {
				onTap(m)
			}
		})
		b.Importance = widget.LowImportance
		items = append(items, container.NewHBox(container.NewCenter(sw), b))
	}
	return container.NewHBox(items...)
}
