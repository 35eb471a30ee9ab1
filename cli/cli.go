package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"shipmode/ingest"
	"shipmode/ops"
	"shipmode/store"
)

// Env is what a command may use of the outside world.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// DB is the database used without --db (SHIPMODE_DB), or "".
	DB string
	// DefaultDB returns the database path used without --db or DB.
	DefaultDB func() (string, error)
	Version   string
}

// userError is a problem with the user's input: exit status 1.
type userError struct{ msg string }

func (e *userError) Error() string { return e.msg }

func userErrorf(format string, a ...any) error { return &userError{fmt.Sprintf(format, a...)} }

// usageError is a malformed command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

const usage = `usage:
  shipmode                                  open the desktop app
  shipmode demo [--orders N] [--seed S]     fill the database with the demo rate book, stock and N orders
  shipmode import orders FILE [--format amazon|ebay|shopify|generic] [--dates auto|dmy|mdy|ymd] [--map field=Header ...] [--set field=value ...]
  shipmode import products|stock|ratebook FILE
  shipmode import invoices FILE [--format dhl|yunexpress|generic] [--dates auto|dmy|mdy|ymd] [--map field=Header ...] [--set field=value ...]
  shipmode ratebook template FILE.xlsx
  shipmode plan [--from DATE] [--to DATE] [--json FILE] [--wait]
  shipmode quote [--json] ORDER.json        per-mode costs of one order with the current rate book
  shipmode override ORDER_REF MODE [--option ID] --reason TEXT
  shipmode report FILE.xlsx [--from DATE] [--to DATE] [--paper a4|letter] [--summary]
  shipmode reconcile [--from DATE] [--to DATE] [--json FILE]   carrier invoices against the plan
  shipmode handoff FILE.csv [--from DATE] [--to DATE]   open orders with their mode and service, for a label tool
  shipmode scenario --warehouse W --sku S[,S...] [--from DATE] [--to DATE] [--cover-days N] [--json FILE] [--xlsx FILE]
  shipmode scenario suggest [--warehouse W] [--top N] [--json FILE]   the SKUs worth stocking where, best first
  shipmode backup FILE | restore FILE       a server's database is backed up to a file too
  shipmode migrate FROM TO                  copy a database between files and PostgreSQL servers, verified
  shipmode log [--n N]                      who changed the database, from which computer, when
global: --db PATH|postgres://user:pass@host:port/db?sslmode=disable (else $SHIPMODE_DB, else the user's data folder)
`

// Run executes one command line (without the program name) and returns the exit
// status.
func Run(ctx context.Context, args []string, env Env) int {
	err := run(ctx, args, env)
	var ue *userError
	var ge *usageError
	var rbe *ingest.RateBookError
	var re ingest.RowError
	var ie *ops.InputError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ge):
		fmt.Fprintf(env.Stderr, "shipmode: %s\n%s", ge.msg, usage)
		return 2
	case errors.Is(err, store.ErrUnreachable) && !errors.As(err, new(*ops.ServerError)):
		// (a connection lost mid-command; one that could not be made says so itself)
		fmt.Fprintf(env.Stderr, "shipmode: the connection to the database server was lost: nothing of this command was stored (it writes in one transaction); run it again once the server is back\n  %v\n", err)
		return 1
	case errors.Is(err, ops.ErrNoRateBook):
		fmt.Fprintln(env.Stderr, "shipmode: no rate book yet: run 'shipmode import ratebook FILE.xlsx' or 'shipmode demo' first")
		return 1
	case errors.As(err, &rbe) && len(rbe.Problems) > 0:
		// one line naming the file and the first cell, then every problem
		fmt.Fprintf(env.Stderr, "shipmode: %s %s", rbe.File, rbe.Problems[0])
		if n := len(rbe.Problems); n > 1 {
			fmt.Fprintf(env.Stderr, " (%d problems in all; nothing was imported)", n)
		}
		fmt.Fprintln(env.Stderr)
		for _, p := range rbe.Problems {
			fmt.Fprintf(env.Stderr, "  %s\n", p)
		}
		return 1
	case errors.As(err, &re):
		fmt.Fprintf(env.Stderr, "shipmode: %s\n", firstLine(re.Error()))
		return 1
	case errors.As(err, &ie):
		fmt.Fprintf(env.Stderr, "shipmode: %s\n", firstLine(ie.Error()))
		return 1
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "shipmode: %s\n", firstLine(ue.msg))
		if rest := restLines(ue.msg); rest != "" {
			fmt.Fprint(env.Stderr, rest)
		}
		return 1
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(env.Stderr, "shipmode: cancelled")
		return 1
	default:
		fmt.Fprintf(env.Stderr, "shipmode: %v\n", err)
		return 1
	}
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

