package ui

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shipmode/crash"
	"shipmode/logistics"
	"shipmode/store"
)

// runner starts background work. The app runs each function on a new goroutine;
// tests pass a queue they drain, so nothing in a test waits on a clock.
type runner func(func())

// goRunner is the app's runner.
func goRunner(f func()) { go f() }

// env is what every screen shares: the window, the current language, the runner, the
// running tasks (cancelled when the window closes) and the way errors are shown.
type env struct {
	win   fyne.Window
	tr    *translator
	run   runner
	today func() logistics.Date

	mu    sync.Mutex
	tasks map[*task]struct{}

	// crashed reports a fault of the program (source.Crashed); nil: not reported.
	crashed func(value any, stack []byte) string

	// showErr shows err to the user once; tests replace it to record errors.
	showErr func(error)
	// navigate switches to a screen with an orders filter (dashboard drill-down).
	navigate func(screen string, f store.OrderFilter)
	// openFile, if set, replaces opening a file or folder with the system's app.
	openFile func(path string)
	// onChange, if set, shows the database's new state on every screen built (the
	// shell's refresh); changed calls it.
	onChange func()
}

// changed says that an import, plan, override or rate-book edit changed the
// database: the screens built show its new state without a manual refresh.
func (e *env) changed() {
	if e.onChange != nil {
		e.onChange()
	}
}

// open shows a file or folder with the system's default application.
func (e *env) open(path string) {
	if e.openFile != nil {
		e.openFile(path)
		return
	}
	if err := fyne.CurrentApp().OpenURL(fileURL(path)); err != nil {
		e.fail(err)
	}
}

// T translates a message key into the current language.
func (e *env) T(key string) string { return e.tr.T(key) }

// Tf translates a key and formats it with args (fmt verbs in the translations).
func (e *env) Tf(key string, args ...any) string { return fmt.Sprintf(e.tr.T(key), args...) }

// Tn is Tf for a count n: the text of key+".one" when n is 1 and the language has
// one (English: "1 order"; Chinese needs none).
func (e *env) Tn(key string, n int, args ...any) string {
	if _, ok := e.tr.table[key+".one"]; ok && n == 1 {
		key += ".one"
	}
	return e.Tf(key, args...)
}

// task is one piece of background work that can be cancelled.
type task struct {
	cancel context.CancelFunc
	done   bool
}

// Cancel stops the work; its done callback sees context.Canceled.
func (t *task) Cancel() {
	if t != nil {
		t.cancel()
	}
}

// latest runs work as the one task of slot: it cancels the task before it in the
// slot, and done runs only while the task is still the slot's (a newer one
// supersedes it), with the slot emptied.
func (e *env) latest(slot **task, work func(ctx context.Context) error, done func(error)) {
	(*slot).Cancel()
	var t *task
	t = e.start(work, func(err error) {
		if t != *slot {
			return
		}
		*slot = nil
		done(err)
	})
	*slot = t
}

// start runs work on the runner with a cancellable context. When work returns, done
// runs on the UI goroutine (fyne.Do) with its error; a cancelled task reports
// context.Canceled, which done usually ignores. start is called on the UI goroutine.
func (e *env) start(work func(ctx context.Context) error, done func(error)) *task {
	ctx, cancel := context.WithCancel(context.Background())
	t := &task{cancel: cancel}
	e.mu.Lock()
	if e.tasks == nil {
		e.tasks = map[*task]struct{}{}
	}
	e.tasks[t] = struct{}{}
	e.mu.Unlock()
	e.run(func() {
		err := e.guard(ctx, work)
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		cancel()
		e.mu.Lock()
		delete(e.tasks, t)
		e.mu.Unlock()
		fyne.Do(func() {
			t.done = true
			if done != nil {
				done(err)
			}
		})
	})
	return t
}

// guard runs work, turning a panic of it — or of a worker it waited for, carried
// by package crash — into an *internalError: a fault of the program is reported
// (crashed) and said in a dialog, and the window stays open. The operations keep
// their writes in one transaction, which the panic rolled back.
func (e *env) guard(ctx context.Context, work func(ctx context.Context) error) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		v, stack := r, debug.Stack()
		if p, ok := r.(*crash.Panic); ok {
			v, stack = p.Value, p.Stack
		}
		ie := &internalError{value: fmt.Sprint(v)}
		if e.crashed != nil {
			ie.report = e.crashed(v, stack)
		}
		err = ie
	}()
	return work(ctx)
}

// internalError is a background task's fault of the program: what it said, and
// where its report is ("" when none could be written).
type internalError struct {
	value, report string
}

func (e *internalError) Error() string { return "internal error: " + e.value }

// cancelAll stops every running task (window close).
func (e *env) cancelAll() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for t := range e.tasks {
		t.cancel()
	}
}

// busy reports how many tasks are running.
func (e *env) busy() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.tasks)
}

// fail shows err once, unless it is a cancellation (the user asked for it).
func (e *env) fail(err error) {
	if err == nil || errors.Is(err, context.Canceled) {
		return
	}
	if e.showErr != nil {
		e.showErr(err)
		return
	}
	msg := widget.NewLabel(e.explain(err))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(e.T("err.title"), e.T("action.ok"), container.NewVScroll(msg), e.win)
	d.Resize(fyne.NewSize(560, 260))
	d.Show()
}
