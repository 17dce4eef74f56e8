/**
 * `npm run faults [-- --build | --no-build]`: the packaged function (NOTE_STORE=http) under steady
 * load while the reference note service, behind a switchable proxy (test/fault-proxy.ts), is killed,
 * slow and answering garbage in turn, with a recovery after each. A benchmark, not a test: about
 * 2.5 minutes of load. Builds first when dist/ is older than the sources (always with --build).
 * Prints a Markdown table and writes docs/reports/FAULTS.md; exits 1 on any 5xx other than 503, a dead function,
 * or a recovery slower than 5 s. Every child process is killed on the way out; ports come from the OS.
 */
import { exitWith, wantsHelp } from './cli-errors';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { freePort, startFaultProxy, type FaultMode } from '../test/fault-proxy';
import { runLoad } from './bench/load';
import { functionDir, killAll, repoRoot, startProc, waitForStatus, type Proc } from './bench/procs';
import { failures, markdownTable, RECOVERY_LIMIT_MS, type PhaseResult } from './faults/report';
import { prepareDatabase, run, staleBuildReason, type FaultFixture } from './faults/setup';

const PHASE_SECONDS = 20;
/** Unreported load first, so the baseline is not the JIT and the page cache warming up. */
const WARM_UP_SECONDS = 5;
const CONNECTIONS = 10;
/** The proxy's "slow": at the adapter's 2 s timeout, so a slow answer is a timed-out one. */
const SLOW_MS = 2000;
/** Below the 30 s default so every phase reaches the note service; at 30 s half a phase is served fresh from the cache. */
const CACHE_TTL_MS = 5000;
const POLL_MS = 50;

const PHASES: Array<{ name: string; mode: FaultMode; fault: string }> = [
  { name: 'baseline', mode: 'pass', fault: 'healthy' },
  { name: 'down', mode: 'down', fault: 'killed (connection refused)' },
  { name: 'recover', mode: 'pass', fault: 'restarted' },
  { name: 'slow', mode: 'slow', fault: `every answer ${SLOW_MS / 1000} s late` },
  { name: 'recover', mode: 'pass', fault: 'fast again' },
  { name: 'garbage', mode: 'garbage', fault: '200 with junk JSON' },
  { name: 'recover', mode: 'pass', fault: 'valid again' },
];

const started = performance.now();
function progress(message: string): void {
  console.log(`[faults ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

/**
 * `npm run note-service`, as one process: node with tsx's loader, not the tsx CLI, which runs the
 * script in a child that survives a SIGKILL of the CLI (the "killed" service would keep answering).
 */
async function startService(dbPath: string, port: number): Promise<Proc> {
  const proc = startProc(process.execPath, ['--import', 'tsx', 'scripts/note-service.ts'], { NOTES_DB_PATH: dbPath, NOTES_SEED_DEMO: 'false', NOTE_SERVICE_PORT: String(port) });
  await waitForStatus(proc, `http://127.0.0.1:${port}/v1/notes?limit=1`, 200, 60_000, POLL_MS);
  return proc;
}

interface MixEntry {
  path: string;
  headers?: Record<string, string>;
}

/**
 * One autocannon request that becomes a random entry of the mix each time (autocannon calls
 * `setupRequest` before every request; runLoad passes requests through). A fixed list would be
 * walked in lockstep by every connection: during a fault they would all wait on the same coalesced
 * call, and the load would degenerate into one request at a time.
 */
function randomEntryOf(mix: readonly MixEntry[]): MixEntry & { setupRequest: (req: MixEntry) => MixEntry } {
  return {
    path: mix[0]?.path ?? '/',
    setupRequest: (req) => {
      const entry = mix[Math.floor(Math.random() * mix.length)] ?? req;
      return { ...req, path: entry.path, headers: entry.headers ?? {} };
    },
  };
}

/** The load mix: every live note, one conditional GET (304), an image, a revoked share, an unknown one, a sitemap shard. */
async function loadMix(base: string, fixture: FaultFixture): Promise<MixEntry[]> {
  const first = await fetch(base + (fixture.notes[0] ?? ''));
  const etag = first.headers.get('etag') ?? '';
  const pages = await Promise.all(fixture.notes.map(async (path) => (await fetch(base + path)).text()));
  const image = pages.map((html) => /<img src="(\/r\/[^"]+)"/.exec(html)?.[1]).find(Boolean);
  if (!etag || !image) throw new Error('the demo notes did not render (no ETag or no image)');
  return [
    ...fixture.notes.map((path) => ({ path })),
    { path: fixture.notes[0] ?? '', headers: { 'if-none-match': etag } },
    { path: image },
    { path: fixture.revoked },
    { path: '/s/AAAAAAAAAAAAAAAAAAAAAA/unknown' },
    { path: '/sitemaps/notes-0.xml' },
  ];
}

