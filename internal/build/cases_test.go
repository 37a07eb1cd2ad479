package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"creditsite/internal/uscc"
)

// TestCasesPublishNothingPrivate builds a site from each of the issue's
// small inputs (internal/ingest/testdata/cases: a stray quote, a focus
// list in the wrong folder, ID numbers as codes and in free text, …) and
// checks that no byte of their private values reaches any output file.
func TestCasesPublishNothingPrivate(t *testing.T) {
	private := map[string][]string{
		"focus-in-wrong-folder": {"宜昌示范失信甲有限公司", "9142050075HRJKA58F", "9142050005FGCYGA22", "9142050035KMDT9M4E",
			"13949610968", "13935004875", "13933537133", "contact1@example.com", "contact2@example.com", "张文静"},
		"id-number-as-code":     {"42050219780422211X", "西陵区示例便利店"},
		"personal-data-in-text": {"420502199001010044", "13900000006", "13912340000"},
		"excel-zeroed-code":     {"914205001648089000"},
		"invisible-characters":  {"\u200b", "\ufeff"},
		"stray-quote":           {"备注：见附件"},
	}
	for name, values := range private {
		t.Run(name, func(t *testing.T) {
			src := t.TempDir()
			if err := os.CopyFS(src, os.DirFS(filepath.Join("..", "ingest", "testdata", "cases", name))); err != nil {
				t.Fatal(err)
			}
			rep, err := Run(Options{Source: src, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Ingest.Records == 0 {
				t.Fatalf("nothing published: %v", rep.Ingest.Problems)
			}
			files := 0
			filepath.WalkDir(live(t, filepath.Join(src, "public")), func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				files++
				text, _ := publishedText(t, p) // without the CSV's byte order mark; a workbook's parts unpacked
				for _, v := range values {
					if strings.Contains(text, v) {
						t.Errorf("%s contains %q", p, v)
					}
				}
				return nil
			})
			if files < 20 {
				t.Fatalf("only %d files checked", files)
			}
		})
	}
}

// TestWorkbookSite builds the site from the county workbook of the ingest
// tests (merged identity cells over three certificates, a numeric code,
// a hidden row, two sheets) and finds every certificate on its
// enterprise's page.
func TestWorkbookSite(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(filepath.Join("..", "ingest", "testdata", "workbook"))); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(Options{Source: src, Now: now}); err != nil {
		t.Fatal(err)
	}
	code := uscc.Complete("9142050000000001")
	page, err := os.ReadFile(filepath.Join(src, "public", "enterprises", code, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, cert := range []string{"安全生产许可证", "食品经营许可证", "道路运输经营许可证", "西陵区发改局", "2018-06-09"} {
		if !strings.Contains(string(page), cert) {
			t.Errorf("enterprise page lacks %s", cert)
		}
	}
	if strings.Contains(string(page), "宜昌示范电力工程有限公司") {
		t.Error("the row with a numeric code was published")
	}
}
