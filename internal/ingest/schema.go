package ingest

import "strings"

// disclosureRow is one row of 附件2 as gocsv maps it; the tags are the
// normalised header names.
type disclosureRow struct {
	Seq          string `csv:"序号"`
	Name         string `csv:"企业名称"`
	LegalRep     string `csv:"法定代表人"`
	Code         string `csv:"统一社会信用代码"`
	CertName     string `csv:"企业资质证书名称"`
	CertIssuer   string `csv:"发证机关"`
	CertNumber   string `csv:"资质证书编号"`
	CertGrade    string `csv:"资质等级"`
	CertIssued   string `csv:"发证时间"`
	CertValidity string `csv:"证书有效期"`
	ReportName   string `csv:"信用报告名称"`
	ReportYear   string `csv:"信用报告年度"`
	ReportAgency string `csv:"评定机构名称"`
	Other        string `csv:"其他补充公示信息"`
}

// commitmentRow is one row of 附件3.
type commitmentRow struct {
	Seq      string `csv:"序号"`
	Name     string `csv:"企业名称"`
	LegalRep string `csv:"法定代表人"`
	Code     string `csv:"统一社会信用代码"`
	Type     string `csv:"信用承诺类型"`
	Item     string `csv:"信用承诺事项"`
	Date     string `csv:"做出信用承诺时间"`
	Other    string `csv:"其他"`
}

// focusRow is the part of a 附件1 row that may be read.
type focusRow struct {
	Name string `csv:"企业名称"`
	Code string `csv:"统一社会信用代码"`
	Kind string `csv:"重点关注类型"`
}

// Column names every table shares.
const (
	colName = "企业名称"
	colCode = "统一社会信用代码"
)

// schema describes the columns of one table.
type schema struct {
	title    string   // the table's name for messages
	columns  []string // every column of the table, in the notice's order
	required []string // columns without which no row can be valid
	foreign  []string // columns that only another table has: the file is in the wrong folder
	quiet    bool     // ignore unknown columns without a warning
}

var (
	disclosureSchema = &schema{
		title: "附件2 企业补充公示信息填报表",
		columns: []string{"序号", colName, "法定代表人", colCode, "企业资质证书名称", "发证机关", "资质证书编号",
			"资质等级", "发证时间", "证书有效期", "信用报告名称", "信用报告年度", "评定机构名称", "其他补充公示信息"},
		required: []string{colName, colCode},
		foreign:  []string{"信用承诺类型", "信用承诺事项", "做出信用承诺时间"},
	}
	commitmentSchema = &schema{
		title:    "附件3 企业信用承诺情况列表",
		columns:  []string{"序号", colName, "法定代表人", colCode, "信用承诺类型", "信用承诺事项", "做出信用承诺时间", "其他"},
		required: []string{colName, colCode, "信用承诺类型", "信用承诺事项", "做出信用承诺时间"},
		foreign:  []string{"企业资质证书名称", "资质证书编号", "信用报告名称"},
	}
	focusSchema = &schema{
		title:    "附件1 重点关注对象表",
		columns:  []string{colName, colCode, "重点关注类型"},
		required: []string{colName, colCode, "重点关注类型"},
		quiet:    true,
	}
)

// aliases maps header wordings seen in real exports to the notice's names.
var aliases = map[string]string{
	"作出信用承诺时间": "做出信用承诺时间",
	"信用承诺时间":   "做出信用承诺时间",
	"承诺时间":     "做出信用承诺时间",
	"法人代表":     "法定代表人",
	"法定代表人姓名":  "法定代表人",
	"编号":       "序号",
	"单位名称":     colName,
	"统一信用代码":   colCode,
	"社会信用代码":   colCode,
	"关注类型":     "重点关注类型",
	"其它":       "其他",
	"其它补充公示信息": "其他补充公示信息",
}

// privateWords mark personal contact columns (联系人, 联系电话, 电子邮箱,
// 手机, 身份证号 …): they are dropped when the header is read, so their
// values never reach the model.
var privateWords = []string{"联系", "电话", "手机", "邮箱", "邮件", "身份证", "证件号", "email", "e-mail"}

func isPrivate(rawHeader string) bool {
	h := strings.ToLower(rawHeader)
	for _, w := range privateWords {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}

func canonical(normalised string) string {
	if a, ok := aliases[normalised]; ok {
		return a
	}
	return normalised
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
