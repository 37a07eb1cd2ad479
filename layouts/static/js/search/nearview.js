// nearview.js: the near-miss sections of the /search/ page, 部分匹配 and
// 读音相近 (near.js finds them), below the exact results. ui.js imports
// this module only for a query that needs them.

import { esc } from './ui.js';
import { partial, sounds } from './near.js';

// show fills box with the sections of the shown query's near misses, each
// only if it lists any enterprise, unless current() says the page has
// moved on to another query; asked (the user pressed the page's button
// for them) says so in the box when there are none. It marks box
// data-state="done" and returns how many each section lists, or marks it
// "error" and returns null (near misses are an offer, the exact results
// stand without them).
export async function show(idx, root, box, shown, current, asked) {
  var found;
  try {
    found = await Promise.all([partial(idx, shown.r), sounds(idx, shown.r)]);
  } catch (e) {
    box.setAttribute('data-state', 'error');
    if (asked && current()) box.innerHTML = '<p class="search-error">名称相近的企业暂时无法显示，请稍后重试。</p>';
    return null;
  }
  if (!current()) return null;
  var q = esc(shown.st.q.trim());
  box.innerHTML = section('search-near-partial', '部分匹配', '以下企业的名称与“' + q + '”部分相同，并非完全相符，请核对名称。', found[0], root) +
    section('search-near-sounds', '读音相近', '以下企业名称的读音（拼音）与“' + q + '”相近，文字不同，请核对名称。', found[1], root) +
    (asked && !found[0].length && !found[1].length ? '<p class="search-near-none">没有找到名称与“' + q + '”相近的其他企业。</p>' : '');
  box.setAttribute('data-state', 'done');
  return { partial: found[0].length, sounds: found[1].length };
}

// section is one labelled section of near misses, or nothing.
function section(id, title, note, hits, root) {
  if (!hits.length) return '';
  var html = '<section class="search-near" aria-labelledby="' + id + '"><h2 id="' + id + '">' + title + '</h2>' +
    '<p class="search-near-note">' + note + '</p><ol class="search-hits">';
  hits.forEach(function (h) {
    var row = h.row;
    html += '<li class="search-hit"><a class="search-name" href="' + esc(root + 'enterprises/' + encodeURIComponent(row[0]) + '/') + '">' + esc(row[1]) + '</a>' +
      '<span class="search-code">统一社会信用代码：<span class="code">' + esc(row[0]) + '</span></span>' +
      (row[2] ? '<span class="search-rep">法定代表人：' + esc(row[2]) + '</span>' : '') + '</li>';
  });
  return html + '</ol></section>';
}
