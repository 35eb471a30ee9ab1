package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
	"shipmode/ops"
)

// invoiceLineColumns are the columns of an order's invoice lines.
var invoiceLineColumns = []previewColumn{
	{"inv.col.carrier", 110}, {"inv.col.invoice", 190}, {"col.date", 100}, {"inv.col.charge", 100},
	{"inv.col.amount", 120}, {"inv.col.base", 110}, {"inv.col.weight", 105}, {"inv.col.service", 140},
}

// orderInvoiceView is the order detail's tab of the order's carrier bill: what was
// invoiced against what was planned, the variance per component, the split of the
// difference into our data and the carrier's price (from the re-rating), the
// findings, and the invoice lines.
type orderInvoiceView struct {
	e       *env
	inv     *ops.OrderInvoice
	summary *widget.Label
	table   *widget.Table
}

func newOrderInvoiceView(e *env) *orderInvoiceView {
	return &orderInvoiceView{e: e, inv: &ops.OrderInvoice{}}
}

func (v *orderInvoiceView) content() fyne.CanvasObject {
	e := v.e
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = e.wrapping()
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.inv.Lines), len(invoiceLineColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(v.cellText(id.Row, id.Col))
		})
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(invoiceLineColumns) {
			text := e.T(invoiceLineColumns[id.Col].key)
			if invoiceLineColumns[id.Col].key == "inv.col.base" && v.inv.Currency != "" {
				text = e.Tf("inv.col.in", v.inv.Currency)
			}
			o.(*widget.Label).SetText(text)
		}
	}
	for i, c := range invoiceLineColumns {
		v.table.SetColumnWidth(i, c.width)
	}
	return container.NewBorder(v.summary, nil, nil, nil, v.table)
}

// set shows an order's bill.
func (v *orderInvoiceView) set(inv *ops.OrderInvoice) {
	v.inv = inv
	v.summary.SetText(v.e.invoiceSummary(inv))
	v.table.Refresh()
}

func (v *orderInvoiceView) cellText(row, col int) string {
	e := v.e
	if row < 0 || row >= len(v.inv.Lines) {
		return ""
	}
	l := &v.inv.Lines[row]
	switch invoiceLineColumns[col].key {
	case "inv.col.carrier":
		return l.Carrier
	case "inv.col.invoice":
		return l.Invoice
	case "col.date":
		return l.InvoiceDate.String()
	case "inv.col.charge":
		return e.T("inv.charge." + l.Charge.String())
	case "inv.col.amount":
		return billedAmount(l.Amount, l.Currency)
	case "inv.col.base":
		if !l.Converted {
			return "–"
		}
		return moneyShort(l.Base, v.inv.Currency)
	case "inv.col.weight":
		if l.BilledWeightG > 0 {
			return e.Tf("inv.grams", count(int(l.BilledWeightG)))
		}
	case "inv.col.service":
		return l.Service
	}
	return ""
}

// invoiceSummary says an order's bill in a few lines: invoiced against planned and
// the variance, and the tolerance it passed; the invoiced components with their
// variance; the billed weight, the re-rated cost and the split of the difference
// into data and price; the other findings; the lines that could not be converted.
func (e *env) invoiceSummary(inv *ops.OrderInvoice) string {
	if !inv.Reconciled {
		return e.T("inv.detail.noRateBook")
	}
	cur := inv.Currency
	var lines []string
	if inv.HasPlan {
		lines = append(lines, e.Tf("inv.detail.vsPlanned", money(inv.Invoiced, cur), money(inv.Planned, cur),
			signedMoney(inv.Variance, cur), signedPercent(inv.Variance, inv.Planned)))
	} else {
		lines = append(lines, e.Tf("inv.detail.unplanned", money(inv.Invoiced, cur)))
	}
	c, cv := inv.Components, inv.ComponentVariance
	var parts []string
	for _, p := range []struct {
		key           string
		amount, delta int64
	}{
		{"comp.freight", c.Freight, cv.Freight}, {"comp.fuel", c.Fuel, cv.Fuel}, {"comp.surcharges", c.Surcharges, cv.Surcharges},
		{"comp.fees", c.Fees, cv.Fees}, {"comp.duties", c.Duties, cv.Duties}, {"inv.comp.credit", c.Credit, 0},
	} {
		if p.amount == 0 && (p.delta == 0 || !inv.HasPlan) {
			continue
		}
		text := e.T(p.key) + " " + moneyShort(p.amount, cur)
		if inv.HasPlan && p.delta != 0 && p.key != "inv.comp.credit" {
			text += " (" + signedMoney(p.delta, "") + ")"
		}
		parts = append(parts, text)
	}
	if len(parts) > 0 {
		lines = append(lines, e.Tf("inv.detail.components", strings.Join(parts, " · ")))
	}
	// over and under are said on the first line, a re-rated weight on its own
	// line with the split; the other findings by their sentence
	for i := range inv.Findings {
		f := &inv.Findings[i]
		switch {
		case f.Kind == logistics.FindOver || f.Kind == logistics.FindUnder:
			lines[0] += " " + e.Tf("inv.detail.beyond", money(f.Tolerance, cur))
		case f.Kind == logistics.FindWeight && f.Reratable:
			lines = append(lines, e.Tf("inv.detail.split", count(int(f.BilledG)), count(int(f.PlannedG)), money(f.Rerated, cur),
				signedMoney(f.DataPart, cur), signedMoney(f.PricePart, cur)))
		default:
			lines = append(lines, e.Tf("inv.detail.finding", e.T("inv.kind."+f.Kind.String()), e.findingText(f)))
		}
	}
	if len(inv.NoFX) > 0 {
		lines = append(lines, e.Tn("inv.detail.noFX", len(inv.NoFX), count(len(inv.NoFX)), strings.Join(inv.NoFX, ", ")))
	}
	return strings.Join(lines, "\n")
}
