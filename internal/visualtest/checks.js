// Layout checks run on a rendered page; the expression evaluates to a list
// of problems, each one line naming the element. The rules (issue 19):
//
// overflow   Nothing reaches past the right edge of the viewport: the
//            document is no wider than the viewport, and no visible
//            element's right edge (clipped by ancestors that hide their
//            overflow) lies beyond it. Inside an element that scrolls
//            sideways (overflow-x auto or scroll, as .table-wrap) is
//            exempt: that is the explicit scroll container for wide tables.
// narrow     A text is too narrow when it wraps onto two or more lines and
//            its widest line is under 3em (three Chinese characters at its
//            own font size): "one or two characters a line". Texts of at
//            most 3 characters are labels and units (条, 上一页, 1 / 2) and
//            are exempt; every other text is checked, labels included.
// label      Where a records table is shown as cards (its header hidden),
//            each cell is one label/value row: its label (the ::before
//            box with data-label, at least 4 characters at 0.875em) at the
//            cell's left, and every line of every text of its value (text,
//            line breaks, spans) beside it, none starting within 4em of the
//            cell's left edge: the report line of issue 19 started there.
// date       A date (YYYY-MM-DD or YYYY-MM) is never broken across lines:
//            "2024-" at the end of one line and "03-04" on the next read
//            as two values.
// chart      Chart text (svg text) is at least 12 CSS px high and lies
//            within its chart (not cut at the svg's left or right edge).
// input      A placeholder fits its input (typed into it, it does not
//            scroll).
// search     At most one search box is shown.
// header     The 大字版 button (.text-size) sits beside the site name
//            (.brand), not under it.
// heading    A column heading (thead th) or a button breaks only between
//            words (Intl.Segmenter's Chinese words), never inside one:
//            "报送单" on one line and "位" on the next.
// space      Where a records table is cards, the cards are not much wider
//            than what they hold: on median a card's text reaches at
//            least half its width (one card the width of a tablet, its
//            values in the left third, was issue 19's 768 px list).
// font       Chinese text (a text, a ::before/::after content or a form
//            control's placeholder or value with Han characters) is set in
//            a font stack that names a Chinese font (CJK_FONTS): else the
//            browser looks each character up among the system's fonts,
//            which cost the search page's ten results (a monospace label)
//            120 ms on Linux (issue 18).
(() => {
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const path = el => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(name(e));
    return parts.join(' > ');
  };
  const short = s => { s = s.replace(/\s+/g, ' ').trim(); return s.length > 24 ? s.slice(0, 24) + '…' : s; };
  // shown reports whether el takes part in what a person sees.
  const shown = el => {
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || cs.clip === 'rect(0px, 0px, 0px, 0px)') return false;
    }
    return el.getClientRects().length > 0;
  };
  // visibleRight is el's right edge clipped by its ancestors, or null when
  // an ancestor scrolls sideways (a scroll container holds it).
  const visibleRight = el => {
    let right = el.getBoundingClientRect().right;
    for (let e = el.parentElement; e && e !== document.documentElement; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX;
      if (o === 'auto' || o === 'scroll') return null;
      if (o === 'hidden' || o === 'clip') right = Math.min(right, e.getBoundingClientRect().right);
    }
    return right;
  };

  const sw = document.documentElement.scrollWidth;
  if (sw > vw) problems.push(`overflow: the document is ${sw}px wide on a ${vw}px viewport`);
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || !shown(el)) continue;
    const right = visibleRight(el);
    if (right !== null && right > vw + 0.5) problems.push(`overflow: ${path(el)} "${short(el.textContent)}" ends at ${Math.round(right)}px, past the ${vw}px viewport`);
  }

  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const text = n.textContent.trim(), el = n.parentElement;
    if ([...text].length <= 3 || el.closest('script, style, noscript, svg') || !shown(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const lines = new Map();
    for (const r of range.getClientRects()) {
      if (r.width > 0) lines.set(Math.round(r.bottom), (lines.get(Math.round(r.bottom)) || 0) + r.width);
    }
    if (lines.size < 2) continue;
    const em = parseFloat(getComputedStyle(el).fontSize), widest = Math.max(...lines.values());
    if (widest < 3 * em - 0.5) problems.push(`narrow: "${short(text)}" in ${path(el)} takes ${lines.size} lines, the widest ${Math.round(widest)}px (under 3em = ${Math.round(3 * em)}px)`);
  }

  const dateWalker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = dateWalker.nextNode());) {
    if (!/\d{4}-\d{2}/.test(n.textContent) || n.parentElement.closest('script, style, svg') || !shown(n.parentElement)) continue;
    for (const m of n.textContent.matchAll(/\d{4}-\d{2}(-\d{2})?/g)) {
      const range = document.createRange();
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
      if (lines.size > 1) problems.push(`date: "${m[0]}" in ${path(n.parentElement)} is broken across ${lines.size} lines`);
    }
  }

  for (const td of document.querySelectorAll('table.records td')) {
    const thead = td.closest('table').tHead;
    if (!thead || shown(thead) || !shown(td)) continue; // a table, not cards
    const start = td.getBoundingClientRect().left + 4 * parseFloat(getComputedStyle(td).fontSize);
    const walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let n; (n = walk.nextNode());) {
      if (!n.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) {
        if (r.width > 0 && r.left < start - 0.5) {
          problems.push(`label: "${short(n.textContent)}" of ${path(td)} [${td.dataset.label}] starts at ${Math.round(r.left)}px, in the label column (values start right of ${Math.round(start)}px)`);
          break;
        }
      }
    }
  }

  for (const t of document.querySelectorAll('svg text')) {
    if (!shown(t)) continue;
    const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    if (px < 12 - 1e-3) problems.push(`chart: "${short(t.textContent)}" in ${path(t.closest('svg'))} is ${px.toFixed(1)}px high, under 12px`);
    const box = t.getBoundingClientRect(), svg = t.closest('svg').getBoundingClientRect();
    if (box.left < svg.left - 0.5 || box.right > svg.right + 0.5) problems.push(`chart: "${short(t.textContent)}" in ${path(t.closest('svg'))} is cut at the chart's edge`);
  }

  // The placeholder is measured by typing it: the text then has the room
  // the placeholder has (a search box keeps room for its clear button).
  for (const input of document.querySelectorAll('input[placeholder]')) {
    if (!shown(input)) continue;
    const typed = input.value;
    input.value = input.placeholder;
    const over = input.scrollWidth - input.clientWidth;
    input.value = typed;
    if (over > 0) problems.push(`input: the placeholder "${input.placeholder}" of ${path(input)} is ${over}px wider than the box`);
  }

  const brand = document.querySelector('.site-header .brand');
  for (const button of document.querySelectorAll('.site-header .text-size')) {
    if (!brand || !shown(button)) continue;
    const b = button.getBoundingClientRect(), n = brand.getBoundingClientRect();
    if (b.top >= n.bottom - 0.5) problems.push(`header: the button "${short(button.textContent)}" is under the site name (its top ${Math.round(b.top)}px, the name's bottom ${Math.round(n.bottom)}px)`);
  }

  // lineBreaks lists the offsets in el's text where a new line starts.
  const lineBreaks = el => {
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let text = '', prev = null;
    const breaks = [];
    for (let n; (n = walk.nextNode());) {
      for (let i = 0; i < n.length; i += n.textContent.codePointAt(i) > 0xffff ? 2 : 1) {
        const ch = n.textContent[i];
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + (n.textContent.codePointAt(i) > 0xffff ? 2 : 1));
        const r = [...range.getClientRects()].find(r => r.width > 0);
        if (r && !/\s/.test(ch)) {
          if (prev && r.top > prev.top + prev.height / 2) breaks.push(text.length);
          prev = r;
        }
        text += range.toString();
      }
    }
    return { text, breaks };
  };
  const words = new Intl.Segmenter('zh', { granularity: 'word' });
  for (const el of document.querySelectorAll('thead th, button')) {
    if (!shown(el)) continue;
    const { text, breaks } = lineBreaks(el);
    const starts = new Set([...words.segment(text)].map(s => s.index));
    for (const i of breaks) {
      if (!starts.has(i)) problems.push(`heading: "${short(text)}" in ${path(el)} breaks inside a word: ${text.slice(0, i).trim()}|${text.slice(i).trim()}`);
    }
  }

  for (const table of document.querySelectorAll('table.records')) {
    if (!table.tHead || shown(table.tHead) || !shown(table)) continue; // a table, not cards
    const fills = [];
    for (const tr of table.tBodies[0]?.rows || []) {
      if (!shown(tr)) continue;
      const card = tr.getBoundingClientRect();
      let right = card.left;
      const walk = document.createTreeWalker(tr, NodeFilter.SHOW_TEXT);
      for (let n; (n = walk.nextNode());) {
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.width > 0) right = Math.max(right, r.right);
      }
      fills.push((right - card.left) / card.width);
    }
    if (!fills.length) continue;
    fills.sort((a, b) => a - b);
    const median = fills[Math.floor(fills.length / 2)], width = table.tBodies[0].rows[0].getBoundingClientRect().width;
    if (median < 0.5) problems.push(`space: the cards of ${path(table)} are ${Math.round(width)}px wide and their text reaches on median ${Math.round(100 * median)}% of that`);
  }

  const CJK_FONTS = ['pingfang sc', 'hiragino sans gb', 'microsoft yahei', 'noto sans cjk sc', 'source han sans sc', 'wenquanyi micro hei'];
  const han = /\p{Script=Han}/u;
  const chinese = cs => CJK_FONTS.some(f => cs.fontFamily.toLowerCase().includes(f));
  const fontWalker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const unfit = new Set();
  for (let n; (n = fontWalker.nextNode());) {
    const el = n.parentElement;
    if (!han.test(n.textContent) || unfit.has(el) || el.closest('script, style, noscript') || !shown(el)) continue;
    const cs = getComputedStyle(el);
    if (!chinese(cs)) {
      unfit.add(el);
      problems.push(`font: "${short(n.textContent)}" in ${path(el)} is set in ${cs.fontFamily}, which names no Chinese font`);
    }
  }
  for (const el of document.body.querySelectorAll('*')) {
    for (const pseudo of ['::before', '::after']) {
      const cs = getComputedStyle(el, pseudo), c = cs.content;
      if (!c || c === 'none' || c === 'normal' || !shown(el)) continue;
      const text = c.replace(/attr\(([\w-]+)\)/g, (_, a) => el.getAttribute(a) || '').replace(/"/g, '');
      if (han.test(text) && !chinese(cs)) problems.push(`font: ${path(el)}${pseudo} "${short(text)}" is set in ${cs.fontFamily}, which names no Chinese font`);
    }
    // A form control's text (its placeholder, or what is typed) is drawn in
    // its own font, which is not inherited unless the style sheet says so.
    if (el.matches('input, textarea') && han.test(el.placeholder + el.value) && shown(el) && !chinese(getComputedStyle(el))) {
      problems.push(`font: the text of ${path(el)} "${short(el.placeholder || el.value)}" is set in ${getComputedStyle(el).fontFamily}, which names no Chinese font`);
    }
  }

  const boxes = [...document.querySelectorAll('input[type=search]')].filter(shown);
  if (boxes.length > 1) problems.push(`search: ${boxes.length} search boxes (${boxes.map(path).join(', ')}), want one`);
  return problems;
})()
