package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"shipmode/crash"
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

	// For tests: idleLines, if not 0, is the import's idleLines, and wroteWhole,
	// if set, is called with each invoice whose lines are written whole as the
	// lines are read (invoiceImport.prefix).
	idleLines  int
	wroteWhole func(InvoiceKey)
	// driverBinding, for tests, writes the lines through the driver's binding
	// (batcher), not rawInsert's.
	driverBinding bool
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
// read: the transaction begins before the first batch, and while the file is read
// each batch's lines are matched to their orders (on a goroutine of its own,
// through a read transaction of their own, which sees the orders the write
// transaction sees: it holds the write lock, and changes no order) and the lines
// of invoices new to the database packed for reconciliation. The lines of new
// invoices are written as they come while the invoices come one after another
// (streamed), the rest once every batch is in (they are stored invoice by invoice,
// in the order the invoices first appear, with the ids they would have had if all
// were written then); every line is kept until the end in a compact copy
// (lineArena), which says whether a known invoice is unchanged: a batch is not
// kept once taken. batches is ranged
// over on a goroutine of its own. A non-nil error from batches stores nothing and
// is returned.
func (db *DB) ImportInvoiceBatches(ctx context.Context, batches iter.Seq2[InvoiceLines, error], opts InvoiceImportOptions) (InvoiceImportResult, error) {
	what := "import invoices"
	if opts.Source != "" {
		what = "import invoices from " + opts.Source
	}
	var res InvoiceImportResult
	// (Unlike a first order import, a first invoice import is no faster on SQLite
	// with a rollback journal than in WAL mode, where the matching can read beside
	// the writing; on PostgreSQL a first import gathers the statistics after it.)
	var exists bool
	first := db.pg && db.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM invoice_lines)`).Scan(&exists) == nil && !exists
	err := db.writeConn(ctx, what, first, func(tx *sql.Tx, conn *sql.Conn) error {
		im := &invoiceImport{db: db, tx: tx, conn: conn, opts: opts, byKey: map[InvoiceKey]*group{}, packed: map[int64]int32{}}
		if err := im.run(ctx, batches); err != nil {
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
	db   *DB
	tx   *sql.Tx
	conn *sql.Conn
	opts InvoiceImportOptions
	res  InvoiceImportResult

	arena  lineArena
	groups []*group // the invoices in the order they first appear
	byKey  map[InvoiceKey]*group
	lines  int
	find   *sql.Stmt // an invoice by its key
	now    int64

	// The packs of the lines of new invoices, held as the batches come and
	// written at the end: packed says, for each order, the latest invoice (by
	// first appearance) whose lines were packed; repackIDs are the orders whose
	// packs must be made again from their lines once these are in (a line of an
	// earlier invoice came after, a re-issue). last and lastOrder are the
	// previous line's invoice and order: the lines of an order come together.
	packs     *packWriter
	packed    map[int64]int32
	repackIDs []int64
	last      *group
	lastOrder int64

	// The lines of new invoices are written as they come (streamed) while every
	// invoice so far is new and its lines come together: they take the ids they
	// would take once every batch is in. A line of a streamed invoice after
	// another's (invoices interleaved, as in a file of lines by date) deletes the
	// lines of that invoice and those after it again, and from then on (prefix)
	// the invoices are written whole, in the order they first appear, each once
	// idleLines lines have come without one of its lines and every invoice before
	// it is written. The first line that breaks this — of a known invoice, or
	// (prefix) of an invoice written whole — ends the streaming: that invoice's
	// lines and those after them are written at the end.
	streaming bool
	open      *group      // the invoice being streamed line by line
	prefix    bool        // invoices written whole once idle, not line by line
	written   int         // with prefix, the invoices (im.groups[:written]) whose lines are written
	lineIns   *lineWriter // the streamed lines
	nextID    int64       // the id of the next line streamed
	newFrom   int64       // the id of the import's first line, once written (see write)
}

// idleLines is how many lines must come without one of an invoice's lines before
// its lines are written whole (invoiceImport.prefix). (A line of it that comes
// later still costs the lines written since, deleted and written again at the
// end; the demo's files, lines by date with an invoice per carrier and month,
// have no such line: of the first 1,000,000 lines, the lines of 51 invoices of
// 72, 937,764 lines, are written while the file is read; of its 2,734,162 lines,
// 2,676,184.)
const idleLines = 1 << 15

// importCacheKiB is the page cache (see pageCache) of an invoice import's writing
// on SQLite, instead of the connection's 64 MiB: the lines are appended, and their
// packs and the invoices are written a few pages at a time, so that a large cache
// only holds pages already written — and each page it holds is memory of its own,
// which closing the connection gives back to the system a page at a time. At a
// million lines, with 64 MiB, closing the database took 1 s of CPU (madvise), and
// filling the cache 0.6 s more; 2 MiB rather than 8 fills less new memory still.
const importCacheKiB = 2048

// group is an invoice of an import: its lines in file order, their hash and latest
// date, its id, and whether it was known before the import (with its hash then).
type group struct {
	key        InvoiceKey
	n          int32 // its place among the import's invoices, by first appearance
	refs       []lineRef
	hash       int64
	latest     logistics.Date
	id         int64
	known      bool
	storedHash int64
	streamed   bool  // its lines are written (streamed)
	first      int64 // the id of its first line, when streamed
	seen       int   // the import's count of lines read before its latest line

	// Counted as its lines come (count): its matched lines, and the rows of the
	// file its lines come from, matched or not, each once while its lines are
	// together; rowsApart says a row's lines came apart, which write then counts
	// from the lines.
	matched, rowsMatched, rowsUnmatched int
	lastRow                             int
	lastMatched, rowsApart              bool
}

// count counts the line of g just added, from row row, matched or not.
func (g *group) count(row int, matched bool) {
	if matched {
		g.matched++
	}
	if len(g.refs) > 1 {
		if row == g.lastRow && matched == g.lastMatched {
			return // (the row's lines go on)
		}
		if row <= g.lastRow {
			g.rowsApart = true
		}
	}
	g.lastRow, g.lastMatched = row, matched
	if matched {
		g.rowsMatched++
	} else {
		g.rowsUnmatched++
	}
}

// matchedBatch is a batch and the orders its lines match, or the error that ended
// the matching.
type matchedBatch struct {
	lines   InvoiceLines
	matches []lineMatch
	err     error
}

// run ranges over batches and matches them on a goroutine of its own, takes them
// in on this one, then stores the invoices.
func (im *invoiceImport) run(ctx context.Context, batches iter.Seq2[InvoiceLines, error]) error {
	var err error
	if im.find, err = im.tx.PrepareContext(ctx, `SELECT id, hash FROM invoices WHERE carrier = ? AND number = ?`); err != nil {
		return err
	}
	defer im.find.Close()
	if im.packs, err = newPackWriter(ctx, im.tx, im.conn, im.db.pg); err != nil {
		return err
	}
	defer im.packs.close()
	im.now = nowMilli()
	if !im.db.pg {
		// A small page cache for the writing (importCacheKiB): see there.
		defer pageCache(ctx, im.tx, importCacheKiB)()
	}
	if im.lineIns, err = newLineWriter(ctx, im.tx, im.conn, !im.opts.driverBinding); err != nil {
		return err
	}
	defer im.lineIns.close()
	if err := im.tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM invoice_lines`).Scan(&im.nextID); err != nil {
		return err
	}
	im.streaming = true
	matchCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	matched := make(chan matchedBatch, 4)
	var wg sync.WaitGroup
	var panics crash.Group // a panic of the iterator, raised again on this goroutine
	wg.Go(func() {
		defer close(matched)
		defer panics.Catch(cancel)
		im.db.matchBatches(matchCtx, batches, matched)
	})
	for m := range matched {
		if err = m.err; err == nil {
			err = im.add(ctx, m.lines, m.matches)
		}
		if err != nil {
			break
		}
	}
	cancel()
	for range matched { // let the matching finish
	}
	wg.Wait()
	panics.Raise()
	if err != nil {
		return err
	}
	return im.store(ctx)
}

