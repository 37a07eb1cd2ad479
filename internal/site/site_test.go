package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"creditsite"
	"creditsite/internal/config"
	"creditsite/internal/content"
	"creditsite/internal/gen"
	"creditsite/internal/humanize"
	"creditsite/internal/memfiles"
	"creditsite/internal/model"
	"creditsite/internal/render"
)

func theme(t testing.TB, siteLayouts string) *render.Theme {
	t.Helper()
	sub, _ := fs.Sub(creditsite.Layouts, "layouts")
	th, err := render.Load(sub, siteLayouts)
	if err != nil {
		t.Fatal(err)
	}
	return th
}

func sample(t testing.TB, enterprises, commitments int) *model.Dataset {
	d := gen.Generate(gen.Options{Enterprises: enterprises, Commitments: commitments, Seed: 3})
	if err := d.Write(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	return d.Dataset()
}

func build(t testing.TB, in *Input) map[string][]byte {
	t.Helper()
	var w memfiles.Files
	if _, err := Build(in, &w); err != nil {
		t.Fatal(err)
	}
	return w.Map()
}

func input(t testing.TB, ds *model.Dataset) *Input {
	cfg := config.Default()
	return &Input{Config: cfg, Data: ds, Theme: theme(t, ""), Today: model.Date{Year: 2026, Month: 11, Day: 26}}
}

func TestBuildPagesAndPagination(t *testing.T) {
	ds := sample(t, 130, 1234)
	files := build(t, input(t, ds))
	for _, p := range []string{"index.html", "disclosures/index.html", "disclosures/page/3/index.html", "commitments/index.html",
		"commitments/page/25/index.html", "commitments/repair/index.html", "commitments/voluntary/index.html",
		"404.html", "robots.txt", "css/site.css", "js/site.js"} {
		if files[p] == nil {
			t.Errorf("missing %s", p)
		}
	}
	if files["disclosures/page/4/index.html"] != nil || files["commitments/page/26/index.html"] != nil {
		t.Error("a page past the end was written")
	}
	for _, e := range ds.Enterprises {
		page := string(files["enterprises/"+e.Code+"/index.html"])
		if !strings.Contains(page, e.Code) || !strings.Contains(page, e.Name) {
			t.Fatalf("enterprise page of %s lacks its name or code", e.Code)
		}
		for _, c := range e.Commitments {
			if !strings.Contains(page, c.Item) {
				t.Fatalf("enterprise page of %s lacks commitment %q", e.Code, c.Item)
			}
		}
	}
	list := string(files["commitments/index.html"])
	if !strings.Contains(list, "共 <strong>1,234</strong> 条") {
		t.Error("commitments list does not state the total")
	}
	// Newest first: page 1 starts with the newest commitment.
	first := ds.Commitments[0]
	if i := strings.Index(list, "<tbody>"); i < 0 || !strings.Contains(list[i:i+600], first.Code) {
		t.Errorf("first row of commitments/ is not the newest commitment %s", first.Code)
	}
	// Page 2 holds records 51..100.
	p2 := string(files["commitments/page/2/index.html"])
	if got := strings.Count(p2, "<tr>") - 1; got != 50 {
		t.Errorf("page 2 has %d rows, want 50", got)
	}
	if !strings.Contains(p2, ds.Commitments[50].Item) {
		t.Error("page 2 does not start at record 51")
	}
	// Each type list holds exactly its records.
	for _, ty := range model.CommitmentTypes {
		n := 0
		for _, c := range ds.Commitments {
			if c.Type == ty {
				n++
			}
		}
		page := string(files["commitments/"+ty.Slug()+"/index.html"])
		if !strings.Contains(page, fmt.Sprintf("共 <strong>%s</strong> 条", humanize.Int(n))) {
			t.Errorf("%s list does not say %d", ty, n)
		}
	}
}

var hrefRe = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// TestLinksResolve follows every relative link of every page and checks
// it lands on a file of the site, as a static server under any sub-path
// would resolve it. Content pages link root-absolute, as staff write them.
// The base URL is absolute, as in the shipped config.yaml: the default
// theme's footer links to sitemap.xml, which is written only then.
func TestLinksResolve(t *testing.T) {
	ds := sample(t, 120, 800)
	in := input(t, ds)
	in.Config.BaseURL = "https://xy.yichang.gov.cn/xyyc/"
	in.Pages = pages(t, map[string]string{
		"about.md":          "[企业亮信用](/disclosures/?unit=xiling#top) [统计](/stats/) ![图标](/favicon.png)\n",
		"notices/_index.md": "---\ntitle: 通知公告\n---\n",
		"notices/a.md":      "[首页](/) [关于](/about/#联系) [承诺](/commitments/repair/) [下载](/opendata/commitments.csv)\n",
	})
	files := build(t, in)
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") || name == "404.html" {
			continue
		}
		dir := filepath.ToSlash(filepath.Dir(name))
		for _, m := range hrefRe.FindAllStringSubmatch(string(data), -1) {
			href := strings.ReplaceAll(m[1], "&amp;", "&")
			if strings.HasPrefix(href, "#") {
				continue
			}
			if strings.HasPrefix(href, "/") || strings.Contains(href, "://") {
				t.Fatalf("%s: link %q is not relative", name, href)
			}
			// A static server ignores the query and the fragment; a
			// digest in the query must be the target's (see SiteData.Asset).
			href, _, _ = strings.Cut(href, "#")
			href, query, _ := strings.Cut(href, "?")
			version, versioned := strings.CutPrefix(query, "v=")
			target := filepath.ToSlash(filepath.Join(dir, href))
			if strings.HasPrefix(target, "..") {
				t.Fatalf("%s: link %q leaves the site", name, href)
			}
			if strings.HasSuffix(href, "/") || href == "./" || href == "." {
				target = strings.TrimPrefix(target+"/index.html", "./")
				target = strings.TrimPrefix(target, "/")
			}
			if target == "./index.html" || target == "index.html" {
				target = "index.html"
			}
			if files[target] == nil {
				t.Fatalf("%s: link %q → %s does not exist", name, href, target)
			}
			if sum := sha256.Sum256(files[target]); versioned && version != hex.EncodeToString(sum[:6]) {
				t.Fatalf("%s: link %q: version %s is not the digest of %s", name, m[1], version, target)
			}
		}
	}
}

