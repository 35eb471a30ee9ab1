package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shipmode/ingest"
	"shipmode/ops"
)

// Rows added, deleted and pasted, and earlier versions opened and rolled back to,
// on the Rate book screen: the screen collects what the seller asks and shows the
// result; the operations check and store it.

// rbAddForm is the open form of a row to add.
type rbAddForm struct {
	d       dialog.Dialog
	entries []*widget.Entry
	reason  *widget.Label
	save    *widget.Button
}

// onAddRow asks for the values of a row to add under the cell last entered (or at
// the end), starting from that row's values.
func (s *rateBookScreen) onAddRow() {
	e := s.e
	sh := s.currentSheet()
	if sh == nil || s.viewing != nil {
		return
	}
	at := len(sh.Rows) // the end
	var from []string
	if s.hasFocus && s.focus.sheet == s.sheet && s.focus.row < len(sh.Rows) {
		at, from = s.focus.row+1, sh.Rows[s.focus.row]
	}
	f := &rbAddForm{reason: widget.NewLabel("")}
	f.reason.Wrapping = fyne.TextWrapWord
	f.reason.Importance = widget.DangerImportance
	form := widget.NewForm()
	for c, id := range sh.Rows[0] {
		en := widget.NewEntry()
		if c < len(from) {
			en.SetText(from[c])
		}
		f.entries = append(f.entries, en)
		form.Append(e.Tf("rb.editColumn", e.columnText(id), id), en)
	}
	sheet := s.sheet
	where := e.Tf("rb.addWhere", at+1) // the workbook's row of the new row
	f.save = widget.NewButtonWithIcon(e.T("rb.addRow"), nil, func() { s.addRow(sheet, at, f) })
	f.save.Importance = widget.HighImportance
	cancel := widget.NewButton(e.T("action.cancel"), func() { f.d.Hide() })
	body := container.NewBorder(widget.NewLabel(where), container.NewVBox(f.reason, container.NewHBox(cancel, f.save)), nil, nil,
		container.NewVScroll(form))
	f.d = dialog.NewCustomWithoutButtons(e.Tf("rb.addTitle", e.sheetText(sheet)), body, e.win)
	f.d.SetOnClosed(func() {
		if s.add == f {
			s.add = nil
		}
	})
	f.d.Resize(fyne.NewSize(560, min(640, form.MinSize().Height+200)))
	s.add = f
	f.d.Show()
	if len(f.entries) > 0 {
		e.win.Canvas().Focus(f.entries[0])
	}
}

// addRow stores the form's row before row at of sheet; refused, the form stays
// open with what was typed and says why.
func (s *rateBookScreen) addRow(sheet string, at int, f *rbAddForm) {
	values := make([]string, len(f.entries))
	for i, en := range f.entries {
		values[i] = en.Text
	}
	base := s.version.ID
	f.save.Disable()
	s.apply(func(ctx context.Context) (ops.RateBookResult, error) {
		return s.rb.AddRateBookRow(ctx, ops.RateBookRowAdd{Base: base, Sheet: sheet, At: at, Values: values})
	}, func(res ops.RateBookResult) string {
		f.d.Hide()
		s.structureChanged()
		return s.e.Tf("rb.rowAdded", at+1, res.Version.ID)
	}, func(err error) {
		f.save.Enable()
		f.reason.SetText(s.problemText(err))
	})
}

// onDeleteRow asks whether to delete the row of the cell last entered.
func (s *rateBookScreen) onDeleteRow() {
	e := s.e
	if s.viewing != nil {
		return
	}
	if !s.hasFocus || s.focus.sheet != s.sheet {
		s.status.SetText(e.T("rb.pickRow"))
		return
	}
	k := s.focus
	dialog.ShowConfirm(e.T("rb.deleteTitle"), e.Tf("rb.deleteAsk", k.row+1, e.sheetText(k.sheet)), func(ok bool) {
		if ok {
			s.deleteRow(k.sheet, k.row)
		}
	}, e.win)
}

// deleteRow deletes row of sheet (row 1 is the first under the header).
func (s *rateBookScreen) deleteRow(sheet string, row int) {
	base := s.version.ID
	s.apply(func(ctx context.Context) (ops.RateBookResult, error) {
		return s.rb.DeleteRateBookRows(ctx, ops.RateBookRowDelete{Base: base, Sheet: sheet, From: row, Count: 1})
	}, func(res ops.RateBookResult) string {
		s.structureChanged()
		s.hasFocus = false
		return s.e.Tf("rb.rowDeleted", row+1, res.Version.ID)
	}, func(err error) {
		s.problemsOf(err)
		s.status.SetText(s.e.T("rb.notDeleted"))
	})
}

