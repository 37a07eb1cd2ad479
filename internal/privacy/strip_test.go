package privacy

import "testing"

func TestStrip(t *testing.T) {
	var d Detector
	for in, want := range map[string]string{
		"西陵区发改局 电话13912340000":                             "西陵区发改局",
		"宜都市发改局（联系电话：0717-4822222）":                        "宜都市发改局",
		"宜都市发改局(Tel: 0717-4822222)":                        "宜都市发改局",
		"点军区发改局，手机13912340000，2018年12月17日":                 "点军区发改局，2018年12月17日",
		"伍家岗区发改局 联系人：张三 电话：13912340000":                    "伍家岗区发改局",
		"伍家岗区发改局（联系人：李四，电话：0717-6222222，手机：139 1234 0000）": "伍家岗区发改局",
		"夷陵区发改局 电话：0717-6222222/6222223":                   "夷陵区发改局",
		"远安县发改局 邮箱：ya_fgj@163.com":                         "远安县发改局",
		"兴山县发改局 E-mail:xs@yichang.gov.cn 电话 6222222":       "兴山县发改局",
		"秭归县发改局【手机号码为13912340000】":                         "秭归县发改局",
		"13912340000 长阳县发改局":                               "长阳县发改局",
		"五峰县发改局（办公室 电话6222222）":                            "五峰县发改局（办公室）",
		"当阳市发改局": "当阳市发改局",
		"枝江市发改局 身份证号420502199001010040": "枝江市发改局",
	} {
		if got, _ := d.Strip(in); got != want {
			t.Errorf("Strip(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStripMatches(t *testing.T) {
	var d Detector
	s := "西陵区发改局 电话13912340000"
	out, ms := d.Strip(s)
	if out != "西陵区发改局" || len(ms) != 1 || ms[0].Kind != Mobile || s[ms[0].Start:ms[0].End] != "13912340000" {
		t.Errorf("Strip(%q) = %q, %v", s, out, ms)
	}
	if out, ms := d.Strip("当阳市发改局"); out != "当阳市发改局" || ms != nil {
		t.Errorf("clean line changed: %q, %v", out, ms)
	}
}
