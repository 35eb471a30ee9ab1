package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

func productText(p logistics.Product) string {
	return fmt.Sprintf("%s %q %dg %dx%dx%dmm %s %s %s %s", p.SKU, p.Title, p.WeightG, p.LengthMM, p.WidthMM, p.HeightMM, p.Category, p.UnitCost, p.Currency, p.HSCode)
}

func TestProducts(t *testing.T) {
	tests := []struct {
		file     string
		want     []string
		rejected []string
	}{
		{
			file: "products-catalog.csv",
			want: []string{
				`TEAPOT-CI "Cast iron teapot, 1.2 l" 1450g 210x180x160mm general 27 CNY 7323.91`,
				`SCARF-SILK "Silk scarf" 85g 250x180x15mm apparel 38.5 CNY 6214.10`,
				`LYCHEE-1KG "Fresh lychees 1 kg" 1100g 300x200x120mm fresh_food 0  0810.90`,
				`THERMO-IR "Infrared thermometer" 180g 160x90x50mm medical 45 CNY 9025.19`,
				`MUG-CERAMIC "Ceramic mug" 380g 120x90x100mm general 2.1 USD 6912.00`,
			},
			rejected: []string{
				`7 sku: sku is empty`,
				`8 weight_g: weight "heavy" is not a number`,
				`9 sku: sku TEAPOT-CI is already on line 2`,
				`10 height_mm: dimension "-360" is negative`,
				`11 unit_cost: the unit cost has no currency`,
			},
		},
		{
			// BOM, ";", CRLF, decimal commas, kg and cm converted exactly to g and mm.
			file: "products-eu.csv",
			want: []string{
				`PLANTER-SET "Planter set" 6800g 400x400x350mm general 1234.5 EUR 6914.90`,
				`SCARF-SILK "Silk scarf" 85g 250x180x15mm apparel 12.5 EUR 6214.10`,
				`BASKET "Rattan basket" 900g 303x280x151mm general 0  4602.19`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			products, rejected, err := Products(openFixture(t, tt.file), tt.file)
			if err != nil {
				t.Fatal(err)
			}
			var got, rej []string
			for _, p := range products {
				got = append(got, productText(p))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("products:\ngot  %q\nwant %q", got, tt.want)
			}
			for _, r := range rejected {
				rej = append(rej, rejectText(r))
				if r.File != tt.file || len(r.Record) == 0 {
					t.Errorf("rejection %+v: want file %s and the record", r, tt.file)
				}
			}
			if len(rej) != len(tt.rejected) {
				t.Fatalf("rejections:\ngot  %q\nwant %q", rej, tt.rejected)
			}
			for i := range rej {
				if !strings.HasPrefix(rej[i], tt.rejected[i]) {
					t.Errorf("rejection %d: got %q, want prefix %q", i, rej[i], tt.rejected[i])
				}
			}
		})
	}
}

func TestProductsXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	rows := [][]any{
		{"sku", "title", "weight_kg", "length_cm", "width_cm", "height_cm", "category", "unit_cost", "currency", "hs_code"},
		{"LYCHEE-1KG", "Lychees", 1.1, 30, 20, 12, "fresh_food", 9.8, "CNY", "0810.90"},
		{"TEAPOT-CI", "Teapot", 1.45, 21, 18, 16, "general", 27, "CNY", 7323.91},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "products.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	products, rejected, err := Products(in, "products.xlsx")
	if err != nil || len(rejected) > 0 {
		t.Fatalf("got %v, %v", rejected, err)
	}
	var got []string
	for _, p := range products {
		got = append(got, productText(p))
	}
	want := []string{
		`LYCHEE-1KG "Lychees" 1100g 300x200x120mm fresh_food 9.8 CNY 0810.90`,
		`TEAPOT-CI "Teapot" 1450g 210x180x160mm general 27 CNY 7323.91`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestStock(t *testing.T) {
	stock, rejected, err := Stock(openFixture(t, "products-stock.csv"), "products-stock.csv")
	if err != nil {
		t.Fatal(err)
	}
	var got, rej []string
	for _, s := range stock {
		got = append(got, fmt.Sprintf("%s %s %d", s.WarehouseID, s.SKU, s.OnHand))
	}
	want := []string{"WH-PL-WAW TEAPOT-CI 3", "WH-PL-WAW MUG-CERAMIC 12", "FW-FR-PAR LYCHEE-1KG 4", "FW-FR-PAR SCARF-SILK 8"}
	if !slices.Equal(got, want) {
		t.Errorf("stock: got %q, want %q", got, want)
	}
	for _, r := range rejected {
		rej = append(rej, rejectText(r))
	}
	wantRej := []string{
		"5 sku: WH-PL-WAW TEAPOT-CI is already on line 2",
		"6 warehouse_id: warehouse_id is empty",
		`7 on_hand: on_hand "-2" is not a whole number of units ≥ 0`,
	}
	if !slices.Equal(rej, wantRej) {
		t.Errorf("rejections:\ngot  %q\nwant %q", rej, wantRej)
	}
}

func TestProductsMissingColumns(t *testing.T) {
	tests := []struct {
		name, text, column string
		stock              bool
	}{
		{"no sku", "title,weight_g\nA,1\n", "sku", false},
		{"no weight", "sku,title\nA,B\n", "weight_g", false},
		{"no on_hand", "warehouse_id,sku\nW,A\n", "on_hand", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.stock {
				_, _, err = Stock(strings.NewReader(tt.text), "in.csv")
			} else {
				_, _, err = Products(strings.NewReader(tt.text), "in.csv")
			}
			var ce *ColumnError
			if !errors.As(err, &ce) || ce.Column != tt.column || ce.File != "in.csv" {
				t.Errorf("got %v, want a column error for %q in in.csv", err, tt.column)
			}
		})
	}
}
