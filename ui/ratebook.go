package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/reports"
	"shipmode/store"
)

// rateBooks reads the rate book as its sheets' cells and stores new versions, made
// from cell edits or an imported workbook (the operations of ops).
type rateBooks interface {
	RateBookView(ctx context.Context) (ops.RateBookView, error)
	EditRateBook(ctx context.Context, e ops.RateBookEdit) (ops.RateBookResult, error)
	ImportRateBook(ctx context.Context, path string) (ops.RateBookResult, error)
	ExportRateBook(ctx context.Context, path string) error
}

// rateBookScreen shows the rate book sheet by sheet, edits a cell (saved as a new
// version after the same checks as an imported workbook), imports and exports the
// workbook, and lists the versions.
type rateBookScreen struct {
	e  *env
	rb rateBooks

	book     []ingest.Sheet
	version  store.RateBookVersion
	versions []store.RateBookVersion
	sheet    string
	loading  *task
	saving   *task

	// saveTemplate writes the rate-book template (nil: no such button).
	saveTemplate func(path string) error

	sheetSel    *widget.Select
	table       *widget.Table
	versionList *widget.List
	status      *widget.Label
}

func newRateBookScreen(e *env, rb rateBooks) *rateBookScreen {
	return &rateBookScreen{e: e, rb: rb, sheet: logistics.SheetServices}
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
		s.sizeColumns()
		s.table.UnselectAll()
		s.table.Refresh()
		s.table.ScrollToTop()
	})
	imp := widget.NewButtonWithIcon(e.T("rb.import"), theme.FolderOpenIcon(), s.onImportDialog)
	exp := widget.NewButtonWithIcon(e.T("rb.export"), theme.DocumentSaveIcon(), s.onExportDialog)
	buttons := container.NewHBox(imp, exp)
	if s.saveTemplate != nil {
		buttons.Add(widget.NewButtonWithIcon(e.T("rb.template"), theme.DocumentCreateIcon(), s.onTemplateDialog))
	}
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.table = widget.NewTableWithHeaders(s.length, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, s.updateCell)
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if sh := s.currentSheet(); sh != nil && id.Col >= 0 && id.Col < len(sh.Rows[0]) {
			o.(*widget.Label).SetText(e.columnText(sh.Rows[0][id.Col]))
		}
	}
	s.table.OnSelected = func(id widget.TableCellID) { s.onEditCell(id.Row+1, id.Col) }
	s.versionList = widget.NewList(func() int { return len(s.versions) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			v := s.versions[i]
			o.(*widget.Label).SetText(fmt.Sprintf("#%d  %s  %s", v.ID, v.ImportedAt.Local().Format("2006-01-02 15:04"), s.e.sourceText(v.Source)))
		})
	top := container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(e.T("rb.sheet")), s.sheetSel), buttons),
		widget.NewLabel(e.T("rb.help")),
		s.status)
	versions := container.NewBorder(widget.NewLabelWithStyle(e.T("rb.versions"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, s.versionList)
	split := container.NewHSplit(s.table, versions)
	split.Offset = 0.78
	s.sheetSel.SetSelectedIndex(indexOf(names, s.sheet))
	s.load()
	return container.NewBorder(top, nil, nil, nil, split)
}

func (s *rateBookScreen) currentSheet() *ingest.Sheet {
	for i := range s.book {
		if s.book[i].Name == s.sheet {
			return &s.book[i]
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
	pad := 2*theme.InnerPadding() + 8
	for c := range sh.Rows[0] {
		w := fyne.MeasureText(s.e.columnText(sh.Rows[0][c]), size, fyne.TextStyle{Bold: true}).Width
		for _, r := range sh.Rows[1:] {
			if c < len(r) {
				w = max(w, fyne.MeasureText(r[c], size, fyne.TextStyle{}).Width)
			}
		}
		s.table.SetColumnWidth(c, min(320, w+pad))
	}
}

func (s *rateBookScreen) length() (int, int) {
	sh := s.currentSheet()
	if sh == nil {
		return 0, 0
	}
	return len(sh.Rows) - 1, len(sh.Rows[0])
}

func (s *rateBookScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	sh := s.currentSheet()
	if sh == nil || id.Row+1 >= len(sh.Rows) {
		l.SetText("")
		return
	}
	r := sh.Rows[id.Row+1]
	if id.Col < len(r) {
		l.SetText(r[id.Col])
	} else {
		l.SetText("")
	}
}

// load reads the current rate book and the versions.
func (s *rateBookScreen) load() { s.loadKeeping(false) }

// reload reads them again after a change made elsewhere (Settings, an import),
// keeping what the status line says.
func (s *rateBookScreen) reload() { s.loadKeeping(true) }

// loadKeeping reads the current rate book and the versions; keep leaves the
// status line as it is.
func (s *rateBookScreen) loadKeeping(keep bool) {
	s.loading.Cancel()
	var view ops.RateBookView
	var t *task
	t = s.e.start(func(ctx context.Context) error {
		var err error
		view, err = s.rb.RateBookView(ctx)
		return err
	}, func(err error) {
		if t != s.loading {
			return
		}
		s.loading = nil
		s.versions, s.book = view.Versions, view.Sheets
		s.sizeColumns()
		s.table.Refresh()
		s.versionList.Refresh()
		if keep && err == nil {
			s.version = view.Version
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
		s.version = v
		s.status.SetText(s.e.Tf("rb.current", v.ID, v.ImportedAt.Local().Format("2006-01-02 15:04"), s.e.sourceText(v.Source)))
	})
	s.loading = t
}

// onEditCell asks for a new value of a cell (row counts the header as 0).
func (s *rateBookScreen) onEditCell(row, col int) {
	e := s.e
	sh := s.currentSheet()
	if sh == nil || row >= len(sh.Rows) || col >= len(sh.Rows[0]) {
		return
	}
	old := ""
	if col < len(sh.Rows[row]) {
		old = sh.Rows[row][col]
	}
	entry := widget.NewEntry()
	entry.SetText(old)
	sheet := s.sheet
	id := sh.Rows[0][col]
	label := e.Tf("rb.editCell", e.sheetText(sheet), row+1, e.Tf("rb.editColumn", e.columnText(id), id))
	d := dialog.NewForm(e.T("rb.editTitle"), e.T("action.save"), e.T("action.cancel"),
		[]*widget.FormItem{widget.NewFormItem(label, entry)}, func(ok bool) {
			s.table.UnselectAll()
			if ok && entry.Text != old {
				s.saveEdit(sheet, row, col, entry.Text)
			}
		}, e.win)
	entry.OnSubmitted = func(string) { d.Submit() } // Enter saves, as in a spreadsheet
	// wide enough to read and edit a note or a list of weekdays, not a few letters
	d.Resize(fyne.NewSize(max(d.MinSize().Width, 480), d.MinSize().Height))
	d.Show()
	e.win.Canvas().Focus(entry)
}

// saveEdit changes one cell and stores the result as a new version if it passes.
func (s *rateBookScreen) saveEdit(sheet string, row, col int, value string) {
	base := s.version.ID
	s.save(func(ctx context.Context) (ops.RateBookResult, error) {
		return s.rb.EditRateBook(ctx, ops.RateBookEdit{Base: base,
			Cells: []reports.CellEdit{{Sheet: sheet, Row: row, Col: col, Value: value}}})
	})
}

// save stores a new version in the background and reloads.
func (s *rateBookScreen) save(store func(ctx context.Context) (ops.RateBookResult, error)) {
	e := s.e
	before := s.status.Text // said again when nothing is saved
	s.status.SetText(e.T("rb.saving"))
	var res ops.RateBookResult
	s.saving = e.start(func(ctx context.Context) error {
		var err error
		res, err = store(ctx)
		return err
	}, func(err error) {
		s.saving = nil
		if err != nil {
			s.status.SetText(before)
			e.fail(err)
			return
		}
		s.loadKeeping(true)
		s.status.SetText(e.Tf("rb.saved", res.Version.ID))
		e.changed()
	})
}

func (s *rateBookScreen) onImportDialog() {
	s.e.askOpen([]string{".xlsx"}, s.onImport)
}

// onImport reads a rate-book workbook and stores it as a new version.
func (s *rateBookScreen) onImport(path string) {
	s.save(func(ctx context.Context) (ops.RateBookResult, error) { return s.rb.ImportRateBook(ctx, path) })
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
