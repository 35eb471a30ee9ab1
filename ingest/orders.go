package ingest

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"strings"

	"shipmode/logistics"
)

// OrderOptions say how to read an order file.
type OrderOptions struct {
	Name      string            // file name used in messages and rejections
	Format    Format            // 0: tell it from the header
	Map       map[string]string // field → header that holds it (--map field=Header)
	Set       map[string]string // field → constant for every row (--set field=value)
	DateOrder DateOrder         // 0 (auto): decide the day/month order from the file (see OrdersResult.DateBasis)
	// Regroup reads every row before it emits an order and groups the rows by order
	// across the whole file: for a file whose rows of one order are not together,
	// on which ScanOrders without it stops with a *SplitError (see ScanOrders).
	Regroup bool
}

// ErrSplitOrders is what a *SplitError wraps: the rows of an order are not together
// in the file, and the orders emitted so far must be thrown away and the file read
// again with OrderOptions.Regroup.
var ErrSplitOrders = errors.New("the rows of an order are not together (read the file again with Regroup)")

// SplitError stops a streaming ScanOrders at a row of an order that already ended:
// the order was emitted without that row. It wraps ErrSplitOrders.
type SplitError struct {
	File        string
	Marketplace string // the order's ("" when the split was found after the file was read)
	Ref         string
	First       int // line of the order's first row
	Line        int // line of the row that comes back to it
}

func (e *SplitError) Error() string {
	order := "an order"
	if e.Ref != "" {
		order = "order " + e.Ref
	}
	return fmt.Sprintf("%s line %d: %s (from line %d) continues after other orders: %v", e.File, e.Line, order, e.First, ErrSplitOrders)
}

func (e *SplitError) Unwrap() error { return ErrSplitOrders }

// ImportedOrder is one order read from a file, with all its lines.
type ImportedOrder struct {
	Order    logistics.Order
	Status   logistics.Status // Open or Shipped
	Line     int              // line of the order's first row
	Tracking string           // the carrier's tracking number ("" when the file has none)
}

// OrderKey names an order: the store's key and the line where the file has it.
type OrderKey struct {
	Marketplace string
	Ref         string
	Line        int
}

// OrdersResult is the account of one order import: every row read was imported (as
// part of an order), left out as the file says or rejected,
// RowsRead = RowsImported + len(LeftOut) + len(Rejected).
type OrdersResult struct {
	File   string
	Format Format
	Header []string
	// Semicolons reports whether the file's cells are separated by ";" (European
	// Excel's CSV): its rejected rows are written the same way (WriteRejectedSemicolons).
	Semicolons   bool
	Orders       []ImportedOrder // filled by Orders; nil from ScanOrders
	OrderCount   int             // orders imported
	RowsRead     int             // rows after the header, not counting rows whose cells are all empty
	RowsImported int
	Rejected     []RowError // sorted by line
	// LeftOut are the rows the file itself says not to ship: the rows of an order it
	// marks cancelled, a line it marks cancelled, a line that needs no shipping (a
	// gift card). They are not errors — nothing in them is for the seller to fix —
	// so they are neither rejected nor written to the rejected rows' file; sorted by
	// line, without their cells (Record is nil).
	LeftOut   []RowError
	Cancelled []OrderKey // orders the file marks cancelled (their rows are in LeftOut)
	// DateOrder is the day/month order of the file's numeric dates, 0 when it has
	// none that could be read both ways and none was requested; DateBasis says what
	// decided it, DateWhy says it as a sentence of Phrases (the first of Notes) and
	// DateNote in English.
	DateOrder DateOrder
	DateBasis DateBasis
	DateWhy   logistics.Sentence
	DateNote  string
	// SplitOrders counts the orders whose rows were not together in the file (read
	// with Regroup; 0 otherwise).
	SplitOrders int
	// NamedLines counts the imported lines whose SKU cell was empty and whose SKU is
	// their item name after NamePrefix ("name:Handmade soap"; see ProductName).
	NamedLines int
}

// NamePrefix starts the SKU of an order line that had no SKU but the product's name
// (Shopify's "Lineitem name", the item_name field): "name:Handmade soap". Such a
// line is its own product instead of every such line being the one product "", and
// its order needs product data — the store flags an order whose SKU is not among the
// products — until products give data under that very key.
const NamePrefix = "name:"

// ProductName returns the product name a SKU made from it holds (NamePrefix), for
// showing such a line as a name that needs product data.
func ProductName(sku string) (name string, ok bool) {
	if name, ok = strings.CutPrefix(sku, NamePrefix); !ok {
		return "", false
	}
	return name, true
}

