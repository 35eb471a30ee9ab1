package ui

import (
	"context"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// findingFilterKeys are the choices of the findings table's kind filter: any, each
// kind of logistics.FindingKinds in its order, and the unmatched invoice lines.
var findingFilterKeys = func() []string {
	keys := []string{"inv.kind.any"}
	for _, k := range logistics.FindingKinds {
		keys = append(keys, "inv.kind."+k.String())
	}
	return append(keys, "inv.kind.unmatched")
}()

// The kind filter's choice i (0 < i < kindUnmatched) is logistics.FindingKind(i)
// (the kinds start at 1, in their order); kindUnmatched is the unmatched lines.
var kindUnmatched = len(findingFilterKeys) - 1

// findingColumns are the columns of the findings table.
var findingColumns = []previewColumn{
	{"col.date", 92}, {"col.ref", 175}, {"inv.col.carrier", 110}, {"inv.col.finding", 120},
	{"inv.col.planned", 80}, {"inv.col.invoiced", 80}, {"inv.col.variance", 80}, {"inv.col.detail", 410},
}

// unmatchedColumns are its columns when it lists the unmatched lines.
var unmatchedColumns = []previewColumn{
	{"inv.col.carrier", 95}, {"inv.col.invoice", 130}, {"col.date", 100}, {"inv.col.tracking", 160},
	{"inv.col.orderRef", 160}, {"inv.col.charge", 95}, {"inv.col.amount", 115}, {"col.line", 55}, {"col.note", 380},
}

// findingRow is one row of the findings table: a finding of an order.
type findingRow struct {
	order   *ops.ReconciledOrder
	finding *logistics.Finding
}

// invoicesScreen shows what the carriers billed against what was planned, for a
// period (SPEC §8): tiles for the invoiced cost, the variance, the orders billed
// over the tolerance and the unmatched lines; the findings, filterable by kind and
// carrier, the ones that differ most first; a row opens the order's detail with
// its invoice lines. It imports invoice files, and on a database without any it
// says how to start — with the demo's invoices when they are beside the database.
type invoicesScreen struct {
	e     *env
	views invoiceViews
	imp   invoiceImporter
	det   orderDetails
	// demoFile is where the demo writes its invoices ("": nowhere); the screen
	// offers it when it exists and no invoices are loaded
	demoFile string

	period    period
	kind      int    // index into findingFilterKeys
	carrier   string // "": any
	view      *ops.InvoiceOverview
	rows      []findingRow
	unmatched []store.UnmatchedLine // of the carrier filter
	demoPath  string                // the demo's invoice file, when it exists
	loading   *task
	quiet     bool // filter widgets are being set by code

	importBtn, demoBtn             *widget.Button
	periodSel, kindSel, carrierSel *widget.Select
	picker                         *periodPicker
	status, countLabel             *widget.Label
	invoiced, variance, over, lost *tile
	table                          *widget.Table
	emptyText                      *widget.Label
	empty, main                    *fyne.Container
	root                           *fyne.Container

	importer *invoiceImport    // the import dialog last opened
	detail   *orderDetailPanel // the order detail last opened
}

func newInvoicesScreen(e *env, src source) *invoicesScreen {
	return &invoicesScreen{e: e, views: src.invoiceViews, imp: src.invoiceImporter, det: src.orderDetails, demoFile: src.DemoInvoices, period: allTime}
}

func (s *invoicesScreen) content() fyne.CanvasObject {
	e := s.e
	s.importBtn = widget.NewButtonWithIcon(e.T("inv.importFile"), theme.UploadIcon(), func() { s.openImport("") })
	s.importBtn.Importance = widget.HighImportance
	if s.imp == nil {
		s.importBtn.Disable()
	}
	s.picker = newPeriodPicker(e, func(p period) {
		if s.quiet {
			return
		}
		s.period = p
		s.load()
	})
	s.periodSel = s.picker.sel
	s.picker.show(s.period)
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.load)
	s.status = widget.NewLabel("")
	s.status.Truncation = fyne.TextTruncateEllipsis
	bar := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(e.T("dash.period")), s.picker.object(), refresh), s.importBtn, s.status)

	s.invoiced = newTile(e.T("inv.tile.invoiced"), theme.ColorNamePrimary, nil)
	s.variance = newTile(e.T("inv.tile.variance"), theme.ColorNameWarning, nil)
	s.over = newTile(e.T("inv.tile.over"), theme.ColorNameError, func() { s.setKind(int(logistics.FindOver)) })
	s.lost = newTile(e.T("inv.tile.unmatched"), theme.ColorNameWarning, func() { s.setKind(kindUnmatched) })
	tiles := container.NewGridWithColumns(4, s.invoiced, s.variance, s.over, s.lost)

	s.kindSel = widget.NewSelect(translated(e, findingFilterKeys), func(string) {
		if !s.quiet {
			s.kind = max(0, s.kindSel.SelectedIndex())
			s.filter()
		}
	})
	s.carrierSel = widget.NewSelect([]string{e.T("inv.anyCarrier")}, func(string) {
		if s.quiet || s.view == nil {
			return
		}
		s.carrier = ""
		if i := s.carrierSel.SelectedIndex(); i > 0 && i-1 < len(s.view.Carriers) {
			s.carrier = s.view.Carriers[i-1]
		}
		s.filter()
	})
	s.quiet = true
	s.kindSel.SetSelectedIndex(0)
	s.carrierSel.SetSelectedIndex(0)
	s.quiet = false
	s.countLabel = widget.NewLabel("")
	filters := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(e.T("inv.filterKind")), sized(s.kindSel, 230), widget.NewLabel(e.T("inv.filterCarrier")), sized(s.carrierSel, 190)),
		s.countLabel)

	s.table = widget.NewTableWithHeaders(s.length, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(s.cellText(id.Row, id.Col))
	})
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		cols := s.columns()
		if id.Col >= 0 && id.Col < len(cols) {
			o.(*widget.Label).SetText(e.T(cols[id.Col].key))
		}
	}
	s.table.OnSelected = s.onSelected
	s.setWidths()
	hint := widget.NewLabel(e.T("inv.rowHint"))
	hint.Truncation = fyne.TextTruncateEllipsis
	s.main = container.NewBorder(container.NewVBox(tiles, filters), hint, nil, nil, s.table)

	title := widget.NewLabelWithStyle(e.T("inv.empty.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.emptyText = widget.NewLabel(e.T("inv.empty.text"))
	s.emptyText.Wrapping = e.wrapping()
	first := widget.NewButtonWithIcon(e.T("inv.importFile"), theme.UploadIcon(), func() { s.openImport("") })
	if s.imp == nil {
		first.Disable()
	}
	s.demoBtn = widget.NewButtonWithIcon(e.T("inv.empty.demo"), theme.MediaPlayIcon(), func() { s.openImport(s.demoPath) })
	s.demoBtn.Importance = widget.HighImportance
	s.demoBtn.Hide()
	box := container.NewVBox(title, s.emptyText, container.NewHBox(s.demoBtn, first))
	s.empty = container.NewBorder(container.NewPadded(box), nil, nil, nil)
	s.empty.Hide()
	s.root = container.NewBorder(bar, nil, nil, nil, container.NewStack(s.main, s.empty))
	s.load()
	return s.root
}

// setPeriod shows the period p (a drill-down from the dashboard).
func (s *invoicesScreen) setPeriod(p period) {
	s.period = p
	if s.periodSel == nil {
		return
	}
	s.picker.show(p)
	s.load()
}

// setKind filters the findings by the kind filter's choice i.
func (s *invoicesScreen) setKind(i int) {
	s.kind = i
	s.quiet = true
	s.kindSel.SetSelectedIndex(i)
	s.quiet = false
	s.filter()
}

// load reconciles the period and shows it; on a database without invoices it
// looks for the demo's invoice file.
func (s *invoicesScreen) load() {
	e := s.e
	if s.status == nil || s.views == nil {
		return
	}
	p, demoFile := s.period, s.demoFile
	var v ops.InvoiceOverview
	demo := ""
	s.status.SetText(e.T("inv.loading"))
	e.latest(&s.loading, func(ctx context.Context) error {
		var err error
		if v, err = s.views.InvoiceOverview(ctx, p.From, p.To); err != nil || v.Invoices || demoFile == "" {
			return err
		}
		if fileExists(demoFile) {
			demo = demoFile
		}
		return nil
	}, func(err error) {
		s.status.SetText("")
		if err != nil {
			e.fail(err)
			return
		}
		s.demoPath = demo
		s.show(&v)
	})
}

// fileExists reports whether path is a file that can be read.
func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// show puts an overview on the tiles, the filters and the table, or the hint to
// import a first invoice file.
func (s *invoicesScreen) show(v *ops.InvoiceOverview) {
	e := s.e
	s.view = v
	if !v.Invoices {
		s.demoBtn.Hidden = s.demoPath == ""
		text := e.T("inv.empty.text")
		if s.demoPath != "" {
			text += "\n\n" + e.Tf("inv.empty.demoText", s.demoPath)
		}
		s.emptyText.SetText(text)
		s.main.Hide()
		s.empty.Show()
		s.status.SetText("")
		s.root.Refresh()
		s.rows, s.unmatched = nil, nil
		s.table.Refresh()
		return
	}
	s.empty.Hide()
	s.main.Show()
	cur := v.Currency
	digits := logistics.CurrencyDigits(cur)
	s.status.SetText(e.Tf("inv.status", v.LatestInvoice.String(), money(v.Tolerance.Of(0, digits), cur), v.Tolerance.Pct.String()))
	note := e.Tf("inv.tile.invoicedNote", count(v.MatchedOrders), count(v.Lines))
	if v.UnplannedInvoiced != 0 {
		note += "\n" + e.Tf("inv.tile.unplannedNote", money(v.UnplannedInvoiced, cur))
	}
	s.invoiced.set(money(v.Invoiced+v.UnplannedInvoiced, cur), note)
	if v.Planned != 0 {
		s.variance.set(signedMoney(v.Variance, cur), e.Tf("inv.tile.varianceNote", signedPercent(v.Variance, v.Planned), money(v.Planned, cur)))
	} else {
		s.variance.set("–", e.T("inv.tile.nothingPlanned"))
	}
	s.over.set(count(v.Findings[logistics.FindOver]), e.Tf("inv.tile.overNote", money(v.Tolerance.Of(0, digits), cur), v.Tolerance.Pct.String()))
	s.lost.set(count(len(v.Unmatched)), e.T("inv.tile.unmatchedNote"))

	// the kind filter says how many findings of each kind the period has
	kinds := make([]string, len(findingFilterKeys))
	total := 0
	for i, k := range logistics.FindingKinds {
		kinds[i+1] = e.Tf("inv.kindCount", e.T(findingFilterKeys[i+1]), count(v.Findings[k]))
		total += v.Findings[k]
	}
	kinds[0] = e.Tf("inv.kindCount", e.T(findingFilterKeys[0]), count(total))
	kinds[kindUnmatched] = e.Tf("inv.kindCount", e.T(findingFilterKeys[kindUnmatched]), count(len(v.Unmatched)))
	if indexOf(v.Carriers, s.carrier) < 0 {
		s.carrier = ""
	}
	s.quiet = true
	s.kindSel.Options = kinds
	s.kindSel.SetSelectedIndex(s.kind)
	s.carrierSel.Options = append([]string{e.T("inv.anyCarrier")}, v.Carriers...)
	s.carrierSel.SetSelectedIndex(indexOf(v.Carriers, s.carrier) + 1)
	s.quiet = false
	s.filter()
	s.root.Refresh()
}

// filter lists the findings (or unmatched lines) of the kind and carrier chosen.
func (s *invoicesScreen) filter() {
	e := s.e
	s.rows, s.unmatched = s.rows[:0], s.unmatched[:0]
	if v := s.view; v != nil {
		if s.kind == kindUnmatched {
			for _, l := range v.Unmatched {
				if s.carrier == "" || l.Carrier == s.carrier {
					s.unmatched = append(s.unmatched, l)
				}
			}
		} else {
			for i := range v.Flagged {
				o := &v.Flagged[i]
				if s.carrier != "" && o.Carrier != s.carrier {
					continue
				}
				for j := range o.Findings {
					if f := &o.Findings[j]; s.kind == 0 || int(f.Kind) == s.kind {
						s.rows = append(s.rows, findingRow{o, f})
					}
				}
			}
		}
	}
	if s.kind == kindUnmatched {
		s.countLabel.SetText(e.Tn("inv.countUnmatched", len(s.unmatched), count(len(s.unmatched))))
	} else {
		s.countLabel.SetText(e.Tn("inv.count", len(s.rows), count(len(s.rows))))
	}
	s.setWidths()
	s.table.UnselectAll()
	s.table.ScrollToTop()
	s.table.Refresh()
}

// columns are the table's columns: the findings' or the unmatched lines'.
func (s *invoicesScreen) columns() []previewColumn {
	if s.kind == kindUnmatched {
		return unmatchedColumns
	}
	return findingColumns
}

func (s *invoicesScreen) setWidths() {
	for i, c := range s.columns() {
		s.table.SetColumnWidth(i, c.width)
	}
}

func (s *invoicesScreen) length() (int, int) {
	if s.kind == kindUnmatched {
		return len(s.unmatched), len(unmatchedColumns)
	}
	return len(s.rows), len(findingColumns)
}

// cellText is the text of one cell of the table.
func (s *invoicesScreen) cellText(row, col int) string {
	e := s.e
	cur := ""
	if s.view != nil {
		cur = s.view.Currency
	}
	if s.kind == kindUnmatched {
		if row < 0 || row >= len(s.unmatched) || col >= len(unmatchedColumns) {
			return ""
		}
		l := &s.unmatched[row]
		switch unmatchedColumns[col].key {
		case "inv.col.carrier":
			return l.Carrier
		case "inv.col.invoice":
			return l.Invoice
		case "col.date":
			return l.InvoiceDate.String()
		case "inv.col.tracking":
			return l.Tracking
		case "inv.col.orderRef":
			return strings.TrimSpace(l.Marketplace + " " + l.OrderRef)
		case "inv.col.charge":
			return e.T("inv.charge." + l.Charge.String())
		case "inv.col.amount":
			return billedAmount(l.Amount, l.Currency)
		case "col.line":
			return fmt.Sprint(l.Row)
		case "col.note":
			if l.Several {
				return e.T("inv.unmatched.several")
			}
			return e.T("inv.unmatched.none")
		}
		return ""
	}
	if row < 0 || row >= len(s.rows) || col >= len(findingColumns) {
		return ""
	}
	o, f := s.rows[row].order, s.rows[row].finding
	billed, planned := o.Lines > 0, o.Mode != 0
	switch findingColumns[col].key {
	case "col.date":
		return o.Date.String()
	case "col.ref":
		return o.Ref
	case "inv.col.carrier":
		return o.Carrier
	case "inv.col.finding":
		return e.T("inv.kind." + f.Kind.String())
	case "inv.col.planned":
		if planned {
			return moneyShort(o.Planned, cur)
		}
	case "inv.col.invoiced":
		if billed {
			return moneyShort(o.Invoiced, cur)
		}
	case "inv.col.variance":
		if billed && planned {
			return signedMoney(o.Variance, "")
		}
	case "inv.col.detail":
		return e.findingShort(f, o.Carrier, cur)
	}
	return ""
}

// findingShort says what a finding adds to the table's figures in a few words (the
// order's detail says its whole sentence): the tolerance passed, the billed and
// planned weights with the split of the difference, the invoices (without their
// carrier when it is the order's), the services, the days without a bill.
func (e *env) findingShort(f *logistics.Finding, carrier, cur string) string {
	switch f.Kind {
	case logistics.FindOver, logistics.FindUnder:
		return e.Tf("inv.short.tolerance", money(f.Tolerance, cur))
	case logistics.FindWeight:
		if !f.Reratable {
			return e.Tf("inv.short.weightNoRerate", count(int(f.BilledG)), count(int(f.PlannedG)))
		}
		return e.Tf("inv.short.weight", count(int(f.BilledG)), count(int(f.PlannedG)), signedMoney(f.DataPart, ""), signedMoney(f.PricePart, ""))
	case logistics.FindDuplicate:
		invoices := make([]string, len(f.Invoices))
		for i, inv := range f.Invoices {
			invoices[i] = strings.TrimPrefix(inv, carrier+" ")
		}
		return e.Tf("inv.short.duplicate", strings.Join(invoices, e.T("inv.listSep")))
	case logistics.FindService:
		return e.Tf("inv.short.service", f.Service, f.Option)
	case logistics.FindUnplanned:
		return e.T("inv.short.unplanned")
	case logistics.FindNotBilled:
		return e.Tf("inv.short.notBilled", count(int(f.LatestBill-f.OrderDate)), f.LatestBill.String())
	}
	return e.findingText(f)
}

// onSelected opens the detail of the order of a finding.
func (s *invoicesScreen) onSelected(id widget.TableCellID) {
	if s.kind == kindUnmatched || id.Row < 0 || id.Row >= len(s.rows) {
		return
	}
	s.openOrder(s.rows[id.Row].order)
	s.table.UnselectAll()
}

// openOrder shows an order's detail — its invoice lines first — in a dialog.
func (s *invoicesScreen) openOrder(o *ops.ReconciledOrder) {
	e := s.e
	if s.det == nil {
		return
	}
	p := newOrderDetailPanel(e, s.det, nil)
	p.preferInvoice = true
	d := dialog.NewCustom(e.T("inv.orderDialog"), e.T("action.close"), p.content(), e.win)
	d.SetOnClosed(p.stop)
	size := e.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(1150, size.Width-40), min(680, size.Height-40)))
	d.Show()
	p.show(store.OrderRow{ID: o.OrderID})
	s.detail = p
}

