package ingest

import (
	"strings"
	"unicode/utf8"

	"shipmode/logistics"
)

// rowFault is why a row is rejected whatever its columns mean: a cell or the row
// past the limits (maxCellChars, maxColumns, maxRowBytes), a cell that is not text
// (a NUL, bytes that are not UTF-8), a quoted cell the file ends inside.
type rowFault struct {
	col int // the cell at fault
	why logistics.Sentence
}

// screen finds the first cell of rec that breaks a limit or is not text — c says
// what a CSV reader left out of the row, nil for a workbook's row — and makes rec
// fit to be echoed in the rejected-rows file and its reasons: at most maxColumns
// cells, each cut to maxCellChars characters, bytes that are not UTF-8 shown as
// U+FFFD, NULs left out, and past a row too long, empty cells. It returns rec as
// it was and nil when the row is clean.
func screen(rec []string, c *cut) ([]string, *rowFault) {
	var f *rowFault
	at := func(col int, p phraseID, vals ...string) {
		if f == nil {
			f = &rowFault{col: col, why: say(p, vals...)}
		}
	}
	var rowSize int64
	for _, s := range rec {
		rowSize += int64(len(s))
	}
	if c != nil {
		switch {
		case c.openLine > 0:
			at(c.openCol, rsOpenQuote, itoa(c.openLine))
		case c.col >= 0 && c.rowFull:
			at(c.col, rsRowTooLong, byteSize(maxRowBytes), byteSize(c.size))
		case c.col >= 0 && c.col == c.quoteCol:
			at(c.col, rsQuoteRunsOn, itoa(c.quote), itoa(c.lines))
		case c.col >= 0:
			at(c.col, rsCellTooLong, byteSize(c.colBytes))
		case c.cells > 0:
			at(maxColumns, rsTooManyCells, itoa(c.cells))
		}
	}
	if len(rec) > maxColumns {
		at(maxColumns, rsTooManyCells, itoa(len(rec)))
		rec = rec[:maxColumns]
	}
	full := -1 // the first cell past the row's budget, counting cells as echoed
	var sum int64
	for i, s := range rec {
		echoed := len(s)
		if len(s) > maxCellChars && utf16Len(s) > maxCellChars {
			if c != nil && c.quoteCol == i {
				at(i, rsQuoteRunsOn, itoa(c.quote), itoa(c.lines))
			}
			at(i, rsCellTooLong, byteSize(int64(len(s))))
			echoed = len(cutChars(s, maxCellChars))
		}
		if j := strings.IndexByte(s, 0); j >= 0 {
			at(i, rsNUL, itoa(utf8.RuneCountInString(s[:j])))
		}
		if !utf8.ValidString(s) {
			j := invalidAt(s)
			at(i, rsNotUTF8, "0x"+strings.ToUpper(hex2(s[j])), itoa(utf8.RuneCountInString(s[:j])))
		}
		if sum += int64(echoed); sum > maxRowBytes && full < 0 {
			full = i
			at(i, rsRowTooLong, byteSize(maxRowBytes), byteSize(rowSize))
		}
	}
	if f == nil {
		return rec, nil
	}
	if f.why.Key == phrases[rsRowTooLong].Key && full < 0 {
		full = f.col // the reader spent the budget in this cell
	}
	for i, s := range rec {
		if full >= 0 && i >= full {
			rec[i] = ""
			continue
		}
		rec[i] = echoCell(s)
	}
	return rec, f
}

// echoCell is a cell as a rejected row shows it: UTF-8 without NULs, at most
// maxCellChars characters.
func echoCell(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return cutChars(s, maxCellChars)
}

// utf16Len is the length of s in UTF-16 code units, as Excel counts a cell's
// characters (a byte that is not UTF-8 counts one).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// cutChars is s cut to at most n UTF-16 code units, at a character boundary.
func cutChars(s string, n int) string {
	if len(s) <= n {
		return s
	}
	units := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}

// invalidAt is the index of the first byte of s that is not UTF-8, or len(s).
func invalidAt(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(s)
}

func hex2(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}

// byteSize writes a size for a person, in the units a file manager shows (1 KB =
// 1024 bytes), to one decimal below ten units: "812 bytes", "64 KB", "1.5 MB", "3 GB".
func byteSize(n int64) string {
	if n < 1<<10 {
		return itoa(n) + " bytes"
	}
	u, name := int64(1<<10), "KB"
	for _, next := range []string{"MB", "GB"} {
		if (n*10+u/2)/u < 10240 {
			break
		}
		u, name = u<<10, next
	}
	tenths := (n*10 + u/2) / u
	switch {
	case tenths%10 == 0:
		return itoa(tenths/10) + " " + name
	case tenths >= 100:
		return itoa((tenths+5)/10) + " " + name
	}
	return itoa(tenths/10) + "." + itoa(tenths%10) + " " + name
}
