-- Shipmode schema, version 1. Money is integer minor units of the base currency;
-- rate-book decimals (prices) are logistics.Dec nano-units; dates are days since
-- 1970-01-01 (logistics.Date); instants are Unix milliseconds.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- One row per content version of the rate book (products and stock live in their own
-- tables). body is the JSON of logistics.RateBook without Products and Stock.
CREATE TABLE rate_books (
    id          INTEGER PRIMARY KEY,
    imported_at INTEGER NOT NULL,
    source      TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    body        BLOB    NOT NULL
) STRICT;

CREATE TABLE products (
    sku       TEXT PRIMARY KEY,
    title     TEXT    NOT NULL,
    weight_g  INTEGER NOT NULL,
    length_mm INTEGER NOT NULL,
    width_mm  INTEGER NOT NULL,
    height_mm INTEGER NOT NULL,
    category  TEXT    NOT NULL,
    unit_cost INTEGER NOT NULL, -- logistics.Dec nano-units of currency
    currency  TEXT    NOT NULL,
    hs_code   TEXT    NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE stock (
    warehouse_id TEXT    NOT NULL,
    sku          TEXT    NOT NULL,
    on_hand      INTEGER NOT NULL,
    PRIMARY KEY (warehouse_id, sku)
) STRICT, WITHOUT ROWID;

-- One row per ImportOrders call that stored something.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    source      TEXT    NOT NULL,
    imported_at INTEGER NOT NULL,
    inserted    INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL
) STRICT;

-- Every SKU an order line ever named, so that lines hold a small integer.
CREATE TABLE skus (
    id  INTEGER PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE orders (
    id                 INTEGER PRIMARY KEY,
    marketplace        TEXT    NOT NULL,
    ref                TEXT    NOT NULL,
    order_date         INTEGER NOT NULL,
    country            TEXT    NOT NULL,
    postal_code        TEXT    NOT NULL,
    currency           TEXT    NOT NULL,
    promised_days      INTEGER NOT NULL,
    parcel_length_mm   INTEGER, -- the four parcel columns are all NULL when the order has no parcel
    parcel_width_mm    INTEGER,
    parcel_height_mm   INTEGER,
    parcel_weight_g    INTEGER,
    -- The order lines, in order, each as ";<skus.id> <qty> <unit price>" (the price a
    -- decimal of the order currency), e.g. ";12 1 12.99;7 2 5". Kept in the row, not in a
    -- table of their own, so that a bulk import writes one row per order; a SKU is found
    -- with instr(lines, ';<id> ').
    lines              TEXT    NOT NULL,
    units              INTEGER NOT NULL, -- sum of the lines' qty
    status             INTEGER NOT NULL CHECK (status BETWEEN 1 AND 3), -- logistics.Status
    needs_product_data INTEGER NOT NULL, -- 1 when a line's SKU is not in products
    override_mode      INTEGER, -- logistics.Mode; NULL = no override
    override_option    TEXT,
    override_reason    TEXT,
    override_at        INTEGER,
    import_id          INTEGER NOT NULL, -- imports.id (no foreign key: its check costs a lookup per row)
    hash               INTEGER NOT NULL -- content hash: an identical re-import changes nothing
) STRICT;

-- orders_key and orders_date are dropped and rebuilt by an import into an empty table.
CREATE UNIQUE INDEX orders_key ON orders (ref, marketplace);
CREATE INDEX orders_date ON orders (order_date);
CREATE INDEX orders_needing_product_data ON orders (id) WHERE needs_product_data;

CREATE TABLE plan_runs (
    id           INTEGER PRIMARY KEY,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL,
    from_date    INTEGER NOT NULL,
    to_date      INTEGER NOT NULL,
    rate_book_id INTEGER REFERENCES rate_books (id),
    rounds       INTEGER NOT NULL,
    orders       INTEGER NOT NULL
) STRICT;

-- The latest decision of each planned order. What only the detail panel and the reports
-- read (every option's numbers, hence the chosen option's components and the cheapest
-- option of each mode) is in options, so that a plan of a million orders writes one
-- narrow row per order. No foreign keys: the store deletes a decision with its order
-- (cancelled, changed) itself, and checking them costs a lookup per row.
CREATE TABLE decisions (
    order_id    INTEGER PRIMARY KEY, -- orders.id
    run_id      INTEGER NOT NULL,    -- plan_runs.id
    mode        INTEGER, -- logistics.Mode of the chosen option; NULL = unassignable
    option_id   TEXT    NOT NULL, -- '' when unassignable
    sla_risk    INTEGER NOT NULL,
    total       INTEGER NOT NULL, -- of the chosen option; 0 when unassignable
    currency    TEXT    NOT NULL,
    best_direct INTEGER, -- cheapest feasible direct-mail option (the baseline); NULL = none
    best_total  INTEGER, -- cheapest feasible option ignoring the promise; NULL = none
    chosen      INTEGER NOT NULL, -- index into options; -1 = unassignable
    reason      TEXT    NOT NULL,
    options     BLOB    NOT NULL  -- every option: see encodeOptions
) STRICT;

-- The option ids and reasons of decisions' options, each kept once (see
-- encodeOptions). Rows are never deleted: they are few.
CREATE TABLE texts (
    id   INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
) STRICT;

-- No index but the key: the dashboard finds a period's decisions through
-- orders_date. (An index on the date made saving a plan 20 % slower; a covering one
-- for the dashboard's aggregates 40 % slower.)
