// Package schema declares the three tables of the 2018 Yichang notice
// (../../README.md, 附件1–3) once: each column's name as the notice
// writes it, the other wordings seen in county exports, whether a row
// needs it, its key in the open data, how it is read and how a record
// shows it. Ingest, the sample generator, the open data and the upward
// report all derive their columns from here, so a column is added or
// renamed in one place.
package schema

import (
	"fmt"
	"time"

	"creditsite/internal/cleantext"
	"creditsite/internal/model"
)

// Kind says how a column's cells are read and checked.
type Kind uint8

// Column kinds.
const (
	Text     Kind = iota // free text, published as written (line breaks kept)
	Line                 // a name that reads as one line: line breaks inside the cell are joined
	Code                 // 统一社会信用代码 (GB 32100-2015)
	Date                 // a calendar date
	Validity             // 证书有效期: a date, a range or 长期
	Alnum                // numbers and identifiers: full-width letters and digits folded to ASCII
	Serial               // 序号: kept for messages, never published
	Category             // one of a closed list (信用承诺类型, 重点关注类型)
	Private              // personal contact data (附件1's 联系人, 联系电话, 电子邮箱): never read
)

// MaxChars is the most characters (runes) a value of kind k normally
// has: a longer one is a data warning (ingest), and lists show a Text
// value cut to it with a link to the enterprise page, which shows it
// whole (Preview). 0 means no such limit: codes, categories and serials
// are checked against their own rules, private columns are never read.
// The limits are far above real values (the longest enterprise names
// run to about 40 characters, 信用承诺事项 to a few hundred), so a value
// over one is most likely a cell typed in the wrong column or a paste
// gone wrong; the hard limit that refuses a row is ingest's
// Options.MaxCellBytes.
func (k Kind) MaxChars() int {
	switch k {
	case Text:
		return 500
	case Line, Validity, Alnum:
		return 100
	case Date:
		return 50
	}
	return 0
}

// Preview is a free-text value as a list shows it: whole up to
// Text.MaxChars() characters, else cut there and marked Cut, for the list
// to link to the enterprise page.
func Preview(s string) cleantext.Excerpt { return cleantext.Cut(s, Text.MaxChars()) }

// Column is one column of a table.
type Column[R any] struct {
	Name     string   // header as in the notice, e.g. 统一社会信用代码
	Aliases  []string // other header wordings seen in exports, already normalised
	Key      string   // English key: the open data's JSON key
	Required bool     // a row without a value is not published
	Kind     Kind
	Get      func(*R) string // the value as published (dates YYYY-MM-DD); nil for Serial and Private
	// Set stores a value as Get publishes it, so published files can be
	// read back; nil where Get is nil.
	Set func(*R, string) error
}

// Table is one table of the notice.
type Table[R any] struct {
	ID     string // 附件1, 附件2, 附件3
	Title  string // the notice's title, e.g. 宜昌市企业补充公示信息填报表
	Folder string // where its files live under data/
	Note   string // the 备注 printed under the notice's table
	// Signature lists the columns that only this table has: a header with
	// one of them is this table, a header with none is not.
	Signature []string
	Columns   []Column[R]
}

// Name is the table's name for messages: 附件2《宜昌市企业补充公示信息填报表》.
func (t *Table[R]) Name() string { return t.ID + "《" + t.Title + "》" }

// Names returns every column's notice name in order.
func (t *Table[R]) Names() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// Published returns the columns a record shows: all but Serial and Private.
func (t *Table[R]) Published() []Column[R] {
	var out []Column[R]
	for _, c := range t.Columns {
		if c.Get != nil {
			out = append(out, c)
		}
	}
	return out
}

// Values returns r's published values in the order of Published.
func (t *Table[R]) Values(r *R) []string {
	var out []string
	for _, c := range t.Columns {
		if c.Get != nil {
			out = append(out, c.Get(r))
		}
	}
	return out
}

