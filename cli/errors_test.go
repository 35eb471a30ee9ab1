package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	mustRun(t, "--db", db, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\n  \"order_ref\": \"X\",\n  \"lines\": [1,\n}"), 0o644); err != nil {
		t.Fatal(err)
	}
	noSKU := filepath.Join(dir, "nosku.json")
	if err := os.WriteFile(noSKU, []byte(`{"order_ref":"X","order_date":"2026-03-01","country":"FR","currency":"EUR","lines":[{"sku":"","qty":1,"unit_price":1}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string // in the first line of stderr
	}{
		{"unknown command", []string{"--db", db, "fly"}, 2, `unknown command "fly"`},
		{"quote without file", []string{"--db", db, "quote"}, 2, "want: quote"},
		{"bad flag", []string{"--db", db, "plan", "--frm", "x"}, 2, "frm"},
		{"bad date", []string{"--db", db, "plan", "--from", "03/01/2026"}, 2, "--from"},
		{"missing file", []string{"--db", db, "quote", filepath.Join(dir, "none.json")}, 1, "none.json"},
		{"json syntax names line and column", []string{"--db", db, "quote", bad}, 1, "bad.json line 4 column 1"},
		{"json field", []string{"--db", db, "quote", noSKU}, 1, `nosku.json field "lines[0].sku": is empty`},
		{"bad workbook", []string{"--db", db, "import", "ratebook", "testdata/examples/plan-orders.csv"}, 1, "plan-orders.csv"},
		{"override unknown order", []string{"--db", db, "override", "NOPE", "direct", "--reason", "x"}, 1, `no order "NOPE"`},
		{"override without reason", []string{"--db", db, "override", "NOPE", "direct"}, 2, "--reason"},
		{"override bad mode", []string{"--db", db, "override", "NOPE", "air", "--reason", "x"}, 2, `unknown mode "air"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := shipmode(t, tt.args...)
			first, _, _ := strings.Cut(r.stderr, "\n")
			if r.code != tt.code || !strings.Contains(first, tt.want) {
				t.Errorf("exit %d, first line %q; want exit %d with %q", r.code, first, tt.code, tt.want)
			}
		})
	}
}

// TestNoDisplaySaysSoInOneLine: the window without a display is one line and
// exit 1, not a stack trace.
func TestNoDisplaySaysSoInOneLine(t *testing.T) {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=en_US.UTF-8"}
	r := runEnv(t, env, "--db", filepath.Join(t.TempDir(), "x.db"))
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "no display") {
		t.Errorf("got exit %d, stderr %q; want 1 and one line saying there is no display", r.code, r.stderr)
	}
}

// TestCrashIsOneLineAndExit3: a fault of the program — on the main goroutine or on
// a worker goroutine — is one line and exit 3 (not the Go runtime's 2, "usage"),
// with the stack of the goroutine that panicked in a crash report, never on the
// user's screen.
func TestCrashIsOneLineAndExit3(t *testing.T) {
	for _, where := range []string{"main", "worker"} {
		t.Run(where, func(t *testing.T) {
			home := t.TempDir()
			env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CACHE_HOME=" + filepath.Join(home, "cache"),
				"LANG=en_US.UTF-8", "SHIPMODE_CRASH_TEST=" + where}
			r := runEnv(t, env, "--db", filepath.Join(t.TempDir(), "x.db"), "plan")
			lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			if r.code != 3 || len(lines) != 2 || !strings.HasPrefix(lines[0], "shipmode: internal error: crash test on ") || !strings.Contains(lines[0], where) ||
				strings.Contains(r.stderr, "goroutine 1") {
				t.Fatalf("got exit %d, stderr %q; want 3, one line saying internal error and one naming the report", r.code, r.stderr)
			}
			reports, _ := filepath.Glob(filepath.Join(home, "cache", "Shipmode", "crashes", "crash-*.txt"))
			if len(reports) != 1 {
				t.Fatalf("crash reports: %v, want one", reports)
			}
			b, _ := os.ReadFile(reports[0])
			if !strings.Contains(lines[1], reports[0]) || !strings.Contains(string(b), "main.crashTest") {
				t.Errorf("report %s (named %q):\n%s\nwant the stack of the goroutine that panicked", reports[0], lines[1], b)
			}
		})
	}
}
