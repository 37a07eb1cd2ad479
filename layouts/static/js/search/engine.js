// engine.js: the query engine of the /search/ page. It parses a query
// into words and their analysed terms, loads (through format.js) only the
// dictionary shards, postings blocks, display rows and bitsets it needs,
// checks phrase adjacency with byte offsets and scores with bleve's tf-idf.

import { analyzers, foldWidth, utf8Len } from './analysis.js';
import { Files, blockOf, decodePostings, has } from './format.js';

// Index queries an exported index: Files with search and counts.
export class Index extends Files {}

// parseQuery splits a query into words (spaces separate them, all must
// match) with, per field f of meta m, fields[f]: its query analyzer's
// terms, byte offsets relative to the first's (base), and the length its
// analyzer gives the word. terms: the name field's.
export function parseQuery(q, m) {
  return foldWidth(q || '').split(/\s+/).filter(Boolean).map(function (w) {
    var fields = m.queryAnalyzers.map(function (name, f) {
      var toks = analyzers[name](w), base = toks.length ? toks[0].start : 0;
      return {
        base: base,
        length: analyzers[m.analyzers[f]](w).length,
        terms: toks.map(function (t) { return { term: t.term, rel: t.start - base }; })
      };
    });
    return {
      text: w,
      code: /^[0-9A-Za-z]{6,18}$/.test(w) ? w.toUpperCase() : null,
      fields: fields,
      terms: fields[0].terms
    };
  }).filter(function (w) { return w.fields.some(function (f) { return f.terms.length; }) || w.code; });
}

