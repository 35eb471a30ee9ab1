package ops

import (
	"context"
	"fmt"
	"io"

	"shipmode/reports"
)

// ScenarioReportRequest asks for the workbook of a scenario at Path.
type ScenarioReportRequest struct {
	ScenarioRequest
	Path string
}

// ScenarioReportResult is what WriteScenarioReport worked out and wrote.
type ScenarioReportResult struct {
	Scenario    ScenarioResult
	Suggestions SuggestResult // of the scenario's warehouse, same period and cover days
}

// WriteScenarioReport works out a scenario (Scenario) and the suggestions for its
// warehouse over the same period and cover days (SuggestScenarios), and writes
// them as a workbook (reports.WriteScenario, SPEC §6) to req.Path through a
// temporary file: a failed or cancelled export leaves no file and an existing one
// as it was. progress counts the scenario, the warehouse's (SKU, warehouse) pairs
// and the writing.
func (s *Service) WriteScenarioReport(ctx context.Context, req ScenarioReportRequest, progress Progress) (ScenarioReportResult, error) {
	var res ScenarioReportResult
	sc, err := s.Scenario(ctx, req.ScenarioRequest, nil)
	if err != nil {
		return res, err
	}
	res.Scenario = sc
	var total int64 = 2
	progress.report(1, total)
	sug, err := s.SuggestScenarios(ctx, SuggestRequest{Warehouse: req.Warehouse, From: sc.From, To: sc.To, CoverDays: sc.CoverDays},
		func(done, pairs int64) {
			total = pairs + 2
			progress.report(1+done, total)
		})
	if err != nil {
		return res, fmt.Errorf("suggestions: %w", err)
	}
	res.Suggestions = sug
	skus := append([]string(nil), sc.SKUs...)
	for _, r := range sug.Suggestions {
		skus = append(skus, r.SKUs...)
	}
	titles, err := s.db.ProductTitles(ctx, skus)
	if err != nil {
		return res, err
	}
	scratch, err := ScratchDir()
	if err != nil {
		return res, err
	}
	book := reports.ScenarioBook{Currency: sc.Currency, Result: sc.ScenarioResult, Suggestions: sug.Suggestions,
		SuggestionsOf: req.Warehouse, Titles: titles, GeneratedAt: s.now(), AppVersion: s.version, TmpDir: scratch}
	err = WriteFile(req.Path, func(w io.Writer) error { return reports.WriteScenario(ctx, w, book) })
	if err != nil {
		return res, err
	}
	progress.report(total, total)
	return res, nil
}
