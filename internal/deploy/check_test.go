package deploy

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"creditsite/internal/manifest"
	"creditsite/internal/searchindex"

	"github.com/minio/minio-go/v7"
)

// listKeys returns the keys under testPrefix with the prefix removed.
func listKeys(t *testing.T, b *bucket) []string {
	t.Helper()
	var keys []string
	for o := range b.admin.ListObjectsIter(context.Background(), b.name, minio.ListObjectsOptions{Prefix: testPrefix + "/", Recursive: true}) {
		if o.Err != nil {
			t.Fatalf("list %s: %v", b.name, o.Err)
		}
		keys = append(keys, strings.TrimPrefix(o.Key, testPrefix+"/"))
	}
	slices.Sort(keys)
	return keys
}

// read returns the object rel through the S3 API, as a visitor gets it.
func (b *bucket) read(rel string) ([]byte, minio.ObjectInfo, error) {
	obj, err := b.admin.GetObject(context.Background(), b.name, testPrefix+"/"+rel, minio.GetObjectOptions{})
	if err != nil {
		return nil, minio.ObjectInfo{}, err
	}
	defer obj.Close()
	body, err := io.ReadAll(obj)
	if err != nil {
		return nil, minio.ObjectInfo{}, err
	}
	info, err := obj.Stat()
	return body, info, err
}

// served is how the bucket must serve a site file, by what
// manifest.Classify says it is and by its extension.
func served(t *testing.T, rel string) (contentType, cacheControl string) {
	t.Helper()
	switch manifest.Classify(rel) {
	case manifest.Asset:
		cacheControl = "public, max-age=3600"
	case manifest.SearchFile:
		cacheControl = "public, max-age=31536000, immutable"
	case manifest.SearchRoot:
		cacheControl = "no-cache"
	default: // pages, lists, home, feeds
		cacheControl = "public, max-age=300"
	}
	contentType, ok := map[string]string{
		".html": "text/html; charset=utf-8",
		".css":  "text/css; charset=utf-8",
		".js":   "text/javascript; charset=utf-8",
		".json": "application/json; charset=utf-8",
		".xml":  "application/xml; charset=utf-8",
		".txt":  "text/plain; charset=utf-8",
		".csv":  "text/csv; charset=utf-8",
		".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		".svg":  "image/svg+xml; charset=utf-8",
		".png":  "image/png",
		".bin":  "application/octet-stream",
	}[path.Ext(rel)]
	if !ok {
		t.Errorf("%s: the test does not know how to serve this file; add its extension to served", rel)
	}
	return contentType, cacheControl
}

// object is an object of the bucket as a visitor gets it.
type object struct {
	body []byte
	info minio.ObjectInfo
}

// snapshot reads every object under testPrefix through the S3 API.
func snapshot(t *testing.T, b *bucket) map[string]object {
	t.Helper()
	objs := map[string]object{}
	for _, rel := range listKeys(t, b) {
		body, info, err := b.read(rel)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		objs[rel] = object{body, info}
	}
	return objs
}

// checkBucket checks that the prefix holds exactly the site's files, the
// retired search files kept in their grace period with the state naming
// them, and the foreign object if any; every file byte-identical and
// served with the headers its kind calls for.
func checkBucket(t *testing.T, b *bucket, site, retired map[string][]byte, foreign string) {
	t.Helper()
	want := append(sortedKeys(site), sortedKeys(retired)...)
	if len(retired) > 0 {
		want = append(want, stateName)
	}
	if foreign != "" {
		want = append(want, foreign)
	}
	slices.Sort(want)
	objs := snapshot(t, b)
	if got := sortedKeys(objs); !slices.Equal(got, want) {
		t.Fatalf("bucket %s holds\n%q\nwant\n%q", b.name, got, want)
	}
	for _, files := range []map[string][]byte{site, retired} {
		for rel, f := range files {
			o := objs[rel]
			if !bytes.Equal(o.body, f) {
				t.Errorf("%s: object differs from the built file (%d bytes, want %d)", rel, len(o.body), len(f))
			}
			ctype, cache := served(t, rel)
			h := o.info.Metadata
			if o.info.ContentType != ctype || h.Get("Cache-Control") != cache || h.Get("Content-Encoding") != "" {
				t.Errorf("%s (%v): served as %q, %q, encoding %q; want %q, %q", rel, manifest.Classify(rel),
					o.info.ContentType, h.Get("Cache-Control"), h.Get("Content-Encoding"), ctype, cache)
			}
		}
	}
}

// checkFromEither checks that every site object is a whole file of one
// of the two sites.
func checkFromEither(t *testing.T, objs map[string]object, x, y *builtSite) {
	t.Helper()
	for rel, o := range objs {
		if rel != stateName && !bytes.Equal(o.body, x.files[rel]) && !bytes.Equal(o.body, y.files[rel]) {
			t.Errorf("%s: object is neither site's file", rel)
		}
	}
}

// linkPattern finds links in pages (href, src), sitemaps (loc) and
// robots.txt (Sitemap).
var linkPattern = regexp.MustCompile(`(?:href|src)="([^"]*)"|<loc>([^<]*)</loc>|(?m)^Sitemap:\s*(\S+)`)

// checkServesWholeSite checks that the objects make one whole site: every
// link of every page, feed and sitemap that a visitor or a crawler
// reaches from the home page, the 404 page and robots.txt lands on an
// object, and search/meta.json names only objects that are there.
func checkServesWholeSite(t *testing.T, objs map[string]object) {
	t.Helper()
	base, err := url.Parse(testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	has := func(rel string) bool { _, ok := objs[rel]; return ok }
	seen := map[string]bool{}
	queue := []string{"index.html", "404.html", "robots.txt"}
	for len(queue) > 0 {
		rel := queue[0]
		queue = queue[1:]
		if seen[rel] {
			continue
		}
		seen[rel] = true
		if !has(rel) {
			t.Errorf("%s is not in the bucket", rel)
			continue
		}
		for _, m := range linkPattern.FindAllStringSubmatch(string(objs[rel].body), -1) {
			link := html.UnescapeString(m[1] + m[2] + m[3])
			target, ok := siteFile(base, rel, link)
			switch {
			case !ok:
			case !has(target):
				t.Errorf("%s links to %s, which is not in the bucket", rel, link)
			case manifest.Classify(target) != manifest.Asset && path.Ext(target) != ".txt":
				queue = append(queue, target) // a page, a list, a feed or a sitemap
			}
		}
	}
	if len(seen) < 20 {
		t.Errorf("only %d pages reached from the home page", len(seen))
	}
	refs, err := searchindex.Referenced(func(name string) ([]byte, error) {
		if o, ok := objs[name]; ok {
			return o.body, nil
		}
		return nil, fmt.Errorf("%s is not in the bucket", name)
	})
	if err != nil {
		t.Fatalf("search files: %v", err)
	}
	for _, ref := range refs {
		if !has(ref) {
			t.Errorf("%s names %s, which is not in the bucket", searchRoot, ref)
		}
	}
}

// siteFile returns the site file a link of the page rel lands on, or
// false for a link leaving the site.
func siteFile(base *url.URL, rel, link string) (string, bool) {
	u, err := base.JoinPath(rel).Parse(link)
	if err != nil || u.Host != base.Host || !strings.HasPrefix(u.Path, base.Path) {
		return "", false
	}
	target := strings.TrimPrefix(u.Path, base.Path)
	if target == "" || strings.HasSuffix(target, "/") {
		target += "index.html"
	}
	return target, true
}
