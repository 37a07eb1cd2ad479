package site

import (
	"path"
	"slices"
	"strings"

	"creditsite/internal/content"
	"creditsite/internal/model"
	"creditsite/internal/stats"
)

// ListData is what the disclosures.html and commitments.html templates get.
type ListData struct {
	Heading, Intro string
	Total          int
	Crumbs         []Link
	Filters        *Filters // shared by every page of a list; nil for none
	Downloads      []Link
	Show           Columns         // the optional columns of this page's table that have a value
	Disclosures    []DisclosureRow // this page's records
	Commitments    []*model.Commitment
	Enterprises    []*model.Enterprise
}

// Link is a titled site path, with a count for filters.
type Link struct {
	Title, URL string
	Count      int
	Current    bool
}

// Filters are the filter links above a list.
type Filters struct {
	Groups []FilterGroup
}

// FilterGroup is one row of filter links above a list.
type FilterGroup struct {
	Title     string
	Links     []Link
	Collapsed bool // shown folded (long lists such as the 14 units) unless one of its links is current
}

// HomeData is what index.html gets.
type HomeData struct {
	Stats             *stats.Stats // progress against the yearly targets
	LatestDisclosures []*model.Disclosure
	LatestCommitments []*model.Commitment
	Notices           []*content.Page
}

func (b *builder) home() job {
	cfg, ds := b.in.Config, b.in.Data
	n := cfg.LatestOnHome
	data := &HomeData{
		Stats:             b.stats,
		LatestDisclosures: ds.Disclosures[:min(n, len(ds.Disclosures))],
		LatestCommitments: ds.Commitments[:min(n, len(ds.Commitments))],
	}
	for _, pg := range b.in.Pages {
		if pg.Section() == "notices" && path.Base(pg.Path) != "_index" && len(data.Notices) < 5 {
			data.Notices = append(data.Notices, pg)
		}
	}
	return b.render("index.html", b.page("", cfg.ColumnTitle, "home", data))
}

// paginate returns one job per page of a list of n records at base, each
// with the position of the page's first record in the column's full list:
// at[i] for record i of a filtered list, i itself when at is nil.
func (b *builder) paginate(base, kind, section string, n int, at []int, fill func(lo, hi int) *ListData) []listPage {
	size := b.in.Config.PageSize
	total := pageCount(n, size)
	var pages []listPage
	for k := 1; k <= total; k++ {
		lo, hi := bounds(n, size, k)
		data := fill(lo, hi)
		data.Total = n
		title := data.Heading
		if k > 1 {
			title += "（第" + itoa(k) + "页）"
		}
		p := b.page(pagePath(base, k), title, section, data)
		p.Pager = newPager(base, k, total, size)
		first := lo
		if at != nil && lo < len(at) {
			first = at[lo]
		}
		pages = append(pages, listPage{first, b.render(kind, p)})
	}
	return pages
}

// listPage is a job rendering one page of a list; first is where the
// page's first record stands in the column's full list.
type listPage struct {
	first int
	job   job
}

// subset is a filtered list (one unit's, one type's) with the position of
// each of its records in the column's full newest-first list.
type subset[T any] struct {
	recs []T
	at   []int
}

// addTo appends record r, at position at of the full list, to the subset
// of key k.
func addTo[K comparable, T any](m map[K]*subset[T], k K, r T, at int) {
	s := m[k]
	if s == nil {
		s = &subset[T]{}
		m[k] = s
	}
	s.recs = append(s.recs, r)
	s.at = append(s.at, at)
}

// interleave orders the pages of a column's lists by where their first
// record stands in the full list, so the pages showing a record (all, its
// type's, its unit's) render close together and share its cached row (see
// Page.Cached).
func interleave(all []listPage) []job {
	slices.SortStableFunc(all, func(a, b listPage) int { return a.first - b.first })
	jobs := make([]job, len(all))
	for i, p := range all {
		jobs[i] = p.job
	}
	return jobs
}

