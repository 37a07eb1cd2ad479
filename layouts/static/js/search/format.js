// format.js: the files of the exported search index (format in
// internal/searchindex/FORMAT.md): meta.json, dictionary shards, postings
// blocks, facet bitsets and display rows, each fetched once
// by its content-addressed name and decoded.

function Reader(bytes, at) { this.b = bytes; this.i = at || 0; }
Reader.prototype.uint = function () {
  var x = 0, mul = 1, b;
  do { b = this.b[this.i++]; x += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
  return x;
};
Reader.prototype.done = function () { return this.i >= this.b.length; };

var utf8enc = new TextEncoder();

// shardOf is the dictionary shard of a term in an index of meta m: the
// last, the common shard, for the terms m.common lists, else FNV-1a of its
// UTF-8 bytes modulo the shards of its kind, which come in this order:
// terms with an ASCII character, of one character, the rest (export.go's
// shardLayout).
export function shardOf(term, m) {
  var h = 0x811c9dc5, b = utf8enc.encode(term), a = m.asciiShards, c = m.charShards, n = m.t.length / HASH;
  if (m.common) {
    if (commonOf(m).has(term)) return n - 1;
    n--;
  }
  for (var i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 0x01000193) >>> 0; }
  if (/[\0-\x7f]/.test(term)) return h % a;
  if ([...term].length === 1) return a + h % c;
  return a + c + h % (n - a - c);
}

var commons = new WeakMap(); // meta → the set of its common terms
function commonOf(m) {
  if (!commons.has(m)) commons.set(m, new Set(m.common));
  return commons.get(m);
}

// Every index file but meta.json is named by the first HASH_BYTES bytes
// of the SHA-256 of its contents, in hex: meta.json lists the hashes of
// each kind of file as one string, the dictionary shards hold those of
// the postings blocks as raw bytes.
export const HASH_BYTES = 6, HASH = 2 * HASH_BYTES;

function hex(bytes) {
  var s = '';
  for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return s;
}

// file returns the path of the i-th file of a kind (t, d, f) from its
// list of hashes in meta.json.
export function file(kind, hashes, i, ext) {
  return 'search/' + kind + '/' + hashes.substr(HASH * i, HASH) + '.' + ext;
}

// entries returns the dictionary entries (see entry) of keys
// ('field\0term', an iterable) from the shards of layout (meta.json's, or
// the near file's: t, asciiShards, charShards), fetching each shard the
// keys fall in once: key → entry, for the keys found.
Files.prototype.entries = async function (layout, keys) {
  var self = this, byShard = new Map(), out = new Map();
  for (var k of keys) {
    var s = shardOf(k.slice(k.indexOf('\u0000') + 1), layout);
    if (!byShard.has(s)) byShard.set(s, []);
    byShard.get(s).push(k);
  }
  await Promise.all(Array.from(byShard, async function (sk) {
    var bytes = await self.get(file('t', layout.t, sk[0], 'bin'), 'bin');
    lookupShard(bytes, sk[1]).forEach(function (e, k) { out.set(k, e); });
  }));
  return out;
};

// lookupShard returns the entries of the keys ('field\0term') that the
// dictionary shard bytes holds. Only their entries are decoded: a shard
// holds hundreds of terms, and a query wants a few.
function lookupShard(bytes, keys) {
  var want = new Map(), out = new Map(); // field → UTF-8 length → [{key, enc}]
  keys.forEach(function (k) {
    var cut = k.indexOf('\u0000'), f = +k.slice(0, cut), enc = utf8enc.encode(k.slice(cut + 1));
    if (!want.has(f)) want.set(f, new Map());
    var byLen = want.get(f);
    if (!byLen.has(enc.length)) byLen.set(enc.length, []);
    byLen.get(enc.length).push({ key: k, enc: enc });
  });
  var r = new Reader(bytes);
  while (!r.done()) {
    var field = r.uint(), len = r.uint(), at = r.i, byLen = want.get(field), hit = null;
    var same = byLen && byLen.get(len);
    if (same) hit = same.find(function (w) { return w.enc.every(function (b, i) { return bytes[at + i] === b; }); });
    r.i += len;
    if (hit) out.set(hit.key, entry(r));
    else skipEntry(r);
  }
  return out;
}

// entry reads a dictionary entry after its term: df, then its postings
// inline or as blocks (first ordinals and hashes).
function entry(r) {
  var bytes = r.b, e = { df: r.uint(), blocks: r.uint() };
  if (e.blocks === 0) {
    var len = r.uint();
    e.inline = bytes.subarray(r.i, r.i + len);
    r.i += len;
    return e;
  }
  e.firsts = [];
  e.hashes = [];
  for (var k = 0, prev = 0; k < e.blocks; k++) {
    prev += r.uint();
    e.firsts.push(prev);
    e.hashes.push(hex(bytes.subarray(r.i, r.i + HASH_BYTES)));
    r.i += HASH_BYTES;
  }
  return e;
}

