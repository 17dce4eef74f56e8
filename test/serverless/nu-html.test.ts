import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEnexFiles } from '../../lib/enex/list-enex-files';
import { corpusPath, fixtureEnexDir, repoRoot } from '../paths';
import { removeDir, requireFunctionPackage, seededDatabase, type Server } from './harness';
import { listShares } from './shares';
import { startWebFunction } from './split-setup';

/**
 * Every page kind the packaged function serves passes the W3C Nu HTML Checker (vnu-jar, Java) with
 * zero errors: landing pages in both languages, /explore and its page 2, a notebook, its page 2 and
 * a search in it, every demo note, our own ENEX fixtures, the corpus notes when the corpus is present, and the status
 * pages (404, 410, 503). Small page sizes give the demo its second pages.
 */
const VNU = join(repoRoot, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const hasJava = spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
const corpusEnex = corpusPath('enex');

interface Page { name: string; status: number; html: string }

async function page(base: string, path: string): Promise<{ status: number; html: string; location: string | null }> {
  const res = await fetch(base + path, { redirect: 'manual', headers: { 'accept-encoding': 'identity' } });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

/** Follows a note's one redirect (`/s/<id>` → `/s/<id>/<slug>`). */
async function notePage(base: string, shareId: string): Promise<{ status: number; html: string }> {
  const first = await page(base, `/s/${shareId}`);
  return first.status === 301 && first.location ? page(base, first.location) : first;
}

describe.skipIf(!hasJava)('Nu HTML Checker: zero errors on every page kind', () => {
  let db: { dir: string; dbPath: string };
  let fn: Server;
  let broken: Server;
  const pages: Page[] = [];

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    // Our own ENEX fixtures (every ENML feature, code points pages must not carry), with or without the corpus.
    const fixtures = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/notes.ts', 'import', ...listEnexFiles(fixtureEnexDir), '--notebook', 'fixtures', '--publish', '--indexable'], { cwd: repoRoot, env: { ...process.env, NOTES_DB_PATH: db.dbPath }, encoding: 'utf8' });
    if (fixtures.status !== 0) throw new Error(`fixture import failed: ${fixtures.stderr}`);
    if (corpusEnex) {
      const imported = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/notes.ts', 'import', ...listEnexFiles(corpusEnex), '--notebook', 'corpus', '--publish', '--indexable'], { cwd: repoRoot, env: { ...process.env, NOTES_DB_PATH: db.dbPath }, encoding: 'utf8' });
      if (imported.status !== 0 && !/REFUSED/.test(imported.stdout)) throw new Error(`corpus import failed: ${imported.stderr}`);
    } else {
      process.stderr.write('Nu HTML Checker: no corpus at CORPUS_DIR (or ../shared/corpus): corpus notes are not checked, the demo notes are\n');
    }
    const env = { NOTES_DB_PATH: db.dbPath, SITE_URL: 'https://notes.example.com', DEPLOY_ENV: 'production', EXPLORE_PAGE_SIZE: '5', NOTEBOOK_PAGE_SIZE: '2' };
    // A store that cannot open (/dev/null is not a directory) stands in for a dead note service: 503s.
    [fn, broken] = await Promise.all([startWebFunction(env), startWebFunction({ ...env, NOTES_DB_PATH: '/dev/null/notes.db' })]);
    const shares = listShares(db.dbPath);
    const explore = await page(fn.url, '/explore');
    const notebook = /href="(\/nb\/[A-Za-z0-9_-]{22})"/.exec(explore.html)?.[1] ?? '';
    const paths: Array<[string, string, Server]> = [
      ...['/', '/en', '/features', '/en/features', '/download', '/en/download'].map((p): [string, string, Server] => [`landing ${p}`, p, fn]),
      ...['/explore', '/explore?page=2', '/en/explore', '/en/explore?page=2'].map((p): [string, string, Server] => [`listing ${p}`, p, fn]),
      ['notebook', notebook, fn], ['notebook page 2', `${notebook}?page=2`, fn], ['notebook search', `${notebook}?q=notes`, fn],
      ['404 note', '/s/AAAAAAAAAAAAAAAAAAAAAA/x', fn], ['404 page', '/no-such-page', fn], ['410 revoked note', `/s/${shares.revoked}/x`, fn],
      ['503 explore', '/explore', broken], ['503 note', `/s/${shares('Sourdough')}/x`, broken],
    ];
    for (const [name, path, server] of paths) pages.push({ name, ...(await page(server.url, path)) });
    const live = JSON.parse(execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/notes.ts', 'list', '--json'], { cwd: repoRoot, env: { ...process.env, NOTES_DB_PATH: db.dbPath }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as Array<{ title: string; shareId: string | null; state: string }>;
    for (const note of live.filter((n) => n.shareId && n.state !== 'revoked')) pages.push({ name: `note ${note.shareId} "${note.title.slice(0, 40)}"`, ...(await notePage(fn.url, note.shareId ?? '')) });
  }, 240_000);

  afterAll(async () => {
    await Promise.all([fn?.stop(), broken?.stop()]);
    if (db) removeDir(db.dir);
  });

  it('reaches every page kind with the status it is meant to have', () => {
    const statusOf = (name: string): number | undefined => pages.find((p) => p.name === name)?.status;
    for (const name of ['landing /', 'landing /en/download', 'listing /explore?page=2', 'listing /en/explore?page=2', 'notebook', 'notebook page 2', 'notebook search']) expect(statusOf(name), name).toBe(200);
    expect([statusOf('404 note'), statusOf('404 page'), statusOf('410 revoked note'), statusOf('503 explore'), statusOf('503 note')]).toEqual([404, 404, 410, 503, 503]);
    expect(pages.filter((p) => p.name.startsWith('note ') && p.status === 200).length).toBeGreaterThan(corpusEnex ? 60 : 15);
  });

  it('every page passes with zero errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnu-pages-'));
    try {
      const names = new Map<string, string>();
      for (const [i, p] of pages.entries()) {
        const file = `${String(i).padStart(4, '0')}.html`;
        names.set(file, `${p.name} (${p.status})`);
        writeFileSync(join(dir, file), p.html);
      }
      const result = spawnSync('java', ['-jar', VNU, '--errors-only', '--skip-non-html', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const report = JSON.parse(result.stderr || '{"messages":[]}') as { messages: Array<{ url?: string; message: string; extract?: string; type: string }> };
      const errors = report.messages.filter((m) => m.type === 'error').map((m) => `${names.get((m.url ?? '').split('/').pop() ?? '') ?? m.url}: ${m.message} [${(m.extract ?? '').slice(0, 120)}]`);
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
