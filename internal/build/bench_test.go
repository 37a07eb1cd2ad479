package build

// Per-stage benchmarks of a build, on data from the repository's generator:
//
//	go test -run '^$' -bench . -benchmem ./internal/build/ [-args -size 100k]
//
// They tune the garbage collector as the command does (TuneMemory). On a
// disk where deleting thousands of files keeps it busy for a while (ext4
// mounted with discard), -keep DIR writes the builds' outputs under DIR
// and leaves them there, and -source DIR reuses a site generated before
// (`creditsite gen`) instead of writing a new one.
// read = ingest.Load (reading, decoding and validating the CSV exports are
// one pass, so read includes validate), index = searchindex.Build, render =
// site.Build into a writer that discards, write = publishing the rendered
// files through output.Dir. Build is the whole pipeline: full, without the
// search index (what the index adds is the difference), and no-change.

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"creditsite/internal/config"
	"creditsite/internal/gen"
	"creditsite/internal/ingest"
	"creditsite/internal/memfiles"
	"creditsite/internal/output"
	"creditsite/internal/searchindex"
	"creditsite/internal/site"
)

var (
	benchSize = flag.String("size", "10k", "benchmark data size: 1k, 10k, 100k or 1m (disclosures; five times as many commitments)")
	benchKeep = flag.String("keep", "", "write the builds' outputs under this folder and keep them")
	benchFrom = flag.String("source", "", "a generated source folder to build instead of generating one")
)

// benchSizes matches cmd/benchmark.
var benchSizes = map[string]gen.Options{
	"1k":   {Enterprises: 1000, Commitments: 5000},
	"10k":  {Enterprises: 10000, Commitments: 50000},
	"100k": {Enterprises: 100000, Commitments: 500000},
	"1m":   {Enterprises: 200000, Commitments: 1000000},
}

// fixture is a generated source folder, shared by every benchmark of a run.
var fixture struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	flag.Parse()
	TuneMemory()
	code := m.Run()
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}

// benchSource returns the generated source folder for -size.
func benchSource(b *testing.B) string {
	b.Helper()
	if *benchFrom != "" {
		return *benchFrom
	}
	fixture.once.Do(func() {
		o, ok := benchSizes[*benchSize]
		if !ok {
			fixture.err = fmt.Errorf("unknown -size %q", *benchSize)
			return
		}
		o.Seed = 2018
		if fixture.dir, fixture.err = os.MkdirTemp("", "creditsite-bench-"); fixture.err == nil {
			fixture.err = gen.Generate(o).Write(filepath.Join(fixture.dir, "data"))
		}
	})
	if fixture.err != nil {
		b.Fatal(fixture.err)
	}
	return fixture.dir
}

// benchInput reads the fixture the way a build does.
func benchInput(b *testing.B) *site.Input {
	b.Helper()
	src := benchSource(b)
	cfg, err := config.Load(src)
	if err != nil {
		b.Fatal(err)
	}
	res, err := loadData(src, ingest.OptionsFor(cfg))
	if err != nil {
		b.Fatal(err)
	}
	in, err := readSite(Options{Source: src}, cfg, res, timeOf(now))
	if err != nil {
		b.Fatal(err)
	}
	return in
}

// outDir returns a new output folder: under -keep if set, else temporary.
func outDir(b *testing.B) string {
	b.Helper()
	if *benchKeep == "" {
		return filepath.Join(b.TempDir(), "public")
	}
	if err := os.MkdirAll(*benchKeep, 0o755); err != nil {
		b.Fatal(err)
	}
	dir, err := os.MkdirTemp(*benchKeep, "public-")
	if err != nil {
		b.Fatal(err)
	}
	return filepath.Join(dir, "public")
}

// eachNewOut times f once per iteration, each with a new output folder
// made outside the timing.
func eachNewOut(b *testing.B, f func(out string)) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		out := outDir(b)
		b.StartTimer()
		f(out)
	}
}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

func BenchmarkRead(b *testing.B) {
	src := benchSource(b)
	cfg, err := config.Load(src)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ingest.Load(src, ingest.Options{Units: cfg.Units, MaxAttachmentBytes: cfg.MaxAttachment}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIndex(b *testing.B) {
	in := benchInput(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := searchindex.Build(in.Data, discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	in := benchInput(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := site.Build(in, discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	in := benchInput(b)
	files := &memfiles.Files{}
	if _, err := site.Build(in, files); err != nil {
		b.Fatal(err)
	}
	publish := func(out string) {
		d, err := output.Open(out, output.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for name, data := range files.Map() {
			if err := d.WriteFile(name, data); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := d.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("new", func(b *testing.B) { eachNewOut(b, publish) })
	b.Run("unchanged", func(b *testing.B) {
		out := outDir(b)
		publish(out)
		b.ReportAllocs()
		for b.Loop() {
			publish(out)
		}
	})
}

func BenchmarkBuild(b *testing.B) {
	src := benchSource(b)
	b.Run("full", func(b *testing.B) {
		eachNewOut(b, func(out string) {
			if _, err := Run(Options{Source: src, Out: out, Now: now}); err != nil {
				b.Fatal(err)
			}
		})
	})
	// The same pipeline without the search index: what the index adds to
	// a build is full minus this.
	b.Run("without-search", func(b *testing.B) {
		eachNewOut(b, func(out string) {
			if _, err := run(Options{Source: src, Out: out, Now: now}, noIndex); err != nil {
				b.Fatal(err)
			}
		})
	})
	// One commitment's 其他 changes back and forth: how much of the site a
	// one-row correction rewrites (files-written/op).
	b.Run("one-row", func(b *testing.B) {
		out := outDir(b)
		if _, err := Run(Options{Source: src, Out: out, Now: now}); err != nil {
			b.Fatal(err)
		}
		written := 0
		for b.Loop() {
			b.StopTimer()
			toggleOneRow(b, filepath.Join(src, "data", "commitments", "xiling.csv"))
			b.StartTimer()
			rep, err := Run(Options{Source: src, Out: out, Now: now})
			if err != nil {
				b.Fatal(err)
			}
			written += rep.Output.Added + rep.Output.Changed + rep.Output.Removed
		}
		b.ReportMetric(float64(written)/float64(b.N), "files-written/op")
	})
	b.Run("unchanged", func(b *testing.B) {
		out := outDir(b)
		if _, err := Run(Options{Source: src, Out: out, Now: now}); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Run(Options{Source: src, Out: out, Now: now}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// toggleOneRow adds or removes a note in the 其他 cell of the first data
// row of a generated CSV file (the fourth line: title, sender, header).
func toggleOneRow(b *testing.B, csv string) {
	data, err := os.ReadFile(csv)
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.SplitAfterN(string(data), "\n", 5)
	if len(lines) < 5 {
		b.Fatalf("%s: too short", csv)
	}
	row := strings.TrimRight(lines[3], "\r\n")
	end := lines[3][len(row):]
	if cut, ok := strings.CutSuffix(row, ",已更正"); ok {
		row = cut + ","
	} else if strings.HasSuffix(row, ",") {
		row += "已更正"
	} else {
		b.Fatalf("%s: the first row's 其他 is not empty: %s", csv, row)
	}
	lines[3] = row + end
	if err := os.WriteFile(csv, []byte(strings.Join(lines, "")), 0o644); err != nil {
		b.Fatal(err)
	}
}
