package ingest

import (
	"strings"

	"creditsite/internal/schema"
)

// Row structs as gocsv decodes them. Their tags are the schema's column
// keys (TestRowTags keeps them in step); the header handed to gocsv is
// the keys of the columns a file has, so the Chinese names and their
// aliases live only in package schema.
type (
	disclosureRow struct {
		Seq          string `csv:"seq"`
		Name         string `csv:"name"`
		LegalRep     string `csv:"legal_representative"`
		Code         string `csv:"credit_code"`
		CertName     string `csv:"certificate_name"`
		CertIssuer   string `csv:"certificate_issuer"`
		CertNumber   string `csv:"certificate_number"`
		CertGrade    string `csv:"certificate_grade"`
		CertIssued   string `csv:"certificate_issued"`
		CertValidity string `csv:"certificate_validity"`
		ReportName   string `csv:"credit_report_name"`
		ReportYear   string `csv:"credit_report_year"`
		ReportAgency string `csv:"rating_agency"`
		Other        string `csv:"other_information"`
	}
	commitmentRow struct {
		Seq      string `csv:"seq"`
		Name     string `csv:"name"`
		LegalRep string `csv:"legal_representative"`
		Code     string `csv:"credit_code"`
		Type     string `csv:"commitment_type"`
		Item     string `csv:"commitment_item"`
		Date     string `csv:"commitment_date"`
		Other    string `csv:"other"`
	}
	focusRow struct {
		Name      string `csv:"name"`
		Code      string `csv:"credit_code"`
		Kind      string `csv:"focus_type"`
		Status    string `csv:"status"`
		Training  string `csv:"repair_training"`
		Interview string `csv:"interview"`
	}
)

// spec is what reading needs of a schema.Table, without its record type.
type spec struct {
	name      string // for messages: 附件2《…》
	folder    string
	signature []string
	columns   []column
	canonical func(header string) string
}

// column is one schema column as reading sees it.
type column struct {
	name, key string
	required  bool
	kind      schema.Kind
}

func specOf[R any](t *schema.Table[R]) *spec {
	s := &spec{name: t.Name(), folder: t.Folder, signature: t.Signature, canonical: t.Canonical}
	for _, c := range t.Columns {
		s.columns = append(s.columns, column{name: c.Name, key: c.Key, required: c.Required, kind: c.Kind})
	}
	return s
}

// specs are the three tables, for telling which one a header is.
var (
	disclosureSpec = specOf(schema.Disclosures)
	commitmentSpec = specOf(schema.Commitments)
	focusSpec      = specOf(schema.Focus)
	specs          = []*spec{focusSpec, disclosureSpec, commitmentSpec}
)

// column returns the column with the notice name, if the table has it.
func (s *spec) column(name string) (column, bool) {
	for _, c := range s.columns {
		if c.name == name {
			return c, true
		}
	}
	return column{}, false
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
