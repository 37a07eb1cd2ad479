// node --test internal/searchindex/: the search page's modules
// (layouts/static/js/search/) against bleve.
import test from 'node:test';
import assert from 'node:assert';
import fs from 'node:fs';
import { analyzers } from '../../layouts/static/js/search/analysis.js';
import { parseQuery } from '../../layouts/static/js/search/engine.js';
import { highlight } from '../../layouts/static/js/search/ui.js';

test('the analyzers reproduce bleve analyzer vectors, byte offsets included', () => {
  const vectors = JSON.parse(fs.readFileSync(new URL('analysis/testdata/analyzer-vectors.json', import.meta.url), 'utf8'));
  assert.deepStrictEqual(Object.keys(vectors).sort(), Object.keys(analyzers).sort());
  let failed = [];
  for (const [name, vs] of Object.entries(vectors)) {
    assert.ok(vs.length > 300);
    for (const v of vs) {
      const got = analyzers[name](v.input).map((t) => t.term + '@' + t.position + '/' + t.start);
      try { assert.deepStrictEqual(got, v.tokens); } catch (e) { failed.push(name + ' ' + JSON.stringify(v.input) + ': got ' + got.join(' ') + ' want ' + v.tokens.join(' ')); }
    }
  }
  assert.deepStrictEqual(failed, []);
});

test('parseQuery splits words and recognises codes', () => {
  const ws = parseQuery('  远安　宏图餐饮  ９１４２０５ ');
  assert.deepStrictEqual(ws.map((w) => w.text), ['远安', '宏图餐饮', '914205']);
  assert.strictEqual(ws[2].code, '914205');
  assert.strictEqual(ws[0].code, null);
  assert.deepStrictEqual(ws[1].terms, [{ term: '宏图', rel: 0 }, { term: '图餐', rel: 3 }, { term: '餐饮', rel: 6 }]); // byte offsets
});

test('highlight marks folded, case-insensitive matches and escapes', () => {
  const ws = parseQuery('ma49 宏图');
  const h = highlight('<宏图>MA４９', ws);
  assert.strictEqual(h.html, '&lt;<mark>宏图</mark>&gt;<mark>MA４９</mark>');
  assert.ok(h.any);
});
