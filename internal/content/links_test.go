package content

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// load writes files (slash path under content/ → text) and loads them.
func load(t *testing.T, allowRawHTML bool, files map[string]string) map[string]*Page {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pages, err := Load(dir, allowRawHTML)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*Page{}
	for _, p := range pages {
		byPath[p.Path] = p
	}
	return byPath
}

const about = `---
title: 关于
---
见[企业亮信用](/disclosures/?unit=xiling#top)和![标志](/images/logo.png "标志")。

外部：[信用中国](https://www.creditchina.gov.cn/)、[邮件](mailto:xy@yichang.gov.cn)、[电话](tel:07176000000)、[本页](#top)、[协议相对](//example.cn/x)。

[统计](../stats/)、[参考][r]、[首页](/)。

| 栏目 | 链接 |
|---|---|
| 承诺 | [信用承诺](/commitments/repair/) |

<a href="/raw/">原始</a>

[r]: /commitments/
`

// TestRootAbsoluteLinksBecomeRelative: root-absolute links and images are
// rewritten relative to the page, keeping query, fragment and title;
// external, same-page and relative ones and raw HTML are left alone.
func TestRootAbsoluteLinksBecomeRelative(t *testing.T) {
	pages := load(t, true, map[string]string{"about.md": about, "notices/a.md": "[首页](/) [关于](/about/#x)\n"})
	body := string(pages["about"].Body)
	for _, want := range []string{
		`href="../disclosures/?unit=xiling#top"`, `src="../images/logo.png" alt="标志" title="标志"`,
		`href="https://www.creditchina.gov.cn/"`, `href="mailto:xy@yichang.gov.cn"`, `href="tel:07176000000"`,
		`href="#top"`, `href="//example.cn/x"`, `href="../stats/"`, `href="../commitments/"`, `href="../"`,
		`href="../commitments/repair/"`, `<a href="/raw/">原始</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("about: body lacks %s:\n%s", want, body)
		}
	}
	notice := string(pages["notices/a"].Body)
	if !strings.Contains(notice, `href="../../"`) || !strings.Contains(notice, `href="../../about/#x"`) {
		t.Errorf("notices/a: links not relative to notices/a/:\n%s", notice)
	}
}

// TestLinksIntoTheSite: each link into the site is kept with the line of
// the file it is on (front matter counted) and the site path it reaches.
func TestLinksIntoTheSite(t *testing.T) {
	pages := load(t, false, map[string]string{"about.md": about})
	want := []Link{
		{Line: 4, Dest: "/disclosures/?unit=xiling#top", Target: "disclosures/"},
		{Line: 4, Dest: "/images/logo.png", Target: "images/logo.png"},
		{Line: 8, Dest: "../stats/", Target: "stats/", Relative: true},
		{Line: 8, Dest: "/commitments/", Target: "commitments/"},
		{Line: 8, Dest: "/", Target: ""},
		{Line: 12, Dest: "/commitments/repair/", Target: "commitments/repair/"},
	}
	if got := pages["about"].Links; !reflect.DeepEqual(got, want) {
		t.Errorf("links\n%+v\nwant\n%+v", got, want)
	}
}

// TestLinkLines: lines count from the file's first line with Windows line
// ends, without front matter, and after a long front matter.
func TestLinkLines(t *testing.T) {
	pages := load(t, false, map[string]string{
		"crlf.md":  "---\r\ntitle: x\r\n---\r\n\r\n[a](/a/)\r\n",
		"plain.md": "正文\n\n[b](/b/)\n",
		"long.md":  "---\ntitle: x\ndate: 2018-12-17\nweight: 2\n---\n一\n二\n[c](/c/)\n",
	})
	for path, line := range map[string]int{"crlf": 5, "plain": 3, "long": 8} {
		if l := pages[path].Links; len(l) != 1 || l[0].Line != line {
			t.Errorf("%s: links %+v, want one on line %d", path, l, line)
		}
	}
}

func TestResolve(t *testing.T) {
	for _, c := range []struct {
		dest, dir string
		want      Link
		ok        bool
	}{
		{"/a/./b/../c/", "about/", Link{Target: "a/c/"}, true},
		{"/%E9%80%9A%E7%9F%A5/", "about/", Link{Target: "通知/"}, true},
		{"/../x", "about/", Link{Target: "x"}, true},
		{"2018-26/", "notices/a/", Link{Target: "notices/a/2018-26/", Relative: true}, true},
		{"../b/", "notices/a/", Link{Target: "notices/b/", Relative: true}, true},
		{"..", "about/", Link{Target: "", Relative: true}, true},
		{"../../x/", "about/", Link{Relative: true, Outside: true}, true},
		{"/a\\_b/", "", Link{Target: "a_b/"}, true},
		{"HTTP://x/", "", Link{}, false},
		{"javascript:alert(1)", "", Link{}, false},
		{"?page=2", "", Link{}, false},
	} {
		got, ok := resolve(c.dest, c.dir)
		if ok {
			c.want.Dest = c.dest
		}
		if ok != c.ok || got != c.want {
			t.Errorf("resolve(%q, %q) = %+v, %v; want %+v, %v", c.dest, c.dir, got, ok, c.want, c.ok)
		}
	}
}

func TestBrokenLinkWarning(t *testing.T) {
	p := &Page{Path: "notices/a", File: "content/notices/a.md"}
	for l, want := range map[Link]string{
		{Line: 12, Dest: "/foo/", Target: "foo/"}:                     "content/notices/a.md:12: 警告：链接“/foo/”指向的页面不存在",
		{Line: 3, Dest: "b/", Target: "notices/a/b/", Relative: true}: "content/notices/a.md:3: 警告：链接“b/”指向的页面不存在（相对链接从本页的地址 notices/a/ 算起，即 /notices/a/b/）",
		{Line: 4, Dest: "/about.md", Target: "about.md"}:              "content/notices/a.md:4: 警告：链接“/about.md”指向的页面不存在：请写页面的地址（如 /about/），不要写 .md 文件名",
		{Line: 5, Dest: "../../../x", Relative: true, Outside: true}:  "content/notices/a.md:5: 警告：链接“../../../x”指向网站以外（相对链接从本页的地址 notices/a/ 算起）；链接本网站的页面请写成 /about/ 这样以 / 开头的地址",
	} {
		if got := p.BrokenLink(l); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}

func TestDir(t *testing.T) {
	for path, want := range map[string]string{"about": "about/", "notices/2018-26": "notices/2018-26/", "notices/_index": "notices/", "_index": ""} {
		if got := (&Page{Path: path}).Dir(); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
}
