// Package cmdenv settles, before any other package of the program starts, what
// the process takes from its environment that a library would misread. Today one
// thing: under the C locale (LANG=C.UTF-8, as in Debian containers and cron) the
// GUI toolkit's locale lookup cannot parse "C" and logs an error at start-up, before
// main runs; cmdenv says "English" in the way that lookup reads first. main
// imports it for its side effect, first.
package cmdenv
