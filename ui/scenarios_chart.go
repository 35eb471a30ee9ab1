package ui

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Colours of the payback chart, readable on the light and the dark theme.
var (
	netColor     = color.NRGBA{R: 0x2e, G: 0xa0, B: 0x5a, A: 0xff} // cumulative net savings: green
	capitalColor = color.NRGBA{R: 0xef, G: 0x8c, B: 0x1a, A: 0xff} // capital tied: orange
)

// chartMonths is how many months the payback chart shows.
const chartMonths = 12

// paybackChart draws a scenario's cumulative net savings month by month against
// the capital it ties, over 12 months, and marks the break-even point: the month
// the savings have paid the stock back (SPEC §9's payback). Canvas lines and texts,
// no chart library.
type paybackChart struct {
	widget.BaseWidget
	net, capital int64 // monthly net and capital tied, base-currency minor units
	unit         int64 // minor units in a major unit: the smallest step of the scale
	paybackText  string
	shown        bool               // a result is set
	money        func(int64) string // an axis label
	netLabel     string
	capLabel     string
	monthsLabel  string
	empty        string
}

// newPaybackChart makes the chart; money formats the amounts of the axis, the
// labels name the two lines and the months, and empty is shown without a result.
func newPaybackChart(money func(int64) string, netLabel, capLabel, monthsLabel, empty string) *paybackChart {
	c := &paybackChart{money: money, netLabel: netLabel, capLabel: capLabel, monthsLabel: monthsLabel, empty: empty}
	c.ExtendBaseWidget(c)
	return c
}

// set shows a result: its monthly net and capital tied (minor units, unit of them
// to a major unit) and the words of its payback.
func (c *paybackChart) set(net, capital, unit int64, payback string) {
	c.net, c.capital, c.unit, c.paybackText, c.shown = net, capital, max(unit, 1), payback, true
	c.Refresh()
}

func (c *paybackChart) clear() {
	c.shown = false
	c.Refresh()
}

func (c *paybackChart) CreateRenderer() fyne.WidgetRenderer {
	r := &paybackRenderer{c: c}
	r.rebuild()
	return r
}

type paybackRenderer struct {
	c                  *paybackChart
	grid               [5]*canvas.Line
	yLabels            [5]*canvas.Text
	xLabels            [chartMonths/3 + 1]*canvas.Text
	months             *canvas.Text
	axis               *canvas.Line
	net, capital       *canvas.Line
	evenLine           *canvas.Line
	evenDot            *canvas.Circle
	evenText           *canvas.Text
	evenBack           *canvas.Rectangle // behind evenText, so that the lines do not cross it
	netSwatch, capSwat *canvas.Rectangle
	netText, capText   *canvas.Text
	empty              *canvas.Text
	objects            []fyne.CanvasObject
}

func (r *paybackRenderer) rebuild() {
	th := r.c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	muted := th.Color(theme.ColorNamePlaceHolder, v)
	sep := th.Color(theme.ColorNameSeparator, v)
	small := th.Size(theme.SizeNameCaptionText)
	text := func(s string, c color.Color) *canvas.Text {
		t := canvas.NewText(s, c)
		t.TextSize = small
		return t
	}
	r.objects = nil
	for i := range r.grid {
		r.grid[i] = canvas.NewLine(sep)
		r.yLabels[i] = text("", muted)
		r.yLabels[i].Alignment = fyne.TextAlignTrailing
		r.objects = append(r.objects, r.grid[i], r.yLabels[i])
	}
	for i := range r.xLabels {
		r.xLabels[i] = text(strconv.Itoa(i*3), muted)
		r.xLabels[i].Alignment = fyne.TextAlignCenter
		r.objects = append(r.objects, r.xLabels[i])
	}
	r.months = text(r.c.monthsLabel, muted)
	r.axis = canvas.NewLine(fg)
	r.capital = canvas.NewLine(capitalColor)
	r.capital.StrokeWidth = 2.5
	r.net = canvas.NewLine(netColor)
	r.net.StrokeWidth = 3
	r.evenLine = canvas.NewLine(fg)
	r.evenLine.StrokeWidth = 1
	r.evenDot = canvas.NewCircle(fg)
	r.evenBack = canvas.NewRectangle(th.Color(theme.ColorNameBackground, v))
	r.evenBack.CornerRadius = 4
	r.evenText = canvas.NewText("", fg)
	r.evenText.TextSize = th.Size(theme.SizeNameText)
	r.evenText.TextStyle.Bold = true
	r.netSwatch = canvas.NewRectangle(netColor)
	r.capSwat = canvas.NewRectangle(capitalColor)
	r.netText = text(r.c.netLabel, fg)
	r.capText = text(r.c.capLabel, fg)
	r.empty = canvas.NewText(r.c.empty, muted)
	r.empty.Alignment = fyne.TextAlignCenter
	r.objects = append(r.objects, r.months, r.axis, r.capital, r.net, r.evenLine, r.evenDot, r.evenBack, r.evenText,
		r.netSwatch, r.capSwat, r.netText, r.capText, r.empty)
}

