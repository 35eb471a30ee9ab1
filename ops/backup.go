package ops

import (
	"context"
	"errors"
	"fmt"

	"shipmode/store"
)

// Backup writes a consistent copy of the database to path, also while the app
// runs.
func (s *Service) Backup(ctx context.Context, path string) error {
	if err := s.db.Backup(ctx, path); err != nil {
		if errors.Is(err, store.ErrInvalid) {
			return &InputError{Path: path, Err: err}
		}
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// Restore replaces the database with the backup at path; the previous content is
// kept next to the database.
func (s *Service) Restore(ctx context.Context, path string) error {
	if err := s.db.Restore(ctx, path); err != nil {
		return &InputError{Path: path, Err: err}
	}
	return nil
}
