package ingest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"creditsite/internal/gen"
	"creditsite/internal/model"
)

// damage is what the property test does to one cell.
type damage int

const (
	intact     damage = iota
	strayQuote        // a " typed at the start, middle or end of the cell
	invisible         // a zero-width or other invisible character inserted
)

// propertyTable is a random valid 附件3 table and the damage done to it.
type propertyTable struct {
	rows    [][]string // cells of each data row, in commitmentHeader's order
	damaged []damage   // per row
	quoteAt [][2]int   // per row: the cell and where in it a stray quote goes
}

// randomTable builds n valid commitments from the generator, with free
// text that needs quoting (delimiters, quotes, line breaks), and decides
// which rows are damaged.
func randomTable(r *rand.Rand, seed uint64, n int) *propertyTable {
	d := gen.Generate(gen.Options{Enterprises: 1, Commitments: n * 2, Seed: seed})
	var cs []*model.Commitment
	for _, stem := range d.Stems() {
		cs = append(cs, d.Commitments[stem]...)
	}
	t := &propertyTable{}
	extras := []string{"", "见附件", "甲,乙", "“承诺书”", `他说"好"`, "第一行\n第二行", "a;b，c", "备注：\n1、守法\n2、诚信"}
	for i := 0; i < n && i < len(cs); i++ {
		c := cs[i]
		t.rows = append(t.rows, []string{fmt.Sprint(i + 1), c.Name, c.LegalRep, c.Code, string(c.Type),
			fmt.Sprintf("%s（第%d项）", c.Item, i), c.Date.String(), extras[r.IntN(len(extras))]})
		dmg := intact
		switch r.IntN(6) {
		case 0:
			dmg = strayQuote
		case 1:
			dmg = invisible
		}
		t.damaged = append(t.damaged, dmg)
		t.quoteAt = append(t.quoteAt, [2]int{r.IntN(8), r.IntN(3)})
	}
	return t
}

var invisibles = []string{"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e"}

// csv writes the table with delimiter sep, doing each row's damage, and
// returns the text and the line each row starts on.
func (t *propertyTable) csv(r *rand.Rand, sep string) (string, []int) {
	var b strings.Builder
	b.WriteString("宜昌市企业信用承诺情况列表\n填报单位：西陵区\n" + strings.ReplaceAll(commitmentHeader, ",", sep) + "\n")
	line := 4
	lines := make([]int, len(t.rows))
	for i, row := range t.rows {
		lines[i] = line
		cells := make([]string, len(row))
		for j, v := range row {
			if t.damaged[i] == invisible && (j == 1 || j == 3) {
				k := r.IntN(len(v)/3+1) * 3 // a rune boundary in the (mostly three-byte) text
				if k > len(v) || !isBoundary(v, k) {
					k = 0
				}
				v = v[:k] + invisibles[r.IntN(len(invisibles))] + v[k:]
			}
			cells[j] = quote(v, sep)
		}
		if t.damaged[i] == strayQuote {
			at := t.quoteAt[i]
			c := cells[at[0]]
			switch at[1] {
			case 0:
				c = `"` + c
			case 1:
				k := len(c) / 2
				for !isBoundary(c, k) {
					k--
				}
				c = c[:k] + `"` + c[k:]
			default:
				c += `"`
			}
			cells[at[0]] = c
		}
		text := strings.Join(cells, sep)
		b.WriteString(text + "\n")
		line += strings.Count(text, "\n") + 1
	}
	b.WriteString("填报人：张三\n")
	return b.String(), lines
}

// xlsx writes the table as a workbook, doing each row's invisible-
// character damage; a quote in a worksheet cell is text, so a row with a
// stray quote must come back with it. It returns the workbook and each
// row as it must be read, nil for a row that must be refused.
func (t *propertyTable) xlsx(tb testing.TB, r *rand.Rand) (string, [][]string) {
	f := excelize.NewFile()
	defer f.Close()
	put := func(n int, vals []string) {
		cell, _ := excelize.CoordinatesToCellName(1, n)
		row := make([]any, len(vals))
		for i, v := range vals {
			row[i] = v
		}
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			tb.Fatal(err)
		}
	}
	put(1, []string{"宜昌市企业信用承诺情况列表"})
	put(2, []string{"填报单位：西陵区"})
	put(3, strings.Split(commitmentHeader, ","))
	want := make([][]string, len(t.rows))
	for i, row := range t.rows {
		want[i] = slices.Clone(row)
		cells := slices.Clone(row)
		switch t.damaged[i] {
		case invisible:
			cells[1] = invisibles[r.IntN(len(invisibles))] + cells[1]
			cells[3] += invisibles[r.IntN(len(invisibles))]
			if strings.Contains(cells[1]+cells[3], "\u202e") {
				want[i] = nil // a bidi override in a name or code: refused
			}
		case strayQuote:
			if j := t.quoteAt[i][0]; j != 0 && j != 3 && j != 4 && j != 6 { // text columns only
				cells[j] = `"` + cells[j]
				want[i][j] = cells[j]
			}
		}
		put(i+4, cells)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.String(), want
}

