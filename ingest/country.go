package ingest

import (
	"strings"
	"unicode/utf8"
)

// countryAliases are the spellings marketplaces, spreadsheets and buyers use besides
// the ISO names in countryTable: short forms, former names, native names of the
// common destinations and the United Kingdom's nations.
var countryAliases = map[string][]string{
	"AE": {"UAE", "Emirates", "U.A.E."},
	"AT": {"Österreich", "Oesterreich"},
	"BA": {"Bosnia", "Bosnia-Herzegovina"},
	"BE": {"Belgique", "België", "Belgien"},
	"BN": {"Brunei"},
	"BO": {"Bolivia"},
	"BQ": {"Caribbean Netherlands", "Bonaire"},
	"BR": {"Brasil"},
	"BS": {"The Bahamas"},
	"CD": {"DR Congo", "DRC", "Congo, Democratic Republic of the", "Democratic Republic of the Congo", "Congo-Kinshasa"},
	"CG": {"Republic of the Congo", "Congo-Brazzaville"},
	"CH": {"Schweiz", "Suisse", "Svizzera"},
	"CI": {"Ivory Coast", "Cote d'Ivoire"},
	"CN": {"China", "PRC", "People's Republic of China", "China Mainland", "Mainland China", "中国"},
	"CV": {"Cape Verde"},
	"CW": {"Curacao"},
	"CZ": {"Czech Republic", "Česko", "Česká republika"},
	"DE": {"Deutschland", "Federal Republic of Germany"},
	"DK": {"Danmark"},
	"ES": {"España", "Espana", "Spanien", "Espagne"},
	"FI": {"Suomi"},
	"FK": {"Falkland Islands", "Falklands"},
	"FM": {"Micronesia"},
	"FR": {"France métropolitaine", "Frankreich"},
	"GB": {"UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland", "United Kingdom of Great Britain", "Grossbritannien", "Großbritannien", "Royaume-Uni", "Regno Unito", "Reino Unido", "Vereinigtes Königreich"},
	"GR": {"Hellas", "Ελλάδα"},
	"HK": {"Hong Kong SAR", "Hong Kong S.A.R.", "Hong Kong, China", "Hong Kong SAR China", "HongKong", "香港"},
	"HR": {"Hrvatska"},
	"HU": {"Magyarország"},
	"IE": {"EIRE", "Éire", "Republic of Ireland", "Irland", "Irlande"},
	"IR": {"Iran"},
	"IT": {"Italia", "Italien", "Italie"},
	"JP": {"Nippon", "日本"},
	"KP": {"North Korea", "Korea, North", "DPRK", "Korea DPR"},
	"KR": {"South Korea", "Korea, South", "Republic of Korea", "Korea", "Korea (South)", "Korea, Rep.", "한국", "대한민국"},
	"LA": {"Laos", "Lao PDR"},
	"MD": {"Moldova"},
	"MK": {"Macedonia", "FYROM", "Republic of Macedonia"},
	"MM": {"Burma"},
	"MO": {"Macau", "Macao SAR", "Macau SAR", "Macao, China", "澳門", "澳门"},
	"MX": {"México"},
	"NL": {"The Netherlands", "Holland", "Nederland", "Niederlande", "Pays-Bas"},
	"NO": {"Norge"},
	"PL": {"Polska", "Polen", "Pologne"},
	"PS": {"Palestine", "Palestinian Territories", "Palestinian Territory"},
	"RE": {"Reunion"},
	"RU": {"Russia", "Россия", "Rossiya"},
	"SA": {"KSA"},
	"SE": {"Sverige", "Schweden", "Suède"},
	"SH": {"Saint Helena"},
	"ST": {"Sao Tome and Principe"},
	"SY": {"Syria"},
	"SZ": {"Swaziland"},
	"TR": {"Turkey", "Turkiye"},
	"TW": {"Taiwan", "Taiwan, China", "Republic of China", "Taiwan ROC", "台灣", "台湾"},
	"TZ": {"Tanzania"},
	"US": {"USA", "U.S.A.", "U.S.", "United States of America", "America", "Vereinigte Staaten", "États-Unis", "Estados Unidos", "美国"},
	"VA": {"Vatican", "Vatican City", "Holy See"},
	"VE": {"Venezuela"},
	"VG": {"British Virgin Islands", "BVI"},
	"VI": {"US Virgin Islands", "U.S. Virgin Islands"},
	"VN": {"Vietnam", "Viet Nam"},
	"XK": {"Kosovo"}, // user-assigned code used by carriers and marketplaces; not in ISO 3166-1
}

