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
	"strings"
	"syscall"

	_ "shipmode/cmdenv" // first: settles the environment before the GUI toolkit reads it

	"shipmode/cli"
)

// version is the app version, kept equal to FyneApp.toml.
const version = "0.1.0"

// memoryLimit is the Go heap's soft limit (GOMEMLIMIT overrides it): with SQLite's
// page caches and the program itself, a million-order plan peaks at about 920 MiB
// (under 10⁹ bytes).
const memoryLimit = 800 << 20

func main() {
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
	if os.Getenv("GOGC") == "" && importsOrders(args) {
		// Rows stream through an order import and little stays alive, so the
		// collector may let the heap grow to five times that before it runs: a
		// million lines import a tenth faster, in about 400 MB instead of 300 MB.
		debug.SetGCPercent(400)
	}
	if db, ok := guiArgs(args); ok {
		if err := openApp(ctx, db); err != nil {
			fmt.Fprintln(os.Stderr, "shipmode:", err)
			stop()
			os.Exit(1)
		}
		return
	}
	code := cli.Run(ctx, args, cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		DefaultDB: defaultDB, Version: version,
	})
	pprof.StopCPUProfile()
	stop()
	os.Exit(code)
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
