import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVarnishCdn, type VarnishCdn } from '../varnish-cdn';
import { removeDir, requireFunctionPackage, seededDatabase, type Server } from './harness';
import { listShares } from './shares';
import { startWebFunction } from './split-setup';

/**
 * Compressed responses through the packaged web function and through a caching proxy (Varnish,
 * standing in for the CDN): every versioned page kind in brotli, gzip and identity, each under its
 * own ETag, with Vary, 304s and HEAD right, and the proxy never handing one client's coding to another.
 */
const SITE = 'https://notes.example.com';

interface Answer { status: number; headers: IncomingHttpHeaders; body: Buffer }

/** Raw bytes as sent (fetch would decode them). */
function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decoded(answer: Answer): string {
  const coding = answer.headers['content-encoding'];
  return (coding === 'br' ? brotliDecompressSync(answer.body) : coding === 'gzip' ? gunzipSync(answer.body) : answer.body).toString();
}

describe('compression through the packaged function', () => {
  let db: { dir: string; dbPath: string };
  let fn: Server;
  let cdn: VarnishCdn;
  let notePath = '';
  let notebookPath = '';
  let pages: Array<[string, string]> = [];

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    const shareOf = listShares(db.dbPath);
    fn = await startWebFunction({ NOTES_DB_PATH: db.dbPath, SITE_URL: SITE, DEPLOY_ENV: 'production' });
    cdn = await startVarnishCdn(fn.url);
    notePath = (await get(fn.url, `/s/${shareOf('周末杭州')}`)).headers.location ?? '';
    const explore = decoded(await get(fn.url, '/explore'));
    notebookPath = /href="(\/nb\/[A-Za-z0-9_-]{22})"/.exec(explore)?.[1] ?? '';
    pages = [
      ['note', notePath], ['home', '/'], ['English home', '/en'], ['explore', '/explore'], ['pages sitemap', '/sitemaps/pages.xml'], ['feed', '/feeds/notes.xml'],
      // Its script is allowed by URL (no nonce): versioned and shared like the others.
      ['notebook', notebookPath],
    ];
  }, 120_000);

  afterAll(async () => {
    await cdn?.stop();
    await fn?.stop();
    if (db) removeDir(db.dir);
  });

  it('answers every versioned page kind in the coding asked for, each under its own ETag, with Vary', async () => {
    for (const [kind, path] of pages) {
      const plain = await get(fn.url, path);
      expect(plain.status, kind).toBe(200);
      expect(plain.headers['content-encoding'], kind).toBeUndefined();
      expect(plain.headers.vary, kind).toMatch(/Accept-Encoding/);
      const etag = plain.headers.etag ?? '';
      expect(etag, kind).toMatch(/^"[^"]+"$/);
      for (const [accept, coding] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['br;q=0, gzip;q=0.5', 'gzip'], ['identity', undefined], ['*;q=0, identity', undefined]] as const) {
        const answer = await get(fn.url, path, { 'accept-encoding': accept });
        expect(answer.headers['content-encoding'], `${kind} ${accept}`).toBe(coding);
        expect(answer.headers.etag, `${kind} ${accept}`).toBe(coding ? etag.replace(/"$/, `-${coding}"`) : etag);
        expect(answer.headers.vary, `${kind} ${accept}`).toMatch(/Accept-Encoding/);
        if (coding || answer.headers['content-length']) expect(Number(answer.headers['content-length']), `${kind} ${accept}`).toBe(answer.body.length);
        expect(decoded(answer), `${kind} ${accept}`).toBe(plain.body.toString());
        if (coding) expect(answer.body.length, `${kind} ${accept}`).toBeLessThan(plain.body.length / 2);
      }
    }
  });

  it('answers 304 to the tag of any coding, naming the one the client holds; HEAD sends the GET\'s headers', async () => {
    for (const [kind, path] of pages) {
      const br = await get(fn.url, path, { 'accept-encoding': 'br' });
      const head = await get(fn.url, path, { 'accept-encoding': 'br' }, 'HEAD');
      expect(head.body.length, kind).toBe(0);
      expect(head.headers['content-encoding'], kind).toBe('br');
      expect(head.headers['content-length'], kind).toBe(br.headers['content-length']);
      for (const [held, accept] of [[br.headers.etag, 'br'], [br.headers.etag?.replace(/-br"$/, '"'), 'gzip']] as const) {
        const revalidated = await get(fn.url, path, { 'accept-encoding': accept, 'if-none-match': held ?? '' });
        expect(revalidated.status, `${kind} ${held}`).toBe(304);
        expect(revalidated.body.length, kind).toBe(0);
      }
      const again = await get(fn.url, path, { 'accept-encoding': 'br', 'if-none-match': br.headers.etag ?? '' });
      expect(again.headers.etag, kind).toBe(br.headers.etag);
    }
  });

  it('leaves small and binary responses alone', async () => {
    for (const path of ['/robots.txt', '/logo.png']) {
      const answer = await get(fn.url, path, { 'accept-encoding': 'br, gzip' });
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-encoding'], path).toBeUndefined();
    }
  });

  it('through the CDN, every client gets the coding it accepts, from the cache after the first fetch', async () => {
    const clients = [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['', undefined], ['br', 'br']] as const;
    for (const [kind, path] of pages) {
      let plain = '';
      for (const round of [0, 1]) {
        for (const [accept, coding] of clients) {
          const answer = await get(cdn.url, path, accept ? { 'accept-encoding': accept } : {});
          expect(answer.status, `${kind} ${accept}`).toBe(200);
          expect(answer.headers['content-encoding'], `${kind} [${accept}] round ${round}`).toBe(coding);
          plain ||= decoded(answer);
          expect(decoded(answer), `${kind} ${accept}`).toBe(plain);
          if (round === 1) expect(answer.headers['x-cache'], `${kind} ${accept}`).toBe('HIT');
        }
      }
    }
  });
});