// Canonical returns the notice name of a normalised header cell, or ""
// when the table has no such column.
func (t *Table[R]) Canonical(header string) string {
	for _, c := range t.Columns {
		if header == c.Name {
			return c.Name
		}
		for _, a := range c.Aliases {
			if header == a {
				return c.Name
			}
		}
	}
	return ""
}

// Column returns the column named name (a notice name) and whether it exists.
func (t *Table[R]) Column(name string) (Column[R], bool) {
	for _, c := range t.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return Column[R]{}, false
}

// Identity columns every table shares.
const (
	Seq      = "序号"
	Name     = "企业名称"
	LegalRep = "法定代表人"
	CodeName = "统一社会信用代码"
)

// SampleMark ends the title row of every export creditsite gen writes, so
// that ingest can tell generated sample files from real ones whatever
// their names (county files are named like the sample ones).
const SampleMark = "（示例数据，由 creditsite gen 生成，不是真实企业）"

// Header wordings of the shared columns seen in exports.
var (
	seqAliases      = []string{"编号"}
	nameAliases     = []string{"单位名称"}
	legalRepAliases = []string{"法人代表", "法定代表人姓名", "法人"}
	codeAliases     = []string{"统一信用代码", "社会信用代码"}
)

// Disclosures is 附件2, 企业补充公示信息填报表 (the 企业亮信用 column).
var Disclosures = &Table[model.Disclosure]{
	ID:     "附件2",
	Title:  "宜昌市企业补充公示信息填报表",
	Folder: "disclosures",
	Note:   "备注：企业资质证书扫描件及电子版信用报告均以附件形式与填报表一并提供至国家公共信用信息中心",
	Signature: []string{"企业资质证书名称", "发证机关", "资质证书编号", "资质等级", "发证时间", "证书有效期",
		"信用报告名称", "信用报告年度", "评定机构名称", "其他补充公示信息"},
	Columns: []Column[model.Disclosure]{
		{Name: Seq, Aliases: seqAliases, Key: "seq", Kind: Serial},
		{Name: Name, Aliases: nameAliases, Key: "name", Required: true, Kind: Line,
			Get: func(d *model.Disclosure) string { return d.Name },
			Set: setText(func(d *model.Disclosure) *string { return &d.Name })},
		{Name: LegalRep, Aliases: legalRepAliases, Key: "legal_representative", Kind: Line,
			Get: func(d *model.Disclosure) string { return d.LegalRep },
			Set: setText(func(d *model.Disclosure) *string { return &d.LegalRep })},
		{Name: CodeName, Aliases: codeAliases, Key: "credit_code", Required: true, Kind: Code,
			Get: func(d *model.Disclosure) string { return d.Code },
			Set: setText(func(d *model.Disclosure) *string { return &d.Code })},
		{Name: "企业资质证书名称", Aliases: []string{"资质证书名称"}, Key: "certificate_name", Kind: Text,
			Get: func(d *model.Disclosure) string { return d.CertName },
			Set: setText(func(d *model.Disclosure) *string { return &d.CertName })},
		{Name: "发证机关", Key: "certificate_issuer", Kind: Text,
			Get: func(d *model.Disclosure) string { return d.CertIssuer },
			Set: setText(func(d *model.Disclosure) *string { return &d.CertIssuer })},
		{Name: "资质证书编号", Aliases: []string{"证书编号"}, Key: "certificate_number", Kind: Alnum,
			Get: func(d *model.Disclosure) string { return d.CertNumber },
			Set: setText(func(d *model.Disclosure) *string { return &d.CertNumber })},
		{Name: "资质等级", Key: "certificate_grade", Kind: Text,
			Get: func(d *model.Disclosure) string { return d.CertGrade },
			Set: setText(func(d *model.Disclosure) *string { return &d.CertGrade })},
		{Name: "发证时间", Aliases: []string{"发证日期"}, Key: "certificate_issued", Kind: Date,
			Get: func(d *model.Disclosure) string { return d.Issued() },
			Set: setIssued},
		{Name: "证书有效期", Key: "certificate_validity", Kind: Validity,
			Get: func(d *model.Disclosure) string { return d.CertValidity },
			Set: setText(func(d *model.Disclosure) *string { return &d.CertValidity })},
		{Name: "信用报告名称", Key: "credit_report_name", Kind: Text,
			Get: func(d *model.Disclosure) string { return d.ReportName },
			Set: setText(func(d *model.Disclosure) *string { return &d.ReportName })},
		{Name: "信用报告年度", Key: "credit_report_year", Kind: Alnum,
			Get: func(d *model.Disclosure) string { return d.ReportYear },
			Set: setText(func(d *model.Disclosure) *string { return &d.ReportYear })},
		{Name: "评定机构名称", Aliases: []string{"评定机构"}, Key: "rating_agency", Kind: Text,
			Get: func(d *model.Disclosure) string { return d.ReportAgency },
			Set: setText(func(d *model.Disclosure) *string { return &d.ReportAgency })},
		{Name: "其他补充公示信息", Aliases: []string{"其它补充公示信息"}, Key: "other_information", Kind: Text,
			Get: func(d *model.Disclosure) string { return d.Other },
			Set: setText(func(d *model.Disclosure) *string { return &d.Other })},
	},
}

