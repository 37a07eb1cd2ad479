package site

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"creditsite/internal/dates"
	"creditsite/internal/model"
)

// disclosure returns a disclosure as ingest makes it: validity read with
// package dates.
func disclosure(code, name, validity string, src model.Source) *model.Disclosure {
	d := &model.Disclosure{Code: code, Name: name, CertName: "安全生产许可证", CertValidity: validity, Source: src}
	d.CertExpires, _ = dates.Expiry(validity)
	d.CertPeriod, _ = dates.Validity(validity)
	return d
}

func commitment(code, other string, day int) *model.Commitment {
	return &model.Commitment{Code: code, Name: "企业" + code[len(code)-2:], Type: model.Voluntary, Item: "依法诚信经营",
		Date: model.Date{Year: 2026, Month: 3, Day: day}, Other: other, Source: model.Source{Unit: "西陵区"}}
}

// headers lists the column headers of the first records table of a page.
func headers(page string) []string {
	i := strings.Index(page, `<table class="records">`)
	j := strings.Index(page[i:], "</thead>")
	var out []string
	for _, m := range regexp.MustCompile(`<th scope="col">([^<]*)</th>`).FindAllStringSubmatch(page[i:i+j], -1) {
		out = append(out, m[1])
	}
	return out
}

// TestEmptyColumnsLeftOut: a column empty in every row of a table is not
// shown (the 其他 of an enterprise's commitments, 证书有效期 and 发证时间 of
// a list page, 法定代表人 of the enterprises index); one value brings it back.
func TestEmptyColumnsLeftOut(t *testing.T) {
	xiling, yidu := model.Source{Unit: "西陵区", File: "xiling.csv"}, model.Source{Unit: "宜都市", File: "yidu.csv"}
	ds := model.NewDataset(
		[]*model.Disclosure{disclosure("91420502MA4100005B", "峡江立润运输有限公司", "", xiling), disclosure("91420502MA4179198T", "宜都长江食品有限公司", "长期", yidu)},
		[]*model.Commitment{commitment("91420502MA4100005B", "", 1), commitment("91420502MA4100005B", "", 2),
			commitment("91420502MA4179198T", "", 3), commitment("91420502MA4179198T", "承诺书已在官网公示", 4)})
	in := input(t, ds)
	in.Config.Units = map[string]string{"xiling": "西陵区", "yidu": "宜都市"}
	files := build(t, in)
	for _, tc := range []struct {
		page string
		want string
	}{
		{"enterprises/91420502MA4100005B/index.html", "承诺类型 承诺事项 承诺时间 报送单位"},
		{"enterprises/91420502MA4179198T/index.html", "承诺类型 承诺事项 承诺时间 其他 报送单位"},
		{"disclosures/unit/xiling/index.html", "企业名称 统一社会信用代码 资质证书 / 信用报告 报送单位"},
		{"disclosures/unit/yidu/index.html", "企业名称 统一社会信用代码 资质证书 / 信用报告 证书有效期 报送单位"},
		{"disclosures/index.html", "企业名称 统一社会信用代码 资质证书 / 信用报告 证书有效期 报送单位"},
		{"enterprises/index.html", "企业名称 统一社会信用代码 公示内容"},
	} {
		page := string(files[tc.page])
		if got := strings.Join(headers(page), " "); got != tc.want {
			t.Errorf("%s: columns %q, want %q", tc.page, got, tc.want)
		}
		if strings.Count(page, `<td data-label="其他"`) > 0 && !strings.Contains(tc.want, "其他") {
			t.Errorf("%s: a 其他 cell without its column", tc.page)
		}
	}
	if list := string(files["disclosures/unit/xiling/index.html"]); strings.Contains(list, `data-label="有效期"`) {
		t.Error("a list without any validity has validity cells")
	}
}

