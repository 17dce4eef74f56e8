/**
 * Worst-case cost of a note page: every hostile note of test/hostile-enml.ts at the largest size
 * Evernote's content limit allows, rendered as the note page renders it outside Next (an uncached
 * page: renderNotePageParts, the parse and the body in slices), plus Open Graph cards: the first of
 * the process and one with 30,000-character names, through renderOgImage as the OG route calls it
 * (the card is drawn in the card worker thread; the block measured is this, the calling, thread's).
 * Run by `npm run bench` in its own process, NODE_ENV=production, with --expose-gc:
 *   node --expose-gc --import tsx scripts/bench/hostile-worker.ts
 * Prints one JSON line (HostileReport) after a @@RESULT@@ marker.
 */
import { performance } from 'node:perf_hooks';
import { config } from '../../lib/config';
import { loadHighlighter } from '../../lib/enml/highlight';
import type { SharedNote } from '../../lib/notes/types';
import { renderNotePageParts } from '../../server/note-page';
import { HOSTILE_CASES, maxSizeWithinLimit } from '../../test/hostile-enml';

export interface HostileMeasure {
  name: string;
  inputChars: number;
  renderMs: number;
  /** Longest stretch the event loop could not run a 1 ms timer during the render. */
  blockMs: number;
  /**
   * Time the event loop was busy in all during the render (event-loop utilization's active time):
   * on a loaded machine a timer gap can also be time the thread was not scheduled; this is not.
   */
  busyMs: number;
  /** V8 heap in use right after the render (before any collection), above the idle heap. */
  heapAboveIdleMb: number;
  pageBytes: number;
  isTruncated: boolean;
}

export interface HostileReport {
  cases: HostileMeasure[];
  maxRssMb: number;
  idleHeapMb: number;
  /** The same timer's longest gap while the process does nothing for IDLE_MS: what the machine's load alone costs. */
  idleBlockMs: number;
  maxNoteHtmlBytes: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const IDLE_MS = 3000;
const mib = (bytes: number): number => bytes / (1024 * 1024);

/** Runs `work`, sampling the event loop with a 1 ms timer: the longest gap is the longest block. */
async function measure<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; blockMs: number; busyMs: number; heapUsed: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  last = started;
  const loop = performance.eventLoopUtilization();
  const value = await work();
  const ms = performance.now() - started;
  const busyMs = performance.eventLoopUtilization(loop).active;
  const heapUsed = process.memoryUsage().heapUsed;
  // The gap that ends after the work counts too (a render that never yields is one gap).
  await new Promise((resolve) => setTimeout(resolve, 2));
  clearInterval(timer);
  return { value, ms, blockMs: longest, busyMs, heapUsed };
}

function sharedNote(enml: string, names = 'Hostile'): SharedNote {
  return {
    shareId: 'hostileBenchNote000001', state: 'indexable', title: names, enml, created: '2026-01-01T00:00:00.000Z', updated: null,
    authorName: null, notebook: names, notebookShareId: null, tags: [], lang: 'en', resources: [], version: '1', changedAt: null,
  };
}

/** The page's bytes (its per-note parts; the template adds a few fixed KB) and whether the note was cut. */
async function renderPage(note: SharedNote): Promise<{ bytes: number; isTruncated: boolean }> {
  const parts = await renderNotePageParts(note);
  const html = parts.join('');
  return { bytes: Buffer.byteLength(html), isTruncated: html.includes('class="note-truncated"') };
}

async function main(): Promise<void> {
  // The load's own cost first: the process doing nothing, as a started server waits for requests.
  // It also lets this script's start-up finish (tsx's loader keeps working for ~0.1 s after the
  // imports above), which would otherwise be charged to the first card.
  const quiet = await measure(() => new Promise((resolve) => setTimeout(resolve, IDLE_MS)));
  // Then the first card of the process: it loads the OG module (as the OG route does, on first use)
  // and starts the card worker, which loads satori and resvg and parses the font for later cards.
  const first = await measure(async () => {
    const { renderOgImage } = await import('../../lib/og/render-og-image');
    return renderOgImage({ title: 'First card', siteName: config.siteName, notebook: '笔记本', caption: 'January 1, 2026' }, config.ogFontPath);
  });
  const { renderOgImage } = await import('../../lib/og/render-og-image');
  await loadHighlighter();
  // Warm every code path once on small notes, so the figures are of the work, not of first calls.
  for (const hostile of HOSTILE_CASES) await renderPage(sharedNote(hostile.make(hostile.unit)));
  await renderOgImage({ title: 'warm', siteName: config.siteName, notebook: 'warm', caption: null }, config.ogFontPath);
  gc();
  const idle = process.memoryUsage().heapUsed;
  const cases: HostileMeasure[] = [];
  for (const hostile of HOSTILE_CASES) {
    // As a store hands it over (JSON from the note service, a column from SQLite): a flat string.
    // The generator's repeat() builds a rope, whose first read costs ~70 ms of flattening.
    const enml = JSON.parse(JSON.stringify(hostile.make(maxSizeWithinLimit(hostile)))) as string;
    gc();
    const base = process.memoryUsage().heapUsed;
    const { value, ms, blockMs, busyMs, heapUsed } = await measure(() => renderPage(sharedNote(enml)));
    // The note's own string is input, not render cost.
    cases.push({ name: hostile.name, inputChars: enml.length, renderMs: ms, blockMs, busyMs, heapAboveIdleMb: mib(heapUsed - Math.max(idle, base)), pageBytes: value.bytes, isTruncated: value.isTruncated });
  }
  const names = `${'n'.repeat(15_000)}${'笔'.repeat(15_000)}`;
  gc();
  const card = await measure(() => renderOgImage({ title: names, siteName: config.siteName, notebook: names, caption: 'January 1, 2026' }, config.ogFontPath));
  cases.push({ name: 'OG card, the first of a process (starts the card worker: satori, resvg, the font)', inputChars: 0, renderMs: first.ms, blockMs: first.blockMs, busyMs: first.busyMs, heapAboveIdleMb: 0, pageBytes: first.value.length, isTruncated: false });
  cases.push({ name: 'OG card, 30,000-character title and notebook name', inputChars: names.length * 2, renderMs: card.ms, blockMs: card.blockMs, busyMs: card.busyMs, heapAboveIdleMb: mib(card.heapUsed - idle), pageBytes: card.value.length, isTruncated: false });
  const report: HostileReport = { cases, maxRssMb: process.resourceUsage().maxRSS / 1024, idleHeapMb: mib(idle), idleBlockMs: quiet.blockMs, maxNoteHtmlBytes: config.maxNoteHtmlBytes };
  process.stdout.write(`@@RESULT@@${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
