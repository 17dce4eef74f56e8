/**
 * `npm run bench [-- --no-build] [--only <step>,<step>]`: builds once (npm run build && npm run
 * package), measures the published pages against baselines taken in the same run, prints the table
 * and writes it to BENCHMARKS.md (not with --only, which runs some steps, e.g. `--only RSS`, and
 * only prints them). Rows that miss their budget say OVER BUDGET; that never fails the process (a
 * measurement that could not be taken does). Every child process is killed on the way out.
 * Ports 9400-9499 only.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { listEnexFiles } from '../lib/enex/list-enex-files';
import { join, resolve } from 'node:path';
import { notePath } from '../lib/notes/slug';
import { countScripts, httpCount, httpGet, replayableHeaders, startPlainServer, type ScriptCount } from './bench/http';
import { isClean, runLoad, type LoadResult, type LoadSpec } from './bench/load';
import {
  assertPortFree, copyDatabase, functionDir, killAll, nextBin, peakRssBytes, removeTempDir, repoRoot, rssBytes, sleep, startProc,
  tempDir, treeCpuSeconds, treeRssBytes, tsxCli, waitForStatus, type Proc,
} from './bench/procs';
import type { RenderReport } from './bench/render-worker';
import { buildSitemapDatabase } from './bench/sitemap-db';
import { kb, mb, num, range, ratio, summarize } from './bench/stats';

const LOAD_RUNS = 3;
const LOAD_SECONDS = 5;
const COLD_RUNS = 10;
const RENDER_RUNS = 5;
const RSS_RUNS = 5;
const MIXED_REQUESTS = 10_000;
const SITEMAP_NOTES = 1_000_000;
const FUNCTION_MEMORY_GB = 0.25;
const ZIP_TIME_LIMIT_S = 90;
const LARGEST_DEMO_TITLE = '长文：个人知识管理的十年';
const CORPUS_NOTEBOOK = 'bench corpus';
const PORT = { uncached: 9401, uncachedNext: 9404, hot: 9402, plain: 9403, noteService: 9405, hotHttp: 9406, coldWeb: 9411, coldNext: 9412, rssWeb: 9421, rssNext: 9422, sitemap: 9431 } as const;

const started = performance.now();
function progress(message: string): void {
  console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Table

interface Row {
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
  budget: string;
}

const rows: Row[] = [];
const notes: string[] = [];
const raw: string[] = [];
const failures: string[] = [];
let pageTable: string[] = [];
let costLine = '';

function verdict(budget: string, ok: boolean | null): string {
  if (ok === null) return budget;
  return `${budget}: ${ok ? 'ok' : '**OVER BUDGET**'}`;
}

function failedRow(figure: string, error: unknown): Row {
  const message = error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error);
  failures.push(`${figure}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { figure, ours: `FAILED: ${message}`, baseline: '', ratio: '', budget: '' };
}

function rawRuns(label: string, values: readonly number[], digits = 1): void {
  raw.push(`- ${label}: ${values.map((v) => v.toFixed(digits)).join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Setup: build, databases, the notes to measure

interface Target {
  title: string;
  path: string;
  shareId: string;
  enmlBytes: number;
}

interface Fixture {
  dbPath: string;
  median: Target;
  largest: Target;
  notebookLess: Target;
  others: Target[];
  image: string;
  /** A public notebook page (the demo seeds its notebooks shared). */
  notebook: string;
  corpusNotes: number;
}

