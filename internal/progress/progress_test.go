package progress

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestPlainLines(t *testing.T) {
	var b bytes.Buffer
	p := NewPlain(&b)
	p.Start("读取数据", 3)
	p.Add(1)
	p.Add(2)
	p.Printf("跳过 %s", "x.csv")
	p.Done("3 条记录")
	want := "读取数据（共 3 项）…\n跳过 x.csv\n读取数据：3 条记录\n"
	if b.String() != want {
		t.Fatalf("got %q, want %q", b.String(), want)
	}
}

func TestBarRedraws(t *testing.T) {
	var b bytes.Buffer
	p := &Progress{w: &b, bar: true}
	p.Start("写出页面", 4)
	p.Add(4)
	p.Done("4 个页面")
	out := b.String()
	if !strings.Contains(out, "[##############################] 4/4") {
		t.Errorf("full bar missing in %q", out)
	}
	if !strings.HasSuffix(out, "\r\033[K写出页面：4 个页面\n") {
		t.Errorf("result line should replace the bar: %q", out)
	}
}

func TestNotATerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if New(f).bar {
		t.Error("a plain file must get plain lines")
	}
}

func TestNilIsQuiet(t *testing.T) {
	var p *Progress
	p.Start("x", 1)
	p.Add(1)
	p.Printf("y")
	p.Done("z")
}
