package ingest

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"shipmode/logistics"
)

// InvoiceOptions say how to read a carrier invoice file.
type InvoiceOptions struct {
	Name      string            // file name used in messages and rejections
	Format    InvoiceFormat     // 0: tell it from the header
	Map       map[string]string // field → header that holds it (--map field=Header)
	Set       map[string]string // field → constant for every row (--set field=value)
	DateOrder DateOrder         // 0 (auto): decide the day/month order from the file
}

// InvoiceLineRow is one charge line read from an invoice file, with the line of the
// row it comes from (a DHL shipment row gives several).
type InvoiceLineRow struct {
	logistics.InvoiceLine
	Row int
}

// InvoiceLines are the lines read from an invoice file.
type InvoiceLines []InvoiceLineRow

// Len is the number of lines.
func (ls InvoiceLines) Len() int { return len(ls) }

// At returns line i and the line of the file it comes from.
func (ls InvoiceLines) At(i int) (*logistics.InvoiceLine, int) { return &ls[i].InvoiceLine, ls[i].Row }

// InvoicesResult is the account of reading an invoice file: every row read is an
// invoice header row, imported (as one or more charge lines) or rejected,
// RowsRead = HeaderRows + RowsImported + len(Rejected).
type InvoicesResult struct {
	File   string
	Format InvoiceFormat
	Header []string
	// Semicolons reports whether the file's cells are separated by ";": its
	// rejected rows are written the same way (WriteRejectedSemicolons).
	Semicolons bool
	Lines      InvoiceLines // in file order
	// RowsRead counts the rows after the header, not counting rows whose cells are
	// all empty; HeaderRows the invoice header rows among them (DHL's Line Type I),
	// which give their invoice's number and date and bill nothing.
	RowsRead, HeaderRows, RowsImported int
	Rejected                           []RowError // sorted by line
	// DateOrder is the day/month order of the file's numeric dates (0 when none
	// could be read both ways); DateWhy says what decided it.
	DateOrder DateOrder
	DateBasis DateBasis
	DateWhy   logistics.Sentence
}

// Summary is one line for a person: what was read, imported and rejected.
func (r *InvoicesResult) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %d rows read, %d imported as %s, %d rejected", r.File, r.Format, r.RowsRead-r.HeaderRows,
		r.RowsImported, plural(len(r.Lines), "charge line"), len(r.Rejected))
	if r.HeaderRows > 0 {
		fmt.Fprintf(&b, " (and %s)", plural(r.HeaderRows, "invoice header row"))
	}
	if r.DateWhy.Key != "" {
		fmt.Fprintf(&b, "; dates %s", r.DateWhy.String())
	}
	return b.String()
}

// Invoices reads a carrier invoice file (CSV, TSV, ";"-separated or the first sheet
// of an XLSX) into charge lines (SPEC §8), with the presets dhl, yunexpress and
// generic, and --map / --set for any other layout. A row is imported as one line
// (generic: charge and amount) or as one line per non-zero part column (a DHL
// shipment row: its weight charge as freight and each extra charge XCn, fuel for
// code FF and a surcharge otherwise; a YunExpress row: freight, fuel surcharge,
// registration and processing fees, other fees as a surcharge); a row whose parts do
// not add up to its total is rejected. Amounts are read exactly with currency
// symbols, decimal commas and accounting negatives ("(3.00)"); a credit is negative.
// Dates are read as orders' are, numeric ones in one day/month order for the file.
//
// Rows that cannot be read are rejected with their line, column and reason. The
// error is a *FileError for a file that is no table, a *ColumnError for a missing
// required column or a --map naming a header the file lacks, wraps ErrOption for a
// bad option, or is ctx's error.
func Invoices(ctx context.Context, r io.Reader, opt InvoiceOptions) (*InvoicesResult, error) {
	res, _, err := readInvoices(ctx, r, opt, -1, nil)
	return res, err
}

