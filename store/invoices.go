package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"iter"
	"slices"

	"shipmode/logistics"
)

// NewInvoiceLine is a charge line to import, with the line of the file it comes
// from.
type NewInvoiceLine struct {
	logistics.InvoiceLine
	Row int
}

// InvoiceLines are the lines ImportInvoices stores: At returns line i and the line
// of the file it comes from. (ingest.InvoiceLines is one, so that a million lines
// read are stored without a copy.)
type InvoiceLines interface {
	Len() int
	At(i int) (line *logistics.InvoiceLine, row int)
}

// NewInvoiceLines is a slice of lines as InvoiceLines.
type NewInvoiceLines []NewInvoiceLine

func (ls NewInvoiceLines) Len() int { return len(ls) }

func (ls NewInvoiceLines) At(i int) (*logistics.InvoiceLine, int) {
	return &ls[i].InvoiceLine, ls[i].Row
}

// InvoiceKey names an invoice.
type InvoiceKey struct{ Carrier, Number string }

// InvoiceImportOptions tune ImportInvoices.
type InvoiceImportOptions struct {
	Source string // the file the invoices come from
	// BeforeCommit, if set, is called once every line is written and matched,
	// before the transaction commits; an error from it stores nothing.
	BeforeCommit func() error
}

// InvoiceImportResult counts what ImportInvoices did.
type InvoiceImportResult struct {
	New, Unchanged int          // invoices new to the database; known with the same lines
	Reissued       []InvoiceKey // known invoices whose lines this import replaced (corrected re-issues)
	// Lines of the call's invoices after matching (all their lines, also those of
	// unchanged invoices), and the rows of the file they come from.
	Lines, Matched, Unmatched  int
	RowsMatched, RowsUnmatched int
	// Rematched counts the lines of earlier imports that found their order now.
	Rematched int
}

// Unmatched reasons, the invoice_lines.unmatched column.
const (
	unmatchedNone    = 1 // no order has the line's tracking number or reference
	unmatchedSeveral = 2 // several orders do
)

// bulkLines is how many lines make an import into a database without invoice lines
// a bulk load: its big indexes are built once the lines are in (building an index
// at once is faster than growing it).
const bulkLines = 100_000

// ImportInvoices stores carrier invoices in one transaction, keyed by (carrier,
// invoice number) (SPEC §8): an invoice new to the database is added; a known one
// whose lines are the same (in the same order) is left alone, so importing a file
// again changes nothing; a known one with other lines has its lines replaced (a
// corrected re-issue, listed in Reissued). The lines are stored invoice by
// invoice, in the order the invoices first appear, each with the order it
// matches. Every unmatched line of the database — this import's and the ones
// earlier imports kept — is then matched (MatchInvoiceLines): an invoice that
// arrived before its orders finds them when they are imported (ImportOrders matches
// the waiting lines in its transaction), at the next invoice import, and at every
// reconcile, which matches first.
func (db *DB) ImportInvoices(ctx context.Context, lines InvoiceLines, opts InvoiceImportOptions) (InvoiceImportResult, error) {
	return db.ImportInvoiceBatches(ctx, func(yield func(InvoiceLines, error) bool) { yield(lines, nil) }, opts)
}

// ImportInvoiceBatches is ImportInvoices for lines that come in batches as a file is
// read: the transaction begins before the first batch, and each batch's lines are
// matched to their orders as it comes, so that reading the file and looking up its
// orders overlap; the lines are written once every batch is in (they are stored
// invoice by invoice). The batches are kept, not copied, until it returns. A
// non-nil error from batches stores nothing and is returned.
func (db *DB) ImportInvoiceBatches(ctx context.Context, batches iter.Seq2[InvoiceLines, error], opts InvoiceImportOptions) (InvoiceImportResult, error) {
	what := "import invoices"
	if opts.Source != "" {
		what = "import invoices from " + opts.Source
	}
	var res InvoiceImportResult
	// (Unlike a first order import, a first invoice import is no faster with a
	// rollback journal than in WAL mode: it writes into a database that holds its
	// orders.)
	err := db.writeConn(ctx, what, false, func(tx *sql.Tx, conn *sql.Conn) error {
		im := &invoiceImport{tx: tx, conn: conn, opts: opts, what: what, byKey: map[InvoiceKey]*group{}}
		var err error
		if im.match, err = newLineMatcher(ctx, tx); err != nil {
			return err
		}
		defer im.match.close()
		for b, err := range batches {
			if err != nil {
				return err
			}
			if err := im.add(ctx, b); err != nil {
				return err
			}
		}
		if err := im.store(ctx); err != nil {
			return err
		}
		res = im.res
		if opts.BeforeCommit != nil {
			return opts.BeforeCommit()
		}
		return nil
	})
	if err != nil {
		return InvoiceImportResult{}, err
	}
	return res, nil
}