function run(command: string, args: string[]): void {
  progress(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
}

function notesCli(args: string[], dbPath: string): { status: number; stdout: string } {
  const result = spawnSync(process.execPath, [tsxCli, 'scripts/notes.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, NOTES_DB_PATH: dbPath, NOTES_SEED_DEMO: 'true' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status ?? -1, stdout: `${result.stdout}${result.stderr}` };
}

function prepareFixture(enexDir: string): Fixture {
  const dir = tempDir();
  const seeded = join(dir, 'seeded', 'notes.db');
  mkdirSync(join(dir, 'seeded'));
  const seed = notesCli(['list'], seeded);
  if (seed.status !== 0) throw new Error(`seeding the demo notes failed:\n${seed.stdout}`);
  const dbPath = copyDatabase(seeded);
  const files = listEnexFiles(enexDir);
  const imported = notesCli(['import', ...files, '--notebook', CORPUS_NOTEBOOK, '--publish', '--indexable'], dbPath);
  // The CLI exits 1 when a file is refused as a whole; the corpus has none, but one would not stop the bench.
  const refused = imported.stdout.split('\n').filter((line) => line.startsWith('REFUSED')).length;
  const failed = imported.stdout.split('\n').filter((line) => line.startsWith('FAILED')).length;
  if (imported.status !== 0 && refused === 0) throw new Error(`corpus import failed:\n${imported.stdout.slice(-3000)}`);
  progress(`imported ${files.length} ENEX files from ${enexDir} (${failed} notes failed, ${refused} files refused, as the README expects)`);

  const db = new Database(dbPath);
  try {
    type NoteRow = { id: string; title: string; share_id: string; len: number; notebook: string | null };
    const select = `SELECT n.id, n.title, s.share_id, length(CAST(n.enml AS BLOB)) AS len, b.name AS notebook
      FROM notes n JOIN shares s ON s.note_id = n.id AND s.state = 'indexable' LEFT JOIN notebooks b ON b.id = n.notebook_id`;
    const corpus = db.prepare<[string], NoteRow>(`${select} WHERE b.name = ? ORDER BY len, n.id`).all(CORPUS_NOTEBOOK);
    const demo = db.prepare<[string], NoteRow>(`${select} WHERE b.name IS NOT ? ORDER BY len DESC`).all(CORPUS_NOTEBOOK);
    if (corpus.length < 3) throw new Error(`only ${corpus.length} corpus notes were imported`);
    const target = (r: NoteRow): Target => ({ title: r.title || 'Untitled', shareId: r.share_id, path: notePath(r.share_id, r.title || 'Untitled'), enmlBytes: r.len });
    const medianIndex = Math.floor((corpus.length - 1) / 2);
    const median = corpus[medianIndex] as NoteRow;
    const notebookLess = corpus[medianIndex + 1] as NoteRow;
    const largest = demo.find((r) => r.title === LARGEST_DEMO_TITLE);
    if (!largest) throw new Error(`demo note "${LARGEST_DEMO_TITLE}" is not an indexable share`);
    // One note without a notebook, for the page-bytes row (the CLI always files notes into one).
    db.prepare('UPDATE notes SET notebook_id = NULL WHERE id = ?').run(notebookLess.id);
    const images = db.prepare<[], { share_id: string; hash: string }>(`
      SELECT s.share_id, r.hash FROM shares s JOIN note_resources nr ON nr.note_id = s.note_id JOIN resources r ON r.hash = nr.hash
      WHERE s.state = 'indexable' AND r.width IS NOT NULL AND r.mime LIKE 'image/%' ORDER BY r.size, r.hash`).all();
    const image = images[Math.floor(images.length / 2)];
    if (!image) throw new Error('the corpus has no served image');
    const others = demo.filter((r) => r.title !== LARGEST_DEMO_TITLE).slice(0, 3).map(target);
    const notebooks = JSON.parse(notesCli(['notebooks', '--json'], dbPath).stdout) as Array<{ shareId: string | null }>;
    const notebook = notebooks.find((n) => n.shareId)?.shareId;
    if (!notebook) throw new Error('the demo notebooks are not shared');
    return { dbPath, median: target(median), largest: target(largest), notebookLess: target(notebookLess), others, image: `/r/${image.share_id}/${image.hash}`, notebook: `/nb/${notebook}`, corpusNotes: corpus.length };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Servers

function webFunctionEnv(port: number, dbPath: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_BIN: process.execPath,
    SCF_PORT: String(port),
    NOTES_DB_PATH: resolve(dbPath),
    NOTES_SEED_DEMO: 'false',
    DEPLOY_ENV: 'production',
    SITE_URL: `http://localhost:${port}`,
    PAGE_CACHE_ENTRIES: '',
    BENCH_ROUTES: 'false',
    ...extra,
  };
}

async function startWebFunction(port: number, dbPath: string, extra: Record<string, string> = {}): Promise<Proc> {
  await assertPortFree(port);
  const proc = startProc(join(functionDir, 'scf_bootstrap'), [], webFunctionEnv(port, dbPath, extra), functionDir);
  await waitForStatus(proc, `http://127.0.0.1:${port}/`, 200, 90_000, 20);
  return proc;
}

function nextStartArgs(port: number): string[] {
  return [nextBin, 'start', '-p', String(port), '-H', '0.0.0.0'];
}

function nextStartEnv(port: number, dbPath: string): Record<string, string> {
  return { NOTES_DB_PATH: resolve(dbPath), NOTES_SEED_DEMO: 'false', DEPLOY_ENV: 'production', SITE_URL: `http://localhost:${port}`, PAGE_CACHE_ENTRIES: '', BENCH_ROUTES: 'false' };
}

async function expectStatus(url: string, status: number, headers: Record<string, string> = {}): Promise<void> {
  const res = await httpGet(url, headers);
  if (res.status !== status) throw new Error(`${url} answered ${res.status}, expected ${status}`);
}

async function load(spec: LoadSpec, status: number, label: string): Promise<LoadResult> {
  const result = await runLoad(spec);
  if (!isClean(result, status)) {
    notes.push(`${label}: unexpected answers during load ${JSON.stringify(result.statuses)}, ${result.errors} errors/timeouts`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Rows

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
      budget: 'report only',
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
    costLine = `**Cost estimate:** ${num(msPer(ours.cpu, ours.requests))} ms of CPU (user+system, /proc/<pid>/stat over ${ours.requests.toLocaleString('en-US')} uncached renders of the median note at 10 connections) per render → **${num(gbs(ours.cpu, ours.requests))} GB-s per 1,000,000 uncached note renders** at 256 MB. Through Next's pipeline: ${num(msPer(viaNext.cpu, viaNext.requests))} ms (${num(gbs(viaNext.cpu, viaNext.requests))} GB-s per million). The floor page costs ${num(msPer(ours.floorCpu, ours.floorRequests))} ms CPU per request (${num(gbs(ours.floorCpu, ours.floorRequests))} GB-s per million). CPU time is a lower bound: SCF bills each invocation's wall-clock duration, which includes waiting.`;
  } finally {
    for (const server of servers) await server.stop();
    for (const db of dbs) removeTempDir(resolve(db, '..'));
  }
}

async function hotRows(f: Fixture): Promise<Map<string, { html: number; scripts: ScriptCount; status: number }>> {
  progress('hot note and 304: web function with the page cache on (default) vs a plain node:http replay');
  const db = copyDatabase(f.dbPath);
  const server = await startWebFunction(PORT.hot, db);
  let plain: Proc | null = null;
  // The production shape too: the function on the note service (NOTE_STORE=http, the reference
  // service over a copy of the same database), whose adapter keeps versions for NOTE_CACHE_TTL_MS.
  const serviceDb = copyDatabase(f.dbPath);
  let service: Proc | null = null;
  let httpServer: Proc | null = null;
  try {
    await assertPortFree(PORT.noteService);
    service = startProc(process.execPath, ['--import', 'tsx', 'scripts/note-service.ts'], { NOTES_DB_PATH: resolve(serviceDb), NOTES_SEED_DEMO: 'false', NOTE_SERVICE_PORT: String(PORT.noteService) }, repoRoot);
    await waitForStatus(service, `http://127.0.0.1:${PORT.noteService}/v1/shares/AAAAAAAAAAAAAAAAAAAAAA`, 404, 60_000, 20);
    httpServer = await startWebFunction(PORT.hotHttp, db, { NOTE_STORE: 'http', NOTE_SERVICE_URL: `http://127.0.0.1:${PORT.noteService}` });
    const httpUrl = `http://127.0.0.1:${PORT.hotHttp}${f.median.path}`;
    await httpGet(httpUrl);
    const base = `http://127.0.0.1:${PORT.hot}`;
    const url = base + f.median.path;
    await httpGet(url);
    const page = await httpGet(url);
    if (page.status !== 200) throw new Error(`${url} answered ${page.status}`);
    const etag = page.headers.etag;
    if (typeof etag !== 'string') throw new Error('the note page sent no ETag');
    const notModified = await httpGet(url, { 'if-none-match': etag });
    if (notModified.status !== 304) throw new Error(`If-None-Match answered ${notModified.status}, expected 304`);

    await assertPortFree(PORT.plain);
    plain = startPlainServer(PORT.plain, {
      etag,
      headers: replayableHeaders(page.headers),
      body: page.body.toString('base64'),
      notModifiedHeaders: replayableHeaders(notModified.headers),
    });
    const plainUrl = `http://127.0.0.1:${PORT.plain}${f.median.path}`;
    await waitForStatus(plain, plainUrl, 200, 10_000, 20);
    const replay = await httpGet(plainUrl);
    if (!replay.body.equals(page.body)) throw new Error('the plain server does not replay the same bytes');
    await expectStatus(plainUrl, 304, { 'if-none-match': etag });
    await expectStatus(httpUrl, 304, { 'if-none-match': etag });

    // Page weights, from the same server.
    const pages = new Map<string, { html: number; scripts: ScriptCount; status: number }>();
    const kinds: Array<[string, string]> = [
      [`Note page (median corpus note)`, f.median.path],
      [`Note page, largest demo note`, f.largest.path],
      [`Note page without a notebook ("${f.notebookLess.title}")`, f.notebookLess.path],
      ['Public notebook page', f.notebook],
      ['Home (zh-CN, static)', '/'],
      ['Home (en, static)', '/en'],
      ['Features (static)', '/features'],
      ['Explore (latest notes)', '/explore'],
      ['404 (unknown share)', '/s/AAAAAAAAAAAAAAAAAAAAAA/missing'],
      ['404 (unknown path)', '/no-such-page'],
    ];
    for (const [label, path] of kinds) {
      const res = await httpGet(base + path);
      pages.set(label, { html: res.body.length, scripts: await countScripts(res.body.toString('utf8'), base), status: res.status });
    }
    for (const u of [url, plainUrl, httpUrl]) await runLoad({ url: u, durationSec: 1 });
    const hot: number[] = [];
    const hotPlain: number[] = [];
    const cond: number[] = [];
    const condPlain: number[] = [];
    const condHttp: number[] = [];
    const inm = { 'if-none-match': etag };
    for (let i = 0; i < LOAD_RUNS; i += 1) {
      hot.push((await load({ url, durationSec: LOAD_SECONDS }, 200, 'hot note')).rps);
      hotPlain.push((await load({ url: plainUrl, durationSec: LOAD_SECONDS }, 200, 'plain server')).rps);
      cond.push((await load({ url, durationSec: LOAD_SECONDS, headers: inm }, 304, '304 note')).rps);
      condPlain.push((await load({ url: plainUrl, durationSec: LOAD_SECONDS, headers: inm }, 304, 'plain 304')).rps);
      condHttp.push((await load({ url: httpUrl, durationSec: LOAD_SECONDS, headers: inm }, 304, '304 note, note service')).rps);
      progress(`  run ${i + 1}/${LOAD_RUNS}: hot ${num(hot[i] ?? Number.NaN)} vs plain ${num(hotPlain[i] ?? Number.NaN)} req/s; 304 ${num(cond[i] ?? Number.NaN)} (note service: ${num(condHttp[i] ?? Number.NaN)}) vs plain ${num(condPlain[i] ?? Number.NaN)} req/s`);
    }
    const h = summarize(hot);
    const hp = summarize(hotPlain);
    const c = summarize(cond);
    const cp = summarize(condPlain);
    rows.push({
      figure: `Hot note (page cache on, ${kb(page.body.length)} of HTML), req/s`,
      ours: range(h),
      baseline: `plain node:http, same bytes + headers: ${range(hp)}`,
      ratio: ratio(h.median, hp.median),
      budget: verdict('≥ 0.35x', h.median >= 0.35 * hp.median),
    });
    rows.push({
      figure: 'Conditional GET answered 304 (If-None-Match = ETag), req/s',
      ours: range(c),
      baseline: `plain node:http 304: ${range(cp)}`,
      ratio: ratio(c.median, cp.median),
      budget: verdict('≥ 0.5x', c.median >= 0.5 * cp.median),
    });
    const ch = summarize(condHttp);
    rows.push({
      figure: 'Conditional GET answered 304, function on the note service (NOTE_STORE=http: the production adapter, versions kept for NOTE_CACHE_TTL_MS), req/s',
      ours: range(ch),
      baseline: `plain node:http 304: ${range(cp)}`,
      ratio: ratio(ch.median, cp.median),
      budget: 'report only',
    });
    rawRuns('hot note, req/s', hot);
    rawRuns('plain server 200, req/s', hotPlain);
    rawRuns('note 304, req/s', cond);
    rawRuns('plain server 304, req/s', condPlain);
    rawRuns('note 304 on the note service, req/s', condHttp);

    return pages;
  } finally {
    await plain?.stop();
    await httpServer?.stop();
    await service?.stop();
    await server.stop();
    removeTempDir(resolve(db, '..'));
    removeTempDir(resolve(serviceDb, '..'));
  }
}

function pageRows(pages: Map<string, { html: number; scripts: ScriptCount; status: number }>): void {
  pageTable = ['| Page | Status | HTML | Executable scripts | JS bytes | Data blocks (not JS) | Budget |', '|---|---|---|---|---|---|---|'];
  for (const [label, p] of pages) {
    const isNote = label.startsWith('Note page');
    const ok = p.scripts.executable === 0 && p.scripts.jsBytes === 0;
    const data = p.scripts.dataBlocks.length === 0 ? '0' : `${p.scripts.dataBlocks.length} (${[...new Set(p.scripts.dataBlocks)].join(', ')})`;
    pageTable.push(`| ${label} | ${p.status} | ${kb(p.html)} | ${p.scripts.executable} | ${p.scripts.jsBytes} B | ${data} | ${isNote ? verdict('0 B of JS', ok) : 'report only'} |`);
  }
}

function renderRow(enexDir: string): void {
  progress(`ENML render throughput: ${RENDER_RUNS} runs in a NODE_ENV=production worker`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join('scripts', 'bench', 'render-worker.ts'), enexDir, String(RENDER_RUNS)], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  const marker = result.stdout.lastIndexOf('@@RESULT@@');
  if (result.status !== 0 || marker < 0) throw new Error(`render worker failed (${result.status ?? result.signal}): ${result.stderr.slice(-2000)}`);
  const report = JSON.parse(result.stdout.slice(marker + '@@RESULT@@'.length)) as RenderReport;
  const ours = summarize(report.ours);
  const base = summarize(report.baseline);
  rows.push({
    figure: `ENML → HTML render alone (parseEnml + renderEnml + renderToStaticMarkup), notes/s over the corpus (${report.notes} notes from ${report.files} files, ${report.failedNotes} that do not parse skipped; ${kb(report.htmlBytes)} of HTML)`,
    ours: range(ours),
    baseline: `fixed tree, ${report.elements.toLocaleString('en-US')} elements, built once: ${range(base)}`,
    ratio: ratio(ours.median, base.median),
    budget: 'report only',
  });
  rawRuns('render, notes/s', report.ours, 0);
  rawRuns('fixed tree, notes/s equivalent', report.baseline, 0);
}

/** Runs sls.js the component's way in a fresh process: one invocation, time since process start. */
const EVENT_INVOKER = `
const path = require('node:path');
const [dir, httpLib, eventJson] = process.argv.slice(1);
const { createServer, proxy } = require(httpLib);
(async () => {
  const app = await require(path.join(dir, 'sls.js'))();
  const context = { callbackWaitsForEmptyEventLoop: app.callbackWaitsForEmptyEventLoop !== false };
  const server = createServer(app, null, app.binaryTypes || []);
  const result = await proxy(server, JSON.parse(eventJson), context, 'PROMISE').promise;
  const ms = performance.now();
  process.stdout.write('\\n@@RESULT@@' + JSON.stringify({ ms, status: result.statusCode, bytes: result.body.length }) + '\\n');
  process.exit(0);
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});
`;

/** NODE_OPTIONS of the event function, as serverless.yml sets it. */
function eventFunctionNodeOptions(): string {
  const match = readFileSync(join(repoRoot, 'serverless.yml'), 'utf8').match(/^\s*NODE_OPTIONS:\s*(.+?)\s*$/m);
  if (!match?.[1]) throw new Error('serverless.yml sets no NODE_OPTIONS for the function');
  return match[1].replace(/^['"]|['"]$/g, '');
}

/** What dist/startup-cache.bin holds (startup-cache.js writes a JSON header before the code caches). */
function startupCacheSummary(): string {
  const file = join(functionDir, 'startup-cache.bin');
  if (!existsSync(file)) return 'no start-up cache in the package';
  const buffer = readFileSync(file);
  const header = JSON.parse(buffer.subarray(4, 4 + buffer.readUInt32LE(0)).toString('utf8')) as { modules: unknown[]; resolutions: Record<string, string>; node: string };
  return `start-up cache (dist/startup-cache.bin, recorded by npm run package on ${header.node}): ${(buffer.length / 1e6).toFixed(1)} MB, V8 code cache of ${header.modules.length} modules and ${Object.keys(header.resolutions).length} module resolutions`;
}

async function coldEvent(f: Fixture): Promise<{ ms: number; wallMs: number }> {
  const db = copyDatabase(f.dbPath);
  try {
    const event = { httpMethod: 'GET', path: f.median.path, headers: { host: 'notes.example.com', 'accept-language': 'zh-CN' }, queryString: {}, body: '', isBase64Encoded: false };
    const proc = startProc(process.execPath, ['-e', EVENT_INVOKER, functionDir, join(repoRoot, 'node_modules', 'tencent-serverless-http'), JSON.stringify(event)], {
      NOTES_DB_PATH: db, NOTES_SEED_DEMO: 'false', DEPLOY_ENV: 'production', SITE_URL: 'https://notes.example.com', PAGE_CACHE_ENTRIES: '', BENCH_ROUTES: 'false',
      // The V8 flags serverless.yml gives the event function (the start-up cache is only valid under them).
      NODE_OPTIONS: eventFunctionNodeOptions(),
    }, functionDir);
    const code = await new Promise<number | null>((done) => {
      if (proc.exited()) done(proc.child.exitCode);
      else proc.child.once('exit', (c) => done(c));
    });
    const wallMs = performance.now() - proc.startedAt;
    const out = proc.output();
    const marker = out.lastIndexOf('@@RESULT@@');
    if (code !== 0 || marker < 0) throw new Error(`event invocation failed (${code}): ${out.slice(-2000)}`);
    const result = JSON.parse(out.slice(marker + '@@RESULT@@'.length).split('\n')[0] ?? '{}') as { ms: number; status: number };
    if (result.status !== 200) throw new Error(`event invocation answered ${result.status}`);
    return { ms: result.ms, wallMs };
  } finally {
    removeTempDir(resolve(db, '..'));
  }
}

/**
 * `web-home`: the first request is the home page, which needs Next (notes are answered before Next
 * loads); `web-through-next`: NOTE_RENDER_OUTSIDE_NEXT=false, so Next loads before the first note.
 */
type ColdKind = 'web' | 'web-no-cache' | 'web-home' | 'web-through-next' | 'web-moved' | 'next';

const COLD_WEB_ENV: Record<Exclude<ColdKind, 'next'>, Record<string, string>> = {
  web: {},
  'web-no-cache': { STARTUP_CACHE: 'off' },
  'web-home': {},
  'web-through-next': { NOTE_RENDER_OUTSIDE_NEXT: 'false' },
  'web-moved': {},
};

/**
 * A copy of the package in another folder, as SCF runs it from its own code directory: the
 * start-up cache then uses only its module resolutions (startup-cache.js explains why).
 */
let movedFunctionDir: string | null = null;
function movedPackage(): string {
  if (!movedFunctionDir) {
    movedFunctionDir = join(tempDir(), 'moved-function');
    cpSync(functionDir, movedFunctionDir, { recursive: true, verbatimSymlinks: true });
  }
  return movedFunctionDir;
}

async function coldHttp(f: Fixture, kind: ColdKind): Promise<number> {
  const db = copyDatabase(f.dbPath);
  const port = kind === 'next' ? PORT.coldNext : PORT.coldWeb;
  await assertPortFree(port);
  const dir = kind === 'web-moved' ? movedPackage() : functionDir;
  const proc = kind !== 'next'
    ? startProc(join(dir, 'scf_bootstrap'), [], webFunctionEnv(port, db, COLD_WEB_ENV[kind]), dir)
    : startProc(process.execPath, nextStartArgs(port), nextStartEnv(port, db), repoRoot);
  try {
    return await waitForStatus(proc, `http://127.0.0.1:${port}${kind === 'web-home' ? '/' : f.median.path}`, 200, 90_000, 5);
  } finally {
    await proc.stop();
    removeTempDir(resolve(db, '..'));
  }
}

/** A cold start whose process died from outside (another session's pkill, say) is taken again, up to twice. */
async function attempt<T>(label: string, measure: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await measure();
    } catch (error) {
      if (i >= 3) throw error;
      const reason = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
      notes.push(`${label}: one attempt failed and was repeated (${reason})`);
      progress(`  ${label} failed, repeating: ${reason}`);
    }
  }
}

async function coldRows(f: Fixture): Promise<void> {
  progress(`cold starts: ${COLD_RUNS} x (web function, event function, bare next start), spawn to first 200 of the median note`);
  const web: number[] = [];
  const event: number[] = [];
  const eventWall: number[] = [];
  const next: number[] = [];
  const noCache: number[] = [];
  const home: number[] = [];
  const throughNext: number[] = [];
  const moved: number[] = [];
  for (let i = 0; i < COLD_RUNS; i += 1) {
    web.push(await attempt('cold start, web function', () => coldHttp(f, 'web')));
    noCache.push(await attempt('cold start, web function without start-up cache', () => coldHttp(f, 'web-no-cache')));
    home.push(await attempt('cold start, web function to the home page', () => coldHttp(f, 'web-home')));
    throughNext.push(await attempt('cold start, web function with notes through Next', () => coldHttp(f, 'web-through-next')));
    moved.push(await attempt('cold start, web function moved to another folder', () => coldHttp(f, 'web-moved')));
    const e = await attempt('cold start, event function', () => coldEvent(f));
    event.push(e.ms);
    eventWall.push(e.wallMs);
    next.push(await attempt('cold start, next start', () => coldHttp(f, 'next')));
    progress(`  run ${i + 1}/${COLD_RUNS}: web ${num(web[i] ?? Number.NaN)} ms (no cache ${num(noCache[i] ?? Number.NaN)} ms, home page ${num(home[i] ?? Number.NaN)} ms, moved ${num(moved[i] ?? Number.NaN)} ms, notes through Next ${num(throughNext[i] ?? Number.NaN)} ms), event ${num(event[i] ?? Number.NaN)} ms, next start ${num(next[i] ?? Number.NaN)} ms`);
  }
  const w = summarize(web);
  const e = summarize(event);
  const n = summarize(next);
  const c = summarize(noCache);
  const h = summarize(home);
  const t = summarize(throughNext);
  const m = summarize(moved);
  notes.push(startupCacheSummary());
  /** A cold-start row against bare `next start`; `budgeted` rows are held to the ≤ 350 ms budget. */
  const coldRow = (figure: string, ours: ReturnType<typeof summarize>, budgeted: boolean, baseline = 'bare next start'): void => {
    rows.push({
      figure,
      ours: range(ours),
      baseline: `${baseline}: ${range(n)}`,
      ratio: ratio(ours.median, n.median),
      budget: budgeted ? verdict('≤ 350 ms', ours.median <= 350) : 'report only',
    });
  };
  coldRow('Cold start to first note, web function (spawn dist/scf_bootstrap → first 200 of the note page), ms', w, true);
  coldRow('Cold start to first note, event function (node requires dist/sls.js, one invocation through tencent-serverless-http; time since process start), ms', e, true);
  coldRow('Cold start to first note, web function with STARTUP_CACHE=off (what the start-up cache buys), ms', c, false);
  coldRow('Cold start to first note, web function copied to another folder after packaging (as SCF runs it: code cache unused, resolutions used), ms', m, true);
  coldRow('Cold start to the first note when Next must load first (NOTE_RENDER_OUTSIDE_NEXT=false: what the early note pages buy), web function, ms', t, false);
  coldRow('Cold start to the first page that needs Next (the home page /), web function, ms', h, false, 'bare next start, first note');
  rawRuns('cold web function, ms', web, 0);
  rawRuns('cold web function, first request /, ms', home, 0);
  rawRuns('cold web function, NOTE_RENDER_OUTSIDE_NEXT=false, ms', throughNext, 0);
  rawRuns('cold web function, package moved to another folder, ms', moved, 0);
  rawRuns('cold web function, STARTUP_CACHE=off, ms', noCache, 0);
  rawRuns('cold event function (since process start), ms', event, 0);
  rawRuns('cold event function (parent: spawn → exit), ms', eventWall, 0);
  rawRuns('cold next start, ms', next, 0);
}

function duBytes(paths: string[]): number {
  const existing = paths.filter((p) => existsSync(p));
  if (existing.length === 0) return 0;
  const out = spawnSync('du', ['-scb', ...existing], { encoding: 'utf8' });
  const total = /(\d+)\s+total\s*$/m.exec(out.stdout)?.[1];
  if (!total) throw new Error(`du failed: ${out.stderr}`);
  return Number(total);
}

/** Zips `paths` (relative to cwd) with zip -qr -9; returns bytes and seconds, or null on timeout. */
function zipSize(cwd: string, paths: string[], timeoutS: number): { bytes: number; seconds: number } | null {
  const out = join(tempDir(), 'package.zip');
  const startedAt = performance.now();
  const result = spawnSync('zip', ['-qr', '-9', out, ...paths], { cwd, timeout: timeoutS * 1000, killSignal: 'SIGKILL', stdio: 'ignore' });
  const seconds = (performance.now() - startedAt) / 1000;
  if (result.error || result.status !== 0) {
    if (result.signal) return null;
    throw new Error(`zip failed with ${result.status ?? result.signal}`);
  }
  const bytes = statSync(out).size;
  removeTempDir(resolve(out, '..'));
  return { bytes, seconds };
}

function packageRows(): void {
  progress('function package size');
  const distBytes = duBytes([functionDir]);
  const sources = ['pages', 'components', 'lib', 'styles', 'public', 'demo', 'scripts', 'next.config.js', 'package.json', 'package-lock.json', 'sls.js', 'scf_bootstrap', 'tsconfig.json', 'next-env.d.ts', 'serverless.yml'];
  const projectPaths = ['node_modules', '.next', ...sources].filter((p) => existsSync(join(repoRoot, p)));
  const projectBytes = duBytes(projectPaths.map((p) => join(repoRoot, p)));
  const unzipped: Row = {
    figure: 'Function package, unzipped (du -b)',
    ours: `dist/: ${mb(distBytes)}`,
    baseline: `node_modules + .next + sources: ${mb(projectBytes)}`,
    ratio: ratio(distBytes, projectBytes),
    budget: 'report only',
  };
  if (!existsSync('/usr/bin/zip')) {
    notes.push('/usr/bin/zip is missing: zipped sizes skipped.');
    rows.push(unzipped);
    return;
  }
  const dist = zipSize(functionDir, ['.'], 600);
  if (!dist) throw new Error('zipping dist/ timed out');
  // Zip the whole project only when it should finish within the limit; otherwise estimate it. The
  // projection scales dist/'s time by size; node_modules' many small files zip slower per byte, so
  // only a projection under half the limit is worth the attempt.
  const projected = dist.seconds * (projectBytes / distBytes);
  let project: { bytes: number; estimated: boolean } | null = null;
  if (projected < ZIP_TIME_LIMIT_S / 2) {
    const zipped = zipSize(repoRoot, projectPaths, ZIP_TIME_LIMIT_S);
    if (zipped) project = { bytes: zipped.bytes, estimated: false };
  }
  project ??= { bytes: projectBytes * (dist.bytes / distBytes), estimated: true };
  if (project.estimated) {
    notes.push(`Whole-project zip not taken: projected at ${num(projected)} s from dist/ (${num(dist.seconds)} s for ${mb(distBytes)}; small files zip slower per byte, so anything over ${ZIP_TIME_LIMIT_S / 2} s is expected to exceed the ${ZIP_TIME_LIMIT_S} s limit${projected < ZIP_TIME_LIMIT_S / 2 ? ', and this attempt did' : ''}). Its zipped size is estimated with dist/'s compression ratio (${num(dist.bytes / distBytes)}).`);
  }
  rows.push({
    figure: 'Function package, zipped (zip -qr -9)',
    ours: `dist/: ${mb(dist.bytes)}`,
    baseline: `whole project: ${mb(project.bytes)}${project.estimated ? ' (estimated)' : ''}`,
    ratio: ratio(dist.bytes, project.bytes),
    budget: verdict('≤ 15 MB', dist.bytes <= 15 * 1024 * 1024),
  }, unzipped);
}

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

async function sitemapRow(): Promise<void> {
  progress(`sitemap: building a database with ${SITEMAP_NOTES.toLocaleString('en-US')} indexable notes`);
  const dir = tempDir('notes-bench-sitemap-');
  const dbPath = join(dir, 'notes.db');
  const buildStart = performance.now();
  buildSitemapDatabase(dbPath, SITEMAP_NOTES);
  const buildSeconds = (performance.now() - buildStart) / 1000;
  progress(`  built in ${num(buildSeconds)} s (${mb(statSync(dbPath).size)}); starting the web function on it`);
  const server = await startWebFunction(PORT.sitemap, dbPath);
  let sampler: NodeJS.Timeout | null = null;
  try {
    const base = `http://127.0.0.1:${PORT.sitemap}`;
    const before = rssBytes(server.pid);
    let sampledPeak = before;
    sampler = setInterval(() => {
      try {
        sampledPeak = Math.max(sampledPeak, rssBytes(server.pid));
      } catch {
        // server gone; the fetch fails too
      }
    }, 20);
    const t0 = performance.now();
    const index = await httpGet(`${base}/sitemap.xml`);
    if (index.status !== 200) throw new Error(`/sitemap.xml answered ${index.status}`);
    const indexMs = performance.now() - t0;
    const locs = [...index.body.toString('utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '', base));
    let urls = 0;
    let largest = 0;
    let bytes = index.body.length;
    for (const [i, loc] of locs.entries()) {
      const shard = await httpCount(`${base}${loc.pathname}`, '<url>');
      if (shard.status !== 200) throw new Error(`${loc.pathname} answered ${shard.status}`);
      urls += shard.count;
      bytes += shard.bytes;
      largest = Math.max(largest, shard.bytes);
      if ((i + 1) % 50 === 0) progress(`  ${i + 1}/${locs.length} shards, ${urls.toLocaleString('en-US')} URLs`);
    }
    const totalSeconds = (performance.now() - t0) / 1000;
    const peak = peakRssBytes(server.pid);
    if (urls !== SITEMAP_NOTES) notes.push(`sitemap: ${urls.toLocaleString('en-US')} URLs listed for ${SITEMAP_NOTES.toLocaleString('en-US')} indexable notes`);
    rows.push({
      figure: `Sitemap of ${SITEMAP_NOTES.toLocaleString('en-US')} indexable notes (/sitemap.xml + every shard, sequential, streamed)`,
      ours: `${num(totalSeconds)} s total (index ${num(indexMs)} ms); ${locs.length} shards, ${urls.toLocaleString('en-US')} URLs, ${mb(bytes)}; largest shard ${mb(largest)}; RSS ${mb(before)} before → peak ${mb(peak)} (VmHWM; sampled VmRSS peak ${mb(sampledPeak)})`,
      baseline: '-',
      ratio: '-',
      budget: verdict('largest shard ≤ 10 MB (Baidu cap)', largest <= 10 * 1024 * 1024),
    });
    notes.push(`Sitemap database built with better-sqlite3 in ${num(buildSeconds)} s (not part of the figure).`);
  } finally {
    if (sampler) clearInterval(sampler);
    await server.stop();
    removeTempDir(dir);
  }
}

// ---------------------------------------------------------------------------------------------

function cpuModel(): string {
  try {
    const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    if (model) return model.trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

function report(): string {
  const lines = [
    '# Benchmarks',
    '',
    '> Generated by `npm run bench` (scripts/bench.ts). Do not edit by hand: run the bench again.',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Node.js: ${process.version}`,
    `- CPU: ${cpuModel()} (${cpus().length} cores)`,
    `- Method: every baseline is measured in the same run as its row. Load tests: autocannon, 10 connections, ${LOAD_SECONDS} s per run, median of ${LOAD_RUNS} runs (min–max), runs interleaved with their baseline after a 1 s warm-up; cold starts: median of ${COLD_RUNS}; render: median of ${RENDER_RUNS} runs of ≥ 1 s; RSS after load: median of ${RSS_RUNS} runs, interleaved with the baseline. Servers run with DEPLOY_ENV=production on fresh copies of a database seeded with the demo notes plus the ENEX corpus.`,
    '',
    '| Figure | Ours | Baseline (same run) | Ratio | Budget |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${[r.figure, r.ours, r.baseline, r.ratio, r.budget].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
    '',
  ];
  if (costLine) lines.push(costLine, '');
  if (pageTable.length > 0) lines.push('### HTML and JavaScript per page type', '', ...pageTable, '', 'Executable scripts: `<script src>` and inline scripts of a JavaScript type; JS bytes include the files behind `src`. JSON-LD and other data blocks are not executed and not counted.', '');
  if (notes.length > 0) lines.push('### Notes', '', ...notes.map((n) => `- ${n}`), '');
  if (raw.length > 0) lines.push('### Raw runs', '', ...raw, '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean) : null;
  const unknown = args.filter((a, i) => a !== '--no-build' && i !== onlyAt && i !== onlyAt + 1);
  if (unknown.length > 0 || (only && only.length === 0)) throw new Error(`unknown arguments: ${unknown.join(' ')} (usage: npm run bench [-- --no-build] [--only <step>,<step>])`);
  if (args.includes('--no-build')) progress('--no-build: using the existing build and dist/');
  else {
    run('npm', ['run', 'build']);
    run('npm', ['run', 'package']);
  }
  if (!existsSync(join(functionDir, 'server.js')) || !existsSync(join(functionDir, 'sls.js'))) throw new Error('dist/ is missing: run without --no-build');
  const enexDir = join(resolve(process.env.CORPUS_DIR ?? join(repoRoot, '..', 'shared', 'corpus')), 'enex');
  if (!existsSync(enexDir)) throw new Error(`ENEX corpus not found at ${enexDir} (set CORPUS_DIR)`);

  progress('preparing databases: demo seed + corpus import through the CLI');
  const fixture = prepareFixture(enexDir);
  progress(`median corpus note: "${fixture.median.title}" (${kb(fixture.median.enmlBytes)} ENML, of ${fixture.corpusNotes} corpus notes); largest demo note: "${fixture.largest.title}" (${kb(fixture.largest.enmlBytes)})`);

  const steps: Array<[string, () => Promise<void> | void]> = [
    ['Uncached SSR', () => uncachedRows(fixture)],
    ['Hot note / 304', async () => pageRows(await hotRows(fixture))],
    ['ENML render', () => renderRow(enexDir)],
    ['Cold starts', () => coldRows(fixture)],
    ['Function package', () => packageRows()],
    ['RSS', () => rssRow(fixture)],
    ['Sitemap', () => sitemapRow()],
  ];
  const unknownSteps = (only ?? []).filter((name) => !steps.some(([stepName]) => stepName.toLowerCase() === name));
  if (unknownSteps.length > 0) throw new Error(`unknown steps: ${unknownSteps.join(', ')} (steps: ${steps.map(([name]) => name).join(', ')})`);
  for (const [name, step] of steps) {
    if (only && !only.includes(name.toLowerCase())) continue;
    // A server killed from outside mid-measurement spoils the step: take it once more before giving up.
    for (let tries = 1; ; tries += 1) {
      try {
        await step();
        break;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (tries < 2) {
          progress(`${name} failed, repeating the step: ${message.split('\n')[0] ?? ''}`);
          notes.push(`${name}: the first attempt failed and the step was repeated (${message.split('\n')[0] ?? ''})`);
          continue;
        }
        progress(`${name} FAILED: ${message}`);
        rows.push(failedRow(name, error));
        break;
      }
    }
    await sleep(200);
  }

  const markdown = report();
  console.log(`\n${markdown}`);
  if (only) progress(`--only: BENCHMARKS.md left as it was (${num((performance.now() - started) / 1000)} s)`);
  else {
    writeFileSync(join(repoRoot, 'BENCHMARKS.md'), markdown);
    progress(`wrote BENCHMARKS.md in ${num((performance.now() - started) / 1000)} s`);
  }
  if (failures.length > 0) {
    for (const failure of failures) console.error(failure);
    process.exitCode = 1;
  }
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

main()
  .catch((error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  })
  .finally(killAll);
