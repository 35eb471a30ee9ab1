package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"shipmode/logistics"
)

// A plan saves the direct-mail baseline of SPEC §6; a database saved before it
// (schema version 1, the cheapest direct option in best_direct) gets it when it is
// opened, and its dashboard figures with it.
func TestDirectBaselineMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shipmode.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, genOrders(0, 200), "a")
	in, err := db.PlanInput(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	planAll(t, db, in)
	want := map[int64]Cost{}
	changed := 0
	for i, id := range in.IDs {
		d := testDecision(in.Orders[i].Order, int(id))
		want[id] = wantDirectBaseline(&d)
		total, ok := logistics.Cheapest(d.Options)
		old := Cost{total[logistics.ModeDirect], ok[logistics.ModeDirect]}
		if old != want[id] {
			changed++
		}
		// as version 1 saved it
		if _, err := db.sql.ExecContext(ctx, `UPDATE decisions SET best_direct = ? WHERE order_id = ?`,
			sql.NullInt64{Int64: old.Minor, Valid: old.Feasible}, id); err != nil {
			t.Fatal(err)
		}
	}
	if changed == 0 || changed == len(in.IDs) {
		t.Fatalf("%d of %d baselines change: fixture too plain to test", changed, len(in.IDs))
	}
	// as version 1 had it: without the invoices of version 3, the audit log of 4,
	// the row versions of 5, the saved scenarios of 6, the orders' lines by SKU of 9,
	// the plan runs' read_at of 11 and the summary cells of 12
	if _, err := db.sql.ExecContext(ctx, `DROP INDEX orders_tracking; ALTER TABLE orders DROP COLUMN tracking;
		DROP TABLE invoice_lines; DROP TABLE invoices; DROP TABLE audit; DROP TABLE change_counter; ALTER TABLE orders DROP COLUMN changed_in;
		DROP TABLE sku_days; DROP TABLE scenarios; ALTER TABLE plan_runs DROP COLUMN read_at; DROP TABLE summary_cells; DROP TABLE summary_stamp; PRAGMA user_version = 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("open a version 1 database: %v", err)
	}
	defer db.Close()
	if got := pragmaInt(t, db, "user_version"); got != SchemaVersion() || got < 2 {
		t.Errorf("user_version: got %d, want %d", got, SchemaVersion())
	}
	if baks, _ := filepath.Glob(path + ".v1-*.bak"); len(baks) != 1 {
		t.Errorf("backups: got %v, want one of version 1", baks)
	}
	var base, saving int64
	err = db.EachReportRow(ctx, 0, 0, func(r ReportRow) error {
		if w := want[r.OrderID]; r.DirectBaseline != w {
			t.Errorf("order %d: direct-mail baseline got %+v, want %+v", r.OrderID, r.DirectBaseline, w)
		}
		if r.Mode != 0 {
			b, s := logistics.AgainstDirectMail(r.DirectBaseline.Minor, r.DirectBaseline.Feasible, r.Total)
			base, saving = base+b, saving+s
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := db.Summary(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if sum.DirectBaseline != base || sum.Savings != saving || sum.Savings != sum.DirectBaseline-sum.Spend {
		t.Errorf("summary: baseline %d savings %d spend %d; the report rows add up to baseline %d savings %d",
			sum.DirectBaseline, sum.Savings, sum.Spend, base, saving)
	}
}