// invoiceImport is the state of an ImportInvoiceBatches transaction.
type invoiceImport struct {
	tx    *sql.Tx
	conn  *sql.Conn
	opts  InvoiceImportOptions
	what  string
	match *lineMatcher
	res   InvoiceImportResult

	batches []invoiceBatch
	groups  []*group // the invoices in the order they first appear
	byKey   map[InvoiceKey]*group
	lines   int
	// the keys of a batch's lines, for the matcher
	tracking, ref, market []string
}

// invoiceBatch is a batch of lines with the orders they match.
type invoiceBatch struct {
	lines   InvoiceLines
	matches []lineMatch
}

// group is an invoice of an import: its lines in file order, their hash and latest
// date, and its id.
type group struct {
	key    InvoiceKey
	refs   []lineRef
	hash   int64
	latest logistics.Date
	id     int64
}

// lineRef is a line of an import: line i of batch b.
type lineRef struct{ b, i int32 }

// add takes a batch: its lines are checked, grouped by invoice and matched.
func (im *invoiceImport) add(ctx context.Context, lines InvoiceLines) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n := lines.Len()
	b := int32(len(im.batches))
	im.tracking, im.ref, im.market = im.tracking[:0], im.ref[:0], im.market[:0]
	for i := range n {
		l, row := lines.At(i)
		if l.Carrier == "" || l.Invoice == "" || l.Charge < logistics.ChargeFreight || l.Charge > logistics.ChargeCredit {
			return fmt.Errorf("line %d: %w: carrier, invoice number and charge are required", row, ErrInvalid)
		}
		k := InvoiceKey{l.Carrier, l.Invoice}
		g := im.byKey[k]
		if g == nil {
			g = &group{key: k}
			im.byKey[k] = g
			im.groups = append(im.groups, g)
		}
		if len(g.refs) == 0 || l.InvoiceDate > g.latest {
			g.latest = l.InvoiceDate
		}
		g.refs = append(g.refs, lineRef{b, int32(i)})
		im.tracking, im.ref, im.market = append(im.tracking, l.Tracking), append(im.ref, l.OrderRef), append(im.market, l.Marketplace)
	}
	im.lines += n
	// The orders do not change in the transaction: a line's match holds until it
	// is written.
	matches := make([]lineMatch, n)
	if err := im.match.match(ctx, im.tracking, im.ref, im.market, matches); err != nil {
		return fmt.Errorf("match invoice lines: %w", err)
	}
	im.batches = append(im.batches, invoiceBatch{lines, matches})
	return nil
}

func (im *invoiceImport) at(r lineRef) (*logistics.InvoiceLine, int, *lineMatch) {
	b := &im.batches[r.b]
	l, row := b.lines.At(int(r.i))
	return l, row, &b.matches[r.i]
}

// hash is the content hash of an invoice's lines, in file order.
func (im *invoiceImport) hash(g *group) int64 {
	h := hasher{h: 0x9e3779b97f4a7c15}
	h.int(int64(len(g.refs)))
	for _, r := range g.refs {
		l, _, _ := im.at(r)
		h.int(int64(l.InvoiceDate))
		h.str(l.Tracking)
		h.str(l.OrderRef)
		h.str(l.Marketplace)
		h.str(l.Service)
		h.int(int64(l.Charge))
		h.int(int64(l.Amount))
		h.str(l.Currency)
		h.int(l.BilledWeightG)
	}
	return int64(h.sum())
}