// search runs a query: q is the text, filters maps a facet name to a
// value. It returns every match in rank order (ordinals, scores), the
// facet counts and the words for highlighting.
Index.prototype.search = async function (q, filters) {
  var self = this, m = await this.meta(), words = parseQuery(q, m), N = m.docs;
  var nf = m.fields.length;

  // Dictionary entries of every term, and code ranges of code-like words.
  var keys = new Set(); // 'field\0term'
  words.forEach(function (w) {
    w.fields.forEach(function (wf, f) { wf.terms.forEach(function (t) { keys.add(f + '\u0000' + t.term); }); });
  });
  var ranges = Promise.all(words.map(function (w) { return w.code ? self.codeRange(m, w.code) : null; }));
  var dict = await this.entries(m, keys);
  ranges = await ranges;

  // bleve's query: a conjunction over words of a disjunction over fields
  // of a phrase (the field's query analysis of the word), each term
  // boosted by its field; queryNorm over them all.
  var sumSq = 0, phrases = [];
  words.forEach(function (w, wi) {
    w.phrases = [];
    for (var f = 0; f < nf; f++) {
      var wf = w.fields[f], ph = { word: wi, field: f, boost: m.boosts[f], base: wf.base, length: wf.length, terms: [], ok: true };
      wf.terms.forEach(function (t) {
        var e = dict.get(f + '\u0000' + t.term) || null, idf = 1 + Math.log(N / ((e ? e.df : 0) + 1));
        sumSq += (ph.boost * idf) * (ph.boost * idf);
        ph.terms.push({ term: t.term, rel: t.rel, entry: e, idf: idf });
        if (!e) ph.ok = false;
      });
      if (ph.ok && ph.terms.length) { w.phrases.push(ph); phrases.push(ph); }
    }
  });
  var queryNorm = 1 / Math.sqrt(sumSq);
  phrases.forEach(function (ph) {
    var keep = cover(ph.terms);
    ph.all = ph.terms;
    ph.skipped = ph.terms.filter(function (_, i) { return !keep[i]; });
    ph.terms = ph.terms.filter(function (_, i) { return keep[i]; });
  });

  // Stage 1: full postings of inline terms (or of the rarest term when all
  // are heavy) give each phrase's candidates.
  async function full(t) {
    if (t.full) return t.full;
    var e = t.entry, lists;
    if (e.inline) lists = [decodePostings(e.inline)];
    else lists = await Promise.all(e.hashes.map(function (h) { return self.block(h); }));
    t.full = new Map();
    lists.forEach(function (l) { l.forEach(function (p) { t.full.set(p.ord, p); }); });
    return t.full;
  }
  await Promise.all(phrases.map(async function (ph) {
    var light = ph.terms.filter(function (t) { return t.entry.inline; });
    if (!light.length) light = [ph.terms.slice().sort(function (a, b) { return a.entry.df - b.entry.df; })[0]];
    var maps = await Promise.all(light.map(full));
    maps.sort(function (a, b) { return a.size - b.size; });
    ph.cand = Array.from(maps[0].keys()).filter(function (o) { return maps.every(function (mp) { return mp.has(o); }); });
  }));
  var cand = null;
  words.forEach(function (w, wi) {
    var s = new Set();
    w.phrases.forEach(function (ph) { ph.cand.forEach(function (o) { s.add(o); }); });
    var r = ranges[wi];
    if (r) {
      for (var o = r[0]; o < r[1]; o++) {
        if (!cand || cand.has(o)) s.add(o);
      }
    }
    if (cand) s = new Set(Array.from(s).filter(function (o) { return cand.has(o); }));
    cand = s;
  });
  if (!words.length) {
    cand = new Set();
    for (var o = 0; o < N; o++) cand.add(o);
  }

  // Stage 2: each phrase's remaining candidates, verified against their
  // display rows (byRows) or by the blocks of heavy terms that hold them.
  phrases.forEach(function (ph) { ph.cand = ph.cand.filter(function (o) { return cand.has(o); }); });
  byRows(phrases, m);
  var rows = new Map();
  await Promise.all(phrases.map(async function (ph) {
    if (ph.rows) {
      (await self.docs(m, ph.cand)).forEach(function (row, i) { rows.set(ph.cand[i], row); });
      return;
    }
    await Promise.all(ph.terms.map(async function (t) {
      if (t.full) return;
      if (t.entry.inline) { await full(t); return; }
      var lists = await Promise.all(Array.from(blocksOf(t, ph.cand)).map(function (k) { return self.block(t.entry.hashes[k]); }));
      t.part = new Map();
      lists.forEach(function (l) { l.forEach(function (p) { t.part.set(p.ord, p); }); });
    }));
  }));

  // Stage 3: adjacency and scores.
  var hits = new Map(), skipped = 0, verified = 0, analysed = new Map();
  // A row's field is analysed once, however many words' phrases check it.
  function rowTokens(o, f) {
    var k = o + ':' + f;
    if (!analysed.has(k)) analysed.set(k, analyseRow(m, f, rows.get(o)));
    return analysed.get(k);
  }
  function hit(o) {
    var h = hits.get(o);
    if (!h) { h = { ord: o, score: 0, exact: false, words: words.map(function () { return { n: 0, sum: 0, code: false }; }) }; hits.set(o, h); }
    return h;
  }
  phrases.forEach(function (ph) {
    skipped += ph.skipped.length;
    verified += !!ph.rows;
    ph.cand.forEach(function (o) {
      var ps = ph.rows ? rowPostings(rowTokens(o, ph.field), ph.terms) : ph.terms.map(function (t) { return (t.full || t.part).get(o); });
      if (ps.some(function (p) { return !p; })) return;
      var at = phraseAt(ph.terms, ps);
      if (!at.count) return;
      var norm = Math.fround(1 / Math.sqrt(ps[0].len)), score = 0;
      function add(t, freq) { score += (Math.sqrt(freq) * norm * t.idf) * (ph.boost * t.idf * queryNorm); }
      ph.terms.forEach(function (t, i) { add(t, ps[i].freq); });
      // A term left out by cover occurs at least where the phrase does.
      ph.skipped.forEach(function (t) { add(t, at.count); });
      var h = hit(o), hw = h.words[ph.word];
      hw.n++; hw.sum += score;
      // The whole name: the phrase at its start, and as long.
      if (ph.field === 0 && words.length === 1 && at.first === ph.base && ps[0].len === ph.length) h.exact = true;
    });
  });
  words.forEach(function (w, wi) {
    var r = ranges[wi];
    if (!r) return;
    for (var o = r[0]; o < r[1]; o++) {
      if (!cand.has(o)) continue;
      var h = hit(o);
      h.words[wi].code = true;
      if (w.code.length === 18 && words.length === 1) h.exact = true;
    }
  });
  var matches = [];
  if (!words.length) cand.forEach(function (o) { matches.push({ ord: o, score: 0, exact: false }); });
  hits.forEach(function (h) {
    if (!h.words.every(function (x) { return x.n > 0 || x.code; })) return;
    h.score = h.words.reduce(function (s, x) { return s + x.sum * (x.n / nf); }, 0);
    matches.push(h);
  });

  // Filters: each loads the bitset of its value.
  var want = m.facets.map(function (f) { return filters && filters[f.name] ? f.values.indexOf(filters[f.name]) : -1; });
  var sets = await Promise.all(want.map(function (v, fi) { return v >= 0 ? self.facetSet(m, fi, v) : null; }));
  var kept = matches.filter(function (h) { return sets.every(function (set) { return !set || has(set, h.ord); }); });
  kept.sort(function (a, b) { return (b.exact - a.exact) || (b.score - a.score) || (a.ord - b.ord); });
  return { words: words, matches: kept, unfiltered: matches, want: want, meta: m, skipped: skipped, verified: verified };
};

