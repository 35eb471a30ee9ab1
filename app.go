package main

import (
	"context"
	"errors"
)

// openApp opens the desktop window on the database at path ("" = the default).
func openApp(ctx context.Context, path string) error {
	return errors.New("the desktop window is not wired yet; use the command line (shipmode help)")
}