// ScanInvoices reads an invoice file as Invoices does, but hands its charge lines
// to emit as they are read, in file order and a batch at a time, instead of keeping
// them: the result's Lines is empty, and a batch is the callee's to keep. The lines
// of a row whose date waits for the file's day/month order (a numeric date that
// can be read both ways) are held back with every line after them until a date
// shows the order, or the file ends. An error from emit ends the reading and is
// returned.
func ScanInvoices(ctx context.Context, r io.Reader, opt InvoiceOptions, emit func(InvoiceLines) error) (*InvoicesResult, error) {
	res, _, err := readInvoices(ctx, r, opt, -1, emit)
	return res, err
}

// scanBatch is how many lines ScanInvoices hands over at a time.
const scanBatch = 4096

// InvoicePreview is what a column-mapping step shows before an invoice import: the
// layout found, the header, where each field would be read from, the required
// fields that still need a column, and the first rows as they would be read.
type InvoicePreview struct {
	Format   InvoiceFormat
	Header   []string
	Fields   map[string]string // field → header it is read from, or "=value" for a --set
	Missing  []string          // required fields with neither a column nor a value
	Lines    InvoiceLines      // of the first rows
	Rejected []RowError        // of the first rows
}

// PreviewInvoices reads the header and up to n rows of an invoice file as
// Invoices would with the same options; a missing required column is listed in
// Missing instead of being an error (the rows are then not read).
func PreviewInvoices(ctx context.Context, r io.Reader, opt InvoiceOptions, n int) (*InvoicePreview, error) {
	res, pv, err := readInvoices(ctx, r, opt, max(n, 0), nil)
	if err != nil {
		return pv, err
	}
	pv.Lines, pv.Rejected = res.Lines, res.Rejected
	return pv, nil
}

// readInvoices is Invoices reading at most limit rows (-1: all); with a limit, a
// missing column is no error but the preview's Missing. With emit, the lines go to
// it (ScanInvoices).
func readInvoices(ctx context.Context, r io.Reader, opt InvoiceOptions, limit int, emit func(InvoiceLines) error) (*InvoicesResult, *InvoicePreview, error) {
	t, err := openTableContext(ctx, r, opt.Name)
	if err != nil {
		return nil, nil, err
	}
	defer t.close()
	res := &InvoicesResult{File: opt.Name, Header: t.header, Semicolons: t.delim == ';'}
	f := opt.Format
	if int(f) >= len(invoiceFormatNames) {
		return res, nil, fmt.Errorf("invoice format %v: %w", f, ErrOption)
	}
	if f == 0 {
		f = detectInvoiceFormat(headerIndex(t.header))
	}
	res.Format = f
	p := invoicePreset(f)
	b, missing, err := bindInvoice(p, t.header, opt)
	if err != nil {
		return res, nil, err
	}
	pv := &InvoicePreview{Format: f, Header: t.header, Fields: map[string]string{}}
	for fl := range numIFields {
		switch {
		case b.isConst[fl]:
			pv.Fields[ifieldNames[fl]] = "=" + b.cnst[fl]
		case b.col[fl] >= 0:
			pv.Fields[ifieldNames[fl]] = t.header[b.col[fl]]
		}
	}
	if len(missing) > 0 {
		m := missing[0]
		col, name := ifieldNames[m], ifieldNames[m]
		if len(p.headers[m]) > 0 && p.format != InvoiceGeneric {
			col = p.headers[m][0]
		}
		if m == iTracking {
			name = "tracking or order_ref"
		}
		if limit >= 0 {
			for _, m := range missing {
				pv.Missing = append(pv.Missing, ifieldNames[m])
			}
			return res, pv, nil
		}
		return res, pv, columnError(opt.Name, col, rsMissingField, name)
	}
	if opt.DateOrder > YearMonthDay {
		return res, pv, fmt.Errorf("date order %v: %w", opt.DateOrder, ErrOption)
	}
	if err := t.body(false); err != nil {
		return res, pv, err
	}
	rd := &invoiceReader{t: t, p: p, b: b, res: res, opt: opt, header: t.header}
	if p.extraCharges {
		rd.xcs = extraChargeColumns(t.header)
	}
	if rd.order = opt.DateOrder; rd.order != 0 {
		rd.basis, rd.why = DateByOption, sayWith(rsDateRequested, rd.order.phrase())
	}
	for limit < 0 || res.RowsRead < limit {
		rec, line, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return res, pv, err
		}
		res.RowsRead++
		if res.RowsRead&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return res, pv, err
			}
		}
		rd.row(rec, line)
		if emit != nil && len(res.Lines) >= scanBatch {
			if rd.order != 0 {
				rd.settlePending() // the order is known: the rows that waited for it are settled
			}
			if len(rd.rows) == 0 {
				if err := emit(res.Lines); err != nil {
					return res, pv, err
				}
				res.Lines = make(InvoiceLines, 0, scanBatch+8)
			}
		}
	}
	rd.finish()
	if emit != nil {
		if len(res.Lines) > 0 {
			if err := emit(res.Lines); err != nil {
				return res, pv, err
			}
		}
		res.Lines = nil
	}
	return res, pv, nil
}

