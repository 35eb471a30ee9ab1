package ui

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/ingest"
)

// importOptions are the choices of an import's layout step, as every file import
// of the window takes them (ingest.OrderOptions, ingest.InvoiceOptions).
type importOptions struct {
	Name      string
	Format    int // index of the layout choice; 0: detect from the header
	DateOrder ingest.DateOrder
	Map, Set  map[string]string // field → header, field → value; nil without the mapping step
}

// previewColumn is a column of an import's preview table.
type previewColumn struct {
	key   string // header message key
	width float32
}

// importShown is a preview as the import flow shows it.
type importShown struct {
	header []string
	rows   [][]string // the table's rows, one cell per preview column
	// guess is, per field, the header the reader found it in ("=value": a value
	// for every row): the mapping step's first choices. A field without one is
	// guessed by its name.
	guess map[string]string
	// problem is why the file cannot be imported as it is, which the mapping step
	// fixes; "" when it can be imported.
	problem string
	message string // the layout found and what the preview holds (no problem)
	// raw are the file's first rows as they are, under header (rawLines: their
	// lines): the mapping step shows them beside the fields.
	raw      [][]string
	rawLines []int
	// missing are the required fields with neither a column nor a value: the
	// mapping step marks them.
	missing []string
	// remembered: the preview used the mapping an earlier import of this header
	// layout confirmed (guess holds it); the mapping step shows it, ready to import.
	remembered bool
}

// importReport is what an import did, as the flow says it.
type importReport struct {
	text         string
	rejectedFile string // "" when nothing was rejected
	changed      bool   // the database changed
}

// importKind is what one kind of file (orders, carrier invoices) gives the import
// flow: its layouts and fields, its preview and its import. preview and run run
// off the UI goroutine; show and report on it.
type importKind[P, R any] struct {
	exts      []string
	formats   []string // message keys of the layout choices, indexed by format (0: detect)
	fields    []string // the fields the mapping step offers a column for
	constants []string // the fields it offers a value for every row for
	columns   []previewColumn
	preview   func(ctx context.Context, path string, opt importOptions) (P, error)
	show      func(p *P) importShown
	run       func(ctx context.Context, path string, opt importOptions, progress func(float64)) (R, error)
	report    func(r *R) importReport
}

// importFlow is the steps every file import of the window goes through: choose a
// file, detect its layout or map its columns, preview its first rows and rejected
// rows, import with progress and Cancel, then the result and the rejected-rows
// file. The Import screen (orders) and the Invoices screen's import (carrier
// invoices) are each one, over their importKind.
type importFlow[P, R any] struct {
	e    *env
	kind importKind[P, R]
	// before and after, if set, run as an import starts and once it succeeded.
	before func()
	after  func(r *importReport)
	// above, if set, is shown above the title; chosen, if set, runs when a file
	// was chosen.
	above  fyne.CanvasObject
	chosen func()

	path    string
	preview *P
	outcome *R
	report  importReport
	working *task

	fileLabel  *widget.Label
	formatSel  *widget.Select
	datesSel   *widget.Select
	mapBox     *fyne.Container
	rawBox     *fyne.Container // the file's first rows, beside the mapping
	rawTbl     *widget.Table
	rawHeader  []string
	raw        [][]string
	rawLines   []int
	mapSels    map[string]*widget.Select
	mapLabels  map[string]*widget.Label
	setEntries map[string]*widget.Entry
	previewTbl *widget.Table
	rowDetail  *widget.Label // the selected preview row in full
	previewMsg *widget.Label
	importBtn  *widget.Button
	cancelBtn  *widget.Button
	progress   binding.Float
	bar        *widget.ProgressBar
	result     *widget.Label
	openRej    *widget.Button
	rows       [][]string
}

func newImportFlow[P, R any](e *env, kind importKind[P, R]) *importFlow[P, R] {
	return &importFlow[P, R]{e: e, kind: kind}
}

