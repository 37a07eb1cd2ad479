package report

import (
	"bytes"
	"strconv"

	"github.com/xuri/excelize/v2"

	"creditsite/internal/ingest"
	"creditsite/internal/opendata"
)

// LeftOutFile lists, as CSV, the rows the report left out; the same list
// is the sheet leftOutSheet of SummaryXLSX.
const LeftOutFile = "未纳入的记录.csv"

const leftOutSheet = "未纳入的记录"

var leftOutHeader = []string{"文件", "工作表", "行", "问题"}

// LeftOut keeps the problems that left data out of the report. Warnings
// are not listed: their rows are counted, and the console shows them.
func LeftOut(problems []ingest.Problem) []ingest.Problem {
	var out []ingest.Problem
	for _, p := range problems {
		if p.Severity == ingest.Error {
			out = append(out, p)
		}
	}
	return out
}

// leftOutRows lays the problems out under leftOutHeader; a problem with
// the whole file or sheet has no row number.
func leftOutRows(ps []ingest.Problem) [][]string {
	rows := make([][]string, len(ps))
	for i, p := range ps {
		line := ""
		if p.Line > 0 {
			line = strconv.Itoa(p.Line)
		}
		rows[i] = []string{p.File, p.Sheet, line, p.Msg}
	}
	return rows
}

func leftOutCSV(ps []ingest.Problem) []byte {
	var b bytes.Buffer
	_ = opendata.WriteCSV(&b, leftOutHeader, leftOutRows(ps)) // a bytes.Buffer does not fail
	return b.Bytes()
}

// writeLeftOut fills the leftOutSheet; the row number is a number, so
// that staff can sort the list by file and row in Excel.
func writeLeftOut(f *excelize.File, st styles, ps []ingest.Problem) error {
	if err := setRow(f, leftOutSheet, 1, leftOutHeader); err != nil {
		return err
	}
	if err := f.SetCellStyle(leftOutSheet, "A1", "D1", st.header); err != nil {
		return err
	}
	rows := leftOutRows(ps)
	for i, r := range rows {
		if err := setRow(f, leftOutSheet, i+2, r); err != nil {
			return err
		}
		if ps[i].Line > 0 {
			if err := f.SetCellInt(leftOutSheet, "C"+strconv.Itoa(i+2), int64(ps[i].Line)); err != nil {
				return err
			}
		}
	}
	return setWidths(f, leftOutSheet, leftOutHeader, rows)
}
