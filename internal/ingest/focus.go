package ingest

import (
	"slices"
	"strings"

	"creditsite/internal/model"
)

// focusKinds are the 重点关注类型 of 附件1.
var focusKinds = []string{"黑名单对象", "行政处罚对象", "联合奖惩对象"}

var focusKind = &kind{
	spec:    focusSpec,
	publish: publishFocus,
	count:   func(l *loader) int { return len(l.focus) },
	setUnit: func(*loader, int, string) {},
}

// LoadFocus reads data/focus/*.csv (附件1 重点关注对象表) for the upward
// report only; contact columns are never read.
func LoadFocus(sourceDir string) ([]model.FocusEntity, []Problem, error) {
	dataDir, err := findData(sourceDir)
	if err != nil {
		return nil, nil, err
	}
	l, err := newLoader(sourceDir, Options{})
	if err != nil {
		return nil, nil, err
	}
	defer l.src.Close()
	if err := l.readFolder(sourceDir, dataDir, focusKind); err != nil {
		return nil, nil, err
	}
	sortProblems(l.res.Problems)
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
		f := model.FocusEntity{Code: c.code(r.Code), Name: r.Name, Kind: dropSpaces(r.Kind)}
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
