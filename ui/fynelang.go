package ui

import (
	"embed"

	"fyne.io/fyne/v2/lang"
)

// Fyne's own words (the file dialogs' buttons, "Cancel", "New Folder" …) follow
// the system's language, not the app's. fynelang holds them in the app's two
// languages, under Fyne's message ids.
//
//go:embed fynelang/en.json fynelang/zh.json
var fynelang embed.FS

// applyFyneLanguage makes Fyne's own words speak the app's language: they are
// registered as the messages of the locale Fyne chose from the system, so that it
// keeps choosing it.
func applyFyneLanguage(l string) error {
	name := "fynelang/en.json"
	if l == langChinese {
		name = "fynelang/zh.json"
	}
	data, err := fynelang.ReadFile(name)
	if err != nil {
		return err
	}
	return lang.AddTranslationsForLocale(data, lang.SystemLocale())
}
