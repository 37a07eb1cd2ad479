package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"regexp"
	"strings"

	"creditsite/internal/minify"
	"creditsite/internal/render"
)

// assets are the theme's static files as published: each one's path with
// a digest of its published bytes as the query (css/site.css?v=1a2b3c4d5e6f),
// and the bytes of the scripts and style sheets, minified and with their
// modules' imports rewritten.
type assets struct {
	paths   map[string]string   // path under static/ → with its digest query
	bodies  map[string][]byte   // minified scripts and styles → published bytes
	imports map[string][]string // module → the modules it imports statically, in order
	errs    map[string]error    // files that cannot be published, with the reason
}

// path returns rel with its digest query, or why it has none.
func (a *assets) path(rel string) (string, error) {
	if err := a.errs[rel]; err != nil {
		return "", err
	}
	v, ok := a.paths[rel]
	if !ok {
		return "", fmt.Errorf("主题中没有静态文件 static/%s", rel)
	}
	return v, nil
}

// modules returns, with their digest queries, every module that the
// module rel imports statically, directly or not, each once, depth first
// in import order: what a page that loads rel can preload
// (<link rel="modulepreload">) so that the browser fetches the whole graph
// at once instead of one import level after another. The paths are those
// the imports name, so a preload always matches its import.
func (a *assets) modules(rel string) ([]string, error) {
	if _, err := a.path(rel); err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{rel: true}
	var walk func(string)
	walk = func(m string) {
		for _, dep := range a.imports[m] {
			if !seen[dep] {
				seen[dep] = true
				out = append(out, a.paths[dep])
				walk(dep)
			}
		}
	}
	walk(rel)
	return out, nil
}

// importRe finds the relative specifiers of a module's static imports and
// re-exports (import x from './a.js', import './a.js', export {x} from
// '../b.js'): group 2 is the specifier.
var importRe = regexp.MustCompile(`(?m)^\s*(?:import|export)\b(?:[^'";]*?\bfrom)?\s*(['"])(\.\.?/[^'"?#]+)['"]`)

// dynamicImportRe finds a dynamic import of a relative path, which no
// digest could follow.
var dynamicImportRe = regexp.MustCompile(`\bimport\s*\(\s*['"]\.\.?/`)

// digestAssets digests the theme's static files for Asset. Scripts are
// cached for an hour under their names, so a module that imported
// './engine.js' plainly could run with last build's engine: each
// relative specifier of a .js module gets the digest of the file it
// names as its query ('./engine.js?v=…'), so a module's digest, and the
// specifier the page loads, changes with any module it imports,
// directly or not. Digests are computed bottom-up; an import cycle or a
// missing module is an error of the files involved. A file that cannot
// be read is left out: copying it fails the build with the reason.
func digestAssets(t *render.Theme) *assets {
	a := &assets{paths: map[string]string{}, bodies: map[string][]byte{}, imports: map[string][]string{}, errs: map[string]error{}}
	src := map[string][]byte{}
	for _, p := range t.Static {
		if data, err := t.ReadStatic(p); err == nil {
			src[strings.TrimPrefix(p, "static/")] = data
		}
	}
	visiting := map[string]bool{} // the modules being digested, to find cycles
	var digest func(rel string) (string, error)
	digest = func(rel string) (string, error) {
		if v, ok := a.paths[rel]; ok {
			return v, nil
		}
		if err := a.errs[rel]; err != nil {
			return "", err
		}
		data, ok := src[rel]
		if !ok {
			return "", nil
		}
		out, deps, err := publish(rel, data, visiting, digest)
		if err == nil {
			out, err = minify.Asset(rel, out)
		}
		if err != nil {
			a.errs[rel] = err
			return "", err
		}
		a.imports[rel] = deps
		if string(out) != string(data) { // minified, imports with their digests
			a.bodies[rel] = out
		}
		sum := sha256.Sum256(out)
		a.paths[rel] = rel + "?v=" + hex.EncodeToString(sum[:6])
		return a.paths[rel], nil
	}
	for rel := range src {
		digest(rel) // an error is kept in errs: the pages and the copy report it
	}
	return a
}

// publish returns a static file's bytes as published: for a .js module,
// each relative import specifier with the digest query digest gives the
// file it names ("" for no such file); and the modules it imports, in
// order. visiting holds the modules being digested, to find cycles.
func publish(rel string, data []byte, visiting map[string]bool, digest func(string) (string, error)) ([]byte, []string, error) {
	if !strings.HasSuffix(rel, ".js") {
		return data, nil, nil
	}
	if dynamicImportRe.Match(data) {
		return nil, nil, fmt.Errorf("主题静态文件 static/%s 动态导入了相对路径的模块，无法为其加上版本摘要，请改为静态 import", rel)
	}
	if visiting[rel] {
		return nil, nil, fmt.Errorf("主题静态文件 static/%s 的模块相互导入（循环），无法计算版本摘要", rel)
	}
	visiting[rel] = true
	defer delete(visiting, rel)
	var out []byte
	var deps []string
	last := 0
	for _, m := range importRe.FindAllSubmatchIndex(data, -1) {
		spec := string(data[m[4]:m[5]])
		target := path.Join(path.Dir(rel), spec)
		v, err := digest(target)
		if err != nil {
			return nil, nil, err
		}
		if v == "" {
			return nil, nil, fmt.Errorf("主题静态文件 static/%s 导入的模块 %s（static/%s）不存在", rel, spec, target)
		}
		_, query, _ := strings.Cut(v, "?")
		out = append(append(append(out, data[last:m[5]]...), '?'), query...)
		last = m[5]
		deps = append(deps, target)
	}
	if out == nil {
		return data, nil, nil
	}
	return append(out, data[last:]...), deps, nil
}
