// Package ingest reads the files sellers bring into Shipmode — marketplace order
// exports (CSV, TSV, XLSX), products, stock, carrier invoices and the rate-book
// workbook — into logistics values, following the exact readings of SPEC §5. It
// reports every rejected row or cell with its line (or cell reference), column and
// reason instead of dropping anything silently, and it knows no SQL and no widgets.
// Hostile files cost little: a row past Excel's limits or not text is rejected with
// a bounded echo, and a file that is no table — a zip bomb, a damaged, old or
// password-protected workbook, binary data — is refused whole as a *FileError
// before anything large is read.
package ingest
