//go:build linux && cgo

package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/test"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
	"shipmode/store/storetest"
)

// Team mode's "two desktops" (issue 13): two processes, each with the real window
// (Fyne's OpenGL driver on an X display — Xvfb when there is no display), on one
// PostgreSQL database, import, plan, override and export at once, through the
// screens' own controls. Nothing may be lost: both imports land and are planned,
// both desktops' overrides of their own orders are kept, of two overrides of the
// same order made on the same view one lands and the other is refused as stale,
// and both workbooks are written.

// desktopEnv, when set, makes the test binary a desktop of TestTwoDesktops: it
// runs runDesktop on the main goroutine (the driver needs it) instead of the tests.
const desktopEnv = "SHIPMODE_TEST_DESKTOP"

func TestMain(m *testing.M) {
	if role := os.Getenv(desktopEnv); role != "" {
		os.Exit(runDesktop(role))
	}
	os.Exit(m.Run())
}

// desktopJob is what one desktop is asked to do, and desktopResult what it did.
type desktopJob struct {
	Role     string // "A" or "B"
	DB       string // the server's URL
	Orders   string // the file to import through the Import screen
	Own      string // the reference of an order of that file to override
	Shared   string // the reference of an order both desktops override
	Dir      string // where the workbook, the screenshots and the result go
	Other    string // the other desktop's role (the barrier before the shared override)
	Language string
}

type desktopResult struct {
	Imported    string   // the Import screen's result
	PlanTries   int      // Plan presses (another desktop's plan refuses one)
	OwnSaved    string   // the override note of the own order
	SharedSaved string   // of the shared order ("" when refused)
	SharedErr   string   // the refusal, when refused
	Workbook    string   // the Reports screen's status
	Errors      []string // any other error the window showed
}

func TestTwoDesktops(t *testing.T) {
	if storetest.Server() == "" {
		t.Skipf("%s is not set: scripts/test.sh starts a PostgreSQL server for this test", storetest.Env)
	}
	display := startXvfb(t) // (wide enough for both windows side by side)
	url := storetest.NewSchema(t)
	ctx := context.Background()
	svc, err := ops.Open(ctx, url, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 2000, Seed: 7}, nil); err != nil {
		t.Fatal(err)
	}
	// The shared order: a planned open order with a choice of modes.
	rows, err := svc.DB().ListOrders(ctx, store.OrderFilter{Status: logistics.Open, Planned: true, Mode: logistics.ModeDirect}, 0, 1)
	if err != nil || len(rows) == 0 {
		t.Fatalf("a planned direct-mail order of the demo: %v", err)
	}
	shared := rows[0]
	dir := t.TempDir()
	const header = "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days\n"
	jobs := map[string]*desktopJob{}
	for _, role := range []string{"A", "B"} {
		var b strings.Builder
		b.WriteString(header)
		for i := range 300 {
			fmt.Fprintf(&b, "DESK-%s-%03d,ebay,2026-11-%02d,%s,10115,BT-SPEAKER,%d,19.90,EUR,12\n", role, i, 1+i%28, []string{"DE", "FR", "GB"}[i%3], 1+i%2)
		}
		path := filepath.Join(dir, "orders-"+role+".csv")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		jobs[role] = &desktopJob{Role: role, DB: url, Orders: path, Own: "DESK-" + role + "-007", Shared: shared.Ref,
			Dir: dir, Other: map[string]string{"A": "B", "B": "A"}[role], Language: map[string]string{"A": "en", "B": "zh"}[role]}
	}
	cmds := map[string]*exec.Cmd{}
	for role, job := range jobs {
		b, _ := json.Marshal(job)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), desktopEnv+"="+string(b), "DISPLAY="+display, "LANG=en_US.UTF-8",
			"FYNE_SCALE=1", "HOME="+filepath.Join(dir, "home-"+role))
		out, err := os.Create(filepath.Join(dir, role+".log"))
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[role] = cmd
	}
	results := map[string]desktopResult{}
	for role, cmd := range cmds {
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				log, _ := os.ReadFile(filepath.Join(dir, role+".log"))
				t.Fatalf("desktop %s: %v\n%s", role, err, log)
			}
		case <-time.After(5 * time.Minute):
			cmd.Process.Kill()
			t.Fatalf("desktop %s did not finish in 5 minutes", role)
		}
		var r desktopResult
		b, err := os.ReadFile(filepath.Join(dir, role+".json"))
		if err == nil {
			err = json.Unmarshal(b, &r)
		}
		if err != nil {
			t.Fatalf("desktop %s result: %v", role, err)
		}
		results[role] = r
		t.Logf("desktop %s: %+v", role, r)
		if len(r.Errors) > 0 {
			t.Errorf("desktop %s showed errors: %q", role, r.Errors)
		}
	}
	if keep := os.Getenv("SHIPMODE_DESKTOP_SHOTS"); keep != "" {
		for _, role := range []string{"A", "B"} {
			for _, step := range []string{"import", "override", "reports"} {
				name := role + "-" + step + ".png"
				if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
					os.WriteFile(filepath.Join(keep, name), b, 0o644)
				}
			}
		}
	}

	// Both imports landed and are planned.
	for _, role := range []string{"A", "B"} {
		n, err := svc.DB().CountOrders(ctx, store.OrderFilter{Search: "DESK-" + role + "-"})
		if err != nil || n != 300 {
			t.Errorf("desktop %s's orders: got %d (%v), want 300", role, n, err)
		}
	}
	if n, err := svc.DB().CountOrders(ctx, store.OrderFilter{Status: logistics.Open, Unplanned: true}); err != nil || n != 0 {
		t.Errorf("open orders without a decision after both plans: %d (%v), want 0", n, err)
	}
	// Each desktop's override of its own order is kept.
	for _, role := range []string{"A", "B"} {
		o, err := svc.DB().FindOrder(ctx, "ebay", "DESK-"+role+"-007")
		if err != nil || o.Override.Mode == 0 || o.Override.Reason != "desktop "+role {
			t.Errorf("desktop %s's override: got %+v (%v)", role, o.Override, err)
		}
	}
	// Of the two overrides of the shared order, one landed and one was refused.
	o, err := svc.DB().FindOrder(ctx, shared.Marketplace, shared.Ref)
	if err != nil {
		t.Fatal(err)
	}
	var landed, refused []string
	for role, r := range results {
		switch {
		case r.SharedSaved != "" && r.SharedErr == "":
			landed = append(landed, role)
		case r.SharedErr != "" && r.SharedSaved == "":
			refused = append(refused, role)
		}
	}
	if len(landed) != 1 || len(refused) != 1 || o.Override.Reason != "shared, desktop "+landed[0] {
		t.Errorf("the shared order: landed %v, refused %v, override %+v; want one each, the landed one's kept", landed, refused, o.Override)
	}
	// Both workbooks are written.
	for _, role := range []string{"A", "B"} {
		b, err := os.ReadFile(filepath.Join(dir, "spend-"+role+".xlsx"))
		if err != nil || len(b) < 1000 || string(b[:2]) != "PK" {
			t.Errorf("desktop %s's workbook: %d bytes (%v)", role, len(b), err)
		}
	}
	// The audit log names both imports and both plans.
	entries, err := svc.Log(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var imports, plans int
	for _, e := range entries {
		switch {
		case e.Action == "import orders" && strings.Contains(e.Detail, "orders-"):
			imports++
		case e.Action == "plan":
			plans++
		}
	}
	if imports != 2 || plans < 2 { // one per desktop
		t.Errorf("audit log: %d imports of the desktops' files and %d plans; want 2 and at least 2", imports, plans)
	}
}

