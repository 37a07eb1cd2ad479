// node --test internal/searchindex/: the search page's modules
// (layouts/static/js/search/) against bleve.
import test from 'node:test';
import assert from 'node:assert';
import fs from 'node:fs';
import { analyze } from '../../layouts/static/js/search/analysis.js';
import { parseQuery } from '../../layouts/static/js/search/engine.js';
import { highlight } from '../../layouts/static/js/search/ui.js';

const search = { analyze, parseQuery, highlight };

test('analyze reproduces bleve cjk analyzer vectors, byte offsets included', () => {
  const vectors = JSON.parse(fs.readFileSync(new URL('analysis/testdata/analyzer-vectors.json', import.meta.url), 'utf8'));
  assert.ok(vectors.length > 300);
  let failed = [];
  for (const v of vectors) {
    const got = search.analyze(v.input).map((t) => t.term + '@' + t.position + '/' + t.start);
    try { assert.deepStrictEqual(got, v.tokens); } catch (e) { failed.push(JSON.stringify(v.input) + ': got ' + got.join(' ') + ' want ' + v.tokens.join(' ')); }
  }
  assert.deepStrictEqual(failed, []);
});

test('parseQuery splits words and recognises codes', () => {
  const ws = search.parseQuery('  远安　宏图餐饮  ９１４２０５ ');
  assert.deepStrictEqual(ws.map((w) => w.text), ['远安', '宏图餐饮', '914205']);
  assert.strictEqual(ws[2].code, '914205');
  assert.strictEqual(ws[0].code, null);
  assert.deepStrictEqual(ws[1].terms, [{ term: '宏图', rel: 0 }, { term: '图餐', rel: 3 }, { term: '餐饮', rel: 6 }]); // byte offsets
});

test('highlight marks folded, case-insensitive matches and escapes', () => {
  const ws = search.parseQuery('ma49 宏图');
  const h = search.highlight('<宏图>MA４９', ws);
  assert.strictEqual(h.html, '&lt;<mark>宏图</mark>&gt;<mark>MA４９</mark>');
  assert.ok(h.any);
});
