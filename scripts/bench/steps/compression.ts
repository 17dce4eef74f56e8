/**
 * Bytes per note on the wire (the HTML body as sent: identity, gzip, brotli; median over the demo
 * notes) and the CPU cost of compression: the first compressed answer of a page version (which
 * compresses) against a cached one (which reuses the bytes kept beside the page). Report-only.
 */
import Database from 'better-sqlite3';
import type { IncomingMessage } from 'node:http';
import { dirname } from 'node:path';
import { BROTLI_QUALITY, GZIP_LEVEL } from '../../../lib/http/compression';
import type { CachedResponse } from '../../../lib/http/page-cache';
import { pageVariant } from '../../../lib/http/page-variants';
import { notePath } from '../../../lib/notes/slug';
import { httpGet } from '../http';
import { copyDatabase, removeTempDir } from '../procs';
import { progress, rawRuns, rows } from '../report';
import { CORPUS_NOTEBOOK, startWebFunction, type BenchStep, type StepContext } from '../setup';
import { kb, num, ratio, summarize } from '../stats';

const PORT = { compression: 9441 } as const;
/** Cached answers timed per note (their median is the note's figure). */
const CACHED_REPEATS = 200;
/** First answers timed per note, each on a fresh copy of the page (their median is the note's figure). */
const FIRST_REPEATS = 9;

function demoNotePaths(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db.prepare<[string], { share_id: string; title: string }>(`SELECT s.share_id, n.title FROM notes n
      JOIN shares s ON s.note_id = n.id AND s.state = 'indexable' JOIN notebooks b ON b.id = n.notebook_id
      WHERE b.name != ? ORDER BY s.share_id`).all(CORPUS_NOTEBOOK);
    return rows.map((r) => notePath(r.share_id, r.title || 'Untitled'));
  } finally {
    db.close();
  }
}

function fakeRequest(acceptEncoding: string): IncomingMessage {
  return { headers: { 'accept-encoding': acceptEncoding }, method: 'GET' } as unknown as IncomingMessage;
}

/** Milliseconds of one call. */
function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

async function compressionRows(ctx: StepContext): Promise<void> {
  const db = copyDatabase(ctx.fixture().dbPath);
  const paths = demoNotePaths(db);
  progress(`compression: bytes on the wire for ${paths.length} demo notes (identity, gzip, br), and the cost of the first compressed answer`);
  const server = await startWebFunction(PORT.compression, db);
  const sizes = { identity: [] as number[], gzip: [] as number[], br: [] as number[] };
  const cost = { br: [] as number[], gzip: [] as number[], cached: [] as number[] };
  try {
    const base = `http://127.0.0.1:${PORT.compression}`;
    for (const path of paths) {
      const plain = await httpGet(base + path, { 'accept-encoding': 'identity' });
      if (plain.status !== 200) throw new Error(`${path} answered ${plain.status}`);
      sizes.identity.push(plain.body.length);
      for (const coding of ['gzip', 'br'] as const) {
        const answer = await httpGet(base + path, { 'accept-encoding': coding });
        if (answer.headers['content-encoding'] !== coding) throw new Error(`${path} with Accept-Encoding ${coding} came back as ${answer.headers['content-encoding'] ?? 'identity'}`);
        sizes[coding].push(answer.body.length);
      }
      // The same work in this process, on the page's own bytes: first answer compresses, later ones reuse.
      const page = (): CachedResponse => ({ headers: { 'content-type': String(plain.headers['content-type']), etag: String(plain.headers.etag) }, body: plain.body });
      for (const coding of ['gzip', 'br'] as const) {
        const req = fakeRequest(coding);
        // A first answer is one call on a fresh page: repeated on fresh copies, after a warm-up call.
        pageVariant(req, page());
        cost[coding].push(summarize(Array.from({ length: FIRST_REPEATS }, () => {
          const fresh = page();
          return time(() => pageVariant(req, fresh));
        })).median);
        const cached = page();
        pageVariant(req, cached);
        if (coding === 'br') {
          const repeats = Array.from({ length: CACHED_REPEATS }, () => time(() => pageVariant(req, cached)));
          cost.cached.push(summarize(repeats).median);
        }
      }
    }
  } finally {
    await server.stop();
    removeTempDir(dirname(db));
  }
  const median = (values: number[]): number => summarize(values).median;
  rawRuns('compression: first brotli answer (ms, per demo note)', cost.br, 3);
  rawRuns('compression: first gzip answer (ms, per demo note)', cost.gzip, 3);
  rows.push({
    figure: `Note HTML on the wire, median over ${paths.length} demo notes (body bytes; gzip level ${GZIP_LEVEL}, brotli quality ${BROTLI_QUALITY})`,
    ours: `identity ${kb(median(sizes.identity))} · gzip ${kb(median(sizes.gzip))} · br ${kb(median(sizes.br))}`,
    baseline: `identity ${kb(median(sizes.identity))}`,
    ratio: `br ${ratio(median(sizes.br), median(sizes.identity))}, gzip ${ratio(median(sizes.gzip), median(sizes.identity))}`,
    budget: 'report only',
  });
  rows.push({
    figure: 'Compressed note answer: first of a page version (compresses) vs cached (bytes kept beside the page), in process, median over the demo notes',
    ours: `first br ${num(median(cost.br))} ms · first gzip ${num(median(cost.gzip))} ms`,
    baseline: `cached ${num(median(cost.cached) * 1000)} µs`,
    ratio: ratio(median(cost.br), median(cost.cached)),
    budget: 'report only',
  });
}

export const compressionStep: BenchStep = { name: 'Compression', run: (ctx) => compressionRows(ctx) };
