// Package model holds the plain data types that flow through creditsite:
// records read from the 附件2 / 附件3 exports and the enterprises they
// describe. Packages that read data produce these; packages that render or
// index consume them. Nothing here does I/O.
package model

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Date is a calendar date without time zone, as written in the exports.
// The zero Date means "not given". A Date with Day 0 (Year and Month set)
// has month precision: staff sometimes know only the month ("2018年12月").
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date if y-m-d is a real calendar date.
func NewDate(y int, m time.Month, d int) (Date, bool) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if y < 1 || t.Year() != y || t.Month() != m || t.Day() != d {
		return Date{}, false
	}
	return Date{y, m, d}, true
}

// NewMonth returns the month-precision date y-m if y ≥ 1 and m is
// January to December.
func NewMonth(y int, m time.Month) (Date, bool) {
	if y < 1 || m < time.January || m > time.December {
		return Date{}, false
	}
	return Date{Year: y, Month: m}, true
}

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d.Year == 0 }

// MonthOnly reports whether the date has month precision (no day).
func (d Date) MonthOnly() bool { return !d.IsZero() && d.Day == 0 }

// Time returns midnight UTC of the date; for a month-only date, of the
// first day of the month.
func (d Date) Time() time.Time {
	day := d.Day
	if d.MonthOnly() {
		day = 1 // time.Date would turn day 0 into the previous month's last day
	}
	return time.Date(d.Year, d.Month, day, 0, 0, 0, 0, time.UTC)
}

// String formats the date as 2006-01-02, a month-only date as 2006-01, or
// "" for the zero date.
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.MonthOnly():
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e. A
// month-only date sorts before the first day of its month.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp(int(d.Month), int(e.Month))
	}
	return cmp(d.Day, e.Day)
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Period is a validity period as understood (see dates.Validity): its
// start and end as written, either of which may be zero (not given) or
// month-only, and Forever for 长期 (no end).
type Period struct {
	From, To Date
	Forever  bool
}

// IsZero reports whether nothing of the period is known.
func (p Period) IsZero() bool { return p == Period{} }

// String shows the period in one form: "2019-03-05 至 2024-03-04",
// "2019-03-05 至 长期", "至 2024-03-04" (an end only), "长期", or "" for the
// zero period. Dates are YYYY-MM-DD, or YYYY-MM when only the month was given.
func (p Period) String() string {
	end := p.To.String()
	if p.Forever {
		end = "长期"
	}
	switch {
	case p.From.IsZero() && p.Forever:
		return end
	case p.From.IsZero() && end == "":
		return ""
	case p.From.IsZero():
		return "至 " + end
	case end == "":
		return p.From.String() + " 起"
	}
	return p.From.String() + " 至 " + end
}

// Parts returns the period as String shows it in the pieces a line may
// break between, ["2019-03-05", "至", "2024-03-04"]: a date broken after
// one of its hyphens reads as two values.
func (p Period) Parts() []string { return strings.Fields(p.String()) }

// Source says where a record came from, for error messages and for the
// 报送单位 shown next to it.
type Source struct {
	File  string // path relative to the source folder, e.g. data/commitments/yidu.csv or data/disclosures/yidu.xlsx
	Sheet string // the worksheet of a workbook; "" for CSV
	Line  int    // 1-based line of the record's first line in a CSV file, or its row in the worksheet
	Unit  string // 报送单位: the 填报单位 line, or the unit named by the file
}

// Disclosure is one row of 附件2 企业补充公示信息填报表 (企业亮信用).
type Disclosure struct {
	Seq          string // 序号, as written
	Name         string // 企业名称
	LegalRep     string // 法定代表人
	Code         string // 统一社会信用代码, normalised upper-case ASCII
	CertName     string // 企业资质证书名称
	CertIssuer   string // 发证机关
	CertNumber   string // 资质证书编号
	CertGrade    string // 资质等级
	CertIssued   Date   // 发证时间
	CertIssuedAs string // 发证时间 as written when it is no readable date (CertIssued is then zero)
	// CertIssuedTyped is 发证时间 as typed, for the title of a date shown
	// rewritten (see IssuedAsWritten). It is not part of what the record
	// says: ingest's duplicate check ignores it, so 2018年12月17日 and
	// 2018-12-17 are the same record.
	CertIssuedTyped string
	CertValidity    string // 证书有效期, as written (a date, a range or 长期)
	CertPeriod      Period // 证书有效期 as understood; zero when it was not understood whole
	CertExpires     Date   // end of 证书有效期 when it has one; zero for 长期 or none
	ReportName      string // 信用报告名称
	ReportYear      string // 信用报告年度
	ReportAgency    string // 评定机构名称
	Other           string // 其他补充公示信息
	Source          Source
}

// Issued returns 发证时间 as shown: YYYY-MM-DD (YYYY-MM for a month), or
// the text as written when it was no readable date.
func (d *Disclosure) Issued() string {
	if d.CertIssued.IsZero() {
		return d.CertIssuedAs
	}
	return d.CertIssued.String()
}

