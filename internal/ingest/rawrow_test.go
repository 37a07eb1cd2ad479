package ingest

import (
	"slices"
	"strings"
	"testing"
)

// TestProblemsCarryTheirRow checks that a refused row's problem holds the
// row as typed (for the check report), both for problems found while
// reading (personal data) and for those found when publishing (a bad
// date), and that rows are counted per file.
func TestProblemsCarryTheirRow(t *testing.T) {
	res := load(t, map[string]string{"data/commitments/yidu.csv": strings.Join([]string{
		commitmentHeader,
		commitmentLine(1, 1, "2018-11-02"),
		commitmentLine(2, 2, "2018-13-45"),
		"3,宜昌测试3有限公司,张3," + code(3) + ",主动公示型,依法诚信经营,2018-11-02,电话13912345678",
	}, "\n") + "\n"})
	rows := map[int]*RawRow{}
	for _, p := range res.Problems {
		rows[p.Line] = p.Row
	}
	for line, want := range map[int]string{3: "2018-13-45", 4: "电话13912345678"} {
		r := rows[line]
		if r == nil {
			t.Fatalf("problem on line %d has no row: %v", line, res.Problems)
		}
		if !slices.Contains(r.Cells, want) || !slices.Contains(r.Header, "做出信用承诺时间") {
			t.Errorf("line %d: row %q, header %q", line, r.Cells, r.Header)
		}
	}
	if got := res.FileRows["data/commitments/yidu.csv"]; got != 3 {
		t.Errorf("FileRows = %v, want 3 rows for yidu.csv", res.FileRows)
	}
}