// counts returns, per facet and value, how many matches of the search
// result r have the value and pass the other facets' filters. It loads
// every value's bitset: the page asks only when the facet panel is open.
Index.prototype.counts = async function (r) {
  var self = this, m = r.meta;
  var sets = await Promise.all(m.facets.map(function (f, fi) {
    return Promise.all(f.values.map(function (_, vi) { return self.facetSet(m, fi, vi); }));
  }));
  var counts = m.facets.map(function (f) { return f.values.map(function () { return 0; }); });
  r.unfiltered.forEach(function (h) {
    var fails = 0, which = -1;
    r.want.forEach(function (v, fi) { if (v >= 0 && !has(sets[fi][v], h.ord)) { fails++; which = fi; } });
    if (fails > 1) return;
    sets.forEach(function (vs, fi) {
      if (fails === 1 && which !== fi) return;
      vs.forEach(function (set, vi) { if (has(set, h.ord)) counts[fi][vi]++; });
    });
  });
  return counts;
};

// phraseAt returns where the terms occur at their relative byte offsets
// in one document: the first such place and how many there are.
export function phraseAt(terms, ps) {
  var first = -1, count = 0, pos0 = ps[0].pos;
  outer: for (var i = 0; i < pos0.length; i++) {
    var p0 = pos0[i] - terms[0].rel;
    for (var k = 1; k < terms.length; k++) {
      if (ps[k].pos.indexOf(p0 + terms[k].rel) < 0) continue outer;
    }
    if (!count++) first = p0;
  }
  return { first: first, count: count };
}

// ROW_FILES is the most display-table files a query fetches to verify
// candidates: a results page's worth (ui.js shows 10 matches a page).
var ROW_FILES = 10;

// ROWS_PER_BLOCK is how many display-table files cost what one postings
// block does, gzip: both grow with docBlock (export.go's sizesFor), a
// block of varints compresses about half as well as a file of rows, and
// at 10k/50k a block is 3.1 KB gzip on average, a display-table file 1.7.
var ROWS_PER_BLOCK = 2;

