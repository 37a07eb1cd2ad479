// near.js: near misses, which the page (ui.js) offers under their own
// headings when the exact query finds few enterprises, never mixed into
// its results
// (format in internal/searchindex/FORMAT.md, "Near misses"):
//  - partial: names sharing most of the query's name bigrams, in order;
//  - sounds: names read like the query (宏远 for 宏源), or matching it
//    typed in pinyin (yichang hongyuan) or by initials (ychy).
// The page imports this module only when it needs it, after the exact
// results are shown; it loads only the files its query needs.

import { analyzers } from './analysis.js';
import { phraseAt } from './engine.js';
import { HASH, blockOf, decodePostings, file, has } from './format.js';

// SHOW: how many enterprises each section lists.
export const SHOW = 5;

// LOAD_BLOCKS is how many postings blocks partial loads in all to find
// its candidates (the rarest terms first; a name's rare bigrams are
// mostly inline), VERIFY how many candidates it checks against their
// names. Blocks grow with the site (16–64 KB at 10,000 disclosures):
// three of them made a whole name with a word missing fetch 34 KB more,
// and found no other candidate (TestNearMissRates).
var LOAD_BLOCKS = 1, VERIFY = SHOW;

// nameTerms returns the query's terms in the name field, in order, as the
// exact query analyses a word for that field.
function nameTerms(w) { return w.terms.map(function (t) { return t.term; }); }

// nameTermsOfText analyses a stored name as the index analysed the name
// field (meta m's analyzer of field 0): term → its positions.
function nameTermsOfText(m, name) {
  var out = new Map();
  analyzers[m.analyzers[0]](name).forEach(function (t) {
    if (!out.has(t.term)) out.set(t.term, []);
    out.get(t.term).push(t.start);
  });
  return out;
}

function idf(N, df) { return 1 + Math.log(N / (df + 1)); }

// fullPostings returns a term's postings as ord → posting (all blocks).
async function fullPostings(idx, e) {
  return e.inline ? fullPostingsNow(e) : byOrd(await Promise.all(e.hashes.map(function (h) { return idx.block(h); })));
}

// fullPostingsNow returns an inline term's postings as ord → posting.
function fullPostingsNow(e) { return byOrd([decodePostings(e.inline)]); }

function byOrd(lists) {
  var out = new Map();
  lists.forEach(function (l) { l.forEach(function (p) { out.set(p.ord, p); }); });
  return out;
}

// somePostings returns the postings of the blocks of a term holding ords.
async function somePostings(idx, e, ords) {
  if (e.inline) return fullPostings(idx, e);
  var ks = new Set(ords.map(function (o) { return blockOf(e.firsts, o); }));
  var lists = await Promise.all(Array.from(ks).map(function (k) { return idx.block(e.hashes[k]); }));
  var out = new Map();
  lists.forEach(function (l) { l.forEach(function (p) { out.set(p.ord, p); }); });
  return out;
}

// filter returns whether an ordinal passes the result's facet filters.
async function filter(idx, r) {
  var sets = await Promise.all(r.want.map(function (v, fi) { return v >= 0 ? idx.facetSet(r.meta, fi, v) : null; }));
  var exact = new Set(r.matches.map(function (h) { return h.ord; }));
  return function (o) { return !exact.has(o) && sets.every(function (s) { return !s || has(s, o); }); };
}

// dictionary returns the entries of terms of one field from the shards
// of a layout (meta.json's or the near file's: t, asciiShards,
// charShards): term → entry.
async function dictionary(idx, layout, field, terms) {
  var found = await idx.entries(layout, terms.map(function (t) { return field + '\u0000' + t; })), out = new Map();
  terms.forEach(function (t) { var e = found.get(field + '\u0000' + t); if (e) out.set(t, e); });
  return out;
}

// heavySets holds, per near file, its heavy terms per pinyin field.
var heavySets = new WeakMap();

// heavyTerms decodes a pinyin field's heavy terms, grouped by their first
// unit ("bin:wei,you" for bin wei, bin you; sep joins the units).
function heavyTerms(list, sep) {
  var out = new Set();
  list.split(' ').filter(Boolean).forEach(function (g) {
    var i = g.indexOf(':'), first = g.slice(0, i);
    g.slice(i + 1).split(',').forEach(function (b) { out.add(b ? first + sep + b : first); });
  });
  return out;
}

