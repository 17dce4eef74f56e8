/** Uncached SSR: the median corpus note and the largest demo note against the floor page, with and without Next's pipeline; the cost estimate. */
import { resolve } from 'node:path';
import { runLoad } from '../load';
import { copyDatabase, removeTempDir, treeCpuSeconds, type Proc } from '../procs';
import { paragraphs, progress, rawRuns, rows, verdict } from '../report';
import { expectStatus, FUNCTION_MEMORY_GB, load, LOAD_RUNS, LOAD_SECONDS, startWebFunction, type BenchStep, type Fixture } from '../setup';
import { kb, num, range, ratio, summarize } from '../stats';

const PORT = { uncached: 9401, uncachedNext: 9404 } as const;

async function uncachedRows(f: Fixture): Promise<void> {
  progress('uncached SSR: web function with PAGE_CACHE_ENTRIES=0 and BENCH_ROUTES=true; the same with NOTE_RENDER_OUTSIDE_NEXT=false');
  const env = { PAGE_CACHE_ENTRIES: '0', BENCH_ROUTES: 'true' };
  const dbs = [copyDatabase(f.dbPath), copyDatabase(f.dbPath)];
  const servers: Proc[] = [];
  try {
    servers.push(await startWebFunction(PORT.uncached, dbs[0] as string, env));
    servers.push(await startWebFunction(PORT.uncachedNext, dbs[1] as string, { ...env, NOTE_RENDER_OUTSIDE_NEXT: 'false' }));
    type Series = { base: string; pid: number; median: number[]; floor: number[]; largest: number[]; cpu: number; requests: number; floorCpu: number; floorRequests: number };
    const series: Series[] = servers.map((server, i) => ({ base: `http://127.0.0.1:${i === 0 ? PORT.uncached : PORT.uncachedNext}`, pid: server.pid, median: [], floor: [], largest: [], cpu: 0, requests: 0, floorCpu: 0, floorRequests: 0 }));
    for (const { base } of series) {
      await expectStatus(`${base}/bench/floor`, 200);
      // The first note an instance renders goes through Next (the default server learns the page template from it).
      await expectStatus(base + f.median.path, 200);
      await expectStatus(base + f.largest.path, 200);
      for (const path of ['/bench/floor', f.median.path, f.largest.path]) await runLoad({ url: base + path, durationSec: 1 });
    }
    for (let i = 0; i < LOAD_RUNS; i += 1) {
      for (const [k, s] of series.entries()) {
        const label = k === 0 ? '' : ' (through Next)';
        let before = treeCpuSeconds(s.pid);
        const m = await load({ url: s.base + f.median.path, durationSec: LOAD_SECONDS }, 200, `uncached median note${label}`);
        s.cpu += treeCpuSeconds(s.pid) - before;
        s.requests += m.total;
        s.median.push(m.rps);
        before = treeCpuSeconds(s.pid);
        const fl = await load({ url: `${s.base}/bench/floor`, durationSec: LOAD_SECONDS }, 200, `floor${label}`);
        s.floorCpu += treeCpuSeconds(s.pid) - before;
        s.floorRequests += fl.total;
        s.floor.push(fl.rps);
        s.largest.push((await load({ url: s.base + f.largest.path, durationSec: LOAD_SECONDS }, 200, `uncached largest note${label}`)).rps);
        progress(`  run ${i + 1}/${LOAD_RUNS}${label}: median note ${num(m.rps)} req/s, floor ${num(fl.rps)} req/s, largest ${num(s.largest[i] ?? Number.NaN)} req/s`);
      }
    }
    const [ours, viaNext] = series as [Series, Series];
    const m = summarize(ours.median);
    const fl = summarize(ours.floor);
    const lg = summarize(ours.largest);
    const nm = summarize(viaNext.median);
    const nfl = summarize(viaNext.floor);
    const nlg = summarize(viaNext.largest);
    rows.push({
      figure: `Uncached SSR, median corpus note ("${f.median.title}", ${kb(f.median.enmlBytes)} ENML), req/s`,
      ours: range(m),
      baseline: `/bench/floor: ${range(fl)}`,
      ratio: ratio(m.median, fl.median),
      budget: verdict('≥ 0.8x floor', m.median >= 0.8 * fl.median),
    });
    rows.push({
      figure: `Uncached SSR, largest demo note ("${f.largest.title}", ${kb(f.largest.enmlBytes)} ENML), req/s`,
      ours: range(lg),
      baseline: `/bench/floor: ${range(fl)}`,
      ratio: ratio(lg.median, fl.median),
      budget: verdict('≥ 1.0x floor', lg.median >= fl.median),
    });
    rows.push({
      figure: 'Uncached SSR through Next\'s pipeline (NOTE_RENDER_OUTSIDE_NEXT=false), median / largest note, req/s',
      ours: `${range(nm)} / ${range(nlg)}`,
      baseline: `/bench/floor, same server: ${range(nfl)}`,
      ratio: `${ratio(nm.median, nfl.median)} / ${ratio(nlg.median, nfl.median)}`,
      budget: 'report only',
    });
    rawRuns('uncached median note, req/s', ours.median);
    rawRuns('/bench/floor (same server), req/s', ours.floor);
    rawRuns('uncached largest demo note, req/s', ours.largest);
    rawRuns('through Next: uncached median note, req/s', viaNext.median);
    rawRuns('through Next: /bench/floor (same server), req/s', viaNext.floor);
    rawRuns('through Next: uncached largest demo note, req/s', viaNext.largest);
    const msPer = (cpu: number, n: number): number => (cpu / n) * 1000;
    const gbs = (cpu: number, n: number): number => (cpu / n) * 1_000_000 * FUNCTION_MEMORY_GB;
    paragraphs.push(`**Cost estimate:** ${num(msPer(ours.cpu, ours.requests))} ms of CPU (user+system, /proc/<pid>/stat over ${ours.requests.toLocaleString('en-US')} uncached renders of the median note at 10 connections) per render → **${num(gbs(ours.cpu, ours.requests))} GB-s per 1,000,000 uncached note renders** at 256 MB. Through Next's pipeline: ${num(msPer(viaNext.cpu, viaNext.requests))} ms (${num(gbs(viaNext.cpu, viaNext.requests))} GB-s per million). The floor page costs ${num(msPer(ours.floorCpu, ours.floorRequests))} ms CPU per request (${num(gbs(ours.floorCpu, ours.floorRequests))} GB-s per million). CPU time is a lower bound: SCF bills each invocation's wall-clock duration, which includes waiting.`);
  } finally {
    for (const server of servers) await server.stop();
    for (const db of dbs) removeTempDir(resolve(db, '..'));
  }
}

export const uncachedStep: BenchStep = { name: 'Uncached SSR', run: (ctx) => uncachedRows(ctx.fixture()) };
