/**
 * `npm run load [-- --duration 300]` and `npm run soak [-- --duration 1800 --sample-every 60]`:
 * builds a fresh database of 10,000 published notes (plus link-only and revoked ones), starts the
 * production server on it (building first if needed), and sends it a crawler's mix of requests
 * with autocannon while a side loop aborts requests mid-answer. Prints a Markdown report and
 * writes it to docs/reports/LOAD.md. Exits non-zero on any 5xx, connection error or timeout, any answer other
 * than the one its request kind expects, a failed abort loop, a dead server, or (soak) memory that
 * clearly keeps growing. Port 9510 by default; every child process is killed on the way out.
 */
import { exitWith, wantsHelp } from './cli-errors';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { httpGet } from './bench/http';
import { assertPortFree, repoRoot } from './bench/procs';
import { num } from './bench/stats';
import { startAborts } from './load/aborts';
import { runCannon, type CannonResult } from './load/cannon';
import { discoverTargets, preflight } from './load/discover';
import { buildLoadDatabase } from './load/fixture';
import { judgeMemory, sampleMemory, type MemorySample } from './load/memory';
import { parseOptions, USAGE, type Options } from './load/options';
import { renderReport, writeLoadMd } from './load/report';
import { startServer, type Server } from './load/server';
import { crawlerMix, mixedRequest, type MixTargets } from './load/traffic';
import { crawlOnce, PREFILL_UNKNOWN_URLS, unknownNotePaths } from './load/warmup';

const SEED = 6;
const NOTES = { indexable: 10_000, linkOnly: 300, revoked: 300 };
const REQUEST_TIMEOUT_S = 30;

