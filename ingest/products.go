package ingest

import (
	"context"
	"io"
	"strings"

	"shipmode/logistics"
)

// sheetReader reads the rows of a products or stock file with columns named like the
// rate book's sheets (SPEC §4), in any order and case.
type sheetReader struct {
	t    *table
	idx  map[string]int
	rows []RowError
}

func openSheet(ctx context.Context, r io.Reader, name string) (*sheetReader, error) {
	t, err := openTableContext(ctx, r, name)
	if err != nil {
		return nil, err
	}
	if err := t.body(false); err != nil {
		t.close()
		return nil, err
	}
	return &sheetReader{t: t, idx: headerIndex(t.header)}, nil
}

// col returns the column of the first of names the header has, or -1.
func (s *sheetReader) col(names ...string) int {
	for _, n := range names {
		if i, ok := s.idx[n]; ok {
			return i
		}
	}
	return -1
}

func (s *sheetReader) need(names ...string) (int, error) {
	if i := s.col(names...); i >= 0 {
		return i, nil
	}
	return -1, columnError(s.t.name, names[0], rsMissingColumn)
}

func cellAt(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// next is the next row of the file, and whether it breaks a limit or is not text
// (then rejected here).
func (s *sheetReader) next() ([]string, int, bool, error) {
	rec, line, err := s.t.next()
	if err != nil {
		return nil, 0, false, err
	}
	if f := s.t.fault; f != nil {
		s.reject(rec, line, f.col, f.why)
		return rec, line, false, nil
	}
	return rec, line, true, nil
}

func (s *sheetReader) reject(rec []string, line, col int, why logistics.Sentence) {
	s.rows = append(s.rows, RowError{File: s.t.name, Line: line, Column: columnName(s.t.header, col), Reason: why.String(), Why: why, Record: append([]string(nil), rec...)})
}

// extraCells reports a row with non-empty cells past the header.
func (s *sheetReader) extraCells(rec []string, line int) bool {
	if n := len(s.t.header); len(rec) > n && !allEmpty(rec[n:]) {
		s.reject(rec, line, n, say(rsExtraCells, itoa(len(rec)), itoa(n)))
		return true
	}
	return false
}

// unitColumn finds a measure given in a base unit (weight_g) or a larger one
// (weight_kg): its column and the nano-units of one base unit in the larger one.
func (s *sheetReader) unitColumn(base, big string, per int64) (col int, div int64) {
	if i := s.col(base); i >= 0 {
		return i, logistics.DecScale
	}
	if i := s.col(big); i >= 0 {
		return i, logistics.DecScale / per
	}
	return -1, 0
}

// measure reads a weight or length and converts it exactly to whole base units,
// rounding half away from zero below one gram or millimetre ("0.25" kg = 250 g,
// "12.55" cm = 126 mm).
func measure(cell string, div int64, decimalComma bool) (int64, error) {
	v, sym, err := parseMoney(cell, decimalComma)
	if err != nil || sym != "" {
		return 0, fault(rsNotNumber, quote(cell))
	}
	if v < 0 {
		return 0, fault(rsNegative, quote(cell))
	}
	return int64(divRound(v, div)), nil
}

// Products is ReadProducts without a context.
func Products(r io.Reader, name string) ([]logistics.Product, []RowError, error) {
	return ReadProducts(context.Background(), r, name)
}

// ReadProducts reads a products file (CSV, TSV or XLSX) with the columns of the rate book's
// products sheet: sku, title, weight_g, length_mm, width_mm, height_mm, category,
// unit_cost, currency, hs_code. weight_kg and length_cm, width_cm, height_cm are
// accepted instead and converted exactly. sku and a weight column are required; empty
// dimensions and unit cost are 0. Each bad row is returned as a RowError; a SKU that
// appears twice is rejected on its later rows. A file that is no table at all is a
// *FileError; ctx stops the reading.
func ReadProducts(ctx context.Context, r io.Reader, name string) ([]logistics.Product, []RowError, error) {
	s, err := openSheet(ctx, r, name)
	if err != nil {
		return nil, nil, err
	}
	defer s.t.close()
	skuCol, err := s.need("sku")
	if err != nil {
		return nil, nil, err
	}
	wCol, wDiv := s.unitColumn("weight_g", "weight_kg", 1000)
	if wCol < 0 {
		return nil, nil, columnError(name, "weight_g", rsMissingWeight)
	}
	var dims [3]int
	var divs [3]int64
	for i, d := range []string{"length", "width", "height"} {
		dims[i], divs[i] = s.unitColumn(d+"_mm", d+"_cm", 10)
	}
	titleCol, catCol, costCol, curCol, hsCol := s.col("title"), s.col("category"), s.col("unit_cost"), s.col("currency"), s.col("hs_code")
	dc := s.t.decimalComma
	var out []logistics.Product
	seen := map[string]int{}
	for {
		rec, line, ok, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, s.rows, err
		}
		if !ok || s.extraCells(rec, line) {
			continue
		}
		p := logistics.Product{SKU: cellAt(rec, skuCol), Title: cellAt(rec, titleCol), Category: cellAt(rec, catCol), HSCode: cellAt(rec, hsCol)}
		if p.SKU == "" {
			s.reject(rec, line, skuCol, say(rsEmptySKU))
			continue
		}
		if first, ok := seen[p.SKU]; ok {
			s.reject(rec, line, skuCol, say(rsSKURepeated, p.SKU, itoa(first)))
			continue
		}
		w := cellAt(rec, wCol)
		if w == "" {
			s.reject(rec, line, wCol, say(rsNoWeight))
			continue
		}
		if p.WeightG, err = measure(w, wDiv, dc); err != nil {
			s.reject(rec, line, wCol, sayWith(rsWeight, nested(whyOf(err))))
			continue
		}
		bad := false
		for i, dst := range []*int64{&p.LengthMM, &p.WidthMM, &p.HeightMM} {
			c := cellAt(rec, dims[i])
			if c == "" {
				continue
			}
			if *dst, err = measure(c, divs[i], dc); err != nil {
				s.reject(rec, line, dims[i], sayWith(rsDimension, nested(whyOf(err))))
				bad = true
				break
			}
		}
		if bad {
			continue
		}
		declared := ""
		if c := cellAt(rec, curCol); c != "" {
			if declared, err = currencyCode(c); err != nil {
				s.reject(rec, line, curCol, whyOf(err))
				continue
			}
		}
		p.Currency = declared
		if c := cellAt(rec, costCol); c != "" {
			v, sym, err := parseMoney(c, dc)
			if err != nil || v < 0 {
				s.reject(rec, line, costCol, say(rsBadUnitCost, quote(c)))
				continue
			}
			cur, err := currencyFor(sym, declared)
			if err != nil {
				s.reject(rec, line, costCol, whyOf(err))
				continue
			}
			if cur == "" && v != 0 {
				s.reject(rec, line, costCol, say(rsCostNoCurrency))
				continue
			}
			p.UnitCost, p.Currency = v, cur
		}
		seen[p.SKU] = line
		out = append(out, p)
	}
	return out, s.rows, nil
}