// countryIndex maps a normalised country spelling to its alpha-2 code. It is built
// once from the tables above and only read afterwards.
var countryIndex = buildCountryIndex()

func buildCountryIndex() map[string]string {
	idx, _ := buildCountryIndexChecked()
	return idx
}

// buildCountryIndexChecked also returns the spellings that name two countries (a
// mistake in the tables; the tests require none).
func buildCountryIndexChecked() (map[string]string, []string) {
	idx := make(map[string]string, 1200)
	var conflicts []string
	var buf []byte
	add := func(name, code string) {
		buf = countryKey(buf[:0], name)
		if len(buf) == 0 {
			return
		}
		if old, ok := idx[string(buf)]; ok && old != code {
			conflicts = append(conflicts, name+" = "+old+" and "+code)
		}
		idx[string(buf)] = code
	}
	for line := range strings.Lines(countryTable) {
		parts := strings.Split(strings.TrimSpace(line), "|")
		if len(parts) < 3 {
			continue
		}
		code := parts[0]
		for _, n := range parts[1:] {
			add(n, code)
			// "Korea, Republic of" is also written "Republic of Korea".
			if head, tail, ok := strings.Cut(n, ", "); ok {
				add(tail+" "+head, code)
			}
		}
		idx[code] = code
	}
	for code, names := range countryAliases {
		for _, n := range names {
			add(n, code)
		}
		idx[code] = code
	}
	return idx, conflicts
}

// CountryCode returns the ISO 3166-1 alpha-2 code of a country given as an alpha-2 or
// alpha-3 code or an English name, in any case, with or without accents and
// punctuation ("pl", "POL", "Poland", "United Kingdom", "EIRE", "Korea, Republic of",
// "Hong Kong", "USA", "Deutschland"). It reports false for anything else.
func CountryCode(s string) (string, bool) {
	// Fast path: an upper-case alpha-2 code, the common case in exports.
	if len(s) == 2 && isUpper(s[0]) && isUpper(s[1]) {
		code, ok := countryIndex[s]
		return code, ok
	}
	var arr [64]byte
	key := countryKey(arr[:0], s)
	if len(key) == 0 {
		return "", false
	}
	code, ok := countryIndex[string(key)]
	return code, ok
}

func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }

// countryKey appends the normalised form of a country spelling to dst: letters and
// digits upper-cased with Latin accents removed, "&" as AND, every run of other
// characters as one space, and a leading "THE " dropped.
func countryKey(dst []byte, s string) []byte {
	start := len(dst)
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '&':
			if len(dst) > start {
				dst = append(dst, ' ')
			}
			dst = append(dst, "AND"...)
			space = true
			continue
		case r == '\'' || r == '’' || r == '.':
			// "Côte d'Ivoire", "U.S.A.": apostrophes and dots join letters.
			continue
		case r < 0x80:
			space = true
			continue
		default:
			if f, ok := foldLatin(r); ok {
				r = f
			} else if isSpaceRune(r) {
				space = true
				continue
			}
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		dst = utf8.AppendRune(dst, r)
	}
	if k := dst[start:]; len(k) > 4 && string(k[:4]) == "THE " {
		dst = append(dst[:start], k[4:]...)
	}
	return dst
}

func isSpaceRune(r rune) bool {
	return r == 0xA0 || r == 0x202F || r == 0x2007 || r == 0x3000 || r == '–' || r == '—'
}

// foldLatin maps an accented Latin letter to its upper-case base letter.
func foldLatin(r rune) (rune, bool) {
	const from = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŁłŚśŹźŻżĆćŃńĘęĄąŠšŽžČčŘřĎďŤťŇňŮůĞğİıŞşŐőŰű"
	const to = "AAAAAAAAAAAACCEEEEEEEEIIIIIIIINNOOOOOOOOOOOOUUUUUUUUYYYLLSSZZZZCCNNEEAASSZZCCRRDDTTNNUUGGIISSOOUU"
	i := 0
	for _, f := range from {
		if f == r {
			return rune(to[i]), true
		}
		i++
	}
	switch r {
	case 'ß':
		return 'S', true // folded the same way in the tables and in the input
	case 'Æ', 'æ':
		return 'A', true
	}
	return 0, false
}
