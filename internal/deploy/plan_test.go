package deploy

import (
	"slices"
	"testing"
	"time"
)

// now is when the plans of these tests are made; hour is the grace period.
var (
	now  = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	hour = Grace{Period: time.Hour, Now: now}
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
		hour,
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
	if p := MakePlan([]LocalFile{l}, []RemoteObject{multipart}, hour); p.Unchanged.Files != 1 {
		t.Errorf("multipart object with matching SHA-256 not recognised as unchanged: %+v", p)
	}
	// Same ETag as the local MD5 but a different stored hash: the stored hash wins.
	stale := RemoteObject{Rel: l.Rel, Size: l.Size, ETag: l.MD5, SHA256: fakeHex("other", 64)}
	if p := MakePlan([]LocalFile{l}, []RemoteObject{stale}, hour); p.Changed.Files != 1 {
		t.Errorf("object with a different SHA-256 not changed: %+v", p)
	}
	resized := RemoteObject{Rel: l.Rel, Size: l.Size + 1, ETag: l.MD5}
	if p := MakePlan([]LocalFile{l}, []RemoteObject{resized}, hour); p.Changed.Files != 1 {
		t.Errorf("object of another size not changed: %+v", p)
	}
}

func TestMakePlanOrder(t *testing.T) {
	local := []LocalFile{
		lf("feed.xml", "f2"),
		lf("sitemap.xml", "s2"),
		lf("robots.txt", "r"),
		lf("index.html", "home2"),
		lf("index.html.gz", "home2gz"),
		lf("404.html", "nf"),
		lf("disclosures/index.html", "list2"),
		lf("disclosures/unit/zigui/index.html", "new list"),
		lf("enterprises/91420500MA4F0001X/index.html", "new enterprise"),
		lf("enterprises/91420500MA4F0002Y/index.html", "changed enterprise"),
		lf("search/index.html", "search page"),
		lf("search/meta.json", "meta2"),
		lf("search/t/3fa9c2d1e5b7.bin", "shard"),
		lf("search/d/00aa11bb22cc.json", "rows"),
		lf("css/site.css", "css2"),
		lf("js/search.js", "js"),
		lf("enterprises/91420500MA4F0001X/承诺书.pdf", "pdf"),
		lf("opendata/commitments.csv", "csv"),
	}
	old := map[string]string{
		"feed.xml": "f1", "sitemap.xml": "s1", "robots.txt": "r", "index.html": "home1", "index.html.gz": "home1gz",
		"404.html": "nf", "disclosures/index.html": "list1", "search/meta.json": "meta1",
		"enterprises/91420500MA4F0002Y/index.html": "enterprise", "search/index.html": "search page",
		"css/site.css": "css1", "opendata/commitments.csv": "csv",
	}
	var remote []RemoteObject
	for rel, c := range old {
		remote = append(remote, uploaded(lf(rel, c), false))
	}
	for _, rel := range []string{"enterprises/91420500MA4F0009Z/index.html", "enterprises/91420500MA4F0009Z/x.pdf",
		"commitments/unit/zigui/index.html", "sitemap-2.xml"} {
		remote = append(remote, uploaded(lf(rel, "gone"), true))
	}
	p := MakePlan(local, remote, hour)

	var got [][]string
	for _, b := range p.Uploads {
		got = append(got, rels(b))
	}
	want := [][]string{
		{"css/site.css", "enterprises/91420500MA4F0001X/承诺书.pdf", "js/search.js", "search/d/00aa11bb22cc.json", "search/t/3fa9c2d1e5b7.bin"},
		{"enterprises/91420500MA4F0001X/index.html"}, // new enterprise pages
		{"disclosures/unit/zigui/index.html"},        // new lists, which name them
		{"enterprises/91420500MA4F0002Y/index.html"}, // changed enterprise pages
		{"disclosures/index.html"},                   // changed lists
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
		{"sitemap-2.xml"},
		{"commitments/unit/zigui/index.html"},
		{"enterprises/91420500MA4F0009Z/index.html"},
		{"enterprises/91420500MA4F0009Z/x.pdf"},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("delete batches\n got %q\nwant %q", got, want)
	}
}

