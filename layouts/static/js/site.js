// Large-text mode (适老化): a toggle in the header that persists across pages.
(function () {
  var key = 'creditsite-large-text', root = document.documentElement;
  function stored() { try { return localStorage.getItem(key) === '1'; } catch (e) { return false; } }
  if (stored()) root.classList.add('large-text');
  document.addEventListener('DOMContentLoaded', function () {
    var b = document.getElementById('text-size');
    if (!b) return;
    b.hidden = false;
    function sync() { var on = root.classList.contains('large-text'); b.setAttribute('aria-pressed', on ? 'true' : 'false'); b.textContent = on ? '标准字号' : '大字版'; }
    sync();
    b.addEventListener('click', function () {
      var on = root.classList.toggle('large-text');
      try { localStorage.setItem(key, on ? '1' : '0'); } catch (e) {}
      sync();
    });
  });
})();

// Search suggestions: the header (and home page) search boxes offer
// enterprise names as the user types. The search code loads only when
// such a box first gets focus, as the module the <header> names
// (js/search/suggest.js, with its digest), so other pages stay light.
(function () {
  var boxes = '.header-search input[name=q], .hero-search input[name=q]'; // suggest.js's BOXES
  function load(ev) {
    if (location.protocol === 'file:') return; // no module loads from disk
    var t = ev.target, header = document.querySelector('[data-search-module]');
    if (!header || !t.matches || !t.matches(boxes)) return;
    document.removeEventListener('focusin', load);
    var s = document.createElement('script');
    s.type = 'module';
    s.src = header.getAttribute('data-search-module');
    document.head.appendChild(s);
  }
  document.addEventListener('focusin', load);
})();

// A page opened from disk (a file: address) has links that end at folders
// and a search that cannot fetch its index, and browsers load no module
// from disk. Say how to view the site instead of failing.
(function () {
  if (location.protocol !== 'file:') return;
  var how = '请用“creditsite serve”（Windows 上双击“预览网站.bat”）预览，或把网站文件夹放到网站服务器上。';
  document.addEventListener('DOMContentLoaded', function () {
    var p = document.createElement('p');
    p.className = 'file-banner';
    p.setAttribute('role', 'note');
    p.textContent = '这是直接从磁盘打开的网页，链接和搜索无法正常使用。' + how;
    document.body.insertBefore(p, document.body.firstChild);
    var out = document.getElementById('search-results');
    if (!out) return;
    var e = document.createElement('p');
    e.className = 'search-error';
    e.textContent = '从磁盘打开的网页无法搜索。' + how;
    out.replaceChildren(e);
    out.setAttribute('data-state', 'file');
  });
})();
