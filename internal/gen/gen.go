// Package gen generates realistic synthetic 附件2 / 附件3 exports for the
// sample site, tests and benchmarks. The same options always give the same
// files: names, codes and dates come from a seeded random source.
package gen

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"creditsite/internal/model"
	"creditsite/internal/uscc"
)

// Options size the generated data.
type Options struct {
	Enterprises int    // 企业亮信用 enterprises, one disclosure row each
	Commitments int    // 信用承诺 rows
	Seed        uint64 // same seed, same data
}

// Unit is a submitting unit and the file stem its exports are named by.
type Unit struct {
	Stem, Name, Region string // region: the 6-digit 行政区划代码 in its credit codes
}

// Units are Yichang's 13 counties and districts and 宜昌高新区.
var Units = []Unit{
	{"xiling", "西陵区", "420502"}, {"wujiagang", "伍家岗区", "420503"}, {"dianjun", "点军区", "420504"},
	{"xiaoting", "猇亭区", "420505"}, {"yiling", "夷陵区", "420506"}, {"yuanan", "远安县", "420525"},
	{"xingshan", "兴山县", "420526"}, {"zigui", "秭归县", "420527"}, {"changyang", "长阳土家族自治县", "420528"},
	{"wufeng", "五峰土家族自治县", "420529"}, {"yidu", "宜都市", "420581"}, {"dangyang", "当阳市", "420582"},
	{"zhijiang", "枝江市", "420583"}, {"gaoxin", "宜昌高新区", "420500"},
}

// Data is the generated records, grouped by the unit that sends them.
type Data struct {
	Disclosures map[string][]*model.Disclosure // by unit stem
	Commitments map[string][]*model.Commitment // by unit stem
}

type company struct {
	name, rep, code string
	unit            int
}

// Generate builds the records. Every code is valid (GB 32100 and GB 11714
// check characters) and unique, every name unique.
func Generate(o Options) *Data {
	r := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	pool := o.Enterprises + o.Commitments/8
	if pool < 1 {
		pool = 1
	}
	cs := companies(r, pool)
	d := &Data{Disclosures: map[string][]*model.Disclosure{}, Commitments: map[string][]*model.Commitment{}}
	for i := 0; i < o.Enterprises; i++ {
		c := cs[i%len(cs)]
		u := Units[c.unit].Stem
		d.Disclosures[u] = append(d.Disclosures[u], disclosure(r, c))
	}
	seen := map[model.Commitment]bool{} // no exact duplicate rows: ingest would report them
	for len(seen) < o.Commitments {
		c := cs[r.IntN(len(cs))]
		m := commitment(r, c)
		if seen[*m] {
			continue
		}
		seen[*m] = true
		u := Units[c.unit].Stem
		d.Commitments[u] = append(d.Commitments[u], m)
	}
	return d
}

