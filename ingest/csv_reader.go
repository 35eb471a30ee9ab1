package ingest

import (
	"bufio"
	"bytes"
	"io"
)

// csvReader reads records the way encoding/csv does with LazyQuotes and a variable
// number of fields (the differential test holds it to that), but splits a line that
// has no quote character without copying it field by field: most lines of a large
// export. It reports the line each record starts on.
type csvReader struct {
	br    *bufio.Reader
	delim byte
	line  int // lines read so far
	rec   []string
	buf   []byte // the record's cells, unquoted
	ends  []int  // end of each cell in buf
	long  []byte // a line longer than the bufio buffer
}

func newCSVReader(br *bufio.Reader, delim byte) *csvReader {
	return &csvReader{br: br, delim: delim}
}

// readLine returns the next line with "\r\n" normalised to "\n" (a final line may
// have no "\n"); the slice is valid until the next call.
func (r *csvReader) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.long = append(r.long[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = r.br.ReadSlice('\n')
			r.long = append(r.long, line...)
		}
		line = r.long
	}
	if len(line) > 0 && err == io.EOF {
		err = nil
		if line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
	}
	r.line++
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// read returns the next record and its first line; io.EOF at the end. The record
// is reused by the next call; its strings are not.
func (r *csvReader) read() ([]string, int, error) {
	var line []byte
	var err error
	for err == nil { // skip empty lines
		line, err = r.readLine()
		if err == nil && len(line) == lengthNL(line) {
			line = nil
			continue
		}
		break
	}
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	if err != nil {
		return nil, 0, err
	}
	start := r.line
	if bytes.IndexByte(line, '"') < 0 { // fast path: split the line as it is
		s := string(line[:len(line)-lengthNL(line)])
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
		return rec, start, nil
	}
	r.buf, r.ends = r.buf[:0], r.ends[:0]
	var errRead error
parseField:
	for {
		if len(line) == 0 || line[0] != '"' { // unquoted cell: up to the delimiter
			i := bytes.IndexByte(line, r.delim)
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			r.buf = append(r.buf, field...)
			r.ends = append(r.ends, len(r.buf))
			if i >= 0 {
				line = line[i+1:]
				continue parseField
			}
			break parseField
		}
		line = line[1:] // quoted cell
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				r.buf = append(r.buf, line[:i]...)
				line = line[i+1:]
				switch {
				case len(line) > 0 && line[0] == '"': // "" is a quote
					r.buf = append(r.buf, '"')
					line = line[1:]
				case len(line) > 0 && line[0] == r.delim: // end of cell
					line = line[1:]
					r.ends = append(r.ends, len(r.buf))
					continue parseField
				case lengthNL(line) == len(line): // end of record
					r.ends = append(r.ends, len(r.buf))
					break parseField
				default: // a bare quote stays (lazy quotes)
					r.buf = append(r.buf, '"')
				}
			case len(line) > 0: // the cell goes on over the line break
				r.buf = append(r.buf, line...)
				line, errRead = r.readLine()
				if errRead == io.EOF {
					errRead = nil
				} else if errRead != nil {
					return nil, 0, errRead
				}
			default: // the file ends inside the quotes
				r.ends = append(r.ends, len(r.buf))
				break parseField
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
		line, err := r.readLine()
		if err != nil {
			return nil, 0, err
		}
		if len(line) == lengthNL(line) {
			continue
		}
		s := string(line[:len(line)-lengthNL(line)])
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
		return rec, r.line, nil
	}
}
