package deploy

import "testing"

func TestHeadersFor(t *testing.T) {
	site := map[string]bool{
		"index.html": true, "index.html.gz": true, "opendata/export.csv.gz": true,
		"search/t/0123456789ab.bin": true, "search/t/0123456789ab.bin.gz": true,
		"search/meta.json": true, "search/meta.json.gz": true,
	}
	exists := func(rel string) bool { return site[rel] }
	for rel, want := range map[string]Headers{
		"index.html":                         {"text/html; charset=utf-8", cacheShort, ""},
		"index.html.gz":                      {"text/html; charset=utf-8", cacheShort, "gzip"},
		"404.html":                           {"text/html; charset=utf-8", cacheShort, ""},
		"disclosures/unit/xiling/index.html": {"text/html; charset=utf-8", cacheShort, ""},
		"enterprises/91420500MA4F0001X/index.html": {"text/html; charset=utf-8", cacheShort, ""},
		"feed.xml":                      {"application/xml; charset=utf-8", cacheShort, ""},
		"sitemap.xml":                   {"application/xml; charset=utf-8", cacheShort, ""},
		"robots.txt":                    {"text/plain; charset=utf-8", cacheShort, ""},
		"search/meta.json":              {"application/json; charset=utf-8", "no-cache", ""},
		"search/meta.json.gz":           {"application/json; charset=utf-8", "no-cache", "gzip"},
		"search/index.html":             {"text/html; charset=utf-8", cacheRevalidate, ""}, // carries meta.json
		"search/t/0123456789ab.bin":     {"application/octet-stream", cacheImmutable, ""},
		"search/t/0123456789ab.bin.gz":  {"application/octet-stream", cacheImmutable, "gzip"},
		"search/d/0123456789ab.json":    {"application/json; charset=utf-8", cacheImmutable, ""},
		"search/c/0123456789ab.txt":     {"text/plain; charset=utf-8", cacheImmutable, ""},
		"css/site.css":                  {"text/css; charset=utf-8", cacheAsset, ""},
		"js/search/ui.js":               {"text/javascript; charset=utf-8", cacheAsset, ""}, // a module: browsers need a script MIME type
		"favicon.svg":                   {"image/svg+xml; charset=utf-8", cacheAsset, ""},
		"images/logo.PNG":               {"image/png", cacheAsset, ""},
		"enterprises/9142/承诺书.pdf":      {"application/pdf", cacheAsset, ""},
		"enterprises/9142/20230501.pdf": {"application/pdf", cacheAsset, ""},
		"opendata/commitments.csv":      {"text/csv; charset=utf-8", cacheAsset, ""},
		"opendata/commitments.xlsx":     {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", cacheAsset, ""},
		"opendata/export.csv.gz":        {"application/gzip", cacheAsset, ""}, // no opendata/export.csv: a download
		"files/unknown.bin":             {"application/octet-stream", cacheAsset, ""},
	} {
		if got := HeadersFor(rel, exists); got != want {
			t.Errorf("HeadersFor(%q) = %+v, want %+v", rel, got, want)
		}
	}
}

func TestParseTarget(t *testing.T) {
	for in, want := range map[string]Target{
		"s3://credit-site/yichang":  {"credit-site", "yichang"},
		"s3://credit-site/a/b/":     {"credit-site", "a/b"},
		"s3://credit-site":          {"credit-site", ""},
		"s3://credit-1250000000//x": {"credit-1250000000", "x"},
	} {
		got, err := ParseTarget(in)
		if err != nil || got != want {
			t.Errorf("ParseTarget(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"credit-site/yichang", "s3://", "oss://b/p"} {
		if _, err := ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q) accepted", bad)
		}
	}
}

func TestCheckBase(t *testing.T) {
	for _, c := range []struct {
		target, base string
		ok           bool
	}{
		{"s3://site/yichang", "https://xy.yichang.gov.cn/yichang/", true},
		{"s3://site/yichang", "/yichang", true},
		{"s3://site/yichang", "https://www.hubei.gov.cn/xyhb/yichang/", true}, // a CDN maps /xyhb/ onto the bucket
		{"s3://site/a/b", "https://x.gov.cn/a/b/", true},
		{"s3://site", "https://xy.yichang.gov.cn/", true},
		{"s3://site", "/", true},
		{"s3://site/yichang", "https://xy.yichang.gov.cn/", false},
		{"s3://site/yichang", "https://xy.yichang.gov.cn/xyyc/", false},
		{"s3://site/yichang", "https://xy.yichang.gov.cn/oldyichang/", false},
		{"s3://site", "https://xy.yichang.gov.cn/yichang/", false},
	} {
		target, err := ParseTarget(c.target)
		if err != nil {
			t.Fatal(err)
		}
		if err := target.checkBase(c.base); (err == nil) != c.ok {
			t.Errorf("%s with baseURL %s: %v", c.target, c.base, err)
		}
	}
}
