// Package ui is Shipmode's desktop interface (Fyne): the window with its screens —
// dashboard, orders, import, carrier invoices, rate book, consolidation planner,
// reports, settings — their dialogs and bar charts. Each screen is a struct in its own
// file whose handlers only collect input, start work on a background goroutine
// (cancellable, results applied with fyne.Do) and show results; the work itself is
// done by the operations of package ops (the same the command line runs), reached
// through small interfaces declared here so that the tests drive every screen headless
// against fakes or the real operations. All user-visible text goes through the English
// / Simplified Chinese table in i18n.go. The package never imports
// fyne.io/fyne/v2/app: main.go creates the app and calls Run.
package ui
