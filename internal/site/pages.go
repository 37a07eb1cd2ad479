package site

import (
	"path"
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
	Filters        []FilterGroup
	Downloads      []Link
	Disclosures    []*model.Disclosure // this page's records
	Commitments    []*model.Commitment
	Enterprises    []*model.Enterprise
}

// Link is a titled site path, with a count for filters.
type Link struct {
	Title, URL string
	Count      int
	Current    bool
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

// paginate returns one job per page of a list of n records at base.
func (b *builder) paginate(base, kind, section string, n int, fill func(lo, hi int) *ListData) []job {
	size := b.in.Config.PageSize
	total := pageCount(n, size)
	var jobs []job
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
		jobs = append(jobs, b.render(kind, p))
	}
	return jobs
}

func (b *builder) disclosureLists() []job {
	cfg, all := b.in.Config, b.in.Data.Disclosures
	byUnit := map[string][]*model.Disclosure{}
	for _, d := range all {
		byUnit[d.Source.Unit] = append(byUnit[d.Source.Unit], d)
	}
	filters := func(current string) []FilterGroup {
		g := FilterGroup{Title: "报送单位", Collapsed: current == "", Links: []Link{{Title: "全部", URL: "disclosures/", Count: len(all), Current: current == ""}}}
		for _, u := range b.units {
			if n := len(byUnit[u.Name]); n > 0 {
				g.Links = append(g.Links, Link{Title: u.Name, URL: "disclosures/unit/" + u.Slug + "/", Count: n, Current: current == u.Slug})
			}
		}
		return []FilterGroup{g}
	}
	intro := "企业主动补充公示的资质证书、第三方信用报告等信用信息，按发证时间从新到旧排列。"
	list := func(base, heading, current string, recs []*model.Disclosure, crumbs []Link) []job {
		return b.paginate(base, "disclosures.html", "disclosures", len(recs), func(lo, hi int) *ListData {
			return &ListData{Heading: heading, Intro: intro, Crumbs: crumbs, Filters: filters(current), Downloads: disclosureDownloads, Disclosures: recs[lo:hi]}
		})
	}
	jobs := list("disclosures/", cfg.Disclosures, "", all, nil)
	top := []Link{{Title: cfg.Disclosures, URL: "disclosures/"}}
	for _, u := range b.units {
		if recs := byUnit[u.Name]; len(recs) > 0 {
			jobs = append(jobs, list("disclosures/unit/"+u.Slug+"/", cfg.Disclosures+"：“"+u.Name+"”报送", u.Slug, recs, top)...)
		}
	}
	return jobs
}

func (b *builder) commitmentLists() []job {
	cfg, all := b.in.Config, b.in.Data.Commitments
	byType := map[model.CommitmentType][]*model.Commitment{}
	byUnit := map[string][]*model.Commitment{}
	for _, c := range all {
		byType[c.Type] = append(byType[c.Type], c)
		byUnit[c.Source.Unit] = append(byUnit[c.Source.Unit], c)
	}
	filters := func(current string) []FilterGroup {
		types := FilterGroup{Title: "承诺类型", Links: []Link{{Title: "全部", URL: "commitments/", Count: len(all), Current: current == ""}}}
		for _, t := range model.CommitmentTypes {
			types.Links = append(types.Links, Link{Title: string(t), URL: "commitments/" + t.Slug() + "/", Count: len(byType[t]), Current: current == t.Slug()})
		}
		units := FilterGroup{Title: "报送单位", Collapsed: !strings.HasPrefix(current, "unit/")}
		for _, u := range b.units {
			if n := len(byUnit[u.Name]); n > 0 {
				units.Links = append(units.Links, Link{Title: u.Name, URL: "commitments/unit/" + u.Slug + "/", Count: n, Current: current == "unit/"+u.Slug})
			}
		}
		return []FilterGroup{types, units}
	}
	intro := "企业作出的主动公示型、审批替代型、行业自律型和信用修复型信用承诺，按承诺时间从新到旧排列。"
	list := func(base, heading, current string, recs []*model.Commitment, crumbs []Link) []job {
		return b.paginate(base, "commitments.html", "commitments", len(recs), func(lo, hi int) *ListData {
			return &ListData{Heading: heading, Intro: intro, Crumbs: crumbs, Filters: filters(current), Downloads: commitmentDownloads, Commitments: recs[lo:hi]}
		})
	}
	jobs := list("commitments/", cfg.Commitments, "", all, nil)
	top := []Link{{Title: cfg.Commitments, URL: "commitments/"}}
	for _, t := range model.CommitmentTypes {
		jobs = append(jobs, list("commitments/"+t.Slug()+"/", string(t)+cfg.Commitments, t.Slug(), byType[t], top)...)
	}
	for _, u := range b.units {
		if recs := byUnit[u.Name]; len(recs) > 0 {
			jobs = append(jobs, list("commitments/unit/"+u.Slug+"/", cfg.Commitments+"：“"+u.Name+"”报送", "unit/"+u.Slug, recs, top)...)
		}
	}
	return jobs
}

// enterpriseList lists every enterprise by code, so that /enterprises/
// is a page too and not a dead end for someone trimming a URL.
func (b *builder) enterpriseList() []job {
	es := b.in.Data.Enterprises
	return b.paginate("enterprises/", "enterprises.html", "enterprises", len(es), func(lo, hi int) *ListData {
		return &ListData{Heading: "全部公示企业", Intro: "在本专栏公示过信息的全部企业，按统一社会信用代码排列。查找某家企业请使用搜索。", Enterprises: es[lo:hi]}
	})
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
			pages = append(pages, b.render("enterprise.html", b.page(dir, e.Name, "enterprises", e)))
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
		jobs = append(jobs, b.render("page.html", b.page(p.Path+"/", p.Title, navSec, pageData{p})))
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
