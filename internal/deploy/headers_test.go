package deploy

import "testing"

func TestIsHashed(t *testing.T) {
	for name, want := range map[string]bool{
		"search/shard-3fa9c2d1.json":          true,
		"css/site.3fa9c2d1.css":               true,
		"js/app_0123abcd9f.js":                true,
		"search/meta.json":                    false,
		"css/site.css":                        false,
		"enterprises/914205/20230501.pdf":     false, // a date, not a hash
		"enterprises/914205/3fa9c2d.pdf":      false, // too short
		"images/deadbeefcafe.png":             false, // no digit
		"css/site.3FA9C2D1.css":               false, // hashes are lowercase
		"3fa9c2d1/index.html":                 false, // only the file name counts
		"search/shard-3fa9c2d1.json.gz":       true,
		"enterprises/91420500MA4F0001X/x.pdf": false,
	} {
		if got := IsHashed(name); got != want {
			t.Errorf("IsHashed(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestHeadersFor(t *testing.T) {
	site := map[string]bool{
		"index.html": true, "index.html.gz": true, "data/export.csv.gz": true,
		"search/shard-3fa9c2d1.json": true, "search/shard-3fa9c2d1.json.gz": true,
	}
	exists := func(rel string) bool { return site[rel] }
	for rel, want := range map[string]Headers{
		"index.html":                    {"text/html; charset=utf-8", cacheShort, ""},
		"index.html.gz":                 {"text/html; charset=utf-8", cacheShort, "gzip"},
		"disclosures/page/2/index.html": {"text/html; charset=utf-8", cacheShort, ""},
		"feed.xml":                      {"application/xml; charset=utf-8", cacheShort, ""},
		"sitemap.xml":                   {"application/xml; charset=utf-8", cacheShort, ""},
		"search/meta.json":              {"application/json; charset=utf-8", cacheShort, ""},
		"search/shard-3fa9c2d1.json":    {"application/json; charset=utf-8", cacheImmutable, ""},
		"search/shard-3fa9c2d1.json.gz": {"application/json; charset=utf-8", cacheImmutable, "gzip"},
		"css/site.3fa9c2d1.css":         {"text/css; charset=utf-8", cacheImmutable, ""},
		"css/site.css":                  {"text/css; charset=utf-8", cacheAsset, ""},
		"js/search.js":                  {"text/javascript; charset=utf-8", cacheAsset, ""},
		"images/logo.svg":               {"image/svg+xml; charset=utf-8", cacheAsset, ""},
		"images/logo.PNG":               {"image/png", cacheAsset, ""},
		"enterprises/9142/承诺书.pdf":      {"application/pdf", cacheAsset, ""},
		"data/commitments.csv":          {"text/csv; charset=utf-8", cacheAsset, ""},
		"data/export.csv.gz":            {"application/gzip", cacheAsset, ""}, // no data/export.csv: a download
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
