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
