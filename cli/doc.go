// Package cli runs Shipmode's headless commands (SPEC §7): it parses a command line,
// opens the store, calls ingest, logistics, store and reports exactly as the desktop
// app does, and prints results. Run returns the exit status: 0 success, 1 a user
// error (one line naming the file, line or cell, and the reason), 2 a usage error.
package cli
