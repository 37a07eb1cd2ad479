// Command searchbench measures creditsite's search side by side with
// Pagefind on the same site, the same queries and the same server (issue
// 18, Budgets):
//
//	go run ./cmd/searchbench [-per 20] [-out DIR] [-work DIR] [-disclosures 10000 -commitments 50000]
//
// In one run it generates data with `creditsite gen` and adds the
// real-name cases of testdata/cases, builds the site with creditsite under
// /xyyc/, indexes the same site's enterprise pages with Pagefind (npm
// package pagefind, installed once into the user's cache folder), serves
// both with nginx (gzip on; Go's file server with gzip when nginx is not
// installed, and the report says so), and opens every query cold in
// headless Chromium against both: creditsite's own search page at
// /xyyc/search/?q=…, and for Pagefind two pages calling its JS API: the
// site's own search page with Pagefind in place of creditsite's search
// (the same page, header and style sheet: the engines compared as a site
// would use them) and a bare page with nothing else.
// It prints a Markdown table per query kind and writes it, with every
// measurement, to DIR/searchbench.md and DIR/searchbench.json.
//
// Query selection, relevance and the figures are explained in
// docs/performance.md ("Search, side by side with Pagefind").
//
// To see whether a change makes the search page faster, without building
// anything or Pagefind:
//
//	go run ./cmd/searchbench -ab old/public,new/public -q 'query,query' [-runs 9] [-timings] [-trace trace.json]
//
// serves sites built with --base-url /xyyc/, opens each query cold in
// turn on each site and prints the median times; -timings prints one more
// run's timeline per query and site, -trace writes a Chrome trace of the
// first site's first query.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"creditsite/internal/browsertest"
	"creditsite/internal/gen"
)

type options struct {
	disclosures, commitments int
	seed                     uint64
	per                      int
	work, out, cache         string
	pagefind                 string
	goServer                 bool
	rtt, kbps                float64 // the emulated link (-rtt, -kbps); rtt 0: none
	h2                       bool    // HTTPS with HTTP/2 (-h2)
}

func main() {
	cache, _ := os.UserCacheDir()
	var o options
	flag.IntVar(&o.disclosures, "disclosures", 10000, "generated disclosures (enterprises of 企业亮信用)")
	flag.IntVar(&o.commitments, "commitments", 50000, "generated commitments")
	flag.Uint64Var(&o.seed, "seed", 11, "seed of the generated data and of the query selection")
	flag.IntVar(&o.per, "per", 20, "queries of each generated kind")
	flag.StringVar(&o.work, "work", "", "keep the data, sites and indexes in this folder (default: a temporary one, removed)")
	flag.StringVar(&o.out, "out", ".", "write searchbench.md and searchbench.json here")
	flag.StringVar(&o.cache, "cache", filepath.Join(cache, "creditsite-searchbench"), "install Pagefind here (outside the repository)")
	flag.StringVar(&o.pagefind, "pagefind", "1.6.0", "Pagefind version (npm package pagefind)")
	flag.BoolVar(&o.goServer, "go-server", false, "serve with Go's net/http and gzip instead of nginx")
	var a abOptions
	sites, queries := flag.String("ab", "", "compare these built sites' search pages (comma-separated public folders built with --base-url /xyyc/) instead of running the benchmark"), flag.String("q", "", "the queries of -ab, comma-separated")
	flag.IntVar(&a.runs, "runs", 9, "cold runs per query and site of -ab")
	flag.StringVar(&a.trace, "trace", "", "with -ab: write a Chrome trace of the first site's first query to this file")
	flag.BoolVar(&a.timings, "timings", false, "with -ab: print the timeline of one more run per query and site (navigation milestones, each fetch and performance.mark, ms since navigation start), which unlike -trace does not slow the page")
	flag.Float64Var(&o.rtt, "rtt", 0, "serve over an emulated link with this round-trip time (ms), e.g. 150 for a phone on 4G (Go's server, not nginx); 0: the machine's own")
	flag.Float64Var(&o.kbps, "kbps", 0, "with -rtt: the emulated link's speed (kbit/s, shared by a site's responses); 0: unlimited")
	flag.BoolVar(&o.h2, "h2", false, "serve over HTTPS with HTTP/2 (Go's server, a self-signed certificate Chromium is told to accept), as a portal with HTTP/2 on would")
	flag.Parse()
	if *sites != "" {
		a.sites, a.queries = strings.Split(*sites, ","), strings.Split(*queries, ",")
		if *queries == "" || a.runs < 1 {
			fmt.Fprintln(os.Stderr, "searchbench: -ab needs -q and -runs ≥ 1")
			os.Exit(2)
		}
		if err := ab(o, a, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "searchbench:", err)
			os.Exit(1)
		}
		return
	}
	if err := bench(o); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

