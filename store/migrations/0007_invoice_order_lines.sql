-- Reconciling a million invoiced orders in seconds (issue 11).
--
-- The invoice lines of each order packed in a row (see store/invoice_pack.go), as
-- reconciliation reads them: a row per order instead of each of its lines through
-- an index. Derived from invoice_lines and kept in step by every change to an
-- order's lines. The migration's data step (migrateInvoiceOrderLines) fills it,
-- gives each invoice its lines' latest date (latest_date, which the not_billed
-- finding counts from) and the id of its first line (first_line: an invoice's lines
-- have consecutive ids, which a re-issue deletes them by), and drops the index of
-- the lines by invoice, which an import of a million lines would grow. (IF NOT
-- EXISTS, and columns added by the data step if missing: a database taken back to
-- an older version by hand keeps them.)
CREATE TABLE IF NOT EXISTS invoice_order_lines (
    order_id INTEGER PRIMARY KEY, -- orders.id
    lines    BLOB    NOT NULL
) STRICT;
