package ui

import (
	"context"
	"testing"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// The Reports screen warns, before anything is written, when the period's orders
// were priced by a superseded rate book or some are not planned, with the counts,
// in English and in Chinese; a period with nothing to warn of shows no warning.
func TestReportsWarnsOfItsBasis(t *testing.T) {
	stale := ops.ReportCheck{ReportBasis: store.ReportBasis{Orders: 6, Cancelled: 1, Unplanned: 2, Reported: 3, Superseded: 1,
		Current:  store.RateBookVersion{ID: 2},
		Versions: []store.VersionUse{{RateBookVersion: store.RateBookVersion{ID: 1}, Orders: 1, Superseded: true}, {RateBookVersion: store.RateBookVersion{ID: 2}, Orders: 2}}}}
	clean := ops.ReportCheck{ReportBasis: store.ReportBasis{Orders: 3, Reported: 3, Current: store.RateBookVersion{ID: 2},
		Versions: []store.VersionUse{{RateBookVersion: store.RateBookVersion{ID: 2}, Orders: 3}}}}
	for _, c := range []struct {
		lang  string
		check ops.ReportCheck
		scope string
		warn  string // "": hidden
	}{
		{langEnglish, stale, "The workbook will list 3 orders.",
			"Warning: 1 order was priced by a superseded rate book (version 1; the current version is 2). Planning again re-prices it on the current rate book if it is still open.\n" +
				"Warning: 2 orders of the period are not planned and will be left out of the workbook. Planning includes the open ones."},
		{langChinese, stale, "工作簿将列出 3 个订单。",
			"警告：1 个订单按已被取代的费率表计价（版本 1；当前版本为 2）。重新规划会按当前费率表为未发货订单重新计价；已发货订单保留原计价。\n" +
				"警告：该时间段有 2 个订单尚未规划，将不列入工作簿。规划后未发货订单将被列入。"},
		{langEnglish, clean, "The workbook will list 3 orders.", ""},
	} {
		t.Run(c.lang, func(t *testing.T) {
			h := newHarness(t)
			h.e.tr = newTranslator(c.lang)
			src := sourceOf(&fakeStore{})
			var asked [2]logistics.Date
			src.CheckReport = func(ctx context.Context, from, to logistics.Date) (ops.ReportCheck, error) {
				asked = [2]logistics.Date{from, to}
				return c.check, nil
			}
			s := newReportsScreen(h.e, src)
			h.show(s.content())
			s.periodSel.SetSelectedIndex(6) // last year
			h.q.drain()
			h.noErrors()
			if asked != [2]logistics.Date{logistics.DateOf(2025, 1, 1), logistics.DateOf(2025, 12, 31)} {
				t.Errorf("checked %v, want 2025", asked)
			}
			if s.scope.Text != c.scope {
				t.Errorf("scope: got %q, want %q", s.scope.Text, c.scope)
			}
			if got := s.warning.Visible(); got != (c.warn != "") {
				t.Errorf("warning visible: got %v, want %v", got, c.warn != "")
			}
			if c.warn != "" && s.warning.Text != c.warn {
				t.Errorf("warning:\ngot  %q\nwant %q", s.warning.Text, c.warn)
			}
		})
	}
}

// TestReportsCustomRange: the workbook's period may be a typed range.
func TestReportsCustomRange(t *testing.T) {
	h := newHarness(t)
	src := sourceOf(&fakeStore{})
	var asked [2]logistics.Date
	src.CheckReport = func(ctx context.Context, from, to logistics.Date) (ops.ReportCheck, error) {
		asked = [2]logistics.Date{from, to}
		return ops.ReportCheck{}, nil
	}
	s := newReportsScreen(h.e, src)
	h.show(s.content())
	h.q.drain()
	s.picker.choose(period{logistics.DateOf(2026, 5, 1), logistics.DateOf(2026, 5, 31)})
	h.q.drain()
	h.noErrors()
	if asked != [2]logistics.Date{logistics.DateOf(2026, 5, 1), logistics.DateOf(2026, 5, 31)} || s.periodSel.Selected != "2026-05-01 – 2026-05-31" {
		t.Errorf("checked %v, shown %q; want May 2026", asked, s.periodSel.Selected)
	}
}
