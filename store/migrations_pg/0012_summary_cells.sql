-- The dashboard's figures at a million orders (issue 15: ≤ 1 s after open). Summing
-- a million decisions by date, destination, mode and currency takes seconds; the
-- sums (store.Summary's cells) are kept here with the stamp of what they were summed
-- from — the latest plan run, row version, order and import — and summed again
-- only when one has moved (a plan, an import, an override, a cancellation). The
-- open orders without a decision are kept per date too, as cells of mode -1. A
-- restore or a copy carries them with their stamp.
CREATE TABLE summary_cells (
    order_date   BIGINT NOT NULL,
    country      TEXT    NOT NULL,
    mode         BIGINT NOT NULL, -- 0: unassignable; -1: open orders not planned (orders)
    currency     TEXT    NOT NULL,
    orders       BIGINT NOT NULL,
    spend        BIGINT NOT NULL,
    sla          BIGINT NOT NULL,
    best         BIGINT NOT NULL,
    n_direct     BIGINT NOT NULL,
    direct       BIGINT NOT NULL,
    spend_direct BIGINT NOT NULL,
    PRIMARY KEY (order_date, country, mode, currency)
);
CREATE TABLE summary_stamp (
    id     BIGINT PRIMARY KEY CHECK (id = 1),
    run_id    BIGINT NOT NULL, -- max(plan_runs.id) the cells were summed at
    change    BIGINT NOT NULL, -- change_counter.n
    max_order BIGINT NOT NULL, -- max(orders.id)
    max_import BIGINT NOT NULL -- max(imports.id)
);
