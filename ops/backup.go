package ops

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"shipmode/store"
)

// BackupResult says what Backup wrote.
type BackupResult struct {
	Path  string
	Bytes int64
}

// Backup writes a consistent copy of the database to path, also while the app
// runs. progress is told the start and the end (SQLite copies in one step).
func (s *Service) Backup(ctx context.Context, path string, progress Progress) (BackupResult, error) {
	progress.report(0, 1)
	if err := noteTemp(filepath.Join(filepath.Dir(path), store.BackupTempPattern())); err != nil {
		return BackupResult{}, err
	}
	if err := s.db.Backup(ctx, path); err != nil {
		if errors.Is(err, store.ErrInvalid) {
			return BackupResult{}, &InputError{Path: path, Err: err}
		}
		return BackupResult{}, fmt.Errorf("backup: %w", err)
	}
	res := BackupResult{Path: path}
	if st, err := os.Stat(path); err == nil {
		res.Bytes = st.Size()
	}
	progress.report(1, 1)
	return res, nil
}

// RestoreResult says what the database holds after Restore.
type RestoreResult struct {
	Orders int
}

// Restore replaces the database with the backup at path; the previous content is
// kept next to the database. progress is told the start and the end.
func (s *Service) Restore(ctx context.Context, path string, progress Progress) (RestoreResult, error) {
	progress.report(0, 1)
	if err := s.db.Restore(ctx, path); err != nil {
		return RestoreResult{}, &InputError{Path: path, Err: err}
	}
	n, err := s.db.CountOrders(ctx, store.OrderFilter{})
	if err != nil {
		return RestoreResult{}, err
	}
	s.audit(ctx, "restore", fmt.Sprintf("from %s: %d orders", path, n))
	progress.report(1, 1)
	return RestoreResult{Orders: n}, nil
}
