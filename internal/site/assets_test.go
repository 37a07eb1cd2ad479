package site

import (
	"bytes"
	"creditsite"
	"crypto/sha256"
	"encoding/hex"
	"image/png"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"creditsite/internal/memfiles"
)

var (
	scriptSrcRe = regexp.MustCompile(`<script type="module"[^>]* src="\.\./(js/search/ui\.js)\?v=([0-9a-f]{12})"`)
	// A published (minified) module's relative imports, with and without
	// a digest: import{x}from"./a.js?v=…", import"./a.js", export{y}from'../b.js'.
	plainImportRe  = regexp.MustCompile(`\b(?:from|import)\s*["'](\.\.?/[^"'?]+)["']`)
	digestImportRe = regexp.MustCompile(`\b(?:from|import)\s*["'](\.\.?/[^"'?]+)\?v=([0-9a-f]+)["']`)
)

// checkModuleDigests checks that every relative import of every published
// module names its target with the digest of the target's published
// bytes, and returns the digest the search page loads ui.js with.
func checkModuleDigests(t *testing.T, files map[string][]byte) string {
	t.Helper()
	digest := func(name string) string {
		sum := sha256.Sum256(files[name])
		return hex.EncodeToString(sum[:6])
	}
	imports := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".js") {
			continue
		}
		for _, m := range plainImportRe.FindAllStringSubmatch(string(data), -1) {
			t.Fatalf("%s: import %q has no digest", name, m[1])
		}
		for _, m := range digestImportRe.FindAllStringSubmatch(string(data), -1) {
			target := path.Join(path.Dir(name), m[1])
			if files[target] == nil || m[2] != digest(target) {
				t.Fatalf("%s: import %s?v=%s: not the digest of %s", name, m[1], m[2], target)
			}
			imports++
		}
	}
	if imports < 4 {
		t.Fatalf("%d module imports found in the published scripts", imports)
	}
	m := scriptSrcRe.FindStringSubmatch(string(files["search/index.html"]))
	if m == nil {
		t.Fatal("search/index.html loads no js/search/ui.js module")
	}
	if m[2] != digest(m[1]) {
		t.Fatalf("search page loads ui.js?v=%s, digest %s", m[2], digest(m[1]))
	}
	checkPreloads(t, files, m[1]+"?v="+m[2])
	return m[2]
}

var (
	preloadRe   = regexp.MustCompile(`<link rel="modulepreload" href="\.\./([^"]+)">`)
	publishedRe = regexp.MustCompile(`\b(?:from|import)\s*["'](\.\.?/[^"'?]+\?v=[0-9a-f]+)["']`)
)

// checkPreloads checks that the search page preloads exactly the modules
// entry (a published path with its digest query) imports, directly or
// not, each by the URL its import names (else the browser would fetch it
// twice), and does not preload meta.json (a preload cannot revalidate:
// it could show the previous build's records).
func checkPreloads(t *testing.T, files map[string][]byte, entry string) {
	t.Helper()
	want := map[string]bool{}
	var walk func(string)
	walk = func(mod string) {
		name, _, _ := strings.Cut(mod, "?")
		for _, m := range publishedRe.FindAllStringSubmatch(string(files[name]), -1) {
			dep := path.Join(path.Dir(name), m[1]) // path.Join keeps the query: it has no slash
			if !want[dep] {
				want[dep] = true
				walk(dep)
			}
		}
	}
	walk(entry)
	page := string(files["search/index.html"])
	got := map[string]bool{}
	for _, m := range preloadRe.FindAllStringSubmatch(page, -1) {
		got[m[1]] = true
	}
	if len(want) < 4 || !maps.Equal(got, want) {
		t.Errorf("search page preloads modules %v, ui.js imports %v", got, want)
	}
	if regexp.MustCompile(`<link[^>]*search/meta\.json`).MatchString(page) {
		t.Error("search page preloads search/meta.json: a preload is not revalidated as format.js's fetch is")
	}
}

