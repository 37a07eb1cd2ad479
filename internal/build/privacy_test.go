package build

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"creditsite/internal/uscc"
)

// private values that must never reach any published file.
var private = []string{"13872675001", "contact1@example.cn", "420500199001011234", "13900000000", "王联系"}

const evilName = `宜昌<script>alert("x")</script>&'测试有限公司`

// privateSource writes exports that carry contact columns, a focus list
// with contact data, a company name full of markup and two attachments.
func privateSource(t *testing.T) (src, code string) {
	src = t.TempDir()
	code = uscc.Complete("91420500MA4F4R53")
	write := func(rel, body string) {
		p := filepath.Join(src, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("data/commitments/xiling.csv", "序号,企业名称,法定代表人,统一社会信用代码,信用承诺类型,信用承诺事项,做出信用承诺时间,其他,联系人,联系电话,电子邮箱,身份证号\r\n"+
		"1,\""+strings.ReplaceAll(evilName, `"`, `""`)+"\",张三,"+code+",主动公示型,依法诚信经营,2026-01-02,无,王联系,13872675001,contact1@example.cn,420500199001011234\r\n")
	write("data/disclosures/xiling.csv", "序号,企业名称,法定代表人,统一社会信用代码,企业资质证书名称,发证时间,手机\r\n"+
		"1,\""+strings.ReplaceAll(evilName, `"`, `""`)+"\",张三,"+code+",安全生产许可证,2025-03-04,13900000000\r\n")
	write("data/focus/focus.csv", "编号,企业名称,统一社会信用代码,重点关注类型,联系人,联系电话,电子邮箱\r\n1,某公司,"+code+",黑名单对象,王联系,13872675001,contact1@example.cn\r\n")
	write("data/attachments/"+code+"/信用报告.pdf", "%PDF-1.4\n%test\n")
	write("data/attachments/"+code+"/setup.exe", "MZ\x90\x00")
	return src, code
}

func TestNothingPrivateIsPublished(t *testing.T) {
	src, code := privateSource(t)
	rep, err := Run(Options{Source: src, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Ingest.Records != 2 {
		t.Fatalf("published %d records, want 2: %v", rep.Ingest.Records, rep.Ingest.Problems)
	}
	out := filepath.Join(src, "public")
	files := 0
	filepath.WalkDir(live(t, out), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		text, _ := publishedText(t, p) // a workbook's parts unpacked
		for _, v := range private {
			if strings.Contains(text, v) {
				t.Errorf("%s contains private value %s", p, v)
			}
		}
		if strings.Contains(p, "focus") {
			t.Errorf("focus file published: %s", p)
		}
		return nil
	})
	if files < 20 {
		t.Fatalf("only %d files checked", files)
	}
	// The attachment is copied and linked; the .exe is refused.
	page, _ := os.ReadFile(filepath.Join(out, "enterprises", code, "index.html"))
	link := strings.ToLower(`href="../../enterprises/` + code + `/files/` + url.PathEscape("信用报告.pdf") + `"`)
	if _, err := os.Stat(filepath.Join(out, "enterprises", code, "files", "信用报告.pdf")); err != nil || !strings.Contains(strings.ToLower(string(page)), link) {
		t.Errorf("attachment not published and linked (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(out, "enterprises", code, "files", "setup.exe")); err == nil {
		t.Error("an .exe attachment was published")
	}
}

func TestEveryFormatEscapes(t *testing.T) {
	src, code := privateSource(t)
	if _, err := Run(Options{Source: src, Now: now, BaseURL: "https://xy.example.cn/xyyc/"}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(src, "public")
	read := func(rel string) []byte {
		b, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// HTML: shown as text everywhere, never as a tag.
	filepath.WalkDir(live(t, out), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "<script>alert") {
				t.Errorf("%s: markup from data is live", p)
			}
		}
		return nil
	})
	if !strings.Contains(string(read("enterprises/"+code+"/index.html")), "宜昌&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;&#39;测试有限公司") {
		t.Error("enterprise page does not show the name as text")
	}
	// XML: the feed parses and gives the name back.
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(read("feed.xml"), &feed); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range feed.Entries {
		found = found || strings.Contains(e.Title, evilName)
	}
	if !found {
		t.Error("feed entries do not carry the name intact")
	}
	// JSON and CSV downloads round-trip the name.
	if !strings.Contains(string(read("opendata/commitments.json")), `\u003cscript\u003e`) {
		t.Error("JSON download does not escape < for safe embedding")
	}
	var rows []map[string]any
	if err := json.Unmarshal(read("opendata/commitments.json"), &rows); err != nil {
		var wrapped map[string]json.RawMessage
		if json.Unmarshal(read("opendata/commitments.json"), &wrapped) != nil {
			t.Fatalf("commitments.json: %v", err)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(read("opendata/commitments.csv")), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[1][0] != evilName {
		t.Errorf("CSV download: %q", recs)
	}
}