// Summary is one line for a person: what was read, imported and rejected.
func (r *OrdersResult) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %d rows read, %d imported as %s", r.File, r.Format, r.RowsRead, r.RowsImported, plural(r.OrderCount, "order"))
	if len(r.LeftOut) > 0 {
		fmt.Fprintf(&b, ", %d left out as the file says", len(r.LeftOut))
		if len(r.Cancelled) > 0 {
			fmt.Fprintf(&b, " (%s cancelled)", plural(len(r.Cancelled), "order"))
		}
	}
	fmt.Fprintf(&b, ", %d rejected", len(r.Rejected))
	if r.DateNote != "" {
		fmt.Fprintf(&b, "; dates %s", r.DateNote)
	}
	for _, n := range r.notes() {
		b.WriteString("; ")
		b.WriteString(n.String())
	}
	return b.String()
}

// Notes are what a person should know of an import besides its counts and
// rejections, as sentences of Phrases: how the day/month order of the dates was
// decided (DateWhy), that rows of orders were apart in the file, that lines without
// a SKU are keyed by their names.
func (r *OrdersResult) Notes() []logistics.Sentence {
	var ns []logistics.Sentence
	if r.DateWhy.Key != "" {
		ns = append(ns, r.DateWhy)
	}
	return append(ns, r.notes()...)
}

// notes are the Notes but the date's (which the summary says first).
func (r *OrdersResult) notes() []logistics.Sentence {
	var ns []logistics.Sentence
	if r.SplitOrders > 0 {
		ns = append(ns, say(rsSplitOrders, itoa(r.SplitOrders)))
	}
	if r.NamedLines > 0 {
		ns = append(ns, say(rsNamedLines, itoa(r.NamedLines)))
	}
	return ns
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Orders reads a whole order file into memory (see ScanOrders). A file whose rows of
// one order are apart is read again with Regroup: from where r was when it is an
// io.Seeker, else from a copy of it in memory.
func Orders(r io.Reader, opt OrderOptions) (*OrdersResult, error) {
	if opt.Regroup {
		return collectOrders(r, opt)
	}
	rs, ok := r.(io.ReadSeeker)
	var start int64
	if ok {
		var err error
		start, err = rs.Seek(0, io.SeekCurrent)
		ok = err == nil
	}
	if !ok {
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", opt.Name, err)
		}
		rs, start = bytes.NewReader(b), 0
	}
	res, err := collectOrders(rs, opt)
	if errors.Is(err, ErrSplitOrders) {
		if _, err := rs.Seek(start, io.SeekStart); err != nil {
			return res, fmt.Errorf("read %s again: %w", opt.Name, err)
		}
		opt.Regroup = true
		res, err = collectOrders(rs, opt)
	}
	return res, err
}

func collectOrders(r io.Reader, opt OrderOptions) (*OrdersResult, error) {
	var orders []ImportedOrder
	res, err := ScanOrders(context.Background(), r, opt, func(o ImportedOrder) error {
		orders = append(orders, o)
		return nil
	})
	if res != nil {
		res.Orders = orders
	}
	return res, err
}

