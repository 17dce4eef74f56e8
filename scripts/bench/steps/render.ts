/** ENML → HTML render throughput over the corpus, in a NODE_ENV=production worker, against a fixed tree. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../procs';
import type { RenderReport } from '../render-worker';
import { progress, rawRuns, rows } from '../report';
import type { BenchStep } from '../setup';
import { kb, range, ratio, summarize } from '../stats';

export const RENDER_RUNS = 5;

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

export const renderStep: BenchStep = { name: 'ENML render', run: (ctx) => renderRow(ctx.enexDir()) };
