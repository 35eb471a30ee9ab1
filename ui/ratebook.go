package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/reports"
	"shipmode/store"
)

// rateBooks reads the rate book as its sheets' cells and stores new versions, made
// from cell edits, rows added, deleted or pasted, a roll back or an imported
// workbook (the operations of ops).
type rateBooks interface {
	RateBookView(ctx context.Context) (ops.RateBookView, error)
	EditRateBook(ctx context.Context, e ops.RateBookEdit) (ops.RateBookResult, error)
	AddRateBookRow(ctx context.Context, a ops.RateBookRowAdd) (ops.RateBookResult, error)
	DeleteRateBookRows(ctx context.Context, d ops.RateBookRowDelete) (ops.RateBookResult, error)
	PasteRateBookRows(ctx context.Context, p ops.RateBookPaste) (ops.RateBookResult, error)
	OpenRateBookVersion(ctx context.Context, id int64) (ops.RateBookView, error)
	RollBackRateBook(ctx context.Context, r ops.RateBookRollBack) (ops.RateBookResult, error)
	ImportRateBook(ctx context.Context, path string) (ops.RateBookResult, error)
	ExportRateBook(ctx context.Context, path string) error
}

// rateBookScreen shows the rate book sheet by sheet like a spreadsheet: cells are
// edited in place, rows added, deleted and pasted (each change checked like an
// imported workbook and saved as a new version), earlier versions opened read-only
// and rolled back to; it imports and exports the workbook.
type rateBookScreen struct {
	e  *env
	rb rateBooks

	book     []ingest.Sheet // the current rate book
	version  store.RateBookVersion
	versions []store.RateBookVersion
	sheet    string
	loading  *task
	saving   *task

	// viewing is the earlier version open read-only (nil: the current one is
	// shown), with its sheets.
	viewing  *store.RateBookVersion
	viewBook []ingest.Sheet

	drafts   map[rbKey]string  // typed in a cell, not stored (being typed or refused)
	refused  map[rbKey]refused // why a cell's text was not stored
	focus    rbKey             // the cell last entered
	hasFocus bool
	// refusal is the error of the last change refused (nil after one stored).
	refusal error

	// saveTemplate writes the rate-book template (nil: no such button).
	saveTemplate func(path string) error

	sheetSel    *widget.Select
	table       *widget.Table
	versionList *widget.List
	status      *widget.Label
	problems    *widget.Label // why the last change was refused, cell by cell
	addBtn      *widget.Button
	deleteBtn   *widget.Button
	pasteBtn    *widget.Button
	banner      *fyne.Container // shown while an earlier version is open
	bannerText  *widget.Label
	rollBackBtn *widget.Button
	add         *rbAddForm // the open Add row form (nil: none)
	cells       []*rbCell  // the table's cells, as made
}

// refused is a text typed in a cell that was not stored, and why.
type refused struct{ text, reason string }

func newRateBookScreen(e *env, rb rateBooks) *rateBookScreen {
	return &rateBookScreen{e: e, rb: rb, sheet: logistics.SheetServices, drafts: map[rbKey]string{}, refused: map[rbKey]refused{}}
}

