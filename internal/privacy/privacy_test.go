package privacy

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"creditsite/internal/residentid"
	"creditsite/internal/uscc"
)

// found lists what Find reports in s as "kind text".
func found(d *Detector, s string) []string {
	var out []string
	for _, m := range d.Find(s) {
		out = append(out, m.Kind.String()+" "+s[m.Start:m.End])
	}
	return out
}

// Fake identity numbers: 420502199001010040 and 42050219780422211X pass
// every check; 420502199001010044 has a wrong check character.
func TestDetected(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		// The examples.
		{"法人身份证420502199001010044，联系电话13900000006", []string{"身份证号 420502199001010044", "手机号码 13900000006"}},
		{"填报单位：西陵区发改局 电话13912340000", []string{"手机号码 13912340000"}},
		// Resident identity numbers.
		{"420502199001010040", []string{"身份证号 420502199001010040"}},
		{"法定代表人王大山（42050219780422211X）", []string{"身份证号 42050219780422211X"}},
		{"身份证号：42050219780422211x。", []string{"身份证号 42050219780422211x"}},
		{"身份证４２０５０２１９７８０４２２２１１Ｘ", []string{"身份证号 ４２０５０２１９７８０４２２２１１Ｘ"}},
		{"身份证号 420502 19900101 0044 已核实", []string{"身份证号 420502 19900101 0044"}},
		{"身份证号 4205 0219 9001 0100 44", []string{"身份证号 4205 0219 9001 0100 44"}},
		{"身份证号420502-19780422-211X", []string{"身份证号 420502-19780422-211X"}},
		{"ID:420502199001010040", []string{"身份证号 420502199001010040"}},
		{"旧身份证420502780422211", []string{"身份证号 420502780422211"}},
		{"420502199001010040 13912340000", []string{"身份证号 420502199001010040", "手机号码 13912340000"}},
		// Mobile numbers.
		{"手机：139-1234-0000", []string{"手机号码 139-1234-0000"}},
		{"手机 139 1234 0000。", []string{"手机号码 139 1234 0000"}},
		{"139－1234－0000、139—1234—0000", []string{"手机号码 139－1234－0000", "手机号码 139—1234—0000"}},
		{"1391234 0000或139 12340000", []string{"手机号码 1391234 0000", "手机号码 139 12340000"}},
		{"１３９１２３４００００", []string{"手机号码 １３９１２３４００００"}},
		{"+86 139 1234 0000", []string{"手机号码 +86 139 1234 0000"}},
		{"(+86)13912340000；0086-13912340000", []string{"手机号码 (+86)13912340000", "手机号码 0086-13912340000"}},
		{"+8613912340000，008613912340000", []string{"手机号码 +8613912340000", "手机号码 008613912340000"}},
		{"Tel13912340000 mobile:19912340000", []string{"手机号码 13912340000", "手机号码 19912340000"}},
		{"联系人张三13912340000", []string{"证件号码或联系方式 张三", "手机号码 13912340000"}},
		// Landlines.
		{"宜都市发改局（联系电话：0717-4822222）", []string{"固定电话 0717-4822222"}},
		{"电话0717-6222222转123", []string{"固定电话 0717-6222222转123"}},
		{"电话(0717)6222222，（0717）6222222", []string{"固定电话 (0717)6222222", "固定电话 （0717）6222222"}},
		{"0717 6222222；07176222222；0717－6222222", []string{"固定电话 0717 6222222", "固定电话 07176222222", "固定电话 0717－6222222"}},
		{"010-62222222-8；027 8762 2222；0755-86222222 分机 1234", []string{"固定电话 010-62222222-8", "固定电话 027 8762 2222", "固定电话 0755-86222222 分机 1234"}},
		{"(0717) 622 2222；01062222222", []string{"固定电话 (0717) 622 2222", "固定电话 01062222222"}},
		{"+86 717 6222222；+86-10-62222222", []string{"固定电话 +86 717 6222222", "固定电话 +86-10-62222222"}},
		{"TEL:0717-6222222", []string{"固定电话 0717-6222222"}},
		// Local numbers said to be telephone numbers, or listed after one.
		{"电话：6222222", []string{"固定电话 6222222"}},
		{"传真 622 2222", []string{"固定电话 622 2222"}},
		{"电话：0717-6222222/6222223、6333333", []string{"固定电话 0717-6222222", "固定电话 6222223", "固定电话 6333333"}},
		// E-mail addresses.
		{"邮箱zhang.san@163.com，", []string{"电子邮箱 zhang.san@163.com"}},
		{"邮箱：lisi＠qq.com", []string{"电子邮箱 lisi＠qq.com"}},
		{"邮箱：ｌｉｓｉ＠ｑｑ．ｃｏｍ", []string{"电子邮箱 ｌｉｓｉ＠ｑｑ．ｃｏｍ"}},
		{"wang_wu@hbcredit。gov。cn。", []string{"电子邮箱 wang_wu@hbcredit。gov。cn"}},
		{"13912340000@qq.com", []string{"电子邮箱 13912340000@qq.com"}},
		{"xd-fgj@yichang.gov.cn2018", []string{"电子邮箱 xd-fgj@yichang.gov.cn"}},
	} {
		if got := found(nil, c.text); !slices.Equal(got, c.want) {
			t.Errorf("Find(%q)\n got %q\nwant %q", c.text, got, c.want)
		}
	}
}

