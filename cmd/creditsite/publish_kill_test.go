package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	osexec "os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"creditsite/internal/gen"
	"creditsite/internal/manifest"
	"creditsite/internal/searchindex"
)

// The publish tests kill a real build (the creditsite binary, SIGKILL) at
// points spread over the whole build and check, through a static server,
// what a visitor would see: one whole build, old or new, every link
// resolving and the search root naming only files that are there. Then the
// next build must complete and leave nothing behind.

// killPoints is how many kills each test makes.
const killPoints = 20

func TestKilledBuildsLeaveOneWholeSite(t *testing.T) {
	testKilledBuilds(t, "")
}

func TestKilledFolderPublishesComplete(t *testing.T) {
	testKilledBuilds(t, "publish: folder\n")
}

func testKilledBuilds(t *testing.T, config string) {
	t.Parallel() // each runs real builds in folders of its own
	if testing.Short() {
		t.Skip("builds and kills a real site 24 times")
	}
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a Unix signal")
	}
	bin := buildBinary(t)
	srcs := [2]string{killSource(t, 1, config), killSource(t, 2, config)}
	var refs [2]map[string]string
	var full time.Duration
	for i, src := range srcs {
		ref := filepath.Join(t.TempDir(), "public")
		start := time.Now()
		fullBuild(t, bin, src, ref)
		full = max(full, time.Since(start))
		refs[i] = hashTree(t, ref)
	}
	out := filepath.Join(t.TempDir(), "public")
	fullBuild(t, bin, srcs[0], out)
	// How long publishing one build over the other takes, from the
	// build's "发布到" line to its exit; it ends with srcs[0] live.
	publish := max(killBuild(t, bin, srcs[1], out, publishing, time.Hour), killBuild(t, bin, srcs[0], out, publishing, time.Hour))
	t.Logf("%d files: a build takes %v, its publish %v", len(refs[0]), full, publish)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	folder := config != ""
	// killPoints kills spread over the publish, a few over the whole build.
	for i := range killPoints + buildKills {
		next := (i + 1) % 2 // the live site is srcs[i%2]'s
		after, at := publishing, publish*time.Duration(2*i+1)/(2*killPoints)*6/5
		if i >= killPoints {
			after, at = "", full*time.Duration(2*(i-killPoints)+1)/(2*buildKills)
		}
		killBuild(t, bin, srcs[next], out, after, at)
		site := visibleBuild(t, out, refs)
		if !folder && !equal(site, refs[0]) && !equal(site, refs[1]) {
			t.Fatalf("kill %d at %v: the site is neither the old nor the new build", i, at)
		}
		if folder {
			wholeFiles(t, site, refs)
		}
		checkVisible(t, srv.URL, out, site, folder)
		fullBuild(t, bin, srcs[next], out)
		if !equal(visibleBuild(t, out, refs), refs[next]) {
			t.Fatalf("kill %d at %v: the build after it did not publish its site", i, at)
		}
		assertClean(t, out)
	}
}

// buildKills is how many kills each test makes over a whole build, before
// its publish: the output must not change then at all.
const buildKills = 4

// publishing starts the line a build prints when it begins to publish.
const publishing = "发布到 "

// publishSize is how many enterprises the publish tests' sites have (and
// five times as many commitments). The default keeps CI short: 1,079
// files, whose Folder publish takes about 2 s. A Symlink publish takes
// about 0.3 s at any size (measured at 1,079 and 3,247 files): the
// generation is complete before it begins, and it only records it,
// switches the link and prunes. Larger sites: go test -run TestKilled
// ./cmd/creditsite -args -publish-enterprises 1200.
var publishSize = flag.Int("publish-enterprises", 300, "enterprises in the publish tests' sites")

// publishData is the generated data of the publish tests' sites.
func publishData(seed uint64) *gen.Data {
	return gen.Generate(gen.Options{Enterprises: *publishSize, Commitments: 5 * *publishSize, Seed: seed})
}

// killSource writes a source folder of generated data large enough that a
// build takes a few seconds.
func killSource(t *testing.T, seed uint64, config string) string {
	t.Helper()
	src := t.TempDir()
	if err := publishData(seed).Write(filepath.Join(src, "data")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "config.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	return src
}

var binOnce struct {
	sync.Once
	path string
	err  error
}

// buildBinary compiles creditsite once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "creditsite-bin-")
		if err != nil {
			binOnce.err = err
			return
		}
		binOnce.path = filepath.Join(dir, "creditsite")
		out, err := osexec.Command("go", "build", "-o", binOnce.path, ".").CombinedOutput()
		if err != nil {
			binOnce.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binOnce.err != nil {
		t.Fatal(binOnce.err)
	}
	return binOnce.path
}

func fullBuild(t *testing.T, bin, src, out string) {
	t.Helper()
	if b, err := osexec.Command(bin, "build", "--source", src, "--out", out).CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", src, err, b)
	}
}

