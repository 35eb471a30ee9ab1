package ingest

import (
	"reflect"
	"testing"
)

func TestRateBookBlock(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       [][]string
	}{
		{"Excel on Windows, two rows of three cells", "A\t1\t2.5\r\nB\t\t3\r\n", [][]string{{"A", "1", "2.5"}, {"B", "", "3"}}},
		{"no line break after the last row", "A\t1", [][]string{{"A", "1"}}},
		{"a quoted cell with a tab, a line break and a quote", "\"x\ty\nz \"\"q\"\"\"\t2\n", [][]string{{"x\ty\nz \"q\"", "2"}}},
		{"one cell", "42\n", [][]string{{"42"}}},
		{"nothing", "", nil},
	} {
		got, err := RateBookBlock(c.text)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