// soundDictionary returns the entries of terms of pinyin field field:
// term → entry. A heavy term (its postings in blocks) is in the heavy
// shards, a few bytes each, the others in their field's shards. Pinyin
// terms are ASCII: a shard is FNV-1a of the term mod the shards.
async function soundDictionary(idx, nr, field, terms) {
  var f = field - nr.first;
  if (!heavySets.has(nr)) heavySets.set(nr, nr.h.map(function (list, i) { return heavyTerms(list, i ? '' : ' '); }));
  var heavy = heavySets.get(nr)[f];
  function layout(t) { return { t: t, asciiShards: t.length / HASH, charShards: 0 }; }
  var parts = await Promise.all([
    dictionary(idx, layout(nr.t[f]), field, terms.filter(function (t) { return !heavy.has(t); })),
    dictionary(idx, layout(nr.th), field, terms.filter(function (t) { return heavy.has(t); }))
  ]);
  parts[1].forEach(function (e, t) { parts[0].set(t, e); });
  return parts[0];
}

// ordered returns the most query terms a name holds in the query's
// order (each at a position after the previous one's) and their idf
// weight: [count, weight].
function ordered(q, weights, pos) {
  var best = []; // per query term: [[count, weight, position]] of chains ending there
  var top = [0, 0];
  q.forEach(function (t, i) {
    best.push((pos.get(t) || []).map(function (p) {
      var b = [1, weights[i], p];
      for (var j = 0; j < i; j++) {
        best[j].forEach(function (c) {
          if (c[2] < p && (c[0] + 1 > b[0] || c[0] + 1 === b[0] && c[1] + weights[i] > b[1])) b = [c[0] + 1, c[1] + weights[i], p];
        });
      }
      if (b[0] > top[0] || b[0] === top[0] && b[1] > top[1]) top = [b[0], b[1]];
      return b;
    }));
  });
  return top;
}

// partial returns the best partial matches of the exact result r by name:
// up to SHOW of {ord, row, matched, of}, those holding the most of the
// query's name bigrams in order first, then by their idf weight. A name
// must hold at least half of them, and two.
export async function partial(idx, r) {
  var m = r.meta, N = m.docs, q = [];
  r.words.forEach(function (w) { q = q.concat(nameTerms(w)); });
  var need = Math.max(2, Math.ceil(q.length / 2));
  if (q.length < 2) return [];
  var distinct = Array.from(new Set(q));
  var dict = await dictionary(idx, m, 0, distinct), ok = await filter(idx, r);
  var times = new Map();
  q.forEach(function (t) { times.set(t, (times.get(t) || 0) + 1); });
  var present = distinct.filter(function (t) { return dict.has(t); });
  present.sort(function (a, b) { return dict.get(a).df - dict.get(b).df; });
  // The rarest terms, within LOAD_BLOCKS, give the candidates; the
  // others are assumed present until the names are checked.
  var budget = LOAD_BLOCKS, loaded = [], assumed = 0;
  present.forEach(function (t) {
    var e = dict.get(t), cost = e.inline ? 0 : e.hashes.length;
    if (cost <= budget) { budget -= cost; loaded.push(t); } else assumed += times.get(t);
  });
  var lists = await Promise.all(loaded.map(function (t) { return fullPostings(idx, dict.get(t)); }));
  var cands = new Map();
  lists.forEach(function (l, i) {
    var t = loaded[i], w = times.get(t) * idf(N, dict.get(t).df);
    l.forEach(function (_, o) {
      if (!ok(o)) return;
      var c = cands.get(o) || { ord: o, n: 0, w: 0 };
      c.n += times.get(t); c.w += w;
      cands.set(o, c);
    });
  });
  var top = Array.from(cands.values()).filter(function (c) { return c.n + assumed >= need; });
  top.sort(function (a, b) { return (b.n - a.n) || (b.w - a.w) || (a.ord - b.ord); });
  top = top.slice(0, VERIFY);
  var rows = await idx.docs(m, top.map(function (c) { return c.ord; }));
  var weights = q.map(function (t) { return dict.has(t) ? idf(N, dict.get(t).df) : 0; });
  var out = top.map(function (c, i) {
    var s = ordered(q, weights, nameTermsOfText(m, rows[i][1]));
    return { ord: c.ord, row: rows[i], matched: s[0], weight: s[1], of: q.length };
  }).filter(function (h) { return h.matched >= need; });
  out.sort(function (a, b) { return (b.matched - a.matched) || (b.weight - a.weight) || (a.ord - b.ord); });
  return out.slice(0, SHOW);
}

// syllables cuts a run of letters into syllables of the list s, as few
// as possible, the longer first syllable on a tie (xian, not xi an), or
// returns null.
function syllables(run, s) {
  var n = run.length, best = new Array(n + 1).fill(null);
  best[n] = [];
  for (var i = n - 1; i >= 0; i--) {
    for (var j = Math.min(n, i + 6); j > i; j--) {
      var rest = best[j];
      if (rest && s.has(run.slice(i, j)) && (!best[i] || rest.length + 1 < best[i].length)) best[i] = [run.slice(i, j)].concat(rest);
    }
  }
  return best[0];
}

