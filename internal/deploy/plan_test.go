package deploy

import (
	"slices"
	"testing"
)

func lf(rel, content string) LocalFile {
	f := LocalFile{Rel: rel, Size: int64(len(content))}
	// Fake but distinct hashes derived from the content.
	f.MD5 = fakeHex(content, 32)
	f.SHA256 = fakeHex(content, 64)
	return f
}

func fakeHex(s string, n int) string {
	const hexd = "0123456789abcdef"
	b := make([]byte, n)
	h := uint32(2166136261)
	for i := range b {
		for j := 0; j < len(s); j++ {
			h = (h ^ uint32(s[j])) * 16777619
		}
		h = (h ^ uint32(i)) * 16777619
		b[i] = hexd[h%16]
	}
	return string(b)
}

// uploaded is the remote view of a file creditsite uploaded earlier:
// plain-MD5 ETag and, if fetched, the stored SHA-256.
func uploaded(l LocalFile, statted bool) RemoteObject {
	r := RemoteObject{Rel: l.Rel, Size: l.Size, ETag: l.MD5}
	if statted {
		r.SHA256 = l.SHA256
	}
	return r
}

func rels(batch []Step) []string {
	var out []string
	for _, s := range batch {
		out = append(out, s.Rel)
	}
	return out
}

func TestMakePlanCountsAndBytes(t *testing.T) {
	same := lf("css/site.css", "body{}")
	old := lf("index.html", "<p>old</p>")
	cur := lf("index.html", "<p>new one</p>")
	gone := lf("enterprises/914205/index.html", "bye")
	added := lf("enterprises/914206/index.html", "hello")
	foreign := RemoteObject{Rel: "MP_verify_abc.txt", Size: 16, ETag: fakeHex("x", 32)}

	p := MakePlan(
		[]LocalFile{same, cur, added},
		[]RemoteObject{uploaded(same, false), uploaded(old, false), uploaded(gone, true), foreign},
	)
	check := func(name string, got Tally, files int, bytes int64) {
		t.Helper()
		if got.Files != files || got.Bytes != bytes {
			t.Errorf("%s = %+v, want %d files %d bytes", name, got, files, bytes)
		}
	}
	check("Added", p.Added, 1, added.Size)
	check("Changed", p.Changed, 1, cur.Size)
	check("Deleted", p.Deleted, 1, gone.Size)
	check("Unchanged", p.Unchanged, 1, same.Size)
	if !slices.Equal(p.Foreign, []string{"MP_verify_abc.txt"}) {
		t.Errorf("Foreign = %v", p.Foreign)
	}
	var all []Step
	for _, b := range append(p.Uploads, p.Deletes...) {
		all = append(all, b...)
	}
	want := []Step{{Add, added.Rel, added.Size}, {Change, cur.Rel, cur.Size}, {Delete, gone.Rel, gone.Size}}
	if !slices.Equal(all, want) {
		t.Errorf("steps = %v, want %v", all, want)
	}
}

func TestMakePlanComparesBySHA256WhenKnown(t *testing.T) {
	l := lf("enterprises/914205/report.pdf", "pdf bytes")
	multipart := RemoteObject{Rel: l.Rel, Size: l.Size, ETag: "0123456789abcdef0123456789abcdef-3", SHA256: l.SHA256}
	if p := MakePlan([]LocalFile{l}, []RemoteObject{multipart}); p.Unchanged.Files != 1 {
		t.Errorf("multipart object with matching SHA-256 not recognised as unchanged: %+v", p)
	}
	// Same ETag as the local MD5 but a different stored hash: the stored hash wins.
	stale := RemoteObject{Rel: l.Rel, Size: l.Size, ETag: l.MD5, SHA256: fakeHex("other", 64)}
	if p := MakePlan([]LocalFile{l}, []RemoteObject{stale}); p.Changed.Files != 1 {
		t.Errorf("object with a different SHA-256 not changed: %+v", p)
	}
	resized := RemoteObject{Rel: l.Rel, Size: l.Size + 1, ETag: l.MD5}
	if p := MakePlan([]LocalFile{l}, []RemoteObject{resized}); p.Changed.Files != 1 {
		t.Errorf("object of another size not changed: %+v", p)
	}
}