// onPasteRows pastes the clipboard's cells at the cell last entered (or under the
// last row).
func (s *rateBookScreen) onPasteRows() {
	sh := s.currentSheet()
	if sh == nil || s.viewing != nil {
		return
	}
	k := rbKey{sheet: s.sheet, row: len(sh.Rows)}
	if s.hasFocus && s.focus.sheet == s.sheet {
		k = s.focus
	}
	s.pasteAt(k, fyne.CurrentApp().Clipboard().Content())
}

// pasteAt pastes a block of cells copied from a spreadsheet with its first cell
// at k: the whole block is stored as one version, or nothing.
func (s *rateBookScreen) pasteAt(k rbKey, text string) {
	e := s.e
	if s.viewing != nil || s.saving != nil {
		return
	}
	block, err := ingest.RateBookBlock(text)
	if err != nil || len(block) == 0 || strings.TrimSpace(text) == "" {
		s.status.SetText(e.T("rb.clipboardEmpty"))
		return
	}
	base := s.version.ID
	s.apply(func(ctx context.Context) (ops.RateBookResult, error) {
		return s.rb.PasteRateBookRows(ctx, ops.RateBookPaste{Base: base, Sheet: k.sheet, Row: k.row, Col: k.col, Block: block})
	}, func(res ops.RateBookResult) string {
		s.structureChanged()
		return e.Tn("rb.pasted", len(block), len(block), k.row+1, res.Version.ID)
	}, func(err error) {
		s.problemsOf(err)
		s.status.SetText(e.T("rb.notPasted"))
	})
}

// structureChanged forgets what was typed in cells: rows moved under it.
func (s *rateBookScreen) structureChanged() {
	clear(s.drafts)
	clear(s.refused)
}

// problemText is why a change was refused, with where for each cell.
func (s *rateBookScreen) problemText(err error) string {
	var rbErr *ingest.RateBookError
	if !errors.As(err, &rbErr) {
		return s.explain(err)
	}
	text := s.e.T("rb.refused")
	ps := s.cellProblems(rbErr)
	const shown = 6 // the first ones locate the mistake; the rest are its echoes
	for i, p := range ps {
		if i == shown && len(ps) > shown+1 {
			return text + "\n" + s.e.Tf("rb.more", len(ps)-shown)
		}
		text += "\n" + s.e.Tf("rb.problem", p.where, p.reason)
	}
	return text
}

// openVersion shows version id read-only (the current one: back to it).
func (s *rateBookScreen) openVersion(id int64) {
	if id == s.version.ID {
		s.backToCurrent()
		return
	}
	var view ops.RateBookView
	s.e.latest(&s.loading, func(ctx context.Context) error {
		var err error
		view, err = s.rb.OpenRateBookVersion(ctx, id)
		return err
	}, func(err error) {
		if err != nil {
			s.e.fail(err)
			return
		}
		v := view.Version
		s.viewing, s.viewBook = &v, view.Sheets
		s.hasFocus = false
		s.status.SetText("") // the banner says what is shown
		s.e.win.Canvas().Unfocus()
		s.sizeColumns()
		s.table.Refresh()
		s.showBanner()
	})
}

// backToCurrent shows the current rate book again, editable.
func (s *rateBookScreen) backToCurrent() {
	s.viewing, s.viewBook = nil, nil
	s.versionList.UnselectAll()
	s.sizeColumns()
	s.table.Refresh()
	s.showBanner()
}

// showBanner says which version is open, or hides the banner for the current one.
func (s *rateBookScreen) showBanner() {
	editable := s.viewing == nil
	for _, b := range []*widget.Button{s.addBtn, s.deleteBtn, s.pasteBtn} {
		if editable {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if editable {
		s.banner.Hide()
		return
	}
	v := s.viewing
	s.bannerText.SetText(s.e.Tf("rb.viewing", v.ID, v.ImportedAt.Local().Format("2006-01-02 15:04"), s.e.sourceText(v.Source)))
	s.rollBackBtn.SetText(s.e.Tf("rb.rollBack", v.ID))
	s.banner.Show()
}

// onRollBack asks whether to make the open version's content current again.
func (s *rateBookScreen) onRollBack() {
	e := s.e
	if s.viewing == nil {
		return
	}
	id := s.viewing.ID
	dialog.ShowConfirm(e.T("rb.rollBackTitle"), e.Tf("rb.rollBackAsk", id), func(ok bool) {
		if ok {
			s.rollBack(id)
		}
	}, e.win)
}

// rollBack stores version id's content as a new current version.
func (s *rateBookScreen) rollBack(id int64) {
	base := s.version.ID
	s.apply(func(ctx context.Context) (ops.RateBookResult, error) {
		return s.rb.RollBackRateBook(ctx, ops.RateBookRollBack{Base: base, To: id})
	}, func(res ops.RateBookResult) string {
		s.structureChanged()
		s.backToCurrent()
		return s.e.Tf("rb.rolledBack", res.Version.ID, id)
	}, func(err error) {
		s.problemsOf(err)
	})
}