var han = /\p{Script=Han}/u, letter = /[a-z]/, wordChar = /[\p{L}\p{Nd}]/u;

// The character table's files: one per 2^CHAR_BITS code points from
// CHAR_LO to CHAR_HI (near.go).
var CHAR_LO = 0x3400, CHAR_HI = 0xA000, CHAR_BITS = 9;

// charTable decodes the characters' readings file (near.go): the hashes
// of the character table's files, a line, then the common characters
// ("chang昌常…yi宜…"): {files, common: character → its commonest reading}.
function charTable(bytes) {
  var text = new TextDecoder().decode(bytes), nl = text.indexOf('\n'), common = new Map(), re = /([a-z]+)([^a-z]*)/g, m;
  while ((m = re.exec(text.slice(nl + 1)))) Array.from(m[2]).forEach(function (c) { common.set(c, m[1]); });
  return { files: text.slice(0, nl), common: common };
}

// readings returns, per word of the query, its reading units in order:
// a syllable, or null for a unit that breaks adjacency (see
// analysis.PinyinName), or, for a word of letters that are not
// syllables, its letters as initials ({initials: true}). An ideograph is
// read from the common characters, or else from the character table's
// file of its code points.
async function readings(idx, nr, words) {
  var syl = nr.s.split(' '), s = new Set(syl), chars = new Set(), keys = new Set(), tables = new Map();
  var ct = { files: '', common: new Map() };
  words.forEach(function (w) {
    Array.from(w).forEach(function (c) { if (han.test(c)) chars.add(c); });
  });
  if (chars.size) ct = charTable(await idx.get(file('k', nr.kc, 0, 'bin'), 'bin'));
  chars.forEach(function (c) {
    var cp = c.codePointAt(0);
    if (!ct.common.has(c) && cp >= CHAR_LO && cp < CHAR_HI) keys.add((cp - CHAR_LO) >> CHAR_BITS);
  });
  await Promise.all(Array.from(keys).map(async function (k) {
    tables.set(k, await idx.get(file('k', ct.files, k, 'bin'), 'bin'));
  }));
  function read(c) {
    if (ct.common.has(c)) return ct.common.get(c);
    var cp = c.codePointAt(0), b = tables.get((cp - CHAR_LO) >> CHAR_BITS), at = cp & ((1 << CHAR_BITS) - 1);
    if (!b) return null;
    for (var i = 0, x = 0, mul = 1, v; i < b.length;) { // the at-th varint
      v = b[i++]; x += (v & 0x7f) * mul; mul *= 128;
      if (v & 0x80) continue;
      if (at-- === 0) return x ? syl[x - 1] : null;
      x = 0; mul = 1;
    }
    return null;
  }
  return words.map(function (w) {
    if (/^[a-z]+$/.test(w) && !syllables(w, s)) return { initials: true, units: w.split('') };
    var units = [], run = '', other = false;
    function endRun() {
      if (run) units = units.concat(syllables(run, s) || [null]);
      if (other) units.push(null);
      run = ''; other = false;
    }
    Array.from(w).forEach(function (c) {
      if (letter.test(c)) { if (other) endRun(); run += c; } else if (han.test(c)) { endRun(); units.push(read(c)); } else if (wordChar.test(c)) { if (run) endRun(); other = true; } else endRun();
    });
    endRun();
    return { initials: false, units: units };
  });
}

// phraseTerms returns the terms of a word's units as the pinyin
// analyzers make them, with their slots: bigrams of adjacent units, a
// lone unit by itself.
function phraseTerms(u) {
  var out = [], us = u.units, sep = u.initials ? '' : ' ';
  us.forEach(function (x, i) {
    if (!x) return;
    if (us[i + 1]) out.push({ term: x + sep + us[i + 1], rel: i });
    else if (!us[i - 1]) out.push({ term: x, rel: i });
  });
  return out;
}

// implied returns, per term of a phrase, whether to load its postings. A
// bigram between two loaded bigrams (slots one before and one after) is
// implied by them, as a name's units have every combination of their
// readings as bigrams: implied leaves out the costliest such bigrams
// (most blocks), never two in a row, as engine.js's cover does for
// ideographs. Its score counts it as often as the phrase occurs.
function implied(terms) {
  var n = terms.length, keep = terms.map(function () { return true; });
  var gain = terms.map(function (t, i) {
    var prev = terms[i - 1], next = terms[i + 1];
    return prev && next && !t.entry.inline && prev.rel === t.rel - 1 && next.rel === t.rel + 1 ? t.entry.hashes.length : 0;
  });
  var best = [0, 0], leave = [false, false]; // best[k]: most blocks left out among terms[0..k)
  for (var i = 1; i < n; i++) {
    var skip = gain[i] > 0 && best[i - 1] + gain[i] > best[i];
    best[i + 1] = skip ? best[i - 1] + gain[i] : best[i];
    leave[i + 1] = skip;
  }
  for (var k = n; k > 0; k--) {
    if (leave[k]) { keep[k - 1] = false; k--; }
  }
  return keep;
}

