package site

import (
	"bytes"
	"encoding/xml"
	"strconv"
)

// maxSitemapURLs is the sitemaps.org limit per file; larger sites get a
// sitemap index.
const maxSitemapURLs = 50000

func itoa(n int) string { return strconv.Itoa(n) }

// sitemap writes sitemap.xml (and sitemap-N.xml parts for large sites).
// It must be created after every page job, since it lists their paths.
func (b *builder) sitemap() job {
	paths := b.paths
	cfg := b.in.Config
	return func(w Writer) (int, error) {
		if len(paths) <= maxSitemapURLs {
			return 0, w.WriteFile("sitemap.xml", urlset(paths, cfg.AbsURL))
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
		return 0, w.WriteFile("sitemap.xml", idx.Bytes())
	}
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

func (b *builder) robots() job {
	body := "User-agent: *\nAllow: /\nSitemap: " + b.in.Config.AbsURL("sitemap.xml") + "\n"
	return func(w Writer) (int, error) { return 0, w.WriteFile("robots.txt", []byte(body)) }
}
