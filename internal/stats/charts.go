package stats

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"creditsite/internal/humanize"
)

// Chart colours, chosen for WCAG 2.1 AA on a white page: bars and axes
// reach 3:1 (non-text contrast), text reaches 4.5:1. charts_test checks it.
const (
	colourText   = "#1f2328" // the theme's --ink
	colourAxis   = "#6b6b6b"
	colourTrack  = "#e1e4e8" // the theme's progress bar track
	colourBar    = "#a61b1b" // the theme's --red: commitments and targets
	colourBarAlt = "#1f5f9e" // disclosures
)

// Geometry in viewBox units. The viewBox is narrow so that, scaled down to
// the 288 px a 320 px phone leaves for it, 14-unit text is still 13.4 px
// high: chart text is never under 12 CSS px (issue 19; the theme caps the
// chart's width, so it does not grow huge on a desktop either).
const (
	chartW   = 300
	fontSize = 14
	rowH     = 26
	barH     = 16
	maxBars  = 15 // more categories are summed into 其他 in the chart; the table lists all
)

// TargetChart draws both targets as progress bars.
func (s *Stats) TargetChart() template.HTML {
	c := newChart("chart-targets", s.YearLabel()+"目标完成情况",
		fmt.Sprintf("%s；%s。", targetSentence(s.DisclosureTarget), targetSentence(s.CommitmentTarget)))
	y := 0.0
	for _, t := range s.Targets() {
		c.text(0, y+fontSize+2, "start", colourText,
			fmt.Sprintf("%s：%s / %s %s（%s）", t.Label, humanize.Int(t.Count), humanize.Int(t.Target), t.Unit, t.PercentText()))
		y += fontSize + 10
		c.rect(0, y, chartW, barH+4, colourTrack)
		c.rect(0, y, float64(chartW)*min(t.Percent(), 100)/100, barH+4, colourBar)
		y += barH + 4 + 16
	}
	return c.done(int(y))
}

func targetSentence(t Target) string {
	return fmt.Sprintf("%s %s %s，目标 %s %s，完成 %s", t.Label, humanize.Int(t.Count), t.Unit, humanize.Int(t.Target), t.Unit, t.PercentText())
}

// TypeChart draws commitments per 信用承诺类型.
func (s *Stats) TypeChart() template.HTML {
	return barChart("chart-types", "各类型信用承诺数量（条）", s.ByType, colourBar)
}

// UnitChart draws commitments per 报送单位.
func (s *Stats) UnitChart() template.HTML {
	items := make([]Count, len(s.ByUnit))
	for i, u := range s.ByUnit {
		items[i] = Count{u.Unit, u.Commitments}
	}
	sortCounts(items)
	return barChart("chart-units", "各报送单位信用承诺数量（条）", items, colourBar)
}

// UnitDisclosureChart draws disclosing enterprises per 报送单位.
func (s *Stats) UnitDisclosureChart() template.HTML {
	items := make([]Count, len(s.ByUnit))
	for i, u := range s.ByUnit {
		items[i] = Count{u.Unit, u.DisclosingEnterprises}
	}
	sortCounts(items)
	return barChart("chart-unit-disclosures", "各报送单位亮信用企业数量（家）", items, colourBarAlt)
}

// CertificateChart draws disclosures per certificate kind.
func (s *Stats) CertificateChart() template.HTML {
	return barChart("chart-certificates", "各类资质证书亮信用数量（条）", s.ByCertificate, colourBarAlt)
}

// MonthChart draws commitments per month as columns.
func (s *Stats) MonthChart() template.HTML {
	const id, title = "chart-months", "每月信用承诺数量（条）"
	if len(s.ByMonth) == 0 {
		return emptyChart(id, title)
	}
	items := make([]Count, len(s.ByMonth))
	for i, m := range s.ByMonth {
		items[i] = Count{m.Month, m.Commitments}
	}
	c := newChart(id, title, describe(items, "月"))
	const top, plotH = 12, 160
	top0 := niceMax(maxOf(items))
	left := textWidth(humanize.Int(top0)) + 6
	plotW := chartW - left - 4
	for _, v := range []int{0, top0 / 2, top0} {
		y := top + plotH - float64(plotH*v)/float64(top0)
		c.line(left, y, chartW-4, y, colourAxis)
		c.text(left-4, y+5, "end", colourText, humanize.Int(v))
	}
	slot := plotW / float64(len(items))
	// Month labels are spaced so that they never overlap: every k-th month.
	every := int(math.Ceil((textWidth(items[0].Label) + 6) / slot))
	for i, it := range items {
		h := float64(plotH*it.N) / float64(top0)
		x := left + slot*float64(i) + slot*0.15
		c.rect(x, top+plotH-h, slot*0.7, h, colourBar)
		if v := humanize.Int(it.N); it.N > 0 && textWidth(v) <= slot-2 { // values too wide for a column are in the table
			c.text(x+slot*0.35, top+plotH-h-3, "middle", colourText, v)
		}
		if i%every == 0 { // centred under its column, but never cut at the chart's edges
			half := textWidth(it.Label) / 2
			c.text(min(max(x+slot*0.35, half), chartW-half), top+plotH+18, "middle", colourText, it.Label)
		}
	}
	return c.done(top + plotH + 26)
}