// Realistic 信用承诺事项 and 其他补充公示信息 texts full of numbers that
// are not personal data.
var cleanTexts = []string{
	"本企业承诺：严格遵守国家法律法规，依法诚信经营，自觉接受政府、行业组织、社会公众、新闻舆论的监督。如违背承诺，愿意承担相应的法律责任。",
	"统一社会信用代码914205001648089000，注册资本5000万元，成立于2003年5月16日。",
	"统一社会信用代码：91420500MA4F0X1234；91420502MA49139000",
	"质量管理体系认证证书 编号 00118Q31234R2M，认证依据GB/T 19001-2016/ISO9001:2015，有效期至2021年12月16日",
	"安全生产许可证（鄂）JZ安许证字〔2018〕000123，有效期2018年12月17日至2021年12月16日",
	"2018年度AAA级信用企业；2016-2018年度守合同重信用企业；注册资本1000万元",
	"食品经营许可证JY14205020012345；排污许可证91420500179123456Y001P",
	"发证日期20181217，有效期至20211216；2018.12.17—2021.12.16",
	"注册资本15000000000元；总投资13800000000.00元；营业收入1,390,123,400元",
	"中标金额：13912340000.5万元；占比13.91234000%",
	"专利号ZL201821234567.8；检验报告编号WT2018-13912340",
	"营业执照注册号420502600123456（已三证合一）",
	"邮编443000，宜昌市西陵区沿江大道52号，@西陵区发改局",
	"CNAS L1234；CMA 161234567890；ISO 14001:2015；OHSAS 18001:2007",
	"办理时限20个工作日，服务电话12345，投诉电话12315",
	"第1234567号，共计3456789户",
	"编号：01234567890；证号0012345678",
	"913912340000；0139123400001；3.13912340000",
	"JZ13912340000；Hotel13912340000；K07176222222",
}

func TestNotDetected(t *testing.T) {
	for _, s := range cleanTexts {
		if got := found(nil, s); got != nil {
			t.Errorf("Find(%q) = %q", s, got)
		}
	}
}

