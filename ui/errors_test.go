package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

func TestExplainSpeaksTheSellersLanguage(t *testing.T) {
	direct := []logistics.Option{{Mode: logistics.ModeDirect, ID: "POST", Feasible: true}}
	noLocal := &ops.InputError{Err: &ops.OverrideError{Ref: "A-1", Mode: logistics.ModeLocal,
		Why: logistics.RefusedOverride(direct, 0, &logistics.Override{Mode: logistics.ModeLocal, Reason: "asked"}, "USD")}}
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
		{noLocal, langEnglish, "Order A-1 cannot be kept on Local delivery: no option of the overridden mode reaches this destination. The override was not saved."},
		{noLocal, langChinese, "订单 A-1 无法保持为本地配送：指定的模式下没有能送达该目的地的方案。未保存此指定。"},
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
