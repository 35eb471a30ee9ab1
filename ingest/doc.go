// Package ingest reads the files sellers bring into Shipmode — marketplace order
// exports (CSV, TSV, XLSX), products, stock, carrier invoices and the rate-book
// workbook — into logistics values, following the exact readings of SPEC §5. It
// reports every rejected row or cell with its line (or cell reference), column and
// reason instead of dropping anything silently, and it knows no SQL and no widgets.
package ingest
