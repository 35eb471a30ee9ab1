-- The scenario planner (issue 12, SPEC §9): migrations/0006_order_lines.sql in
-- PostgreSQL's dialect. order_lines is a heap with its key (SKU, date, order) as
-- its primary key's index; fillOrderLines fills it in this migration's transaction.
-- (Migration 9 replaced it with sku_days: it is now left empty, to be dropped.)
CREATE TABLE order_lines (
    sku_id     BIGINT NOT NULL, -- skus.id
    order_date BIGINT NOT NULL, -- orders.order_date
    order_id   BIGINT NOT NULL, -- orders.id
    qty        BIGINT NOT NULL,
    PRIMARY KEY (sku_id, order_date, order_id)
);

-- Scenarios saved by name in the window, to be compared side by side (see the
-- SQLite migration).
CREATE TABLE scenarios (
    name       TEXT COLLATE "C" PRIMARY KEY,
    warehouse  TEXT COLLATE "C" NOT NULL,
    skus       TEXT COLLATE "C" NOT NULL, -- JSON array of the SKUs, in the order given
    from_date  BIGINT NOT NULL, -- logistics.Date; 0: the default
    to_date    BIGINT NOT NULL,
    cover_days BIGINT NOT NULL, -- 0: the rate book's cover_days
    saved_at   BIGINT NOT NULL
);
