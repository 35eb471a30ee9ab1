package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

// TestRateBookAt: an earlier version reads back as it was stored, with the current
// products and stock; a version that does not exist is ErrNotFound.
func TestRateBookAt(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	rb := sampleRateBook()
	v1, err := db.SaveRateBook(ctx, rb, "book.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	second := sampleRateBook()
	second.Settings.OriginHandlingDays = 5
	second.Stock[0].OnHand = 7 // stock is current data: version 1 sees it too
	v2, err := db.SaveRateBook(ctx, second, "edited in Shipmode")
	if err != nil {
		t.Fatal(err)
	}
	got, v, err := db.RateBookAt(ctx, v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.ID != v1.ID || v.Source != "book.xlsx" || v.Hash != v1.Hash {
		t.Errorf("got version %+v, want %+v", v, v1)
	}
	want := sampleRateBook()
	want.Stock[0].OnHand = 7
	if !reflect.DeepEqual(got, want) {
		t.Errorf("version %d:\ngot  %+v\nwant %+v", v1.ID, got, want)
	}
	if got, _, _ := db.RateBookAt(ctx, v2.ID); got.Settings.OriginHandlingDays != 5 {
		t.Errorf("version %d: got handling days %d, want 5", v2.ID, got.Settings.OriginHandlingDays)
	}
	if _, _, err := db.RateBookAt(ctx, v2.ID+1); !errors.Is(err, ErrNotFound) {
		t.Errorf("version %d: got %v, want ErrNotFound", v2.ID+1, err)
	}
}
