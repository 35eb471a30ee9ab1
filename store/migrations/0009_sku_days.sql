-- The orders' lines by SKU, packed per SKU and day (issues 10 and 12).
--
-- order_lines (migration 6) held a row per order and SKU: writing a million of
-- them cost a first import of a million orders a third more CPU. sku_days holds the
-- same facts as one row per SKU and order date, whose pack lists the orders of that
-- day with a line of the SKU — for each, its units of the SKU and all its units
-- (store/order_lines.go: varints of the id's difference from the previous one, the
-- units, the order's units). "The orders of these SKUs in this period" is still a
-- range of the key per SKU. The order import keeps it in step with orders.lines;
-- fillSKUDays fills it from the orders in this migration's transaction.
DROP TABLE order_lines;

CREATE TABLE sku_days (
    sku_id     INTEGER NOT NULL, -- skus.id
    order_date INTEGER NOT NULL, -- logistics.Date, the orders' order_date
    orders     BLOB    NOT NULL, -- the pack: the day's orders with a line of the SKU
    PRIMARY KEY (sku_id, order_date)
) STRICT, WITHOUT ROWID;
