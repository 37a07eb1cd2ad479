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

// meta is what parseQuery reads of search/meta.json.
const meta = {
  analyzers: ['creditsite_name', 'creditsite_cjk'],
  queryAnalyzers: ['creditsite_name_query', 'creditsite_cjk'],
};

test('parseQuery splits words, analyses them per field and recognises codes', () => {
  const ws = parseQuery('  远安　宏图餐饮  ９１４２０５ （宜昌）3D ', meta);
  assert.deepStrictEqual(ws.map((w) => w.text), ['远安', '宏图餐饮', '914205', '(宜昌)3D']);
  assert.strictEqual(ws[2].code, '914205');
  assert.strictEqual(ws[0].code, null);
  const bigrams = [{ term: '宏图', rel: 0 }, { term: '图餐', rel: 3 }, { term: '餐饮', rel: 6 }]; // byte offsets
  assert.deepStrictEqual(ws[1].fields.map((f) => f.terms), [bigrams, bigrams]);
  assert.deepStrictEqual(ws[1].fields.map((f) => f.length), [7, 3]); // the name's index analysis has unigrams
  // The name field ignores the brackets and pairs digits and letters with ideographs.
  assert.deepStrictEqual(ws[3].fields[0], {
    base: 0, length: 7,
    terms: [{ term: '宜昌', rel: 0 }, { term: '昌3', rel: 3 }, { term: '3d', rel: 6 }],
  });
  assert.deepStrictEqual(ws[3].fields[1], { base: 1, length: 2, terms: [{ term: '宜昌', rel: 0 }, { term: '3d', rel: 7 }] });
  // A word of marks alone has no terms and is dropped.
  assert.deepStrictEqual(parseQuery('《》 — 宜', meta).map((w) => w.fields[0].terms), [[{ term: '宜', rel: 0 }]]);
});

test('highlight marks folded, case-insensitive matches and escapes', () => {
  const ws = parseQuery('ma49 宏图', meta);
  const h = highlight('<宏图>MA４９', ws);
  assert.strictEqual(h.html, '&lt;<mark>宏图</mark>&gt;<mark>MA４９</mark>');
  assert.ok(h.any);
});

test('highlight marks names across their marks', () => {
  const cases = [
    ['中铁示范宜昌建设', '中铁示范（宜昌）建设有限公司', '<mark>中铁示范（宜昌）建设</mark>有限公司'],
    ['宜昌）建设', '中铁示范（宜昌）建设有限公司', '中铁示范（<mark>宜昌）建设</mark>有限公司'],
    ['三峡示范报社', '《三峡示范报》社有限公司', '《<mark>三峡示范报》社</mark>有限公司'],
    ['一汽-示范', '一汽—示范汽车销售有限公司', '<mark>一汽—示范</mark>汽车销售有限公司'],
    ['3d打印', '宜昌3D打印科技有限公司', '宜昌<mark>3D打印</mark>科技有限公司'],
    ['垚 公司', '宜昌鑫垚商贸有限公司', '宜昌鑫<mark>垚</mark>商贸有限<mark>公司</mark>'],
    ['𠀀A', '宜𠀀Ａ&lt;', '宜<mark>𠀀Ａ</mark>&amp;lt;'],
  ];
  for (const [q, name, want] of cases) {
    assert.strictEqual(highlight(name, parseQuery(q, meta)).html, want, q);
  }
});
