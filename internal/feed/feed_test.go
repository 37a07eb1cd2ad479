package feed

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"creditsite/internal/config"
	"creditsite/internal/model"
)

type parsed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Author  string `xml:"author>name"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Category struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
		Summary string `xml:"summary"`
	} `xml:"entry"`
}

func date(y, m, d int) model.Date { x, _ := model.NewDate(y, time.Month(m), d); return x }

func dataset() *model.Dataset {
	var ds []*model.Disclosure
	var cs []*model.Commitment
	for i := range 30 {
		ds = append(ds, &model.Disclosure{Name: fmt.Sprintf("企业%02d", i), Code: fmt.Sprintf("91420500MA00000D%02d", i),
			CertName: "安全生产许可证", CertNumber: fmt.Sprint(i), CertIssued: date(2018, 1+i%12, 1+i), Source: model.Source{File: "d.csv", Line: i + 2}})
		cs = append(cs, &model.Commitment{Name: fmt.Sprintf("承诺企业%02d", i), Code: fmt.Sprintf("91420500MA00000C%02d", i),
			Type: model.Voluntary, Item: "依法诚信经营", Date: date(2018, 1+(i*5)%12, 2+i%20), Source: model.Source{File: "c.csv", Line: i + 2, Unit: "宜都市"}})
	}
	cs = append(cs, &model.Commitment{Name: `<script>alert("x")</script>&Co`, Code: "91420500MA00000XSS", Type: model.Repair,
		Item: "]]> & <b>", Date: date(2019, 1, 1), Source: model.Source{File: "c.csv", Line: 99}})
	return model.NewDataset(ds, cs)
}

func parse(t *testing.T, b []byte) parsed {
	t.Helper()
	var p parsed
	if err := xml.Unmarshal(b, &p); err != nil {
		t.Fatalf("feed is not valid XML: %v\n%s", err, b)
	}
	return p
}

func TestFeed(t *testing.T) {
	ds := dataset()
	cfg := config.Default()
	cfg.BaseURL = "https://xy.yichang.gov.cn/xyyc/"
	cfg.FeedEntries = 20
	b, err := Atom(ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := parse(t, b)
	if p.Lang != "zh-CN" || p.Author != cfg.Office || !strings.Contains(p.Title, cfg.Title) {
		t.Errorf("feed head: lang %q author %q title %q", p.Lang, p.Author, p.Title)
	}
	if len(p.Entries) != 20 {
		t.Fatalf("%d entries, want 20", len(p.Entries))
	}
	// Independently: the 20 newest dates among all records.
	var dates []string
	for _, d := range ds.Disclosures {
		dates = append(dates, d.CertIssued.String())
	}
	for _, c := range ds.Commitments {
		dates = append(dates, c.Date.String())
	}
	newest := ""
	for _, d := range dates {
		newest = max(newest, d)
	}
	if p.Updated != newest+"T00:00:00Z" || newest != "2019-01-01" {
		t.Errorf("feed updated %s, want newest record %s", p.Updated, newest)
	}
	first := p.Entries[0]
	if first.Title != `<script>alert("x")</script>&Co：信用修复型信用承诺` || !strings.Contains(first.Summary, "]]> & <b>") {
		t.Errorf("escaped text should read back whole: %q / %q", first.Title, first.Summary)
	}
	if bytes.Contains(b, []byte("<script")) {
		t.Error("markup in data must be escaped in the XML")
	}
	ids := map[string]bool{}
	for i, e := range p.Entries {
		if i > 0 && e.Updated > p.Entries[i-1].Updated {
			t.Errorf("entry %d newer than the one before", i)
		}
		if ids[e.ID] || !strings.HasPrefix(e.ID, "urn:uuid:") {
			t.Errorf("entry id %q duplicate or not a URN", e.ID)
		}
		ids[e.ID] = true
		if !strings.HasPrefix(e.Link.Href, "https://xy.yichang.gov.cn/xyyc/enterprises/91420500MA00000") || !strings.HasSuffix(e.Link.Href, "/") {
			t.Errorf("entry link %q", e.Link.Href)
		}
		if e.Category.Term != cfg.Disclosures && e.Category.Term != cfg.Commitments {
			t.Errorf("category %q", e.Category.Term)
		}
	}
	// Count how many records are at least as new as the 20th entry.
	cut := strings.TrimSuffix(p.Entries[19].Updated, "T00:00:00Z")
	newer := 0
	for _, d := range dates {
		if d > cut {
			newer++
		}
	}
	if newer > 19 {
		t.Errorf("%d records newer than the last entry (%s) were left out", newer, cut)
	}
	var self string
	for _, l := range p.Links {
		if l.Rel == "self" {
			self = l.Href
		}
	}
	if self != "https://xy.yichang.gov.cn/xyyc/feed.xml" {
		t.Errorf("self link %q", self)
	}
}

func TestFeedIsDeterministic(t *testing.T) {
	a, _ := Atom(dataset(), config.Default())
	b, _ := Atom(dataset(), config.Default())
	if !bytes.Equal(a, b) {
		t.Error("two builds of the same data differ")
	}
}

func TestIDsSurviveResorting(t *testing.T) {
	ids := func(ds *model.Dataset) map[string]bool {
		b, _ := Atom(ds, config.Default())
		out := map[string]bool{}
		for _, e := range parse(t, b).Entries {
			out[e.ID] = true
		}
		return out
	}
	ds := dataset()
	before := ids(ds)
	for _, c := range ds.Commitments {
		c.Source.Line = 1000 - c.Source.Line
		c.Source.File = "renamed.csv"
	}
	after := ids(ds)
	if len(before) != len(after) {
		t.Fatalf("%d ids, then %d", len(before), len(after))
	}
	for id := range before {
		if !after[id] {
			t.Errorf("id %s changed when records moved in their file", id)
		}
	}
}

func TestEmptyFeed(t *testing.T) {
	b, err := Atom(model.NewDataset(nil, nil), config.Default())
	if err != nil {
		t.Fatal(err)
	}
	if p := parse(t, b); len(p.Entries) != 0 || p.Updated != epoch {
		t.Errorf("%+v", p)
	}
}

// Without a host in the base URL the links are relative to feed.xml, at
// the site's root, so that they work wherever the site is published, even
// under a path the base URL does not name; with a host they are absolute.
func TestLinksRelativeWithoutHost(t *testing.T) {
	for base, prefix := range map[string]string{"/": "", "/xyyc/": "", "https://xy.yichang.gov.cn/xyyc/": "https://xy.yichang.gov.cn/xyyc/"} {
		cfg := config.Default()
		cfg.BaseURL = base
		b, err := Atom(dataset(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		p := parse(t, b)
		links := map[string]string{}
		for _, l := range p.Links {
			links[l.Rel] = l.Href
		}
		home := cmp.Or(prefix, "./")
		if links["self"] != prefix+"feed.xml" || links["alternate"] != home {
			t.Errorf("%s: feed links %v", base, links)
		}
		for _, e := range p.Entries {
			if !strings.HasPrefix(e.Link.Href, prefix+"enterprises/91420500MA00000") {
				t.Errorf("%s: entry link %q", base, e.Link.Href)
			}
		}
	}
}
