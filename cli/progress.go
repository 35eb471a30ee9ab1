package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"shipmode/ops"
)

// terminal reports whether w is a terminal (a character device), where a progress
// bar may redraw itself; a pipe or a file gets no bar.
func terminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressBar draws the progress of an operation on w, one line redrawn in place
// ("label [#####.....]  50%  12/24 unit"), when w is a terminal; else it is nil (no
// bar). done clears the line.
type progressBar struct {
	w           io.Writer
	label, unit string
	mu          sync.Mutex
	last        int // the last drawn share in per mille; -1 before the first
	drawn       bool
}

const barWidth = 30

func newProgressBar(w io.Writer, label, unit string) *progressBar {
	if !terminal(w) {
		return nil
	}
	return &progressBar{w: w, label: label, unit: unit, last: -1}
}

// progress is the bar as an ops.Progress (nil without a bar).
func (b *progressBar) progress() ops.Progress {
	if b == nil {
		return nil
	}
	return b.draw
}

func (b *progressBar) draw(done, total int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if total <= 0 {
		return
	}
	share := int(min(1000, done*1000/total))
	if share == b.last {
		return
	}
	b.last = share
	b.drawn = true
	fill := share * barWidth / 1000
	fmt.Fprintf(b.w, "\r%s [%s%s] %3d%%  %d/%d %s", b.label,
		strings.Repeat("#", fill), strings.Repeat(".", barWidth-fill), share/10, done, total, b.unit)
}

// done clears the bar's line.
func (b *progressBar) done() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn {
		fmt.Fprint(b.w, "\r\033[K")
	}
}
