-- Reconciling a million invoiced orders in seconds (issue 11): see
-- migrations/0007_invoice_order_lines.sql.
CREATE TABLE IF NOT EXISTS invoice_order_lines (
    order_id BIGINT PRIMARY KEY, -- orders.id
    lines    BYTEA  NOT NULL
);
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS latest_date BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS first_line BIGINT NOT NULL DEFAULT 0;
