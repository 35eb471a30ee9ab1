package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/ops"
)

// setupOps are the operations of the first-run path (nil fields: not available).
type setupOps struct {
	// State reads how far the database is from its first plan.
	State func(ctx context.Context) (ops.SetupState, error)
	// SaveTemplate writes the rate-book template for the seller to fill in.
	SaveTemplate func(path string) error
	// ImportProducts and ImportStock read a products or stock file.
	ImportProducts, ImportStock func(ctx context.Context, path string) (ops.TableResult, error)
}

// Steps of the first-run path, in order.
const (
	stepTemplate = iota
	stepRateBook
	stepProducts
	stepStock
	stepOrders
	stepPlan
	numSteps
)

// setupKeys are the message keys of the steps (".text" and ".action").
var setupKeys = [numSteps]string{"setup.template", "setup.ratebook", "setup.products", "setup.stock", "setup.orders", "setup.plan"}

// rejectedShown is how many rejected rows a products or stock import says in full
// (the rest are in the rejected-rows file).
const rejectedShown = 5

// setupPanel is the way from an empty database to a plan, on the Import screen:
// save the rate-book template, import it, import products and stock, import orders
// (the order import below it), plan. Each step says whether it is done; the panel
// folds away once every step is, and stays for later products and stock files.
type setupPanel struct {
	e   *env
	ops setupOps
	rb  rateBooks
	// chooseOrders starts the order import below the panel; plan plans the open
	// orders (nil: not available).
	chooseOrders func()
	plan         func(ctx context.Context, progress func(float64)) error
	state        ops.SetupState
	loaded       bool // the state was read once
	loading      *task
	working      *task
	// templateSaved: the template was saved in this window (the first step is
	// done before any rate book is imported)
	templateSaved bool

	acc     *widget.Accordion
	icons   [numSteps]*widget.Icon
	notes   [numSteps]*widget.Label
	buttons [numSteps]*widget.Button
	result  *widget.Label
	openRej *widget.Button
	rejPath string
}

func newSetupPanel(e *env, src source) *setupPanel {
	return &setupPanel{e: e, ops: src.Setup, rb: src.rateBooks, plan: src.Plan}
}

func (s *setupPanel) content() fyne.CanvasObject {
	e := s.e
	actions := [numSteps]func(){s.onSaveTemplate, s.onImportRateBook, s.onImportProducts, s.onImportStock, s.onChooseOrders, s.onPlan}
	rows := container.NewVBox()
	for i := range numSteps {
		s.icons[i] = widget.NewIcon(theme.RadioButtonIcon())
		text := widget.NewLabel(e.Tf("setup.step", i+1, e.T(setupKeys[i]+".text")))
		text.Wrapping = fyne.TextWrapWord
		s.notes[i] = widget.NewLabel("")
		s.notes[i].TextStyle = fyne.TextStyle{Italic: true}
		s.buttons[i] = widget.NewButton(e.T(setupKeys[i]+".action"), actions[i])
		rows.Add(container.NewBorder(nil, nil, s.icons[i], container.NewHBox(s.notes[i], s.buttons[i]), text))
	}
	if s.ops.SaveTemplate == nil {
		s.buttons[stepTemplate].Disable()
	}
	if s.ops.ImportProducts == nil {
		s.buttons[stepProducts].Disable()
	}
	if s.ops.ImportStock == nil {
		s.buttons[stepStock].Disable()
	}
	if s.plan == nil {
		s.buttons[stepPlan].Disable()
	}
	s.result = widget.NewLabel("")
	s.result.Wrapping = fyne.TextWrapWord
	s.result.Hide()
	s.openRej = widget.NewButtonWithIcon(e.T("import.openRejected"), theme.DocumentIcon(), func() { s.e.open(s.rejPath) })
	s.openRej.Hide()
	rows.Add(s.result)
	rows.Add(container.NewHBox(s.openRej))
	item := widget.NewAccordionItem(e.T("setup.title"), rows)
	item.Open = true
	s.acc = widget.NewAccordion(item)
	s.load()
	return s.acc
}

// load reads the database's state and shows each step's.
func (s *setupPanel) load() {
	if s.ops.State == nil || s.acc == nil {
		return
	}
	var st ops.SetupState
	s.e.latest(&s.loading, func(ctx context.Context) error {
		var err error
		st, err = s.ops.State(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.e.fail(err)
			return
		}
		s.show(st)
	})
}

// show marks the steps done by st, and titles the panel with how many are.
func (s *setupPanel) show(st ops.SetupState) {
	e := s.e
	first := !s.loaded
	s.state, s.loaded = st, true
	done := [numSteps]bool{st.RateBook || s.templateSaved, st.RateBook, st.Products > 0, st.Stock > 0, st.Orders, st.Planned}
	n := 0
	for i, d := range done {
		if d {
			n++
			s.icons[i].SetResource(theme.ConfirmIcon())
		} else {
			s.icons[i].SetResource(theme.RadioButtonIcon())
		}
		s.buttons[i].Importance = widget.MediumImportance
	}
	// the first step not done is the one to take now
	for i, d := range done {
		if !d && i != stepStock { // stock is optional: direct mail needs none
			s.buttons[i].Importance = widget.HighImportance
			break
		}
	}
	for i := range s.buttons {
		s.buttons[i].Refresh()
	}
	s.notes[stepProducts].SetText(e.Tn("setup.productCount", st.Products, count(st.Products)))
	s.notes[stepStock].SetText(e.Tn("setup.stockCount", st.Stock, count(st.Stock)))
	item := s.acc.Items[0]
	if st.Done() {
		item.Title = e.T("setup.titleDone")
		if first {
			s.acc.Close(0) // a database set up before: the panel stays out of the way
		}
	} else {
		item.Title = e.Tf("setup.titleSteps", n, int(numSteps))
	}
	s.acc.Refresh()
}

