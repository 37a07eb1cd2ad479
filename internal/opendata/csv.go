package opendata

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"creditsite/internal/model"
)

const bom = "\uFEFF"

// WriteCSV writes a byte order mark, the header and the rows, guarding
// every cell against formula injection.
func WriteCSV(w io.Writer, header []string, rows [][]string) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		guarded := make([]string, len(r))
		for i, c := range r {
			guarded[i] = Guard(c)
		}
		if err := cw.Write(guarded); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Guard prefixes an apostrophe to a cell that Excel would evaluate as a
// formula, or that starts with an apostrophe itself.
func Guard(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r'", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Unguard reverses Guard.
func Unguard(s string) string { return strings.TrimPrefix(s, "'") }

// DisclosuresCSV returns the disclosures as CSV.
func DisclosuresCSV(ds *model.Dataset) []byte {
	rows := make([][]string, len(ds.Disclosures))
	for i, d := range ds.Disclosures {
		rows[i] = values(fromDisclosure(d))
	}
	return csvBytes(DisclosureFields(), rows)
}

// CommitmentsCSV returns the commitments as CSV.
func CommitmentsCSV(ds *model.Dataset) []byte {
	rows := make([][]string, len(ds.Commitments))
	for i, c := range ds.Commitments {
		rows[i] = values(fromCommitment(c))
	}
	return csvBytes(CommitmentFields(), rows)
}

func csvBytes(fields []Field, rows [][]string) []byte {
	var b bytes.Buffer
	_ = WriteCSV(&b, headers(fields), rows) // a bytes.Buffer does not fail
	return b.Bytes()
}

// ParseDisclosuresCSV reads a file written by DisclosuresCSV.
func ParseDisclosuresCSV(b []byte) ([]*model.Disclosure, error) {
	rows, err := readCSV(b, DisclosureFields())
	if err != nil {
		return nil, err
	}
	out := make([]*model.Disclosure, len(rows))
	for i, r := range rows {
		var d Disclosure
		setValues(&d, r)
		if out[i], err = d.model(); err != nil {
			return nil, fmt.Errorf("第 %d 行：%v", i+2, err)
		}
	}
	return out, nil
}

// ParseCommitmentsCSV reads a file written by CommitmentsCSV.
func ParseCommitmentsCSV(b []byte) ([]*model.Commitment, error) {
	rows, err := readCSV(b, CommitmentFields())
	if err != nil {
		return nil, err
	}
	out := make([]*model.Commitment, len(rows))
	for i, r := range rows {
		var c Commitment
		setValues(&c, r)
		if out[i], err = c.model(); err != nil {
			return nil, fmt.Errorf("第 %d 行：%v", i+2, err)
		}
	}
	return out, nil
}

// readCSV checks the header and returns the unguarded data rows.
func readCSV(b []byte, fields []Field) ([][]string, error) {
	all, err := csv.NewReader(bytes.NewReader(trimBOM(b))).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(all) == 0 || !slices.Equal(all[0], headers(fields)) {
		return nil, fmt.Errorf("表头应为：%s", strings.Join(headers(fields), ","))
	}
	rows := all[1:]
	for _, r := range rows {
		for i := range r {
			r[i] = Unguard(r[i])
		}
	}
	return rows, nil
}
