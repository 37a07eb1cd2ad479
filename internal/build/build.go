// Package build runs the whole pipeline behind `creditsite build` and
// `creditsite serve`: read the config, read and validate the exports, read
// the content pages and theme, render the site, and publish it into the
// output folder only if every step succeeded.
package build

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"creditsite"
	"creditsite/internal/config"
	"creditsite/internal/content"
	"creditsite/internal/ingest"
	"creditsite/internal/model"
	"creditsite/internal/output"
	"creditsite/internal/progress"
	"creditsite/internal/render"
	"creditsite/internal/searchindex"
	"creditsite/internal/site"
)

// Options for one build.
type Options struct {
	Source   string             // source folder with config.yaml, content/, layouts/, data/
	Out      string             // output folder; default Source/public
	BaseURL  string             // overrides the config's baseURL when set
	Strict   bool               // any data error fails the build
	Now      time.Time          // build time: decides expired certificates; zero = time.Now()
	Log      io.Writer          // data problems; nil = discard
	Progress *progress.Progress // what the build is doing; nil = silent
	Wait     bool               // wait for another build writing Out instead of failing
	// Context stops the build when done (Ctrl+C, SIGTERM): before the
	// publish the output is left untouched; a publish already begun is
	// completed, as it takes a moment. nil = never.
	Context context.Context
}

// Report says what a build did.
type Report struct {
	Ingest *ingest.Result
	Site   *site.Result
	Search *searchindex.Stats
	Output output.Stats
	Out    string
}

// ErrStrict is returned when --strict refused to publish data with errors.
var ErrStrict = errors.New("数据有错误，按 --strict 要求未发布；原有网站未改动")

// ErrInterrupted is returned when Options.Context stopped the build
// before its publish.
var ErrInterrupted = errors.New("生成已中断，原有网站未改动")

// Run builds the site. On any error the output folder is left as it was.
func Run(o Options) (*Report, error) { return run(o, siteIndexer) }

// indexer builds the search index. The benchmarks measure what it adds to
// a build by running one without it (noIndex).
type indexer func(*model.Dataset, searchindex.FileWriter) (*searchindex.Stats, error)

// noIndex builds no search index: what the benchmarks compare a build
// with, in process (BenchmarkBuild) and as a binary built with the tag
// nosearch (cmd/benchmark -search-cost).
func noIndex(*model.Dataset, searchindex.FileWriter) (*searchindex.Stats, error) {
	return &searchindex.Stats{}, nil
}

func run(o Options, index indexer) (*Report, error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	if st, err := os.Stat(o.Source); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("源文件夹 %s 不存在或不是文件夹", o.Source)
	}
	if o.Out == "" {
		o.Out = filepath.Join(o.Source, "public")
	}
	cfg, err := config.Load(o.Source)
	if err != nil {
		return nil, err
	}
	if o.BaseURL != "" {
		if _, err := config.ParseBaseURL(o.BaseURL); err != nil {
			return nil, err
		}
		cfg.BaseURL = o.BaseURL
	}
	// The lock comes first: whether the output is up to date is only
	// known while no other build can change it.
	dir, err := output.Open(o.Out, publishOptions(cfg, o.Wait, o.Context.Done()))
	if errors.Is(err, output.ErrStopped) {
		err = ErrInterrupted
	}
	if err != nil {
		return nil, err
	}
	rep, err := publish(o, cfg, dir, index)
	if err != nil {
		dir.Abort()
	}
	return rep, err
}

