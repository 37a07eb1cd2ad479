package stats

import (
	"bytes"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"creditsite/internal/config"
	"creditsite/internal/model"
)

// page mimics the page value the site builder hands to templates.
type page struct {
	Title string
	Root  string
	Site  struct{ Config *config.Config }
	Data  any
}

func (p page) Rel(path string) string { return p.Root + path }

const base = `<!DOCTYPE html><html lang="zh-CN"><head><title>{{block "title" .}}{{end}}</title></head><body><main>{{block "main" .}}{{end}}</main></body></html>`

func renderStatsPage(t *testing.T, ds *model.Dataset) string {
	t.Helper()
	tpl := template.Must(template.New("baseof").Parse(base))
	tpl = template.Must(tpl.ParseFiles("../../layouts/stats.html"))
	p := page{Title: "统计", Root: "../", Data: Compute(ds, config.Default())}
	p.Site.Config = config.Default()
	var b bytes.Buffer
	if err := tpl.ExecuteTemplate(&b, "baseof", p); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestStatsPage(t *testing.T) {
	ds := sample()
	html := renderStatsPage(t, ds)
	s := Compute(ds, config.Default())
	count := func(re string) int { return len(regexp.MustCompile(re).FindAllString(html, -1)) }
	if n := count(`<h1>`); n != 1 {
		t.Errorf("%d h1", n)
	}
	if n := count(`<h2 `); n != 5 {
		t.Errorf("%d h2", n)
	}
	figures, svgs, captions, tables := count(`<figure>`), count(`<figure><svg [^>]*role="img"`), count(`<figcaption>`), count(`<table>`)
	if figures != 6 || svgs != 6 || captions != 6 || tables != 5 || count(`<caption>`) != 5 {
		t.Errorf("figures %d, svgs %d, figcaptions %d, tables %d", figures, svgs, captions, tables)
	}
	if count(`<th scope="row">`) < len(s.ByType)+len(s.ByUnit)+len(s.ByMonth)+len(s.ByCertificate) {
		t.Error("table rows lack row headers")
	}
	for _, u := range s.ByUnit {
		row := "<tr><th scope=\"row\">" + u.Unit + "</th><td>" + itoa(u.DisclosingEnterprises) + "</td><td>" + itoa(u.Disclosures) +
			"</td><td>" + itoa(u.CommittingEnterprises) + "</td><td>" + itoa(u.Commitments) + "</td></tr>"
		if !strings.Contains(html, row) {
			t.Errorf("unit row missing: %s", row)
		}
	}
	if !strings.Contains(html, ">"+s.DisclosureTarget.PercentText()+"<") {
		t.Error("target percentage missing")
	}
}

func TestStatsPageEscapesData(t *testing.T) {
	html := renderStatsPage(t, model.NewDataset([]*model.Disclosure{{Code: "A", CertName: `<script>alert(1)</script>`,
		Source: model.Source{Unit: `"><img src=x>`}}}, nil))
	if strings.Contains(html, "<script>") || strings.Contains(html, "<img") {
		t.Errorf("data not escaped:\n%s", html)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
