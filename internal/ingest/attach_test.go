package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"creditsite/internal/model"
)

func TestAttachments(t *testing.T) {
	dir := t.TempDir()
	good, other := code(1), code(2)
	pdf := "%PDF-1.4\n%%EOF\n"
	png := "\x89PNG\r\n\x1a\n...."
	jpg := "\xFF\xD8\xFF\xE0...."
	att := "data/attachments/" + good + "/"
	writeFiles(t, dir, map[string]string{
		"data/commitments/a.csv":                 commitmentHeader + "\n" + commitmentLine(1, 1, "2018-12-17") + "\n",
		att + "安全生产许可证.pdf":                      pdf,
		att + "信用报告.PNG":                         png,
		att + "承诺书.jpeg":                         jpg,
		att + "扫描件.jpg":                          jpg,
		att + "备注.txt":                           "text",
		att + "伪装.pdf":                           "MZ\x90\x00 not a pdf",
		att + "太大.pdf":                           pdf + strings.Repeat("x", 100),
		att + "子文件夹/a.pdf":                       pdf,
		att + ".DS_Store":                        "junk",
		att + ".hidden.pdf":                      pdf,
		"data/attachments/readme.pdf":            pdf,
		"data/attachments/" + other + "/a.pdf":   pdf,
		"data/attachments/91420500ABC/a.pdf":     pdf,
		"outside/secret.pdf":                     pdf,
		"data/attachments/" + good + "x/ignored": "",
	})
	if err := os.Symlink(filepath.Join(dir, "outside/secret.pdf"), filepath.Join(dir, att+"链接.pdf")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "outside"), filepath.Join(dir, "data/attachments/"+code(3))); err != nil {
		t.Fatal(err)
	}
	r, err := Load(dir, Options{MaxAttachmentBytes: int64(len(pdf) + 50), Units: map[string]string{"a": "测试单位"}})
	if err != nil {
		t.Fatal(err)
	}
	e := r.Dataset.Enterprise(good)
	p := func(name string) string { return filepath.Join(dir, "data", "attachments", good, name) }
	want := []model.Attachment{
		{Name: "信用报告.PNG", Path: p("信用报告.PNG"), Size: int64(len(png))},
		{Name: "安全生产许可证.pdf", Path: p("安全生产许可证.pdf"), Size: int64(len(pdf))},
		{Name: "扫描件.jpg", Path: p("扫描件.jpg"), Size: int64(len(jpg))},
		{Name: "承诺书.jpeg", Path: p("承诺书.jpeg"), Size: int64(len(jpg))},
	}
	if !reflect.DeepEqual(e.Attachments, want) {
		t.Errorf("attachments\n%+v\nwant\n%+v", e.Attachments, want)
	}
	wantProblems(t, r.Problems,
		"data/attachments/"+good+"/.hidden.pdf: 错误：文件名含有不允许的字符",
		"data/attachments/"+good+"/伪装.pdf: 错误：文件内容不是 PDF 格式",
		"data/attachments/"+good+"/备注.txt: 错误：只发布 PDF、JPG、PNG 格式的扫描件",
		"data/attachments/"+good+"/太大.pdf: 错误：文件大小 115 字节 超过上限 65 字节",
		"data/attachments/"+good+"/子文件夹: 错误：附件文件夹中不能再有子文件夹",
		"data/attachments/"+good+"/链接.pdf: 错误：是快捷方式（符号链接）",
		"data/attachments/"+good+"x: 错误：文件夹名“"+good+"x”不是有效的统一社会信用代码",
		"data/attachments/"+other+": 错误：文件夹名“"+other+"”没有已发布的记录",
		"data/attachments/"+code(3)+": 错误：是快捷方式（符号链接）",
		"data/attachments/91420500ABC: 错误：…应为18位",
		"data/attachments/readme.pdf: 错误：附件应放在以统一社会信用代码命名的文件夹中",
	)
	for _, ent := range r.Dataset.Enterprises {
		for _, a := range ent.Attachments {
			if strings.Contains(a.Path, "outside") {
				t.Errorf("followed a symlink: %+v", a)
			}
		}
	}
}

func TestDefaultAttachmentLimit(t *testing.T) {
	big := "%PDF-" + strings.Repeat("x", DefaultMaxAttachmentBytes)
	r := load(t, map[string]string{
		"commitments/a.csv":                   commitmentHeader + "\n" + commitmentLine(1, 1, "2018-12-17") + "\n",
		"attachments/" + code(1) + "/big.pdf": big,
		"attachments/" + code(1) + "/ok.pdf":  big[:DefaultMaxAttachmentBytes],
	})
	if got := r.Dataset.Enterprise(code(1)).Attachments; len(got) != 1 || got[0].Name != "ok.pdf" {
		t.Errorf("attachments %+v", got)
	}
	wantProblems(t, r.Problems, "attachments/"+code(1)+"/big.pdf: 错误：文件大小 10.0 MB 超过上限 10.0 MB")
}

func TestSafeName(t *testing.T) {
	for name, want := range map[string]bool{
		"安全生产许可证.pdf": true, "a b.pdf": true, "a..pdf": true,
		"": false, ".": false, "..": false, "../x.pdf": false, "/etc/passwd": false, `..\..\x.pdf`: false,
		"a/b.pdf": false, "C:x.pdf": false, "a\x00.pdf": false, "a\n.pdf": false, ".htaccess": false, "\xff.pdf": false,
	} {
		if got := safeName(name); got != want {
			t.Errorf("safeName(%q) = %v, want %v", name, got, want)
		}
	}
}
