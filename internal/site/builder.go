package site

import (
	"crypto/sha1"
	"encoding/hex"
	"path"
	"regexp"
	"strings"

	"creditsite/internal/content"
	"creditsite/internal/model"
	"creditsite/internal/srcfile"
	"creditsite/internal/stats"
)

// builder holds what the page jobs share.
type builder struct {
	in    *Input
	stats *stats.Stats
	site  *SiteData
	units []unit
	paths []string // every HTML page folder, for the sitemap
	// warnings known before rendering (see Result.Warnings)
	warnings []string
}

// unit is a 报送单位 with its URL segment.
type unit struct {
	Name, Slug string
}

func newBuilder(in *Input) *builder {
	b := &builder{in: in}
	b.site = &SiteData{Config: in.Config, today: in.Today, titles: map[string]string{"notices": "通知公告"}, theme: in.Theme, assets: digestAssets(in.Theme), searchMeta: in.SearchMeta}
	if in.Config.Timestamps {
		b.site.Built = in.Built
	}
	b.stats = stats.Compute(in.Data, in.Config)
	b.site.Counts = count(b.stats)
	b.units = unitsOf(in.Data, in.Config.Units)
	b.site.Menu = menu(in.Pages, b.site.titles)
	b.planSitemap()
	return b
}

// count takes the site-wide counts from the one computation in stats, so
// that a theme showing .Site.Counts never disagrees with /stats/.
func count(s *stats.Stats) Counts {
	return Counts{Enterprises: s.Enterprises, Disclosures: s.Disclosures, DisclosureEnterprises: s.DisclosingEnterprises,
		Commitments: s.Commitments, CommittingEnterprises: s.CommittingEnterprises}
}

var safeSlug = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// unitsOf gives each 报送单位 a stable URL segment: the export's file name
// when config.Units names it (xiling → 西陵区), the name itself when it is
// already a plain ASCII slug, otherwise a short hash of the name.
func unitsOf(ds *model.Dataset, names map[string]string) []unit {
	bySlug := map[string]string{}
	for slug, name := range names {
		if prev, ok := bySlug[name]; !ok || slug < prev {
			bySlug[name] = slug
		}
	}
	var out []unit
	for _, name := range ds.Units() {
		slug := bySlug[name]
		if slug == "" {
			if safeSlug.MatchString(name) {
				slug = name
			} else {
				h := sha1.Sum([]byte(name))
				slug = "u" + hex.EncodeToString(h[:4])
			}
		}
		out = append(out, unit{name, slug})
	}
	return out
}

// menu lists top-level content pages and content sections in the main
// navigation; a section's _index.md names it.
func menu(pages []*content.Page, titles map[string]string) []MenuItem {
	var items []MenuItem
	seen := map[string]bool{}
	for _, p := range pages {
		sec := p.Section()
		if path.Base(p.Path) == "_index" {
			titles[sec] = p.Title
		}
	}
	for _, p := range pages {
		sec := p.Section()
		switch {
		case sec == "" && p.Path != "_index":
			items = append(items, MenuItem{Title: p.Title, URL: p.Path + "/", Section: p.Path})
		case sec != "" && !strings.Contains(sec, "/") && !seen[sec]:
			seen[sec] = true
			items = append(items, MenuItem{Title: titles[sec], URL: sec + "/", Section: sec})
		}
	}
	for i := range items {
		if items[i].Title == "" {
			items[i].Title = items[i].Section
		}
	}
	return items
}

// page returns a page value for a folder.
func (b *builder) page(dir, title, section string, data any) *Page {
	return &Page{Site: b.site, Title: title, Section: section, Path: dir, Root: rootFor(dir), Data: data}
}

// render returns a job that renders one page of the given kind.
func (b *builder) render(kind string, p *Page) job {
	b.paths = append(b.paths, p.Path)
	return func(w Writer) (int, error) {
		out, err := b.in.Theme.Render(kind, p)
		if err != nil {
			return 0, err
		}
		return 1, w.WriteFile(p.Path+"index.html", out)
	}
}

// jobs lists every file of the site.
func (b *builder) jobs() []job {
	var jobs []job
	jobs = append(jobs, b.home())
	jobs = append(jobs, b.disclosureLists()...)
	jobs = append(jobs, b.commitmentLists()...)
	jobs = append(jobs, b.enterpriseList()...)
	jobs = append(jobs, b.enterprisePages()...)
	jobs = append(jobs, b.contentPages()...)
	jobs = append(jobs, b.statsPage(), b.searchPage(), b.feed())
	jobs = append(jobs, b.openData()...)
	jobs = append(jobs, b.notFound())
	jobs = append(jobs, b.staticFiles()...)
	jobs = append(jobs, b.sitemap()...)
	jobs = append(jobs, b.robots())
	return jobs
}

func (b *builder) staticFiles() []job {
	var jobs []job
	for _, p := range b.in.Theme.Static {
		rel := strings.TrimPrefix(p, "static/")
		jobs = append(jobs, func(w Writer) (int, error) {
			data, err := b.in.Theme.ReadStatic(p)
			if err != nil {
				return 0, err
			}
			if err := b.site.assets.errs[rel]; err != nil {
				return 0, err
			}
			if body, ok := b.site.assets.bodies[rel]; ok {
				data = body // minified; a module's imports with digests
			}
			return 0, w.WriteFile(rel, data)
		})
	}
	return jobs
}

// copyFile returns a job copying a file of the source (an attachment) into
// the site. It was checked when the exports were read; reading it only as
// a regular file (see srcfile) fails the build if it has been replaced by a
// link since, rather than publish whatever the link points to.
func copyFile(src, name string) job {
	return func(w Writer) (int, error) {
		data, err := srcfile.ReadFile(src)
		if err != nil {
			return 0, err
		}
		return 0, w.WriteFile(name, data)
	}
}
