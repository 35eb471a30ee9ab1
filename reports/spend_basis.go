package reports

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"shipmode/logistics"
)

// The basis of a spend report: which rate-book versions priced its orders, whether
// a newer version has superseded them, and how the period's orders reconcile with
// the report's.

// counts is the reconciliation of the period's orders; without SpendMeta.Counts
// the rows are every order of the period.
func (sw *spendWorkbook) counts() SpendCounts {
	if c := sw.meta.Counts; c != nil {
		return *c
	}
	return SpendCounts{Orders: sw.tally.orders}
}

// versionsUsed lists the rate-book versions that priced the orders, ascending; 0
// (not recorded) comes first when some order has none.
func (sw *spendWorkbook) versionsUsed() []int64 {
	vs := make([]int64, 0, len(sw.tally.versions))
	for v := range sw.tally.versions {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return vs
}

// rateBookUse is the use of version v, if the meta names it.
func (sw *spendWorkbook) rateBookUse(v int64) (RateBookUse, bool) {
	for _, u := range sw.meta.RateBooks {
		if u.Version == v {
			return u, true
		}
	}
	return RateBookUse{}, false
}

// superseded counts the orders priced by a superseded version and lists those
// versions.
func (sw *spendWorkbook) superseded() (orders int64, versions []int64) {
	for _, v := range sw.versionsUsed() {
		if u, ok := sw.rateBookUse(v); ok && u.Superseded {
			orders += sw.tally.versions[v]
			versions = append(versions, v)
		}
	}
	return orders, versions
}

// basisPhrase says which rate book priced the report, for the subtitle and the
// document properties: "rate book version 2", or "priced with rate book versions
// 1, 2; current version 2" when the orders are not all priced by the current one.
func (sw *spendWorkbook) basisPhrase() string {
	cur := sw.meta.RateBook.Version
	var used []string
	for _, v := range sw.versionsUsed() {
		if v != 0 {
			used = append(used, strconv.FormatInt(v, 10))
		}
	}
	_, unknown := sw.tally.versions[0]
	if !unknown && (len(used) == 0 || len(used) == 1 && used[0] == strconv.FormatInt(cur, 10)) {
		if cur == 0 {
			return ""
		}
		return "rate book version " + strconv.FormatInt(cur, 10)
	}
	var s string
	switch {
	case len(used) == 0:
		s = "priced with an unrecorded rate book version"
	case len(used) == 1:
		s = "priced with rate book version " + used[0]
	default:
		s = "priced with rate book versions " + strings.Join(used, ", ")
	}
	if unknown && len(used) > 0 {
		s += " and an unrecorded version"
	}
	if cur != 0 {
		s += "; current version " + strconv.FormatInt(cur, 10)
	}
	return s
}

// warnings are the Summary's lines on what the report's figures do not rest on:
// orders priced by a superseded rate book, orders of the period not planned.
func (sw *spendWorkbook) warnings() []string {
	var ws []string
	if n, vs := sw.superseded(); n > 0 {
		names := make([]string, len(vs))
		for i, v := range vs {
			names[i] = strconv.FormatInt(v, 10)
			if v == 0 {
				names[i] = "not recorded"
			}
		}
		noun := "version "
		if len(vs) > 1 {
			noun = "versions "
		}
		ws = append(ws, fmt.Sprintf("Warning: %s %s priced by a superseded rate book (%s%s; the current version is %d, imported after their plan). Planning again re-prices the open ones on the current rate book; shipped orders keep the cost they were planned at.",
			spendOrders(n), spendVerb(n, "was", "were"), noun, strings.Join(names, ", "), sw.meta.RateBook.Version))
	}
	if n := int64(sw.counts().Unplanned); n > 0 {
		ws = append(ws, fmt.Sprintf("Warning: %s of the period %s not planned and left out of this report. Planning includes the open ones.",
			spendOrders(n), spendVerb(n, "is", "are")))
	}
	return ws
}

// spendOrders is "1 order" or "1,234 orders".
func spendOrders(n int64) string {
	if n == 1 {
		return "1 order"
	}
	return spendGroupDigits(strconv.FormatInt(n, 10)) + " orders"
}

func spendVerb(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeBasis writes the top of the Summary from row on: the warnings, the count
// reconciliation and the rate-book versions that priced the orders. It returns the
// next free row.
func (sw *spendWorkbook) writeBasis(s *spendSheet, row int) (int, error) {
	st := sw.style
	for _, w := range sw.warnings() {
		s.put(row, 1, sw.overflowCell(w, st.warning))
		row++
	}
	row++

	// Count reconciliation: stated counts from the database, the reported orders a
	// formula over the Orders sheet, and the difference a formula that is 0 when
	// every order of the period is accounted for.
	c := sw.counts()
	s.put(row, 1, sw.overflowCell("Count reconciliation", st.section))
	row++
	inRow := row
	var err error
	put := func(label, name string, cell spendCell) {
		s.put(row, 1, sw.overflowCell(label, 0))
		s.put(row, scKPIValue, cell)
		if err == nil {
			err = sw.nameCell(name, SheetSummary, row, scKPIValue)
		}
		row++
	}
	val := func(r int) string { return spendCellName(r, scKPIValue) }
	put("Orders dated in the period", "OrdersInPeriod", sw.intCell(int64(c.Orders), "", st.int))
	put("− cancelled", "OrdersCancelled", sw.intCell(int64(c.Cancelled), "", st.int))
	put("− unplanned (no plan decision: not in this report)", "OrdersUnplanned", sw.intCell(int64(c.Unplanned), "", st.int))
	put("= orders reported (rows of "+sw.registerName()+")", "", sw.intCell(int64(sw.tally.orders), sw.fAgg("COUNT", ocDate), st.totalInt))
	diff := int64(c.Orders - c.Cancelled - c.Unplanned - sw.tally.orders)
	put("Difference (0: every order of the period is accounted for)", "CountDifference", sw.intCell(diff,
		fmt.Sprintf("%s-%s-%s-%s", val(inRow), val(inRow+1), val(inRow+2), val(inRow+3)), st.int))
	s.put(row, 1, sw.overflowCell("The first three counts are stated as read from the database when the workbook was written; the reported orders are counted on "+sw.registerName()+".", st.note))
	row += 2

	// The rate-book versions that priced the orders.
	s.put(row, 1, sw.overflowCell("Rate book behind the figures", st.section))
	row++
	sw.headerRow(s, row, []string{"Version", "Orders priced", "Status"})
	row++
	for _, v := range sw.versionsUsed() {
		n := sw.tally.versions[v]
		label, formula := strconv.FormatInt(v, 10), sw.fCountIfs(spendCrit{ocRateBook, strconv.FormatInt(v, 10)})
		status := ""
		switch u, ok := sw.rateBookUse(v); {
		case v == 0:
			label, formula, status = "not recorded", sw.fCountBlank(ocRateBook), "the plan did not record its rate-book version"
		case ok && u.Superseded:
			status = fmt.Sprintf("superseded: version %d was imported after the plan", sw.meta.RateBook.Version)
		case v == sw.meta.RateBook.Version:
			status = "current"
		}
		s.put(row, 1, sw.textCell(label, st.label))
		s.put(row, 2, sw.intCell(n, formula, st.int))
		s.put(row, 3, sw.overflowCell(status, st.textIndented))
		row++
	}
	if len(sw.tally.versions) == 0 {
		s.put(row, 1, sw.overflowCell("no orders", st.note))
		row++
	}
	if cur := sw.meta.RateBook.Version; cur != 0 {
		s.put(row, 1, sw.overflowCell("Current rate book: version "+strconv.FormatInt(cur, 10)+". "+sw.registerTitle()+" gives each order's plan run and rate-book version; the Assumptions list the FX rates and duty rules they used.", st.note))
		row++
	}
	return row + 1, err
}

// usages lists, per rate-book version used, the FX rates and duty rules its orders
// used (logistics.Usage), in version order.
func (sw *spendWorkbook) usages() []spendUsage {
	byVersion := map[int64]*logistics.Usage{}
	for _, u := range sw.meta.RateBooks {
		if u.Book != nil {
			byVersion[u.Version] = logistics.NewUsage(u.Book)
		}
	}
	for k := range sw.tally.used {
		if u := byVersion[k.version]; u != nil {
			u.Add(k.country, k.currency, k.date)
		}
	}
	var out []spendUsage
	for _, v := range sw.versionsUsed() {
		if u := byVersion[v]; u != nil {
			out = append(out, spendUsage{version: v, fx: u.FX(), duties: u.Duties()})
		}
	}
	return out
}

// spendUsage is what one rate-book version's orders used.
type spendUsage struct {
	version int64
	fx      []logistics.FXRate
	duties  []logistics.Duty
}
