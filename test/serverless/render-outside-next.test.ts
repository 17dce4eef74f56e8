import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEnexFiles } from '../../lib/enex/list-enex-files';
import { corpusPath, fixtureEnexDir, repoRoot } from '../paths';
import { copyDatabase, freePorts, functionDir, removeDir, requireFunctionPackage, seededDatabase, startProcess, type Server } from './harness';

/**
 * The packaged web function renders note pages outside Next (server/note-page.tsx, in
 * the early note pages bundle), into the page template `npm run package` learnt from Next. Those
 * pages must be exactly what Next sends: every demo and corpus note, fetched from the packaged web
 * function and from `next start` (run with other settings than the packaging run's), compared
 * header by header and byte by byte.
 */
const SKIPPED_HEADERS = new Set(['date', 'connection', 'keep-alive']);

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

async function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const res = await fetch(base + path, { method, redirect: 'manual', headers: { 'accept-encoding': 'identity', ...headers } });
  const all = Object.fromEntries([...res.headers].filter(([name]) => !SKIPPED_HEADERS.has(name)));
  return { status: res.status, headers: all, body: Buffer.from(await res.arrayBuffer()) };
}

function expectSame(actual: Answer, expected: Answer, label: string): void {
  expect(actual.status, label).toBe(expected.status);
  // The function's server entry negotiates the page's coding (lib/http/compression.js), so its
  // answer varies on Accept-Encoding; bare `next start` (compress: false) says nothing. The rest is equal.
  const { vary: actualVary, ...actualRest } = actual.headers;
  const { vary: expectedVary, ...expectedRest } = expected.headers;
  expect(actualVary, `${label} vary`).toBe(expectedVary ?? 'Accept-Encoding');
  expect(actualRest, label).toEqual(expectedRest);
  expect(actual.body.equals(expected.body), `${label}: body differs\n--- web function\n${actual.body.toString().slice(0, 400)}\n--- next start\n${expected.body.toString().slice(0, 400)}`).toBe(true);
}


/** Ports chosen by the OS for this file's servers. */
let P: number[] = [];
beforeAll(async () => {
  P = await freePorts(2);
});

describe('note pages rendered outside Next are the pages Next renders', () => {
  let db: { dir: string; dbPath: string };
  let nextStart: Server;
  let web: Server;
  let paths: string[] = [];

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    // The demo notes (seeded), our own feature fixtures, and the external corpus when it is present.
    const enexDir = corpusPath('enex');
    const files = [...listEnexFiles(fixtureEnexDir), ...(enexDir ? listEnexFiles(enexDir) : [])];
    const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const env = { ...process.env, NOTES_DB_PATH: db.dbPath };
    spawnSync(process.execPath, [tsx, 'scripts/notes.ts', 'import', ...files, '--notebook', 'Corpus', '--publish', '--indexable'], { cwd: repoRoot, env, encoding: 'utf8' });
    const listed = spawnSync(process.execPath, [tsx, 'scripts/notes.ts', 'list', '--json'], { cwd: repoRoot, env, encoding: 'utf8' });
    const shares = (JSON.parse(listed.stdout) as Array<{ shareId: string | null; state: string }>).filter((n) => n.shareId && n.state !== 'revoked');
    const site = { SITE_URL: 'https://notes.example.com', DEPLOY_ENV: 'production' };
    nextStart = await startProcess(process.execPath, [join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(P[0])], { NOTES_DB_PATH: copyDatabase(db.dbPath), ...site }, (P[0] as number));
    web = await startProcess(join(functionDir, 'scf_bootstrap'), [], { NODE_BIN: process.execPath, SCF_PORT: String(P[1]), NOTES_DB_PATH: copyDatabase(db.dbPath), ...site }, (P[1] as number));
    // Canonical URLs, as the share links redirect to them.
    for (const { shareId } of shares) {
      const location = (await get(nextStart.url, `/s/${shareId ?? ''}`)).headers.location ?? '';
      paths.push(location.replace(/^https?:\/\/[^/]+/, ''));
    }
    paths = paths.filter((p) => p.startsWith('/s/'));
  });

  afterAll(async () => {
    await Promise.all([nextStart, web].filter(Boolean).map((s) => s.stop()));
    removeDir(db.dir);
  });

  it('has the demo notes, our fixtures and (when present) the corpus to compare', () => {
    expect(paths.length).toBeGreaterThan(corpusPath('enex') ? 60 : 15);
  });

  it('renders the first note into the template the package saved, as Next renders it', async () => {
    expectSame(await get(web.url, paths[0] as string), await get(nextStart.url, paths[0] as string), paths[0] as string);
    // The template came with the package (npm run package learnt it from Next), not from this instance.
    expect(web.output()).not.toContain('note page template learnt');
  });

  it('answers conditional requests and HEAD for notes it has not rendered yet like Next', async () => {
    for (const path of paths.slice(1, 4)) {
      const etag = (await get(nextStart.url, path)).headers.etag ?? '';
      expect(etag).not.toBe('');
      const notModified = await get(web.url, path, { 'if-none-match': etag });
      // RFC 9110 15.4.5: a 304 carries the Vary its 200 would have (Next's own 304 leaves it out).
      expectSame(notModified, await get(nextStart.url, path, { 'if-none-match': etag }), `304 ${path}`);
    }
    const head = paths[4] as string;
    expectSame(await get(web.url, head, {}, 'HEAD'), await get(nextStart.url, head, {}, 'HEAD'), `HEAD ${head}`);
  });

  it('renders every other note byte for byte as Next does, then replays it from the page cache the same', async () => {
    for (const pass of ['rendered', 'cached']) {
      for (const path of paths.slice(1)) expectSame(await get(web.url, path), await get(nextStart.url, path), `${pass} ${path}`);
    }
    expect(web.output()).not.toMatch(/rendering outside Next failed|template: the per-note parts were not found/);
  });
});
