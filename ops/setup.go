package ops

import (
	"context"
	"fmt"
)

// SetupState is how far a database is on the way from empty to its first plan,
// the steps a new seller takes: a rate book, products, stock, orders, a plan.
type SetupState struct {
	RateBook        bool // a rate book is stored
	Products, Stock int  // products and stock rows stored
	Orders          bool // an order is stored
	Planned         bool // a plan was run
}

// Done reports whether every step was taken (stock may stay empty: a seller
// without warehouses abroad ships by direct mail and consolidation alone).
func (st SetupState) Done() bool {
	return st.RateBook && st.Products > 0 && st.Orders && st.Planned
}

// SetupState reads how far the database is from its first plan.
func (s *Service) SetupState(ctx context.Context) (SetupState, error) {
	ps, err := s.PlanState(ctx)
	if err != nil {
		return SetupState{}, fmt.Errorf("read the plan state: %w", err)
	}
	c, err := s.db.SetupCounts(ctx)
	if err != nil {
		return SetupState{}, err
	}
	return SetupState{RateBook: ps.RateBook, Products: c.Products, Stock: c.Stock, Orders: c.Orders, Planned: ps.Planned}, nil
}