// report is what searchbench.json holds.
type report struct {
	Date         string        `json:"date"`
	Machine      string        `json:"machine"`
	Server       string        `json:"server"`
	Load         string        `json:"load"` // /proc/loadavg before and after the queries: the machine is shared`
	Data         string        `json:"data"`
	Creditsite   indexInfo     `json:"creditsite"`
	Pagefind     indexInfo     `json:"pagefind"`
	Summary      []summary     `json:"summary"`
	Measurements []measurement `json:"measurements"`
}

// indexInfo is what each engine's index is on disk, and how long it took.
type indexInfo struct {
	Version   string  `json:"version"`
	Files     int     `json:"files"`
	Bytes     int64   `json:"bytes"`
	BuildSecs float64 `json:"buildSeconds"` // creditsite: the whole build; Pagefind: indexing
}

func bench(o options) error {
	work := o.work
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "creditsite-searchbench-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	work, _ = filepath.Abs(work)
	rep := report{Date: time.Now().UTC().Format("2006-01-02 15:04 MST"), Machine: machine(),
		Data: fmt.Sprintf("%d disclosures + %d commitments (creditsite gen --seed %d) + %s", o.disclosures, o.commitments, o.seed, casesCSV)}

	public, corp, queries, err := buildSite(o, work, &rep)
	if err != nil {
		return err
	}
	pfOut, harness, sitePage, err := buildPagefind(o, work, public, &rep)
	if err != nil {
		return err
	}
	dir := filepath.Join(work, "server")
	bases, stop, err := serve(o, dir, []site{
		{{"/xyyc/", public}},
		{{"/xyyc/pagefind/", pfOut}, {"/xyyc/pagefind-search/", harness}, {"/xyyc/pagefind-site/", sitePage}, {"/xyyc/", public}},
	}, &rep)
	if err != nil {
		return err
	}
	defer stop()

	engines := []engine{
		{Name: "creditsite", Page: func(q string) string { return bases[0] + "/xyyc/search/?q=" + url.QueryEscape(q) },
			Log: &logTail{path: accessLog(dir, 0)}, Counts: func(string) bool { return true }},
		{Name: "Pagefind " + o.pagefind + " (site's page)", Page: func(q string) string { return bases[1] + "/xyyc/pagefind-site/?q=" + url.QueryEscape(q) },
			Log: &logTail{path: accessLog(dir, 1)}, Counts: func(p string) bool { return strings.HasPrefix(p, "/xyyc/pagefind/") }},
		{Name: "Pagefind " + o.pagefind + " (bare page)", Page: func(q string) string { return bases[1] + "/xyyc/pagefind-search/?q=" + url.QueryEscape(q) },
			Log: &logTail{path: accessLog(dir, 1)}, Counts: func(p string) bool { return strings.HasPrefix(p, "/xyyc/pagefind/") }},
	}
	rep.Load = loadavg()
	ms, err := runQueries(work, engines, queries, o.h2)
	rep.Load += " → " + loadavg()
	if err != nil {
		return err
	}
	var names []string
	for _, e := range engines {
		names = append(names, e.Name)
	}
	rep.Measurements = ms
	rep.Summary = summarise(ms, names, func(code, q string) bool {
		e := corp.byCode[code]
		return e != nil && relevant(e, q)
	})
	return write(o.out, rep, names)
}

