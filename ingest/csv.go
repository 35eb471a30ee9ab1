package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"shipmode/logistics"
)

// RowError is one row of an input file that was not imported, and why.
type RowError struct {
	File   string             // the file name given in the options
	Line   int                // physical line of the row's first character (header = 1), or sheet row for XLSX
	Column string             // header of the cell at fault (a field name when the file has no such column)
	Reason string             // what is wrong, for a person, in English
	Why    logistics.Sentence // Reason as a phrase of Phrases with its values, to say it in another language
	Record []string           // the row's cells as read
}

func (e RowError) Error() string {
	return fmt.Sprintf("%s line %d column %q: %s", e.File, e.Line, e.Column, e.Reason)
}

// ColumnError stops a whole import: a required column is missing, or a --map names a
// header the file does not have.
type ColumnError struct {
	File   string
	Column string
	Reason string             // in English
	Why    logistics.Sentence // Reason as a phrase of Phrases with its values
}

// columnError is a ColumnError for phrase p with its values.
func columnError(file, column string, p phraseID, vals ...string) *ColumnError {
	why := say(p, vals...)
	return &ColumnError{File: file, Column: column, Reason: why.String(), Why: why}
}

func (e *ColumnError) Error() string {
	return fmt.Sprintf("%s column %q: %s", e.File, e.Column, e.Reason)
}

// OptionError is a --set value that is not valid for its field. It wraps ErrOption.
type OptionError struct {
	Field  string             // the field as given ("currency")
	Value  string             // the value as given
	Reason string             // why it is not valid, in English
	Why    logistics.Sentence // Reason as a phrase of Phrases with its values
}

func (e *OptionError) Error() string {
	return "--set " + e.Field + "=" + e.Value + ": " + e.Reason + ": " + ErrOption.Error()
}

func (e *OptionError) Unwrap() error { return ErrOption }

// ErrOption marks a bad import option: an unknown format or field name, or a --set
// value that is not valid for its field.
var ErrOption = errors.New("invalid import option")

// FileError is a file that cannot be read as a table at all: an old or
// password-protected workbook, a damaged one, one past the limits of an export (a
// zip bomb), binary data, or text in an encoding that cannot be told. Nothing of
// it is imported.
type FileError struct {
	File   string
	Reason string             // what the file is, for a person, in English
	Why    logistics.Sentence // Reason as a phrase of Phrases with its values
	Err    error              // the technical cause, when there is one (for a log, not a person)
}

func (e *FileError) Error() string { return e.File + ": " + e.Reason }

func (e *FileError) Unwrap() error { return e.Err }

// fileError is a FileError for phrase p with its values.
func fileError(file string, cause error, p phraseID, vals ...string) *FileError {
	why := say(p, vals...)
	return &FileError{File: file, Reason: why.String(), Why: why, Err: cause}
}

// table reads the header and rows of one CSV, TSV or XLSX file. Rows whose cells are
// all empty are skipped: they are not rows of the file.
type table struct {
	ctx          context.Context
	name         string
	header       []string
	headerLine   int
	kind         string // "csv", "tsv" or "xlsx"
	delim        rune
	decimalComma bool // ";" files write decimals with a comma

	// fault is why the row next returned last is rejected whatever its columns
	// mean (a limit, text that is not text, an open quote), nil for most rows; the
	// row's cells are then cut to be echoed.
	fault *rowFault

	// text files
	br *bufio.Reader
	cr *csvReader

	// xlsx
	xrows  *excelize.Rows
	xsheet string
	xline  int
	xlast  int // the sheet's last row, as its XML says
	next   func() ([]string, int, error)
	closer func() error
}

const sniffSize = 64 << 10

// openTable is openTableContext without a context.
func openTable(r io.Reader, name string) (*table, error) {
	return openTableContext(context.Background(), r, name)
}

