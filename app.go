package main

import (
	"context"
	"fmt"
	"os"

	"fyne.io/fyne/v2/app"

	"shipmode/ops"
	"shipmode/ui"
)

// appID is the application id, the same as in FyneApp.toml.
const appID = "app.shipmode.desktop"

// openApp opens the desktop window on the database at path ("" = the default) and
// returns when the window is closed; crashed reports a fault a window task met.
func openApp(ctx context.Context, path string, crashed func(value any, stack []byte) string) error {
	open := ops.Open
	if path == "" {
		p, err := defaultDB()
		if err != nil {
			return fmt.Errorf("default database: %w", err)
		}
		path, open = p, ops.OpenDefault
	}
	svc, err := open(ctx, path, version)
	if err != nil {
		return err
	}
	defer svc.Close()
	ui.Run(app.NewWithID(appID), ui.Deps{Ops: svc, Options: ui.EnvOptions(os.Getenv), Crashed: crashed})
	return nil
}
