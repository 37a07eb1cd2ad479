// Package content reads the Markdown pages under content/: YAML front
// matter (title, date, weight, draft) and a goldmark body with GFM tables
// and the CJK extension. Root-absolute links in a body are made relative
// to the page, and links into the site are kept for the build to check
// (see Link).
package content

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"gopkg.in/yaml.v3"

	"creditsite/internal/srcfile"
)

// Page is one Markdown file.
type Page struct {
	Path   string // slash path under content/ without .md, e.g. "about" or "notices/2018-26"
	File   string // path on disk, for messages
	Title  string
	Date   time.Time // zero when not given
	Weight int
	Draft  bool
	Body   template.HTML // root-absolute links made relative to Dir
	Links  []Link        // links and images into the site, for the build to check
}

// Dir returns the site folder the page is published at and its links are
// relative to: "about/", "notices/2018-26/"; a section's _index page
// describes the section's own folder ("notices/", "" at the top).
func (p *Page) Dir() string {
	if path.Base(p.Path) == "_index" {
		if sec := p.Section(); sec != "" {
			return sec + "/"
		}
		return ""
	}
	return p.Path + "/"
}

// Section returns the folder of the page ("" for top-level pages).
func (p *Page) Section() string {
	if i := strings.LastIndexByte(p.Path, '/'); i >= 0 {
		return p.Path[:i]
	}
	return ""
}

type frontMatter struct {
	Title  string `yaml:"title"`
	Date   string `yaml:"date"`
	Weight int    `yaml:"weight"`
	Draft  bool   `yaml:"draft"`
}

// Load reads every .md file under dir (a missing dir means no pages) and
// returns the non-draft pages sorted by section, weight, newest date, path.
//
// Every file is read only as a regular file inside dir (see srcfile). A
// link or special file anywhere under content/, whatever its name, fails
// the load with a message naming it: it could stand for a page or a folder
// of pages, and publishing the site without them would silently lose a
// notice, while following it could publish any file of the machine.
func Load(dir string, allowRawHTML bool) ([]*Page, error) {
	src, err := srcfile.OpenFolder(dir, "content")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer src.Close()
	md := newMarkdown(allowRawHTML)
	var pages []*Page
	err = src.Walk(".", func(name string) error {
		if path.Ext(name) != ".md" {
			return nil
		}
		b, err := src.ReadFile(name)
		if err != nil {
			return err
		}
		p, err := readPage(md, name, b)
		if err != nil {
			return err
		}
		if !p.Draft {
			pages = append(pages, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(pages, func(i, j int) bool {
		a, b := pages[i], pages[j]
		switch {
		case a.Section() != b.Section():
			return a.Section() < b.Section()
		case a.Weight != b.Weight:
			return a.Weight < b.Weight
		case !a.Date.Equal(b.Date):
			return a.Date.After(b.Date)
		}
		return a.Path < b.Path
	})
	return pages, nil
}

func newMarkdown(allowRawHTML bool) goldmark.Markdown {
	opts := []goldmark.Option{
		goldmark.WithExtensions(extension.GFM, extension.CJK),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	}
	if allowRawHTML {
		opts = append(opts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	return goldmark.New(opts...)
}

// readPage parses the page at rel, a slash path under content/.
func readPage(md goldmark.Markdown, rel string, src []byte) (*Page, error) {
	display := "content/" + rel
	fm, body, firstLine, err := splitFrontMatter(src)
	if le := (*lineError)(nil); errors.As(err, &le) {
		return nil, fmt.Errorf("%s:%d: %s", display, le.line, le.msg)
	} else if err != nil {
		return nil, fmt.Errorf("%s: %v", display, err)
	}
	p := &Page{
		Path:   strings.TrimSuffix(rel, ".md"),
		File:   display,
		Title:  fm.Title,
		Weight: fm.Weight,
		Draft:  fm.Draft,
	}
	if fm.Date != "" {
		if p.Date, err = parseDate(fm.Date); err != nil {
			return nil, fmt.Errorf("%s: 日期 %q 无法识别，应形如 2018-12-17", display, fm.Date)
		}
	}
	doc := md.Parser().Parse(text.NewReader(body))
	p.Links = relink(doc, body, firstLine, p.Dir())
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, body, doc); err != nil {
		return nil, fmt.Errorf("%s: %v", display, err)
	}
	p.Body = template.HTML(buf.String())
	if p.Title == "" {
		p.Title = p.Path[strings.LastIndexByte(p.Path, '/')+1:]
	}
	return p, nil
}

// splitFrontMatter separates a leading "---" YAML block from the body and
// returns the line of the file the body starts at, so that messages about
// the body name lines of the file. The line numbers of YAML errors are made
// relative to the file.
func splitFrontMatter(src []byte) (frontMatter, []byte, int, error) {
	var fm frontMatter
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	norm := bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(norm, []byte("---\n")) {
		return fm, src, 1, nil
	}
	end := bytes.Index(norm[4:], []byte("\n---"))
	if end < 0 {
		return fm, nil, 0, errors.New("front matter 缺少结束行 ---")
	}
	head := norm[4 : 4+end+1]
	rest := norm[4+end+4:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[i+1:]
	} else {
		rest = nil
	}
	if err := yaml.Unmarshal(head, &fm); err != nil {
		return fm, nil, 0, yamlError(err)
	}
	return fm, rest, 1 + bytes.Count(norm[:len(norm)-len(rest)], []byte("\n")), nil
}

// yamlError rewrites "yaml: line N: msg" so N counts from the file's first
// line (the opening --- is line 1).
func yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var n int
	var rest string
	if k, _ := fmt.Sscanf(msg, "line %d:", &n); k == 1 {
		rest = msg[strings.IndexByte(msg, ':')+1:]
		return &lineError{n + 1, "front matter 格式错误：" + strings.TrimSpace(rest)}
	}
	return &lineError{1, "front matter 格式错误：" + msg}
}

// lineError is a problem at a line of a Markdown file.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return e.msg }

func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("bad date")
}
