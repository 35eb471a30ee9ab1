-- A million-line invoice import without the index of the lines by order (issue 11):
-- building it was a tenth of the import. An order's lines are found through its
-- pack (invoice_order_lines), which now names each line by its invoice and its
-- place among that invoice's lines (pack version 2, see store/invoice_pack.go); the
-- migration's data step (repackAll) packs every order's lines again so.
DROP INDEX IF EXISTS invoice_lines_order;
