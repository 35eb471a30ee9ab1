package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"shipmode/ops"
	"strings"
	"text/tabwriter"
)

func backupCmd(ctx context.Context, g *globals, env Env, args []string) error {
	if len(args) != 1 {
		return usagef("want: backup FILE")
	}
	svc, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer svc.Close()
	if _, err := svc.Backup(ctx, args[0], nil); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backed up %s to %s\n", svc.Where(), args[0])
	return nil
}

func restoreCmd(ctx context.Context, g *globals, env Env, args []string) error {
	if len(args) != 1 {
		return usagef("want: restore FILE")
	}
	svc, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer svc.Close()
	if _, err := svc.Restore(ctx, args[0], nil); err != nil {
		return err
	}
	next := "next to it"
	if svc.Server() {
		next = "next to " + args[0]
	}
	fmt.Fprintf(env.Stdout, "restored %s from %s (the previous content was saved %s)\n", svc.Where(), args[0], next)
	return nil
}

func migrateCmd(ctx context.Context, env Env, args []string) error {
	if len(args) != 2 {
		return usagef("want: migrate FROM TO (each a database file or a postgres:// URL)")
	}
	bar := newProgressBar(env.Stderr, "copying", "rows")
	res, err := ops.Migrate(ctx, ops.MigrateRequest{From: args[0], To: args[1]}, env.Version, bar.progress())
	bar.done()
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "table\trows\tchecksum (SHA-256, both sides)\t\n")
	for _, t := range res.Tables {
		fmt.Fprintf(w, "%s\t%d\t%.16s…\t\n", t.Table, t.Rows, t.Checksum)
	}
	w.Flush()
	fmt.Fprintf(env.Stdout, "migrated %s to %s: %d rows in %d tables, counts and checksums verified\n", res.From, res.To, res.Rows, len(res.Tables))
	return nil
}

func logCmd(ctx context.Context, g *globals, env Env, args []string) error {
	fs := flag.NewFlagSet("log", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	n := fs.Int("n", 50, "entries")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		return usagef("want: log [--n N]")
	}
	svc, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer svc.Close()
	entries, err := svc.Log(ctx, *n)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		fmt.Fprintln(env.Stdout, "the audit log is empty")
		return nil
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "when (UTC)\twho\twhat\tdetail")
	for _, e := range entries {
		fmt.Fprintf(w, "%s\t%s@%s\t%s\t%s\n", e.At.Format("2006-01-02 15:04:05"), e.User, e.Host, e.Action, sanitizeLine(e.Detail))
	}
	return w.Flush()
}

// sanitizeLine keeps a stored text to one printable line.
func sanitizeLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
