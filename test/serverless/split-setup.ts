import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NoteShareEvent } from '../../lib/share-events/share-event';
import type { NotebookPage, SharedNote } from '../../lib/notes/types';
import { freePort } from '../fault-proxy';
import { repoRoot } from '../paths';
import { functionDir, startProcess, type Server } from './harness';

/** Processes and helpers of the split-deployment test: the function talks to the note service only over HTTP. */

const tsxCli = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/**
 * The reference note service (`npm run note-service`) over `dbPath`, as its own process. Node with
 * tsx's loader rather than the tsx CLI: the CLI runs the script in a second process, which a kill of
 * the first leaves running (and listening).
 */
export function startNoteServiceProcess(dbPath: string, port: number): Promise<Server> {
  return startProcess(process.execPath, ['--import', 'tsx', 'scripts/note-service.ts'], { NOTES_DB_PATH: dbPath, NOTES_SEED_DEMO: 'false', NOTE_SERVICE_PORT: String(port) }, port);
}

/** The packaged web function (dist/scf_bootstrap) with the given settings. */
export async function startWebFunction(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  return startProcess(join(functionDir, 'scf_bootstrap'), [], { NODE_BIN: process.execPath, SCF_PORT: String(port), ...env }, port, { cwd: '/' });
}

export interface CliNote {
  noteId: string;
  title: string;
  shareId: string | null;
  state: string;
}

/** Runs the publishing CLI (`npm run notes -- …`) against `dbPath`, like an operator would. */
export function notesCli(dbPath: string, args: string[]): string {
  const result = spawnSync(process.execPath, [tsxCli, 'scripts/notes.ts', ...args], { cwd: repoRoot, env: { ...process.env, NOTES_DB_PATH: dbPath }, encoding: 'utf8' });
  // The CLI's stack frames are indented apart: as "    at …" lines, the test runner would read them
  // as this error's own frames, open the CLI's files for source maps, and fail before printing it.
  if (result.status !== 0) throw new Error(`notes ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr.replace(/^(\s*)at /gm, '$1| at ')}`);
  return result.stdout;
}

/** Whether a running process has the better-sqlite3 addon mapped (Linux: /proc/<pid>/maps). */
export function hasLoadedBetterSqlite(pid: number): boolean {
  return readFileSync(`/proc/${pid}/maps`, 'utf8').includes('better_sqlite3.node');
}

/**
 * Each share's slot in sitemap order (its row in the shares table), which the note service puts in
 * share events. Read before any server opens the file, so nothing else holds it.
 */
export function readSitemapSlots(dbPath: string): Map<string, number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db.prepare<[], { shareId: string; slot: number }>('SELECT share_id AS shareId, rowid - 1 AS slot FROM shares').all();
    return new Map(rows.map((r) => [r.shareId, r.slot]));
  } finally {
    db.close();
  }
}

/** The `note.revoked` event the note service sends, from what it knows before it revokes (afterwards it hides the resources). */
export async function revokedEvent(serviceUrl: string, shareId: string, sitemapSlot: number | undefined): Promise<NoteShareEvent> {
  const live = (await (await fetch(`${serviceUrl}/v1/shares/${shareId}`)).json()) as SharedNote;
  const notebook = live.notebookShareId ? ((await (await fetch(`${serviceUrl}/v1/notebooks/${live.notebookShareId}`)).json()) as NotebookPage).notebook : null;
  return {
    type: 'note.revoked', shareId, title: live.title, version: live.version, resourceHashes: live.resources.map((r) => r.hash),
    indexable: live.state === 'indexable', sitemapSlot, notebookShareId: notebook?.shareId, notebookNoteCount: notebook?.noteCount,
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A client that remembers every status it was answered, so a test can prove none was a 500. */
export function recordingClient() {
  const answered: Array<{ path: string; status: number }> = [];
  const get = async (server: Server, path: string, init: RequestInit = {}): Promise<Answer> => {
    const res = await fetch(server.url + path, { redirect: 'manual', ...init });
    const answer = { status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) };
    answered.push({ path, status: answer.status });
    return answer;
  };
  /** Polls until `path` answers 200 (anything but 503 meanwhile is an error); the time it took, in ms. */
  const msUntilOk = async (server: Server, path: string, giveUpMs: number): Promise<number> => {
    const started = performance.now();
    while (performance.now() - started < giveUpMs) {
      const { status } = await get(server, path);
      if (status === 200) return performance.now() - started;
      if (status !== 503) throw new Error(`${path} answered ${status} while recovering`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${path} did not answer 200 within ${giveUpMs} ms`);
  };
  return { answered, get, msUntilOk };
}

/** Which API operation a request was: `/v1/shares/<id>/resources/<hash>?…` -> `/v1/shares/{id}/resources/{hash}`. */
export function operationOf(path: string): string {
  return path.replace(/\?.*$/, '').replace(/\/[A-Za-z0-9_-]{22}(?=\/|$)/g, '/{id}').replace(/\/[0-9a-f]{32}$/, '/{hash}').replace(/\/pages\/\d+$/, '/pages/{page}').replace(/\/\d+$/, '/{shard}');
}

/** Next's data-n-css (and any per-response script nonce) may differ; the rest must match byte for byte. */
export function comparable(body: Buffer): string {
  return body.toString('latin1').replace(/(nonce|data-n-css)="[^"]*"/g, '$1=""');
}
