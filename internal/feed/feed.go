// Package feed writes the Atom feed (feed.xml) of the newest 企业亮信用
// and 信用承诺 records. The feed depends on the data alone: its updated
// time is the newest record's date, so rebuilding unchanged data gives the
// same bytes.
package feed

import (
	"cmp"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"creditsite/internal/config"
	"creditsite/internal/model"
)

type atomFeed struct {
	XMLName  xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string   `xml:"xml:lang,attr"`
	Title    string   `xml:"title"`
	Subtitle string   `xml:"subtitle"`
	ID       string   `xml:"id"`
	Updated  string   `xml:"updated"`
	Links    []link   `xml:"link"`
	Author   author   `xml:"author"`
	Entries  []entry  `xml:"entry"`
}

type link struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type author struct {
	Name string `xml:"name"`
}

type text struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type category struct {
	Term string `xml:"term,attr"`
}

type entry struct {
	Title    string   `xml:"title"`
	ID       string   `xml:"id"`
	Updated  string   `xml:"updated"`
	Link     link     `xml:"link"`
	Category category `xml:"category"`
	Summary  text     `xml:"summary"`
}

// item is a record of either column, reduced to what sorting and the
// entry need.
type item struct {
	date  model.Date
	src   model.Source
	kind  int // 0 commitment, 1 disclosure: a fixed order for equal dates
	entry entry
}

// epoch stands in for the updated time of a feed without any dated record.
const epoch = "1970-01-01T00:00:00Z"

// Atom returns the feed of the cfg.FeedEntries newest records.
func Atom(ds *model.Dataset, cfg *config.Config) ([]byte, error) {
	n := cfg.FeedEntries
	if n <= 0 {
		n = config.Default().FeedEntries
	}
	// Each column is already newest first in the same order, so the n
	// newest records are among the first n of each.
	latestC, latestD := ds.Commitments[:min(n, len(ds.Commitments))], ds.Disclosures[:min(n, len(ds.Disclosures))]
	items := make([]item, 0, len(latestC)+len(latestD))
	for _, c := range latestC {
		items = append(items, commitmentItem(c, cfg))
	}
	for _, d := range latestD {
		items = append(items, disclosureItem(d, cfg))
	}
	slices.SortStableFunc(items, func(a, b item) int {
		return cmp.Or(b.date.Compare(a.date), cmp.Compare(a.kind, b.kind),
			cmp.Compare(a.src.File, b.src.File), cmp.Compare(a.src.Line, b.src.Line))
	})
	items = items[:min(n, len(items))]

	f := atomFeed{
		Lang:     "zh-CN",
		Title:    cfg.Title + " · " + cfg.ColumnTitle,
		Subtitle: fmt.Sprintf("%s和%s的最新公示信息", cfg.Disclosures, cfg.Commitments),
		ID:       urn("feed", cfg.AbsURL("")),
		Updated:  epoch,
		Links: []link{
			{Href: href("feed.xml", cfg), Rel: "self", Type: "application/atom+xml"},
			{Href: href("./", cfg), Rel: "alternate", Type: "text/html"},
		},
		Author: author{Name: cfg.Office},
	}
	for _, it := range items {
		if f.Updated == epoch && !it.date.IsZero() {
			f.Updated = stamp(it.date)
		}
		if it.entry.Updated = f.Updated; !it.date.IsZero() {
			it.entry.Updated = stamp(it.date)
		}
		f.Entries = append(f.Entries, it.entry)
	}
	b, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}

func disclosureItem(d *model.Disclosure, cfg *config.Config) item {
	summary := fmt.Sprintf("%s公示资质证书：%s", d.Name, d.CertName)
	summary += details(" 发证机关：", d.CertIssuer, " 证书编号：", d.CertNumber, " 资质等级：", d.CertGrade,
		" 发证时间：", d.CertIssued.String(), " 信用报告：", d.ReportName, " 报送单位：", d.Source.Unit)
	return item{date: d.CertIssued, src: d.Source, kind: 1, entry: entry{
		Title:    fmt.Sprintf("%s：%s", d.Name, d.CertName),
		ID:       urn("disclosure", d.Code, d.CertName, d.CertNumber, d.CertIssued.String()),
		Link:     enterpriseLink(d.Code, cfg),
		Category: category{cfg.Disclosures},
		Summary:  text{"text", summary},
	}}
}

func commitmentItem(c *model.Commitment, cfg *config.Config) item {
	summary := fmt.Sprintf("%s作出%s信用承诺：%s", c.Name, c.Type, c.Item)
	summary += details(" 承诺时间：", c.Date.String(), " 报送单位：", c.Source.Unit)
	return item{date: c.Date, src: c.Source, kind: 0, entry: entry{
		Title:    fmt.Sprintf("%s：%s信用承诺", c.Name, c.Type),
		ID:       urn("commitment", c.Code, string(c.Type), c.Item, c.Date.String()),
		Link:     enterpriseLink(c.Code, cfg),
		Category: category{cfg.Commitments},
		Summary:  text{"text", summary},
	}}
}

// details joins label/value pairs, leaving out empty values.
func details(pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			b.WriteString(pairs[i] + pairs[i+1])
		}
	}
	return b.String()
}

func enterpriseLink(code string, cfg *config.Config) link {
	return link{Href: href("enterprises/"+url.PathEscape(code)+"/", cfg), Rel: "alternate", Type: "text/html"}
}

// href is the link to the site path p ("./" for the home page): absolute
// when the base URL names the host; otherwise relative to feed.xml, at the
// site's root, which feed readers resolve against the feed's own URL (RFC
// 4287 allows IRI references, resolved as RFC 3986 says), so the links
// work wherever the site is published, as its pages' do. A host-relative
// link would assume the site is at the domain root.
func href(p string, cfg *config.Config) string {
	if cfg.AbsoluteBaseURL() {
		return cfg.AbsURL(strings.TrimPrefix(p, "./"))
	}
	return p
}

// stamp is an RFC 3339 time for a date (a month-only date: its first day).
func stamp(d model.Date) string { return d.Time().Format(time.RFC3339) }

// urn derives a permanent entry id from what identifies the record, not
// from where it sits in a file, so that re-sorting an export keeps ids. It
// is a name-based (version 5 style) UUID.
func urn(parts ...string) string {
	h := sha1.Sum([]byte(strings.Join(parts, "\x00")))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
