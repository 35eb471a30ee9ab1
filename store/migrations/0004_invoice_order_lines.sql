-- Reconciling a million invoiced orders in seconds (issue 11).
--
-- The invoice lines of each order packed in a row (see store/invoice_pack.go), as
-- reconciliation reads them: a row per order instead of each of its lines through
-- an index. Derived from invoice_lines and kept in step by every change to an
-- order's lines; filled by this migration's data step. (IF NOT EXISTS: a database
-- taken back to an older version by hand keeps the table.)
CREATE TABLE IF NOT EXISTS invoice_order_lines (
    order_id INTEGER PRIMARY KEY, -- orders.id
    lines    BLOB    NOT NULL
) STRICT;

-- The latest invoice date of each invoice's lines, which the not_billed finding
-- counts from: read from the invoices, not from every line.
ALTER TABLE invoices ADD COLUMN latest_date INTEGER NOT NULL DEFAULT 0;
UPDATE invoices SET latest_date = coalesce((SELECT max(l.invoice_date) FROM invoice_lines l WHERE l.invoice_id = invoices.id), 0);

-- An invoice's lines have consecutive ids, from first_line (an import writes them
-- invoice by invoice): a re-issue deletes them by their ids, without an index of
-- the lines by invoice, which an import of a million lines would grow.
ALTER TABLE invoices ADD COLUMN first_line INTEGER NOT NULL DEFAULT 0;
UPDATE invoices SET first_line = coalesce((SELECT min(l.id) FROM invoice_lines l WHERE l.invoice_id = invoices.id), 0);
DROP INDEX invoice_lines_invoice;
