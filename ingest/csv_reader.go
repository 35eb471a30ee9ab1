package ingest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"unicode/utf8"
)

// Limits of one row, whatever the file: Excel's own on a cell and on the columns of
// a sheet, and a sane one on the bytes of a row. A row past them is rejected, and
// its echo in the rejected-rows file is cut to them (the reason says so); however
// long its line, the reader keeps no more of a row than that in memory.
const (
	maxCellChars = 32767            // characters of a cell, counted as Excel counts them (UTF-16 code units)
	maxColumns   = 16384            // cells of a row: Excel's last column is XFD
	maxRowBytes  = 1 << 20          // bytes of text in the cells of a row
	cellKeep     = 4 * maxCellChars // bytes of a cell kept while reading: maxCellChars characters of any script
)

// csvReader reads records the way encoding/csv does with LazyQuotes and a variable
// number of fields (the differential test holds it to that), but splits a line that
// has no quote character without copying it field by field: most lines of a large
// export. It reports the line each record starts on. A line longer than the buffer
// is read a bufferful at a time, keeping the cells within the limits above; cut
// says what was left out.
type csvReader struct {
	br    *bufio.Reader
	delim byte
	line  int // lines started so far
	rec   []string
	buf   []byte // the record's cells, unquoted
	ends  []int  // end of each cell in buf

	// reading a line a piece at a time
	mid      bool   // the last piece ended inside its line
	cr       bool   // a '\r' held back from the end of the last piece: "\r\n" or a '\r' of a cell
	stash    []byte // a piece read behind such a '\r', returned next
	stashMid bool

	// the cell being read
	cells     int // cells started, counting those past maxColumns
	cellStart int // its start in buf
	room      int // buf may grow to this length while it is read
	quoted    bool
	quoteLine int

	// the last record, beyond its cells
	size  int64 // bytes read for it
	dirty bool  // a cell holds a NUL or bytes that are not UTF-8
	long  bool  // it was read by readLong: cut says what its cells lack
	cut   cut
}

// cut says what a record's cells lack of what the file holds.
type cut struct {
	col      int   // first cell kept short (cellKeep, or the row's maxRowBytes spent); -1: none
	colBytes int64 // that cell's length in the file, in bytes
	rowFull  bool  // the row's budget cut it, not the cell's
	quoteCol int   // the first quoted cell over several lines that is too long (or cut); -1: none
	quote    int   // the line its quote opens on
	lines    int   // and the lines it spans
	cells    int   // cells of the record when more than maxColumns (those past it are dropped)
	size     int64 // bytes of the record in the file, when its reading left something out
	openLine int   // the file ends inside the quoted cell openCol, opened on this line; 0: no
	openCol  int
}

func (c *cut) any() bool { return c.col >= 0 || c.cells > 0 || c.openLine > 0 }

// noCut is a record read whole.
var noCut = cut{col: -1, quoteCol: -1}

func newCSVReader(br *bufio.Reader, delim byte) *csvReader {
	return &csvReader{br: br, delim: delim}
}

var crPiece = []byte{'\r'}

// piece returns the next piece of the file: a line with its "\n" ("\r\n" read as
// "\n"), the last line without one (a final '\r' dropped, as encoding/csv does), or,
// of a line longer than the buffer, its next bufferful (r.mid is then true). It
// counts lines; the slice is valid until the next call; io.EOF at the end.
func (r *csvReader) piece() ([]byte, error) {
	if r.stash != nil || r.cr || r.mid {
		return r.pieceOn()
	}
	r.line++
	p, err := r.br.ReadSlice('\n')
	if err != nil {
		return r.pieceEnd(p, err, false)
	}
	if n := len(p); n >= 2 && p[n-2] == '\r' {
		p[n-2] = '\n'
		p = p[:n-1]
	}
	return p, nil
}

// pieceOn is piece inside a line: after a bufferful, or a '\r' held back.
func (r *csvReader) pieceOn() ([]byte, error) {
	if r.stash != nil {
		p := r.stash
		r.stash, r.mid = nil, r.stashMid
		return p, nil
	}
	if !r.mid {
		r.line++
	}
	held := r.cr
	r.cr = false
	p, err := r.br.ReadSlice('\n')
	if err == nil {
		if n := len(p); n >= 2 && p[n-2] == '\r' {
			p[n-2] = '\n'
			p = p[:n-1]
		}
	}
	return r.pieceEnd(p, err, held)
}

