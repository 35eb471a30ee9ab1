-- The orders' lines by SKU, packed per SKU and day: migrations/0009_sku_days.sql in
-- PostgreSQL's dialect. fillSKUDays fills it in this migration's transaction.
DROP TABLE order_lines;

CREATE TABLE sku_days (
    sku_id     BIGINT NOT NULL, -- skus.id
    order_date BIGINT NOT NULL, -- logistics.Date, the orders' order_date
    orders     BYTEA  NOT NULL, -- the pack: the day's orders with a line of the SKU
    PRIMARY KEY (sku_id, order_date)
);