func restLines(s string) string {
	_, rest, ok := strings.Cut(s, "\n")
	if !ok {
		return ""
	}
	return strings.TrimRight(rest, "\n") + "\n"
}

// globals are the flags before the command.
type globals struct {
	db        string
	envDB     string // SHIPMODE_DB: the database without --db
	version   string
	defaultDB func() (string, error)
	stderr    io.Writer
}

// open opens the operations on the database of g: --db, else the default.
func (g *globals) open(ctx context.Context) (*ops.Service, error) {
	open := ops.Open
	if g.db == "" {
		g.db = g.envDB
	}
	if g.db == "" {
		if g.defaultDB == nil {
			return nil, usagef("no --db given")
		}
		p, err := g.defaultDB()
		if err != nil {
			return nil, fmt.Errorf("default database: %w", err)
		}
		g.db, open = p, ops.OpenDefault
	}
	svc, err := open(ctx, g.db, g.version)
	if err != nil {
		return nil, err
	}
	if g.stderr != nil {
		svc.OnBusy(func() {
			fmt.Fprintln(g.stderr, "shipmode: another Shipmode is writing to this database; waiting for it to finish (Ctrl-C to stop)")
		})
	}
	return svc, nil
}

func run(ctx context.Context, args []string, env Env) error {
	g := &globals{version: env.Version, envDB: env.DB, defaultDB: env.DefaultDB, stderr: env.Stderr}
	fs := flag.NewFlagSet("shipmode", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.db, "db", "", "database file or postgres:// URL")
	if err := fs.Parse(args); err != nil {
		return usagef("%v", err)
	}
	args = fs.Args()
	if len(args) == 0 {
		return usagef("no command")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "ratebook":
		if len(rest) != 2 || rest[0] != "template" {
			return usagef("want: ratebook template FILE.xlsx")
		}
		return ops.WriteRateBookTemplate(rest[1])
	case "import":
		if len(rest) < 2 {
			return usagef("want: import orders|products|stock|ratebook|invoices FILE")
		}
		return importCmd(ctx, g, env, rest[0], rest[1:])
	case "quote":
		return quoteCmd(ctx, g, env, rest)
	case "plan":
		return planCmd(ctx, g, env, rest)
	case "demo":
		return demoCmd(ctx, g, env, rest)
	case "override":
		return overrideCmd(ctx, g, env, rest)
	case "report":
		return reportCmd(ctx, g, env, rest)
	case "reconcile":
		return reconcileCmd(ctx, g, env, rest)
	case "handoff":
		return handoffCmd(ctx, g, env, rest)
	case "scenario":
		return scenarioCmd(ctx, g, env, rest)
	case "backup":
		return backupCmd(ctx, g, env, rest)
	case "restore":
		return restoreCmd(ctx, g, env, rest)
	case "migrate":
		return migrateCmd(ctx, env, rest)
	case "log":
		return logCmd(ctx, g, env, rest)
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return nil
	}
	return usagef("unknown command %q", cmd)
}

// parseFlags parses a command's flags, allowing them before and after positionals.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