func TestMakePlanOrder(t *testing.T) {
	local := []LocalFile{
		lf("feed.xml", "f2"),
		lf("sitemap.xml", "s2"),
		lf("index.html", "home2"),
		lf("index.html.gz", "home2gz"),
		lf("404.html", "nf"),
		lf("disclosures/index.html", "list2"),
		lf("disclosures/91420500MA4F0001X/index.html", "new detail"),
		lf("disclosures/page/2/index.html", "new page 2"),
		lf("search/meta.json", "meta2"),
		lf("search/shard-3fa9c2d1.json", "shard"),
		lf("css/site.3fa9c2d1.css", "css"),
		lf("js/search.js", "js"),
		lf("enterprises/91420500MA4F0001X/承诺书.pdf", "pdf"),
		lf("images/logo.png", "png"),
	}
	old := map[string]string{
		"feed.xml": "f1", "sitemap.xml": "s1", "index.html": "home1", "index.html.gz": "home1gz",
		"404.html": "nf", "disclosures/index.html": "list1", "search/meta.json": "meta1",
		"images/logo.png": "png",
	}
	var remote []RemoteObject
	for rel, c := range old {
		remote = append(remote, uploaded(lf(rel, c), false))
	}
	for _, rel := range []string{"search/shard-00aa11bb.json", "css/site.00aa11bb.css", "disclosures/old/index.html", "feed.xml.bak.xml"} {
		remote = append(remote, uploaded(lf(rel, "gone"), true))
	}
	p := MakePlan(local, remote)

	var got [][]string
	for _, b := range p.Uploads {
		got = append(got, rels(b))
	}
	want := [][]string{
		{"css/site.3fa9c2d1.css", "enterprises/91420500MA4F0001X/承诺书.pdf", "js/search.js", "search/shard-3fa9c2d1.json"},
		{"disclosures/page/2/index.html"}, // new pages, deepest first
		{"disclosures/91420500MA4F0001X/index.html"},
		{"disclosures/index.html"}, // then changed pages, deepest first
		{"index.html", "index.html.gz"},
		{"search/meta.json"},
		{"feed.xml", "sitemap.xml"},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("upload batches\n got %q\nwant %q", got, want)
	}
	got = nil
	for _, b := range p.Deletes {
		got = append(got, rels(b))
	}
	want = [][]string{
		{"feed.xml.bak.xml"},
		{"disclosures/old/index.html"},
		{"css/site.00aa11bb.css", "search/shard-00aa11bb.json"},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("delete batches\n got %q\nwant %q", got, want)
	}
}

func TestNeedsStat(t *testing.T) {
	l := lf("a.pdf", "content")
	local := map[string]LocalFile{l.Rel: l}
	for _, c := range []struct {
		name string
		r    RemoteObject
		want bool
	}{
		{"plain ETag", uploaded(l, false), false},
		{"not in site: ownership unknown", RemoteObject{Rel: "b.pdf", Size: 1, ETag: l.MD5}, true},
		{"multipart ETag, same size", RemoteObject{Rel: l.Rel, Size: l.Size, ETag: l.MD5 + "-2"}, true},
		{"multipart ETag, other size", RemoteObject{Rel: l.Rel, Size: l.Size + 5, ETag: l.MD5 + "-2"}, false},
	} {
		if got := NeedsStat(c.r, local); got != c.want {
			t.Errorf("%s: NeedsStat = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestMakePlanEmptyBucketUploadsEverything(t *testing.T) {
	local := []LocalFile{lf("index.html", "a"), lf("css/a.css", "b"), lf("search/meta.json", "c")}
	p := MakePlan(local, nil)
	n := 0
	for _, b := range p.Uploads {
		n += len(b)
	}
	if n != 3 || p.Added.Files != 3 || len(p.Deletes) != 0 {
		t.Errorf("plan for empty bucket = %+v", p)
	}
}
