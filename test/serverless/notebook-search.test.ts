import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startFaultProxy, type FaultProxy } from '../fault-proxy';
import { copyDatabase, removeDir, requireFunctionPackage, seededDatabase, type Server } from './harness';
import { notesCli, recordingClient, startNoteServiceProcess, startWebFunction } from './split-setup';

/**
 * Search inside a public notebook, through the packaged function: the embedded store (SQLite FTS5)
 * and the note service over HTTP (its search operation), with a fault proxy for the outage.
 */

const SITE = 'https://notes.example.com';
const { get } = recordingClient();
const text = (body: Buffer): string => body.toString('utf8');
const searchUrl = (nb: string, q: string, page?: number): string => `/nb/${nb}?q=${encodeURIComponent(q)}${page ? `&page=${page}` : ''}`;

describe('notebook search through the packaged function', () => {
  let db: { dir: string; dbPath: string };
  let service: Server;
  let proxy: FaultProxy;
  let embedded: Server;
  let viaHttp: Server;
  let zh = '';
  let en = '';

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    const notebooks = JSON.parse(notesCli(db.dbPath, ['notebooks', '--json'])) as Array<{ name: string; shareId: string | null }>;
    zh = notebooks.find((n) => n.name === '生活与工作')?.shareId ?? '';
    en = notebooks.find((n) => n.name === 'Field notes')?.shareId ?? '';
    const port = await freePort();
    service = await startNoteServiceProcess(db.dbPath, port);
    proxy = await startFaultProxy(service.url);
    [embedded, viaHttp] = await Promise.all([
      startWebFunction({ NOTES_DB_PATH: copyDatabase(db.dbPath), SITE_URL: SITE }),
      // No fresh cache at all: a notebook page may be served stale during the outage, a search may not.
      startWebFunction({ NOTE_STORE: 'http', NOTE_SERVICE_URL: proxy.url, SITE_URL: SITE, NOTE_CACHE_TTL_MS: '0', NOTE_SERVICE_TIMEOUT_MS: '500', NOTES_DB_PATH: '/dev/null/notes.db' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([embedded, viaHttp, service].map((s) => s?.stop()));
    await proxy?.close();
    if (db) removeDir(db.dir);
  });

  it('the notebook page has a GET search form its CSP lets submit', async () => {
    const page = await get(embedded, `/nb/${zh}`);
    expect(page.status).toBe(200);
    const form = /<form[^>]*>/.exec(text(page.body))?.[0] ?? '';
    for (const attribute of ['role="search"', 'method="get"', `action="/nb/${zh}"`]) expect(form).toContain(attribute);
    expect(text(page.body)).toContain('name="q"');
    expect(page.headers['content-security-policy']).toContain("form-action 'self'");
    // Its one script is allowed by URL, not by a nonce: the page is as cacheable as a note page.
    expect(page.headers['cache-control']).toMatch(/^public, max-age=\d+, s-maxage=\d+/);
    expect(page.headers['content-security-policy']).not.toContain('nonce-');
    expect(page.headers.etag).toMatch(/^"/);
  });

  it('finds a two-character Chinese word, highlights it, and keeps result pages out of indexes', async () => {
    for (const server of [embedded, viaHttp]) {
      const answer = await get(server, searchUrl(zh, '笔记'));
      const html = text(answer.body);
      expect(answer.status).toBe(200);
      expect(answer.headers['x-robots-tag']).toContain('noindex');
      expect(answer.headers['cache-control']).toBe('private, max-age=60');
      expect(answer.headers['content-security-policy']).toContain("form-action 'self'");
      expect(html).toContain('<meta name="robots" content="noindex"');
      expect(html).toContain(`<link rel="canonical" href="${SITE}/nb/${zh}"`);
      expect(html).toContain('<mark>笔记</mark>');
      expect(html).toContain('Python 数据清洗');
      // The search box keeps the query.
      expect(html).toMatch(/<input[^>]*name="q"[^>]*value="笔记"/);
    }
  });

  it('the embedded store and the note service find the same notes in the same order', async () => {
    const hits = (html: string): string[] => [...html.matchAll(/<li lang="[^"]*"><a href="(\/s\/[^"]+)"/g)].map((m) => m[1] as string);
    for (const q of ['笔记', '西湖', 'sqlite', '知识 管理', 'bread']) {
      const [a, b] = await Promise.all([get(embedded, searchUrl(q === 'sqlite' || q === 'bread' ? en : zh, q)), get(viaHttp, searchUrl(q === 'sqlite' || q === 'bread' ? en : zh, q))]);
      expect(hits(text(a.body)).length, q).toBeGreaterThan(0);
      expect(hits(text(b.body)), q).toEqual(hits(text(a.body)));
    }
  });

  it.each<[string, string]>([
    ['a link-only note of an indexable notebook', '周会'],
    ['a revoked note', '撤回的分享'],
  ])('never shows %s', async (_, q) => {
    const html = text((await get(embedded, searchUrl(zh, q))).body);
    expect(html).not.toContain('/s/');
    expect(html).toContain('没有找到');
  });

  it.each<[string, string, number, string | null]>([
    ['spacing and width are normalised', searchUrl('{zh}', '  ｓｑｌ  '), 301, '/nb/{zh}?q=sql'],
    ['an empty query goes back to the notebook', '/nb/{zh}?q=%20', 301, '/nb/{zh}'],
    ['page=1 is the first page', `${searchUrl('{zh}', '笔记')}&page=1`, 301, '/nb/{zh}?q=%E7%AC%94%E8%AE%B0'],
    ['tracking parameters go', `${searchUrl('{zh}', '笔记')}&from=singlemessage`, 301, '/nb/{zh}?q=%E7%AC%94%E8%AE%B0'],
    ['a page past the results', searchUrl('{zh}', '笔记', 20), 404, null],
    ['a page beyond any search', searchUrl('{zh}', '笔记', 999), 404, null],
    ['a malformed page', `${searchUrl('{zh}', '笔记')}&page=x`, 404, null],
    ['an unknown notebook', searchUrl('AAAAAAAAAAAAAAAAAAAAAA', '笔记'), 404, null],
  ])('%s', async (_, path, status, location) => {
    const answer = await get(embedded, path.replaceAll('{zh}', zh));
    expect(answer.status).toBe(status);
    if (location) expect(answer.headers.location).toBe(location.replaceAll('{zh}', zh));
  });

  it('a very long query is cut to the searched length', async () => {
    const answer = await get(embedded, searchUrl(zh, '笔'.repeat(1000)));
    expect(answer.status).toBe(301);
    expect(decodeURIComponent(answer.headers.location?.split('q=')[1] ?? '')).toBe('笔'.repeat(100));
  });

  it.each(['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "笔记' OR 1=1 --", 'NEAR(a b) title_terms:*'])('hostile query %j is text', async (q) => {
    const answer = await get(embedded, searchUrl(zh, q));
    const html = text(answer.body);
    expect(answer.status).toBe(200);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
  });

  it('during a note-service outage a search answers 503 + Retry-After + no-store, not an old result', async () => {
    const path = searchUrl(zh, '笔记');
    expect((await get(viaHttp, path)).status).toBe(200);
    expect((await get(viaHttp, `/nb/${zh}`)).status).toBe(200);
    await proxy.setMode('down');
    try {
      const answer = await get(viaHttp, path);
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(text(answer.body)).not.toContain('<mark>');
      // The notebook page follows the outage rule (docs/consistency.md): its cached copy only while the
      // change feed vouched for it within the bound, then 503 no-store; the search never uses a copy.
      const listing = await get(viaHttp, `/nb/${zh}`);
      expect([200, 503]).toContain(listing.status);
      if (listing.status === 503) expect(listing.headers['cache-control']).toBe('no-store');
    } finally {
      await proxy.setMode('pass');
    }
  });
});