// publish reads, renders and publishes into dir, or only reports when the
// output already holds this build. The caller aborts dir on error.
func publish(o Options, cfg *config.Config, dir *output.Dir, index indexer) (*Report, error) {
	// Whether the output is as a completed build left it takes reading
	// every folder of the site: find out while the inputs are digested.
	recorded := make(chan recordedSite, 1)
	go func() {
		r, ok := output.Recorded(o.Out)
		recorded <- recordedSite{r, ok}
	}()
	t := timeOf(o.Now)
	key := buildKey(fingerprint(o.Source), cfg, t)
	// Only a live site recorded with this key can spare reading the data:
	// otherwise the data is read while Recorded finishes.
	if key != "" && output.LiveKey(o.Out) == key {
		if rep := recalled(<-recorded, key, o.Out); rep != nil {
			writeDataReport(o, rep.Ingest)
			o.Progress.Printf("数据没有变化，沿用上次读取的结果：%s", dataSummary(rep.Ingest))
			if o.Strict && rep.Ingest.HasStrictErrors() {
				return &Report{Ingest: rep.Ingest, Out: o.Out}, ErrStrict
			}
			return upToDate(o, dir, rep)
		}
	}
	o.Progress.Start("读取数据", 0)
	res, err := loadData(o.Source, ingest.OptionsFor(cfg))
	if err != nil {
		return nil, err
	}
	writeDataReport(o, res)
	in, err := readSite(o, cfg, res, t)
	if err != nil {
		return nil, err
	}
	o.Progress.Done(dataSummary(res))
	rep := &Report{Ingest: res, Out: o.Out}
	if o.Strict && res.HasStrictErrors() {
		return rep, ErrStrict
	}
	o.Progress.Start("生成页面和搜索索引", 0)
	rep.Site, rep.Search, err = renderAndIndex(in, &counted{Dir: dir, p: o.Progress, ctx: o.Context}, index)
	if o.Context.Err() != nil {
		return rep, ErrInterrupted
	}
	if err != nil {
		return rep, err
	}
	o.Progress.Done(fmt.Sprintf("%d 个页面，搜索索引 %d 个文件", rep.Site.Pages, rep.Search.Files))
	writeWarnings(o.Log, rep.Site)
	dir.Carry(previousSearchFiles(dir.Live()))
	if note, err := json.Marshal(memo{rep.Site, rep.Search, withoutDataset(res)}); err == nil {
		dir.Remember(key, note)
	}
	o.Progress.Start("发布到 "+o.Out, 0)
	stop := noticeStop(o)
	rep.Output, err = dir.Commit()
	stop()
	if err == nil {
		o.Progress.Done(rep.Output.String())
	}
	return rep, err
}

// upToDate ends a build whose output already holds its site: it repeats
// the site's warnings, says so and keeps the output.
func upToDate(o Options, dir *output.Dir, rep *Report) (*Report, error) {
	dir.Abort()
	writeWarnings(o.Log, rep.Site)
	o.Progress.Printf("程序、配置、内容、模板和数据都没有变化，%s 已是最新，无需重新生成", o.Out)
	return rep, nil
}

// noticeStop says, when the build is asked to stop while it publishes,
// that the publish will complete: stopping half way is what the publish
// exists to prevent. The returned function ends the watch.
func noticeStop(o Options) func() {
	done := make(chan struct{})
	go func() {
		select {
		case <-o.Context.Done():
			o.Progress.Printf("正在发布，不能中途停止（否则网站会新旧混杂），即将完成，请稍候…")
		case <-done:
		}
	}()
	return func() { close(done) }
}

// previousSearchFiles lists the search files of the live site, which the
// new one keeps for visitors whose browser loaded the live
// search/meta.json a moment before the switch (see output.Carry). None
// when there is no live site or its index is of an older format.
func previousSearchFiles(live string) []string {
	if live == "" {
		return nil
	}
	names, err := searchindex.Referenced(func(name string) ([]byte, error) {
		return os.ReadFile(filepath.Join(live, filepath.FromSlash(name)))
	})
	if err != nil {
		return nil
	}
	return names
}

// writeWarnings prints what the site build noticed (links to missing
// pages, no sitemap without an absolute baseURL), after the data problems.
func writeWarnings(log io.Writer, res *site.Result) {
	for _, w := range res.Warnings {
		fmt.Fprintln(log, w)
	}
}

// publishOptions are the config's publishing settings.
func publishOptions(cfg *config.Config, wait bool, stop <-chan struct{}) output.Options {
	o := output.Options{Keep: cfg.KeepGenerations, Wait: wait, Stop: stop}
	switch cfg.Publish {
	case "symlink":
		o.Mode = output.Symlink
	case "folder":
		o.Mode = output.Folder
	}
	return o
}

// counted reports each written file to the progress display, and stops
// the build when its context is done.
type counted struct {
	*output.Dir
	mu  sync.Mutex
	p   *progress.Progress
	ctx context.Context
}

func (c *counted) WriteFile(name string, data []byte) error {
	if err := c.ctx.Err(); err != nil {
		return ErrInterrupted
	}
	c.mu.Lock()
	c.p.Add(1)
	c.mu.Unlock()
	return c.Dir.WriteFile(name, data)
}

// memo is what a build remembers with its output for a rebuild that finds
// nothing to do, so that it can report the same counts, and the same data
// problems and exit status, without reading the data again.
type memo struct {
	Site   *site.Result
	Search *searchindex.Stats
	Ingest *ingest.Result // without its Dataset
}

