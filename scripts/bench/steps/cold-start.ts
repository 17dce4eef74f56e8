/**
 * Cold starts, spawn to first 200: the web function (several shapes), the event function and bare
 * `next start`, interleaved, median of COLD_RUNS.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertPortFree, copyDatabase, functionDir, processCpuMs, removeTempDir, repoRoot, startProc, tempDir, waitForStatus } from '../procs';
import { notes, progress, rawRuns, rows, verdict } from '../report';
import { scfEnvironment } from '../scf-env';
import { nextStartArgs, nextStartEnv, webFunctionEnv, type BenchStep, type Fixture } from '../setup';
import { num, range, ratio, summarize } from '../stats';

export const COLD_RUNS = 10;
const FLOOR_BASELINE = 'plain node http server (floor)';
/** Budget for a cold start to any page (a note, or a page that needs Next). */
const COLD_BUDGET_MS = 150;
const PORT = { coldWeb: 9411, coldNext: 9412 } as const;
/** Every process here starts in SCF's environment (scf-env.ts), not this shell's. */
const CLEAN = { inheritEnv: false } as const;
/**
 * The bench measures the embedded store, which refuses to start on SCF (TENCENTCLOUD_RUNENV=SCF)
 * unless the function is configured for it, as `npm run deploy` configures a demo (DEPLOY_DEMO=true).
 */
const EMBEDDED_STORE_ON_SCF = { NOTES_ALLOW_SQLITE_ON_SCF: 'true' } as const;

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