// killBuild starts a build and kills it with SIGKILL d after it printed
// a line starting with after (after its start when after is ""). It
// returns how long the build ran from then until it exited.
func killBuild(t *testing.T, bin, src, out, after string, d time.Duration) time.Duration {
	t.Helper()
	cmd := osexec.Command(bin, "build", "--source", src, "--out", out)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stderr)
	for after != "" && lines.Scan() && !strings.HasPrefix(lines.Text(), after) {
	}
	start := time.Now()
	exited := make(chan struct{})
	go func() {
		for lines.Scan() {
		}
		cmd.Wait()
		close(exited)
	}()
	select {
	case <-time.After(d):
		cmd.Process.Signal(syscall.SIGKILL)
		<-exited
	case <-exited:
	}
	return time.Since(start)
}

// hashTree maps each file of the site visitors of out see to its SHA-256.
func hashTree(t *testing.T, out string) map[string]string {
	t.Helper()
	root, err := filepath.EvalSymlinks(out)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	err = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// visibleBuild is the site of out without the previous build's search
// files a build keeps for visitors mid-search (see output.Carry). It fails
// on any other extra file: only search files of one of the builds refs may
// be kept.
func visibleBuild(t *testing.T, out string, refs [2]map[string]string) map[string]string {
	t.Helper()
	site := hashTree(t, out)
	root, _ := filepath.EvalSymlinks(out)
	names, err := searchindex.Referenced(func(name string) ([]byte, error) {
		return os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	})
	if err != nil {
		t.Fatalf("search root: %v", err)
	}
	named := map[string]bool{}
	for _, n := range names {
		named[n] = true
	}
	for name, sum := range site {
		if manifest.Classify(name) != manifest.SearchFile || named[name] {
			continue
		}
		if refs[0][name] != sum && refs[1][name] != sum {
			t.Fatalf("%s is in neither build", name)
		}
		delete(site, name)
	}
	return site
}

// wholeFiles checks, for a Folder-mode publish cut short, that each file
// visitors see is a whole file of the old or the new build: the folder is
// a mix of the two until the next build completes the journal, but never
// holds a half-written or foreign file.
func wholeFiles(t *testing.T, site map[string]string, refs [2]map[string]string) {
	t.Helper()
	for name, sum := range site {
		if refs[0][name] != sum && refs[1][name] != sum {
			t.Fatalf("%s is a file of neither build", name)
		}
	}
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

var linkAttr = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// checkVisible asks the server for every internal link of the site's
// pages (in Folder mode, of the pages reachable from the home page: a page
// of the new build nothing links to yet may link to another such page)
// and checks the search root.
func checkVisible(t *testing.T, base, out string, site map[string]string, reachableOnly bool) {
	t.Helper()
	pages := map[string]bool{}
	for name := range site {
		if path.Ext(name) == ".html" {
			pages[name] = true
		}
	}
	if reachableOnly {
		pages = reachable(t, base)
	}
	root, _ := filepath.EvalSymlinks(out)
	asked := map[string]bool{}
	for page := range pages {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(page)))
		if err != nil {
			continue // reachable() already asked for it
		}
		for _, target := range internalLinks(page, b) {
			if asked[target] {
				continue
			}
			asked[target] = true
			if code := status(base + "/" + target); code != http.StatusOK {
				t.Fatalf("%s links to %s, which answers %d", page, target, code)
			}
		}
	}
	checkSearchRoot(t, root)
}

// reachable follows links from the home page through the server and
// returns every page it reached.
func reachable(t *testing.T, base string) map[string]bool {
	t.Helper()
	seen := map[string]bool{"index.html": true}
	queue := []string{"index.html"}
	for len(queue) > 0 {
		page := queue[0]
		queue = queue[1:]
		res, err := http.Get(base + "/" + page)
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 0, 64<<10)
		buf := make([]byte, 32<<10)
		for {
			n, err := res.Body.Read(buf)
			b = append(b, buf[:n]...)
			if err != nil {
				break
			}
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("a page reachable from home answers %d: %s", res.StatusCode, page)
		}
		for _, target := range internalLinks(page, b) {
			if strings.HasSuffix(target, ".html") && !seen[target] {
				seen[target] = true
				queue = append(queue, target)
			}
		}
	}
	return seen
}