// startXvfb starts a virtual display for the test and returns its name.
func startXvfb(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s (scripts/setup-debian.sh test installs it)", tool)
		}
	}
	for n := 90 + os.Getpid()%100; ; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", display, "-screen", "0", "2600x900x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		for range 100 {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				return display
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("Xvfb %s did not start", display)
	}
}

// runDesktop is one desktop of TestTwoDesktops: the real window on the job's
// database, worked through its screens by a script on another goroutine, as a
// person would click. It writes ROLE.json and returns the process's exit status.
func runDesktop(spec string) int {
	var job desktopJob
	if err := json.Unmarshal([]byte(spec), &job); err != nil {
		fmt.Fprintln(os.Stderr, "desktop:", err)
		return 2
	}
	ctx := context.Background()
	svc, err := ops.Open(ctx, job.DB, "test")
	if err != nil {
		fmt.Fprintln(os.Stderr, "desktop:", err)
		return 2
	}
	a := app.NewWithID("app.shipmode.test.desktop" + job.Role)
	w := a.NewWindow("Shipmode " + job.Role)
	w.Resize(fyne.NewSize(1280, 800))
	s := start(a, w, Deps{Ops: svc, Options: Options{Lang: job.Language, Screen: screenImport}}, goRunner)
	var res desktopResult
	shown := make(chan error, 16)
	s.e.showErr = func(err error) { shown <- err }
	go func() {
		defer fyne.Do(a.Quit)
		if err := desktopScript(s, w, &job, &res, shown); err != nil {
			res.Errors = append(res.Errors, "script: "+err.Error())
		}
		b, _ := json.MarshalIndent(res, "", "  ")
		os.WriteFile(filepath.Join(job.Dir, job.Role+".json"), b, 0o644)
	}()
	w.ShowAndRun()
	svc.Close()
	return 0
}