var (
	places  = strings.Fields("宜昌 西陵 伍家岗 点军 猇亭 夷陵 远安 兴山 秭归 长阳 五峰 宜都 当阳 枝江 三峡 葛洲坝 湖北 清江 峡江")
	brandCh = []rune("宏图清江百川诚信天成龙腾众泰和新世纪东阳鸿运瑞丰兴发合力博远昌盛德润永嘉禾华强锦程聚立鼎长金星光明达通恒安康福顺利源泽晨旭峰林森海洋云山水美佳汇宝隆正中坤乾")
	trades  = strings.Fields("建筑工程 餐饮管理 信息技术 商贸 环保科技 教育咨询 机电设备 化工 医药 劳务 养老服务 房地产开发 物业管理 运输 食品 农业开发 家政服务 电力工程 装饰工程 旅游开发")
	forms   = strings.Fields("有限公司 有限责任公司 股份有限公司 集团有限公司")
	surname = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱覃向")
	given   = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉林波宇鹏飞斌亮浩凯晨欣怡佳婷雪琳健俊峰")
	// codeCh are the characters an organisation code body may use: the
	// GB 32100 alphabet, which leaves out I O S V Z.
	codeCh = "0123456789ABCDEFGHJKLMNPQRTUWXY"
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func companies(r *rand.Rand, n int) []company {
	names, codes := map[string]bool{}, map[string]bool{}
	out := make([]company, 0, n)
	for len(out) < n {
		name := pick(r, places) + string([]rune{pick(r, brandCh), pick(r, brandCh)}) + pick(r, trades) + pick(r, forms)
		u := r.IntN(len(Units))
		body := make([]byte, 8)
		for i := range body {
			body[i] = codeCh[r.IntN(len(codeCh))]
		}
		code := uscc.Complete("91" + Units[u].Region + string(body))
		if names[name] || codes[code] {
			continue
		}
		names[name], codes[code] = true, true
		out = append(out, company{name: name, rep: person(r), code: code, unit: u})
	}
	return out
}

func person(r *rand.Rand) string {
	n := []rune{pick(r, surname), pick(r, given)}
	if r.IntN(3) > 0 {
		n = append(n, pick(r, given))
	}
	return string(n)
}

type cert struct{ name, issuer, prefix string }

var certs = []cert{
	{"安全生产许可证", "湖北省住房和城乡建设厅", "(鄂)JZ安许证字"},
	{"建筑业企业资质证书", "湖北省住房和城乡建设厅", "D2420"},
	{"食品经营许可证", "宜昌市市场监督管理局", "JY1420"},
	{"药品经营许可证", "湖北省药品监督管理局", "鄂AA"},
	{"道路运输经营许可证", "宜昌市交通运输局", "鄂交运管许可宜字"},
	{"高新技术企业证书", "湖北省科学技术厅", "GR"},
	{"排污许可证", "宜昌市生态环境局", "91420"},
}

var (
	grades   = []string{"—", "—", "施工总承包壹级", "施工总承包贰级", "专业承包叁级"}
	agencies = strings.Fields("东方金诚国际信用评估有限公司 联合资信评估股份有限公司 中诚信国际信用评级有限责任公司 大公国际资信评估有限公司 湖北省信用评级有限公司 上海新世纪资信评估投资服务有限公司")
	honours  = []string{"", "", "", "2024年度守合同重信用企业", "纳税信用A级纳税人", "宜昌市诚信示范企业"}
)

func date(r *rand.Rand, from, to time.Time) model.Date {
	t := from.Add(time.Duration(r.Int64N(int64(to.Sub(from)/(24*time.Hour)))) * 24 * time.Hour)
	return model.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

func disclosure(r *rand.Rand, c company) *model.Disclosure {
	ct := pick(r, certs)
	issued := date(r, time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	d := &model.Disclosure{
		Name: c.name, LegalRep: c.rep, Code: c.code,
		CertName: ct.name, CertIssuer: ct.issuer, CertNumber: fmt.Sprintf("%s%07d", ct.prefix, r.IntN(1e7)),
		CertGrade: pick(r, grades), CertIssued: issued,
		ReportName: c.name + "信用报告", ReportYear: fmt.Sprint(2018 + r.IntN(8)), ReportAgency: pick(r, agencies),
		Other: pick(r, honours),
	}
	if r.IntN(4) == 0 {
		d.CertValidity = "长期"
		d.CertPeriod = model.Period{Forever: true}
	} else {
		end, _ := model.NewDate(issued.Year+5, issued.Month, min(issued.Day, 28))
		d.CertExpires = end
		d.CertPeriod = model.Period{From: issued, To: end}
		d.CertValidity = issued.String() + "至" + end.String()
	}
	return d
}

var items = map[model.CommitmentType][]string{
	model.Voluntary: {
		"依法诚信经营，主动公示信用信息并对其真实性负责",
		"严格遵守国家法律法规，自觉接受政府、行业组织和社会公众监督",
		"不制售假冒伪劣产品，不进行虚假宣传，保障消费者合法权益",
	},
	model.Approval: {
		"办理环评审批告知承诺，严格落实环保措施",
		"申请道路运输经营许可，承诺符合法定条件",
		"办理食品经营许可告知承诺，承诺所提交材料真实有效",
		"申请建筑业企业资质告知承诺，承诺满足资质标准",
	},
	model.SelfRegulation: {
		"遵守宜昌市餐饮行业协会食品安全自律承诺",
		"遵守宜昌市家政服务协会诚信服务公约",
		"遵守宜昌市物业管理协会行业规范，提升服务质量",
		"遵守宜昌市建筑业协会诚信经营公约",
	},
	model.Repair: {
		"已全面履行行政处罚决定，承诺今后依法经营不再发生同类违法行为",
		"已按期缴纳罚款并完成整改，申请信用修复",
		"已纠正失信行为并消除不良影响，承诺诚信守法经营",
	},
}

func commitment(r *rand.Rand, c company) *model.Commitment {
	t := model.CommitmentTypes[r.IntN(len(model.CommitmentTypes))]
	return &model.Commitment{
		Name: c.name, LegalRep: c.rep, Code: c.code, Type: t, Item: pick(r, items[t]),
		Date: date(r, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)),
	}
}

// Stems returns the unit stems that have records, sorted.
func (d *Data) Stems() []string {
	seen := map[string]bool{}
	for s := range d.Disclosures {
		seen[s] = true
	}
	for s := range d.Commitments {
		seen[s] = true
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