// matchBatches matches the lines of each batch in a read transaction of its own
// and sends them on, the batch with its matches; the last one sent carries the
// error that ended it, if any.
func (db *DB) matchBatches(ctx context.Context, batches iter.Seq2[InvoiceLines, error], out chan<- matchedBatch) {
	send := func(m matchedBatch) bool {
		select {
		case out <- m:
			return true
		case <-ctx.Done():
			return false
		}
	}
	err := db.read(ctx, "match invoice lines", func(tx *sql.Tx) error {
		if !db.pg {
			// The matching looks each line's tracking number and reference up in
			// the orders' indexes, pages all over a file of a million orders: read
			// mapped in memory (mapFile), they are kept in no page cache of the
			// connection (which would hold 64 MiB of them until the database is
			// closed, and give them back a page at a time).
			defer mapFile(ctx, tx)()
		}
		m, err := newLineMatcher(ctx, tx)
		if err != nil {
			return err
		}
		defer m.close()
		var tracking, ref, market []string
		for lines, err := range batches {
			if err != nil {
				return err
			}
			n := lines.Len()
			tracking, ref, market = tracking[:0], ref[:0], market[:0]
			for i := range n {
				l, _ := lines.At(i)
				tracking, ref, market = append(tracking, l.Tracking), append(ref, l.OrderRef), append(market, l.Marketplace)
			}
			// The orders do not change while the import holds the write lock: a
			// line's match holds until it is written.
			matches := make([]lineMatch, n)
			if err := m.match(ctx, tracking, ref, market, matches); err != nil {
				return err
			}
			if !send(matchedBatch{lines: lines, matches: matches}) {
				return ctx.Err()
			}
		}
		return nil
	})
	if err != nil {
		send(matchedBatch{err: err})
	}
}

