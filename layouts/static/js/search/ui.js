// ui.js: the /search/ page: the form, the results with highlights, the
// pager and the facet panel, kept in the address bar's query. Results
// follow the box as the user types (typing.js). The engine (engine.js)
// answers the queries; the page loads this module with
// <script type="module">.

import { Loader, aborted, watch } from './typing.js';
import { Index } from './engine.js';
import { fetcher, gone } from './format.js';
import { MARKS, foldWidth } from './analysis.js';

var PAGE = 10;

export const FEW = 3; // fewer matches, none exact: near misses

// highlight returns text as HTML with every occurrence of a word marked:
// width, case and marks aside (as the index reads names), each from its
// first character to its last.
export function highlight(text, words) {
  var hay = fold(text), marks = new Array(text.length).fill(false), any = false;
  words.forEach(function (w) {
    var needle = fold(w.text).s;
    if (!needle) return;
    for (var i = hay.s.indexOf(needle); i >= 0; i = hay.s.indexOf(needle, i + 1)) {
      for (var k = hay.from[i]; k < hay.to[i + needle.length - 1]; k++) marks[k] = true;
      any = true;
    }
  });
  var out = '', open = false;
  for (var i = 0; i < text.length; i++) {
    if (marks[i] !== open) { out += marks[i] ? '<mark>' : '</mark>'; open = marks[i]; }
    out += esc(text[i]);
  }
  if (open) out += '</mark>';
  return { html: out, any: any };
}

// fold folds text, marks left out: s, and per unit of s where its
// character starts and ends in text.
function fold(text) {
  var s = '', from = [], to = [], i = 0;
  for (var c of text) {
    var f = foldWidth(c).toLowerCase();
    i += c.length;
    if (MARKS.test(f)) continue;
    s += f;
    for (var k = 0; k < f.length; k++) { from.push(i - c.length); to.push(i); }
  }
  return { s: s, from: from, to: to };
}

export function esc(s) {
  return String(s).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
  });
}

function readState() {
  var p = new URLSearchParams(location.search), filters = {};
  ['column', 'type', 'unit', 'year'].forEach(function (f) { if (p.get(f)) filters[f] = p.get(f); });
  return { q: p.get('q') || '', filters: filters, page: Math.max(1, parseInt(p.get('page'), 10) || 1) };
}

function stateURL(st) {
  var p = new URLSearchParams();
  if (st.q) p.set('q', st.q);
  Object.keys(st.filters).forEach(function (f) { p.set(f, st.filters[f]); });
  if (st.page > 1) p.set('page', st.page);
  var s = p.toString();
  return location.pathname + (s ? '?' + s : '');
}

function link(st, text, attrs) {
  return '<a href="' + esc(stateURL(st)) + '" data-nav' + (attrs || '') + '>' + text + '</a>';
}

