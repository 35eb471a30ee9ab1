package main

import (
	"context"
	"fmt"
	"os"

	"fyne.io/fyne/v2/app"

	"shipmode/ops"
	"shipmode/store"
	"shipmode/ui"
)

// appID is the application id, the same as in FyneApp.toml.
const appID = "app.shipmode.desktop"

// prefDatabase is the app preference that keeps the database the window last
// switched to (a team server's URL), used when neither --db nor SHIPMODE_DB names
// one.
const prefDatabase = "database"

// openApp opens the desktop window on the database at target ("" = the one the
// window last used, else the default file) and returns when the window is closed;
// crashed reports a fault a window task met. A server that cannot be reached
// opens the window anyway, offering to try again or to open the local file.
func openApp(ctx context.Context, target string, crashed func(value any, stack []byte) string) error {
	a := app.NewWithID(appID)
	local, err := defaultDB()
	if err != nil {
		return fmt.Errorf("default database: %w", err)
	}
	if target == "" {
		target = a.Preferences().String(prefDatabase)
	}
	open := ops.Open
	if target == "" || target == local {
		target, open = local, ops.OpenDefault
	}
	deps := ui.Deps{
		Options: ui.EnvOptions(os.Getenv), Crashed: crashed,
		Open: func(ctx context.Context, t string) (*ops.Service, error) {
			if t == local {
				return ops.OpenDefault(ctx, t, version)
			}
			return ops.Open(ctx, t, version)
		},
		Local: local,
		Remember: func(t string) {
			if t == local {
				t = ""
			}
			a.Preferences().SetString(prefDatabase, t)
		},
		Target: target,
	}
	svc, err := open(ctx, target, version)
	if err != nil && !store.IsURL(target) {
		return err
	}
	deps.Ops, deps.OpenErr = svc, err
	ui.Run(a, deps) // (closes the database it ends on)
	return nil
}
