package ops

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"shipmode/store"
)

// Mapping is a column mapping a seller confirmed by importing a file with it:
// the header each field is read from, and the values given for every row.
type Mapping struct {
	Map map[string]string `json:"map,omitempty"` // field → header
	Set map[string]string `json:"set,omitempty"` // field → value for every row
}

// The kinds of file whose column mappings are kept, apart: an order file and an
// invoice file with the same header are mapped each for its own fields.
const (
	mappingOrders   = "orders"
	mappingInvoices = "invoices"
)

// mappingKey is the settings key of the mapping remembered for a file's header
// layout of a kind: the same headers in the same order, whatever their case and
// surrounding spaces (the next export of the same shop or carrier).
func mappingKey(kind string, header []string) string {
	h := sha256.New()
	for _, c := range header {
		h.Write([]byte(strings.ToLower(strings.TrimSpace(c))))
		h.Write([]byte{0x1f})
	}
	return "import.mapping." + kind + "." + hex.EncodeToString(h.Sum(nil))[:24]
}

// RememberedMapping returns the mapping confirmed for an order file header's
// layout, if any.
func (s *Service) RememberedMapping(ctx context.Context, header []string) (Mapping, bool, error) {
	return s.rememberedMapping(ctx, mappingOrders, header)
}

// RememberedInvoiceMapping returns the mapping confirmed for an invoice file
// header's layout, if any.
func (s *Service) RememberedInvoiceMapping(ctx context.Context, header []string) (Mapping, bool, error) {
	return s.rememberedMapping(ctx, mappingInvoices, header)
}

func (s *Service) rememberedMapping(ctx context.Context, kind string, header []string) (Mapping, bool, error) {
	var m Mapping
	if len(header) == 0 {
		return m, false, nil
	}
	v, err := s.db.Setting(ctx, mappingKey(kind, header))
	if errors.Is(err, store.ErrNotFound) {
		return m, false, nil
	}
	if err != nil {
		return m, false, err
	}
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		return Mapping{}, false, nil // a damaged entry is as none: the seller maps again
	}
	return m, len(m.Map)+len(m.Set) > 0, nil
}

// rememberMapping keeps m for an order file header's layout, replacing what was
// kept.
func (s *Service) rememberMapping(ctx context.Context, header []string, m Mapping) error {
	return s.keepMapping(ctx, mappingOrders, header, m)
}

func (s *Service) keepMapping(ctx context.Context, kind string, header []string, m Mapping) error {
	if len(header) == 0 || len(m.Map)+len(m.Set) == 0 {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("remember the column mapping: %w", err)
	}
	return s.db.SetSetting(ctx, mappingKey(kind, header), string(b))
}
