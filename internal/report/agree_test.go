package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"creditsite/internal/config"
	"creditsite/internal/memfiles"
	"creditsite/internal/model"
	"creditsite/internal/render"
	"creditsite/internal/site"
)

// knownDataset has answers worked out by hand: enterprise A commits in
// 2025 and 2026 and in two units, B makes three commitments in 2026, C
// commits in 2025, D without a date; A discloses once, E twice.
func knownDataset() *model.Dataset {
	month, _ := model.NewMonth(2026, time.February)
	c := func(code, unit, item string, d model.Date) *model.Commitment {
		return &model.Commitment{Name: "企业" + code, Code: code, Type: model.Voluntary, Item: item, Date: d,
			Source: model.Source{File: "data/commitments/" + unit + ".csv", Unit: unit}}
	}
	d := func(code, unit, cert string) *model.Disclosure {
		return &model.Disclosure{Name: "企业" + code, Code: code, CertName: cert,
			Source: model.Source{File: "data/disclosures/" + unit + ".csv", Unit: unit}}
	}
	return model.NewDataset(
		[]*model.Disclosure{d("A", "西陵区", "安全生产许可证"), d("E", "宜都市", "安全生产许可证"), d("E", "宜都市", "食品经营许可证")},
		[]*model.Commitment{
			c("A", "西陵区", "守法经营", date(2025, 3, 1)), c("A", "西陵区", "按时纳税", month), c("A", "宜都市", "质量承诺", date(2026, 5, 1)),
			c("B", "西陵区", "守法经营", date(2026, 1, 10)), c("B", "西陵区", "按时纳税", date(2026, 1, 11)), c("B", "西陵区", "质量承诺", date(2026, 1, 12)),
			c("C", "宜都市", "守法经营", date(2025, 6, 1)), c("D", "宜都市", "守法经营", model.Date{}),
		})
}

// TestFiguresAgree: the home page, /stats/ and the 汇总说明 show the same
// hand-counted figures — 2026 is the assessment year (newest commitment),
// 2 enterprises committed in it with 5 records, 4 enterprises and 8
// records in all, and the 合计 row counts A once although two units sent it.
func TestFiguresAgree(t *testing.T) {
	ds := knownDataset()
	theme, err := render.Load(os.DirFS("../../layouts"), "")
	if err != nil {
		t.Fatal(err)
	}
	var w memfiles.Files
	if _, err := site.Build(&site.Input{Config: config.Default(), Data: ds, Theme: theme}, &w); err != nil {
		t.Fatal(err)
	}
	out, _ := writeReport(t, ds, nil)
	md, err := os.ReadFile(filepath.Join(out, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"index.html": {
			"2026 年度：亮信用企业 <strong>2</strong> 家 / 100 家", "完成 2.0%；公示亮信用记录 3 条",
			"2026 年度：承诺企业 <strong>2</strong> 家 / 5,000 家", "完成 0.0%；本年度信用承诺 5 条（累计 8 条）",
		},
		"stats/index.html": {
			`<th scope="row">亮信用企业</th><td>2 家</td><td>100 家</td><td>2.0%`,
			`<th scope="row">承诺企业</th><td>2 家</td><td>5,000 家</td><td>0.0%`,
			`<tr><th scope="row">2025</th><td>2</td><td>2</td></tr>`,
			`<tr><th scope="row">2026</th><td>2</td><td>5</td></tr>`,
			`<tr><th scope="row">未填写日期</th><td>—</td><td>1</td></tr>`,
			`<tr><th scope="row">累计</th><td>4</td><td>8</td></tr>`,
			`<tr><th scope="row">西陵区</th><td>1</td><td>1</td><td>2</td><td>5</td></tr>`,
			`<tr><th scope="row">宜都市</th><td>1</td><td>2</td><td>3</td><td>3</td></tr>`,
		},
		SummaryFile: {
			"## 2026 年度目标完成情况",
			"| 亮信用企业 | 2 | 100 | 2.0% | 未完成 | 3 |",
			"| 承诺企业 | 2 | 5000 | 0.0% | 未完成 | 5 |",
			"| 2025 | 2 | 2 |", "| 2026 | 2 | 5 |", "| 未填写日期 | — | 1 |", "| 累计 | 4 | 8 |",
			"| 西陵区 | 1 | 1 | 2 | 5 |", "| 宜都市 | 1 | 2 | 3 | 3 |",
			"| 合计 | 2 | 3 | 4 | 8 |",
		},
	}
	pages := w.Map()
	pages[SummaryFile] = md
	for page, lines := range want {
		for _, l := range lines {
			if !strings.Contains(string(pages[page]), l) {
				t.Errorf("%s lacks %q", page, l)
			}
		}
	}
}
