package logistics

import "context"

// A PlanTrace is told as each step of a plan ends, for measurements:
// bench/planbench prints a timeline from it, to see which steps run on how many
// cores. what says which step ended. Planner.Plan and store.DB.SavePlan call it
// from the goroutines that run the steps, so it may be called from two goroutines
// at once.
type PlanTrace func(what string)

type planTraceKey struct{}

// WithPlanTrace returns ctx carrying trace, which a Planner's Plan and the store's
// SavePlan given ctx call (as net/http/httptrace does for requests).
func WithPlanTrace(ctx context.Context, trace PlanTrace) context.Context {
	return context.WithValue(ctx, planTraceKey{}, trace)
}

// PlanTraceOf returns the PlanTrace ctx carries, or nil.
func PlanTraceOf(ctx context.Context) PlanTrace {
	t, _ := ctx.Value(planTraceKey{}).(PlanTrace)
	return t
}

// Mark tells t that the step what ended; a nil t does nothing.
func (t PlanTrace) Mark(what string) {
	if t != nil {
		t(what)
	}
}
