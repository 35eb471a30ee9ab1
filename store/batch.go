package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// batcher inserts rows with multi-row INSERT statements (rowsPer rows per execution),
// which is several times faster than one statement per row. Rows wait in args until
// a statement is full; flush writes the rest.
type batcher struct {
	tx *sql.Tx
	batchSpec
	full *sql.Stmt
	args []any

	// With the transaction's connection, full statements go to the driver directly
	// (rawFull, run inside conn.Raw): database/sql's checks and conversions of each
	// argument are a tenth of a bulk insert, and these arguments need none.
	conn    *sql.Conn
	rawFull driver.Stmt
	named   []driver.NamedValue

	// On PostgreSQL, rows without a tail go in with COPY (copy), PostgreSQL's
	// fast path for many rows, in larger batches.
	copy *copyTarget
}

// copyTarget is what a batcher COPYs into: a table, its columns, and the values
// of the spec's literals, which end every row.
type copyTarget struct {
	table    pgx.Identifier
	cols     []string
	literals []any
	row      []any
}

// batchSpec describes the statement of a batcher.
type batchSpec struct {
	head     string // "INSERT INTO t (a, b, c)"
	cols     int    // parameters per row
	literals string // SQL values that end every row after its parameters ("1, 7"), or ""
	tail     string // what follows the VALUES lists (an ON CONFLICT clause), or ""
	rowsPer  int    // rows per execution
}

