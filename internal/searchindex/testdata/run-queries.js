// Runs queries through the search page's query engine
// (layouts/static/js/search/engine.js) against an exported index on disk, for
// the Go tests: reads {"dir": ..., "top": n, "queries": [{"q", "filters"}]}
// on stdin and prints, per query, the total and the top n ordinals and
// scores, and the facet counts. With "cold": true each query starts with
// an empty cache and the output lists the files it loaded to show its
// first page ("files") and then to count the facets ("panelFiles"). With
// "near": true it also runs the near misses (search/near.js) after the
// exact query, as the page does when it finds fewer than FEW and none
// by its exact name or code, and lists
// their ordinals ("partial", "sounds") and the files they loaded
// ("nearFiles"). With "sounds": true it lists every match of the pinyin
// phrases of the query ("phrases", "soundOrds", "soundScores").
import fs from 'node:fs';
import path from 'node:path';
import { Index } from '../../../layouts/static/js/search/engine.js';
import { partial, soundMatches, soundPhrases, sounds } from '../../../layouts/static/js/search/near.js';
import { FEW } from '../../../layouts/static/js/search/ui.js';

async function main() {
  const req = JSON.parse(fs.readFileSync(0, 'utf8'));
  let loaded = [];
  const open = () => new Index(async (p, kind) => {
    loaded.push(p);
    const data = fs.readFileSync(path.join(req.dir, p));
    if (kind === 'bin') return new Uint8Array(data.buffer, data.byteOffset, data.length);
    const text = data.toString('utf8');
    return kind === 'json' ? JSON.parse(text) : text;
  });
  const out = [];
  let idx = open();
  for (const q of req.queries) {
    if (req.cold) { idx = open(); loaded = []; }
    const r = await idx.search(q.q, q.filters || {});
    const top = r.matches.slice(0, req.top);
    await idx.docs(r.meta, r.matches.slice(0, 10).map((h) => h.ord));
    const files = loaded;
    loaded = [];
    let near = {};
    if (req.near && r.matches.length < FEW && !(r.matches.length && r.matches[0].exact)) {
      const [p, s] = await Promise.all([partial(idx, r), sounds(idx, r)]);
      near = { partial: p.map((h) => h.ord), sounds: s.map((h) => h.ord), nearFiles: loaded };
      loaded = [];
    }
    if (req.sounds) {
      const phrases = await soundPhrases(idx, r);
      const hits = await soundMatches(idx, r, phrases);
      near.phrases = phrases;
      near.soundOrds = hits.map((h) => h.ord);
      near.soundScores = hits.map((h) => h.score);
    }
    const counts = await idx.counts(r);
    out.push({
      total: r.matches.length,
      ords: top.map((h) => h.ord),
      scores: top.map((h) => h.score),
      exact: top.map((h) => h.exact),
      counts: counts,
      files: req.cold ? files : undefined,
      panelFiles: req.cold ? loaded : undefined,
      skipped: r.skipped,
      verified: r.verified,
      ...near,
    });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => { console.error(e); process.exit(1); });
