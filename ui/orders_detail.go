package ui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// optionColumn is a column of the per-mode comparison: its header's key and
// its first width.
type optionColumn struct {
	key   string
	width float32
}

// optionColumns are the columns of the per-mode comparison.
var optionColumns = []optionColumn{
	{"col.mode", 160}, {"col.option", 130}, {"col.days", 55}, {"comp.total", 90},
	{"col.note", 330},
	{"comp.freight", 85}, {"comp.surcharges", 95}, {"comp.fuel", 75}, {"comp.fees", 75},
	{"comp.storage", 80}, {"comp.headhaul", 85}, {"comp.duties", 75},
}

// orderDetailPanel shows the selected order: its lines, the per-mode comparison with
// every option, the explanation, and the override form.
type orderDetailPanel struct {
	e       *env
	det     orderDetails
	changed func() // after an override was saved

	row     store.OrderRow
	current *orderDetail
	loading *task
	saving  *task

	title       *widget.Label
	meta        *widget.Label
	explanation *widget.Label
	options     *widget.Table
	optionsBox  *fyne.Container // the comparison, as high as all its rows
	optionsSize *minHeight
	optDetail   *widget.Label // the selected option in full
	opts        []logistics.Option
	notes       []string // per option: its reason in the current language
	chosen      int
	cur         string

	overrideSel *widget.Select
	choices     []overrideChoice // what each entry of overrideSel keeps the order on
	reason      *widget.Entry
	save        *widget.Button
	saveNote    *widget.Label
	body        *fyne.Container
	empty       *widget.Label

	// An order with invoice lines shows the comparison and its carrier bill in
	// two tabs (center holds the tabs, else the comparison alone).
	invoice       *orderInvoiceView
	tabs          *container.AppTabs
	compareTab    *container.TabItem
	invoiceTab    *container.TabItem
	center        *fyne.Container
	preferInvoice bool // open on the bill's tab (from the Invoices screen)
}

func newOrderDetailPanel(e *env, det orderDetails, changed func()) *orderDetailPanel {
	return &orderDetailPanel{e: e, det: det, changed: changed, chosen: -1}
}

func (p *orderDetailPanel) content() fyne.CanvasObject {
	e := p.e
	p.title = widget.NewLabel("")
	p.title.TextStyle.Bold = true
	p.meta = widget.NewLabel("")
	p.meta.Wrapping = fyne.TextWrapWord
	p.explanation = widget.NewLabel("")
	p.explanation.Wrapping = fyne.TextWrapWord
	p.options = widget.NewTableWithHeaders(
		func() (int, int) { return len(p.opts), len(optionColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.SetText(p.optionText(id.Row, id.Col))
			l.TextStyle.Bold = id.Row == p.chosen
		})
	p.options.ShowHeaderColumn = false
	p.options.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	p.options.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(optionColumns) {
			o.(*widget.Label).SetText(e.T(optionColumns[id.Col].key))
		}
	}
	for i, c := range optionColumns {
		p.options.SetColumnWidth(i, c.width)
	}
	// The panel scrolls, and the comparison is as high as all its options: none is
	// hidden below a fold. A selected option is said in full under it.
	p.optionsSize = &minHeight{}
	p.optionsBox = container.New(p.optionsSize, p.options)
	p.optDetail = widget.NewLabel("")
	p.optDetail.Wrapping = fyne.TextWrapWord
	p.optDetail.Hide()
	p.options.OnSelected = func(id widget.TableCellID) {
		p.optDetail.SetText(p.optionInFull(id.Row))
		p.optDetail.Show()
	}

	p.overrideSel = widget.NewSelect([]string{e.T("override.none")}, nil)
	p.overrideSel.SetSelectedIndex(0)
	p.reason = widget.NewEntry()
	p.reason.SetPlaceHolder(e.T("override.reasonHint"))
	p.save = widget.NewButton(e.T("override.save"), p.onSave)
	p.save.Importance = widget.HighImportance
	p.saveNote = widget.NewLabel("")
	p.saveNote.Wrapping = fyne.TextWrapWord

	// the choice and the reason share the row: a chosen service with its cost and
	// days ("Direct mail · DHL-EXP · 114.57 · 5 days") shows in full
	override := container.NewBorder(nil, p.saveNote,
		widget.NewLabel(e.T("override.label")), p.save, container.NewGridWithColumns(2, p.overrideSel, p.reason))
	head := container.NewVBox(p.title, p.meta, p.explanation, override)
	p.invoice = newOrderInvoiceView(e)
	p.compareTab = container.NewTabItem(e.T("inv.detail.compareTab"), widget.NewLabel(""))
	p.invoiceTab = container.NewTabItem(e.T("inv.detail.tab"), p.invoice.content())
	p.tabs = container.NewAppTabs(p.compareTab, p.invoiceTab)
	p.center = container.NewStack(p.optionsBox)
	p.body = container.NewStack(container.NewVScroll(container.NewVBox(head, p.center, p.optDetail)))
	p.empty = widget.NewLabel(e.T("detail.empty"))
	p.empty.Alignment = fyne.TextAlignCenter
	p.body.Hide()
	return container.NewStack(p.empty, p.body)
}