// invoiceReader reads the rows of one invoice file.
type invoiceReader struct {
	t      *table
	p      ipreset
	b      ibinding
	res    *InvoicesResult
	opt    InvoiceOptions
	header []string
	xcs    []extraCharge

	// the invoice header row in force (DHL Line Type I)
	headInvoice string
	headDate    dateVal
	headHasDate bool

	order      DateOrder
	basis      DateBasis
	why        logistics.Sentence
	rows       []pendingRow // imported rows whose dates wait for the file's day/month order
	sawPending bool
	strs       map[string]string
	// The last date and currency cells read and what they read as: rows in a row
	// mostly repeat them.
	lastDate     string
	lastDateVal  dateVal
	lastCurrency string
	lastCode     string
}

// pendingRow is an imported row whose lines wait for the file's date order.
type pendingRow struct {
	line        int
	rec         []string
	date        dateVal
	dateCol     string
	first, n    int // its lines: res.Lines[first : first+n]
	monthNumber bool
}

func (rd *invoiceReader) cell(rec []string, f ifield) string {
	if rd.b.isConst[f] {
		return rd.b.cnst[f]
	}
	c := rd.b.col[f]
	if c < 0 || c >= len(rec) {
		return ""
	}
	return trimCell(rec[c])
}

func (rd *invoiceReader) reject(rec []string, line int, col string, why logistics.Sentence) {
	if col == "" {
		col = "(row)"
	}
	rd.res.Rejected = append(rd.res.Rejected, RowError{File: rd.opt.Name, Line: line, Column: col, Reason: why.String(), Why: why, Record: slices.Clone(rec)})
}

// intern returns one shared copy of a repeated string (carriers, invoice numbers,
// services, currencies).
func (rd *invoiceReader) intern(s string) string {
	if rd.strs == nil {
		rd.strs = map[string]string{}
	}
	if v, ok := rd.strs[s]; ok {
		return v
	}
	s = strings.Clone(s)
	rd.strs[s] = s
	return s
}

