import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SharedNote, ShareVersion } from '../notes/types';
import { createNoteFastPath, createNoteReplay, notePageKey } from './note-fast-path';
import { PageCache, type CachedResponse } from './page-cache';

const ID = 'AbCdEfGhIjKlMnOpQrStUv';
const PATH = `/s/${ID}/hello`;
const note = (overrides: Partial<SharedNote> = {}): SharedNote => ({
  shareId: ID, state: 'indexable', title: 'Hello', enml: '', created: null, updated: '2026-01-01T00:00:00.000Z', authorName: null,
  notebook: null, notebookShareId: null, tags: [], lang: 'en', resources: [], version: '1.1', changedAt: null, ...overrides,
});

function request(url: string, method = 'GET', headers: Record<string, string> = {}): { req: IncomingMessage; res: ServerResponse; written: () => { status: number; headers: Record<string, unknown>; body: string } } {
  const req = new IncomingMessage(new Socket());
  Object.assign(req, { url, method, headers });
  const res = new ServerResponse(req);
  let body = '';
  let status = 0;
  let head: Record<string, unknown> = {};
  res.writeHead = ((code: number, h: Record<string, unknown>) => { status = code; head = h; return res; }) as ServerResponse['writeHead'];
  res.end = ((chunk?: Buffer | string) => { if (chunk) body = chunk.toString(); return res; }) as ServerResponse['end'];
  return { req, res, written: () => ({ status, headers: head, body }) };
}

function setup(found: SharedNote | null | Error = note(), isSync = false) {
  const cache = new PageCache<CachedResponse>(10, 1_000_000);
  const fastPath = createNoteFastPath({
    cache,
    getVersion: () => {
      if (isSync && found instanceof Error) throw found;
      if (isSync) return found as SharedNote | null;
      return found instanceof Error ? Promise.reject(found) : Promise.resolve(found);
    },
    validators: (n) => ({ etag: `"${n.version}"`, lastModified: n.updated ? new Date(n.updated) : null }),
  });
  cache.set(notePageKey(PATH, '"1.1"'), { headers: { 'content-type': 'text/html; charset=utf-8', etag: '"1.1"', 'x-frame-options': 'DENY' }, body: Buffer.from('<html>cached</html>') });
  return fastPath;
}

