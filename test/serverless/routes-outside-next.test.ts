import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEnexFiles } from '../../lib/enex/list-enex-files';
import { corpusPath, fixtureEnexDir, repoRoot } from '../paths';
import { copyDatabase, freePorts, functionDir, removeDir, requireFunctionPackage, seededDatabase, startProcess, type Server } from './harness';

/**
 * The packaged web function answers /explore, public notebooks (and their search results),
 * sitemaps, feeds and robots.txt before Next.js loads (server/early-routes.tsx). Those answers
 * must be the ones the same function gives through Next (NOTE_RENDER_OUTSIDE_NEXT=false): every
 * status, header and byte, for GET, HEAD, conditional requests and each content coding. A third
 * instance whose Next never finishes loading (next-never-loads.cjs) proves which answers need no Next.
 */
const SKIPPED_HEADERS = new Set(['date', 'connection', 'keep-alive']);
const HOST = 'notes.example.com';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Through node:http, so the Host header is ours (a notebook's CSP names the host it was asked on). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET', timeoutMs = 20_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, headers: { host: HOST, 'accept-encoding': 'identity', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        headers: Object.fromEntries(Object.entries(res.headers).filter(([name]) => !SKIPPED_HEADERS.has(name))),
        body: Buffer.concat(chunks),
      }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function expectSame(actual: Answer, expected: Answer, label: string): void {
  expect(actual.status, label).toBe(expected.status);
  expect(actual.headers, label).toEqual(expected.headers);
  expect(actual.body.equals(expected.body), `${label}: body differs\n--- outside Next\n${actual.body.toString().slice(0, 600)}\n--- through Next\n${expected.body.toString().slice(0, 600)}`).toBe(true);
}

function tsxCli(args: string[], dbPath: string): string {
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/notes.ts', ...args], { cwd: repoRoot, env: { ...process.env, NOTES_DB_PATH: dbPath }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`notes ${args[0] ?? ''} failed: ${result.stderr}`);
  return result.stdout;
}

describe('routes answered before Next loads are the answers Next gives', () => {
  let db: { dir: string; dbPath: string };
  let throughNext: Server;
  let outside: Server;
  let withoutNext: Server;
  let brokenThroughNext: Server;
  let brokenOutside: Server;
  let ports: number[] = [];
  let revokedNotebooks: string[] = [];
  /** Requests answered without Next, as [method, path, headers]. */
  const early: Array<[string, string, Record<string, string>]> = [];
  /** Requests of the same routes that Next answers (404 pages, redirects). */
  const handedOn: Array<[string, string, Record<string, string>]> = [];

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    // Enough notes for numbered explore pages: our fixtures, and the corpus when present.
    const enexDir = corpusPath('enex');
    tsxCli(['import', ...listEnexFiles(fixtureEnexDir), ...(enexDir ? listEnexFiles(enexDir) : []), '--notebook', 'Corpus', '--publish', '--indexable'], db.dbPath);
    // A revoked notebook (its link answers 410); the listing shows it as private, so its id comes from the CLI's answer.
    tsxCli(['publish-notebook', 'Corpus', '--indexable'], db.dbPath);
    revokedNotebooks = [/\/nb\/([\w-]{22})\s*$/.exec(tsxCli(['unpublish-notebook', 'Corpus'], db.dbPath))?.[1] ?? ''].filter(Boolean);
    const shared = (JSON.parse(tsxCli(['notebooks', '--json'], db.dbPath)) as Array<{ shareId: string | null; state: string }>).filter((n) => n.shareId);
    const notebooks = shared.filter((n) => n.state !== 'revoked');
    ports = await freePorts(5);
    const site = { SITE_URL: `https://${HOST}`, DEPLOY_ENV: 'production', NODE_BIN: process.execPath };
    const start = (port: number, env: Record<string, string>): Promise<Server> =>
      startProcess(join(functionDir, 'scf_bootstrap'), [], { ...site, SCF_PORT: String(port), NOTES_DB_PATH: copyDatabase(db.dbPath), ...env }, port, { cwd: functionDir });
    // A store that cannot open (/dev/null is not a directory) stands in for a dead note service.
    const broken = { NOTES_DB_PATH: '/dev/null/notes.db' };
    [throughNext, outside, withoutNext, brokenThroughNext, brokenOutside] = await Promise.all([
      start(ports[0] as number, { NOTE_RENDER_OUTSIDE_NEXT: 'false' }),
      start(ports[1] as number, {}),
      start(ports[2] as number, { NODE_OPTIONS: `--require ${join(repoRoot, 'test', 'serverless', 'next-never-loads.cjs')}` }),
      start(ports[3] as number, { NOTE_RENDER_OUTSIDE_NEXT: 'false', ...broken }),
      start(ports[4] as number, broken),
    ]);
    const pages = ['/explore', '/en/explore', '/explore?page=2', '/en/explore?page=2', '/robots.txt', '/sitemap.xml', '/sitemaps/pages.xml', '/sitemaps/notebooks.xml', '/sitemaps/notes-0.xml', '/sitemaps/notes-7.xml', '/feeds/notes.xml', '/feeds/nb/unknown.xml'];
    // Hostile queries beside the good ones: pages read them themselves, outside Next as in it.
    pages.push('/explore?page=0', '/explore?page=abc', '/explore?page=2&page=3', '/explore?page=%00', '/en/explore?x=%3Cscript%3E');
    for (const { shareId } of notebooks) {
      const nb = `/nb/${shareId ?? ''}`;
      pages.push(nb, `${nb}?q=note`, `${nb}?q=%E7%AC%94%E8%AE%B0&page=1`, `${nb}?q=zzzz-nothing`, `/feeds/nb/${shareId ?? ''}.xml`,
        `${nb}?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E`, `${nb}?q=a&q=b`, `${nb}?q=a%20b`, `${nb}?q=a+b`, `${nb}?q=~x`, `${nb}?q=%7Ex`, `${nb}?q=alert%281%29`, `${nb}?q=a%2Bb%26c%3Dd`, `${nb}?q=${'x'.repeat(300)}`, `${nb}?page=2&page=2`);
    }
    // Revoked notebooks: the route's own 410 page, answered outside Next too.
    for (const id of revokedNotebooks) pages.push(`/nb/${id}`, `/nb/${id}?q=note`);
    for (const path of pages) {
      // API routes are always answered outside Next; pages when they have content (a 404 page is Next's).
      const isApiRoute = !/^\/(en\/)?(explore|nb\/)/.test(path);
      // A query spelt otherwise than Next re-encodes it (`(`, `~`, `%20`) is Next's to answer.
      const query = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
      const isPlainQuery = new URLSearchParams(query).toString() === query;
      if (!isApiRoute && (!isPlainQuery || ![200, 410].includes((await get(ports[0] as number, path)).status))) {
        handedOn.push(['GET', path, {}]);
        continue;
      }
      early.push(['GET', path, {}], ['HEAD', path, {}], ['GET', path, { 'accept-encoding': 'gzip' }], ['GET', path, { 'accept-encoding': 'br, gzip' }]);
      const { etag } = (await get(ports[0] as number, path)).headers;
      if (typeof etag === 'string') early.push(['GET', path, { 'if-none-match': etag }]);
    }
    // Not found, gone, redirected, or answered by another route: Next's, through either instance.
    handedOn.push(['GET', '/explore?page=999', {}], ['GET', '/explore?page=1', {}], ['GET', '/nb/AAAAAAAAAAAAAAAAAAAAAA', {}], ['GET', '/explore/', {}], ['GET', '/sitemaps/notes-x.xml', {}],
      // Shapes the early routes leave to Next's router: queries on API routes, overlong shards, encoded names.
      ['GET', '/robots.txt?x=1', {}], ['GET', '/sitemap.xml?shard=1', {}], ['GET', '/sitemaps/notes-1234567890.xml', {}], ['GET', '/feeds/nb/%2E%2E.xml', {}], ['GET', '/sitemap.xml/', {}]);
    for (const { shareId } of notebooks) handedOn.push(['GET', `/nb/${shareId ?? ''}?page=99`, {}], ['GET', `/nb/${shareId ?? ''}?q=`, {}]);
  });

  afterAll(async () => {
    await Promise.all([throughNext, outside, withoutNext, brokenThroughNext, brokenOutside].filter(Boolean).map((s) => s.stop()));
    if (db) removeDir(db.dir);
  });

  it('has pages, notebooks, search results, sitemaps and feeds to compare', () => {
    expect(early.filter(([method, path]) => method === 'GET' && path.startsWith('/nb/')).length).toBeGreaterThan(4);
    expect(early.some(([, , headers]) => 'if-none-match' in headers)).toBe(true);
  });

  it('answers each of them with the status, headers and bytes Next gives', async () => {
    for (const [method, path, headers] of [...early, ...handedOn]) {
      const label = `${method} ${path} ${JSON.stringify(headers)}`;
      expectSame(await get(ports[1] as number, path, headers, method), await get(ports[0] as number, path, headers, method), label);
    }
    expect(outside.output()).not.toMatch(/route outside Next failed/);
  });

  it('has revoked notebooks to compare (410)', () => {
    expect(revokedNotebooks.length).toBeGreaterThan(0);
    expect(early.some(([, path]) => path === `/nb/${revokedNotebooks[0] ?? ''}`)).toBe(true);
  });

  it('answers 503 with the status page Next gives when the store is down', async () => {
    const id = early.find(([, path]) => path.startsWith('/nb/'))?.[1] ?? '/nb/x';
    for (const path of ['/explore', '/en/explore?page=2', id, `${id}?q=note`]) {
      for (const [method, headers] of [['GET', {}], ['HEAD', {}], ['GET', { 'accept-encoding': 'br' }]] as const) {
        const expected = await get(ports[3] as number, path, headers, method);
        expect(expected.status, path).toBe(503);
        expectSame(await get(ports[4] as number, path, headers, method), expected, `${method} ${path} ${JSON.stringify(headers)} (store down)`);
      }
    }
    expect(brokenOutside.output()).not.toMatch(/route outside Next failed/);
  });

  it('answers them without loading Next at all', async () => {
    for (const [method, path, headers] of early) {
      const label = `${method} ${path} ${JSON.stringify(headers)}`;
      expectSame(await get(ports[2] as number, path, headers, method), await get(ports[0] as number, path, headers, method), label);
    }
  });
});
