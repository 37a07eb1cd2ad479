package deploy

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"creditsite/internal/build"
	"creditsite/internal/gen"
)

// The integration tests publish real sites, built by build.Run from
// generated data as a county office would build them: A, then B with more
// records and one unit's files withdrawn. B adds, changes and removes
// enterprise pages and lists, changes the home page, feeds and open data,
// and replaces most of A's search files.

const (
	testPrefix  = "yichang"
	testBaseURL = "https://xy.example.gov.cn/yichang/"
)

// builtSite is a built site: its source folder (whose config.yaml gives
// baseURL), its output folder (a symlink to the live generation) and its
// files by slash path.
type builtSite struct {
	src, dir string
	files    map[string][]byte
}

// siteRoot holds the sites, built once for all tests.
var siteRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "creditsite-deploy-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	siteRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var builtSites = sync.OnceValues(func() ([2]*builtSite, error) {
	a, err := buildSite("a", gen.Options{Enterprises: 4, Commitments: 12, Seed: 1}, "")
	if err != nil {
		return [2]*builtSite{}, err
	}
	b, err := buildSite("b", gen.Options{Enterprises: 6, Commitments: 20, Seed: 1}, "zhijiang")
	return [2]*builtSite{a, b}, err
})

// sites returns the two versions of the site.
func sites(t *testing.T) (a, b *builtSite) {
	t.Helper()
	s, err := builtSites()
	if err != nil {
		t.Fatal(err)
	}
	return s[0], s[1]
}

// buildSite generates data (the same seed gives the same first records),
// withdraws one unit's files, and builds the site for testBaseURL.
func buildSite(name string, o gen.Options, withdraw string) (*builtSite, error) {
	src := filepath.Join(siteRoot, name)
	if err := gen.Generate(o).Write(filepath.Join(src, "data")); err != nil {
		return nil, err
	}
	for _, column := range []string{"disclosures", "commitments"} {
		if withdraw == "" {
			break
		}
		if err := os.Remove(filepath.Join(src, "data", column, withdraw+".csv")); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(src, "config.yaml"), []byte("baseURL: "+testBaseURL+"\n"), 0o644); err != nil {
		return nil, err
	}
	rep, err := build.Run(build.Options{Source: src, Now: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		return nil, err
	}
	if rep.Ingest.HasErrors() {
		return nil, fmt.Errorf("site %s: data errors %v", name, rep.Ingest.Problems)
	}
	s := &builtSite{src: src, dir: rep.Out, files: map[string][]byte{}}
	live, err := filepath.EvalSymlinks(s.dir)
	if err != nil {
		return nil, err
	}
	local, err := ScanDir(s.dir)
	if err != nil {
		return nil, err
	}
	for _, f := range local {
		if s.files[f.Rel], err = os.ReadFile(filepath.Join(live, filepath.FromSlash(f.Rel))); err != nil {
			return nil, err
		}
	}
	return s, nil
}
