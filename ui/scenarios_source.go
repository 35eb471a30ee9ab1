package ui

import (
	"context"
	"errors"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// scenarioSource is what the Scenarios screen reads and runs (SPEC §2.9, §9).
type scenarioSource interface {
	// ScenarioChoices lists what a scenario can be made of.
	ScenarioChoices(ctx context.Context) (scenarioChoices, error)
	// SKUDemands is the demand of each SKU ordered from..to, most units first.
	SKUDemands(ctx context.Context, from, to logistics.Date) ([]store.SKUDemand, error)
	Scenario(ctx context.Context, req ops.ScenarioRequest) (ops.ScenarioResult, error)
	Suggest(ctx context.Context, req ops.SuggestRequest, progress func(float64)) (ops.SuggestResult, error)
	// ScenarioReport writes the workbook of a scenario to path.
	ScenarioReport(ctx context.Context, path string, req ops.ScenarioRequest, progress func(float64)) error
	SavedScenarios(ctx context.Context) ([]store.SavedScenario, error)
	SaveScenario(ctx context.Context, s store.SavedScenario) error
	DeleteScenario(ctx context.Context, name string) error
}

// scenarioChoices is what a scenario can be made of: the rate book's warehouses and
// products, and the latest order date (the default history ends there).
type scenarioChoices struct {
	Warehouses []logistics.Warehouse
	Products   map[string]string           // SKU → title
	OnHand     map[string]map[string]int64 // warehouse → SKU → units on hand
	CoverDays  int                         // the rate book's cover_days
	Latest     logistics.Date              // of the orders; 0: no orders
	RateBook   bool                        // false: no rate book yet
}

func (a *storeAdapter) ScenarioChoices(ctx context.Context) (scenarioChoices, error) {
	var c scenarioChoices
	latest, ok, err := a.db.LatestOrderDate(ctx)
	if err != nil {
		return c, err
	}
	if ok {
		c.Latest = latest
	}
	rb, _, err := a.db.RateBook(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	c.RateBook = true
	c.Warehouses = rb.Warehouses
	c.Products = make(map[string]string, len(rb.Products))
	for _, p := range rb.Products {
		c.Products[p.SKU] = p.Title
	}
	c.OnHand = map[string]map[string]int64{}
	for _, st := range rb.Stock {
		if c.OnHand[st.WarehouseID] == nil {
			c.OnHand[st.WarehouseID] = map[string]int64{}
		}
		c.OnHand[st.WarehouseID][st.SKU] = st.OnHand
	}
	c.CoverDays = rb.Settings.CoverDays
	if c.CoverDays == 0 {
		c.CoverDays = logistics.DefaultCoverDays
	}
	return c, nil
}

func (a *storeAdapter) SKUDemands(ctx context.Context, from, to logistics.Date) ([]store.SKUDemand, error) {
	return a.db.SKUDemands(ctx, from, to)
}

func (a *storeAdapter) Scenario(ctx context.Context, req ops.ScenarioRequest) (ops.ScenarioResult, error) {
	return a.ops.Scenario(ctx, req, nil)
}

func (a *storeAdapter) Suggest(ctx context.Context, req ops.SuggestRequest, progress func(float64)) (ops.SuggestResult, error) {
	return a.ops.SuggestScenarios(ctx, req, ops.Fraction(progress))
}

func (a *storeAdapter) ScenarioReport(ctx context.Context, path string, req ops.ScenarioRequest, progress func(float64)) error {
	_, err := a.ops.WriteScenarioReport(ctx, ops.ScenarioReportRequest{ScenarioRequest: req, Path: path}, ops.Fraction(progress))
	return err
}

func (a *storeAdapter) SavedScenarios(ctx context.Context) ([]store.SavedScenario, error) {
	return a.ops.SavedScenarios(ctx)
}

func (a *storeAdapter) SaveScenario(ctx context.Context, s store.SavedScenario) error {
	return a.ops.SaveScenario(ctx, s)
}

func (a *storeAdapter) DeleteScenario(ctx context.Context, name string) error {
	return a.ops.DeleteScenario(ctx, name)
}