// soundPhrases returns the phrases of the query of the exact result r in
// the pinyin fields: per word with readings, {field, terms: [{term, rel}]}
// (rel: the term's slot in the word); words without readings (digits)
// are left out.
export async function soundPhrases(idx, r) {
  var nr = await near(idx, r.meta);
  var texts = r.words.map(function (w) { return w.text.toLowerCase(); });
  return (await readings(idx, nr, texts)).map(function (u) {
    return { field: nr.first + (u.initials ? 1 : 0), terms: phraseTerms(u) };
  }).filter(function (ph) { return ph.terms.length; });
}

function near(idx, m) { return idx.get(file('n', m.n, 0, 'json'), 'json'); }

// sounds returns the names read like the query of the exact result r, or
// matching it as pinyin or initials: up to SHOW of {ord, row, score}.
export async function sounds(idx, r) {
  var hits = (await soundMatches(idx, r, await soundPhrases(idx, r))).slice(0, SHOW);
  var rows = await idx.docs(r.meta, hits.map(function (h) { return h.ord; }));
  hits.forEach(function (h, i) { h.row = rows[i]; });
  return hits;
}

// soundMatches returns every document, but the exact result's and those
// the filters leave out, where every phrase occurs in its field: {ord,
// score} by score (bleve's tf-idf of the phrase query, over queryNorm),
// then ordinal.
export async function soundMatches(idx, r, phrases) {
  var m = r.meta, N = m.docs, nr = await near(idx, m);
  if (!phrases.length) return [];
  var dicts = await Promise.all(phrases.map(function (ph) {
    return soundDictionary(idx, nr, ph.field, ph.terms.map(function (t) { return t.term; }));
  }));
  if (phrases.some(function (ph, i) { return ph.terms.some(function (t) { return !dicts[i].has(t.term); }); })) return [];
  var ok = await filter(idx, r), cand = null;
  phrases = phrases.map(function (ph, i) {
    var terms = ph.terms.map(function (t) {
      var e = dicts[i].get(t.term);
      return { term: t.term, rel: t.rel, entry: e, idf: idf(N, e.df) };
    });
    var keep = implied(terms), kept = terms.filter(function (_, k) { return keep[k]; });
    return {
      terms: kept, skipped: terms.filter(function (_, k) { return !keep[k]; }),
      rarest: kept.slice().sort(function (a, b) { return a.entry.df - b.entry.df; })[0]
    };
  });
  // The rarest term of each word gives the candidates; the inline terms,
  // which came with the dictionary, must occur at their slots around
  // them; only then are the other terms' blocks holding the candidates
  // loaded. A long name with a word missing (三峡世江机电设备有限公司)
  // keeps no candidate, and fetches none of the blocks of you xian,
  // gong si…
  await Promise.all(phrases.map(async function (ph) { ph.rarest.post = await fullPostings(idx, ph.rarest.entry); }));
  phrases.forEach(function (ph) {
    ph.terms.forEach(function (t) { if (t.entry.inline && !t.post) t.post = fullPostingsNow(t.entry); });
    var have = ph.terms.filter(function (t) { return t.post; });
    var os = Array.from(ph.rarest.post.keys()).filter(function (o) {
      if (!ok(o) || cand && !cand.has(o)) return false;
      var ps = have.map(function (t) { return t.post.get(o); });
      return ps.every(Boolean) && phraseAt(have, ps).count > 0;
    });
    cand = new Set(os);
  });
  var ords = Array.from(cand);
  if (!ords.length) return [];
  await Promise.all(phrases.map(function (ph) {
    return Promise.all(ph.terms.map(async function (t) { if (!t.post) t.post = await somePostings(idx, t.entry, ords); }));
  }));
  var hits = [];
  ords.forEach(function (o) {
    var score = 0;
    var all = phrases.every(function (ph) {
      var ps = ph.terms.map(function (t) { return t.post.get(o); });
      var at = ps.every(Boolean) && phraseAt(ph.terms, ps);
      if (!at || !at.count) return false;
      var norm = Math.fround(1 / Math.sqrt(ps[0].len));
      ph.terms.forEach(function (t, i) { score += Math.sqrt(ps[i].freq) * norm * t.idf * t.idf; });
      ph.skipped.forEach(function (t) { score += Math.sqrt(at.count) * norm * t.idf * t.idf; });
      return true;
    });
    if (all) hits.push({ ord: o, score: score });
  });
  return hits.sort(function (a, b) { return (b.score - a.score) || (a.ord - b.ord); });
}
