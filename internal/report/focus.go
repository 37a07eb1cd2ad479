package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"creditsite/internal/model"
)

// FocusShare measures the notice's 监管半数覆盖 task (section 二): the share
// of the 黑名单、重点关注名单主体 of 附件1, leaving out those 已注销、吊销
// or 无法联系, that made a public credit commitment of any type on the
// site, attended 信用修复 training or were interviewed (约谈). It must
// exceed 50% for the city and each 报送单位 (本地、本行业领域); the share
// per 重点关注类型 shows staff where to push.
type FocusShare struct {
	Count                 // the whole city, each entity once
	ByUnit   []UnitShare  // per 报送单位, in the order the list names them
	ByKind   []KindShare  // per 重点关注类型, the notice's three first
	Reached  []FocusEntry // counted and reached, in list order
	Missing  []FocusEntry // counted, not (yet) reached, in list order
	Excluded []FocusEntry // 已注销、吊销 or 无法联系: outside the share
}

// Count is one share of the measure.
type Count struct {
	Total int // entities counted: listed, not 已注销、吊销 or 无法联系
	// Repaired is how many of them were reached in any of the three ways.
	// The name dates from when only 信用修复型 commitments counted; it is
	// kept so that callers written then still build.
	Repaired int
}

// UnitShare is the share within one 报送单位.
type UnitShare struct {
	Unit string
	Count
}

// KindShare is the share within one 重点关注类型.
type KindShare struct {
	Kind string
	Count
}

// FocusEntry is one entity of the list, with every row naming it merged.
type FocusEntry struct {
	model.FocusEntity          // its first row; Unit is the first unit naming it
	Units             []string // every 报送单位 that listed it, in list order
	Committed         bool     // made a public commitment (any type) on the site
}

// Percent is Repaired as a percentage of Total.
func (c Count) Percent() float64 {
	if c.Total == 0 {
		return 0
	}
	return 100 * float64(c.Repaired) / float64(c.Total)
}

// Met reports whether more than half were reached, as the notice asks.
func (c Count) Met() bool { return 2*c.Repaired > c.Total }

// Reached reports whether the entity met the measure in any way.
func (e *FocusEntry) Reached() bool { return e.Committed || e.Trained || e.Interviewed }

// Ways names how the entity met the measure, in the notice's order.
func (e *FocusEntry) Ways() []string {
	var ways []string
	for _, w := range []struct {
		done bool
		name string
	}{{e.Committed, "信用承诺"}, {e.Trained, "信用修复培训"}, {e.Interviewed, "约谈"}} {
		if w.done {
			ways = append(ways, w.name)
		}
	}
	return ways
}

func focusShare(ds *model.Dataset, focus []model.FocusEntity) *FocusShare {
	committed := map[string]bool{}
	for _, c := range ds.Commitments {
		committed[c.Code] = true
	}
	f := &FocusShare{}
	units := map[string]*UnitShare{}
	var unitOrder []string
	kinds := map[string]*KindShare{}
	for _, e := range mergeFocus(focus, committed) {
		// A unit is shown even when all its entities are left out.
		for _, u := range e.Units {
			if units[u] == nil {
				units[u] = &UnitShare{Unit: u}
				unitOrder = append(unitOrder, u)
			}
		}
		if e.Excluded != "" {
			f.Excluded = append(f.Excluded, e)
			continue
		}
		f.Count.add(e.Reached())
		for _, u := range e.Units {
			units[u].add(e.Reached())
		}
		if kinds[e.Kind] == nil {
			kinds[e.Kind] = &KindShare{Kind: e.Kind}
		}
		kinds[e.Kind].add(e.Reached())
		if e.Reached() {
			f.Reached = append(f.Reached, e)
		} else {
			f.Missing = append(f.Missing, e)
		}
	}
	for _, u := range unitOrder {
		f.ByUnit = append(f.ByUnit, *units[u])
	}
	for _, k := range kinds {
		f.ByKind = append(f.ByKind, *k)
	}
	slices.SortFunc(f.ByKind, func(a, b KindShare) int { return cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)) })
	return f
}

func (c *Count) add(reached bool) {
	c.Total++
	if reached {
		c.Repaired++
	}
}

// mergeFocus makes one entry per entity (by credit code, by name when a
// row has none), in list order. An entity two units list — a county and
// an industry department, say — counts once for the city and once for
// each unit; training or an interview recorded on any of its rows counts.
func mergeFocus(focus []model.FocusEntity, committed map[string]bool) []FocusEntry {
	var out []FocusEntry
	at := map[string]int{}
	for _, e := range focus {
		key := e.Code
		if key == "" {
			key = "名称:" + e.Name
		}
		i, ok := at[key]
		if !ok {
			at[key] = len(out)
			out = append(out, FocusEntry{FocusEntity: e, Units: []string{e.Unit}, Committed: e.Code != "" && committed[e.Code]})
			continue
		}
		m := &out[i]
		if !slices.Contains(m.Units, e.Unit) {
			m.Units = append(m.Units, e.Unit)
		}
		m.Trained = m.Trained || e.Trained
		m.Interviewed = m.Interviewed || e.Interviewed
		m.Excluded = cmp.Or(m.Excluded, e.Excluded)
	}
	return out
}