// ScanOrders reads a marketplace order export (CSV, TSV or the first sheet of an XLSX)
// and calls emit for each complete order, in file order. Rows that cannot be read are
// rejected with their line, column and reason; a bad row rejects its whole order,
// every row of it (a partial order would be planned wrong, and would replace a whole
// one already stored), while a cancelled line, a negative or zero quantity or a line
// that needs no shipping is rejected alone and the order keeps its other lines. An
// order the file marks cancelled is not emitted: its rows are rejected and it is
// listed in Cancelled.
//
// Orders stream out as their rows end, which needs the rows of one order to be
// together, as every marketplace writes them. A row of an order that already ended
// ends the scan with a *SplitError (ErrSplitOrders): at once, before anything more
// is emitted, when both are among the first 65,536 orders (earlyOrders), else once
// the last row is read, before the last order is emitted (see refSet). That order
// went out without the row, so the caller throws away what it received (rolls back
// its transaction) and scans the file again with OrderOptions.Regroup, which reads
// all rows first and groups them by order across the file, each order in the place
// of its first row.
//
// Numeric dates whose fields could be read more than one way ("04/05/2026") are read
// in one order for the whole file: OrderOptions.DateOrder when it is given; else the
// first value that can be read one way only ("13/04/2026"); else, when the file ends
// and no value decided, day/month for a ;-separated file, month/day when a value is
// written the M/D/YY way (a one-digit second field, "12/1/10 8:26": day-first exports
// write 01/12/10), and otherwise the format's default (day/month for generic files,
// month/day for the Amazon, eBay and Shopify presets), a guess the result says is
// one. OrdersResult.DateBasis and DateWhy say which. Orders with such dates wait
// until the order is decided, so they may be emitted later than the rows after them
// were read.
//
// The error is a *FileError for a file that is no table at all (a damaged, old or
// password-protected workbook, a zip bomb, binary data), a *ColumnError for a missing
// required column or a --map naming a header the file lacks, wraps ErrOption for a
// bad option, is a *SplitError as above, and is emit's or ctx's error when they stop
// the import; the result is then partial.
func ScanOrders(ctx context.Context, r io.Reader, opt OrderOptions, emit func(ImportedOrder) error) (*OrdersResult, error) {
	t, err := openTableContext(ctx, r, opt.Name)
	if err != nil {
		return nil, err
	}
	defer t.close()
	im := &importer{ctx: ctx, opt: opt, t: t, emit: emit, header: t.header}
	if sized, ok := r.(interface{ Size() int64 }); ok && !opt.Regroup {
		im.seen.reserve(sized.Size())
	}
	im.res = &OrdersResult{File: opt.Name, Header: t.header, Semicolons: t.delim == ';'}
	f, err := chooseFormat(opt.Format, t.header)
	if err != nil {
		return im.res, err
	}
	im.res.Format = f
	im.p = presetFor(f)
	var missing []field
	if im.b, missing, err = bind(im.p, t.header, opt); err != nil {
		return im.res, err
	}
	if len(missing) > 0 {
		return im.res, missingColumn(im.p, missing[0], opt.Name)
	}
	if err := t.body(im.p.rawTSV); err != nil {
		return im.res, err
	}
	if opt.DateOrder > YearMonthDay {
		return im.res, fmt.Errorf("date order %v: %w", opt.DateOrder, ErrOption)
	}
	if im.order = opt.DateOrder; im.order != 0 {
		im.basis, im.orderWhy = DateByOption, sayWith(rsDateRequested, im.order.phrase())
	}
	im.strs = make(map[string]string)
	im.markets = make(map[string]market)
	im.currencies = make(map[string]string)
	im.seed = maphash.MakeSeed()
	run := im.run
	if opt.Regroup {
		run = im.regroup
	}
	if err := run(); err != nil {
		im.finishResult()
		return im.res, err
	}
	im.finishResult()
	return im.res, nil
}

type importer struct {
	ctx    context.Context
	opt    OrderOptions
	t      *table
	p      preset
	b      binding
	header []string
	emit   func(ImportedOrder) error
	res    *OrdersResult

	order      DateOrder // decided (or requested) day/month order; 0 = undecided
	basis      DateBasis
	orderWhy   logistics.Sentence
	sawPending bool
	styleText  string // the first pending date written the M/D/YY way, and its line
	styleLine  int

	strs       map[string]string // interned SKUs
	markets    map[string]market // marketplace cell → lower-case name
	currencies map[string]string // currency cell → ISO code
	seed       maphash.Seed
	seen       refSet           // orders started so far (not when regrouping)
	regrouped  bool             // the rows come grouped by order (Regroup)
	slab       []logistics.Line // order lines are cut from shared blocks
	cur        group
	queue      []*group // complete orders waiting for the day/month order
}

// market is a marketplace name and the salt that keys its order references.
type market struct {
	name string
	salt uint64
}

// group is the order being read: its rows so far and the values they gave.
type group struct {
	active   bool
	mkt, ref string
	rows     []groupRow

	date, promise            dateVal
	hasDate, hasPromise      bool
	dateRow, promiseRow      int // index into rows
	country, postal          string
	tracking                 string // the first tracking number of the order's rows
	declared, currency       string // currency column; currency of the prices
	promised                 int64
	hasPromised              bool
	cancelled                bool
	cancelCol                string
	cancelWhy                logistics.Sentence
	orderShipped, allShipped bool
	cancelledLines           int
	named                    int // lines keyed by their item name
	lines                    []logistics.Line
	failed                   bool
	failRow                  int
}

// groupRow is one row of a group, kept until the order is emitted or rejected.
type groupRow struct {
	line int
	rec  []string
	col  string
	why  logistics.Sentence // why this row is rejected or left out (no Key: it is not)
	// out says that the row is left out as the file says (a cancelled or unshipped
	// line), not rejected.
	out bool
}

func (im *importer) run() error {
	if err := im.records(im.row); err != nil {
		return err
	}
	if first, line, split := im.seen.check(); split {
		return &SplitError{File: im.opt.Name, First: first, Line: line}
	}
	return im.end()
}

