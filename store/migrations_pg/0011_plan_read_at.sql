-- The row version a plan read the orders at (store.PlanRun.ReadAt), kept with the
-- run: an order overridden, updated or cancelled since the latest plan makes the
-- plan out of date (ops.PlanState, the dashboard's banner) until the next plan.
-- 0: not known (runs before this migration).
ALTER TABLE plan_runs ADD COLUMN read_at BIGINT NOT NULL DEFAULT 0;
