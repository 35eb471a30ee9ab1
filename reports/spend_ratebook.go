package reports

import (
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// The rate-book sheets of the spend workbook: the tables that priced the orders,
// as the rate book's own sheets lay them out, so that an auditor can price an
// order again from the workbook alone (its Orders row names the rate-book
// version, service, zone, FX rate and batch).

// spendRateBookPrefix starts the name of a rate-book sheet: "RB rates".
const spendRateBookPrefix = "RB "

// spendRateBookTables are the rate book's sheets that price an order (fuel is the
// services' fuel_pct; FX rates are on the Assumptions sheet, those used).
var spendRateBookTables = []string{logistics.SheetSettings, logistics.SheetServices, logistics.SheetZones,
	logistics.SheetRates, logistics.SheetSurcharges, logistics.SheetWarehouses, logistics.SheetConsolidation,
	logistics.SheetTiers, logistics.SheetDuties}

// spendRateBookMoney names the money columns of each table: amounts in the row's
// currency — its currency column, else its service's or its lane's.
var spendRateBookMoney = map[string][]string{
	logistics.SheetRates:         {"fixed", "per_kg"},
	logistics.SheetSurcharges:    {"fixed", "per_kg", "min"},
	logistics.SheetWarehouses:    {"pick_per_order", "pick_per_extra_unit", "storage_per_m3_day", "headhaul_per_kg", "cold_chain_fee"},
	logistics.SheetConsolidation: {"first_mile_per_parcel", "dest_handling_per_parcel"},
	logistics.SheetTiers:         {"per_kg", "min_batch_charge"},
	logistics.SheetDuties:        {"duty_free_threshold", "flat_duty_per_line", "clearance_fee_per_parcel"},
}

// rateBooksUsed lists the rate books that priced the orders, by version.
func (sw *spendWorkbook) rateBooksUsed() []RateBookUse {
	var out []RateBookUse
	for _, u := range sw.meta.RateBooks {
		if _, used := sw.tally.versions[u.Version]; used && u.Book != nil && u.Version != 0 {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b RateBookUse) int { return int(a.Version - b.Version) })
	return out
}

// rateBookSheetNames are the rate-book sheets the workbook has, in order.
func (sw *spendWorkbook) rateBookSheetNames() []string {
	if len(sw.rateBooksUsed()) == 0 {
		return nil
	}
	names := make([]string, len(spendRateBookTables))
	for i, t := range spendRateBookTables {
		names[i] = spendRateBookPrefix + t
	}
	return names
}

// writeRateBooks writes a sheet per table of the rate books that priced the orders,
// the rows of each version used one after the other, the version first.
func (sw *spendWorkbook) writeRateBooks() error {
	uses := sw.rateBooksUsed()
	if len(uses) == 0 {
		return nil
	}
	sheets := make([][]rbSheet, len(uses))
	for i, u := range uses {
		sheets[i] = rateBookSheets(*u.Book)
	}
	for _, table := range spendRateBookTables {
		name := spendRateBookPrefix + table
		if _, err := sw.f.NewSheet(name); err != nil {
			return err
		}
		s := newSpendSheet(name)
		s.table = "RB_" + strings.ReplaceAll(table, "_", "")
		var cols []rbCol
		row := 2
		for i, u := range uses {
			sh := spendFindRBSheet(sheets[i], table)
			cols = sh.cols
			cur := spendRowCurrency(sheets[i], table)
			money := spendRateBookMoney[table]
			for _, vals := range sh.rows {
				s.put(row, 1, sw.intCell(u.Version, "", sw.style.int))
				for j, v := range vals {
					c, err := sw.rateBookCell(cols[j], v, slices.Contains(money, cols[j].name), cur(vals))
					if err != nil {
						return err
					}
					s.put(row, j+2, c)
				}
				row++
			}
		}
		s.put(1, 1, spendCell{v: "version", style: sw.style.header})
		s.width(1, 9)
		for j, c := range cols {
			s.put(1, j+2, spendCell{v: c.name, style: sw.style.header})
			s.width(j+2, min(float64(len(c.name))+3, 26))
		}
		s.heights[1] = 30
		if row == 2 { // no rows: the table needs one
			s.put(2, 1, spendCell{})
		}
		if err := sw.printSetup(name, spendPrint{portrait: len(cols) < 8}); err != nil {
			return err
		}
		if err := sw.flushSheet(s, &excelize.Panes{
			Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
		}); err != nil {
			return err
		}
		if err := sw.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: spendQuoteSheet(name) + "!$1:$1", Scope: name}); err != nil {
			return err
		}
	}
	return nil
}

func spendFindRBSheet(sheets []rbSheet, name string) rbSheet {
	for _, s := range sheets {
		if s.name == name {
			return s
		}
	}
	return rbSheet{name: name}
}

// spendRowCurrency returns, for a table's rows, the currency of their money: the
// row's currency column, else that of its service (rates, surcharges) or lane
// (tiers), found by the row's first column.
func spendRowCurrency(sheets []rbSheet, table string) func(row []any) string {
	col := func(sh rbSheet, name string) int {
		return slices.IndexFunc(sh.cols, func(c rbCol) bool { return c.name == name })
	}
	byID := func(ref string) func(row []any) string {
		sh := spendFindRBSheet(sheets, ref)
		ci := col(sh, "currency")
		m := map[string]string{}
		for _, r := range sh.rows {
			if id, ok := r[0].(string); ok && ci >= 0 {
				m[id], _ = r[ci].(string)
			}
		}
		return func(row []any) string {
			id, _ := row[0].(string)
			return m[id]
		}
	}
	switch table {
	case logistics.SheetRates, logistics.SheetSurcharges:
		return byID(logistics.SheetServices)
	case logistics.SheetTiers:
		return byID(logistics.SheetConsolidation)
	}
	ci := col(spendFindRBSheet(sheets, table), "currency")
	return func(row []any) string {
		if ci < 0 {
			return ""
		}
		c, _ := row[ci].(string)
		return c
	}
}

// rateBookCell is one value of a rate-book sheet as the rate book's own writer
// gives it — ids as text, exact numbers, dates — its money in its currency's
// format.
func (sw *spendWorkbook) rateBookCell(c rbCol, v any, money bool, currency string) (spendCell, error) {
	st := sw.style
	switch v := v.(type) {
	case string:
		return sw.textCell(v, st.textIndented), nil
	case logistics.Date:
		if v == logistics.NoDate {
			return spendCell{}, nil
		}
		return spendCell{v: spendSerial(v), style: st.date, width: 12}, nil
	case int64:
		if v == 0 && c.omitZero {
			return spendCell{}, nil
		}
		return spendCell{v: v, width: spendTextWidth(spendGroupDigits(logistics.FormatMinor(v, 0)))}, nil
	case logistics.Dec:
		if v == 0 && c.omitZero {
			return spendCell{}, nil
		}
		cell := spendDecCell(v)
		if money && logistics.CheckCurrency(currency) == nil {
			id, err := sw.styleFor(spendStyleKey{format: sfMoney, currency: currency, extra: 4})
			if err != nil {
				return spendCell{}, err
			}
			cell.style = id
			cell.width += 5
		}
		return cell, nil
	}
	return spendCell{}, nil
}
