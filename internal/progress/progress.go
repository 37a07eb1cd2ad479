// Package progress tells staff what a long build or report is doing: a
// redrawn progress bar on a terminal, plain lines in CI logs and pipes.
//
// A nil *Progress is valid and prints nothing, so library code can take
// one without callers having to care.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// Progress reports steps, each with an optional known total.
type Progress struct {
	w     io.Writer
	bar   bool
	label string
	total int
	done  int
	drawn time.Time // last redraw, to keep terminals from flickering
}

// New reports to w, with a bar when w is a terminal and the CI variable is
// not set.
func New(w io.Writer) *Progress {
	f, ok := w.(*os.File)
	bar := ok && term.IsTerminal(int(f.Fd())) && os.Getenv("CI") == ""
	return &Progress{w: w, bar: bar}
}

// NewPlain reports to w in plain lines whatever w is.
func NewPlain(w io.Writer) *Progress { return &Progress{w: w} }

// Start begins a step. total is the number of items expected, or 0 when
// unknown.
func (p *Progress) Start(label string, total int) {
	if p == nil {
		return
	}
	p.label, p.total, p.done = label, total, 0
	if p.bar {
		p.draw()
		return
	}
	if total > 0 {
		fmt.Fprintf(p.w, "%s（共 %d 项）…\n", label, total)
	} else {
		fmt.Fprintf(p.w, "%s…\n", label)
	}
}

// Add counts n more items of the current step done.
func (p *Progress) Add(n int) {
	if p == nil {
		return
	}
	p.done += n
	if p.bar && (time.Since(p.drawn) > 100*time.Millisecond || p.done == p.total) {
		p.draw()
	}
}

// Done ends the current step with a one-line result such as "写出 12 个文件".
func (p *Progress) Done(result string) {
	if p == nil {
		return
	}
	if p.bar {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "%s：%s\n", p.label, result)
	p.label, p.total, p.done = "", 0, 0
}

// Printf writes one message line, outside of any bar.
func (p *Progress) Printf(format string, args ...any) {
	if p == nil {
		return
	}
	if p.bar && p.label != "" {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, format+"\n", args...)
	if p.bar && p.label != "" {
		p.draw()
	}
}

const width = 30

func (p *Progress) draw() {
	p.drawn = time.Now()
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\r\033[K%s… %d", p.label, p.done)
		return
	}
	filled := min(width*p.done/p.total, width)
	fmt.Fprintf(p.w, "\r\033[K%s [%s%s] %d/%d", p.label,
		strings.Repeat("#", filled), strings.Repeat("-", width-filled), p.done, p.total)
}