// layout builds the flow's widgets under a title ("": none, a dialog has its own)
// and a help text; actions are buttons shown beside Open rejected rows once an
// import is done.
func (s *importFlow[P, R]) layout(title, help string, actions ...fyne.CanvasObject) fyne.CanvasObject {
	e := s.e
	choose := widget.NewButtonWithIcon(e.T("import.choose"), theme.FolderOpenIcon(), s.onChoose)
	choose.Importance = widget.HighImportance
	s.fileLabel = widget.NewLabel(e.T("import.noFile"))
	s.fileLabel.Truncation = fyne.TextTruncateEllipsis
	s.formatSel = widget.NewSelect(translated(e, s.kind.formats), func(string) { s.onOptionsChanged() })
	s.formatSel.SetSelectedIndex(0)
	s.datesSel = widget.NewSelect(translated(e, dateKeys), func(string) { s.onOptionsChanged() })
	s.datesSel.SetSelectedIndex(0)
	s.mapSels = map[string]*widget.Select{}
	s.setEntries = map[string]*widget.Entry{}
	s.mapBox = container.NewGridWithColumns(4)
	s.mapBox.Hide()
	s.rawTbl = s.rawTable()
	s.rawBox = container.New(minHeight{rawTableHeight}, s.rawTbl)
	s.rawBox.Hide()
	s.previewMsg = widget.NewLabel("")
	s.previewMsg.Wrapping = e.wrapping()
	columns := s.kind.columns
	s.previewTbl = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.rows), len(columns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < len(s.rows) && id.Col < len(s.rows[id.Row]) {
				o.(*widget.Label).SetText(s.rows[id.Row][id.Col])
			}
		})
	s.previewTbl.ShowHeaderColumn = false
	// The table cuts long texts; the selected row is said in full below it.
	s.rowDetail = widget.NewLabel("")
	s.rowDetail.Wrapping = fyne.TextWrapWord
	s.rowDetail.Hide()
	s.previewTbl.OnSelected = func(id widget.TableCellID) {
		s.rowDetail.SetText(s.rowText(id.Row))
		s.rowDetail.Show()
	}
	s.previewTbl.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	s.previewTbl.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(columns) {
			o.(*widget.Label).SetText(e.T(columns[id.Col].key))
		}
	}
	for i, c := range columns {
		s.previewTbl.SetColumnWidth(i, c.width)
	}
	s.importBtn = widget.NewButtonWithIcon(e.T("import.run"), theme.UploadIcon(), s.onImport)
	s.importBtn.Importance = widget.HighImportance
	s.importBtn.Disable()
	s.cancelBtn = widget.NewButton(e.T("action.cancel"), func() { s.working.Cancel() })
	s.cancelBtn.Hide()
	s.progress = binding.NewFloat()
	s.bar = widget.NewProgressBarWithData(s.progress)
	s.bar.Hide()
	s.result = widget.NewLabel("")
	s.result.Wrapping = e.wrapping()
	s.openRej = widget.NewButtonWithIcon(e.T("import.openRejected"), theme.DocumentIcon(), s.onOpenRejected)
	s.openRej.Hide()

	helpLabel := widget.NewLabel(help)
	helpLabel.Wrapping = e.wrapping()
	head := container.NewVBox()
	if s.above != nil {
		head.Add(s.above)
	}
	if title != "" {
		head.Add(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	head.Objects = append(head.Objects, helpLabel,
		container.NewBorder(nil, nil, choose, nil, s.fileLabel),
		container.NewGridWithColumns(2,
			container.NewBorder(nil, nil, widget.NewLabel(e.T("import.format")), nil, s.formatSel),
			container.NewBorder(nil, nil, widget.NewLabel(e.T("import.dates")), nil, s.datesSel)),
		s.mapBox,
		s.rawBox,
		s.previewMsg,
	)
	foot := container.NewVBox(
		s.rowDetail,
		container.NewBorder(nil, nil, nil, container.NewHBox(s.cancelBtn, s.importBtn), s.bar),
		s.result,
		container.NewHBox(append([]fyne.CanvasObject{s.openRej}, actions...)...),
	)
	return container.NewBorder(head, foot, nil, nil, s.previewTbl)
}

// rawTableHeight is the height of the file's first rows in the mapping step: a
// header and about five rows.
const rawTableHeight = 200

// rawTable shows the file's first rows as they are: a column per header, titled
// with the header and the field the mapping reads from it.
func (s *importFlow[P, R]) rawTable() *widget.Table {
	e := s.e
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(s.raw), len(s.rawHeader) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			text := ""
			if id.Row < len(s.raw) && id.Col < len(s.raw[id.Row]) {
				text = s.raw[id.Row][id.Col]
			}
			o.(*widget.Label).SetText(text)
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		switch {
		case id.Row < 0 && id.Col >= 0 && id.Col < len(s.rawHeader):
			h := s.rawHeader[id.Col]
			if f := s.fieldOf(h); f != "" {
				h = e.Tf("import.rawColumn", h, e.T("field."+f))
			}
			l.SetText(h)
		default:
			l.SetText("")
		}
	}
	t.OnSelected = func(id widget.TableCellID) {
		// a cut cell, in full below the table
		if id.Row >= 0 && id.Row < len(s.raw) && id.Col >= 0 && id.Col < len(s.raw[id.Row]) && id.Col < len(s.rawHeader) && id.Row < len(s.rawLines) {
			s.rowDetail.SetText(e.Tf("import.cell", s.rawLines[id.Row], s.rawHeader[id.Col], s.raw[id.Row][id.Col]))
			s.rowDetail.Show()
		}
	}
	return t
}

