package searchindex

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"creditsite/internal/model"
)

// dirFiles is a FileWriter that writes below a folder.
type dirFiles string

func (d dirFiles) WriteFile(name string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// FullWidth writes ASCII letters and digits as their full-width forms, as
// a Chinese keyboard may type them.
func FullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7F {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// BenchQueries gives the browser timing test of package searchindex_test
// the benchmark's queries of each kind.
func BenchQueries(ds *model.Dataset) map[string][]string {
	out := map[string][]string{}
	for k, qs := range querySets(ds) {
		for _, q := range qs {
			out[k] = append(out[k], q.q)
		}
	}
	return out
}

// TopOrdinals runs queries through the query engine (node, as the
// browser runs it) on the index exported below dir, for package
// searchindex_test: per query its total and its first top ordinals.
func TopOrdinals(t *testing.T, dir string, top int, qs []string) (totals []int, ords [][]int) {
	needNode(t)
	var jq []jsQuery
	for _, q := range qs {
		jq = append(jq, jsQuery{Q: q})
	}
	for _, r := range runJS(t, dir, top, false, jq) {
		totals, ords = append(totals, r.Total), append(ords, r.Ords)
	}
	return totals, ords
}
