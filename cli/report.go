package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"shipmode/logistics"
	"shipmode/reports"
	"shipmode/store"
)

func reportCmd(ctx context.Context, g globals, env Env, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	pf := periodFlags(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want: report FILE.xlsx [--from DATE] [--to DATE]")
	}
	p, err := pf()
	if err != nil {
		return err
	}
	db, err := openDB(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	n, err := WriteReport(ctx, db, pos[0], p.from, p.to, env.Version, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %d orders in %.1f s\n", pos[0], n, time.Since(start).Seconds())
	return nil
}

// WriteReport writes the spend workbook of the orders dated from..to (NoDate: open)
// to path, through a temporary file so that a failed or cancelled export leaves no
// half-written workbook. It returns the number of orders written. The desktop app
// calls it too.
func WriteReport(ctx context.Context, db *store.DB, path string, from, to logistics.Date, version string, progress func(done int)) (int, error) {
	rb, ver, err := db.RateBook(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return 0, userErrorf("no rate book yet: nothing has been planned")
	}
	if err != nil {
		return 0, fmt.Errorf("read the rate book: %w", err)
	}
	meta := reports.SpendMeta{
		From: from, To: to, BaseCurrency: baseCurrency(rb),
		RateBook:    reports.RateBookInfo{Version: ver.ID, ImportedAt: ver.ImportedAt, Source: ver.Source, Hash: ver.Hash},
		FX:          rb.FX,
		Duties:      rb.Duties,
		GeneratedAt: time.Now(),
		AppVersion:  version,
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, userErrorf("%s: %v", path, errors.Unwrap(err))
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	bw := bufio.NewWriterSize(tmp, 1<<20)
	n := 0
	rows := func(yield func(reports.SpendRow) error) error {
		return db.EachReportRow(ctx, from, to, func(r store.ReportRow) error {
			n++
			return yield(spendRow(&r))
		})
	}
	if err := reports.WriteSpend(ctx, bw, meta, rows, progress); err != nil {
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		return 0, userErrorf("%s: %v", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return 0, userErrorf("%s: %v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return 0, userErrorf("%s: %v", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, userErrorf("%s: %v", path, err)
	}
	return n, nil
}

func baseCurrency(rb logistics.RateBook) string {
	if rb.Settings.BaseCurrency == "" {
		return logistics.DefaultSettings().BaseCurrency
	}
	return rb.Settings.BaseCurrency
}

// spendRow adapts a stored report row to the workbook's row.
func spendRow(r *store.ReportRow) reports.SpendRow {
	s := reports.SpendRow{
		Date: r.Date, Marketplace: r.Marketplace, Ref: r.Ref, Country: r.Country, Status: r.Status,
		Units: r.Units, ChargeableG: r.ChargeableG, Mode: r.Mode, Option: r.Option, Components: r.Components,
		BestTotal: reports.Cost{Minor: r.Best.Minor, Valid: r.Best.Feasible},
		SLARisk:   r.SLARisk, Reason: r.Reason, OverrideReason: r.OverrideReason,
	}
	for i, m := range logistics.Modes {
		c := r.ByMode[m]
		s.ModeTotals[i] = reports.Cost{Minor: c.Minor, Valid: c.Feasible}
	}
	return s
}