const started = performance.now();
function progress(message: string): void {
  console.log(`[load ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

function loadFailures(result: CannonResult, mix: ReturnType<typeof mixedRequest>): string[] {
  const failures: string[] = [];
  const serverErrors = Object.entries(result.statusCodeStats).filter(([code, stat]) => code.startsWith('5') && stat && stat.count > 0);
  if (serverErrors.length > 0) failures.push(`5xx answers: ${serverErrors.map(([code, stat]) => `${code} x${stat?.count ?? 0}`).join(', ')}`);
  if (result.errors > 0 || result.timeouts > 0) failures.push(`${result.errors} connection errors, ${result.timeouts} timeouts (> ${REQUEST_TIMEOUT_S} s)`);
  for (const tally of mix.tallies) {
    const wrong = Object.entries(tally.statuses).filter(([code]) => code !== String(tally.kind.expect));
    if (wrong.length > 0) failures.push(`${tally.kind.name}: expected ${tally.kind.expect}, also got ${wrong.map(([code, n]) => `${code} x${n}`).join(', ')}`);
  }
  return failures;
}

/** The soak's warm-up crawl (scripts/load/warmup.ts); returns a line for the report. */
async function warmUp(options: Options, server: Server, targets: MixTargets, failures: string[]): Promise<string> {
  const paths = [...targets.notes, ...targets.linkOnly, ...targets.revoked, ...unknownNotePaths(PREFILL_UNKNOWN_URLS, SEED + 4)];
  progress(`warm-up crawl: ${paths.length.toLocaleString('en-US')} URLs, each once`);
  const crawl = await crawlOnce(server.baseUrl, paths, options.connections);
  const serverErrors = Object.keys(crawl.statuses).filter((code) => code.startsWith('5'));
  if (serverErrors.length > 0 || crawl.errors > 0) failures.push(`warm-up crawl: ${JSON.stringify(crawl.statuses)}, ${crawl.errors} errors/timeouts`);
  return `Warm-up before measuring: one crawl of every note URL plus ${PREFILL_UNKNOWN_URLS.toLocaleString('en-US')} distinct unknown URLs (fills Next's 8 MB per-path lookup LRU; see scripts/load/warmup.ts): ${crawl.requests.toLocaleString('en-US')} requests in ${num(crawl.seconds)} s, answers ${JSON.stringify(crawl.statuses)}`;
}

async function run(options: Options, server: Server, targets: MixTargets, failures: string[]): Promise<Parameters<typeof renderReport>[0]> {
  const kinds = crawlerMix(targets);
  await preflight(server.baseUrl, kinds, SEED);
  const warmUpLine = options.mode === 'soak' ? await warmUp(options, server, targets, failures) : null;
  const samples: MemorySample[] = [await sampleMemory(server.baseUrl, 0)];
  const loadStart = performance.now();
  const elapsed = (): number => (performance.now() - loadStart) / 1000;
  const pending = new Set<Promise<void>>();
  const sample = (duringLoad: boolean): void => {
    const task = sampleMemory(server.baseUrl, elapsed(), duringLoad)
      .then((s) => void samples.push(s), (error: unknown) => void failures.push(`memory sample at ${elapsed().toFixed(0)} s failed: ${String(error)}`))
      .finally(() => pending.delete(task));
    pending.add(task);
  };
  const sampler = setInterval(() => {
    sample(true);
    progress(`  ${elapsed().toFixed(0)} s of ${options.duration} s`);
  }, options.sampleEvery * 1000);
  const abortPaths = [...targets.sitemapShards, '/sitemap.xml', '/', ...targets.notes.slice(0, 100), ...targets.resources.slice(0, 100)];
  const aborts = startAborts(options.port, options.abortsPerSecond, abortPaths, SEED + 2);
  const mix = mixedRequest(kinds, SEED + 3);
  const cannon = runCannon({ url: server.baseUrl, connections: options.connections, duration: options.duration, timeout: REQUEST_TIMEOUT_S, requests: [mix.request] });
  const onExit = (): void => {
    failures.push(`the server exited during the run:\n${server.proc.output().slice(-3000)}`);
    cannon.stop();
  };
  server.proc.child.once('exit', onExit);
  const result = await cannon;
  clearInterval(sampler);
  const abortStats = await aborts.stop();
  server.proc.child.off('exit', onExit);
  if (!server.proc.exited()) sample(false);
  await Promise.all(pending);
  samples.sort((a, b) => a.at - b.at);
  failures.push(...loadFailures(result, mix));
  if (abortStats.failed > 0 || abortStats.stuck > 0) failures.push(`aborted-request loop: ${abortStats.failed} failed (first: ${abortStats.firstFailure ?? '-'}), ${abortStats.stuck} stuck`);
  const after = await httpGet(`${server.baseUrl}/robots.txt`).catch((error: unknown) => ({ status: String(error) }));
  if (after.status !== 200) failures.push(`after the run, /robots.txt answered ${after.status}`);
  const memory = judgeMemory(samples, options.warmup);
  if (options.mode === 'soak') failures.push(...memory.failures);
  return { mode: options.mode, header: warmUpLine ? [warmUpLine] : [], result, tallies: mix.tallies, aborts: abortStats, samples, memory, warmupSeconds: options.warmup, failures, notes: [] };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dbPath = join(repoRoot, 'data', 'load', 'notes.db');
  progress(`building ${dbPath}: ${NOTES.indexable.toLocaleString('en-US')} indexable, ${NOTES.linkOnly} link-only, ${NOTES.revoked} revoked notes`);
  const buildStart = performance.now();
  const fixture = buildLoadDatabase({ path: dbPath, ...NOTES, seed: SEED });
  const buildSeconds = (performance.now() - buildStart) / 1000;
  progress(`  ${fixture.resources.length.toLocaleString('en-US')} images; built in ${num(buildSeconds)} s`);
  await assertPortFree(options.port);
  progress('starting the production server (node scripts/start.mjs builds first when the build is missing or stale)');
  let ready = false;
  let built = false;
  const server = await startServer(options.port, dbPath, (line) => {
    if (/building/i.test(line)) built = true;
    if (!ready && line.trim() !== '') progress(`  | ${line}`);
  });
  ready = true;
  process.on('exit', server.stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      server.stop();
      process.exit(130);
    });
  }
  const failures: string[] = [];
  try {
    const targets = await discoverTargets(server.baseUrl, fixture, SEED);
    progress(`${options.mode}: ${options.duration} s, ${options.connections} connections, ${options.abortsPerSecond} aborted requests/s, ${targets.sitemapShards.length} sitemap shards, ${targets.etags.length} ETags`);
    const report = await run(options, server, targets, failures);
    const errors = server.errorLines();
    if (errors.length > 0) report.notes.push(`The server logged ${errors.length} error lines; the first: ${errors.slice(0, 3).map((l) => `\`${l.slice(0, 300)}\``).join(' / ')}`);
    const weights = crawlerMix(targets).map((k) => `${k.name} ${k.weight}`).join(', ');
    report.header = [
      `Command: \`npm run ${options.mode}${process.argv.length > 2 ? ` -- ${process.argv.slice(2).filter((a) => a !== '--soak').join(' ')}` : ''}\` on ${new Date().toISOString()}; Node.js ${process.version}; ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores, shared by the server and the load generator)`,
      `Data: ${NOTES.indexable.toLocaleString('en-US')} indexable + ${NOTES.linkOnly} link-only + ${NOTES.revoked} revoked generated notes (seed ${SEED}; ENML ${num(fixture.enmlBytes / 1024 / 1024)} MB, ${fixture.resources.length.toLocaleString('en-US')} PNG images, ${num(fixture.resourceBytes / 1024 / 1024)} MB), written with SqliteNoteWriter in ${num(buildSeconds)} s`,
      `Server: \`node scripts/start.mjs\` (standalone production build${built ? ', built for this run' : ''}) on 127.0.0.1:${options.port}, DEPLOY_ENV=production, BENCH_ROUTES=true, default page cache (500 pages)`,
      `Load: autocannon, ${options.connections} connections, ${options.duration} s, ${REQUEST_TIMEOUT_S} s timeout, crawler headers (Googlebot UA, gzip); mix by weight: ${weights}; plus ${options.abortsPerSecond} aborted requests/s on raw sockets`,
      `Memory: the server's process.memoryUsage() after a forced GC (GET /api/bench/memory) at the start, every ${options.sampleEvery} s and at the end; the trend skips the first ${options.warmup.toFixed(0)} s`,
      ...report.header,
    ];
    const markdown = renderReport(report);
    writeLoadMd(join(repoRoot, 'docs', 'reports', 'LOAD.md'), options.mode, markdown);
    console.log(`\n${markdown}`);
    progress(`wrote docs/reports/LOAD.md; ${failures.length === 0 ? 'PASS' : 'FAIL'}`);
  } finally {
    server.stop();
  }
  if (failures.length > 0) {
    for (const failure of failures) console.error(`FAIL: ${failure}`);
    process.exitCode = 1;
  }
}

if (wantsHelp()) {
  console.log(USAGE);
} else {
  main().catch((error: unknown) => exitWith(error));
}
