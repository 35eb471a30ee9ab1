package reports

import (
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Paper is the paper size a workbook prints on.
type Paper uint8

const (
	PaperA4     Paper = iota + 1 // 210 × 297 mm: most of the world
	PaperLetter                  // 8.5 × 11 in: the Americas that use it, the Philippines
)

// spendLetterRegions are the countries whose paper is Letter (as glibc's LC_PAPER
// gives it): the rest of the world prints on A4.
var spendLetterRegions = map[string]bool{
	"US": true, "CA": true, "MX": true, "PR": true, "CL": true, "CO": true, "CR": true, "DO": true,
	"GT": true, "NI": true, "PA": true, "PH": true, "SV": true, "VE": true, "BZ": true, "HN": true,
}

// PaperFor is the paper of a locale as the environment names it ("en_US.UTF-8",
// "fr-CA", "es_MX"): Letter in the countries that print on it, else A4 (also for
// a locale without a country, "C" or "").
func PaperFor(locale string) Paper {
	l, _, _ := strings.Cut(locale, ".")
	l, _, _ = strings.Cut(l, "@")
	i := strings.LastIndexAny(l, "_-")
	if i < 0 {
		return PaperA4
	}
	if spendLetterRegions[strings.ToUpper(l[i+1:])] {
		return PaperLetter
	}
	return PaperA4
}

// PaperFromEnv is the paper of the locale the environment names: the first of
// LC_ALL, LC_PAPER and LANG that is set, as the C library takes them.
func PaperFromEnv(getenv func(string) string) Paper {
	for _, v := range []string{"LC_ALL", "LC_PAPER", "LANG"} {
		if l := getenv(v); l != "" {
			return PaperFor(l)
		}
	}
	return PaperA4
}

// excelSize is the paper's number in a sheet's page setup.
func (p Paper) excelSize() int {
	if p == PaperLetter {
		return 1
	}
	return 9
}

func (p Paper) String() string {
	if p == PaperLetter {
		return "Letter"
	}
	return "A4"
}

// spendPrint is how a sheet prints.
type spendPrint struct {
	portrait bool // a narrow sheet; the others print landscape
	// fitHeight, when set, also fits the sheet on one page high (a short sheet
	// whose last lines would otherwise sit alone on a page).
	fitHeight bool
}

// printSetup makes a sheet print one page wide on the workbook's paper, with
// margins that leave room for the header (report, sheet, period) and the footer
// (made by, page x of y).
func (sw *spendWorkbook) printSetup(sheet string, p spendPrint) error {
	orientation := "landscape"
	if p.portrait {
		orientation = "portrait"
	}
	height := 0
	if p.fitHeight {
		height = 1
	}
	if err := sw.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size:        spendPtr(sw.paper().excelSize()),
		Orientation: spendPtr(orientation),
		FitToWidth:  spendPtr(1),
		FitToHeight: spendPtr(height),
	}); err != nil {
		return err
	}
	if err := sw.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: spendPtr(0.4), Right: spendPtr(0.4), Top: spendPtr(0.75), Bottom: spendPtr(0.7),
		Header: spendPtr(0.3), Footer: spendPtr(0.3),
	}); err != nil {
		return err
	}
	if err := sw.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: spendPtr(true)}); err != nil {
		return err
	}
	return sw.f.SetHeaderFooter(sheet, sw.headerFooter())
}

func (sw *spendWorkbook) paper() Paper {
	if sw.meta.Paper == 0 {
		return PaperA4
	}
	return sw.meta.Paper
}

// headerFooter is every sheet's header and footer: the report's title, the sheet
// and the period above; who made it and when, and the page, below.
func (sw *spendWorkbook) headerFooter() *excelize.HeaderFooterOptions {
	made := strings.TrimSpace("Shipmode " + sw.meta.AppVersion)
	if !sw.meta.GeneratedAt.IsZero() {
		made += ", " + sw.meta.GeneratedAt.UTC().Format(time.DateTime[:16]) + " UTC"
	}
	return &excelize.HeaderFooterOptions{
		OddHeader: spendHF("&L&\"Calibri,Bold\"", sw.meta.Title, 90) + "&C&A" +
			spendHF("&R", "Period "+sw.period(), 110),
		OddFooter: spendHF("&L", made, 100) + "&RPage &P of &N",
	}
}

// spendHF is a section of a header or footer: code, then text with its
// ampersands doubled (a single one starts a code), cut to max characters.
func spendHF(code, text string, max int) string {
	if r := []rune(text); len(r) > max {
		text = string(r[:max-1]) + "…"
	}
	return code + strings.ReplaceAll(text, "&", "&&")
}
