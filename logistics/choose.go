package logistics

import (
	"fmt"
	"strings"
)

// better reports whether option a beats b on (total, days, mode, id).
func cheaper(a, b *Option) bool {
	if a.Total != b.Total {
		return a.Total < b.Total
	}
	if a.TransitDays != b.TransitDays {
		return a.TransitDays < b.TransitDays
	}
	return tieBreak(a, b)
}

// faster reports whether option a beats b on (days, total, mode, id).
func faster(a, b *Option) bool {
	if a.TransitDays != b.TransitDays {
		return a.TransitDays < b.TransitDays
	}
	if a.Total != b.Total {
		return a.Total < b.Total
	}
	return tieBreak(a, b)
}

func tieBreak(a, b *Option) bool {
	if a.Mode != b.Mode {
		return a.Mode < b.Mode
	}
	return a.ID < b.ID
}

func keeps(o *Option, promise int) bool { return promise <= 0 || o.TransitDays <= promise }

// pick chooses among opts (SPEC §5 "Choice"). allowed, when not nil, limits the
// candidates (an override). It returns the chosen index (-1: unassignable) and the
// SLA flag.
func pick(opts []Option, promise int, allowed func(*Option) bool) (int, bool) {
	best := -1
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || !keeps(o, promise) || allowed != nil && !allowed(o) {
			continue
		}
		if best < 0 || cheaper(o, &opts[best]) {
			best = i
		}
	}
	if best >= 0 {
		return best, false
	}
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || allowed != nil && !allowed(o) {
			continue
		}
		if best < 0 || faster(o, &opts[best]) {
			best = i
		}
	}
	return best, best >= 0
}

// explain says in one sentence why pick chose what it chose, and why the runner-up
// lost; the same arguments as pick.
func explain(opts []Option, promise int, allowed func(*Option) bool, cur string, digits int) string {
	best, runner := -1, -1
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || !keeps(o, promise) || allowed != nil && !allowed(o) {
			continue
		}
		switch {
		case best < 0 || cheaper(o, &opts[best]):
			best, runner = i, best
		case runner < 0 || cheaper(o, &opts[runner]):
			runner = i
		}
	}
	money := func(v int64) string { return FormatMinor(v, digits) + " " + cur }
	if best >= 0 {
		b := &opts[best]
		var sb strings.Builder
		if promise > 0 {
			fmt.Fprintf(&sb, "cheapest option within the promise: %s %s at %s in %d days (promise %d)", b.Mode, b.ID, money(b.Total), b.TransitDays, promise)
		} else {
			fmt.Fprintf(&sb, "cheapest option within the promise: %s %s at %s", b.Mode, b.ID, money(b.Total))
		}
		if runner >= 0 {
			r := &opts[runner]
			if r.Total == b.Total {
				fmt.Fprintf(&sb, "; the runner-up %s %s costs the same but loses the tie", r.Mode, r.ID)
			} else {
				fmt.Fprintf(&sb, "; the runner-up %s %s costs %s more", r.Mode, r.ID, money(r.Total-b.Total))
			}
		}
		// a cheaper option that breaks the promise
		for i := range opts {
			o := &opts[i]
			if o.Feasible && !keeps(o, promise) && o.Total < b.Total && (allowed == nil || allowed(o)) {
				fmt.Fprintf(&sb, "; %s %s would save %s but takes %d days", o.Mode, o.ID, money(b.Total-o.Total), o.TransitDays)
				break
			}
		}
		return sb.String()
	}
	fast := -1
	for i := range opts {
		o := &opts[i]
		if !o.Feasible || allowed != nil && !allowed(o) {
			continue
		}
		if fast < 0 || faster(o, &opts[fast]) {
			fast = i
		}
	}
	if fast >= 0 {
		f := &opts[fast]
		return fmt.Sprintf("no option keeps the %d-day promise; fastest is %s %s in %d days at %s", promise, f.Mode, f.ID, f.TransitDays, money(f.Total))
	}
	var sb strings.Builder
	sb.WriteString("unassignable: ")
	n := 0
	for i := range opts {
		if allowed != nil && !allowed(&opts[i]) {
			continue
		}
		if n > 0 {
			sb.WriteString("; ")
		}
		n++
		fmt.Fprintf(&sb, "%s %s: %s", opts[i].Mode, opts[i].ID, opts[i].Reason)
	}
	if n == 0 {
		if allowed != nil {
			sb.WriteString("no option of the overridden mode reaches this destination")
		} else {
			sb.WriteString("no service, warehouse or lane reaches this destination")
		}
	}
	return sb.String()
}
