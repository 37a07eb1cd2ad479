// Package opendata publishes the two columns as downloadable CSV and JSON
// with exactly the fields the pages show, and reads them back.
//
// CSV files start with a UTF-8 byte order mark so that Excel opens them
// with the right encoding, use the Chinese column names of the notice's
// tables as headers and CRLF line ends. A cell that Excel would run as a
// formula (one starting with = + - @, a tab or a carriage return) gets a
// leading apostrophe; so does a cell that itself starts with an apostrophe,
// which keeps the encoding reversible: readers drop one leading apostrophe.
//
// JSON files hold an array of objects with the English keys documented on
// Disclosure and Commitment (and in README.md). Dates are "YYYY-MM-DD" or
// "" when not given. Records come newest first, as on the pages.
package opendata

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"creditsite/internal/model"
)

// Disclosure is one published 企业亮信用 record (附件2 without 序号, plus
// the 报送单位 shown on the pages).
type Disclosure struct {
	Name         string `json:"name" csv:"企业名称"`
	LegalRep     string `json:"legal_representative" csv:"法定代表人"`
	Code         string `json:"credit_code" csv:"统一社会信用代码"`
	CertName     string `json:"certificate_name" csv:"企业资质证书名称"`
	CertIssuer   string `json:"certificate_issuer" csv:"发证机关"`
	CertNumber   string `json:"certificate_number" csv:"资质证书编号"`
	CertGrade    string `json:"certificate_grade" csv:"资质等级"`
	CertIssued   string `json:"certificate_issued" csv:"发证时间"`
	CertValidity string `json:"certificate_validity" csv:"证书有效期"`
	ReportName   string `json:"credit_report_name" csv:"信用报告名称"`
	ReportYear   string `json:"credit_report_year" csv:"信用报告年度"`
	ReportAgency string `json:"rating_agency" csv:"评定机构名称"`
	Other        string `json:"other_information" csv:"其他补充公示信息"`
	Unit         string `json:"reporting_unit" csv:"报送单位"`
}

// Commitment is one published 信用承诺 record (附件3 without 序号, plus the
// 报送单位).
type Commitment struct {
	Name     string `json:"name" csv:"企业名称"`
	LegalRep string `json:"legal_representative" csv:"法定代表人"`
	Code     string `json:"credit_code" csv:"统一社会信用代码"`
	Type     string `json:"commitment_type" csv:"信用承诺类型"`
	Item     string `json:"commitment_item" csv:"信用承诺事项"`
	Date     string `json:"commitment_date" csv:"做出信用承诺时间"`
	Other    string `json:"other" csv:"其他"`
	Unit     string `json:"reporting_unit" csv:"报送单位"`
}

// Field describes one column of a download.
type Field struct {
	Key    string // JSON key
	Header string // CSV header, the notice's column name
}

// DisclosureFields lists the disclosure columns in file order.
func DisclosureFields() []Field { return fieldsOf(reflect.TypeFor[Disclosure]()) }

// CommitmentFields lists the commitment columns in file order.
func CommitmentFields() []Field { return fieldsOf(reflect.TypeFor[Commitment]()) }

func fieldsOf(t reflect.Type) []Field {
	out := make([]Field, t.NumField())
	for i := range out {
		f := t.Field(i)
		out[i] = Field{Key: f.Tag.Get("json"), Header: f.Tag.Get("csv")}
	}
	return out
}

func fromDisclosure(d *model.Disclosure) Disclosure {
	return Disclosure{d.Name, d.LegalRep, d.Code, d.CertName, d.CertIssuer, d.CertNumber, d.CertGrade,
		d.CertIssued.String(), d.CertValidity, d.ReportName, d.ReportYear, d.ReportAgency, d.Other, d.Source.Unit}
}

func (d Disclosure) model() (*model.Disclosure, error) {
	issued, err := parseDate(d.CertIssued)
	if err != nil {
		return nil, err
	}
	return &model.Disclosure{Name: d.Name, LegalRep: d.LegalRep, Code: d.Code, CertName: d.CertName,
		CertIssuer: d.CertIssuer, CertNumber: d.CertNumber, CertGrade: d.CertGrade, CertIssued: issued,
		CertValidity: d.CertValidity, ReportName: d.ReportName, ReportYear: d.ReportYear,
		ReportAgency: d.ReportAgency, Other: d.Other, Source: model.Source{Unit: d.Unit}}, nil
}

func fromCommitment(c *model.Commitment) Commitment {
	return Commitment{c.Name, c.LegalRep, c.Code, string(c.Type), c.Item, c.Date.String(), c.Other, c.Source.Unit}
}

func (c Commitment) model() (*model.Commitment, error) {
	date, err := parseDate(c.Date)
	if err != nil {
		return nil, err
	}
	return &model.Commitment{Name: c.Name, LegalRep: c.LegalRep, Code: c.Code, Type: model.CommitmentType(c.Type),
		Item: c.Item, Date: date, Other: c.Other, Source: model.Source{Unit: c.Unit}}, nil
}

func parseDate(s string) (model.Date, error) {
	if s == "" {
		return model.Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return model.Date{}, fmt.Errorf("日期 %q 应为 YYYY-MM-DD 格式", s)
	}
	return model.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, nil
}

// values returns the string fields of a Disclosure or Commitment in order.
func values(v any) []string {
	rv := reflect.ValueOf(v)
	out := make([]string, rv.NumField())
	for i := range out {
		out[i] = rv.Field(i).String()
	}
	return out
}

// setValues fills the string fields of *Disclosure or *Commitment.
func setValues(ptr any, vals []string) {
	rv := reflect.ValueOf(ptr).Elem()
	for i, s := range vals {
		rv.Field(i).SetString(s)
	}
}

func headers(fields []Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Header
	}
	return out
}

// trimBOM drops a leading UTF-8 byte order mark.
func trimBOM(b []byte) []byte { return []byte(strings.TrimPrefix(string(b), bom)) }