// row reads one record.
func (rd *invoiceReader) row(rec []string, line int) {
	b := &rd.b
	if f := rd.t.fault; f != nil {
		rd.reject(rec, line, columnName(rd.header, f.col), f.why)
		return
	}
	if n := len(rd.header); len(rec) > n && !allEmpty(rec[n:]) {
		rd.reject(rec, line, columnName(rd.header, n), say(rsExtraCells, itoa(len(rec)), itoa(n)))
		return
	}
	// An invoice header row gives the invoice number and date of the rows after it.
	if lt := rd.cell(rec, iLineType); lt != "" || b.col[iLineType] >= 0 {
		switch strings.ToUpper(lt) {
		case "I", "H":
			// The rows after a header row that cannot be read belong to no invoice.
			rd.headInvoice, rd.headHasDate = "", false
			inv := rd.cell(rec, iInvoice)
			if inv == "" {
				rd.reject(rec, line, b.name[iInvoice], say(rsInvoiceEmpty, b.name[iInvoice]))
				return
			}
			var dv dateVal
			var has bool
			if s := rd.cell(rec, iDate); s != "" {
				v, err := scanInvoiceDate(s)
				if err != nil {
					rd.reject(rec, line, b.name[iDate], say(rsBadInvoiceDate, quote(s)))
					return
				}
				rd.notePending(v, line, s)
				dv, has = v, true
			}
			rd.headInvoice, rd.headDate, rd.headHasDate = rd.intern(inv), dv, has
			rd.res.HeaderRows++
			return
		case "S", "":
		default:
			rd.reject(rec, line, b.name[iLineType], say(rsUnknownLineType, quote(lt)))
			return
		}
	}
	var l logistics.InvoiceLine
	carrier := strings.ToLower(rd.cell(rec, iCarrier))
	if carrier == "" {
		rd.reject(rec, line, b.name[iCarrier], say(rsInvoiceEmpty, b.name[iCarrier]))
		return
	}
	l.Carrier = rd.intern(carrier)
	monthNumber := false
	if inv := rd.cell(rec, iInvoice); inv != "" {
		l.Invoice = rd.intern(inv)
	} else if rd.headInvoice != "" {
		l.Invoice = rd.headInvoice
	} else if rd.p.monthInvoice {
		monthNumber = true
	} else {
		why := say(rsInvoiceEmpty, b.name[iInvoice])
		if rd.p.format == InvoiceDHL {
			why = say(rsNoInvoiceHeader)
		}
		rd.reject(rec, line, b.name[iInvoice], why)
		return
	}
	var date dateVal
	if s := rd.cell(rec, iDate); s != "" {
		v := rd.lastDateVal
		if s != rd.lastDate {
			var err error
			if v, err = scanInvoiceDate(s); err != nil {
				rd.reject(rec, line, b.name[iDate], say(rsBadInvoiceDate, quote(s)))
				return
			}
			rd.lastDate, rd.lastDateVal = strings.Clone(s), v
		}
		rd.notePending(v, line, s)
		date = v
	} else if rd.headHasDate {
		date = rd.headDate
	} else {
		rd.reject(rec, line, b.name[iDate], say(rsInvoiceEmpty, b.name[iDate]))
		return
	}
	l.Tracking = strings.Clone(rd.cell(rec, iTracking))
	l.OrderRef = strings.Clone(rd.cell(rec, iRef))
	if l.Tracking == "" && l.OrderRef == "" {
		col := b.name[iTracking]
		if b.col[iTracking] < 0 {
			col = b.name[iRef]
		}
		rd.reject(rec, line, col, say(rsNoTrackingOrRef))
		return
	}
	l.Marketplace = rd.intern(strings.ToLower(rd.cell(rec, iMarketplace)))
	l.Service = rd.intern(rd.cell(rec, iService))
	declared := ""
	if s := rd.cell(rec, iCurrency); s != "" {
		if s != rd.lastCurrency {
			code, err := currencyCode(s)
			if err != nil {
				rd.reject(rec, line, b.name[iCurrency], whyOf(err))
				return
			}
			rd.lastCurrency, rd.lastCode = strings.Clone(s), code
		}
		declared = rd.lastCode
	}
	if s := rd.cell(rec, iWeightG); s != "" {
		g, err := parseCount(s)
		if err != nil || g < 0 {
			rd.reject(rec, line, b.name[iWeightG], say(rsBadBilledWeight, quote(s)))
			return
		}
		l.BilledWeightG = g
	} else if s := rd.cell(rec, iWeightKg); s != "" {
		kg, sym, err := parseMoney(s, rd.t.decimalComma)
		// grams = kg × 1000: whole when the nano-units are a multiple of 10⁶
		if err != nil || sym != "" && !strings.EqualFold(sym, "KG") || kg < 0 || int64(kg)%1_000_000 != 0 {
			rd.reject(rec, line, b.name[iWeightKg], say(rsBadBilledWeight, quote(s)))
			return
		}
		l.BilledWeightG = int64(kg) / 1_000_000
	}

	// The charges.
	type part struct {
		charge logistics.Charge
		amount logistics.Dec
		col    string
	}
	var parts []part
	cur := ""
	money := func(col, s string, p phraseID) (logistics.Dec, bool) {
		v, sym, err := parseMoney(s, rd.t.decimalComma)
		if err != nil {
			rd.reject(rec, line, col, say(p, quote(s)))
			return 0, false
		}
		c, why := amountCurrency(sym, declared)
		if why.Key != "" {
			rd.reject(rec, line, col, why)
			return 0, false
		}
		switch {
		case c == "":
		case cur == "":
			cur = c
		case cur != c:
			rd.reject(rec, line, col, say(rsAmountCurrencyDiffers, c, cur))
			return 0, false
		}
		return v, true
	}
	single := b.col[iAmount] >= 0 || b.isConst[iAmount]
	if single {
		s := rd.cell(rec, iAmount)
		if s == "" {
			rd.reject(rec, line, b.name[iAmount], say(rsInvoiceEmpty, b.name[iAmount]))
			return
		}
		v, ok := money(b.name[iAmount], s, rsBadAmount)
		if !ok {
			return
		}
		ch, err := parseChargeCell(rd.cell(rec, iCharge))
		if err != nil {
			rd.reject(rec, line, b.name[iCharge], whyOf(err))
			return
		}
		if ch == logistics.ChargeCredit && v > 0 {
			v = -v // a credit lowers what is owed, however it is written
		}
		parts = append(parts, part{ch, v, b.name[iAmount]})
	} else {
		for _, pf := range partFields {
			s := rd.cell(rec, pf.f)
			if s == "" {
				continue
			}
			v, ok := money(b.name[pf.f], s, rsBadAmount)
			if !ok {
				return
			}
			ch, _ := logistics.ParseCharge(pf.charge)
			parts = append(parts, part{ch, v, b.name[pf.f]})
		}
		for _, x := range rd.xcs {
			s := cellAt(rec, x.charge)
			if s == "" {
				continue
			}
			col := columnName(rd.header, x.charge)
			v, ok := money(col, s, rsBadAmount)
			if !ok {
				return
			}
			ch := logistics.ChargeSurcharge
			if code := strings.ToUpper(cellAt(rec, x.code)); code == "FF" {
				ch = logistics.ChargeFuel
			}
			parts = append(parts, part{ch, v, col})
		}
	}
	if len(parts) == 0 {
		rd.reject(rec, line, "", say(rsNoCharge))
		return
	}
	if s := rd.cell(rec, iTotal); s != "" && !single {
		total, ok := money(b.name[iTotal], s, rsBadAmount)
		if !ok {
			return
		}
		var sum logistics.Dec
		for _, p := range parts {
			sum += p.amount
		}
		if sum != total {
			rd.reject(rec, line, b.name[iTotal], say(rsTotalMismatch, sum.String(), total.String()))
			return
		}
	}
	if cur == "" {
		cur = declared
	}
	if cur == "" {
		rd.reject(rec, line, parts[0].col, say(rsAmountNoCurrency))
		return
	}
	l.Currency = rd.intern(cur)
	// A row of parts keeps its non-zero ones; all zero, it bills a zero freight (the
	// shipment was billed, at nothing), so that it is not lost.
	first := len(rd.res.Lines)
	for _, p := range parts {
		if p.amount == 0 && !single {
			continue
		}
		l.Charge, l.Amount = p.charge, p.amount
		rd.res.Lines = append(rd.res.Lines, InvoiceLineRow{InvoiceLine: l, Row: line})
	}
	if len(rd.res.Lines) == first {
		l.Charge, l.Amount = logistics.ChargeFreight, 0
		rd.res.Lines = append(rd.res.Lines, InvoiceLineRow{InvoiceLine: l, Row: line})
	}
	rd.res.RowsImported++
	r := pendingRow{line: line, date: date, dateCol: b.name[iDate], first: first, n: len(rd.res.Lines) - first, monthNumber: monthNumber}
	if date.pending && rd.order == 0 {
		// The date waits for the file's day/month order: keep the row to reject it
		// then if it is not valid that way.
		r.rec = make([]string, len(rec))
		for i, c := range rec {
			r.rec[i] = strings.Clone(c)
		}
		rd.rows = append(rd.rows, r)
		return
	}
	r.rec = rec
	if !rd.settle(&r) {
		rd.res.Lines = rd.res.Lines[:first]
	}
}

