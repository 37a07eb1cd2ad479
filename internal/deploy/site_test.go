package deploy

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// siteVersion describes a built site for the integration tests: which
// enterprises it lists, the content of its search shards, and a stamp that
// changes the home page, feeds and list pages.
type siteVersion struct {
	enterprises []string // 统一社会信用代码 of the 企业亮信用 entries
	shards      []string // search shard contents
	stamp       string
}

// builtFile is one file of a generated site, with the headers the bucket
// must serve it with.
type builtFile struct {
	body                      []byte
	contentType, cacheControl string
	contentEncoding           string
}

const (
	wantHTML = "text/html; charset=utf-8"
	wantJSON = "application/json; charset=utf-8"
	wantXML  = "application/xml; charset=utf-8"
	immut    = "public, max-age=31536000, immutable"
	short    = "public, max-age=300"
	hour     = "public, max-age=3600"
)

func fingerprint(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])[:8]
}

// generate returns a built-site-like tree: pages in nested folders that
// link to each other and to assets, fingerprinted css, search shards with
// hashed names and an entry json, attachments, feeds and precompressed
// copies, as the real build lays them out.
func generate(v siteVersion) map[string]builtFile {
	files := map[string]builtFile{}
	add := func(rel string, body []byte, ctype, cache string) {
		files[rel] = builtFile{body: body, contentType: ctype, cacheControl: cache}
	}
	css := []byte("body{font-family:sans-serif}\n.list td{padding:4px}\n")
	cssRel := "css/site." + fingerprint(css) + ".css"
	add(cssRel, css, "text/css; charset=utf-8", immut)
	add("js/search.js", []byte("fetch('/search/meta.json').then(r=>r.json());\n"), "text/javascript; charset=utf-8", hour)
	add("images/logo.png", pngBytes(), "image/png", hour)
	add("images/icon.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>`), "image/svg+xml; charset=utf-8", hour)
	add("data/commitments.csv", []byte("序号,主体名称,统一社会信用代码\n1,宜昌示例有限公司,91420500MA4F0001X\n"), "text/csv; charset=utf-8", hour)

	page := func(rel, title string, links ...string) {
		var b strings.Builder
		fmt.Fprintf(&b, "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>%s</title>", title)
		fmt.Fprintf(&b, "<link rel=\"stylesheet\" href=\"/%s\"><script src=\"/js/search.js\"></script></head><body>", cssRel)
		fmt.Fprintf(&b, "<img src=\"/images/logo.png\" alt=\"\"><h1>%s</h1><ul>", title)
		for _, l := range links {
			fmt.Fprintf(&b, "<li><a href=\"/%s\">%s</a></li>", l, l)
		}
		fmt.Fprintf(&b, "</ul><p>%s</p></body></html>\n", v.stamp)
		add(rel, []byte(b.String()), wantHTML, short)
	}
	var details []string
	for _, code := range v.enterprises {
		pdf := "enterprises/" + code + "/信用承诺书.pdf"
		add(pdf, pdfBytes(code), "application/pdf", hour)
		page("disclosures/"+code+"/index.html", "企业亮信用 "+code, pdf, "disclosures/")
		details = append(details, "disclosures/"+code+"/")
	}
	page("disclosures/index.html", "企业亮信用", details...)
	page("commitments/index.html", "信用承诺", "commitments/page/2/")
	page("commitments/page/2/index.html", "信用承诺 第2页", "commitments/")
	page("index.html", "诚信建设万里行", append([]string{"disclosures/", "commitments/", "data/commitments.csv"}, details...)...)
	page("404.html", "页面不存在", "")
	home := files["index.html"]
	files["index.html.gz"] = builtFile{gzipBytes(home.body), wantHTML, short, "gzip"}

	var shardNames []string
	for _, s := range v.shards {
		body := []byte(s)
		name := "search/shard-" + fingerprint(body) + ".json"
		add(name, body, wantJSON, immut)
		files[name+".gz"] = builtFile{gzipBytes(body), wantJSON, immut, "gzip"}
		shardNames = append(shardNames, strings.TrimPrefix(name, "search/"))
	}
	meta, _ := json.Marshal(map[string]any{"shards": shardNames, "stamp": v.stamp})
	add("search/meta.json", meta, wantJSON, short)

	var urls strings.Builder
	for _, rel := range sortedKeys(files) {
		if strings.HasSuffix(rel, "index.html") {
			fmt.Fprintf(&urls, "<url><loc>/%s</loc></url>", strings.TrimSuffix(rel, "index.html"))
		}
	}
	add("sitemap.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><urlset>`+urls.String()+`</urlset>`), wantXML, short)
	var items strings.Builder
	for _, d := range details {
		fmt.Fprintf(&items, "<item><link>/%s</link></item>", d)
	}
	add("feed.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><rss><channel><title>`+v.stamp+`</title>`+items.String()+`</channel></rss>`), wantXML, short)
	return files
}

func writeSite(t *testing.T, dir string, files map[string]builtFile) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for rel, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func pngBytes() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for i := range 4 {
		img.Set(i, i, color.RGBA{200, 20, 20, 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func pdfBytes(code string) []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% " +
		code + "\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