// Commitments is 附件3, 企业信用承诺情况列表 (the 信用承诺 column).
var Commitments = &Table[model.Commitment]{
	ID:        "附件3",
	Title:     "宜昌市企业信用承诺情况列表",
	Folder:    "commitments",
	Note:      "备注：信用承诺书扫描件以附件形式与统计表一并提供至国家公共信用信息中心",
	Signature: []string{"信用承诺类型", "信用承诺事项", "做出信用承诺时间"},
	Columns: []Column[model.Commitment]{
		{Name: Seq, Aliases: seqAliases, Key: "seq", Kind: Serial},
		{Name: Name, Aliases: nameAliases, Key: "name", Required: true, Kind: Line,
			Get: func(c *model.Commitment) string { return c.Name },
			Set: setText(func(c *model.Commitment) *string { return &c.Name })},
		{Name: LegalRep, Aliases: legalRepAliases, Key: "legal_representative", Kind: Line,
			Get: func(c *model.Commitment) string { return c.LegalRep },
			Set: setText(func(c *model.Commitment) *string { return &c.LegalRep })},
		{Name: CodeName, Aliases: codeAliases, Key: "credit_code", Required: true, Kind: Code,
			Get: func(c *model.Commitment) string { return c.Code },
			Set: setText(func(c *model.Commitment) *string { return &c.Code })},
		{Name: "信用承诺类型", Aliases: []string{"承诺类型"}, Key: "commitment_type", Required: true, Kind: Category,
			Get: func(c *model.Commitment) string { return string(c.Type) },
			Set: func(c *model.Commitment, s string) error { c.Type = model.CommitmentType(s); return nil }},
		{Name: "信用承诺事项", Aliases: []string{"承诺事项"}, Key: "commitment_item", Required: true, Kind: Text,
			Get: func(c *model.Commitment) string { return c.Item },
			Set: setText(func(c *model.Commitment) *string { return &c.Item })},
		{Name: "做出信用承诺时间", Aliases: []string{"作出信用承诺时间", "信用承诺时间", "承诺时间"}, Key: "commitment_date",
			Required: true, Kind: Date, Get: func(c *model.Commitment) string { return c.Date.String() },
			Set: func(c *model.Commitment, s string) (err error) { c.Date, err = ParseDate(s); return err }},
		{Name: "其他", Aliases: []string{"其它", "备注"}, Key: "other", Kind: Text,
			Get: func(c *model.Commitment) string { return c.Other },
			Set: setText(func(c *model.Commitment) *string { return &c.Other })},
	},
}

