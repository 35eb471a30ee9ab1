package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"shipmode/ingest"
	"shipmode/ops"
)

// invoiceFormatKeys are the layout choices of an invoice file, indexed by
// ingest.InvoiceFormat (0: detect).
var invoiceFormatKeys = []string{"import.detect", "inv.format.generic", "inv.format.dhl", "inv.format.yunexpress"}

// invoiceFields are the fields of an invoice line the mapping step offers (SPEC §8).
var invoiceFields = []string{"carrier", "invoice_number", "invoice_date", "tracking", "order_ref", "marketplace",
	"service", "charge", "amount", "currency", "billed_weight_g"}

// invoicePreviewColumns are the columns of an invoice file's preview.
var invoicePreviewColumns = []previewColumn{
	{"col.line", 55}, {"inv.col.carrier", 115}, {"inv.col.invoice", 215}, {"col.date", 100}, {"inv.col.shipment", 150},
	{"inv.col.charge", 90}, {"inv.col.amount", 110}, {"inv.col.weight", 105}, {"col.note", 360},
}

// invoiceImport is the import flow over carrier invoice files (the same steps as
// orders: choose, detect or map, preview, import with progress and Cancel, the
// rejected rows), in a dialog of the Invoices screen.
type invoiceImport struct {
	*importFlow[invoicePreview, ops.ImportInvoicesResult]
	imp invoiceImporter
}

func newInvoiceImport(e *env, imp invoiceImporter) *invoiceImport {
	s := &invoiceImport{imp: imp}
	s.importFlow = newImportFlow(e, importKind[invoicePreview, ops.ImportInvoicesResult]{
		exts:      []string{".csv", ".tsv", ".txt", ".xlsx"},
		formats:   invoiceFormatKeys,
		fields:    invoiceFields,
		constants: []string{"carrier", "currency", "marketplace"},
		columns:   invoicePreviewColumns,
		preview: func(ctx context.Context, path string, opt importOptions) (invoicePreview, error) {
			return s.imp.PreviewInvoices(ctx, path, invoiceOptions(opt))
		},
		show: s.shown,
		run: func(ctx context.Context, path string, opt importOptions, progress func(float64)) (ops.ImportInvoicesResult, error) {
			return s.imp.ImportInvoices(ctx, path, invoiceOptions(opt), progress)
		},
		report: s.reported,
	})
	return s
}

// invoiceOptions are the invoice import's options of the flow's choices.
func invoiceOptions(opt importOptions) ingest.InvoiceOptions {
	return ingest.InvoiceOptions{Name: opt.Name, Format: ingest.InvoiceFormat(opt.Format), DateOrder: opt.DateOrder, Map: opt.Map, Set: opt.Set}
}

// shown is an invoice file's preview as the flow shows it: its charge lines, then
// its rejected rows; the fields without a column are the mapping step's problem.
func (s *invoiceImport) shown(p *invoicePreview) importShown {
	e := s.e
	sh := importShown{header: p.Header, guess: p.Fields, missing: p.Missing, raw: p.RawRows, rawLines: p.RawLines}
	if p.Remembered {
		// the mapping step shows the mapping kept for the layout, ready to import
		sh.remembered, sh.guess = true, mappingGuess(p.Mapping)
	}
	for _, l := range p.Lines {
		shipment := l.Tracking
		if l.OrderRef != "" {
			shipment = strings.TrimSpace(shipment + " " + l.OrderRef)
		}
		weight := ""
		if l.BilledWeightG > 0 {
			weight = e.Tf("inv.grams", count(int(l.BilledWeightG)))
		}
		sh.rows = append(sh.rows, []string{strconv.Itoa(l.Row), l.Carrier, l.Invoice, l.InvoiceDate.String(), shipment,
			e.T("inv.charge." + l.Charge.String()), billedAmount(l.Amount, l.Currency), weight, ""})
	}
	for _, r := range p.Rejected {
		sh.rows = append(sh.rows, []string{fmt.Sprint(r.Line), "", "", "", "", "", "", "",
			e.Tf("import.rejectedRow", r.Column, e.importReason(&r.Why, r.Reason))})
	}
	switch {
	case p.Problem != nil:
		sh.problem = e.explain(p.Problem)
	case len(p.Missing) > 0:
		var names []string
		for _, f := range p.Missing {
			if f == "tracking" { // SPEC §8: at least one of tracking and order_ref
				names = append(names, e.T("inv.trackingOrRef"))
				continue
			}
			names = append(names, e.T("field."+f))
		}
		sh.problem = e.Tf("inv.import.missing", strings.Join(names, e.T("inv.listSep")))
	default:
		sh.message = e.Tf("inv.import.detected", e.T(keyAt(invoiceFormatKeys, int(p.Format))), count(len(p.Lines)), count(len(p.Rejected)))
	}
	return sh
}

// maxReissuedShown is how many re-issued invoices the result names.
const maxReissuedShown = 5

// reported says what an invoice import did: lines read = matched + unmatched +
// rejected (SPEC §8), the invoices new, unchanged and re-issued, and the lines of
// earlier invoices that found their order.
func (s *invoiceImport) reported(r *ops.ImportInvoicesResult) importReport {
	e := s.e
	rd, st := &r.Read, &r.Stored
	var b strings.Builder
	b.WriteString(e.Tf("inv.import.done", rd.File, count(rd.RowsRead-rd.HeaderRows), count(st.RowsMatched),
		count(st.RowsUnmatched), count(len(rd.Rejected)), count(st.New+st.Unchanged+len(st.Reissued)),
		count(st.New), count(st.Unchanged), count(len(st.Reissued))))
	if rd.HeaderRows > 0 {
		b.WriteString(" " + e.Tn("inv.import.headerRows", rd.HeaderRows, count(rd.HeaderRows)))
	}
	for i, k := range st.Reissued {
		if i == maxReissuedShown {
			b.WriteString("\n" + e.Tf("inv.import.moreReissued", count(len(st.Reissued)-maxReissuedShown)))
			break
		}
		b.WriteString("\n" + e.Tf("inv.import.reissued", k.Carrier, k.Number))
	}
	if st.Rematched > 0 {
		b.WriteString("\n" + e.Tn("inv.import.rematched", st.Rematched, count(st.Rematched)))
	}
	if rd.DateWhy.Key != "" {
		b.WriteString("\n" + e.Tf("inv.import.dates", e.importReason(&rd.DateWhy, rd.DateWhy.String())))
	}
	if r.Remembered {
		b.WriteString("\n" + e.T("import.mappingKept"))
	}
	return importReport{text: b.String(), rejectedFile: r.RejectedFile,
		changed: st.New+len(st.Reissued)+st.Rematched > 0}
}

// showInvoiceImport opens the invoice import in a dialog, on path when it is not
// "" (the demo's invoices); imported runs after an import that changed the
// database. Closing the dialog cancels an import still running.
func showInvoiceImport(e *env, imp invoiceImporter, path string, imported func()) *invoiceImport {
	s := newInvoiceImport(e, imp)
	s.after = func(r *importReport) {
		if r.changed && imported != nil {
			imported()
		}
	}
	content := s.layout("", e.T("inv.import.help"))
	d := dialog.NewCustom(e.T("inv.import.title"), e.T("action.close"), content, e.win)
	d.SetOnClosed(s.stop)
	size := e.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(1100, size.Width-40), min(700, size.Height-40)))
	d.Show()
	if path != "" {
		s.onFile(path)
	}
	return s
}
