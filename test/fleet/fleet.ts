import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFakeCdnApi, type FakeCdnApi } from '../fake-cdn-api';
import { freePort, startFaultProxy, type FaultProxy } from '../fault-proxy';
import { recordingLogger } from '../fake-upstream';
import { repoRoot } from '../paths';
import { runScfPackage, type ScfInstance } from '../scf/run-package';
import { functionDir, removeDir, requireFunctionPackage, seededDatabase } from '../serverless/harness';
import { openDatabase, SqliteNoteStore } from '../../lib/notes/adapters/sqlite-note-store';
import { startNoteService, type RunningNoteService } from '../../lib/notes/note-service/start-note-service';
import { startRoundRobin, type RoundRobin } from './round-robin';
import { startVarnish, type Cdn } from './varnish';

/**
 * The production picture on one machine: packaged web functions (run as SCF runs them) behind a
 * round-robin balancer, Varnish standing in for the CDN in front of them (purged through a stand-in
 * of Tencent's PurgeUrlsCache API that checks signatures), and the reference note service over a
 * SQLite file that the publishing CLI writes, behind a switch that can cut it off. The functions
 * are configured for consistency with NOTE_STORE=http and NOTE_SERVICE_URL only.
 */

const SECRET_ID = 'AKIDfleet0000000000000000000000000';
const SECRET_KEY = 'fleet-secret-key-000000000000000000';
export const INSTANCES = 3;

export interface Fleet {
  cdn: Cdn;
  cdnApi: FakeCdnApi;
  balancer: RoundRobin;
  instances: ScfInstance[];
  /** Between the functions and the note service: `down` is a killed service. */
  serviceLink: FaultProxy;
  service: RunningNoteService;
  store: SqliteNoteStore;
  dbPath: string;
  /** The note service's change head: it moves when the service acknowledges a write. */
  head(): number;
  /** Runs the publishing CLI against the service's database, purging through the CDN API. */
  cli(...args: string[]): Promise<string>;
  startInstances(env?: Record<string, string>): Promise<ScfInstance[]>;
  stop(): Promise<void>;
}

export async function startFleet(): Promise<Fleet> {
  requireFunctionPackage();
  const db = seededDatabase();
  const store = new SqliteNoteStore(openDatabase(db.dbPath));
  const service = await startNoteService({ store, port: 0, logger: recordingLogger() });
  const serviceLink = await startFaultProxy(service.url);
  const balancer = await startRoundRobin([]);
  const cdnPort = await freePort();
  const siteUrl = `http://127.0.0.1:${cdnPort}`;
  let cdn: Cdn | null = null;
  const cdnApi = await startFakeCdnApi({
    credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY },
    domains: [`127.0.0.1:${cdnPort}`],
    onPurge: async (urls) => {
      await Promise.all(urls.map((url) => (cdn ? cdn.purge(new URL(url).pathname + new URL(url).search, new URL(url).host) : Promise.resolve(0))));
    },
  });
  const startInstances = (env: Record<string, string> = {}): Promise<ScfInstance[]> => Promise.all(Array.from({ length: INSTANCES }, () => runScfPackage({
    packagePath: functionDir,
    env: { NOTE_STORE: 'http', NOTE_SERVICE_URL: serviceLink.url, SITE_URL: siteUrl, DEPLOY_ENV: 'production', ...env },
    readyPath: '/robots.txt',
  })));
  const instances = await startInstances();
  balancer.setInstances(instances.map((i) => i.url));
  cdn = await startVarnish(balancer.port, '/sitemap.xml', cdnPort);
  const fleet: Fleet = {
    cdn, cdnApi, balancer, instances, serviceLink, service, store, dbPath: db.dbPath,
    head: () => Number(store.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'share_changes'").pluck().get() ?? 0),
    cli: (...args) => runCli(args, { NOTES_DB_PATH: db.dbPath, NOTES_SEED_DEMO: 'false', SITE_URL: siteUrl, TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY, CDN_API_ENDPOINT: cdnApi.endpoint }),
    startInstances,
    stop: async () => {
      await Promise.all(fleet.instances.map((i) => i.stop()));
      await cdn?.stop();
      await balancer.close();
      await serviceLink.close();
      await service.close();
      await cdnApi.close();
      store.close();
      removeDir(db.dir);
    },
  };
  return fleet;
}