// skipEntry moves r past an entry as entry would read it.
function skipEntry(r) {
  r.uint();
  var blocks = r.uint();
  if (blocks === 0) {
    var len = r.uint();
    r.i += len;
    return;
  }
  for (var k = 0; k < blocks; k++) {
    r.uint();
    r.i += HASH_BYTES;
  }
}

// decodePostings returns [{ord, freq, len, pos[]}] in ordinal order.
export function decodePostings(bytes) {
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
export function blockOf(firsts, ord) {
  var lo = 0, hi = firsts.length - 1;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (firsts[mid] <= ord) lo = mid; else hi = mid - 1;
  }
  return lo;
}

export const META = 'search/meta.json';

// Files reads an exported index, each file once; load(path, kind)
// returns a promise of the file below the site root as 'json', 'bin'
// (Uint8Array) or 'text'. The query engine's Index extends it.
export function Files(load) {
  var cache = new Map();
  this.get = function (path, kind) {
    if (!cache.has(path)) cache.set(path, load(path, kind));
    return cache.get(path);
  };
}

// FORMAT is the export format this script reads (export.go's formatVersion).
export const FORMAT = 9;

// meta loads search/meta.json, which names the files of one build by
// their contents: whatever it leads to is of that build.
Files.prototype.meta = async function () {
  var m = await this.get(META, 'json');
  if (m.version !== FORMAT) throw new Error('搜索索引版本 ' + m.version + ' 与页面脚本版本 ' + FORMAT + ' 不一致');
  return m;
};

// codeRange returns [lo, hi) of the ordinals whose code starts with
// prefix. Ordinals follow code order, and meta.json's codeKeys hold a
// separator key per display-table file (export.go's codeKeys): the codes
// from any key on start in the last file whose separator is at most the
// key, so each bound is found in one display-table file, the first page
// of a code's results, which the page shows anyway.
Files.prototype.codeRange = async function (m, prefix) {
  var self = this;
  async function bound(key) { // the first ordinal whose code is >= key
    var k = 0;
    while (k + 1 < m.codeKeys.length && m.codeKeys[k + 1] <= key) k++;
    var rows = await self.docFile(m, k), i = 0;
    while (i < rows.length && rows[i][0] < key) i++;
    return k * m.docBlock + i;
  }
  return Promise.all([bound(prefix), bound(prefix + '\uFFFF')]);
};

export function has(set, o) { return (set[o >> 3] >> (o & 7)) & 1; }

// facetSet returns the bitset of the documents with value vi of facet fi.
Files.prototype.facetSet = function (m, fi, vi) { return this.get(file('f', m.facets[fi].f, vi, 'bin'), 'bin'); };

// block returns the decoded postings block of a hash.
Files.prototype.block = async function (hash) {
  if (!this.blocks) this.blocks = new Map();
  if (!this.blocks.has(hash)) {
    this.blocks.set(hash, this.get('search/p/' + hash + '.bin', 'bin').then(decodePostings));
  }
  return this.blocks.get(hash);
};

// docs returns the display rows [code, name, rep, items, certs] of ords.
Files.prototype.docs = async function (m, ords) {
  var self = this;
  return Promise.all(ords.map(async function (o) {
    return (await self.docFile(m, Math.floor(o / m.docBlock)))[o % m.docBlock];
  }));
};

// docFile returns the rows of display-table file k (codeRange reads the
// files that docs then shows from, each fetched once).
Files.prototype.docFile = function (m, k) { return this.get(file('d', m.d, k, 'json'), 'json'); };

// fetcher returns the load function of Files for a site whose root is
// root (the page's relative path to it). meta.json changes in place: the
// browser revalidates it. Every other file's name is a hash of its
// contents, so a cached copy is never stale. A failed fetch throws an
// error with the HTTP status (see gone). signal, if given, aborts the
// fetch (typing.js's Loader). early, if given, is a promise of meta.json
// parsed, as the search page carries it (search.html), for the first load
// of meta.json; when it holds null, meta.json is fetched.
export function fetcher(root, early) {
  return function load(path, kind, signal) {
    if (path === META && early) {
      var first = early;
      early = null;
      return first.then(function (m) { return m || load(path, kind, signal); });
    }
    return fetch(root + path, { cache: path === META ? 'no-cache' : 'default', signal: signal }).then(function (res) {
      if (!res.ok) throw Object.assign(new Error(path + ': ' + res.status), { status: res.status });
      if (kind === 'bin') return res.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      return kind === 'json' ? res.json() : res.text();
    });
  };
}

// gone reports whether a query failed on a file that is no longer there:
// a page left open across a publish holds the old meta.json, whose files
// the publish may have deleted. The page then starts over once from the
// current meta.json.
export function gone(e) { return e.status === 404; }
