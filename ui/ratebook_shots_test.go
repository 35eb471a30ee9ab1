package ui

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
)

// TestScreenshotsRateBookSheet renders, when -shots is given, the Rate book screen
// over a real database in both languages and themes: an earlier version open
// read-only (ratebook-version-*), a refused cell keeping what was typed
// (ratebook-refused-*), and a refused paste naming its bad cell
// (ratebook-paste-*).
func TestScreenshotsRateBookSheet(t *testing.T) {
	if *shotsDir == "" {
		t.Skip("no -shots folder")
	}
	if err := os.MkdirAll(*shotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{langEnglish, langChinese} {
		for _, th := range []string{themeLight, themeDark} {
			t.Run(lang+"-"+th, func(t *testing.T) {
				src, svc := realSource(t)
				ctx := context.Background()
				if _, err := svc.ImportRateBook(ctx, filepath.Join("..", "cli", "testdata", "examples", "ratebook.xlsx"), nil); err != nil {
					t.Fatal(err)
				}
				a := test.NewTempApp(t)
				w := test.NewTempWindow(t, widget.NewLabel(""))
				q := &queue{}
				sh := startWith(a, w, src, Options{Screen: screenRateBook, Lang: lang, Theme: th}, q.run)
				w.Resize(fyne.NewSize(1280, 800))
				q.drain()
				for _, o := range w.Canvas().Overlays().List() {
					w.Canvas().Overlays().Remove(o)
				}
				capture := func(name string) {
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
				s := sh.rateBook
				s.showSheet(t, logistics.SheetRates)
				s.saveEdit(logistics.SheetRates, 1, 4, "17.2") // version 2
				q.drain()
				s.deleteRow(logistics.SheetRates, 8) // version 3
				q.drain()

				s.versionList.Select(len(s.versions) - 1) // version 1
				q.drain()
				capture("ratebook-version")

				s.backToCurrent()
				c := cellAt(t, &harness{t: t, w: w, q: q}, s, rbKey{sheet: logistics.SheetRates, row: 2, col: 4})
				c.SetText("21,3")
				c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
				q.drain()
				w.Canvas().Unfocus()
				capture("ratebook-refused")

				s.pasteAt(rbKey{sheet: logistics.SheetRates, row: 3, col: 0},
					"CN-POST-ECO\tEU2\t0\t500\t15.6\t66\r\nCN-POST-ECO\tEU2\t500\t2000\t19.6\tabc\r\n")
				q.drain()
				capture("ratebook-paste")
			})
		}
	}
}
