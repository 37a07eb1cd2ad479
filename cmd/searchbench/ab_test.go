package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"creditsite/internal/browsertest"
)

// abPage stands for a built site's search page: it renders its results
// 30 ms after it runs.
const abPage = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>搜索</title></head><body>
<div id="search-results"></div>
<script>setTimeout(() => { performance.mark('results'); document.getElementById('search-results').dataset.state = 'done'; }, 30);</script>
</body></html>`

// TestAB runs -ab on two stand-in sites in Chromium: every query gets a
// median per site, -timings a timeline per query and site with the
// page's milestones and fetches, and -trace writes Chrome's trace events.
func TestAB(t *testing.T) {
	if browsertest.ChromiumPath() == "" {
		browsertest.Missing(t, "Chromium", "apt-get install chromium, or set CHROME_PATH")
	}
	var sites []string
	for _, name := range []string{"old", "new"} {
		dir := filepath.Join(t.TempDir(), name)
		os.MkdirAll(filepath.Join(dir, "search"), 0o755)
		os.WriteFile(filepath.Join(dir, "search", "index.html"), []byte(abPage), 0o644)
		sites = append(sites, dir)
	}
	trace := filepath.Join(t.TempDir(), "trace.json")
	var out bytes.Buffer
	if err := ab(options{goServer: true}, abOptions{sites: sites, queries: []string{"宜昌", "abc"}, runs: 2, trace: trace, timings: true}, &out); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"宜昌", "abc"} {
		for _, s := range sites {
			if !strings.Contains(out.String(), q+"\t"+s+"\tmedian ") || !strings.Contains(out.String(), "\tfirst paint ") {
				t.Errorf("no median for %s on %s:\n%s", q, s, out.String())
			}
		}
	}
	// Each timeline: the page, its milestones and its mark, in order.
	timeline := regexp.MustCompile(`(?m)^http://[^\n]+/xyyc/search/\?q=[^\n]+\n(  +-?[0-9]+ +-?[0-9]+  [^\n]+\n)+`)
	if got := timeline.FindAllString(out.String(), -1); len(got) != 4 {
		t.Errorf("%d timelines, want 4 (2 queries × 2 sites):\n%s", len(got), out.String())
	} else if t0 := got[0]; !strings.Contains(t0, "/xyyc/search/index.html") && !strings.Contains(t0, "document parsed") || !strings.Contains(t0, "mark results") || strings.Index(t0, "document parsed") > strings.Index(t0, "results painted") {
		t.Errorf("timeline:\n%s", t0)
	}
	data, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	var events []struct{ Ph, Name string }
	if err := json.Unmarshal(data, &events); err != nil || len(events) < 100 {
		t.Fatalf("trace: %d events, %v", len(events), err)
	}
}

// TestABOverEmulatedLink runs -ab with -rtt: a page and its one script
// are two round trips, so no run can take less than twice the emulated
// round-trip time, however fast the machine.
func TestABOverEmulatedLink(t *testing.T) {
	if browsertest.ChromiumPath() == "" {
		browsertest.Missing(t, "Chromium", "apt-get install chromium, or set CHROME_PATH")
	}
	dir := filepath.Join(t.TempDir(), "site")
	os.MkdirAll(filepath.Join(dir, "search"), 0o755)
	page := strings.Replace(abPage, "<script>setTimeout", `<script src="late.js"></script><script>setTimeout`, 1)
	os.WriteFile(filepath.Join(dir, "search", "index.html"), []byte(page), 0o644)
	os.WriteFile(filepath.Join(dir, "search", "late.js"), []byte("window.late = 1;"), 0o644)
	var out bytes.Buffer
	if err := ab(options{rtt: 1000}, abOptions{sites: []string{dir}, queries: []string{"宜昌"}, runs: 1}, &out); err != nil {
		t.Fatal(err)
	}
	var ms float64
	if _, err := fmt.Sscanf(strings.SplitN(out.String(), "median ", 2)[1], "%f", &ms); err != nil {
		t.Fatalf("no median: %v\n%s", err, out.String())
	}
	if ms < 2000 {
		t.Errorf("%.0f ms over a link of 1,000 ms round trips: the emulated link was not applied\n%s", ms, out.String())
	}
}

// TestLinkSharesItsSpeed: responses queued on one link are sent one
// after another at its speed, and a link for another host has its own.
func TestLinkSharesItsSpeed(t *testing.T) {
	if newLink(0, 1600) != nil {
		t.Error("-rtt 0 emulates a link")
	}
	l := newLink(150, 8) // 1,000 bytes a second
	now := time.Now()
	if got := l.reserve(500, now).Sub(now); got != 500*time.Millisecond {
		t.Errorf("500 bytes at 1,000 B/s on an idle link: sent after %v, want 500ms", got)
	}
	if got := l.reserve(1000, now).Sub(now); got != 1500*time.Millisecond {
		t.Errorf("1,000 bytes more queued at once: sent after %v, want 1.5s", got)
	}
	if got := l.to().reserve(1000, now).Sub(now); got != time.Second {
		t.Errorf("another host's link: sent after %v, want 1s", got)
	}
}