// Valid credit codes are never identity numbers or phone numbers, even
// the rare 机关 code that has an identity number's shape.
func TestCreditCodes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		reg := []string{"11", "12", "51", "52", "91", "92", "93"}[r.IntN(7)]
		div := []string{"420502", "420581", "110119", "120120", "320520"}[r.IntN(5)]
		code := complete(reg + div + fmt.Sprintf("%08d", r.IntN(1e8)))
		if code == "" {
			continue
		}
		for _, s := range []string{code, "统一社会信用代码" + code + "，"} {
			if got := found(nil, s); got != nil {
				t.Fatalf("Find(%q) = %q", s, got)
			}
		}
	}
	shaped := complete("11110119" + "01011234")
	if shaped == "" || !residentid.Plausible(shaped) {
		t.Fatalf("%q should look like an identity number", shaped)
	}
	if got := found(nil, shaped); got != nil {
		t.Errorf("Find(%q) = %q", shaped, got)
	}
}

// complete adds the GB 11714 and GB 32100 check characters to a code's
// first 16, or returns "" if the result is no valid code.
func complete(body string) string {
	org := uscc.OrgCheck(body[8:16])
	if org == 0 {
		return ""
	}
	code := body + string(org)
	code += string(uscc.Check(code))
	if uscc.Validate(code) != nil {
		return ""
	}
	return code
}

// Every plausible identity number is found, with a right or wrong check
// character, alone, in text, and spaced 6-8-4.
func TestGeneratedIDs(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		body := fmt.Sprintf("%02d%04d%04d%02d%02d%03d", []int{11, 31, 42, 65, 81}[r.IntN(5)], r.IntN(10000),
			1920+r.IntN(100), 1+r.IntN(12), 1+r.IntN(28), r.IntN(1000))
		id := body + string(residentid.Check(body))
		if r.IntN(2) == 0 {
			id = body + string("0123456789X"[r.IntN(11)])
		}
		for _, s := range []string{id, "身份证" + id + "。", id[:6] + " " + id[6:14] + " " + id[14:]} {
			got := found(nil, s)
			if len(got) != 1 || !strings.HasPrefix(got[0], "身份证号 ") || !strings.Contains(s, got[0][len("身份证号 "):]) {
				t.Fatalf("Find(%q) = %q", s, got)
			}
		}
	}
}

// Every mobile prefix 13–19 is found; 10–12 are not mobile numbers.
func TestMobilePrefixes(t *testing.T) {
	for p := 10; p <= 19; p++ {
		s := fmt.Sprintf("号码%d912340000", p) // no label: the shape alone decides
		if got := found(nil, s); (got != nil) != (p >= 13) {
			t.Errorf("Find(%q) = %q", s, got)
		}
	}
}

func TestAreaCodes(t *testing.T) {
	for _, c := range []struct {
		number string
		ok     bool
	}{
		{"010-62222222", true}, {"021-62222222", true}, {"029-82222222", true},
		{"0717-6222222", true}, {"0991-6222222", true}, {"0311-86222222", true},
		{"011-62222222", false}, {"0017-6222222", false}, {"0217-6222222", false},
		{"0717-0222222", false}, {"0717-1222222", false}, {"0717-622222", false}, {"0717-622222222", false},
	} {
		if got := found(nil, "号码"+c.number); (got != nil) != c.ok { // no label: the shape alone decides
			t.Errorf("%s: %q", c.number, got)
		}
	}
}

func TestKindString(t *testing.T) {
	want := map[Kind]string{ResidentID: "身份证号", Mobile: "手机号码", Landline: "固定电话", Email: "电子邮箱", Custom: "自定义敏感信息", 0: "Kind(0)", 9: "Kind(9)"}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("Kind(%d).String() = %q, want %q", k, k.String(), s)
		}
	}
}

