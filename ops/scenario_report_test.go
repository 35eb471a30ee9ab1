package ops_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"shipmode/ops"
)

// WriteScenarioReport writes the workbook of a scenario with the suggestions of its
// warehouse, counting its progress to the end; a cancelled one leaves no file and
// an existing file as it was.
func TestWriteScenarioReport(t *testing.T) {
	ctx := context.Background()
	svc := demoService(t, 3000)
	path := filepath.Join(t.TempDir(), "s.xlsx")
	req := ops.ScenarioReportRequest{ScenarioRequest: ops.ScenarioRequest{Warehouse: "WH-US-ONT", SKUs: []string{"HOODIE", "SOCKS-5"}}, Path: path}
	var last, total int64
	res, err := svc.WriteScenarioReport(ctx, req, func(d, n int64) { last, total = d, n })
	if err != nil {
		t.Fatal(err)
	}
	if last != total || total < 3 {
		t.Errorf("progress ended at %d of %d", last, total)
	}
	for _, s := range res.Suggestions.Suggestions {
		if s.Warehouse != "WH-US-ONT" {
			t.Errorf("a suggestion of %s in a workbook of WH-US-ONT", s.Warehouse)
		}
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Suggestions")
	f.Close()
	if len(rows) != 3+len(res.Suggestions.Suggestions) {
		t.Errorf("Suggestions sheet: %d rows, want %d and 3 of headings", len(rows), len(res.Suggestions.Suggestions))
	}

	if err := os.WriteFile(path, []byte("before"), 0o644); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	_, err = svc.WriteScenarioReport(cctx, req, func(d, n int64) {
		if d > 1 {
			cancel() // while the suggestions are weighed
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: got %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "before" {
		t.Errorf("the existing file was changed by a cancelled export")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".s.xlsx*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