// settle gives a row's lines their date and, for a statement without a number,
// their invoice number; a date not valid in the file's order rejects the row, and
// settle reports false.
func (rd *invoiceReader) settle(r *pendingRow) bool {
	res := rd.res
	d, err := r.date.resolve(rd.order)
	if err != nil {
		rd.reject(r.rec, r.line, r.dateCol, sayWith(rsInvoiceDateInvalid, nested(whyOf(err))))
		res.RowsImported--
		return false
	}
	inv := ""
	if r.monthNumber {
		inv = rd.intern(d.String()[:7])
	}
	for j := r.first; j < r.first+r.n; j++ {
		res.Lines[j].InvoiceDate = d
		if inv != "" {
			res.Lines[j].Invoice = inv
		}
	}
	return true
}

// amountCurrency is the currency of an amount written with sym on a row whose
// currency column says declared ("" when it says none); a Key-less sentence when
// it is fine.
func amountCurrency(sym, declared string) (string, logistics.Sentence) {
	if sym == "" {
		return "", logistics.Sentence{}
	}
	cands, ok := symbolCurrencies[sym]
	if !ok {
		if len(sym) == 3 && logistics.CheckCurrency(sym) == nil {
			cands = []string{sym}
		} else {
			return "", say(rsUnknownSymbol, quote(sym))
		}
	}
	if declared == "" {
		if cands[0] == "" {
			return "", say(rsAmbiguousSymbol, quote(sym))
		}
		return cands[0], logistics.Sentence{}
	}
	if slices.Contains(cands, declared) {
		return declared, logistics.Sentence{}
	}
	return "", say(rsAmountSymbolDiffers, sym, declared)
}