// pages writes Markdown files (slash path under content/ → text) and loads
// them as the build does.
func pages(t testing.TB, files map[string]string) []*content.Page {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := content.Load(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestNotFoundUsesBasePath(t *testing.T) {
	in := input(t, sample(t, 5, 10))
	in.Config.BaseURL = "https://xy.yichang.gov.cn/xyyc/"
	files := build(t, in)
	page := string(files["404.html"])
	if !strings.Contains(page, `href="/xyyc/css/site.css?v=`) || !strings.Contains(page, `href="/xyyc/search/"`) {
		t.Error("404.html links do not use the base path")
	}
	if !strings.Contains(string(files["sitemap.xml"]), "<loc>https://xy.yichang.gov.cn/xyyc/enterprises/") {
		t.Error("sitemap does not use absolute URLs under the base URL")
	}
}

func TestTemplateOverride(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "partials"), 0o755)
	os.WriteFile(filepath.Join(dir, "partials", "footer.html"), []byte(`<footer>本地页脚 {{.Site.Config.Office}}</footer>`), 0o644)
	in := input(t, sample(t, 3, 5))
	in.Theme = theme(t, dir)
	files := build(t, in)
	if !strings.Contains(string(files["index.html"]), "<footer>本地页脚 宜昌市社会信用体系建设领导小组办公室</footer>") {
		t.Error("site partial did not override the default footer")
	}
	if !strings.Contains(string(files["index.html"]), "诚信建设万里行") {
		t.Error("default templates not used for the rest")
	}
}

func TestTemplateErrorNamesFileAndLine(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "enterprise.html"), []byte("{{define \"main\"}}\n<p>{{.Nope.Name}}</p>\n{{end}}"), 0o644)
	in := input(t, sample(t, 3, 5))
	in.Theme = theme(t, dir)
	_, err := Build(in, &memfiles.Files{})
	if err == nil || !strings.Contains(err.Error(), "layouts/enterprise.html:2") {
		t.Fatalf("error %v does not name layouts/enterprise.html:2", err)
	}
	sub, _ := fs.Sub(creditsite.Layouts, "layouts")
	os.WriteFile(filepath.Join(dir, "enterprise.html"), []byte("{{define \"main\"}}\n\n{{if}}\n{{end}}"), 0o644)
	if _, err := render.Load(sub, dir); err == nil || !strings.Contains(err.Error(), "layouts/enterprise.html:3") {
		t.Fatalf("parse error %v does not name layouts/enterprise.html:3", err)
	}
}

