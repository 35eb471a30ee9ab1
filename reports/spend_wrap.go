package reports

// The register's explanation wraps within its column. Spreadsheets do not all size
// a row to its wrapped text when they open a file (LibreOffice keeps the default
// height), so the writer gives each row that wraps its height, from the lines its
// text takes at the column's width.

// spendLineHeight is the height in points of one line of 11-point Calibri (the
// default row), spendSmallLine of the 9-point text of the register's explanation.
const (
	spendLineHeight = 15
	spendSmallFont  = 9
	spendSmallLine  = 12
)

// spendMaxRowHeight is the tallest row a sheet allows, in points.
const spendMaxRowHeight = 409

// spendWrapSlack widens the text measured, so that a viewer whose font is a little
// wider than Calibri (a substitute) still shows the last line.
const spendWrapSlack = 1.05

// spendCharWidths are the advance widths of Calibri's lower-case letters a–z in
// thousandths of an em.
var spendCharWidths = [26]int16{479, 525, 423, 525, 498, 305, 471, 525, 229, 239, 455, 229, 799,
	525, 527, 525, 525, 349, 391, 335, 525, 452, 715, 433, 453, 395}

// spendCharWidth is a character's width in thousandths of an em of Calibri.
func spendCharWidth(r rune) int {
	switch {
	case r >= 'a' && r <= 'z':
		return int(spendCharWidths[r-'a'])
	case r >= '0' && r <= '9':
		return 507
	case r == ' ', r == '.', r == ',', r == ':', r == ';', r == '\'', r == '!', r == '|':
		return 250
	case r == '(' || r == ')' || r == '-' || r == '/':
		return 305
	case r == 'M' || r == 'W' || r == '%' || r == '@':
		return 860
	case r >= 'A' && r <= 'Z':
		return 580
	case r >= 0x2E80: // CJK: a full em
		return 1000
	}
	return 500
}

// spendWrapLines estimates how many lines text of size points takes wrapped in an
// indented column width units wide (Excel's unit: the width of a digit of
// 11-point Calibri): words are laid greedily, a word longer than a line is broken.
func spendWrapLines(text string, width float64, size int) int {
	// The line's room in thousandths of an em of the text: a unit is a digit
	// (0.507 em) of 11 points; the indent and the cell's padding take about one and
	// a half.
	room := int((width - 1.5) * 507 * 11 / float64(size) / spendWrapSlack)
	if room < 1000 {
		room = 1000
	}
	lines, used := 1, 0
	word := 0 // width of the word being read
	space := spendCharWidth(' ')
	place := func() {
		switch {
		case word == 0:
		case used == 0:
			used = word
		case used+space+word <= room:
			used += space + word
		default:
			lines++
			used = word
		}
		for used > room { // a word longer than a line
			lines++
			used -= room
		}
		word = 0
	}
	for _, r := range text {
		switch r {
		case ' ':
			place()
		case '\n':
			place()
			lines++
			used = 0
		default:
			word += spendCharWidth(r)
		}
	}
	place()
	return lines
}

// spendWrapHeight is the height of a row whose explanation takes lines lines of
// 9-point text; 0 when they fit the default height.
func spendWrapHeight(lines int) float64 {
	h := float64(lines*spendSmallLine + 3)
	if h <= spendLineHeight {
		return 0
	}
	return min(h, spendMaxRowHeight)
}