// buildSite builds the creditsite command from the working tree,
// generates the data with it, adds the cases, draws the queries and
// builds the site under /xyyc/. It returns the site's folder.
func buildSite(o options, work string, rep *report) (string, *corpus, []query, error) {
	step("building creditsite")
	bin := filepath.Join(work, "creditsite")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/creditsite").CombinedOutput(); err != nil {
		return "", nil, nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	src := filepath.Join(work, "src")
	os.RemoveAll(src)
	step("generating %s", rep.Data)
	if out, err := exec.Command(bin, "gen", "--source", src, "--enterprises", fmt.Sprint(o.disclosures),
		"--commitments", fmt.Sprint(o.commitments), "--seed", fmt.Sprint(o.seed)).CombinedOutput(); err != nil {
		return "", nil, nil, fmt.Errorf("creditsite gen: %v\n%s", err, out)
	}
	if err := writeCases(src); err != nil {
		return "", nil, nil, err
	}
	corp, genList, err := enterprises(o)
	if err != nil {
		return "", nil, nil, err
	}
	cs, err := loadCases()
	if err != nil {
		return "", nil, nil, err
	}
	queries := selectQueries(corp, genList, o.per, o.seed, cs)

	step("building the site under /xyyc/")
	// A new folder each run, as cmd/benchmark does: deleting a large old
	// output just before would slow the build.
	public := filepath.Join(work, fmt.Sprintf("site-%d", time.Now().UnixNano()), "public")
	start := time.Now()
	if out, err := exec.Command(bin, "build", "--source", src, "--out", public, "--base-url", "/xyyc/").CombinedOutput(); err != nil {
		return "", nil, nil, fmt.Errorf("creditsite build: %v\n%s", err, out)
	}
	rep.Creditsite = indexInfo{Version: gitVersion(), BuildSecs: time.Since(start).Seconds()}
	rep.Creditsite.Files, rep.Creditsite.Bytes = du(filepath.Join(public, "search"))
	return public, corp, queries, nil
}

// buildPagefind installs Pagefind, indexes the site's enterprise pages and
// writes the two pages that search with it. It returns the bundle's
// folder, the bare page's and the site page's.
func buildPagefind(o options, work, public string, rep *report) (out, bare, sitePage string, err error) {
	step("installing Pagefind %s into %s and indexing the enterprise pages", o.pagefind, o.cache)
	pf, err := installPagefind(o.cache, o.pagefind)
	if err != nil {
		return "", "", "", err
	}
	out = filepath.Join(work, "pagefind")
	os.RemoveAll(out)
	start := time.Now()
	if err := indexPagefind(pf, public, out); err != nil {
		return "", "", "", err
	}
	rep.Pagefind = indexInfo{Version: o.pagefind, BuildSecs: time.Since(start).Seconds()}
	rep.Pagefind.Files, rep.Pagefind.Bytes = du(out)
	own, err := os.ReadFile(filepath.Join(public, "search", "index.html"))
	if err != nil {
		return "", "", "", err
	}
	page, err := pagefindSitePage(own)
	if err != nil {
		return "", "", "", err
	}
	bare, sitePage = filepath.Join(work, "pagefind-search"), filepath.Join(work, "pagefind-site")
	for dir, html := range map[string][]byte{bare: []byte(pagefindPage), sitePage: page} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", "", "", err
		}
		if err := os.WriteFile(filepath.Join(dir, "index.html"), html, 0o644); err != nil {
			return "", "", "", err
		}
	}
	return out, bare, sitePage, nil
}

// serve starts nginx, or Go's server when there is no nginx or -go-server
// asks for it, with its configuration and logs in dir.
func serve(o options, dir string, sites []site, rep *report) ([]string, func(), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	nginx, err := exec.LookPath("nginx")
	if err != nil || o.goServer || o.rtt > 0 || o.h2 { // only Go's server can emulate a link
		l := newLink(o.rtt, o.kbps)
		rep.Server = "Go net/http with gzip (not nginx)" + l.String()
		if o.h2 {
			rep.Server += "; HTTPS with HTTP/2"
		}
		step("serving with %s", rep.Server)
		return serveGo(dir, sites, l, o.h2)
	}
	v, _ := exec.Command(nginx, "-v").CombinedOutput()
	rep.Server = strings.TrimSpace(strings.TrimPrefix(string(v), "nginx version: ")) + ", gzip on (level 6)"
	step("serving with %s", rep.Server)
	return serveNginx(nginx, dir, sites)
}