function runCli(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/notes.ts', ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`notes ${args.join(' ')} exited ${code}:\n${err}`))));
  });
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Polls until every instance answers `path` with 200 (after an outage: breakers closed again), up to `giveUpMs`. */
export async function untilServing(fleet: Fleet, path: string, giveUpMs = 15_000): Promise<void> {
  const started = performance.now();
  for (const instance of fleet.instances) {
    while ((await get(instance.url, path).catch(() => null))?.status !== 200) {
      if (performance.now() - started > giveUpMs) throw new Error(`${instance.url}${path} did not answer 200 again within ${giveUpMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(base + path, { redirect: 'manual', headers });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** One path and what its new truth looks like. */
export interface Check {
  name: string;
  path: string;
  headers?: Record<string, string>;
  isNew: (answer: Answer) => boolean;
}

export interface Target {
  name: string;
  url: string;
}

export interface Measurement {
  /** When the last answer that was not the new truth was asked for (ms after the acknowledgement); 0 when none was. */
  lastStaleMs: number;
  /** Answers that were not the new truth, to requests sent more than BOUND_MS after the acknowledgement. */
  staleAfterBound: number;
  answers: number;
  /** Requests that failed twice in a row (no answer at all): neither new nor stale, reported apart. */
  errors: number;
  /** 5xx answers (the store could not be reached or confirmed): no truth at all, neither new nor stale, reported apart. */
  unavailable: number;
  /** Per target and path, the last stale answer (ms after the acknowledgement, status), for failure messages. */
  lastStale: Record<string, string>;
}

export const BOUND_MS = 1000;

/** Connections a server closed while idle can fail a request before it is sent: a client tries again, so does this. */
async function answer(target: Target, check: Check): Promise<Answer | null> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      return await get(target.url, check.path, check.headers);
    } catch {
      // tried again once
    }
  }
  return null;
}

/**
 * Probes every check on every target from `ackAt` (performance.now() of the acknowledgement) until
 * `untilMs` after it: one loop per target and path, each asking again as soon as it has its answer
 * (a pause of `pauseMs` between), so a slow path does not hold the others back. `targets` is read
 * again by each loop (a thawed instance joins).
 */
export async function measure(ackAt: number, checks: Check[], targets: () => Target[], options: { untilMs?: number; pauseMs?: number } = {}): Promise<Measurement> {
  const untilMs = options.untilMs ?? 2000;
  const m: Measurement = { lastStaleMs: 0, staleAfterBound: 0, answers: 0, errors: 0, unavailable: 0, lastStale: {} };
  const started = new Set<string>();
  const loop = async (target: Target, check: Check): Promise<void> => {
    while (performance.now() - ackAt < untilMs) {
      const sentAt = performance.now() - ackAt;
      const got = await answer(target, check);
      if (got === null) m.errors += 1;
      else {
        m.answers += 1;
        if (got.status >= 500 && !check.isNew(got)) m.unavailable += 1;
        else if (!check.isNew(got)) {
          m.lastStale[`${target.name} ${check.name}`] = `${Math.round(sentAt)} ms: ${got.status}`;
          m.lastStaleMs = Math.max(m.lastStaleMs, Math.round(sentAt));
          if (sentAt > BOUND_MS) m.staleAfterBound += 1;
        }
      }
      // Paced: the balancer, the note service and the CDN API stand-in share this process's event loop.
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 100));
    }
  };
  const loops: Array<Promise<void>> = [];
  // Targets that join later (a thawed instance) get their loops when they appear.
  while (performance.now() - ackAt < untilMs) {
    for (const target of targets()) {
      for (const check of checks) {
        const key = `${target.name} ${check.name}`;
        if (started.has(key)) continue;
        started.add(key);
        loops.push(loop(target, check));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await Promise.all(loops);
  return m;
}

/**
 * Runs `change` (e.g. a CLI command) and measures from the moment the note service acknowledges it
 * (its change head moves), while the command may still be finishing (purging, exiting): probes
 * start at once. `checks` is called at that moment (some paths exist only after the change).
 * `onAck` runs at the acknowledgement too (e.g. killing the note service).
 */
export async function changeAndMeasure(fleet: Fleet, change: () => Promise<unknown>, checks: () => Check[], targetsOf: () => Target[],
  options: { untilMs?: number; onAck?: () => Promise<void> | void } = {}): Promise<Measurement> {
  const before = fleet.head();
  let resolveAck: (at: number) => void = () => undefined;
  const ack = new Promise<number>((resolve) => (resolveAck = resolve));
  const watch = setInterval(() => {
    if (fleet.head() !== before) {
      clearInterval(watch);
      resolveAck(performance.now());
    }
  }, 2);
  const changed = change().finally(() => {
    clearInterval(watch);
    resolveAck(fleet.head() !== before ? performance.now() : Number.NaN);
  });
  const measured = ack.then(async (ackAt) => {
    if (Number.isNaN(ackAt)) throw new Error('the change never reached the note service');
    await options.onAck?.();
    return measure(ackAt, checks(), targetsOf, options);
  });
  const [m] = await Promise.all([measured, changed]);
  return m;
}
