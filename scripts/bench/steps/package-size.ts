/** Function package size: dist/ unzipped and zipped, against the whole project. */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { functionDir, removeTempDir, repoRoot, tempDir } from '../procs';
import { notes, progress, rows, verdict, type Row } from '../report';
import type { BenchStep } from '../setup';
import { mb, num, ratio } from '../stats';

const ZIP_TIME_LIMIT_S = 90;

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
  const sources = ['pages', 'components', 'lib', 'styles', 'public', 'demo', 'scripts', 'next.config.js', 'package.json', 'package-lock.json', 'runtime', 'tsconfig.json', 'next-env.d.ts', 'serverless.yml'];
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

export const packageStep: BenchStep = { name: 'Function package', run: () => packageRows() };
