// analysis.js: the analyzers of internal/searchindex/analysis in the
// browser, giving each term's position and start byte offset. They must
// reproduce the analyzer vectors the Go tests write
// (internal/searchindex/analysis/testdata/analyzer-vectors.json), which
// the node test checks.

// foldWidth maps U+FF01–U+FF5E to ASCII and U+3000 to a space; the index
// applied the same char filter (internal/searchindex/analysis).
export function foldWidth(s) {
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
export function tokenize(text) {
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
export function utf8Len(s) {
  var n = 0;
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xD800 && c < 0xDC00) { n += 4; i++; } else n += 3;
  }
  return n;
}

// Bigrams is bleve's cjk_bigram (with unigrams or not) over tokens in
// order: char(c) an ideograph {term, start, end} (byte offsets, the end
// by the term's bytes, as bleve), other(term, start) any other token;
// out: the terms with positions and start offsets.
function Bigrams(unigrams) {
  var out = [], pos = 1, buf = [];
  function emit(term, start) { out.push({ term: term, position: pos, start: start }); }
  this.out = out;
  this.flush = function () {
    if (buf.length === 1) { emit(buf[0].term, buf[0].start); pos++; }
    buf = [];
  };
  this.other = function (term, start) {
    this.flush();
    emit(term, start);
    pos++;
  };
  this.char = function (c) {
    if (buf.length && c.start !== buf[buf.length - 1].end) this.flush();
    buf.push(c);
    if (buf.length > 2) buf.shift();
    if (buf.length < 2) return;
    if (unigrams) emit(buf[0].term, buf[0].start);
    emit(buf[0].term + c.term, buf[0].start);
    pos++;
    if (unigrams) buf.shift();
  };
}

// analyze is creditsite_cjk.
export function analyze(text) {
  var folded = foldWidth(text), b = new Bigrams(false);
  tokenize(folded).forEach(function (t) {
    var start = utf8Len(folded.slice(0, t.start)), term = cjkWidth(t.text);
    if (!t.ideo) return b.other(term.toLowerCase(), start);
    Array.from(term).forEach(function (ch) { b.char({ term: ch, start: start, end: start += utf8Len(ch) }); });
  });
  b.flush();
  return b.out;
}

// MARKS is what the name analyzers drop (analysis.Marks).
export var MARKS = /[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}]/u;

// lowerChar is bleve's lowercase of one character: one code point (JS
// makes İ two), Σ as a final ς.
function lowerChar(c) {
  return c === '\u03A3' ? '\u03C2' : String.fromCodePoint(c.toLowerCase().codePointAt(0));
}

// analyzeName is creditsite_name (with unigrams) or creditsite_name_query:
// marks dropped, each character a token at its byte offset in the rest,
// cjk_width, lowercase, bigrams.
function analyzeName(text, unigrams) {
  var b = new Bigrams(unigrams), at = 0;
  Array.from(foldWidth(text)).forEach(function (ch) {
    if (MARKS.test(ch)) return;
    var t = lowerChar(cjkWidth(ch));
    b.char({ term: t, start: at, end: at + utf8Len(t) });
    at += utf8Len(ch);
  });
  b.flush();
  return b.out;
}

// analyzers are the analyzers by their names in meta.json.
export var analyzers = {
  creditsite_cjk: analyze,
  creditsite_name: function (text) { return analyzeName(text, true); },
  creditsite_name_query: function (text) { return analyzeName(text, false); },
};
