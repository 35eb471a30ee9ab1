package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"shipmode/ingest"
	"shipmode/ops"
	"shipmode/store"
)

func TestExplainSpeaksTheSellersLanguage(t *testing.T) {
	tests := []struct {
		err  error
		lang string
		want string
	}{
		{fmt.Errorf("list orders: %w", store.ErrBusy), langEnglish, "Another program is using the database"},
		{fmt.Errorf("open database x: %w", store.ErrNotShipmode), langEnglish, "not a Shipmode database"},
		{fmt.Errorf("read rate book: %w", ops.ErrNoRateBook), langEnglish, "There is no rate book yet"},
		{&ingest.ColumnError{File: "a.csv", Column: "sku", Reason: "missing"}, langEnglish, "column “sku”: missing"},
		{fmt.Errorf("save: %w", store.ErrFull), langChinese, "磁盘已满"},
		{fmt.Errorf("weird: %w", errBoom), langEnglish, "Something went wrong:\nweird: boom"},
	}
	for _, tt := range tests {
		e := &env{tr: newTranslator(tt.lang)}
		if got := e.explain(tt.err); !strings.Contains(got, tt.want) {
			t.Errorf("explain(%v) in %s: got %q, want it to contain %q", tt.err, tt.lang, got, tt.want)
		}
	}
}

func TestFailShowsErrorsOnceAndIgnoresCancellation(t *testing.T) {
	var shown []error
	e := &env{tr: newTranslator(langEnglish), showErr: func(err error) { shown = append(shown, err) }}
	e.fail(nil)
	e.fail(context.Canceled)
	e.fail(fmt.Errorf("import: %w", context.Canceled))
	e.fail(errBoom)
	if len(shown) != 1 || shown[0] != errBoom {
		t.Errorf("got shown %v, want only boom", shown)
	}
}