func isBoundary(s string, i int) bool { return i == 0 || i == len(s) || s[i]&0xC0 != 0x80 }

// quote writes a cell as Excel does: in quotes when it holds the
// delimiter, a quote or a line break.
func quote(v, sep string) string {
	if strings.ContainsAny(v, sep+"\"\n\r") {
		return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
	}
	return v
}

// TestPropertyNothingLostNothingInvented: for random valid tables written
// as CSV (UTF-8, GB18030, tab- and semicolon-separated) and as .xlsx, with
// stray quotes and invisible characters inserted, every row comes back exactly as it
// was or is named by an error at its line, and no record is published
// that is not in the original table.
func TestPropertyNothingLostNothingInvented(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2018))
	for seed := range uint64(60) {
		tbl := randomTable(r, seed, 1+r.IntN(25))
		for _, v := range []struct {
			name, sep string
			gbk       bool
		}{{"utf8", ",", false}, {"gbk", ",", true}, {"tab", "\t", true}, {"semicolon", ";", false}} {
			text, lines := tbl.csv(r, v.sep)
			if v.gbk {
				text = gb18030(t, text)
			}
			res := load(t, map[string]string{"commitments/xiling.csv": text})
			checkProperty(t, fmt.Sprintf("seed %d %s", seed, v.name), tbl, tbl.rows, lines, res)
		}
		book, want := tbl.xlsx(t, r)
		lines := make([]int, len(want))
		for i := range lines {
			lines[i] = i + 4
		}
		res := load(t, map[string]string{"commitments/xiling.xlsx": book})
		checkProperty(t, fmt.Sprintf("seed %d xlsx", seed), tbl, want, lines, res)
		published := 0
		for i, w := range want {
			if w != nil {
				published++
			} else if !slices.ContainsFunc(res.Problems, func(p Problem) bool { return p.Line == lines[i] && p.Severity == Error }) {
				t.Fatalf("seed %d xlsx: row %d with a bidi override not refused\n%s", seed, lines[i], problems(res))
			}
		}
		if len(res.Dataset.Commitments) != published {
			t.Fatalf("seed %d xlsx: %d rows published, want %d\n%s", seed, len(res.Dataset.Commitments), published, problems(res))
		}
	}
}

// checkProperty: every record is at the line of a row and equal to it,
// and every row is published or named by an error at its line (an intact
// row may be refused when a stray quote next to it leaves two readings).
func checkProperty(t *testing.T, name string, tbl *propertyTable, rows [][]string, lines []int, res *Result) {
	t.Helper()
	got := map[int]*model.Commitment{}
	for _, c := range res.Dataset.Commitments {
		got[c.Source.Line] = c
	}
	errorAt := map[int]bool{}
	for _, p := range res.Problems {
		if p.Severity == Error {
			errorAt[p.Line] = true
		}
	}
	want := map[int][]string{}
	for i, row := range rows {
		want[lines[i]] = row
	}
	for line, c := range got {
		row, ok := want[line]
		if !ok {
			t.Fatalf("%s: record at line %d is no row of the table: %+v\n%s", name, line, c, problems(res))
		}
		if g := []string{c.Seq, c.Name, c.LegalRep, c.Code, string(c.Type), c.Item, c.Date.String(), c.Other}; strings.Join(g, "|") != strings.Join(row, "|") {
			t.Fatalf("%s: line %d published as\n%q\nwant\n%q\n%s", name, line, g, row, problems(res))
		}
	}
	for i, row := range rows {
		l := lines[i]
		switch {
		case got[l] != nil:
		case errorAt[l]:
		case tbl.damaged[i] != intact:
			t.Fatalf("%s: damaged row at line %d neither published nor reported (%q)\n%s", name, l, row, problems(res))
		default:
			t.Fatalf("%s: intact row at line %d lost (%q)\n%s", name, l, row, problems(res))
		}
	}
}