// onSaveTemplate writes the rate-book template where the seller chooses.
func (s *setupPanel) onSaveTemplate() {
	e := s.e
	e.askSave(e.T("setup.templateFile"), s.saveTemplate)
}

func (s *setupPanel) saveTemplate(path string) {
	s.run(func(ctx context.Context) (string, error) {
		if err := s.ops.SaveTemplate(path); err != nil {
			return "", err
		}
		return s.e.Tf("setup.templateSaved", path), nil
	}, func() { s.templateSaved = true })
}

// onImportRateBook imports a filled-in rate book with its products and stock sheets.
func (s *setupPanel) onImportRateBook() {
	s.e.askOpen([]string{".xlsx"}, s.importRateBook)
}

func (s *setupPanel) importRateBook(path string) {
	s.run(func(ctx context.Context) (string, error) {
		res, err := s.rb.ImportRateBook(ctx, path)
		if err != nil {
			return "", err
		}
		return s.e.Tf("setup.rateBookImported", filepath.Base(path), res.Version.ID), nil
	})
}

// tableExts are the files a products or stock import reads.
var tableExts = []string{".csv", ".tsv", ".txt", ".xlsx"}

func (s *setupPanel) onImportProducts() {
	s.e.askOpen(tableExts, s.importProducts)
}

func (s *setupPanel) onImportStock() {
	s.e.askOpen(tableExts, s.importStock)
}

func (s *setupPanel) importProducts(path string) {
	s.importTable(s.ops.ImportProducts, "setup.productsImported", path)
}

func (s *setupPanel) importStock(path string) {
	s.importTable(s.ops.ImportStock, "setup.stockImported", path)
}

// importTable imports a products or stock file and says what it stored and
// every rejected row's reason in full (the first few; all are in the file).
func (s *setupPanel) importTable(imp func(ctx context.Context, path string) (ops.TableResult, error), doneKey, path string) {
	e := s.e
	var res ops.TableResult
	s.run(func(ctx context.Context) (string, error) {
		var err error
		if res, err = imp(ctx, path); err != nil {
			return "", err
		}
		text := e.Tf(doneKey, filepath.Base(path), count(res.Stored)) + " " +
			e.Tn("setup.rejected", len(res.Rejected), count(len(res.Rejected)))
		var b strings.Builder
		b.WriteString(text)
		for i := range res.Rejected[:min(len(res.Rejected), rejectedShown)] {
			r := &res.Rejected[i]
			fmt.Fprintf(&b, "\n%s", e.Tf("setup.rejectedRow", r.Line, r.Column, e.importReason(&r.Why, r.Reason)))
		}
		if len(res.Rejected) > rejectedShown {
			b.WriteString("\n" + e.Tf("setup.moreRejected", count(len(res.Rejected)-rejectedShown)))
		}
		return b.String(), nil
	}, func() { s.rejPath = res.RejectedFile })
}

// onChooseOrders starts the order import below the panel.
func (s *setupPanel) onChooseOrders() {
	if s.chooseOrders != nil {
		s.chooseOrders()
	}
}

// onPlan plans every open order, with progress and cancel.
func (s *setupPanel) onPlan() {
	e := s.e
	p := newProgressDialog(e, e.T("dash.planning"))
	p.task = e.start(func(ctx context.Context) error { return s.plan(ctx, p.set) }, func(err error) {
		p.hide()
		if err != nil {
			e.fail(err)
			return
		}
		s.say(e.T("setup.planned"))
		s.afterChange()
	})
	p.show()
}

// run does one step's work in the background, then says its result and reads the
// state again; then, if given, runs first on the UI goroutine with the work's
// results.
func (s *setupPanel) run(work func(ctx context.Context) (string, error), then ...func()) {
	e := s.e
	s.rejPath = ""
	s.openRej.Hide()
	s.say(e.T("setup.working"))
	var text string
	e.latest(&s.working, func(ctx context.Context) error {
		var err error
		text, err = work(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.say("")
			e.fail(err)
			return
		}
		for _, f := range then {
			f()
		}
		s.say(text)
		if s.rejPath != "" {
			s.openRej.Show()
		}
		s.afterChange()
	})
}

// say shows a step's result under the steps ("": none).
func (s *setupPanel) say(text string) {
	s.result.SetText(text)
	s.result.Hidden = text == ""
	s.result.Refresh()
}

func (s *setupPanel) afterChange() {
	s.load()
	s.e.changed()
}

func (s *setupPanel) stop() {
	s.loading.Cancel()
	s.working.Cancel()
}
