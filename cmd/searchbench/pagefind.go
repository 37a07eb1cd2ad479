package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// installPagefind installs the npm package pagefind@version (its binary
// comes as the optional dependency @pagefind/<platform>) into a folder of
// cache, once, and returns the path of its command.
func installPagefind(cache, version string) (string, error) {
	dir := filepath.Join(cache, "pagefind-"+version)
	bin := filepath.Join(dir, "node_modules", ".bin", "pagefind")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"private": true}`+"\n"), 0o644); err != nil {
		return "", err
	}
	cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--prefix", dir, "pagefind@"+version)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm install pagefind@%s: %v\n%s", version, err, out)
	}
	return bin, nil
}

// indexPagefind indexes the enterprise pages of the built site with
// Pagefind into out, leaving the site as it is: --glob keeps to the
// enterprise pages (what creditsite's search finds), and --root-selector
// main indexes each page's main content (name, code, representative,
// records) without the header and footer every page repeats, as
// data-pagefind-body on <main> would.
func indexPagefind(bin, site, out string) error {
	cmd := exec.Command(bin, "--site", site, "--output-path", out,
		"--glob", "enterprises/*/index.html", "--root-selector", "main")
	if log, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pagefind: %v\n%s", err, log)
	}
	return nil
}

// pagefindPage is the harness page for Pagefind, served at
// /xyyc/pagefind-search/: Pagefind's JS API as its docs show it, the top
// 10 results' data, rendered as links to the enterprise pages. It reports
// in window.__pf the time to load and initialise Pagefind and the time of
// the search call (search(q) and data() of the top 10).
const pagefindPage = `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>Pagefind</title></head>
<body>
<div id="search-results"></div>
<script type="module">
const q = new URLSearchParams(location.search).get('q') || '';
const t0 = performance.now();
const pagefind = await import('../pagefind/pagefind.js');
await pagefind.options({baseUrl: '/xyyc/'});
await pagefind.init();
const t1 = performance.now();
const search = await pagefind.search(q);
const top = await Promise.all((search ? search.results : []).slice(0, 10).map(r => r.data()));
const t2 = performance.now();
const root = document.getElementById('search-results');
for (const d of top) {
  const a = document.createElement('a');
  a.href = d.url;
  a.textContent = d.meta.title;
  root.append(a);
}
window.__pf = {init: t1 - t0, search: t2 - t1};
root.dataset.state = 'done';
</script>
</body>
</html>
`
