-- Row versions (SPEC §10): every change to an order — an import that updates it,
-- an override, a status — takes the next number of change_counter and stamps the
-- order with it (changed_in). An override made on a view older than the order's
-- stamp is refused, never silently laid over another desktop's change; a plan drops
-- the decisions of orders changed while it ran (they are planned next time).
ALTER TABLE orders ADD COLUMN changed_in BIGINT NOT NULL DEFAULT 0;
CREATE TABLE change_counter (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO change_counter (id, n) VALUES (1, 1); -- (0 is "not known", see PlanRun.ReadAt)
