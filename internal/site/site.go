// Package site turns a validated dataset, content pages and a theme into
// the files of the static site. It decides every URL and what each page
// shows; templates decide how it looks; a Writer decides where bytes go.
package site

import (
	"fmt"
	"runtime"
	"sync"

	"creditsite/internal/config"
	"creditsite/internal/content"
	"creditsite/internal/model"
	"creditsite/internal/render"
)

// Writer receives the site's files. Name is a slash path relative to the
// site root ("enterprises/X/index.html"). It must be safe for concurrent use.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Input is everything a build reads.
type Input struct {
	Config *config.Config
	Data   *model.Dataset
	Pages  []*content.Page
	Theme  *render.Theme
	Today  model.Date // decides which certificates show as expired
	Built  string     // build time shown on pages when Config.Timestamps
	// SearchMeta returns search/meta.json, which the search page carries
	// so that a query needs no round trip for it; it may wait for the
	// index, built meanwhile. nil, or a nil result: the page carries none
	// and fetches meta.json.
	SearchMeta func() []byte
}

// Result counts what a build produced.
type Result struct {
	Pages int // HTML pages
	Files int // all files, pages included
	// Warnings are problems that did not stop the build, each one line
	// in Chinese for the person building, to be printed by the caller: no
	// sitemap for want of an absolute base URL, then Markdown links to
	// files the build did not write ("content/about.md:12: 警告：…"), by
	// file and line.
	Warnings []string `json:",omitempty"`
}

// job produces one or more files.
type job func(w Writer) (pages int, err error)

// Build renders the whole site into w. Pages are rendered in parallel;
// each file's bytes depend only on the input, so output is deterministic.
// The error is the first job's failure (a template, a file that cannot be
// read or written); problems that leave a usable site are Result.Warnings.
func Build(in *Input, w Writer) (*Result, error) {
	b := newBuilder(in)
	jobs := b.jobs()
	cw := &countingWriter{w: w, landed: linkFiles(in.Pages)}
	pages, err := runJobs(jobs, cw)
	if err != nil {
		return nil, err
	}
	warnings := append(b.warnings, brokenLinks(in.Pages, cw.landed)...)
	return &Result{Pages: pages, Files: cw.n, Warnings: warnings}, nil
}

// runJobs runs jobs on all cores and returns the first error.
func runJobs(jobs []job, w Writer) (int, error) {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		pages int
		first error
		next  = make(chan job)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				n, err := j(w)
				mu.Lock()
				pages += n
				if err != nil && first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	return pages, first
}

// countingWriter counts the files written and notes which of the files
// Markdown links land on were written: only those are remembered, so a
// site of a million files is checked without keeping every name.
type countingWriter struct {
	w      Writer
	mu     sync.Mutex
	n      int
	landed map[string]bool // file a link lands on → written
}

func (c *countingWriter) WriteFile(name string, data []byte) error {
	if err := c.w.WriteFile(name, data); err != nil {
		return fmt.Errorf("写入 %s 失败：%w", name, err)
	}
	c.mu.Lock()
	c.n++
	if _, ok := c.landed[name]; ok {
		c.landed[name] = true
	}
	c.mu.Unlock()
	return nil
}