// TestModuleDigestsFollowImports changes a module that ui.js imports only
// through engine.js: the page must load ui.js under a new digest, and
// engine.js must change, while format.js, which does not import it, keeps
// its bytes.
func TestModuleDigestsFollowImports(t *testing.T) {
	in := input(t, sample(t, 3, 5))
	before := build(t, in)
	had := checkModuleDigests(t, before)

	dir := t.TempDir()
	mod := filepath.Join(dir, "static", "js", "search")
	os.MkdirAll(mod, 0o755)
	source, err := fs.ReadFile(creditsite.Layouts, "layouts/static/js/search/analysis.js")
	if err != nil {
		t.Fatal(err)
	}
	changed := append(source, "\nexport const changed = 1;\n"...) // code: a comment is minified away
	os.WriteFile(filepath.Join(mod, "analysis.js"), changed, 0o644)
	in.Theme = theme(t, dir)
	after := build(t, in)
	has := checkModuleDigests(t, after)
	if has == had {
		t.Error("changing analysis.js did not change the ui.js specifier the search page loads")
	}
	if string(after["js/search/engine.js"]) == string(before["js/search/engine.js"]) {
		t.Error("engine.js still imports the old analysis.js")
	}
	if string(after["js/search/format.js"]) != string(before["js/search/format.js"]) {
		t.Error("format.js changed though it does not import analysis.js")
	}
}

// TestModuleImportErrors: a module importing a missing file, modules
// importing each other, a dynamic relative import and a script that does
// not parse fail the build with the file named.
func TestModuleImportErrors(t *testing.T) {
	for _, c := range []struct {
		what  string
		files map[string]string
		want  string
	}{
		{"missing", map[string]string{"a.js": "import { x } from './nope.js';\n"}, "static/js/a.js 导入的模块 ./nope.js"},
		{"cycle", map[string]string{"a.js": "import './b.js';\n", "b.js": "export { y } from './a.js';\n"}, "循环"},
		{"dynamic", map[string]string{"a.js": "const m = import('./b.js');\n", "b.js": ""}, "static/js/a.js 动态导入"},
		{"syntax", map[string]string{"a.js": "export function (\n"}, "static/js/a.js 无法解析"},
	} {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "static", "js"), 0o755)
		for name, text := range c.files {
			os.WriteFile(filepath.Join(dir, "static", "js", name), []byte(text), 0o644)
		}
		in := input(t, sample(t, 3, 5))
		in.Theme = theme(t, dir)
		if _, err := Build(in, &memfiles.Files{}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: build error %v, want %q", c.what, err, c.want)
		}
	}
}

// TestScriptsAndStylesMinified: every published script and style sheet is
// the theme's file minified (comments and spaces gone, at most 80 % of
// the source's bytes), so the fixed cost of a cold search stays small.
func TestScriptsAndStylesMinified(t *testing.T) {
	files := build(t, input(t, sample(t, 3, 5)))
	n := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".js") && !strings.HasSuffix(name, ".css") {
			continue
		}
		source, err := fs.ReadFile(creditsite.Layouts, "layouts/static/"+name)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) > len(source)*4/5 {
			t.Errorf("%s: published %d bytes, source %d: not minified", name, len(data), len(source))
		}
		n++
	}
	if n < 5 {
		t.Fatalf("%d scripts and style sheets published", n)
	}
}

// TestIconIsRaster: every page's icon is a PNG of 32×32 pixels (a tab's
// 16 at twice the density) of at most 1 KB, which every cold search
// fetches. An SVG icon is drawn in a document of its own on the page's
// main thread at each page view: 25 ms there even drawn as paths, 55 ms
// with 信 as text (font fallback), in the middle of a cold search (Chrome
// traces, session 12). A PNG decodes in under 3 ms, and older Safari
// shows no SVG icon at all.
func TestIconIsRaster(t *testing.T) {
	files := build(t, input(t, sample(t, 3, 5)))
	m := regexp.MustCompile(`<link rel="icon" href="([^"?]+)\?v=[0-9a-f]{12}" sizes="32x32" type="image/png">`).FindStringSubmatch(string(files["index.html"]))
	if m == nil {
		t.Fatal("index.html links no PNG icon")
	}
	icon := files[path.Clean(m[1])]
	cfg, err := png.DecodeConfig(bytes.NewReader(icon))
	if err != nil {
		t.Fatalf("%s: %v", m[1], err)
	}
	if cfg.Width != 32 || cfg.Height != 32 || len(icon) > 1024 {
		t.Fatalf("%s: %d×%d pixels, %d bytes: want 32×32, at most 1,024 bytes", m[1], cfg.Width, cfg.Height, len(icon))
	}
	for name := range files {
		if strings.HasSuffix(name, ".svg") {
			t.Errorf("%s: published an SVG image", name)
		}
	}
}