// render shows the query of the address bar unless stale() turns true
// meanwhile (a newer query started). It returns the search result, which
// the facet panel counts when it is opened later, and what to announce.
async function render(idx, root, out, stale) {
  var t0 = performance.now(), st = readState(), input = document.getElementById('search-q');
  if (input && document.activeElement !== input) input.value = st.q;
  out.setAttribute('data-state', 'loading');
  out.setAttribute('aria-busy', 'true');
  if (!st.q.trim() && !Object.keys(st.filters).length) {
    out.innerHTML = '<p class="search-hint">请输入企业名称（或其中任意相连的字，标点可省略）、统一社会信用代码（或前6位以上）、法定代表人姓名，多个词语用空格分隔。</p>';
    out.setAttribute('data-near', 'none');
    done(out, t0);
    idx.meta().catch(function () {}); // the first word typed needs it: fetch it while the visitor types
    return { said: '' };
  }
  // The search starts its fetches before sessionStorage is read (its
  // first read in a tab can take milliseconds), which then overlaps them.
  var searching = idx.search(st.q, st.filters), wantFacets = facetsOpen();
  var r = await searching, m = r.meta, total = r.matches.length;
  if (stale()) return null;
  var pages = Math.max(1, Math.ceil(total / PAGE)), page = Math.min(st.page, pages);
  var slice = r.matches.slice((page - 1) * PAGE, page * PAGE);
  var open = total > 0 && wantFacets;
  var loaded = await Promise.all([idx.docs(m, slice.map(function (h) { return h.ord; })), open ? idx.counts(r) : null]);
  if (stale()) return null;
  var rows = loaded[0], html = '';
  if (!total) {
    html += '<p class="search-empty">没有找到与“' + esc(st.q) + '”' + (Object.keys(st.filters).length ? '及所选条件' : '') + '相符的企业。' +
      '请检查输入是否有误，减少词语或筛选条件，或只输入企业名称中的一部分。</p>';
    html += activeFilters(st, m);
  } else {
    html += '<p class="search-summary">找到 <strong>' + total + '</strong> 家企业' +
      (pages > 1 ? '，第 ' + page + ' / ' + pages + ' 页' : '') + '。</p>';
    html += activeFilters(st, m);
    html += '<ol class="search-hits" start="' + ((page - 1) * PAGE + 1) + '">';
    rows.forEach(function (row) {
      var name = highlight(row[1], r.words), code = highlight(row[0], r.words), rep = highlight(row[2], r.words);
      html += '<li class="search-hit"><a class="search-name" href="' + esc(root + 'enterprises/' + encodeURIComponent(row[0]) + '/') + '">' + name.html + '</a>' +
        '<span class="search-code">统一社会信用代码：<span class="code">' + code.html + '</span></span>' +
        (row[2] ? '<span class="search-rep">法定代表人：' + rep.html + '</span>' : '');
      var extra = [['信用承诺', row[3]], ['资质证书', row[4]]];
      extra.forEach(function (x) {
        for (var i = 0; i < x[1].length; i++) {
          var h = highlight(x[1][i], r.words);
          if (h.any) { html += '<span class="search-match">' + x[0] + '：' + h.html + '</span>'; return; }
        }
      });
      html += '</li>';
    });
    html += '</ol>';
    if (pages > 1) {
      html += '<nav class="pagination" aria-label="分页">';
      if (page > 1) html += link(Object.assign({}, st, { page: page - 1 }), '上一页', ' rel="prev"');
      html += '<span>第 ' + page + ' / ' + pages + ' 页</span>';
      if (page < pages) html += link(Object.assign({}, st, { page: page + 1 }), '下一页', ' rel="next"');
      html += '</nav>';
    }
    // The counts need every facet value's bitset, tens of kilobytes:
    // the panel starts closed and loads them when first opened.
    html += '<section class="search-facets" aria-label="筛选"><details id="search-facet-panel"' + (open ? ' open' : '') + '>' +
      '<summary>按栏目、承诺类型、报送单位、年度筛选</summary><div class="search-facet-body">' +
      (open ? facetsHTML(st, m, loaded[1]) : '') + '</div></details></section>';
  }
  var near = nearMode(r);
  if (near === 'offer') {
    html += '<div id="search-near" tabindex="-1"><p class="search-near-ask">不是要找的企业？' +
      '<button type="button" id="search-near-show">查看名称相近的企业</button></p></div>';
  } else if (near === 'auto') html += '<div id="search-near" tabindex="-1"></div>';
  out.innerHTML = html;
  // Set before data-state: whoever waits for "done" can read it at once.
  out.setAttribute('data-near', near === 'auto' ? 'loading' : near);
  done(out, t0);
  return { r: r, st: st, idx: idx, near: near, said: (st.q.trim() ? '“' + st.q.trim() + '”' : '') + (total ? '找到 ' + total + ' 家企业' : '没有找到相符的企业') };
}

// nearMode says how the page offers a result's near misses (nearview.js):
// 'auto', shown at once, when nothing matches; 'offer', a button that
// shows them, when 1 to FEW - 1 enterprises match and none by its exact
// name or code (a unique fragment finds one: most people have found what
// they looked for, and the near misses' files cost 10–16 KB); 'none'
// otherwise.
export function nearMode(r) {
  var total = r.matches.length;
  if (!r.words.length || total >= FEW || (total && r.matches[0].exact)) return 'none';
  return total ? 'offer' : 'auto';
}

