// Command shipmode is the Shipmode desktop app and its headless command line. With no
// command it opens the window on the default database; with one it runs it (SPEC §7).
// This file only wires: it parses the global flags, picks the database path and hands
// over to ui or cli.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	_ "shipmode/cmdenv" // first: settles the environment before the GUI toolkit reads it
	"shipmode/crash"

	"shipmode/cli"
)

// version is the app version, kept equal to FyneApp.toml.
const version = "0.1.0"

// memoryLimit is the Go heap's soft limit (GOMEMLIMIT overrides it): with SQLite's
// page caches and the program itself, a million-order plan peaks at about 920 MiB
// (under 10⁹ bytes).
const memoryLimit = 800 << 20

// exitInternal is the exit status of a fault of the program itself (a crash): not
// 1, a problem with the user's input, nor 2, a malformed command line.
const exitInternal = 3

func main() {
	crashFile := crashReport()
	defer func() {
		// A panic on this goroutine (the window's, or a command's) is one line for
		// the user and a report for us, never a stack trace on their screen.
		if r := recover(); r != nil {
			stack := debug.Stack()
			if p, ok := r.(*crash.Panic); ok { // a worker's, raised again on this goroutine
				r, stack = p.Value, append(append(p.Stack, "\nraised again on the main goroutine:\n"...), stack...)
			}
			fmt.Fprintf(os.Stderr, "shipmode: internal error: %v\n", r)
			if crashFile != nil {
				fmt.Fprintf(crashFile, "panic: %v\n\n%s", r, stack)
				fmt.Fprintf(os.Stderr, "shipmode: the details are in %s\n", crashFile.Name())
			}
			os.Exit(exitInternal)
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if path := os.Getenv("SHIPMODE_CPUPROFILE"); path != "" {
		// for performance work: a CPU profile of this run
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// a soft limit: the garbage collector works harder before a million-order
		// plan or import would pass 1 GB, instead of letting the heap double
		debug.SetMemoryLimit(memoryLimit)
	}
	args := os.Args[1:]
	if where := os.Getenv("SHIPMODE_CRASH_TEST"); where != "" {
		crashTest(where) // for support and tests: is a crash reported as it should be?
	}
	if os.Getenv("GOGC") == "" && importsOrders(args) {
		// Rows stream through an order import and little stays alive, so the
		// collector may let the heap grow to five times that before it runs: a
		// million lines import a tenth faster, in about 400 MB instead of 300 MB.
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOGC") == "" && reconciles(args) {
		// Likewise a reconcile streams a million orders through a heap of a few
		// MB, which the collector would otherwise scan some 140 times: a fifth
		// less CPU, about 265 MB at most instead of 215 MB.
		debug.SetGCPercent(400)
	}
	if db, ok := guiArgs(args); ok {
		if db == "" {
			db = os.Getenv("SHIPMODE_DB")
		}
		if !hasDisplay() {
			fmt.Fprintln(os.Stderr, "shipmode: no display: the window needs a desktop session; the commands run without one (shipmode help)")
			stop()
			os.Exit(1)
		}
		if err := openApp(ctx, db, reporter(crashFile)); err != nil {
			fmt.Fprintln(os.Stderr, "shipmode:", err)
			stop()
			os.Exit(1)
		}
		return
	}
	code := cli.Run(ctx, args, cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		DB: os.Getenv("SHIPMODE_DB"), DefaultDB: defaultDB, Version: version,
	})
	pprof.StopCPUProfile()
	stop()
	os.Exit(code)
}

// hasDisplay reports whether a window can open: on Linux and the BSDs an X11 or
// Wayland session must be named in the environment.
func hasDisplay() bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}

// crashReport opens the file where a crash of this run is reported (the Go
// runtime writes fatal errors there too), in the user's cache folder; nil if it
// cannot be made. An empty report is removed by the next run.
func crashReport() *os.File {
	dir, err := os.UserCacheDir()
	if err != nil {
		return nil
	}
	dir = filepath.Join(dir, "Shipmode", "crashes")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil
	}
	if old, _ := filepath.Glob(filepath.Join(dir, "crash-*.txt")); len(old) > 0 {
		for _, p := range old {
			if st, err := os.Stat(p); err == nil && st.Size() == 0 {
				os.Remove(p)
			}
		}
	}
	f, err := os.CreateTemp(dir, "crash-"+time.Now().UTC().Format("20060102T150405")+"-*.txt")
	if err != nil {
		return nil
	}
	debug.SetCrashOutput(f, debug.CrashOptions{})
	return f
}

// reconciles reports whether the command line is `reconcile …`.
func reconciles(args []string) bool {
	return slices.Contains(args, "reconcile")
}

// importsOrders reports whether the command line is `import orders …`.
func importsOrders(args []string) bool {
	for i, a := range args {
		if a == "import" {
			return i+1 < len(args) && args[i+1] == "orders"
		}
	}
	return false
}

// guiArgs reports whether the command line asks for the window: no command, with or
// without --db PATH.
func guiArgs(args []string) (string, bool) {
	switch {
	case len(args) == 0:
		return "", true
	case len(args) == 2 && (args[0] == "--db" || args[0] == "-db"):
		return args[1], true
	case len(args) == 1:
		for _, p := range []string{"--db=", "-db="} {
			if v, ok := strings.CutPrefix(args[0], p); ok {
				return v, true
			}
		}
	}
	return "", false
}

// defaultDB is shipmode.db in the user's data folder: ~/.local/share/Shipmode on
// Linux (XDG_DATA_HOME), ~/Library/Application Support/Shipmode on macOS and
// %AppData%\Shipmode on Windows.
func defaultDB() (string, error) {
	var dir string
	if runtime.GOOS == "linux" {
		dir = os.Getenv("XDG_DATA_HOME")
		if dir == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", err
			}
			dir = filepath.Join(home, ".local", "share")
		}
	} else {
		d, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		dir = d
	}
	return filepath.Join(dir, "Shipmode", "shipmode.db"), nil
}

// crashTest panics on purpose, where says where: "main" on this goroutine,
// "worker" on a worker goroutine whose panic is carried here, as the program's
// workers do (package crash).
func crashTest(where string) {
	if where == "worker" {
		var panics crash.Group
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer panics.Catch()
			panic("crash test on a worker goroutine")
		}()
		<-done
		panics.Raise()
	}
	panic("crash test on the main goroutine")
}

// reporter writes a fault a window task met (the window says so and stays open)
// to the crash report, and returns its path ("" when there is none).
func reporter(f *os.File) func(value any, stack []byte) string {
	return func(value any, stack []byte) string {
		if f == nil {
			return ""
		}
		fmt.Fprintf(f, "panic: %v\n\n%s\n", value, stack)
		return f.Name()
	}
}