// openImport opens the invoice import (on path, when not ""); an import that
// changed the database reloads the screen.
func (s *invoicesScreen) openImport(path string) {
	if s.imp == nil {
		return
	}
	s.importer = showInvoiceImport(s.e, s.imp, path, s.load)
}

func (s *invoicesScreen) stop() {
	s.loading.Cancel()
	if s.importer != nil {
		s.importer.stop()
	}
	if s.detail != nil {
		s.detail.stop()
	}
}

// sized gives o the width w (a select is as wide as its longest choice otherwise
// cut).
func sized(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}

// wrapping is how long texts wrap in the current language: at spaces in English,
// anywhere in Chinese, which has no spaces between words (wrapping Chinese at
// spaces breaks a line early at the English word before a long run).
func (e *env) wrapping() fyne.TextWrap {
	if e.tr.lang == langChinese {
		return fyne.TextWrapBreak
	}
	return fyne.TextWrapWord
}

// findingText is a finding's sentence in the current language.
func (e *env) findingText(f *logistics.Finding) string {
	if e.tr.lang == langEnglish {
		return f.Detail.String()
	}
	return string(f.Detail.Append(nil, e.tr.phrasesIn(zhFindings), e.phraseArg))
}

// billedAmount formats an amount as billed in its currency, with at least the
// currency's minor digits and grouping ("1,171.70 EUR"; a bill's "0.125" keeps its
// third decimal).
func billedAmount(d logistics.Dec, cur string) string {
	s := d.String()
	whole, frac, _ := strings.Cut(s, ".")
	if digits := logistics.CurrencyDigits(cur); len(frac) < digits {
		frac += strings.Repeat("0", digits-len(frac))
	}
	if frac != "" {
		whole += "." + frac
	}
	return strings.TrimSpace(group(whole) + " " + cur)
}

// signedMoney formats minor units of cur with their sign ("+1,234.50 EUR",
// "-3.00 EUR", "0.00 EUR").
func signedMoney(minor int64, cur string) string {
	if minor > 0 {
		return "+" + money(minor, cur)
	}
	return money(minor, cur)
}

// signedPercent formats part/whole as a percentage with one decimal and its sign
// ("+2.3 %"); "–" when whole is 0.
func signedPercent(part, whole int64) string {
	if whole == 0 {
		return "–"
	}
	return fmt.Sprintf("%+.1f %%", 100*float64(part)/float64(whole))
}
