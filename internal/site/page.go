package site

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strings"

	"creditsite/internal/config"
	"creditsite/internal/model"
	"creditsite/internal/render"
)

// Page is what every template receives.
type Page struct {
	Site    *SiteData
	Title   string
	Section string // navigation section: home, disclosures, commitments, stats, search, enterprises, or a content section
	Path    string // output folder of the page, "" for home, "disclosures/page/2/"
	Root    string // relative prefix from this page to the site root ("./", "../../"), or the base path for 404.html
	Pager   *Pager
	Data    any // page-kind specific
}

// Rel returns the URL of a site path ("enterprises/X/") relative to this
// page, so links work under any sub-path and on any static server.
func (p *Page) Rel(target string) string { return p.Root + target }

// rootFor returns the relative prefix from a page folder to the site root.
func rootFor(dir string) string {
	if dir == "" {
		return "./"
	}
	return strings.Repeat("../", strings.Count(strings.Trim(dir, "/"), "/")+1)
}

// SiteData is shared by all pages.
type SiteData struct {
	Config     *config.Config
	Counts     Counts
	Menu       []MenuItem
	Built      string // build time, only when Config.Timestamps
	Sitemap    string // "sitemap.xml" when the build writes one (the base URL is absolute), else ""
	today      model.Date
	theme      *render.Theme
	assets     *assets // the static files' paths with digest queries; see Asset
	fragments  fragments
	titles     map[string]string // content section → title
	searchMeta func() []byte     // see Input.SearchMeta
}

// Counts are the site-wide record counts.
type Counts struct {
	Enterprises           int // every enterprise with a page
	Disclosures           int // 附件2 records
	DisclosureEnterprises int // enterprises in 企业亮信用
	Commitments           int // 附件3 records
	CommittingEnterprises int // enterprises with at least one commitment
}

// MenuItem is a content page or section in the main navigation.
type MenuItem struct {
	Title, URL, Section string
}

// Expired reports whether a disclosure's certificate has expired on the
// build date.
func (s *SiteData) Expired(d *model.Disclosure) bool { return d.Expired(s.today) }

// Asset returns the path of a theme static file with a digest of its
// bytes as the query (css/site.css?v=1a2b3c4d5e6f). Pages are cached for
// minutes and stylesheets and scripts for an hour under the same names, so
// without it a page rebuilt just now could get last build's stylesheet or
// search script. A JavaScript module's digest covers the modules it
// imports (see digestAssets).
func (s *SiteData) Asset(path string) (string, error) {
	return s.assets.path(path)
}

// Modules returns the digested paths (as Asset gives them) of every
// module the theme module path imports, directly or not: a page loading
// path preloads them all with <link rel="modulepreload">, which then
// always match the imports, however the modules change.
func (s *SiteData) Modules(path string) ([]string, error) {
	return s.assets.modules(path)
}

// SearchMeta returns search/meta.json for the search page to carry in a
// <script type="application/json">, its <, >, & and line separators
// escaped (json.HTMLEscape) so that no text of the data, a facet label
// say, can end the element; "" when the build has no index.
func (s *SiteData) SearchMeta() template.JS {
	if s.searchMeta == nil {
		return ""
	}
	meta := s.searchMeta()
	if meta == nil {
		return ""
	}
	var b bytes.Buffer
	json.HTMLEscape(&b, bytes.TrimSpace(meta))
	return template.JS(b.String())
}

// Bar clamps a percentage to 0–100 for a progress bar's width.
func (s *SiteData) Bar(pct float64) int { return int(max(0, min(100, pct))) }

// SectionTitle returns the title of a content section ("notices" → 通知公告).
func (s *SiteData) SectionTitle(section string) string {
	if t := s.titles[section]; t != "" {
		return t
	}
	return section
}
