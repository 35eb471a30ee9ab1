package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
)

// importPreview is what a file looks like under some import options: its layout,
// header and first orders and rejected rows, and the Problem the mapping step fixes.
type importPreview = ops.Preview

// importOutcome is the account of an import.
type importOutcome struct {
	File                         string
	Format                       ingest.Format
	RowsRead, RowsImported       int
	Orders                       int
	Inserted, Updated, Unchanged int
	Cancelled                    int
	Rejected                     int
	RejectedFile                 string               // written next to the input; "" when nothing was rejected
	Notes                        []logistics.Sentence // how the file was read (dates, split orders, named lines)
}

// orderImporter reads order files (ingest) into the store.
type orderImporter interface {
	PreviewOrders(ctx context.Context, path string, opt ingest.OrderOptions) (importPreview, error)
	ImportOrders(ctx context.Context, path string, opt ingest.OrderOptions, progress func(float64)) (importOutcome, error)
}

// previewOrders is how many orders the preview shows.
const previewOrders = 20

// dateKeys are the date-order choices, indexed by ingest.DateOrder (0: detect).
var dateKeys = []string{"import.datesDetect", "import.datesDMY", "import.datesMDY", "import.datesYMD"}

// formatKeys are the format choices, indexed by ingest.Format (0: detect).
var formatKeys = []string{"import.detect", "import.generic", "import.amazon", "import.amazonUnshipped", "import.ebay", "import.shopify"}

// mappedFields are the fields the mapping step offers, in order.
var mappedFields = []string{"order_ref", "marketplace", "order_date", "country", "postal_code", "sku", "qty", "unit_price", "currency", "promised_days"}

// importScreen imports order files: choose, detect or map, preview, import with
// progress, then the result with the rejected rows and an offer to plan.
type importScreen struct {
	e   *env
	imp orderImporter
	src source

	path    string
	preview *importPreview
	working *task

	fileLabel  *widget.Label
	formatSel  *widget.Select
	datesSel   *widget.Select
	mapBox     *fyne.Container
	mapSels    map[string]*widget.Select
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
	planBtn    *widget.Button
	outcome    *importOutcome
	rows       [][]string
}

func newImportScreen(e *env, src source) *importScreen {
	return &importScreen{e: e, imp: src, src: src}
}

