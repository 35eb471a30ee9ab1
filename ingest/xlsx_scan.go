package ingest

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScan reads a part's XML a megabyte at a time, as excelize's decoder will read
// it, without decoding it: it checks its text (what the decoder refuses — a control
// character, bytes that are not UTF-8 — makes excelize stop reading in silence) and
// hands the start tags and end tags named in want to tag. It is a scanner for the
// checks before excelize, not a parser: comments and CDATA are skipped, names are
// compared without their prefix.
type xmlScan struct {
	ctx   context.Context
	r     io.Reader
	buf   []byte
	start int // buf[start:end] is not read yet
	end   int
	off   int64 // offset in the part of buf[0]
	eof   bool
	text  bool // check the text
	want  []string
}

// xmlTag is a tag of interest: its local name, whether it closes, the bytes that
// follow its '<' (at least to its '>' unless the part ends first or the tag is
// longer than xmlTagMax), and its offset in the part.
type xmlTag struct {
	name    string
	closing bool
	rest    []byte
	off     int64
}

const xmlTagMax = 4096

// xmlCellTag marks the letters of the one-letter tags in a sheet's cells: c, v, f,
// t (and the rich-text run r, which is no row).
var xmlCellTag = [256]bool{'c': true, 'v': true, 'f': true, 't': true, 'r': true}

var errBadText = errors.New("not text")

// run reads the part to its end, or until tag returns an error or stop.
func (x *xmlScan) run(tag func(xmlTag) (stop bool, err error)) error {
	x.buf = make([]byte, 1<<20)
	check := int64(0)
	for {
		if x.off+int64(x.start) >= check {
			if err := x.ctx.Err(); err != nil {
				return err
			}
			check = x.off + int64(x.start) + 4<<20
		}
		b := x.buf[x.start:x.end]
		i := bytes.IndexByte(b, '<')
		if i < 0 || len(b)-i < xmlTagMax && !x.eof { // text to the end of what is read: read more
			keep := 0
			if i >= 0 {
				keep = len(b) - i
			} else if !x.eof {
				keep = len(b) - len(completeRunes(b))
			}
			if x.text && !xmlText(b[:len(b)-keep]) {
				return errBadText
			}
			x.start = x.end - keep
			if x.eof {
				return io.EOF
			}
			if err := x.fill(); err != nil {
				return err
			}
			continue
		}
		if x.text && !xmlText(b[:i]) {
			return errBadText
		}
		x.start += i + 1
		rest := b[i+1:]
		if len(rest) >= 2 && xmlCellTag[rest[0]] && (rest[1] == '>' || rest[1] == ' ' || rest[1] == '/') ||
			len(rest) >= 3 && rest[0] == '/' && xmlCellTag[rest[1]] && rest[2] == '>' {
			continue // <c …>, <v>, </c>, </v>: most tags of a sheet, none of interest
		}
		switch {
		case len(rest) == 0 || rest[0] != '!':
		case bytes.HasPrefix(rest, []byte("!--")):
			if err := x.skipPast("-->"); err != nil {
				return err
			}
			continue
		case bytes.HasPrefix(rest, []byte("![CDATA[")):
			if err := x.skipPast("]]>"); err != nil {
				return err
			}
			continue
		}
		name, closing := xmlTagName(rest)
		for _, w := range x.want {
			if len(name) == len(w) && string(name) == w {
				if i := bytes.IndexByte(rest, '>'); i >= 0 {
					rest = rest[:i+1]
				}
				stop, err := tag(xmlTag{name: w, closing: closing, rest: rest[:min(len(rest), xmlTagMax)], off: x.off + int64(x.start) - 1})
				if stop || err != nil {
					return err
				}
				break
			}
		}
	}
}

// fill moves what is not read yet to the front of the buffer and reads after it to
// the buffer's end, or the part's.
func (x *xmlScan) fill() error {
	n := copy(x.buf, x.buf[x.start:x.end])
	x.off += int64(x.start)
	x.start, x.end = 0, n
	m, err := io.ReadFull(x.r, x.buf[n:])
	x.end += m
	switch err {
	case nil:
	case io.EOF, io.ErrUnexpectedEOF:
		x.eof = true
	default:
		return err
	}
	return nil
}

// skipPast reads past the next end.
func (x *xmlScan) skipPast(end string) error {
	for {
		b := x.buf[x.start:x.end]
		if i := bytes.Index(b, []byte(end)); i >= 0 {
			x.start += i + len(end)
			return nil
		}
		if x.eof {
			return io.EOF
		}
		x.start = x.end - min(len(b), len(end)-1)
		if err := x.fill(); err != nil {
			return err
		}
	}
}

// xmlTagName is the local name of the tag that b starts (after its '<') and
// whether it is an end tag.
func xmlTagName(b []byte) (local []byte, closing bool) {
	if len(b) > 0 && b[0] == '/' {
		b, closing = b[1:], true
	}
	if len(b) >= 2 && (b[1] == '>' || b[1] == ' ' || b[1] == '/') { // <c ...>, <v>: most tags of a sheet
		return b[:1], closing
	}
	start, end := 0, 0
	for end < len(b) {
		c := b[end]
		if c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r' {
			break
		}
		if c == ':' {
			start = end + 1
		}
		end++
	}
	return b[start:end], closing
}

