package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"creditsite/internal/browsertest"
)

// abPage stands for a built site's search page: it renders its results
// 30 ms after it runs.
const abPage = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>搜索</title></head><body>
<div id="search-results"></div>
<script>setTimeout(() => { document.getElementById('search-results').dataset.state = 'done'; }, 30);</script>
</body></html>`

// TestAB runs -ab on two stand-in sites in Chromium: every query gets a
// median per site, and -trace writes Chrome's trace events.
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
	if err := ab(options{goServer: true}, abOptions{sites: sites, queries: []string{"宜昌", "abc"}, runs: 2, trace: trace}, &out); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"宜昌", "abc"} {
		for _, s := range sites {
			if !strings.Contains(out.String(), q+"\t"+s+"\tmedian ") {
				t.Errorf("no median for %s on %s:\n%s", q, s, out.String())
			}
		}
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