// add takes a matched batch: its lines are checked and grouped by invoice, an
// invoice new to the database is added when it first appears, and the matched
// lines of new invoices are packed.
func (im *invoiceImport) add(ctx context.Context, lines InvoiceLines, matches []lineMatch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n := lines.Len()
	for i := range n {
		l, row := lines.At(i)
		if l.Carrier == "" || l.Invoice == "" || l.Charge < logistics.ChargeFreight || l.Charge > logistics.ChargeCredit {
			return fmt.Errorf("line %d: %w: carrier, invoice number and charge are required", row, ErrInvalid)
		}
		g := im.last
		if g == nil || g.key.Carrier != l.Carrier || g.key.Number != l.Invoice {
			k := InvoiceKey{l.Carrier, l.Invoice}
			if g = im.byKey[k]; g == nil {
				g = &group{key: k, n: int32(len(im.groups))}
				if err := im.first(ctx, g); err != nil {
					return err
				}
				im.byKey[k] = g
				im.groups = append(im.groups, g)
			}
		}
		if len(g.refs) == 0 || l.InvoiceDate > g.latest {
			g.latest = l.InvoiceDate
		}
		g.refs = append(g.refs, im.arena.add(l, row, matches[i]))
		g.seen = im.lines + i
		g.count(row, matches[i].orderID != 0)
		if im.streaming || g.streamed {
			if err := im.stream(ctx, g, l, row, matches[i]); err != nil {
				return err
			}
		}
		o := matches[i].orderID
		if o == 0 || g.known {
			im.last, im.lastOrder = g, 0
			continue // (a known invoice's lines are packed once it is known to be re-issued)
		}
		if o != im.lastOrder || g != im.last {
			if last, ok := im.packed[o]; ok && last > g.n {
				// A line of an invoice that appeared earlier, which stores its
				// lines earlier: the order's lines are packed again once they
				// are in.
				im.repackIDs = append(im.repackIDs, o)
			}
			im.packed[o] = max(im.packed[o], g.n)
		}
		im.last, im.lastOrder = g, o
		im.packs.line(o, g.id, int64(len(g.refs)-1), l)
	}
	im.lines += n
	if im.streaming && im.prefix {
		return im.writeIdle(ctx)
	}
	return nil
}

