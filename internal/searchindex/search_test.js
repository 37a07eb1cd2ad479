// node --test internal/searchindex/: search.js against bleve.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const search = require('../../layouts/static/js/search.js');

test('analyze reproduces bleve cjk analyzer vectors, byte offsets included', () => {
  const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, 'testdata/analyzer-vectors.json'), 'utf8'));
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