// fieldOf is the field the mapping step reads from header h ("": none).
func (s *importFlow[P, R]) fieldOf(h string) string {
	for _, f := range s.kind.fields {
		if sel := s.mapSels[f]; sel != nil && sel.SelectedIndex() > 0 && sel.Selected == h {
			return f
		}
	}
	return ""
}

// showRaw shows the file's first rows beside the mapping step, their columns as
// wide as their header and cells.
func (s *importFlow[P, R]) showRaw(sh *importShown) {
	s.rawHeader, s.raw, s.rawLines = sh.header, sh.raw, sh.rawLines
	if len(s.raw) == 0 {
		s.rawBox.Hide() // (a file whose rows the preview does not give)
		return
	}
	size := theme.TextSize()
	for c, h := range s.rawHeader {
		w := fyne.MeasureText(h, size, fyne.TextStyle{Bold: true}).Width
		if f := s.fieldOf(h); f != "" {
			w = fyne.MeasureText(s.e.Tf("import.rawColumn", h, s.e.T("field."+f)), size, fyne.TextStyle{Bold: true}).Width
		}
		for _, r := range s.raw {
			if c < len(r) {
				w = max(w, fyne.MeasureText(r[c], size, fyne.TextStyle{}).Width)
			}
		}
		s.rawTbl.SetColumnWidth(c, min(260, w+2*theme.InnerPadding()+8))
	}
	s.rawTbl.Refresh()
	s.rawBox.Show()
}

// minHeight lays its objects over each other, at least h high.
type minHeight struct{ h float32 }

func (m minHeight) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var size fyne.Size
	for _, o := range objects {
		size = size.Max(o.MinSize())
	}
	return fyne.NewSize(size.Width, max(size.Height, m.h))
}

func (m minHeight) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

// rowText is preview row i in full: its cells that say something, one after the
// other.
func (s *importFlow[P, R]) rowText(i int) string {
	if i < 0 || i >= len(s.rows) {
		return ""
	}
	var parts []string
	for _, c := range s.rows[i] {
		if c != "" {
			parts = append(parts, c)
		}
	}
	return strings.Join(parts, " · ")
}

// onChoose opens the file dialog.
func (s *importFlow[P, R]) onChoose() {
	s.e.askOpen(s.kind.exts, s.onFile)
}

// onFile starts with a newly chosen file: detect its layout and preview it.
func (s *importFlow[P, R]) onFile(path string) {
	s.path = path
	s.fileLabel.SetText(path)
	if s.chosen != nil {
		s.chosen()
	}
	s.mapBox.Hide() // a new file has its own columns
	s.rawBox.Hide()
	s.formatSel.SetSelectedIndex(0) // detect; triggers onOptionsChanged
	s.onOptionsChanged()
}

// options collects the import options from the widgets.
func (s *importFlow[P, R]) options() importOptions {
	opt := importOptions{Name: filepath.Base(s.path), Format: max(0, s.formatSel.SelectedIndex()),
		DateOrder: ingest.DateOrder(max(0, s.datesSel.SelectedIndex()))}
	if !s.mapBox.Hidden {
		opt.Map, opt.Set = map[string]string{}, map[string]string{}
		for f, sel := range s.mapSels {
			if i := sel.SelectedIndex(); i > 0 {
				opt.Map[f] = sel.Options[i]
			}
		}
		for f, en := range s.setEntries {
			if v := strings.TrimSpace(en.Text); v != "" {
				opt.Set[f] = v
			}
		}
	}
	return opt
}

// onOptionsChanged previews the file under the current options.
func (s *importFlow[P, R]) onOptionsChanged() {
	if s.path == "" || s.previewMsg == nil {
		return
	}
	opt, path := s.options(), s.path
	var p P
	s.previewMsg.SetText(s.e.T("import.reading"))
	s.importBtn.Disable()
	s.e.latest(&s.working, func(ctx context.Context) error {
		var err error
		p, err = s.kind.preview(ctx, path, opt)
		return err
	}, func(err error) {
		if err != nil {
			s.previewMsg.SetText("")
			s.e.fail(err)
			return
		}
		s.showPreview(&p)
	})
}

