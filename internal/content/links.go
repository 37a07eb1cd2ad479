package content

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// Link is a Markdown link or image of a page that points into the site
// (not http:, https:, mailto:, tel: or any other scheme, not "#top" on the
// same page). The site builder checks it against the files it writes.
type Link struct {
	Line int    // line of the Markdown file the link is on, counting the front matter
	Dest string // as written: "/disclosures/?q=1#top", "../about/"
	// Target is the site path the link reaches, without query and
	// fragment and with %-escapes decoded: "disclosures/", "about",
	// "" for the home page. Empty when Outside.
	Target   string
	Relative bool // written relative to the page, not root-absolute
	Outside  bool // a relative link climbing above the site root
}

// Files returns the names of site files the link lands on, any one of
// which makes it good: "disclosures/index.html" for "disclosures/", and
// both "about" and "about/index.html" for "about", since static servers
// redirect a folder's name to the folder. None when the link is Outside.
func (l Link) Files() []string {
	switch {
	case l.Outside:
		return nil
	case l.Target == "":
		return []string{"index.html"}
	case strings.HasSuffix(l.Target, "/"):
		return []string{l.Target + "index.html"}
	}
	return []string{l.Target, l.Target + "/index.html"}
}

// BrokenLink returns the warning for a link of p that lands on no file of
// the site, as FILE:LINE: 警告：…, explaining how a relative link was read.
func (p *Page) BrokenLink(l Link) string {
	at := fmt.Sprintf("%s:%d: 警告：链接“%s”", p.File, l.Line, l.Dest)
	switch {
	case l.Outside:
		return at + fmt.Sprintf("指向网站以外（相对链接从本页的地址 %s 算起）；链接本网站的页面请写成 /about/ 这样以 / 开头的地址", p.Dir())
	case strings.HasSuffix(l.Target, ".md"):
		return at + "指向的页面不存在：请写页面的地址（如 /about/），不要写 .md 文件名"
	case l.Relative:
		return at + fmt.Sprintf("指向的页面不存在（相对链接从本页的地址 %s 算起，即 %s）", p.Dir(), "/"+l.Target)
	}
	return at + "指向的页面不存在"
}

// relink makes every root-absolute link and image of doc relative to the
// page folder dir ("/disclosures/" on about/ becomes "../disclosures/"),
// as the theme's links are, so the page works under any sub-path; query
// and fragment are kept. It returns the links into the site, with their
// lines: body is the Markdown doc was parsed from and firstLine the line
// of the file body starts at.
//
// Raw HTML (allowed by config allowRawHTML) is left as it is: its links
// are neither rewritten nor checked.
func relink(doc ast.Node, body []byte, firstLine int, dir string) []Link {
	var links []Link
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest = &n.Destination
		default:
			return ast.WalkContinue, nil
		}
		l, ok := resolve(string(*dest), dir)
		if !ok {
			return ast.WalkContinue, nil
		}
		l.Line = firstLine + bytes.Count(body[:posOf(n)], []byte("\n"))
		links = append(links, l)
		if !l.Relative {
			*dest = []byte(relative(l.Dest, dir))
		}
		return ast.WalkContinue, nil
	})
	return links
}

// posOf returns the byte offset of n in the source, or of its nearest
// ancestor that has one.
func posOf(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if p := n.Pos(); p >= 0 {
			return p
		}
	}
	return 0
}

// scheme matches a URL scheme (RFC 3986): such links leave the site.
var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// resolve reads a link destination as written in Markdown and returns
// where it lands in the site, and false for links not to check: external
// ones ("https://…", "//host/…") and those to the same page ("#top", "").
func resolve(raw, dir string) (Link, bool) {
	// What the browser gets: goldmark resolves backslash escapes and
	// character references when it renders the destination.
	dest := string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations([]byte(raw)))))
	p, _ := splitSuffix(dest)
	if p == "" || scheme.MatchString(dest) || strings.HasPrefix(dest, "//") {
		return Link{}, false
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	l := Link{Dest: raw, Relative: !strings.HasPrefix(p, "/")}
	if l.Relative {
		p = dir + p
		if c := path.Clean(p); c == ".." || strings.HasPrefix(c, "../") {
			l.Outside = true
			return l, true
		}
	}
	l.Target = cleanPath(p)
	return l, true
}

// splitSuffix splits a URL into its path and what follows it: the query
// and fragment, from the first "?" or "#".
func splitSuffix(u string) (string, string) {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i], u[i:]
	}
	return u, ""
}

// cleanPath returns p as a site path: no leading slash, no "." or ".."
// (above the root stays at the root, as browsers do), a trailing slash
// kept: "/a/./b/" → "a/b/", "/" → "".
func cleanPath(p string) string {
	c := strings.TrimPrefix(path.Clean("/"+p), "/")
	if c != "" && (strings.HasSuffix(p, "/") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")) {
		c += "/"
	}
	return c
}

// relative rewrites a root-absolute destination as written ("/a/?q#f")
// relative to the page folder dir ("about/" → "../a/?q#f"). It works on
// the written form so that escapes stay for goldmark to resolve.
func relative(raw, dir string) string {
	p, suffix := splitSuffix(raw)
	return rootOf(dir) + cleanPath(p) + suffix
}

// rootOf returns the relative prefix from a page folder to the site root:
// "./" for the home page, "../" for "about/", "../../" for "notices/a/".
func rootOf(dir string) string {
	if dir == "" {
		return "./"
	}
	return strings.Repeat("../", strings.Count(dir, "/"))
}