// enterprises returns every enterprise of the site (generated and cases)
// and the generated ones, which the queries are drawn from. `creditsite
// gen` is gen.Generate with the same options, so the same data.
func enterprises(o options) (*corpus, []*enterprise, error) {
	list := fromGen(gen.Generate(gen.Options{Enterprises: o.disclosures, Commitments: o.commitments, Seed: o.seed}))
	extra, err := caseEnterprises()
	if err != nil {
		return nil, nil, err
	}
	return newCorpus(append(append([]*enterprise{}, list...), extra...)), list, nil
}

// runQueries opens every query in each engine in turn, cold, after one
// unrecorded query per engine that warms up the browser process itself.
func runQueries(work string, engines []engine, qs []query, selfSigned bool) ([]measurement, error) {
	profile := filepath.Join(work, "chromium-profile")
	os.RemoveAll(profile) // a fresh profile: nothing of an earlier run cached
	browser, stop, err := startBrowser(profile, selfSigned)
	if err != nil {
		return nil, err
	}
	defer stop()
	for _, e := range engines {
		if m := measure(browser, e, query{Q: "宜昌"}); m.Err != "" {
			return nil, fmt.Errorf("%s: %s", e.Name, m.Err)
		}
	}
	var ms []measurement
	for i, q := range qs {
		for _, e := range engines {
			m := measure(browser, e, q)
			ms = append(ms, m)
			status := fmt.Sprintf("%5.1f KB %4.0f ms %d results", kb(m.Bytes), m.NavMS, len(m.Exact))
			if m.Err != "" {
				status = "error: " + m.Err
			}
			fmt.Fprintf(os.Stderr, "[%d/%d] %-14s %-28s %q: %s\n", i+1, len(qs), e.Name, q.Kind, q.Q, status)
		}
	}
	return ms, nil
}

// write prints the table and writes it and the report into dir.
func write(dir string, rep report, engines []string) error {
	var md bytes.Buffer
	fmt.Fprintf(&md, "%s; %s (load average %s during the queries); %s. creditsite %s: build %.1f s, search folder %d files, %.1f MB. Pagefind %s: indexing %.1f s, %d files, %.1f MB.\n\n",
		rep.Date, rep.Machine, rep.Load, rep.Server, rep.Creditsite.Version, rep.Creditsite.BuildSecs, rep.Creditsite.Files, float64(rep.Creditsite.Bytes)/1e6,
		rep.Pagefind.Version, rep.Pagefind.BuildSecs, rep.Pagefind.Files, float64(rep.Pagefind.Bytes)/1e6)
	writeMarkdown(&md, rep.Summary, engines)
	os.Stdout.Write(md.Bytes())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	js, err := json.MarshalIndent(rep, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "searchbench.json"), js, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "searchbench.md"), md.Bytes(), 0o644)
}

func step(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "searchbench: "+format+"\n", args...)
}

// du counts the files under dir and their bytes.
func du(dir string) (files int, size int64) {
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				files++
				size += info.Size()
			}
		}
		return nil
	})
	return files, size
}

// machine describes the CPU and the browser.
func machine() string {
	model := runtime.GOARCH
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	s := fmt.Sprintf("%d vCPU %s, %s/%s", runtime.NumCPU(), model, runtime.GOOS, runtime.GOARCH)
	if p := browsertest.ChromiumPath(); p != "" {
		if v, err := exec.Command(p, "--version").Output(); err == nil {
			s += ", " + strings.TrimSpace(string(v)) + " headless"
		}
	}
	return s
}

// loadavg is the 1-minute load average, "" where there is none.
func loadavg() string {
	data, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// gitVersion names the commit measured.
func gitVersion() string {
	out, err := exec.Command("git", "describe", "--always", "--dirty").Output()
	if err != nil {
		return "(unknown commit)"
	}
	return strings.TrimSpace(string(out))
}
