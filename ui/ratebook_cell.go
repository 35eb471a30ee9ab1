package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// rbKey is a cell of a rate-book sheet: row 0 is the header, row 1 the first row of
// values (the workbook's row 2).
type rbKey struct {
	sheet    string
	row, col int
}

// rbCell is a cell of the rate-book table, edited in place as in a spreadsheet:
// Enter or leaving the cell saves what was typed, Esc puts the stored value back,
// and a paste of cells copied from a spreadsheet (tab-separated lines) pastes them
// as a block from this cell.
type rbCell struct {
	widget.Entry
	s       *rateBookScreen
	key     rbKey
	binding bool // the text is being set from the sheet, not typed
	// view is what the table shows: the entry, or in a version open read-only
	// a label (a disabled entry's text is too faint to read)
	view  *fyne.Container
	label *widget.Label
}

func newRBCell(s *rateBookScreen) *rbCell {
	c := &rbCell{s: s, label: widget.NewLabel("")}
	c.ExtendBaseWidget(c)
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.label.Hide()
	c.view = container.NewStack(c, c.label)
	c.AlwaysShowValidationError = true // a refused text is marked even before it is typed again
	c.OnChanged = func(text string) {
		if !c.binding {
			s.typed(c.key, text)
		}
	}
	c.OnSubmitted = func(string) { s.commit(c.key) }
	return c
}

// bind shows the cell k with text; reason is why the text was refused ("": it was not).
func (c *rbCell) bind(k rbKey, text, reason string, readOnly bool) {
	c.binding = true
	c.key = k
	if c.Text != text {
		c.SetText(text)
	}
	c.binding = false
	if readOnly {
		c.Disable()
		c.label.SetText(text)
		c.Hide()
		c.label.Show()
	} else {
		c.Enable()
		c.label.Hide()
		c.Show()
	}
	if reason != "" {
		c.SetValidationError(refusal(reason))
	} else {
		c.SetValidationError(nil)
	}
}

// refusal is a refused cell's reason as the entry's validation error.
type refusal string

func (r refusal) Error() string { return string(r) }

func (c *rbCell) FocusGained() {
	c.Entry.FocusGained()
	c.s.focused(c.key)
}

func (c *rbCell) FocusLost() {
	c.Entry.FocusLost()
	c.s.commit(c.key)
}

func (c *rbCell) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		c.s.discard(c.key)
		return
	}
	c.Entry.TypedKey(k)
}

func (c *rbCell) TypedShortcut(sc fyne.Shortcut) {
	if p, ok := sc.(*fyne.ShortcutPaste); ok && p.Clipboard != nil && !c.Disabled() {
		// cells copied from a spreadsheet end with a line break, even a single one
		if text := p.Clipboard.Content(); strings.ContainsAny(text, "\t\n") {
			c.s.pasteAt(c.key, text)
			return
		}
	}
	c.Entry.TypedShortcut(sc)
}
