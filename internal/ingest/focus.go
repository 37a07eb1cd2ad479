package ingest

import (
	"slices"
	"strings"

	"creditsite/internal/config"
	"creditsite/internal/dates"
	"creditsite/internal/model"
)

// focusKinds are the 重点关注类型 of 附件1.
var focusKinds = []string{"黑名单对象", "行政处罚对象", "联合奖惩对象"}

// excludedStatus maps the 状态 wordings clerks use for an entity the
// notice leaves out of the measure (已注销、吊销和无法联系上的除外) to one
// name per reason; any other 状态 is counted.
var excludedStatus = map[string]string{
	"注销": "已注销", "已注销": "已注销",
	"吊销": "已吊销", "被吊销": "已吊销", "已吊销": "已吊销",
	"无法联系": "无法联系", "无法联系上": "无法联系", "失联": "无法联系",
}

var focusKind = &kind{
	spec:    focusSpec,
	publish: publishFocus,
	count:   func(l *loader) int { return len(l.focus) },
	setUnit: func(l *loader, from int, unit string) {
		for i := range l.focus[from:] {
			l.focus[from+i].Unit = unit
		}
	},
}

// LoadFocus reads data/focus/*.csv (附件1 重点关注对象表) for the upward
// report only; contact columns are never read. It reads the source's
// config.yaml itself, so that a file without a 填报单位 line is named by
// units as the other tables are, and privatePatterns apply.
func LoadFocus(sourceDir string) ([]model.FocusEntity, []Problem, error) {
	dataDir, err := findData(sourceDir)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := config.Load(sourceDir)
	if err != nil {
		return nil, nil, err
	}
	l, err := newLoader(sourceDir, OptionsFor(cfg))
	if err != nil {
		return nil, nil, err
	}
	defer l.src.Close()
	if err := l.readFolder(sourceDir, dataDir, focusKind); err != nil {
		return nil, nil, err
	}
	sortProblems(l.res.Problems)
	l.addContext()
	return l.focus, l.res.Problems, nil
}

func publishFocus(l *loader, rows [][]string, srcs []model.Source) error {
	decoded, err := decode[focusRow](rows)
	if err != nil {
		return err
	}
	for i, r := range decoded {
		c := &rowCheck{l: l, src: srcs[i], left: "此行未计入"}
		c.required("企业名称", r.Name)
		f := model.FocusEntity{
			Code:        c.code(r.Code),
			Name:        r.Name,
			Kind:        dropSpaces(r.Kind),
			Excluded:    excludedStatus[dropSpaces(r.Status)],
			Trained:     c.done("参加信用修复培训", r.Training, "已参加"),
			Interviewed: c.done("接受约谈", r.Interview, "已约谈"),
		}
		if !slices.Contains(focusKinds, f.Kind) {
			c.fail("重点关注类型“%s”无效，应为%s之一", r.Kind, strings.Join(focusKinds, "、"))
		}
		if c.bad {
			l.res.Skipped++
		} else {
			l.focus = append(l.focus, f)
		}
	}
	return nil
}

// done reads a 参加信用修复培训 or 接受约谈 cell: a date or 是/yesWord
// means done; blank or 否 means not yet. Anything else is not guessed at:
// it counts as not done, with a warning, so the share is never overstated.
func (c *rowCheck) done(label, v, yesWord string) bool {
	w := dropSpaces(v)
	switch {
	case dates.IsBlank(v), w == "否", w == "未"+strings.TrimPrefix(yesWord, "已"):
		return false
	case w == "是" || w == yesWord:
		return true
	}
	if _, ok := dates.Parse(v); ok {
		return true
	}
	c.l.addAt(c.src, Warning, "%s“%s”无法识别，按未%s计算（可填写日期，或“是”“%s”）", label, v, strings.TrimPrefix(yesWord, "已"), yesWord)
	return false
}
