package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"creditsite/internal/uscc"
)

// FuzzReadFile feeds arbitrary bytes to the CSV/table reader as both
// tables. Whatever the input, reading must not panic or fail, every row
// must be accounted for, and every published record must be valid.
func FuzzReadFile(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/exports/*/*.csv")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("企业名称,统一社会信用代码\n\"甲\n公司\"," + code(1) + "\n填报单位：x\n"))
	f.Add([]byte("\uFEFF企业名称,统一社会信用代码,发证时间,证书有效期\r\n甲," + code(1) + ",43451,2018.06.07-2023.06.06\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, k := range []*kind{disclosures, commitments, focusKind} {
			l := &loader{res: &Result{}} // the zero privacy detector finds the built-in kinds
			if err := l.readFile("x.csv", bytes.NewReader(data), k); err != nil {
				t.Fatalf("%s: %v", k.spec.folder, err)
			}
			kept := k.count(l)
			if l.res.Rows != kept+l.res.Skipped {
				t.Fatalf("%s: %d rows, %d kept, %d skipped", k.spec.folder, l.res.Rows, kept, l.res.Skipped)
			}
			for _, d := range l.ds {
				if uscc.Validate(d.Code) != nil || d.Name == "" || d.Source.Line < 1 || d.Source.Unit == "" {
					t.Fatalf("invalid disclosure published: %+v", d)
				}
			}
			for _, c := range l.cs {
				if uscc.Validate(c.Code) != nil || c.Name == "" || !c.Type.Valid() || c.Date.IsZero() || c.Item == "" || c.Source.Line < 1 {
					t.Fatalf("invalid commitment published: %+v", c)
				}
			}
			for _, p := range l.res.Problems {
				if p.Msg == "" || p.Line < 0 {
					t.Fatalf("bad problem %+v", p)
				}
			}
		}
	})
}
