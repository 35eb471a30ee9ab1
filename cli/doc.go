// Package cli runs Shipmode's headless commands (SPEC §7, §11): it parses a command line,
// calls the operation of package ops that the window calls too, and prints its
// result. Run returns the exit status: 0 success, 1 a user error (one line naming
// the file, line or cell, and the reason), 2 a usage error.
package cli
