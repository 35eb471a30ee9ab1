package ui

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
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
	LeftOut                      int // rows the file says not to ship (cancelled, no shipping needed)
	Rejected                     int
	RejectedFile                 string               // written next to the input; "" when nothing was rejected
	Notes                        []logistics.Sentence // how the file was read (dates, split orders, named lines)
	// FirstRejected are the first rejected rows (rejectedShown at most), said in
	// full with the result; Remembered: the column mapping is kept for the layout.
	FirstRejected []ingest.RowError
	Remembered    bool
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

// importScreen imports order files through the import flow (choose, detect or map,
// preview, import with progress), then offers to plan the new orders.
type importScreen struct {
	*importFlow[importPreview, importOutcome]
	imp orderImporter
	src source

	setup   *setupPanel // the first-run steps above the order import; nil without them
	planBtn *widget.Button
}

func newImportScreen(e *env, src source) *importScreen {
	s := &importScreen{imp: src, src: src}
	s.importFlow = newImportFlow(e, importKind[importPreview, importOutcome]{
		exts:      []string{".csv", ".tsv", ".txt", ".xlsx"},
		formats:   formatKeys,
		fields:    mappedFields,
		constants: []string{"marketplace", "currency"},
		columns:   previewColumns,
		preview: func(ctx context.Context, path string, opt importOptions) (importPreview, error) {
			return s.imp.PreviewOrders(ctx, path, orderOptions(opt))
		},
		show: s.shown,
		run: func(ctx context.Context, path string, opt importOptions, progress func(float64)) (importOutcome, error) {
			return s.imp.ImportOrders(ctx, path, orderOptions(opt), progress)
		},
		report: s.reported,
	})
	s.before = func() { s.planBtn.Hide() }
	s.after = func(r *importReport) {
		if s.src.Plan != nil && r.changed {
			s.planBtn.Show()
		}
		if s.setup != nil {
			s.setup.load()
		}
	}
	if src.Setup.State != nil {
		s.setup = newSetupPanel(e, src)
		s.setup.chooseOrders = s.onChoose
		// a chosen orders file needs the room of the steps
		s.chosen = func() { s.setup.acc.CloseAll() }
	}
	return s
}

func (s *importScreen) content() fyne.CanvasObject {
	e := s.e
	s.planBtn = widget.NewButtonWithIcon(e.T("import.plan"), theme.MediaPlayIcon(), s.onPlan)
	s.planBtn.Hide()
	if s.setup != nil {
		s.above = s.setup.content()
	}
	return s.layout(e.T("import.title"), e.T("import.help"), s.planBtn)
}

// orderOptions are the order import's options of the flow's choices.
func orderOptions(opt importOptions) ingest.OrderOptions {
	return ingest.OrderOptions{Name: opt.Name, Format: ingest.Format(opt.Format), DateOrder: opt.DateOrder, Map: opt.Map, Set: opt.Set}
}

// previewColumns are the preview table's columns.
var previewColumns = []previewColumn{
	{"col.line", 60}, {"col.ref", 170}, {"col.marketplace", 110}, {"col.date", 100}, {"col.country", 80},
	{"col.items", 260}, {"col.note", 360},
}

// shown is an order file's preview as the flow shows it: its orders, then its
// rejected rows.
func (s *importScreen) shown(p *importPreview) importShown {
	e := s.e
	var sh importShown
	for _, o := range p.Orders {
		var items []string
		for _, l := range o.Lines {
			items = append(items, fmt.Sprintf("%d × %s @ %s %s", l.Qty, l.SKU, l.UnitPrice, o.Currency))
		}
		sh.rows = append(sh.rows, []string{"", o.Ref, o.Marketplace, o.Date.String(), o.Country, strings.Join(items, ", "), ""})
	}
	for _, r := range p.Rejected {
		sh.rows = append(sh.rows, []string{fmt.Sprint(r.Line), "", "", "", "", "", e.Tf("import.rejectedRow", r.Column, e.importReason(&r.Why, r.Reason))})
	}
	for _, r := range p.LeftOut {
		sh.rows = append(sh.rows, []string{fmt.Sprint(r.Line), "", "", "", "", "", e.Tf("import.leftOutRow", r.Column, e.importReason(&r.Why, r.Reason))})
	}
	sh.header, sh.raw, sh.rawLines = p.Header, p.Rows, p.Lines
	sh.guess, sh.missing = p.Fields, p.Missing
	if p.Remembered {
		sh.remembered, sh.guess = true, mappingGuess(p.Mapping)
	}
	if p.Problem != nil {
		sh.problem = e.explain(p.Problem)
		return sh
	}
	sh.message = e.Tf("import.detected", e.T(keyAt(formatKeys, int(p.Format))), len(p.Orders), len(p.Rejected)) + e.notes(p.Notes)
	return sh
}

// reported says what an order import did.
func (s *importScreen) reported(out *importOutcome) importReport {
	e := s.e
	text := e.Tf("import.done", out.File, count(out.RowsRead), count(out.Orders),
		count(out.Inserted), count(out.Updated), count(out.Unchanged), count(out.Rejected))
	if out.LeftOut > 0 {
		text += " " + e.Tn("import.leftOut", out.LeftOut, count(out.LeftOut))
	}
	if out.Cancelled > 0 {
		text += " " + e.Tn("import.cancelledOrders", out.Cancelled, count(out.Cancelled))
	}
	text += e.notes(out.Notes)
	for i := range out.FirstRejected {
		r := &out.FirstRejected[i]
		text += "\n" + e.Tf("setup.rejectedRow", r.Line, r.Column, e.importReason(&r.Why, r.Reason))
	}
	if more := out.Rejected - len(out.FirstRejected); more > 0 && len(out.FirstRejected) > 0 {
		text += "\n" + e.Tf("setup.moreRejected", count(more))
	}
	if out.Remembered {
		text += "\n" + e.T("import.mappingKept")
	}
	return importReport{text: text, rejectedFile: out.RejectedFile,
		changed: out.Inserted+out.Updated+out.Cancelled > 0}
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
		e.changed()
		if s.setup != nil {
			s.setup.load()
		}
	})
	p.show()
}

// fileURL is the file: URL of a local path.
func fileURL(path string) *url.URL { return &url.URL{Scheme: "file", Path: filepath.ToSlash(path)} }

func (s *importScreen) stop() {
	s.importFlow.stop()
	if s.setup != nil {
		s.setup.stop()
	}
}

// mappingGuess is a confirmed mapping as the mapping step's guesses: each field's
// column, or "=" and the value it is set to.
func mappingGuess(m ops.Mapping) map[string]string {
	guess := make(map[string]string, len(m.Map)+len(m.Set))
	for f, h := range m.Map {
		guess[f] = h
	}
	for f, v := range m.Set {
		guess[f] = "=" + v
	}
	return guess
}