// records calls fn for each record of the table with its line, counting the rows
// read and stopping when the import's context ends.
func (im *importer) records(fn func(rec []string, line int) error) error {
	for {
		rec, line, err := im.t.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		im.res.RowsRead++
		if im.res.RowsRead&1023 == 0 {
			if err := im.ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn(rec, line); err != nil {
			return err
		}
	}
}

// keyFault rejects a record whose order reference or marketplace cell is at fault
// (the table's fault of it): it has no order to tell. It reports whether it did.
func (im *importer) keyFault(rec []string, line int) bool {
	f := im.t.fault
	if f == nil || f.col != im.b.col[fRef] && f.col != im.b.col[fMarketplace] {
		return false
	}
	im.rejectAlone(rec, line, columnName(im.header, f.col), f.why) // no order to tell
	return true
}

// end completes the last order and decides the day/month order of the orders that
// still wait for it.
func (im *importer) end() error {
	if err := im.finish(); err != nil {
		return err
	}
	if im.order == 0 && len(im.queue) > 0 {
		switch {
		case im.t.delim == ';':
			return im.decide(DayMonth, DateByDefault, say(rsDateSemicolonDefault))
		case im.styleLine > 0:
			return im.decide(MonthDay, DateByStyle, say(rsDateByStyle, quote(im.styleText), itoa(im.styleLine)))
		default:
			o := im.p.dateOrder
			return im.decide(o, DateByDefault, phrases[rsDateByDefault].Say(logistics.Arg{Inner: o.phrase()}, cv(im.p.format.String())))
		}
	}
	return nil
}

func (im *importer) cell(rec []string, f field) string {
	if im.b.isConst[f] {
		return im.b.cnst[f]
	}
	c := im.b.col[f]
	if c < 0 || c >= len(rec) {
		return ""
	}
	return trimCell(rec[c])
}

// trimCell is strings.TrimSpace with a quick exit for the usual cell.
func trimCell(s string) string {
	if n := len(s); n > 0 && s[0] > ' ' && s[0] < 0x80 && s[n-1] > ' ' && s[n-1] < 0x80 {
		return s
	}
	return strings.TrimSpace(s)
}

// row handles one record.
func (im *importer) row(rec []string, line int) error {
	if im.keyFault(rec, line) {
		return nil
	}
	mkt, ref, ok := im.key(rec, line)
	if !ok {
		return nil
	}
	g := &im.cur
	if !g.active || g.mkt != mkt.name || g.ref != ref {
		if !im.regrouped {
			key := maphash.String(im.seed, ref) ^ mkt.salt
			if first, dup := im.seen.add(key, line); dup {
				return &SplitError{File: im.opt.Name, Marketplace: mkt.name, Ref: strings.Clone(ref), First: first, Line: line}
			}
		}
		if err := im.finish(); err != nil {
			return err
		}
		g.start(mkt.name, ref)
	}
	return im.add(g, rec, line)
}

// key is the order a record belongs to; a record without one is rejected.
func (im *importer) key(rec []string, line int) (market, string, bool) {
	ref := im.cell(rec, fRef)
	if ref == "" {
		why := say(rsEmptyRef)
		if isEbayFooter(rec) {
			why = say(rsEbayFooter)
		}
		im.rejectAlone(rec, line, im.b.name[fRef], why)
		return market{}, "", false
	}
	mkt := im.marketplace(im.cell(rec, fMarketplace))
	if mkt.name == "" {
		im.rejectAlone(rec, line, im.b.name[fMarketplace], say(rsEmptyMarketplace))
		return market{}, "", false
	}
	return mkt, ref, true
}

func isEbayFooter(rec []string) bool {
	for _, s := range rec {
		if strings.Contains(s, "record(s) downloaded") || strings.HasPrefix(strings.TrimSpace(s), "Seller ID") {
			return true
		}
	}
	return false
}

func (g *group) start(mkt, ref string) {
	rows, lines := g.rows[:0], g.lines[:0]
	*g = group{active: true, mkt: mkt, ref: ref, rows: rows, lines: lines, allShipped: true}
}

// push keeps a copy of a record in the group (reusing earlier groups' buffers).
func (g *group) push(rec []string, line int) *groupRow {
	if len(g.rows) < cap(g.rows) {
		g.rows = g.rows[:len(g.rows)+1]
	} else {
		g.rows = append(g.rows, groupRow{})
	}
	gr := &g.rows[len(g.rows)-1]
	gr.line, gr.col, gr.why, gr.out = line, "", logistics.Sentence{}, false
	gr.rec = append(gr.rec[:0], rec...)
	return gr
}

// fail rejects row i for a reason that makes the whole order unusable.
func (g *group) fail(i int, col string, why logistics.Sentence) {
	r := &g.rows[i]
	if r.why.Key == "" {
		r.col, r.why = col, why
	}
	if !g.failed {
		g.failed, g.failRow = true, i
	}
}

// drop rejects row i alone: the order goes on without it.
func (g *group) drop(i int, col string, why logistics.Sentence) {
	g.rows[i].col, g.rows[i].why = col, why
}

// leave leaves row i of the order out as the file says (a cancelled line, a line
// that needs no shipping): not an error, not rejected.
func (g *group) leave(i int, col string, why logistics.Sentence) {
	g.rows[i].col, g.rows[i].why, g.rows[i].out = col, why, true
}

// add reads one row into the order being built.
func (im *importer) add(g *group, rec []string, line int) error {
	g.push(rec, line)
	i := len(g.rows) - 1
	b := &im.b
	if f := im.t.fault; f != nil {
		g.fail(i, columnName(im.header, f.col), f.why)
		return nil
	}
	if im.extraCells(rec) {
		n := len(im.header)
		g.fail(i, columnName(im.header, n), say(rsExtraCells, itoa(len(rec)), itoa(n)))
		return nil
	}
	// Order-level values: the first row that has one gives it; later rows may leave
	// it empty (Shopify, eBay item rows) or repeat it (generic, Amazon).
	if s := im.cell(rec, fDate); s != "" {
		v, err := scanDate(s)
		switch {
		case err != nil:
			g.fail(i, b.name[fDate], say(rsBadOrderDate, quote(s)))
		case !g.hasDate:
			g.date, g.hasDate, g.dateRow = v, true, i
		case !g.date.same(v):
			g.fail(i, b.name[fDate], say(rsOrderDateDiffers, quote(s), itoa(g.rows[g.dateRow].line)))
		}
		if err == nil {
			if err := im.notePending(v, line, s); err != nil {
				return err
			}
		}
	}
	if s := im.cell(rec, fCountry); s != "" {
		code, ok := CountryCode(s)
		switch {
		case !ok:
			g.fail(i, b.name[fCountry], say(rsUnknownCountry, quote(s)))
		case g.country == "":
			g.country = code
		case g.country != code:
			g.fail(i, b.name[fCountry], say(rsCountryDiffers, code, g.country))
		}
	}
	if s := im.cell(rec, fPostal); s != "" {
		s = strings.TrimPrefix(s, "'") // Shopify keeps leading zeros with an apostrophe
		switch {
		case g.postal == "":
			g.postal = s
		case g.postal != s:
			g.fail(i, b.name[fPostal], say(rsPostalDiffers, quote(s), quote(g.postal)))
		}
	}
	if s := im.cell(rec, fTracking); s != "" && g.tracking == "" {
		g.tracking = s
	}
	if s := im.cell(rec, fCurrency); s != "" {
		code, err := im.currencyCode(s)
		switch {
		case err != nil:
			g.fail(i, b.name[fCurrency], whyOf(err))
		case g.declared == "":
			g.declared = code
		case g.declared != code:
			g.fail(i, b.name[fCurrency], say(rsCurrencyDiffers, code, g.declared))
		}
	}
	if s := im.cell(rec, fPromisedDays); s != "" {
		n, err := parseCount(s)
		switch {
		case err != nil || n < 0:
			g.fail(i, b.name[fPromisedDays], say(rsBadPromisedDays, quote(s)))
		case !g.hasPromised:
			g.promised, g.hasPromised = n, true
		case g.promised != n:
			g.fail(i, b.name[fPromisedDays], say(rsPromisedDaysDiffer, itoa(n), itoa(g.promised)))
		}
	}
	if s := im.cell(rec, fPromiseDate); s != "" {
		v, err := scanDate(s)
		switch {
		case err != nil:
			g.fail(i, b.name[fPromiseDate], say(rsBadPromiseDate, quote(s)))
		case !g.hasPromise:
			g.promise, g.hasPromise, g.promiseRow = v, true, i
		}
		if err == nil {
			if err := im.notePending(v, line, s); err != nil {
				return err
			}
		}
	}
	if s := im.cell(rec, fStatus); s != "" {
		st, err := parseStatus(s)
		switch {
		case err != nil:
			g.fail(i, b.name[fStatus], whyOf(err))
		case st == logistics.Cancelled:
			g.cancel(b.name[fStatus], say(rsOrderCancelled, b.name[fStatus], quote(s)))
		case st == logistics.Shipped:
			g.orderShipped = true
		}
	}
	if s := im.cell(rec, fCancelledDate); s != "" {
		g.cancel(b.name[fCancelledDate], say(rsOrderCancelled, b.name[fCancelledDate], s))
	}
	shipped := im.cell(rec, fShippedDate) != ""

	// Line values. An eBay summary row carries the order, not an item.
	if im.p.summaryRows && im.cell(rec, fItemID) == "" && im.cell(rec, fSKU) == "" {
		if shipped {
			g.orderShipped = true
		}
		return nil
	}
	qs := im.cell(rec, fQty)
	qty, err := parseCount(qs)
	switch {
	case qs == "":
		g.fail(i, b.name[fQty], say(rsNoQuantity))
		return nil
	case err != nil:
		g.fail(i, b.name[fQty], say(rsBadQuantity, quote(qs)))
		return nil
	case qty < 0:
		g.drop(i, b.name[fQty], say(rsNegativeQuantity, itoa(qty)))
		g.cancelledLines++
		return nil
	case qty == 0:
		g.drop(i, b.name[fQty], say(rsZeroQuantity))
		g.cancelledLines++
		return nil
	case qty > maxQty:
		g.fail(i, b.name[fQty], say(rsQuantityTooLarge, itoa(qty), itoa(maxQty)))
		return nil
	}
	if s := im.cell(rec, fItemStatus); s != "" {
		st, err := parseStatus(s)
		switch {
		case err != nil:
			g.fail(i, b.name[fItemStatus], whyOf(err))
			return nil
		case st == logistics.Cancelled:
			g.leave(i, b.name[fItemStatus], say(rsLineCancelled, b.name[fItemStatus], quote(s)))
			g.cancelledLines++
			return nil
		case st == logistics.Shipped:
			shipped = true
		}
	}
	if s := im.cell(rec, fRequiresShipping); s != "" {
		need, err := parseBool(s)
		switch {
		case err != nil:
			g.fail(i, b.name[fRequiresShipping], say(rsBadBool, quote(s)))
			return nil
		case !need:
			g.leave(i, b.name[fRequiresShipping], say(rsNoShipping))
			return nil
		}
	}
	var price logistics.Dec
	var sym string
	priceCol := b.name[fUnitPrice]
	if s := im.cell(rec, fUnitPrice); s != "" {
		if price, sym, err = parseMoney(s, im.t.decimalComma); err != nil {
			g.fail(i, priceCol, say(rsBadUnitPrice, quote(s)))
			return nil
		}
	} else if s := im.cell(rec, fLineTotal); s != "" {
		priceCol = b.name[fLineTotal]
		var total logistics.Dec
		if total, sym, err = parseMoney(s, im.t.decimalComma); err != nil {
			g.fail(i, priceCol, say(rsBadLinePrice, quote(s)))
			return nil
		}
		price = divRound(total, qty)
	}
	if price < 0 {
		g.fail(i, priceCol, say(rsNegativePrice))
		return nil
	}
	if sym != "" || price != 0 {
		cur, err := currencyFor(sym, g.declared)
		switch {
		case err != nil:
			g.fail(i, priceCol, whyOf(err))
			return nil
		case cur == "":
			g.fail(i, priceCol, say(rsPriceNoCurrency))
			return nil
		case g.currency == "":
			g.currency = cur
		case g.currency != cur:
			g.fail(i, priceCol, say(rsPriceCurrencyDiffers, cur, g.currency))
			return nil
		}
	}
	sku := im.cell(rec, fSKU)
	if sku == "" {
		if name := im.cell(rec, fItemName); name != "" {
			sku = NamePrefix + name
			g.named++
		}
	}
	g.lines = append(g.lines, logistics.Line{SKU: im.intern(sku), Qty: qty, UnitPrice: price})
	if !shipped {
		g.allShipped = false
	}
	return nil
}

// extraCells reports whether a record has cells past the header's columns; its
// order is rejected, and its values are not read.
func (im *importer) extraCells(rec []string) bool {
	n := len(im.header)
	return len(rec) > n && !allEmpty(rec[n:])
}

// maxQty bounds a line's quantity, so that weights and values computed from it stay
// far from integer overflow.
const maxQty = 1_000_000

func (g *group) cancel(col string, why logistics.Sentence) {
	if !g.cancelled {
		g.cancelled, g.cancelCol, g.cancelWhy = true, col, why
	}
}

// notePending records a numeric date that could be read both ways and decides the
// file's order when the value shows it.
func (im *importer) notePending(v dateVal, line int, text string) error {
	if !v.pending {
		return nil
	}
	im.sawPending = true
	if im.order != 0 {
		return nil
	}
	switch v.decides() {
	case DayMonth:
		return im.decide(DayMonth, DateByValue, say(rsDateDayMonthByValue, quote(text), itoa(line)))
	case MonthDay:
		return im.decide(MonthDay, DateByValue, say(rsDateMonthDayByValue, quote(text), itoa(line)))
	}
	if im.styleLine == 0 && v.monthDayStyle() {
		im.styleText, im.styleLine = strings.Clone(text), line
	}
	return nil
}

// decide fixes the day/month order and completes the orders that waited for it.
func (im *importer) decide(o DateOrder, basis DateBasis, why logistics.Sentence) error {
	im.order, im.basis, im.orderWhy = o, basis, why
	q := im.queue
	im.queue = nil
	for _, g := range q {
		if err := im.complete(g); err != nil {
			return err
		}
	}
	return nil
}

// finish ends the current group: it is completed now, or queued when its dates wait
// for the day/month order.
func (im *importer) finish() error {
	g := &im.cur
	if !g.active {
		return nil
	}
	g.active = false
	waits := im.order == 0 && (g.hasDate && g.date.pending || g.hasPromise && g.promise.pending)
	if !g.failed && (waits || len(im.queue) > 0) {
		c := *g
		c.rows = make([]groupRow, len(g.rows))
		for i, r := range g.rows {
			c.rows[i] = groupRow{line: r.line, rec: slices.Clone(r.rec), col: r.col, why: r.why, out: r.out}
		}
		im.queue = append(im.queue, &c)
		g.lines = nil
		return nil
	}
	err := im.complete(g)
	g.lines = g.lines[:0]
	return err
}

// complete checks a finished order and emits or rejects it.
func (im *importer) complete(g *group) error {
	b := &im.b
	if !g.failed {
		switch {
		case !g.hasDate:
			g.fail(0, b.name[fDate], say(rsNoOrderDate))
		case g.country == "":
			g.fail(0, b.name[fCountry], say(rsNoCountry))
		}
	}
	var date logistics.Date
	if !g.failed {
		var err error
		if date, err = g.date.resolve(im.order); err != nil {
			g.fail(g.dateRow, b.name[fDate], sayWith(rsOrderDateInvalid, nested(whyOf(err))))
		}
	}
	promised := g.promised
	if !g.failed && !g.hasPromised && g.hasPromise {
		pd, err := g.promise.resolve(im.order)
		switch {
		case err != nil:
			g.fail(g.promiseRow, b.name[fPromiseDate], sayWith(rsPromiseDateInvalid, nested(whyOf(err))))
		case pd < date:
			g.fail(g.promiseRow, b.name[fPromiseDate], say(rsPromiseBeforeOrder, pd.String(), date.String()))
		default:
			promised = int64(pd - date)
		}
	}
	if g.failed {
		cause := g.rows[g.failRow]
		im.rejectRows(g, cause.col, sayWith(rsOrderNotImported, nested(cause.why), g.ref, itoa(cause.line)))
		return nil
	}
	if g.cancelled {
		im.leaveRows(g, g.cancelCol, g.cancelWhy)
		im.res.Cancelled = append(im.res.Cancelled, OrderKey{Marketplace: g.mkt, Ref: strings.Clone(g.ref), Line: g.rows[0].line})
		return nil
	}
	if len(g.lines) == 0 {
		why := say(rsNoLines)
		if g.cancelledLines > 0 {
			why = say(rsAllCancelled)
			im.res.Cancelled = append(im.res.Cancelled, OrderKey{Marketplace: g.mkt, Ref: strings.Clone(g.ref), Line: g.rows[0].line})
		}
		im.rejectRows(g, b.name[fQty], why)
		return nil
	}
	status := logistics.Open
	if g.orderShipped || g.allShipped {
		status = logistics.Shipped
	}
	currency := g.currency
	if currency == "" {
		currency = g.declared
	}
	// One copy holds the order's own strings, so the order does not keep the record.
	own := g.ref + g.postal + g.tracking
	o := ImportedOrder{
		Order: logistics.Order{
			Ref:          own[:len(g.ref)],
			Marketplace:  g.mkt,
			Date:         date,
			Country:      g.country,
			PostalCode:   own[len(g.ref) : len(g.ref)+len(g.postal)],
			Currency:     currency,
			PromisedDays: int(promised),
			Lines:        im.cutLines(g.lines),
		},
		Status:   status,
		Line:     g.rows[0].line,
		Tracking: own[len(g.ref)+len(g.postal):],
	}
	for i := range g.rows {
		switch r := &g.rows[i]; {
		case r.out:
			im.leaveOut(r.line, r.col, r.why)
		case r.why.Key != "":
			im.reject(r.rec, r.line, r.col, r.why, r.why.String())
		default:
			im.res.RowsImported++
		}
	}
	im.res.OrderCount++
	im.res.NamedLines += g.named
	return im.emit(o)
}

// rejectRows rejects every row of a group but those left out as the file says;
// rows without a reason of their own get why.
func (im *importer) rejectRows(g *group, col string, why logistics.Sentence) {
	reason := why.String()
	for i := range g.rows {
		switch r := &g.rows[i]; {
		case r.out:
			im.leaveOut(r.line, r.col, r.why)
		case r.why.Key != "":
			im.reject(r.rec, r.line, r.col, r.why, r.why.String())
		default:
			im.reject(r.rec, r.line, col, why, reason)
		}
	}
}

// leaveRows leaves every row of an order the file marks cancelled out: whatever
// else is wrong in them, the order is not to be shipped. Rows left out for a
// reason of their own keep it; the others get why.
func (im *importer) leaveRows(g *group, col string, why logistics.Sentence) {
	for i := range g.rows {
		if r := &g.rows[i]; r.out {
			im.leaveOut(r.line, r.col, r.why)
		} else {
			im.leaveOut(r.line, col, why)
		}
	}
}

// leaveOut records a row left out as the file says.
func (im *importer) leaveOut(line int, col string, why logistics.Sentence) {
	if col == "" {
		col = "(row)"
	}
	im.res.LeftOut = append(im.res.LeftOut, RowError{File: im.opt.Name, Line: line, Column: col, Reason: why.String(), Why: why})
}

func (im *importer) rejectAlone(rec []string, line int, col string, why logistics.Sentence) {
	im.reject(rec, line, col, why, why.String())
}

// reject records a row that was not imported, with a copy of its cells; reason is
// the English of why.
func (im *importer) reject(rec []string, line int, col string, why logistics.Sentence, reason string) {
	if col == "" {
		col = "(row)"
	}
	im.res.Rejected = append(im.res.Rejected, RowError{File: im.opt.Name, Line: line, Column: col, Reason: reason, Why: why, Record: slices.Clone(rec)})
}

func (im *importer) finishResult() {
	byLine := func(a, b RowError) int { return cmp.Compare(a.Line, b.Line) }
	slices.SortStableFunc(im.res.Rejected, byLine)
	slices.SortStableFunc(im.res.LeftOut, byLine)
	if im.sawPending || im.opt.DateOrder != 0 {
		r := im.res
		r.DateOrder, r.DateBasis, r.DateWhy, r.DateNote = im.order, im.basis, im.orderWhy, im.orderWhy.String()
	}
}

// intern returns one shared copy of a repeated string (SKUs, marketplaces).
func (im *importer) intern(s string) string {
	if v, ok := im.strs[s]; ok {
		return v
	}
	s = strings.Clone(s)
	im.strs[s] = s
	return s
}

// marketplace is the lower-case marketplace name.
func (im *importer) marketplace(s string) market {
	if v, ok := im.markets[s]; ok {
		return v
	}
	v := strings.ToLower(s) // a copy when it changes anything
	if v == s {
		v = strings.Clone(s)
	}
	m := market{name: v, salt: maphash.String(im.seed, v) * 0x9E3779B97F4A7C15}
	im.markets[strings.Clone(s)] = m
	return m
}

// cutLines copies an order's lines into the current block of lines, so that a
// million orders do not make a million small allocations.
func (im *importer) cutLines(lines []logistics.Line) []logistics.Line {
	n := len(lines)
	if n > 64 {
		return slices.Clone(lines)
	}
	if len(im.slab)+n > cap(im.slab) {
		im.slab = make([]logistics.Line, 0, 4096)
	}
	i := len(im.slab)
	im.slab = append(im.slab, lines...)
	return im.slab[i : i+n : i+n]
}

// currencyCode validates a currency cell ("eur" and "EUR" are EUR).
func (im *importer) currencyCode(s string) (string, error) {
	if v, ok := im.currencies[s]; ok {
		return v, nil
	}
	v, err := currencyCode(s)
	if err != nil {
		return "", err
	}
	im.currencies[strings.Clone(s)] = v
	return v, nil
}

func currencyCode(s string) (string, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	if err := logistics.CheckCurrency(u); err != nil {
		return "", fault(rsBadCurrency, quote(s))
	}
	return u, nil
}

// parseStatus reads an order or line status as marketplaces write it, including
// Amazon's "Shipped - Delivered to Buyer" and Shopify's fulfillment statuses.
func parseStatus(s string) (logistics.Status, error) {
	k := strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		case r == ' ' || r == '_' || r == '-':
			return -1
		}
		return r
	}, s)
	switch k {
	case "cancelled", "canceled", "cancel", "voided", "void", "restocked", "refunded":
		return logistics.Cancelled, nil
	case "shipped", "fulfilled", "delivered", "dispatched", "complete", "completed", "sent", "intransit":
		return logistics.Shipped, nil
	case "", "open", "new", "pending", "unshipped", "unfulfilled", "partial", "partiallyshipped",
		"partiallyfulfilled", "processing", "paid", "unpaid", "authorized", "awaitingshipment",
		"awaitingpayment", "onhold", "shipping", "pendingavailability", "invoiceunconfirmed",
		"scheduled", "readytoship", "notshipped", "unfulfillable":
		return logistics.Open, nil
	}
	for _, p := range [...]struct {
		prefix string
		st     logistics.Status
	}{
		{"cancel", logistics.Cancelled},
		{"shipped", logistics.Shipped}, {"fulfilled", logistics.Shipped}, {"delivered", logistics.Shipped},
		{"partial", logistics.Open}, {"pending", logistics.Open}, {"awaiting", logistics.Open},
		{"unshipped", logistics.Open}, {"unfulfilled", logistics.Open},
	} {
		if strings.HasPrefix(k, p.prefix) {
			return p.st, nil
		}
	}
	return 0, fault(rsUnknownStatus, quote(s))
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1":
		return true, nil
	case "false", "no", "n", "0":
		return false, nil
	}
	return false, fault(rsNotTrueOrFalse)
}