// store decides what each invoice is — new, unchanged or re-issued — writes the
// lines of the new and re-issued ones, and matches the waiting lines.
func (im *invoiceImport) store(ctx context.Context) error {
	tx, res := im.tx, &im.res
	// The invoices the call names, new, unchanged or re-issued; unchanged says
	// which ones keep their lines.
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS invoice_touched (id INTEGER PRIMARY KEY, unchanged INTEGER NOT NULL)`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM temp.invoice_touched`); err != nil {
		return err
	}
	find, err := tx.PrepareContext(ctx, `SELECT id, hash FROM invoices WHERE carrier = ? AND number = ?`)
	if err != nil {
		return err
	}
	defer find.Close()
	touch, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO temp.invoice_touched (id, unchanged) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer touch.Close()
	now := nowMilli()
	// The invoices whose lines are written, each with its id, in the order they
	// first appear: lines are stored invoice by invoice.
	var write []*group
	var repackIDs []int64 // orders that lose lines to a re-issue
	for n, g := range im.groups {
		if n&255 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		g.hash = im.hash(g)
		var hash int64
		err := find.QueryRowContext(ctx, g.key.Carrier, g.key.Number).Scan(&g.id, &hash)
		switch {
		case err == sql.ErrNoRows:
			r, err := tx.ExecContext(ctx, `INSERT INTO invoices (carrier, number, source, imported_at, hash, lines, reissues, latest_date)
				VALUES (?, ?, ?, ?, ?, ?, 0, ?)`, g.key.Carrier, g.key.Number, im.opts.Source, now, g.hash, len(g.refs), int64(g.latest))
			if err != nil {
				return err
			}
			if g.id, err = r.LastInsertId(); err != nil {
				return err
			}
			res.New++
		case err != nil:
			return err
		case hash == g.hash:
			res.Unchanged++
			if _, err := touch.ExecContext(ctx, g.id, 1); err != nil {
				return err
			}
			continue
		default:
			// A corrected re-issue: its lines replace the stored ones, and the
			// orders of those are packed again once the new ones are in.
			err := eachRow(ctx, tx, `SELECT DISTINCT order_id FROM invoice_lines WHERE invoice_id = ? AND order_id IS NOT NULL`,
				[]any{g.id}, func(r *sql.Rows) error {
					var id int64
					if err := r.Scan(&id); err != nil {
						return err
					}
					repackIDs = append(repackIDs, id)
					return nil
				})
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM invoice_lines WHERE invoice_id = ?`, g.id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE invoices SET source = ?, imported_at = ?, hash = ?, lines = ?,
				reissues = reissues + 1, latest_date = ? WHERE id = ?`, im.opts.Source, now, g.hash, len(g.refs), int64(g.latest), g.id); err != nil {
				return err
			}
			res.Reissued = append(res.Reissued, g.key)
		}
		if _, err := touch.ExecContext(ctx, g.id, 0); err != nil {
			return err
		}
		write = append(write, g)
	}
	// The unmatched lines of other invoices, before and after matching: those
	// that found their order since they were imported.
	const others = `SELECT count(*) FROM invoice_lines WHERE order_id IS NULL
		AND invoice_id NOT IN (SELECT id FROM temp.invoice_touched)`
	var before, after int
	if err := tx.QueryRowContext(ctx, others).Scan(&before); err != nil {
		return err
	}
	// Into an empty table, many lines are written faster without the big indexes,
	// which are built once they are in.
	var rebuild []string
	var empty bool
	if err := tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM invoice_lines)`).Scan(&empty); err != nil {
		return err
	}
	if empty && im.lines > bulkLines {
		if rebuild, err = dropIndexes(ctx, tx, bulkLineIndexes); err != nil {
			return err
		}
	}
	if err := im.write(ctx, write); err != nil {
		return err
	}
	for _, ddl := range rebuild {
		if _, err := tx.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("build index: %w", err)
		}
	}
	// The waiting lines of earlier imports are matched after the new ones.
	if err := matchLines(ctx, tx); err != nil {
		return err
	}
	if err := repack(ctx, tx, repackIDs); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, others).Scan(&after); err != nil {
		return err
	}
	res.Rematched = before - after
	if res.Unchanged > 0 {
		// The lines of the unchanged invoices, as they are matched now.
		var n, matched, rowsMatched, rowsUnmatched int
		err = tx.QueryRowContext(ctx, `SELECT count(*), count(order_id) FROM invoice_lines
			WHERE invoice_id IN (SELECT id FROM temp.invoice_touched WHERE unchanged)`).Scan(&n, &matched)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT coalesce(sum(m), 0), coalesce(sum(1 - m), 0) FROM (
			SELECT DISTINCT invoice_id, row, order_id IS NOT NULL AS m FROM invoice_lines
			WHERE invoice_id IN (SELECT id FROM temp.invoice_touched WHERE unchanged))`).Scan(&rowsMatched, &rowsUnmatched)
		if err != nil {
			return err
		}
		res.Lines += n
		res.Matched += matched
		res.RowsMatched += rowsMatched
		res.RowsUnmatched += rowsUnmatched
	}
	res.Unmatched = res.Lines - res.Matched
	_, err = tx.ExecContext(ctx, `DELETE FROM temp.invoice_touched`)
	return err
}

