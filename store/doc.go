// Package store keeps Shipmode's data in one SQLite file (modernc.org/sqlite, no cgo):
// the rate book and its versions, products, stock, imported orders with their status
// and overrides and tracking numbers, the latest plan decision of every order,
// carrier invoices with their lines matched to orders (and each order's lines packed in
// a row for reconciliation), and app settings. It owns
// the schema and its embedded forward-only migrations, fast bulk import of a million
// order lines, the queries behind the orders table, the dashboard and the reports,
// and consistent backup and restore. Every exported method takes a context first and
// runs in one transaction; driver errors come back wrapped in this package's errors
// (ErrNotFound, ErrConflict, ErrBusy …) so callers classify them with errors.Is.
package store