func (s *rateBookScreen) content() fyne.CanvasObject {
	e := s.e
	var names, labels []string
	for _, sc := range logistics.RateBookSheets() {
		names = append(names, sc.Name)
		labels = append(labels, e.sheetText(sc.Name))
	}
	s.sheetSel = widget.NewSelect(labels, func(string) {
		s.sheet = keyAt(names, s.sheetSel.SelectedIndex())
		s.hasFocus = false
		s.sizeColumns()
		s.table.Refresh()
		s.table.ScrollToTop()
	})
	imp := widget.NewButtonWithIcon(e.T("rb.import"), theme.FolderOpenIcon(), s.onImportDialog)
	exp := widget.NewButtonWithIcon(e.T("rb.export"), theme.DocumentSaveIcon(), s.onExportDialog)
	buttons := container.NewHBox(imp, exp)
	if s.saveTemplate != nil {
		buttons.Add(widget.NewButtonWithIcon(e.T("rb.template"), theme.DocumentCreateIcon(), s.onTemplateDialog))
	}
	s.addBtn = widget.NewButtonWithIcon(e.T("rb.addRow"), theme.ContentAddIcon(), s.onAddRow)
	s.deleteBtn = widget.NewButtonWithIcon(e.T("rb.deleteRow"), theme.ContentRemoveIcon(), s.onDeleteRow)
	s.pasteBtn = widget.NewButtonWithIcon(e.T("rb.pasteRows"), theme.ContentPasteIcon(), s.onPasteRows)
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.problems = widget.NewLabel("")
	s.problems.Wrapping = fyne.TextWrapWord
	s.problems.Importance = widget.DangerImportance
	s.problems.Hide()
	s.table = widget.NewTableWithHeaders(s.length, func() fyne.CanvasObject {
		c := newRBCell(s)
		s.cells = append(s.cells, c)
		return c.view
	}, s.updateCell)
	s.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		switch sh := s.currentSheet(); {
		case id.Row < 0 && sh != nil && id.Col >= 0 && id.Col < len(sh.Rows[0]):
			l.SetText(e.columnText(sh.Rows[0][id.Col]))
		case id.Col < 0:
			l.SetText(fmt.Sprint(id.Row + 2)) // the workbook's row: its header is row 1
		default:
			l.SetText("")
		}
	}
	s.versionList = widget.NewList(func() int { return len(s.versions) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(s.versionText(s.versions[i]))
		})
	s.versionList.OnSelected = func(i widget.ListItemID) {
		if i < len(s.versions) {
			s.openVersion(s.versions[i].ID)
		}
	}
	s.bannerText = widget.NewLabel("")
	s.bannerText.Wrapping = fyne.TextWrapWord
	s.bannerText.Importance = widget.WarningImportance
	s.rollBackBtn = widget.NewButtonWithIcon(e.T("rb.rollBack"), theme.HistoryIcon(), s.onRollBack)
	s.rollBackBtn.Importance = widget.HighImportance
	back := widget.NewButtonWithIcon(e.T("rb.backToCurrent"), theme.NavigateBackIcon(), s.backToCurrent)
	s.banner = container.NewBorder(nil, nil, nil, container.NewHBox(s.rollBackBtn, back), s.bannerText)
	s.banner.Hide()
	help := widget.NewLabel(e.T("rb.sheetHelp"))
	help.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(e.T("rb.sheet")), s.sheetPicker(labels)), buttons),
		container.NewBorder(nil, nil, container.NewHBox(s.addBtn, s.deleteBtn, s.pasteBtn), nil, help),
		s.banner,
		s.status,
		s.problems)
	versions := container.NewBorder(widget.NewLabelWithStyle(e.T("rb.versions"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, s.versionList)
	split := container.NewHSplit(s.table, versions)
	split.Offset = 0.72
	s.sheetSel.SetSelectedIndex(indexOf(names, s.sheet))
	s.load()
	return container.NewBorder(top, nil, nil, nil, split)
}

// sheetPicker is the sheet picker wide enough for the longest sheet name.
func (s *rateBookScreen) sheetPicker(labels []string) fyne.CanvasObject {
	w := float32(0)
	for _, l := range labels {
		w = max(w, fyne.MeasureText(l, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	h := s.sheetSel.MinSize().Height
	return container.NewGridWrap(fyne.NewSize(w+4*theme.InnerPadding()+theme.IconInlineSize(), h), s.sheetSel)
}

// versionText is a line of the versions list.
func (s *rateBookScreen) versionText(v store.RateBookVersion) string {
	t := fmt.Sprintf("#%d  %s  %s", v.ID, v.ImportedAt.Local().Format("2006-01-02 15:04"), s.e.sourceText(v.Source))
	if v.ID == s.version.ID {
		t += "  · " + s.e.T("rb.currentTag")
	}
	return t
}

// shown is the rate book on the screen: the version open, or the current one.
func (s *rateBookScreen) shown() []ingest.Sheet {
	if s.viewing != nil {
		return s.viewBook
	}
	return s.book
}

func (s *rateBookScreen) currentSheet() *ingest.Sheet {
	book := s.shown()
	for i := range book {
		if book[i].Name == s.sheet {
			return &book[i]
		}
	}
	return nil
}

// sizeColumns fits each column of the sheet to its header and widest cell.
func (s *rateBookScreen) sizeColumns() {
	sh := s.currentSheet()
	if sh == nil || s.table == nil {
		return
	}
	size := theme.TextSize()
	pad := 2*theme.InnerPadding() + 2*theme.Padding() + 8
	for c := range sh.Rows[0] {
		w := fyne.MeasureText(s.e.columnText(sh.Rows[0][c]), size, fyne.TextStyle{Bold: true}).Width
		for _, r := range sh.Rows[1:] {
			if c < len(r) {
				w = max(w, fyne.MeasureText(r[c], size, fyne.TextStyle{}).Width)
			}
		}
		s.table.SetColumnWidth(c, min(320, max(w+pad, 64)))
	}
	s.table.SetColumnWidth(-1, fyne.MeasureText("0000", size, fyne.TextStyle{Bold: true}).Width+2*theme.InnerPadding())
}

func (s *rateBookScreen) length() (int, int) {
	sh := s.currentSheet()
	if sh == nil {
		return 0, 0
	}
	return len(sh.Rows) - 1, len(sh.Rows[0])
}

// stored is the text of cell k in the rate book shown.
func (s *rateBookScreen) stored(k rbKey) string {
	book := s.shown()
	for _, sh := range book {
		if sh.Name == k.sheet && k.row < len(sh.Rows) && k.col < len(sh.Rows[k.row]) {
			return sh.Rows[k.row][k.col]
		}
	}
	return ""
}

func (s *rateBookScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	k := rbKey{sheet: s.sheet, row: id.Row + 1, col: id.Col}
	text, reason := s.stored(k), ""
	if s.viewing == nil {
		if d, ok := s.drafts[k]; ok {
			text = d
		}
		if r, ok := s.refused[k]; ok && r.text == text {
			reason = r.reason
		}
	}
	o.(*fyne.Container).Objects[0].(*rbCell).bind(k, text, reason, s.viewing != nil)
}

// load reads the current rate book and the versions.
func (s *rateBookScreen) load() { s.loadKeeping(false) }

// reload reads them again after a change made elsewhere (Settings, an import),
// keeping what the status line says.
func (s *rateBookScreen) reload() { s.loadKeeping(true) }

// loadKeeping reads the current rate book and the versions; keep leaves the
// status line as it is. An earlier version open stays open.
func (s *rateBookScreen) loadKeeping(keep bool) {
	var view ops.RateBookView
	s.e.latest(&s.loading, func(ctx context.Context) error {
		var err error
		view, err = s.rb.RateBookView(ctx)
		return err
	}, func(err error) {
		s.versions, s.book = view.Versions, view.Sheets
		if err == nil {
			s.version = view.Version
		}
		s.sizeColumns()
		s.table.Refresh()
		s.versionList.Refresh()
		s.showBanner()
		if keep && err == nil {
			return
		}
		if errors.Is(err, ops.ErrNoRateBook) {
			// on this screen, its own words: the way to a rate book is here
			s.status.SetText(s.e.T("rb.none"))
			return
		}
		if err != nil {
			s.status.SetText(s.e.explain(err))
			return
		}
		v := view.Version
		s.status.SetText(s.e.Tf("rb.current", v.ID, v.ImportedAt.Local().Format("2006-01-02 15:04"), s.e.sourceText(v.Source)))
	})
}

// typed keeps what was typed in cell k until it is stored.
func (s *rateBookScreen) typed(k rbKey, text string) {
	if s.viewing != nil {
		return
	}
	if text == s.stored(k) {
		delete(s.drafts, k)
		return
	}
	s.drafts[k] = text
}

func (s *rateBookScreen) focused(k rbKey) {
	s.focus, s.hasFocus = k, true
}

// discard puts the stored value back in cell k (Esc).
func (s *rateBookScreen) discard(k rbKey) {
	delete(s.drafts, k)
	delete(s.refused, k)
	s.showProblems()
	s.table.Refresh()
}

// commit stores what was typed in cell k, if it differs from what is stored and
// was not refused as it is. One change is saved at a time: the others wait for it.
func (s *rateBookScreen) commit(k rbKey) {
	text, ok := s.drafts[k]
	if !ok || s.viewing != nil || s.saving != nil {
		return
	}
	if r, ok := s.refused[k]; ok && r.text == text {
		return
	}
	base := s.version.ID
	s.apply(func(ctx context.Context) (ops.RateBookResult, error) {
		return s.rb.EditRateBook(ctx, ops.RateBookEdit{Base: base,
			Cells: []reports.CellEdit{{Sheet: k.sheet, Row: k.row, Col: k.col, Value: text}}})
	}, func(res ops.RateBookResult) string {
		if s.drafts[k] == text {
			delete(s.drafts, k)
		}
		delete(s.refused, k)
		return s.e.Tf("rb.saved", res.Version.ID)
	}, func(err error) {
		if errors.Is(err, ops.ErrStaleRateBook) {
			s.problemsOf(err) // not the text's fault: Enter sends it again on the new version
			return
		}
		s.refused[k] = refused{text: text, reason: s.reason(err)}
		s.problemsOf(err)
		s.status.SetText(s.e.Tf("rb.cellRefused", s.where(k), s.stored(k)))
	})
}

// saveEdit stores value in cell (row, col) of sheet as if typed there.
func (s *rateBookScreen) saveEdit(sheet string, row, col int, value string) {
	k := rbKey{sheet: sheet, row: row, col: col}
	s.typed(k, value)
	s.commit(k)
}

// next stores the next cell typed but not yet stored, other than the one being
// typed in.
func (s *rateBookScreen) next() {
	for k, text := range s.drafts {
		if r, ok := s.refused[k]; (ok && r.text == text) || (s.hasFocus && k == s.focus) {
			continue
		}
		s.commit(k)
		return
	}
}

// apply runs a change of the rate book in the background: on success says what
// ok returns and reloads; on failure calls refuse and lists the problems.
func (s *rateBookScreen) apply(work func(ctx context.Context) (ops.RateBookResult, error), ok func(ops.RateBookResult) string, refuse func(error)) {
	e := s.e
	before := s.status.Text
	s.status.SetText(e.T("rb.saving"))
	var res ops.RateBookResult
	s.saving = e.start(func(ctx context.Context) error {
		var err error
		res, err = work(ctx)
		return err
	}, func(err error) {
		s.saving = nil
		if errors.Is(err, context.Canceled) {
			s.status.SetText(before)
			return
		}
		if err != nil {
			s.status.SetText(before)
			s.refusal = err
			if errors.Is(err, ops.ErrStaleRateBook) {
				s.loadKeeping(true) // changed elsewhere: show it as it is now
			}
			refuse(err)
			s.table.Refresh()
			return
		}
		s.version = res.Version
		s.refusal = nil
		s.problemsOf(nil)
		msg := ok(res)
		if res.Same {
			msg = e.T("rb.same")
		}
		s.loadKeeping(true)
		s.status.SetText(msg)
		if !res.Same {
			e.changed()
		}
		s.next()
	})
}

// reason is why a change was refused, in a sentence (the problems list says
// where).
func (s *rateBookScreen) reason(err error) string {
	var rbErr *ingest.RateBookError
	if errors.As(err, &rbErr) {
		ps := s.cellProblems(rbErr)
		if len(ps) > 0 {
			return ps[0].reason
		}
	}
	return s.explain(err)
}

// explain is a refused change's reason in the seller's words.
func (s *rateBookScreen) explain(err error) string {
	e := s.e
	switch {
	case errors.Is(err, ops.ErrStaleRateBook):
		return e.T("rb.stale")
	case errors.Is(err, ops.ErrKeptRows):
		return e.T("rb.keptRows")
	case errors.Is(err, ops.ErrEmptyRows):
		return e.T("rb.emptyRows")
	}
	return e.explain(err)
}

// problemsOf lists, above the table, where and why the change err refused is
// wrong (nil: the refused cells still typed, if any).
func (s *rateBookScreen) problemsOf(err error) {
	if err == nil {
		s.showProblems()
		return
	}
	var rbErr *ingest.RateBookError
	text := s.explain(err)
	if errors.As(err, &rbErr) {
		text = s.problemText(err)
	}
	s.problems.SetText(text)
	s.problems.Show()
}

// showProblems lists the cells whose typed text was refused, or hides the list.
func (s *rateBookScreen) showProblems() {
	text := ""
	for k, r := range s.refused {
		if s.drafts[k] == r.text {
			if text != "" {
				text += "\n"
			}
			text += s.e.Tf("rb.problem", s.where(k), r.reason)
		}
	}
	s.problems.SetText(text)
	s.problems.Hidden = text == ""
	s.problems.Refresh()
}

func (s *rateBookScreen) onImportDialog() {
	s.e.askOpen([]string{".xlsx"}, s.onImport)
}

// onImport reads a rate-book workbook and stores it as a new version.
func (s *rateBookScreen) onImport(path string) {
	s.apply(func(ctx context.Context) (ops.RateBookResult, error) { return s.rb.ImportRateBook(ctx, path) },
		func(res ops.RateBookResult) string { return s.e.Tf("rb.saved", res.Version.ID) },
		s.e.fail)
}

func (s *rateBookScreen) onTemplateDialog() {
	e := s.e
	e.askSave(e.T("setup.templateFile"), func(path string) {
		e.start(func(ctx context.Context) error { return s.saveTemplate(path) }, func(err error) {
			if err != nil {
				e.fail(err)
				return
			}
			s.status.SetText(e.Tf("rb.templateSaved", path))
		})
	})
}

func (s *rateBookScreen) onExportDialog() {
	s.e.askSave("ratebook.xlsx", s.onExport)
}

// onExport writes the current rate book to path.
func (s *rateBookScreen) onExport(path string) {
	e := s.e
	e.start(func(ctx context.Context) error { return s.rb.ExportRateBook(ctx, path) }, func(err error) {
		if err != nil {
			e.fail(err)
			return
		}
		s.status.SetText(e.Tf("rb.exported", path))
	})
}

func (s *rateBookScreen) stop() {
	s.loading.Cancel()
	s.saving.Cancel()
}
