package site

import (
	"html/template"
	"reflect"
	"strings"
	"sync"
)

// Fragment is what a partial rendered through Page.Cached receives: the
// site, the value it was given, and Rel. It knows nothing of the page it
// lands on, which is what lets one rendering serve every page.
type Fragment struct {
	Site *SiteData
	Data any
}

// rootMarker stands for the page's root in a fragment's links until the
// fragment is placed on a page. html/template leaves it as it is inside
// URLs and attributes, and it is only replaced right after an attribute's
// opening quote, where escaped data can never put it (data cannot produce
// a quote).
const rootMarker = "__creditsite_root__/"

// Rel returns a site path relative to the site root, to be fixed up for
// the page the fragment lands on.
func (f *Fragment) Rel(target string) string { return rootMarker + target }

// Cached renders the partial name once per value of data for the whole
// build (every commitment is listed on three pages, the header is the same
// on thousands) and returns it with its links made relative to this page.
// The partial gets a *Fragment, so it can only depend on data and the site.
func (p *Page) Cached(name string, data any) (template.HTML, error) {
	out, err := p.Site.fragments.get(name, data, func() (string, error) {
		b, err := p.Site.theme.RenderPartial(name, &Fragment{Site: p.Site, Data: data})
		return string(b), err
	})
	if err != nil {
		return "", err
	}
	return template.HTML(strings.ReplaceAll(out, `="`+rootMarker, `="`+p.Root)), nil
}

// fragments caches rendered partials by name and data. It keeps two
// generations of at most fragmentGeneration entries each and forgets the
// older one when the newer fills up: pages are rendered in an order that
// brings a record's three list pages close together, so a bounded cache
// serves nearly every reuse while memory stays flat at any site size.
type fragments struct {
	mu       sync.Mutex
	new, old map[fragmentKey]string
}

const fragmentGeneration = 8192

type fragmentKey struct {
	name string
	data any
}

func (c *fragments) get(name string, data any, render func() (string, error)) (string, error) {
	if !reflect.ValueOf(data).Comparable() {
		return render()
	}
	k := fragmentKey{name, data}
	c.mu.Lock()
	out, ok := c.new[k]
	if !ok {
		out, ok = c.old[k]
	}
	c.mu.Unlock()
	if ok {
		return out, nil
	}
	out, err := render()
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.new) >= fragmentGeneration || c.new == nil {
		c.old, c.new = c.new, make(map[fragmentKey]string, fragmentGeneration)
	}
	c.new[k] = out
	return out, nil
}
