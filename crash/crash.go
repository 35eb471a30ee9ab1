package crash

import (
	"fmt"
	"runtime/debug"
	"sync"
)

// Panic is a panic recovered on a worker goroutine: its value and the stack of
// the goroutine that panicked.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprint(p.Value) }

// Group keeps the first panic of a group of worker goroutines. The zero value is
// ready to use.
type Group struct {
	mu    sync.Mutex
	first *Panic
}

// Catch must be deferred directly on each worker goroutine (defer g.Catch(…)):
// it recovers the goroutine's panic, keeps it if it is the group's first, and then
// calls each of then — to unblock whoever waits for this worker. A panic that is
// already a *Panic (carried up from a deeper worker) keeps its own stack.
func (g *Group) Catch(then ...func()) {
	r := recover()
	if r == nil {
		return
	}
	p, ok := r.(*Panic)
	if !ok {
		p = &Panic{Value: r, Stack: debug.Stack()}
	}
	g.mu.Lock()
	if g.first == nil {
		g.first = p
	}
	g.mu.Unlock()
	for _, f := range then {
		f()
	}
}

// Raise panics with the group's first panic, if there was one, on the calling
// goroutine. Call it once the workers are done.
func (g *Group) Raise() {
	if p := g.Caught(); p != nil {
		panic(p)
	}
}

// Caught returns the group's first panic, or nil.
func (g *Group) Caught() *Panic {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.first
}
