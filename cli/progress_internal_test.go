package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestProgressBar: no bar off a terminal; on one, a line redrawn in place only when
// the share changes, cleared at the end.
func TestProgressBar(t *testing.T) {
	if b := newProgressBar(&bytes.Buffer{}, "weighing", "pairs"); b != nil || b.progress() != nil {
		t.Error("a buffer got a progress bar")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if terminal(f) {
		t.Error("a regular file counts as a terminal")
	}
	var out bytes.Buffer
	b := &progressBar{w: &out, label: "weighing", unit: "pairs", last: -1}
	p := b.progress()
	p(0, 4)
	p(0, 4) // the same share: not drawn again
	p(2, 4)
	p(4, 4)
	b.done()
	want := "\rweighing [..............................]   0%  0/4 pairs" +
		"\rweighing [###############...............]  50%  2/4 pairs" +
		"\rweighing [##############################] 100%  4/4 pairs" +
		"\r\033[K"
	if got := out.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	var nilBar *progressBar
	nilBar.done() // no bar: nothing to clear
	if strings.Contains(out.String(), "\n") {
		t.Error("the bar wrote a new line")
	}
}