// writeIdle writes the lines of the invoices that come next (prefix), in the
// order they first appear, while the next one has had no line for idleLines
// lines: they take the ids they would take once every batch is in.
func (im *invoiceImport) writeIdle(ctx context.Context) error {
	var l logistics.InvoiceLine
	for im.written < len(im.groups) {
		g := im.groups[im.written]
		idle := idleLines
		if im.opts.idleLines != 0 {
			idle = im.opts.idleLines
		}
		if g.known || im.lines-g.seen <= idle {
			return nil // (a known invoice has ended the streaming)
		}
		g.streamed, g.first = true, im.nextID
		for n, r := range g.refs {
			if n&4095 == 4095 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			row, m := im.at(g, r, &l)
			if err := im.writeLine(ctx, g, &l, row, m); err != nil {
				return err
			}
		}
		im.written++
		if im.opts.wroteWhole != nil {
			im.opts.wroteWhole(g.key)
		}
	}
	return nil
}

// writeLine writes line l of invoice g, from row row and matched as m, with the
// next id.
func (im *invoiceImport) writeLine(ctx context.Context, g *group, l *logistics.InvoiceLine, row int, m lineMatch) error {
	id := im.nextID
	im.nextID++
	return im.lineIns.add(ctx, id, g.id, row, l, m)
}

// stream writes line l of invoice g, from row row and matched as m, as it comes,
// or ends the streaming (see invoiceImport.streaming). It is called while the
// lines are streamed, and after for the lines of invoices streamed before.
func (im *invoiceImport) stream(ctx context.Context, g *group, l *logistics.InvoiceLine, row int, m lineMatch) error {
	switch {
	case g.streamed && (!im.streaming || im.prefix):
		// A line of an invoice written whole, or streamed before the streaming
		// ended: its lines are all written at the end, and those of the invoices
		// after it, which take the ids after its lines.
		return im.stopStreaming(ctx, g)
	case !im.streaming:
		return nil
	case g.known:
		// Known: whether it is re-issued is known once all its lines are in. The
		// invoices streamed come before it.
		return im.stopStreaming(ctx, nil)
	case im.prefix:
		return nil // (written whole once idle: writeIdle)
	case g.streamed && g != im.open:
		// Its lines apart: from it on, the invoices are written whole.
		return im.toPrefix(ctx, g)
	case g != im.open:
		g.streamed, g.first, im.open = true, im.nextID, g
	}
	return im.writeLine(ctx, g, l, row, m)
}

// toPrefix ends the streaming line by line at invoice from, whose lines come
// apart: its lines and those of the invoices after it are deleted again, and from
// it on the invoices are written whole (prefix).
func (im *invoiceImport) toPrefix(ctx context.Context, from *group) error {
	if err := im.lineIns.flush(ctx); err != nil {
		return err
	}
	for _, g := range im.groups[from.n:] {
		g.streamed = false
	}
	if _, err := im.tx.ExecContext(ctx, `DELETE FROM invoice_lines WHERE id >= ?`, from.first); err != nil {
		return err
	}
	im.open, im.prefix, im.written, im.nextID = nil, true, int(from.n), from.first
	return nil
}

