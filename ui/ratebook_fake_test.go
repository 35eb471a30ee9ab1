package ui

import (
	"context"
	"fmt"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// The fake's rate-book rows and versions, in memory, with the operations' own
// changes (ops.AddRow, DeleteRows, PasteRows).

func (f *fakeStore) AddRateBookRow(ctx context.Context, a ops.RateBookRowAdd) (ops.RateBookResult, error) {
	rb, err := ops.AddRow(f.rb, a)
	if err != nil {
		return ops.RateBookResult{}, err
	}
	return f.save(rb, "edited in Shipmode"), nil
}

func (f *fakeStore) DeleteRateBookRows(ctx context.Context, d ops.RateBookRowDelete) (ops.RateBookResult, error) {
	rb, err := ops.DeleteRows(f.rb, d)
	if err != nil {
		return ops.RateBookResult{}, err
	}
	return f.save(rb, "edited in Shipmode"), nil
}

func (f *fakeStore) PasteRateBookRows(ctx context.Context, p ops.RateBookPaste) (ops.RateBookResult, error) {
	rb, err := ops.PasteRows(f.rb, p)
	if err != nil {
		return ops.RateBookResult{}, err
	}
	return f.save(rb, "edited in Shipmode"), nil
}

func (f *fakeStore) OpenRateBookVersion(ctx context.Context, id int64) (ops.RateBookView, error) {
	rb, v, ok := f.bookAt(id)
	if !ok {
		return ops.RateBookView{}, fmt.Errorf("rate book version %d: %w", id, store.ErrNotFound)
	}
	sheets, err := ops.Sheets(rb)
	return ops.RateBookView{RateBook: rb, Version: v, Versions: f.versions, Sheets: sheets}, err
}

func (f *fakeStore) RollBackRateBook(ctx context.Context, r ops.RateBookRollBack) (ops.RateBookResult, error) {
	rb, _, ok := f.bookAt(r.To)
	if !ok {
		return ops.RateBookResult{}, fmt.Errorf("rate book version %d: %w", r.To, store.ErrNotFound)
	}
	return f.save(rb, ops.RolledBackSource(r.To)), nil
}

// bookAt is version id's rate book: the current one, or one saved through the
// fake (the versions it started with keep no content but the current one's).
func (f *fakeStore) bookAt(id int64) (logistics.RateBook, store.RateBookVersion, bool) {
	for i, v := range f.versions {
		if v.ID != id {
			continue
		}
		if i == 0 {
			return f.rb, v, true
		}
		// f.versions is newest first; f.saved oldest first and its last is f.versions[0]
		if j := len(f.saved) - 1 - i; j >= 0 {
			return f.saved[j], v, true
		}
	}
	return logistics.RateBook{}, store.RateBookVersion{}, false
}