// Stock is ReadStock without a context.
func Stock(r io.Reader, name string) ([]logistics.Stock, []RowError, error) {
	return ReadStock(context.Background(), r, name)
}

// ReadStock reads a stock file with the columns of the rate book's stock sheet:
// warehouse_id, sku, on_hand (a whole number ≥ 0). A warehouse and SKU pair that
// appears twice is rejected on its later rows. A file that is no table at all is a
// *FileError; ctx stops the reading.
func ReadStock(ctx context.Context, r io.Reader, name string) ([]logistics.Stock, []RowError, error) {
	s, err := openSheet(ctx, r, name)
	if err != nil {
		return nil, nil, err
	}
	defer s.t.close()
	var cols [3]int
	for i, n := range []string{"warehouse_id", "sku", "on_hand"} {
		if cols[i], err = s.need(n); err != nil {
			return nil, nil, err
		}
	}
	var out []logistics.Stock
	seen := map[[2]string]int{}
	for {
		rec, line, ok, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, s.rows, err
		}
		if !ok || s.extraCells(rec, line) {
			continue
		}
		st := logistics.Stock{WarehouseID: cellAt(rec, cols[0]), SKU: cellAt(rec, cols[1])}
		switch {
		case st.WarehouseID == "":
			s.reject(rec, line, cols[0], say(rsEmptyWarehouse))
			continue
		case st.SKU == "":
			s.reject(rec, line, cols[1], say(rsEmptySKU))
			continue
		}
		k := [2]string{st.WarehouseID, st.SKU}
		if first, ok := seen[k]; ok {
			s.reject(rec, line, cols[1], say(rsStockRepeated, st.WarehouseID, st.SKU, itoa(first)))
			continue
		}
		c := cellAt(rec, cols[2])
		n, err := parseCount(c)
		if c == "" || err != nil || n < 0 {
			s.reject(rec, line, cols[2], say(rsBadOnHand, quote(c)))
			continue
		}
		st.OnHand = n
		seen[k] = line
		out = append(out, st)
	}
	return out, s.rows, nil
}
