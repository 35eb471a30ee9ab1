package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2/app"

	"shipmode/cli"
	"shipmode/logistics"
	"shipmode/store"
	"shipmode/ui"
)

// appID is the application id, the same as in FyneApp.toml.
const appID = "app.shipmode.desktop"

// openApp opens the desktop window on the database at path ("" = the default) and
// returns when the window is closed.
func openApp(ctx context.Context, path string) error {
	if path == "" {
		p, err := defaultDB()
		if err != nil {
			return fmt.Errorf("default database: %w", err)
		}
		path = p
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("database folder: %w", err)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	ui.Run(app.NewWithID(appID), ui.Deps{
		DB: db,
		Demo: func(ctx context.Context, n int, progress func(float64)) error {
			_, err := cli.LoadDemo(ctx, db, n, 1, progress)
			return err
		},
		Plan: func(ctx context.Context, progress func(float64)) error {
			_, err := cli.Plan(ctx, db, logistics.NoDate, logistics.NoDate, nil, progress)
			return err
		},
		WriteReport: func(ctx context.Context, path string, from, to logistics.Date, progress func(int)) error {
			_, err := cli.WriteReport(ctx, db, path, from, to, version, progress)
			return err
		},
		Backup:  db.Backup,
		Restore: db.Restore,
		Version: version,
		Options: ui.EnvOptions(os.Getenv),
	})
	return nil
}
