package logistics

import "strings"

// NormalizePostal upper-cases a postal code or prefix and removes its spaces, and
// nothing else: "M5V 2T6" becomes "M5V2T6", "31-042" keeps its hyphen.
func NormalizePostal(s string) string {
	if strings.IndexByte(s, ' ') < 0 {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c >= 'a' && c <= 'z' || c >= 0x80 {
				return strings.ToUpper(s)
			}
		}
		return s
	}
	return strings.ToUpper(strings.ReplaceAll(s, " ", ""))
}
