package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

// pagefindSearch is the module script of the Pagefind pages: Pagefind's
// JS API as its docs show it, the top 10 results' data rendered by
// render(q, results, top), and window.__pf the time to load and
// initialise Pagefind and the time of the search call (search(q) and
// data() of the top 10).
const pagefindSearch = `const q = new URLSearchParams(location.search).get('q') || '';
const t0 = performance.now();
const pagefind = await import('../pagefind/pagefind.js');
await pagefind.options({baseUrl: '/xyyc/'});
await pagefind.init();
const t1 = performance.now();
const search = await pagefind.search(q);
const results = search ? search.results : [];
const top = await Promise.all(results.slice(0, 10).map(r => r.data()));
const t2 = performance.now();
render(q, results, top);
window.__pf = {init: t1 - t0, search: t2 - t1};
document.getElementById('search-results').dataset.state = 'done';`

// pagefindPage is the bare harness page for Pagefind, served at
// /xyyc/pagefind-search/: Pagefind's JS API as its docs show it, the top
// 10 results' data, rendered as links to the enterprise pages, on a page
// with nothing else: no style sheet, header, form or footer.
const pagefindPage = `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>Pagefind</title></head>
<body>
<div id="search-results"></div>
<script type="module">
function render(q, results, top) {
  const root = document.getElementById('search-results');
  for (const d of top) {
    const a = document.createElement('a');
    a.href = d.url;
    a.textContent = d.meta.title;
    root.append(a);
  }
}
` + pagefindSearch + `
</script>
</body>
</html>
`

// pagefindRender renders Pagefind's results on the site's search page as
// the page's own script does: the count, then each result's name linking
// to its page, its credit code (from the page's address) and Pagefind's
// excerpt, with the page's classes.
const pagefindRender = `function render(q, results, top) {
  const esc = s => String(s).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
  const input = document.getElementById('search-q');
  if (input) input.value = q;
  let html = results.length ? '<p class="search-summary">找到 <strong>' + results.length + '</strong> 家企业。</p><ol class="search-hits">' :
    '<p class="search-empty">没有找到与“' + esc(q) + '”相符的企业。</p>';
  for (const d of top) {
    const code = decodeURIComponent((d.url.match(/enterprises\/([^/]+)\//) || ['', ''])[1]);
    html += '<li class="search-hit"><a class="search-name" href="' + esc(d.url) + '">' + esc(d.meta.title) + '</a>' +
      '<span class="search-code">统一社会信用代码：<span class="code">' + esc(code) + '</span></span>' +
      '<span class="search-match">' + d.excerpt + '</span></li>';
  }
  if (results.length) html += '</ol>';
  document.getElementById('search-results').innerHTML = html;
}
`

// ownSearch matches what the site's search page loads for creditsite's
// search: the modules (preloaded, and ui.js) and the meta.json it carries.
var ownSearch = regexp.MustCompile(`(?s)<link rel="modulepreload"[^>]*>\n?|<script type="module" src="[^"]*/js/search/ui\.js[^"]*"></script>\n?|<script type="application/json" id="search-meta">.*?</script>\n?`)

// pagefindSitePage returns the site's own search page (search/index.html
// as built) with Pagefind in place of creditsite's search: the same
// style sheet, header, form, footer and site.js, so that the two engines
// are compared on the same page, as a site would use Pagefind. It is an
// error if the page does not load creditsite's search as ownSearch
// expects (a changed template would otherwise compare the wrong pages).
func pagefindSitePage(page []byte) ([]byte, error) {
	found := bytes.Join(ownSearch.FindAll(page, -1), nil)
	if !bytes.Contains(page, []byte(`id="search-results"`)) || !bytes.Contains(page, []byte(`</body>`)) ||
		!bytes.Contains(found, []byte(`/js/search/ui.js`)) || !bytes.Contains(found, []byte(`id="search-meta"`)) {
		return nil, fmt.Errorf("the search page does not load creditsite's search as expected (ui.js, meta.json and a results area)")
	}
	out := ownSearch.ReplaceAll(page, nil)
	script := "<script type=\"module\">\n" + pagefindRender + pagefindSearch + "\n</script>\n</body>"
	return bytes.Replace(out, []byte("</body>"), []byte(script), 1), nil
}