// showPreview shows the detected layout, the mapping step if needed, and the rows.
func (s *importFlow[P, R]) showPreview(p *P) {
	e := s.e
	s.preview = p
	sh := s.kind.show(p)
	s.rows = sh.rows
	s.rowDetail.SetText("")
	s.rowDetail.Hide()
	s.previewTbl.Refresh()
	defer s.markMissing(sh.missing)
	if sh.problem != "" {
		s.showMapping(sh.header, sh.guess)
		s.showRaw(&sh)
		s.previewMsg.SetText(e.T("import.needMapping") + " " + sh.problem)
		return
	}
	if sh.remembered {
		// the mapping kept for this layout: shown, and ready to import
		s.showMapping(sh.header, sh.guess)
		s.showRaw(&sh)
		s.previewMsg.SetText(e.T("import.rememberedMapping") + " " + sh.message)
		s.importBtn.Enable()
		return
	}
	if !s.mapBox.Hidden {
		s.showRaw(&sh) // the columns as mapped now
	}
	s.previewMsg.SetText(sh.message)
	s.importBtn.Enable()
}

// showMapping builds the column-mapping step for a file's header (once per file):
// each field's column, first the one the reader found (its guess by name, or the
// mapping kept for the layout), and a value for every row of the constant fields.
func (s *importFlow[P, R]) showMapping(header []string, guess map[string]string) {
	e := s.e
	if !s.mapBox.Hidden && len(s.mapSels) > 0 {
		return
	}
	s.mapBox.RemoveAll()
	s.mapSels = map[string]*widget.Select{}
	s.mapLabels = map[string]*widget.Label{}
	s.setEntries = map[string]*widget.Entry{}
	choices := append([]string{e.T("import.noColumn")}, header...)
	for _, f := range s.kind.fields {
		sel := widget.NewSelect(choices, nil)
		col, ok := guess[f]
		if !ok {
			col = ingest.GuessColumn(f, header) // the reader found none: by its name
		}
		if strings.HasPrefix(col, "=") {
			col = ""
		}
		sel.SetSelectedIndex(indexOf(header, col) + 1)
		sel.OnChanged = func(string) { s.onOptionsChanged() } // (the first choice previews nothing)
		s.mapSels[f] = sel
		s.mapLabels[f] = widget.NewLabel(e.T("field." + f))
		s.mapBox.Add(s.mapLabels[f])
		s.mapBox.Add(sel)
	}
	for _, f := range s.kind.constants {
		en := widget.NewEntry()
		en.SetPlaceHolder(e.T("import.constant"))
		if v, ok := strings.CutPrefix(guess[f], "="); ok {
			en.SetText(v)
		}
		en.OnSubmitted = func(string) { s.onOptionsChanged() }
		s.setEntries[f] = en
		s.mapBox.Add(widget.NewLabel(e.Tf("import.setField", e.T("field."+f))))
		s.mapBox.Add(en)
	}
	s.mapBox.Show()
}

// markMissing marks the mapping step's required fields that have neither a
// column nor a value.
func (s *importFlow[P, R]) markMissing(missing []string) {
	for f, l := range s.mapLabels {
		text, imp := s.e.T("field."+f), widget.MediumImportance
		if slices.Contains(missing, f) {
			text, imp = s.e.Tf("import.required", text), widget.DangerImportance
		}
		if l.Text != text || l.Importance != imp {
			l.Text, l.Importance = text, imp
			l.Refresh()
		}
	}
}

// onImport imports the file with progress and cancel.
func (s *importFlow[P, R]) onImport() {
	e := s.e
	if s.path == "" {
		return
	}
	s.working.Cancel()
	opt, path := s.options(), s.path
	var out R
	_ = s.progress.Set(0)
	s.bar.Show()
	s.cancelBtn.Show()
	s.importBtn.Disable()
	s.result.SetText(e.T("import.importing"))
	s.openRej.Hide()
	if s.before != nil {
		s.before()
	}
	s.working = e.start(func(ctx context.Context) error {
		var err error
		out, err = s.kind.run(ctx, path, opt, func(v float64) { _ = s.progress.Set(v) })
		return err
	}, func(err error) {
		s.working = nil
		s.bar.Hide()
		s.cancelBtn.Hide()
		s.importBtn.Enable()
		if errors.Is(err, context.Canceled) {
			s.result.SetText(e.T("import.cancelled"))
			return
		}
		if err != nil {
			s.result.SetText("")
			e.fail(err)
			return
		}
		s.outcome = &out
		s.report = s.kind.report(&out)
		s.result.SetText(s.report.text)
		if s.report.rejectedFile != "" {
			s.openRej.Show()
		}
		if s.after != nil {
			s.after(&s.report)
		}
		if s.report.changed {
			e.changed()
		}
	})
}

// onOpenRejected opens the rejected-rows file in the system's spreadsheet app.
func (s *importFlow[P, R]) onOpenRejected() {
	if s.outcome == nil || s.report.rejectedFile == "" {
		return
	}
	s.e.open(s.report.rejectedFile)
}

func (s *importFlow[P, R]) stop() { s.working.Cancel() }
