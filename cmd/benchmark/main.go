// Command benchmark measures creditsite builds at several data sizes:
//
//	go run ./cmd/benchmark [-sizes 1k,10k,100k,1m] [-keep DIR] [-search-cost N]
//
// For each size it generates data with the repository's generator, runs a
// full build and a no-change rebuild of the real binary as child processes,
// and prints a Markdown table: wall and CPU time, peak memory (max RSS),
// pages, files and bytes written, search index size.
//
// With -search-cost N it instead measures what the search index adds to a
// build: N pairs of builds, each pair the real binary and one built with
// the tag nosearch (the same build without the index), in alternating
// order, each into a new folder; it prints every pair and the medians.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// size is one data set: N disclosures and M commitments.
type size struct {
	name                     string
	enterprises, commitments int
}

var sizes = map[string]size{
	"1k":   {"1k/5k", 1000, 5000},
	"10k":  {"10k/50k", 10000, 50000},
	"100k": {"100k/500k", 100000, 500000},
	"1m":   {"200k/1M", 200000, 1000000},
}

type run struct {
	wall, cpu time.Duration
	maxRSS    int64 // bytes
	out       string
}

func main() {
	list := flag.String("sizes", "1k,10k", "comma-separated sizes: 1k, 10k, 100k, 1m")
	keep := flag.String("keep", "", "keep generated sources and sites in this folder")
	pairs := flag.Int("search-cost", 0, "measure what the search index adds: this many pairs of builds with and without it")
	flag.Parse()
	if err := bench(strings.Split(*list, ","), *keep, *pairs); err != nil {
		fmt.Fprintln(os.Stderr, "benchmark:", err)
		os.Exit(1)
	}
}