describe('note fast path', () => {
  it('answers a rendered, current version from the cache with the original headers', async () => {
    const { req, res, written } = request(PATH);
    expect(await setup()(req, res)).toBe(true);
    expect(written()).toEqual({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', etag: '"1.1"', 'x-frame-options': 'DENY', 'content-length': '19' }, body: '<html>cached</html>' });
  });

  it('answers 304 to a matching If-None-Match, without a body or content type', async () => {
    const { req, res, written } = request(PATH, 'GET', { 'if-none-match': '"1.1"' });
    expect(await setup()(req, res)).toBe(true);
    expect(written()).toEqual({ status: 304, headers: { etag: '"1.1"', 'x-frame-options': 'DENY' }, body: '' });
  });

  it('HEAD gets the headers only', async () => {
    const { req, res, written } = request(PATH, 'HEAD');
    expect(await setup()(req, res)).toBe(true);
    expect(written().body).toBe('');
  });

  it.each([
    ['a newer version (edited, re-shared or revoked-and-restored)', PATH, note({ version: '2.1' })],
    ['a revoked share', PATH, note({ state: 'revoked' })],
    ['an unknown note', PATH, null],
    ['a store failure (the page answers 503)', PATH, new Error('down')],
    ['a query string', `${PATH}?utm_source=x`, note()],
    ['a trailing slash', `${PATH}/`, note()],
    ['another route', '/explore', note()],
    ['a malformed share id', '/s/short/hello', note()],
  ])('leaves %s to the page', async (_name, url, found) => {
    const { req, res } = request(url);
    expect(await setup(found)(req, res)).toBe(false);
  });

  it('does not read the store for a page it holds no version of', () => {
    let reads = 0;
    const fastPath = createNoteFastPath({
      cache: new PageCache<CachedResponse>(10, 1_000_000),
      getVersion: () => {
        reads += 1;
        return note();
      },
      validators: (n) => ({ etag: `"${n.version}"`, lastModified: null }),
    });
    const { req, res } = request(PATH, 'GET', { 'if-none-match': '"1.1"' });
    expect(fastPath(req, res)).toBe(false);
    expect(reads).toBe(0);
  });

  describe('with a miss handler (the page rendering outside Next)', () => {
    function withMiss(found: SharedNote | null, cachedVersion: string | null) {
      const misses: string[] = [];
      const cache = new PageCache<CachedResponse>(10, 1_000_000);
      if (cachedVersion) cache.set(notePageKey(PATH, `"${cachedVersion}"`), { headers: { etag: `"${cachedVersion}"` }, body: Buffer.from('cached') });
      const fastPath = createNoteFastPath({
        cache,
        getVersion: () => found,
        validators: (n) => ({ etag: `"${n.version}"`, lastModified: null }),
        onMiss: (_req, _res, shareId) => {
          misses.push(shareId);
          return Promise.resolve(true);
        },
      });
      return { fastPath, misses };
    }

    it('hands it a page the cache holds no version of, without reading the version', async () => {
      const { fastPath, misses } = withMiss(null, null);
      const { req, res } = request(PATH);
      expect(await fastPath(req, res)).toBe(true);
      expect(misses).toEqual([ID]);
    });

    it('hands it a note whose new version is not cached yet', async () => {
      const { fastPath, misses } = withMiss(note({ version: '2.1' }), '1.1');
      const { req, res } = request(PATH);
      expect(await fastPath(req, res)).toBe(true);
      expect(misses).toEqual([ID]);
    });

    it('still replays a cached version, and leaves unknown or revoked notes and other URLs to the page', async () => {
      const cached = withMiss(note(), '1.1');
      const hit = request(PATH);
      expect(await cached.fastPath(hit.req, hit.res)).toBe(true);
      expect(hit.written().body).toBe('cached');
      expect(cached.misses).toEqual([]);
      for (const found of [null, note({ state: 'revoked' })]) {
        const { fastPath, misses } = withMiss(found, '1.1');
        const { req, res } = request(PATH);
        expect(await fastPath(req, res)).toBe(false);
        expect(misses).toEqual([]);
      }
      const other = withMiss(note(), null);
      const { req, res } = request(`${PATH}?utm_source=x`);
      expect(await other.fastPath(req, res)).toBe(false);
      expect(other.misses).toEqual([]);
    });
  });

  it('leaves other methods to the page', async () => {
    const { req, res } = request(PATH, 'POST');
    expect(await setup()(req, res)).toBe(false);
  });

  describe('with a store that answers synchronously', () => {
    it('answers 304 and cached pages without a promise', () => {
      const notModified = request(PATH, 'GET', { 'if-none-match': '"1.1"' });
      expect(setup(note(), true)(notModified.req, notModified.res)).toBe(true);
      expect(notModified.written().status).toBe(304);
      const ok = request(PATH);
      expect(setup(note(), true)(ok.req, ok.res)).toBe(true);
      expect(ok.written()).toMatchObject({ status: 200, body: '<html>cached</html>' });
    });

    it.each([
      ['a newer version', note({ version: '2.1' })],
      ['a revoked share', note({ state: 'revoked' })],
      ['an unknown note', null],
      ['a store that throws (the page answers 503)', new Error('down')],
    ])('leaves %s to the page', (_name, found) => {
      const { req, res } = request(PATH);
      expect(setup(found, true)(req, res)).toBe(false);
    });
  });

  it('replays the same headers every time, built once per cached page (not copied per request)', async () => {
    const fastPath = setup();
    const heads: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 3; i += 1) {
      const { req, res, written } = request(PATH, 'GET', { 'if-none-match': '"1.1"' });
      expect(await fastPath(req, res)).toBe(true);
      heads.push(written().headers);
    }
    expect(heads[0]).toEqual({ etag: '"1.1"', 'x-frame-options': 'DENY' });
    expect(heads[1]).toBe(heads[0]);
    expect(heads[2]).toBe(heads[0]);
  });

  describe('replay (the server entry tries it before touching the response)', () => {
    /** `found` as a function: a promise is made when the store is asked, as a store makes it. */
    function replaySetup(found: SharedNote | null | Error | (() => Promise<SharedNote>)) {
      const cache = new PageCache<CachedResponse>(10, 1_000_000);
      cache.set(notePageKey(PATH, '"1.1"'), { headers: { 'content-security-policy': "default-src 'none'", 'content-type': 'text/html; charset=utf-8', etag: '"1.1"' }, body: Buffer.from('<html>cached</html>') });
      return createNoteReplay({
        cache,
        getVersion: () => {
          if (found instanceof Error) throw found;
          return typeof found === 'function' ? found() : found;
        },
        validators: (n) => ({ etag: `"${n.version}"`, lastModified: null }),
      });
    }

    it.each([
      ['a cached page', PATH, 'GET', {}, 200, ['content-security-policy', "default-src 'none'", 'content-type', 'text/html; charset=utf-8', 'etag', '"1.1"', 'content-length', '19'], '<html>cached</html>'],
      ['a HEAD', PATH, 'HEAD', {}, 200, ['content-security-policy', "default-src 'none'", 'content-type', 'text/html; charset=utf-8', 'etag', '"1.1"', 'content-length', '19'], ''],
      ['a matching If-None-Match', PATH, 'GET', { 'if-none-match': '"1.1"' }, 304, ['content-security-policy', "default-src 'none'", 'etag', '"1.1"'], ''],
      ['a weak match in a list', PATH, 'GET', { 'if-none-match': '"0.9", W/"1.1"' }, 304, ['content-security-policy', "default-src 'none'", 'etag', '"1.1"'], ''],
    ])('answers %s with the whole header list, in order', (_name, url, method, headers, status, head, body) => {
      const { req, res, written } = request(url, method, headers);
      expect(replaySetup(note())(req, res)).toBe(true);
      expect(written()).toEqual({ status, headers: head, body });
    });

    it.each([
      ['a newer version', PATH, note({ version: '2.1' })],
      ['a revoked share', PATH, note({ state: 'revoked' })],
      ['an unknown note', PATH, null],
      ['a store that throws', PATH, new Error('down')],
      ['a store that must be awaited', PATH, () => Promise.resolve(note())],
      ['a store that will fail (no unhandled rejection)', PATH, () => Promise.reject(new Error('down'))],
      ['a query string', `${PATH}?from=timeline`, note()],
      ['an absolute-form target', `http://other.example${PATH}`, note()],
      ['a doubled slash', `/${PATH}`, note()],
      ['another route', '/explore', note()],
    ])('leaves %s alone, sending nothing', (_name, url, found) => {
      const { req, res, written } = request(url);
      expect(replaySetup(found)(req, res)).toBe(false);
      expect(written().status).toBe(0);
    });

    it('leaves other methods alone', () => {
      const { req, res, written } = request(PATH, 'POST');
      expect(replaySetup(note())(req, res)).toBe(false);
      expect(written().status).toBe(0);
    });
  });
  describe('compression (each encoding made once per cached version, kept beside the page)', () => {
    const PAGE = `<!DOCTYPE html><html><body>${'<p>Cached note text, long enough to be worth compressing.</p>'.repeat(60)}</body></html>`;

    function compressible() {
      const cache = new PageCache<CachedResponse>(10, 1_000_000);
      const key = notePageKey(PATH, '"1.1"');
      cache.set(key, { headers: { 'content-type': 'text/html; charset=utf-8', etag: '"1.1"', vary: 'Accept-Encoding' }, body: Buffer.from(PAGE) });
      const deps = { cache, getVersion: () => note(), validators: (n: ShareVersion) => ({ etag: `"${n.version}"`, lastModified: null }) };
      const fastPath = createNoteFastPath(deps);
      const replay = createNoteReplay(deps);
      const send = (headers: Record<string, string>, method = 'GET') => {
        const { req, res } = request(PATH, method, headers);
        let status = 0;
        let head: Record<string, unknown> = {};
        let body: Buffer = Buffer.alloc(0);
        res.writeHead = ((code: number, h: Record<string, unknown>) => { status = code; head = h; return res; }) as ServerResponse['writeHead'];
        res.end = ((chunk?: Buffer) => { if (chunk) body = chunk; return res; }) as ServerResponse['end'];
        expect(fastPath(req, res)).toBe(true);
        return { status, head, body };
      };
      return { cache, send, replay };
    }

    it('the replay sends the same variant as one flat header list', () => {
      const { send, replay } = compressible();
      const sent = send({ 'accept-encoding': 'gzip, br' });
      const { req, res } = request(PATH, 'GET', { 'accept-encoding': 'gzip, br' });
      let raw: unknown[] = [];
      let body: Buffer = Buffer.alloc(0);
      res.writeHead = ((_code: number, h: unknown[]) => { raw = h; return res; }) as ServerResponse['writeHead'];
      res.end = ((chunk?: Buffer) => { if (chunk) body = chunk; return res; }) as ServerResponse['end'];
      expect(replay(req, res)).toBe(true);
      expect(body).toBe(sent.body);
      expect(raw).toEqual(Object.entries(sent.head).flat());
      expect(raw).toContain('br');
    });

    it.each([
      ['br, gzip', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
      ['identity', undefined, (b: Buffer) => b],
    ])('Accept-Encoding %s gets %s, its own ETag and Vary', (accept, encoding, decode) => {
      const { send } = compressible();
      const { status, head, body } = send({ 'accept-encoding': accept });
      expect(status).toBe(200);
      expect(head['content-encoding']).toBe(encoding);
      expect(head.etag).toBe(encoding ? `"1.1-${encoding}"` : '"1.1"');
      expect(head.vary).toBe('Accept-Encoding');
      expect(head['content-length']).toBe(String(body.length));
      expect(decode(body).toString()).toBe(PAGE);
    });

    it('compresses once: the bytes are reused and counted in the cache budget', () => {
      const { cache, send } = compressible();
      const before = cache.size.bytes;
      const first = send({ 'accept-encoding': 'br' });
      const after = cache.size.bytes;
      expect(after - before).toBe(first.body.length);
      const second = send({ 'accept-encoding': 'br' });
      expect(second.body).toBe(first.body);
      expect(cache.size.bytes).toBe(after);
      expect(send({ 'accept-encoding': 'br' }, 'HEAD')).toMatchObject({ status: 200, head: { 'content-encoding': 'br', 'content-length': String(first.body.length) }, body: Buffer.alloc(0) });
    });

    it.each([
      ['"1.1-br"', 'br', '"1.1-br"'],
      ['"1.1"', 'br', '"1.1"'],
      ['"1.1-gzip"', 'gzip', '"1.1-gzip"'],
      ['W/"1.1-br"', 'br', '"1.1-br"'],
    ])('304 to If-None-Match %s (Accept-Encoding %s) names %s', (tag, accept, expected) => {
      const { send } = compressible();
      const { status, head, body } = send({ 'accept-encoding': accept, 'if-none-match': tag });
      expect(status).toBe(304);
      expect(head.etag).toBe(expected);
      expect(head['content-encoding']).toBeUndefined();
      expect(body.length).toBe(0);
    });
  });
});