/** NODE_OPTIONS of the event function, as serverless.yml sets it (none since it deploys a web function). */
function eventFunctionNodeOptions(): string {
  const match = readFileSync(join(repoRoot, 'serverless.yml'), 'utf8').match(/^\s*NODE_OPTIONS:\s*(.+?)\s*$/m);
  return match?.[1] ? match[1].replace(/^['"]|['"]$/g, '') : '';
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
    const proc = startProc(process.execPath, ['-e', EVENT_INVOKER, functionDir, join(repoRoot, 'node_modules', 'tencent-serverless-http'), JSON.stringify(event)], scfEnvironment(functionDir, {
      NOTES_DB_PATH: db, NOTES_SEED_DEMO: 'false', DEPLOY_ENV: 'production', SITE_URL: 'https://notes.example.com', PAGE_CACHE_ENTRIES: '', BENCH_ROUTES: 'false',
      ...EMBEDDED_STORE_ON_SCF,
      // The V8 flags serverless.yml gives the event function (the start-up cache is only valid under them).
      NODE_OPTIONS: eventFunctionNodeOptions(),
    }), functionDir, CLEAN);
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
type ColdKind = 'web' | 'web-no-cache' | 'web-home' | 'web-through-next' | 'web-moved' | 'next' | 'floor';

/**
 * The floor of any cold start on this machine: Node.js starting a plain http server that answers
 * 200 to everything, spawned and polled exactly as the function is.
 */
const FLOOR_SERVER = `require('node:http').createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '0.0.0.0');`;

const COLD_WEB_ENV: Record<Exclude<ColdKind, 'next' | 'floor'>, Record<string, string>> = {
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

/**
 * Spawn to the first 200 of `path` (default: the median note; `/` for web-home). `web-moved` runs
 * the package from another folder, as SCF runs it. With `cpu`, the CPU time the process had used
 * when that answer arrived is added to it: unlike the wall time, it does not count the time the
 * process waited for a core on a busy machine.
 */
async function coldHttp(f: Fixture, kind: ColdKind, path = kind === 'web-home' ? '/' : f.median.path, cpu?: number[]): Promise<number> {
  const db = copyDatabase(f.dbPath);
  const port = kind === 'next' ? PORT.coldNext : PORT.coldWeb;
  await assertPortFree(port);
  const dir = kind === 'web-moved' ? movedPackage() : functionDir;
  const proc = kind === 'floor'
    ? startProc(process.execPath, ['-e', FLOOR_SERVER], scfEnvironment(repoRoot, { PORT: String(port) }), repoRoot, CLEAN)
    : kind !== 'next'
      ? startProc(join(dir, 'scf_bootstrap'), [], scfEnvironment(dir, webFunctionEnv(port, db, { ...COLD_WEB_ENV[kind], ...EMBEDDED_STORE_ON_SCF })), dir, CLEAN)
      : startProc(process.execPath, nextStartArgs(port), scfEnvironment(repoRoot, { ...nextStartEnv(port, db), ...EMBEDDED_STORE_ON_SCF }), repoRoot, CLEAN);
  try {
    const ms = await waitForStatus(proc, `http://127.0.0.1:${port}${path}`, 200, 90_000, 5);
    const cpuMs = processCpuMs(proc.pid);
    if (cpu && cpuMs !== null) cpu.push(cpuMs);
    return ms;
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

/** Every kind of page a new instance may be asked for first, each from the package as SCF runs it (another folder). */
function pageKinds(f: Fixture): Array<{ label: string; path: string }> {
  return [
    { label: 'home page /', path: '/' },
    { label: 'landing page /features', path: '/features' },
    { label: 'explore page /explore', path: '/explore' },
    { label: `public notebook page ${f.notebook.slice(0, 4)}…`, path: f.notebook },
    { label: `notebook search ${f.notebook.slice(0, 4)}…?q=`, path: `${f.notebook}?q=note` },
    { label: 'sitemap /sitemap.xml', path: '/sitemap.xml' },
    { label: 'site feed /feeds/notes.xml', path: '/feeds/notes.xml' },
    { label: 'robots.txt', path: '/robots.txt' },
  ];
}

async function coldRows(f: Fixture): Promise<void> {
  progress(`cold starts: ${COLD_RUNS} x (web function, event function, bare next start), spawn to first 200 of the median note, and of every other page kind`);
  const web: number[] = [];
  const event: number[] = [];
  const eventWall: number[] = [];
  const next: number[] = [];
  const floor: number[] = [];
  const noCache: number[] = [];
  const home: number[] = [];
  const throughNext: number[] = [];
  const moved: number[] = [];
  const kinds = pageKinds(f);
  const byKind: number[][] = kinds.map(() => []);
  const floorCpu: number[] = [];
  const movedCpu: number[] = [];
  const byKindCpu: number[][] = kinds.map(() => []);
  for (let i = 0; i < COLD_RUNS; i += 1) {
    floor.push(await attempt('cold start, plain node http server', () => coldHttp(f, 'floor', '/', floorCpu)));
    web.push(await attempt('cold start, web function', () => coldHttp(f, 'web')));
    noCache.push(await attempt('cold start, web function without start-up cache', () => coldHttp(f, 'web-no-cache')));
    home.push(await attempt('cold start, web function to the home page', () => coldHttp(f, 'web-home')));
    throughNext.push(await attempt('cold start, web function with notes through Next', () => coldHttp(f, 'web-through-next')));
    moved.push(await attempt('cold start, web function moved to another folder', () => coldHttp(f, 'web-moved', undefined, movedCpu)));
    const e = await attempt('cold start, event function', () => coldEvent(f));
    event.push(e.ms);
    eventWall.push(e.wallMs);
    next.push(await attempt('cold start, next start', () => coldHttp(f, 'next')));
    for (const [k, kind] of kinds.entries()) {
      byKind[k]?.push(await attempt(`cold start, web function moved, ${kind.label}`, () => coldHttp(f, 'web-moved', kind.path, byKindCpu[k])));
    }
    progress(`  run ${i + 1}/${COLD_RUNS}: floor ${num(floor[i] ?? Number.NaN)} ms, web ${num(web[i] ?? Number.NaN)} ms (no cache ${num(noCache[i] ?? Number.NaN)} ms, home page ${num(home[i] ?? Number.NaN)} ms, moved ${num(moved[i] ?? Number.NaN)} ms, notes through Next ${num(throughNext[i] ?? Number.NaN)} ms), event ${num(event[i] ?? Number.NaN)} ms, next start ${num(next[i] ?? Number.NaN)} ms; moved: ${kinds.map((kind, k) => `${kind.path.split('/')[1] || 'home'} ${num(byKind[k]?.[i] ?? Number.NaN)} ms`).join(', ')}`);
  }
  const w = summarize(web);
  const e = summarize(event);
  const n = summarize(next);
  const c = summarize(noCache);
  const h = summarize(home);
  const t = summarize(throughNext);
  const m = summarize(moved);
  const fl = summarize(floor);
  notes.push(startupCacheSummary());
  /**
   * A cold-start row against bare `next start`, or against the floor (a plain Node.js http server,
   * same run); `budgeted` rows are held to the cold-start budget.
   */
  const coldRow = (figure: string, ours: ReturnType<typeof summarize>, budgeted: boolean, baseline = 'bare next start'): void => {
    const base = baseline === FLOOR_BASELINE ? fl : n;
    rows.push({
      figure,
      ours: range(ours),
      baseline: `${baseline}: ${range(base)}`,
      ratio: ratio(ours.median, base.median),
      budget: budgeted ? verdict(`≤ ${COLD_BUDGET_MS} ms`, ours.median <= COLD_BUDGET_MS) : 'report only',
    });
  };
  coldRow('Cold start floor: a plain Node.js http server (node -e, spawn → first 200), ms', fl, false);
  coldRow('Cold start to first note, web function (spawn dist/scf_bootstrap → first 200 of the note page), ms', w, true);
  coldRow('Cold start to first note, event function (node requires dist/sls.js, one invocation through tencent-serverless-http; time since process start), ms', e, true);
  coldRow('Cold start to first note, web function with STARTUP_CACHE=off (what the start-up cache buys), ms', c, false);
  coldRow('Cold start to first note, web function copied to another folder after packaging (as SCF runs it: code cache unused, resolutions used), ms', m, true);
  coldRow('Cold start to the first note when Next must load first (NOTE_RENDER_OUTSIDE_NEXT=false: what the early note pages buy), web function, ms', t, false);
  coldRow('Cold start to the home page / (a page recorded at packaging), web function, ms', h, true, FLOOR_BASELINE);
  for (const [k, kind] of kinds.entries()) {
    coldRow(`Cold start to the first ${kind.label}, web function copied to another folder (as SCF runs it), ms`, summarize(byKind[k] ?? []), true, FLOOR_BASELINE);
  }
  // The same starts in CPU time (process from spawn to its first answer), against the floor's.
  if (floorCpu.length > 0) {
    const flCpu = summarize(floorCpu);
    const cpuRow = (figure: string, ours: number[]): void => {
      if (ours.length === 0) return;
      const s = summarize(ours);
      rows.push({ figure, ours: range(s), baseline: `plain node http server (floor), CPU: ${range(flCpu)}`, ratio: ratio(s.median, flCpu.median), budget: 'report only' });
    };
    cpuRow('Cold start floor in CPU time (the process, spawn → first 200), ms', floorCpu);
    cpuRow('Cold start to first note in CPU time, web function copied to another folder, ms', movedCpu);
    for (const [k, kind] of kinds.entries()) cpuRow(`Cold start to the first ${kind.label} in CPU time, web function copied to another folder, ms`, byKindCpu[k] ?? []);
  }
  rawRuns('cold web function, ms', web, 0);
  rawRuns('cold web function, first request /, ms', home, 0);
  rawRuns('cold web function, NOTE_RENDER_OUTSIDE_NEXT=false, ms', throughNext, 0);
  rawRuns('cold web function, package moved to another folder, ms', moved, 0);
  rawRuns('cold web function, STARTUP_CACHE=off, ms', noCache, 0);
  rawRuns('cold event function (since process start), ms', event, 0);
  rawRuns('cold event function (parent: spawn → exit), ms', eventWall, 0);
  rawRuns('cold next start, ms', next, 0);
  rawRuns('cold plain node http server (floor), ms', floor, 0);
  for (const [k, kind] of kinds.entries()) rawRuns(`cold web function moved, first ${kind.label}, ms`, byKind[k] ?? [], 0);
}

export const coldStep: BenchStep = { name: 'Cold starts', run: (ctx) => coldRows(ctx.fixture()) };