func bench(names []string, keep string, pairs int) error {
	work := keep
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "creditsite-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	bin := filepath.Join(work, "creditsite")
	if err := goBuild(bin); err != nil {
		return err
	}
	fmt.Printf("Machine: %s/%s, %d CPUs (GOMAXPROCS %d), %s\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), cpuModel())
	if pairs > 0 {
		without := filepath.Join(work, "creditsite-nosearch")
		if err := goBuild(without, "-tags", "nosearch"); err != nil {
			return err
		}
		return each(names, work, func(dir string, s size) error { return searchCost(bin, without, dir, s, pairs) })
	}
	fmt.Println("| data (disclosures/commitments) | full build wall | CPU | peak RSS | pages | files | bytes written | search index | no-change rebuild | files rewritten |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	return each(names, work, func(dir string, s size) error { return benchOne(bin, dir, s) })
}

// goBuild builds the creditsite command into bin.
func goBuild(bin string, flags ...string) error {
	args := append(append([]string{"build"}, flags...), "-o", bin, "./cmd/creditsite")
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	return nil
}

// each calls f for every named size with its folder under work.
func each(names []string, work string, f func(dir string, s size) error) error {
	for _, n := range names {
		s, ok := sizes[strings.TrimSpace(n)]
		if !ok {
			return fmt.Errorf("unknown size %q", n)
		}
		if err := f(filepath.Join(work, s.name[:strings.IndexByte(s.name, '/')]), s); err != nil {
			return err
		}
	}
	return nil
}

// generate makes the data set s in dir with the binary's generator.
func generate(bin, dir string, s size) error {
	if _, err := exec.Command(bin, "gen", "--source", dir, "--enterprises", fmt.Sprint(s.enterprises), "--commitments", fmt.Sprint(s.commitments)).Output(); err != nil {
		return fmt.Errorf("gen %s: %v", s.name, err)
	}
	return nil
}

// newOut returns a new, not yet existing output folder under dir.
// A new folder each run: deleting a large old output just before would
// slow the build down (ext4 avoids reusing recently freed inodes).
func newOut(dir string) (string, error) {
	run, err := os.MkdirTemp(dir, "run-")
	return filepath.Join(run, "public"), err
}

// searchCost builds the data set s pairs times, each time with the index
// (bin) and without it (without), alternating which goes first, and
// prints each pair's wall and CPU times and the medians.
func searchCost(bin, without, dir string, s size, pairs int) error {
	if err := generate(bin, dir, s); err != nil {
		return err
	}
	fmt.Printf("What the search index adds to a build of %s:\n\n", s.name)
	fmt.Println("| pair | with search | CPU | peak RSS | without | CPU | peak RSS | added |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	var with, wo, added []float64
	for i := range pairs {
		order := []string{bin, without}
		if i%2 == 1 {
			order = []string{without, bin}
		}
		got := map[string]run{}
		for _, b := range order {
			out, err := newOut(dir)
			if err != nil {
				return err
			}
			if got[b], err = measure(b, "build", "--source", dir, "--out", out); err != nil {
				return err
			}
		}
		f, n := got[bin], got[without]
		ratio := f.wall.Seconds()/n.wall.Seconds() - 1
		with, wo, added = append(with, f.wall.Seconds()), append(wo, n.wall.Seconds()), append(added, ratio)
		fmt.Printf("| %d | %.2f s | %.2f s | %d MB | %.2f s | %.2f s | %d MB | %+.0f %% |\n", i+1,
			f.wall.Seconds(), f.cpu.Seconds(), f.maxRSS>>20, n.wall.Seconds(), n.cpu.Seconds(), n.maxRSS>>20, 100*ratio)
	}
	fmt.Printf("| median | %.2f s | | | %.2f s | | | %+.0f %% |\n\n", median(with), median(wo), 100*median(added))
	return nil
}

func median(xs []float64) float64 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	if n := len(xs); n%2 == 0 {
		return (xs[n/2-1] + xs[n/2]) / 2
	}
	return xs[len(xs)/2]
}

func benchOne(bin, dir string, s size) error {
	if err := generate(bin, dir, s); err != nil {
		return err
	}
	out, err := newOut(dir)
	if err != nil {
		return err
	}
	full, err := measure(bin, "build", "--source", dir, "--out", out)
	if err != nil {
		return err
	}
	files, bytes, pages := walk(out)
	_, index, _ := walk(filepath.Join(out, "search"))
	again, err := measure(bin, "build", "--source", dir, "--out", out)
	if err != nil {
		return err
	}
	fmt.Printf("| %s | %.2f s | %.2f s | %d MB | %d | %d | %d MB | %.1f MB | %.2f s | %s |\n",
		s.name, full.wall.Seconds(), full.cpu.Seconds(), full.maxRSS>>20, pages, files, bytes>>20, float64(index)/(1<<20),
		again.wall.Seconds(), rewritten(again.out))
	return nil
}

// measure runs the binary and reads its resource usage from the kernel.
func measure(bin string, args ...string) (run, error) {
	cmd := exec.Command(bin, args...)
	start := time.Now()
	out, err := cmd.Output()
	if err != nil {
		return run{}, fmt.Errorf("%s %v: %v", bin, args, err)
	}
	ps := cmd.ProcessState
	return run{
		wall:   time.Since(start),
		cpu:    ps.UserTime() + ps.SystemTime(),
		maxRSS: peakRSS(ps),
		out:    string(out),
	}, nil
}

// walk counts files, bytes and HTML pages under dir.
func walk(dir string) (files int, bytes int64, pages int) {
	if live, err := filepath.EvalSymlinks(dir); err == nil {
		dir = live // the output is a symlink to the live generation
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
			if fi, err := d.Info(); err == nil {
				bytes += fi.Size()
			}
			if strings.HasSuffix(p, ".html") {
				pages++
			}
		}
		return nil
	})
	return
}

// rewritten extracts the build's own added/changed/removed summary from
// its first line of output (the last names the check report).
func rewritten(out string) string {
	out, _, _ = strings.Cut(out, "\n")
	if i := strings.Index(out, "（"); i >= 0 {
		return strings.TrimSuffix(strings.TrimSpace(out[i+len("（"):]), "）")
	}
	return strings.TrimSpace(out)
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "model name") {
			return strings.TrimSpace(line[strings.IndexByte(line, ':')+1:])
		}
	}
	return "unknown CPU"
}
