package ops

import (
	"context"
	"fmt"
	"strings"

	"shipmode/store"
)

// SaveScenario keeps a scenario's inputs under its name (replacing a scenario of
// that name), to be compared with others later (SPEC §9); the audit log records it.
func (s *Service) SaveScenario(ctx context.Context, sv store.SavedScenario) error {
	sv.SavedAt = s.now()
	if err := s.db.SaveScenario(ctx, sv); err != nil {
		return err
	}
	s.audit(ctx, "save scenario", fmt.Sprintf("%q: %s in %s", strings.TrimSpace(sv.Name), strings.Join(sv.SKUs, ", "), sv.Warehouse))
	return nil
}

// SavedScenarios lists the saved scenarios by name.
func (s *Service) SavedScenarios(ctx context.Context) ([]store.SavedScenario, error) {
	return s.db.SavedScenarios(ctx)
}

// DeleteScenario removes the saved scenario name (store.ErrNotFound: none); the
// audit log records it.
func (s *Service) DeleteScenario(ctx context.Context, name string) error {
	if err := s.db.DeleteScenario(ctx, name); err != nil {
		return err
	}
	s.audit(ctx, "delete scenario", fmt.Sprintf("%q", name))
	return nil
}