func (b *builder) disclosureLists() []job {
	cfg, all := b.in.Config, b.in.Data.Disclosures
	byUnit := map[string]*subset[*model.Disclosure]{}
	for i, d := range all {
		addTo(byUnit, d.Source.Unit, d, i)
	}
	filters := func(current string) *Filters {
		g := FilterGroup{Title: "报送单位", Collapsed: current == "", Links: []Link{{Title: "全部", URL: "disclosures/", Count: len(all), Current: current == ""}}}
		for _, u := range b.units {
			if sub := byUnit[u.Name]; sub != nil {
				g.Links = append(g.Links, Link{Title: u.Name, URL: "disclosures/unit/" + u.Slug + "/", Count: len(sub.recs), Current: current == u.Slug})
			}
		}
		return &Filters{Groups: []FilterGroup{g}}
	}
	intro := "企业主动补充公示的资质证书、第三方信用报告等信用信息，按发证时间从新到旧排列。"
	list := func(base, heading, current string, recs []*model.Disclosure, at []int, crumbs []Link) []listPage {
		f := filters(current)
		return b.paginate(base, "disclosures.html", "disclosures", len(recs), at, func(lo, hi int) *ListData {
			show, rows := disclosureRows(recs[lo:hi])
			return &ListData{Heading: heading, Intro: intro, Crumbs: crumbs, Filters: f, Downloads: disclosureDownloads, Show: show, Disclosures: rows}
		})
	}
	pages := list("disclosures/", cfg.Disclosures, "", all, nil, nil)
	top := []Link{{Title: cfg.Disclosures, URL: "disclosures/"}}
	for _, u := range b.units {
		if sub := byUnit[u.Name]; sub != nil {
			pages = append(pages, list("disclosures/unit/"+u.Slug+"/", cfg.Disclosures+"：“"+u.Name+"”报送", u.Slug, sub.recs, sub.at, top)...)
		}
	}
	return interleave(pages)
}

func (b *builder) commitmentLists() []job {
	cfg, all := b.in.Config, b.in.Data.Commitments
	byType := map[model.CommitmentType]*subset[*model.Commitment]{}
	byUnit := map[string]*subset[*model.Commitment]{}
	for _, t := range model.CommitmentTypes {
		byType[t] = &subset[*model.Commitment]{} // every type has its list, even an empty one
	}
	for i, c := range all {
		addTo(byType, c.Type, c, i)
		addTo(byUnit, c.Source.Unit, c, i)
	}
	filters := func(current string) *Filters {
		types := FilterGroup{Title: "承诺类型", Links: []Link{{Title: "全部", URL: "commitments/", Count: len(all), Current: current == ""}}}
		for _, t := range model.CommitmentTypes {
			types.Links = append(types.Links, Link{Title: string(t), URL: "commitments/" + t.Slug() + "/", Count: len(byType[t].recs), Current: current == t.Slug()})
		}
		units := FilterGroup{Title: "报送单位", Collapsed: !strings.HasPrefix(current, "unit/")}
		for _, u := range b.units {
			if sub := byUnit[u.Name]; sub != nil {
				units.Links = append(units.Links, Link{Title: u.Name, URL: "commitments/unit/" + u.Slug + "/", Count: len(sub.recs), Current: current == "unit/"+u.Slug})
			}
		}
		return &Filters{Groups: []FilterGroup{types, units}}
	}
	intro := "企业作出的主动公示型、审批替代型、行业自律型和信用修复型信用承诺，按承诺时间从新到旧排列。"
	list := func(base, heading, current string, recs []*model.Commitment, at []int, crumbs []Link) []listPage {
		f := filters(current)
		return b.paginate(base, "commitments.html", "commitments", len(recs), at, func(lo, hi int) *ListData {
			return &ListData{Heading: heading, Intro: intro, Crumbs: crumbs, Filters: f, Downloads: commitmentDownloads, Commitments: recs[lo:hi]}
		})
	}
	pages := list("commitments/", cfg.Commitments, "", all, nil, nil)
	top := []Link{{Title: cfg.Commitments, URL: "commitments/"}}
	for _, t := range model.CommitmentTypes {
		pages = append(pages, list("commitments/"+t.Slug()+"/", string(t)+cfg.Commitments, t.Slug(), byType[t].recs, byType[t].at, top)...)
	}
	for _, u := range b.units {
		if sub := byUnit[u.Name]; sub != nil {
			pages = append(pages, list("commitments/unit/"+u.Slug+"/", cfg.Commitments+"：“"+u.Name+"”报送", "unit/"+u.Slug, sub.recs, sub.at, top)...)
		}
	}
	return interleave(pages)
}

