package cli_test

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"testing"
)

// The public examples of SPEC §5 through the real command line, exactly as
// ../shared/examples/README.md runs them: every number and every choice must match.

func TestExampleQuotesCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "quote.db")
	mustRun(t, "--db", db, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	for i := 1; i <= 10; i++ {
		name := fmt.Sprintf("quote-%02d", i)
		t.Run(name, func(t *testing.T) {
			out := mustRun(t, "--db", db, "quote", "--json", filepath.Join("testdata/examples", name+".json"))
			var got any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("quote output is not JSON: %v\n%s", err, out)
			}
			compareJSON(t, name, got, readJSON(t, filepath.Join("testdata/examples", name+".expected.json")))
		})
	}
}

func TestExamplePlanCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "plan.db")
	mustRun(t, "--db", db, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	mustRun(t, "--db", db, "import", "orders", "testdata/examples/plan-orders.csv", "--format", "generic")
	actual := filepath.Join(dir, "plan.actual.json")
	mustRun(t, "--db", db, "plan", "--json", actual)
	got := readJSON(t, actual).([]any)
	want := readJSON(t, "testdata/examples/plan.expected.json").([]any)
	if len(got) != len(want) {
		t.Fatalf("got %d decisions, want %d", len(got), len(want))
	}
	byRef := map[string]any{}
	for _, d := range got {
		byRef[d.(map[string]any)["order_ref"].(string)] = d
	}
	for _, w := range want {
		ref := w.(map[string]any)["order_ref"].(string)
		g, ok := byRef[ref]
		if !ok {
			t.Errorf("no decision for %s", ref)
			continue
		}
		compareJSON(t, ref, g, w)
	}
	// Planning again changes nothing: the same decisions.
	again := filepath.Join(dir, "plan.again.json")
	mustRun(t, "--db", db, "plan", "--json", again)
	compareJSON(t, "re-plan", readJSON(t, again), readJSON(t, actual))
}

func readJSON(t *testing.T, path string) any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// compareJSON compares decisions as the examples README says: the reason texts are
// free; money strings compare as decimal values; everything else exactly.
func compareJSON(t *testing.T, where string, got, want any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: got %v, want an object", where, got)
			return
		}
		for k, wv := range w {
			if k == "reason" {
				if s, _ := g[k].(string); s == "" {
					t.Errorf("%s: empty reason", where)
				}
				continue
			}
			gv, ok := g[k]
			if !ok {
				t.Errorf("%s: missing key %q", where, k)
				continue
			}
			compareJSON(t, where+"."+k, gv, wv)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			t.Errorf("%s: got %v, want %d elements", where, got, len(w))
			return
		}
		for i := range w {
			compareJSON(t, fmt.Sprintf("%s[%d]", where, i), g[i], w[i])
		}
	case string:
		gs, ok := got.(string)
		wr, wok := new(big.Rat).SetString(w)
		gr, gok := new(big.Rat).SetString(gs)
		switch {
		case !ok:
			t.Errorf("%s: got %v, want %q", where, got, w)
		case wok && gok:
			if wr.Cmp(gr) != 0 {
				t.Errorf("%s: got %s, want %s", where, gs, w)
			}
		case gs != w:
			t.Errorf("%s: got %q, want %q", where, gs, w)
		}
	default:
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: got %v, want %v", where, got, want)
		}
	}
}