// withoutDataset is res without the records, which the site holds.
func withoutDataset(res *ingest.Result) *ingest.Result {
	r := *res
	r.Dataset = nil
	return &r
}

// recalled returns the report of the build that left the output folder
// holding the site of these exact inputs, untouched, so there is nothing
// to render; nil when it does not, or its memo is not whole.
func recalled(r recordedSite, key, out string) *Report {
	var m memo
	if !r.ok || key == "" || r.Key != key || json.Unmarshal(r.Note, &m) != nil || m.Site == nil || m.Search == nil || m.Ingest == nil {
		return nil
	}
	return &Report{Ingest: m.Ingest, Site: m.Site, Search: m.Search, Output: output.Stats{Unchanged: r.Files}, Out: out}
}

// recordedSite is output.Recorded's answer.
type recordedSite struct {
	output.Record
	ok bool
}

// renderAndIndex builds the pages and the search index at the same time: indexing
// is mostly one goroutine's work, page rendering fills the other cores. The
// search page, which carries the index's meta.json, waits for the index.
func renderAndIndex(in *site.Input, dir site.Writer, index indexer) (*site.Result, *searchindex.Stats, error) {
	var st *searchindex.Stats
	var ixErr error
	indexed, kept := make(chan struct{}), &keepMeta{FileWriter: dir}
	go func() {
		defer close(indexed)
		defer collectSoonerWhileIndexing()()
		st, ixErr = index(in.Data, kept)
	}()
	withMeta := *in
	withMeta.SearchMeta = func() []byte {
		<-indexed
		if ixErr != nil {
			return nil // the build fails below, with the index's error
		}
		return kept.meta
	}
	res, err := site.Build(&withMeta, dir)
	<-indexed
	if err == nil && ixErr != nil {
		err = fmt.Errorf("生成搜索索引失败：%v", ixErr)
	}
	return res, st, err
}

// keepMeta writes the search index through to its FileWriter and keeps
// the index's meta.json, which the search page carries.
type keepMeta struct {
	searchindex.FileWriter
	meta []byte
}

func (k *keepMeta) WriteFile(name string, data []byte) error {
	if name == searchindex.MetaName {
		k.meta = data
	}
	return k.FileWriter.WriteFile(name, data)
}

// loadData reads and checks the exports; a variable so that tests can
// count the reads.
var loadData = ingest.Load

// writeDataReport prints the data problems and counts of res, whether just
// read or recalled: a rebuild prints what the build before it did.
func writeDataReport(o Options, res *ingest.Result) {
	res.WriteReport(o.Log)
	if res.Files == 0 {
		fmt.Fprintf(o.Log, "警告：%s 下没有找到数据文件（应放在 data/disclosures/ 和 data/commitments/ 中的 .xlsx 或 .csv 文件），生成的网站没有公示内容\n", o.Source)
	}
}

// dataSummary is the data's counts in a progress line.
func dataSummary(res *ingest.Result) string {
	return fmt.Sprintf("%d 个文件，%d 条记录，未发布 %d 行", res.Files, res.Records, res.Skipped)
}

// readSite gathers everything the site is built from besides the data.
func readSite(o Options, cfg *config.Config, res *ingest.Result, t buildTime) (*site.Input, error) {
	pages, err := content.Load(filepath.Join(o.Source, "content"), cfg.AllowRawHTML)
	if err != nil {
		return nil, err
	}
	layouts, err := fs.Sub(creditsite.Layouts, "layouts")
	if err != nil {
		return nil, err
	}
	theme, err := render.Load(layouts, filepath.Join(o.Source, "layouts"))
	if err != nil {
		return nil, err
	}
	return &site.Input{
		Config: cfg, Data: res.Dataset, Pages: pages, Theme: theme,
		Today: t.today, Built: t.built,
	}, nil
}

// buildTime is when a build runs, as its pages show it.
type buildTime struct {
	today model.Date // decides which certificates show as expired
	built string     // shown on pages when Config.Timestamps
}

// timeOf is the build time of now in China Standard Time.
func timeOf(now time.Time) buildTime {
	now = now.In(shanghai)
	today, _ := model.NewDate(now.Year(), now.Month(), now.Day())
	return buildTime{today, now.Format("2006-01-02 15:04")}
}

// shanghai is China Standard Time; certificates expire by the local date.
var shanghai = time.FixedZone("CST", 8*3600)
