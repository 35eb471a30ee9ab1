package ui

import "strings"

// Languages of the interface (stored as the "language" setting).
const (
	langEnglish = "en"
	langChinese = "zh"
)

// translator looks message keys up in one language's table.
type translator struct {
	lang  string
	table map[string]string
}

func newTranslator(lang string) *translator {
	if lang != langChinese {
		lang = langEnglish
	}
	return &translator{lang: lang, table: translations[lang]}
}

// T returns the text of key; a key missing from the table (a bug the tests catch)
// falls back to English, then to the key itself.
func (t *translator) T(key string) string {
	if s, ok := t.table[key]; ok {
		return s
	}
	if s, ok := translations[langEnglish][key]; ok {
		return s
	}
	return key
}

// parseLang reads a language setting or locale ("zh", "zh_CN.UTF-8", "en-US").
func parseLang(s string) string {
	if strings.HasPrefix(strings.ToLower(s), "zh") {
		return langChinese
	}
	return langEnglish
}

// translations holds every user-visible string, per language. Keys are stable ids;
// values may hold fmt verbs (used with env.Tf).
var translations = map[string]map[string]string{
	langEnglish: en,
	langChinese: zh,
}