// clear hides the panel (no order selected).
func (p *orderDetailPanel) clear() {
	p.loading.Cancel()
	p.current = nil
	if p.body != nil {
		p.body.Hide()
		p.empty.Show()
	}
}

// show loads and shows the order of row r.
func (p *orderDetailPanel) show(r store.OrderRow) {
	p.row = r
	var d orderDetail
	p.e.latest(&p.loading, func(ctx context.Context) error {
		var err error
		d, err = p.det.OrderDetail(ctx, r.ID)
		return err
	}, func(err error) {
		if err != nil {
			p.e.fail(err)
			return
		}
		p.apply(&d)
	})
}

// apply fills the panel with d.
func (p *orderDetailPanel) apply(d *orderDetail) {
	e := p.e
	p.current = d
	o := &d.Order
	p.title.SetText(e.Tf("detail.title", o.Ref, o.Marketplace))
	var lines []string
	for _, l := range o.Lines {
		name := l.SKU
		if t := d.Titles[l.SKU]; t != "" {
			name += " " + t
		}
		lines = append(lines, fmt.Sprintf("%d × %s", l.Qty, name))
	}
	promise := e.T("detail.noPromise")
	if o.PromisedDays > 0 {
		promise = e.Tf("detail.promise", o.PromisedDays)
	}
	dest := o.Country
	if o.PostalCode != "" {
		dest += " " + o.PostalCode
	}
	p.meta.SetText(e.Tf("detail.meta", o.Date.String(), dest, promise, e.T(keyAt(statusKeys, int(o.Status))), strings.Join(lines, ", ")))
	p.opts, p.notes, p.chosen, p.cur = nil, nil, -1, ""
	switch {
	case d.Decision == nil:
		p.explanation.SetText(e.T("detail.notPlanned"))
	default:
		p.opts, p.chosen, p.cur = d.Decision.Options, d.Decision.Chosen, d.Decision.Currency
		p.notes = make([]string, len(p.opts))
		for i := range p.opts {
			p.notes[i] = e.reasonText(p.opts[i].Reason)
		}
		text := e.explanationText(d.Decision)
		if d.Decision.SLARisk {
			text = e.Tf("detail.slaRisk", text)
		}
		p.explanation.SetText(text)
	}
	p.sizeOptions()
	p.options.UnselectAll()
	p.optDetail.Hide()
	p.options.Refresh()
	p.showInvoice(&d.Invoice)
	p.setChoices(&o.Override)
	p.reason.SetText(o.Override.Reason)
	p.saveNote.SetText("")
	if ov := o.Override; ov.Mode != 0 {
		text := e.Tf("override.current", strings.TrimSpace(e.T("mode."+ov.Mode.String())+" "+ov.Option), ov.Reason)
		// the plan chose before the override: it takes effect when the orders are planned again
		if p.chosen >= 0 && p.chosen < len(p.opts) {
			if c := p.opts[p.chosen]; c.Mode != ov.Mode || ov.Option != "" && c.ID != ov.Option {
				text += "\n" + e.T("override.pending")
			}
		}
		p.saveNote.SetText(text)
	}
	p.empty.Hide()
	p.body.Show()
}