// TestValidityShownInOneForm: every validity form is shown as YYYY-MM-DD 至
// YYYY-MM-DD (or 至 长期, 至 YYYY-MM-DD, 长期) with the text as typed in a
// title attribute; text that is not understood is shown as typed, without one.
func TestValidityShownInOneForm(t *testing.T) {
	src := model.Source{Unit: "西陵区"}
	forms := []struct{ typed, shown string }{
		{"2019年3月5日至2024年3月4日", "2019-03-05 至 2024-03-04"},
		{"2018.11.20-2023.11.19", "2018-11-20 至 2023-11-19"},
		{"2020-01-01至长期", "2020-01-01 至 长期"},
		{"有效期至2028年8月16日", "至 2028-08-16"},
		{"2016-03-01 至 2019-02-28", "2016-03-01 至 2019-02-28"},
		{"长期", "长期"},
		{"见证书", "见证书"},
	}
	var ds []*model.Disclosure
	for i, f := range forms {
		ds = append(ds, disclosure("91420502MA4"+strings.Repeat("0", 5)+string(rune('A'+i))+"XY", "企业", f.typed, src))
	}
	files := build(t, input(t, model.NewDataset(ds, nil)))
	tags := regexp.MustCompile(`<span class="nowrap">([^<]*)</span>`)
	list := tags.ReplaceAllString(string(files["disclosures/index.html"]), "$1")
	for _, d := range ds {
		page := tags.ReplaceAllString(string(files["enterprises/"+d.Code+"/index.html"]), "$1")
		for name, html := range map[string]string{"list": list, "enterprise page": page} {
			var f struct{ typed, shown string }
			for _, x := range forms {
				if x.typed == d.CertValidity {
					f = x
				}
			}
			want := `>` + f.shown + `</span>`
			if f.typed != f.shown {
				want = ` title="` + f.typed + `">` + f.shown + `</span>`
			}
			if !strings.Contains(html, want) {
				t.Errorf("%s: validity %q not shown as %s", name, f.typed, want)
			}
		}
	}
	if strings.Contains(list, `title="长期"`) || strings.Contains(list, `title="见证书"`) {
		t.Error("a validity shown as typed has a title repeating it")
	}
}

// TestOneSearchBox: every page has exactly one search box; the home and
// search pages have theirs in the content, so the header has none there.
func TestOneSearchBox(t *testing.T) {
	files := build(t, input(t, sample(t, 5, 20)))
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if n := strings.Count(string(data), `type="search"`); n != 1 {
			t.Errorf("%s: %d search boxes", name, n)
		}
	}
}

// TestDatesTypedInTitle: 发证时间 and 承诺时间 typed in another form are
// shown as YYYY-MM-DD (YYYY-MM) with the text as typed in a title on
// every page that shows them; a date typed as shown (or read from an
// Excel date cell) has no title.
func TestDatesTypedInTitle(t *testing.T) {
	code := func(n int) string { return fmt.Sprintf("91420502MA410000%dX", n) }
	src := model.Source{Unit: "西陵区"}
	rewritten, asShown := disclosure(code(1), "甲企业", "", src), disclosure(code(2), "乙企业", "", src)
	rewritten.CertIssued, rewritten.CertIssuedTyped = model.Date{Year: 2018, Month: 12, Day: 17}, "2018年12月17日"
	asShown.CertIssued, asShown.CertIssuedTyped = model.Date{Year: 2018, Month: 12, Day: 18}, "2018-12-18"
	month, plain := commitment(code(3), "", 0), commitment(code(4), "", 6)
	month.Date, month.DateTyped = model.Date{Year: 2026, Month: 3}, "2026年3月"
	plain.DateTyped = "2026-03-06"
	files := build(t, input(t, model.NewDataset([]*model.Disclosure{rewritten, asShown}, []*model.Commitment{month, plain})))
	for page, want := range map[string]string{
		"index.html":                               `<span class="nowrap" title="2018年12月17日">2018-12-17</span>`,
		"disclosures/index.html":                   `<td data-label="发证时间" class="date" title="2018年12月17日">2018-12-17</td>`,
		"enterprises/" + code(1) + "/index.html":   `<dd title="2018年12月17日">2018-12-17</dd>`,
		"commitments/index.html":                   `<td data-label="承诺时间" class="date" title="2026年3月">2026-03</td>`,
		"enterprises/" + code(3) + "/index.html":   `<td data-label="承诺时间" class="date" title="2026年3月">2026-03</td>`,
		"index.html#commitment":                    `<span class="nowrap" title="2026年3月">2026-03</span>`,
		"disclosures/index.html#as shown":          `<td data-label="发证时间" class="date">2018-12-18</td>`,
		"commitments/index.html#as shown":          `<td data-label="承诺时间" class="date">2026-03-06</td>`,
		"enterprises/" + code(2) + "/index.html#…": `<dd>2018-12-18</dd>`,
	} {
		name, _, _ := strings.Cut(page, "#")
		if !strings.Contains(string(files[name]), want) {
			t.Errorf("%s: no %s", name, want)
		}
	}
	for name, data := range files {
		if strings.Contains(string(data), `title="2018-12-18"`) || strings.Contains(string(data), `title="2026-03-06"`) {
			t.Errorf("%s: a date typed as shown has a title repeating it", name)
		}
	}
}
