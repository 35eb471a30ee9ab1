package cmdenv

import "os"

func init() {
	if cLocale(locale()) && os.Getenv("LANGUAGE") == "" {
		// The lookup reads LANGUAGE after a locale other than exactly "C" or
		// "POSIX"; gettext ignores LANGUAGE under the C locale, so nothing else
		// changes.
		os.Setenv("LANGUAGE", "en")
	}
}

// locale is the locale the C library would use for messages.
func locale() string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// cLocale reports whether l is a variant of the C locale with a codeset
// ("C.UTF-8", "C.utf8", "POSIX.UTF-8"): exactly "C", "POSIX" and "" are read
// correctly as they are.
func cLocale(l string) bool {
	base, _, ok := cut(l, '.')
	if !ok {
		base, _, ok = cut(l, '@')
	}
	return ok && (base == "C" || base == "POSIX")
}

func cut(s string, sep byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
