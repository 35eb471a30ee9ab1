package store

import (
	"context"
	"database/sql"
	"fmt"

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

// ImportInvoices stores carrier invoices in one transaction, keyed by (carrier,
// invoice number) (SPEC §8): an invoice new to the database is added; a known one
// whose lines are the same (in the same order) is left alone, so importing a file
// again changes nothing; a known one with other lines has its lines replaced (a
// corrected re-issue, listed in Reissued). Every unmatched line of the database —
// this import's and the ones earlier imports kept — is then matched
// (MatchInvoiceLines): an invoice that arrived before its orders finds them when
// they are imported (ImportOrders matches the waiting lines in its transaction),
// at the next invoice import, and at every reconcile, which matches first.
func (db *DB) ImportInvoices(ctx context.Context, lines InvoiceLines, opts InvoiceImportOptions) (InvoiceImportResult, error) {
	var res InvoiceImportResult
	what := "import invoices"
	if opts.Source != "" {
		what = "import invoices from " + opts.Source
	}
	// The invoices of the call in the order they first appear, each with its lines.
	type group struct {
		key  InvoiceKey
		idx  []int
		hash int64
	}
	var groups []*group
	byKey := map[InvoiceKey]*group{}
	for i := range lines.Len() {
		l, row := lines.At(i)
		if l.Carrier == "" || l.Invoice == "" || l.Charge < logistics.ChargeFreight || l.Charge > logistics.ChargeCredit {
			return res, fmt.Errorf("%s: line %d: %w: carrier, invoice number and charge are required", what, row, ErrInvalid)
		}
		k := InvoiceKey{l.Carrier, l.Invoice}
		g := byKey[k]
		if g == nil {
			g = &group{key: k}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.idx = append(g.idx, i)
	}
	for _, g := range groups {
		h := hasher{h: 0x9e3779b97f4a7c15}
		h.int(int64(len(g.idx)))
		for _, i := range g.idx {
			l, _ := lines.At(i)
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
		g.hash = int64(h.sum())
	}
	run := func(tx *sql.Tx, conn *sql.Conn) error {
		if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS invoice_import (id INTEGER PRIMARY KEY)`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invoice_import`); err != nil {
			return err
		}
		stage := stageSQL
		if db.pg {
			stage = stageSQLPG
		}
		if _, err := tx.ExecContext(ctx, stage); err != nil {
			return err
		}
		find, err := tx.PrepareContext(ctx, `SELECT id, hash FROM invoices WHERE carrier = ? AND number = ?`)
		if err != nil {
			return err
		}
		defer find.Close()
		touch, err := tx.PrepareContext(ctx, `INSERT INTO invoice_import (id) VALUES (?) ON CONFLICT DO NOTHING`)
		if err != nil {
			return err
		}
		defer touch.Close()
		ins, err := newBatcher(ctx, tx, conn, batchSpec{head: `INSERT INTO invoice_stage (` + stageCols + `)`, cols: 11, rowsPer: 128})
		if err != nil {
			return err
		}
		defer ins.close()
		now := nowMilli()
		for n, g := range groups {
			if n&255 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			var id, hash int64
			err := find.QueryRowContext(ctx, g.key.Carrier, g.key.Number).Scan(&id, &hash)
			switch {
			case err == sql.ErrNoRows:
				if err := tx.QueryRowContext(ctx, `INSERT INTO invoices (carrier, number, source, imported_at, hash, lines, reissues)
					VALUES (?, ?, ?, ?, ?, ?, 0) RETURNING id`, g.key.Carrier, g.key.Number, opts.Source, now, g.hash, len(g.idx)).Scan(&id); err != nil {
					return err
				}
				res.New++
			case err != nil:
				return err
			case hash == g.hash:
				res.Unchanged++
				if _, err := touch.ExecContext(ctx, id); err != nil {
					return err
				}
				continue
			default:
				// A corrected re-issue: its lines replace the stored ones.
				if err := ins.flush(ctx); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM invoice_lines WHERE invoice_id = ?`, id); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE invoices SET source = ?, imported_at = ?, hash = ?, lines = ?,
					reissues = reissues + 1 WHERE id = ?`, opts.Source, now, g.hash, len(g.idx), id); err != nil {
					return err
				}
				res.Reissued = append(res.Reissued, g.key)
			}
			if _, err := touch.ExecContext(ctx, id); err != nil {
				return err
			}
			for k, i := range g.idx {
				if k&4095 == 4095 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				l, row := lines.At(i)
				if ins.add(id, int64(row), int64(l.InvoiceDate), l.Tracking, l.OrderRef, l.Marketplace, l.Service,
					int64(l.Charge), int64(l.Amount), l.Currency, l.BilledWeightG) {
					if err := ins.execFull(ctx); err != nil {
						return err
					}
				}
			}
		}
		if err := ins.flush(ctx); err != nil {
			return err
		}
		// The unmatched lines of other invoices, before and after matching: those
		// that found their order since they were imported.
		const others = `SELECT count(*) FROM invoice_lines WHERE order_id IS NULL
			AND invoice_id NOT IN (SELECT id FROM invoice_import)`
		var before, after int
		if err := tx.QueryRowContext(ctx, others).Scan(&before); err != nil {
			return err
		}
		// The new lines go in with their order, found as they are copied; the
		// waiting lines of earlier imports are matched after them.
		if _, err := tx.ExecContext(ctx, moveSQL); err != nil {
			return fmt.Errorf("match invoice lines: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invoice_stage`); err != nil {
			return err
		}
		if err := matchLines(ctx, tx); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, others).Scan(&after); err != nil {
			return err
		}
		res.Rematched = before - after
		err = tx.QueryRowContext(ctx, `SELECT count(*), count(order_id) FROM invoice_lines
			WHERE invoice_id IN (SELECT id FROM invoice_import)`).Scan(&res.Lines, &res.Matched)
		if err != nil {
			return err
		}
		res.Unmatched = res.Lines - res.Matched
		err = tx.QueryRowContext(ctx, `SELECT coalesce(sum(m), 0), coalesce(sum(1 - m), 0) FROM (
			SELECT DISTINCT invoice_id, row, CASE WHEN order_id IS NOT NULL THEN 1 ELSE 0 END AS m FROM invoice_lines
			WHERE invoice_id IN (SELECT id FROM invoice_import)) AS r`).Scan(&res.RowsMatched, &res.RowsUnmatched)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invoice_import`); err != nil {
			return err
		}
		if opts.BeforeCommit != nil {
			return opts.BeforeCommit()
		}
		return nil
	}
	var exists bool
	first := db.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM invoice_lines)`).Scan(&exists) == nil && !exists
	if err := db.writeConn(ctx, what, first && lines.Len() > 100_000, run); err != nil {
		return InvoiceImportResult{}, err
	}
	return res, nil
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

// stageCols are the columns of a line as ImportInvoices writes it to
// invoice_stage, from where moveSQL copies it to invoice_lines with its order.
const stageCols = `invoice_id, row, invoice_date, tracking, order_ref, marketplace, service, charge, amount, currency, billed_weight_g`

// (The temporary tables are named without their schema: both engines look in the
// connection's temporary tables first. seq keeps the order lines were staged in:
// SQLite's rowid, a sequence on PostgreSQL.)
const stageSQL = `CREATE TEMP TABLE IF NOT EXISTS invoice_stage (seq INTEGER PRIMARY KEY, invoice_id INTEGER, row INTEGER, invoice_date INTEGER,
	tracking TEXT, order_ref TEXT, marketplace TEXT, service TEXT, charge INTEGER, amount INTEGER, currency TEXT,
	billed_weight_g INTEGER); DELETE FROM invoice_stage`

const stageSQLPG = `CREATE TEMP TABLE IF NOT EXISTS invoice_stage (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	invoice_id BIGINT, row BIGINT, invoice_date BIGINT, tracking TEXT COLLATE "C", order_ref TEXT COLLATE "C",
	marketplace TEXT COLLATE "C", service TEXT COLLATE "C", charge BIGINT, amount BIGINT, currency TEXT COLLATE "C",
	billed_weight_g BIGINT); DELETE FROM invoice_stage`

// moveSQL copies the staged lines to invoice_lines, each with the order SPEC §8
// gives it (see matchSQL), found once as it is copied: writing each line once with
// its order costs half of writing it and then updating it. A line without an
// order says why when matchLines runs after.
const moveSQL = `INSERT INTO invoice_lines (` + stageCols + `, order_id, unmatched)
	SELECT ` + stageCols + `, coalesce(
		(SELECT CASE WHEN count(*) = 1 THEN min(o.id) END FROM orders o WHERE s.tracking <> '' AND o.tracking = s.tracking),
		CASE WHEN s.order_ref <> '' AND NOT EXISTS (SELECT 1 FROM orders o WHERE s.tracking <> '' AND o.tracking = s.tracking) THEN
			CASE WHEN s.marketplace <> ''
			THEN (SELECT o.id FROM orders o WHERE o.ref = s.order_ref AND o.marketplace = s.marketplace)
			ELSE (SELECT CASE WHEN count(*) = 1 THEN min(o.id) END FROM orders o WHERE o.ref = s.order_ref) END
		END), 0
	FROM invoice_stage s ORDER BY s.seq`

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

func matchLines(ctx context.Context, tx *sql.Tx) error {
	for _, q := range matchSQL {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("match invoice lines: %w", err)
		}
	}
	return nil
}
