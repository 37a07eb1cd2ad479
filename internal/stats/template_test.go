package stats_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"creditsite/internal/config"
	"creditsite/internal/humanize"
	"creditsite/internal/memfiles"
	"creditsite/internal/model"
	"creditsite/internal/render"
	"creditsite/internal/site"
	"creditsite/internal/stats"
)

// renderStatsPage builds a site with the real default theme and returns
// its stats page.
func renderStatsPage(t *testing.T, ds *model.Dataset) (string, *stats.Stats) {
	t.Helper()
	theme, err := render.Load(os.DirFS("../../layouts"), "")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	var w memfiles.Files
	if _, err := site.Build(&site.Input{Config: cfg, Data: ds, Theme: theme}, &w); err != nil {
		t.Fatal(err)
	}
	return string(w.Map()["stats/index.html"]), stats.Compute(ds, cfg)
}

func pageData() *model.Dataset {
	var ds []*model.Disclosure
	var cs []*model.Commitment
	units := []string{"西陵区", "宜都市", "五峰土家族自治县"}
	for i := range 40 {
		d, _ := model.NewDate(2018, time.Month(1+i%12), 1+i%28)
		ds = append(ds, &model.Disclosure{Code: fmt.Sprintf("C%03d", i%25), CertName: []string{"安全生产许可证", "建筑业企业资质证书"}[i%2],
			CertIssued: d, Source: model.Source{Unit: units[i%3]}})
		cs = append(cs, &model.Commitment{Code: fmt.Sprintf("C%03d", i%30), Type: model.CommitmentTypes[i%4], Date: d,
			Source: model.Source{Unit: units[i%2]}})
	}
	return model.NewDataset(ds, cs)
}

func TestStatsPage(t *testing.T) {
	html, s := renderStatsPage(t, pageData())
	count := func(re string) int { return len(regexp.MustCompile(re).FindAllString(html, -1)) }
	if n := count(`<h1>`); n != 1 {
		t.Errorf("%d h1", n)
	}
	if n := count(`<h2 id="stats-`); n != 5 {
		t.Errorf("%d h2", n)
	}
	figures, svgs, captions := count(`<figure>`), count(`<figure><svg [^>]*role="img"`), count(`<figcaption>`)
	tables, tcaptions := count(`<table class="stats">`), count(`<caption>`)
	if figures != 6 || svgs != 6 || captions != 6 || tables != 6 || tcaptions != 6 {
		t.Errorf("figures %d, svgs %d, figcaptions %d, tables %d, captions %d", figures, svgs, captions, tables, tcaptions)
	}
	if n := count(`<th scope="row">`); n < len(s.ByType)+len(s.ByUnit)+len(s.ByMonth)+len(s.ByCertificate)+2 {
		t.Errorf("only %d row headers", n)
	}
	for _, u := range s.ByUnit {
		row := fmt.Sprintf(`<tr><th scope="row">%s</th><td>%d</td><td>%d</td><td>%d</td><td>%d</td></tr>`,
			u.Unit, u.DisclosingEnterprises, u.Disclosures, u.CommittingEnterprises, u.Commitments)
		if !strings.Contains(html, row) {
			t.Errorf("unit row missing: %s", row)
		}
	}
	for _, y := range s.ByYear {
		row := fmt.Sprintf(`<tr><th scope="row">%d</th><td>%d</td><td>%d</td></tr>`, y.Year, y.CommittingEnterprises, y.Commitments)
		if !strings.Contains(html, row) {
			t.Errorf("year row missing: %s", row)
		}
	}
	for _, tg := range s.Targets() {
		if !strings.Contains(html, "<td>"+humanize.Int(tg.Count)+" "+tg.Unit+"</td><td>"+humanize.Int(tg.Target)+" "+tg.Unit+"</td><td>"+tg.PercentText()) {
			t.Errorf("target row for %s missing", tg.Label)
		}
	}
	if !strings.Contains(html, `<meta name="viewport"`) {
		t.Error("page not rendered inside the base layout")
	}
}

func TestStatsPageEscapesData(t *testing.T) {
	html, _ := renderStatsPage(t, model.NewDataset([]*model.Disclosure{{Code: "A", CertName: `<script>alert(1)</script>`,
		Source: model.Source{Unit: `"><img src=x>`}}}, nil))
	if strings.Contains(html, "<script>alert") || strings.Contains(html, "<img") {
		t.Errorf("data not escaped")
	}
}
