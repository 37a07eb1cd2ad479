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
}

const summaryTitle = "“诚信建设万里行”工作完成情况汇总说明"

func summarySections(s *stats.Stats, focus *FocusShare, cfg *config.Config) []section {
	intro := fmt.Sprintf("数据来源：%s“%s”专栏。企业亮信用记录 %d 条，信用承诺记录 %d 条，涉及企业 %d 家。", cfg.Title, cfg.ColumnTitle, s.Disclosures, s.Commitments, s.Enterprises)
	if !s.Newest.IsZero() {
		intro += "最新记录日期：" + s.Newest.String() + "。"
	}
	targets := section{heading: "年度目标完成情况", lines: []string{"按企业家数统计：同一企业的多条记录只计一家。"},
		table: [][]string{{"指标", "已完成（家）", "目标（家）", "完成比例", "是否完成"}}}
	for _, t := range s.Targets() {
		targets.table = append(targets.table, []string{t.Label, itoa(t.Count), itoa(t.Target), t.PercentText(), yesNo(t.Met())})
	}

	units := section{heading: "各报送单位完成情况",
		table: [][]string{{"报送单位", "亮信用企业（家）", "亮信用记录（条）", "承诺企业（家）", "信用承诺（条）"}}}
	for _, u := range s.ByUnit {
		units.table = append(units.table, []string{u.Unit, itoa(u.DisclosingEnterprises), itoa(u.Disclosures), itoa(u.CommittingEnterprises), itoa(u.Commitments)})
	}
	units.table = append(units.table, []string{"合计", itoa(s.DisclosureTarget.Count), itoa(s.Disclosures), itoa(s.CommitmentTarget.Count), itoa(s.Commitments)})
	units.lines = []string{"合计行的企业家数按全市去重，可能小于各单位之和。"}

	types := section{heading: "信用承诺类型", table: [][]string{{"信用承诺类型", "信用承诺（条）"}}}
	for _, c := range s.ByType {
		types.table = append(types.table, []string{c.Label, itoa(c.N)})
	}

	return []section{{heading: summaryTitle, lines: []string{intro}}, targets, units, types, focusSection(focus)}
}

func focusSection(f *FocusShare) section {
	sec := section{heading: "重点关注对象作出信用修复型承诺情况（监管半数覆盖）"}
	if f == nil {
		sec.lines = []string{"未提供重点关注对象表（附件1，放在 data/focus/ 文件夹），未计算此项。"}
		return sec
	}
	sec.lines = []string{fmt.Sprintf("重点关注对象 %d 家，其中在本专栏作出信用修复型信用承诺的 %d 家，占 %.1f%%（要求超过 50%%）：%s。",
		f.Total, f.Repaired, f.Percent(), map[bool]string{true: "已达到", false: "未达到"}[f.Met()])}
	sec.table = [][]string{{"重点关注类型", "对象（家）", "已作出信用修复型承诺（家）", "比例"}}
	for _, k := range f.ByKind {
		share := 0.0
		if k.Total > 0 {
			share = 100 * float64(k.Repaired) / float64(k.Total)
		}
		sec.table = append(sec.table, []string{k.Kind, itoa(k.Total), itoa(k.Repaired), fmt.Sprintf("%.1f%%", share)})
	}
	if len(f.Missing) > 0 {
		names := make([]string, len(f.Missing))
		for i, e := range f.Missing {
			names[i] = fmt.Sprintf("%s（%s，%s）", e.Name, e.Code, e.Kind)
		}
		sec.lines = append(sec.lines, "尚未作出信用修复型承诺："+strings.Join(names, "；")+"。")
	}
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

func itoa(n int) string { return strconv.Itoa(n) }

func yesNo(b bool) string {
	if b {
		return "已完成"
	}
	return "未完成"
}
