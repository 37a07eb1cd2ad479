package report

import (
	"cmp"
	"slices"

	"creditsite/internal/model"
)

// FocusShare measures the notice's 监管半数覆盖 task: the share of the
// 重点关注对象 (附件1) that published a 信用修复型 commitment, to exceed 50%.
type FocusShare struct {
	Total    int // distinct enterprises on the list
	Repaired int // of them, with at least one 信用修复型 commitment
	ByKind   []KindShare
	Missing  []model.FocusEntity // without such a commitment, in list order
}

// KindShare is the share within one 重点关注类型.
type KindShare struct {
	Kind            string
	Total, Repaired int
}

// Percent is Repaired as a percentage of Total.
func (f *FocusShare) Percent() float64 {
	if f.Total == 0 {
		return 0
	}
	return 100 * float64(f.Repaired) / float64(f.Total)
}

// Met reports whether more than half made a 信用修复型 commitment.
func (f *FocusShare) Met() bool { return 2*f.Repaired > f.Total }

func focusShare(ds *model.Dataset, focus []model.FocusEntity) *FocusShare {
	repaired := map[string]bool{}
	for _, c := range ds.Commitments {
		if c.Type == model.Repair {
			repaired[c.Code] = true
		}
	}
	f := &FocusShare{}
	kinds := map[string]*KindShare{}
	seen := map[string]bool{}
	for _, e := range focus {
		key := e.Code
		if key == "" {
			key = "名称:" + e.Name
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		k := kinds[e.Kind]
		if k == nil {
			k = &KindShare{Kind: e.Kind}
			kinds[e.Kind] = k
		}
		f.Total++
		k.Total++
		if e.Code != "" && repaired[e.Code] {
			f.Repaired++
			k.Repaired++
		} else {
			f.Missing = append(f.Missing, e)
		}
	}
	for _, k := range kinds {
		f.ByKind = append(f.ByKind, *k)
	}
	slices.SortFunc(f.ByKind, func(a, b KindShare) int { return cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)) })
	return f
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