func (s *importScreen) content() fyne.CanvasObject {
	e := s.e
	choose := widget.NewButtonWithIcon(e.T("import.choose"), theme.FolderOpenIcon(), s.onChoose)
	choose.Importance = widget.HighImportance
	s.fileLabel = widget.NewLabel(e.T("import.noFile"))
	s.formatSel = widget.NewSelect(translated(e, formatKeys), func(string) { s.onOptionsChanged() })
	s.formatSel.SetSelectedIndex(0)
	s.datesSel = widget.NewSelect(translated(e, dateKeys), func(string) { s.onOptionsChanged() })
	s.datesSel.SetSelectedIndex(0)
	s.mapSels = map[string]*widget.Select{}
	s.setEntries = map[string]*widget.Entry{}
	s.mapBox = container.NewGridWithColumns(4)
	s.mapBox.Hide()
	s.previewMsg = widget.NewLabel("")
	s.previewMsg.Wrapping = fyne.TextWrapWord
	s.previewTbl = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.rows), len(previewColumns) },
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
		if id.Col >= 0 && id.Col < len(previewColumns) {
			o.(*widget.Label).SetText(e.T(previewColumns[id.Col].key))
		}
	}
	for i, c := range previewColumns {
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
	s.result.Wrapping = fyne.TextWrapWord
	s.openRej = widget.NewButtonWithIcon(e.T("import.openRejected"), theme.DocumentIcon(), s.onOpenRejected)
	s.openRej.Hide()
	s.planBtn = widget.NewButtonWithIcon(e.T("import.plan"), theme.MediaPlayIcon(), s.onPlan)
	s.planBtn.Hide()

	head := container.NewVBox(
		widget.NewLabelWithStyle(e.T("import.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel(e.T("import.help")),
		container.NewBorder(nil, nil, choose, nil, s.fileLabel),
		container.NewGridWithColumns(2,
			container.NewBorder(nil, nil, widget.NewLabel(e.T("import.format")), nil, s.formatSel),
			container.NewBorder(nil, nil, widget.NewLabel(e.T("import.dates")), nil, s.datesSel)),
		s.mapBox,
		s.previewMsg,
	)
	foot := container.NewVBox(
		s.rowDetail,
		container.NewBorder(nil, nil, nil, container.NewHBox(s.cancelBtn, s.importBtn), s.bar),
		s.result,
		container.NewHBox(s.openRej, s.planBtn),
	)
	return container.NewBorder(head, foot, nil, nil, s.previewTbl)
}

// rowText is preview row i in full: its cells that say something, one after the
// other.
func (s *importScreen) rowText(i int) string {
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

// previewColumns are the preview table's columns.
var previewColumns = []struct {
	key   string
	width float32
}{
	{"col.line", 60}, {"col.ref", 170}, {"col.marketplace", 110}, {"col.date", 100}, {"col.country", 80},
	{"col.items", 260}, {"col.note", 360},
}

// onChoose opens the file dialog.
func (s *importScreen) onChoose() {
	s.e.askOpen([]string{".csv", ".tsv", ".txt", ".xlsx"}, s.onFile)
}

// onFile starts with a newly chosen file: detect its layout and preview it.
func (s *importScreen) onFile(path string) {
	s.path = path
	s.fileLabel.SetText(path)
	s.formatSel.SetSelectedIndex(0) // detect; triggers onOptionsChanged
	s.onOptionsChanged()
}

// options collects the import options from the widgets.
func (s *importScreen) options() ingest.OrderOptions {
	opt := ingest.OrderOptions{Name: filepath.Base(s.path), Format: ingest.Format(max(0, s.formatSel.SelectedIndex())),
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
func (s *importScreen) onOptionsChanged() {
	if s.path == "" || s.previewMsg == nil {
		return
	}
	s.working.Cancel()
	opt, path := s.options(), s.path
	var p importPreview
	s.previewMsg.SetText(s.e.T("import.reading"))
	s.importBtn.Disable()
	var t *task
	t = s.e.start(func(ctx context.Context) error {
		var err error
		p, err = s.imp.PreviewOrders(ctx, path, opt)
		return err
	}, func(err error) {
		if t != s.working {
			return
		}
		s.working = nil
		if err != nil {
			s.previewMsg.SetText("")
			s.e.fail(err)
			return
		}
		s.showPreview(&p)
	})
	s.working = t
}

// showPreview shows the detected layout, the mapping step if needed, and the rows.
func (s *importScreen) showPreview(p *importPreview) {
	e := s.e
	s.preview = p
	s.rows = s.rows[:0]
	s.rowDetail.SetText("")
	s.rowDetail.Hide()
	for _, o := range p.Orders {
		var items []string
		for _, l := range o.Lines {
			items = append(items, fmt.Sprintf("%d × %s @ %s %s", l.Qty, l.SKU, l.UnitPrice, o.Currency))
		}
		s.rows = append(s.rows, []string{"", o.Ref, o.Marketplace, o.Date.String(), o.Country, strings.Join(items, ", "), ""})
	}
	for _, r := range p.Rejected {
		s.rows = append(s.rows, []string{fmt.Sprint(r.Line), "", "", "", "", "", e.Tf("import.rejectedRow", r.Column, e.importReason(&r.Why, r.Reason))})
	}
	s.previewTbl.Refresh()
	if p.Problem != nil {
		s.showMapping(p.Header)
		s.previewMsg.SetText(e.T("import.needMapping") + " " + e.explain(p.Problem))
		return
	}
	s.previewMsg.SetText(e.Tf("import.detected", e.T(keyAt(formatKeys, int(p.Format))), len(p.Orders), len(p.Rejected)) + e.notes(p.Notes))
	s.importBtn.Enable()
}

// showMapping builds the column-mapping step for a file's header (once per file).
func (s *importScreen) showMapping(header []string) {
	e := s.e
	if !s.mapBox.Hidden && len(s.mapSels) > 0 {
		return
	}
	s.mapBox.RemoveAll()
	s.mapSels = map[string]*widget.Select{}
	s.setEntries = map[string]*widget.Entry{}
	choices := append([]string{e.T("import.noColumn")}, header...)
	for _, f := range mappedFields {
		sel := widget.NewSelect(choices, func(string) { s.onOptionsChanged() })
		sel.SetSelectedIndex(indexOf(header, guessColumn(f, header)) + 1)
		s.mapSels[f] = sel
		s.mapBox.Add(widget.NewLabel(e.T("field." + f)))
		s.mapBox.Add(sel)
	}
	for _, f := range []string{"marketplace", "currency"} {
		en := widget.NewEntry()
		en.SetPlaceHolder(e.T("import.constant"))
		en.OnSubmitted = func(string) { s.onOptionsChanged() }
		s.setEntries[f] = en
		s.mapBox.Add(widget.NewLabel(e.Tf("import.setField", e.T("field."+f))))
		s.mapBox.Add(en)
	}
	s.mapBox.Show()
}

// guessColumn proposes the header that most likely holds field f.
func guessColumn(f string, header []string) string {
	want := strings.ReplaceAll(f, "_", "")
	for _, h := range header {
		n := strings.ToLower(strings.NewReplacer(" ", "", "_", "", "-", "").Replace(h))
		if n == want || strings.Contains(n, want) {
			return h
		}
	}
	return ""
}

// onImport imports the file with progress and cancel.
func (s *importScreen) onImport() {
	e := s.e
	if s.path == "" {
		return
	}
	s.working.Cancel()
	opt, path := s.options(), s.path
	var out importOutcome
	_ = s.progress.Set(0)
	s.bar.Show()
	s.cancelBtn.Show()
	s.importBtn.Disable()
	s.result.SetText(e.T("import.importing"))
	s.openRej.Hide()
	s.planBtn.Hide()
	s.working = e.start(func(ctx context.Context) error {
		var err error
		out, err = s.imp.ImportOrders(ctx, path, opt, func(v float64) { _ = s.progress.Set(v) })
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
		s.result.SetText(e.Tf("import.done", out.File, count(out.RowsRead), count(out.Orders),
			count(out.Inserted), count(out.Updated), count(out.Unchanged), count(out.Rejected)))
		if out.Cancelled > 0 {
			s.result.SetText(s.result.Text + " " + e.Tn("import.cancelledOrders", out.Cancelled, count(out.Cancelled)))
		}
		s.result.SetText(s.result.Text + e.notes(out.Notes))
		if out.RejectedFile != "" {
			s.openRej.Show()
		}
		if s.src.Plan != nil && out.Inserted+out.Updated+out.Cancelled > 0 {
			s.planBtn.Show()
		}
	})
}

// onOpenRejected opens the rejected-rows file in the system's spreadsheet app.
func (s *importScreen) onOpenRejected() {
	if s.outcome == nil || s.outcome.RejectedFile == "" {
		return
	}
	s.e.open(s.outcome.RejectedFile)
}

// onPlan plans again after an import.
func (s *importScreen) onPlan() {
	e := s.e
	p := newProgressDialog(e, e.T("dash.planning"))
	p.task = e.start(func(ctx context.Context) error { return s.src.Plan(ctx, p.set) }, func(err error) {
		p.hide()
		if err != nil {
			e.fail(err)
			return
		}
		s.planBtn.Hide()
		s.result.SetText(s.result.Text + "\n" + e.T("import.planned"))
	})
	p.show()
}

func (s *importScreen) stop() { s.working.Cancel() }

// fileURL is the file: URL of a local path.
func fileURL(path string) *url.URL { return &url.URL{Scheme: "file", Path: filepath.ToSlash(path)} }
