// Package crash carries a panic from a worker goroutine to the goroutine that
// waits for the workers, with the worker's stack, so that a fault of the program
// reaches its one crash handler (main's: one line for the user, exit status 3 and
// a report) instead of ending the process from a goroutine nobody recovers (the Go
// runtime's exit status 2, "usage", and a stack trace on the user's screen). It
// owns no state of its own and depends on nothing but the standard library, so
// every package — the domain core too — may start workers with it.
package crash
