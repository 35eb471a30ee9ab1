package ui

import (
	_ "embed"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

//go:embed fonts/DroidSansFallbackFull.ttf
var cjkFontTTF []byte

var cjkFont = fyne.NewStaticResource("DroidSansFallbackFull.ttf", cjkFontTTF)

// Theme preference values (stored as the "theme" setting).
const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

// appTheme is Fyne's default theme with two changes: a fixed light or dark variant
// when the user chose one, and a CJK-capable text font in every language
// (Fyne's bundled font has no CJK glyphs, and an English window shows Chinese
// too: "简体中文" in the language picker, Chinese product titles and
// addresses). The CJK font has no Latin letters, digits or punctuation: Fyne
// takes those from its own font, its second face, so Latin text reads as in
// Fyne's default theme.
type appTheme struct {
	variant string // themeSystem, themeLight or themeDark
	base    fyne.Theme
}

func newAppTheme(variant string) *appTheme {
	return &appTheme{variant: variant, base: theme.DefaultTheme()}
}

func (t *appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.variant {
	case themeLight:
		v = theme.VariantLight
	case themeDark:
		v = theme.VariantDark
	}
	return t.base.Color(n, v)
}

func (t *appTheme) Font(s fyne.TextStyle) fyne.Resource {
	if !s.Monospace && !s.Symbol {
		return cjkFont
	}
	return t.base.Font(s)
}

func (t *appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

func (t *appTheme) Size(n fyne.ThemeSizeName) float32 { return t.base.Size(n) }
