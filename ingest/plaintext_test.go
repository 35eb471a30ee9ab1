package ingest

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// TestPlainText holds the quick test of a line to the slow one it saves: no NUL,
// nothing past ASCII, a byte of each kind at every place of lines of every length
// around the word size.
func TestPlainText(t *testing.T) {
	line := "ORD-00012345,amazon,2026-05-11,FR,75011,SKU-123,1,12.50,EUR,2"
	for _, s := range []string{"", "a", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnopq", line, line + "x"} {
		for i := 0; i <= len(s); i++ {
			for _, c := range []byte{0, 0x80, 0xC3, 0xFF, 'z'} {
				b := []byte(s[:i] + string([]byte{c}) + s[i:])
				want := bytes.IndexByte(b, 0) < 0 && !bytes.ContainsFunc(b, func(r rune) bool { return r >= 0x80 || r == utf8.RuneError })
				if got := plainText(b); got != want {
					t.Fatalf("%q: got %v, want %v", b, got, want)
				}
			}
		}
	}
}
