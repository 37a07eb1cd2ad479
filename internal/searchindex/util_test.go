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

// NearResult is what the query engine and near.js give a query: the
// exact matches' ordinals (top 10) and total, the ordinals of the two
// near-miss sections (when the exact query finds fewer than near.js's
// FEW) and the files the near misses loaded after the exact query.
type NearResult struct {
	Total            int
	Exact            []int
	Partial          []int
	Sounds           []int
	Files, NearFiles []string
}

// RunNear runs queries through engine.js and near.js on the index
// exported to dir (the search/ folder's parent), each cold (an empty
// cache) when cold is set.
func RunNear(t *testing.T, dir string, cold bool, qs []string) []NearResult {
	var jq []jsQuery
	for _, q := range qs {
		jq = append(jq, jsQuery{Q: q})
	}
	var out []NearResult
	for _, r := range runJSWith(t, dir, 10, cold, map[string]bool{"near": true}, jq) {
		out = append(out, NearResult{Total: r.Total, Exact: r.Ords, Partial: r.Partial, Sounds: r.Sounds, Files: r.Files, NearFiles: r.NearFiles})
	}
	return out
}