// kindOrder sorts the notice's three kinds first, in its order.
func kindOrder(k string) string {
	switch k {
	case "黑名单对象":
		return "1"
	case "行政处罚对象":
		return "2"
	case "联合奖惩对象":
		return "3"
	}
	return "4" + k
}

// focusSections is the 监管半数覆盖 part of the 汇总说明: the shares, then
// who is still missing, who was reached and how, and who is left out.
func focusSections(f *FocusShare) []section {
	if f == nil {
		return []section{{heading: focusHeading, lines: []string{"未提供重点关注对象表（附件1，放在 data/focus/ 文件夹），未计算此项。"}}}
	}
	return []section{focusShareSection(f), focusKindSection(f),
		focusListSection("尚未覆盖的重点关注对象", f.Missing),
		focusListSection("已覆盖的重点关注对象及覆盖方式", f.Reached,
			focusColumn{"覆盖方式", func(e *FocusEntry) string { return strings.Join(e.Ways(), "、") }}),
		focusListSection("不计入比例的重点关注对象（已注销、吊销或无法联系）", f.Excluded,
			focusColumn{"状态", func(e *FocusEntry) string { return e.Excluded }})}
}

const focusHeading = "重点关注对象监管半数覆盖情况"

var shareHeader = []string{"对象（家）", "已覆盖（家）", "比例", "是否超过 50%"}

// shareKinds lets staff add up and sort the share tables in Excel; a "—"
// share (no entity counted) stays text.
var shareKinds = []cellKind{textCell, countCell, countCell, percentCell, textCell}

func focusShareSection(f *FocusShare) section {
	sec := section{heading: focusHeading, kinds: shareKinds, lines: []string{
		"按通知要求，黑名单、重点关注名单主体（已注销、吊销和无法联系上的除外）在本专栏公开作出信用承诺（任何类型）、参加信用修复培训或接受约谈的，计为已覆盖；全市、各报送单位的比例均应超过 50%。",
		fmt.Sprintf("全市重点关注对象 %d 家（另有已注销、吊销或无法联系的 %d 家不计入），已覆盖 %d 家，占 %s：%s。",
			f.Total, len(f.Excluded), f.Repaired, percentText(f.Count), metText(f.Count)),
	}}
	sec.table = [][]string{slices.Concat([]string{"报送单位"}, shareHeader)}
	for _, u := range f.ByUnit {
		sec.table = append(sec.table, shareRow(u.Unit, u.Count))
	}
	sec.table = append(sec.table, shareRow("全市", f.Count))
	if len(f.ByUnit) > 1 {
		sec.lines = append(sec.lines, "几个单位都列出的同一对象，在各单位分别计入，全市只计一次。")
	}
	return sec
}

func focusKindSection(f *FocusShare) section {
	sec := section{heading: "重点关注对象按类型的覆盖情况", kinds: shareKinds,
		table: [][]string{slices.Concat([]string{"重点关注类型"}, shareHeader)}}
	for _, k := range f.ByKind {
		sec.table = append(sec.table, shareRow(k.Kind, k.Count))
	}
	return sec
}

// focusColumn is a column a list adds to the entity's identity.
type focusColumn struct {
	header string
	value  func(*FocusEntry) string
}

// focusListSection lists entities with their identity and extra columns.
func focusListSection(heading string, es []FocusEntry, extra ...focusColumn) section {
	sec := section{heading: heading}
	if len(es) == 0 {
		sec.lines = []string{"无。"}
		return sec
	}
	header := []string{"企业名称", "统一社会信用代码", "重点关注类型", "报送单位"}
	for _, x := range extra {
		header = append(header, x.header)
	}
	sec.table = [][]string{header}
	for i := range es {
		e := &es[i]
		row := []string{e.Name, e.Code, e.Kind, strings.Join(e.Units, "、")}
		for _, x := range extra {
			row = append(row, x.value(e))
		}
		sec.table = append(sec.table, row)
	}
	return sec
}

func shareRow(label string, c Count) []string {
	return []string{label, itoa(c.Total), itoa(c.Repaired), percentText(c), metText(c)}
}

// percentText shows a share; a unit whose entities are all left out has
// none to show.
func percentText(c Count) string {
	if c.Total == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", c.Percent())
}

func metText(c Count) string {
	switch {
	case c.Total == 0:
		return "无需计算"
	case c.Met():
		return "已超过"
	}
	return "未超过"
}
