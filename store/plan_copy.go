package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// copyDecisions writes the decisions of chunks on PostgreSQL with one COPY for
// the whole plan, fed by the chunks as the planner sends them: straight into an
// empty decisions table (upsert ""), else into a temporary table from which one
// INSERT … SELECT with upsert (its ON CONFLICT clause) replaces the orders'
// decisions. (Multi-row INSERTs of 64 decisions cost the server a statement each,
// and COPY cannot resolve conflicts itself.) A decision for an order twice fails
// the plan either way: the primary key, or ON CONFLICT affecting a row twice.
//
// The texts that come with the chunks cannot be written while the COPY runs on
// the connection: it returns them, to be written after. It returns how many
// decisions it wrote.
func copyDecisions(ctx context.Context, tx *sql.Tx, conn *sql.Conn, runID int64, chunks <-chan planChunk, upsert string) (int, []textRow, error) {
	table := "decisions"
	if upsert != "" {
		table = "plan_decisions"
		if _, err := tx.ExecContext(ctx, `CREATE TEMPORARY TABLE plan_decisions (LIKE decisions) ON COMMIT DROP`); err != nil {
			return 0, nil, fmt.Errorf("temporary table: %w", err)
		}
	}
	var cols []string
	for _, c := range strings.Split(decisionCols, ",") {
		cols = append(cols, strings.TrimSpace(c))
	}
	var (
		n     int
		texts []textRow
		stmts []stmtDecisions // the rest of the current chunk
		args  []any           // the rest of stmts[0]
		key   stmtKey
		row   = make([]any, len(cols))
	)
	next := func() ([]any, error) {
		for len(args) == 0 {
			if len(stmts) == 0 {
				chunk, ok := <-chunks
				if !ok {
					return nil, nil // (SavePlan closes chunks when the planner failed too: ctx says so)
				}
				texts = append(texts, chunk.texts...)
				n += chunk.rows
				stmts = chunk.stmts
				continue
			}
			args, key, stmts = stmts[0].args, stmts[0].key, stmts[1:]
		}
		copy(row, args[:stmtParams])
		row[stmtParams], row[stmtParams+1], row[stmtParams+2] = key.currency, "", runID
		args = args[stmtParams:]
		return row, nil
	}
	err := conn.Raw(func(dc any) error {
		_, err := dc.(rebindConn).Conn.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(next))
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	if err := ctx.Err(); err != nil {
		return 0, nil, err
	}
	if upsert != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO decisions (`+decisionCols+`) SELECT `+decisionCols+` FROM plan_decisions `+upsert); err != nil {
			return 0, nil, err
		}
	}
	return n, texts, nil
}
