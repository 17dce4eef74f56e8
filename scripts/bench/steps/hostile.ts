/** Worst-case note pages: the hostile-note suite at Evernote's content limit, in a NODE_ENV=production worker. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HostileMeasure, HostileReport } from '../hostile-worker';
import { functionDir, repoRoot } from '../procs';
import { progress, rows, sections, verdict } from '../report';
import type { BenchStep } from '../setup';
import { kb, num } from '../stats';

/** The bounds in docs/security.md. */
const MAX_RENDER_MS = 1000;
const MAX_BLOCK_MS = 100;
const MAX_HEAP_ABOVE_IDLE_MB = 64;
/** SCF's response body cap. */
const SCF_BODY_BYTES = 6 * 1024 * 1024;

function worst(cases: readonly HostileMeasure[], key: 'renderMs' | 'blockMs' | 'heapAboveIdleMb' | 'pageBytes'): HostileMeasure {
  return cases.reduce((a, b) => (b[key] > a[key] ? b : a));
}

function hostileRows(): void {
  // Run from the function package's folder when there is one: OG cards are then drawn by the
  // package's card worker (og-card-worker.js, found in the working directory), as the function draws them.
  const inPackage = existsSync(join(functionDir, 'og-card-worker.js'));
  progress(`hostile notes: the cost suite at Evernote's content limit, one render each, in a NODE_ENV=production worker (OG cards by ${inPackage ? 'the package\'s card worker' : 'the card worker from source, through tsx'})`);
  const tsx = pathToFileURL(createRequire(join(repoRoot, 'package.json')).resolve('tsx')).href;
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', tsx, join(repoRoot, 'scripts', 'bench', 'hostile-worker.ts')], {
    cwd: inPackage ? functionDir : repoRoot,
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  const marker = result.stdout.lastIndexOf('@@RESULT@@');
  if (result.status !== 0 || marker < 0) throw new Error(`hostile worker failed (${result.status ?? result.signal}): ${result.stderr.slice(-2000)}`);
  const report = JSON.parse(result.stdout.slice(marker + '@@RESULT@@'.length)) as HostileReport;
  const notes = report.cases.filter((c) => !c.name.startsWith('OG card'));
  const slowest = worst(report.cases, 'renderMs');
  const blocking = worst(report.cases, 'blockMs');
  const hungriest = worst(report.cases, 'heapAboveIdleMb');
  const largest = worst(notes, 'pageBytes');
  const suite = `${report.cases.length} hostile inputs (${notes.length} notes of up to ${num(Math.max(...notes.map((c) => c.inputChars)))} characters, and OG cards: the first of a process, and one with 30,000-character names)`;
  rows.push(
    { figure: `Worst render time over ${suite}`, ours: `${num(slowest.renderMs)} ms (${slowest.name})`, baseline: '', ratio: '', budget: verdict(`≤ ${MAX_RENDER_MS} ms`, slowest.renderMs <= MAX_RENDER_MS) },
    { figure: 'Worst event-loop block over the same inputs (longest gap of a 1 ms timer during one render)', ours: `${num(blocking.blockMs)} ms (${blocking.name})`, baseline: `the same timer in the same process doing nothing for 3 s: ${num(report.idleBlockMs)} ms`, ratio: '', budget: verdict(`≤ ${MAX_BLOCK_MS} ms`, blocking.blockMs <= MAX_BLOCK_MS) },
    { figure: 'Most heap in use after one render, above the idle heap', ours: `${num(hungriest.heapAboveIdleMb)} MB (${hungriest.name}); peak RSS of the worker over the suite ${num(report.maxRssMb)} MB`, baseline: `idle heap ${num(report.idleHeapMb)} MB`, ratio: '', budget: verdict(`≤ ${MAX_HEAP_ABOVE_IDLE_MB} MB`, hungriest.heapAboveIdleMb <= MAX_HEAP_ABOVE_IDLE_MB) },
    { figure: 'Largest hostile note page', ours: `${kb(largest.pageBytes)} (${largest.name})`, baseline: `MAX_NOTE_HTML_BYTES ${kb(report.maxNoteHtmlBytes)}`, ratio: '', budget: verdict('≤ MAX_NOTE_HTML_BYTES + 64 KB of page, < 6 MB', largest.pageBytes <= Math.min(report.maxNoteHtmlBytes + 65_536, SCF_BODY_BYTES)) },
  );
  sections.push({
    heading: 'Hostile notes, one render each',
    lines: [
      '| input | characters | render ms | loop block ms | loop busy ms | heap above idle MB | page | cut |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
      ...report.cases.map((c) => `| ${c.name} | ${num(c.inputChars)} | ${num(c.renderMs)} | ${num(c.blockMs)} | ${num(c.busyMs)} | ${num(c.heapAboveIdleMb)} | ${kb(c.pageBytes)} | ${c.isTruncated ? 'yes' : ''} |`),
      '',
      'Loop block: the longest gap of a 1 ms timer (on a loaded machine it includes time the thread waited for a core). Loop busy: the event loop\'s active time over the whole render (event-loop utilization), the thread\'s own work. OG cards are drawn in the card worker thread: their figures are the request thread\'s.',
    ],
  });
}

export const hostileStep: BenchStep = { name: 'hostile', run: () => hostileRows() };