// barChart draws one horizontal bar per item, label left, value right.
func barChart(id, title string, items []Count, colour string) template.HTML {
	if len(items) == 0 {
		return emptyChart(id, title)
	}
	c := newChart(id, title, describe(items, ""))
	items = capItems(items)
	labelW := 0.0
	for _, it := range items {
		labelW = max(labelW, textWidth(shorten(it.Label)))
	}
	top := maxOf(items)
	valueW := textWidth(humanize.Int(top)) + 8
	x0 := labelW + 6
	barMax := chartW - x0 - valueW
	for i, it := range items {
		y := float64(i * rowH)
		c.text(x0-6, y+fontSize+4, "end", colourText, shorten(it.Label))
		w := 0.0
		if top > 0 {
			w = barMax * float64(it.N) / float64(top)
		}
		c.rect(x0, y+(rowH-barH)/2, w, barH, colour)
		c.text(x0+w+4, y+fontSize+4, "start", colourText, humanize.Int(it.N))
	}
	return c.done(len(items) * rowH)
}

func emptyChart(id, title string) template.HTML {
	c := newChart(id, title, "暂无数据。")
	c.text(0, fontSize+4, "start", colourText, "暂无数据")
	return c.done(rowH)
}

// capItems keeps the first maxBars-1 items and sums the rest into 其他.
func capItems(items []Count) []Count {
	if len(items) <= maxBars {
		return items
	}
	rest := Count{Label: fmt.Sprintf("其他 %d 类", len(items)-maxBars+1)}
	for _, it := range items[maxBars-1:] {
		rest.N += it.N
	}
	return append(items[:maxBars-1:maxBars-1], rest)
}

// describe spells the data out for screen readers.
func describe(items []Count, suffix string) string {
	parts := make([]string, 0, len(items))
	for i, it := range items {
		if i == maxBars {
			parts = append(parts, fmt.Sprintf("另有 %d 项，详见下表", len(items)-maxBars))
			break
		}
		parts = append(parts, fmt.Sprintf("%s%s %s", it.Label, suffix, humanize.Int(it.N)))
	}
	return strings.Join(parts, "；") + "。"
}

func maxOf(items []Count) int {
	m := 0
	for _, it := range items {
		m = max(m, it.N)
	}
	return m
}

// niceMax rounds n up to 1, 2 or 5 times a power of ten (at least 2, so
// that the middle grid line is a whole number).
func niceMax(n int) int {
	for p := 1; ; p *= 10 {
		for _, f := range []int{2, 5, 10} {
			if f*p >= n && f*p >= 2 {
				return f * p
			}
		}
	}
}

const maxLabelWidth = 9 // in em: longer labels are shortened; the table has them whole

// textWidth estimates the width of s in viewBox units: CJK characters are
// one em wide, others about 0.6 em.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x2E80 {
			w += 1
		} else {
			w += 0.6
		}
	}
	return w * fontSize
}

func shorten(s string) string {
	if textWidth(s) <= maxLabelWidth*fontSize {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if textWidth(b.String()+string(r)) > (maxLabelWidth-1)*fontSize {
			break
		}
		b.WriteRune(r)
	}
	return b.String() + "…"
}

// chart accumulates SVG elements; every text goes through html.EscapeString.
type chart struct {
	id, title, desc string
	body            strings.Builder
}

func newChart(id, title, desc string) *chart { return &chart{id: id, title: title, desc: desc} }

func (c *chart) rect(x, y, w, h float64, fill string) {
	fmt.Fprintf(&c.body, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x), num(y), num(w), num(h), fill)
}

func (c *chart) line(x1, y1, x2, y2 float64, stroke string) {
	fmt.Fprintf(&c.body, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, num(x1), num(y1), num(x2), num(y2), stroke)
}

// text writes s at fontSize: every chart text is the same size, so none
// falls under the readable minimum.
func (c *chart) text(x, y float64, anchor, fill, s string) {
	fmt.Fprintf(&c.body, `<text x="%s" y="%s" text-anchor="%s" fill="%s" font-size="%d">%s</text>`,
		num(x), num(y), anchor, fill, fontSize, html.EscapeString(s))
}

func (c *chart) done(height int) template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-title %s-desc">`,
		chartW, height+2, c.id, c.id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`,
		c.id, html.EscapeString(c.title), c.id, html.EscapeString(c.desc))
	b.WriteString(c.body.String())
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // all data text above is escaped
}

// num prints a coordinate with at most one decimal, keeping output stable
// and small.
func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}
