// Package render loads the theme's html/template files and executes them.
//
// A theme is a folder like layouts/: _default/baseof.html is the page
// skeleton with blocks, partials/*.html are shared pieces, every other
// top-level *.html is a page kind (index.html, enterprise.html …) that fills
// the skeleton's blocks, and static/ holds assets copied as they are. A
// site's own layouts/ folder overrides the default theme file by file.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"creditsite/internal/srcfile"
)

// Theme is a parsed set of templates plus the static files to copy.
type Theme struct {
	base   *template.Template            // the skeleton and the partials
	pages  map[string]*template.Template // page kind file name → template set
	files  map[string]source             // every theme file by slash path
	Static []string                      // paths under static/, sorted
}

// source is a theme file's bytes, read when the theme is loaded so that a
// static file's digest and its copy are of the same bytes, and where it
// comes from, so messages name the file a person can open.
type source struct {
	data    []byte
	display string // e.g. "layouts/index.html" or "默认主题 layouts/index.html"
}

const baseName = "_default/baseof.html"

// Load combines the default theme with the site's layouts folder (which may
// be missing, or "" for none) and parses every template.
func Load(defaults fs.FS, siteLayouts string) (*Theme, error) {
	t := &Theme{pages: map[string]*template.Template{}, files: map[string]source{}}
	if err := t.collectDefaults(defaults); err != nil {
		return nil, err
	}
	if err := t.collectSite(siteLayouts); err != nil {
		return nil, err
	}
	return t, t.parse()
}

// collectDefaults reads the default theme, which comes with the program.
func (t *Theme) collectDefaults(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		t.files[p] = source{b, "默认主题 layouts/" + p}
		return nil
	})
}

// collectSite reads the site's own layouts folder over the defaults, each
// file only as a regular file inside it (see srcfile). A link or special
// file fails the load with a message naming it rather than being left out:
// without it the site would silently fall back to the default template or
// lose a stylesheet, and following it could publish any file of the machine.
func (t *Theme) collectSite(dir string) error {
	src, err := srcfile.OpenFolder(dir, "layouts")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer src.Close()
	return src.Walk(".", func(p string) error {
		b, err := src.ReadFile(p)
		if err != nil {
			return err
		}
		t.files[p] = source{b, "layouts/" + p}
		return nil
	})
}

func (t *Theme) parse() error {
	base := template.New("").Funcs(funcs)
	var kinds []string
	for p := range t.files {
		switch {
		case strings.HasPrefix(p, "static/"):
			t.Static = append(t.Static, p)
		case path.Ext(p) != ".html":
		case p == baseName || strings.HasPrefix(p, "partials/"):
			if err := t.parseInto(base, p); err != nil {
				return err
			}
		case !strings.Contains(p, "/"):
			kinds = append(kinds, p)
		}
	}
	sort.Strings(t.Static)
	if base.Lookup(baseName) == nil {
		return errors.New("主题缺少页面骨架模板 layouts/" + baseName)
	}
	t.base = base
	for _, k := range kinds {
		set, err := base.Clone()
		if err != nil {
			return err
		}
		if err := t.parseInto(set, k); err != nil {
			return err
		}
		t.pages[k] = set
	}
	return nil
}

func (t *Theme) parseInto(set *template.Template, name string) error {
	if _, err := set.New(name).Parse(string(t.files[name].data)); err != nil {
		return t.fileError(err)
	}
	return nil
}

// Execute renders the page kind (e.g. "enterprise.html") through the base
// skeleton.
func (t *Theme) Execute(w io.Writer, kind string, data any) error {
	set := t.pages[kind]
	if set == nil {
		return fmt.Errorf("主题缺少模板 layouts/%s", kind)
	}
	if err := set.ExecuteTemplate(w, baseName, data); err != nil {
		return t.fileError(err)
	}
	return nil
}

// Render is Execute into a new byte slice.
func (t *Theme) Render(kind string, data any) ([]byte, error) {
	return render(func(w io.Writer) error { return t.Execute(w, kind, data) })
}

// RenderPartial renders one partial ("partials/header.html") on its own.
func (t *Theme) RenderPartial(name string, data any) ([]byte, error) {
	if t.base.Lookup(name) == nil {
		return nil, fmt.Errorf("主题缺少模板 layouts/%s", name)
	}
	return render(func(w io.Writer) error {
		if err := t.base.ExecuteTemplate(w, name, data); err != nil {
			return t.fileError(err)
		}
		return nil
	})
}

func render(execute func(io.Writer) error) ([]byte, error) {
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	err := execute(buf)
	return bytes.Clone(buf.Bytes()), err
}

// buffers are reused across pages: a page grown in a fresh buffer would
// allocate several times its size on the way; the result is one exact copy.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// ReadStatic returns the bytes of a static/ file. They are shared by every
// caller and must not be modified.
func (t *Theme) ReadStatic(p string) ([]byte, error) {
	src, ok := t.files[p]
	if !ok {
		return nil, fmt.Errorf("主题中没有文件 %s", p)
	}
	return src.data, nil
}

// fileError turns html/template's "template: NAME:LINE: msg" into
// "layouts/NAME:LINE: msg" naming the file that was actually used.
func (t *Theme) fileError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "html/template:")
	msg = strings.TrimPrefix(strings.TrimSpace(msg), "template: ")
	for name, src := range t.files {
		if strings.HasPrefix(msg, name+":") {
			return fmt.Errorf("模板错误：%s%s", src.display, strings.TrimPrefix(msg, name))
		}
	}
	return fmt.Errorf("模板错误：%s", msg)
}
