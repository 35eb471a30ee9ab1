-- The scenario planner (issue 12, SPEC §9).
--
-- Orders' lines by SKU: one row per (order, SKU) with the order's units of that SKU
-- (lines of one SKU summed) and the order's date, so that "the orders of these SKUs
-- in this period" is a range of order_lines_sku per SKU. orders.lines stays what the
-- order was imported with (every line, in order, with its price); order_lines is
-- kept in step with it by the order import. fillOrderLines (store/order_lines.go)
-- fills it from orders.lines in this migration's transaction and then creates
-- order_lines_sku (faster than growing it row by row):
--   CREATE INDEX order_lines_sku ON order_lines (sku_id, order_date);
CREATE TABLE order_lines (
    order_id   INTEGER NOT NULL, -- orders.id
    sku_id     INTEGER NOT NULL, -- skus.id
    qty        INTEGER NOT NULL,
    order_date INTEGER NOT NULL, -- orders.order_date
    PRIMARY KEY (order_id, sku_id)
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