// parseChargeCell reads a charge kind cell.
func parseChargeCell(s string) (logistics.Charge, error) {
	c, err := logistics.ParseCharge(s)
	if err != nil {
		return 0, fault(rsUnknownCharge, quote(s))
	}
	return c, nil
}

// scanInvoiceDate is scanDate that also reads the compact YYYYMMDD of carrier
// e-bills ("20260503").
func scanInvoiceDate(s string) (dateVal, error) {
	t := strings.TrimSpace(s)
	if len(t) == 8 && strings.Trim(t, "0123456789") == "" {
		y, m, d := atoiDigits(t[:4]), atoiDigits(t[4:6]), atoiDigits(t[6:])
		return fixedDate(t, y, m, d)
	}
	return scanDate(s)
}

func atoiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// notePending decides the file's day/month order from a value that shows it.
func (rd *invoiceReader) notePending(v dateVal, line int, text string) {
	if !v.pending {
		return
	}
	rd.sawPending = true
	if rd.order != 0 {
		return
	}
	switch v.decides() {
	case DayMonth:
		rd.order, rd.basis, rd.why = DayMonth, DateByValue, say(rsDateDayMonthByValue, quote(text), itoa(line))
	case MonthDay:
		rd.order, rd.basis, rd.why = MonthDay, DateByValue, say(rsDateMonthDayByValue, quote(text), itoa(line))
	}
}

// finish resolves the dates that waited for the file's day/month order (day/month
// when no value shows it: carriers outside the US write dates day-first) and
// rejects the rows whose date is not valid in it.
func (rd *invoiceReader) finish() {
	res := rd.res
	if rd.order == 0 && rd.sawPending {
		rd.order, rd.basis = DayMonth, DateByDefault
		rd.why = phrases[rsDateByDefault].Say(logistics.Arg{Inner: DayMonth.phrase()}, cv(rd.p.format.String()))
	}
	if rd.sawPending || rd.opt.DateOrder != 0 {
		res.DateOrder, res.DateBasis, res.DateWhy = rd.order, rd.basis, rd.why
	}
	rd.settlePending()
	slices.SortStableFunc(res.Rejected, func(a, b RowError) int { return cmp.Compare(a.Line, b.Line) })
}

// settlePending settles the rows that waited for the file's day/month order, now
// known, rejecting those whose date is not valid in it.
func (rd *invoiceReader) settlePending() {
	res := rd.res
	drop := false
	for i := range rd.rows {
		r := &rd.rows[i]
		if !rd.settle(r) {
			for j := r.first; j < r.first+r.n; j++ {
				res.Lines[j].Row = -1
			}
			drop = true
		}
	}
	if drop {
		res.Lines = slices.DeleteFunc(res.Lines, func(l InvoiceLineRow) bool { return l.Row < 0 })
	}
	rd.rows = nil
}