// stopStreaming ends the streaming: the lines streamed are written, and with from,
// those of from and of the invoices after it deleted again (they are written at
// the end).
func (im *invoiceImport) stopStreaming(ctx context.Context, from *group) error {
	im.streaming, im.open = false, nil
	if err := im.lineIns.flush(ctx); err != nil {
		return err
	}
	if from == nil {
		return nil
	}
	for _, g := range im.groups[from.n:] {
		g.streamed = false
	}
	_, err := im.tx.ExecContext(ctx, `DELETE FROM invoice_lines WHERE id >= ?`, from.first)
	return err
}

// first looks an invoice up when it first appears: a new one is added (its hash
// and lines are set once all its lines are in), so that its lines can be packed
// with its id.
func (im *invoiceImport) first(ctx context.Context, g *group) error {
	err := im.find.QueryRowContext(ctx, g.key.Carrier, g.key.Number).Scan(&g.id, &g.storedHash)
	if err == nil {
		g.known = true
		return nil
	}
	if err != sql.ErrNoRows {
		return err
	}
	return im.tx.QueryRowContext(ctx, `INSERT INTO invoices (carrier, number, source, imported_at, hash, lines, reissues)
		VALUES (?, ?, ?, ?, 0, 0, 0) RETURNING id`, g.key.Carrier, g.key.Number, im.opts.Source, im.now).Scan(&g.id)
}

// at reads line r of invoice g into l and returns its row and match (see
// lineArena.get).
func (im *invoiceImport) at(g *group, r lineRef, l *logistics.InvoiceLine) (int, lineMatch) {
	l.Carrier, l.Invoice = g.key.Carrier, g.key.Number
	return im.arena.get(r, l)
}

// hashAll sets the hash of every invoice of the import, the invoices shared out
// among the processors: the arena is only read meanwhile.
func (im *invoiceImport) hashAll() {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(im.groups)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(im.groups); i = int(next.Add(1) - 1) {
				im.groups[i].hash = im.hash(im.groups[i])
			}
		})
	}
	wg.Wait()
}

