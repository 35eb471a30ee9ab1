package ops

import (
	"slices"
	"strings"
	"testing"

	"shipmode/demo"
	"shipmode/ingest"
)

// TestMovedRowsReadBack: every sheet of the demo rate book with its last row moved
// to the top — each cell of the moved rows rewritten as the text the screen shows —
// reads back as the same rows: the cells' text round-trips through the reader.
func TestMovedRowsReadBack(t *testing.T) {
	rb := demo.RateBook()
	sheets, err := Sheets(rb)
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range sheets {
		if len(sh.Rows) < 3 {
			continue
		}
		old := sh.Rows
		last := old[len(old)-1]
		moved := slices.Concat(old[:1], [][]string{last}, old[1:len(old)-1])
		edited, err := ApplyEdits(rb, cellChanges(sh.Name, old, moved))
		if err != nil {
			t.Errorf("%s: %v", sh.Name, err)
			continue
		}
		back, err := Sheets(edited)
		if err != nil {
			t.Fatal(err)
		}
		got := rowTexts(back, sh.Name)
		want := rowTexts(sheets, sh.Name)
		if !slices.Equal(got, want) {
			t.Errorf("%s: rows read back\n%q\nwant\n%q", sh.Name, got, want)
		}
	}
}

// rowTexts is a sheet's rows under the header, each as one line, sorted.
func rowTexts(sheets []ingest.Sheet, name string) []string {
	var out []string
	for _, sh := range sheets {
		if sh.Name == name {
			for _, r := range sh.Rows[1:] {
				out = append(out, strings.Join(r, "\t"))
			}
		}
	}
	slices.Sort(out)
	return out
}
