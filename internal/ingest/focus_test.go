package ingest

import (
	"slices"
	"strings"
	"testing"

	"creditsite/internal/model"
)

func TestFocusExports(t *testing.T) {
	fs, ps, err := LoadFocus("../../testdata/exports")
	if err != nil || len(ps) != 0 {
		t.Fatalf("err %v, problems %v", err, ps)
	}
	if len(fs) != 10 {
		t.Fatalf("%d entities, want 10", len(fs))
	}
	if f := fs[5]; f.Code != "91420526276EG75B21" || f.Name != "宜昌龙腾教育咨询集团有限公司" || f.Kind != "行政处罚对象" {
		t.Errorf("entity 6 = %+v", f)
	}
	assertNoSecrets(t, fs, []string{"13872675001", "contact1@example.cn", "李林欣"})
}

func TestFocus(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"data/focus/a.csv": "宜昌市重点关注对象表\n编号,企业名称,统一社会信用代码,重点关注类型,联系人,联系电话,电子邮箱\n" +
			"1,甲公司," + code(1) + ",黑名单 对象,王五,13800000000,a@b.cn\n" +
			"2,乙公司," + code(2)[:17] + "0,黑名单对象,,,\n" +
			"3,丙公司," + code(3) + ",红名单对象,,,\n",
		// Not read by Load.
		"data/commitments/b.csv": commitmentHeader + "\n",
	})
	fs, ps, err := LoadFocus(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Code != code(1) || fs[0].Kind != "黑名单对象" || fs[0].Name != "甲公司" {
		t.Errorf("entities %+v", fs)
	}
	wantProblems(t, ps, "data/focus/a.csv:4: 错误：统一社会信用代码“"+code(2)[:17]+"0”…此行未计入", "data/focus/a.csv:5: 错误：重点关注类型“红名单对象”无效")
	assertNoSecrets(t, fs, []string{"王五", "13800000000", "a@b.cn"})

	r, err := Load(dir, Options{})
	if err != nil || r.Files != 1 || strings.Contains(problems(r), "focus") {
		t.Errorf("Load read focus: %v %+v", err, r)
	}
}

// The optional columns of the 监管半数覆盖 measure, under the wordings
// clerks use, and the unit of each file: its 填报单位 line, else its
// name in config.yaml.
func TestFocusMeasureColumns(t *testing.T) {
	dir := t.TempDir()
	head := "编号,企业名称,统一社会信用代码,重点关注类型,企业状态,信用修复培训,约谈时间\n"
	writeFiles(t, dir, map[string]string{
		"data/focus/a.csv": "宜昌市重点关注对象表\n填报单位：宜都市发改局\n" + head +
			"1,甲公司," + code(1) + ",黑名单对象,被吊销,,\n" +
			"2,乙公司," + code(2) + ",黑名单对象,在营,2018年12月14日,否\n" +
			"3,丙公司," + code(3) + ",行政处罚对象, 失联 ,已参加,是\n" +
			"4,丁公司," + code(4) + ",行政处罚对象,注销,听说去了,2018-12\n",
		"config.yaml": "units:\n  xiling: 西陵区发改局\n",
		"data/focus/xiling.csv": head +
			"1,戊公司," + code(5) + ",联合奖惩对象,,是,已约谈\n",
	})
	fs, ps, err := LoadFocus(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []model.FocusEntity{
		{Code: code(1), Name: "甲公司", Kind: "黑名单对象", Unit: "宜都市发改局", Excluded: "已吊销"},
		{Code: code(2), Name: "乙公司", Kind: "黑名单对象", Unit: "宜都市发改局", Trained: true},
		{Code: code(3), Name: "丙公司", Kind: "行政处罚对象", Unit: "宜都市发改局", Excluded: "无法联系", Trained: true, Interviewed: true},
		{Code: code(4), Name: "丁公司", Kind: "行政处罚对象", Unit: "宜都市发改局", Excluded: "已注销", Interviewed: true},
		{Code: code(5), Name: "戊公司", Kind: "联合奖惩对象", Unit: "西陵区发改局", Trained: true, Interviewed: true},
	}
	if !slices.Equal(fs, want) {
		t.Errorf("entities\n%+v\nwant\n%+v", fs, want)
	}
	wantProblems(t, ps, "data/focus/a.csv:7: 警告：参加信用修复培训“听说去了”无法识别，按未参加计算")
}