/** Polls a never-requested note until it answers 200; ms since `since`, or null if the phase ended first. */
async function timeToRecovery(url: string, since: number, deadline: number): Promise<number | null> {
  while (performance.now() < deadline) {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
    await res?.arrayBuffer();
    if (res?.status === 200) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return null;
}

const USAGE = `usage: npm run faults [-- --build | --no-build]

The packaged web function (NOTE_STORE=http) under load while the reference note service is
killed, slow and answering garbage in turn; writes docs/reports/FAULTS.md. About 2.5 minutes.
Builds first when dist/ is older than the sources; --build always, --no-build never.`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.find((a) => a !== '--build' && a !== '--no-build');
  if (unknown) throw new Error(`unknown argument "${unknown}" (npm run faults -- --help)`);
  const reason = args.includes('--build') ? '--build' : staleBuildReason();
  if (reason && args.includes('--no-build')) throw new Error(`--no-build, but ${reason}`);
  if (reason) {
    progress(`building (${reason})`);
    run('npm', ['run', 'build']);
    run('npm', ['run', 'package']);
  }

  const fixture = prepareDatabase(PHASES.filter((p) => p.name === 'recover').length);
  const servicePort = await freePort();
  let service = await startService(fixture.dbPath, servicePort);
  const proxy = await startFaultProxy(`http://127.0.0.1:${servicePort}`, { slowMs: SLOW_MS });
  const fnPort = await freePort();
  const fn = startProc(join(functionDir, 'scf_bootstrap'), [], {
    NODE_BIN: process.execPath, SCF_PORT: String(fnPort), NOTE_STORE: 'http', NOTE_SERVICE_URL: proxy.url, NOTE_CACHE_TTL_MS: String(CACHE_TTL_MS),
    DEPLOY_ENV: 'production', NOTES_DB_PATH: '/dev/null/notes.db',
  }, '/');
  const base = `http://127.0.0.1:${fnPort}`;
  await waitForStatus(fn, `${base}/robots.txt`, 200, 60_000, POLL_MS);
  const mix = await loadMix(base, fixture);
  const requests = [randomEntryOf(mix)];
  progress(`function pid ${fn.pid} on ${base}, note service behind ${proxy.url}; ${mix.length} requests in the mix`);

  await runLoad({ url: base, requests, connections: CONNECTIONS, durationSec: WARM_UP_SECONDS });
  const results: PhaseResult[] = [];
  const probes = [...fixture.probes];
  for (const phase of PHASES) {
    let recovery: Promise<number | null> = Promise.resolve(null);
    if (phase.mode === 'down') {
      await proxy.setMode('down');
      await service.stop();
    } else if (phase.name === 'recover') {
      if (service.exited()) service = await startService(fixture.dbPath, servicePort);
      await proxy.setMode('pass');
      const since = performance.now();
      recovery = timeToRecovery(base + (probes.shift() ?? ''), since, since + PHASE_SECONDS * 1000);
    } else {
      await proxy.setMode(phase.mode);
    }
    progress(`${phase.name}: ${phase.fault}, ${PHASE_SECONDS} s of load`);
    const load = await runLoad({ url: base, requests, connections: CONNECTIONS, durationSec: PHASE_SECONDS });
    const recoveryMs = await recovery;
    results.push({ name: phase.name, fault: phase.fault, load, isAlive: !fn.exited(), recoveryMs: phase.name === 'recover' ? (recoveryMs ?? Infinity) : null });
  }
  await proxy.close();

  const table = markdownTable(results);
  const problems = failures(results);
  console.log(`\n${table}\n`);
  writeFileSync(join(repoRoot, 'docs', 'reports', 'FAULTS.md'), [
    '<!-- Generated by `npm run faults` (scripts/faults.ts). Do not edit: run it again. -->',
    '# Faults: the function while the note service fails',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}. ` +
      `Packaged web function (dist/scf_bootstrap), NOTE_STORE=http, NOTE_CACHE_TTL_MS=${CACHE_TTL_MS}, other settings at their defaults ` +
      `(2 s timeout, breaker: 5 failures, 5 s cool-down; stale copies up to 10 min). Reference note service behind a fault proxy. ` +
      `autocannon, ${CONNECTIONS} connections, ${PHASE_SECONDS} s per phase after ${WARM_UP_SECONDS} s of warm-up, each request drawn at random from ${mix.length}: every live demo note, ` +
      'a conditional GET (304), an image, a revoked share (410), an unknown share (404) and a sitemap shard.',
    '',
    `Time to recovery: from the service answering again to the first 200 of a note the function had never requested (limit ${RECOVERY_LIMIT_MS} ms).`,
    '',
    table,
    '',
    problems.length === 0 ? 'Verdict: no 5xx other than 503, the function stayed up, every recovery within the limit.' : `Verdict: **FAILED**\n\n${problems.map((p) => `- ${p}`).join('\n')}`,
    '',
  ].join('\n'));
  progress('wrote docs/reports/FAULTS.md');
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
// Exit explicitly: idle keep-alive sockets of the load generator would otherwise hold the process open.
if (wantsHelp()) {
  console.log(USAGE);
} else {
  main().then(() => process.exit(), (error: unknown) => exitWith(error));
}