// IssuedAsWritten returns 发证时间 as typed when Issued shows it in another
// form ("2018年12月17日" shown as 2018-12-17), else "": a page puts it in a
// title attribute. A date read from an Excel date cell was typed as the
// date itself, so it has none.
func (d *Disclosure) IssuedAsWritten() string {
	return rewritten(d.CertIssuedTyped, d.Issued())
}

// rewritten returns typed when it differs from shown, the form a page
// shows, else "".
func rewritten(typed, shown string) string {
	if typed == shown {
		return ""
	}
	return typed
}

// Validity returns 证书有效期 as shown: CertPeriod in one form
// (Period.String), or the text as written when it was not understood.
func (d *Disclosure) Validity() string {
	if d.CertPeriod.IsZero() {
		return d.CertValidity
	}
	return d.CertPeriod.String()
}

// ValidityAsWritten returns 证书有效期 as written when Validity shows it in
// another form ("2019年3月5日至2024年3月4日" shown as 2019-03-05 至 2024-03-04),
// else "": a page puts it in a title attribute.
func (d *Disclosure) ValidityAsWritten() string {
	return rewritten(d.CertValidity, d.Validity())
}

// Expired reports whether the certificate's validity ended before today.
func (d *Disclosure) Expired(today Date) bool {
	return !d.CertExpires.IsZero() && d.CertExpires.Compare(today) < 0
}

// CommitmentType is one of the four 信用承诺类型 of the notice.
type CommitmentType string

// The commitment types, in the notice's order.
const (
	Voluntary      CommitmentType = "主动公示型"
	Approval       CommitmentType = "审批替代型"
	SelfRegulation CommitmentType = "行业自律型"
	Repair         CommitmentType = "信用修复型"
)

// CommitmentTypes lists the types in the notice's order.
var CommitmentTypes = []CommitmentType{Voluntary, Approval, SelfRegulation, Repair}

// Slug is the type's stable URL segment under /commitments/.
func (t CommitmentType) Slug() string {
	switch t {
	case Voluntary:
		return "voluntary"
	case Approval:
		return "approval"
	case SelfRegulation:
		return "self-regulation"
	case Repair:
		return "repair"
	}
	return ""
}

// Valid reports whether t is one of the four types.
func (t CommitmentType) Valid() bool { return t.Slug() != "" }

// Commitment is one row of 附件3 企业信用承诺情况列表.
type Commitment struct {
	Seq      string         // 序号, as written
	Name     string         // 企业名称
	LegalRep string         // 法定代表人
	Code     string         // 统一社会信用代码
	Type     CommitmentType // 信用承诺类型
	Item     string         // 信用承诺事项
	Date     Date           // 做出信用承诺时间
	// DateTyped is 做出信用承诺时间 as typed, for the title of a date shown
	// rewritten (see DateAsWritten); like Disclosure.CertIssuedTyped, it
	// is not part of what the record says.
	DateTyped string
	Other     string // 其他
	Source    Source
}

// DateAsWritten returns 做出信用承诺时间 as typed when the page shows it in
// another form ("2018年12月" shown as 2018-12), else "" (see
// Disclosure.IssuedAsWritten).
func (c *Commitment) DateAsWritten() string {
	return rewritten(c.DateTyped, c.Date.String())
}

// Attachment is a scanned document published with an enterprise
// (certificate, credit report or commitment letter).
type Attachment struct {
	Name string // file name, e.g. 安全生产许可证.pdf
	Path string // path of the file on disk, to copy into the site
	Size int64
}

// Enterprise gathers everything published about one 统一社会信用代码.
type Enterprise struct {
	Code        string
	Name        string // the name shown; see Dataset for how conflicts resolve
	LegalRep    string
	Disclosures []*Disclosure // newest first
	Commitments []*Commitment // newest first
	Attachments []Attachment
}

// Units lists the distinct 报送单位 of the enterprise's records, sorted.
func (e *Enterprise) Units() []string {
	seen := map[string]bool{}
	var out []string
	add := func(u string) {
		if u != "" && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	for _, d := range e.Disclosures {
		add(d.Source.Unit)
	}
	for _, c := range e.Commitments {
		add(c.Source.Unit)
	}
	sort.Strings(out)
	return out
}

// Dataset is the validated content of data/: every published record and
// the enterprises they describe.
type Dataset struct {
	Disclosures []*Disclosure // newest first
	Commitments []*Commitment // newest first
	Enterprises []*Enterprise // sorted by Code
}

// FocusEntity is one row of 附件1 重点关注对象表, reduced to what may be
// used: the list itself is never published, and its contact columns
// (联系人, 联系电话, 电子邮箱) are never read.
type FocusEntity struct {
	Code string // 统一社会信用代码
	Name string // 企业名称
	Kind string // 重点关注类型: 黑名单对象, 行政处罚对象 or 联合奖惩对象
	Unit string // 报送单位: the file's 填报单位 line, else its configured or own name
	// Excluded is 已注销, 已吊销 or 无法联系 for an entity the notice leaves
	// out of the 监管半数覆盖 measure, "" for one it counts.
	Excluded    string
	Trained     bool // attended 信用修复 training (参加信用修复培训)
	Interviewed bool // was interviewed (接受约谈)
}