// pieceEnd finishes piece for what ReadSlice returned: a bufferful, the end of
// the file, a line after a held '\r'.
func (r *csvReader) pieceEnd(p []byte, err error, held bool) ([]byte, error) {
	mid := false
	switch {
	case err == bufio.ErrBufferFull:
		mid, err = true, nil
		if n := len(p); p[n-1] == '\r' { // perhaps "\r\n": the next piece tells
			p, r.cr = p[:n-1], true
		}
	case err == io.EOF:
		if n := len(p); n > 0 {
			err = nil
			if p[n-1] == '\r' { // the last line
				p = p[:n-1]
			}
		}
	case err != nil:
		return nil, err
	}
	if held {
		switch {
		case err == io.EOF: // a final '\r' is dropped
			r.mid = false
			return nil, io.EOF
		case len(p) > 0 && p[0] == '\n': // "\r\n" across two pieces
		default: // a '\r' of the line: it comes first
			r.mid = true
			if len(p) > 0 {
				r.stash, r.stashMid = p, mid
			} else {
				r.mid = mid
			}
			return crPiece, nil
		}
	}
	r.mid = mid
	return p, err
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// read returns the next record and its first line; io.EOF at the end. The record
// is reused by the next call; its strings are not. r.dirty, r.size and r.cut
// describe it.
func (r *csvReader) read() ([]string, int, error) {
	var line []byte
	for { // skip empty lines
		var err error
		if line, err = r.piece(); err != nil {
			return nil, 0, err
		}
		if r.mid || len(line) > lengthNL(line) {
			break
		}
	}
	start := r.line
	if !r.mid && bytes.IndexByte(line, '"') < 0 { // fast path: split the line as it is
		r.split(line)
		return r.rec, start, nil
	}
	return r.readLong(line, start, false)
}

// split cuts a whole line without quotes into its cells.
func (r *csvReader) split(line []byte) {
	r.size, r.long = int64(len(line)), false
	body := line[:len(line)-lengthNL(line)]
	r.dirty = !plainText(body) && (bytes.IndexByte(body, 0) >= 0 || !utf8.Valid(body))
	s := string(body)
	rec := r.rec[:0]
	for {
		i := indexByteString(s, r.delim)
		if i < 0 {
			rec = append(rec, s)
			break
		}
		rec = append(rec, s[:i])
		s = s[i+1:]
	}
	r.rec = rec
}

// where a record's reading is
const (
	atCell   = iota // the start of a cell
	inPlain         // an unquoted cell
	inQuoted        // a quoted cell
	atQuote         // just after a quote in a quoted cell
)

// readLong reads a record piece by piece from its first piece p: one with quotes,
// or a line longer than the buffer. raw reads no quotes (readRaw).
func (r *csvReader) readLong(p []byte, start int, raw bool) ([]string, int, error) {
	r.buf, r.ends, r.cells = r.buf[:0], r.ends[:0], 0
	r.size, r.dirty, r.long, r.cut = 0, false, true, noCut
	state := atCell
	for {
		r.size += int64(len(p))
		for len(p) > 0 {
			switch state {
			case atCell:
				r.startCell()
				state = inPlain
				if p[0] == '"' && !raw {
					state, r.quoted, r.quoteLine = inQuoted, true, r.line
					p = p[1:]
				}
			case inPlain:
				if i := bytes.IndexByte(p, r.delim); i >= 0 {
					r.keep(p[:i])
					r.endCell()
					p, state = p[i+1:], atCell
					continue
				}
				if n := len(p); p[n-1] == '\n' {
					r.keep(p[:n-1])
					r.endCell()
					return r.record(start)
				}
				r.keep(p)
				p = nil
			case inQuoted:
				i := bytes.IndexByte(p, '"')
				if i < 0 { // the cell goes on (over the line break)
					r.keep(p)
					p = nil
					continue
				}
				r.keep(p[:i])
				p, state = p[i+1:], atQuote
			case atQuote:
				switch p[0] {
				case '"': // "" is a quote
					r.keep(p[:1])
					p, state = p[1:], inQuoted
				case r.delim: // end of cell
					r.endCell()
					p, state = p[1:], atCell
				case '\n': // end of record
					r.endCell()
					return r.record(start)
				default: // a bare quote stays (lazy quotes)
					r.keep(quoteByte)
					state = inQuoted
				}
			}
		}
		next, err := r.piece()
		switch {
		case err == io.EOF:
			if state == inQuoted { // the file ends inside the quotes
				r.cut.openLine, r.cut.openCol = r.quoteLine, r.cells
			}
			if state == atCell {
				r.startCell()
			}
			r.endCell()
			return r.record(start)
		case err != nil:
			return nil, 0, err
		}
		p = next
	}
}

var quoteByte = []byte{'"'}

// startCell begins a cell at the end of buf.
func (r *csvReader) startCell() {
	r.cellStart, r.quoted = len(r.buf), false
	r.room = min(r.cellStart+cellKeep, maxRowBytes)
	if r.cells >= maxColumns {
		r.room = r.cellStart
	}
}

// keep adds b to the cell being read, as far as the limits allow.
func (r *csvReader) keep(b []byte) {
	if len(r.buf)+len(b) > r.room {
		r.keepCut(b)
		return
	}
	r.buf = append(r.buf, b...)
}

// keepCut is keep past a limit (not inlined: keep is, in the loops).
//
//go:noinline
func (r *csvReader) keepCut(b []byte) {
	n := max(r.room-len(r.buf), 0)
	r.buf = append(r.buf, b[:n]...)
	if r.cut.col < 0 && r.cells < maxColumns {
		r.cut.col, r.cut.rowFull = r.cells, r.room < r.cellStart+cellKeep
		r.cut.colBytes = int64(len(r.buf) - r.cellStart)
	}
	if r.cut.col == r.cells {
		r.cut.colBytes += int64(len(b) - n)
	}
}

func (r *csvReader) endCell() {
	if r.cells < maxColumns {
		r.ends = append(r.ends, len(r.buf))
	}
	if r.quoted && r.line > r.quoteLine && r.cut.quoteCol < 0 && (r.cut.col == r.cells || len(r.buf)-r.cellStart > maxCellChars) {
		r.cut.quoteCol, r.cut.quote, r.cut.lines = r.cells, r.quoteLine, r.line-r.quoteLine+1
	}
	r.cells++
}

// record makes the cells read by readLong the record.
func (r *csvReader) record(start int) ([]string, int, error) {
	if r.cells > maxColumns {
		r.cut.cells = r.cells
	}
	r.cut.size = r.size
	if !plainText(r.buf) {
		// cells are text when the whole is and no cell ends inside a character
		r.dirty = bytes.IndexByte(r.buf, 0) >= 0 || !utf8.Valid(r.buf)
		for _, e := range r.ends {
			if e < len(r.buf) && !utf8.RuneStart(r.buf[e]) {
				r.dirty = true
			}
		}
	}
	s := string(r.buf)
	rec := r.rec[:0]
	prev := 0
	for _, e := range r.ends {
		rec = append(rec, s[prev:e])
		prev = e
	}
	r.rec = rec
	return rec, start, nil
}

// plainText reports whether b is ASCII without NUL, sixteen bytes at a time: most
// lines, which need no closer look.
func plainText(b []byte) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+16 <= len(b); i += 16 {
		x, y := binary.LittleEndian.Uint64(b[i:]), binary.LittleEndian.Uint64(b[i+8:])
		if (x|y|(x-lo)&^x|(y-lo)&^y)&hi != 0 {
			return false
		}
	}
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		if (x|(x-lo)&^x)&hi != 0 {
			return false
		}
	}
	if i < len(b) && len(b) >= 8 { // the last eight bytes, again in part
		x := binary.LittleEndian.Uint64(b[len(b)-8:])
		return (x|(x-lo)&^x)&hi == 0
	}
	for ; i < len(b); i++ {
		if b[i] == 0 || b[i] >= 0x80 {
			return false
		}
	}
	return true
}

func indexByteString(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// readRaw returns the next non-empty line split on the delimiter, with no quote
// handling (Amazon's reports), and its line.
func (r *csvReader) readRaw() ([]string, int, error) {
	for {
		line, err := r.piece()
		if err != nil {
			return nil, 0, err
		}
		if r.mid {
			return r.readLong(line, r.line, true)
		}
		if len(line) == lengthNL(line) {
			continue
		}
		r.split(line)
		return r.rec, r.line, nil
	}
}
