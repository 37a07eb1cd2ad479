// search.js: the /search/ page. It queries the bleve index that
// internal/searchindex exported under search/ (format in that package's
// FORMAT.md): it analyses the query as bleve's cjk analyzer did at build
// time, fetches only the dictionary shards of its terms and the postings
// blocks and table rows it needs, checks phrase adjacency with positions,
// and scores with bleve's tf-idf. No framework, no build step; node loads
// it too (module.exports at the end) for the tests.
(function () {
  'use strict';

  // ---- analysis: width fold + bleve's unicode tokenizer, lowercase, cjk_bigram

  // foldWidth maps U+FF01–U+FF5E to ASCII and U+3000 to a space; the index
  // applied the same char filter (analyzer.go).
  function foldWidth(s) {
    return s.replace(/[\uFF01-\uFF5E\u3000]/g, function (c) {
      return c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    });
  }

  // Word-break classes of UAX #29 as bleve's segment package uses them.
  var HAN = 1, HIRA = 2, KATA = 3, HANGUL = 4, LETTER = 5, NUM = 6, MIDLETTER = 7,
    MIDNUM = 8, MIDNUMLET = 9, SQUOTE = 10, EXTNUMLET = 11, EXTEND = 12, OTHER = 0;
  var reHan = /\p{Script=Han}/u, reHira = /\p{Script=Hiragana}/u, reKata = /[\p{Script=Katakana}\u30FC]/u,
    reHangul = /\p{Script=Hangul}/u, reLetter = /\p{Alphabetic}/u, reNum = /\p{Nd}/u,
    reExtend = /[\p{M}\p{Cf}\uFF9E\uFF9F]/u;
  var MIDLETTERS = ':\u00B7\u0387\u05F4\u2027\uFE13\uFE55\uFF1A',
    MIDNUMS = ',;\u037E\u0589\u060C\u060D\u066C\u07F8\u2044\uFE10\uFE14\uFE50\uFE54\uFF0C\uFF1B',
    MIDNUMLETS = '.\u2018\u2019\u2024\uFE52\uFF07\uFF0E',
    EXTNUMLETS = '_\u203F\u2040\u2054\uFE33\uFE34\uFE4D\uFE4E\uFE4F\uFF3F';

  function wordClass(c) {
    if (reHan.test(c)) return HAN;
    if (reHira.test(c)) return HIRA;
    if (reKata.test(c)) return KATA;
    if (reHangul.test(c)) return HANGUL;
    if (c === "'") return SQUOTE;
    if (MIDLETTERS.indexOf(c) >= 0) return MIDLETTER;
    if (MIDNUMS.indexOf(c) >= 0) return MIDNUM;
    if (MIDNUMLETS.indexOf(c) >= 0) return MIDNUMLET;
    if (EXTNUMLETS.indexOf(c) >= 0) return EXTNUMLET;
    if (reNum.test(c) && !(c >= '\uFF10' && c <= '\uFF19')) return NUM;
    if (reExtend.test(c)) return EXTEND;
    if (reLetter.test(c)) return LETTER;
    return OTHER;
  }

  // tokenize splits text into bleve's unicode tokenizer tokens:
  // {text, start, end, ideo} with UTF-16 offsets.
  function tokenize(text) {
    var chars = Array.from(text), cls = chars.map(wordClass), offs = [], o = 0, i;
    for (i = 0; i < chars.length; i++) { offs.push(o); o += chars[i].length; }
    offs.push(o);
    var out = [], n = chars.length;
    function skipExtend(j) { while (j < n && cls[j] === EXTEND) j++; return j; }
    function isWord(c) { return c === LETTER || c === NUM || c === EXTNUMLET; }
    i = 0;
    while (i < n) {
      var c = cls[i], j;
      if (c === HAN || c === HIRA) {
        j = skipExtend(i + 1);
        out.push({ text: text.slice(offs[i], offs[j]), start: offs[i], end: offs[j], ideo: true });
      } else if (c === KATA || c === HANGUL) {
        j = i + 1;
        while (j < n && (cls[j] === c || cls[j] === EXTEND)) j++;
        out.push({ text: text.slice(offs[i], offs[j]), start: offs[i], end: offs[j], ideo: c === KATA });
      } else if (isWord(c)) {
        var last = c;
        j = skipExtend(i + 1);
        for (;;) {
          var d = cls[j];
          if (j < n && isWord(d)) {
            last = d; j = skipExtend(j + 1);
          } else if (j < n && (d === MIDLETTER || d === MIDNUM || d === MIDNUMLET || d === SQUOTE)) {
            var k = skipExtend(j + 1), e = cls[k];
            if (k < n && last === LETTER && e === LETTER && d !== MIDNUM) {
              j = skipExtend(k + 1);
            } else if (k < n && last === NUM && e === NUM && d !== MIDLETTER) {
              j = skipExtend(k + 1);
            } else break;
          } else break;
        }
        out.push({ text: text.slice(offs[i], offs[j]), start: offs[i], end: offs[j], ideo: false });
      } else {
        j = i + 1;
      }
      i = j;
    }
    return out;
  }

  // cjkWidth is bleve's cjk_width filter for half-width katakana (the
  // full-width ASCII forms were folded before tokenizing).
  var kanaNorm = [0x30fb, 0x30f2, 0x30a1, 0x30a3, 0x30a5, 0x30a7, 0x30a9, 0x30e3, 0x30e5,
    0x30e7, 0x30c3, 0x30fc, 0x30a2, 0x30a4, 0x30a6, 0x30a8, 0x30aa, 0x30ab,
    0x30ad, 0x30af, 0x30b1, 0x30b3, 0x30b5, 0x30b7, 0x30b9, 0x30bb, 0x30bd,
    0x30bf, 0x30c1, 0x30c4, 0x30c6, 0x30c8, 0x30ca, 0x30cb, 0x30cc, 0x30cd,
    0x30ce, 0x30cf, 0x30d2, 0x30d5, 0x30d8, 0x30db, 0x30de, 0x30df, 0x30e0,
    0x30e1, 0x30e2, 0x30e4, 0x30e6, 0x30e8, 0x30e9, 0x30ea, 0x30eb, 0x30ec,
    0x30ed, 0x30ef, 0x30f3, 0x3099, 0x309A];
  function cjkWidth(term) {
    if (!/[\uFF65-\uFF9F]/.test(term)) return term;
    var rs = Array.from(term).map(function (c) { return c.codePointAt(0); });
    for (var i = 0; i < rs.length; i++) {
      var ch = rs[i];
      if (ch < 0xFF65 || ch > 0xFF9F) continue;
      var prev = i > 0 ? rs[i - 1] : 0;
      if ((ch === 0xFF9E || ch === 0xFF9F) && prev >= 0x30A6 && prev <= 0x30FD && kanaCombine(ch, prev)) {
        rs[i - 1] += kanaCombine(ch, prev);
        rs.splice(i, 1);
        i--;
      } else {
        rs[i] = kanaNorm[ch - 0xFF65];
      }
    }
    return String.fromCodePoint.apply(null, rs);
  }
  // kanaCombine is how far a voiced (ﾞ) or semi-voiced (ﾟ) mark moves the
  // full-width kana before it (bleve's kanaCombine tables).
  function kanaCombine(mark, prev) {
    var k = prev - 0x30A6;
    if (mark === 0xFF9F) return [41, 44, 47, 50, 53].indexOf(k) >= 0 ? 2 : 0;
    if (k === 0) return 78;
    if (k >= 73 && k <= 76) return 8;
    if (k === 87) return 1;
    return [5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 30, 32, 34, 41, 44, 47, 50, 53].indexOf(k) >= 0 ? 1 : 0;
  }

  // utf8Len is the length of s in UTF-8 bytes.
  function utf8Len(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xD800 && c < 0xDC00) { n += 4; i++; } else n += 3;
    }
    return n;
  }

  // analyze returns the terms bleve's analyzer gives text, with their
  // positions and their start byte offsets (what the index exports):
  // ideographs become overlapping bigrams, a lone ideograph stays itself,
  // other tokens are lower-cased. Like bleve it places the characters of a
  // token by the UTF-8 bytes of its (width-folded) term.
  function analyze(text) {
    var folded = foldWidth(text), toks = tokenize(folded), out = [], pos = 1, buf = [];
    function emit(term, start) { out.push({ term: term, position: pos++, start: start }); }
    function flush() {
      if (buf.length === 1) emit(buf[0].text, buf[0].start);
      buf = [];
    }
    toks.forEach(function (t) {
      var start = utf8Len(folded.slice(0, t.start));
      t.text = cjkWidth(t.text);
      if (!t.ideo) {
        flush();
        emit(t.text.toLowerCase(), start);
        return;
      }
      Array.from(t.text).forEach(function (ch) {
        var c = { text: ch, start: start, end: start + utf8Len(ch) };
        start = c.end;
        if (buf.length && c.start !== buf[buf.length - 1].end) flush();
        buf.push(c);
        if (buf.length > 2) buf.shift();
        if (buf.length === 2) emit(buf[0].text + buf[1].text, buf[0].start);
      });
    });
    flush();
    return out;
  }

  // ---- the exported index

  function Reader(bytes, at) { this.b = bytes; this.i = at || 0; }
  Reader.prototype.uint = function () {
    var x = 0, mul = 1, b;
    do { b = this.b[this.i++]; x += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
    return x;
  };
  Reader.prototype.done = function () { return this.i >= this.b.length; };

  var utf8 = new TextDecoder(), utf8enc = new TextEncoder();

  // shardOf is FNV-1a of the term's UTF-8 bytes modulo the shard count.
  function shardOf(term, shards) {
    var h = 0x811c9dc5, b = utf8enc.encode(term);
    for (var i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h % shards;
  }

  // Every index file but meta.json is named by the first HASH_BYTES bytes
  // of the SHA-256 of its contents, in hex: meta.json lists the hashes of
  // each kind of file as one string, the dictionary shards hold those of
  // the postings blocks as raw bytes.
  var HASH_BYTES = 6, HASH = 2 * HASH_BYTES;

  function hex(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return s;
  }

  // file returns the path of the i-th file of a kind (t, c, d, f) from its
  // list of hashes in meta.json.
  function file(kind, hashes, i, ext) {
    return 'search/' + kind + '/' + hashes.substr(HASH * i, HASH) + '.' + ext;
  }

  function parseShard(bytes) {
    var r = new Reader(bytes), m = new Map();
    while (!r.done()) {
      var field = r.uint(), len = r.uint(), term = utf8.decode(bytes.subarray(r.i, r.i + len));
      r.i += len;
      var e = { df: r.uint(), blocks: r.uint() };
      if (e.blocks === 0) {
        len = r.uint();
        e.inline = bytes.subarray(r.i, r.i + len);
        r.i += len;
      } else {
        e.firsts = [];
        e.hashes = [];
        for (var k = 0, prev = 0; k < e.blocks; k++) {
          prev += r.uint();
          e.firsts.push(prev);
          e.hashes.push(hex(bytes.subarray(r.i, r.i + HASH_BYTES)));
          r.i += HASH_BYTES;
        }
      }
      m.set(field + '\u0000' + term, e);
    }
    return m;
  }

  // decodePostings returns [{ord, freq, len, pos[]}] in ordinal order.
  function decodePostings(bytes) {
    var r = new Reader(bytes), out = [], ord = -1;
    while (!r.done()) {
      ord += r.uint();
      var p = { ord: ord, freq: r.uint(), len: r.uint(), pos: [] }, x = 0;
      for (var k = 0; k < p.freq; k++) { x += r.uint(); p.pos.push(x); }
      out.push(p);
    }
    return out;
  }

  // blockOf returns the block of a heavy term whose range holds ord.
  function blockOf(firsts, ord) {
    var lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= ord) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  var META = 'search/meta.json';

  // Index queries an exported index; load(path, kind) returns a promise of
  // the file below the site root as 'json', 'bin' (Uint8Array) or 'text'.
  function Index(load) {
    var cache = new Map();
    this.get = function (path, kind) {
      if (!cache.has(path)) cache.set(path, load(path, kind));
      return cache.get(path);
    };
  }

  // FORMAT is the export format this script reads (export.go's formatVersion).
  var FORMAT = 4;

  // meta loads search/meta.json, which names the files of one build by
  // their contents: whatever it leads to is of that build.
  Index.prototype.meta = async function () {
    var m = await this.get(META, 'json');
    if (m.version !== FORMAT) throw new Error('搜索索引版本 ' + m.version + ' 与页面脚本版本 ' + FORMAT + ' 不一致');
    return m;
  };

  // parseQuery splits a query into words (spaces separate them, all must
  // match) with their analysed terms.
  function parseQuery(q) {
    return foldWidth(q || '').split(/\s+/).filter(Boolean).map(function (w) {
      var toks = analyze(w), base = toks.length ? toks[0].start : 0;
      return {
        text: w,
        code: /^[0-9A-Za-z]{6,18}$/.test(w) ? w.toUpperCase() : null,
        base: base,
        terms: toks.map(function (t) { return { term: t.term, rel: t.start - base }; })
      };
    }).filter(function (w) { return w.terms.length || w.code; });
  }

  // codeRange returns [lo, hi) of the ordinals whose code starts with prefix.
  Index.prototype.codeRange = async function (m, prefix) {
    var self = this;
    async function bound(p, after) { // first ordinal whose code is >= p (or > every p-prefixed code)
      var key = after ? p + '\uFFFF' : p, k = 0;
      while (k + 1 < m.codes.length && m.codes[k + 1] <= key) k++;
      var codes = (await self.get(file('c', m.c, k, 'txt'), 'text')).split('\n'), i = 0;
      while (i < codes.length && codes[i] < key) i++;
      return k * m.codeBlock + i;
    }
    var r = await Promise.all([bound(prefix, false), bound(prefix, true)]);
    return r;
  };

  // search runs a query: q is the text, filters maps a facet name to a
  // value. It returns every match in rank order (ordinals, scores), the
  // facet counts and the words for highlighting.
  Index.prototype.search = async function (q, filters) {
    var self = this, m = await this.meta(), words = parseQuery(q), N = m.docs;
    var nf = m.fields.length, dict = new Map();

    // Dictionary shards of every term, and code ranges of code-like words.
    var shardIds = new Set(), nshards = m.t.length / HASH;
    words.forEach(function (w) { w.terms.forEach(function (t) { shardIds.add(shardOf(t.term, nshards)); }); });
    var ranges = Promise.all(words.map(function (w) { return w.code ? self.codeRange(m, w.code) : null; }));
    var shards = await Promise.all(Array.from(shardIds).map(function (s) { return self.get(file('t', m.t, s, 'bin'), 'bin'); }));
    shards.forEach(function (b) { parseShard(b).forEach(function (v, k) { dict.set(k, v); }); });
    ranges = await ranges;

    // bleve's query: a conjunction over words of a disjunction over fields
    // of a phrase, each term boosted by its field; queryNorm over them all.
    var sumSq = 0, phrases = [];
    words.forEach(function (w, wi) {
      w.phrases = [];
      for (var f = 0; f < nf; f++) {
        var ph = { word: wi, field: f, boost: m.boosts[f], terms: [], ok: true };
        w.terms.forEach(function (t) {
          var e = dict.get(f + '\u0000' + t.term) || null, idf = 1 + Math.log(N / ((e ? e.df : 0) + 1));
          sumSq += (ph.boost * idf) * (ph.boost * idf);
          ph.terms.push({ term: t.term, rel: t.rel, entry: e, idf: idf });
          if (!e) ph.ok = false;
        });
        if (ph.ok && ph.terms.length) { w.phrases.push(ph); phrases.push(ph); }
      }
    });
    var queryNorm = 1 / Math.sqrt(sumSq), skipped = 0;
    phrases.forEach(function (ph) {
      var keep = cover(ph.terms);
      ph.all = ph.terms;
      ph.skipped = ph.terms.filter(function (_, i) { return !keep[i]; });
      ph.terms = ph.terms.filter(function (_, i) { return keep[i]; });
      skipped += ph.skipped.length;
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

    // Stage 2: the blocks of heavy terms that hold remaining candidates.
    await Promise.all(phrases.map(async function (ph) {
      ph.cand = ph.cand.filter(function (o) { return cand.has(o); });
      await Promise.all(ph.terms.map(async function (t) {
        if (t.full) return;
        if (t.entry.inline) { await full(t); return; }
        var ks = new Set(ph.cand.map(function (o) { return blockOf(t.entry.firsts, o); }));
        var lists = await Promise.all(Array.from(ks).map(function (k) { return self.block(t.entry.hashes[k]); }));
        t.part = new Map();
        lists.forEach(function (l) { l.forEach(function (p) { t.part.set(p.ord, p); }); });
      }));
    }));

    // Stage 3: adjacency and scores.
    var hits = new Map();
    function hit(o) {
      var h = hits.get(o);
      if (!h) { h = { ord: o, score: 0, exact: false, words: words.map(function () { return { n: 0, sum: 0, code: false }; }) }; hits.set(o, h); }
      return h;
    }
    phrases.forEach(function (ph) {
      ph.cand.forEach(function (o) {
        var ps = ph.terms.map(function (t) { return (t.full || t.part).get(o); });
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
        if (ph.field === 0 && words.length === 1 && at.first === words[0].base && ps[0].len === ph.all.length) h.exact = true;
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
    return { words: words, matches: kept, unfiltered: matches, want: want, meta: m, skipped: skipped };
  };

  function has(set, o) { return (set[o >> 3] >> (o & 7)) & 1; }

  // facetSet returns the bitset of the documents with value vi of facet fi.
  Index.prototype.facetSet = function (m, fi, vi) { return this.get(file('f', m.facets[fi].f, vi, 'bin'), 'bin'); };

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
  function phraseAt(terms, ps) {
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

  // block returns the decoded postings block of a hash.
  Index.prototype.block = async function (hash) {
    if (!this.blocks) this.blocks = new Map();
    if (!this.blocks.has(hash)) {
      this.blocks.set(hash, this.get('search/p/' + hash + '.bin', 'bin').then(decodePostings));
    }
    return this.blocks.get(hash);
  };

  // docs returns the display rows [code, name, rep, items, certs] of ords.
  Index.prototype.docs = async function (m, ords) {
    var self = this;
    return Promise.all(ords.map(async function (o) {
      var rows = await self.get(file('d', m.d, Math.floor(o / m.docBlock), 'json'), 'json');
      return rows[o % m.docBlock];
    }));
  };

  // ---- the page

  var PAGE = 10;

  // highlight returns text as HTML with every occurrence of a word marked.
  function highlight(text, words) {
    var folded = foldWidth(text).toLowerCase(), marks = new Array(text.length).fill(false), any = false;
    words.forEach(function (w) {
      var needle = w.text.toLowerCase();
      if (!needle) return;
      for (var i = folded.indexOf(needle); i >= 0; i = folded.indexOf(needle, i + 1)) {
        for (var k = i; k < i + needle.length; k++) marks[k] = true;
        any = true;
      }
    });
    var out = '', open = false;
    for (var i = 0; i < text.length; i++) {
      if (marks[i] !== open) { out += marks[i] ? '<mark>' : '</mark>'; open = marks[i]; }
      out += esc(text[i]);
    }
    if (open) out += '</mark>';
    return { html: out, any: any };
  }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function readState() {
    var p = new URLSearchParams(location.search), filters = {};
    ['column', 'type', 'unit', 'year'].forEach(function (f) { if (p.get(f)) filters[f] = p.get(f); });
    return { q: p.get('q') || '', filters: filters, page: Math.max(1, parseInt(p.get('page'), 10) || 1) };
  }

  function stateURL(st) {
    var p = new URLSearchParams();
    if (st.q) p.set('q', st.q);
    Object.keys(st.filters).forEach(function (f) { p.set(f, st.filters[f]); });
    if (st.page > 1) p.set('page', st.page);
    var s = p.toString();
    return location.pathname + (s ? '?' + s : '');
  }

  function link(st, text, attrs) {
    return '<a href="' + esc(stateURL(st)) + '" data-nav' + (attrs || '') + '>' + text + '</a>';
  }

  // render shows the query of the address bar. It returns the search
  // result, which the facet panel counts when it is opened later.
  async function render(idx, root, out) {
    var t0 = performance.now(), st = readState(), input = document.getElementById('search-q');
    if (input && document.activeElement !== input) input.value = st.q;
    out.setAttribute('data-state', 'loading');
    out.setAttribute('aria-busy', 'true');
    if (!st.q.trim() && !Object.keys(st.filters).length) {
      out.innerHTML = '<p class="search-hint">请输入企业名称（或其中的两个以上汉字）、统一社会信用代码（或前6位以上）、法定代表人姓名，多个词语用空格分隔。</p>';
      done(out, t0);
      return null;
    }
    var r = await idx.search(st.q, st.filters), m = r.meta, total = r.matches.length;
    var pages = Math.max(1, Math.ceil(total / PAGE)), page = Math.min(st.page, pages);
    var slice = r.matches.slice((page - 1) * PAGE, page * PAGE);
    var open = total > 0 && facetsOpen();
    var loaded = await Promise.all([idx.docs(m, slice.map(function (h) { return h.ord; })), open ? idx.counts(r) : null]);
    var rows = loaded[0], html = '';
    if (!total) {
      var lone = r.words.some(function (w) { return w.terms.length === 1 && w.terms[0].term.length === 1 && /\p{Script=Han}/u.test(w.terms[0].term); });
      html += '<p class="search-empty">没有找到与“' + esc(st.q) + '”' + (Object.keys(st.filters).length ? '及所选条件' : '') + '相符的企业。' +
        (lone ? '请至少输入两个相连的汉字。' : '请检查输入是否有误，减少词语或筛选条件，或只输入企业名称中的一部分。') + '</p>';
      html += activeFilters(st, m);
    } else {
      html += '<p class="search-summary">找到 <strong>' + total + '</strong> 家企业' +
        (pages > 1 ? '，第 ' + page + ' / ' + pages + ' 页' : '') + '。</p>';
      html += activeFilters(st, m);
      html += '<ol class="search-hits" start="' + ((page - 1) * PAGE + 1) + '">';
      rows.forEach(function (row) {
        var name = highlight(row[1], r.words), code = highlight(row[0], r.words), rep = highlight(row[2], r.words);
        html += '<li class="search-hit"><a class="search-name" href="' + esc(root + 'enterprises/' + encodeURIComponent(row[0]) + '/') + '">' + name.html + '</a>' +
          '<span class="search-code">统一社会信用代码：' + code.html + '</span>' +
          (row[2] ? '<span class="search-rep">法定代表人：' + rep.html + '</span>' : '');
        var extra = [['信用承诺', row[3]], ['资质证书', row[4]]];
        extra.forEach(function (x) {
          for (var i = 0; i < x[1].length; i++) {
            var h = highlight(x[1][i], r.words);
            if (h.any) { html += '<span class="search-match">' + x[0] + '：' + h.html + '</span>'; return; }
          }
        });
        html += '</li>';
      });
      html += '</ol>';
      if (pages > 1) {
        html += '<nav class="pagination" aria-label="分页">';
        if (page > 1) html += link(Object.assign({}, st, { page: page - 1 }), '上一页', ' rel="prev"');
        html += '<span>第 ' + page + ' / ' + pages + ' 页</span>';
        if (page < pages) html += link(Object.assign({}, st, { page: page + 1 }), '下一页', ' rel="next"');
        html += '</nav>';
      }
      // The counts need every facet value's bitset, tens of kilobytes:
      // the panel starts closed and loads them when first opened.
      html += '<section class="search-facets" aria-label="筛选"><details id="search-facet-panel"' + (open ? ' open' : '') + '>' +
        '<summary>按栏目、承诺类型、报送单位、年度筛选</summary><div class="search-facet-body">' +
        (open ? facetsHTML(st, m, loaded[1]) : '') + '</div></details></section>';
    }
    out.innerHTML = html;
    done(out, t0);
    return { r: r, st: st };
  }

  // activeFilters lists the filters in force, each a link that removes it.
  function activeFilters(st, m) {
    var html = '';
    m.facets.forEach(function (f) {
      var v = st.filters[f.name], vi = f.values.indexOf(v);
      if (vi < 0) return;
      var next = Object.assign({}, st.filters);
      delete next[f.name];
      html += ' ' + link({ q: st.q, filters: next, page: 1 }, esc(f.label) + '：' + esc(f.labels[vi]) + ' ✕', ' class="search-filter" title="取消此筛选"');
    });
    return html ? '<p class="search-active">筛选条件：' + html + '</p>' : '';
  }

  function facetsHTML(st, m, counts) {
    var html = '';
    m.facets.forEach(function (f, fi) {
      var items = '', sel = st.filters[f.name];
      f.values.forEach(function (v, vi) {
        var n = counts[fi][vi];
        if (!n && sel !== v) return;
        var next = Object.assign({}, st.filters);
        if (sel === v) delete next[f.name]; else next[f.name] = v;
        var label = esc(f.labels[vi]) + ' <span class="count">' + n + '</span>';
        items += '<li' + (sel === v ? ' class="selected"' : '') + '>' +
          link({ q: st.q, filters: next, page: 1 }, label, sel === v ? ' aria-current="true" title="取消此筛选"' : '') + '</li>';
      });
      if (items) html += '<div class="search-facet" data-facet="' + esc(f.name) + '"><h2>' + esc(f.label) + '</h2><ul>' + items + '</ul></div>';
    });
    return html;
  }

  // Once opened, the facet panel stays open for the rest of the visit.
  var FACETS_KEY = 'creditsite-search-facets';
  function facetsOpen() {
    try { return sessionStorage.getItem(FACETS_KEY) === '1'; } catch (e) { return false; }
  }
  function setFacetsOpen(v) {
    try { sessionStorage.setItem(FACETS_KEY, v ? '1' : ''); } catch (e) { /* storage disabled */ }
  }

  // done marks the query rendered, with its time in milliseconds.
  function done(out, t0) {
    out.setAttribute('data-ms', (performance.now() - t0).toFixed(1));
    out.removeAttribute('aria-busy');
    out.setAttribute('data-state', 'done');
  }

  function start() {
    var out = document.getElementById('search-results');
    if (!out) return;
    var root = out.getAttribute('data-root') || '';
    // meta.json changes in place: the browser revalidates it. Every other
    // file's name is a hash of its contents, so a cached copy is never stale.
    function load(path, kind) {
      return fetch(root + path, path === META ? { cache: 'no-cache' } : undefined).then(function (res) {
        if (!res.ok) throw Object.assign(new Error(path + ': ' + res.status), { status: res.status });
        if (kind === 'bin') return res.arrayBuffer().then(function (b) { return new Uint8Array(b); });
        return kind === 'json' ? res.json() : res.text();
      });
    }
    var idx = new Index(load), renewed = false, shownNow = null, seq = 0;
    function fail(e) {
      // A page left open across a publish holds the old meta.json, whose
      // files the publish may have deleted: start over once from the
      // current meta.json.
      if (e.status === 404 && !renewed) {
        renewed = true;
        idx = new Index(load);
        go();
        return;
      }
      out.innerHTML = '<p class="search-error">搜索出错，请刷新页面重试。（' + esc(e.message) + '）</p>';
      out.removeAttribute('aria-busy');
      out.setAttribute('data-state', 'error');
    }
    function go() {
      var n = ++seq;
      render(idx, root, out).then(function (x) {
        renewed = false;
        if (n === seq) shownNow = x;
      }, fail);
    }
    function navigate(url) { history.pushState(null, '', url); go(); }
    var form = document.getElementById('search-form');
    if (form) {
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var st = readState();
        navigate(stateURL({ q: form.elements.q.value.trim(), filters: st.filters, page: 1 }));
      });
    }
    out.addEventListener('click', function (ev) {
      var a = ev.target.closest && ev.target.closest('a[data-nav]');
      if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) return;
      ev.preventDefault();
      navigate(a.getAttribute('href'));
      out.focus();
    });
    // toggle does not bubble: listen in the capture phase.
    out.addEventListener('toggle', function (ev) {
      var panel = ev.target, body = panel.querySelector && panel.querySelector('.search-facet-body');
      if (panel.id !== 'search-facet-panel' || !body) return;
      setFacetsOpen(panel.open);
      if (!panel.open || body.childElementCount || !shownNow) return;
      var cur = shownNow;
      panel.setAttribute('aria-busy', 'true');
      body.innerHTML = '<p class="search-loading">正在统计……</p>';
      idx.counts(cur.r).then(function (counts) {
        if (cur !== shownNow) return;
        body.innerHTML = facetsHTML(cur.st, cur.r.meta, counts);
        panel.removeAttribute('aria-busy');
        panel.setAttribute('data-state', 'done');
      }, fail);
    }, true);
    window.addEventListener('popstate', go);
    go();
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { analyze: analyze, foldWidth: foldWidth, parseQuery: parseQuery, Index: Index, highlight: highlight };
  } else if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
  }
})();
