package ui

import (
	"context"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shipmode/demo"
	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

var shotsDir = flag.String("shots", "", "render every screen headless into PNG files in this folder")

// shotFake is a fake with enough data to judge the layout of every screen.
func shotFake() *fakeStore {
	f := detailFake()
	f.n = 1_000_000
	f.orders = nil
	f.rb = demo.RateBook()
	f.versions = []store.RateBookVersion{{ID: 2, ImportedAt: time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC), Source: "/home/seller/ratebook.xlsx"},
		{ID: 1, ImportedAt: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), Source: "demo"}}
	s := store.Summary{Currency: "USD", Orders: 182_340, Unplanned: 1_204, SLARisks: 2_311, Unassignable: 87}
	for m := 1; m <= 12; m++ {
		ms := store.MonthStat{Year: 2025 + (m+5)/12, Month: time.Month((m+5)%12 + 1)}
		for i, mode := range logistics.Modes {
			sp := int64((4+i)*(1500+m*90)+m*m*40) * 1000
			ms.ByMode[mode] = store.ModeStat{Orders: int(sp / 1300), Spend: sp}
			s.ByMode[mode].Orders += ms.ByMode[mode].Orders
			s.ByMode[mode].Spend += sp
			s.Spend += sp
		}
		s.ByMonth = append(s.ByMonth, ms)
	}
	s.DirectBaseline = s.Spend * 13 / 10
	s.Savings = s.DirectBaseline - s.Spend
	for i, c := range []string{"US", "GB", "DE", "FR", "AU", "CA", "PL", "IT", "ES", "NL", "JP", "SE"} {
		cs := store.CountryStat{Country: c}
		for j, mode := range logistics.Modes {
			cs.ByMode[mode] = store.ModeStat{Spend: int64((12-i)*(j+2)*90_000 + (i*j%3)*50_000)}
		}
		s.ByCountry = append(s.ByCountry, cs)
	}
	f.summary = s
	f.deps = []departure{
		{Lane: "LANE-SZX-LAX", Destination: "US", Date: logistics.DateOf(2026, 6, 17), Parcels: 412, ChargeableG: 318_400, BatchPrice: logistics.BatchPrice{Currency: "USD", Tier: logistics.Tier{FromKg: logistics.DecInt(100), PerKg: logistics.Dec(3_900_000_000)}, Charge: 124_176, PerParcel: 301, HasNext: true, Next: logistics.Tier{FromKg: logistics.DecInt(500)}, MissingG: 181_600, Saving: 19_104}},
		{Lane: "LANE-SZX-CDG", Destination: "FR", Date: logistics.DateOf(2026, 6, 17), Parcels: 57, ChargeableG: 19_250, BatchPrice: logistics.BatchPrice{Currency: "USD", Tier: logistics.Tier{FromKg: 0, PerKg: logistics.Dec(6_100_000_000)}, Charge: 11_743, PerParcel: 206, HasNext: true, Next: logistics.Tier{FromKg: logistics.DecInt(20)}, MissingG: 750, Saving: 3_273}},
		{Lane: "LANE-SZX-LHR", Destination: "GB", Date: logistics.DateOf(2026, 6, 18), Parcels: 903, ChargeableG: 702_000, BatchPrice: logistics.BatchPrice{Currency: "USD", Tier: logistics.Tier{FromKg: logistics.DecInt(500), PerKg: logistics.Dec(3_100_000_000)}, Charge: 217_620, PerParcel: 241}},
	}
	f.preview = importPreview{Format: ingest.Amazon, Header: []string{"order-id", "purchase-date", "sku"},
		Orders: []logistics.Order{{Ref: "113-4455667-1234567", Marketplace: "amazon.com", Date: logistics.DateOf(2026, 6, 12), Country: "US", Currency: "USD",
			Lines: []logistics.Line{{SKU: "MUG-01", Qty: 2, UnitPrice: logistics.Dec(12_990_000_000)}}}},
		Rejected: []ingest.RowError{{Line: 7, Column: "ship-country", Reason: "unknown country \"Atlantis\""}},
		LeftOut:  []ingest.RowError{{Line: 9, Column: "order-status", Reason: "the order is cancelled (order-status \"Cancelled\")"}}}
	return f
}