// showInvoice shows the order's carrier bill in a tab beside the comparison, when
// it has invoice lines.
func (p *orderDetailPanel) showInvoice(inv *ops.OrderInvoice) {
	if len(inv.Lines) == 0 {
		p.compareTab.Content = widget.NewLabel("")
		p.center.Objects = []fyne.CanvasObject{p.optionsBox}
		p.center.Refresh()
		return
	}
	p.invoice.set(inv)
	p.invoiceTab.Text = p.e.Tn("inv.detail.tabLines", len(inv.Lines), count(len(inv.Lines)))
	p.compareTab.Content = p.optionsBox
	p.center.Objects = []fyne.CanvasObject{p.tabs}
	if p.preferInvoice {
		p.tabs.Select(p.invoiceTab)
	} else {
		p.tabs.Select(p.compareTab)
	}
	p.tabs.Refresh()
	p.center.Refresh()
}

// sizeOptions fits the comparison's columns to their header and widest cell (the
// reason at most optionNoteWidth wide: the selected option says it in full) and
// its height to all its rows.
func (p *orderDetailPanel) sizeOptions() {
	size := theme.TextSize()
	pad := 2*theme.InnerPadding() + 8
	for c, col := range optionColumns {
		w := fyne.MeasureText(p.e.T(col.key), size, fyne.TextStyle{}).Width
		for r := range p.opts {
			w = max(w, fyne.MeasureText(p.optionText(r, c), size, fyne.TextStyle{Bold: r == p.chosen}).Width)
		}
		limit := float32(optionCellWidth)
		if col.key == "col.note" {
			limit = optionNoteWidth
		}
		p.options.SetColumnWidth(c, min(limit, w+pad))
	}
	rowH := widget.NewLabel("Ag").MinSize().Height + theme.SeparatorThicknessSize()
	p.optionsSize.h = float32(len(p.opts)+1)*rowH + theme.Padding()
	p.optionsBox.Refresh()
}

// The widest a comparison column is: its reason, any other.
const (
	optionNoteWidth = 420
	optionCellWidth = 200
)

// optionInFull is option row in full: mode, option, days, total and its reason.
func (p *orderDetailPanel) optionInFull(row int) string {
	if row < 0 || row >= len(p.opts) {
		return ""
	}
	o := &p.opts[row]
	head := p.e.T("mode."+o.Mode.String()) + " · " + o.ID
	if o.Feasible {
		head += " · " + moneyShort(o.Total, p.cur) + " · " + p.e.Tf("override.days", o.TransitDays)
	}
	note := slices.IndexFunc(optionColumns, func(c optionColumn) bool { return c.key == "col.note" })
	return head + ": " + p.optionText(row, note)
}

// optionText is one cell of the comparison.
func (p *orderDetailPanel) optionText(row, col int) string {
	if row < 0 || row >= len(p.opts) {
		return ""
	}
	o := &p.opts[row]
	c := o.Components
	amount := func(v int64) string {
		if !o.Feasible {
			return ""
		}
		return moneyShort(v, p.cur)
	}
	switch optionColumns[col].key {
	case "col.mode":
		name := p.e.T("mode." + o.Mode.String())
		if row == p.chosen {
			return "→ " + name
		}
		return name
	case "col.option":
		return o.ID
	case "col.days":
		if !o.Feasible {
			return ""
		}
		return strconv.Itoa(o.TransitDays)
	case "comp.freight":
		return amount(c.Freight)
	case "comp.surcharges":
		return amount(c.Surcharges)
	case "comp.fuel":
		return amount(c.Fuel)
	case "comp.fees":
		return amount(c.Fees)
	case "comp.storage":
		return amount(c.Storage)
	case "comp.headhaul":
		return amount(c.Headhaul)
	case "comp.duties":
		return amount(c.Duties)
	case "comp.total":
		return amount(o.Total)
	case "col.note":
		if !o.Feasible {
			return p.e.Tf("detail.infeasible", p.notes[row])
		}
		return p.notes[row]
	}
	return ""
}

