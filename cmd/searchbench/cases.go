package main

import (
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// cases holds issue 18's real-name cases (../shared/cases/search/): seven
// commitments whose names carry brackets, book-title marks, dashes, Latin
// letters and digits, rare characters, and the queries each must answer.
//
//go:embed testdata/cases/queries.json testdata/cases/data/commitments/xiling.csv
var cases embed.FS

const casesCSV = "testdata/cases/data/commitments/xiling.csv"

// caseQuery is one row of queries.json.
type caseQuery struct {
	Q    string `json:"q"`
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"` // "exact" or "near-miss"
}

func loadCases() ([]caseQuery, error) {
	data, err := cases.ReadFile("testdata/cases/queries.json")
	if err != nil {
		return nil, err
	}
	var qs []caseQuery
	if err := json.Unmarshal(data, &qs); err != nil {
		return nil, fmt.Errorf("queries.json: %v", err)
	}
	return qs, nil
}

// kind groups a case by what makes it hard: typed without the name's
// marks, with other marks, a substring across a mark, Latin letters or
// digits inside a name, one character, or a near miss.
func (c caseQuery) kind() string {
	switch {
	case c.Kind == "near-miss":
		return kNear
	case len([]rune(c.Q)) == 1:
		return kSingle
	case strings.Contains(c.Name, c.Q) && hasMark(c.Q):
		return kAcross
	case hasMark(c.Q):
		return kOtherMark
	case strings.Contains(strings.ToLower(c.Name), strings.ToLower(c.Q)) || strings.ContainsFunc(c.Q, isLatinOrDigit):
		return kLatin
	default:
		return kNoPunct
	}
}

func hasMark(s string) bool { return strings.ContainsFunc(s, unicode.IsPunct) }

func isLatinOrDigit(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// caseEnterprises reads the enterprises of the cases' export.
func caseEnterprises() ([]*enterprise, error) {
	f, err := cases.Open(casesCSV)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", casesCSV, err)
	}
	var out []*enterprise
	for _, row := range rows {
		// 序号,企业名称,法定代表人,统一社会信用代码,...; title, unit
		// and header rows have no 18-character code in the fourth cell.
		if len(row) > 3 && len(row[3]) == 18 {
			out = append(out, newEnterprise(row[1], row[3], row[2]))
		}
	}
	return out, nil
}

// writeCases copies the cases' export into the source's data folder
// beside the generated ones (its 填报单位 row names the unit).
func writeCases(source string) error {
	data, err := fs.ReadFile(cases, casesCSV)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(source, "data", "commitments", "cases-xiling.csv"), data, 0o644)
}