// lineCols are the columns of a line as ImportInvoices writes it.
const lineCols = `invoice_id, row, invoice_date, tracking, order_ref, marketplace, service, charge, amount, currency,
	billed_weight_g, order_id, unmatched`

const lineColCount = 13

// write writes the lines of the invoices gs, invoice by invoice and each in file
// order, with the order each matches (or the reason it matches none): a line is
// written once. It counts them, and the rows of the file they come from.
func (im *invoiceImport) write(ctx context.Context, gs []*group) error {
	res := &im.res
	ins, err := newBatcher(ctx, im.tx, im.conn, batchSpec{head: `INSERT INTO invoice_lines (` + lineCols + `)`,
		cols: lineColCount, rowsPer: 128})
	if err != nil {
		return err
	}
	defer ins.close()
	packs, err := newPackWriter(ctx, im.tx, im.conn)
	if err != nil {
		return err
	}
	defer packs.close()
	// The pack of the lines of one order written one after the other (mostly all
	// of its lines): added when the next line is another order's.
	var packOrder int64
	var pack []byte
	var rows []fileRow // the rows of the lines, each once while its lines are together
	n := 0
	for _, g := range gs {
		for _, r := range g.refs {
			if n++; n&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			l, row, m := im.at(r)
			var orderID any
			if m.orderID != 0 {
				orderID = m.orderID
				res.Matched++
				if m.orderID != packOrder && pack != nil {
					if err := packs.add(ctx, packOrder, pack); err != nil {
						return err
					}
					pack = nil
				}
				packOrder, pack = m.orderID, packLine(pack, g.id, l)
			}
			res.Lines++
			fr := fileRow{g.id, int64(row), m.orderID != 0}
			if len(rows) == 0 || rows[len(rows)-1] != fr {
				rows = append(rows, fr)
			}
			if ins.add(g.id, int64(row), int64(l.InvoiceDate), l.Tracking, l.OrderRef, l.Marketplace, l.Service,
				int64(l.Charge), int64(l.Amount), l.Currency, l.BilledWeightG, orderID, m.unmatched) {
				if err := ins.execFull(ctx); err != nil {
					return err
				}
			}
		}
	}
	if err := ins.flush(ctx); err != nil {
		return err
	}
	if pack != nil {
		if err := packs.add(ctx, packOrder, pack); err != nil {
			return err
		}
	}
	if err := packs.flush(ctx); err != nil {
		return err
	}
	// A row counts once matched or unmatched (as a SELECT DISTINCT of invoice, row
	// and matched would count it).
	slices.SortFunc(rows, func(a, b fileRow) int {
		return cmp.Or(cmp.Compare(a.invoice, b.invoice), cmp.Compare(a.row, b.row), cmp.Compare(b2i(a.matched), b2i(b.matched)))
	})
	for _, r := range slices.Compact(rows) {
		if r.matched {
			res.RowsMatched++
		} else {
			res.RowsUnmatched++
		}
	}
	return nil
}

