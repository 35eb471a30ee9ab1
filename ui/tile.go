package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tile is a KPI card: a caption, a large value and a note. A tile with onTap opens
// the orders behind the figure.
type tile struct {
	widget.BaseWidget
	caption, value, note *widget.Label
	bg                   *canvas.Rectangle
	accent               *canvas.Rectangle
	onTap                func()
}

func newTile(caption string, accent fyne.ThemeColorName, onTap func()) *tile {
	t := &tile{onTap: onTap}
	t.caption = widget.NewLabel(caption)
	t.caption.Importance = widget.MediumImportance
	t.value = widget.NewLabel("…")
	t.value.TextStyle.Bold = true
	t.value.SizeName = theme.SizeNameSubHeadingText
	t.note = widget.NewLabel("")
	t.note.SizeName = theme.SizeNameCaptionText
	t.note.Wrapping = fyne.TextWrapWord
	t.bg = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	t.bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	t.accent = canvas.NewRectangle(theme.Color(accent))
	t.accent.SetMinSize(fyne.NewSize(4, 4))
	t.ExtendBaseWidget(t)
	return t
}

// setAccent colours the tile's edge (a mode colour).
func (t *tile) setAccent(c canvas.Rectangle) { t.accent.FillColor = c.FillColor; t.accent.Refresh() }

func (t *tile) set(value, note string) {
	t.value.SetText(value)
	t.note.SetText(note)
}

func (t *tile) Tapped(*fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap()
	}
}

// Cursor shows a hand over tiles that open orders.
func (t *tile) Cursor() desktop.Cursor {
	if t.onTap != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

func (t *tile) CreateRenderer() fyne.WidgetRenderer {
	body := container.NewVBox(t.caption, t.value, t.note)
	return widget.NewSimpleRenderer(container.NewStack(t.bg,
		container.NewBorder(nil, nil, t.accent, nil, body)))
}