// byRows marks (ph.rows) the phrases whose candidates are cheaper to
// verify against their display rows than by their heavy terms' blocks: a
// full name's rare bigrams leave a few candidates, and 有限, 公司 … would
// fetch a block for each. With the fewest row files first, a phrase takes
// the rows when the files it adds cost no more than the blocks it would
// fetch (ROWS_PER_BLOCK; the page fetches its matches' rows anyway) and
// the query's stay within ROW_FILES; many candidates keep the blocks. Its
// terms are then all scored, exactly (rowPostings).
function byRows(phrases, m) {
  var files = new Set();
  phrases.map(function (ph) {
    var blocks = 0, fs = new Set(ph.cand.map(function (o) { return Math.floor(o / m.docBlock); }));
    ph.terms.forEach(function (t) { if (!t.full && !t.entry.inline) blocks += blocksOf(t, ph.cand).size; });
    return { ph: ph, fs: Array.from(fs), blocks: blocks };
  }).sort(function (a, b) { return a.fs.length - b.fs.length; }).forEach(function (c) {
    var add = c.fs.filter(function (k) { return !files.has(k); });
    if (!c.blocks || add.length > ROWS_PER_BLOCK * c.blocks || files.size + add.length > ROW_FILES) return;
    add.forEach(function (k) { files.add(k); });
    c.ph.rows = true; c.ph.terms = c.ph.all; c.ph.skipped = [];
  });
}

// blocksOf returns the blocks of heavy term t that hold the ordinals ords.
function blocksOf(t, ords) {
  return new Set(ords.map(function (o) { return blockOf(t.entry.firsts, o); }));
}

// analyseRow returns the tokens of text field f of a display row ([code,
// the values of meta's fields]) as bleve indexed them: by the field's index
// analyzer, at positions value index × posStride + start byte.
function analyseRow(m, f, row) {
  var toks = [];
  [].concat(row[1 + f] || []).forEach(function (v, vi) {
    analyzers[m.analyzers[f]](v).forEach(function (t) { toks.push({ term: t.term, pos: vi * m.posStride + t.start }); });
  });
  return toks;
}

// rowPostings returns the postings of terms among a row field's tokens
// (analyseRow) as bleve has them: the frequency, the field's length (tokens
// of all values) and the positions.
function rowPostings(toks, terms) {
  return terms.map(function (t) {
    var pos = toks.filter(function (k) { return k.term === t.term; }).map(function (k) { return k.pos; });
    return pos.length ? { freq: pos.length, len: toks.length, pos: pos } : null;
  });
}

// cover returns, per term of a phrase, whether to load its postings.
// Inline terms come with the dictionary. Of the others, a bigram of two
// ideographs may be left out when the bigrams starting one character
// before and after it are loaded: found at their byte offsets in a
// document, those two put its two characters there too, so the phrase
// still matches exactly where bleve's does. Its score then counts it as
// often as the phrase occurs (bleve counts every occurrence: equal unless
// it also occurs elsewhere in the field). cover leaves out the costliest
// such bigrams (most blocks), never two in a row.
function cover(terms) {
  var n = terms.length, han = /^\p{Script=Han}{2}$/u;
  function step(t) { return utf8Len(String.fromCodePoint(t.term.codePointAt(0))); }
  var gain = terms.map(function (t, i) {
    var prev = terms[i - 1], next = terms[i + 1];
    var ok = prev && next && !t.entry.inline && prev.rel + step(prev) === t.rel && t.rel + step(t) === next.rel &&
      han.test(prev.term) && han.test(t.term) && han.test(next.term);
    return ok ? t.entry.firsts.length : 0;
  });
  // best[k]: the most blocks left out among terms[0..k).
  var best = [0, 0], leave = [false, false];
  for (var i = 1; i < n; i++) {
    var skip = gain[i] > 0 && best[i - 1] + gain[i] > best[i];
    best[i + 1] = skip ? best[i - 1] + gain[i] : best[i];
    leave[i + 1] = skip;
  }
  var keep = terms.map(function () { return true; });
  for (var k = n; k > 0; k--) {
    if (leave[k]) { keep[k - 1] = false; k--; }
  }
  return keep;
}