// internalLinks resolves a page's relative links to site paths; a folder
// link names its index.html.
func internalLinks(page string, html []byte) []string {
	var links []string
	pageURL := &url.URL{Path: "/" + page}
	for _, m := range linkAttr.FindAllSubmatch(html, -1) {
		ref, err := url.Parse(string(m[1]))
		if err != nil || ref.Scheme != "" || ref.Host != "" || ref.Path == "" || strings.HasPrefix(ref.Path, "/") {
			continue // external, a fragment, or an absolute path the base URL decides
		}
		p := strings.TrimPrefix(pageURL.ResolveReference(ref).Path, "/")
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		links = append(links, p)
	}
	return links
}

func status(u string) int {
	res, err := http.Head(u)
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// checkSearchRoot checks that search/meta.json names only files that are
// there, and that every search file's name is the hash of its bytes.
func checkSearchRoot(t *testing.T, root string) {
	t.Helper()
	read := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(root, filepath.FromSlash(name))) }
	names, err := searchindex.Referenced(read)
	if err != nil {
		t.Fatalf("search root: %v", err)
	}
	for _, name := range names {
		if manifest.Classify(name) != manifest.SearchFile {
			continue
		}
		b, err := read(name)
		if err != nil {
			t.Fatalf("search/meta.json names %s, which is not there", name)
		}
		sum := sha256.Sum256(b)
		if hash := strings.TrimSuffix(path.Base(name), path.Ext(name)); !strings.HasPrefix(hex.EncodeToString(sum[:]), hash) || len(hash) < 12 {
			t.Fatalf("%s is not named by the hash of its bytes", name)
		}
	}
}

// assertClean checks that nothing but the output and its generations'
// folder lies beside it, and nothing temporary inside that folder.
func assertClean(t *testing.T, out string) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		// The check report is the one file build writes beside the output.
		if n := e.Name(); n != "public" && n != ".public.generations" && n != "public-检查报告.html" {
			t.Fatalf("left beside the output: %s", n)
		}
	}
	entries, _ = os.ReadDir(filepath.Join(filepath.Dir(out), ".public.generations"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "tmp-") || strings.HasSuffix(e.Name(), ".tmp") || e.Name() == "journal" {
			t.Fatalf("left by a build: %s", e.Name())
		}
	}
}

// Two builds into one output at once (a scheduled job and a clerk): one
// fails at once naming the other, or with --wait waits for it; the site is
// always one whole build.
func TestConcurrentBuilds(t *testing.T) {
	t.Parallel() // each runs real builds in folders of its own
	if testing.Short() {
		t.Skip("runs real builds")
	}
	bin := buildBinary(t)
	srcs := [2]string{killSource(t, 3, ""), killSource(t, 4, "")}
	var refs [2]map[string]string
	for i, src := range srcs {
		ref := filepath.Join(t.TempDir(), "public")
		fullBuild(t, bin, src, ref)
		refs[i] = hashTree(t, ref)
	}
	out := filepath.Join(t.TempDir(), "public")
	for round, wait := range []bool{false, false, false, true, true} {
		var wg sync.WaitGroup
		results := make([]string, 2)
		errs := make([]error, 2)
		for i, src := range srcs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				args := []string{"build", "--source", src, "--out", out}
				if wait {
					args = append(args, "--wait")
				}
				b, err := osexec.Command(bin, args...).CombinedOutput()
				results[i], errs[i] = string(b), err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			switch {
			case err == nil:
			case wait:
				t.Fatalf("round %d: a build with --wait failed: %v\n%s", round, err, results[i])
			case !strings.Contains(results[i], "另一个 creditsite 进程（进程 "):
				t.Fatalf("round %d: a build failed without naming the other: %s", round, results[i])
			}
		}
		if errs[0] != nil && errs[1] != nil {
			t.Fatalf("round %d: both builds failed:\n%s\n%s", round, results[0], results[1])
		}
		site := visibleBuild(t, out, refs)
		if !equal(site, refs[0]) && !equal(site, refs[1]) {
			t.Fatalf("round %d: the site is a mix of two builds", round)
		}
		assertClean(t, out)
	}
}