// TestScreenshots renders every screen in both languages and themes when -shots is
// given (go test ./ui -run Screenshots -shots /tmp/shots).
func TestScreenshots(t *testing.T) {
	if *shotsDir == "" {
		t.Skip("no -shots folder")
	}
	if err := os.MkdirAll(*shotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{langEnglish, langChinese} {
		for _, th := range []string{themeLight, themeDark} {
			for _, name := range screenNames {
				t.Run(fmt.Sprintf("%s-%s-%s", name, lang, th), func(t *testing.T) {
					f := shotFake()
					if name == screenInvoices || name == screenDashboard {
						invoiceFake(t, f) // the carrier invoices of a seller
					}
					a := test.NewTempApp(t)
					w := test.NewTempWindow(t, widget.NewLabel(""))
					q := &queue{}
					src := sourceOf(f)
					src.Plan = func(ctx context.Context, p func(float64)) error { return nil }
					src.WriteReport = func(ctx context.Context, path string, from, to logistics.Date, summary bool, p func(int)) error {
						return nil
					}
					src.Backup = func(ctx context.Context, path string) error { return nil }
					src.Restore = src.Backup
					s := startWith(a, w, src, Options{Screen: name, Lang: lang, Theme: th}, q.run)
					s.e.today = func() logistics.Date { return logistics.DateOf(2026, 6, 15) }
					w.Resize(fyne.NewSize(1280, 800))
					q.drain()
					switch name {
					case screenOrders:
						s.orders.table.Select(widget.TableCellID{Row: 0, Col: 2})
						q.drain()
					case screenImport:
						s.importScreen.onFile("/home/seller/Downloads/amazon-orders.txt")
						q.drain()
					}
					img := w.Canvas().Capture()
					out, err := os.Create(filepath.Join(*shotsDir, fmt.Sprintf("%s-%s-%s.png", name, lang, th)))
					if err != nil {
						t.Fatal(err)
					}
					defer out.Close()
					if err := png.Encode(out, img); err != nil {
						t.Fatal(err)
					}
				})
			}
		}
	}
}

// TestScreenshotsFirstRun renders, when -shots is given, the way of a new seller
// on an empty real database in both languages and themes: the Import screen's
// Getting started steps, the mapping step of a file of unknown columns (every
// field with its column and the file's rows at once), and the next file of that
// layout ready to import with the kept mapping.
func TestScreenshotsFirstRun(t *testing.T) {
	if *shotsDir == "" {
		t.Skip("no -shots folder")
	}
	if err := os.MkdirAll(*shotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	const head = "Beleg,Kanal,Datum,Land,PLZ,Artikelnummer,Menge,Preis,Currency,Notiz\n"
	rows := "B-1,myshop,2026-06-01,FR,31000,MUG-01,2,9.50,EUR,bitte nicht knicken\n" +
		"B-2,myshop,2026-06-01,DE,10115,TEAPOT-CI,1,52.00,EUR,\n" +
		"B-3,myshop,2026-06-02,PL,00-950,MUG-01,4,9.50,EUR,Geschenk: mit Karte und einer langen Nachricht an die Empfängerin\n"
	for _, lang := range []string{langEnglish, langChinese} {
		for _, th := range []string{themeLight, themeDark} {
			t.Run(lang+"-"+th, func(t *testing.T) {
				dir := t.TempDir()
				june, july := filepath.Join(dir, "shop-june.csv"), filepath.Join(dir, "shop-july.csv")
				for _, p := range []string{june, july} {
					if err := os.WriteFile(p, []byte(head+rows), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				src, _ := realSource(t)
				a := test.NewTempApp(t)
				w := test.NewTempWindow(t, widget.NewLabel(""))
				q := &queue{}
				s := startWith(a, w, src, Options{Screen: screenImport, Lang: lang, Theme: th}, q.run)
				w.Resize(fyne.NewSize(1280, 800))
				q.drain()
				for _, o := range w.Canvas().Overlays().List() { // the welcome: shot on its own by screenshots.sh
					w.Canvas().Overlays().Remove(o)
				}
				capture := func(name string) {
					// lay out what was shown since the last resize (the test canvas
					// paints new objects at their zero size otherwise)
					w.Resize(fyne.NewSize(1281, 800))
					w.Resize(fyne.NewSize(1280, 800))
					img := w.Canvas().Capture()
					out, err := os.Create(filepath.Join(*shotsDir, fmt.Sprintf("%s-%s-%s.png", name, lang, th)))
					if err != nil {
						t.Fatal(err)
					}
					defer out.Close()
					if err := png.Encode(out, img); err != nil {
						t.Fatal(err)
					}
				}
				capture("firstrun")
				im := s.importScreen
				im.onFile(june)
				q.drain()
				capture("mapping")
				for f, col := range map[string]string{"order_ref": "Beleg", "marketplace": "Kanal", "order_date": "Datum", "country": "Land",
					"postal_code": "PLZ", "sku": "Artikelnummer", "qty": "Menge", "unit_price": "Preis"} {
					im.mapSels[f].SetSelected(col)
					q.drain()
				}
				test.Tap(im.importBtn)
				q.drain()
				capture("mapped")
				im.onFile(july)
				q.drain()
				capture("remembered")
			})
		}
	}
}

// zhTitles are Chinese product titles for the demo's SKUs: a seller who keeps
// them in Chinese reads them in the English window too.
var zhTitles = map[string]string{
	"BACKPACK-20L": "登山背包 20 升", "BASKET-RATTAN": "藤编收纳篮", "BP-MONITOR": "上臂式电子血压计", "BRUSH-SET-12": "化妆刷 12 支套装",
	"BT-SPEAKER": "蓝牙音箱 20 瓦", "CAMPING-TENT": "双人圆顶帐篷", "CHOPSTICKS": "筷子 5 双装", "DOWN-JACKET": "便携羽绒服",
}

// TestScreenshotsChineseData renders, when -shots is given, the English window
// over Chinese product titles (the orders screen with an order's detail) and the
// settings screen with its language picker, on a real demo database.
func TestScreenshotsChineseData(t *testing.T) {
	if *shotsDir == "" {
		t.Skip("no -shots folder")
	}
	if err := os.MkdirAll(*shotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	src, svc := realSource(t)
	ctx := context.Background()
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 400, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	ps, err := svc.DB().Products(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ps {
		if zh, ok := zhTitles[ps[i].SKU]; ok {
			ps[i].Title = zh
		} else {
			ps[i].Title = "中文商品 " + ps[i].Title
		}
	}
	if _, err := svc.DB().UpsertProducts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	for _, th := range []string{themeLight, themeDark} {
		for _, name := range []string{screenOrders, screenSettings, screenDashboard} {
			t.Run(name+"-"+th, func(t *testing.T) {
				a := test.NewTempApp(t)
				w := test.NewTempWindow(t, widget.NewLabel(""))
				q := &queue{}
				s := startWith(a, w, src, Options{Screen: name, Lang: langEnglish, Theme: th}, q.run)
				w.Resize(fyne.NewSize(1280, 800))
				q.drain()
				w.Resize(fyne.NewSize(1281, 800))
				w.Resize(fyne.NewSize(1280, 800))
				switch name {
				case screenOrders:
					s.orders.table.Select(widget.TableCellID{Row: 0, Col: 2})
					q.drain()
				case screenSettings:
					test.Tap(s.settings.langSel) // the picker open: "简体中文" in the English window
				case screenDashboard:
					s.dashboard.periodSel.SetSelectedIndex(2) // last month: by day
					q.drain()
				}
				w.Resize(fyne.NewSize(1281, 800))
				w.Resize(fyne.NewSize(1280, 800))
				out, err := os.Create(filepath.Join(*shotsDir, fmt.Sprintf("%s-en-zhdata-%s.png", name, th)))
				if err != nil {
					t.Fatal(err)
				}
				defer out.Close()
				if err := png.Encode(out, w.Canvas().Capture()); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// TestNothingCutAt1M: on every screen, in both languages, over a million orders
// (the orders screen with a selection ticked and its buttons shown), no label is
// narrower than its text unless it ends in an ellipsis, and none reaches past the
// window's right edge. (Tables scroll: their cells are not checked.)
func TestNothingCutAt1M(t *testing.T) {
	for _, lang := range []string{langEnglish, langChinese} {
		for _, name := range screenNames {
			t.Run(name+"-"+lang, func(t *testing.T) {
				f := shotFake()
				if name == screenInvoices || name == screenDashboard {
					invoiceFake(t, f)
				}
				a := test.NewTempApp(t)
				w := test.NewTempWindow(t, widget.NewLabel(""))
				q := &queue{}
				src := sourceOf(f)
				src.Plan = func(ctx context.Context, p func(float64)) error { return nil }
				s := startWith(a, w, src, Options{Screen: name, Lang: lang, Theme: themeLight}, q.run)
				s.e.today = func() logistics.Date { return logistics.DateOf(2026, 6, 15) }
				w.Resize(fyne.NewSize(1280, 800))
				q.drain()
				if name == screenOrders {
					s.orders.bulk = func(context.Context, ops.BulkOverrideRequest, func(float64)) (ops.BulkOverrideResult, error) {
						return ops.BulkOverrideResult{}, nil
					}
					s.orders.tick(0, true, false)
					s.orders.tick(2, true, true)
					s.orders.table.Select(widget.TableCellID{Row: 0, Col: 2})
					q.drain()
				}
				width := w.Canvas().Size().Width
				var walk func(o fyne.CanvasObject, x float32)
				walk = func(o fyne.CanvasObject, x float32) {
					if !o.Visible() {
						return
					}
					x += o.Position().X
					if l, ok := o.(*widget.Label); ok && l.Text != "" && l.Wrapping == fyne.TextWrapOff {
						if l.Truncation == fyne.TextTruncateOff && o.Size().Width+0.5 < o.MinSize().Width {
							t.Errorf("%q is %.0f wide, its text %.0f", l.Text, o.Size().Width, o.MinSize().Width)
						}
						if x+o.Size().Width > width+0.5 {
							t.Errorf("%q reaches %.0f, past the window's %.0f", l.Text, x+o.Size().Width, width)
						}
					}
					switch c := o.(type) {
					case *widget.Table:
					case *fyne.Container:
						for _, ch := range c.Objects {
							walk(ch, x)
						}
					case fyne.Widget:
						for _, ch := range test.WidgetRenderer(c).Objects() {
							walk(ch, x)
						}
					}
				}
				walk(w.Content(), 0)
			})
		}
	}
}
