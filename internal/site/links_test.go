package site

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"creditsite/internal/memfiles"
)

// buildResult builds in and returns the result with the files written.
func buildResult(t testing.TB, in *Input) (*Result, map[string][]byte) {
	t.Helper()
	var w memfiles.Files
	res, err := Build(in, &w)
	if err != nil {
		t.Fatal(err)
	}
	return res, w.Map()
}

// TestNoSitemapWithoutAbsoluteBaseURL: a sitemap of host-relative URLs is
// rejected by search engines, so without a host none is written, robots.txt
// names none, and the build warns once, also of 404.html's links, which
// assume the site is at the domain root (or the base URL's path).
func TestNoSitemapWithoutAbsoluteBaseURL(t *testing.T) {
	for _, base := range []string{"/", "/xyyc/"} {
		in := input(t, sample(t, 5, 10))
		in.Config.BaseURL = base
		res, files := buildResult(t, in)
		if files["sitemap.xml"] != nil || files["sitemap-1.xml"] != nil {
			t.Errorf("%s: sitemap written", base)
		}
		if got := string(files["robots.txt"]); got != "User-agent: *\nAllow: /\n" {
			t.Errorf("%s: robots.txt %q", base, got)
		}
		if !slices.Equal(res.Warnings, []string{noBaseURL}) {
			t.Errorf("%s: warnings %q, want the one about the sitemap", base, res.Warnings)
		}
	}
	for _, want := range []string{"config.yaml", "baseURL", "--base-url", "https://xy.yichang.gov.cn/xyyc/", "404 页面", "域名根目录"} {
		if !strings.Contains(noBaseURL, want) {
			t.Errorf("the warning does not name %s: %s", want, noBaseURL)
		}
	}
}

var locRe = regexp.MustCompile(`<loc>([^<]*)</loc>`)

// TestSitemapWithAbsoluteBaseURL: with a host, the sitemap lists every page
// by its absolute URL and robots.txt names it; nothing is warned.
func TestSitemapWithAbsoluteBaseURL(t *testing.T) {
	in := input(t, sample(t, 5, 10))
	in.Config.BaseURL = "https://xy.yichang.gov.cn/xyyc/"
	res, files := buildResult(t, in)
	if len(res.Warnings) != 0 {
		t.Errorf("warnings %q", res.Warnings)
	}
	if got, want := string(files["robots.txt"]), "User-agent: *\nAllow: /\nSitemap: https://xy.yichang.gov.cn/xyyc/sitemap.xml\n"; got != want {
		t.Errorf("robots.txt %q, want %q", got, want)
	}
	locs := locRe.FindAllStringSubmatch(string(files["sitemap.xml"]), -1)
	if len(locs) != res.Pages-1 { // every page but 404.html
		t.Errorf("sitemap lists %d URLs for %d pages", len(locs), res.Pages)
	}
	for _, m := range locs {
		page := strings.TrimPrefix(m[1], "https://xy.yichang.gov.cn/xyyc/")
		if page == m[1] || files[page+"index.html"] == nil {
			t.Errorf("sitemap URL %s is not an absolute URL of a page", m[1])
		}
	}
}

// TestBrokenMarkdownLinksWarn: a Markdown link, root-absolute or relative,
// to a file the build did not write is a warning naming the file and line
// of the link; links to pages, folders, downloads, theme files and other
// content pages are good, external ones are not checked.
func TestBrokenMarkdownLinksWarn(t *testing.T) {
	in := input(t, sample(t, 5, 10))
	code := in.Data.Enterprises[0].Code
	in.Pages = pages(t, map[string]string{
		"about.md": "---\ntitle: 关于\n---\n" +
			"[企业亮信用](/disclosures/) [统计](../stats/) [无斜杠](/stats) [企业](/enterprises/" + code + "/)\n" + // 4
			"[没有](/foo/)\n" + // 5
			"[相对错了](stats/)\n" + // 6
			"[源文件](/about.md)\n" + // 7
			"[外部](https://example.com/nothing/) [邮件](mailto:a@example.com) [本页](#top)\n" + // 8
			"[下载](/opendata/disclosures.csv) [样式](/css/site.css?v=1) [通知](/notices/%E9%80%9A%E7%9F%A5/) [首页](/)\n" + // 9
			"![图](/images/none.png) [地图](/sitemap.xml)\n", // 10
		"notices/通知.md": "[关于](../../about/#联系)\n\n[外面](../../../portal/)\n",
	})
	res, files := buildResult(t, in)
	want := []string{
		noBaseURL,
		"content/about.md:5: 警告：链接“/foo/”指向的页面不存在",
		"content/about.md:6: 警告：链接“stats/”指向的页面不存在（相对链接从本页的地址 about/ 算起，即 /about/stats/）",
		"content/about.md:7: 警告：链接“/about.md”指向的页面不存在：请写页面的地址（如 /about/），不要写 .md 文件名",
		"content/about.md:10: 警告：链接“/images/none.png”指向的页面不存在",
		"content/about.md:10: 警告：链接“/sitemap.xml”指向的页面不存在",
		"content/notices/通知.md:3: 警告：链接“../../../portal/”指向网站以外（相对链接从本页的地址 notices/通知/ 算起）；链接本网站的页面请写成 /about/ 这样以 / 开头的地址",
	}
	if !slices.Equal(res.Warnings, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(res.Warnings, "\n"), strings.Join(want, "\n"))
	}
	about := string(files["about/index.html"])
	for _, href := range []string{`href="../disclosures/"`, `href="../foo/"`, `href="../css/site.css?v=1"`, `href="../"`, `src="../images/none.png"`} {
		if !strings.Contains(about, href) {
			t.Errorf("about/index.html lacks %s", href)
		}
	}
}
