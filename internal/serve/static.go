package serve

import (
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
)

// staticSite serves the built site in the folder it names as a static
// host does, and no more: a file, or a folder's index.html (a folder
// named without its trailing slash is redirected to it). Anything else
// answers 404 with the site's 404.html: a missing file, a file named with
// a trailing slash, a folder without index.html (never a listing), and
// any name starting with a dot (.git, the output's .creditsite
// bookkeeping), which a published site must not rely on.
type staticSite string

func (s staticSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := path.Clean("/" + r.URL.Path)
	if strings.Contains(name, "/.") { // cleaned: every segment follows a slash
		s.notFound(w, r)
		return
	}
	f, st, err := s.open(name)
	switch {
	case err == nil && st.IsDir():
		f.Close()
		if !strings.HasSuffix(r.URL.Path, "/") {
			s.toFolder(w, r, name)
			return
		}
		name = path.Join(name, "index.html")
		f, st, err = s.open(name)
	case err == nil && strings.HasSuffix(r.URL.Path, "/"):
		// A file named as a folder (stats/index.html/): a static host
		// answers 404, and a page served there would resolve its relative
		// links against the wrong folder.
		f.Close()
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.notFound(w, r)
		return
	}
	defer f.Close()
	if !st.Mode().IsRegular() {
		s.notFound(w, r)
		return
	}
	http.ServeContent(w, r, name, st.ModTime(), f)
}

// toFolder redirects a folder's name to the folder, keeping the query. The
// target is built from the cleaned name, so "//host" cannot redirect away.
func (s staticSite) toFolder(w http.ResponseWriter, r *http.Request, name string) {
	target := name + "/"
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
}

// open opens a slash path of the site ("/stats/index.html"). It opens the
// folder afresh each time, since a rebuild may replace it, and through
// os.Root, so that no link inside it leads out.
func (s staticSite) open(name string) (*os.File, fs.FileInfo, error) {
	root, err := os.OpenRoot(string(s))
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	rel := strings.TrimPrefix(name, "/")
	if rel == "" {
		rel = "."
	}
	f, err := root.Open(rel)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// notFound answers 404 with the site's 404.html, or a line of text when the
// site has none (a failed first build).
func (s staticSite) notFound(w http.ResponseWriter, r *http.Request) {
	body, err := s.read("/404.html")
	if err != nil {
		http.Error(w, "404 页面不存在", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func (s staticSite) read(name string) ([]byte, error) {
	f, _, err := s.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}
