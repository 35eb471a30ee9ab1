package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"shipmode/crash"
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
		{&ingest.ColumnError{File: "a.csv", Column: "sku", Reason: "missing"}, langEnglish, "column “SKU”: missing"}, // the field as the mapping step names it
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

// TestTaskPanicIsReportedAndSaid: a background task that panics — itself or in a
// worker it waited for — ends with an internal error that the window says, in the
// reader's language, with where the report is; the report gets the stack of the
// goroutine that panicked.
func TestTaskPanicIsReportedAndSaid(t *testing.T) {
	for _, inWorker := range []bool{false, true} {
		h := newHarness(t)
		var stacks []string
		h.e.crashed = func(v any, stack []byte) string { stacks = append(stacks, string(stack)); return "/cache/crash-1.txt" }
		var got error
		h.e.start(func(context.Context) error {
			if inWorker {
				var g crash.Group
				done := make(chan struct{})
				go func() {
					defer close(done)
					defer g.Catch()
					panicInWorker()
				}()
				<-done
				g.Raise()
			}
			panic("task fault")
		}, func(err error) { got = err })
		h.q.drain()
		want := "task fault"
		if inWorker {
			want = "worker fault"
		}
		if msg := h.e.explain(got); !strings.Contains(msg, "internal error ("+want+")") || !strings.Contains(msg, "/cache/crash-1.txt") {
			t.Errorf("worker %v: got %v, said %q", inWorker, got, msg)
		}
		if len(stacks) != 1 || inWorker && !strings.Contains(stacks[0], "panicInWorker") {
			t.Errorf("worker %v: reports %q, want one with the worker's stack", inWorker, stacks)
		}
	}
}

//go:noinline
func panicInWorker() { panic("worker fault") }
