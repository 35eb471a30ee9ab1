-- The invoice lines of each order packed in a row (see store/invoice_pack.go), as
-- reconciliation reads them: a row per order instead of each of its lines through
-- an index, so that a million invoiced orders reconcile in seconds. Derived from
-- invoice_lines and kept in step by every change to an order's lines; filled by
-- this migration's data step. (IF NOT EXISTS: a database taken back to an older
-- version by hand keeps the table.)
CREATE TABLE IF NOT EXISTS invoice_order_lines (
    order_id INTEGER PRIMARY KEY, -- orders.id
    lines    BLOB    NOT NULL
) STRICT;
