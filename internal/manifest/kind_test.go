package manifest

import "testing"

func TestClassify(t *testing.T) {
	for name, want := range map[string]Kind{
		"index.html":                Home,
		"404.html":                  Home,
		"search/meta.json":          SearchRoot,
		"search/t/0123456789ab.bin": SearchFile,
		"search/index.html":         SearchRoot, // carries meta.json
		"enterprises/91420500MA4F0001X/index.html": Page,
		"enterprises/91420500MA4F0001X/证书.pdf":     Asset,
		"enterprises/index.html":                   List,
		"enterprises/page/2/index.html":            List,
		"disclosures/index.html":                   List,
		"css/site.css":                             Asset,
		"js/search/ui.js":                          Asset, // not under search/: a module with a digest query
		"opendata/commitments.csv":                 Asset,
		"feed.xml":                                 Feed,
		"sitemap.xml":                              Feed,
		"sitemap-2.xml":                            Feed,
		"robots.txt":                               Feed,
	} {
		if got := Classify(name); got != want {
			t.Errorf("Classify(%q) = %v, want %v", name, got, want)
		}
	}
	// What links comes after what it links to.
	order := []Kind{Asset, Page, List, Home}
	for i := 1; i < len(order); i++ {
		if order[i-1].Stage() >= order[i].Stage() {
			t.Errorf("%v must be published before %v", order[i-1], order[i])
		}
	}
	if SearchFile.Stage() >= SearchRoot.Stage() {
		t.Error("search files must be published before the root naming them")
	}
}