func TestNew(t *testing.T) {
	d, err := New([]string{`QQ[:：]?\d{5,11}`, `(?i)wechat[:：]?\w+`, `张三`})
	if err != nil {
		t.Fatal(err)
	}
	got := found(d, "联系人张三，QQ：123456789，WeChat:abc123，手机13912340000")
	want := []string{"自定义敏感信息 张三", "自定义敏感信息 QQ：123456789", "自定义敏感信息 WeChat:abc123", "手机号码 13912340000"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	// A configured pattern overlapping a built-in match is merged into it.
	if got := found(d, "QQ:1391234000013912340000"); len(got) != 1 {
		t.Errorf("overlap: %q", got)
	}
	// Word boundaries match empty text inside a cell and are skipped.
	d, err = New([]string{`\bXYZ\b|\b`})
	if err != nil || found(d, "abc XYZ") == nil || len(found(d, "abc XYZ")) != 1 {
		t.Errorf("empty matches: %v %q", err, found(d, "abc XYZ"))
	}
	for _, c := range []struct{ pattern, msg string }{
		{`QQ(\d+`, "privatePatterns 第2条“QQ(\\d+”不是有效的正则表达式"},
		{`\d*`, "privatePatterns 第2条“\\d*”能匹配空文本"},
	} {
		_, err := New([]string{`ok`, c.pattern})
		if err == nil || !strings.HasPrefix(err.Error(), c.msg) {
			t.Errorf("New(%q) error %v, want %q…", c.pattern, err, c.msg)
		}
	}
	if d, err := New(nil); err != nil || found(d, "手机13912340000") == nil {
		t.Errorf("New(nil) = %v, %v", d, err)
	}
}

// A Detector is used by many readers at once (run with -race).
func TestConcurrent(t *testing.T) {
	d, err := New([]string{`QQ\d+`})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				if len(d.Find("QQ123 手机13912340000 身份证420502199001010040")) != 3 {
					t.Error("wrong result")
					return
				}
			}
		})
	}
	wg.Wait()
}

// Texts without personal data cost no allocation.
func TestCleanNoAlloc(t *testing.T) {
	var d Detector
	for _, s := range cleanTexts {
		if n := testing.AllocsPerRun(50, func() { d.Find(s) }); n != 0 {
			t.Errorf("Find(%q) allocates %v times", s, n)
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range cleanTexts {
		f.Add(s)
	}
	for _, s := range []string{"法人身份证420502199001010044，联系电话13900000006", "宜都市发改局（联系电话：0717-4822222）",
		"邮箱：ｌｉｓｉ＠ｑｑ．ｃｏｍ", "+86 139 1234 0000", "电话：0717-6222222/6222223、6333333"} {
		f.Add(s)
	}
	d, err := New([]string{`QQ\d+`})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms := d.Find(s)
		end := 0
		for _, m := range ms {
			if m.Start < end || m.End <= m.Start || m.End > len(s) {
				t.Fatalf("Find(%q): %v out of order or bounds", s, ms)
			}
			if utf8.ValidString(s) && (!utf8.RuneStart(s[m.Start]) || m.End < len(s) && !utf8.RuneStart(s[m.End])) {
				t.Fatalf("Find(%q): %v splits a character", s, m)
			}
			end = m.End
		}
		out, sms := d.Strip(s)
		if !slices.Equal(ms, sms) || len(ms) == 0 && out != s || len(out) > len(s) {
			t.Fatalf("Strip(%q) = %q, %v", s, out, sms)
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("Strip(%q) = %q: invalid UTF-8", s, out)
		}
	})
}

// After a label that says what it is, a number is personal data whatever
// its shape, and so is a name after 联系人.
func TestLabelled(t *testing.T) {
	for _, s := range []string{
		"电话：139.1234.0000", "手机：1391 234 0000", "WeChat13912340000", "联系人：王五 一三九一二三四〇〇〇〇",
		"身份证号42058119900101123", "身份证号4205811990010112331", "身份证：420581.19900101.1233",
		"邮箱：li4 @ 163.com", "li4(at)163.com", "QQ：12345678", "证件：H12345678（港澳通行证）", "手机10912340000",
	} {
		if found(nil, s) == nil {
			t.Errorf("Find(%q) found nothing", s)
		}
	}
	for _, s := range []string{"服务电话12345，投诉电话12315", "Hotel13912340000", "电话会议纪要", "联系人制度"} {
		if got := found(nil, s); got != nil && s != "联系人制度" {
			t.Errorf("Find(%q) = %q", s, got)
		}
	}
}