// openTableContext sniffs the file: an XLSX workbook by its zip signature (first
// sheet), an old or encrypted workbook by its OLE signature, else text with an
// optional UTF-8 or UTF-16 byte-order mark, in UTF-8 or — when the first 64 KiB are
// not valid UTF-8 — Windows-1252; binary data and UTF-16 without a mark are refused
// as such. The delimiter is the most frequent of tab, ";" and "," in the header
// line. It reads the header; call body before rows. ctx stops the reading of a
// workbook and of the rows.
func openTableContext(ctx context.Context, r io.Reader, name string) (*table, error) {
	t := &table{ctx: ctx, name: name}
	br := bufio.NewReaderSize(r, sniffSize)
	head, _ := br.Peek(8)
	bom := false
	switch {
	case isZip(head):
		return t, t.openXLSX(br)
	case bytes.HasPrefix(head, oleSignature):
		return nil, oleError(ctx, br, name)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		br, bom = bufio.NewReaderSize(transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), sniffSize), true
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		br, bom = bufio.NewReaderSize(transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), sniffSize), true
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		if _, err := br.Discard(3); err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
	}
	sample, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if !bom {
		switch {
		case looksUTF16(sample):
			return nil, fileError(name, nil, rsUTF16)
		case looksBinary(sample):
			return nil, fileError(name, nil, rsBinary)
		}
	}
	if !utf8.Valid(completeRunes(sample)) {
		br = bufio.NewReaderSize(transform.NewReader(br, charmap.Windows1252.NewDecoder()), sniffSize)
		if sample, err = br.Peek(sniffSize); err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
	}
	t.br = br
	t.delim = sniffDelimiter(sample)
	t.decimalComma = t.delim == ';'
	t.kind = "csv"
	if t.delim == '\t' {
		t.kind = "tsv"
	}
	hr := csv.NewReader(bytes.NewReader(sample))
	hr.Comma, hr.FieldsPerRecord, hr.LazyQuotes = t.delim, -1, true
	for {
		rec, err := hr.Read()
		if err == io.EOF {
			return nil, fileError(name, nil, rsNoHeader)
		}
		if err != nil {
			return nil, fmt.Errorf("read %s header: %w", name, err)
		}
		if allEmpty(rec) {
			continue
		}
		t.headerLine, _ = hr.FieldPos(0)
		t.header = trimHeader(rec)
		break
	}
	if hr.InputOffset() >= int64(len(sample)) && len(sample) == sniffSize {
		return nil, fileError(name, nil, rsHeaderTooLong, byteSize(sniffSize))
	}
	if n := len(t.header); n > maxColumns {
		return nil, fileError(name, nil, rsHeaderTooWide, itoa(n))
	}
	return t, nil
}

// completeRunes cuts a possibly split UTF-8 sequence off the end of a sample.
func completeRunes(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// sniffDelimiter counts tabs, semicolons and commas outside quotes on the first
// non-blank line; ties prefer tab, then ";", then ",".
func sniffDelimiter(sample []byte) rune {
	counts := map[byte]int{}
	quoted, seen := false, false
	for _, c := range sample {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			if seen {
				break
			}
			continue
		}
		if c != '\r' && c != ' ' {
			seen = true
		}
		switch c {
		case '\t', ';', ',':
			counts[c]++
		}
	}
	best, n := ',', 0
	for _, c := range []byte{'\t', ';', ','} {
		if counts[c] > n {
			best, n = rune(c), counts[c]
		}
	}
	return best
}

func trimHeader(rec []string) []string {
	h := make([]string, len(rec))
	for i, s := range rec {
		h[i] = strings.TrimSpace(strings.TrimPrefix(s, "\uFEFF"))
	}
	return h
}