// newBatcher prepares a batcher in tx. conn, if not nil, is tx's connection: see
// batcher.conn. Arguments must then be driver values (int64, float64, bool, []byte,
// string, time.Time or nil).
func newBatcher(ctx context.Context, tx *sql.Tx, conn *sql.Conn, spec batchSpec) (*batcher, error) {
	if conn != nil && spec.tail == "" {
		var pg bool
		conn.Raw(func(dc any) error { _, pg = dc.(rebindConn); return nil })
		if pg {
			c, err := newCopyTarget(spec)
			if err != nil {
				return nil, err
			}
			spec.rowsPer *= 16
			return &batcher{tx: tx, conn: conn, batchSpec: spec, copy: c, args: make([]any, 0, spec.cols*spec.rowsPer)}, nil
		}
	}
	b := &batcher{tx: tx, batchSpec: spec, args: make([]any, 0, spec.cols*spec.rowsPer)}
	query := b.sql(spec.rowsPer)
	if conn != nil {
		err := conn.Raw(func(dc any) error {
			p, ok := dc.(driver.ConnPrepareContext)
			if !ok {
				return nil
			}
			st, err := p.PrepareContext(ctx, query)
			if err != nil {
				return err
			}
			if _, ok := st.(driver.StmtExecContext); !ok {
				return st.Close()
			}
			b.conn, b.rawFull = conn, st
			b.named = make([]driver.NamedValue, spec.cols*spec.rowsPer)
			for i := range b.named {
				b.named[i].Ordinal = i + 1
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("prepare %s: %w", spec.head, err)
		}
		if b.rawFull != nil {
			return b, nil
		}
	}
	var err error
	if b.full, err = tx.PrepareContext(ctx, query); err != nil {
		return nil, fmt.Errorf("prepare %s: %w", spec.head, err)
	}
	return b, nil
}

// execRows executes the full statement with args, one statement's worth.
func (b *batcher) execRows(ctx context.Context, args []any) error {
	if b.copy != nil {
		return b.copyRows(ctx, args)
	}
	if b.rawFull == nil {
		_, err := b.full.ExecContext(ctx, args...)
		return err
	}
	for i, v := range args {
		b.named[i].Value = v
	}
	return b.conn.Raw(func(any) error {
		_, err := b.rawFull.(driver.StmtExecContext).ExecContext(ctx, b.named)
		return err
	})
}

// exec writes the rows of args (at most rowsPer of them, none waiting): with the
// prepared statement when they fill it.
func (b *batcher) exec(ctx context.Context, args []any) error {
	if len(args) == b.cols*b.rowsPer {
		return b.execRows(ctx, args)
	}
	if len(args) == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(ctx, b.sql(len(args)/b.cols), args...)
	return err
}

// sql is the statement inserting n rows.
func (b *batcher) sql(n int) string {
	row := "(" + strings.Repeat("?, ", b.cols-1) + "?"
	if b.literals != "" {
		row += ", " + b.literals
	}
	row += ")"
	var s strings.Builder
	s.WriteString(b.head)
	s.WriteString(" VALUES ")
	for i := range n {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(row)
	}
	if b.tail != "" {
		s.WriteString(" ")
		s.WriteString(b.tail)
	}
	return s.String()
}

// add queues one row of exactly cols values; it returns true when a full statement's
// worth of rows is waiting (call execFull).
func (b *batcher) add(vals ...any) bool {
	b.args = append(b.args, vals...)
	return len(b.args) >= b.cols*b.rowsPer
}

// pending is the number of rows waiting.
func (b *batcher) pending() int { return len(b.args) / b.cols }

// execFull writes every complete statement's worth of waiting rows and keeps the rest.
func (b *batcher) execFull(ctx context.Context) error {
	per := b.cols * b.rowsPer
	done := 0
	for len(b.args)-done >= per {
		if err := b.execRows(ctx, b.args[done:done+per]); err != nil {
			return err
		}
		done += per
	}
	if done > 0 {
		n := copy(b.args, b.args[done:])
		clear(b.args[n:])
		b.args = b.args[:n]
	}
	return nil
}

// flush writes every waiting row.
func (b *batcher) flush(ctx context.Context) error {
	if err := b.execFull(ctx); err != nil {
		return err
	}
	if n := b.pending(); n > 0 && b.copy != nil {
		if err := b.copyRows(ctx, b.args); err != nil {
			return err
		}
		clear(b.args)
		b.args = b.args[:0]
	} else if n > 0 {
		if _, err := b.tx.ExecContext(ctx, b.sql(n), b.args...); err != nil {
			return err
		}
		clear(b.args)
		b.args = b.args[:0]
	}
	return nil
}

func (b *batcher) close() {
	if b.copy != nil {
		return
	}
	if b.rawFull != nil {
		b.conn.Raw(func(any) error { return b.rawFull.Close() })
		return
	}
	b.full.Close()
}

// copyRows COPYs the rows of args (cols values each) into the batcher's table.
func (b *batcher) copyRows(ctx context.Context, args []any) error {
	c := b.copy
	n := len(args) / b.cols
	return b.conn.Raw(func(dc any) error {
		_, err := dc.(rebindConn).Conn.Conn().CopyFrom(ctx, c.table, c.cols, pgx.CopyFromFunc(func() ([]any, error) {
			if n == 0 {
				return nil, nil
			}
			n--
			c.row = append(append(c.row[:0], args[:b.cols]...), c.literals...)
			args = args[b.cols:]
			return c.row, nil
		}))
		return err
	})
}

// newCopyTarget reads the table and columns of spec's head ("INSERT INTO t (a, b)")
// and the values of its literals (NULL, integers, ”).
func newCopyTarget(spec batchSpec) (*copyTarget, error) {
	head := strings.TrimSpace(strings.TrimPrefix(spec.head, "INSERT INTO "))
	table, cols, ok := strings.Cut(head, "(")
	if !ok || !strings.HasSuffix(cols, ")") {
		return nil, fmt.Errorf("batch %q: not INSERT INTO t (columns)", spec.head)
	}
	c := &copyTarget{table: pgx.Identifier{strings.TrimSpace(table)}}
	for _, col := range strings.Split(strings.TrimSuffix(cols, ")"), ",") {
		c.cols = append(c.cols, strings.TrimSpace(col))
	}
	if spec.literals != "" {
		for _, lit := range splitLiterals(spec.literals) {
			switch {
			case lit == "NULL":
				c.literals = append(c.literals, nil)
			case strings.HasPrefix(lit, "convert_from('\\x") && strings.HasSuffix(lit, "'::bytea, 'UTF8')"):
				b, err := hex.DecodeString(strings.TrimSuffix(strings.TrimPrefix(lit, "convert_from('\\x"), "'::bytea, 'UTF8')"))
				if err != nil {
					return nil, fmt.Errorf("batch %q: literal %q", spec.head, lit)
				}
				c.literals = append(c.literals, string(b))
			case len(lit) >= 2 && lit[0] == '\'' && lit[len(lit)-1] == '\'':
				c.literals = append(c.literals, strings.ReplaceAll(lit[1:len(lit)-1], "''", "'"))
			default:
				v, err := strconv.ParseInt(lit, 10, 64)
				if err != nil {
					return nil, fmt.Errorf("batch %q: literal %q", spec.head, lit)
				}
				c.literals = append(c.literals, v)
			}
		}
	}
	if len(c.cols) != spec.cols+len(c.literals) {
		return nil, fmt.Errorf("batch %q: %d columns for %d values and %d literals", spec.head, len(c.cols), spec.cols, len(c.literals))
	}
	return c, nil
}

// splitLiterals splits SQL literals at the commas between them (not those inside
// a quoted string or parentheses), each trimmed.
func splitLiterals(s string) []string {
	var out []string
	start, quoted, depth := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\'':
			quoted = !quoted // ('' inside a string toggles twice)
		case s[i] == '(' && !quoted:
			depth++
		case s[i] == ')' && !quoted:
			depth--
		case s[i] == ',' && !quoted && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}
