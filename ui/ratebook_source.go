package ui

import (
	"context"

	"shipmode/ops"
)

// The Rate book screen's spreadsheet operations over the real operations.

func (a *storeAdapter) AddRateBookRow(ctx context.Context, r ops.RateBookRowAdd) (ops.RateBookResult, error) {
	return a.ops.AddRateBookRow(ctx, r, nil)
}

func (a *storeAdapter) DeleteRateBookRows(ctx context.Context, d ops.RateBookRowDelete) (ops.RateBookResult, error) {
	return a.ops.DeleteRateBookRows(ctx, d, nil)
}

func (a *storeAdapter) PasteRateBookRows(ctx context.Context, p ops.RateBookPaste) (ops.RateBookResult, error) {
	return a.ops.PasteRateBookRows(ctx, p, nil)
}

func (a *storeAdapter) OpenRateBookVersion(ctx context.Context, id int64) (ops.RateBookView, error) {
	return a.ops.OpenRateBookVersion(ctx, id)
}

func (a *storeAdapter) RollBackRateBook(ctx context.Context, r ops.RateBookRollBack) (ops.RateBookResult, error) {
	return a.ops.RollBackRateBook(ctx, r, nil)
}