// fileRow is the row of the file an invoice's line comes from, and whether the
// line is matched.
type fileRow struct {
	invoice, row int64
	matched      bool
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// bulkLineIndexes are the big indexes of invoice_lines, dropped for a bulk import
// into an empty table and built after it.
const bulkLineIndexes = `'invoice_lines_invoice', 'invoice_lines_order'`

// dropIndexes drops the indexes named (a quoted SQL list) and returns the
// statements that build them again.
func dropIndexes(ctx context.Context, tx *sql.Tx, names string) ([]string, error) {
	var dropped, ddls []string
	err := eachRow(ctx, tx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND name IN (`+names+`)`, nil,
		func(r *sql.Rows) error {
			var name, ddl string
			if err := r.Scan(&name, &ddl); err != nil {
				return err
			}
			dropped, ddls = append(dropped, name), append(ddls, ddl)
			return nil
		})
	if err != nil {
		return nil, err
	}
	for _, name := range dropped {
		if _, err := tx.ExecContext(ctx, "DROP INDEX "+name); err != nil {
			return nil, err
		}
	}
	return ddls, nil
}

// MatchInvoiceLines matches every unmatched invoice line to its order, as
// ImportInvoices does after writing and ImportOrders after its orders (SPEC §8):
// an order that arrived after its invoice is found. It returns how many lines
// found their order.
func (db *DB) MatchInvoiceLines(ctx context.Context) (int, error) {
	var n int
	err := db.write(ctx, "match invoice lines", func(tx *sql.Tx) error {
		var err error
		n, err = matchWaiting(ctx, tx)
		return err
	})
	return n, err
}

// matchWaiting matches the unmatched lines, when there are any, and returns how
// many found their order.
func matchWaiting(ctx context.Context, tx *sql.Tx) (int, error) {
	const unmatched = `SELECT count(*) FROM invoice_lines WHERE order_id IS NULL`
	var before, after int
	if err := tx.QueryRowContext(ctx, unmatched).Scan(&before); err != nil {
		return 0, err
	}
	if before == 0 {
		return 0, nil
	}
	if err := matchLines(ctx, tx); err != nil {
		return 0, err
	}
	if err := tx.QueryRowContext(ctx, unmatched).Scan(&after); err != nil {
		return 0, err
	}
	return before - after, nil
}

// matchSQL matches the unmatched lines by SPEC §8, set at a time: a line belongs to
// the one order whose tracking number is its tracking; when no order has it (or the
// line gives none), to the one order whose reference is its order_ref, in its
// marketplace when it names one. A line that matches no order or several keeps
// order_id NULL and says which in unmatched.
var matchSQL = []string{
	`UPDATE invoice_lines SET order_id = (SELECT o.id FROM orders o WHERE o.tracking = invoice_lines.tracking), unmatched = 0
	WHERE order_id IS NULL AND tracking <> ''
		AND (SELECT count(*) FROM orders o WHERE o.tracking = invoice_lines.tracking) = 1`,
	`UPDATE invoice_lines SET order_id = (SELECT o.id FROM orders o
			WHERE o.ref = invoice_lines.order_ref AND o.marketplace = invoice_lines.marketplace), unmatched = 0
	WHERE order_id IS NULL AND order_ref <> '' AND marketplace <> ''
		AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.tracking = invoice_lines.tracking AND invoice_lines.tracking <> '')
		AND EXISTS (SELECT 1 FROM orders o WHERE o.ref = invoice_lines.order_ref AND o.marketplace = invoice_lines.marketplace)`,
	`UPDATE invoice_lines SET order_id = (SELECT o.id FROM orders o WHERE o.ref = invoice_lines.order_ref), unmatched = 0
	WHERE order_id IS NULL AND order_ref <> '' AND marketplace = ''
		AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.tracking = invoice_lines.tracking AND invoice_lines.tracking <> '')
		AND (SELECT count(*) FROM orders o WHERE o.ref = invoice_lines.order_ref) = 1`,
	`UPDATE invoice_lines SET unmatched = CASE
		WHEN tracking <> '' AND (SELECT count(*) FROM orders o WHERE o.tracking = invoice_lines.tracking) > 1 THEN 2
		WHEN order_ref <> '' AND marketplace = '' AND (SELECT count(*) FROM orders o WHERE o.ref = invoice_lines.order_ref) > 1 THEN 2
		ELSE 1 END
	WHERE order_id IS NULL`,
}

// matchLines matches the waiting lines (matchSQL) and packs the orders they find
// again.
func matchLines(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS invoice_waiting (id INTEGER PRIMARY KEY);
		DELETE FROM temp.invoice_waiting;
		INSERT INTO temp.invoice_waiting SELECT id FROM invoice_lines WHERE order_id IS NULL`); err != nil {
		return err
	}
	for _, q := range matchSQL {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("match invoice lines: %w", err)
		}
	}
	var found []int64
	// (CROSS JOIN keeps the waiting lines outside: the planner would rather read
	// every matched line through invoice_lines_order)
	err := eachRow(ctx, tx, `SELECT DISTINCT l.order_id FROM temp.invoice_waiting w CROSS JOIN invoice_lines l ON l.id = w.id
		WHERE l.order_id IS NOT NULL`, nil, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		found = append(found, id)
		return nil
	})
	if err != nil {
		return err
	}
	if err := repack(ctx, tx, found); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM temp.invoice_waiting`)
	return err
}
