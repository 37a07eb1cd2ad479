package report

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"creditsite/internal/model"
)

const (
	xiling = "西陵区"
	market = "市市场监管局"
	black  = "黑名单对象"
	punish = "行政处罚对象"
)

// focusCase is a list with known answers: every way of meeting the
// measure, two ways at once, every reason for leaving an entity out, two
// units, two kinds, and one entity listed by both units.
func focusCase() (*model.Dataset, []model.FocusEntity) {
	cs := []*model.Commitment{
		{Code: "C01", Type: model.CommitmentTypes[0]}, // not 信用修复型: any type counts
		{Code: "C04", Type: model.Repair},
		{Code: "C07", Type: model.Repair}, // 已注销: left out all the same
		{Code: "X99", Type: model.Repair}, // not on the list
	}
	focus := []model.FocusEntity{
		{Code: "C01", Name: "甲", Kind: black, Unit: xiling},
		{Code: "C02", Name: "乙", Kind: black, Unit: xiling, Trained: true},
		{Code: "C03", Name: "丙", Kind: punish, Unit: xiling, Interviewed: true},
		{Code: "C04", Name: "丁", Kind: punish, Unit: market, Interviewed: true},
		{Code: "C05", Name: "戊", Kind: black, Unit: market},
		{Code: "C06", Name: "己", Kind: punish, Unit: market},
		{Code: "C07", Name: "庚", Kind: black, Unit: xiling, Excluded: "已注销"},
		{Code: "C08", Name: "辛", Kind: punish, Unit: market, Excluded: "已吊销", Trained: true},
		{Code: "C09", Name: "壬", Kind: black, Unit: market, Excluded: "无法联系"},
		{Code: "C10", Name: "癸", Kind: punish, Unit: xiling},
		{Code: "C01", Name: "甲", Kind: black, Unit: market, Trained: true}, // also the department's
	}
	return model.NewDataset(nil, cs), focus
}

func names(es []FocusEntry) string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name)
	}
	return strings.Join(out, "")
}

func TestFocusShareFigures(t *testing.T) {
	f := focusShare(focusCase())
	if f.Count != (Count{Total: 7, Repaired: 4}) || !f.Met() || f.Percent() < 57.1 || f.Percent() > 57.2 {
		t.Errorf("city %+v = %.2f%%, met %v; want 4 of 7, met", f.Count, f.Percent(), f.Met())
	}
	units := []UnitShare{{xiling, Count{4, 3}}, {market, Count{4, 2}}}
	if !slices.Equal(f.ByUnit, units) || !f.ByUnit[0].Met() || f.ByUnit[1].Met() {
		t.Errorf("by unit %+v, want %+v (西陵区 met, 市市场监管局 at 50%% not)", f.ByUnit, units)
	}
	kinds := []KindShare{{black, Count{3, 2}}, {punish, Count{4, 2}}}
	if !slices.Equal(f.ByKind, kinds) {
		t.Errorf("by kind %+v, want %+v", f.ByKind, kinds)
	}
	if got := names(f.Missing); got != "戊己癸" {
		t.Errorf("missing %s", got)
	}
	if got := names(f.Excluded); got != "庚辛壬" {
		t.Errorf("excluded %s", got)
	}
	ways := map[string]string{"甲": "信用承诺、信用修复培训", "乙": "信用修复培训", "丙": "约谈", "丁": "信用承诺、约谈"}
	if got := names(f.Reached); got != "甲乙丙丁" {
		t.Errorf("reached %s", got)
	}
	for _, e := range f.Reached {
		if w := strings.Join(e.Ways(), "、"); w != ways[e.Name] {
			t.Errorf("%s reached by %s, want %s", e.Name, w, ways[e.Name])
		}
	}
	if u := f.Reached[0].Units; !slices.Equal(u, []string{xiling, market}) {
		t.Errorf("甲 listed by %v", u)
	}
}

func TestFocusSections(t *testing.T) {
	md := string(markdown(focusSections(focusShare(focusCase()))))
	for _, want := range []string{
		"全市重点关注对象 7 家（另有已注销、吊销或无法联系的 3 家不计入），已覆盖 4 家，占 57.1%：已超过。",
		"| 西陵区 | 4 | 3 | 75.0% | 已超过 |",
		"| 市市场监管局 | 4 | 2 | 50.0% | 未超过 |",
		"| 全市 | 7 | 4 | 57.1% | 已超过 |",
		"| 黑名单对象 | 3 | 2 | 66.7% | 已超过 |",
		"| 行政处罚对象 | 4 | 2 | 50.0% | 未超过 |",
		"## 尚未覆盖的重点关注对象\n\n| 企业名称 | 统一社会信用代码 | 重点关注类型 | 报送单位 |\n| --- | --- | --- | --- |\n" +
			"| 戊 | C05 | 黑名单对象 | 市市场监管局 |\n| 己 | C06 | 行政处罚对象 | 市市场监管局 |\n| 癸 | C10 | 行政处罚对象 | 西陵区 |\n",
		"| 甲 | C01 | 黑名单对象 | 西陵区、市市场监管局 | 信用承诺、信用修复培训 |",
		"| 丁 | C04 | 行政处罚对象 | 市市场监管局 | 信用承诺、约谈 |",
		"| 庚 | C07 | 黑名单对象 | 西陵区 | 已注销 |",
		"| 辛 | C08 | 行政处罚对象 | 市市场监管局 | 已吊销 |",
		"| 壬 | C09 | 黑名单对象 | 市市场监管局 | 无法联系 |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, md)
		}
	}
	if md := string(markdown(focusSections(nil))); !strings.Contains(md, "未提供重点关注对象表") {
		t.Errorf("without a list:\n%s", md)
	}
}

// A unit whose entities are all left out is shown, with no share to miss.
func TestFocusAllExcluded(t *testing.T) {
	f := focusShare(model.NewDataset(nil, nil), []model.FocusEntity{{Code: "C01", Name: "甲", Kind: black, Unit: xiling, Excluded: "已注销"}})
	if f.Total != 0 || !slices.Equal(f.ByUnit, []UnitShare{{Unit: xiling}}) || len(f.Excluded) != 1 {
		t.Errorf("%+v", f)
	}
	md := string(markdown(focusSections(f)))
	if !strings.Contains(md, "| 西陵区 | 0 | 0 | — | 无需计算 |") {
		t.Errorf("summary:\n%s", md)
	}
}

// Write computes the share for the 汇总说明 and the command's summary.
func TestWriteFocus(t *testing.T) {
	ds, focus := focusCase()
	out, sum := writeReport(t, ds, focus)
	if sum.Focus == nil || sum.Focus.Count != (Count{Total: 7, Repaired: 4}) {
		t.Errorf("Write's focus share %+v", sum.Focus)
	}
	// 汇总说明.xlsx holds the city's share as numbers too.
	f := openXLSX(t, filepath.Join(out, SummaryXLSX))
	rows, err := f.GetRows(summarySheet)
	if err != nil {
		t.Fatal(err)
	}
	city := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "全市" }) + 1
	if city == 0 {
		t.Fatal("汇总说明.xlsx has no 全市 row")
	}
	cellIs(t, f, summarySheet, "B"+itoa(city), true, "7", "7")
	cellIs(t, f, summarySheet, "C"+itoa(city), true, "4", "4")
	cellIs(t, f, summarySheet, "D"+itoa(city), true, "0.571000000000000", "57.1%")
}
