// suggest.js: up to MAX enterprise names offered under the site's search
// boxes (the header's, the home page's) as the user types, as an ARIA 1.2
// combobox: the box controls a listbox, arrow keys move
// aria-activedescendant, Enter opens the chosen enterprise's page, Escape
// closes the list. site.js adds this module when such a box first gets
// focus, so a page loads no search code before; the <header> names the
// module and the site root (partials/header.html).

import { Index } from './engine.js';
import { fetcher, gone } from './format.js';
import { Loader, aborted, watch } from './typing.js';
import { highlight } from './ui.js'; // the page's marks; ui.js does nothing on a page without results

var MAX = 8;

// BOXES are the search boxes that offer suggestions; site.js loads this
// module when one of them first gets focus.
export var BOXES = '.header-search input[name=q], .hero-search input[name=q]';

// attach makes input a combobox whose suggestions link below root.
export function attach(input, root, loader) {
  if (input.getAttribute('role') === 'combobox') return;
  var id = input.id + '-suggest', list = document.createElement('ul'), status = document.createElement('p');
  var items = [], active = -1, cur = null, told = 0;
  list.id = id;
  list.className = 'suggest-list';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', '企业名称建议');
  list.hidden = true;
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  input.parentNode.insertBefore(list, input.nextSibling);
  input.form.appendChild(status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', id);
  input.setAttribute('aria-expanded', 'false');

  function show(open) {
    list.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (!open) select(-1);
  }
  function select(i) {
    if (active >= 0 && list.children[active]) list.children[active].setAttribute('aria-selected', 'false');
    active = i;
    if (i < 0) { input.removeAttribute('aria-activedescendant'); return; }
    var li = list.children[i];
    li.setAttribute('aria-selected', 'true');
    input.setAttribute('aria-activedescendant', li.id);
    li.scrollIntoView({ block: 'nearest' });
  }
  function open(i) { location.href = items[i].href; }

  async function suggest(text) {
    var q = loader.next(), words = text.trim();
    cur = q;
    if (!words) { items = []; list.replaceChildren(); show(false); tell(''); return; }
    var idx = new Index(q.load), r = await idx.search(words, null);
    if (q.stale()) return;
    var top = r.matches.slice(0, MAX);
    var rows = await idx.docs(r.meta, top.map(function (h) { return h.ord; }));
    if (q.stale()) return;
    q.done();
    var kept = active >= 0 ? items[active].code : null; // a name chosen by the arrow keys stays chosen
    items = rows.map(function (row) { return { code: row[0], name: row[1], href: root + 'enterprises/' + encodeURIComponent(row[0]) + '/' }; });
    list.replaceChildren.apply(list, items.map(function (it, i) {
      var li = document.createElement('li');
      li.id = id + '-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.setAttribute('data-code', it.code);
      li.innerHTML = highlight(it.name, r.words).html;
      return li;
    }));
    active = -1;
    input.removeAttribute('aria-activedescendant');
    list.setAttribute('data-query', words); // what the list answers
    show(items.length > 0 && document.activeElement === input);
    var k = items.findIndex(function (it) { return it.code === kept; });
    if (k >= 0 && !list.hidden) select(k);
    tell(items.length ? items.length + ' 个企业名称建议，按上下方向键选择，回车打开' : '');
  }
  // tell updates the status region once typing pauses, as the search
  // page does: a screen reader hears the count once, not per keystroke.
  function tell(words) {
    clearTimeout(told);
    told = setTimeout(function () { status.textContent = words; }, 700);
  }
  function run(text) {
    suggest(text).catch(function (e) {
      if (aborted(e) || cur.stale()) return;
      if (gone(e)) loader.reset(); // a new build: the next keystroke reads its meta.json
      items = [];
      show(false);
    });
  }
  watch(input, { run: run, typing: function () { clearTimeout(told); } });

  input.addEventListener('keydown', function (ev) {
    var n = items.length;
    if (ev.isComposing) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!n) return;
      ev.preventDefault();
      if (list.hidden) { show(true); select(ev.key === 'ArrowDown' ? 0 : n - 1); return; }
      select(ev.key === 'ArrowDown' ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
    } else if (ev.key === 'Enter' && !list.hidden && active >= 0) {
      ev.preventDefault(); // the form would search instead
      open(active);
    } else if (ev.key === 'Escape' && !list.hidden) {
      ev.preventDefault(); // a search box would also clear its text
      show(false);
    }
  });
  // Enter's keypress can still submit the form (a driver that sends the
  // key's character apart from its keydown does): a chosen name wins.
  input.form.addEventListener('submit', function (ev) {
    if (!list.hidden && active >= 0) { ev.preventDefault(); open(active); }
  });
  // A click on a name keeps focus in the box until it opens the page.
  list.addEventListener('mousedown', function (ev) { ev.preventDefault(); });
  list.addEventListener('click', function (ev) {
    var li = ev.target.closest('[role=option]');
    if (li) open(Array.prototype.indexOf.call(list.children, li));
  });
  input.addEventListener('blur', function () { show(false); });
  input.addEventListener('focus', function () { if (items.length && input.value.trim()) show(true); });
  if (input.value.trim() && document.activeElement === input) run(input.value);
}

function start() {
  var header = document.querySelector('[data-search-root]');
  if (!header) return;
  var root = header.getAttribute('data-search-root'), loader = new Loader(fetcher(root));
  // meta.json while the user starts typing: every query needs it.
  new Index(loader.next().load).meta().catch(function () {});
  document.querySelectorAll(BOXES).forEach(function (input) { attach(input, root, loader); });
}

if (typeof document !== 'undefined') start();