// hash is the content hash of an invoice's lines, in file order.
func (im *invoiceImport) hash(g *group) int64 {
	h := hasher{h: 0x9e3779b97f4a7c15}
	h.int(int64(len(g.refs)))
	var l logistics.InvoiceLine
	for _, r := range g.refs {
		im.at(g, r, &l)
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

// store decides what each known invoice is — unchanged or re-issued — writes the
// lines of the new and re-issued ones, and matches the waiting lines.
func (im *invoiceImport) store(ctx context.Context) error {
	tx, res := im.tx, &im.res
	if im.streaming {
		if err := im.stopStreaming(ctx, nil); err != nil {
			return err
		}
	}
	// The packs of the new lines, before anything packs an order again.
	if err := im.packs.flush(ctx); err != nil {
		return err
	}
	// The invoices the call names, new, unchanged or re-issued; unchanged says
	// which ones keep their lines.
	// (Temporary tables are named without their schema: both engines look in the
	// connection's temporary tables first.)
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS invoice_touched (id BIGINT PRIMARY KEY, unchanged BIGINT NOT NULL);
		DELETE FROM invoice_touched`); err != nil {
		return err
	}
	touch, err := tx.PrepareContext(ctx, `INSERT INTO invoice_touched (id, unchanged) VALUES (?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return err
	}
	defer touch.Close()
	// The invoices whose lines are written, in the order they first appear: lines
	// are stored invoice by invoice.
	var write []*group
	im.hashAll()
	for n, g := range im.groups {
		if n&255 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		switch {
		case !g.known:
			res.New++
		case g.storedHash == g.hash:
			res.Unchanged++
			if _, err := touch.ExecContext(ctx, g.id, 1); err != nil {
				return err
			}
			continue
		default:
			// A corrected re-issue: its lines replace the stored ones, and the
			// orders of both are packed again once the new ones are in.
			if err := im.deleteLines(ctx, g); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE invoices SET source = ?, imported_at = ?, reissues = reissues + 1
				WHERE id = ?`, im.opts.Source, im.now, g.id); err != nil {
				return err
			}
			var l logistics.InvoiceLine
			for _, r := range g.refs {
				if _, m := im.at(g, r, &l); m.orderID != 0 {
					im.repackIDs = append(im.repackIDs, m.orderID)
				}
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
		AND invoice_id NOT IN (SELECT id FROM invoice_touched)`
	var before, after int
	if err := tx.QueryRowContext(ctx, others).Scan(&before); err != nil {
		return err
	}
	if err := im.write(ctx, write); err != nil {
		return err
	}
	// The waiting lines of earlier imports are matched after the new ones.
	if err := matchLines(ctx, tx); err != nil {
		return err
	}
	slices.Sort(im.repackIDs)
	// (the lines that may have become an order's: those the import wrote)
	if err := repack(ctx, tx, slices.Compact(im.repackIDs), `l.id >= ?`, im.newFrom); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, others).Scan(&after); err != nil {
		return err
	}
	res.Rematched = before - after
	if res.Unchanged > 0 {
		// The lines of the unchanged invoices, as they are matched now (each
		// invoice's lines are ids first_line … first_line + lines − 1). (CROSS JOIN
		// keeps the invoices outside on SQLite: its planner would rather scan every
		// line of the table and test it against each invoice.)
		const unchanged = `invoice_touched t CROSS JOIN invoices i CROSS JOIN invoice_lines l
			WHERE i.id = t.id AND l.id BETWEEN i.first_line AND i.first_line + i.lines - 1 AND t.unchanged = 1`
		var n, matched, rowsMatched, rowsUnmatched int
		err = tx.QueryRowContext(ctx, `SELECT count(*), count(l.order_id) FROM `+unchanged).Scan(&n, &matched)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT coalesce(sum(m), 0), coalesce(sum(1 - m), 0) FROM (
			SELECT DISTINCT l.invoice_id, l.row, CASE WHEN l.order_id IS NOT NULL THEN 1 ELSE 0 END AS m FROM `+unchanged+`) AS r`).Scan(&rowsMatched, &rowsUnmatched)
		if err != nil {
			return err
		}
		res.Lines += n
		res.Matched += matched
		res.RowsMatched += rowsMatched
		res.RowsUnmatched += rowsUnmatched
	}
	res.Unmatched = res.Lines - res.Matched
	_, err = tx.ExecContext(ctx, `DELETE FROM invoice_touched`)
	return err
}

// deleteLines deletes the stored lines of invoice g (ids first_line … first_line +
// lines − 1), their orders to be packed again.
func (im *invoiceImport) deleteLines(ctx context.Context, g *group) error {
	var first, n int64
	if err := im.tx.QueryRowContext(ctx, `SELECT first_line, lines FROM invoices WHERE id = ?`, g.id).Scan(&first, &n); err != nil {
		return err
	}
	err := eachRow(ctx, im.tx, `SELECT DISTINCT order_id FROM invoice_lines WHERE id BETWEEN ? AND ? AND order_id IS NOT NULL`,
		[]any{first, first + n - 1}, func(r *sql.Rows) error {
			var id int64
			if err := r.Scan(&id); err != nil {
				return err
			}
			im.repackIDs = append(im.repackIDs, id)
			return nil
		})
	if err != nil {
		return err
	}
	_, err = im.tx.ExecContext(ctx, `DELETE FROM invoice_lines WHERE id BETWEEN ? AND ?`, first, first+n-1)
	return err
}

// lineCols are the columns of a line as ImportInvoices writes it (the id too: an
// invoice's lines have consecutive ids, and PostgreSQL's identity would not give
// them).
const lineCols = `id, invoice_id, row, invoice_date, tracking, order_ref, marketplace, service, charge, amount, currency,
	billed_weight_g, order_id, unmatched`

const lineColCount = 14

// lineSpec writes lines, 128 a statement.
var lineSpec = batchSpec{head: `INSERT INTO invoice_lines (` + lineCols + `)`, cols: lineColCount, rowsPer: 128}

// write writes the lines of the invoices gs, invoice by invoice and each in file
// order, with the order each matches (or the reason it matches none): a line is
// written once. Each invoice's lines have consecutive ids, from its first_line. It
// sets the invoices' hash, lines and latest date, and counts the lines and the rows
// of the file they come from.
func (im *invoiceImport) write(ctx context.Context, gs []*group) error {
	res := &im.res
	ins, err := newLineWriter(ctx, im.tx, im.conn, !im.opts.driverBinding)
	if err != nil {
		return err
	}
	defer ins.close()
	set, err := im.tx.PrepareContext(ctx, `UPDATE invoices SET hash = ?, lines = ?, latest_date = ?, first_line = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer set.Close()
	// The lines take the ids after the largest.
	var next int64
	if err := im.tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM invoice_lines`).Scan(&next); err != nil {
		return err
	}
	var line logistics.InvoiceLine
	l := &line
	n := 0
	im.newFrom = next
	apart := false
	var rowsMatched, rowsUnmatched int
	for _, g := range gs {
		res.Lines += len(g.refs)
		res.Matched += g.matched
		rowsMatched += g.rowsMatched
		rowsUnmatched += g.rowsUnmatched
		apart = apart || g.rowsApart
		first := next
		if g.streamed {
			first = g.first // (its lines are in, before next)
		}
		im.newFrom = min(im.newFrom, first)
		if _, err := set.ExecContext(ctx, g.hash, len(g.refs), int64(g.latest), first, g.id); err != nil {
			return err
		}
		if g.streamed {
			continue
		}
		for _, r := range g.refs {
			if n++; n&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			row, m := im.at(g, r, l)
			id := next
			next++
			if err := ins.add(ctx, id, g.id, row, l, m); err != nil {
				return err
			}
		}
	}
	if err := ins.flush(ctx); err != nil {
		return err
	}
	if apart {
		rowsMatched, rowsUnmatched = im.countRows(gs)
	}
	res.RowsMatched += rowsMatched
	res.RowsUnmatched += rowsUnmatched
	return nil
}

// countRows counts the rows of the file the lines of gs come from, matched or
// not, from their lines: a row counts once matched or unmatched (as a SELECT
// DISTINCT of invoice, row and matched would count it).
func (im *invoiceImport) countRows(gs []*group) (matched, unmatched int) {
	var rows []fileRow
	var l logistics.InvoiceLine
	for _, g := range gs {
		for _, r := range g.refs {
			row, m := im.at(g, r, &l)
			rows = append(rows, fileRow{g.id, int64(row), m.orderID != 0})
		}
	}
	slices.SortFunc(rows, func(a, b fileRow) int {
		return cmp.Or(cmp.Compare(a.invoice, b.invoice), cmp.Compare(a.row, b.row), cmp.Compare(b2i(a.matched), b2i(b.matched)))
	})
	for _, r := range slices.Compact(rows) {
		if r.matched {
			matched++
		} else {
			unmatched++
		}
	}
	return matched, unmatched
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
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS invoice_waiting (id BIGINT PRIMARY KEY);
		DELETE FROM invoice_waiting;
		INSERT INTO invoice_waiting SELECT id FROM invoice_lines WHERE order_id IS NULL`); err != nil {
		return err
	}
	for _, q := range matchSQL {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("match invoice lines: %w", err)
		}
	}
	var found []int64
	// (CROSS JOIN keeps the waiting lines outside on SQLite)
	err := eachRow(ctx, tx, `SELECT DISTINCT l.order_id FROM invoice_waiting w CROSS JOIN invoice_lines l
		WHERE l.id = w.id AND l.order_id IS NOT NULL`, nil, func(r *sql.Rows) error {
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
	if err := repack(ctx, tx, found, `l.id IN (SELECT id FROM invoice_waiting)`); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM invoice_waiting`)
	return err
}
