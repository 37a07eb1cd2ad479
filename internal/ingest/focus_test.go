package ingest

import (
	"strings"
	"testing"
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