// TestMakePlanKeepsRetiredSearchFiles: search files the build no longer
// has stay for the grace period from when they were retired; other files
// go at once.
func TestMakePlanKeepsRetiredSearchFiles(t *testing.T) {
	meta := lf("search/meta.json", "meta2")
	remote := []RemoteObject{uploaded(lf("search/meta.json", "meta1"), true)}
	for _, rel := range []string{"search/t/aaaaaaaaaaaa.bin", "search/t/bbbbbbbbbbbb.bin", "search/p/cccccccccccc.bin", "css/old.css"} {
		remote = append(remote, uploaded(lf(rel, rel), true))
	}
	g := hour
	g.Retired = map[string]time.Time{
		"search/t/aaaaaaaaaaaa.bin": now.Add(-time.Hour),        // grace over
		"search/t/bbbbbbbbbbbb.bin": now.Add(-59 * time.Minute), // still in grace
		"search/t/dddddddddddd.bin": now.Add(-2 * time.Hour),    // no longer in the bucket
		"css/old.css":               now.Add(-time.Minute),      // not a search file: no grace
	}
	p := MakePlan([]LocalFile{meta}, remote, g)
	var deleted []string
	for _, b := range p.Deletes {
		deleted = append(deleted, rels(b)...)
	}
	slices.Sort(deleted)
	if want := []string{"css/old.css", "search/t/aaaaaaaaaaaa.bin"}; !slices.Equal(deleted, want) {
		t.Errorf("deleted %q, want %q", deleted, want)
	}
	wantKept := map[string]time.Time{
		"search/t/bbbbbbbbbbbb.bin": now.Add(-59 * time.Minute),
		"search/p/cccccccccccc.bin": {}, // retired by this deploy
	}
	if len(p.Retired) != len(wantKept) || p.Kept.Files != 2 {
		t.Fatalf("kept %v (%+v), want %v", p.Retired, p.Kept, wantKept)
	}
	for rel, since := range wantKept {
		if got, ok := p.Retired[rel]; !ok || !got.Equal(since) {
			t.Errorf("%s: retired %v, %v; want %v", rel, got, ok, since)
		}
	}
	if got := expiry(p, g); !got.Equal(now.Add(time.Minute)) {
		t.Errorf("expiry %v, want %v", got, now.Add(time.Minute))
	}

	g.Period = 0
	if p := MakePlan([]LocalFile{meta}, remote, g); len(p.Retired) != 0 || p.Deleted.Files != 4 {
		t.Errorf("without a grace period: kept %v, deleted %+v", p.Retired, p.Deleted)
	}
}

// TestState: the recorded times hold only while the meta.json they were
// recorded with is live, and a deploy stamps what it retires with the
// time its uploads were done.
func TestState(t *testing.T) {
	p := Plan{Retired: map[string]time.Time{
		"search/t/aaaaaaaaaaaa.bin": now.Add(-time.Minute),
		"search/t/bbbbbbbbbbbb.bin": {},
	}}
	done := now.Add(3 * time.Minute)
	b := nextState(p, "metahash", done)
	s := parseState(b)
	want := map[string]time.Time{"search/t/aaaaaaaaaaaa.bin": now.Add(-time.Minute), "search/t/bbbbbbbbbbbb.bin": done}
	got := s.retired("metahash")
	if len(got) != len(want) {
		t.Fatalf("state %s read back as %v", b, got)
	}
	for rel, since := range want {
		if !got[rel].Equal(since) {
			t.Errorf("%s: retired %v, want %v", rel, got[rel], since)
		}
	}
	if got := s.retired("othermeta"); got != nil {
		t.Errorf("with another meta.json live the times still hold: %v", got)
	}
	if !slices.Equal(nextState(p, "metahash", done), b) {
		t.Error("the same plan gives another state")
	}
	if nextState(Plan{}, "metahash", done) != nil {
		t.Error("a state with nothing retired")
	}
	if got := parseState([]byte("not json")).retired(""); got != nil {
		t.Errorf("unreadable state read as %v", got)
	}
}

func TestNeedsStat(t *testing.T) {
	l := lf("a.pdf", "content")
	local := map[string]LocalFile{l.Rel: l, searchRoot: lf(searchRoot, "meta")}
	for _, c := range []struct {
		name string
		r    RemoteObject
		want bool
	}{
		{"plain ETag", uploaded(l, false), false},
		{"not in site: ownership unknown", RemoteObject{Rel: "b.pdf", Size: 1, ETag: l.MD5}, true},
		{"multipart ETag, same size", RemoteObject{Rel: l.Rel, Size: l.Size, ETag: l.MD5 + "-2"}, true},
		{"multipart ETag, other size", RemoteObject{Rel: l.Rel, Size: l.Size + 5, ETag: l.MD5 + "-2"}, false},
		{"search/meta.json: its hash says whether the state holds", uploaded(lf(searchRoot, "meta"), false), true},
	} {
		if got := NeedsStat(c.r, local); got != c.want {
			t.Errorf("%s: NeedsStat = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestMakePlanEmptyBucketUploadsEverything(t *testing.T) {
	local := []LocalFile{lf("index.html", "a"), lf("css/a.css", "b"), lf("search/meta.json", "c")}
	p := MakePlan(local, nil, hour)
	n := 0
	for _, b := range p.Uploads {
		n += len(b)
	}
	if n != 3 || p.Added.Files != 3 || len(p.Deletes) != 0 {
		t.Errorf("plan for empty bucket = %+v", p)
	}
}
