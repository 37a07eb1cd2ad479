package privacy

import "testing"

// rowCells are the free-text cells of typical rows of the two tables,
// none with personal data.
var rowCells = []string{
	"湖北宜化集团有限责任公司", "王大山", "质量管理体系认证证书", "中国质量认证中心", "00118Q31234R2M", "AAA",
	"2018年12月17日至2021年12月16日", "企业信用评价报告", "湖北省信用评级有限公司",
	"宜昌市西陵区众诚建筑工程有限公司", "李小红", "安全生产许可证", "（鄂）JZ安许证字〔2018〕000123",
	"本企业承诺：严格遵守国家法律法规，依法诚信经营，自觉接受政府、行业组织、社会公众、新闻舆论的监督。如违背承诺，愿意承担相应的法律责任。",
	"2018年度AAA级信用企业；注册资本5000万元",
	"统一社会信用代码914205001648089000，注册资本5000万元，成立于2003年5月16日。",
}

// BenchmarkFind reports the cost per cell of typical clean cells.
func BenchmarkFind(b *testing.B) {
	benchCells(b, &Detector{}, rowCells)
}

// BenchmarkFindNumbers reports the cost per cell of clean cells full of
// numbers, the worst case for clean text.
func BenchmarkFindNumbers(b *testing.B) {
	benchCells(b, &Detector{}, cleanTexts)
}

// BenchmarkFindConfigured shows what a configured pattern adds: it is
// tried on every cell.
func BenchmarkFindConfigured(b *testing.B) {
	d, err := New([]string{`QQ[:：]?\d{5,11}`})
	if err != nil {
		b.Fatal(err)
	}
	benchCells(b, d, rowCells)
}

func benchCells(b *testing.B, d *Detector, cells []string) {
	for b.Loop() {
		for _, s := range cells {
			d.Find(s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cells)), "ns/cell")
}
