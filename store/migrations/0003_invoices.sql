-- Carrier invoices (SPEC §8). Orders keep the tracking number their export carries
-- (NULL: none), which invoice lines are matched by first.
ALTER TABLE orders ADD COLUMN tracking TEXT;
CREATE INDEX orders_tracking ON orders (tracking) WHERE tracking IS NOT NULL;

-- One row per invoice, keyed by (carrier, number): importing it again with the same
-- lines (same hash) changes nothing; other lines replace its lines (a re-issue).
CREATE TABLE invoices (
    id          INTEGER PRIMARY KEY,
    carrier     TEXT    NOT NULL,
    number      TEXT    NOT NULL,
    source      TEXT    NOT NULL, -- the file it came from
    imported_at INTEGER NOT NULL,
    hash        INTEGER NOT NULL, -- content hash of its lines, in file order
    lines       INTEGER NOT NULL,
    reissues    INTEGER NOT NULL  -- how many times a different version replaced it
) STRICT;
CREATE UNIQUE INDEX invoices_key ON invoices (carrier, number);

-- The charge lines of the invoices. amount is logistics.Dec nano-units of currency,
-- exact as billed; it is converted at reconcile time with the FX rate of
-- invoice_date. order_id is the order the line is matched to (NULL: unmatched, with
-- unmatched saying why: 1 no order has its tracking number or reference, 2 several
-- orders do); unmatched lines are matched again when orders arrive (MatchInvoiceLines).
CREATE TABLE invoice_lines (
    id              INTEGER PRIMARY KEY,
    invoice_id      INTEGER NOT NULL, -- invoices.id
    row             INTEGER NOT NULL, -- line of the file it was read from
    invoice_date    INTEGER NOT NULL,
    tracking        TEXT    NOT NULL,
    order_ref       TEXT    NOT NULL,
    marketplace     TEXT    NOT NULL,
    service         TEXT    NOT NULL,
    charge          INTEGER NOT NULL CHECK (charge BETWEEN 1 AND 6), -- logistics.Charge
    amount          INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    billed_weight_g INTEGER NOT NULL, -- 0: not given
    order_id        INTEGER,
    unmatched       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id);
CREATE INDEX invoice_lines_order ON invoice_lines (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX invoice_lines_unmatched ON invoice_lines (id) WHERE order_id IS NULL;
