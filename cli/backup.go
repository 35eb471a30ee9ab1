package cli

import (
	"context"
	"fmt"
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
	fmt.Fprintf(env.Stdout, "backed up %s to %s\n", g.db, args[0])
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
	fmt.Fprintf(env.Stdout, "restored %s from %s (the previous content was saved next to it)\n", g.db, args[0])
	return nil
}
