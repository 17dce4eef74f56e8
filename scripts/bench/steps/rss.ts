/** Resident memory after a mixed load: the web function against bare `next start`, median of RSS_RUNS. */
import { join, resolve } from 'node:path';
import { runLoad } from '../load';
import { assertPortFree, copyDatabase, functionDir, removeTempDir, repoRoot, startProc, treeRssBytes, waitForStatus } from '../procs';
import { notes, progress, raw, rawRuns, rows, verdict } from '../report';
import { nextStartArgs, nextStartEnv, webFunctionEnv, type BenchStep, type Fixture } from '../setup';
import { mb, range, ratio, summarize } from '../stats';

export const RSS_RUNS = 5;
const MIXED_REQUESTS = 10_000;
const PORT = { rssWeb: 9421, rssNext: 9422 } as const;

async function rssRow(f: Fixture): Promise<void> {
  progress(`RSS after ${MIXED_REQUESTS.toLocaleString('en-US')} mixed requests: web function vs bare next start`);
  const paths = ['/', f.median.path, f.largest.path, f.notebookLess.path, ...f.others.map((o) => o.path), f.image, '/s/AAAAAAAAAAAAAAAAAAAAAA/missing', '/no-such-page', '/sitemap.xml', '/sitemaps/notes-0.xml'];
  const measure = async (kind: 'web' | 'next'): Promise<{ first: number; after: number; statuses: Record<string, number> }> => {
    const port = kind === 'web' ? PORT.rssWeb : PORT.rssNext;
    const db = copyDatabase(f.dbPath);
    await assertPortFree(port);
    const proc = kind === 'web'
      ? startProc(join(functionDir, 'scf_bootstrap'), [], webFunctionEnv(port, db), functionDir)
      : startProc(process.execPath, nextStartArgs(port), nextStartEnv(port, db), repoRoot);
    try {
      await waitForStatus(proc, `http://127.0.0.1:${port}/`, 200, 90_000, 20);
      const first = treeRssBytes(proc.pid);
      const result = await runLoad({ url: `http://127.0.0.1:${port}`, amount: MIXED_REQUESTS, requests: paths.map((path) => ({ method: 'GET', path })) });
      const after = treeRssBytes(proc.pid);
      if (result.errors > 0 || Object.keys(result.statuses).some((s) => s !== '200' && s !== '404')) {
        notes.push(`mixed load on ${kind}: unexpected answers ${JSON.stringify(result.statuses)}, ${result.errors} errors`);
      }
      return { first, after, statuses: result.statuses };
    } finally {
      await proc.stop();
      removeTempDir(resolve(db, '..'));
    }
  };
  // RSS right after a load depends on where the garbage collector happened to be: median of runs.
  const webRuns: Array<Awaited<ReturnType<typeof measure>>> = [];
  const nextRuns: Array<Awaited<ReturnType<typeof measure>>> = [];
  for (let i = 0; i < RSS_RUNS; i += 1) {
    webRuns.push(await measure('web'));
    nextRuns.push(await measure('next'));
    progress(`  run ${i + 1}/${RSS_RUNS}: web function ${mb(webRuns[i]?.after ?? Number.NaN)}, next start ${mb(nextRuns[i]?.after ?? Number.NaN)}`);
  }
  const mbRange = (values: number[]): string => {
    const s = summarize(values.map((v) => v / 1024 / 1024));
    return range(s, 'MB');
  };
  const webAfter = summarize(webRuns.map((r) => r.after));
  const nextAfter = summarize(nextRuns.map((r) => r.after));
  const web = webRuns[0] as Awaited<ReturnType<typeof measure>>;
  const next = nextRuns[0] as Awaited<ReturnType<typeof measure>>;
  rows.push({
    figure: `RSS after ${MIXED_REQUESTS.toLocaleString('en-US')} mixed requests (home, ${3 + f.others.length} notes, an image, 404s, sitemaps; 10 connections), VmRSS`,
    ours: `web function: ${mbRange(webRuns.map((r) => r.after))} (after first response: ${mbRange(webRuns.map((r) => r.first))})`,
    baseline: `bare next start: ${mbRange(nextRuns.map((r) => r.after))} (after first response: ${mbRange(nextRuns.map((r) => r.first))})`,
    ratio: ratio(webAfter.median, nextAfter.median),
    budget: verdict('≤ 180 MB', webAfter.median <= 180 * 1024 * 1024),
  });
  rawRuns('RSS after mixed load, web function, MB', webRuns.map((r) => r.after / 1024 / 1024), 1);
  rawRuns('RSS after mixed load, next start, MB', nextRuns.map((r) => r.after / 1024 / 1024), 1);
  raw.push(`- mixed load answers: web function ${JSON.stringify(web.statuses)}, next start ${JSON.stringify(next.statuses)}`);
}

export const rssStep: BenchStep = { name: 'RSS', run: (ctx) => rssRow(ctx.fixture()) };