func TestEscaping(t *testing.T) {
	c := &model.Commitment{Name: `<script>alert(1)</script>公司`, Code: "91420582MA4F4R53XQ", Type: model.Voluntary,
		Item: `"><img src=x onerror=alert(2)>`, Date: model.Date{Year: 2026, Month: 1, Day: 2}, Source: model.Source{Unit: "西陵区"}}
	files := build(t, input(t, model.NewDataset(nil, []*model.Commitment{c})))
	for name, data := range files {
		if strings.HasSuffix(name, ".csv") {
			continue // CSV is data, not markup: opendata tests check its quoting
		}
		if strings.Contains(string(data), "<script>alert(1)") || strings.Contains(string(data), "<img src=x") {
			t.Errorf("%s contains unescaped markup", name)
		}
	}
	if !strings.Contains(string(files["enterprises/91420582MA4F4R53XQ/index.html"]), "&lt;script&gt;alert(1)&lt;/script&gt;公司") {
		t.Error("name not shown as text")
	}
}

func TestContentPages(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "notices"), 0o755)
	os.WriteFile(filepath.Join(dir, "about.md"), []byte("---\ntitle: 关于本专栏\nweight: 1\n---\n\n| 列 | 值 |\n|---|---|\n| a | b |\n\n<script>x()</script>\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notices", "2018-26.md"), []byte("---\ntitle: 宜信用办〔2018〕26号\ndate: 2018-12-17\n---\n正文**加粗**。\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notices", "draft.md"), []byte("---\ntitle: 草稿\ndraft: true\n---\n"), 0o644)
	pages, err := content.Load(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	in := input(t, sample(t, 3, 5))
	in.Pages = pages
	files := build(t, in)
	about := string(files["about/index.html"])
	if !strings.Contains(about, "<table>") || strings.Contains(about, "<script>x()") {
		t.Error("about page: GFM table missing or raw HTML passed through")
	}
	if !strings.Contains(string(files["notices/2018-26/index.html"]), "<strong>加粗</strong>") {
		t.Error("notice body not rendered")
	}
	if files["notices/draft/index.html"] != nil {
		t.Error("draft published")
	}
	if !strings.Contains(string(files["notices/index.html"]), "宜信用办〔2018〕26号") {
		t.Error("notices list lacks the notice")
	}
	if !strings.Contains(string(files["index.html"]), `href="./about/"`) {
		t.Error("about page not in the navigation")
	}
}

// A row is rendered once and placed on list pages at several depths: its
// links must be fixed up for each page, and text that looks like the
// placeholder for the root must be left alone.
func TestCachedRowsOnEveryDepth(t *testing.T) {
	c := &model.Commitment{Name: "宜昌__creditsite_root__/公司", Code: "91420582MA4F4R53XQ", Type: model.Voluntary,
		Item: `="__creditsite_root__/x`, Date: model.Date{Year: 2026, Month: 1, Day: 2}, Source: model.Source{Unit: "西陵区"}}
	files := build(t, input(t, model.NewDataset(nil, []*model.Commitment{c})))
	for page, root := range map[string]string{
		"index.html":                         "./",
		"commitments/index.html":             "../",
		"commitments/voluntary/index.html":   "../../",
		"commitments/unit/xiling/index.html": "../../../",
	} {
		html := string(files[page])
		if !strings.Contains(html, `href="`+root+`enterprises/91420582MA4F4R53XQ/"`) {
			t.Errorf("%s: no link to the enterprise relative to %s", page, root)
		}
		if page != "index.html" && !strings.Contains(html, "&#34;__creditsite_root__/x") {
			t.Errorf("%s: the item's text was changed", page)
		}
	}
	for name, data := range files {
		if strings.Contains(string(data), `="`+rootMarker) {
			t.Errorf("%s: a link still holds the root placeholder", name)
		}
	}
}
