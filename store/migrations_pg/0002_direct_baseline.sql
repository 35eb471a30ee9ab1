-- decisions.best_direct is the all-direct-mail baseline of SPEC §6,
-- logistics.DirectBaseline: the §5 choice among the order's direct options (the
-- cheapest that keeps the promise, else the fastest). Decisions saved before this
-- migration hold the cheapest direct option instead; directBaselines
-- (store/baseline.go) recomputes them from their options in this migration's
-- transaction. The schema is unchanged.
SELECT 1;
