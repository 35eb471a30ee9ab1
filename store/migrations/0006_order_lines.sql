-- The scenario planner (issue 12, SPEC §9).
--
-- Orders' lines by SKU: one row per (order, SKU) with the order's units of that SKU
-- (lines of one SKU summed) and the order's date. The table is clustered by SKU and
-- date, so that "the orders of these SKUs in this period" is one range of the key
-- per SKU, and needs no second index (building one over a million lines took a
-- first import 2.6 s). orders.lines stays what the order was imported with (every
-- line, in order, with its price); the order import keeps order_lines in step with
-- it (store/order_lines.go), and fillOrderLines fills it from orders.lines in this
-- migration's transaction. (Migration 9 replaced it with sku_days: this
-- migration's table is now left empty, to be dropped by migration 9.)
CREATE TABLE order_lines (
    sku_id     INTEGER NOT NULL, -- skus.id
    order_date INTEGER NOT NULL, -- orders.order_date
    order_id   INTEGER NOT NULL, -- orders.id
    qty        INTEGER NOT NULL,
    PRIMARY KEY (sku_id, order_date, order_id)
) STRICT, WITHOUT ROWID;

-- Scenarios saved by name in the window, to be compared side by side. The figures
-- are not kept: a saved scenario is worked out again on the orders of the day.
CREATE TABLE scenarios (
    name       TEXT    PRIMARY KEY,
    warehouse  TEXT    NOT NULL,
    skus       TEXT    NOT NULL, -- JSON array of the SKUs, in the order given
    from_date  INTEGER NOT NULL, -- logistics.Date; 0: the default (ops.ScenarioRequest: 90 days
    to_date    INTEGER NOT NULL, --   ending at the latest order date)
    cover_days INTEGER NOT NULL, -- 0: the rate book's cover_days
    saved_at   INTEGER NOT NULL
) STRICT;
