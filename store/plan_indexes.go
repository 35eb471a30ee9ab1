package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shipmode/logistics"
)

// dropDecisionIndexes drops the secondary indexes of decisions (migration 0008's:
// the orders screen's sorts and filters) that have an entry for every decision in
// tx and returns the statements that create them again, for rebuildIndexes before
// the transaction commits. A partial index (decisions_sla_risk: the few decisions
// at risk) is kept: it costs the writer an entry per decision it holds, where
// building it again costs a pass over the whole table after the last decision.
//
// A plan that writes about as many decisions as the table holds — the first plan,
// or a plan of every open order — adds or replaces an entry of each index per
// decision, scattered over the index (decisions_total is by cost): a third of its
// writer's work at a million orders. Building an index from the finished table
// sorts its entries once and writes each page once, in less time. Both happen in
// the plan's transaction: a plan that fails, is cancelled or killed leaves the old
// decisions and their indexes, and other connections read the old decisions with
// their indexes meanwhile (SQLite's WAL). (Not on PostgreSQL, where DROP INDEX
// locks the table against readers — another desktop's orders screen — until the
// plan commits.)
func dropDecisionIndexes(ctx context.Context, tx *sql.Tx) ([]string, error) {
	var names, creates []string
	err := eachRow(ctx, tx, `SELECT m.name, m.sql FROM sqlite_master m JOIN pragma_index_list('decisions') l ON l.name = m.name
		WHERE m.type = 'index' AND m.tbl_name = 'decisions' AND m.sql IS NOT NULL AND NOT l.partial ORDER BY m.name`, nil, func(r *sql.Rows) error {
		var name, create string
		if err := r.Scan(&name, &create); err != nil {
			return err
		}
		names, creates = append(names, name), append(creates, create)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("decisions' indexes: %w", err)
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+name+`"`); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", name, err)
		}
	}
	return creates, nil
}

// rebuildIndexes runs the statements of dropDecisionIndexes in tx.
func rebuildIndexes(ctx context.Context, tx *sql.Tx, creates []string) error {
	trace := logistics.PlanTraceOf(ctx)
	if len(creates) > 0 {
		defer sortInSmallRuns(ctx, tx)()
	}
	for _, q := range creates {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("rebuild index: %w", err)
		}
		if trace != nil {
			name, _, _ := strings.Cut(strings.TrimPrefix(q, "CREATE INDEX "), " ")
			trace.Mark("writer: index " + name + " built")
		}
	}
	return nil
}

// rebuildWorthIt says whether a plan of about orders decisions (0: not known)
// writes them faster without the decisions' indexes, rebuilt after, when the table
// holds existing decisions: always into an empty table (nothing to rebuild but
// what is written); else when it writes at least half as many as there are (each
// replaced one costs an index entry removed and one added, where a rebuild costs
// about one entry per row of the table).
func rebuildWorthIt(orders, existing int64) bool {
	return existing == 0 || (orders > 0 && 2*orders >= existing)
}
