import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CardWorker, type WorkerEntry } from './card-worker';
import type { OgCardText } from './draw-og-card';

export interface OgImageInput {
  title: string;
  siteName: string;
  notebook: string | null;
  /** Shown as the footer's second part (e.g. the note's date). */
  caption: string | null;
}

/**
 * Text beyond `maxColumns` display columns (CJK counting two) is cut with an ellipsis: titles at
 * about three lines at 56 px, the footer at one line. Layout time grows with the text drawn (a
 * 30,000-character notebook name took 3 s), so nothing is drawn unbounded.
 */
export function fitText(text: string, maxColumns: number): string {
  let columns = 0;
  let out = '';
  for (const char of text) {
    columns += /[\u2e80-\u9fff\uff00-\uffef]/.test(char) ? 2 : 1;
    if (columns > maxColumns) return `${out.trimEnd()}…`;
    out += char;
  }
  return out;
}

/** The card's three lines, fitted here so that only a few hundred characters reach the worker. */
export function cardText(input: OgImageInput): OgCardText {
  const footer = fitText([input.notebook, input.caption].filter(Boolean).join(' · '), 64);
  const siteName = fitText(input.siteName, 64);
  return { siteName, title: fitText(input.title, 96), footer: footer || siteName };
}

/**
 * Where the worker's code is, from the server's folder (its working directory, as for the font): the
 * function package and `npm start`'s standalone server have it bundled (scripts/bundle-og-card-worker.mjs);
 * elsewhere (next dev, tests, the bench) the TypeScript source runs through tsx, a development dependency.
 */
export function ogCardWorkerEntry(): WorkerEntry {
  const bundled = resolve('og-card-worker.js');
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  return { file: resolve('lib/og/og-card-worker.ts'), execArgv: ['--require', 'tsx/cjs'] };
}

/**
 * Tuning: a card takes ~0.1-0.5 s of the worker's CPU, and the first of a worker ~1-2 s more (loading
 * satori and resvg, parsing the font; ~2.4 s seen at load 8 on 2 cores), so 5 s means a stuck worker.
 * A card waits at most 3 s behind others: waiting plus drawing (8 s) ends before the function's
 * 10 s timeout (serverless.yml), so the request gets the route's 503, not the platform's timeout.
 * 16 distinct cards waiting is a burst no unfurler makes (identical requests share one render, and
 * the CDN keeps cards for a day). The worker idles out after a minute, giving back its ~60 MB. The
 * heap limits hold the worker well under the instance's memory; a card needs a few MB of them.
 * A card that kills its worker (crash, hang, out-of-memory) would kill the next one too: it is refused
 * for a minute, then 2, 4, ... up to an hour after each further kill (its bytes are fixed by the note,
 * so a poisonous card stays poisonous until the note changes); 256 remembered cards are ~30 KB.
 * Three other worker failures in a row (failing to start or load, or crashes by different cards,
 * no card drawn between them) is a worker that cannot live here: no worker starts for 10 s, then
 * 20, 40, ... up to 5 minutes between tries (a broken binary stays broken until the next deploy).
 * Measured with the package's worker and a broken resvg binary: 50 cards cost the request thread
 * 217-219 ms of CPU without the back-off, 9-21 ms with it.
 */
export const CARD_WORKER_OPTIONS = {
  timeoutMs: 5_000, maxWaitMs: 3_000, maxQueued: 16, idleMs: 60_000, heapMb: { old: 64, young: 8 },
  backoff: { afterFailures: 3, firstMs: 10_000, maxMs: 300_000 },
  quarantine: { maxCards: 256, firstMs: 60_000, maxMs: 3_600_000 },
} as const;

/** One card worker per process: kept on globalThis, as Next gives each route bundle its own module copies. */
const WORKER = Symbol.for('note-publisher.og-card-worker');
const registry = globalThis as typeof globalThis & { [WORKER]?: CardWorker };

/**
 * A 1200x630 PNG card with the note title, for og:image and twitter:image, drawn in the card
 * worker (lib/og/card-worker.ts): the calling thread only fits the text and waits. Rejects with
 * OgCardUnavailableError when the worker cannot give a card now.
 */
export function renderOgImage(input: OgImageInput, fontPath: string): Promise<Buffer> {
  registry[WORKER] ??= new CardWorker({ entry: ogCardWorkerEntry, ...CARD_WORKER_OPTIONS });
  return registry[WORKER].draw(fontPath, cardText(input));
}
