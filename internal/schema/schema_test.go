package schema

import (
	"slices"
	"strings"
	"testing"
)

// The notice's headers, copied from its 附件1–3.
func TestNoticeOrder(t *testing.T) {
	want := map[string][]string{
		// 附件1's last three columns are this site's optional additions.
		"附件1": {"编号", "企业名称", "统一社会信用代码", "重点关注类型", "联系人", "联系电话", "电子邮箱", "状态", "参加信用修复培训", "接受约谈"},
		"附件2": {"序号", "企业名称", "法定代表人", "统一社会信用代码", "企业资质证书名称", "发证机关", "资质证书编号",
			"资质等级", "发证时间", "证书有效期", "信用报告名称", "信用报告年度", "评定机构名称", "其他补充公示信息"},
		"附件3": {"序号", "企业名称", "法定代表人", "统一社会信用代码", "信用承诺类型", "信用承诺事项", "做出信用承诺时间", "其他"},
	}
	got := map[string][]string{Focus.ID: Focus.Names(), Disclosures.ID: Disclosures.Names(), Commitments.ID: Commitments.Names()}
	for id, w := range want {
		if !slices.Equal(got[id], w) {
			t.Errorf("%s: %q, want %q", id, got[id], w)
		}
	}
}

// A header wording belongs to one column only, a signature column to one
// table only, and every key is unique within its table.
func TestUnambiguous(t *testing.T) {
	check := func(id string, names, sig, keys []string, canon func(string) string, aliases [][]string) {
		seen := map[string]bool{}
		for _, k := range keys {
			if seen[k] || k == "" {
				t.Errorf("%s: key %q repeated or empty", id, k)
			}
			seen[k] = true
		}
		for i, n := range names {
			for _, a := range append([]string{n}, aliases[i]...) {
				if canon(a) != n {
					t.Errorf("%s: %q reads as %q, want %q", id, a, canon(a), n)
				}
			}
		}
		for _, s := range sig {
			if !slices.Contains(names, s) {
				t.Errorf("%s: signature column %q is no column", id, s)
			}
		}
	}
	check(Disclosures.ID, Disclosures.Names(), Disclosures.Signature, keys(Disclosures), Disclosures.Canonical, aliases(Disclosures))
	check(Commitments.ID, Commitments.Names(), Commitments.Signature, keys(Commitments), Commitments.Canonical, aliases(Commitments))
	check(Focus.ID, Focus.Names(), Focus.Signature, keys(Focus), Focus.Canonical, aliases(Focus))
	for _, s := range Disclosures.Signature {
		if Commitments.Canonical(s) != "" || Focus.Canonical(s) != "" {
			t.Errorf("附件2 signature %q is also a column of another table", s)
		}
	}
	for _, s := range Commitments.Signature {
		if Disclosures.Canonical(s) != "" || Focus.Canonical(s) != "" {
			t.Errorf("附件3 signature %q is also a column of another table", s)
		}
	}
	for _, s := range Focus.Signature {
		if Disclosures.Canonical(s) != "" || Commitments.Canonical(s) != "" {
			t.Errorf("附件1 signature %q is also a column of another table", s)
		}
	}
}

func keys[R any](t *Table[R]) []string {
	var out []string
	for _, c := range t.Columns {
		out = append(out, c.Key)
	}
	return out
}

func aliases[R any](t *Table[R]) [][]string {
	var out [][]string
	for _, c := range t.Columns {
		out = append(out, c.Aliases)
	}
	return out
}

// Every published column of the two public tables has a length limit
// unless its values are checked by a rule of their own, and a list shows
// free text cut at its limit.
func TestMaxChars(t *testing.T) {
	kinds := map[string]Kind{}
	for _, c := range Disclosures.Published() {
		kinds[c.Name] = c.Kind
	}
	for _, c := range Commitments.Published() {
		kinds[c.Name] = c.Kind
	}
	for name, k := range kinds {
		if own := k == Code || k == Category; (k.MaxChars() == 0) != own {
			t.Errorf("%s: MaxChars %d", name, k.MaxChars())
		}
	}
	if kinds["信用承诺事项"].MaxChars() != 500 || kinds["企业名称"].MaxChars() != 100 {
		t.Errorf("limits: item %d, name %d", kinds["信用承诺事项"].MaxChars(), kinds["企业名称"].MaxChars())
	}
	long := strings.Repeat("诚信", 300)
	if p := Preview(long); !p.Cut || p.Text != long[:len("诚")*500] {
		t.Errorf("Preview of 600 characters: cut %v, %d characters", p.Cut, len([]rune(p.Text)))
	}
	if p := Preview(long[:len("诚")*500]); p.Cut {
		t.Error("500 characters cut")
	}
}
