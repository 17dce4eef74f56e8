/**
 * Peak memory of the packaged web function under the expensive routes: Open Graph cards (satori +
 * resvg), QR codes, sitemaps and notes rendered with the page cache off, beside the function's
 * configured memorySize. SCF aborts every request in flight on an instance that runs out of memory,
 * so the budget keeps the peak (VmHWM, the high-water mark of resident memory) under 75% of it.
 */
import { resolve } from 'node:path';
import { DEFAULT_MEMORY_MB } from '../../../lib/deploy/deploy-settings';
import { runLoad } from '../load';
import { copyDatabase, peakRssBytes, processTree, removeTempDir } from '../procs';
import { progress, raw, rawRuns, rows, verdict } from '../report';
import { startWebFunction, type BenchStep, type Fixture } from '../setup';
import { summarize } from '../stats';

const RUNS = 3;
const MIXED_REQUESTS = 5_000;
const PORT = 9431;
/** Share of memorySize the peak may reach. */
const HEADROOM = 0.75;

/** The Open Graph card of each note, as its page links it. */
async function ogPaths(origin: string, notePaths: string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const path of notePaths) {
    const html = await (await fetch(origin + path)).text();
    const og = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1];
    if (og) paths.push(new URL(og).pathname);
  }
  return paths;
}

async function peakRun(f: Fixture): Promise<{ peakMb: number; statuses: Record<string, number>; kinds: string }> {
  const db = copyDatabase(f.dbPath);
  // No page cache: every note is rendered, as for a crawler walking a large site.
  const proc = await startWebFunction(PORT, db, { PAGE_CACHE_ENTRIES: '0' });
  try {
    const origin = `http://127.0.0.1:${PORT}`;
    const targets = [f.median, f.largest, f.notebookLess, ...f.others];
    const notePaths = targets.map((t) => t.path);
    const og = await ogPaths(origin, notePaths);
    if (og.length < notePaths.length) throw new Error(`found the og:image of ${og.length} of ${notePaths.length} notes`);
    const paths = ['/', ...notePaths, ...og, ...targets.map((t) => `/qr/${t.shareId}.svg`), '/sitemap.xml', '/sitemaps/notes-0.xml', f.notebook];
    const result = await runLoad({ url: origin, amount: MIXED_REQUESTS, requests: paths.map((path) => ({ method: 'GET', path })) });
    // A failing store answers 503 cheaply: such a run says nothing about the expensive routes.
    if (result.errors > 0 || Object.keys(result.statuses).some((s) => s !== '200')) throw new Error(`the expensive mix got ${JSON.stringify(result.statuses)} and ${result.errors} errors, not only 200s`);
    const peak = Math.max(...processTree(proc.pid).map((pid) => {
      try {
        return peakRssBytes(pid);
      } catch {
        return 0;
      }
    }));
    return { peakMb: peak / 1024 / 1024, statuses: result.statuses, kinds: `${notePaths.length} notes, ${og.length} OG cards, ${targets.length} QR codes, 2 sitemaps, home, a notebook` };
  } finally {
    await proc.stop();
    removeTempDir(resolve(db, '..'));
  }
}

async function memoryRow(f: Fixture): Promise<void> {
  progress(`Peak memory (VmHWM) over ${MIXED_REQUESTS.toLocaleString('en-US')} requests with OG cards, QR codes, sitemaps, uncached notes`);
  const runs: Array<Awaited<ReturnType<typeof peakRun>>> = [];
  for (let i = 0; i < RUNS; i += 1) {
    runs.push(await peakRun(f));
    progress(`  run ${i + 1}/${RUNS}: ${runs[i]?.peakMb.toFixed(0)} MB`);
  }
  const peak = summarize(runs.map((r) => r.peakMb));
  const share = peak.max / DEFAULT_MEMORY_MB;
  rows.push({
    figure: `Peak memory of the web function (VmHWM, highest of ${RUNS} runs of ${MIXED_REQUESTS.toLocaleString('en-US')} requests: OG cards, QR codes, sitemaps, notes with the page cache off; 10 connections)`,
    ours: `${peak.max.toFixed(0)} MB (runs ${peak.min.toFixed(0)}-${peak.max.toFixed(0)} MB)`,
    baseline: `memorySize ${DEFAULT_MEMORY_MB} MB (npm run deploy, serverless.yml)`,
    ratio: `${(share * 100).toFixed(0)}% of memorySize`,
    budget: verdict(`peak ≤ ${HEADROOM * 100}% of memorySize`, share <= HEADROOM),
  });
  rawRuns('Peak memory (VmHWM) under the expensive mix, MB', runs.map((r) => r.peakMb), 0);
  raw.push(`- expensive mix (${runs[0]?.kinds ?? ''}) answers: ${runs.map((r) => JSON.stringify(r.statuses)).join('; ')}`);
}

export const memoryStep: BenchStep = { name: 'memory', run: (ctx) => memoryRow(ctx.fixture()) };