// Focus is 附件1, 重点关注对象表: read for the upward report only, never
// published; its contact columns are never read.
var Focus = &Table[model.FocusEntity]{
	ID:        "附件1",
	Title:     "宜昌市重点关注对象表",
	Folder:    "focus",
	Signature: []string{"重点关注类型"},
	Columns: []Column[model.FocusEntity]{
		{Name: "编号", Aliases: []string{Seq}, Key: "seq", Kind: Serial},
		{Name: Name, Aliases: nameAliases, Key: "name", Required: true, Kind: Line,
			Get: func(f *model.FocusEntity) string { return f.Name },
			Set: setText(func(f *model.FocusEntity) *string { return &f.Name })},
		{Name: CodeName, Aliases: codeAliases, Key: "credit_code", Required: true, Kind: Code,
			Get: func(f *model.FocusEntity) string { return f.Code },
			Set: setText(func(f *model.FocusEntity) *string { return &f.Code })},
		{Name: "重点关注类型", Aliases: []string{"关注类型"}, Key: "focus_type", Required: true, Kind: Category,
			Get: func(f *model.FocusEntity) string { return f.Kind },
			Set: setText(func(f *model.FocusEntity) *string { return &f.Kind })},
		{Name: "联系人", Key: "contact", Kind: Private},
		{Name: "联系电话", Key: "phone", Kind: Private},
		{Name: "电子邮箱", Key: "email", Kind: Private},
		// The notice's 附件1 stops at 电子邮箱; the three columns below are
		// optional, for the 监管半数覆盖 measure (已注销、吊销和无法联系上的
		// 除外; 参加信用修复培训 and 接受约谈 count as well as a commitment).
		{Name: "状态", Aliases: []string{"企业状态", "主体状态", "经营状态", "登记状态"}, Key: "status", Kind: Category,
			Get: func(f *model.FocusEntity) string { return f.Excluded },
			Set: setText(func(f *model.FocusEntity) *string { return &f.Excluded })},
		{Name: "参加信用修复培训", Aliases: []string{"信用修复培训", "参加培训", "培训情况", "参加信用修复培训时间", "信用修复培训时间", "培训时间"},
			Key: "repair_training", Kind: Text,
			Get: func(f *model.FocusEntity) string { return yes(f.Trained) },
			Set: setYes(func(f *model.FocusEntity) *bool { return &f.Trained })},
		{Name: "接受约谈", Aliases: []string{"约谈", "约谈情况", "是否约谈", "接受约谈时间", "约谈时间"}, Key: "interview", Kind: Text,
			Get: func(f *model.FocusEntity) string { return yes(f.Interviewed) },
			Set: setYes(func(f *model.FocusEntity) *bool { return &f.Interviewed })},
	},
}

// yes shows a flag as 是, or nothing when it is unset.
func yes(b bool) string {
	if b {
		return "是"
	}
	return ""
}

// setYes returns a Set that reads back what yes shows.
func setYes[R any](field func(*R) *bool) func(*R, string) error {
	return func(r *R, s string) error { *field(r) = s == "是"; return nil }
}

// setText returns a Set that stores the value as it is.
func setText[R any](field func(*R) *string) func(*R, string) error {
	return func(r *R, s string) error { *field(r) = s; return nil }
}

// setIssued reads 发证时间 back: a date, or else the text as written,
// which is how Disclosure.Issued shows an unreadable 发证时间.
func setIssued(d *model.Disclosure, s string) error {
	if date, err := ParseDate(s); err == nil {
		d.CertIssued = date
	} else {
		d.CertIssuedAs = s
	}
	return nil
}

// ParseDate reads a date as Get publishes it: YYYY-MM-DD, YYYY-MM for a
// month-only date, or "" for none. It is strict on purpose: lenient
// reading of what staff type is ingest's job, not the published files'.
func ParseDate(s string) (model.Date, error) {
	if s == "" {
		return model.Date{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		if d, ok := model.NewDate(t.Year(), t.Month(), t.Day()); ok {
			return d, nil
		}
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		if d, ok := model.NewMonth(t.Year(), t.Month()); ok {
			return d, nil
		}
	}
	return model.Date{}, fmt.Errorf("日期 %q 应为 YYYY-MM-DD 或 YYYY-MM 格式", s)
}
