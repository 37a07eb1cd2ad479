// Package manifest says what each file of a built site is — a page, a
// list, an asset, an immutable search file, the search root, a feed — and
// so in which order a publisher must make files visible for every link a
// visitor follows to resolve: what is linked to before what links to it.
package manifest

import (
	"path"
	"strings"
)

// Kind is what a file of the site is.
type Kind int

const (
	Asset      Kind = iota // style sheets, scripts, images, attachments, open data: linked from pages
	SearchFile             // search/* but meta.json: named by a hash of its bytes, never changes
	Page                   // an enterprise's page, enterprises/<code>/index.html
	List                   // every other HTML page: columns, lists, stats, notices
	Home                   // index.html and 404.html: the entry points
	SearchRoot             // search/meta.json and the search page, which carries it: name the search files of their build
	Feed                   // feed.xml, sitemap*.xml, robots.txt: read by machines, name pages
)

var kindNames = [...]string{"asset", "search-file", "page", "list", "home", "search-root", "feed"}

func (k Kind) String() string { return kindNames[k] }

// Classify says what the file at the slash path name is.
func Classify(name string) Kind {
	base := path.Base(name)
	switch {
	case name == "search/meta.json" || name == "search/index.html":
		return SearchRoot
	case strings.HasPrefix(name, "search/"):
		return SearchFile
	case name == "index.html" || name == "404.html":
		return Home
	case name == "feed.xml" || name == "robots.txt" || (path.Dir(name) == "." && strings.HasPrefix(base, "sitemap") && path.Ext(base) == ".xml"):
		return Feed
	case path.Ext(name) != ".html":
		return Asset
	case strings.HasPrefix(name, "enterprises/") && strings.Count(name, "/") == 2 && base == "index.html":
		return Page
	}
	return List
}

// Stage is the step of a publish in which a file of this kind becomes
// visible: files of a lower stage first, so that a page never links to a
// file not yet there; the roots (home, search root, feeds) last.
func (k Kind) Stage() int {
	switch k {
	case Asset, SearchFile:
		return 0
	case Page:
		return 1
	case List:
		return 2
	}
	return 3
}
