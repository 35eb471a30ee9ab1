package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

// csvRecords reads every record with encoding/csv as the importer once configured it.
func stdRecords(data []byte, delim rune) []string {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes = delim, -1, true
	var out []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			return append(out, "error: "+err.Error())
		}
		line, _ := cr.FieldPos(0)
		out = append(out, fmt.Sprintf("%d %q", line, rec))
	}
}

func ownRecords(data []byte, delim rune) []string {
	r := newCSVReader(bufio.NewReaderSize(bytes.NewReader(data), 16), byte(delim))
	var out []string
	for {
		rec, line, err := r.read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			return append(out, "error: "+err.Error())
		}
		out = append(out, fmt.Sprintf("%d %q", line, rec))
	}
}

func TestCSVReaderMatchesEncodingCSV(t *testing.T) {
	tests := []string{
		"a,b,c\n1,2,3\n",
		"a,b\r\n1,2\r\n\r\n\n3,4",
		"a,\"b\nc\",d\ne,f\n",
		"\"a\"\"b\",c\n",
		"a,5\" tall,b\n",
		"\"unterminated,x\ny,z\n",
		"\"a\"b,c\n",
		"\"a\",\"\"\n,\n",
		"x\ry,z\n",
		"last\r",
		strings.Repeat("long,", 40) + "\n",
	}
	for _, in := range tests {
		for _, d := range []rune{',', ';', '\t'} {
			want, got := stdRecords([]byte(in), d), ownRecords([]byte(in), d)
			if !slices.Equal(got, want) {
				t.Errorf("%q with %q:\ngot  %q\nwant %q", in, d, got, want)
			}
		}
	}
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a,\"b\nc\",d\r\n", "\"a\"\"b\",\"c\"x,d\n\n", "a\tb\n\"1\t2\"\t3"} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, d uint8) {
		delim := []rune{',', ';', '\t'}[d%3]
		want, got := stdRecords(data, delim), ownRecords(data, delim)
		if !slices.Equal(got, want) {
			t.Errorf("%q with %q:\ngot  %q\nwant %q", data, delim, got, want)
		}
	})
}
