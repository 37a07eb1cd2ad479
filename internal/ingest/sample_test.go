package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"creditsite/internal/gen"
	"creditsite/internal/schema"
)

// sampleSite writes a small generated site; real names files whose
// title row loses gen's mark, as if a county had sent them.
func sampleSite(t *testing.T, real ...string) string {
	t.Helper()
	dir := t.TempDir()
	d := gen.Generate(gen.Options{Enterprises: 6, Commitments: 20, Seed: 1})
	if err := d.Write(filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	for _, f := range real {
		p := filepath.Join(dir, f)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), schema.SampleMark, "", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func sampleWarnings(t *testing.T, dir string, opt Options) []string {
	t.Helper()
	res, err := Load(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range res.Problems {
		if strings.Contains(p.Msg, "示例数据") {
			if !p.Strict {
				t.Errorf("%s: want a warning --strict refuses", p)
			}
			out = append(out, p.String())
		}
	}
	return out
}

func TestSampleAloneIsTheDemo(t *testing.T) {
	if w := sampleWarnings(t, sampleSite(t), Options{SampleData: true}); len(w) != 0 {
		t.Errorf("sample data alone warned:\n%s", strings.Join(w, "\n"))
	}
}

func TestSampleBesideRealFilesWarnsNamingThem(t *testing.T) {
	dir := sampleSite(t, "data/disclosures/xiling.csv")
	w := sampleWarnings(t, dir, Options{})
	if len(w) == 0 {
		t.Fatal("no warning about sample files beside a real one")
	}
	for _, line := range w {
		if strings.HasPrefix(line, "data/disclosures/xiling.csv:") || !strings.Contains(line, "（data/disclosures/xiling.csv）") ||
			!strings.Contains(line, "请删除此文件") {
			t.Errorf("unexpected warning %q", line)
		}
	}
	if !strings.Contains(strings.Join(w, "\n"), "data/commitments/xiling.csv: 警告（--strict 时为错误）：这是 creditsite gen 生成的示例数据") {
		t.Errorf("the sample commitments file is not named:\n%s", strings.Join(w, "\n"))
	}
}

func TestSampleDataSettingBesideRealFilesWarns(t *testing.T) {
	dir := t.TempDir()
	src := sampleSite(t, "data/disclosures/xiling.csv")
	if err := os.MkdirAll(filepath.Join(dir, "data", "disclosures"), 0o755); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(src, "data/disclosures/xiling.csv"))
	os.WriteFile(filepath.Join(dir, "data/disclosures/xiling.csv"), b, 0o644)
	w := sampleWarnings(t, dir, Options{SampleData: true})
	if len(w) != 1 || !strings.HasPrefix(w[0], "config.yaml: ") || !strings.Contains(w[0], "请改为 sampleData: false") {
		t.Errorf("warnings %q, want one about config.yaml's sampleData", w)
	}
	if w := sampleWarnings(t, dir, Options{}); len(w) != 0 {
		t.Errorf("real data alone warned: %q", w)
	}
}
