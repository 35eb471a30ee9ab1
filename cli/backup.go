package cli

import (
	"context"
	"errors"
	"fmt"

	"shipmode/store"
)

func backupCmd(ctx context.Context, g globals, env Env, args []string) error {
	if len(args) != 1 {
		return usagef("want: backup FILE")
	}
	db, err := openDB(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, args[0]); err != nil {
		if errors.Is(err, store.ErrInvalid) {
			return userErrorf("%v", err)
		}
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(env.Stdout, "backed up %s to %s\n", g.db, args[0])
	return nil
}

func restoreCmd(ctx context.Context, g globals, env Env, args []string) error {
	if len(args) != 1 {
		return usagef("want: restore FILE")
	}
	db, err := openDB(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Restore(ctx, args[0]); err != nil {
		return userErrorf("%v", err)
	}
	fmt.Fprintf(env.Stdout, "restored %s from %s (the previous content was saved next to it)\n", g.db, args[0])
	return nil
}