// enterpriseList lists every enterprise by code, so that /enterprises/
// is a page too and not a dead end for someone trimming a URL.
func (b *builder) enterpriseList() []job {
	es := b.in.Data.Enterprises
	pages := b.paginate("enterprises/", "enterprises.html", "enterprises", len(es), nil, func(lo, hi int) *ListData {
		page := es[lo:hi]
		show := Columns{LegalRep: some(page, func(e *model.Enterprise) bool { return e.LegalRep != "" })}
		return &ListData{Heading: "全部公示企业", Intro: "在本专栏公示过信息的全部企业，按统一社会信用代码排列。查找某家企业请使用搜索。", Show: show, Enterprises: page}
	})
	return interleave(pages) // already in order
}

// enterprisePages renders one page per enterprise, in batches so that a
// large site does not create a job per page, and copies its attachments.
func (b *builder) enterprisePages() []job {
	const batch = 64
	es := b.in.Data.Enterprises
	var jobs []job
	for lo := 0; lo < len(es); lo += batch {
		var pages []job
		for _, e := range es[lo:min(lo+batch, len(es))] {
			dir := "enterprises/" + e.Code + "/"
			pages = append(pages, b.render("enterprise.html", b.page(dir, e.Name, "enterprises", enterpriseData(e))))
			for _, a := range e.Attachments {
				pages = append(pages, copyFile(a.Path, dir+"files/"+a.Name))
			}
		}
		jobs = append(jobs, func(w Writer) (int, error) {
			n := 0
			for _, j := range pages {
				k, err := j(w)
				if err != nil {
					return n, err
				}
				n += k
			}
			return n, nil
		})
	}
	return jobs
}

// contentPages renders Markdown pages and one list page per section.
func (b *builder) contentPages() []job {
	var jobs []job
	sections := map[string][]*content.Page{}
	var order []string
	for _, p := range b.in.Pages {
		sec := p.Section()
		if path.Base(p.Path) == "_index" {
			continue
		}
		if sec != "" {
			if _, ok := sections[sec]; !ok {
				order = append(order, sec)
			}
			sections[sec] = append(sections[sec], p)
		}
		navSec := sec
		if navSec == "" {
			navSec = p.Path
		}
		if i := strings.IndexByte(navSec, '/'); i >= 0 {
			navSec = navSec[:i]
		}
		jobs = append(jobs, b.render("page.html", b.page(p.Dir(), p.Title, navSec, pageData{p})))
	}
	for _, sec := range order {
		jobs = append(jobs, b.render("section.html", b.page(sec+"/", b.site.SectionTitle(sec), sec, sections[sec])))
	}
	return jobs
}

// pageData exposes a content page with its section to page.html.
type pageData struct{ *content.Page }

// Section returns the section of the page, "" for top-level pages.
func (p pageData) Section() string { return p.Page.Section() }

// notFound renders 404.html. Servers show it at any URL, so its links use
// the base path instead of relative ones.
func (b *builder) notFound() job {
	p := b.page("", "页面不存在", "", nil)
	p.Root = b.in.Config.BasePath()
	return func(w Writer) (int, error) {
		out, err := b.in.Theme.Render("404.html", p)
		if err != nil {
			return 0, err
		}
		return 1, w.WriteFile("404.html", out)
	}
}