// onSave stores the override chosen in the form.
func (p *orderDetailPanel) onSave() {
	e := p.e
	if p.current == nil {
		return
	}
	ch := overrideChoice{}
	if i := p.overrideSel.SelectedIndex(); i >= 0 && i < len(p.choices) {
		ch = p.choices[i]
	}
	mode := ch.mode
	reason := strings.TrimSpace(p.reason.Text)
	if mode != 0 && reason == "" {
		p.saveNote.SetText(e.T("override.needReason"))
		return
	}
	o := p.current.Order
	p.save.Disable()
	p.saveNote.SetText(e.T("override.saving"))
	p.saving = e.start(func(ctx context.Context) error {
		_, err := p.det.SetOverride(ctx, o.Marketplace, o.Ref, mode, ch.option, reason, o.Version)
		return err
	}, func(err error) {
		p.save.Enable()
		p.saving = nil
		if err != nil {
			p.saveNote.SetText("")
			e.fail(err)
			return
		}
		if mode == 0 {
			p.saveNote.SetText(e.T("override.removed"))
		} else {
			p.saveNote.SetText(e.Tf("override.saved", strings.TrimSpace(e.T("mode."+mode.String())+" "+ch.option)))
		}
		p.current.Order.Override.Mode = mode
		p.current.Order.Override.Option = ch.option
		p.current.Order.Override.Reason = reason
		if p.changed != nil {
			p.changed()
		}
		e.changed()
	})
}

func (p *orderDetailPanel) stop() {
	p.loading.Cancel()
	p.saving.Cancel()
}

// overrideChoice is an entry of the override list: no override (mode 0), the best
// option of a mode (option ""), or one service, warehouse or lane.
type overrideChoice struct {
	mode   logistics.Mode
	option string
}

// setChoices lists what the order may be kept on: no override, each mode that has
// a feasible option, then each feasible option with its cost and days — an
// infeasible one is not offered (the comparison below says why), except the
// override the order has — and selects the order's override.
func (p *orderDetailPanel) setChoices(cur *store.Override) {
	e := p.e
	p.choices = []overrideChoice{{}}
	labels := []string{e.T("override.none")}
	feasible := map[logistics.Mode]bool{}
	for i := range p.opts {
		feasible[p.opts[i].Mode] = feasible[p.opts[i].Mode] || p.opts[i].Feasible
	}
	for _, m := range logistics.Modes {
		if feasible[m] || (cur.Mode == m && cur.Option == "") {
			p.choices = append(p.choices, overrideChoice{mode: m})
			labels = append(labels, e.Tf("override.bestOf", e.T("mode."+m.String())))
		}
	}
	for i := range p.opts {
		o := &p.opts[i]
		if o.Feasible || (cur.Mode == o.Mode && cur.Option == o.ID) {
			p.choices = append(p.choices, overrideChoice{mode: o.Mode, option: o.ID})
			label := e.T("mode."+o.Mode.String()) + " · " + o.ID
			if o.Feasible {
				label += " · " + moneyShort(o.Total, p.cur) + " · " + e.Tf("override.days", o.TransitDays)
			}
			labels = append(labels, label)
		}
	}
	if cur.Mode != 0 && !slices.Contains(p.choices, overrideChoice{cur.Mode, cur.Option}) {
		// kept on an option this decision does not list (a plan since dropped it)
		p.choices = append(p.choices, overrideChoice{cur.Mode, cur.Option})
		labels = append(labels, strings.TrimSpace(e.T("mode."+cur.Mode.String())+" "+cur.Option))
	}
	p.overrideSel.SetOptions(labels)
	p.overrideSel.SetSelectedIndex(slices.Index(p.choices, overrideChoice{cur.Mode, cur.Option}))
}
