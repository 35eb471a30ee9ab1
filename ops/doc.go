// Package ops holds the operations a seller performs — import, plan, quote,
// override, report, demo, backup, restore, the rate book's edits, the
// consolidation departures, the reconciliation of carrier invoices and the
// scenarios with their suggestions — written once for both faces of Shipmode: the command
// line (cli) and the window (ui) call the same functions and differ only in how
// they ask and how they show the result. Every operation takes a context first (it
// stops when the context is cancelled, leaving the database as it was), reports
// progress through a Progress callback when it runs long, and returns a result
// struct. Business rules live in logistics; ops only sequences ingest, store,
// logistics and reports.
package ops
