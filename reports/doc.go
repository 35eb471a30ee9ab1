// Package reports writes Shipmode's Excel workbooks to an io.Writer with excelize:
// the "Shipping spend by logistics model" report for sellers and accountants (SPEC
// §6) and the rate-book interchange workbook with its explanatory header comments
// (SPEC §4). Numbers keep their exact decimals, formulas carry cached values, text
// from imported data is never written as a formula, and document properties are
// set; it knows no SQL and no widgets.
package reports