// xmlSelfClosing reports whether a tag ends with "/>".
func xmlSelfClosing(rest []byte) bool {
	i := bytes.IndexByte(rest, '>')
	return i > 0 && rest[i-1] == '/'
}

// xmlRowNumber is the r attribute of a row tag, 0 when it has none (or not a
// number), as excelize reads it (any prefix).
func xmlRowNumber(rest []byte) int {
	if i := bytes.IndexByte(rest, '>'); i >= 0 {
		rest = rest[:i]
	}
	for i := 1; i+2 < len(rest); i++ {
		if rest[i] != 'r' || rest[i+1] != '=' || !(isXMLSpace(rest[i-1]) || rest[i-1] == ':') {
			continue
		}
		q := rest[i+2]
		v := rest[i+3:]
		j := bytes.IndexByte(v, q)
		if q != '"' && q != '\'' || j < 0 {
			return 0
		}
		n, err := strconv.Atoi(string(v[:j]))
		if err != nil {
			return 0
		}
		return n
	}
	return 0
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// xmlText reports whether b is text that XML allows: UTF-8 without control
// characters other than tab, line feed and carriage return. It tests eight bytes at
// a time, and looks closer only at words that hold such a byte or one past ASCII.
func xmlText(b []byte) bool {
	const sp, hi = 0x2020202020202020, 0x8080808080808080
	i := 0
	for i < len(b) {
		if i+8 <= len(b) {
			if x := binary.LittleEndian.Uint64(b[i:]); (x|(x-sp)&^x)&hi == 0 {
				i += 8
				continue
			}
		}
		switch c := b[i]; {
		case c >= 0x80:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				return false
			}
			i += n
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return false
		default:
			i++
		}
	}
	return true
}

// scanSheet reads a worksheet's XML up to the end of its rows, as excelize's Rows
// will, to find what excelize would pass over in silence or could not be stopped
// in: a control character or bytes that are not UTF-8 (excelize stops reading at
// them, without an error), more rows than a sheet has, or a row whose XML is larger
// than a row can need. It returns the number of the last row (excelize's count:
// a row's r attribute, else the one before plus one).
func scanSheet(ctx context.Context, r io.Reader, file, sheet string) (int, error) {
	x := &xmlScan{ctx: ctx, r: r, text: true, want: []string{"row", "sheetData"}}
	var rowAt int64 // where the current row (or the sheet) began
	row, last, inData, done := 0, 0, false, false
	err := x.run(func(t xmlTag) (bool, error) {
		if t.off-rowAt > xlsxMaxRowXML {
			return true, fileError(file, nil, rsSheetRowTooLarge, itoa(max(row, 1)), sheet, byteSize(xlsxMaxRowXML))
		}
		switch {
		case t.name == "sheetData" && t.closing:
			done = true
			return true, nil
		case t.name == "sheetData":
			inData, rowAt = true, t.off
			if xmlSelfClosing(t.rest) {
				done = true
				return true, nil
			}
		case t.name == "row" && !t.closing && inData:
			n := xmlRowNumber(t.rest)
			if n <= 0 {
				n = row + 1
			}
			if row = n; row > xlsxMaxRows {
				return true, fileError(file, nil, rsTooManyRows, sheet)
			}
			last, rowAt = max(last, row), t.off
		}
		return false, nil
	})
	var fe *FileError
	switch {
	case errors.As(err, &fe):
		return 0, err
	case err == errBadText:
		return 0, fileError(file, nil, rsSheetNotText, itoa(max(row, 1)), sheet)
	case err == io.EOF && inData && !done:
		return 0, fileError(file, nil, rsSheetCut, sheet, itoa(last))
	case err == io.EOF:
		if x.off+int64(x.end)-rowAt > xlsxMaxRowXML {
			return 0, fileError(file, nil, rsSheetRowTooLarge, itoa(max(row, 1)), sheet, byteSize(xlsxMaxRowXML))
		}
		return last, nil
	case err != nil && ctx.Err() != nil:
		return 0, ctx.Err()
	case err != nil:
		return 0, fileError(file, err, rsDamagedXLSX)
	}
	return last, nil
}

// countStrings counts the texts of a shared-strings part, up to xlsxMaxStrings.
func countStrings(ctx context.Context, r io.Reader, file string) error {
	x := &xmlScan{ctx: ctx, r: r, want: []string{"si"}}
	n := 0
	err := x.run(func(t xmlTag) (bool, error) {
		if !t.closing {
			if n++; n > xlsxMaxStrings {
				return true, fileError(file, nil, rsTooManyStrings, itoa(xlsxMaxStrings))
			}
		}
		return false, nil
	})
	switch {
	case err == nil, err == io.EOF:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	}
	var fe *FileError
	if errors.As(err, &fe) {
		return err
	}
	return fileError(file, err, rsDamagedXLSX)
}
