package crash_test

import (
	"strings"
	"sync"
	"testing"

	"shipmode/crash"
)

func TestRaiseCarriesTheWorkersPanic(t *testing.T) {
	var g crash.Group
	var wg sync.WaitGroup
	unblocked := 0
	var mu sync.Mutex
	for i := range 4 {
		wg.Go(func() {
			defer g.Catch(func() { mu.Lock(); unblocked++; mu.Unlock() })
			if i%2 == 1 {
				workerThatPanics(i)
			}
		})
	}
	wg.Wait()
	if unblocked != 2 {
		t.Errorf("then ran %d times, want 2 (once per panicking worker)", unblocked)
	}
	defer func() {
		p, ok := recover().(*crash.Panic)
		if !ok {
			t.Fatal("Raise did not panic with a *crash.Panic")
		}
		if v := p.Value; v != "worker 1" && v != "worker 3" {
			t.Errorf("value %v, want a worker's", v)
		}
		if !strings.Contains(string(p.Stack), "workerThatPanics") {
			t.Errorf("the stack is not the worker's:\n%s", p.Stack)
		}
	}()
	g.Raise()
}

func TestRaiseWithoutPanic(t *testing.T) {
	var g crash.Group
	func() {
		defer g.Catch()
	}()
	g.Raise() // nothing to raise
	if g.Caught() != nil {
		t.Error("caught a panic that did not happen")
	}
}

func TestDeeperPanicKeepsItsStack(t *testing.T) {
	var inner, outer crash.Group
	func() {
		defer outer.Catch()
		func() {
			defer inner.Catch()
			workerThatPanics(7)
		}()
		inner.Raise()
	}()
	p := outer.Caught()
	if p == nil || p.Value != "worker 7" || !strings.Contains(string(p.Stack), "workerThatPanics") {
		t.Errorf("got %+v, want worker 7's panic with its stack", p)
	}
}

//go:noinline
func workerThatPanics(i int) {
	panic("worker " + string(rune('0'+i)))
}
