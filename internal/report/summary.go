package report

import (
	"fmt"
	"strconv"
	"strings"

	"creditsite/internal/config"
	"creditsite/internal/stats"
)

// section is one part of the 汇总说明, rendered both as Markdown and as
// rows of a worksheet.
type section struct {
	heading string
	lines   []string
	table   [][]string // first row is the header
	kinds   []cellKind // how each table column is written to the worksheet; columns past its end are text
}

// cellKind says how a 汇总说明 column is written to the worksheet, so that
// staff can add up and sort the figures in Excel; the Markdown shows every
// cell as the text in table.
type cellKind int

const (
	textCell    cellKind = iota
	countCell            // an integer written by itoa, shown as 1,234
	percentCell          // a share written by PercentText ("12.3%"), shown as a percentage
)

// kind is how column col of s is written.
func (s section) kind(col int) cellKind {
	if col < len(s.kinds) {
		return s.kinds[col]
	}
	return textCell
}

const summaryTitle = "“诚信建设万里行”工作完成情况汇总说明"

// summarySections builds the 汇总说明; leftOut is how many errors left
// rows out, so that whoever reads the figures knows they are incomplete.
func summarySections(s *stats.Stats, focus *FocusShare, cfg *config.Config, leftOut int) []section {
	intro := fmt.Sprintf("数据来源：%s“%s”专栏。企业亮信用记录 %d 条，信用承诺记录 %d 条，涉及企业 %d 家。", cfg.Title, cfg.ColumnTitle, s.Disclosures, s.Commitments, s.Enterprises)
	if !s.Newest.IsZero() {
		intro += "最新记录日期：" + s.Newest.String() + "。"
	}
	if leftOut > 0 {
		intro += fmt.Sprintf("另有 %d 处错误，相应的行未纳入统计，清单见 %s 和 %s 的“%s”工作表。", leftOut, LeftOutFile, SummaryXLSX, leftOutSheet)
	}
	units := unitSection(s)
	types := section{heading: "信用承诺类型", table: [][]string{{"信用承诺类型", "信用承诺（条）"}}, kinds: []cellKind{textCell, countCell}}
	for _, c := range s.ByType {
		types.table = append(types.table, []string{c.Label, itoa(c.N)})
	}

	return append([]section{{heading: summaryTitle, lines: []string{intro}}, targetSection(s), yearSection(s), units, types}, focusSections(focus)...)
}

// targetSection compares the assessment year's enterprise counts with the
// notice's targets; records are reported beside them in their own unit.
func targetSection(s *stats.Stats) section {
	sec := section{heading: s.YearLabel() + "目标完成情况",
		lines: []string{"按通知要求统计企业家数：同一企业的多条记录只计一家。承诺企业按做出信用承诺时间所在年度统计；亮信用记录没有公示日期，目前公示的全部亮信用企业计入 " + s.YearLabel() + "。"},
		table: [][]string{{"指标", "已完成（家）", "目标（家）", "完成比例", "是否完成", "相应记录（条）"}},
		kinds: []cellKind{textCell, countCell, countCell, percentCell, textCell, countCell}}
	records := []int{s.Disclosures, s.YearCommitments}
	for i, t := range s.Targets() {
		sec.table = append(sec.table, []string{t.Label, itoa(t.Count), itoa(t.Target), t.PercentText(), yesNo(t.Met()), itoa(records[i])})
	}
	return sec
}

// yearSection lists commitments per year of 做出信用承诺时间.
func yearSection(s *stats.Stats) section {
	// The year stays text: as a count it would read 2,026.
	sec := section{heading: "各年度信用承诺情况", table: [][]string{{"年度", "承诺企业（家）", "信用承诺（条）"}},
		kinds: []cellKind{textCell, countCell, countCell}}
	for _, y := range s.ByYear {
		sec.table = append(sec.table, []string{itoa(y.Year), itoa(y.CommittingEnterprises), itoa(y.Commitments)})
	}
	if s.Undated > 0 {
		sec.table = append(sec.table, []string{"未填写日期", "—", itoa(s.Undated)})
	}
	sec.table = append(sec.table, []string{"累计", itoa(s.CommittingEnterprises), itoa(s.Commitments)})
	sec.lines = []string{"累计行的企业家数按全市去重：同一企业在几个年度都有承诺时只计一家。"}
	return sec
}

// unitSection lists what each 报送单位 sent, all years together.
func unitSection(s *stats.Stats) section {
	sec := section{heading: "各报送单位完成情况（累计）",
		table: [][]string{{"报送单位", "亮信用企业（家）", "亮信用记录（条）", "承诺企业（家）", "信用承诺（条）"}},
		kinds: []cellKind{textCell, countCell, countCell, countCell, countCell}}
	for _, u := range s.ByUnit {
		sec.table = append(sec.table, []string{u.Unit, itoa(u.DisclosingEnterprises), itoa(u.Disclosures), itoa(u.CommittingEnterprises), itoa(u.Commitments)})
	}
	sec.table = append(sec.table, []string{"合计", itoa(s.DisclosingEnterprises), itoa(s.Disclosures), itoa(s.CommittingEnterprises), itoa(s.Commitments)})
	sec.lines = []string{"合计行的企业家数按全市去重（同一企业可能由几个单位报送），可能小于各单位之和。"}
	return sec
}

// markdown renders the sections as a Markdown document.
func markdown(secs []section) []byte {
	var b strings.Builder
	for i, s := range secs {
		if i == 0 {
			b.WriteString("# " + s.heading + "\n\n")
		} else {
			b.WriteString("## " + s.heading + "\n\n")
		}
		for _, l := range s.lines {
			b.WriteString(l + "\n\n")
		}
		for r, row := range s.table {
			cells := make([]string, len(row))
			for c, v := range row {
				cells[c] = strings.ReplaceAll(v, "|", `\|`)
			}
			b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
			if r == 0 {
				b.WriteString(strings.Repeat("| --- ", len(row)) + "|\n")
			}
		}
		if len(s.table) > 0 {
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}

// plainText renders the sections for Notepad on Windows: UTF-8 with a
// byte order mark (without it older Notepad guesses the ANSI code page),
// CRLF line ends, and tables tab-separated so that they also paste into
// Excel column by column.
func plainText(secs []section) []byte {
	var b strings.Builder
	b.WriteString("\ufeff")
	line := func(s string) { b.WriteString(s + "\r\n") }
	for i, s := range secs {
		if i == 0 {
			line(s.heading)
		} else {
			line("【" + s.heading + "】")
		}
		line("")
		for _, l := range s.lines {
			line(l)
			line("")
		}
		for _, row := range s.table {
			cells := make([]string, len(row))
			for c, v := range row {
				cells[c] = oneLine.Replace(v)
			}
			line(strings.Join(cells, "\t"))
		}
		if len(s.table) > 0 {
			line("")
		}
	}
	return []byte(b.String())
}

// oneLine keeps a cell that staff typed over several lines, or with a
// tab, from breaking the columns of the plain text.
var oneLine = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ")

func itoa(n int) string { return strconv.Itoa(n) }

func yesNo(b bool) string {
	if b {
		return "已完成"
	}
	return "未完成"
}