func allEmpty(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// body prepares reading the rows after the header. raw reads a TSV without quote
// handling, one row a line, the way Amazon writes its reports (a product name may
// start with a quote character that is not a CSV quote).
func (t *table) body(raw bool) error {
	if t.xrows != nil {
		return nil
	}
	t.cr = newCSVReader(t.br, byte(t.delim))
	read := t.cr.read
	if raw && t.delim == '\t' {
		read = t.cr.readRaw
	}
	for { // skip up to and including the header again
		rec, line, err := read()
		if err != nil {
			return fmt.Errorf("read %s: %w", t.name, err)
		}
		if line >= t.headerLine && !allEmpty(rec) {
			break
		}
	}
	t.next = func() ([]string, int, error) {
		for {
			rec, line, err := read()
			switch {
			case err == io.EOF:
				return nil, 0, io.EOF
			case err != nil:
				return nil, 0, fmt.Errorf("read %s: %w", t.name, err)
			case allEmpty(rec):
				continue
			}
			t.fault = nil
			if c := t.cr; c.dirty || c.long && c.cut.any() || c.size > maxCellChars || len(rec) > maxColumns {
				cut := &c.cut
				if !c.long {
					cut = nil
				}
				rec, t.fault = screen(rec, cut)
			}
			return rec, line, nil
		}
	}
	return nil
}

func (t *table) close() error {
	if t.closer != nil {
		c := t.closer
		t.closer = nil
		return c()
	}
	return nil
}

// headerIndex maps each header, lower-cased, to its first column.
func headerIndex(header []string) map[string]int {
	idx := make(map[string]int, len(header))
	for i, h := range header {
		k := strings.ToLower(h)
		if _, ok := idx[k]; !ok && k != "" {
			idx[k] = i
		}
	}
	return idx
}

// columnName is the header of column i, or "column N" past the header's end.
func columnName(header []string, i int) string {
	if i >= 0 && i < len(header) && header[i] != "" {
		return header[i]
	}
	return "column " + strconv.Itoa(i+1)
}

// WriteRejected writes rejected rows as CSV: the file's header and each row's original
// cells, then the columns line, column and reason. Rows are written as read (a reader
// of the rejected file who fixes a row can import it again), except that a cell a
// spreadsheet would run as a formula is written as text (SafeCell).
func WriteRejected(w io.Writer, header []string, rejected []RowError) error {
	return writeRejected(w, ',', header, rejected)
}

// WriteRejectedSemicolons is WriteRejected with cells separated by ";", as the
// file they came from (OrdersResult.Semicolons): the spreadsheet that wrote it opens
// its rejected rows the same way.
func WriteRejectedSemicolons(w io.Writer, header []string, rejected []RowError) error {
	return writeRejected(w, ';', header, rejected)
}

func writeRejected(w io.Writer, comma rune, header []string, rejected []RowError) error {
	width := len(header)
	for _, r := range rejected {
		width = max(width, len(r.Record))
	}
	cw := csv.NewWriter(w)
	cw.Comma = comma
	row := make([]string, 0, width+3)
	row = append(append(row, header...), make([]string, width-len(header))...)
	if err := cw.Write(safeRow(append(row, "line", "column", "reason"))); err != nil {
		return fmt.Errorf("write rejected rows: %w", err)
	}
	for _, r := range rejected {
		row = append(row[:0], r.Record...)
		row = append(row, make([]string, width-len(r.Record))...)
		row = append(row, strconv.Itoa(r.Line), r.Column, r.Reason)
		if err := cw.Write(safeRow(row)); err != nil {
			return fmt.Errorf("write rejected rows: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write rejected rows: %w", err)
	}
	return nil
}

// SafeCell is s as a CSV cell that no spreadsheet runs as a formula (CSV
// injection, as OWASP describes it): a cell starting with =, +, -, @, a tab or a
// carriage return gets a leading apostrophe, which spreadsheets read as "text".
// Every CSV file Shipmode writes passes its cells through it.
func SafeCell(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

func safeRow(row []string) []string {
	for i := range row {
		row[i] = SafeCell(row[i])
	}
	return row
}
