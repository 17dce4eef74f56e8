/**
 * What the bench steps share: the run sizes, the database of demo + corpus notes they measure
 * (prepared once, only when a selected step asks for it), and how to start the servers.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listEnexFiles } from '../../lib/enex/list-enex-files';
import { notePath } from '../../lib/notes/slug';
import { httpGet } from './http';
import { isClean, runLoad, type LoadResult, type LoadSpec } from './load';
import { assertPortFree, copyDatabase, functionDir, nextBin, repoRoot, startProc, tempDir, tsxCli, waitForStatus, type Proc } from './procs';
import { notes, progress } from './report';

export const LOAD_RUNS = 3;
export const LOAD_SECONDS = 5;
export const FUNCTION_MEMORY_GB = 0.25;
const LARGEST_DEMO_TITLE = '长文：个人知识管理的十年';
export const CORPUS_NOTEBOOK = 'bench corpus';

export interface Target {
  title: string;
  path: string;
  shareId: string;
  enmlBytes: number;
}

export interface Fixture {
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

/** What a step gets: both are prepared on first use and then shared by the later steps. */
export interface StepContext {
  /** The ENEX folder of the external corpus (CORPUS_DIR/enex); throws when it is absent. */
  enexDir: () => string;
  /** Demo notes + the corpus imported through the CLI, with the notes the rows measure. */
  fixture: () => Fixture;
}

export interface BenchStep {
  /** The name `--only` selects (case-insensitive) and a failed row shows. */
  name: string;
  run: (ctx: StepContext) => Promise<void> | void;
}

export function runCommand(command: string, args: string[]): void {
  progress(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
}

/** A step that needs the external ENEX corpus, on a machine without it: reported as skipped, not failed. */
export class CorpusMissingError extends Error {
  constructor(dir: string) {
    super(`needs the ENEX corpus, not found at ${dir}: set CORPUS_DIR to a folder holding enex/ (see docs/testing.md)`);
    this.name = 'CorpusMissingError';
  }
}

export function corpusEnexDir(): string {
  const enexDir = join(resolve(process.env.CORPUS_DIR ?? join(repoRoot, '..', 'shared', 'corpus')), 'enex');
  if (!existsSync(enexDir)) throw new CorpusMissingError(enexDir);
  return enexDir;
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

export function prepareFixture(enexDir: string): Fixture {
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

export function webFunctionEnv(port: number, dbPath: string, extra: Record<string, string> = {}): Record<string, string> {
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

export async function startWebFunction(port: number, dbPath: string, extra: Record<string, string> = {}): Promise<Proc> {
  await assertPortFree(port);
  const proc = startProc(join(functionDir, 'scf_bootstrap'), [], webFunctionEnv(port, dbPath, extra), functionDir);
  await waitForStatus(proc, `http://127.0.0.1:${port}/`, 200, 90_000, 20);
  return proc;
}

export function nextStartArgs(port: number): string[] {
  return [nextBin, 'start', '-p', String(port), '-H', '0.0.0.0'];
}

export function nextStartEnv(port: number, dbPath: string): Record<string, string> {
  return { NOTES_DB_PATH: resolve(dbPath), NOTES_SEED_DEMO: 'false', DEPLOY_ENV: 'production', SITE_URL: `http://localhost:${port}`, PAGE_CACHE_ENTRIES: '', BENCH_ROUTES: 'false' };
}

export async function expectStatus(url: string, status: number, headers: Record<string, string> = {}): Promise<void> {
  const res = await httpGet(url, headers);
  if (res.status !== status) throw new Error(`${url} answered ${res.status}, expected ${status}`);
}

/** One load run; unexpected answers become a note under the table. */
export async function load(spec: LoadSpec, status: number, label: string): Promise<LoadResult> {
  const result = await runLoad(spec);
  if (!isClean(result, status)) {
    notes.push(`${label}: unexpected answers during load ${JSON.stringify(result.statuses)}, ${result.errors} errors/timeouts`);
  }
  return result;
}
