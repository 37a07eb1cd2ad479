package opendata

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"creditsite/internal/model"
	"creditsite/internal/schema"
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
func DisclosuresCSV(ds *model.Dataset) []byte { return csvBytes(disclosureColumns, ds.Disclosures) }

// CommitmentsCSV returns the commitments as CSV.
func CommitmentsCSV(ds *model.Dataset) []byte { return csvBytes(commitmentColumns, ds.Commitments) }

func csvBytes[R any](cols []schema.Column[R], records []*R) []byte {
	rows := make([][]string, len(records))
	for i, r := range records {
		rows[i] = values(cols, r)
	}
	var b bytes.Buffer
	_ = WriteCSV(&b, headers(cols), rows) // a bytes.Buffer does not fail
	return b.Bytes()
}

// ParseDisclosuresCSV reads a file written by DisclosuresCSV.
func ParseDisclosuresCSV(b []byte) ([]*model.Disclosure, error) {
	return parseCSV(disclosureColumns, b)
}

// ParseCommitmentsCSV reads a file written by CommitmentsCSV.
func ParseCommitmentsCSV(b []byte) ([]*model.Commitment, error) {
	return parseCSV(commitmentColumns, b)
}

func parseCSV[R any](cols []schema.Column[R], b []byte) ([]*R, error) {
	rows, err := readCSV(b, headers(cols))
	if err != nil {
		return nil, err
	}
	out := make([]*R, len(rows))
	for i, row := range rows {
		if out[i], err = record(cols, func(j int) string { return row[j] }); err != nil {
			return nil, fmt.Errorf("第 %d 行：%v", i+2, err)
		}
	}
	return out, nil
}

// readCSV checks the header and returns the unguarded data rows, each as
// wide as the header (the reader refuses ragged rows).
func readCSV(b []byte, header []string) ([][]string, error) {
	all, err := csv.NewReader(bytes.NewReader(trimBOM(b))).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(all) == 0 || !slices.Equal(all[0], header) {
		return nil, fmt.Errorf("表头应为：%s", strings.Join(header, ","))
	}
	rows := all[1:]
	for _, r := range rows {
		for i := range r {
			r[i] = Unguard(r[i])
		}
	}
	return rows, nil
}

// trimBOM drops a leading UTF-8 byte order mark.
func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte(bom)) }
