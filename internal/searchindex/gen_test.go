package searchindex

import (
	"fmt"
	"math/rand/v2"
	"time"

	"creditsite/internal/model"
	"creditsite/internal/uscc"
)

// A small deterministic generator of realistic Yichang records, for the
// tests and the benchmark: names like 远安宏图餐饮管理有限公司 share
// regions, brands and trades, so name fragments are shared as on the real
// site.
var (
	regions = []struct{ name, code string }{
		{"宜昌", "420500"}, {"西陵", "420502"}, {"伍家岗", "420503"}, {"点军", "420504"},
		{"猇亭", "420505"}, {"夷陵", "420506"}, {"远安", "420525"}, {"兴山", "420526"},
		{"秭归", "420527"}, {"长阳", "420528"}, {"五峰", "420529"}, {"宜都", "420581"},
		{"当阳", "420582"}, {"枝江", "420583"},
	}
	brandChars = []rune("宏图清江三峡楚天鑫源华信长金盛恒达明珠缘世永安兴东方百川新星博远锦程祥和瑞丰佳众诚裕泰德通昌美绿嘉丽凯旋乐康晨光振宇鸿运腾飞聚力润泽春秋天宝龙")
	trades     = []string{"餐饮管理", "建筑工程", "物业管理", "商贸", "科技", "农业开发", "电子商务", "物流",
		"房地产开发", "医药连锁", "机械制造", "食品", "环保科技", "装饰工程", "劳务", "旅游开发",
		"化工", "纺织", "教育咨询", "信息技术", "汽车销售", "酒店管理", "水电安装", "园林绿化"}
	suffixes = []string{"有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"}
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅玉兰志文斌海波鹏飞俊峰")
	items    = []string{"依法诚信经营承诺", "安全生产承诺", "产品质量承诺", "依法纳税承诺", "食品安全承诺", "环境保护承诺",
		"劳动用工承诺", "工程质量终身责任承诺", "信用修复承诺", "行政许可告知承诺", "不拖欠农民工工资承诺",
		"公平竞争承诺", "明码标价承诺", "消费者权益保护承诺", "合同履约承诺", "数据真实性承诺"}
	certs = []string{"建筑业企业资质证书", "安全生产许可证", "食品经营许可证", "药品经营许可证", "道路运输经营许可证",
		"排污许可证", "ISO9001质量管理体系认证证书", "高新技术企业证书", "物业服务企业资质证书", "卫生许可证"}
	alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
)

// generate makes nd disclosures and nc commitments for about
// (nd+nc)/3.5 enterprises, the same for the same arguments.
func generate(nd, nc int) *model.Dataset {
	rng := rand.New(rand.NewPCG(uint64(nd), uint64(nc)))
	type ent struct{ name, rep, code, region string }
	n := (nd + nc) * 2 / 7
	seen := map[string]bool{}
	var ents []ent
	for len(ents) < n {
		r := regions[rng.IntN(len(regions))]
		brand := string([]rune{brandChars[rng.IntN(len(brandChars))], brandChars[rng.IntN(len(brandChars))]})
		name := r.name + brand + trades[rng.IntN(len(trades))] + suffixes[rng.IntN(len(suffixes))]
		if seen[name] {
			continue
		}
		seen[name] = true
		body := make([]byte, 8)
		for i := range body {
			body[i] = alphabet[rng.IntN(10+rng.IntN(2)*21)]
		}
		if uscc.OrgCheck(string(body)) == 0 {
			continue
		}
		code := uscc.Complete("91" + r.code + string(body))
		if seen[code] {
			continue
		}
		seen[code] = true
		rep := string(surnames[rng.IntN(len(surnames))]) + string(given[rng.IntN(len(given))])
		if rng.IntN(2) == 0 {
			rep += string(given[rng.IntN(len(given))])
		}
		ents = append(ents, ent{name, rep, code, r.name})
	}
	unit := func(e ent) string {
		if e.region == "宜昌" {
			return "宜昌市发展和改革委员会"
		}
		return e.region + "发展和改革局"
	}
	date := func() model.Date {
		t := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365*8))
		return model.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
	}
	var ds []*model.Disclosure
	for i := 0; i < nd; i++ {
		e := ents[rng.IntN(len(ents))]
		ds = append(ds, &model.Disclosure{
			Seq: fmt.Sprint(i + 1), Name: e.name, LegalRep: e.rep, Code: e.code,
			CertName: certs[rng.IntN(len(certs))], CertIssued: date(),
			Source: model.Source{File: "data/disclosures/gen.csv", Line: i + 2, Unit: unit(e)},
		})
	}
	var cs []*model.Commitment
	for i := 0; i < nc; i++ {
		e := ents[rng.IntN(len(ents))]
		cs = append(cs, &model.Commitment{
			Seq: fmt.Sprint(i + 1), Name: e.name, LegalRep: e.rep, Code: e.code,
			Type: model.CommitmentTypes[rng.IntN(len(model.CommitmentTypes))],
			Item: items[rng.IntN(len(items))], Date: date(),
			Source: model.Source{File: "data/commitments/gen.csv", Line: i + 2, Unit: unit(e)},
		})
	}
	return model.NewDataset(ds, cs)
}