func (r *paybackRenderer) Layout(size fyne.Size) {
	c := r.c
	for _, o := range r.objects {
		o.Hide()
	}
	if !c.shown {
		r.empty.Show()
		r.empty.Move(fyne.NewPos(0, size.Height/2-10))
		r.empty.Resize(fyne.NewSize(size.Width, 20))
		return
	}
	for _, o := range r.objects {
		o.Show()
	}
	r.empty.Hide()
	const left, right, top, bottom = 96, 16, 30, 40
	plotW, plotH := size.Width-left-right, size.Height-top-bottom
	if plotW < 50 || plotH < 40 {
		return
	}
	end := c.net * chartMonths
	lo, hi := scale(min(end, 0), max(c.capital, end, 0), c.unit, len(r.grid)-1)
	x := func(m float32) float32 { return left + m/chartMonths*plotW }
	y := func(v int64) float32 { return top + float32(hi-v)/float32(hi-lo)*plotH }

	// legend, top left
	r.netSwatch.Move(fyne.NewPos(left, 8))
	r.netSwatch.Resize(fyne.NewSize(14, 4))
	r.netText.Move(fyne.NewPos(left+20, 0))
	r.capSwat.Move(fyne.NewPos(left+40+r.netText.MinSize().Width, 8))
	r.capSwat.Resize(fyne.NewSize(14, 4))
	r.capText.Move(fyne.NewPos(left+60+r.netText.MinSize().Width, 0))

	for i := range r.grid {
		v := lo + (hi-lo)*int64(i)/int64(len(r.grid)-1)
		yy := y(v)
		r.grid[i].Position1 = fyne.NewPos(left, yy)
		r.grid[i].Position2 = fyne.NewPos(left+plotW, yy)
		r.yLabels[i].Text = c.money(v)
		r.yLabels[i].Move(fyne.NewPos(0, yy-8))
		r.yLabels[i].Resize(fyne.NewSize(left-8, 16))
	}
	r.axis.Position1 = fyne.NewPos(left, y(0))
	r.axis.Position2 = fyne.NewPos(left+plotW, y(0))
	for i, l := range r.xLabels {
		xx := x(float32(i * 3))
		l.Move(fyne.NewPos(xx-20, top+plotH+4))
		l.Resize(fyne.NewSize(40, 16))
	}
	r.months.Move(fyne.NewPos(left+plotW/2-r.months.MinSize().Width/2, top+plotH+20))

	r.capital.Position1 = fyne.NewPos(x(0), y(c.capital))
	r.capital.Position2 = fyne.NewPos(x(chartMonths), y(c.capital))
	r.net.Position1 = fyne.NewPos(x(0), y(0))
	r.net.Position2 = fyne.NewPos(x(chartMonths), y(end))

	r.evenText.Text = c.paybackText
	tw := r.evenText.MinSize().Width
	if c.net > 0 && c.capital <= end {
		// break-even: m × net = capital
		m := float32(c.capital) / float32(c.net)
		px, py := x(m), y(c.capital)
		r.evenLine.Position1 = fyne.NewPos(px, py)
		r.evenLine.Position2 = fyne.NewPos(px, top+plotH)
		r.evenDot.Move(fyne.NewPos(px-6, py-6))
		r.evenDot.Resize(fyne.NewSize(12, 12))
		// The net line climbs through the point: to its right the free side is
		// below the capital line; when that has no room, the plot's top left
		// corner is free (the line starts at the bottom and reaches the top only
		// at the right end), and the dot marks the point.
		th := r.evenText.MinSize().Height
		tx, ty := px+10, py+8
		if tx+tw > left+plotW || ty+th > top+plotH {
			tx, ty = left+8, top+4
		}
		r.placeEvenText(tx, ty)
		return
	}
	r.evenLine.Hide()
	r.evenDot.Hide()
	r.placeEvenText(left+plotW-tw, top+4)
}

// placeEvenText puts the payback's words at (x, y) on their background.
func (r *paybackRenderer) placeEvenText(x, y float32) {
	sz := r.evenText.MinSize()
	r.evenText.Move(fyne.NewPos(x, y))
	r.evenBack.Move(fyne.NewPos(x-4, y-1))
	r.evenBack.Resize(fyne.NewSize(sz.Width+8, sz.Height+2))
}

// scale widens [lo, hi] to steps of a round size (1, 2, 2.5 or 5 × 10ⁿ, at least
// unit) with room above the highest value: lo and hi of the grid.
func scale(lo, hi, unit int64, steps int) (int64, int64) {
	span := max(hi-lo, unit) * 11 / 10
	step := unit
	for n := 0; ; n++ {
		for _, f := range []int64{10, 20, 25, 50} {
			s := unit * f / 10
			for range n {
				s *= 10
			}
			if s*int64(steps) >= span {
				step = s
				base := lo / step * step
				if base > lo {
					base -= step
				}
				if base+step*int64(steps) >= hi {
					return base, base + step*int64(steps)
				}
			}
		}
		if n > 30 {
			return lo, hi + unit
		}
	}
}

func (r *paybackRenderer) MinSize() fyne.Size { return fyne.NewSize(320, 200) }

func (r *paybackRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *paybackRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *paybackRenderer) Destroy() {}
