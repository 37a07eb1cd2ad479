package ingest

import (
	"strings"
	"unicode"

	"creditsite/internal/dates"
	"creditsite/internal/model"
	"creditsite/internal/schema"
	"creditsite/internal/uscc"
)

func publishDisclosures(l *loader, rows [][]string, srcs []model.Source) error {
	decoded, err := decode[disclosureRow](rows)
	if err != nil {
		return err
	}
	for i, r := range decoded {
		if d := l.disclosure(r, srcs[i]); d != nil {
			l.ds = append(l.ds, d)
		} else {
			l.res.Skipped++
		}
	}
	return nil
}

func publishCommitments(l *loader, rows [][]string, srcs []model.Source) error {
	decoded, err := decode[commitmentRow](rows)
	if err != nil {
		return err
	}
	for i, r := range decoded {
		if c := l.commitment(r, srcs[i]); c != nil {
			l.cs = append(l.cs, c)
		} else {
			l.res.Skipped++
		}
	}
	return nil
}

// rowCheck collects the errors of one row.
type rowCheck struct {
	l    *loader
	src  model.Source
	left string // what happens to a bad row, appended to each message
	bad  bool
}

func (c *rowCheck) fail(format string, args ...any) {
	left := c.left
	if left == "" {
		left = "此行未发布"
	}
	c.l.addAt(c.src, Error, format+"，"+left, args...)
	c.bad = true
}

func (c *rowCheck) required(label, v string) {
	if v == "" {
		c.fail("缺少%s", label)
	}
}

// code normalises and validates a credit code (GB 32100-2015; uscc says
// what is wrong without ever hinting which character would pass).
func (c *rowCheck) code(v string) string {
	code := normCode(v)
	if code == "" {
		c.fail("缺少统一社会信用代码")
	} else if err := uscc.Validate(code); err != nil {
		c.fail("%v", err)
	}
	return code
}

// dateHint lists the date forms staff may write.
const dateHint = "可写作 2018-12-17、2018/12/17、2018年12月17日 或 二〇一八年十二月十七日"

// date reads a required date: a row without a readable one is left out.
func (c *rowCheck) date(label, v string) model.Date {
	if dates.IsBlank(v) {
		c.fail("缺少%s", label)
		return model.Date{}
	}
	d, ok := dates.Parse(v)
	if !ok {
		c.fail("%s“%s”不是有效日期（%s）", label, v, dateHint)
	}
	return d
}

// optionalDate reads a date the row can do without: one that cannot be
// read is kept as written (text) with a warning, and the row published.
func (c *rowCheck) optionalDate(label, v string) (d model.Date, text string) {
	if dates.IsBlank(v) {
		return model.Date{}, ""
	}
	d, ok := dates.Parse(v)
	if !ok {
		c.l.addAt(c.src, Warning, "%s“%s”不是可识别的日期，按原文显示（%s）", label, v, dateHint)
		return model.Date{}, v
	}
	return d, ""
}

func (l *loader) disclosure(r *disclosureRow, src model.Source) *model.Disclosure {
	c := &rowCheck{l: l, src: src}
	c.required("企业名称", r.Name)
	issued, issuedAs := c.optionalDate("发证时间", r.CertIssued)
	d := &model.Disclosure{
		Seq:             foldAlnum(r.Seq),
		Name:            oneLine(r.Name),
		LegalRep:        oneLine(r.LegalRep),
		Code:            c.code(r.Code),
		CertName:        r.CertName,
		CertIssuer:      r.CertIssuer,
		CertNumber:      foldAlnum(r.CertNumber),
		CertGrade:       r.CertGrade,
		CertIssued:      issued,
		CertIssuedAs:    issuedAs,
		CertIssuedTyped: typedDate(r.CertIssued),
		CertValidity:    r.CertValidity,
		ReportName:      r.ReportName,
		ReportYear:      foldAlnum(r.ReportYear),
		ReportAgency:    r.ReportAgency,
		Other:           r.Other,
		Source:          src,
	}
	if c.bad {
		return nil
	}
	if !discloses(d) {
		c.fail("没有任何补充公示内容（资质证书、信用报告、其他补充公示信息均为空）")
		return nil
	}
	end, ok := dates.Expiry(r.CertValidity)
	if !ok {
		l.addAt(src, Warning, "证书有效期“%s”中找不到截止日期，按原文显示，不判断是否过期", r.CertValidity)
	}
	d.CertExpires = end
	if isSerial(r.CertValidity) && !end.IsZero() {
		// Excel turned a date cell into its serial number; nobody wrote 44000.
		d.CertValidity = end.String()
	}
	d.CertPeriod, _ = dates.Validity(d.CertValidity) // zero when not understood whole: shown as written
	return d
}

func (l *loader) commitment(r *commitmentRow, src model.Source) *model.Commitment {
	c := &rowCheck{l: l, src: src}
	c.required("企业名称", r.Name)
	cm := &model.Commitment{
		Seq:       foldAlnum(r.Seq),
		Name:      oneLine(r.Name),
		LegalRep:  oneLine(r.LegalRep),
		Code:      c.code(r.Code),
		Type:      model.CommitmentType(dropSpaces(r.Type)),
		Item:      r.Item,
		Date:      c.date("做出信用承诺时间", r.Date),
		DateTyped: typedDate(r.Date),
		Other:     r.Other,
		Source:    src,
	}
	if cm.Type == "" {
		c.fail("缺少信用承诺类型")
	} else if !cm.Type.Valid() {
		c.fail("信用承诺类型“%s”无效，应为主动公示型、审批替代型、行业自律型或信用修复型之一", r.Type)
	}
	c.required("信用承诺事项", r.Item)
	if c.bad {
		return nil
	}
	return cm
}

// discloses reports whether d discloses anything beyond the enterprise's
// identity: a value in one of the columns only 附件2 has (its schema
// signature), so that a row of another list is not published as praise.
func discloses(d *model.Disclosure) bool {
	for _, name := range schema.Disclosures.Signature {
		if c, _ := schema.Disclosures.Column(name); c.Get(d) != "" {
			return true
		}
	}
	return false
}

// typedDate is a date's text as typed, for the title of a date shown
// rewritten; "" for an Excel date serial, which a date cell became when
// saved as CSV and nobody typed.
func typedDate(v string) string {
	if isSerial(v) {
		return ""
	}
	return v
}

// isSerial reports a five-digit number, the form of an Excel date serial.
func isSerial(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// normCode folds a credit code to upper-case ASCII without spaces. It
// also unwraps the ="…" and '… forms that keep Excel from reading a code
// as a number.
func normCode(s string) string {
	s = strings.ToUpper(dropSpaces(foldAlnum(s)))
	if strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) && len(s) >= 3 {
		s = s[2 : len(s)-1]
	}
	return strings.TrimPrefix(s, "'")
}

// oneLine joins a value that was broken over lines inside its cell
// (Alt+Enter in Excel), for names that must read as one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' })
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "")
}

func dropSpaces(s string) string {
	if strings.IndexFunc(s, unicode.IsSpace) < 0 {
		return s
	}
	return strings.Join(strings.Fields(s), "")
}

// foldAlnum turns full-width digits and letters (０-９, Ａ-Ｚ, ａ-ｚ) into
// ASCII and leaves everything else as written.
func foldAlnum(s string) string {
	if !strings.ContainsFunc(s, isWideAlnum) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isWideAlnum(r) {
			return r - 0xFEE0
		}
		return r
	}, s)
}

func isWideAlnum(r rune) bool {
	return r >= '０' && r <= '９' || r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ'
}