// activeFilters lists the filters in force, each a link that removes it.
function activeFilters(st, m) {
  var html = '';
  m.facets.forEach(function (f) {
    var v = st.filters[f.name], vi = f.values.indexOf(v);
    if (vi < 0) return;
    var next = Object.assign({}, st.filters);
    delete next[f.name];
    html += ' ' + link({ q: st.q, filters: next, page: 1 }, esc(f.label) + '：' + esc(f.labels[vi]) + ' ✕', ' class="search-filter" title="取消此筛选"');
  });
  return html ? '<p class="search-active">筛选条件：' + html + '</p>' : '';
}

function facetsHTML(st, m, counts) {
  var html = '';
  m.facets.forEach(function (f, fi) {
    var items = '', sel = st.filters[f.name];
    f.values.forEach(function (v, vi) {
      var n = counts[fi][vi];
      if (!n && sel !== v) return;
      var next = Object.assign({}, st.filters);
      if (sel === v) delete next[f.name]; else next[f.name] = v;
      var label = esc(f.labels[vi]) + ' <span class="count">' + n + '</span>';
      items += '<li' + (sel === v ? ' class="selected"' : '') + '>' +
        link({ q: st.q, filters: next, page: 1 }, label, sel === v ? ' aria-current="true" title="取消此筛选"' : '') + '</li>';
    });
    if (items) html += '<div class="search-facet" data-facet="' + esc(f.name) + '"><h2>' + esc(f.label) + '</h2><ul>' + items + '</ul></div>';
  });
  return html;
}

// Once opened, the facet panel stays open for the rest of the visit.
var FACETS_KEY = 'creditsite-search-facets';
function facetsOpen() {
  try { return sessionStorage.getItem(FACETS_KEY) === '1'; } catch (e) { return false; }
}
function setFacetsOpen(v) {
  try { sessionStorage.setItem(FACETS_KEY, v ? '1' : ''); } catch (e) { /* storage disabled */ }
}

// done marks the query rendered, with its time in milliseconds.
function done(out, t0) {
  out.setAttribute('data-ms', (performance.now() - t0).toFixed(1));
  out.removeAttribute('aria-busy');
  out.setAttribute('data-state', 'done');
}

// announcer says what a query found in the page's status region once
// typing has settled (a screen reader hears the count once, not at every
// keystroke): say(words) speaks SETTLE ms later unless hush() (a
// keystroke) or another say comes first; the same words are not said
// twice in a row.
var SETTLE = 700;
function announcer(status) {
  var timer = 0;
  function hush() { clearTimeout(timer); }
  return {
    hush: hush,
    say: function (said) {
      hush();
      if (status) timer = setTimeout(function () { if (status.textContent !== said) status.textContent = said; }, SETTLE);
    }
  };
}

// carriedMeta returns the promise of meta.json as the page carries it
// (search.html), or null if it does not.
function carriedMeta() {
  var el = document.getElementById('search-meta');
  try { return el ? Promise.resolve(JSON.parse(el.textContent)) : null; } catch (e) { return null; }
}

