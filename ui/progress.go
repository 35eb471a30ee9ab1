package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// progressDialog is a modal progress bar with a Cancel button for long work. The
// worker reports progress with set (a binding: safe from any goroutine).
type progressDialog struct {
	e     *env
	value binding.Float
	d     dialog.Dialog
	task  *task
}

func newProgressDialog(e *env, title string) *progressDialog {
	p := &progressDialog{e: e, value: binding.NewFloat()}
	bar := widget.NewProgressBarWithData(p.value)
	cancel := widget.NewButton(e.T("action.cancel"), func() { p.task.Cancel() })
	box := container.NewVBox(bar, container.NewCenter(cancel))
	p.d = dialog.NewCustomWithoutButtons(title, box, e.win)
	p.d.Resize(fyne.NewSize(420, 140))
	return p
}

// set reports progress from 0 to 1.
func (p *progressDialog) set(v float64) { _ = p.value.Set(v) }

func (p *progressDialog) show() { p.d.Show() }
func (p *progressDialog) hide() { p.d.Hide() }

// waitIdle returns once no task has run for half a second, and the window has had
// time to paint what they showed (screenshots only). Each look first lets the UI
// goroutine run what is queued for it: a task's done callback, which may start
// the next read (the dashboard's bill after its summary), runs after the task
// left the busy count.
func waitIdle(e *env) {
	time.Sleep(time.Second)
	for idle := 0; idle < 5; {
		time.Sleep(100 * time.Millisecond)
		fyne.DoAndWait(func() {})
		if e.busy() == 0 {
			idle++
		} else {
			idle = 0
		}
	}
	time.Sleep(time.Second)
}