// desktopScript works the window: import, plan, override (its own order, then the
// shared one after the other desktop has it open too), export.
func desktopScript(s *shell, w fyne.Window, job *desktopJob, res *desktopResult, shown chan error) error {
	ui := func(f func()) { fyne.DoAndWait(f) }
	idle := func() { waitIdle(s.e) }
	drain := func() []error {
		var errs []error
		for {
			select {
			case err := <-shown:
				errs = append(errs, err)
			default:
				return errs
			}
		}
	}
	other := func(errs []error) {
		for _, err := range errs {
			res.Errors = append(res.Errors, s.e.explain(err))
		}
	}
	// The window as the X server shows it (the driver's own capture is blank
	// under Xvfb's software OpenGL): A's on the left of the display, B's on the right.
	var win string
	shot := func(step string) {
		out := filepath.Join(job.Dir, job.Role+"-"+step+".png")
		if b, err := exec.Command("import", "-window", win, out).CombinedOutput(); err != nil {
			res.Errors = append(res.Errors, fmt.Sprintf("screenshot %s: %v %s", step, err, b))
		}
	}
	idle()
	if b, err := exec.Command("xdotool", "search", "--sync", "--pid", fmt.Sprint(os.Getpid())).Output(); err == nil {
		win = strings.Fields(string(b))[0]
		x := map[string]string{"A": "0", "B": "1300"}[job.Role]
		exec.Command("xdotool", "windowmove", win, x, "0").Run()
		idle()
	}
	// Import.
	ui(func() { s.selectScreen(screenImport); s.importScreen.onFile(job.Orders) })
	idle()
	ui(func() { test.Tap(s.importScreen.importBtn) })
	idle()
	other(drain())
	ui(func() { res.Imported = s.importScreen.result.Text })
	shot("import")
	// Plan: another desktop's plan refuses it; press again, as a person would.
	for deadline := time.Now().Add(3 * time.Minute); ; {
		res.PlanTries++
		ui(func() { s.importScreen.onPlan() })
		idle()
		errs := drain()
		var locked *store.PlanLockedError
		if len(errs) == 1 && errors.As(errs[0], &locked) && time.Now().Before(deadline) {
			time.Sleep(300 * time.Millisecond)
			continue
		}
		other(errs)
		break
	}
	// Override its own order, then the shared one.
	if err := s.overrideBy(job.Own, "desktop "+job.Role, idle, ui); err != nil {
		other([]error{err})
	}
	other(drain())
	ui(func() { res.OwnSaved = s.orders.detail.saveNote.Text })
	shot("override")
	// The shared order: open it, wait until the other desktop has it open too,
	// then save; one of the two saves is refused.
	if err := s.openOrder(job.Shared, idle, ui); err != nil {
		other([]error{err})
	}
	os.WriteFile(filepath.Join(job.Dir, "opened-"+job.Role), nil, 0o644)
	for range 600 {
		if _, err := os.Stat(filepath.Join(job.Dir, "opened-"+job.Other)); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.pickOverride("shared, desktop "+job.Role, ui)
	idle()
	if errs := drain(); len(errs) > 0 {
		if errors.Is(errs[0], store.ErrStale) {
			res.SharedErr = s.e.explain(errs[0])
			errs = errs[1:]
		}
		other(errs)
	}
	if res.SharedErr == "" {
		ui(func() { res.SharedSaved = s.orders.detail.saveNote.Text })
	}
	// Export the workbook.
	ui(func() { s.selectScreen(screenReports) })
	idle()
	ui(func() { s.reports.onExport(filepath.Join(job.Dir, "spend-"+job.Role+".xlsx")) })
	idle()
	other(drain())
	ui(func() { res.Workbook = s.reports.status.Text })
	shot("reports")
	return nil
}

// openOrder shows the order ref of the ebay marketplace (or any) in the orders
// screen's detail panel.
func (s *shell) openOrder(ref string, idle func(), ui func(func())) error {
	var rows []store.OrderRow
	var err error
	ui(func() { s.selectScreen(screenOrders) })
	idle()
	rows, err = s.ops.DB().ListOrders(context.Background(), store.OrderFilter{Search: ref}, 0, 5)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(rows, func(r store.OrderRow) bool { return r.Ref == ref })
	if i < 0 {
		return fmt.Errorf("order %s not found", ref)
	}
	ui(func() { s.orders.detail.show(rows[i]) })
	idle()
	return nil
}

// pickOverride chooses, in the open detail panel, the first offered choice that
// is not the plan's (a mode or a service), types reason and presses Save.
func (s *shell) pickOverride(reason string, ui func(func())) {
	ui(func() {
		p := s.orders.detail
		k := 1
		for i, c := range p.choices {
			if i > 0 && c.option == "" && (p.chosen < 0 || c.mode != p.opts[p.chosen].Mode) {
				k = i
				break
			}
		}
		p.overrideSel.SetSelectedIndex(k)
		p.reason.SetText(reason)
		test.Tap(p.save)
	})
}

// overrideBy opens the order ref and overrides it with reason.
func (s *shell) overrideBy(ref, reason string, idle func(), ui func(func())) error {
	if err := s.openOrder(ref, idle, ui); err != nil {
		return err
	}
	s.pickOverride(reason, ui)
	idle()
	return nil
}
