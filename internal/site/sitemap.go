package site

import (
	"bytes"
	"encoding/xml"
	"strconv"
)

// maxSitemapURLs is the sitemaps.org limit per file; larger sites get a
// sitemap index.
const maxSitemapURLs = 50000

// noBaseURL is the warning of a build without an absolute base URL: no
// sitemap, and 404.html, which servers show at any URL and so cannot link
// relatively, links from the base URL's path (the domain root by default).
const noBaseURL = "警告：没有设置网站的完整发布地址，未生成网站地图 sitemap.xml（搜索引擎只接受带域名的完整地址），" +
	"404 页面中的链接也按网站位于域名根目录（或 baseURL 中的路径）生成，网站放在其他子路径下时这些链接会失效；" +
	"请在 config.yaml 中设置 baseURL，或生成时加 --base-url，如 https://xy.yichang.gov.cn/xyyc/"

func itoa(n int) string { return strconv.Itoa(n) }

// planSitemap decides whether the site has a sitemap. Search engines reject
// a sitemap of host-relative <loc>/…</loc> URLs, so one is written only
// when the base URL names the host; otherwise the build warns.
func (b *builder) planSitemap() {
	if b.in.Config.AbsoluteBaseURL() {
		b.site.Sitemap = "sitemap.xml"
		return
	}
	b.warnings = append(b.warnings, noBaseURL)
}

// sitemap returns the job writing sitemap.xml (and sitemap-N.xml parts for
// large sites), none when the site has no sitemap. It must be created
// after every page job, since it lists their paths.
func (b *builder) sitemap() []job {
	if b.site.Sitemap == "" {
		return nil
	}
	paths := b.paths
	cfg := b.in.Config
	return []job{func(w Writer) (int, error) {
		if len(paths) <= maxSitemapURLs {
			return 0, w.WriteFile(b.site.Sitemap, urlset(paths, cfg.AbsURL))
		}
		var idx bytes.Buffer
		idx.WriteString(xml.Header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for i, k := 0, 1; i < len(paths); i, k = i+maxSitemapURLs, k+1 {
			name := "sitemap-" + itoa(k) + ".xml"
			if err := w.WriteFile(name, urlset(paths[i:min(i+maxSitemapURLs, len(paths))], cfg.AbsURL)); err != nil {
				return 0, err
			}
			idx.WriteString("<sitemap><loc>")
			xml.EscapeText(&idx, []byte(cfg.AbsURL(name)))
			idx.WriteString("</loc></sitemap>\n")
		}
		idx.WriteString("</sitemapindex>\n")
		return 0, w.WriteFile(b.site.Sitemap, idx.Bytes())
	}}
}

func urlset(paths []string, abs func(string) string) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range paths {
		buf.WriteString("<url><loc>")
		xml.EscapeText(&buf, []byte(abs(p)))
		buf.WriteString("</loc></url>\n")
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

// robots writes robots.txt, naming the sitemap only when there is one.
func (b *builder) robots() job {
	body := "User-agent: *\nAllow: /\n"
	if b.site.Sitemap != "" {
		body += "Sitemap: " + b.in.Config.AbsURL(b.site.Sitemap) + "\n"
	}
	return func(w Writer) (int, error) { return 0, w.WriteFile("robots.txt", []byte(body)) }
}