function start() {
  var out = document.getElementById('search-results');
  if (!out || location.protocol === 'file:') return; // site.js says how to view the site
  var root = out.getAttribute('data-root') || '';
  var loader = new Loader(fetcher(root, carriedMeta())), renewed = false, shownNow = null, current = null;
  var announce = announcer(document.getElementById('search-status'));
  function fail(e, q) {
    if (aborted(e) || (q && q.stale())) return; // a newer query took over
    // Files of an earlier build gone: start over once from the current
    // meta.json.
    if (gone(e) && !renewed) {
      renewed = true;
      loader.reset();
      go();
      return;
    }
    out.innerHTML = '<p class="search-error">搜索出错，请刷新页面重试。（' + esc(e.message) + '）</p>';
    out.removeAttribute('aria-busy');
    out.setAttribute('data-state', 'error');
  }
  // go renders the address bar's query; a newer go makes it stale: it
  // never renders, and its fetches stop once the newer one is done.
  function go() {
    var q = loader.next();
    current = q;
    render(new Index(q.load), root, out, q.stale).then(function (x) {
      if (q.stale()) return;
      renewed = false;
      shownNow = x;
      announce.say(x.said);
      q.done();
      if (x.near === 'auto') showNear(x, q, false);
    }, function (e) { fail(e, q); });
  }
  // showNear fills the near-miss box of the shown result x of query q
  // (nearview.js, imported now). asked: the user pressed the button, who
  // then hears what was found and lands on it. The results area's
  // data-near says "loading", then "done" or "error" (the exact results
  // stand without them).
  function showNear(x, q, asked) {
    var box = out.querySelector('#search-near'), live = function () { return !q.stale(); };
    out.setAttribute('data-near', 'loading');
    if (asked) {
      box.setAttribute('aria-busy', 'true');
      box.innerHTML = '<p class="search-loading">正在查找名称相近的企业……</p>';
    }
    import(new URL(out.dataset.nearview, document.baseURI)).then(function (v) {
      return v.show(x.idx, root, box, x, live, asked);
    }).then(function (found) {
      if (!live()) return;
      box.removeAttribute('aria-busy');
      out.setAttribute('data-near', found ? 'done' : 'error');
      if (!asked) return;
      box.focus();
      announce.say(!found ? '名称相近的企业暂时无法显示' : (found.partial + found.sounds ?
        '名称相近的企业：部分匹配 ' + found.partial + ' 家，读音相近 ' + found.sounds + ' 家' : '没有找到名称相近的企业'));
    }, function () {
      if (!live()) return;
      box.removeAttribute('aria-busy');
      if (asked) box.innerHTML = '<p class="search-error">名称相近的企业暂时无法显示，请稍后重试。</p>';
      out.setAttribute('data-near', 'error');
    });
  }
  // navigate shows url, a new history entry unless it is the address
  // already (Enter after the results followed the typing).
  function navigate(url) {
    if (url === location.pathname + location.search) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    go();
  }
  var form = document.getElementById('search-form'), cancel = function () {};
  if (form) {
    var input = form.elements.q;
    // Typing replaces the address (back, reload and a shared link keep the
    // query) without a history entry per word.
    cancel = watch(input, {
      typing: function () { announce.hush(); out.setAttribute('data-state', 'typing'); },
      run: function (v) {
        var st = readState(), q = v.trim();
        history.replaceState(null, '', stateURL({ q: q, filters: st.filters, page: q === st.q ? st.page : 1 }));
        go();
      }
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      cancel();
      var st = readState();
      navigate(stateURL({ q: input.value.trim(), filters: st.filters, page: 1 }));
    });
  }
  out.addEventListener('click', function (ev) {
    if (ev.target.id === 'search-near-show' && shownNow && shownNow.near === 'offer') {
      showNear(shownNow, current, true);
      return;
    }
    var a = ev.target.closest && ev.target.closest('a[data-nav]');
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) return;
    ev.preventDefault();
    cancel();
    navigate(a.getAttribute('href'));
    out.focus();
  });
  // toggle does not bubble: listen in the capture phase.
  out.addEventListener('toggle', function (ev) {
    var panel = ev.target, body = panel.querySelector && panel.querySelector('.search-facet-body');
    if (panel.id !== 'search-facet-panel' || !body) return;
    setFacetsOpen(panel.open);
    if (!panel.open || body.childElementCount || !shownNow || !shownNow.r) return;
    var cur = shownNow, q = current;
    panel.setAttribute('aria-busy', 'true');
    body.innerHTML = '<p class="search-loading">正在统计……</p>';
    cur.idx.counts(cur.r).then(function (counts) {
      if (cur !== shownNow) return;
      body.innerHTML = facetsHTML(cur.st, cur.r.meta, counts);
      panel.removeAttribute('aria-busy');
      panel.setAttribute('data-state', 'done');
    }, function (e) { fail(e, q); });
  }, true);
  window.addEventListener('popstate', function () { cancel(); go(); });
  go();
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
}
